//! Strict admission: every error code, with its byte offset and JSON path.
#![allow(clippy::unwrap_used)]

use canonsig::{canonicalize, canonicalize_with, check_canonical, ErrorCode, Options, Profile};

fn err(input: &[u8]) -> (ErrorCode, Option<usize>, Option<String>) {
    err_with(input, &Options::default())
}

fn err_with(input: &[u8], options: &Options) -> (ErrorCode, Option<usize>, Option<String>) {
    let e = canonicalize_with(input, options).expect_err("input must be rejected");
    (e.code(), e.offset(), e.path().map(str::to_string))
}

fn at(code: ErrorCode, offset: usize, path: &str) -> (ErrorCode, Option<usize>, Option<String>) {
    (code, Some(offset), Some(path.to_string()))
}

#[test]
fn duplicate_names_are_compared_after_unescaping() {
    assert_eq!(err(br#"{"a":1,"a":2}"#), at(ErrorCode::DuplicateKey, 7, "$.a"));
    assert_eq!(err(br#"{"a":1,"\u0061":2}"#), at(ErrorCode::DuplicateKey, 7, "$.a"));
    assert_eq!(
        err(br#"{"x":[0,{"b":1,"c":2,"b":3}]}"#),
        at(ErrorCode::DuplicateKey, 21, "$.x[1].b")
    );
    assert_eq!(
        err(br#"{"a b":1,"a b":1}"#),
        at(ErrorCode::DuplicateKey, 9, r#"$["a b"]"#)
    );
}

#[test]
fn invalid_utf8_is_located() {
    assert_eq!(err(b"[\"ab\xff\"]"), at(ErrorCode::InvalidUtf8, 4, "$[0]"));
    assert_eq!(err(b"\"\xc0\xaf\""), at(ErrorCode::InvalidUtf8, 1, "$"));
    assert_eq!(err(b"{\"k\":\"\xe2\x82\"}"), at(ErrorCode::InvalidUtf8, 6, "$.k"));
    assert_eq!(err(b"\"\x80\""), at(ErrorCode::InvalidUtf8, 1, "$"));
}

#[test]
fn lone_and_reversed_surrogates_are_rejected() {
    assert_eq!(err(br#""\ud800""#), at(ErrorCode::LoneSurrogate, 1, "$"));
    assert_eq!(err(br#""x\udc00""#), at(ErrorCode::LoneSurrogate, 2, "$"));
    assert_eq!(err(br#"["\ude00\ud83d"]"#), at(ErrorCode::LoneSurrogate, 2, "$[0]"));
    assert_eq!(err(br#"{"\ud83d":1}"#), at(ErrorCode::LoneSurrogate, 2, "$"));
    assert_eq!(err(br#""\ud83d\u0041""#), at(ErrorCode::LoneSurrogate, 1, "$"));
    // A surrogate encoded directly as UTF-8 bytes (CESU-8 / WTF-8).
    assert_eq!(err(b"\"\xed\xa0\x80\""), at(ErrorCode::LoneSurrogate, 1, "$"));
    // A complete pair is fine, in either hex case.
    assert_eq!(canonicalize(br#""\uD83D\uDE00""#).unwrap(), "\"😀\"".as_bytes());
}

#[test]
fn non_finite_and_out_of_range_numbers() {
    assert_eq!(err(b"[NaN]"), at(ErrorCode::NonFiniteNumber, 1, "$[0]"));
    assert_eq!(err(b"Infinity"), at(ErrorCode::NonFiniteNumber, 0, "$"));
    assert_eq!(err(b"{\"a\":-Infinity}"), at(ErrorCode::NonFiniteNumber, 5, "$.a"));
    assert_eq!(err(b"[1e400]"), at(ErrorCode::NumberOutOfRange, 1, "$[0]"));
    assert_eq!(err(b"-1E+400"), at(ErrorCode::NumberOutOfRange, 0, "$"));
    // Underflow is not an error: the nearest binary64 is zero.
    assert_eq!(canonicalize(b"1e-400").unwrap(), b"0");
}

#[test]
fn unsafe_integers_are_refused_unless_allowed() {
    assert_eq!(err(b"[9007199254740993]"), at(ErrorCode::UnsafeInteger, 1, "$[0]"));
    assert_eq!(
        err(b"{\"n\":-9007199254740993}"),
        at(ErrorCode::UnsafeInteger, 5, "$.n")
    );
    // 2^68 is exact in binary64, but its canonical text (295147905179352830000) would differ.
    assert_eq!(err(b"295147905179352825856").0, ErrorCode::UnsafeInteger);
    // Integers binary64 holds exactly, and spells as given, pass: canonical output reads back.
    assert_eq!(
        canonicalize(b"[9007199254740992,-10000000000000000]").unwrap(),
        b"[9007199254740992,-10000000000000000]"
    );
    let out = canonicalize(b"[1e16,1.5e17]").unwrap();
    assert_eq!(out, b"[10000000000000000,150000000000000000]");
    assert_eq!(canonicalize(&out).unwrap(), out);
    assert_eq!(
        canonicalize(b"[9007199254740991,-9007199254740991]").unwrap(),
        b"[9007199254740991,-9007199254740991]"
    );
    // Exponent and fraction forms are floats: their rounding is expected.
    assert_eq!(canonicalize(b"1e16").unwrap(), b"10000000000000000");
    let allow = Options::new().allow_unsafe_integers(true);
    // What JavaScript's Number(...) holds for these literals.
    assert_eq!(
        canonicalize_with(b"9007199254740993", &allow).unwrap(),
        b"9007199254740992"
    );
    assert_eq!(
        canonicalize_with(b"18446744073709551616", &allow).unwrap(),
        b"18446744073709552000"
    );
    // Python profiles keep integers exact, so nothing changes value.
    let python = Options::new().profile(Profile::PythonSorted);
    assert_eq!(
        canonicalize_with(b"[18446744073709551617,-0]", &python).unwrap(),
        b"[18446744073709551617,0]"
    );
}

#[test]
fn depth_limit_is_an_error_never_a_stack_overflow() {
    let deep = |n: usize| {
        let mut s = "[".repeat(n).into_bytes();
        s.extend(std::iter::repeat_n(b']', n));
        s
    };
    assert!(canonicalize(&deep(128)).is_ok());
    let (code, offset, path) = err(&deep(129));
    assert_eq!((code, offset), (ErrorCode::TooDeep, Some(128)));
    assert!(path.unwrap().ends_with("[0][0]"));
    // Far past any call stack: still a clean error, and fine when the limit allows it.
    assert_eq!(err(&deep(1_000_000)).0, ErrorCode::TooDeep);
    let unlimited = Options::new().max_depth(usize::MAX);
    assert_eq!(canonicalize_with(&deep(200_000), &unlimited).unwrap(), deep(200_000));
    assert_eq!(
        err_with(br#"{"a":{"b":[]}}"#, &Options::new().max_depth(2)),
        at(ErrorCode::TooDeep, 10, "$.a.b")
    );
}

#[test]
fn size_limit() {
    let options = Options::new().max_size(8);
    assert_eq!(err_with(b"[1,2,3,4,5]", &options).0, ErrorCode::TooLarge);
    assert_eq!(err_with(b"[1,2,3,4,5]", &options).1, Some(8));
    assert!(canonicalize_with(b"[1,2,3]", &options).is_ok());
}

#[test]
fn framing_errors() {
    assert_eq!(err(b"\xef\xbb\xbf{}").0, ErrorCode::Bom);
    assert_eq!(err(b"{} x"), (ErrorCode::TrailingData, Some(3), None));
    assert_eq!(err(b"1 2").1, Some(2));
    assert_eq!(err(b"").0, ErrorCode::EmptyInput);
    assert_eq!(err(b" \n\t").0, ErrorCode::EmptyInput);
    assert_eq!(err(b"\"a\nb\"").0, ErrorCode::ControlCharacter);
    assert_eq!(err(br#""\x""#), at(ErrorCode::InvalidEscape, 1, "$"));
    assert_eq!(err(br#""\u12G4""#), at(ErrorCode::InvalidEscape, 1, "$"));
    for bad in [&b"01"[..], b".5", b"1.", b"+1", b"-", b"1e", b"-a"] {
        let code = err(bad).0;
        assert!(
            matches!(
                code,
                ErrorCode::InvalidNumber | ErrorCode::Syntax | ErrorCode::UnexpectedEnd
            ),
            "{bad:?}: {code}"
        );
    }
    for bad in [&b"01"[..], b"[.5]", b"+1", b"-", b"[-]", b"1.", b"1e+"] {
        assert_eq!(err(bad).0, ErrorCode::InvalidNumber, "{}", String::from_utf8_lossy(bad));
    }
    assert_eq!(err(br#"{"a" 1}"#), at(ErrorCode::Syntax, 5, "$"));
    assert_eq!(err(b"[1,]"), at(ErrorCode::Syntax, 3, "$[1]"));
    assert_eq!(err(br#"{"a":1,}"#), at(ErrorCode::Syntax, 7, "$"));
    assert_eq!(err(b"'a'").0, ErrorCode::Syntax);
    assert_eq!(err(br#"{"a":"#).0, ErrorCode::UnexpectedEnd);
    assert_eq!(err(b"[1").0, ErrorCode::UnexpectedEnd);
    assert_eq!(err(b"\"abc").0, ErrorCode::UnexpectedEnd);
    assert_eq!(err(b"tru").0, ErrorCode::UnexpectedEnd);
    assert_eq!(err(b"trux").0, ErrorCode::Syntax);
}

#[test]
fn error_messages_say_what_and_where() {
    let e = canonicalize(br#"{"a":1,"a":2}"#).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("duplicate_key: "), "{text}");
    assert!(text.contains("at byte 7 ($.a)"), "{text}");
    assert!(text.contains("send each name once"), "{text}");
    let huge = format!("[{}]", "9".repeat(5000));
    let text = canonicalize(huge.as_bytes()).unwrap_err().to_string();
    assert!(
        text.len() < 400,
        "a long number is shortened in the message: {} bytes",
        text.len()
    );
}

#[test]
fn every_error_code_has_a_distinct_stable_name() {
    let mut names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ErrorCode::ALL.len());
    assert!(names.iter().all(|n| n
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')));
}

#[test]
fn profiles_have_stable_names() {
    for p in Profile::ALL {
        assert_eq!(p.name().parse::<Profile>().unwrap(), p);
    }
    assert_eq!("yaml".parse::<Profile>().unwrap_err().code(), ErrorCode::InvalidOption);
}

#[test]
fn check_reports_first_difference() {
    let d = check_canonical(b"{\"b\":1,\n\"a\":2}", &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!((d.offset, d.line, d.column), (2, 1, 3));
    assert_eq!(check_canonical(br#"{"a":2,"b":1}"#, &Options::default()).unwrap(), None);
    assert_eq!(
        check_canonical(b"{\"a\":1}\n", &Options::default())
            .unwrap()
            .unwrap()
            .offset,
        7
    );
}

#[test]
fn output_buffer_is_reused() {
    let mut out = Vec::new();
    canonsig::canonicalize_into(br#"{"b":1,"a":[true]}"#, &Options::default(), &mut out).unwrap();
    assert_eq!(out, br#"{"a":[true],"b":1}"#);
    canonsig::canonicalize_into(b"null", &Options::default(), &mut out).unwrap();
    assert_eq!(out, b"null");
}

#[test]
fn python_profiles_keep_integers_of_any_length() {
    let long = format!("[{}]", "9".repeat(310));
    let python = Options::new().profile(Profile::PythonSortedUnicode);
    assert_eq!(canonicalize_with(long.as_bytes(), &python).unwrap(), long.as_bytes());
    // The same literal in a binary64 profile is out of range even when allowed.
    let lenient = Options::new().allow_unsafe_integers(true);
    assert_eq!(err_with(long.as_bytes(), &lenient).0, ErrorCode::NumberOutOfRange);
}

#[test]
fn invisible_characters_are_escaped_in_paths_and_messages_are_bounded() {
    // A bidi override in a key must not reorder the terminal line that shows the error.
    let e = canonicalize("{\"\\u001b[31m\u{202e}x\":1,\"\\u001b[31m\u{202e}x\":2}".as_bytes()).unwrap_err();
    assert_eq!(e.path(), Some(r#"$["\u001b[31m\u202ex"]"#));
    assert!(
        !e.to_string().contains('\u{202e}') && !e.to_string().contains('\u{1b}'),
        "{e}"
    );
    let key = "k".repeat(5000);
    let e = canonicalize(format!("{{\"{key}\":1,\"{key}\":2}}").as_bytes()).unwrap_err();
    assert!(e.message().len() < 200, "{}", e.message());
}

/// The fast path for short literals must not skip the unsafe-integer check: the integer
/// literal 10^30 is refused (binary64 prints it as 1e+30), as `canonicalize_value` refuses
/// the integer 10^30, while the float literal 1e30 is fine.
#[test]
fn long_integer_literals_still_meet_the_unsafe_integer_check() {
    let err = canonsig::canonicalize(b"[1000000000000000000000000000000]").unwrap_err();
    assert_eq!(err.code(), canonsig::ErrorCode::UnsafeInteger);
    assert_eq!(canonsig::canonicalize(b"[1e30]").unwrap(), b"[1e+30]");
    assert_eq!(
        canonsig::canonicalize(b"[10000000000000000]").unwrap(),
        b"[10000000000000000]"
    );
}

#[test]
fn json_paths_print_identifiers_with_dots_and_other_names_quoted() {
    let mut path = canonsig::JsonPath::new();
    assert_eq!((path.to_string().as_str(), path.depth()), ("$", 0));
    for key in ["items", "_private", "$ref", "a1_b$c"] {
        path.push_key(key);
    }
    path.push_index(3);
    path.push_key("a b");
    path.push_key("1st");
    assert_eq!(path.to_string(), r#"$.items._private.$ref.a1_b$c[3]["a b"]["1st"]"#);
    assert_eq!(path.depth(), 7);
    path.pop();
    path.pop();
    assert_eq!(
        (path.to_string().as_str(), path.depth()),
        ("$.items._private.$ref.a1_b$c[3]", 5)
    );
}

/// A duplicate member name is quoted whole in the message up to 80 characters, and cut
/// to its first 40 beyond that, so one error stays one readable line.
#[test]
fn long_duplicate_names_are_cut_in_messages() {
    for (len, whole) in [(60, true), (80, true), (81, false), (300, false)] {
        let key = "k".repeat(len);
        let doc = format!(r#"{{"{key}":1,"{key}":2}}"#);
        let e = canonicalize(doc.as_bytes()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DuplicateKey);
        if whole {
            assert!(e.message().contains(&format!("\"{key}\"")), "{len}: {}", e.message());
        } else {
            let cut = format!("\"{}...\" ({len} characters)", "k".repeat(40));
            assert!(e.message().contains(&cut), "{len}: {}", e.message());
        }
    }
}

#[test]
fn syntax_errors_name_the_byte_and_the_offset() {
    let message = |input: &[u8]| canonicalize(input).unwrap_err().message().to_string();
    // A printable byte is shown as itself, any other as hex.
    assert!(message(b"[x]").contains("unexpected 'x' where"), "{}", message(b"[x]"));
    assert!(
        message(b"[\x01]").contains("unexpected byte 0x01 where"),
        "{}",
        message(b"[\x01]")
    );
    assert!(
        message(b"[\xff]").contains("unexpected byte 0xff where"),
        "{}",
        message(b"[\xff]")
    );
    // '+' or '.' before a digit is a malformed number; before anything else, a syntax error.
    assert_eq!(err(b"[+1]"), at(ErrorCode::InvalidNumber, 1, "$[0]"));
    assert_eq!(err(b"[.5]"), at(ErrorCode::InvalidNumber, 1, "$[0]"));
    assert_eq!(err(b"[+x]").0, ErrorCode::Syntax);
    assert_eq!(err(b"[.]").0, ErrorCode::Syntax);
    // An escape cut off by the end of the input: the offset is just past the backslash.
    assert_eq!(err(b"[\"ab\\").0, ErrorCode::UnexpectedEnd);
    assert_eq!(err(b"[\"ab\\").1, Some(5));
}

#[test]
fn out_of_range_numbers_are_quoted_and_long_ones_cut() {
    let message = |input: &str| canonicalize(input.as_bytes()).unwrap_err().message().to_string();
    assert!(
        message("[1e400]").contains("number 1e400 is too large for binary64"),
        "{}",
        message("[1e400]")
    );
    let long = format!("1{}e400", "0".repeat(60));
    let cut = format!("number {}...({} digits) is too large", &long[..20], long.len());
    assert!(
        message(&format!("[{long}]")).contains(&cut),
        "{}",
        message(&format!("[{long}]"))
    );
}
