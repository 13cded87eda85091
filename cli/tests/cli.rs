//! What a user sees: stdout, stderr and exit code of `canonsig canon`, as insta snapshots
//! (`tests/snapshots/`), plus exact-byte assertions whose expected values come from
//! independent implementations (named at each test), never from canonsig itself.
//!
//! Snapshots never update themselves here: a mismatch fails the test (CI sets `CI`, so
//! insta behaves as `INSTA_UPDATE=no`). Review changes with `cargo insta review`, or
//! re-run with `INSTA_UPDATE=always` and read the diff.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::io::{Read, Write};
use std::process::{Command as StdCommand, Stdio};

use common::{canonsig, CliTest};
use insta::assert_snapshot;
use predicates::prelude::*;

/// `{"é":1,"b":[1.0,1e-7,-0.0,"<é>\u2028"],"😀":2,"\ue000":3}`: key order (UTF-16 vs code
/// point vs UTF-8 bytes), number spelling, non-ASCII and HTML escaping differ per profile.
const PROFILE_INPUT: &str = "{\"é\":1,\"b\":[1.0,1e-7,-0.0,\"<é>\\u2028\"],\"😀\":2,\"\\ue000\":3}";

#[test]
fn canon_of_a_file() {
    let t = CliTest::new();
    let file = t.write("order.json", "{ \"b\": [1.0, 1e21], \"a\": \"\\u00e9\" }\n");
    let (output, rendered) = t.run(&["canon", &file], None);
    // Node: JSON.stringify with sorted keys (ES numbers): {"a":"é","b":[1,1e+21]}
    assert_eq!(output.stdout, "{\"a\":\"é\",\"b\":[1,1e+21]}".as_bytes());
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn canon_of_stdin_with_and_without_dash() {
    let t = CliTest::new();
    let input = b"{\"b\":2,\n \"a\":[true,null,\"x\"]}";
    let (output, rendered) = t.run(&["canon"], Some(input));
    assert_eq!(output.stdout, br#"{"a":[true,null,"x"],"b":2}"#);
    assert_snapshot!(rendered);
    let (dash, _) = t.run(&["canon", "-"], Some(input));
    assert_eq!(dash.stdout, output.stdout);
    assert_eq!(dash.status.code(), Some(0));
}

#[test]
fn output_has_no_trailing_newline() {
    canonsig()
        .args(["canon"])
        .write_stdin("[1]\n")
        .assert()
        .success()
        .stdout("[1]")
        .stderr("");
}

#[test]
fn each_profile() {
    // Expected bytes: Node JSON.stringify with sorted keys (jcs); Python 3.11
    // json.dumps(sort_keys=True, separators=(",", ":")) with ensure_ascii True / False;
    // Go encoding/json's rules for a map[string]any (notes/canonical-json.md §3:
    // UTF-8 byte order, \u003c \u003e \u2028 escaped, -0 kept), derived by hand.
    let cases: [(&str, &[u8]); 4] = [
        (
            "jcs",
            "{\"b\":[1,1e-7,0,\"<é>\u{2028}\"],\"é\":1,\"😀\":2,\"\u{e000}\":3}".as_bytes(),
        ),
        (
            "python-sorted",
            br#"{"b":[1.0,1e-07,-0.0,"<\u00e9>\u2028"],"\u00e9":1,"\ue000":3,"\ud83d\ude00":2}"#,
        ),
        (
            "python-sorted-unicode",
            "{\"b\":[1.0,1e-07,-0.0,\"<é>\u{2028}\"],\"é\":1,\"\u{e000}\":3,\"😀\":2}".as_bytes(),
        ),
        (
            "go-json",
            "{\"b\":[1,1e-7,-0,\"\\u003cé\\u003e\\u2028\"],\"é\":1,\"\u{e000}\":3,\"😀\":2}".as_bytes(),
        ),
    ];
    let t = CliTest::new();
    let file = t.write("profiles.json", PROFILE_INPUT);
    for (profile, expected) in cases {
        let (output, rendered) = t.run(&["canon", "--profile", profile, &file], None);
        assert_eq!(
            output.stdout,
            expected,
            "{profile}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert_eq!(output.status.code(), Some(0), "{profile}");
        assert_snapshot!(format!("profile_{profile}"), rendered);
    }
}

#[test]
fn every_profile_name_from_core_is_accepted() {
    for profile in canonsig::Profile::ALL {
        canonsig()
            .args(["canon", "--profile", profile.name()])
            .write_stdin("{}")
            .assert()
            .success()
            .stdout("{}");
    }
}

#[test]
fn duplicate_key_error() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["canon"], Some(br#"{"items":[{"id":1,"id":2}]}"#));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_snapshot!(rendered);
}

#[test]
fn invalid_utf8_from_a_file_names_the_file() {
    let t = CliTest::new();
    let file = t.write("latin1.json", b"{\"name\":\"caf\xe9\"}");
    let (output, rendered) = t.run(&["canon", &file], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("{file}: error: invalid_utf8: ")),
        "{stderr}"
    );
    assert!(stderr.contains("at byte 12 ($.name)"), "{stderr}");
    assert_snapshot!(rendered);
}

#[test]
fn lines_with_one_bad_line_among_good_ones() {
    let t = CliTest::new();
    let input = b"{\"b\":1,\"a\":2}\n[1.0, 2e0]\n{\"a\":1,\"a\":2}\n\"caf\\u00e9\"\n";
    let (output, rendered) = t.run(&["canon", "--lines"], Some(input));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"a\":2,\"b\":1}\n[1,2]\n\"café\"\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("line 3: error: duplicate_key: ") && stderr.contains("at byte 7 ($.a)"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_snapshot!(rendered);
}

#[test]
fn lines_from_a_file_name_file_and_line() {
    let t = CliTest::new();
    let file = t.write("events.jsonl", "{}\n[1,]\n");
    let (output, rendered) = t.run(&["canon", "--lines", &file], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"{}\n");
    assert_snapshot!(rendered);
}

#[test]
fn lines_skip_whitespace_only_lines_and_accept_crlf() {
    canonsig()
        .args(["canon", "--lines"])
        .write_stdin("\n  \r\n{\"b\":1,\"a\":2}\r\n\t\n[true]")
        .assert()
        .success()
        .stdout("{\"a\":2,\"b\":1}\n[true]\n")
        .stderr("");
    // No lines at all is no documents, not an error.
    canonsig()
        .args(["canon", "--lines"])
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn lines_max_size_applies_to_each_line() {
    let long = format!("[{}]", "1,".repeat(50) + "1");
    let input = format!("[1]\n{long}\n[2]\n");
    let t = CliTest::new();
    let (output, rendered) = t.run(&["canon", "--lines", "--max-size", "16"], Some(input.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"[1]\n[2]\n");
    assert_snapshot!(rendered);
    // The whole stream may be longer than the limit.
    canonsig()
        .args(["canon", "--lines", "--max-size", "3"])
        .write_stdin("[1]\n".repeat(100))
        .assert()
        .success();
}

#[test]
fn check_canonical_input_exits_0() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["canon", "--check"], Some(br#"{"a":[1,"x"],"b":{}}"#));
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    assert_snapshot!(rendered);
}

#[test]
fn check_non_canonical_input_exits_1() {
    let t = CliTest::new();
    let file = t.write("signed.json", "{\n  \"amount\": 10.50,\n  \"currency\": \"EUR\"\n}\n");
    let (output, rendered) = t.run(&["canon", "--check", &file], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    // `{` then the newline: byte 1, line 1, column 2.
    assert!(
        stderr.starts_with(&format!(
            "{file}: not canonical: first difference at byte 1 (line 1, column 2)\n"
        )),
        "{stderr}"
    );
    assert_snapshot!(rendered);
}

#[test]
fn check_shows_a_bounded_escaped_excerpt() {
    let t = CliTest::new();
    // Python-sorted wants \u00e9; the input has raw UTF-8, 100 bytes in.
    let input = format!("{{\"a\":\"{}\",\"b\":\"é{}\"}}", "x".repeat(100), "y".repeat(200));
    let (output, rendered) = t.run(
        &["canon", "--check", "--profile", "python-sorted"],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    for line in String::from_utf8(output.stderr).unwrap().lines() {
        assert!(line.chars().count() < 120, "{line}");
    }
    assert_snapshot!(rendered);
}

#[test]
fn check_with_lines() {
    let t = CliTest::new();
    let input = b"{\"a\":1}\n{\"b\": 2}\n\n[1,]\n{\"c\":3}";
    let (output, rendered) = t.run(&["canon", "--check", "--lines"], Some(input));
    assert_eq!(output.status.code(), Some(2), "an invalid line outranks a difference");
    assert!(output.stdout.is_empty());
    assert_snapshot!(rendered);
    canonsig()
        .args(["canon", "--check", "--lines"])
        .write_stdin("{\"a\":1}\n[1, 2]\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "line 2: not canonical: first difference at byte 3\n",
        ));
}

#[test]
fn check_accepts_what_canon_writes() {
    let input = "{\"b\":1,\"a\":[1.0]}\r\n\n[\"\\u00e9\", 1e21]\n{}";
    for profile in ["jcs", "python-sorted"] {
        for lines in [false, true] {
            let mut args = vec!["canon", "--profile", profile];
            if lines {
                args.push("--lines");
            }
            let first = if lines { input } else { "{\"b\":1,\"a\":[1.0]}" };
            let out = canonsig().args(&args).write_stdin(first).output().unwrap();
            assert_eq!(out.status.code(), Some(0));
            args.push("--check");
            canonsig()
                .args(&args)
                .write_stdin(out.stdout)
                .assert()
                .code(0)
                .stderr("");
        }
    }
}

#[test]
fn missing_file() {
    let t = CliTest::new();
    let missing = t.path().join("missing.json");
    let (output, rendered) = t.run(&["canon", missing.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn a_directory_is_an_io_error_naming_it() {
    let t = CliTest::new();
    let dir = t.path().to_str().unwrap();
    canonsig()
        .args(["canon", dir])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!("error: failed to read `{dir}`: ")));
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["canon", "--profile", "yaml"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn help_for_canon() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["canon", "--help"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
    let (_, short) = t.run(&["canon", "-h"], None);
    assert_snapshot!("help_for_canon_short", short);
}

#[test]
fn too_large_input_is_refused_without_reading_it_all() {
    let t = CliTest::new();
    // 8 MiB of a valid array: refused at the limit, and the message cannot claim a size it never read.
    let mut big = b"[".to_vec();
    big.extend(b"0,".repeat(4 * 1024 * 1024));
    big.extend(b"0]");
    let file = t.write("big.json", &big);
    canonsig()
        .args(["canon", "--max-size", "1000", &file])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("error: too_large: ").and(predicate::str::contains("at byte 1000")));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_canonsig"))
        .args(["canon", "--lines"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before (almost) anything is written: like `| head -c0`.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Far more than a pipe buffer; the child may stop reading early.
        let _ = stdin.write_all(&b"{\"a\":[1,2,3]}\n".repeat(200_000));
    });
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(stderr, "", "no message on a broken pipe");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn no_file_with_a_terminal_on_stdin_says_so_instead_of_waiting() {
    // `script` (util-linux) runs the command with a pseudo-terminal as its stdin.
    let command = format!("{} canon", env!("CARGO_BIN_EXE_canonsig"));
    let Ok(output) = StdCommand::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("SKIPPED: `script` (util-linux) not found; the terminal case was not run");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("error: no input: give a FILE"), "{text}");
    assert_eq!(output.status.code(), Some(2), "{text}");
}
