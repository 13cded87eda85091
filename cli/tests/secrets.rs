//! No command ever shows a secret: for every test key, every command (and its failure
//! paths) is run, and its stdout, stderr and trace file are searched for the secret
//! material in every form it could be written: raw bytes, hex (both cases), base64 and
//! base64url (with and without padding). For `keygen`, the generated secret may appear in
//! the one place asked for (`--out`, or stdout without it) and nowhere else.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Output;

use canonsig::sign::{Algorithm, Encoding, Key};
use common::{canonsig, test_key_text, test_keys, CliTest, KeyForm};
use serde_json::Value as Json;

/// A command to run: what it is, its arguments, its environment.
type Run<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// The forms a secret could leak in.
fn forms(secret: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    assert!(secret.len() >= 16, "too short to search for");
    let base64 = Encoding::Base64.encode(secret);
    let base64url = Encoding::Base64Url.encode(secret);
    let padding = "=".repeat((4 - base64url.len() % 4) % 4);
    vec![
        ("raw", secret.to_vec()),
        ("hex", Encoding::Hex.encode(secret).into_bytes()),
        ("HEX", Encoding::Hex.encode(secret).to_uppercase().into_bytes()),
        ("base64", base64.clone().into_bytes()),
        ("base64 unpadded", base64.trim_end_matches('=').as_bytes().to_vec()),
        ("base64url", base64url.clone().into_bytes()),
        ("base64url padded", format!("{base64url}{padding}").into_bytes()),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The secret parts of a key, from its private JWK (`d`, and RSA's primes and CRT values)
/// or its HMAC secret.
fn secret_parts(key: &Key) -> Vec<Vec<u8>> {
    if key.algorithm().is_hmac() {
        let text = key.export_secret(Encoding::Hex).unwrap();
        return vec![Encoding::Hex.decode(&text, "secret").unwrap()];
    }
    let jwk: Json = serde_json::from_str(&key.export_private_jwk().unwrap()).unwrap();
    ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .filter_map(|name| jwk.get(*name).and_then(Json::as_str))
        .map(|b64| Encoding::Base64Url.decode(b64, "jwk").unwrap())
        .collect()
}

/// Asserts that no form of any secret is in what `what` printed or traced.
fn assert_no_leak(what: &str, secrets: &[Vec<u8>], output: &Output, trace: &[u8]) {
    for secret in secrets {
        for (form, needle) in forms(secret) {
            for (stream, haystack) in [
                ("stdout", &output.stdout[..]),
                ("stderr", &output.stderr[..]),
                ("trace", trace),
            ] {
                assert!(
                    !contains(haystack, &needle),
                    "{what}: the secret ({form}) is in {stream}"
                );
            }
        }
    }
}

/// Each test key, loaded, with the flags that name its algorithm.
fn test_key(id: &str) -> (Key, Vec<&'static str>) {
    let keys = test_keys();
    let algorithm: Algorithm = keys[id]["algorithm"].as_str().unwrap().parse().unwrap();
    let alg = algorithm.name();
    let key = if algorithm.is_hmac() {
        Key::hmac_from_text(algorithm, &test_key_text(id, KeyForm::Private), Encoding::Base64Url).unwrap()
    } else {
        Key::from_pem(&test_key_text(id, KeyForm::Private), Some(algorithm)).unwrap()
    };
    (key, vec!["--alg", alg])
}

#[test]
fn sign_and_verify_never_show_a_secret() {
    let ids = [
        "k-hmac-sha256-1",
        "k-hmac-sha512-1",
        "k-ed25519-1",
        "k-ecdsa-p384-sha384-1",
        "k-rsa-pss-sha512-1",
    ];
    let mut runs = 0;
    for id in ids {
        let (key, alg) = test_key(id);
        let secrets = secret_parts(&key);
        let t = CliTest::new();
        let private = t.write_key("private.key", id, KeyForm::Private);
        let jwk = t.write_key("private.jwk", id, KeyForm::Jwk);
        let payload = t.write("payload.json", r#"{"order": "A-17", "amount": 10.5}"#);
        t.write("changed.json", r#"{"order": "A-17", "amount": 10.6}"#);
        t.write("bad.json", r#"{"order": "A-17", "order": 1}"#);
        // A JWK with an unsupported kty but all its secret members, and a PEM cut short.
        let mut odd: Json = serde_json::from_str(&test_key_text(id, KeyForm::Jwk)).unwrap();
        odd["kty"] = Json::from("XYZ");
        t.write("odd.jwk", odd.to_string());
        let pem = test_key_text(id, KeyForm::Private);
        t.write("cut.pem", &pem[..pem.len() * 2 / 3]);
        let trace = t.path().join("trace.jsonl");
        let trace_arg = trace.to_str().unwrap().to_string();
        let env_value = std::fs::read_to_string(&private).unwrap();

        let header = {
            let out = canonsig()
                .current_dir(t.path())
                .args(["sign", "--key-file", &private, "--header", "--created", "1700000000"])
                .args(&alg)
                .arg(&payload)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{id}");
            String::from_utf8(out.stdout).unwrap().trim_end().to_string()
        };
        let common = [
            "--trace",
            trace_arg.as_str(),
            "--trace-signing-string",
            "--now",
            "1700000000",
        ];
        let runs_for_key: Vec<Run<'_>> = vec![
            (
                "sign bare",
                vec!["sign", "--key-file", &private, "payload.json"],
                vec![],
            ),
            (
                "sign jwk",
                vec!["sign", "--key-file", &jwk, "--header", "payload.json"],
                vec![],
            ),
            (
                "sign env",
                vec![
                    "sign",
                    "--key-env",
                    "K",
                    "--nonce",
                    "random",
                    "--header",
                    "payload.json",
                ],
                vec![("K", &env_value)],
            ),
            (
                "sign trace to stderr",
                vec![
                    "sign",
                    "--key-file",
                    &private,
                    "--trace",
                    "-",
                    "--trace-signing-string",
                    "payload.json",
                ],
                vec![],
            ),
            (
                "sign invalid payload",
                vec!["sign", "--key-file", &private, "bad.json"],
                vec![],
            ),
            (
                "sign odd jwk",
                vec!["sign", "--key-file", "odd.jwk", "payload.json"],
                vec![],
            ),
            (
                "sign cut pem",
                vec!["sign", "--key-file", "cut.pem", "payload.json"],
                vec![],
            ),
            (
                "sign wrong secret encoding",
                vec![
                    "sign",
                    "--key-file",
                    &private,
                    "--secret-encoding",
                    "hex",
                    "payload.json",
                ],
                vec![],
            ),
            (
                "verify ok",
                vec!["verify", "--key-file", &private, "--signature", &header, "payload.json"],
                vec![],
            ),
            (
                "verify jwk",
                vec!["verify", "--key-file", &jwk, "--signature", &header, "payload.json"],
                vec![],
            ),
            (
                "verify env",
                vec!["verify", "--key-env", "K", "--signature", &header, "payload.json"],
                vec![("K", &env_value)],
            ),
            (
                "verify mismatch",
                vec![
                    "verify",
                    "--key-file",
                    &private,
                    "--show-signed-bytes",
                    "--signature",
                    &header,
                    "changed.json",
                ],
                vec![],
            ),
            (
                "verify malformed",
                vec![
                    "verify",
                    "--key-file",
                    &private,
                    "--signature",
                    ":AAAA:",
                    "payload.json",
                ],
                vec![],
            ),
            (
                "verify invalid payload",
                vec!["verify", "--key-file", &private, "--signature", &header, "bad.json"],
                vec![],
            ),
            (
                "verify expired",
                vec![
                    "verify",
                    "--key-file",
                    &private,
                    "--signature",
                    &header,
                    "payload.json",
                    "--now",
                    "1800000000",
                ],
                vec![],
            ),
        ];
        for (what, args, env) in runs_for_key {
            let _ = std::fs::remove_file(&trace);
            let mut cmd = canonsig();
            cmd.current_dir(t.path()).args(&args);
            // The algorithm flag, and a trace (to the file) wherever one is allowed.
            if !args.contains(&"odd.jwk") {
                cmd.args(&alg);
            }
            if !args.contains(&"--trace") && !args.contains(&"--now") {
                cmd.args(common);
            }
            for (name, value) in env {
                cmd.env(name, value);
            }
            let output = cmd.output().unwrap();
            let traced = std::fs::read(&trace).unwrap_or_default();
            assert_no_leak(&format!("{id}: {what}"), &secrets, &output, &traced);
            runs += 1;
        }
        // The wrong algorithm for the key, as an error at load time.
        let other = if key.algorithm().is_hmac() {
            "ed25519"
        } else {
            "hmac-sha256"
        };
        let output = canonsig()
            .current_dir(t.path())
            .args(["sign", "--alg", other, "--key-file", &jwk, "payload.json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{id}");
        assert_no_leak(&format!("{id}: wrong alg"), &secrets, &output, &[]);
        runs += 1;
    }
    assert_eq!(runs, 5 * 16);
}

#[test]
fn keygen_writes_the_secret_only_where_asked() {
    for algorithm in Algorithm::ALL {
        let t = CliTest::new();
        let name = algorithm.name();
        let hmac = algorithm.is_hmac();
        // To a file: nothing secret on stdout or stderr.
        let mut args = vec!["keygen", "--alg", name, "--out", "k"];
        if !hmac {
            args.extend(["--public-out", "k.pub"]);
        }
        let output = canonsig().current_dir(t.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}");
        let text = std::fs::read_to_string(t.path().join("k")).unwrap();
        let key = if hmac {
            Key::hmac_from_text(algorithm, &text, Encoding::Base64Url).unwrap()
        } else {
            Key::from_pem(&text, Some(algorithm)).unwrap()
        };
        let secrets = secret_parts(&key);
        let public = std::fs::read(t.path().join("k.pub")).unwrap_or_default();
        assert_no_leak(&format!("keygen {name} --out"), &secrets, &output, &public);

        // To stdout as a JWK: the secret there, and not on stderr (where the public key is).
        let output = canonsig()
            .current_dir(t.path())
            .args(["keygen", "--alg", name, "--format", "jwk"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}");
        let key = Key::from_jwk(std::str::from_utf8(&output.stdout).unwrap(), Some(algorithm)).unwrap();
        let secrets = secret_parts(&key);
        let stderr_only = Output {
            stdout: Vec::new(),
            ..output.clone()
        };
        assert_no_leak(&format!("keygen {name} --format jwk"), &secrets, &stderr_only, &[]);
        assert!(
            forms(&secrets[0])
                .iter()
                .any(|(_, needle)| contains(&output.stdout, needle)),
            "{name}: the search finds the secret where it is"
        );
    }
}
