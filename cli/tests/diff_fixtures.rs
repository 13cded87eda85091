//! `canonsig explain` on the shared fixtures of issue 4 (`fixtures/diff/`, made by
//! fixtures/gen with CPython json, Go encoding/json, Node, PHP-style emulation, urllib
//! and hand-written signing strings; signatures by Python hmac/hashlib/cryptography):
//! every named cause is reported, no `absent` cause is, the first difference is where the
//! generator computed it, and forensics recovers the exact bytes the signer signed. The
//! `--format json` output of `diff` and `explain` is core's own JSON (`to_json`) byte for
//! byte: the same members, derived fields and order as the Python and JS objects.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::PathBuf;

use canonsig::sign::{Algorithm, Key};
use common::{canonsig, hex, repo_root, CliTest};
use serde_json::Value as Json;

fn diff_fixture(name: &str) -> Json {
    let dir = std::env::var_os("CANONSIG_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("fixtures"));
    let path = dir.join("diff").join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

/// `{"text": ...}` or `{"hex": ...}` as bytes.
fn side(value: &Json) -> Vec<u8> {
    match (value["text"].as_str(), value["hex"].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(digits)) => hex(digits),
        _ => panic!("a side needs text or hex: {value}"),
    }
}

fn names(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// Hex sides are passed as hex text with `--hex`, so that path is exercised too.
fn write_side(t: &CliTest, file: &str, value: &Json) -> (String, bool) {
    match value["hex"].as_str() {
        Some(digits) => (t.write(file, digits), true),
        None => (t.write(file, side(value)), false),
    }
}

#[test]
fn explain_names_every_cause_of_the_shared_fixtures() {
    let fixture = diff_fixture("causes.json");
    let cases = fixture["cases"].as_array().unwrap();
    assert!(!cases.is_empty(), "fixtures/diff/causes.json has no cases");
    let t = CliTest::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (expected, actual) = (&case["expected"], &case["actual"]);
        let (e_path, e_hex) = write_side(&t, "expected", expected);
        let (a_path, a_hex) = write_side(&t, "actual", actual);
        let (e_path, a_path) = if e_hex == a_hex {
            (e_path, a_path)
        } else {
            // --hex applies to both: write the raw bytes of both instead.
            (t.write("expected", side(expected)), t.write("actual", side(actual)))
        };
        let mut args = vec!["explain", "--format", "json"];
        if e_hex && a_hex {
            args.push("--hex");
        }
        args.extend([e_path.as_str(), a_path.as_str()]);
        let output = canonsig().args(&args).output().unwrap();
        let Ok(report) = serde_json::from_slice::<Json>(&output.stdout) else {
            failures.push(format!(
                "{name}: no JSON on stdout (exit {:?}): {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        };
        let (e, a) = (side(expected), side(actual));
        let core = canonsig::diff::explain(&e, &a).to_json().unwrap() + "\n";
        if output.stdout != core.as_bytes() {
            failures.push(format!(
                "{name}: explain --format json is not core's JSON:\n{}\n{core}",
                String::from_utf8_lossy(&output.stdout)
            ));
        }
        args[0] = "diff";
        let diffed = canonsig().args(&args).output().unwrap();
        let core = canonsig::diff::diff(&e, &a).to_json().unwrap() + "\n";
        if diffed.stdout != core.as_bytes() {
            failures.push(format!(
                "{name}: diff --format json is not core's JSON:\n{}\n{core}",
                String::from_utf8_lossy(&diffed.stdout)
            ));
        }
        let reported: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["cause"].as_str().unwrap().to_string())
            .collect();
        for cause in names(&case["causes"]) {
            if !reported.contains(&cause) {
                failures.push(format!("{name}: `{cause}` not reported (reported {reported:?})"));
            }
        }
        for cause in names(&case["absent"]) {
            if reported.contains(&cause) {
                failures.push(format!("{name}: `{cause}` reported but must be absent"));
            }
        }
        let first = &report["diff"]["first_difference"];
        let want = &case["first_difference"];
        let got = if first.is_null() {
            Json::Null
        } else {
            serde_json::json!({"offset": first["offset"], "line": first["line"], "column": first["column"]})
        };
        if &got != want {
            failures.push(format!("{name}: first_difference {got}, fixture says {want}"));
        }
        let equal = want.is_null() && reported.is_empty();
        let code = if equal { 0 } else { 1 };
        if output.status.code() != Some(code) {
            failures.push(format!("{name}: exit {:?}, expected {code}", output.status.code()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{} causes.json cases pass", cases.len());
}

/// The verification key of a forensics.json case, as core reads it.
fn key_of(case: &Json) -> Key {
    let alg: Algorithm = case["algorithm"].as_str().unwrap().parse().unwrap();
    let key = &case["key"];
    match key["hmac_hex"].as_str() {
        Some(secret) => Key::hmac(alg, &hex(secret)).unwrap(),
        None => Key::from_pem(key["public_pem"].as_str().or(key["pem"].as_str()).unwrap(), Some(alg)).unwrap(),
    }
}

#[test]
fn explain_signature_recovers_what_the_signer_signed() {
    let fixture = diff_fixture("forensics.json");
    let cases = fixture["cases"].as_array().unwrap();
    assert!(!cases.is_empty(), "fixtures/diff/forensics.json has no cases");
    let t = CliTest::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let payload = t.write("payload", side(&case["payload"]));
        let key = &case["key"];
        let algorithm = case["algorithm"].as_str().unwrap();
        let mut args = vec![
            "explain".to_string(),
            payload,
            "--signature".into(),
            case["signature"].as_str().unwrap().into(),
            "--alg".into(),
            algorithm.into(),
            "--format".into(),
            "json".into(),
        ];
        if let Some(secret) = key["hmac_hex"].as_str() {
            args.extend([
                "--key-file".into(),
                t.write("key", secret),
                "--secret-encoding".into(),
                "hex".into(),
            ]);
        } else if let Some(pem) = key["public_pem"].as_str().or(key["pem"].as_str()) {
            args.extend(["--key-file".into(), t.write("key", pem)]);
        } else {
            panic!("{name}: unknown key form {key}");
        }
        let output = canonsig().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let Ok(report) = serde_json::from_slice::<Json>(&output.stdout) else {
            failures.push(format!("{name}: no JSON (exit {:?}): {stderr}", output.status.code()));
            continue;
        };
        let core = canonsig::diff::forensics(
            &side(&case["payload"]),
            case["signature"].as_str().unwrap(),
            &key_of(case),
        )
        .unwrap()
        .to_json()
        .unwrap()
            + "\n";
        if output.stdout != core.as_bytes() {
            failures.push(format!(
                "{name}: explain --signature --format json is not core's JSON:\n{}\n{core}",
                String::from_utf8_lossy(&output.stdout)
            ));
        }
        let matched = &report["matched"];
        match case["signed"].as_object() {
            None => {
                if !matched.is_null() || output.status.code() != Some(1) {
                    failures.push(format!(
                        "{name}: the signature matches nothing, yet got exit {:?}: {matched}",
                        output.status.code()
                    ));
                }
            }
            Some(_) => {
                let want = String::from_utf8(side(&case["signed"])).unwrap();
                if matched["signed"].as_str() != Some(want.as_str()) {
                    failures.push(format!(
                        "{name}: recovered {}, the signer signed {want:?}",
                        matched["signed"]
                    ));
                } else if output.status.code() != Some(0) {
                    failures.push(format!("{name}: found, yet exit {:?}", output.status.code()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{} forensics.json cases pass", cases.len());
}
