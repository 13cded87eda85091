//! The in-memory paths (`Serialize`, `Value`) agree with the text path and stay strict.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};

use canonsig::{canonicalize, canonicalize_value, to_canonical_vec, ErrorCode, Number, Options, Profile, Value};
use serde::Serialize;

#[derive(Serialize)]
struct Payment {
    currency: &'static str,
    amount: f64,
    memo: Option<String>,
    tags: Vec<&'static str>,
    kind: Kind,
    meta: HashMap<u32, bool>,
}

#[derive(Serialize)]
enum Kind {
    Card { last4: &'static str },
}

fn payment() -> Payment {
    Payment {
        currency: "EUR",
        amount: 10.5,
        memo: Some("café <&> \u{2028}".into()),
        tags: vec!["b", "a"],
        kind: Kind::Card { last4: "4242" },
        meta: HashMap::from([(10, true), (9, false)]),
    }
}

#[test]
fn serialize_matches_the_text_path_in_every_profile() {
    let text = serde_json::to_vec(&payment()).unwrap();
    for profile in Profile::ALL {
        let options = Options::new().profile(profile);
        let from_text = canonsig::canonicalize_with(&text, &options).unwrap();
        assert_eq!(to_canonical_vec(&payment(), &options).unwrap(), from_text, "{profile}");
    }
    assert_eq!(
        String::from_utf8(to_canonical_vec(&payment(), &Options::default()).unwrap()).unwrap(),
        r#"{"amount":10.5,"currency":"EUR","kind":{"Card":{"last4":"4242"}},"memo":"café <&> \u{2028}","meta":{"10":true,"9":false},"tags":["b","a"]}"#
            .replace("\\u{2028}", "\u{2028}")
    );
}

#[test]
fn nan_is_an_error_not_null() {
    // serde_json would quietly write `null` here, and the signature would cover the wrong value.
    let e = to_canonical_vec(&BTreeMap::from([("x", vec![1.0, f64::NAN])]), &Options::default()).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::NonFiniteNumber, Some("$.x[1]")));
    assert!(to_canonical_vec(&f64::INFINITY, &Options::default()).is_err());
}

#[test]
fn large_integers_follow_the_profile() {
    let e = to_canonical_vec(&[u64::MAX], &Options::default()).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::UnsafeInteger, Some("$[0]")));
    let python = Options::new().profile(Profile::PythonSorted);
    assert_eq!(
        to_canonical_vec(&[u64::MAX], &python).unwrap(),
        b"[18446744073709551615]"
    );
    assert_eq!(
        to_canonical_vec(&[i128::MIN], &python).unwrap(),
        format!("[{}]", i128::MIN).into_bytes()
    );
    assert_eq!(
        to_canonical_vec(&9_007_199_254_740_991_u64, &Options::default()).unwrap(),
        b"9007199254740991"
    );
}

#[test]
fn f32_is_widened_exactly() {
    // 0.1f32 is 0.100000001490116119384765625; binary64 prints it in full.
    assert_eq!(
        to_canonical_vec(&0.1f32, &Options::default()).unwrap(),
        b"0.10000000149011612"
    );
}

#[test]
fn unsupported_keys_and_duplicates_are_errors() {
    let e = to_canonical_vec(&HashMap::from([((1, 2), 3)]), &Options::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedValue);
    let dup = Value::Object(vec![("a".into(), Value::Null), ("a".into(), Value::Bool(true))]);
    let e = canonicalize_value(&Value::Array(vec![dup]), &Options::default()).unwrap_err();
    assert_eq!((e.code(), e.path()), (ErrorCode::DuplicateKey, Some("$[0].a")));
    let bad = Value::Number(Number::BigInt("01".into()));
    assert_eq!(
        canonicalize_value(&bad, &Options::default()).unwrap_err().code(),
        ErrorCode::UnsupportedValue
    );
}

#[test]
fn value_depth_is_bounded() {
    let mut v = Value::Null;
    for _ in 0..200 {
        v = Value::Array(vec![v]);
    }
    let e = canonicalize_value(&v, &Options::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooDeep);
    assert!(canonicalize_value(&v, &Options::new().max_depth(200)).is_ok());
}

/// Same members in any order, with any whitespace, give the same bytes; output is a fixed point.
#[test]
fn permutations_and_whitespace_do_not_matter() {
    let members = [
        r#""b":[1,{"y":2,"x":1}]"#,
        r#""a":"é""#,
        r#""\u00e9":0.5"#,
        r#""A":null"#,
        r#""😀":1e21"#,
    ];
    let mut expected = None;
    // All 120 orders of five members, with varying whitespace.
    let mut order: Vec<usize> = (0..members.len()).collect();
    let mut count = 0;
    permute(&mut order, 0, &mut |perm| {
        let ws = [" ", "\n", "\t", "\r\n  ", ""][count % 5];
        let body: Vec<&str> = perm.iter().map(|&i| members[i]).collect();
        let text = format!("{ws}{{{ws}{}{ws}}}{ws}", body.join(&format!("{ws},{ws}")));
        let out = canonicalize(text.as_bytes()).unwrap();
        assert_eq!(canonicalize(&out).unwrap(), out, "idempotent");
        match &expected {
            None => expected = Some(out),
            Some(e) => assert_eq!(&out, e, "{text}"),
        }
        count += 1;
    });
    assert_eq!(count, 120);
    assert_eq!(
        String::from_utf8(expected.unwrap()).unwrap(),
        r#"{"A":null,"a":"é","b":[1,{"x":1,"y":2}],"é":0.5,"😀":1e+21}"#
    );
}

fn permute(items: &mut Vec<usize>, k: usize, visit: &mut dyn FnMut(&[usize])) {
    if k == items.len() {
        visit(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permute(items, k + 1, visit);
        items.swap(k, i);
    }
}

/// Map keys of every type serde_json writes as a string come out as serde_json writes them
/// (then sorted); key types JSON has no string for are refused, not guessed.
#[test]
fn map_keys_of_every_scalar_type_match_serde_json() {
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Unit {
        Alpha,
        Beta,
    }
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Id(u16);

    fn same<K: Serialize + Ord>(keys: Vec<K>) {
        let map: BTreeMap<K, u8> = keys.into_iter().zip(1..).collect();
        let text = serde_json::to_vec(&map).unwrap();
        let expected = canonicalize(&text).unwrap();
        assert_eq!(
            to_canonical_vec(&map, &Options::default()).unwrap(),
            expected,
            "{}",
            String::from_utf8_lossy(&text)
        );
    }
    same(vec!['a', 'é', '"', '😀']);
    same(vec![i8::MIN, -1, 0, i8::MAX]);
    same(vec![i16::MIN, -7, i16::MAX]);
    same(vec![i32::MIN, -7, i32::MAX]);
    same(vec![i64::MIN, -7, i64::MAX]);
    same(vec![i128::MIN, -7, i128::MAX]);
    same(vec![0u8, u8::MAX]);
    same(vec![0u16, u16::MAX]);
    same(vec![0u32, u32::MAX]);
    same(vec![0u64, u64::MAX]);
    same(vec![0u128, u128::MAX]);
    same(vec![Unit::Alpha, Unit::Beta]);
    same(vec![Id(3), Id(40)]);

    let refused = [
        to_canonical_vec(&BTreeMap::from([(true, 1)]), &Options::default()),
        to_canonical_vec(&BTreeMap::from([(Some(1), 1)]), &Options::default()),
        to_canonical_vec(&BTreeMap::from([(vec![1u8], 1)]), &Options::default()),
    ];
    for (i, result) in refused.iter().enumerate() {
        let e = result.as_ref().unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnsupportedValue, "case {i}: {e}");
    }

    /// A map with the given keys (most of these key types are not `Ord`).
    struct MapOf<K>(K);
    impl<K: Serialize> Serialize for MapOf<K> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map([(&self.0, 1u8)])
        }
    }
    struct Bytes;
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b"k")
        }
    }
    #[derive(Serialize)]
    struct UnitStruct;
    #[derive(Serialize)]
    enum WithData {
        V(u8),
    }
    let options = Options::default();
    for (kind, result) in [
        ("f32", to_canonical_vec(&MapOf(1.5f32), &options)),
        ("f64", to_canonical_vec(&MapOf(1.5f64), &options)),
        ("bytes", to_canonical_vec(&MapOf(Bytes), &options)),
        ("None", to_canonical_vec(&MapOf(None::<u8>), &options)),
        ("()", to_canonical_vec(&MapOf(()), &options)),
        ("unit struct", to_canonical_vec(&MapOf(UnitStruct), &options)),
        ("newtype variant", to_canonical_vec(&MapOf(WithData::V(1)), &options)),
    ] {
        let e = result.unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnsupportedValue, "{kind}: {e}");
        assert!(
            e.message().contains("a map key must be a string, char or integer"),
            "{kind}: {e}"
        );
    }
}

#[test]
fn profiles_print_their_names_and_parse_back() {
    let names: Vec<String> = Profile::ALL.iter().map(|p| p.to_string()).collect();
    assert_eq!(names, ["jcs", "python-sorted", "python-sorted-unicode", "go-json"]);
    for profile in Profile::ALL {
        assert_eq!(profile.to_string().parse::<Profile>().unwrap(), profile);
    }
}
