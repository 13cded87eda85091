//! Every case in `fixtures/sign/*.json` (expected values from hmac, cryptography,
//! rfc8785 and the RFCs; see fixtures/README.md).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{
    sign_json, signing_bytes, Algorithm, Encoding, Key, MemoryNonceStore, SignOptions, Signature, Verifier,
};
use canonsig::{Error, Options, Profile};
use common::{hex, repo_root};
use serde_json::Value as Json;

fn load(name: &str) -> Json {
    serde_json::from_slice(&std::fs::read(repo_root().join("fixtures/sign").join(name)).unwrap()).unwrap()
}

fn cases(doc: &Json) -> &Vec<Json> {
    doc["cases"].as_array().unwrap()
}

struct KeyBook(HashMap<String, Json>);

impl KeyBook {
    fn new() -> Self {
        let doc = load("keys.json");
        KeyBook(
            doc["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| (k["id"].as_str().unwrap().to_string(), k.clone()))
                .collect(),
        )
    }

    fn private(&self, id: &str) -> Key {
        let k = &self.0[id];
        let alg: Algorithm = k["algorithm"].as_str().unwrap().parse().unwrap();
        match k["secret_hex"].as_str() {
            Some(secret) => Key::hmac(alg, &hex(secret)).unwrap(),
            None => Key::from_pem(k["private_pem"].as_str().unwrap(), Some(alg)).unwrap(),
        }
    }

    /// A key given as a keys.json id or inline (`secret_hex`, `ed25519_seed_hex`).
    fn resolve(&self, key: &Json, alg: Algorithm) -> Key {
        if let Some(id) = key.as_str() {
            return self.private(id);
        }
        if let Some(secret) = key["secret_hex"].as_str() {
            return Key::hmac(alg, &hex(secret)).unwrap();
        }
        let seed = hex(key["ed25519_seed_hex"].as_str().unwrap());
        // RFC 8410 §7: the PKCS#8 form of an Ed25519 seed.
        let mut pkcs8 = hex("302e020100300506032b657004220420");
        pkcs8.extend(seed);
        let k = Key::from_pkcs8(Some(alg), &pkcs8).unwrap();
        assert_eq!(k.public_bytes().unwrap(), hex(key["public_hex"].as_str().unwrap()));
        k
    }
}

fn sign_options(options: &Json) -> SignOptions {
    let mut o = SignOptions::default();
    if let Some(p) = options.get("profile").and_then(Json::as_str) {
        o = o.profile(p.parse::<Profile>().unwrap());
    }
    if let Some(t) = options.get("created").and_then(Json::as_u64) {
        o = o.created(t);
    }
    if let Some(t) = options.get("expires").and_then(Json::as_u64) {
        o = o.expires(t);
    }
    if let Some(n) = options.get("nonce").and_then(Json::as_str) {
        o = o.nonce(n);
    }
    o
}

fn verifier_for(key: Key, spec: Option<&Json>) -> Verifier {
    let mut v = Verifier::new(vec![key]);
    if let Some(spec) = spec {
        if let Some(now) = spec.get("now").and_then(Json::as_u64) {
            v = v.clock(move || now);
        }
        if let Some(t) = spec.get("tolerance").and_then(Json::as_u64) {
            v = v.tolerance(Duration::from_secs(t));
        }
        if spec.get("nonce_store") == Some(&Json::Bool(true)) {
            v = v.nonce_store(Arc::new(MemoryNonceStore::default()));
        }
    }
    v
}

#[test]
fn keys_load_in_every_form_and_agree() {
    let book = KeyBook::new();
    for (id, k) in &book.0 {
        let alg: Algorithm = k["algorithm"].as_str().unwrap().parse().unwrap();
        if alg.is_hmac() {
            let from_hex = Key::hmac(alg, &hex(k["secret_hex"].as_str().unwrap())).unwrap();
            let from_b64 = Key::hmac_from_text(alg, k["secret_b64url"].as_str().unwrap(), Encoding::Base64Url).unwrap();
            assert_eq!(from_hex.sign(b"x").unwrap(), from_b64.sign(b"x").unwrap(), "{id}");
            continue;
        }
        let private = book.private(id);
        let public = Key::from_pem(k["public_pem"].as_str().unwrap(), Some(alg)).unwrap();
        let private_jwk = Key::from_jwk(&k["private_jwk"].to_string(), Some(alg)).unwrap();
        let public_jwk = Key::from_jwk(&k["public_jwk"].to_string(), Some(alg)).unwrap();
        let thumbprint = k["thumbprint"].as_str().unwrap();
        for (form, key) in [
            ("private pem", &private),
            ("public pem", &public),
            ("private jwk", &private_jwk),
            ("public jwk", &public_jwk),
        ] {
            assert_eq!(key.thumbprint().unwrap(), thumbprint, "{id} {form}");
            assert_eq!(
                key.key_id(),
                thumbprint,
                "{id} {form}: the default key id is the thumbprint"
            );
            assert_eq!(
                key.public_bytes().unwrap(),
                public.public_bytes().unwrap(),
                "{id} {form}"
            );
        }
        // Our SPKI export is byte-equal to cryptography's (Ed25519 and EC have no NULL
        // parameters, RSA has one).
        assert_eq!(private.public_pem().unwrap(), k["public_pem"].as_str().unwrap(), "{id}");
        // Our exported public JWK carries the same key members as cryptography's.
        let ours: Json = serde_json::from_str(&private.public_jwk().unwrap()).unwrap();
        for (member, value) in k["public_jwk"].as_object().unwrap() {
            assert_eq!(&ours[member], value, "{id}: public JWK member {member}");
        }
        public.verify(b"m", &private_jwk.sign(b"m").unwrap()).unwrap();
    }
}

#[test]
fn raw_signatures() {
    let book = KeyBook::new();
    let doc = load("raw.json");
    let mut ran = 0;
    for case in cases(&doc) {
        let id = case["id"].as_str().unwrap();
        let alg: Algorithm = case["algorithm"].as_str().unwrap().parse().unwrap();
        let key = book.resolve(&case["key"], alg);
        let message = hex(case["message_hex"].as_str().unwrap());
        let signature = hex(case["signature_hex"].as_str().unwrap());
        key.verify(&message, &signature).unwrap_or_else(|e| panic!("{id}: {e}"));
        if case["deterministic"] == true {
            assert_eq!(key.sign(&message).unwrap(), signature, "{id}");
        } else {
            key.verify(&message, &key.sign(&message).unwrap()).unwrap();
        }
        ran += 1;
    }
    assert_eq!(ran, cases(&doc).len());
    assert!(ran >= 38);
}

#[test]
fn signed_json_payloads() {
    let book = KeyBook::new();
    let doc = load("json.json");
    let mut ran = 0;
    for case in cases(&doc) {
        let id = case["id"].as_str().unwrap();
        let key_id = case["key_id"].as_str().unwrap();
        let key = || book.private(case["key"].as_str().unwrap()).with_key_id(key_id);
        let payload = case["payload"].as_str().unwrap().as_bytes();
        let options = sign_options(&case["options"]);
        let ours = sign_json(payload, &key(), &options).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(
            String::from_utf8(signing_bytes(payload, &ours, &Options::default()).unwrap()).unwrap(),
            case["signing_bytes"].as_str().unwrap(),
            "{id}: signed bytes"
        );
        if case["deterministic"] == true {
            assert_eq!(
                ours.encoded(Encoding::Base64Url),
                case["signature_b64url"].as_str().unwrap(),
                "{id}"
            );
            assert_eq!(
                ours.encoded(Encoding::Base64),
                case["signature_b64"].as_str().unwrap(),
                "{id}"
            );
            assert_eq!(
                ours.encoded(Encoding::Hex),
                case["signature_hex"].as_str().unwrap(),
                "{id}"
            );
            assert_eq!(ours.to_header(), case["header"].as_str().unwrap(), "{id}: header");
        }
        let verifier = verifier_for(key(), case.get("verifier"));
        verifier
            .verify_json(payload, &ours)
            .unwrap_or_else(|e| panic!("{id}: own signature: {e}"));
        let header = Signature::parse(case["header"].as_str().unwrap(), Encoding::Base64Url).unwrap();
        verifier
            .verify_json(payload, &header)
            .unwrap_or_else(|e| panic!("{id}: header: {e}"));
        // The bare value, with the parameters the signer used.
        let mut bare = Signature::from_encoded(case["signature_hex"].as_str().unwrap(), Encoding::Hex).unwrap();
        bare.key_id = key_id.to_string();
        bare.created = options.created;
        bare.expires = options.expires;
        bare.nonce = options.nonce.clone();
        bare.profile = options.canon.profile;
        verifier
            .verify_json(payload, &bare)
            .unwrap_or_else(|e| panic!("{id}: bare: {e}"));
        ran += 1;
    }
    assert_eq!(ran, cases(&doc).len());
    assert!(ran >= 62);
}

fn run_error_case(book: &KeyBook, case: &Json) -> Result<(), Error> {
    let input = &case["input"];
    let alg = || -> Result<Algorithm, Error> { input["algorithm"].as_str().unwrap().parse() };
    match case["call"].as_str().unwrap() {
        "algorithm_from_name" => input["name"].as_str().unwrap().parse::<Algorithm>().map(|_| ()),
        "hmac_key" => Key::hmac(alg()?, &hex(input["secret_hex"].as_str().unwrap())).map(|_| ()),
        "key_from_pem" => Key::from_pem(input["pem"].as_str().unwrap(), Some(alg()?)).map(|_| ()),
        "key_from_jwk" => {
            let jwk = match &input["jwk"] {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            Key::from_jwk(&jwk, Some(alg()?)).map(|_| ())
        }
        "verify_raw" => {
            let key = book.resolve(&input["key"], alg()?);
            let encoding: Encoding = input["encoding"].as_str().unwrap().parse()?;
            let signature = encoding.decode(input["signature"].as_str().unwrap(), "signature")?;
            key.verify(&hex(input["message_hex"].as_str().unwrap()), &signature)
        }
        "verify_json" => {
            let key_id = input["key_id"].as_str().unwrap();
            let key = book.private(input["key"].as_str().unwrap()).with_key_id(key_id);
            let verifier = verifier_for(key, input.get("verifier"));
            let payload = input["payload"].as_str().unwrap().as_bytes();
            let signature = match input["header"].as_str() {
                Some(header) => Signature::parse(header, Encoding::Base64Url)?,
                None => {
                    let encoding: Encoding = input["encoding"].as_str().unwrap_or("base64url").parse()?;
                    let mut s = Signature::from_encoded(input["signature"].as_str().unwrap(), encoding)?;
                    let o = sign_options(&input["options"]);
                    s.key_id = key_id.to_string();
                    (s.created, s.expires, s.nonce, s.profile) = (o.created, o.expires, o.nonce, o.canon.profile);
                    s
                }
            };
            let repeat = case.get("repeat").and_then(Json::as_u64).unwrap_or(1);
            for _ in 1..repeat {
                verifier.verify_json(payload, &signature)?;
            }
            verifier.verify_json(payload, &signature).map(|_| ())
        }
        other => panic!("unknown call {other}"),
    }
}

#[test]
fn errors_name_the_right_code() {
    let book = KeyBook::new();
    let doc = load("errors.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let id = case["id"].as_str().unwrap();
        let result = run_error_case(&book, case);
        match (&case["error"]["code"], result) {
            (Json::String(code), Err(e)) if e.code().as_str() == code => {}
            (Json::String(code), other) => failures.push(format!("{id}: expected {code}, got {other:?}")),
            (_, Ok(())) if case["ok"] == true => {}
            (_, other) => failures.push(format!("{id}: expected success, got {other:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases(&doc).len() >= 82);
}
