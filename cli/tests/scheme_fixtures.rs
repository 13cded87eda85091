//! `fixtures/schemes/`: the request-signing conformance suite, every case through the
//! built `canonsig` binary (the same cases run in Rust, Python, Node and Chromium).
//!
//! Each case becomes files in a temp dir (the message, a JWK with the key's `kid`, a
//! secret file, a body) and one `canonsig` command whose flags say what the case's
//! options say:
//!
//! - `rfc9421` `sign`: `http sign --headers-only --show-base --now`; `verify`:
//!   `http verify --show-base --now` (the verdict line names the label, key, algorithm
//!   and covered components); `signature_base`: `http base` (no key).
//! - `content_digest`: `http digest --alg` and `http digest --check`.
//! - `sigv4` `sign` / `presign`: `aws sign --headers-only` / `aws presign --url`, both
//!   `--show-base` (the canonical request and string to sign); `verify`: `aws verify`.
//! - `webhooks` `sign`: `webhook sign --show-base` (Twilio: the parameters as a form
//!   body); `verify`: `webhook verify -H ...`; `verify_request`: `webhook verify --request`.
//!
//! An error case must end with core's code on stderr (`error: CODE: ...`, exit 2, or
//! `not verified: CODE: ...`, exit 1). Expected values come from independent
//! implementations (fixtures/schemes/README.md); nothing here computes one.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::process::Output;

use canonsig::sign::Key;
use common::{canonsig, hex, repo_root, shared_vectors, test_keys, CliTest};
use serde_json::{json, Value as Json};

fn cases(file: &str) -> Vec<Json> {
    let path = repo_root().join("fixtures/schemes").join(format!("{file}.json"));
    let doc: Json = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn s<'a>(value: &'a Json, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key:?} in {value}"))
}

/// One case's temp dir, command line and outcome.
struct Run {
    dir: CliTest,
    id: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Run {
    fn new(case: &Json) -> Self {
        Run {
            dir: CliTest::new(),
            id: s(case, "id").to_string(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    fn flag(&mut self, flag: &str, value: impl Into<String>) -> &mut Self {
        self.arg(flag).arg(value)
    }

    /// Writes `bytes` to a file in the temp dir and returns its path.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        self.dir.write(name, bytes)
    }

    fn output(&self) -> Output {
        let mut cmd = canonsig();
        cmd.current_dir(self.dir.path()).args(&self.args);
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        cmd.output().unwrap()
    }

    fn describe(&self, output: &Output) -> String {
        format!(
            "{}: `canonsig {}`: exit {:?}\nstdout: {}\nstderr: {}",
            self.id,
            self.args.join(" "),
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }

    /// Runs the command; a case with `error` must fail with that code (and `None` is
    /// returned), a case without must succeed (its output is returned).
    fn conclude(&self, case: &Json) -> Option<Output> {
        let output = self.output();
        let described = || self.describe(&output);
        match case.get("error") {
            None => {
                assert_eq!(output.status.code(), Some(0), "{}", described());
                Some(output)
            }
            Some(error) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let code = error_code(&stderr);
                assert_eq!(code.as_deref(), error["code"].as_str(), "{}", described());
                let exit = output.status.code();
                assert!(exit == Some(1) || exit == Some(2), "{}", described());
                None
            }
        }
    }
}

/// Core's code in a CLI failure: `error: CODE: ...` or `not verified: CODE: ...`.
fn error_code(stderr: &str) -> Option<String> {
    ["not verified: ", "error: "].iter().find_map(|marker| {
        let at = stderr.find(marker)? + marker.len();
        let code: String = stderr[at..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        stderr[at + code.len()..].starts_with(':').then_some(code)
    })
}

/// The bytes `--show-base` printed under `title` on stderr.
fn intermediate(stderr: &[u8], title: &str) -> Vec<u8> {
    let start = format!("----- {title} -----\n");
    let end = format!("\n----- end of {title} -----\n");
    let at = find(stderr, start.as_bytes()).unwrap_or_else(|| panic!("no {title:?} block in stderr")) + start.len();
    let len = find(&stderr[at..], end.as_bytes()).unwrap();
    stderr[at..at + len].to_vec()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// `Name: value` lines as pairs.
fn header_lines(stdout: &[u8]) -> Vec<(String, String)> {
    text(stdout)
        .lines()
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_string(), value.to_string())
        })
        .collect()
}

fn expected_pairs(value: &Json) -> Vec<(String, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
        .collect()
}

fn payload(expected: &Json) -> Vec<u8> {
    match expected["signed_payload"].as_str() {
        Some(text) => text.as_bytes().to_vec(),
        None => hex(s(expected, "signed_payload_hex")),
    }
}

fn body(case: &Json) -> Vec<u8> {
    match (case["body"].as_str(), case["body_hex"].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(h)) => hex(h),
        (None, None) => Vec::new(),
    }
}

fn message_bytes(case: &Json, field: &str) -> Vec<u8> {
    match (case[field].as_str(), case[format!("{field}_hex")].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(h)) => hex(h),
        (None, None) => panic!("{}: no {field}", case["id"]),
    }
}

/// The message file and its flags: `--response`, `--request`, `--scheme`.
fn message_args(run: &mut Run, case: &Json) {
    if case.get("response").is_some() {
        let path = run.file("message.txt", message_bytes(case, "response"));
        run.arg(path).arg("--response");
        if case.get("related_request").is_some() {
            let related = run.file("related.req", message_bytes(case, "related_request"));
            run.flag("--request", related);
        }
    } else {
        let path = run.file("message.req", message_bytes(case, "request"));
        run.arg(path);
    }
    if let Some(scheme) = case["scheme"].as_str() {
        run.flag("--scheme", scheme);
    }
}

// --- keys -------------------------------------------------------------------------------

/// base64 (RFC 4648 §4) text as base64url without padding: the same bytes.
fn base64url(base64: &str) -> String {
    base64
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// The JWK members that only a private key has.
const PRIVATE_MEMBERS: [&str; 6] = ["d", "p", "q", "dp", "dq", "qi"];

/// A key as the fixtures name it (`k-...` of fixtures/sign/keys.json or `rfc9421:<keyid>`
/// of ../shared/vectors/rfc9421/keys.json), as a JWK with its `kid` and canonsig's `alg`
/// name; public (the private members dropped) unless `private`.
fn jwk(name: &str, private: bool) -> Json {
    let (mut jwk, kid, alg) = if let Some(keyid) = name.strip_prefix("rfc9421:") {
        let dir = shared_vectors("rfc9421").expect("../shared/vectors/rfc9421 is needed by fixtures/schemes");
        let doc: Json = serde_json::from_slice(&std::fs::read(dir.join("keys.json")).unwrap()).unwrap();
        let entry = &doc["keys"][keyid];
        let jwk = match entry["secret_base64"].as_str() {
            Some(secret) => json!({"kty": "oct", "k": base64url(secret)}),
            None => entry["jwk"].clone(),
        };
        (jwk, keyid.to_string(), entry["algs"][0].as_str().unwrap().to_string())
    } else {
        let keys = test_keys();
        let entry = &keys[name];
        let jwk = match entry["secret_b64url"].as_str() {
            Some(secret) => json!({"kty": "oct", "k": secret}),
            None => entry["private_jwk"].clone(),
        };
        (jwk, name.to_string(), s(entry, "algorithm").to_string())
    };
    let object = jwk.as_object_mut().unwrap();
    object.insert("kid".into(), json!(kid));
    object.insert("alg".into(), json!(alg));
    if !private && object["kty"] != "oct" {
        for member in PRIVATE_MEMBERS {
            object.remove(member);
        }
    }
    jwk
}

fn key_file(run: &Run, name: &str, private: bool) -> String {
    let file = format!("key-{}.jwk", name.replace(':', "_"));
    run.file(&file, jwk(name, private).to_string())
}

// --- RFC 9421 ---------------------------------------------------------------------------

fn components_flag(run: &mut Run, list: &Json, input_flag: &str) {
    match list {
        Json::Null => {}
        Json::String(inner) => {
            run.flag(input_flag, inner.as_str());
        }
        list => {
            let names: Vec<&str> = list.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            run.flag("--components", names.join(","));
        }
    }
}

fn rfc9421_sign(case: &Json) {
    let mut run = Run::new(case);
    run.arg("http").arg("sign");
    message_args(&mut run, case);
    let key = key_file(&run, s(case, "key"), true);
    run.flag("--key-file", key)
        .flag("--now", case["now"].to_string())
        .arg("--headers-only")
        .arg("--show-base");
    let o = &case["options"];
    if let Some(label) = o["label"].as_str() {
        run.flag("--label", label);
    }
    components_flag(&mut run, &o["components"], "--input");
    match o.get("content_digest") {
        None => {}
        Some(Json::Null) => {
            run.arg("--no-content-digest");
        }
        Some(alg) => {
            run.flag("--content-digest", alg.as_str().unwrap());
        }
    }
    match &o["created"] {
        Json::Null => {}
        Json::Bool(false) => {
            run.arg("--no-created");
        }
        t => {
            run.flag("--created", t.to_string());
        }
    }
    match &o["keyid"] {
        Json::Null => {}
        Json::Bool(false) => {
            run.arg("--no-keyid");
        }
        id => {
            run.flag("--key-id", id.as_str().unwrap());
        }
    }
    match &o["alg"] {
        Json::Null => {}
        Json::Bool(true) => {
            run.arg("--include-alg");
        }
        name => {
            run.flag("--alg-param", name.as_str().unwrap());
        }
    }
    if let Some(t) = o["expires"].as_i64() {
        run.flag("--expires", t.to_string());
    }
    if let Some(secs) = o["expires_in"].as_u64() {
        run.flag("--expires", format!("+{secs}"));
    }
    for param in ["nonce", "tag"] {
        if let Some(value) = o[param].as_str() {
            run.flag(&format!("--{param}"), value);
        }
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let id = &run.id;
    let e = &case["expected"];
    let label = s(e, "label");
    let base = intermediate(&output.stderr, &format!("signature base ({label})"));
    assert_eq!(text(&base), s(e, "signature_base"), "{id}");
    let mut lines = header_lines(&output.stdout);
    let input = lines.iter().find(|(n, _)| n == "Signature-Input").unwrap();
    assert_eq!(input.1, s(e, "signature_input"), "{id}");
    match e["signature"].as_str() {
        Some(signature) => {
            let line = lines.iter().find(|(n, _)| n == "Signature").unwrap();
            assert_eq!(line.1, signature, "{id}");
        }
        None => {
            // ECDSA / RSA-PSS: the CLI's signature must verify over the expected base.
            let line = lines.iter().find(|(n, _)| n == "Signature").unwrap();
            let b64 = line
                .1
                .strip_prefix(&format!("{label}=:"))
                .unwrap()
                .trim_end_matches(':');
            let public = Key::from_jwk(&jwk(s(case, "key"), false).to_string(), None).unwrap();
            let bytes = canonsig::sign::Encoding::Base64.decode(b64, "signature").unwrap();
            public
                .verify(s(e, "signature_base").as_bytes(), &bytes)
                .unwrap_or_else(|err| panic!("{id}: {err}"));
            lines.retain(|(n, _)| n != "Signature");
        }
    }
    assert_eq!(lines, expected_pairs(&e["headers"]), "{id}");
}

fn rfc9421_verify(case: &Json) {
    let mut run = Run::new(case);
    run.arg("http").arg("verify");
    message_args(&mut run, case);
    for name in case["keys"].as_array().unwrap() {
        let key = key_file(&run, name.as_str().unwrap(), false);
        run.flag("--key-file", key);
    }
    run.flag("--now", case["now"].to_string()).arg("--show-base");
    let p = &case["policy"];
    if let Some(label) = p["label"].as_str() {
        run.flag("--label", label);
    }
    if let Some(skew) = p["clock_skew"].as_u64() {
        run.flag("--skew", skew.to_string());
    }
    if let Some(age) = p["max_age"].as_u64() {
        run.flag("--max-age", age.to_string());
    }
    if p["require_created"] == false {
        run.arg("--allow-no-created");
    }
    if p["require_expires"] == true {
        run.arg("--require-expires");
    }
    if p["check_content_digest"] == false {
        run.arg("--ignore-content-digest");
    }
    if let Some(list) = p["required_components"].as_array() {
        let names: Vec<&str> = list.iter().map(|c| c.as_str().unwrap()).collect();
        run.flag("--require", names.join(","));
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let id = &run.id;
    let e = &case["expected"];
    let stderr = String::from_utf8_lossy(&output.stderr);
    let components: Vec<&str> = e["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let verdict = format!(
        "verified: signature {:?}, key {:?} ({}), covers ({})",
        s(e, "label"),
        s(e, "key_id"),
        s(e, "algorithm"),
        components.join(" ")
    );
    let at = stderr
        .find(&verdict)
        .unwrap_or_else(|| panic!("{id}: no {verdict:?} in {stderr}"));
    // The inner list ends there: its parameters (`;created=...`) or the line's end follow.
    let after = &stderr[at + verdict.len()..];
    assert!(after.starts_with(';') || after.starts_with('\n'), "{id}: {stderr}");
    let base = intermediate(&output.stderr, "signature base");
    assert_eq!(text(&base), s(e, "signature_base"), "{id}");
}

fn rfc9421_base(case: &Json) {
    let mut run = Run::new(case);
    run.arg("http").arg("base");
    message_args(&mut run, case);
    components_flag(&mut run, &case["components"], "--input");
    let p = &case["params"];
    for (param, flag) in [
        ("created", "--created"),
        ("keyid", "--key-id"),
        ("alg", "--alg-param"),
        ("expires", "--expires"),
        ("nonce", "--nonce"),
        ("tag", "--tag"),
    ] {
        match &p[param] {
            Json::Null => {}
            Json::String(value) => {
                run.flag(flag, value.as_str());
            }
            value => {
                run.flag(flag, value.to_string());
            }
        }
    }
    if let Some(output) = run.conclude(case) {
        assert_eq!(
            text(&output.stdout),
            s(&case["expected"], "signature_base"),
            "{}",
            run.id
        );
    }
}

#[test]
fn rfc9421() {
    let mut ran = BTreeMap::new();
    let all = cases("rfc9421");
    for case in &all {
        match s(case, "op") {
            "sign" => rfc9421_sign(case),
            "verify" => rfc9421_verify(case),
            "signature_base" => rfc9421_base(case),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
        *ran.entry(s(case, "op").to_string()).or_insert(0) += 1;
    }
    assert_eq!(ran.values().sum::<usize>(), all.len());
    assert_eq!(
        all.len(),
        148,
        "fixtures/schemes/rfc9421.json changed: update the README's count"
    );
    eprintln!("fixtures/schemes/rfc9421.json through the CLI: ran {ran:?}");
}

// --- Content-Digest ---------------------------------------------------------------------

#[test]
fn content_digest() {
    let all = cases("content_digest");
    let mut ran = 0;
    for case in &all {
        let mut run = Run::new(case);
        let body = run.file("body", body(case));
        run.arg("http").arg("digest").arg(body);
        match s(case, "op") {
            "content_digest" => {
                let algs: Vec<&str> = case["algorithms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect();
                run.flag("--alg", algs.join(","));
                if let Some(output) = run.conclude(case) {
                    let wanted = format!("{}\n", s(&case["expected"], "value"));
                    assert_eq!(text(&output.stdout), wanted, "{}", run.id);
                }
            }
            "verify_content_digest" => {
                run.flag("--check", s(case, "value"));
                if let Some(output) = run.conclude(case) {
                    let algs: Vec<&str> = case["expected"]["algorithms"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap())
                        .collect();
                    let verdict = format!("verified: Content-Digest {} matches the body\n", algs.join(", "));
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    assert!(stderr.ends_with(&verdict), "{}: {stderr}", run.id);
                }
            }
            other => panic!("{}: unknown op {other}", case["id"]),
        }
        ran += 1;
    }
    assert_eq!(ran, all.len());
    assert_eq!(
        all.len(),
        21,
        "fixtures/schemes/content_digest.json changed: update the README's count"
    );
    eprintln!("fixtures/schemes/content_digest.json through the CLI: ran {ran}");
}

// --- SigV4 ------------------------------------------------------------------------------

/// `Name=value` of an Authorization header's comma-separated parts.
fn auth_part<'a>(authorization: &'a str, name: &str) -> &'a str {
    authorization
        .split([',', ' '])
        .find_map(|part| part.trim().strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {authorization}"))
}

/// A query parameter of a presigned URL, `%3B` decoded (the only escape its values hold
/// besides `%2F` in the credential, which no assertion reads).
fn query_param<'a>(url: &'a str, name: &str) -> &'a str {
    let query = url.split_once('?').unwrap().1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}

fn sigv4_sign(case: &Json, presign: bool) {
    let mut run = Run::new(case);
    run.arg("aws").arg(if presign { "presign" } else { "sign" });
    let request = run.file("request.req", message_bytes(case, "request"));
    run.arg(request);
    let c = &case["credentials"];
    let secret = run.file("secret", s(c, "secret_access_key"));
    run.flag("--access-key-id", s(c, "access_key_id"))
        .flag("--secret-file", secret)
        .flag("--region", s(case, "region"))
        .flag("--service", s(case, "service"))
        .flag("--algorithm", s(case, "algorithm"))
        .flag("--time", case["time"].to_string())
        .arg("--show-base");
    if let Some(token) = c["session_token"].as_str() {
        run.flag("--session-token-env", "AWS_SESSION_TOKEN");
        run.env.push(("AWS_SESSION_TOKEN".into(), token.into()));
    }
    if case["settings"] == "s3" {
        run.arg("--s3");
    }
    if presign {
        run.flag("--expires", case["expires"].to_string()).arg("--url");
    } else {
        run.arg("--headers-only");
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let id = &run.id;
    let e = &case["expected"];
    let canonical = intermediate(&output.stderr, "canonical request");
    assert_eq!(text(&canonical), s(e, "canonical_request"), "{id}");
    let to_sign = intermediate(&output.stderr, "string to sign");
    assert_eq!(text(&to_sign), s(e, "string_to_sign"), "{id}");
    if presign {
        let url = text(&output.stdout).trim_end_matches('\n');
        assert_eq!(url, s(e, "url"), "{id}");
        let signed_headers = query_param(url, "X-Amz-SignedHeaders").replace("%3B", ";");
        assert_eq!(signed_headers, s(e, "signed_headers"), "{id}");
        assert_eq!(query_param(url, "X-Amz-Signature"), s(e, "signature"), "{id}");
        return;
    }
    let mut lines = header_lines(&output.stdout);
    let authorization = lines.iter().find(|(n, _)| n == "Authorization").unwrap().1.clone();
    assert_eq!(
        auth_part(&authorization, "SignedHeaders"),
        s(e, "signed_headers"),
        "{id}"
    );
    if let Some(signature) = e["signature"].as_str() {
        assert_eq!(auth_part(&authorization, "Signature"), signature, "{id}");
    }
    if let Some(wanted) = e["authorization"].as_str() {
        assert_eq!(authorization, wanted, "{id}");
    }
    if case["algorithm"] == "sigv4a" {
        lines.retain(|(n, _)| n != "Authorization");
    }
    assert_eq!(lines, expected_pairs(&e["headers"]), "{id}");
}

fn sigv4_verify(case: &Json) {
    let mut run = Run::new(case);
    let request = run.file("request.req", message_bytes(case, "request"));
    let ring = case["credentials"].as_object().unwrap();
    assert_eq!(ring.len(), 1, "{}: the CLI verifies with one secret", run.id);
    let (access_key_id, secret) = ring.iter().next().unwrap();
    let secret = run.file("secret", secret.as_str().unwrap());
    run.arg("aws")
        .arg("verify")
        .arg(request)
        .flag("--access-key-id", access_key_id.as_str())
        .flag("--secret-file", secret)
        .flag("--now", case["now"].to_string());
    if case["settings"] == "s3" {
        run.arg("--s3");
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let e = &case["expected"];
    let stderr = String::from_utf8_lossy(&output.stderr);
    // `verified: <how>, access key ID, DATE/REGION/SERVICE at AMZDATE, signed headers H`
    let rest = stderr
        .split_once(", access key ")
        .unwrap_or_else(|| panic!("{}: {stderr}", run.id))
        .1;
    let (key, rest) = rest.split_once(", ").unwrap();
    let (scope, rest) = rest.split_once(" at ").unwrap();
    // DATE/REGION/SERVICE; a SigV4a region set has commas, never a slash.
    let (region, service) = scope.split_once('/').unwrap().1.rsplit_once('/').unwrap();
    let signed_headers = rest.split_once(", signed headers ").unwrap().1.trim_end();
    assert_eq!(key, s(e, "access_key_id"), "{}", run.id);
    assert_eq!(region, s(e, "region"), "{}", run.id);
    assert_eq!(service, s(e, "service"), "{}", run.id);
    assert_eq!(signed_headers, s(e, "signed_headers"), "{}", run.id);
}

#[test]
fn sigv4() {
    let all = cases("sigv4");
    let mut ran = BTreeMap::new();
    for case in &all {
        match s(case, "op") {
            "sign" => sigv4_sign(case, false),
            "presign" => sigv4_sign(case, true),
            "verify" => sigv4_verify(case),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
        *ran.entry(s(case, "op").to_string()).or_insert(0) += 1;
    }
    assert_eq!(ran.values().sum::<usize>(), all.len());
    assert_eq!(
        all.len(),
        77,
        "fixtures/schemes/sigv4.json changed: update the README's count"
    );
    eprintln!("fixtures/schemes/sigv4.json through the CLI: ran {ran:?}");
}

// --- webhooks ---------------------------------------------------------------------------

/// `application/x-www-form-urlencoded` as a sender writes it (every byte but the
/// unreserved ones escaped), so that the CLI's form parser sees exactly these pairs.
fn form(params: &[Json]) -> String {
    let escape = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    params
        .iter()
        .map(|p| format!("{}={}", escape(p[0].as_str().unwrap()), escape(p[1].as_str().unwrap())))
        .collect::<Vec<_>>()
        .join("&")
}

fn webhook_common(run: &mut Run, case: &Json) {
    let secret = run.file("secret", s(case, "secret"));
    run.flag("--provider", s(case, "provider"))
        .flag("--secret-file", secret);
}

fn webhook_sign(case: &Json) {
    let mut run = Run::new(case);
    run.arg("webhook").arg("sign");
    let body = match case["params"].as_array() {
        Some(params) => form(params).into_bytes(),
        None => body(case),
    };
    let body = run.file("body", body);
    run.arg(body);
    webhook_common(&mut run, case);
    run.arg("--show-base");
    if let Some(url) = case["url"].as_str() {
        run.flag("--url", url);
    }
    if let Some(id) = case["msg_id"].as_str() {
        run.flag("--id", id);
    }
    if let Some(t) = case["timestamp"].as_u64() {
        run.flag("--timestamp", t.to_string());
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let e = &case["expected"];
    let lines = header_lines(&output.stdout);
    match e.get("headers") {
        Some(headers) => assert_eq!(lines, expected_pairs(headers), "{}", run.id),
        None => {
            assert_eq!(lines.len(), 1, "{}", run.id);
            assert_eq!(lines[0].1, s(e, "signature"), "{}", run.id);
        }
    }
    assert_eq!(intermediate(&output.stderr, "signed payload"), payload(e), "{}", run.id);
}

fn webhook_verify(case: &Json, whole_request: bool) {
    let mut run = Run::new(case);
    run.arg("webhook").arg("verify");
    if whole_request {
        let request = run.file("request.req", message_bytes(case, "request"));
        run.flag("--request", request);
        if let Some(scheme) = case["scheme"].as_str() {
            run.flag("--scheme", scheme);
        }
    } else {
        let body = run.file("body", body(case));
        run.arg(body);
        for (name, value) in expected_pairs(&case["headers"]) {
            run.flag("-H", format!("{name}: {value}"));
        }
    }
    webhook_common(&mut run, case);
    run.flag("--now", case["now"].to_string()).arg("--show-base");
    if let Some(secs) = case["tolerance"].as_u64() {
        run.flag("--tolerance", secs.to_string());
    }
    let Some(output) = run.conclude(case) else {
        return;
    };
    let id = &run.id;
    let e = &case["expected"];
    let stderr = String::from_utf8_lossy(&output.stderr);
    let provider = s(case, "provider");
    let mut verdict = format!("verified: {provider} signature {}", s(e, "matched_signature"));
    if let Some(t) = e["timestamp"].as_u64() {
        verdict.push_str(&format!(", timestamp {t}"));
    }
    let wanted = payload(e);
    verdict.push_str(&format!(", {} signed bytes\n", wanted.len()));
    assert!(stderr.ends_with(&verdict), "{id}: want {verdict:?} in {stderr}");
    assert_eq!(intermediate(&output.stderr, "signed payload"), wanted, "{id}");
}

#[test]
fn webhooks() {
    let all = cases("webhooks");
    let mut ran = BTreeMap::new();
    for case in &all {
        match s(case, "op") {
            "sign" => webhook_sign(case),
            "verify" => webhook_verify(case, false),
            "verify_request" => webhook_verify(case, true),
            other => panic!("{}: unknown op {other}", case["id"]),
        }
        *ran.entry(s(case, "op").to_string()).or_insert(0) += 1;
    }
    assert_eq!(ran.values().sum::<usize>(), all.len());
    assert_eq!(
        all.len(),
        92,
        "fixtures/schemes/webhooks.json changed: update the README's count"
    );
    eprintln!("fixtures/schemes/webhooks.json through the CLI: ran {ran:?}");
}

#[test]
fn error_codes_are_read_from_either_form() {
    assert_eq!(
        error_code("error: missing_component: no Host\n").as_deref(),
        Some("missing_component")
    );
    assert_eq!(
        error_code("m.req: not verified: signature_mismatch: the base differs\n").as_deref(),
        Some("signature_mismatch")
    );
    assert_eq!(error_code("note: something\n"), None);
}
