//! explain() on one hand-made pair per cause; the shared fixtures (fixtures/diff) are
//! checked in diff_fixtures.rs.

use canonsig::diff::{explain, Cause};

fn causes(e: &str, a: &str) -> Vec<Cause> {
    explain(e.as_bytes(), a.as_bytes()).causes()
}

fn check(e: &str, a: &str, want: &[Cause]) {
    let got = causes(e, a);
    for c in want {
        assert!(
            got.contains(c),
            "{e:?} vs {a:?}: expected {c} in {got:?}\n{}",
            explain(e.as_bytes(), a.as_bytes())
        );
    }
}

#[test]
fn json_serialization_causes() {
    check(r#"{"a":1,"b":2}"#, r#"{"b":2,"a":1}"#, &[Cause::KeyOrder]);
    check(r#"{"a":1}"#, "{\n  \"a\": 1\n}", &[Cause::Whitespace]);
    check(r#"{"a":"é"}"#, r#"{"a":"\u00e9"}"#, &[Cause::UnicodeEscaping]);
    check(r#"{"a":"/"}"#, r#"{"a":"\/"}"#, &[Cause::SlashEscaping]);
    check(
        r#"{"a":"<&>"}"#,
        r#"{"a":"\u003c\u0026\u003e"}"#,
        &[Cause::HtmlEscaping],
    );
    check(r#"{"a":"\b"}"#, r#"{"a":"\u0008"}"#, &[Cause::EscapeSpelling]);
    check(r#"{"a":"\u00e9"}"#, r#"{"a":"\u00E9"}"#, &[Cause::EscapeSpelling]);
    check(r#"{"a":1}"#, r#"{"a":1.0}"#, &[Cause::NumberFormat]);
    check(r#"{"a":1e+21}"#, r#"{"a":1E21}"#, &[Cause::NumberFormat]);
    check(r#"{"a":0}"#, r#"{"a":-0}"#, &[Cause::NumberFormat]);
    check(r#"{"a":"é"}"#, "{\"a\":\"e\u{301}\"}", &[Cause::UnicodeNormalization]);
    check(r#"{"a":"x y"}"#, "{\"a\":\"x\u{a0}y\"}", &[Cause::InvisibleCharacter]);
    check(r#"{"a":1}"#, r#"{"a":1,"a":2}"#, &[Cause::DuplicateKey]);
}

/// Whitespace after the value that is not the final newline is layout: the same data,
/// never a changed value. (Found by the properties test: `"null\r"` vs `"null\n\r"`.)
#[test]
fn whitespace_at_the_end_is_layout_unless_it_is_the_final_newline() {
    for (e, a) in [
        ("\n\nnull\n\r", "\n\nnull\r"),
        ("-5.043310843365031e-30\r", "-5.043310843365031e-30\n\r"),
        ("null\n \n", "null \n"),
        ("{}\t\r\n", "{}\r\n"),
    ] {
        let x = explain(e.as_bytes(), a.as_bytes());
        assert!(x.same_data(), "{e:?} vs {a:?}: {:?}", x.causes());
        assert!(
            x.causes().contains(&Cause::Whitespace),
            "{e:?} vs {a:?}: {:?}",
            x.causes()
        );
    }
    // The final newline alone is still its own cause.
    assert_eq!(causes("null \n", "null \n\n"), [Cause::TrailingNewline]);
}

#[test]
fn json_data_causes() {
    check(r#"{"a":1}"#, r#"{"a":2}"#, &[Cause::ValueChanged]);
    check(r#"{"a":1,"b":2}"#, r#"{"a":1}"#, &[Cause::KeyMissing]);
    check(r#"{"a":1}"#, r#"{"a":1,"b":2}"#, &[Cause::KeyAdded]);
    check(r#"[1,2,3]"#, r#"[1,3]"#, &[Cause::ElementMissing]);
    check(r#"[1,3]"#, r#"[1,2,3]"#, &[Cause::ElementAdded]);
    check(r#"{"t":1700000000}"#, r#"{"t":1700000300}"#, &[Cause::Timestamp]);
    check(
        r#"{"t":"2024-01-01T00:00:00Z"}"#,
        r#"{"t":"2024-01-01T00:05:00Z"}"#,
        &[Cause::Timestamp],
    );
}

#[test]
fn byte_level_causes() {
    check("{}", "\u{feff}{}", &[Cause::Bom]);
    check("{}", "{}\n", &[Cause::TrailingNewline]);
    check("a\nb\n", "a\r\nb\r\n", &[Cause::LineEndings]);
    let latin1 = explain("café".as_bytes(), b"caf\xe9");
    assert_eq!(latin1.causes(), [Cause::Encoding]);
}

#[test]
fn profile_is_named() {
    let e = explain(r#"{"a":"é","b":1.5}"#.as_bytes(), br#"{"a":"\u00e9","b":1.5}"#);
    assert!(e.causes().contains(&Cause::Profile), "{e}");
    assert!(e.same_data());
}

#[test]
fn signing_string_causes() {
    let creq = "GET\n/a%2Fb\nx=1\nhost:example.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD";
    check(creq, &creq.replace("%2F", "%2f"), &[Cause::PercentEncoding]);
    check(creq, &creq.replace("x=1", "x=a+b"), &[Cause::ValueChanged]);
    check("a=b%20c", "a=b+c", &[Cause::PercentEncoding]);
    check(
        creq,
        &creq.replace("20150830T123600Z", "20150830T124100Z"),
        &[Cause::Timestamp],
    );
    check(creq, &creq.replace("host:", "Host:"), &[Cause::HeaderCase]);
    check(
        "\"content-type\": application/json",
        "\"content-type\":  application/json ",
        &[Cause::HeaderWhitespace],
    );
    check(creq, &creq.replace("host:example.com\n", ""), &[Cause::LineMissing]);
    check(
        creq,
        &creq.replace("host:example.com\n", "host:example.com\nx-extra:1\n"),
        &[Cause::LineAdded],
    );
    let wh = "msg_1.1700000000.{\"a\":1,\"b\":2}";
    check(wh, "msg_1.1700000000.{\"b\":2,\"a\":1}", &[Cause::KeyOrder]);
    check(wh, "msg_1.1700000060.{\"a\":1,\"b\":2}", &[Cause::Timestamp]);
}

#[test]
fn equal_inputs_have_no_findings() {
    let e = explain(b"same", b"same");
    assert!(e.is_equal());
    assert!(e.findings.is_empty());
}

#[test]
fn the_text_rendering_names_causes_and_points_at_the_byte() {
    let e = explain(br#"{"a":"x","b":1}"#, br#"{"b": 1.0, "a": "x"}"#);
    let text = e.to_string();
    assert!(text.contains("first difference at byte 2"), "{text}");
    assert!(text.contains("key_order"), "{text}");
    assert!(text.contains("fix:"), "{text}");
}

#[test]
fn traces_are_compared_by_parameters_and_signing_strings() {
    use canonsig::diff::explain_traces;
    let line = |alg: &str, b64: Option<&str>| {
        let s = b64.map_or(String::new(), |b| format!(r#","signing_string_b64":"{b}""#));
        format!(
            r#"{{"algorithm":"{alg}","key_id":"k1","operation":"sign","outcome":"ok","profile":"jcs","signing_len":7,"signing_sha256":"{}","timestamp":1{s}}}"#,
            if b64.is_some() { "aa" } else { "bb" }
        )
    };
    // Only a parameter differs: the diff is of the trace lines, never "identical".
    let e = explain_traces(line("hmac-sha256", None).as_bytes(), line("ed25519", None).as_bytes()).expect("traces");
    assert!(!e.is_equal());
    assert_eq!(e.causes(), [Cause::ParameterChanged]);
    // Both carry their signing strings: those are explained byte by byte.
    let (x, y) = ("eyJhIjoxfQ==", "eyJhIjoxLjB9"); // {"a":1} and {"a":1.0}
    let e = explain_traces(
        line("hmac-sha256", Some(x)).as_bytes(),
        line("hmac-sha256", Some(y)).as_bytes(),
    )
    .expect("traces");
    // {"a":1} is JCS, {"a":1.0} Python's sorted form: both named.
    assert_eq!(e.causes(), [Cause::NumberFormat, Cause::Profile]);
    let bad = explain_traces(b"{}", b"{}").expect_err("not traces");
    assert_eq!(bad.code(), canonsig::ErrorCode::MalformedInput);
}
