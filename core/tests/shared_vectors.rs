//! The public RFC 8785 vectors in `../shared/vectors/jcs`, read in place.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use canonsig::{canonicalize, canonicalize_value, canonicalize_with, ErrorCode, Number, Options, Value};
use common::{hex, shared_vectors};

#[test]
fn cyberphone_reference_testdata() {
    let Some(dir) = shared_vectors("jcs/cyberphone") else {
        return;
    };
    let mut ran = 0;
    for entry in std::fs::read_dir(dir.join("input")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let input = std::fs::read(&path).unwrap();
        let expected = std::fs::read(dir.join("output").join(format!("{name}.json"))).unwrap();
        let expected_hex = hex(&std::fs::read_to_string(dir.join("outhex").join(format!("{name}.txt"))).unwrap());
        assert_eq!(expected, expected_hex, "{name}: output and outhex disagree");
        let got = canonicalize(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        ran += 1;
    }
    assert_eq!(ran, 6, "expected the six cyberphone test files");
}

#[test]
fn es6_numbers_10k() {
    let Some(dir) = shared_vectors("jcs") else { return };
    let text = std::fs::read_to_string(dir.join("es6-numbers-10k.txt")).unwrap();
    let mut ran = 0;
    for line in text.lines() {
        let (bits, expected) = line.split_once(',').unwrap();
        let v = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        // Through an in-memory value...
        let got = canonicalize_value(&Value::Number(Number::Float(v)), &Options::default()).unwrap();
        assert_eq!(std::str::from_utf8(&got).unwrap(), expected, "value {bits}");
        // ...and through text, which exercises the decimal-to-binary parse.
        let got = canonicalize(format!("{v:e}").as_bytes()).unwrap();
        assert_eq!(std::str::from_utf8(&got).unwrap(), expected, "text {bits}");
        ran += 1;
    }
    assert_eq!(ran, 10_000);
}

#[test]
fn rfc8785_appendix_b_numbers() {
    let Some(dir) = shared_vectors("jcs") else { return };
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("rfc8785-appendix-b-numbers.json")).unwrap()).unwrap();
    let cases = cases.as_array().unwrap();
    for case in cases {
        let bits = u64::from_str_radix(case["ieee_hex"].as_str().unwrap(), 16).unwrap();
        let v = f64::from_bits(bits);
        let got = canonicalize_value(&Value::Number(Number::Float(v)), &Options::default());
        match case["expected"].as_str() {
            Some(expected) => assert_eq!(got.unwrap(), expected.as_bytes(), "{bits:016x}"),
            None => assert_eq!(got.unwrap_err().code(), ErrorCode::NonFiniteNumber, "{bits:016x}"),
        }
    }
    assert!(cases.len() >= 20, "appendix B has at least 20 numbers");
}

#[test]
fn edge_cases() {
    let Some(dir) = shared_vectors("jcs") else { return };
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("edge_cases.json")).unwrap()).unwrap();
    let lenient = Options::new().allow_unsafe_integers(true);
    let mut ran = 0;
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap().as_bytes();
        let strict = canonicalize(input);
        if let Some(expected) = case["expected"].as_str() {
            // Peers that reject do so for integers beyond 2^53, which canonsig refuses by
            // default and formats like the other peers when allowed.
            let rejected_for_big_ints = case["peers_rejecting"].as_array().is_some_and(|p| !p.is_empty());
            if rejected_for_big_ints {
                assert_eq!(strict.unwrap_err().code(), ErrorCode::UnsafeInteger, "{name}");
                assert_eq!(
                    canonicalize_with(input, &lenient).unwrap(),
                    expected.as_bytes(),
                    "{name}"
                );
            } else {
                assert_eq!(strict.unwrap(), expected.as_bytes(), "{name}");
            }
        } else {
            assert_eq!(case["expected_error"], true, "{name}");
            let code = strict.unwrap_err().code();
            let allowed = [
                ErrorCode::LoneSurrogate,
                ErrorCode::NumberOutOfRange,
                ErrorCode::DuplicateKey,
            ];
            assert!(allowed.contains(&code), "{name}: {code}");
        }
        ran += 1;
    }
    assert_eq!(ran, cases.as_array().unwrap().len());
}
