//! Webhook verifiers beyond the published vectors: secret handling, header errors, clocks.
//! Expected MACs come from python hmac (see `sigv4_edge_botocore.py`, "twilio_json").
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio};
use canonsig::ErrorCode;

#[test]
fn twilio_json_body_checks_body_sha256_then_the_url() {
    let twilio = Twilio::new("12345").unwrap();
    let url =
        "https://mycompany.com/myapp.php?bodySHA256=e852ec28d46c49841e1e6687b51c3dbf2b3da45f0b5f73184b3220daaa45ab3b";
    let body = br#"{"CallSid":"CA1234567890ABCDE"}"#;
    let ok = twilio
        .verify_json_body(url, body, "C8sJ7v4QWOODDruoAbJ+vnu8RQ4=")
        .unwrap();
    assert_eq!(ok.signed_payload, url.as_bytes());
    let err = twilio
        .verify_json_body(
            url,
            br#"{"CallSid": "CA1234567890ABCDE"}"#,
            "C8sJ7v4QWOODDruoAbJ+vnu8RQ4=",
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DigestMismatch);
    let err = twilio
        .verify_json_body("https://mycompany.com/myapp.php", body, "C8sJ7v4QWOODDruoAbJ+vnu8RQ4=")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::MissingComponent);
    assert_eq!(
        twilio.verify_json_body(url, body, "not base64!").unwrap_err().code(),
        ErrorCode::MalformedSignature
    );
}

#[test]
fn secrets_are_checked_and_never_printed() {
    assert_eq!(
        StandardWebhooks::new("whsec_not*base64").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(
        StandardWebhooks::new("whsec_").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    assert_eq!(Stripe::new("").unwrap_err().code(), ErrorCode::InvalidKey);
    assert_eq!(Slack::new("").unwrap_err().code(), ErrorCode::InvalidKey);
    assert_eq!(Shopify::new("").unwrap_err().code(), ErrorCode::InvalidKey);
    assert_eq!(Twilio::new("").unwrap_err().code(), ErrorCode::InvalidKey);
    let shown = format!(
        "{:?} {:?} {:?} {:?} {:?} {:?}",
        StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap(),
        Stripe::new("whsec_topsecret").unwrap(),
        GitHub::new("topsecret"),
        Slack::new("topsecret").unwrap(),
        Shopify::new("topsecret").unwrap(),
        Twilio::new("topsecret").unwrap(),
    );
    assert!(!shown.contains("topsecret") && !shown.contains("MfKQ9r8G"), "{shown}");
}

#[test]
fn standard_webhooks_header_errors() {
    let wh = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .unwrap()
        .clock(|| 1_614_265_330);
    let sig = wh.sign("msg_1", 1_614_265_330, b"{}").unwrap();
    let code = |headers: &[(&str, &str)]| wh.verify(headers, b"{}").unwrap_err().code();
    assert_eq!(
        code(&[("webhook-id", "msg_1"), ("webhook-signature", &sig)]),
        ErrorCode::MissingComponent
    );
    assert_eq!(
        code(&[
            ("webhook-id", "msg_1"),
            ("webhook-timestamp", "16142653e0"),
            ("webhook-signature", &sig)
        ]),
        ErrorCode::InvalidHeader
    );
    assert_eq!(
        code(&[
            ("webhook-id", "msg_1"),
            ("webhook-timestamp", "1614265330"),
            ("Webhook-Timestamp", "1"),
            ("webhook-signature", &sig)
        ]),
        ErrorCode::InvalidHeader
    );
    assert_eq!(
        code(&[
            ("webhook-id", "msg_2"),
            ("webhook-timestamp", "1614265330"),
            ("webhook-signature", &sig)
        ]),
        ErrorCode::SignatureMismatch
    );
    // Header names are case-insensitive; a signature that matches but is old is `expired`.
    let ok = [
        ("Webhook-Id", "msg_1"),
        ("Webhook-Timestamp", "1614265330"),
        ("Webhook-Signature", sig.as_str()),
    ];
    assert!(wh.verify(&ok, b"{}").is_ok());
    let later = wh
        .clone()
        .clock(|| 1_614_265_330 + 3600)
        .tolerance(Duration::from_secs(3599));
    assert_eq!(later.verify(&ok, b"{}").unwrap_err().code(), ErrorCode::Expired);
}

#[test]
fn stripe_and_slack_clock_errors() {
    let stripe = Stripe::new("whsec_x").unwrap().clock(|| 1_000);
    let header = stripe.sign(1_400, b"{}");
    let err = stripe.verify_header(&header, b"{}").unwrap_err();
    assert_eq!(err.code(), ErrorCode::FutureTimestamp);
    assert!(err.message().contains("400 s ahead"), "{err}");
    let slack = Slack::new("s").unwrap().clock(|| 1_000);
    let sig = slack.sign(1_000, b"a=b");
    assert!(slack.verify_parts("1000", &sig, b"a=b").is_ok());
    assert_eq!(
        slack.verify_parts("1000", "v1=00", b"a=b").unwrap_err().code(),
        ErrorCode::InvalidHeader
    );
    assert_eq!(
        slack.verify_parts("1000", "v0=abc", b"a=b").unwrap_err().code(),
        ErrorCode::MalformedSignature
    );
}

#[test]
fn mismatch_carries_the_payload_computed_here() {
    let stripe = Stripe::new("whsec_x").unwrap().clock(|| 1_000);
    let header = stripe.sign(1_000, br#"{"a": 1}"#);
    let err = stripe.verify_header(&header, br#"{"a":1}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureMismatch);
    assert_eq!(err.signed_bytes(), Some(&b"1000.{\"a\":1}"[..]));
    assert!(err.message().contains("raw body"), "{err}");
}

/// Standard Webhooks v1a (Ed25519). Expected values from PyPI `cryptography` 50.0.2
/// (Ed25519PrivateKey.from_private_bytes(bytes(range(32))).sign(payload)); Ed25519 is
/// deterministic, so the signature is a fixed vector.
#[test]
fn standard_webhooks_v1a_ed25519() {
    const SK: &str = "whsk_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const SK64: &str = "whsk_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8DoQe/884Qvh1w3RjnS8CZZ+TWMJulDV8d3IZkElUxuA==";
    const PK: &str = "whpk_A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    const SIG: &str = "v1a,RtGajiyWZlhA+Gd1m8Sji/nPHkGu84AGdJ9094aMvGg4tvqw7PU8+rZh028kEF8CXV/zMeV51koIX3lPHrevBA==";
    let (id, ts, body) = (
        "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
        1_674_087_231,
        br#"{"event_type":"ping","data":{"success":true}}"#,
    );
    for sk in [SK, SK64] {
        let signer = StandardWebhooks::new(sk).unwrap();
        assert_eq!(signer.sign(id, ts, body).unwrap(), SIG);
    }
    let receiver = StandardWebhooks::new(PK).unwrap().clock(move || ts);
    let headers = |sig: &str| {
        vec![
            ("webhook-id".to_string(), id.to_string()),
            ("webhook-timestamp".to_string(), ts.to_string()),
            ("webhook-signature".to_string(), sig.to_string()),
        ]
    };
    // Rotation: a v1 signature next to it is ignored, the v1a one verifies.
    let ok = receiver.verify(&headers(&format!("v1,AAAA {SIG}")), body).unwrap();
    assert_eq!(ok.matched_signature, SIG);
    let err = receiver.verify(&headers(SIG), br#"{"event_type":"ping"}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureMismatch);
    let err = receiver.verify(&headers("v1,AAAA"), body).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedSignature);
    // A public key cannot sign; a malformed key is refused with the reason.
    assert_eq!(receiver.sign(id, ts, body).unwrap_err().code(), ErrorCode::InvalidKey);
    assert_eq!(
        StandardWebhooks::new("whpk_AAAA").unwrap_err().code(),
        ErrorCode::InvalidKey
    );
    let mismatched = format!("{}{}", &SK64[..60], "A".repeat(SK64.len() - 60));
    assert_eq!(
        StandardWebhooks::new(&mismatched).map(|_| ()).unwrap_err().code(),
        ErrorCode::InvalidKey
    );
}
