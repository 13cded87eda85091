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
