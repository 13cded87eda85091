//! The shared diff fixtures (fixtures/diff, made with Python, Go, PHP-style and Node tools,
//! never with canonsig): every cause named, no `absent` cause named, the first difference
//! exact, and forensics recovering the signer's bytes.

mod common;

use canonsig::diff::{explain, forensics, Cause};
use canonsig::sign::{Algorithm, Key};
use serde_json::Value as Json;

fn load(name: &str) -> Json {
    let path = common::repo_root().join("fixtures/diff").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bytes(side: &Json) -> Vec<u8> {
    match (side.get("text"), side.get("hex")) {
        (Some(Json::String(t)), _) => t.as_bytes().to_vec(),
        (_, Some(Json::String(h))) => common::hex(h),
        _ => panic!("side without text or hex: {side}"),
    }
}

fn names(list: Option<&Json>) -> Vec<Cause> {
    list.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .map(|c| {
                    let name = c.as_str().unwrap_or_default();
                    Cause::from_name(name).unwrap_or_else(|| panic!("unknown cause {name}"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_cause_case_is_explained() {
    let doc = load("causes.json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let (e, a) = (bytes(&case["expected"]), bytes(&case["actual"]));
        let got = explain(&e, &a);
        let causes = got.causes();
        for want in names(case.get("causes")) {
            covered.insert(want);
            if !causes.contains(&want) {
                failures.push(format!("{name}: {want} not named; got {causes:?}\n{got}"));
            }
        }
        for not in names(case.get("absent")) {
            if causes.contains(&not) {
                failures.push(format!("{name}: {not} named but must not be\n{got}"));
            }
        }
        let first = &case["first_difference"];
        let pos = got.diff.first_difference;
        if first.is_null() {
            if pos.is_some() || !causes.is_empty() {
                failures.push(format!("{name}: equal inputs reported as different"));
            }
        } else {
            let want = (
                first["offset"].as_u64(),
                first["line"].as_u64(),
                first["column"].as_u64(),
            );
            let have = pos.map(|p| (p.offset as u64, p.line as u64, p.column as u64));
            if have != Some((want.0.unwrap_or(0), want.1.unwrap_or(0), want.2.unwrap_or(0))) {
                failures.push(format!("{name}: first difference {have:?}, fixture {want:?}"));
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
    // Every cause of the contract that fixtures can show is exercised.
    for cause in Cause::ALL {
        if cause != Cause::ParameterChanged {
            assert!(covered.contains(&cause), "no fixture case for {cause}");
        }
    }
}

fn key_of(case: &Json) -> Key {
    let k = &case["key"];
    let alg: Algorithm = case["algorithm"]
        .as_str()
        .unwrap_or_default()
        .parse()
        .expect("algorithm");
    if let Some(h) = k.get("hmac_hex").and_then(Json::as_str) {
        return Key::hmac(alg, &common::hex(h)).expect("hmac key");
    }
    let pem = k
        .get("public_pem")
        .or_else(|| k.get("pem"))
        .and_then(Json::as_str)
        .expect("pem");
    Key::from_pem(pem, Some(alg)).expect("pem key")
}

#[test]
fn forensics_recovers_what_the_signer_signed() {
    let doc = load("forensics.json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let payload = bytes(&case["payload"]);
        let sig = case["signature"].as_str().expect("signature");
        let report = forensics(&payload, sig, &key_of(case)).expect("forensics runs");
        match (&case["signed"], &report.matched) {
            (Json::Null, None) => {}
            (Json::Null, Some(m)) => failures.push(format!("{name}: matched {} but nothing should", m.description)),
            (want, Some(m)) if m.signed == bytes(want) => {}
            (want, Some(m)) => failures.push(format!(
                "{name}: recovered {:?}, signer signed {:?}",
                String::from_utf8_lossy(&m.signed),
                String::from_utf8_lossy(&bytes(want))
            )),
            (_, None) => failures.push(format!(
                "{name}: not recovered ({} candidates)",
                report.candidates_tried
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
