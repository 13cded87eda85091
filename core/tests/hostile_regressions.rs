//! Inputs that fuzzing or the property tests (core/tests/properties.rs) once got wrong,
//! kept as fixed cases. Fuzz crashes also live as files in fuzz/regressions/<target>/,
//! which every fuzz run replays.
#![allow(clippy::unwrap_used)]

use canonsig::diff::{explain, Cause};

/// A lone CR (not part of a CRLF) around a JSON value is layout, not a changed value:
/// the whitespace comparison used to drop every CR, leaving nothing to name.
#[test]
fn a_lone_carriage_return_is_whitespace_not_a_changed_value() {
    for (expected, actual) in [
        (&b"\"\""[..], &b"\"\"\r"[..]),
        (b"\"\"", b"\r\"\"\n\r"),
        (b"1", b"1\n\r"),
        (b"[1,2]", b"[1,\r2]"),
    ] {
        let why = explain(expected, actual);
        assert_eq!(why.causes(), [Cause::Whitespace], "{actual:?}");
        assert!(why.same_data());
    }
    // The CR of a CRLF is still line endings' business.
    let why = explain(b"{\n\"a\":1\n}\n", b"{\r\n\"a\":1\r\n}\r\n");
    assert_eq!(why.causes(), [Cause::LineEndings]);
}

/// Found by the common-prefix property: an empty expected side against one line of added
/// text indexed the first line of an empty block (fuzz/regressions/explain/empty-vs-nul).
#[test]
fn an_empty_side_against_added_text_does_not_panic() {
    for (expected, actual) in [
        (&b""[..], &b"\0"[..]),
        (b"", b"x"),
        (b"a: 1\n", b"a: 1\nb: 2\n"),
        (b"\0", b""),
    ] {
        let why = explain(expected, actual);
        assert!(!why.is_equal());
        assert!(!why.findings.is_empty(), "{actual:?}");
    }
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fuzz/regressions/explain/empty-vs-nul"
    ))
    .unwrap();
    assert_eq!(
        input, b"\xff\x00\x00",
        "the fuzz input is the split marker, then one NUL"
    );
    assert_eq!(explain(b"", b"\0").diff.first_difference.map(|p| p.offset), Some(0));
}

/// Found by the two-spellings property: whitespace that moved between tokens (same runs,
/// other gaps) was not seen, and the fallback called it a changed value.
#[test]
fn whitespace_that_moves_between_tokens_is_whitespace() {
    for (expected, actual) in [
        (&b"[1, 2]"[..], &b"[1 ,2]"[..]),
        (b"null\r", b"\rnull"),
        (b"null ", b" null"),
        (br#"{"a": 1}"#, br#"{"a" :1}"#),
    ] {
        let why = explain(expected, actual);
        assert_eq!(why.causes(), [Cause::Whitespace], "{actual:?}");
    }
}

/// Found as a flaky failure of sign_policy.rs (about one run in 128): a raw ECDSA `r||s`
/// signature cut short whose first byte happened to be 0x30 was taken for DER, so it was a
/// `signature_mismatch` instead of `malformed_signature`.
#[test]
fn a_truncated_raw_ecdsa_signature_starting_with_0x30_is_malformed() {
    use canonsig::sign::{Algorithm, Key};
    use canonsig::ErrorCode;
    for alg in [Algorithm::EcdsaP256Sha256, Algorithm::EcdsaP384Sha384] {
        let key = Key::generate(alg).unwrap();
        // Sign until a signature starts with 0x30 (r's first byte is uniform: ~256 tries).
        let sig = (0..20_000)
            .map(|i| key.sign(format!("m{i}").as_bytes()).map(|s| (i, s)).unwrap())
            .find(|(_, s)| s[0] == 0x30)
            .unwrap();
        let (i, mut raw) = sig;
        let message = format!("m{i}");
        key.verify(message.as_bytes(), &raw).unwrap();
        raw.pop();
        assert_eq!(
            key.verify(message.as_bytes(), &raw).unwrap_err().code(),
            ErrorCode::MalformedSignature,
            "{alg}"
        );
        // A real DER signature still verifies.
        let der = der_from_raw(&key.sign(b"der").unwrap());
        key.verify(b"der", &der).unwrap();
    }
}

/// DER-encodes a raw `r||s` ECDSA signature (RFC 3279 Ecdsa-Sig-Value), written out here so
/// the test does not use canonsig's own encoder.
fn der_from_raw(raw: &[u8]) -> Vec<u8> {
    let int = |mut v: &[u8]| {
        while v.len() > 1 && v[0] == 0 {
            v = &v[1..];
        }
        let mut out = vec![0x02];
        let pad = v[0] & 0x80 != 0;
        out.push((v.len() + usize::from(pad)) as u8);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        out
    };
    let (r, s) = raw.split_at(raw.len() / 2);
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}
