//! Secrets and verification safety across the schemes (sign_policy.rs covers signed JSON
//! and its keys; cli/tests/secrets.rs the CLI): known secrets are used to sign and verify,
//! then every output (Debug and Display of every type that holds or touches a key, errors,
//! results, forensics) is searched for them; and each way to get a forgery accepted
//! (algorithm confusion, empty keys, empty or truncated MACs, another key's id, timestamps at
//! and past the tolerance, clock skew both ways) is refused with the right code.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use canonsig::diff::{explain, forensics};
use canonsig::scheme::aws::{signed_parts, Credentials, Settings, SigV4Verifier, Signer};
use canonsig::scheme::http::{sign, HttpVerifier, Message, SignatureInput};
use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio};
use canonsig::scheme::Request;
use canonsig::sign::{sign_json, Algorithm, Encoding, Key, SignOptions, Signature, Verifier};
use canonsig::{Error, ErrorCode};

const HMAC_SECRET: &[u8] = b"LEAK-CHECK hmac secret 0123456789";
const AWS_SECRET: &str = "LEAKCHECKawsSECRETkey0123456789abcdefghij";
const WEBHOOK_SECRET: &str = "LEAKCHECK-webhook-secret-0123456789";
/// `whsec_` + base64 of 24 bytes (Standard Webhooks keys are base64).
const STANDARD_SECRET_BYTES: &[u8] = b"LEAKCHECK standard key!!";
const T: u64 = 1_700_000_000;

/// Every 16-character window of the secret's raw, hex (both cases), base64 and base64url
/// forms, at the three base64 alignments: a partial leak is a leak.
fn needles(secret: &[u8]) -> Vec<String> {
    let mut forms = vec![
        String::from_utf8_lossy(secret).into_owned(),
        Encoding::Hex.encode(secret),
        Encoding::Hex.encode(secret).to_uppercase(),
    ];
    for skip in 0..3 {
        let tail = &secret[skip.min(secret.len())..];
        forms.push(Encoding::Base64.encode(tail).trim_end_matches('=').to_string());
        forms.push(Encoding::Base64Url.encode(tail));
    }
    let mut out = Vec::new();
    for form in forms {
        // Base64 of a shifted tail: drop the first characters, which the shift changes.
        let chars: Vec<char> = form.chars().collect();
        for w in chars.windows(16.min(chars.len())) {
            out.push(w.iter().collect());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn assert_no_leak(secrets: &[Vec<u8>], outputs: &[String]) {
    let all: Vec<String> = secrets.iter().flat_map(|s| needles(s)).collect();
    for out in outputs {
        for n in &all {
            assert!(!out.contains(n.as_str()), "a secret ({n}) leaked in: {out}");
        }
    }
}

fn show<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?} {v:#?}")
}

fn show_err<T: std::fmt::Debug>(r: &Result<T, Error>) -> String {
    match r {
        Ok(v) => show(v),
        Err(e) => format!("{e} {e:?} {:?}", e.signed_bytes().map(String::from_utf8_lossy)),
    }
}

fn hmac_key(id: &str) -> Key {
    Key::hmac(Algorithm::HmacSha256, HMAC_SECRET).unwrap().with_key_id(id)
}

/// The secret parts of an asymmetric key, from its private JWK.
fn private_parts(key: &Key) -> Vec<Vec<u8>> {
    let jwk: serde_json::Value = serde_json::from_str(&key.export_private_jwk().unwrap()).unwrap();
    ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .filter_map(|m| jwk.get(*m).and_then(|v| v.as_str()))
        .map(|b64| Encoding::Base64Url.decode(b64, "jwk").unwrap())
        .collect()
}

#[test]
fn no_scheme_output_shows_a_secret() {
    let mut outputs = Vec::new();
    // AWS SigV4: signer, verifier, signed result, inspection, errors.
    let creds = Credentials::new("AKIDLEAK", AWS_SECRET);
    let signer = Signer::new(creds.clone(), "us-east-1", "service");
    let req = Request::new("POST", "/p?a=1")
        .header("Host", "example.com")
        .body(b"{}".to_vec());
    let signed = signer.sign(&req, T).unwrap();
    let presigned = signer.presign(&req, T, 60).unwrap();
    let verifier = SigV4Verifier::new(vec![creds.clone()]).clock(|| T);
    outputs.push(show(&creds) + &show(&signer) + &show(&signed) + &show(&presigned) + &show(&verifier));
    outputs.push(show_err(&verifier.verify(&signed.request)));
    outputs.push(show_err(&signed_parts(&signed.request, &Settings::default())));
    let mut tampered = signed.request.clone();
    tampered.set_target("/p?a=2");
    outputs.push(show_err(&verifier.verify(&tampered)));
    outputs.push(show_err(
        &SigV4Verifier::new(vec![creds])
            .clock(|| T + 10_000)
            .verify(&signed.request),
    ));
    outputs.push(show_err(
        &SigV4Verifier::new(vec![Credentials::new("AKIDLEAK", "other")])
            .clock(|| T)
            .verify(&signed.request),
    ));

    // Webhooks: each provider's verifier, a good and a bad verification.
    let standard_secret = format!("whsec_{}", Encoding::Base64.encode(STANDARD_SECRET_BYTES));
    let stripe = Stripe::new(WEBHOOK_SECRET).unwrap().clock(|| T);
    let github = GitHub::new(WEBHOOK_SECRET);
    let slack = Slack::new(WEBHOOK_SECRET).unwrap().clock(|| T);
    let shopify = Shopify::new(WEBHOOK_SECRET).unwrap();
    let twilio = Twilio::new(WEBHOOK_SECRET).unwrap();
    let standard = StandardWebhooks::new(&standard_secret).unwrap().clock(|| T);
    outputs.push(show(&stripe) + &show(&github) + &show(&slack) + &show(&shopify) + &show(&twilio) + &show(&standard));
    let body = br#"{"id":1}"#;
    for changed in [&body[..], b"{}"] {
        outputs.push(show_err(&stripe.verify_header(&stripe.sign(T, body), changed)));
        outputs.push(show_err(&github.verify_value(&github.sign(body), changed)));
        outputs.push(show_err(&slack.verify_parts(
            &T.to_string(),
            &slack.sign(T, body),
            changed,
        )));
        outputs.push(show_err(&shopify.verify_value(&shopify.sign(body), changed)));
        outputs.push(show_err(&standard.verify_parts(
            "msg_1",
            &T.to_string(),
            &standard.sign("msg_1", T, body).unwrap(),
            changed,
        )));
        let params = [("A", std::str::from_utf8(changed).unwrap())];
        outputs.push(show_err(&twilio.verify(
            "https://example.com/hook",
            &params,
            &twilio.sign("https://example.com/hook", &[("A", "{\"id\":1}")]),
        )));
    }
    for bad in [
        Stripe::new("").map(|_| ()),
        Slack::new("").map(|_| ()),
        StandardWebhooks::new("whsec_!!").map(|_| ()),
    ] {
        outputs.push(show_err(&bad));
    }

    // RFC 9421 with an HMAC and an Ed25519 key; forensics with the key.
    let ed = Key::generate(Algorithm::Ed25519).unwrap().with_key_id("ed");
    for key in [
        hmac_key("h"),
        Key::from_pem(&ed.export_private_pem().unwrap(), None)
            .unwrap()
            .with_key_id("ed"),
    ] {
        let input = SignatureInput::new(["@method", "@path"])
            .created(T as i64)
            .keyid(key.key_id());
        let mut r = req.clone();
        let s = sign(Message::Request(&r), "sig1", &input, &key).unwrap();
        outputs.push(show(&s));
        s.add_to_request(&mut r);
        let v = HttpVerifier::new(vec![key.verifying_key().unwrap()]).clock(|| T);
        outputs.push(show(&v));
        outputs.push(show_err(&v.verify(Message::Request(&r), None)));
        let mut t = r.clone();
        t.set_target("/other");
        outputs.push(show_err(&v.verify(Message::Request(&t), None)));
        let sig = sign_json(br#"{"a":1.0}"#, &key, &SignOptions::default()).unwrap();
        let f = forensics(br#"{"a":1.0}"#, &sig.encoded(Encoding::Base64Url), &key);
        outputs.push(show_err(&f));
        outputs.push(serde_json::to_string(&f.unwrap()).unwrap());
        outputs.push(show(&explain(&Encoding::Hex.encode(&sig.value).into_bytes(), b"x")));
    }
    let mut secrets = vec![
        HMAC_SECRET.to_vec(),
        AWS_SECRET.as_bytes().to_vec(),
        WEBHOOK_SECRET.as_bytes().to_vec(),
    ];
    secrets.push(STANDARD_SECRET_BYTES.to_vec());
    secrets.extend(private_parts(&ed));
    assert_no_leak(&secrets, &outputs);
    // The check itself finds a leak when there is one.
    let leaked = format!("x{}x", Encoding::Base64.encode(&HMAC_SECRET[1..]));
    assert!(std::panic::catch_unwind(|| assert_no_leak(&[HMAC_SECRET.to_vec()], &[leaked])).is_err());
}

#[test]
fn algorithm_confusion_is_refused() {
    // The classic: sign with HMAC keyed by the verifier's public key bytes.
    let ed = Key::generate(Algorithm::Ed25519).unwrap().with_key_id("ed");
    let public = ed.public_key().unwrap();
    let forger = Key::hmac(Algorithm::HmacSha256, &public.public_bytes().unwrap())
        .unwrap()
        .with_key_id("ed");
    let forged = sign_json(b"{}", &forger, &SignOptions::default()).unwrap();
    let verifier = Verifier::new(vec![public]);
    let code = |s: &Signature| verifier.verify_json(b"{}", s).unwrap_err().code();
    assert_eq!(code(&forged), ErrorCode::AlgorithmMismatch);
    // Without the alg parameter, the key's algorithm decides: a 32-byte MAC is no Ed25519 signature.
    let mut bare = forged.clone();
    bare.algorithm = None;
    assert_eq!(code(&bare), ErrorCode::MalformedSignature);
    // A public key can never become an HMAC key, by PEM or JWK.
    assert_eq!(
        Key::from_pem(&ed.public_pem().unwrap(), Some(Algorithm::HmacSha256))
            .unwrap_err()
            .code(),
        ErrorCode::AlgorithmMismatch
    );
    let mut jwk: serde_json::Value = serde_json::from_str(&ed.public_jwk().unwrap()).unwrap();
    jwk["alg"] = "HS256".into();
    assert!(matches!(
        Key::from_jwk(&jwk.to_string(), None).unwrap_err().code(),
        ErrorCode::AlgorithmMismatch | ErrorCode::InvalidKey | ErrorCode::UnsupportedAlgorithm
    ));
    // RFC 9421: alg="hmac-sha256" against an Ed25519 key.
    let req = Request::new("GET", "/").header("Host", "example.com");
    let input = SignatureInput::new(["@method"])
        .created(T as i64)
        .keyid("ed")
        .alg("hmac-sha256");
    let mut r = req.clone();
    sign(Message::Request(&r), "sig1", &input, &forger)
        .unwrap()
        .add_to_request(&mut r);
    let v = HttpVerifier::new(vec![ed.public_key().unwrap()]).clock(|| T);
    assert_eq!(
        v.verify(Message::Request(&r), None).unwrap_err().code(),
        ErrorCode::AlgorithmMismatch
    );
}

#[test]
fn empty_keys_are_refused() {
    assert_eq!(
        Key::hmac(Algorithm::HmacSha512, b"").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(
        Key::hmac_from_text(Algorithm::HmacSha256, "", Encoding::Base64)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(
        Key::from_jwk(r#"{"kty":"oct","k":""}"#, None).unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(Key::from_pem("", None).unwrap_err().code(), ErrorCode::InvalidKey);
    assert_eq!(
        Key::from_pem("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n", None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidKey
    );
    for alg in [Algorithm::Ed25519, Algorithm::EcdsaP256Sha256, Algorithm::RsaPssSha512] {
        assert_eq!(
            Key::from_public_bytes(alg, b"").unwrap_err().code(),
            ErrorCode::InvalidKey,
            "{alg}"
        );
    }
    // GitHub::new cannot fail, so verification refuses the empty secret (anyone can sign with
    // it: this forgery used to verify).
    let forged = GitHub::new("").sign(b"{}");
    assert_eq!(
        GitHub::new("").verify_value(&forged, b"{}").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
}

#[test]
fn empty_and_truncated_macs_are_malformed() {
    // SigV4: the Signature= value.
    let creds = Credentials::new("AKID", AWS_SECRET);
    let req = Request::new("GET", "/").header("Host", "example.com");
    let signed = Signer::new(creds.clone(), "us-east-1", "s3").sign(&req, T).unwrap();
    let verifier = SigV4Verifier::new(vec![creds]).clock(|| T);
    let auth = signed
        .request
        .header_values("authorization")
        .next()
        .unwrap()
        .to_string();
    for cut in [64, 63, 1] {
        let value = auth[..auth.len() - cut].to_string();
        let mut r = signed.request.clone();
        r.headers_mut()
            .retain(|h| !h.name.eq_ignore_ascii_case("authorization"));
        let r = r.header("Authorization", value.clone());
        assert_eq!(
            verifier.verify(&r).unwrap_err().code(),
            ErrorCode::MalformedSignature,
            "{value}"
        );
    }
    // Webhooks: empty and one-character-short MACs.
    let stripe = Stripe::new(WEBHOOK_SECRET).unwrap().clock(|| T);
    let header = stripe.sign(T, b"{}");
    for bad in [format!("t={T},v1="), header[..header.len() - 1].to_string()] {
        assert!(
            matches!(
                stripe.verify_header(&bad, b"{}").unwrap_err().code(),
                ErrorCode::MalformedSignature | ErrorCode::InvalidHeader
            ),
            "{bad}"
        );
    }
    let github = GitHub::new(WEBHOOK_SECRET);
    let good = github.sign(b"{}");
    for bad in ["sha256=".to_string(), good[..good.len() - 2].to_string()] {
        assert_eq!(
            github.verify_value(&bad, b"{}").unwrap_err().code(),
            ErrorCode::MalformedSignature,
            "{bad}"
        );
    }
    let shopify = Shopify::new(WEBHOOK_SECRET).unwrap();
    assert_eq!(
        shopify.verify_value("", b"{}").unwrap_err().code(),
        ErrorCode::MalformedSignature
    );
    // RFC 9421: `sig1=::` and a MAC cut by one byte.
    let key = hmac_key("h");
    let input = SignatureInput::new(["@method"]).created(T as i64).keyid("h");
    let s = sign(Message::Request(&req), "sig1", &input, &key).unwrap();
    let v = HttpVerifier::new(vec![hmac_key("h")]).clock(|| T);
    for value in [Vec::new(), s.signature_bytes[..s.signature_bytes.len() - 1].to_vec()] {
        let r = req
            .clone()
            .header("Signature-Input", s.signature_input.clone())
            .header("Signature", format!("sig1=:{}:", Encoding::Base64.encode(&value)));
        assert_eq!(
            v.verify(Message::Request(&r), None).unwrap_err().code(),
            ErrorCode::MalformedSignature
        );
    }
}

#[test]
fn a_signature_under_another_key_id_is_refused() {
    // SigV4: the credential names a known access key, but the signature is another's.
    let a = Credentials::new("AKIDA", AWS_SECRET);
    let b = Credentials::new("AKIDB", "another-secret-another-secret-another-se");
    let req = Request::new("GET", "/").header("Host", "example.com");
    let signed = Signer::new(a.clone(), "us-east-1", "s3").sign(&req, T).unwrap();
    let auth = signed
        .request
        .header_values("authorization")
        .next()
        .unwrap()
        .replace("AKIDA", "AKIDB");
    let mut r = signed.request.clone();
    r.headers_mut()
        .retain(|h| !h.name.eq_ignore_ascii_case("authorization"));
    let r = r.header("Authorization", auth);
    let both = SigV4Verifier::new(vec![a.clone(), b]).clock(|| T);
    assert_eq!(both.verify(&r).unwrap_err().code(), ErrorCode::SignatureMismatch);
    assert_eq!(
        SigV4Verifier::new(vec![a]).clock(|| T).verify(&r).unwrap_err().code(),
        ErrorCode::UnknownKeyId
    );
    // RFC 9421: keyid swapped to another key in the ring.
    let input = SignatureInput::new(["@method"]).created(T as i64).keyid("one");
    let s = sign(Message::Request(&req), "sig1", &input, &hmac_key("one")).unwrap();
    let other = Key::hmac(Algorithm::HmacSha256, b"the other key, also 32 bytes long")
        .unwrap()
        .with_key_id("two");
    let r = req
        .clone()
        .header("Signature-Input", s.signature_input.replace("\"one\"", "\"two\""))
        .header("Signature", s.signature.clone());
    let v = HttpVerifier::new(vec![hmac_key("one"), other]).clock(|| T);
    assert_eq!(
        v.verify(Message::Request(&r), None).unwrap_err().code(),
        ErrorCode::SignatureMismatch
    );
}

#[test]
fn timestamps_at_and_past_the_tolerance_both_ways() {
    // Webhooks with a timestamp (default tolerance 300 s): the edge is accepted, one past it is not.
    let body = b"{}";
    let stripe = |now: u64| Stripe::new(WEBHOOK_SECRET).unwrap().clock(move || now);
    let header = stripe(T).sign(T, body);
    let slack = |now: u64| Slack::new(WEBHOOK_SECRET).unwrap().clock(move || now);
    let slack_sig = slack(T).sign(T, body);
    let std_secret = format!("whsec_{}", Encoding::Base64.encode(STANDARD_SECRET_BYTES));
    let standard = |now: u64| StandardWebhooks::new(&std_secret).unwrap().clock(move || now);
    let std_sig = standard(T).sign("m", T, body).unwrap();
    let codes = |now: u64| {
        [
            stripe(now).verify_header(&header, body).err().map(|e| e.code()),
            slack(now)
                .verify_parts(&T.to_string(), &slack_sig, body)
                .err()
                .map(|e| e.code()),
            standard(now)
                .verify_parts("m", &T.to_string(), &std_sig, body)
                .err()
                .map(|e| e.code()),
        ]
    };
    assert_eq!(codes(T + 300), [None; 3]);
    assert_eq!(codes(T - 300), [None; 3]);
    assert_eq!(codes(T + 301), [Some(ErrorCode::Expired); 3]);
    assert_eq!(codes(T - 301), [Some(ErrorCode::FutureTimestamp); 3]);
    // A tighter tolerance moves the edge.
    let tight = Stripe::new(WEBHOOK_SECRET)
        .unwrap()
        .tolerance(Duration::from_secs(5))
        .clock(|| T + 6);
    assert_eq!(
        tight.verify_header(&header, body).unwrap_err().code(),
        ErrorCode::Expired
    );
    // RFC 9421: max_age edge, and clock skew into the future.
    let req = Request::new("GET", "/").header("Host", "example.com");
    let input = SignatureInput::new(["@method"]).created(T as i64).keyid("h");
    let mut r = req.clone();
    sign(Message::Request(&r), "sig1", &input, &hmac_key("h"))
        .unwrap()
        .add_to_request(&mut r);
    let at = |now: u64| {
        HttpVerifier::new(vec![hmac_key("h")])
            .max_age(300)
            .clock_skew(60)
            .clock(move || now)
            .verify(Message::Request(&r), None)
            .err()
            .map(|e| e.code())
    };
    // The skew applies both ways (HttpVerifier's documented policy): max_age + skew into the past.
    assert_eq!(at(T + 360), None);
    assert_eq!(at(T + 361), Some(ErrorCode::Expired));
    assert_eq!(at(T - 60), None);
    assert_eq!(at(T - 61), Some(ErrorCode::FutureTimestamp));
}

/// A signature created at C is accepted from C - tolerance to C + tolerance inclusive, so
/// its nonce must be remembered through C + tolerance even when it was first used at the
/// earliest instant, C - tolerance. It used to expire exactly then (ttl 2 x tolerance), and
/// a replay at that second was accepted.
#[test]
fn a_nonce_outlives_its_signature_even_at_the_tolerance_edges() {
    use canonsig::sign::MemoryNonceStore;
    use std::sync::Arc;
    let key = || hmac_key("k");
    let sig = sign_json(b"{}", &key(), &SignOptions::default().created(T).nonce("n")).unwrap();
    let store = Arc::new(MemoryNonceStore::new(16));
    let at = |now: u64| {
        Verifier::new(vec![key()])
            .tolerance(Duration::from_secs(300))
            .nonce_store(store.clone())
            .clock(move || now)
            .verify_json(b"{}", &sig)
            .err()
            .map(|e| e.code())
    };
    assert_eq!(
        at(T - 300),
        None,
        "first use at the earliest instant the signature is valid"
    );
    assert_eq!(
        at(T + 300),
        Some(ErrorCode::ReplayedNonce),
        "replay at the last instant"
    );
    assert_eq!(at(T + 301), Some(ErrorCode::Expired));
}

#[test]
fn the_memory_nonce_store_counts_and_forgets_at_expiry() {
    use canonsig::sign::{MemoryNonceStore, NonceStore};
    let store = MemoryNonceStore::new(8);
    assert!(store.is_empty());
    assert_eq!(store.len(), 0);
    let ttl = Duration::from_secs(60);
    for n in ["a", "b", "c"] {
        assert!(store.check_and_store(n, ttl, T).unwrap());
    }
    assert_eq!((store.len(), store.is_empty()), (3, false));
    // Still remembered the second before expiry, forgotten at it.
    assert!(!store.check_and_store("a", ttl, T + 59).unwrap());
    assert!(store.check_and_store("a", ttl, T + 60).unwrap());
    // The expired entries were dropped, not kept: only the fresh "a" is left.
    assert_eq!(store.len(), 1);
}

#[test]
fn a_verifier_shows_its_keys_and_policy() {
    let v = Verifier::new(vec![hmac_key("k1"), hmac_key("k2")]).tolerance(Duration::from_secs(42));
    assert_eq!(v.keys().iter().map(|k| k.key_id()).collect::<Vec<_>>(), ["k1", "k2"]);
    let shown = format!("{v:?}");
    assert!(
        shown.contains("k1") && shown.contains("k2") && shown.contains("42"),
        "{shown}"
    );
}

#[test]
fn expires_without_created_needs_no_created_unless_required() {
    let sig = sign_json(b"{}", &hmac_key("k"), &SignOptions::default().expires(T + 10)).unwrap();
    let v = |require: bool| Verifier::new(vec![hmac_key("k")]).require_created(require).clock(|| T);
    v(false).verify_json(b"{}", &sig).unwrap();
    assert_eq!(
        v(true).verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::MissingParameter
    );
}

/// Entries leave the store front to back, so one with a short ttl can sit behind a
/// long-lived one; it is still forgotten at its own expiry.
#[test]
fn a_short_lived_nonce_behind_a_long_lived_one_expires_on_time() {
    use canonsig::sign::{MemoryNonceStore, NonceStore};
    let store = MemoryNonceStore::new(8);
    assert!(store.check_and_store("long", Duration::from_secs(100), T).unwrap());
    assert!(store.check_and_store("short", Duration::from_secs(10), T).unwrap());
    assert!(!store.check_and_store("short", Duration::from_secs(10), T + 9).unwrap());
    assert!(store.check_and_store("short", Duration::from_secs(10), T + 10).unwrap());
    assert!(!store.check_and_store("long", Duration::from_secs(100), T + 10).unwrap());
}
