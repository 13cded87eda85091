//! Every strict-admission error code through the CLI: exit 2, nothing on stdout, and
//! stderr names the code, the byte offset and (when there is one) the JSON path.
//! Offsets and paths are counted by hand from the inputs below.
#![allow(clippy::unwrap_used)]

mod common;

use common::{canonsig, CliTest};

struct Case {
    code: &'static str,
    input: &'static [u8],
    args: &'static [&'static str],
    offset: usize,
    path: Option<&'static str>,
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    Case { code: "syntax", input: br#"{"a" 1}"#, args: &[], offset: 5, path: Some("$") },
    Case { code: "unexpected_end", input: br#"{"a":[1,2"#, args: &[], offset: 9, path: Some("$.a[1]") },
    Case { code: "empty_input", input: b" \n ", args: &[], offset: 3, path: None },
    Case { code: "invalid_utf8", input: b"[\"ab\xff\"]", args: &[], offset: 4, path: Some("$[0]") },
    Case { code: "lone_surrogate", input: br#"{"k":"\ud800"}"#, args: &[], offset: 6, path: Some("$.k") },
    Case { code: "invalid_escape", input: br#"{"k":["\x"]}"#, args: &[], offset: 7, path: Some("$.k[0]") },
    Case { code: "control_character", input: b"{\"k\":\"a\tb\"}", args: &[], offset: 7, path: Some("$.k") },
    Case { code: "duplicate_key", input: br#"{"a":{"b":1,"b":2}}"#, args: &[], offset: 12, path: Some("$.a.b") },
    Case { code: "invalid_number", input: br#"{"a":[01]}"#, args: &[], offset: 6, path: Some("$.a[0]") },
    Case { code: "non_finite_number", input: br#"{"a":[NaN]}"#, args: &[], offset: 6, path: Some("$.a[0]") },
    Case { code: "number_out_of_range", input: br#"{"a":1e400}"#, args: &[], offset: 5, path: Some("$.a") },
    Case { code: "unsafe_integer", input: br#"{"a":[9007199254740993]}"#, args: &[], offset: 6, path: Some("$.a[0]") },
    Case { code: "too_deep", input: br#"{"a":[[[1]]]}"#, args: &["--max-depth", "2"], offset: 6, path: Some("$.a[0]") },
    Case { code: "too_large", input: b"[1,2,3,4,5]", args: &["--max-size", "8"], offset: 8, path: None },
    Case { code: "bom", input: b"\xef\xbb\xbf{}", args: &[], offset: 0, path: None },
    Case { code: "trailing_data", input: br#"{"a":1} x"#, args: &[], offset: 8, path: None },
];

fn location(case: &Case) -> String {
    match case.path {
        Some(path) => format!(" at byte {} ({path})", case.offset),
        None => format!(" at byte {}", case.offset),
    }
}

#[test]
fn every_admission_code_exits_2_with_code_offset_and_path() {
    for case in CASES {
        let output = canonsig()
            .arg("canon")
            .args(case.args)
            .write_stdin(case.input)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", case.code);
        assert!(output.stdout.is_empty(), "{}", case.code);
        assert!(
            stderr.starts_with(&format!("error: {}: ", case.code)),
            "{}: {stderr}",
            case.code
        );
        let loc = location(case);
        assert!(
            stderr.contains(&format!("{loc};")) || stderr.ends_with(&format!("{loc}\n")),
            "{}: expected `{loc}` in {stderr}",
            case.code
        );
        assert_eq!(stderr.lines().count(), 1, "{}: {stderr}", case.code);
    }
}

/// The same codes from a file carry the file name, and in `--lines` mode the line number
/// (offsets then count from the start of the line).
#[test]
fn every_admission_code_in_lines_mode_and_from_a_file() {
    let t = CliTest::new();
    for case in CASES {
        if case.input.contains(&b'\n') {
            continue; // a multi-line input is not one JSON Lines document
        }
        let loc = location(case);
        let file = t.write("input.json", case.input);
        let output = canonsig().arg("canon").args(case.args).arg(&file).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", case.code);
        assert!(
            stderr.starts_with(&format!("{file}: error: {}: ", case.code)) && stderr.contains(&loc),
            "{}: {stderr}",
            case.code
        );

        let mut lines = b"{}\n".to_vec();
        lines.extend_from_slice(case.input);
        lines.extend_from_slice(b"\n[]\n");
        let output = canonsig()
            .args(["canon", "--lines"])
            .args(case.args)
            .write_stdin(lines)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", case.code);
        assert_eq!(
            output.stdout, b"{}\n[]\n",
            "{}: the good lines are still written",
            case.code
        );
        assert!(
            stderr.starts_with(&format!("line 2: error: {}: ", case.code)) && stderr.contains(&loc),
            "{}: {stderr}",
            case.code
        );
    }
}
