//! `fixtures/schemes/`: the request-signing conformance suite, every case through the
//! core's public API (the same cases run in the CLI, Python, Node and Chromium). Expected
//! values come from independent implementations (see fixtures/schemes/README.md).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use canonsig::scheme::aws::{Credentials, Payload, Settings, SigV4Verifier, Signer};
use canonsig::scheme::http::{
    signature_base, verify_content_digest, AlgParam, Covered, Created, DigestAlgorithm, DigestPolicy, Expires,
    HttpSigner, HttpVerifier, KeyIdParam, Message, Nonce, Params, SignatureInput,
};
use canonsig::scheme::webhook::{Delivery, Provider, Webhook};
use canonsig::scheme::{Request, Response};
use canonsig::sign::{Algorithm, Encoding, Key};
use canonsig::Error;
use common::{hex, repo_root, shared_vectors};
use serde_json::Value as Json;

/// Every case of `fixtures/schemes/<file>.json`.
fn cases(file: &str) -> Vec<Json> {
    let path = repo_root().join("fixtures/schemes").join(format!("{file}.json"));
    let doc: Json = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn s<'a>(case: &'a Json, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no string {key}", case["id"]))
}

fn body(case: &Json) -> Vec<u8> {
    match (case["body"].as_str(), case["body_hex"].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(h)) => hex(h),
        (None, None) => Vec::new(),
    }
}

/// Compares an outcome with the case's `expected` (by `check`) or `error.code`.
fn conclude<T>(case: &Json, outcome: Result<T, Error>, check: impl FnOnce(T, &Json)) {
    let id = &case["id"];
    match (outcome, case.get("error")) {
        (Ok(value), None) => check(value, &case["expected"]),
        (Err(e), Some(error)) => assert_eq!(e.code().as_str(), error["code"].as_str().unwrap(), "{id}: {e}"),
        (Ok(_), Some(error)) => panic!("{id}: expected error {}, got success", error["code"]),
        (Err(e), None) => panic!("{id}: unexpected error {}: {e}", e.code()),
    }
}

// --- messages and keys ------------------------------------------------------------------

fn request_from(case: &Json, field: &str) -> Request {
    let bytes = match (case[field].as_str(), case[&format!("{field}_hex")].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(h)) => hex(h),
        (None, None) => panic!("{}: no {field}", case["id"]),
    };
    let req = Request::parse_http(&bytes).unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
    match case["scheme"].as_str() {
        Some(scheme) => req.with_scheme(scheme),
        None => req,
    }
}

enum Msg {
    Request(Request),
    Response(Response, Option<Request>),
}

impl Msg {
    fn of(case: &Json) -> Msg {
        match case["response"].as_str() {
            Some(text) => {
                let related = case
                    .get("related_request")
                    .map(|_| request_from(case, "related_request"));
                Msg::Response(Response::parse_http(text.as_bytes()).unwrap(), related)
            }
            None => Msg::Request(request_from(case, "request")),
        }
    }

    fn message(&self) -> Message<'_> {
        match self {
            Msg::Request(r) => Message::Request(r),
            Msg::Response(r, related) => Message::Response {
                response: r,
                request: related.as_ref(),
            },
        }
    }
}

/// A key named as the fixtures name them: `k-...` in fixtures/sign/keys.json, or
/// `rfc9421:<keyid>` in ../shared/vectors/rfc9421/keys.json; private for signing.
fn key(name: &str, private: bool) -> Key {
    if let Some(keyid) = name.strip_prefix("rfc9421:") {
        let dir = shared_vectors("rfc9421").expect("../shared/vectors/rfc9421 is needed by fixtures/schemes");
        let doc: Json = serde_json::from_slice(&std::fs::read(dir.join("keys.json")).unwrap()).unwrap();
        let entry = &doc["keys"][keyid];
        let alg: Algorithm = entry["algs"][0].as_str().unwrap().parse().unwrap();
        let key = match entry["secret_base64"].as_str() {
            Some(secret) => Key::hmac_from_text(alg, secret, Encoding::Base64).unwrap(),
            None => {
                let pem = entry[if private { "pem_private" } else { "pem_public" }]
                    .as_str()
                    .unwrap();
                Key::from_pem(pem, Some(alg)).unwrap()
            }
        };
        return key.with_key_id(keyid);
    }
    let doc: Json =
        serde_json::from_slice(&std::fs::read(repo_root().join("fixtures/sign/keys.json")).unwrap()).unwrap();
    let entry = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == name)
        .unwrap();
    let alg: Algorithm = entry["algorithm"].as_str().unwrap().parse().unwrap();
    let key = match entry["secret_hex"].as_str() {
        Some(secret) => Key::hmac(alg, &hex(secret)).unwrap(),
        None => {
            let pem = entry[if private { "private_pem" } else { "public_pem" }]
                .as_str()
                .unwrap();
            Key::from_pem(pem, Some(alg)).unwrap()
        }
    };
    key.with_key_id(name)
}

fn header_pairs(lines: &[canonsig::scheme::Header]) -> Vec<(String, String)> {
    lines.iter().map(|h| (h.name.clone(), h.value.clone())).collect()
}

fn expected_pairs(value: &Json) -> Vec<(String, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
        .collect()
}

// --- RFC 9421 ---------------------------------------------------------------------------

fn http_signer(case: &Json) -> Result<HttpSigner, Error> {
    let o = &case["options"];
    let mut signer = HttpSigner::new();
    if let Some(label) = o["label"].as_str() {
        signer = signer.label(label);
    }
    signer = match &o["components"] {
        Json::Null => signer,
        Json::String(inner) => signer.covered(Covered::Input(SignatureInput::parse(inner)?)),
        list => {
            let names: Vec<&str> = list.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            signer.components(&names)?
        }
    };
    if let Some(digest) = o.get("content_digest") {
        signer = signer.content_digest(match digest.as_str() {
            None => DigestPolicy::Off,
            Some(name) => DigestPolicy::WhenBody(DigestAlgorithm::from_name(name).unwrap()),
        });
    }
    signer = match &o["created"] {
        Json::Null => signer,
        Json::Bool(false) => signer.created(Created::Omit),
        v => signer.created(Created::At(v.as_i64().unwrap())),
    };
    signer = match &o["keyid"] {
        Json::Null => signer,
        Json::Bool(false) => signer.keyid(KeyIdParam::Omit),
        v => signer.keyid(KeyIdParam::Value(v.as_str().unwrap().into())),
    };
    signer = match &o["alg"] {
        Json::Null => signer,
        Json::Bool(true) => signer.alg(AlgParam::FromKey),
        v => signer.alg(AlgParam::Named(v.as_str().unwrap().into())),
    };
    if let Some(t) = o["expires"].as_i64() {
        signer = signer.expires(Expires::At(t));
    }
    if let Some(secs) = o["expires_in"].as_u64() {
        signer = signer.expires(Expires::After(secs));
    }
    if let Some(nonce) = o["nonce"].as_str() {
        signer = signer.nonce(Nonce::Value(nonce.into()));
    }
    Ok(signer.tag(o["tag"].as_str().map(String::from)))
}

fn rfc9421_sign(case: &Json) {
    let msg = Msg::of(case);
    let key = key(s(case, "key"), true);
    let now = case["now"].as_u64().unwrap();
    let outcome = http_signer(case).and_then(|signer| signer.sign_at(msg.message(), &key, now));
    conclude(case, outcome, |signed, expected| {
        let id = &case["id"];
        assert_eq!(signed.label, s(expected, "label"), "{id}");
        assert_eq!(signed.signature_input, s(expected, "signature_input"), "{id}");
        assert_eq!(signed.signature_base, s(expected, "signature_base"), "{id}");
        let mut lines = header_pairs(&signed.headers);
        match expected["signature"].as_str() {
            Some(sig) => assert_eq!(signed.signature, sig, "{id}"),
            None => {
                // Randomized (ECDSA, RSA-PSS): the signature must verify over the expected base.
                key.public_key()
                    .unwrap()
                    .verify(signed.signature_base.as_bytes(), &signed.signature_bytes)
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                lines.retain(|(n, _)| n != "Signature");
            }
        }
        assert_eq!(lines, expected_pairs(&expected["headers"]), "{id}");
    });
}

fn rfc9421_verify(case: &Json) {
    let msg = Msg::of(case);
    let keys: Vec<Key> = case["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| key(k.as_str().unwrap(), false))
        .collect();
    let p = &case["policy"];
    let mut verifier = HttpVerifier::new(keys);
    if let Some(skew) = p["clock_skew"].as_u64() {
        verifier = verifier.clock_skew(skew);
    }
    if let Some(age) = p["max_age"].as_u64() {
        verifier = verifier.max_age(age);
    }
    if let Some(b) = p["require_created"].as_bool() {
        verifier = verifier.require_created(b);
    }
    if let Some(b) = p["require_expires"].as_bool() {
        verifier = verifier.require_expires(b);
    }
    if let Some(b) = p["check_content_digest"].as_bool() {
        verifier = verifier.check_content_digest(b);
    }
    if let Some(list) = p["required_components"].as_array() {
        let names: Vec<&str> = list.iter().map(|c| c.as_str().unwrap()).collect();
        verifier = verifier.require_components(&names).unwrap();
    }
    let outcome = verifier.verify_at(msg.message(), p["label"].as_str(), case["now"].as_u64().unwrap());
    conclude(case, outcome, |ok, expected| {
        let id = &case["id"];
        assert_eq!(ok.label, s(expected, "label"), "{id}");
        assert_eq!(ok.key_id, s(expected, "key_id"), "{id}");
        assert_eq!(ok.algorithm.name(), s(expected, "algorithm"), "{id}");
        let components: Vec<String> = ok.input.components.iter().map(ToString::to_string).collect();
        let wanted: Vec<&str> = expected["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(components, wanted, "{id}");
        assert_eq!(ok.signature_base, s(expected, "signature_base"), "{id}");
    });
}

fn rfc9421_base(case: &Json) {
    let msg = Msg::of(case);
    let p = &case["params"];
    let params = Params {
        created: p["created"].as_i64(),
        keyid: p["keyid"].as_str().map(String::from),
        alg: p["alg"].as_str().map(String::from),
        expires: p["expires"].as_i64(),
        nonce: p["nonce"].as_str().map(String::from),
        tag: p["tag"].as_str().map(String::from),
    };
    let covered = match &case["components"] {
        Json::String(inner) => SignatureInput::parse(inner).map(Covered::Input),
        list => Covered::parse(
            &list
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect::<Vec<_>>(),
        ),
    };
    let outcome = covered.and_then(|covered| {
        let input = SignatureInput::build(msg.message(), &covered, &params);
        signature_base(msg.message(), &input)
    });
    conclude(case, outcome, |base, expected| {
        assert_eq!(base, s(expected, "signature_base"), "{}", case["id"]);
    });
}

#[test]
fn rfc9421() {
    let mut ran = BTreeMap::new();
    let all = cases("rfc9421");
    for case in &all {
        match s(case, "op") {
            "sign" => rfc9421_sign(case),
            "verify" => rfc9421_verify(case),
            "signature_base" => rfc9421_base(case),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
        *ran.entry(s(case, "op").to_string()).or_insert(0) += 1;
    }
    assert_eq!(ran.values().sum::<usize>(), all.len());
    eprintln!("fixtures/schemes/rfc9421.json: ran {ran:?}");
}

// --- Content-Digest ---------------------------------------------------------------------

#[test]
fn content_digest() {
    let all = cases("content_digest");
    for case in &all {
        let body = body(case);
        match s(case, "op") {
            "content_digest" => {
                let algs: Vec<DigestAlgorithm> = case["algorithms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| DigestAlgorithm::from_name(a.as_str().unwrap()).unwrap())
                    .collect();
                let value = canonsig::scheme::http::content_digest(&body, &algs);
                assert_eq!(value, s(&case["expected"], "value"), "{}", case["id"]);
            }
            "verify_content_digest" => conclude(case, verify_content_digest(s(case, "value"), &body), |algs, e| {
                let names: Vec<&str> = algs.iter().map(|a| a.name()).collect();
                let wanted: Vec<&str> = e["algorithms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect();
                assert_eq!(names, wanted, "{}", case["id"]);
            }),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
    }
    eprintln!("fixtures/schemes/content_digest.json: ran {}", all.len());
}

// --- SigV4 ------------------------------------------------------------------------------

fn aws_settings(case: &Json, presign: bool) -> Settings {
    match case["settings"].as_str() {
        Some("s3") if presign => Settings {
            payload: Payload::Unsigned,
            ..Settings::s3()
        },
        Some("s3") => Settings::s3(),
        _ => Settings::default(),
    }
}

fn sigv4_sign(case: &Json, presign: bool) {
    let req = request_from(case, "request");
    let c = &case["credentials"];
    let mut creds = Credentials::new(s(c, "access_key_id"), s(c, "secret_access_key"));
    if let Some(token) = c["session_token"].as_str() {
        creds = creds.with_session_token(token);
    }
    let v4a = case["algorithm"].as_str() == Some("sigv4a");
    let signer = if v4a {
        Signer::new_v4a(creds, s(case, "region"), s(case, "service")).unwrap()
    } else {
        Signer::new(creds, s(case, "region"), s(case, "service"))
    }
    .settings(aws_settings(case, presign));
    let time = case["time"].as_u64().unwrap();
    let outcome = if presign {
        signer.presign(&req, time, case["expires"].as_u64().unwrap())
    } else {
        signer.sign(&req, time)
    };
    conclude(case, outcome, |signed, e| {
        let id = &case["id"];
        assert_eq!(signed.canonical_request, s(e, "canonical_request"), "{id}");
        assert_eq!(signed.string_to_sign, s(e, "string_to_sign"), "{id}");
        assert_eq!(signed.signed_headers, s(e, "signed_headers"), "{id}");
        if let Some(sig) = e["signature"].as_str() {
            assert_eq!(signed.signature, sig, "{id}");
        }
        if let Some(auth) = e["authorization"].as_str() {
            assert_eq!(signed.authorization.as_deref(), Some(auth), "{id}");
        }
        if let Some(url) = e["url"].as_str() {
            assert_eq!(signed.url().unwrap(), url, "{id}");
        }
        if let Some(lines) = e.get("headers") {
            let mut got = header_pairs(&signed.headers);
            if v4a {
                got.retain(|(n, _)| n != "Authorization");
            }
            assert_eq!(got, expected_pairs(lines), "{id}");
        }
    });
}

fn sigv4_verify(case: &Json) {
    let req = request_from(case, "request");
    let creds: Vec<Credentials> = case["credentials"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, secret)| Credentials::new(id.as_str(), secret.as_str().unwrap()))
        .collect();
    let verifier = SigV4Verifier::new(creds).settings(aws_settings(case, false));
    conclude(
        case,
        verifier.verify_at(&req, case["now"].as_u64().unwrap()),
        |ok, e| {
            let id = &case["id"];
            assert_eq!(ok.access_key_id, s(e, "access_key_id"), "{id}");
            assert_eq!(ok.region, s(e, "region"), "{id}");
            assert_eq!(ok.service, s(e, "service"), "{id}");
            assert_eq!(ok.signed_headers.join(";"), s(e, "signed_headers"), "{id}");
        },
    );
}

#[test]
fn sigv4() {
    let all = cases("sigv4");
    for case in &all {
        match s(case, "op") {
            "sign" => sigv4_sign(case, false),
            "presign" => sigv4_sign(case, true),
            "verify" => sigv4_verify(case),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
    }
    eprintln!("fixtures/schemes/sigv4.json: ran {}", all.len());
}

// --- webhooks ---------------------------------------------------------------------------

fn webhook(case: &Json) -> Result<Webhook, Error> {
    let provider: Provider = s(case, "provider").parse()?;
    let hook = Webhook::new(provider, s(case, "secret"))?;
    Ok(match case["tolerance"].as_u64() {
        Some(secs) => hook.tolerance(Duration::from_secs(secs)),
        None => hook,
    })
}

fn verified_matches(case: &Json, ok: canonsig::scheme::webhook::WebhookVerified, e: &Json) {
    let id = &case["id"];
    assert_eq!(ok.provider, s(case, "provider"), "{id}");
    assert_eq!(ok.timestamp, e["timestamp"].as_u64(), "{id}");
    let payload = match e["signed_payload"].as_str() {
        Some(text) => text.as_bytes().to_vec(),
        None => hex(s(e, "signed_payload_hex")),
    };
    assert_eq!(ok.signed_payload, payload, "{id}");
    assert_eq!(ok.matched_signature, s(e, "matched_signature"), "{id}");
}

#[test]
fn webhooks() {
    let all = cases("webhooks");
    for case in &all {
        let id = &case["id"];
        match s(case, "op") {
            "sign" => {
                let body = body(case);
                let params: Vec<(String, String)> = case["params"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                let delivery = Delivery {
                    body: &body,
                    timestamp: case["timestamp"].as_u64(),
                    msg_id: case["msg_id"].as_str(),
                    url: case["url"].as_str(),
                    params: &params,
                };
                let outcome = webhook(case).and_then(|h| h.sign_at(&delivery, 0));
                conclude(case, outcome, |signed, e| {
                    match e.get("headers") {
                        Some(h) => assert_eq!(header_pairs(&signed.headers), expected_pairs(h), "{id}"),
                        None => assert_eq!(signed.signature, s(e, "signature"), "{id}"),
                    }
                    let payload = signed.signed_payload;
                    let wanted = match e["signed_payload"].as_str() {
                        Some(text) => text.as_bytes().to_vec(),
                        None => hex(s(e, "signed_payload_hex")),
                    };
                    assert_eq!(payload, wanted, "{id}");
                });
            }
            "verify" => {
                let headers = expected_pairs(&case["headers"]);
                let body = body(case);
                let now = case["now"].as_u64().unwrap();
                let outcome = webhook(case).and_then(|h| h.verify_at(&headers, &body, now));
                conclude(case, outcome, |ok, e| verified_matches(case, ok, e));
            }
            "verify_request" => {
                let req = request_from(case, "request");
                let now = case["now"].as_u64().unwrap();
                let outcome = webhook(case).and_then(|h| h.verify_request_at(&req, now));
                conclude(case, outcome, |ok, e| verified_matches(case, ok, e));
            }
            other => panic!("{id}: unknown op {other}"),
        }
    }
    eprintln!("fixtures/schemes/webhooks.json: ran {}", all.len());
}
