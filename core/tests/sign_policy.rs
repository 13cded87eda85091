//! Keys, signed JSON and the verification policy: round trips for every algorithm,
//! misuse rejected with the right reason, and no secret in any output.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{
    sign_json, signing_bytes, verify_json, Algorithm, Encoding, Key, MemoryNonceStore, Operation, SignOptions,
    Signature, SigningTrace, Verifier,
};
use canonsig::{ErrorCode, Options, Profile};

const SECRET: &[u8] = b"sup3r-s3cret-value-do-not-leak!!";
const NOW: u64 = 1_800_000_000;

/// One generated key per algorithm, made once (RSA generation is slow) and reloaded from PEM.
fn keys() -> Vec<Key> {
    static PEMS: std::sync::OnceLock<Vec<(Algorithm, String)>> = std::sync::OnceLock::new();
    let pems = PEMS.get_or_init(|| {
        Algorithm::ALL
            .iter()
            .filter(|a| !a.is_hmac())
            .map(|&alg| (alg, Key::generate(alg).unwrap().export_private_pem().unwrap()))
            .collect()
    });
    let mut keys: Vec<Key> = Algorithm::ALL
        .iter()
        .filter(|a| a.is_hmac())
        .map(|&alg| Key::hmac(alg, SECRET).unwrap().with_key_id(alg.name()))
        .collect();
    keys.extend(
        pems.iter()
            .map(|(alg, pem)| Key::from_pem(pem, Some(*alg)).unwrap().with_key_id(alg.name())),
    );
    keys
}

#[test]
fn every_algorithm_signs_and_verifies_and_any_byte_change_fails() {
    for key in keys() {
        let payload = br#"{"b":[1,2],"a":"x"}"#;
        let sig = sign_json(payload, &key, &SignOptions::default()).unwrap();
        let verifier_key = if key.algorithm().is_hmac() {
            Key::hmac(key.algorithm(), SECRET).unwrap().with_key_id(key.key_id())
        } else {
            key.public_key().unwrap()
        };
        let verifier = Verifier::new(vec![verifier_key]);
        // Re-serialized payload: same bytes after canonicalization.
        verifier.verify_json(br#"{ "a": "x", "b": [1, 2.0] }"#, &sig).unwrap();
        // Through the text forms.
        for encoding in Encoding::ALL {
            let bare = Signature::from_encoded(&sig.encoded(encoding), encoding).unwrap();
            verifier.verify_json(payload, &bare).unwrap();
        }
        verifier
            .verify_json(
                payload,
                &Signature::parse(&sig.to_header(), Encoding::Base64Url).unwrap(),
            )
            .unwrap();
        // One byte of the canonical payload changed: a mismatch that hands back the signed bytes.
        let e = verifier.verify_json(br#"{"a":"y","b":[1,2]}"#, &sig).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch, "{}", key.algorithm());
        assert_eq!(e.signed_bytes().unwrap(), br#"{"a":"y","b":[1,2]}"#);
        // One bit of the signature changed.
        let mut bad = sig.clone();
        let last = bad.value.len() - 1;
        bad.value[last] ^= 1;
        assert_eq!(
            verifier.verify_json(payload, &bad).unwrap_err().code(),
            ErrorCode::SignatureMismatch
        );
        // Truncated or empty: malformed, not a mismatch.
        let mut short = sig.clone();
        short.value.truncate(short.value.len() - 1);
        assert_eq!(
            verifier.verify_json(payload, &short).unwrap_err().code(),
            ErrorCode::MalformedSignature
        );
        short.value.clear();
        assert_eq!(
            verifier.verify_json(payload, &short).unwrap_err().code(),
            ErrorCode::MalformedSignature
        );
    }
}

#[test]
fn keys_round_trip_through_pem_and_jwk() {
    for key in keys() {
        let alg = key.algorithm();
        let private_jwk = key.export_private_jwk().unwrap();
        let again = Key::from_jwk(&private_jwk, None).unwrap();
        assert_eq!(again.key_id(), key.key_id());
        let msg = b"round trip";
        if alg.is_hmac() {
            assert_eq!(again.sign(msg).unwrap(), key.sign(msg).unwrap());
            let text = key.export_secret(Encoding::Hex).unwrap();
            assert_eq!(
                Key::hmac_from_text(alg, &text, Encoding::Hex)
                    .unwrap()
                    .sign(msg)
                    .unwrap(),
                key.sign(msg).unwrap()
            );
            assert_eq!(key.public_key().unwrap_err().code(), ErrorCode::InvalidKey);
            continue;
        }
        key.verify(msg, &again.sign(msg).unwrap()).unwrap();
        let from_pem = Key::from_pem(&key.export_private_pem().unwrap(), Some(alg)).unwrap();
        key.verify(msg, &from_pem.sign(msg).unwrap()).unwrap();
        let public = Key::from_pem(&key.public_pem().unwrap(), Some(alg)).unwrap();
        public.verify(msg, &key.sign(msg).unwrap()).unwrap();
        let public_jwk = Key::from_jwk(&key.public_jwk().unwrap(), None).unwrap();
        public_jwk.verify(msg, &key.sign(msg).unwrap()).unwrap();
        assert!(!public.can_sign());
        assert_eq!(public.sign(msg).unwrap_err().code(), ErrorCode::InvalidKey);
        assert_eq!(public.thumbprint().unwrap(), key.thumbprint().unwrap());
    }
}

#[test]
fn the_algorithm_belongs_to_the_key() {
    let hmac = Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let sig = sign_json(b"{}", &hmac, &SignOptions::default()).unwrap();
    // A signature claiming another algorithm for the same key id is refused before any crypto.
    let mut claimed = sig.clone();
    claimed.algorithm = Some(Algorithm::HmacSha512);
    let verifier = Verifier::new(vec![Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k")]);
    assert_eq!(
        verifier.verify_json(b"{}", &claimed).unwrap_err().code(),
        ErrorCode::AlgorithmMismatch
    );
    // HMAC keyed with a public key is impossible: an HMAC key cannot come from an asymmetric key.
    assert_eq!(
        Key::hmac(Algorithm::Ed25519, SECRET).unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    let ed = Key::generate(Algorithm::Ed25519).unwrap();
    assert_eq!(
        Key::from_pem(&ed.public_pem().unwrap(), Some(Algorithm::HmacSha256))
            .unwrap_err()
            .code(),
        ErrorCode::AlgorithmMismatch
    );
    // Accepted algorithms.
    let strict = Verifier::new(vec![Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k")])
        .allow_algorithms(&[Algorithm::Ed25519]);
    assert_eq!(
        strict.verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::AlgorithmNotAllowed
    );
    // Empty secrets and unknown names.
    assert_eq!(
        Key::hmac(Algorithm::HmacSha256, b"").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(
        "hs256".parse::<Algorithm>().unwrap_err().code(),
        ErrorCode::UnsupportedAlgorithm
    );
}

#[test]
fn key_ring_rotation_and_unknown_key_ids() {
    let old = Key::hmac(Algorithm::HmacSha256, b"old-secret-old-secret-old-secret")
        .unwrap()
        .with_key_id("2026-10");
    let new = Key::hmac(Algorithm::HmacSha256, b"new-secret-new-secret-new-secret")
        .unwrap()
        .with_key_id("2026-11");
    let sig_old = sign_json(b"[1]", &old, &SignOptions::default()).unwrap();
    let sig_new = sign_json(b"[1]", &new, &SignOptions::default()).unwrap();
    let ring = Verifier::new(vec![old, new]);
    assert_eq!(ring.verify_json(b"[1]", &sig_old).unwrap().key_id, "2026-10");
    assert_eq!(ring.verify_json(b"[1]", &sig_new).unwrap().key_id, "2026-11");
    let mut other = sig_new.clone();
    other.key_id = "2025-01".into();
    assert_eq!(
        ring.verify_json(b"[1]", &other).unwrap_err().code(),
        ErrorCode::UnknownKeyId
    );
    // A signature for one key presented under another key's id is a mismatch.
    other.key_id = "2026-10".into();
    assert_eq!(
        ring.verify_json(b"[1]", &other).unwrap_err().code(),
        ErrorCode::SignatureMismatch
    );
    // A bare signature (no key id) needs a ring of one.
    let bare = Signature::from_encoded(&sig_new.encoded(Encoding::Base64Url), Encoding::Base64Url).unwrap();
    assert_eq!(
        ring.verify_json(b"[1]", &bare).unwrap_err().code(),
        ErrorCode::UnknownKeyId
    );
}

#[test]
fn timestamps_at_and_past_the_tolerance_edge() {
    let key = || Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let at = |now: u64| {
        Verifier::new(vec![key()])
            .tolerance(Duration::from_secs(300))
            .clock(move || now)
    };
    let sig = sign_json(b"{}", &key(), &SignOptions::default().created(NOW)).unwrap();
    at(NOW + 300).verify_json(b"{}", &sig).unwrap();
    at(NOW - 300).verify_json(b"{}", &sig).unwrap();
    assert_eq!(
        at(NOW + 301).verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::Expired
    );
    assert_eq!(
        at(NOW - 301).verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::FutureTimestamp
    );
    let expiring = sign_json(b"{}", &key(), &SignOptions::default().created(NOW).expires(NOW + 10)).unwrap();
    at(NOW + 9).verify_json(b"{}", &expiring).unwrap();
    assert_eq!(
        at(NOW + 10).verify_json(b"{}", &expiring).unwrap_err().code(),
        ErrorCode::Expired
    );
    // `created` is covered by the signature: moving it breaks it.
    let mut moved = sig.clone();
    moved.created = Some(NOW + 1);
    assert_eq!(
        at(NOW).verify_json(b"{}", &moved).unwrap_err().code(),
        ErrorCode::SignatureMismatch
    );
    let plain = sign_json(b"{}", &key(), &SignOptions::default()).unwrap();
    let strict = at(NOW).require_created(true);
    assert_eq!(
        strict.verify_json(b"{}", &plain).unwrap_err().code(),
        ErrorCode::MissingParameter
    );
}

#[test]
fn nonces_are_accepted_once_and_only_for_genuine_signatures() {
    let key = || Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let store = Arc::new(MemoryNonceStore::new(1000));
    let verifier = Verifier::new(vec![key()])
        .clock(|| NOW)
        .nonce_store(store.clone())
        .require_nonce(true);
    let sig = sign_json(b"{}", &key(), &SignOptions::default().created(NOW).nonce("n-1")).unwrap();
    // A forgery with the same nonce must not burn it.
    let mut forged = sig.clone();
    forged.value[0] ^= 1;
    assert_eq!(
        verifier.verify_json(b"{}", &forged).unwrap_err().code(),
        ErrorCode::SignatureMismatch
    );
    verifier.verify_json(b"{}", &sig).unwrap();
    assert_eq!(
        verifier.verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::ReplayedNonce
    );
    let no_nonce = sign_json(b"{}", &key(), &SignOptions::default().created(NOW)).unwrap();
    assert_eq!(
        verifier.verify_json(b"{}", &no_nonce).unwrap_err().code(),
        ErrorCode::MissingParameter
    );
    assert_eq!(store.len(), 1);
}

#[test]
fn memory_nonce_store_is_bounded_and_expires() {
    let store = MemoryNonceStore::new(3);
    use canonsig::sign::NonceStore;
    for i in 0..10 {
        assert!(store
            .check_and_store(&format!("n{i}"), Duration::from_secs(60), NOW)
            .unwrap());
        assert!(store.len() <= 3);
    }
    assert!(!store.check_and_store("n9", Duration::from_secs(60), NOW).unwrap());
    assert!(store.check_and_store("n9", Duration::from_secs(60), NOW + 61).unwrap());
}

#[test]
fn signing_bytes_are_reproducible_by_any_rfc8785_implementation() {
    let key = Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k1");
    let sig = sign_json(br#"{"b":1,"a":2}"#, &key, &SignOptions::default()).unwrap();
    assert_eq!(
        signing_bytes(br#"{"b":1,"a":2}"#, &sig, &Options::default()).unwrap(),
        br#"{"a":2,"b":1}"#
    );
    let sig = sign_json(
        br#"{"b":1,"a":2}"#,
        &key,
        &SignOptions::default().created(NOW).nonce("x"),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(signing_bytes(br#"{"b":1,"a":2}"#, &sig, &Options::default()).unwrap()).unwrap(),
        r#"{"payload":{"a":2,"b":1},"signature_params":{"alg":"hmac-sha256","created":1800000000,"keyid":"k1","nonce":"x"}}"#
    );
    let py = sign_json(
        "{\"é\":1.0}".as_bytes(),
        &key,
        &SignOptions::default().profile(Profile::PythonSorted),
    )
    .unwrap();
    assert_eq!(
        signing_bytes("{\"é\":1.0}".as_bytes(), &py, &Options::default()).unwrap(),
        br#"{"\u00e9":1.0}"#
    );
    assert!(py.to_header().ends_with(";profile=\"python-sorted\""));
}

#[test]
fn no_secret_in_any_output() {
    let forms = |bytes: &[u8]| {
        vec![
            String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Hex.encode(bytes),
            Encoding::Base64.encode(bytes),
            Encoding::Base64Url.encode(bytes),
        ]
    };
    let mut outputs = Vec::new();
    for key in keys() {
        let sig = sign_json(b"{}", &key, &SignOptions::default().created(NOW).nonce("n")).unwrap();
        outputs.push(format!("{key:?} {key} {sig:?}"));
        let bytes = signing_bytes(b"{}", &sig, &Options::default()).unwrap();
        outputs.push(
            SigningTrace::new(Operation::Sign, &sig, &bytes, true, NOW)
                .request_id("r1")
                .to_json()
                .unwrap(),
        );
        let mut bad = sig.clone();
        bad.value[0] ^= 1;
        let verifier = Verifier::new(vec![key]).clock(|| NOW);
        let e = verifier.verify_json(b"{}", &bad).unwrap_err();
        outputs.push(format!("{e} {e:?}"));
        outputs.push(format!("{verifier:?}"));
    }
    outputs.push(Key::hmac(Algorithm::HmacSha256, b"").unwrap_err().to_string());
    outputs.push(format!(
        "{:?}",
        Key::hmac_from_text(Algorithm::HmacSha256, "zz-not-hex", Encoding::Hex)
    ));
    let secrets = forms(SECRET);
    for out in &outputs {
        for s in &secrets {
            assert!(!out.contains(s.as_str()), "secret leaked in {out}");
        }
    }
}

#[test]
fn verify_json_defaults_check_time() {
    let key = Key::hmac(Algorithm::HmacSha256, SECRET).unwrap();
    let old = sign_json(b"{}", &key, &SignOptions::default().created(1_000)).unwrap();
    assert_eq!(verify_json(b"{}", &old, &[key]).unwrap_err().code(), ErrorCode::Expired);
}

#[test]
fn traces_on_both_sides_agree_and_name_the_outcome() {
    let key = || Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let (sig, signer) =
        canonsig::sign::sign_json_traced(br#"{"b":1,"a":2}"#, &key(), &SignOptions::default(), true, NOW).unwrap();
    let verifier = Verifier::new(vec![key()]).clock(|| NOW);
    let (ok, trace) = verifier.verify_json_traced(br#"{"a":2,"b":1}"#, &sig, false);
    ok.unwrap();
    let trace = trace.unwrap();
    assert_eq!(trace.signing_sha256, signer.signing_sha256);
    assert_eq!(trace.outcome, "ok");
    assert_eq!(
        signer.signing_string_b64.as_deref(),
        Some(Encoding::Base64.encode(br#"{"a":2,"b":1}"#).as_str())
    );
    assert!(trace.signing_string_b64.is_none());
    let (bad, trace) = verifier.verify_json_traced(br#"{"a":3,"b":1}"#, &sig, false);
    assert_eq!(bad.unwrap_err().code(), ErrorCode::SignatureMismatch);
    let trace = trace.unwrap();
    assert_eq!(trace.outcome, "signature_mismatch");
    assert_ne!(trace.signing_sha256, signer.signing_sha256);
    let json = signer.to_json().unwrap();
    assert!(
        json.starts_with(r#"{"algorithm":"hmac-sha256","key_id":"k","operation":"sign""#),
        "{json}"
    );
}

#[test]
fn generated_ed25519_keys_export_the_rfc8410_v1_form() {
    // OpenSSL 3.0 and Python's cryptography refuse ring's v2 documents; v1 is the portable form.
    let pem = Key::generate(Algorithm::Ed25519).unwrap().export_private_pem().unwrap();
    let der = Encoding::Base64
        .decode(
            &pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>(),
            "pem",
        )
        .unwrap();
    assert_eq!(der.len(), 48, "v1: the 16-byte RFC 8410 prefix and the 32-byte seed");
    assert_eq!(
        &der[..16],
        &[0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    );
}

#[test]
fn key_ids_and_nonces_must_survive_the_header() {
    let key = Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let e = sign_json(b"{}", &key, &SignOptions::default().nonce("é")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidOption);
    let e = sign_json(b"{}", &key.with_key_id("ключ"), &SignOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidOption);
    let key = Key::hmac(Algorithm::HmacSha256, SECRET)
        .unwrap()
        .with_key_id(r#"a "quoted" \ id"#);
    let sig = sign_json(b"{}", &key, &SignOptions::default().nonce("n;=,\"")).unwrap();
    assert_eq!(Signature::parse(&sig.to_header(), Encoding::Base64Url).unwrap(), sig);
}

#[test]
fn a_clock_without_time_fails_closed_instead_of_guessing() {
    // What SystemClock reads on wasm32-unknown-unknown, where there is no system clock.
    let key = || Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let sig = sign_json(b"{}", &key(), &SignOptions::default().created(NOW)).unwrap();
    let verifier = Verifier::new(vec![key()]).clock(|| 0);
    assert_eq!(
        verifier.verify_json(b"{}", &sig).unwrap_err().code(),
        ErrorCode::InvalidOption
    );
    // Signatures without time parameters need no clock.
    verifier
        .verify_json(b"{}", &sign_json(b"{}", &key(), &SignOptions::default()).unwrap())
        .unwrap();
}

#[test]
fn error_families_decide_the_frontend_class() {
    use canonsig::ErrorKind;
    let ed = Key::generate(Algorithm::Ed25519).unwrap();
    // Loading: a key that is not for the named algorithm is a key problem.
    let e = Key::from_pem(&ed.public_pem().unwrap(), Some(Algorithm::EcdsaP256Sha256)).unwrap_err();
    assert_eq!(
        (e.code(), e.kind()),
        (ErrorCode::AlgorithmMismatch, ErrorKind::InvalidKey)
    );
    // Verifying: a signature claiming another algorithm is a verification problem.
    let key = || Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k");
    let mut sig = sign_json(b"{}", &key(), &SignOptions::default()).unwrap();
    sig.algorithm = Some(Algorithm::HmacSha384);
    let e = Verifier::new(vec![key()]).verify_json(b"{}", &sig).unwrap_err();
    assert_eq!(
        (e.code(), e.kind()),
        (ErrorCode::AlgorithmMismatch, ErrorKind::Verification)
    );
    sig.algorithm = None;
    sig.value[0] ^= 1;
    assert_eq!(
        Verifier::new(vec![key()]).verify_json(b"{}", &sig).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    assert_eq!(
        canonsig::canonicalize(b"[").unwrap_err().kind(),
        ErrorKind::Canonicalization
    );
}

#[test]
fn verifying_keys_let_the_caller_keep_its_key() {
    for key in keys() {
        let copy = key.verifying_key().unwrap();
        assert_eq!((copy.key_id(), copy.algorithm()), (key.key_id(), key.algorithm()));
        assert_eq!(
            copy.can_sign(),
            key.algorithm().is_hmac(),
            "only an HMAC copy holds the secret"
        );
        let sig = sign_json(b"{}", &key, &SignOptions::default()).unwrap();
        Verifier::new(vec![copy]).verify_json(b"{}", &sig).unwrap();
    }
}
