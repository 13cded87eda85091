//! Key loading and export at their edges: exports byte-equal to OpenSSL's, refusals that
//! name the real reason, strict DER, and what Debug/Display of keys and signatures show.
//! Written to kill the mutants `scripts/mutants.sh` found alive in core/src/sign (see
//! docs/mutation-testing.md); the keys in tests/data/keys come from OpenSSL and Python's
//! `cryptography` (tests/data/keys/README.md).
#![allow(clippy::unwrap_used)]

use canonsig::sign::{Algorithm, Encoding, Key, Signature};
use canonsig::ErrorCode;

fn pem(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn invalid_key_message(result: Result<Key, canonsig::Error>) -> String {
    let e = result.expect_err("the key must be refused");
    assert_eq!(e.code(), ErrorCode::InvalidKey, "{e}");
    e.message().to_string()
}

#[test]
fn rsa_exports_are_byte_equal_to_openssl() {
    for alg in [Algorithm::RsaPssSha512, Algorithm::RsaV15Sha256] {
        let from_pkcs1 = Key::from_pem(&pem("rsa2048_pkcs1.pem"), Some(alg)).unwrap();
        // PKCS#1 is re-wrapped as PKCS#8 (rsaEncryption with its NULL parameters).
        assert_eq!(
            from_pkcs1.export_private_pem().unwrap(),
            pem("rsa2048_pkcs8.pem"),
            "{alg}"
        );
        assert_eq!(from_pkcs1.public_pem().unwrap(), pem("rsa2048_pub.pem"), "{alg}");
        let public = Key::from_pem(&pem("rsa2048_pub.pem"), Some(alg)).unwrap();
        assert_eq!(public.public_pem().unwrap(), pem("rsa2048_pub.pem"), "{alg}");
        public.verify(b"m", &from_pkcs1.sign(b"m").unwrap()).unwrap();
    }
}

#[test]
fn rsa_refusals_name_the_reason() {
    // ring signs only with equal-size primes; the message gives both sizes.
    let message = invalid_key_message(Key::from_pem(
        &pem("rsa_unbalanced_pkcs1.pem"),
        Some(Algorithm::RsaPssSha512),
    ));
    assert!(message.contains("primes of 1100 and 948 bits"), "{message}");
    // A 1024-bit key has equal primes; it is refused for its size, not its primes.
    let message = invalid_key_message(Key::from_pem(&pem("rsa1024_pkcs1.pem"), Some(Algorithm::RsaV15Sha256)));
    assert!(message.contains("was rejected"), "{message}");
    assert!(!message.contains("primes"), "{message}");
}

#[test]
fn other_curves_are_refused_as_such() {
    for (name, what) in [("secp256k1_pkcs8.pem", "private"), ("secp256k1_pub.pem", "public")] {
        for hint in [None, Some(Algorithm::EcdsaP384Sha384)] {
            let message = invalid_key_message(Key::from_pem(&pem(name), hint));
            assert!(
                message.contains("unsupported elliptic curve"),
                "{what} {hint:?}: {message}"
            );
        }
    }
}

#[test]
fn public_bytes_must_have_their_shape() {
    let p256 = Key::generate(Algorithm::EcdsaP256Sha256)
        .unwrap()
        .public_bytes()
        .unwrap();
    let p384 = Key::generate(Algorithm::EcdsaP384Sha384)
        .unwrap()
        .public_bytes()
        .unwrap();
    for (alg, good, expected) in [
        (Algorithm::Ed25519, vec![7u8; 32], "32 bytes"),
        (
            Algorithm::EcdsaP256Sha256,
            p256,
            "an uncompressed P-256 point (65 bytes starting with 04)",
        ),
        (
            Algorithm::EcdsaP384Sha384,
            p384,
            "an uncompressed P-384 point (97 bytes starting with 04)",
        ),
    ] {
        Key::from_public_bytes(alg, &good).unwrap();
        let mut compressed = good.clone();
        compressed[0] = 2;
        let too_short = &good[..good.len() - 1];
        let mut bad: Vec<&[u8]> = vec![&[], &[4], too_short];
        if alg != Algorithm::Ed25519 {
            bad.push(&compressed); // right length, not an uncompressed point
        }
        for bytes in bad {
            let message = invalid_key_message(Key::from_public_bytes(alg, bytes));
            assert!(message.contains(expected), "{alg} {} bytes: {message}", bytes.len());
            assert!(message.contains(&format!("got {} bytes", bytes.len())), "{message}");
        }
    }
    let message = invalid_key_message(Key::from_public_bytes(Algorithm::HmacSha256, &[1; 32]));
    assert!(message.contains("shared secrets"), "{message}");
}

#[test]
fn ecdsa_signature_shaped_like_der_but_not_two_integers_is_malformed() {
    let key = Key::generate(Algorithm::EcdsaP256Sha256).unwrap();
    for signature in [
        &[0x30, 0x03, 0x02, 0x01, 0x01][..],                     // one INTEGER
        &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00], // trailing byte
        &[0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x01],       // an OCTET STRING
    ] {
        let e = key.verify(b"m", signature).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MalformedSignature, "{signature:02x?}: {e}");
    }
    // A real DER signature (as OpenSSL writes them) is accepted and checked.
    let raw = key.sign(b"m").unwrap();
    let der = der_from_raw(&raw);
    key.verify(b"m", &der).unwrap();
    assert_eq!(key.verify(b"n", &der).unwrap_err().code(), ErrorCode::SignatureMismatch);
}

fn der_from_raw(raw: &[u8]) -> Vec<u8> {
    let integer = |half: &[u8]| {
        let trimmed: Vec<u8> = half.iter().copied().skip_while(|&b| b == 0).collect();
        let mut body = if trimmed.first().is_some_and(|&b| b >= 0x80) {
            vec![0]
        } else {
            vec![]
        };
        body.extend(trimmed);
        let mut out = vec![0x02, body.len() as u8];
        out.extend(body);
        out
    };
    let (r, s) = raw.split_at(raw.len() / 2);
    let mut body = integer(r);
    body.extend(integer(s));
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}

/// The RSA SPKI from OpenSSL with its outer SEQUENCE length re-spelled.
fn respelled_spki(length_octets: &[u8]) -> Vec<u8> {
    let text = pem("rsa2048_pub.pem");
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = Encoding::Base64.decode(&body, "spki").unwrap();
    assert_eq!(&der[..4], &[0x30, 0x82, 0x01, 0x22]); // SEQUENCE, 290 bytes
    let mut out = vec![0x30];
    out.extend_from_slice(length_octets);
    out.extend_from_slice(&der[4..]);
    out
}

#[test]
fn der_lengths_must_be_in_their_one_der_form() {
    let alg = Some(Algorithm::RsaPssSha512);
    Key::from_spki(alg, &respelled_spki(&[0x82, 0x01, 0x22])).unwrap();
    for (what, octets, reason) in [
        ("indefinite (BER)", &[0x80][..], "bad length"),
        ("a leading zero octet", &[0x83, 0x00, 0x01, 0x22], "bad length"),
        (
            "five length octets",
            &[0x85, 0x00, 0x00, 0x00, 0x01, 0x22],
            "bad length",
        ),
        ("one octet past the end", &[0x82, 0x01, 0x23], "length past the end"),
        ("length octets read from the content", &[0x82], "length past the end"),
    ] {
        let message = invalid_key_message(Key::from_spki(alg, &respelled_spki(octets)));
        assert_eq!(message, format!("malformed DER: {reason}"), "{what}");
    }
    // 0x81 0x05 says 5 in two octets where DER has one.
    let short = [0x30, 0x81, 0x05, 0x30, 0x03, 0x06, 0x01, 0x00];
    let message = invalid_key_message(Key::from_spki(alg, &short));
    assert!(message.contains("shortest form"), "{message}");
    // The cut-off form at the very end of the input, and a length that is all there is.
    for (tail, reason) in [
        (&[0x30][..], "missing length"),
        (&[0x30, 0x81], "bad length"),
        (&[0x30, 0x84, 0x01, 0x00], "bad length"),
    ] {
        assert_eq!(
            invalid_key_message(Key::from_spki(alg, tail)),
            format!("malformed DER: {reason}")
        );
    }
}

#[test]
fn debug_and_display_say_what_a_key_is_and_never_its_material() {
    let secret = Key::hmac(Algorithm::HmacSha256, b"a secret that must not print!!!!").unwrap();
    let private = Key::generate(Algorithm::Ed25519).unwrap().with_key_id("k1");
    let public = private.public_key().unwrap();
    for (key, kind) in [(&secret, "secret"), (&private, "private"), (&public, "public")] {
        let debug = format!("{key:?}");
        assert!(debug.starts_with("Key {"), "{debug}");
        assert!(debug.contains(&format!("kind: {kind:?}")), "{debug}");
        assert!(
            debug.contains(&format!("algorithm: {:?}", key.algorithm().name())),
            "{debug}"
        );
        assert!(debug.contains(&format!("key_id: {:?}", key.key_id())), "{debug}");
        assert_eq!(format!("{key}"), format!("{} key {:?}", key.algorithm(), key.key_id()));
    }
    assert_eq!(format!("{private}"), "ed25519 key \"k1\"");
    assert!(!format!("{secret:?}{secret}").contains("a secret"));
}

fn signature() -> Signature {
    Signature {
        algorithm: Some(Algorithm::HmacSha256),
        key_id: "k1".into(),
        created: Some(1_700_000_000),
        expires: Some(1_700_000_300),
        nonce: Some("n-1".into()),
        profile: canonsig::canon::Profile::Jcs,
        value: vec![0x5a; 32],
    }
}

type Change = Box<dyn Fn(&mut Signature)>;

#[test]
fn signatures_are_equal_only_when_every_field_is() {
    let a = signature();
    assert_eq!(a, signature());
    let changes: Vec<(&str, Change)> = vec![
        ("one value byte", Box::new(|s| s.value[31] ^= 1)),
        ("the first value byte", Box::new(|s| s.value[0] = 0)),
        // Two differences in the same bit: an XOR-accumulating compare would cancel them.
        (
            "the same bit in two bytes",
            Box::new(|s| {
                s.value[3] ^= 0x10;
                s.value[9] ^= 0x10;
            }),
        ),
        ("a longer value", Box::new(|s| s.value.push(0))),
        ("a shorter value", Box::new(|s| s.value.truncate(31))),
        ("an empty value", Box::new(|s| s.value.clear())),
        ("algorithm", Box::new(|s| s.algorithm = Some(Algorithm::HmacSha512))),
        ("no algorithm", Box::new(|s| s.algorithm = None)),
        ("key id", Box::new(|s| s.key_id = "k2".into())),
        ("created", Box::new(|s| s.created = Some(1))),
        ("expires", Box::new(|s| s.expires = None)),
        ("nonce", Box::new(|s| s.nonce = Some("n-2".into()))),
        ("profile", Box::new(|s| s.profile = canonsig::canon::Profile::GoJson)),
    ];
    for (what, change) in changes {
        let mut b = signature();
        change(&mut b);
        assert_ne!(a, b, "{what}");
        assert_ne!(b, a, "{what}");
    }
}

#[test]
fn signature_debug_is_its_header() {
    let s = signature();
    assert_eq!(
        format!("{s:?}"),
        ":WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo=:;alg=\"hmac-sha256\";keyid=\"k1\";created=1700000000;expires=1700000300;nonce=\"n-1\""
    );
    assert_eq!(format!("{s:?}"), s.to_header());
}

#[test]
fn signature_header_strings_follow_rfc_8941() {
    let base = ":WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo=:;alg=\"hmac-sha256\"";
    let ok = Signature::parse(&format!("{base};keyid=\"a \\\"quoted\\\" \\\\ id\""), Encoding::Base64).unwrap();
    assert_eq!(ok.key_id, "a \"quoted\" \\ id");
    for bad in [
        "\"caf\u{e9}\"",
        "\"tab\there\"",
        "\"nl\nhere\"",
        "\"\\n\"",
        "\"\\a\"",
        "\"unterminated",
    ] {
        let e = Signature::parse(&format!("{base};keyid={bad}"), Encoding::Base64).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MalformedSignature, "{bad:?}: {e}");
    }
}

#[test]
fn generated_hmac_secrets_are_random_and_full_length() {
    for alg in [Algorithm::HmacSha256, Algorithm::HmacSha384, Algorithm::HmacSha512] {
        let secrets: Vec<Vec<u8>> = (0..2)
            .map(|_| {
                let key = Key::generate(alg).unwrap();
                Encoding::Hex
                    .decode(&key.export_secret(Encoding::Hex).unwrap(), "secret")
                    .unwrap()
            })
            .collect();
        let len = match alg {
            Algorithm::HmacSha256 => 32,
            Algorithm::HmacSha384 => 48,
            _ => 64,
        };
        for secret in &secrets {
            assert_eq!(secret.len(), len, "{alg}");
            // 2^-256 or less for a fair generator: an all-zero secret means none was drawn.
            assert!(secret.iter().any(|&b| b != 0), "{alg}: an all-zero secret");
        }
        assert_ne!(secrets[0], secrets[1], "{alg}: two generated secrets are equal");
    }
}

#[test]
fn jwk_alg_member_and_argument_must_agree() {
    let jwk = r#"{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}"#;
    assert_eq!(Key::from_jwk(jwk, None).unwrap().algorithm(), Algorithm::HmacSha256);
    assert_eq!(
        Key::from_jwk(jwk, Some(Algorithm::HmacSha256)).unwrap().algorithm(),
        Algorithm::HmacSha256
    );
    let e = Key::from_jwk(jwk, Some(Algorithm::HmacSha512)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::AlgorithmMismatch, "{e}");
    assert!(
        e.message().contains("the JWK says alg hmac-sha256, but hmac-sha512"),
        "{e}"
    );
}

#[test]
fn jwk_ec_coordinates_must_both_have_the_curve_size() {
    let key = Key::generate(Algorithm::EcdsaP256Sha256).unwrap();
    let jwk: serde_json::Value = serde_json::from_str(&key.public_jwk().unwrap()).unwrap();
    assert_eq!(jwk["crv"], "P-256");
    let short = Encoding::Base64Url.encode(&[1; 31]);
    for member in ["x", "y"] {
        let mut bad = jwk.clone();
        bad[member] = short.clone().into();
        let message = invalid_key_message(Key::from_jwk(&bad.to_string(), None));
        assert!(
            message.contains("EC coordinates must be 32 bytes each"),
            "{member}: {message}"
        );
    }
    let p384 = Key::generate(Algorithm::EcdsaP384Sha384).unwrap();
    let jwk: serde_json::Value = serde_json::from_str(&p384.public_jwk().unwrap()).unwrap();
    assert_eq!(jwk["crv"], "P-384");
    let point = p384.public_bytes().unwrap();
    assert_eq!(jwk["x"], Encoding::Base64Url.encode(&point[1..49]));
    assert_eq!(jwk["y"], Encoding::Base64Url.encode(&point[49..]));
}

#[test]
fn encoding_errors_hint_at_the_other_base64_alphabet() {
    let e = Encoding::Base64Url.decode("ab+/cd==x", "signature").unwrap_err();
    assert!(e.message().contains("is it plain base64?"), "{e}");
    let e = Encoding::Base64.decode("ab-_cd==x", "signature").unwrap_err();
    assert!(e.message().contains("is it base64url?"), "{e}");
    for (encoding, text) in [
        (Encoding::Base64Url, "a-b_c!"),
        (Encoding::Base64, "a+b/c!"),
        (Encoding::Hex, "+-zz"),
    ] {
        let e = encoding.decode(text, "secret").unwrap_err();
        assert_eq!(e.code(), ErrorCode::MalformedSignature);
        assert_eq!(e.message(), format!("secret is not valid {encoding}"), "{text}");
    }
}

#[test]
fn encodings_print_and_parse_by_name() {
    for (encoding, name) in [
        (Encoding::Base64Url, "base64url"),
        (Encoding::Base64, "base64"),
        (Encoding::Hex, "hex"),
    ] {
        assert_eq!(encoding.to_string(), name);
        assert_eq!(name.parse::<Encoding>().unwrap(), encoding);
    }
    let e = "base32".parse::<Encoding>().unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidOption);
}
