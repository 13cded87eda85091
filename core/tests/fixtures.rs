//! Every case in `fixtures/canon/*.json`, the vectors all frontends share.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use canonsig::{canonicalize_with, Options, Profile};
use common::{hex, repo_root};
use serde_json::Value as Json;

fn bytes_of(case: &Json, text_key: &str, hex_key: &str) -> Option<Vec<u8>> {
    if let Some(t) = case.get(text_key).and_then(Json::as_str) {
        return Some(t.as_bytes().to_vec());
    }
    case.get(hex_key).and_then(Json::as_str).map(hex)
}

fn options_of(case: &Json) -> Options {
    let mut options = Options::new();
    if let Some(p) = case.get("profile").and_then(Json::as_str) {
        options = options.profile(p.parse::<Profile>().unwrap());
    }
    let o = case.get("options").cloned().unwrap_or(Json::Null);
    if let Some(b) = o.get("allow_unsafe_integers").and_then(Json::as_bool) {
        options = options.allow_unsafe_integers(b);
    }
    if let Some(n) = o.get("max_depth").and_then(Json::as_u64) {
        options = options.max_depth(n as usize);
    }
    if let Some(n) = o.get("max_size").and_then(Json::as_u64) {
        options = options.max_size(n as usize);
    }
    if let Some(p) = o.get("profile").and_then(Json::as_str) {
        options = options.profile(p.parse::<Profile>().unwrap());
    }
    options
}

#[test]
fn all_canon_fixtures() {
    let dir = repo_root().join("fixtures/canon");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixture files in {}", dir.display());
    let (mut total, mut ran, mut failures) = (0, 0, Vec::new());
    for file in &files {
        let doc: Json = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let cases = doc["cases"].as_array().unwrap();
        total += cases.len();
        for case in cases {
            let id = case["id"].as_str().unwrap();
            let input = bytes_of(case, "input", "input_hex").unwrap_or_else(|| panic!("{id}: no input"));
            let got = canonicalize_with(&input, &options_of(case));
            ran += 1;
            if let Some(expected) = bytes_of(case, "expected", "expected_hex") {
                match got {
                    Ok(out) if out == expected => {}
                    Ok(out) => failures.push(format!(
                        "{id}: got {:?}, expected {:?}",
                        String::from_utf8_lossy(&out),
                        String::from_utf8_lossy(&expected)
                    )),
                    Err(e) => failures.push(format!("{id}: unexpected error {e}")),
                }
            } else {
                let want = &case["error"];
                let code = want["code"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: no expected or error"));
                match got {
                    Ok(out) => failures.push(format!(
                        "{id}: expected {code}, got {:?}",
                        String::from_utf8_lossy(&out)
                    )),
                    Err(e) => {
                        let offset_ok = want
                            .get("offset")
                            .and_then(Json::as_u64)
                            .is_none_or(|o| e.offset() == Some(o as usize));
                        let path_ok = want
                            .get("path")
                            .and_then(Json::as_str)
                            .is_none_or(|p| e.path() == Some(p));
                        if e.code().as_str() != code || !offset_ok || !path_ok {
                            failures.push(format!(
                                "{id}: expected {want}, got {e} (offset {:?}, path {:?})",
                                e.offset(),
                                e.path()
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} fixture cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, total);
    eprintln!("ran {ran} fixture cases from {} files", files.len());
}
