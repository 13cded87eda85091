//! RFC 9421 Appendix B keys and signatures (../shared/vectors/rfc9421), read in place:
//! every key form loads, deterministic algorithms re-sign to the RFC's bytes, and every
//! published signature verifies over the published signature base.
#![allow(clippy::unwrap_used)]

mod common;

use canonsig::sign::{Algorithm, Encoding, Key};
use canonsig::ErrorCode;
use common::shared_vectors;
use serde_json::Value as Json;

fn load(dir: &std::path::Path, name: &str) -> Json {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

/// The B.1.1 RSA key has primes of 1088 and 960 bits, which ring refuses to sign with;
/// its public key verifies. (Known gap, asserted rather than skipped.)
const UNBALANCED_RSA: &str = "test-key-rsa";

fn key_for(keys: &Json, keyid: &str, alg: Algorithm, private: bool) -> Option<Key> {
    let entry = &keys["keys"][keyid];
    if let Some(secret) = entry["secret_base64"].as_str() {
        return Some(
            Key::hmac_from_text(alg, secret, Encoding::Base64)
                .unwrap()
                .with_key_id(keyid),
        );
    }
    let pem = entry[if private { "pem_private" } else { "pem_public" }]
        .as_str()
        .unwrap();
    match Key::from_pem(pem, Some(alg)) {
        Err(e) if private && keyid == UNBALANCED_RSA => {
            assert_eq!(e.code(), ErrorCode::InvalidKey);
            assert!(e.message().contains("1088 and 960 bits"), "{e}");
            None
        }
        other => Some(other.unwrap_or_else(|e| panic!("{keyid}: {e}")).with_key_id(keyid)),
    }
}

#[test]
fn appendix_b_signatures_verify_and_deterministic_ones_resign() {
    let Some(dir) = shared_vectors("rfc9421") else { return };
    let (keys, sigs) = (load(&dir, "keys.json"), load(&dir, "signatures.json"));
    let mut verified = 0;
    for case in sigs["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let Some(base) = case["expected_signature_base"].as_str() else {
            continue;
        };
        let alg: Algorithm = case["alg"].as_str().unwrap().parse().unwrap();
        let keyid = case["keyid"].as_str().unwrap();
        let value = Encoding::Base64
            .decode(case["expected_signature_value_base64"].as_str().unwrap(), "sig")
            .unwrap();
        let public = key_for(&keys, keyid, alg, false).unwrap();
        public
            .verify(base.as_bytes(), &value)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let mut tampered = base.as_bytes().to_vec();
        tampered[0] ^= 1;
        assert_eq!(
            public.verify(&tampered, &value).unwrap_err().code(),
            ErrorCode::SignatureMismatch,
            "{id}"
        );
        verified += 1;
        let Some(private) = key_for(&keys, keyid, alg, true) else {
            continue;
        };
        private
            .verify(base.as_bytes(), &value)
            .unwrap_or_else(|e| panic!("{id} (private): {e}"));
        if case["deterministic"] == true {
            assert_eq!(private.sign(base.as_bytes()).unwrap(), value, "{id}: re-signing");
        } else {
            // A fresh non-deterministic signature verifies with the public key.
            public
                .verify(base.as_bytes(), &private.sign(base.as_bytes()).unwrap())
                .unwrap();
        }
    }
    assert!(verified >= 8, "verified {verified} RFC 9421 signatures");
}

#[test]
fn appendix_b_jwks_load_and_match_their_pems() {
    let Some(dir) = shared_vectors("rfc9421") else { return };
    let keys = load(&dir, "keys.json");
    for (keyid, entry) in keys["keys"].as_object().unwrap() {
        let Some(jwk) = entry.get("jwk") else { continue };
        let alg: Algorithm = entry["algs"][0].as_str().unwrap().parse().unwrap();
        let from_jwk = match Key::from_jwk(&jwk.to_string(), Some(alg)) {
            Err(e) if keyid == UNBALANCED_RSA => {
                assert!(e.message().contains("1088 and 960 bits"), "{e}");
                continue;
            }
            other => other.unwrap_or_else(|e| panic!("{keyid}: {e}")),
        };
        if alg.is_hmac() {
            continue;
        }
        let from_pem = Key::from_pem(entry["pem_public"].as_str().unwrap(), Some(alg)).unwrap();
        assert_eq!(
            from_jwk.public_bytes().unwrap(),
            from_pem.public_bytes().unwrap(),
            "{keyid}"
        );
        assert_eq!(
            from_jwk.thumbprint().unwrap(),
            from_pem.thumbprint().unwrap(),
            "{keyid}"
        );
    }
}
