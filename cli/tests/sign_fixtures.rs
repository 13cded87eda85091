//! `fixtures/sign/json.json` and `fixtures/sign/errors.json` through the built binary.
//!
//! json.json, every case: `canonsig sign` with the case's key, key id and options must
//! write the fixture's signature in each encoding and its header (deterministic
//! algorithms), or a signature that `canonsig verify` accepts (ECDSA, RSA-PSS); the
//! trace's signing string must be the fixture's `signing_bytes`; and `canonsig verify`
//! must accept the fixture's header and its bare signature in every encoding.
//!
//! errors.json: every case the CLI can express. `verify_json` cases run `canonsig verify`
//! (exit 0, or exit 1 naming the code); `key_from_pem`, `key_from_jwk` and `hmac_key`
//! cases load the key with `canonsig sign` (exit 2 naming the code; an algorithm name
//! the CLI does not know is a usage error); `algorithm_from_name` is `--alg NAME`.
//! Left out, and counted: `verify_raw` (the CLI verifies JSON payloads, not raw bytes).
//! The two `repeat` cases need a nonce store that lives across calls, which a one-shot
//! CLI does not have: their calls before the last are run (they must pass), the last is
//! not. Expected values all come from the fixtures (Python hmac / cryptography, rfc8785).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::HashMap;
use std::process::Output;

use canonsig::sign::Encoding;
use common::{canonsig, sign_fixture, test_keys, CliTest, KeyForm};
use serde_json::Value as Json;

fn str_of<'a>(value: &'a Json, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key:?} in {value}"))
}

/// `--alg` is needed for HMAC secrets and RSA keys; the others name their algorithm.
fn alg_flags(algorithm: &str) -> Vec<String> {
    if algorithm.starts_with("hmac-") || algorithm.starts_with("rsa-") {
        vec!["--alg".into(), algorithm.into()]
    } else {
        Vec::new()
    }
}

fn run(args: &[String], dir: &CliTest) -> Output {
    canonsig().current_dir(dir.path()).args(args).output().unwrap()
}

fn describe(args: &[String], output: &Output) -> String {
    format!(
        "`canonsig {}`: exit {:?}, stdout {:?}, stderr {:?}",
        args.join(" "),
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The options of a json.json case as flags; `sign` and `verify` (bare) share them.
fn option_flags(options: &Json) -> Vec<String> {
    let mut flags = Vec::new();
    if let Some(profile) = options.get("profile").and_then(Json::as_str) {
        flags.extend(["--profile".into(), profile.into()]);
    }
    for name in ["created", "expires"] {
        if let Some(t) = options.get(name).and_then(Json::as_u64) {
            flags.extend([format!("--{name}"), t.to_string()]);
        }
    }
    if let Some(nonce) = options.get("nonce").and_then(Json::as_str) {
        flags.extend(["--nonce".into(), nonce.into()]);
    }
    flags
}

fn verifier_flags(case: &Json) -> Vec<String> {
    let mut flags = Vec::new();
    if let Some(verifier) = case.get("verifier") {
        if let Some(now) = verifier.get("now").and_then(Json::as_u64) {
            flags.extend(["--now".into(), now.to_string()]);
        }
        if let Some(tolerance) = verifier.get("tolerance").and_then(Json::as_u64) {
            flags.extend(["--tolerance".into(), tolerance.to_string()]);
        }
    }
    flags
}

/// One json.json case; `Err` says what failed.
fn run_json_case(case: &Json, keys: &HashMap<String, Json>) -> Result<(), String> {
    let t = CliTest::new();
    let algorithm = str_of(case, "algorithm");
    let key_name = str_of(case, "key");
    let key = &keys[key_name];
    let key_id = str_of(case, "key_id");
    let hmac = algorithm.starts_with("hmac-");
    let private = t.write_key("private.key", key_name, KeyForm::Private);
    let public = if hmac {
        private.clone()
    } else {
        t.write_key("public.pem", key_name, KeyForm::PublicPem)
    };
    let payload = t.write("payload.json", str_of(case, "payload"));
    // The default key id of an asymmetric key is its thumbprint: only other ids are given.
    let mut id_flags = Vec::new();
    if hmac || key.get("thumbprint").and_then(Json::as_str) != Some(key_id) {
        id_flags = vec!["--key-id".to_string(), key_id.to_string()];
    }
    let options = option_flags(&case["options"]);
    let deterministic = case["deterministic"].as_bool().ok_or("no deterministic")?;
    let verifier = verifier_flags(case);

    let sign = |extra: &[&str]| {
        let mut args: Vec<String> = vec!["sign".into(), "--key-file".into(), private.clone()];
        args.extend(alg_flags(algorithm));
        args.extend(id_flags.iter().cloned());
        args.extend(options.iter().cloned());
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(payload.clone());
        let output = run(&args, &t);
        (args, output)
    };
    let verify = |key_file: &str, signature: &str, extra: &[String]| {
        let mut args: Vec<String> = vec!["verify".into(), "--key-file".into(), key_file.into()];
        args.extend(alg_flags(algorithm));
        args.extend(id_flags.iter().cloned());
        args.extend(verifier.iter().cloned());
        args.extend(["--signature".into(), signature.into()]);
        args.extend(extra.iter().cloned());
        args.push(payload.clone());
        let output = run(&args, &t);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let prefix = format!("{payload}: verified: key {key_id:?}, alg {algorithm}, sha256 ");
        let sha256 = stderr.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix('\n'));
        let well_formed = sha256.is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if output.status.code() == Some(0) && output.stdout.is_empty() && well_formed {
            Ok(())
        } else {
            Err(format!("verify: {}", describe(&args, &output)))
        }
    };

    // Sign: each encoding and the header; the trace carries the signed bytes.
    let trace_file = t.path().join("trace.jsonl");
    let trace_path = trace_file.to_str().unwrap().to_string();
    let forms: [(&str, &[&str]); 4] = [
        ("signature_b64url", &[]),
        ("signature_b64", &["--encoding", "base64"]),
        ("signature_hex", &["--encoding", "hex"]),
        (
            "header",
            &["--header", "--trace", &trace_path, "--trace-signing-string"],
        ),
    ];
    for (field, extra) in forms {
        let (args, output) = sign(extra);
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        if output.status.code() != Some(0) || !output.stderr.is_empty() || !text.ends_with('\n') {
            return Err(format!("sign: {}", describe(&args, &output)));
        }
        let produced = text.trim_end_matches('\n');
        if deterministic {
            if produced != str_of(case, field) {
                return Err(format!(
                    "sign {field}: expected {:?}; {}",
                    case[field],
                    describe(&args, &output)
                ));
            }
        } else {
            // Randomized: the signature must verify (with the public key), in its own form.
            let extra: Vec<String> = match field {
                "header" => Vec::new(),
                "signature_b64" => [vec!["--encoding".into(), "base64".into()], options.clone()].concat(),
                "signature_hex" => [vec!["--encoding".into(), "hex".into()], options.clone()].concat(),
                _ => options.clone(),
            };
            verify(&public, produced, &extra).map_err(|e| format!("own {field}: {e}"))?;
        }
    }
    let trace: Json = serde_json::from_str(std::fs::read_to_string(&trace_file).map_err(|e| e.to_string())?.trim())
        .map_err(|e| format!("trace: {e}"))?;
    let signed = Encoding::Base64
        .decode(str_of(&trace, "signing_string_b64"), "trace")
        .map_err(|e| e.to_string())?;
    if signed != str_of(case, "signing_bytes").as_bytes() {
        return Err(format!(
            "trace signing string {:?} != signing_bytes {:?}",
            String::from_utf8_lossy(&signed),
            case["signing_bytes"]
        ));
    }
    if trace["operation"] != "sign" || trace["algorithm"] != algorithm || trace["key_id"] != key_id {
        return Err(format!("trace {trace}"));
    }

    // Verify the fixture's signatures: the header, and the bare value in each encoding
    // with the signer's parameters as options.
    verify(&public, str_of(case, "header"), &[]).map_err(|e| format!("fixture header: {e}"))?;
    for (field, encoding) in [
        ("signature_b64url", "base64url"),
        ("signature_b64", "base64"),
        ("signature_hex", "hex"),
    ] {
        let mut extra = vec!["--encoding".to_string(), encoding.to_string()];
        extra.extend(options.iter().cloned());
        verify(&public, str_of(case, field), &extra).map_err(|e| format!("fixture {field}: {e}"))?;
    }
    // The private key as a JWK verifies too (asymmetric keys; HMAC keys as an oct JWK).
    let jwk = t.write_key("key.jwk", key_name, KeyForm::Jwk);
    verify(&jwk, str_of(case, "header"), &[]).map_err(|e| format!("fixture header with the JWK: {e}"))?;
    Ok(())
}

#[test]
fn every_json_case_signs_and_verifies_through_the_binary() {
    let doc = sign_fixture("json.json");
    let cases = doc["cases"].as_array().unwrap();
    let keys = test_keys();
    let (mut ran, mut failures) = (0, Vec::new());
    for case in cases {
        ran += 1;
        if let Err(why) = run_json_case(case, &keys) {
            failures.push(format!("{}: {why}", str_of(case, "id")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} json.json cases failed through the CLI:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, cases.len());
    assert!(ran >= 60, "json.json has only {ran} cases");
    eprintln!("ran {ran} json.json cases through `canonsig sign` and `canonsig verify`");
}

/// What happened to an errors.json case.
enum Outcome {
    Ran,
    /// The calls before the last one (which needs a nonce store across calls).
    RanAllButLast,
    NotApplicable,
}

fn key_file_for(t: &CliTest, key_name: &str, keys: &HashMap<String, Json>) -> String {
    let hmac = str_of(&keys[key_name], "algorithm").starts_with("hmac-");
    let form = if hmac { KeyForm::Private } else { KeyForm::PublicPem };
    t.write_key("verifier.key", key_name, form)
}

/// Runs one errors.json case; `Err` says what failed.
fn run_error_case(case: &Json, keys: &HashMap<String, Json>) -> Result<Outcome, String> {
    let t = CliTest::new();
    let input = &case["input"];
    let want_code = case.get("error").map(|e| str_of(e, "code"));
    let known = |name: &str| canonsig::sign::Algorithm::ALL.iter().any(|a| a.name() == name);
    let call = str_of(case, "call");
    let (args, expect_exit): (Vec<String>, i32) = match call {
        "verify_raw" => return Ok(Outcome::NotApplicable),
        "verify_json" => {
            let key_name = str_of(input, "key");
            let algorithm = str_of(&keys[key_name], "algorithm");
            let mut args: Vec<String> = vec!["verify".into(), "--key-file".into(), key_file_for(&t, key_name, keys)];
            args.extend(alg_flags(algorithm));
            args.extend(["--key-id".into(), str_of(input, "key_id").into()]);
            if let Some(verifier) = input.get("verifier") {
                args.extend(verifier_flags(&serde_json::json!({ "verifier": verifier })));
            }
            match input.get("header").and_then(Json::as_str) {
                Some(header) => args.extend(["--signature".into(), header.into()]),
                None => {
                    args.extend(["--signature".into(), str_of(input, "signature").into()]);
                    args.extend(["--encoding".into(), str_of(input, "encoding").into()]);
                    args.extend(option_flags(&input["options"]));
                }
            }
            args.push(t.write("payload.json", str_of(input, "payload")));
            (args, if want_code.is_some() { 1 } else { 0 })
        }
        "key_from_pem" | "key_from_jwk" | "hmac_key" => {
            let algorithm = str_of(input, "algorithm");
            let (text, extra): (String, &[&str]) = match call {
                "key_from_pem" => (str_of(input, "pem").to_string(), &[]),
                "key_from_jwk" => (input["jwk"].to_string(), &[]),
                _ => (str_of(input, "secret_hex").to_string(), &["--secret-encoding", "hex"]),
            };
            let mut args: Vec<String> = vec!["sign".into(), "--key-file".into(), t.write("key", text)];
            args.extend(["--alg".into(), algorithm.into()]);
            args.extend(extra.iter().map(|s| s.to_string()));
            args.push(t.write("payload.json", "{}"));
            (args, 2)
        }
        "algorithm_from_name" => {
            let args = ["sign", "--key-env", "UNUSED", "--alg", str_of(input, "name"), "-"]
                .map(String::from)
                .to_vec();
            (args, 2)
        }
        other => return Err(format!("unknown call {other:?}")),
    };
    let repeat = case.get("repeat").and_then(Json::as_u64).unwrap_or(1);
    let usage_error = args.windows(2).any(|w| w[0] == "--alg" && !known(&w[1]));
    if repeat > 1 {
        // Every call but the last must pass; the last needs the previous ones remembered.
        for _ in 1..repeat {
            let output = run(&args, &t);
            if output.status.code() != Some(0) {
                return Err(format!("call before the replay: {}", describe(&args, &output)));
            }
        }
        return Ok(Outcome::RanAllButLast);
    }
    let output = run(&args, &t);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let ok = if usage_error {
        // An algorithm name the CLI does not know is refused by the argument parser.
        output.status.code() == Some(2) && stderr.contains("invalid value") && stderr.contains("--alg")
    } else {
        let shape = match (want_code, expect_exit) {
            (None, _) => stderr.contains(": verified: key "),
            (Some(code), 1) => stderr.contains(&format!(": not verified: {code}: ")),
            (Some(code), _) => stderr.starts_with("error: ") && stderr.contains(&format!(": {code}: ")),
        };
        output.status.code() == Some(expect_exit) && output.stdout.is_empty() && shape
    };
    if ok {
        Ok(Outcome::Ran)
    } else {
        Err(format!(
            "expected {:?}: {}",
            want_code.unwrap_or("ok"),
            describe(&args, &output)
        ))
    }
}

#[test]
fn errors_json_cases_through_the_binary() {
    let doc = sign_fixture("errors.json");
    let cases = doc["cases"].as_array().unwrap();
    let keys = test_keys();
    let (mut ran, mut partly, mut not_applicable, mut failures) = (0, Vec::new(), Vec::new(), Vec::new());
    for case in cases {
        let id = str_of(case, "id");
        match run_error_case(case, &keys) {
            Ok(Outcome::Ran) => ran += 1,
            Ok(Outcome::RanAllButLast) => partly.push(id.to_string()),
            Ok(Outcome::NotApplicable) => not_applicable.push(id.to_string()),
            Err(why) => failures.push(format!("{id}: {why}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} errors.json cases failed through the CLI:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let count = |call: &str| cases.iter().filter(|c| c["call"] == call).count();
    let repeats = cases.iter().filter(|c| c.get("repeat").is_some()).count();
    // Anti-drift: every case is accounted for, and only the two known kinds are left out.
    assert_eq!(ran + partly.len() + not_applicable.len(), cases.len());
    assert_eq!(not_applicable.len(), count("verify_raw"), "only verify_raw is left out");
    assert_eq!(partly.len(), repeats, "only the replay cases run partly: {partly:?}");
    assert!(ran >= 60, "ran only {ran} errors.json cases");
    eprintln!(
        "ran {ran} of {} errors.json cases through the CLI; {} replay cases up to the replay ({}); {} verify_raw cases left out (the CLI signs JSON payloads)",
        cases.len(),
        partly.len(),
        partly.join(", "),
        not_applicable.len()
    );
}
