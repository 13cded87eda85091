//! Every case of every `fixtures/canon/*.json` through the built `canonsig` binary:
//! options become flags, the input goes in on stdin as bytes, and the expected bytes
//! must come out on stdout (exit 0), or exit 2 with the error code, offset and path
//! on stderr. `CANONSIG_FIXTURES` may point at another fixtures folder.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::PathBuf;

use common::{canonsig, hex, repo_root, visible};
use serde_json::Value as Json;

fn fixtures_dir() -> PathBuf {
    std::env::var_os("CANONSIG_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("fixtures"))
        .join("canon")
}

fn bytes_of(case: &Json, text_key: &str, hex_key: &str) -> Option<Vec<u8>> {
    if let Some(text) = case.get(text_key).and_then(Json::as_str) {
        return Some(text.as_bytes().to_vec());
    }
    case.get(hex_key).and_then(Json::as_str).map(hex)
}

/// The case's options as `canonsig canon` flags (absent = the CLI's defaults, which are core's).
fn flags_of(case: &Json) -> Vec<String> {
    let options = case.get("options").cloned().unwrap_or(Json::Null);
    let mut flags = Vec::new();
    let profile = options
        .get("profile")
        .or_else(|| case.get("profile"))
        .and_then(Json::as_str);
    if let Some(profile) = profile {
        flags.extend(["--profile".to_string(), profile.to_string()]);
    }
    if options.get("allow_unsafe_integers").and_then(Json::as_bool) == Some(true) {
        flags.push("--allow-unsafe-integers".to_string());
    }
    for (key, flag) in [("max_depth", "--max-depth"), ("max_size", "--max-size")] {
        if let Some(n) = options.get(key).and_then(Json::as_u64) {
            flags.extend([flag.to_string(), n.to_string()]);
        }
    }
    flags
}

/// The error's location `at byte N`, then ` (path)`, `; hint` or the end of the line (so
/// 7 does not match 70, nor a message's own "(first at byte 7)").
fn has_offset(stderr: &str, offset: u64) -> bool {
    let needle = format!(" at byte {offset}");
    stderr
        .match_indices(&needle)
        .any(|(i, _)| matches!(stderr[i + needle.len()..].chars().next(), Some(' ' | ';' | '\n') | None))
}

/// Runs one case; `Err` describes the failure.
fn run_case(case: &Json) -> Result<(), String> {
    let input = bytes_of(case, "input", "input_hex").ok_or("no input or input_hex")?;
    let flags = flags_of(case);
    let output = canonsig()
        .arg("canon")
        .args(&flags)
        .write_stdin(input)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = visible(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code();
    let context = || format!("flags {flags:?}: exit {code:?}, stdout {stdout:?}, stderr {stderr:?}");
    if let Some(expected) = bytes_of(case, "expected", "expected_hex") {
        if code != Some(0) || output.stdout != expected || !stderr.is_empty() {
            return Err(format!("expected {:?}; {}", visible(&expected), context()));
        }
        return Ok(());
    }
    let want = case.get("error").ok_or("no expected, expected_hex or error")?;
    let want_code = want.get("code").and_then(Json::as_str).ok_or("error without code")?;
    if want_code == "invalid_option" {
        // An option the CLI cannot even express (an unknown profile) is a clap usage error.
        return if code == Some(2) && output.stdout.is_empty() && stderr.contains("invalid value") {
            Ok(())
        } else {
            Err(format!("expected a usage error; {}", context()))
        };
    }
    let mut ok = code == Some(2) && output.stdout.is_empty() && stderr.starts_with(&format!("error: {want_code}: "));
    if let Some(offset) = want.get("offset").and_then(Json::as_u64) {
        ok &= has_offset(&stderr, offset);
    }
    if let Some(path) = want.get("path").and_then(Json::as_str) {
        ok &= stderr.contains(&format!(" ({path})")) || stderr.contains(&format!(" at {path}"));
    }
    if ok {
        Ok(())
    } else {
        Err(format!("expected error {want}; {}", context()))
    }
}

#[test]
fn all_canon_fixtures_through_the_binary() {
    let dir = fixtures_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixture files in {}", dir.display());
    let (mut total, mut ran, mut failures) = (0, 0, Vec::new());
    for file in &files {
        let doc: Json = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no cases", file.display()));
        total += cases.len();
        for case in cases {
            let id = case["id"].as_str().unwrap_or("(no id)");
            ran += 1;
            if let Err(why) = run_case(case) {
                failures.push(format!("{id}: {why}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} fixture cases failed through the CLI:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, total, "every case in {} was run", dir.display());
    eprintln!(
        "ran {ran} fixture cases from {} files through `canonsig canon`",
        files.len()
    );
}
