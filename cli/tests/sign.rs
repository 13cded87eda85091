//! What a user sees from `canonsig keygen`, `sign` and `verify`: stdout, stderr and exit
//! code as insta snapshots (random key material replaced by placeholders first), plus
//! assertions whose expected values come from `fixtures/sign` (Python hmac /
//! cryptography, rfc8785) or were computed by hand, never from canonsig itself.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use canonsig::sign::{Algorithm, Encoding, Key};
use common::{canonsig, sign_fixture, test_keys, CliTest, KeyForm};
use insta::assert_snapshot;
use predicates::prelude::*;
use serde_json::Value as Json;

/// A `fixtures/sign/json.json` case by id.
fn json_case(id: &str) -> Json {
    sign_fixture("json.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no json.json case {id}"))
        .clone()
}

fn text(case: &Json, key: &str) -> String {
    case[key].as_str().unwrap().to_string()
}

fn thumbprint(id: &str) -> String {
    text(&test_keys()[id], "thumbprint")
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------------------
// keygen

#[test]
fn keygen_ed25519_to_files() {
    let t = CliTest::new();
    let (output, rendered) = t.run(
        &[
            "keygen",
            "--alg",
            "ed25519",
            "--out",
            "signer.pem",
            "--public-out",
            "signer.pub.pem",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty(), "the private key went to the file only");
    let private = std::fs::read_to_string(t.path().join("signer.pem")).unwrap();
    let public = std::fs::read_to_string(t.path().join("signer.pub.pem")).unwrap();
    assert!(private.starts_with("-----BEGIN PRIVATE KEY-----\n") && private.ends_with("-----END PRIVATE KEY-----\n"));
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    #[cfg(unix)]
    assert_eq!(mode(&t.path().join("signer.pem")), 0o600);
    // The two halves belong together, and the key id shown is the thumbprint.
    let key = Key::from_pem(&private, None).unwrap();
    let public_key = Key::from_pem(&public, None).unwrap();
    public_key.verify(b"m", &key.sign(b"m").unwrap()).unwrap();
    let id = key.thumbprint().unwrap();
    assert_eq!(public_key.key_id(), id);
    assert_snapshot!(rendered.replace(&id, "[THUMBPRINT]"));
}

#[test]
fn keygen_hmac_secret_to_stdout() {
    let t = CliTest::new();
    let (output, rendered) = t.run(&["keygen", "--alg", "hmac-sha384"], None);
    assert_eq!(output.status.code(), Some(0));
    let secret = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(secret.ends_with('\n'));
    let bytes = Encoding::Base64Url.decode(secret.trim_end(), "secret").unwrap();
    assert_eq!(bytes.len(), 48, "one SHA-384 output length");
    assert!(!secret.contains(['=', '+', '/']), "base64url without padding");
    assert_snapshot!(rendered.replace(secret.trim_end(), "[SECRET]"));
}

#[test]
fn keygen_jwk_with_key_id_shows_the_public_key() {
    let t = CliTest::new();
    let (output, rendered) = t.run(
        &[
            "keygen",
            "--alg",
            "ecdsa-p256-sha256",
            "--format",
            "jwk",
            "--key-id",
            "2026-01",
            "--out",
            "k.jwk",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let jwk: Json = serde_json::from_str(&std::fs::read_to_string(t.path().join("k.jwk")).unwrap()).unwrap();
    assert_eq!(
        (jwk["kid"].as_str(), jwk["alg"].as_str()),
        (Some("2026-01"), Some("ES256"))
    );
    assert_eq!((jwk["kty"].as_str(), jwk["crv"].as_str()), (Some("EC"), Some("P-256")));
    let (x, y) = (jwk["x"].as_str().unwrap(), jwk["y"].as_str().unwrap());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stderr.contains(jwk["d"].as_str().unwrap()),
        "the private scalar stays in the file"
    );
    assert!(
        stderr.contains(x) && stderr.contains(y),
        "the public key is shown: {stderr}"
    );
    assert_snapshot!(rendered.replace(x, "[X]").replace(y, "[Y]"));
}

#[test]
fn keygen_refuses_to_overwrite_without_force() {
    let t = CliTest::new();
    t.write("k.secret", "keep me\n");
    t.write("k.pub", "old\n");
    let (output, rendered) = t.run(&["keygen", "--alg", "hmac-sha256", "--out", "k.secret"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(t.path().join("k.secret")).unwrap(), "keep me\n");
    assert_snapshot!(rendered);
    // A public file in the way: nothing is left behind, the private file included.
    canonsig()
        .current_dir(t.path())
        .args([
            "keygen",
            "--alg",
            "ed25519",
            "--out",
            "new.pem",
            "--public-out",
            "k.pub",
        ])
        .assert()
        .code(2)
        .stderr("error: `k.pub` already exists; pass --force to replace it\n");
    assert!(!t.path().join("new.pem").exists());

    // --force replaces it, and the new file is private even though the old one was not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = t.path().join("k.secret");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        canonsig()
            .current_dir(t.path())
            .args(["keygen", "--alg", "hmac-sha256", "--out", "k.secret", "--force"])
            .assert()
            .success()
            .stdout("");
        assert_eq!(mode(&path), 0o600);
        assert_ne!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
    }
}

#[test]
fn keygen_option_mistakes() {
    let t = CliTest::new();
    let cases: [(&str, &[&str]); 5] = [
        (
            "key_id_needs_jwk",
            &["keygen", "--alg", "ed25519", "--key-id", "k1", "--out", "x"],
        ),
        (
            "no_public_key_for_hmac",
            &["keygen", "--alg", "hmac-sha256", "--public-out", "x.pub"],
        ),
        ("pem_for_hmac", &["keygen", "--alg", "hmac-sha512", "--format", "pem"]),
        (
            "secret_for_ed25519",
            &["keygen", "--alg", "ed25519", "--format", "secret"],
        ),
        (
            "same_file_twice",
            &["keygen", "--alg", "ed25519", "--out", "k", "--public-out", "k"],
        ),
    ];
    for (name, args) in cases {
        let (output, rendered) = t.run(args, None);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}: no key is written");
        assert_snapshot!(format!("keygen_mistake_{name}"), rendered);
    }
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 0, "no file was created");
}

/// Every algorithm: keygen, then sign with the private key and verify with the public
/// key (or the secret), through the binary.
#[test]
fn keygen_sign_verify_round_trip_for_every_algorithm() {
    let t = CliTest::new();
    let payload = t.write("p.json", r#"{"b": [1.0, "é"], "a": null}"#);
    for algorithm in Algorithm::ALL {
        let name = algorithm.name();
        let private = format!("{name}.key");
        let public = if algorithm.is_hmac() {
            private.clone()
        } else {
            format!("{name}.pub")
        };
        let mut keygen = vec!["keygen", "--alg", name, "--out", &private];
        if !algorithm.is_hmac() {
            keygen.extend(["--public-out", public.as_str()]);
        }
        canonsig().current_dir(t.path()).args(&keygen).assert().success();
        let alg = ["--alg", name];
        let sign = canonsig()
            .current_dir(t.path())
            .args(["sign", "--key-file", &private, "--header", "--created", "now"])
            .args(alg)
            .arg(&payload)
            .output()
            .unwrap();
        assert_eq!(
            sign.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&sign.stderr)
        );
        let header = String::from_utf8(sign.stdout).unwrap();
        assert!(
            header.starts_with(':') && header.contains(&format!(";alg=\"{name}\"")),
            "{header}"
        );
        canonsig()
            .current_dir(t.path())
            .args([
                "verify",
                "--key-file",
                &public,
                "--require-created",
                "--signature",
                header.trim_end(),
            ])
            .args(alg)
            .arg(&payload)
            .assert()
            .success()
            .stdout("")
            .stderr(
                predicate::str::contains(": verified: key ")
                    .and(predicate::str::contains(format!(", alg {name}, sha256 "))),
            );
    }
}

// ---------------------------------------------------------------------------------------
// sign

#[test]
fn sign_hmac_bare_value() {
    let case = json_case("sign/json/hmac-sha256/jcs");
    let t = CliTest::new();
    t.write_key("shared.secret", "k-hmac-sha256-1", KeyForm::Private);
    t.write("order.json", text(&case, "payload"));
    let (output, rendered) = t.run(
        &[
            "sign",
            "--alg",
            "hmac-sha256",
            "--key-file",
            "shared.secret",
            "order.json",
        ],
        None,
    );
    // Python hmac over the rfc8785 bytes (fixtures/sign/json.json).
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        text(&case, "signature_b64url") + "\n"
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    assert_snapshot!(rendered);
    for (encoding, field) in [("base64", "signature_b64"), ("hex", "signature_hex")] {
        canonsig()
            .current_dir(t.path())
            .args([
                "sign",
                "--alg",
                "hmac-sha256",
                "--key-file",
                "shared.secret",
                "--encoding",
                encoding,
            ])
            .arg("order.json")
            .assert()
            .success()
            .stdout(text(&case, field) + "\n");
    }
    // The same secret as hex, as a JWK, and from stdin: the same signature.
    t.write_key("shared.hex", "k-hmac-sha256-1", KeyForm::SecretHex);
    t.write_key("shared.jwk", "k-hmac-sha256-1", KeyForm::Jwk);
    for key in [
        &["--key-file", "shared.hex", "--secret-encoding", "hex"][..],
        &["--key-file", "shared.jwk"][..],
    ] {
        canonsig()
            .current_dir(t.path())
            .args(["sign", "--alg", "hmac-sha256"])
            .args(key)
            .write_stdin(text(&case, "payload"))
            .assert()
            .success()
            .stdout(text(&case, "signature_b64url") + "\n");
    }
}

#[test]
fn sign_ed25519_header_with_parameters() {
    let case = json_case("sign/json/ed25519/custom-key-id");
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    t.write("event.json", text(&case, "payload"));
    let args = [
        "sign",
        "--key-file",
        "signer.pem",
        "--key-id",
        "ops-2024-01",
        "--created",
        "1700000000",
        "--nonce",
        "n-0001",
        "--header",
        "event.json",
    ];
    let (output, rendered) = t.run(&args, None);
    // cryptography's Ed25519 over the rfc8785 envelope (fixtures/sign/json.json).
    assert_eq!(String::from_utf8(output.stdout).unwrap(), text(&case, "header") + "\n");
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn sign_key_from_an_environment_variable() {
    let case = json_case("sign/json/hmac-sha256/webhook-params");
    let t = CliTest::new();
    let secret = text(&test_keys()["k-hmac-sha256-1"], "secret_b64url");
    let (output, rendered) = t.run_env(
        &[
            "sign",
            "--alg",
            "hmac-sha256",
            "--key-env",
            "WEBHOOK_SECRET",
            "--key-id",
            "k-hmac-sha256-1",
            "--created",
            "now",
            "--now",
            "1700000000",
            "--nonce",
            "evt_1-delivery-3",
            "--header",
        ],
        Some(text(&case, "payload").as_bytes()),
        &[("WEBHOOK_SECRET", &secret)],
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap(), text(&case, "header") + "\n");
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
    // Not set: said so, exit 2.
    let (output, rendered) = t.run(
        &["sign", "--alg", "hmac-sha256", "--key-env", "WEBHOOK_SECRET"],
        Some(b"{}"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!("sign_key_env_not_set", rendered);
}

#[test]
fn sign_trace_to_stderr() {
    let case = json_case("sign/json/ed25519/jcs");
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    t.write("order.json", text(&case, "payload"));
    let (output, rendered) = t.run(
        &[
            "sign",
            "--key-file",
            "signer.pem",
            "--trace",
            "-",
            "--trace-signing-string",
            "--request-id",
            "req-7",
            "--now",
            "1700000000",
            "order.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        text(&case, "signature_b64url") + "\n"
    );
    let trace: Json = serde_json::from_slice(&output.stderr).unwrap();
    let signed = Encoding::Base64
        .decode(trace["signing_string_b64"].as_str().unwrap(), "trace")
        .unwrap();
    assert_eq!(signed, text(&case, "signing_bytes").as_bytes());
    assert_eq!(trace["key_id"].as_str(), Some(thumbprint("k-ed25519-1").as_str()));
    assert_eq!(trace["request_id"].as_str(), Some("req-7"));
    assert_eq!(trace["timestamp"].as_u64(), Some(1_700_000_000));
    assert_snapshot!(rendered);
}

#[test]
fn sign_created_now_and_random_nonce() {
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    let header = |_: u8| {
        let out = canonsig()
            .current_dir(t.path())
            .args([
                "sign",
                "--key-file",
                "signer.pem",
                "--header",
                "--created",
                "now",
                "--now",
                "1800000000",
            ])
            .args(["--expires", "+60", "--nonce", "random"])
            .write_stdin("{}")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let (first, second) = (header(1), header(2));
    assert!(
        first.contains(";created=1800000000;expires=1800000060;nonce=\""),
        "{first}"
    );
    let nonce = |h: &str| {
        h.split("nonce=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(Encoding::Base64Url.decode(&nonce(&first), "nonce").unwrap().len(), 16);
    assert_ne!(nonce(&first), nonce(&second), "a new nonce every time");
}

#[test]
fn sign_with_a_public_key_is_refused() {
    let t = CliTest::new();
    t.write_key("signer.pub.pem", "k-ed25519-1", KeyForm::PublicPem);
    let (output, rendered) = t.run(&["sign", "--key-file", "signer.pub.pem"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_snapshot!(rendered);
}

#[test]
fn sign_with_a_file_that_is_no_key() {
    let t = CliTest::new();
    t.write("secret.txt", "c2VjcmV0IHRoYXQgaXMgYmFzZTY0dXJsIHRleHQ\n");
    let (output, rendered) = t.run(&["sign", "--key-file", "secret.txt"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
    // A missing key file, and an RSA key without its algorithm.
    let (output, rendered) = t.run(&["sign", "--key-file", "missing.pem"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!("sign_missing_key_file", rendered);
    t.write_key("rsa.pem", "k-rsa-pss-sha512-1", KeyForm::Private);
    let (output, rendered) = t.run(&["sign", "--key-file", "rsa.pem"], Some(b"{}"));
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!("sign_rsa_key_needs_alg", rendered);
}

#[test]
fn sign_invalid_payload_is_an_error_like_canon() {
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    t.write("dup.json", r#"{"id":1,"id":2}"#);
    let (output, rendered) = t.run(&["sign", "--key-file", "signer.pem", "dup.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let canon = canonsig()
        .current_dir(t.path())
        .args(["canon", "dup.json"])
        .output()
        .unwrap();
    assert_eq!(output.stderr, canon.stderr, "the same message as `canon`");
    assert_snapshot!(rendered);
}

#[test]
fn secrets_are_never_command_line_values() {
    for option in ["--key", "--secret", "--key-value", "--hmac-key"] {
        canonsig()
            .args(["sign", option, "c2VjcmV0"])
            .write_stdin("{}")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unexpected argument"));
    }
}

#[test]
fn raw_secret_with_a_newline_gets_a_note() {
    let t = CliTest::new();
    t.write("raw.secret", "it's a secret\n");
    let (output, rendered) = t.run(
        &[
            "sign",
            "--alg",
            "hmac-sha256",
            "--secret-encoding",
            "raw",
            "--key-file",
            "raw.secret",
        ],
        Some(br#"{"a":1}"#),
    );
    assert_eq!(output.status.code(), Some(0));
    // Python: base64.urlsafe_b64encode(hmac.new(b"it's a secret\n", b'{"a":1}', "sha256").digest()).rstrip(b"=")
    assert_eq!(output.stdout, b"5V9msRoiIR9IbBrexfD5cF_zEHhlUPUQEygqf284x0Q\n");
    assert_snapshot!(rendered);
}

#[test]
fn help_for_signing_commands() {
    let t = CliTest::new();
    for command in ["keygen", "sign", "verify"] {
        let (output, rendered) = t.run(&[command, "--help"], None);
        assert_eq!(output.status.code(), Some(0));
        assert_snapshot!(format!("help_for_{command}"), rendered);
    }
}

// ---------------------------------------------------------------------------------------
// verify

/// A temp dir with the Ed25519 test key (private and public) and a payload.
fn ed25519_setup(payload: &str) -> CliTest {
    let t = CliTest::new();
    t.write_key("signer.pem", "k-ed25519-1", KeyForm::Private);
    t.write_key("signer.pub.pem", "k-ed25519-1", KeyForm::PublicPem);
    t.write("payload.json", payload);
    t
}

#[test]
fn verify_ok() {
    let case = json_case("sign/json/ed25519/jcs-params");
    let t = ed25519_setup(&text(&case, "payload"));
    let header = text(&case, "header");
    let (output, rendered) = t.run(
        &[
            "verify",
            "--key-file",
            "signer.pub.pem",
            "--signature",
            &header,
            "--now",
            "1700000030",
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    // SHA-256 of the fixture's signing_bytes (Python hashlib).
    assert!(String::from_utf8_lossy(&output.stderr)
        .ends_with(", sha256 fe06e683142f7659b7b54ce2e3a68a510ec5b4456a041c6ec6bcb48f48dfcff6\n"));
    let id = thumbprint("k-ed25519-1");
    assert_snapshot!(rendered.replace(&id, "[THUMBPRINT]"));
}

#[test]
fn verify_mismatch_names_the_signed_bytes() {
    // errors.json sign/errors/signature-mismatch-payload-byte: signed {"to":"alice","amount":100}.
    let t = ed25519_setup(r#"{"to": "alice", "amount": 101}"#);
    let signature = "MM2xGELimH0MQl_MJ_EY96dE3Z4cpDRDCY6hZwN8XPObyv9jTRdqBvBZQalMKqLcL27wFYOYpQ-VyxQdiNYwBg";
    let args = [
        "verify",
        "--key-file",
        "signer.pub.pem",
        "--signature",
        signature,
        "payload.json",
    ];
    let (output, rendered) = t.run(&args, None);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    // SHA-256 of {"amount":101,"to":"alice"}: Python hashlib.
    assert!(
        stderr.contains("574d20c48f9eed67f71ab48f000d51338bde530f2d226aad1e9652b3859f9f6c"),
        "{stderr}"
    );
    assert_snapshot!(rendered.replace(&thumbprint("k-ed25519-1"), "[THUMBPRINT]"));

    let (output, rendered) = t.run(&[&args[..], &["--show-signed-bytes"]].concat(), None);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("\n  signed bytes: {\"amount\":101,\"to\":\"alice\"}\n"));
    assert_snapshot!(
        "verify_mismatch_show_signed_bytes",
        rendered.replace(&thumbprint("k-ed25519-1"), "[THUMBPRINT]")
    );
}

#[test]
fn verify_show_signed_bytes_is_escaped_and_bounded() {
    let t = CliTest::new();
    t.write_key("k.secret", "k-hmac-sha256-1", KeyForm::Private);
    let payload = format!("[\"é\\n\\u0001\", \"{}\"]", "x".repeat(2000));
    t.write("payload.json", &payload);
    let output = canonsig()
        .current_dir(t.path())
        .args([
            "verify",
            "--alg",
            "hmac-sha256",
            "--key-file",
            "k.secret",
            "--show-signed-bytes",
        ])
        .args([
            "--signature",
            "a4lyKPtPpL0OGLmVp3reM45FJ8JnDa5bfU0kEIHxDa0",
            "payload.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // ["é\n\u0001","xxx…"] in core's notation (canonsig::diff::visible, as every frontend
    // shows bytes): é as itself, the escapes as JCS writes them.
    assert!(stderr.contains("  signed bytes: [\"é\\n\\u0001\",\"xxxx"), "{stderr}");
    // 2017 signed bytes (2 + 2 + 2 + 6 + 3 + 2000 + 2), of which 1024 are shown.
    assert!(
        stderr.contains("…\n  (993 more bytes; --trace FILE --trace-signing-string logs them all)\n"),
        "{stderr}"
    );
    for line in stderr.lines() {
        assert!(line.chars().count() < 1200, "bounded: {} chars", line.chars().count());
    }
}

#[test]
fn verify_expired() {
    let case = json_case("sign/json/ed25519/created-only");
    let t = ed25519_setup(&text(&case, "payload"));
    let header = text(&case, "header");
    let (output, rendered) = t.run(
        &[
            "verify",
            "--key-file",
            "signer.pub.pem",
            "--signature",
            &header,
            "--now",
            "1700000301",
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
    // A wider tolerance accepts it; --now 1700000300 is the inclusive edge.
    for extra in [
        &["--now", "1700000301", "--tolerance", "301"][..],
        &["--now", "1700000300"][..],
    ] {
        canonsig()
            .current_dir(t.path())
            .args([
                "verify",
                "--key-file",
                "signer.pub.pem",
                "--signature",
                &header,
                "payload.json",
            ])
            .args(extra)
            .assert()
            .success();
    }
}

#[test]
fn verify_unknown_key_id() {
    let case = json_case("sign/json/ed25519/custom-key-id");
    let t = ed25519_setup(&text(&case, "payload"));
    let (output, rendered) = t.run(
        &[
            "verify",
            "--key-file",
            "signer.pub.pem",
            "--key-id",
            "ops-2025-01",
            "--signature",
            &text(&case, "header"),
            "--now",
            "1700000000",
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn verify_bad_key_file() {
    let t = ed25519_setup("{}");
    t.write(
        "bad.pem",
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
    );
    let (output, rendered) = t.run(
        &["verify", "--key-file", "bad.pem", "--signature", "AAAA", "payload.json"],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_snapshot!(rendered);
}

#[test]
fn verify_malformed_signature_is_a_rejection() {
    let t = ed25519_setup("{}");
    let (output, rendered) = t.run(
        &[
            "verify",
            "--key-file",
            "signer.pub.pem",
            "--signature",
            "not base64!",
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn verify_invalid_payload_is_an_error() {
    let t = ed25519_setup("{\"a\":1,}");
    let (output, rendered) = t.run(
        &[
            "verify",
            "--key-file",
            "signer.pub.pem",
            "--signature",
            &"A".repeat(86),
            "payload.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!(rendered);
}

#[test]
fn verify_key_ring_rotation() {
    let t = CliTest::new();
    // The same test keys under rotation ids, as JWKs with kid.
    let jwk = |id: &str, kid: &str| {
        let mut jwk: Json = serde_json::from_str(&common::test_key_text(id, KeyForm::Jwk)).unwrap();
        jwk["kid"] = Json::from(kid);
        jwk.to_string()
    };
    t.write("old.jwk", jwk("k-ed25519-1", "2025"));
    t.write("new.jwk", jwk("k-ed25519-2", "2026"));
    t.write("other.jwk", jwk("k-ecdsa-p256-sha256-1", "2024"));
    t.write("payload.json", r#"{"n": 1}"#);
    let sign = |key: &str| {
        let out = canonsig()
            .current_dir(t.path())
            .args(["sign", "--key-file", key, "--header", "payload.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap().trim_end().to_string()
    };
    let ring = ["verify", "--key-file", "old.jwk", "--key-file", "new.jwk"];
    for (key, kid) in [("old.jwk", "2025"), ("new.jwk", "2026")] {
        let header = sign(key);
        assert!(header.contains(&format!(";keyid=\"{kid}\"")), "{header}");
        canonsig()
            .current_dir(t.path())
            .args(ring)
            .args(["--signature", &header, "payload.json"])
            .assert()
            .success()
            // SHA-256 of {"n":1}: Python hashlib.
            .stderr(format!(
                "payload.json: verified: key \"{kid}\", alg ed25519, sha256 2bfd14f43d17fc7cea24e0917a8879b4b2f880b8baeec1b9d90fbaad655e71bd\n"
            ));
    }
    // Retired: signed with a key the ring no longer holds (ECDSA: a random signature).
    let retired = sign("other.jwk");
    let (output, rendered) = t.run(&[&ring[..], &["--signature", &retired, "payload.json"]].concat(), None);
    assert_eq!(output.status.code(), Some(1));
    let value = retired.split(':').nth(1).unwrap();
    assert_snapshot!(rendered.replace(value, "[ECDSA SIGNATURE]"));
}

#[test]
fn verify_option_mistakes() {
    let t = ed25519_setup("{}");
    t.write_key("other.pem", "k-ed25519-2", KeyForm::PublicPem);
    let header = ":AAAA:;alg=\"ed25519\"";
    let cases: [(&str, Vec<&str>); 4] = [
        (
            "bare_signature_with_a_key_ring",
            vec![
                "verify",
                "--key-file",
                "signer.pub.pem",
                "--key-file",
                "other.pem",
                "--signature",
                "AAAA",
                "payload.json",
            ],
        ),
        (
            "key_id_with_a_key_ring",
            vec![
                "verify",
                "--key-file",
                "signer.pub.pem",
                "--key-file",
                "other.pem",
                "--key-id",
                "k",
                "--signature",
                header,
                "payload.json",
            ],
        ),
        (
            "parameter_with_a_header",
            vec![
                "verify",
                "--key-file",
                "signer.pub.pem",
                "--created",
                "1700000000",
                "--signature",
                header,
                "payload.json",
            ],
        ),
        (
            "duplicate_key_id",
            vec![
                "verify",
                "--key-file",
                "signer.pub.pem",
                "--key-file",
                "signer.pem",
                "--signature",
                header,
                "payload.json",
            ],
        ),
    ];
    for (name, args) in cases {
        let (output, rendered) = t.run(&args, None);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_snapshot!(format!("verify_mistake_{name}"), rendered);
    }
    let (output, rendered) = t.run(
        &["verify", "--key-file", "signer.pub.pem", "--signature-file", "-"],
        Some(b"{}"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_snapshot!("verify_mistake_stdin_twice", rendered);
}

#[test]
fn verify_policy_options() {
    let case = json_case("sign/json/ed25519/jcs");
    let t = ed25519_setup(&text(&case, "payload"));
    let base = ["verify", "--key-file", "signer.pub.pem", "payload.json", "--signature"];
    let header = text(&case, "header");
    // --require-created: this signature has none.
    canonsig()
        .current_dir(t.path())
        .args(base)
        .args([header.as_str(), "--require-created"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "payload.json: not verified: missing_parameter: ",
        ));
    // --allow-alg without ed25519.
    canonsig()
        .current_dir(t.path())
        .args(base)
        .args([
            header.as_str(),
            "--allow-alg",
            "ecdsa-p256-sha256",
            "--allow-alg",
            "hmac-sha256",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "payload.json: not verified: algorithm_not_allowed: ",
        ));
    // A header whose alg is not the key's.
    let claimed = header.replace("alg=\"ed25519\"", "alg=\"ecdsa-p256-sha256\"");
    canonsig()
        .current_dir(t.path())
        .args(base)
        .arg(&claimed)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "payload.json: not verified: algorithm_mismatch: ",
        ));
}

#[test]
fn verify_trace_file_and_signature_from_stdin() {
    let case = json_case("sign/json/hmac-sha256/jcs");
    let t = CliTest::new();
    t.write_key("k.secret", "k-hmac-sha256-1", KeyForm::Private);
    t.write("payload.json", text(&case, "payload"));
    let verify = |payload: &str, stdin: &str| {
        canonsig()
            .current_dir(t.path())
            .args([
                "verify",
                "--alg",
                "hmac-sha256",
                "--key-file",
                "k.secret",
                "--key-id",
                "k-hmac-sha256-1",
            ])
            .args([
                "--signature-file",
                "-",
                "--trace",
                "trace.jsonl",
                "--trace-signing-string",
                "--now",
                "1700000000",
            ])
            .arg(payload)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    };
    let ok = verify("payload.json", &(text(&case, "signature_b64url") + "\n"));
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    t.write(
        "payload.json",
        r#"{"a":{"b":null,"y":true},"n":100,"s":"</tag> 😀","z":[3,1,"cafe"]}"#,
    );
    let bad = verify("payload.json", &text(&case, "signature_b64url"));
    assert_eq!(bad.status.code(), Some(1));
    let log = std::fs::read_to_string(t.path().join("trace.jsonl")).unwrap();
    let lines: Vec<Json> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "appended, one line each: {log}");
    assert_eq!(lines[0]["outcome"], "ok");
    assert_eq!(lines[1]["outcome"], "signature_mismatch");
    assert_eq!(lines[1]["operation"], "verify");
    let signed = Encoding::Base64
        .decode(lines[0]["signing_string_b64"].as_str().unwrap(), "trace")
        .unwrap();
    assert_eq!(signed, text(&case, "signing_bytes").as_bytes());
}
