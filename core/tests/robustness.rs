//! Hostile input never panics, and whatever is accepted is a fixed point that a
//! general-purpose parser reads back as the same data.
#![allow(clippy::unwrap_used)]

use canonsig::{canonicalize, canonicalize_with, Options, Profile};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    r#"{"a":[1,2.5,-0,1e21,"x\u00e9\ud83d\ude00"],"b":{"c":null,"d":true,"":false}}"#,
    r#"[{"z":"\n\t\"\\/","y":[[],{}]},123456789012,0.000001,"é😀"]"#,
    r#"{"\u0061":1,"b":"\u2028<>&","\ue000":2,"😀":3}"#,
];

const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\\udc00",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"-",
    b"1e400",
    b"NaN",
    b"\xff",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xef\xbb\xbf",
    b"\x00",
    b" ",
    b"0",
    b"01",
    b".",
    b"e",
    b"\"a\"",
];

#[test]
fn mutated_documents_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for i in 0..60_000 {
        let mut doc = SEEDS[i % SEEDS.len()].as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(doc.len() + 1);
            match rng.below(4) {
                0 if !doc.is_empty() => {
                    let end = (at + 1 + rng.below(4)).min(doc.len());
                    doc.drain(at.min(end)..end);
                }
                1 => {
                    let piece = INTERESTING[rng.below(INTERESTING.len())];
                    doc.splice(at..at, piece.iter().copied());
                }
                2 if at < doc.len() => doc[at] = rng.next() as u8,
                _ => doc.truncate(at),
            }
        }
        let profile = Profile::ALL[i % Profile::ALL.len()];
        let options = Options::new().profile(profile).max_depth(1 + rng.below(8));
        if let Ok(out) = canonicalize_with(&doc, &options) {
            accepted += 1;
            assert_eq!(
                canonicalize_with(&out, &options).unwrap(),
                out,
                "fixed point for {profile}"
            );
            if profile == Profile::Jcs {
                let a: serde_json::Value = serde_json::from_slice(&doc).unwrap();
                let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
                assert!(
                    same(&a, &b),
                    "same data after canonicalization: {}",
                    String::from_utf8_lossy(&doc)
                );
            }
        }
    }
    assert!(
        accepted > 1_000,
        "the mutator should still produce valid documents ({accepted})"
    );
}

/// Equal as data: numbers compared as binary64 (so -0 equals 0, which RFC 8785 writes as `0`).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let len = rng.below(40);
        let doc: Vec<u8> = (0..len)
            .map(|_| b"{}[]\",:0123456789-+.eEtrufalsn \\u\xff"[rng.below(34)])
            .collect();
        let _ = canonicalize(&doc);
    }
}

#[test]
fn large_inputs_stay_linear_and_bounded() {
    // A million tiny members, and one 8 MB string: answered, not hung or crashed.
    let mut doc = String::from("{");
    for i in 0..1_000_000u32 {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str(&format!("\"{:x}\":{}", 999_999 - i, i % 10));
    }
    doc.push('}');
    let out = canonicalize(doc.as_bytes()).unwrap();
    assert_eq!(out.len(), doc.len());
    let big = format!("[\"{}\"]", "é".repeat(4 << 20));
    assert_eq!(canonicalize(big.as_bytes()).unwrap(), big.as_bytes());
}
