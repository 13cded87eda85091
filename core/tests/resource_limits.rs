//! Inputs built to exhaust a resource: the 64 MiB size limit, 100,000-deep nesting, a
//! million tiny members, numbers and strings of a million characters. Each gets a clear
//! error or a result, never a stack overflow, an out-of-memory abort or a hang. (A million
//! members and an 8 MB string are in robustness.rs.) The tests run unoptimized in CI, so
//! the inputs are built once and each is read a bounded number of times.
#![allow(clippy::unwrap_used)]

use canonsig::canon::{canonicalize_value, Value, DEFAULT_MAX_SIZE, MAX_VALUE_DEPTH};
use canonsig::diff::explain;
use canonsig::scheme::{sfv, Request};
use canonsig::{canonicalize, canonicalize_with, ErrorCode, Options, Profile};

const DEEP: usize = 100_000;

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> Vec<u8> {
    let mut doc = open.repeat(depth).into_bytes();
    doc.extend_from_slice(inner.as_bytes());
    doc.extend_from_slice(close.repeat(depth).as_bytes());
    doc
}

#[test]
fn the_size_limit_is_exact_and_checked_before_reading() {
    // 64 MiB exactly: one string that fills the limit is read and written back.
    let mut doc = Vec::with_capacity(DEFAULT_MAX_SIZE + 1);
    doc.push(b'"');
    doc.resize(DEFAULT_MAX_SIZE - 1, b'a');
    doc.push(b'"');
    assert_eq!(doc.len(), DEFAULT_MAX_SIZE);
    assert_eq!(canonicalize(&doc).unwrap().len(), DEFAULT_MAX_SIZE);
    // One byte more is refused up front, whatever the bytes are.
    doc.insert(0, b' ');
    let e = canonicalize(&doc).unwrap_err();
    assert_eq!((e.code(), e.offset()), (ErrorCode::TooLarge, Some(DEFAULT_MAX_SIZE)));
    doc.fill(0xff);
    assert_eq!(canonicalize(&doc).unwrap_err().code(), ErrorCode::TooLarge);
    // A caller's smaller limit holds the same way.
    let small = Options::new().max_size(1024);
    assert_eq!(
        canonicalize_with(&doc[..1025], &small).unwrap_err().code(),
        ErrorCode::TooLarge
    );
}

#[test]
fn deep_nesting_is_refused_by_default_and_never_overflows_the_stack() {
    for (open, inner, close) in [("[", "", "]"), ("{\"a\":", "0", "}")] {
        let doc = nested(open, inner, close, DEEP);
        let e = canonicalize(&doc).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooDeep);
        assert!(
            e.path().unwrap().len() < 2_000,
            "the path names the limit's depth, not the input's"
        );
        assert_eq!(e.offset(), Some(128 * open.len()), "refused where depth 129 opens");
        // Without a depth limit the explicit stack carries it: the canonical form is the input.
        let unlimited = Options::new().max_depth(usize::MAX);
        for profile in Profile::ALL {
            let out = canonicalize_with(&doc, &unlimited.clone().profile(profile)).unwrap();
            assert_eq!(out, doc, "{profile}");
        }
        // Unclosed: an error at the end, not a recursion.
        assert_eq!(
            canonicalize_with(open.repeat(DEEP).as_bytes(), &unlimited)
                .unwrap_err()
                .code(),
            ErrorCode::UnexpectedEnd
        );
    }
}

#[test]
fn deep_documents_are_explained_as_text() {
    let expected = nested("[", "", "]", DEEP);
    let mut actual = expected.clone();
    actual.insert(DEEP, b'0'); // `[[...[0]...]]`
    let why = explain(&expected, &actual);
    assert!(!why.is_equal());
    assert_eq!(why.diff.first_difference.unwrap().offset, DEEP);
    assert!(
        !why.json,
        "beyond the reader's depth limit the sides are compared as text"
    );
}

#[test]
fn deep_values_stop_at_the_value_depth_ceiling() {
    // In-memory values are walked recursively, so they have a hard ceiling.
    let mut v = Value::Null;
    for _ in 0..MAX_VALUE_DEPTH + 1 {
        v = Value::Array(vec![v]);
    }
    let unlimited = Options::new().max_depth(usize::MAX);
    assert_eq!(
        canonicalize_value(&v, &unlimited).unwrap_err().code(),
        ErrorCode::TooDeep
    );
    // Take it apart iteratively: dropping a 10,000-deep tree recursively is the test's
    // problem, not the library's.
    while let Value::Array(mut items) = v {
        v = items.pop().unwrap_or(Value::Null);
    }
}

#[test]
fn huge_numbers_are_refused_or_exact_never_slow_or_wrong() {
    let digits = "9".repeat(1_000_000);
    // A million-digit integer: binary64 profiles refuse it (it is out of range), the
    // Python profiles keep integers exactly.
    for profile in [Profile::Jcs, Profile::GoJson] {
        let opts = Options::new().profile(profile);
        let e = canonicalize_with(digits.as_bytes(), &opts).unwrap_err();
        assert!(
            matches!(e.code(), ErrorCode::UnsafeInteger | ErrorCode::NumberOutOfRange),
            "{profile}: {e}"
        );
        assert!(e.message().len() < 200, "the message does not echo a million digits");
        let e = canonicalize_with(digits.as_bytes(), &opts.allow_unsafe_integers(true)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NumberOutOfRange, "{profile}");
    }
    let exact = canonicalize_with(digits.as_bytes(), &Options::new().profile(Profile::PythonSorted)).unwrap();
    assert_eq!(exact, digits.as_bytes());
    // Exponents beyond any integer type, and a million fractional zeros.
    for (text, code) in [
        ("1e99999999999999999999999999", Some(ErrorCode::NumberOutOfRange)),
        ("-1E+99999999999999999999999999", Some(ErrorCode::NumberOutOfRange)),
        ("1e-99999999999999999999999999", None),
        ("0e99999999999999999999999999", None),
    ] {
        match (canonicalize(text.as_bytes()), code) {
            (Err(e), Some(c)) => assert_eq!(e.code(), c, "{text}"),
            (Ok(out), None) => assert!(out == b"0" || out == b"-0", "{text}"),
            (r, _) => panic!("{text}: {r:?}"),
        }
    }
    let tiny = format!("0.{}1", "0".repeat(1_000_000));
    assert_eq!(canonicalize(tiny.as_bytes()).unwrap(), b"0");
    let long_mantissa = format!("1.{}", "0".repeat(1_000_000));
    assert_eq!(canonicalize(long_mantissa.as_bytes()).unwrap(), b"1");
}

#[test]
fn huge_strings_and_escapes_are_linear() {
    // Four MiB of \u escapes (a million escaped characters) decode to a million characters.
    let escaped = format!("[\"{}\"]", "\\u00e9".repeat(1 << 20));
    let out = canonicalize(escaped.as_bytes()).unwrap();
    assert_eq!(out.len(), 4 + 2 * (1 << 20));
    // A million surrogate pairs, and a lone one at the very end.
    let mut pairs = format!("\"{}", "\\ud83d\\ude00".repeat(1 << 20));
    pairs.push_str("\\ud83d\"");
    let e = canonicalize(pairs.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LoneSurrogate);
    assert_eq!(e.offset(), Some(1 + 12 * (1 << 20)));
    // A million-character member name, twice: the duplicate is found.
    let name = "k".repeat(1 << 20);
    let dup = format!("{{\"{name}\":1,\"{name}\":2}}");
    assert_eq!(
        canonicalize(dup.as_bytes()).unwrap_err().code(),
        ErrorCode::DuplicateKey
    );
}

#[test]
fn header_parsers_and_the_request_reader_scale_linearly() {
    // A Structured Fields dictionary of 100,000 members (duplicates were found by a scan per
    // member: quadratic), the same as parameters, and a 1 MB string item.
    let dict: Vec<String> = (0..100_000).map(|i| format!("k{i}=?1")).collect();
    let dict = dict.join(", ");
    assert_eq!(sfv::parse_dictionary(&dict).unwrap().len(), 100_000);
    let params: String = (0..100_000).map(|i| format!(";p{i}")).collect();
    assert_eq!(sfv::parse_item(&format!("a{params}")).unwrap().params.len(), 100_000);
    // A repeated key still overwrites in place (RFC 8941 §4.2.2).
    let d = sfv::parse_dictionary("a=1, b=2, a=3").unwrap();
    assert_eq!(d.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(d.get("a").unwrap().as_item().unwrap().bare.as_integer(), Some(3));
    let item = format!("\"{}\"", "x".repeat(1 << 20));
    assert_eq!(sfv::parse_item(&item).unwrap().bare.as_string().unwrap().len(), 1 << 20);
    // A request with 100,000 header lines (each folded once) and a 16 MB body.
    let mut raw = b"POST / HTTP/1.1\n".to_vec();
    for i in 0..100_000 {
        raw.extend_from_slice(format!("X-H{i}: a\n b\n").as_bytes());
    }
    raw.extend_from_slice(b"\n");
    raw.resize(raw.len() + (16 << 20), b'z');
    let req = Request::parse_http(&raw).unwrap();
    assert_eq!(req.headers().len(), 100_000);
    assert_eq!(req.body_bytes().len(), 16 << 20);
}
