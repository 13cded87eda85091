//! What a user sees from `http`, `aws`, `aws-explain` and `webhook`: `--show-base`
//! output and aws-explain's report as insta snapshots, exit codes on errors, and no
//! secret in any form on stdout or stderr. Vector files are read from ../shared/vectors
//! and written into the test's temp folder so snapshots show stable names.
#![allow(clippy::unwrap_used)]

mod common;

use canonsig::sign::Encoding;
use common::{shared_vectors, CliTest};
use insta::assert_snapshot;
use serde_json::Value as Json;

const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SUITE: &str = "sigv4/aws-signing-test-suite/v4";

fn vector(path: &str) -> Option<Vec<u8>> {
    let (dir, file) = path.rsplit_once('/').unwrap();
    shared_vectors(dir).map(|d| std::fs::read(d.join(file)).unwrap())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// An S3-style error document holding a suite case's published canonical request and
/// string to sign (and their *Bytes forms), as core/tests/aws_explain.rs builds it.
fn error_document(case: &str) -> Option<String> {
    let creq = String::from_utf8(vector(&format!("{SUITE}/{case}/header-canonical-request.txt"))?).unwrap();
    let sts = String::from_utf8(vector(&format!("{SUITE}/{case}/header-string-to-sign.txt"))?).unwrap();
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ");
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId><StringToSign>{}</StringToSign><SignatureProvided>0</SignatureProvided><StringToSignBytes>{}</StringToSignBytes><CanonicalRequest>{}</CanonicalRequest><CanonicalRequestBytes>{}</CanonicalRequestBytes><RequestId>1</RequestId></Error>",
        xml_escape(&sts),
        hex(&sts),
        xml_escape(&creq),
        hex(&creq)
    ))
}

// ---------------------------------------------------------------------------------------
// aws-explain

#[test]
fn aws_explain_unnormalized_server_against_normalized_client() {
    let t = CliTest::new();
    // AWS (as S3 would) kept `//example//`; the client normalized the path to `/example/`.
    let (Some(doc), Some(req)) = (
        error_document("get-slashes-unnormalized"),
        vector(&format!("{SUITE}/get-slashes-normalized/header-signed-request.txt")),
    ) else {
        return;
    };
    t.write("error.xml", doc);
    t.write("signed.req", req);
    let (output, rendered) = t.run(&["aws-explain", "error.xml", "--request", "signed.req"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);

    let (output, _) = t.run(
        &[
            "aws-explain",
            "error.xml",
            "--request",
            "signed.req",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report: Json = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["code"], "SignatureDoesNotMatch");
    assert_eq!(report["canonical_request"]["diff"]["first_difference"]["line"], 2);
    assert!(report["conclusions"][0]
        .as_str()
        .unwrap()
        .contains("canonical requests differ"));
}

#[test]
fn aws_explain_same_bytes_says_the_secret_is_wrong() {
    let t = CliTest::new();
    let (Some(doc), Some(req)) = (
        error_document("get-vanilla"),
        vector(&format!("{SUITE}/get-vanilla/header-signed-request.txt")),
    ) else {
        return;
    };
    t.write("error.xml", doc);
    t.write("signed.req", req);
    let (output, rendered) = t.run(&["aws-explain", "error.xml", "--request", "signed.req"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn aws_explain_errors() {
    let t = CliTest::new();
    t.write(
        "access.xml",
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    );
    t.write("notxml.xml", "not xml");
    t.write("signed.req", "GET / HTTP/1.1\nHost: example.com\n");
    let mut all = String::new();
    for doc in ["access.xml", "notxml.xml", "missing.xml"] {
        let (output, rendered) = t.run(&["aws-explain", doc, "--request", "signed.req"], None);
        assert_eq!(output.status.code(), Some(2), "{rendered}");
        all.push_str(&rendered);
    }
    assert_snapshot!(all);
}

// ---------------------------------------------------------------------------------------
// --show-base

#[test]
fn aws_sign_show_base() {
    let t = CliTest::new();
    let Some(req) = vector(&format!("{SUITE}/post-x-www-form-urlencoded/request.txt")) else {
        return;
    };
    t.write("post.req", req);
    let args = [
        "aws",
        "sign",
        "post.req",
        "--access-key-id",
        "AKIDEXAMPLE",
        "--secret-env",
        "AWS_SECRET",
        "--region",
        "us-east-1",
        "--service",
        "service",
        "--time",
        "20150830T123600Z",
        "--content-sha256",
        "--show-base",
    ];
    let (output, rendered) = t.run_env(&args, None, &[("AWS_SECRET", AWS_SECRET)]);
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!(rendered);
}

#[test]
fn aws_verify_mismatch_show_base() {
    let t = CliTest::new();
    let Some(signed) = vector(&format!("{SUITE}/get-vanilla-query/header-signed-request.txt")) else {
        return;
    };
    // A query parameter was added after signing: the canonical request this side computes shows it.
    let moved = String::from_utf8(signed)
        .unwrap()
        .replace("GET / ", "GET /?Param2=value2 ");
    t.write("moved.req", moved);
    let args = [
        "aws",
        "verify",
        "moved.req",
        "--secret-env",
        "AWS_SECRET",
        "--now",
        "20150830T123600Z",
        "--show-base",
    ];
    let (output, rendered) = t.run_env(&args, None, &[("AWS_SECRET", AWS_SECRET)]);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

/// RFC 9421 B.2.6 signed by `http sign` with the RFC's ed25519 key, then a request whose
/// authority was rewritten.
#[test]
fn http_sign_and_verify_show_base() {
    let Some(dir) = shared_vectors("rfc9421") else { return };
    let keys: Json = serde_json::from_slice(&std::fs::read(dir.join("keys.json")).unwrap()).unwrap();
    let t = CliTest::new();
    t.write(
        "ed25519.pem",
        keys["keys"]["test-key-ed25519"]["pem_private"].as_str().unwrap(),
    );
    t.write(
        "ed25519.pub.pem",
        keys["keys"]["test-key-ed25519"]["pem_public"].as_str().unwrap(),
    );
    t.write(
        "request.http",
        "POST /foo?param=Value&Pet=dog HTTP/1.1\nHost: example.com\nDate: Tue, 20 Apr 2021 02:07:55 GMT\nContent-Type: application/json\nContent-Length: 18\n\n{\"hello\": \"world\"}",
    );
    let sign = [
        "http",
        "sign",
        "request.http",
        "--key-file",
        "ed25519.pem",
        "--key-id",
        "test-key-ed25519",
        "--created",
        "1618884473",
        "--content-digest",
        "sha-512",
        "--show-base",
    ];
    let (output, rendered) = t.run(&sign, None);
    assert_eq!(output.status.code(), Some(0));
    assert_snapshot!("http_sign_show_base", rendered);

    let moved = String::from_utf8(output.stdout)
        .unwrap()
        .replace("Host: example.com", "Host: example.org");
    t.write("moved.http", moved);
    let verify = [
        "http",
        "verify",
        "moved.http",
        "--key-file",
        "ed25519.pub.pem",
        "--key-id",
        "test-key-ed25519",
        "--now",
        "1618884473",
        "--show-base",
    ];
    let (output, rendered) = t.run(&verify, None);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!("http_verify_moved_show_base", rendered);
}

#[test]
fn webhook_verify_reserialized_body_show_base() {
    let t = CliTest::new();
    // Stripe-style: the framework re-serialized the JSON body before verification.
    t.write(
        "sent.json",
        "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}",
    );
    t.write("received.json", "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}");
    let env = [("STRIPE_SECRET", "whsec_test_secret")];
    let (output, _) = t.run_env(
        &[
            "webhook",
            "sign",
            "--provider",
            "stripe",
            "--secret-env",
            "STRIPE_SECRET",
            "--timestamp",
            "1700000000",
            "sent.json",
        ],
        None,
        &env,
    );
    assert_eq!(output.status.code(), Some(0));
    let header = String::from_utf8(output.stdout).unwrap();
    // The webhooks.json stripe-generated vector (stripe-python accepts it).
    assert_eq!(
        header,
        "Stripe-Signature: t=1700000000,v1=4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150\n"
    );
    let args = [
        "webhook",
        "verify",
        "--provider",
        "stripe",
        "--secret-env",
        "STRIPE_SECRET",
        "--header",
        header.trim_end(),
        "--now",
        "1700000100",
        "--show-base",
        "received.json",
    ];
    let (output, rendered) = t.run_env(&args, None, &env);
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(rendered);
}

#[test]
fn scheme_usage_and_input_errors() {
    let t = CliTest::new();
    t.write("body.json", "{}");
    t.write("not-http.req", "{\"this\": \"is json\"}\n");
    t.write("empty.secret", "\n");
    let env = [("S", "a-secret-of-some-length")];
    let cases: [&[&str]; 6] = [
        &[
            "webhook",
            "verify",
            "--provider",
            "twilio",
            "--secret-env",
            "S",
            "body.json",
        ],
        &[
            "webhook",
            "sign",
            "--provider",
            "standard",
            "--secret-env",
            "S",
            "body.json",
        ],
        &[
            "webhook",
            "verify",
            "--provider",
            "github",
            "--secret-env",
            "S",
            "--header",
            "no colon",
            "body.json",
        ],
        &[
            "webhook",
            "verify",
            "--provider",
            "github",
            "--secret-file",
            "empty.secret",
            "body.json",
        ],
        &[
            "webhook",
            "verify",
            "--provider",
            "standard",
            "--secret-env",
            "S",
            "-H",
            "webhook-id: 1",
            "body.json",
        ],
        &[
            "http",
            "verify",
            "not-http.req",
            "--key-env",
            "S",
            "--alg",
            "hmac-sha256",
            "--secret-encoding",
            "raw",
        ],
    ];
    let mut all = String::new();
    for args in cases {
        let (_, rendered) = t.run_env(args, None, &env);
        all.push_str(&rendered);
    }
    assert_snapshot!(all);
}

// ---------------------------------------------------------------------------------------
// Secrets never shown

/// The forms a secret could leak in.
fn forms(secret: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    assert!(secret.len() >= 16, "too short to search for");
    let base64 = Encoding::Base64.encode(secret);
    vec![
        ("raw", secret.to_vec()),
        ("hex", Encoding::Hex.encode(secret).into_bytes()),
        ("HEX", Encoding::Hex.encode(secret).to_uppercase().into_bytes()),
        ("base64", base64.clone().into_bytes()),
        ("base64 unpadded", base64.trim_end_matches('=').as_bytes().to_vec()),
        ("base64url", Encoding::Base64Url.encode(secret).into_bytes()),
    ]
}

fn assert_no_leak(t: &CliTest, args: &[&str], env: &[(&str, &str)], secrets: &[&[u8]]) {
    let (output, rendered) = t.run_env(args, None, env);
    assert!(matches!(output.status.code(), Some(0..=2)), "{rendered}");
    for secret in secrets {
        for (form, needle) in forms(secret) {
            for (stream, haystack) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                assert!(
                    !haystack.windows(needle.len()).any(|w| w == needle),
                    "{}: the secret ({form}) is in {stream}",
                    args.join(" ")
                );
            }
        }
    }
}

#[test]
fn aws_commands_never_show_the_secret() {
    let t = CliTest::new();
    t.write("get.req", "GET /?a=1 HTTP/1.1\nHost: example.amazonaws.com\n\n");
    t.write("secret.txt", format!("{AWS_SECRET}\n"));
    let env = [
        ("AWS_SECRET", AWS_SECRET),
        ("WRONG", "a-wrong-secret-that-is-long-enough"),
    ];
    let scope = [
        "--access-key-id",
        "AKIDEXAMPLE",
        "--region",
        "us-east-1",
        "--service",
        "s3",
        "--time",
        "1440938160",
        "--show-base",
    ];
    for secret in [["--secret-env", "AWS_SECRET"], ["--secret-file", "secret.txt"]] {
        for sub in ["sign", "presign"] {
            let mut args = vec!["aws", sub, "get.req"];
            args.extend(secret);
            args.extend(scope);
            assert_no_leak(&t, &args, &env, &[AWS_SECRET.as_bytes()]);
            args.push("--s3");
            assert_no_leak(&t, &args, &env, &[AWS_SECRET.as_bytes()]);
        }
    }
    let mut args = vec!["aws", "sign", "get.req", "--secret-env", "AWS_SECRET"];
    args.extend(scope);
    let (output, _) = t.run_env(&args, None, &env);
    t.write("signed.req", output.stdout);
    for secret in ["AWS_SECRET", "WRONG"] {
        let args = [
            "aws",
            "verify",
            "signed.req",
            "--secret-env",
            secret,
            "--now",
            "1440938160",
            "--show-base",
        ];
        assert_no_leak(&t, &args, &env, &[AWS_SECRET.as_bytes()]);
    }
}

#[test]
fn webhook_commands_never_show_the_secret() {
    let t = CliTest::new();
    t.write("body.json", "{\"id\": 1, \"text\": \"hello\"}");
    t.write("form.txt", "CallSid=CA1&From=%2B1234");
    let key = b"0123456789abcdef0123456789abcdef";
    let standard = format!("whsec_{}", Encoding::Base64.encode(key));
    let text_secret = "a-webhook-secret-long-enough-to-search";
    for (provider, secret) in [
        ("standard", standard.as_str()),
        ("stripe", "whsec_a-stripe-secret-long-enough"),
        ("github", text_secret),
        ("slack", text_secret),
        ("shopify", text_secret),
        ("twilio", text_secret),
    ] {
        let env = [("WH", secret)];
        let secrets: Vec<&[u8]> = if provider == "standard" {
            vec![secret.as_bytes(), key]
        } else {
            vec![secret.as_bytes()]
        };
        let body = if provider == "twilio" { "form.txt" } else { "body.json" };
        let mut sign = vec![
            "webhook",
            "sign",
            "--provider",
            provider,
            "--secret-env",
            "WH",
            "--timestamp",
            "1700000000",
            "--id",
            "msg_1",
            "--url",
            "https://example.com/hook",
            "--show-base",
            body,
        ];
        let (output, _) = t.run_env(&sign, None, &env);
        assert_eq!(output.status.code(), Some(0), "{provider}");
        assert_no_leak(&t, &sign, &env, &secrets);
        let headers: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        for tampered in [false, true] {
            let mut args = vec!["webhook", "verify", "--provider", provider, "--secret-env", "WH"];
            args.extend([
                "--now",
                "1700000000",
                "--url",
                "https://example.com/hook",
                "--show-base",
            ]);
            for h in &headers {
                args.extend(["--header", h.as_str()]);
            }
            let tampered_body = t.write("tampered.txt", "CallSid=CA2&id=2");
            args.push(if tampered { tampered_body.as_str() } else { body });
            assert_no_leak(&t, &args, &env, &secrets);
        }
        sign.clear();
    }
}

#[test]
fn http_commands_never_show_the_secret() {
    let t = CliTest::new();
    let secret = b"an-hmac-secret-for-rfc-9421-tests";
    t.write("hmac.secret", Encoding::Base64Url.encode(secret));
    t.write(
        "request.http",
        "POST /a HTTP/1.1\nHost: example.com\nContent-Type: text/plain\n\nbody",
    );
    let key = ["--key-file", "hmac.secret", "--alg", "hmac-sha256", "--key-id", "k1"];
    let mut sign = vec!["http", "sign", "request.http", "--created", "1700000000", "--show-base"];
    sign.extend(key);
    let (output, _) = t.run(&sign, None);
    assert_eq!(output.status.code(), Some(0));
    assert_no_leak(&t, &sign, &[], &[secret]);
    let signed = String::from_utf8(output.stdout).unwrap();
    t.write("signed.http", &signed);
    t.write("moved.http", signed.replace("/a", "/b"));
    for file in ["signed.http", "moved.http"] {
        let mut verify = vec!["http", "verify", file, "--now", "1700000000", "--show-base"];
        verify.extend(key);
        assert_no_leak(&t, &verify, &[], &[secret]);
    }
}
