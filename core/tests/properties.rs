//! Property tests (proptest) over generated JSON values, byte strings and keys:
//! canonicalization is idempotent, reads back as the same data, and ignores member order
//! and whitespace; sign-then-verify always succeeds and a changed byte fails exactly when
//! the signed bytes change; a diff names the common-prefix length as its first difference.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use canonsig::diff::{diff, explain};
use canonsig::sign::{sign_json, Algorithm, Encoding, Key, SignOptions, Signature, Verifier};
use canonsig::{canonicalize_with, ErrorCode, ErrorKind, Options, Profile};
use proptest::prelude::*;

/// A JSON value with unique member names, integers within +-(2^53-1) and finite floats:
/// the data every profile accepts.
#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

const SAFE: i64 = (1 << 53) - 1;

fn text() -> impl Strategy<Value = String> {
    // Mostly short ASCII, with the characters that escape or sort differently per profile.
    prop_oneof![
        "[a-z]{0,4}",
        proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                Just('\u{7f}'),
                Just('\u{2028}'),
                Just('"'),
                Just('\\'),
                Just('<'),
                Just('\u{0}')
            ],
            0..6
        )
        .prop_map(|c| c.into_iter().collect()),
    ]
}

fn json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        (-SAFE..=SAFE).prop_map(J::Int),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(J::Float),
        text().prop_map(J::Str),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(J::Arr),
            proptest::collection::vec((text(), inner), 0..6).prop_map(|mut members| {
                let mut seen = std::collections::HashSet::new();
                members.retain(|(k, _)| seen.insert(k.clone()));
                J::Obj(members)
            }),
        ]
    })
}

/// Deterministic choices (member order, whitespace, escapes, number spelling) from a seed.
struct Style(u64);

impl Style {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn ws(&mut self, out: &mut String) {
        for _ in 0..self.next() % 3 {
            out.push([' ', '\t', '\n', '\r'][(self.next() % 4) as usize]);
        }
    }

    fn string(&mut self, s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 || self.next() % 4 == 0 => {
                    // \uXXXX (a surrogate pair beyond the BMP): the same string, spelled otherwise.
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn write(&mut self, v: &J, out: &mut String) {
        self.ws(out);
        match v {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(i) => out.push_str(&i.to_string()),
            // Shortest round-trip decimal, or the exponent form: both read back as the same f64.
            J::Float(f) if self.next() % 2 == 0 => out.push_str(&format!("{f:?}")),
            J::Float(f) => out.push_str(&format!("{f:e}")),
            J::Str(s) => self.string(s, out),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write(item, out);
                }
                self.ws(out);
                out.push(']');
            }
            J::Obj(members) => {
                let mut order: Vec<usize> = (0..members.len()).collect();
                for i in (1..order.len()).rev() {
                    order.swap(i, (self.next() % (i as u64 + 1)) as usize);
                }
                out.push('{');
                for (n, &i) in order.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    self.ws(out);
                    self.string(&members[i].0, out);
                    self.ws(out);
                    out.push(':');
                    self.write(&members[i].1, out);
                }
                self.ws(out);
                out.push('}');
            }
        }
        self.ws(out);
    }
}

fn render(v: &J, seed: u64) -> String {
    let mut out = String::new();
    Style(seed | 1).write(v, &mut out);
    out
}

/// The data a general-purpose parser (serde_json) reads equals the generated value
/// (numbers as binary64, so -0 equals 0).
fn same(j: &J, v: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (j, v) {
        (J::Null, V::Null) => true,
        (J::Bool(a), V::Bool(b)) => a == b,
        (J::Int(a), V::Number(n)) => n.as_f64() == Some(*a as f64),
        (J::Float(a), V::Number(n)) => n.as_f64() == Some(*a),
        (J::Str(a), V::String(b)) => a == b,
        (J::Arr(a), V::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (J::Obj(a), V::Object(b)) => a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y))),
        _ => false,
    }
}

fn profile() -> impl Strategy<Value = Profile> {
    proptest::sample::select(Profile::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn canonicalize_is_idempotent_and_reads_back_as_the_same_data(v in json(), seed in any::<u64>(), p in profile()) {
        let opts = Options::new().profile(p);
        let out = canonicalize_with(render(&v, seed).as_bytes(), &opts).unwrap();
        prop_assert_eq!(&canonicalize_with(&out, &opts).unwrap(), &out);
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        prop_assert!(same(&v, &back), "{} read back as {}", String::from_utf8_lossy(&out), back);
    }

    #[test]
    fn member_order_whitespace_and_escapes_do_not_change_the_bytes(
        v in json(), a in any::<u64>(), b in any::<u64>(), p in profile()
    ) {
        let opts = Options::new().profile(p);
        let (one, two) = (render(&v, a), render(&v, b));
        prop_assert_eq!(
            canonicalize_with(one.as_bytes(), &opts).unwrap(),
            canonicalize_with(two.as_bytes(), &opts).unwrap(),
            "{} vs {}", one, two
        );
    }

    #[test]
    fn diff_of_equal_inputs_is_empty(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let d = diff(&bytes, &bytes);
        prop_assert!(d.is_equal() && d.first_difference.is_none() && d.changes.is_empty());
        let e = explain(&bytes, &bytes);
        prop_assert!(e.is_equal() && e.findings.is_empty());
    }

    #[test]
    fn diff_names_the_common_prefix_length(
        prefix in proptest::collection::vec(any::<u8>(), 0..100),
        left in proptest::collection::vec(any::<u8>(), 0..40),
        right in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let (a, b) = ([prefix.clone(), left].concat(), [prefix, right].concat());
        prop_assume!(a != b);
        let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        prop_assert_eq!(diff(&a, &b).first_difference.map(|p| p.offset), Some(common));
        let e = explain(&a, &b);
        prop_assert_eq!(e.diff.first_difference.map(|p| p.offset), Some(common));
        prop_assert!(!e.findings.is_empty(), "an unequal pair names at least one cause");
    }

    #[test]
    fn diff_of_two_spellings_of_json_names_the_common_prefix(v in json(), a in any::<u64>(), b in any::<u64>()) {
        let (one, two) = (render(&v, a), render(&v, b));
        prop_assume!(one != two);
        let common = one.bytes().zip(two.bytes()).take_while(|(x, y)| x == y).count();
        let e = explain(one.as_bytes(), two.as_bytes());
        prop_assert_eq!(e.diff.first_difference.map(|p| p.offset), Some(common));
        prop_assert!(e.same_data(), "{:?} vs {:?}: {:?}", one, two, e.causes());
    }
}

/// One key per algorithm, generated once (RSA generation is slow) and reloaded from PEM.
fn key(alg: Algorithm) -> Key {
    static PEMS: OnceLock<Vec<(Algorithm, String)>> = OnceLock::new();
    if alg.is_hmac() {
        return Key::hmac(alg, b"property-test-secret-32-bytes!!!").unwrap();
    }
    let pems = PEMS.get_or_init(|| {
        Algorithm::ALL
            .iter()
            .filter(|a| !a.is_hmac())
            .map(|&a| (a, Key::generate(a).unwrap().export_private_pem().unwrap()))
            .collect()
    });
    let (_, pem) = pems.iter().find(|(a, _)| *a == alg).unwrap();
    Key::from_pem(pem, Some(alg)).unwrap()
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL.to_vec())
}

const NOW: u64 = 1_800_000_000;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_succeeds_and_a_changed_payload_byte_fails_iff_the_signed_bytes_change(
        alg in algorithm(), v in json(), seed in any::<u64>(), kid in "[a-z0-9-]{0,12}",
        nonce in proptest::option::of("[A-Za-z0-9]{1,16}"), at in any::<proptest::sample::Index>(), byte in any::<u8>(),
    ) {
        let key = key(alg).with_key_id(kid);
        let payload = render(&v, seed);
        let mut opts = SignOptions::default().created(NOW);
        if let Some(n) = nonce {
            opts = opts.nonce(n);
        }
        let sig = sign_json(payload.as_bytes(), &key, &opts).unwrap();
        let verifier = Verifier::new(vec![key.verifying_key().unwrap()]).clock(|| NOW);
        verifier.verify_json(payload.as_bytes(), &sig).unwrap();
        verifier.verify_json(render(&v, seed.rotate_left(17)).as_bytes(), &sig).unwrap();
        // One byte of the payload changed: verifies exactly when the canonical bytes are unchanged
        // (`1e21` and `1E21` are the same number); anything else is an error.
        let mut changed = payload.clone().into_bytes();
        let i = at.index(changed.len());
        prop_assume!(changed[i] != byte);
        changed[i] = byte;
        let signed = canonicalize_with(payload.as_bytes(), &Options::default()).unwrap();
        match canonicalize_with(&changed, &Options::default()) {
            Ok(c) if c == signed => { verifier.verify_json(&changed, &sig).unwrap(); }
            Ok(_) => prop_assert_eq!(
                verifier.verify_json(&changed, &sig).unwrap_err().code(), ErrorCode::SignatureMismatch
            ),
            Err(_) => prop_assert_eq!(
                verifier.verify_json(&changed, &sig).unwrap_err().kind(), ErrorKind::Canonicalization
            ),
        }
    }

    #[test]
    fn any_single_byte_change_of_the_signature_fails(
        alg in algorithm(), at in any::<proptest::sample::Index>(), flip in 1u8..=255,
    ) {
        let key = key(alg).with_key_id("k");
        let sig = sign_json(br#"{"a":[1,"x"]}"#, &key, &SignOptions::default().created(NOW)).unwrap();
        let verifier = Verifier::new(vec![key.verifying_key().unwrap()]).clock(|| NOW);
        let mut bad = sig.clone();
        let i = at.index(bad.value.len());
        bad.value[i] ^= flip;
        let code = verifier.verify_json(br#"{"a":[1,"x"]}"#, &bad).unwrap_err().code();
        prop_assert!(
            matches!(code, ErrorCode::SignatureMismatch | ErrorCode::MalformedSignature),
            "{alg}: {code:?}"
        );
    }

    #[test]
    fn a_changed_header_byte_verifies_only_if_it_reads_back_as_the_same_signature(
        alg in algorithm(), at in any::<proptest::sample::Index>(), byte in any::<u8>(),
    ) {
        let key = key(alg).with_key_id("k-1");
        let sig = sign_json(b"[true]", &key, &SignOptions::default().created(NOW).nonce("n1")).unwrap();
        let verifier = Verifier::new(vec![key.verifying_key().unwrap()]).clock(|| NOW);
        let mut header = sig.to_header().into_bytes();
        let i = at.index(header.len());
        header[i] = byte;
        let Ok(text) = String::from_utf8(header) else { return Ok(()); };
        if let Ok(parsed) = Signature::parse(&text, Encoding::Base64Url) {
            if verifier.verify_json(b"[true]", &parsed).is_ok() {
                // The algorithm belongs to the key, so a header that lost `alg` still verifies;
                // everything else must be what was signed.
                let mut same = parsed.clone();
                if same.algorithm.is_none() {
                    same.algorithm = sig.algorithm;
                }
                prop_assert_eq!(same, sig, "{} verified", text);
            }
        }
    }
}
