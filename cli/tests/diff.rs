//! What a user sees from `canonsig diff` and `canonsig explain`: rendered output as insta
//! snapshots (plain and coloured), the JSON form, exit codes, stdin, `--hex`, errors,
//! bounded output on megabyte inputs, and forensics with a key that is never shown.
//! Positions asserted outside snapshots are counted by hand in the inputs written here.
#![allow(clippy::unwrap_used)]

mod common;

use common::{canonsig, test_keys, CliTest, KeyForm};
use insta::assert_snapshot;
use serde_json::Value as Json;

fn causes(report: &Json) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["cause"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// diff: rendering

#[test]
fn diff_inline_number_and_whitespace() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["diff", "--text", r#"{"a":1,"b":2}"#, r#"{"a":1.0,"b": 2}"#], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_invisible_characters() {
    let t = CliTest::new();
    // NBSP for a space, a zero-width space, CRLF for LF, and a BOM in front.
    t.write("expected.txt", "POST /hook\nname: Zoë Smith\n");
    t.write("actual.txt", "\u{feff}POST /hook\r\nname: Zoë\u{a0}Smith\u{200b}\n");
    let (output, rendered) = t.run(&["diff", "expected.txt", "actual.txt"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_inline_with_color_always() {
    let t = CliTest::new();
    let (output, rendered) = t.run(
        &[
            "diff",
            "--color",
            "always",
            "--text",
            r#"{"url":"a\/b","n":1}"#,
            r#"{"url":"a/b","n":1.0}"#,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\u{1b}[31;7m"));
    assert_snapshot!(rendered);
}

#[test]
fn diff_unified_pretty_printed_json() {
    let t = CliTest::new();
    t.write("expected.json", "{\n  \"id\": \"A-17\",\n  \"amount\": 10.5,\n  \"note\": \"x y\",\n  \"currency\": \"EUR\",\n  \"items\": [\n    1,\n    2\n  ]\n}\n");
    t.write("actual.json", "{\n  \"id\": \"A-17\",\n  \"amount\": 10.50,\n  \"note\": \"x\u{a0}y\",\n  \"currency\": \"EUR\",\n  \"items\": [\n    1,\n    2,\n    3\n  ]\n}");
    let (output, rendered) = t.run(&["diff", "expected.json", "actual.json"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_unified_with_color_always() {
    let t = CliTest::new();
    t.write(
        "expected.txt",
        "(request-target): post /a%2Fb\nhost: example.com\ndate: Tue, 07 Jun 2014\n",
    );
    t.write(
        "actual.txt",
        "(request-target): post /a%2fb\nHost: example.com\ndate: Tue, 07 Jun 2014\n",
    );
    let (output, rendered) = t.run(&["diff", "--color=always", "expected.txt", "actual.txt"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_identical_exits_0() {
    let t = CliTest::new();
    t.write("a.json", "{\"a\":1}");
    let (output, rendered) = t.run(&["diff", "a.json", "-"], Some(b"{\"a\":1}"));
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn diff_stdin_as_actual() {
    let t = CliTest::new();
    t.write("expected.json", "{\"a\":1,\"b\":[true,false]}\n");
    let (output, rendered) = t.run(&["diff", "expected.json", "-"], Some(b"{\"a\":1,\"b\":[true,false]}"));
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_hex_shows_bytes_that_are_not_utf8() {
    let t = CliTest::new();
    // "café" in UTF-8 and in Latin-1, as `xxd -p` writes them (with a line break).
    t.write("utf8.hex", "22636166c3a922\n");
    t.write("latin1.hex", "226361\n66e922\n");
    let (output, rendered) = t.run(&["diff", "--hex", "utf8.hex", "latin1.hex"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn diff_json_format_is_cores_shape() {
    // `{"a":1` is common (6 bytes), then `}` against `.0}`: `.0` is inserted at byte 6.
    let output = canonsig()
        .args(["diff", "--format", "json", "--text", "{\"a\":1}", "{\"a\":1.0}"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON line: {stdout}");
    let diff: Json = serde_json::from_str(&stdout).unwrap();
    assert_eq!(diff["expected_len"], 7);
    assert_eq!(diff["actual_len"], 9);
    assert_eq!(
        diff["first_difference"],
        serde_json::json!({"offset": 6, "line": 1, "column": 7})
    );
    assert_eq!(
        diff["changes"],
        serde_json::json!([{"expected": {"start": 6, "end": 6}, "actual": {"start": 6, "end": 8}, "kind": "insert"}])
    );
    assert_eq!(diff["truncated"], false);
    assert_eq!(diff["is_equal"], false);
    // Members in core's declaration order, not sorted.
    assert!(
        stdout.starts_with(r#"{"expected_len":7,"actual_len":9,"first_difference":{"offset":6,"line":1,"column":7},"changes":[{"expected":"#),
        "{stdout}"
    );
}

#[test]
fn diff_json_format_when_identical() {
    let output = canonsig()
        .args(["diff", "--format", "json", "--text", "same", "same"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let diff: Json = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diff["first_difference"], Json::Null);
    assert_eq!(diff["changes"], serde_json::json!([]));
}

#[test]
fn diff_color_auto_is_plain_when_piped_and_no_color_is_honoured() {
    let args = ["diff", "--text", "a b", "a\u{a0}b"];
    // Piped (assert_cmd captures stdout): no colour, whatever NO_COLOR says.
    let piped = canonsig().args(args).output().unwrap();
    assert!(!piped.stdout.contains(&0x1b));
    let never = canonsig().args(args).args(["--color", "never"]).output().unwrap();
    assert!(!never.stdout.contains(&0x1b));
    // --color always wins over NO_COLOR (an explicit option beats the environment).
    let always = canonsig()
        .args(args)
        .args(["--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(always.stdout.contains(&0x1b));
}

#[test]
fn diff_of_two_megabyte_inputs_is_bounded() {
    let t = CliTest::new();
    // One line of 1 MiB with a change every 100 bytes, and 1 MiB of short lines with a
    // change on every 50th line.
    let line: Vec<u8> = (0..1024 * 1024).map(|i| b'a' + (i % 26) as u8).collect();
    let mut changed = line.clone();
    for i in (50..changed.len()).step_by(100) {
        changed[i] = b'#';
    }
    t.write("one-line-e", &line);
    t.write("one-line-a", &changed);
    let lines: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
    let other: String = (0..100_000)
        .map(|i| {
            if i % 50 == 7 {
                format!("line {i}!\n")
            } else {
                format!("line {i}\n")
            }
        })
        .collect();
    t.write("lines-e", &lines);
    t.write("lines-a", &other);
    for (e, a) in [("one-line-e", "one-line-a"), ("lines-e", "lines-a")] {
        let (output, rendered) = t.run(&["diff", e, a], None);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            output.stdout.len() < 32 * 1024,
            "{e}: {} bytes of output",
            output.stdout.len()
        );
        let last = rendered
            .lines()
            .rev()
            .find(|l| l.starts_with('…'))
            .unwrap_or_default()
            .to_string();
        assert!(
            last.contains("more changes"),
            "{e}: no `more changes` line:\n{rendered}"
        );
        // Every rendered row is cut to a bounded width.
        assert!(
            rendered.lines().all(|l| l.chars().count() < 400),
            "{e}: a line is too long"
        );
    }
    // explain on the same inputs is bounded too.
    let output = canonsig()
        .current_dir(t.path())
        .args(["explain", "one-line-e", "one-line-a"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.len() < 32 * 1024,
        "explain: {} bytes of output",
        output.stdout.len()
    );
}

// ---------------------------------------------------------------------------------------
// diff: errors

#[test]
fn diff_bad_hex() {
    let t = CliTest::new();
    t.write("odd.hex", "7b7d0\n");
    t.write("bad.hex", "7b zz 7d\n");
    let (output, rendered) = t.run(&["diff", "--hex", "odd.hex", "bad.hex"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_snapshot!(rendered);
    let (output, rendered) = t.run(&["diff", "--hex", "--text", "7b7d", "7b zz 7d"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(rendered.contains("error: the actual text is not hexadecimal text: `z` at byte 3 is not a hex digit"));
}

#[test]
fn diff_missing_file() {
    let t = CliTest::new();
    t.write("a.json", "{}");
    let (output, rendered) = t.run(&["diff", "a.json", "missing.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn diff_stdin_twice() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["diff", "-", "-"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn diff_input_over_max_size() {
    let t = CliTest::new();
    t.write("a.json", "[1,2,3]");
    let (output, rendered) = t.run(&["diff", "--max-size", "4", "a.json", "a.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(rendered.contains("too_large"), "{rendered}");
}

// ---------------------------------------------------------------------------------------
// explain

#[test]
fn explain_python_dumps_against_jcs() {
    let t = CliTest::new();
    // What the server holds (RFC 8785) and what the client signed: Python's default
    // json.dumps (separators ", " ": ", ensure_ascii, 1.0 for a float), as CPython writes it.
    t.write("server.json", "{\"amount\":1,\"name\":\"Zoë\",\"tags\":[\"a\",\"b\"]}");
    t.write(
        "client.json",
        "{\"name\": \"Zo\\u00eb\", \"amount\": 1.0, \"tags\": [\"a\", \"b\"]}",
    );
    let (output, rendered) = t.run(&["explain", "server.json", "client.json"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn explain_data_changes() {
    let t = CliTest::new();
    let (output, rendered) = t.run(
        &[
            "explain",
            "--text",
            r#"{"id":7,"items":[1,2],"ts":1700000000,"user":"ann"}"#,
            r#"{"id":8,"items":[1],"ts":1700000060,"email":"a@x"}"#,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn explain_signing_strings() {
    let t = CliTest::new();
    t.write(
        "server.txt",
        "\"@method\": POST\n\"@path\": /a%2Fb\n\"content-type\": application/json\n",
    );
    t.write(
        "client.txt",
        "\"@method\": POST\n\"@path\": /a%2fb\n\"content-type\":  application/json\n\"x-extra\": 1\n",
    );
    let (output, rendered) = t.run(&["explain", "server.txt", "client.txt"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn explain_identical_exits_0() {
    let t = CliTest::new();
    t.write("b.txt", "abc");
    let (output, rendered) = t.run(&["explain", "-", "b.txt"], Some(b"abc"));
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn explain_json_format() {
    let output = canonsig()
        .args([
            "explain",
            "--format",
            "json",
            "--text",
            "{\"b\":1,\"a\":2}",
            "{\"a\":2,\"b\":1}",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Json = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(causes(&report), ["key_order"]);
    assert_eq!(report["json"], true);
    assert_eq!(
        report["diff"]["first_difference"],
        serde_json::json!({"offset": 2, "line": 1, "column": 3})
    );
    let finding = &report["findings"][0];
    assert!(finding["summary"].is_string() && finding["total"].is_u64());
    assert!(finding["occurrences"][0]["path"].is_string());
    // The derived fields are in the data: no reader recomputes them.
    assert_eq!(finding["is_serialization"], true);
    assert!(finding["advice"].as_str().unwrap().starts_with("sort members"));
    assert_eq!(report["same_data"], true);
    assert_eq!(report["causes"], serde_json::json!(["key_order"]));
    let text = canonsig()
        .args(["explain", "--text", "{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}"])
        .output()
        .unwrap();
    assert_eq!(
        report["text"],
        String::from_utf8(text.stdout).unwrap(),
        "text is the text output"
    );
}

#[test]
fn explain_hex_latin1_against_utf8() {
    let t = CliTest::new();
    let (output, rendered) = t.run(
        &["explain", "--hex", "--text", "22636166c3a922", "2263616666e922"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(rendered.contains("- encoding:"), "{rendered}");
}

/// Signs `payload` with the test key under `profile`, tracing with the signing string.
fn trace(t: &CliTest, file: &str, profile: &str) -> String {
    let (output, _) = t.run(
        &[
            "sign",
            "--key-file",
            "signer.pem",
            "--profile",
            profile,
            "--trace",
            file,
            "--trace-signing-string",
            "--now",
            "1700000000",
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    t.path().join(file).to_str().unwrap().to_string()
}

#[test]
fn explain_two_signing_traces() {
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    t.write("payload.json", "{\"b\":\"é\",\"a\":1.5}");
    trace(&t, "server.trace", "jcs");
    trace(&t, "client.trace", "python-sorted");
    // A trace file is appended to: the last line is the one compared.
    trace(&t, "client.trace", "python-sorted");
    let (output, rendered) = t.run(&["explain", "--trace", "server.trace", "client.trace"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
    let output = canonsig()
        .current_dir(t.path())
        .args(["explain", "--trace", "--format", "json", "server.trace", "server.trace"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn explain_trace_that_is_no_trace() {
    let t = CliTest::new();
    t.write("a.json", "{\"a\":1}\n");
    let (output, rendered) = t.run(&["explain", "--trace", "a.json", "a.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

// ---------------------------------------------------------------------------------------
// explain --signature (forensics)

/// Hex of HMAC-SHA256(key "canonsig-explain-test", message), computed with Python:
/// `hmac.new(b"canonsig-explain-test", msg, hashlib.sha256).hexdigest()`.
const SECRET: &str = "canonsig-explain-test";
/// msg = json.dumps({"b": 1.5, "a": "é"}, sort_keys=True, indent=2).encode()
const SIGNED_INDENT2: &str = "{\n  \"a\": \"\\u00e9\",\n  \"b\": 1.5\n}";
const SIG_INDENT2: &str = "26d30844e245817834ebc4175f9cbe19633e55d41300fe6450186cf65289608e";

#[test]
fn explain_signature_finds_pretty_printed_python() {
    let t = CliTest::new();
    t.write("secret.txt", SECRET);
    t.write("body.json", "{\"a\":\"é\",\"b\":1.5}");
    let args = [
        "explain",
        "body.json",
        "--signature",
        SIG_INDENT2,
        "--alg",
        "hmac-sha256",
        "--key-file",
        "secret.txt",
        "--secret-encoding",
        "raw",
    ];
    let (output, rendered) = t.run(&args, None);
    assert_eq!(output.status.code(), Some(0));
    assert!(!rendered.contains(SECRET), "the secret was shown");
    assert_snapshot!(rendered);
    let output = canonsig()
        .current_dir(t.path())
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Json = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["matched"]["signed"], SIGNED_INDENT2);
    assert!(!String::from_utf8_lossy(&output.stdout).contains(SECRET));
}

#[test]
fn explain_signature_not_found_exits_1() {
    let t = CliTest::new();
    t.write("body.json", "{\"a\":1}");
    let key = &test_keys()["k-hmac-sha256-1"];
    let (output, rendered) = t.run_env(
        &[
            "explain",
            "body.json",
            "--signature",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            "--alg",
            "hmac-sha256",
            "--key-env",
            "HOOK_SECRET",
        ],
        None,
        &[("HOOK_SECRET", key["secret_b64url"].as_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!rendered.contains(key["secret_b64url"].as_str().unwrap()));
    assert_snapshot!(rendered);
}

#[test]
fn explain_signature_needs_a_key() {
    let t = CliTest::new();
    t.write("body.json", "{}");
    let (output, rendered) = t.run(&["explain", "body.json", "--signature", "abcd"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn explain_signature_that_is_not_hex_or_base64() {
    let t = CliTest::new();
    t.write("body.json", "{}");
    t.write_key("k.pem", "k-ed25519-1", KeyForm::PublicPem);
    let (output, rendered) = t.run(
        &[
            "explain",
            "body.json",
            "--signature",
            "not a signature!",
            "--key",
            "k.pem",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn explain_signature_with_actual_is_a_usage_error() {
    let output = canonsig()
        .args(["explain", "a", "b", "--signature", "abcd"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------
// help

#[test]
fn help_for_diff() {
    let (_, rendered) = CliTest::new().run(&["diff", "--help"], None);
    assert_snapshot!(rendered);
}

#[test]
fn help_for_explain() {
    let (_, rendered) = CliTest::new().run(&["explain", "--help"], None);
    assert_snapshot!(rendered);
}
