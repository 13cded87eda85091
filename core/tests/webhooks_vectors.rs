//! The webhook vectors in `../shared/vectors/webhooks/webhooks.json`, read in place (see its
//! README for provenance: provider docs, reference libraries, python hmac, peer SDKs).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio, WebhookVerified};
use canonsig::{Error, ErrorCode};
use common::shared_vectors;
use serde_json::Value;

fn vectors() -> Option<Vec<Value>> {
    let dir = shared_vectors("webhooks")?;
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.join("webhooks.json")).unwrap()).unwrap();
    Some(doc["vectors"].as_array().unwrap().clone())
}

fn vector(id: &str) -> Option<Value> {
    vectors().map(|all| {
        all.into_iter()
            .find(|v| v["id"] == id)
            .unwrap_or_else(|| panic!("no vector {id}"))
    })
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is not a string"))
}

/// Header lines from the vector's `headers` object.
fn headers(v: &Value) -> Vec<(String, String)> {
    v["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_string()))
        .collect()
}

fn with_header(mut lines: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    for (n, v) in &mut lines {
        if n.eq_ignore_ascii_case(name) {
            *v = value.to_string();
        }
    }
    lines
}

fn check_ok(id: &str, v: &Value, got: Result<WebhookVerified, Error>) {
    let got = got.unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(
        got.signed_payload,
        s(v, "expected_string_to_sign").as_bytes(),
        "{id}: signed payload"
    );
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn every_vector_has_a_test() {
    let Some(all) = vectors() else { return };
    let schemes: Vec<&str> = all.iter().map(|v| v["scheme"].as_str().unwrap()).collect();
    assert_eq!(
        schemes,
        ["standard-webhooks", "github", "slack", "stripe", "shopify", "twilio"]
    );
}

#[test]
fn standard_webhooks_reference() {
    let Some(v) = vector("standard-webhooks-reference") else {
        return;
    };
    let ts: u64 = v["headers"]["webhook-timestamp"].as_str().unwrap().parse().unwrap();
    let body = s(&v, "body").as_bytes();
    let wh = StandardWebhooks::new(s(&v, "secret")).unwrap().clock(move || ts);
    assert_eq!(
        wh.sign(v["headers"]["webhook-id"].as_str().unwrap(), ts, body).unwrap(),
        s(&v, "expected_signature")
    );
    check_ok("standard", &v, wh.verify(&headers(&v), body));
    // The secret without its prefix is the same key (reference libraries accept both).
    let bare = StandardWebhooks::new(s(&v, "secret_key_bytes_base64"))
        .unwrap()
        .clock(move || ts);
    check_ok("standard bare secret", &v, bare.verify(&headers(&v), body));
    // svix-* headers are the same scheme.
    let svix: Vec<(String, String)> = headers(&v)
        .into_iter()
        .map(|(n, x)| (n.replace("webhook-", "svix-"), x))
        .collect();
    check_ok("standard svix", &v, wh.verify(&svix, body));

    for case in v["negative_cases"].as_array().unwrap() {
        let lines = with_header(headers(&v), "webhook-signature", s(case, "webhook-signature"));
        let got = wh.verify(&lines, body);
        assert_eq!(
            got.is_ok(),
            case["valid"].as_bool().unwrap(),
            "{}: {got:?}",
            s(case, "change")
        );
    }
    let unknown = with_header(
        headers(&v),
        "webhook-signature",
        "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
    assert_eq!(code(wh.verify(&unknown, body)), ErrorCode::MalformedSignature);
    let err = wh.verify(&headers(&v), b"{\"test\":2432232314}").unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureMismatch);
    assert_eq!(
        err.signed_bytes(),
        Some(&b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\":2432232314}"[..])
    );

    // verify_time: +/-300 s accepted, beyond refused both ways.
    let at = |now: u64| {
        StandardWebhooks::new(s(&v, "secret"))
            .unwrap()
            .clock(move || now)
            .verify(&headers(&v), body)
    };
    assert!(at(ts + 300).is_ok() && at(ts - 300).is_ok());
    assert_eq!(code(at(ts + 301)), ErrorCode::Expired);
    assert_eq!(code(at(ts - 301)), ErrorCode::FutureTimestamp);
}

#[test]
fn github_docs() {
    let Some(v) = vector("github-docs") else { return };
    let body = s(&v, "body").as_bytes();
    let github = GitHub::new(s(&v, "secret"));
    assert_eq!(github.sign(body), s(&v, "expected_signature"));
    check_ok("github", &v, github.verify(&headers(&v), body));
    let sha1 = v["also"]["X-Hub-Signature (sha1, legacy)"].as_str().unwrap();
    assert_eq!(github.sign_sha1(body), sha1);
    let legacy = [("X-Hub-Signature", sha1)];
    assert_eq!(code(github.verify(&legacy, body)), ErrorCode::MissingComponent);
    check_ok("github sha1", &v, github.clone().allow_sha1(true).verify(&legacy, body));
    assert_eq!(
        code(github.verify(&headers(&v), b"Hello, World!\n")),
        ErrorCode::SignatureMismatch
    );
    assert_eq!(
        code(github.verify(&[("X-Hub-Signature-256", "md5=00")], body)),
        ErrorCode::InvalidHeader
    );
    assert_eq!(
        code(github.verify(&[("X-Hub-Signature-256", "sha256=zz")], body)),
        ErrorCode::MalformedSignature
    );
}

#[test]
fn slack_docs() {
    let Some(v) = vector("slack-docs") else { return };
    let ts: u64 = v["headers"]["X-Slack-Request-Timestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let body = s(&v, "body").as_bytes();
    let slack = Slack::new(s(&v, "secret")).unwrap().clock(move || ts + 10);
    assert_eq!(slack.sign(ts, body), s(&v, "expected_signature"));
    check_ok("slack", &v, slack.verify(&headers(&v), body));
    let late = Slack::new(s(&v, "secret")).unwrap().clock(move || ts + 301);
    assert_eq!(code(late.verify(&headers(&v), body)), ErrorCode::Expired);
    let no_ts: Vec<_> = headers(&v)
        .into_iter()
        .filter(|(n, _)| n != "X-Slack-Request-Timestamp")
        .collect();
    assert_eq!(code(slack.verify(&no_ts, body)), ErrorCode::MissingComponent);
}

#[test]
fn stripe_generated() {
    let Some(v) = vector("stripe-generated") else { return };
    let body = s(&v, "body").as_bytes();
    let stripe = Stripe::new(s(&v, "secret")).unwrap().clock(|| 1_700_000_100);
    assert_eq!(stripe.sign(1_700_000_000, body), s(&v, "expected_signature"));
    check_ok("stripe", &v, stripe.verify(&headers(&v), body));
    for case in v["negative_cases"].as_array().unwrap() {
        let lines = match case["Stripe-Signature"].as_str() {
            Some(sig) => with_header(headers(&v), "Stripe-Signature", sig),
            None => headers(&v),
        };
        let case_body = case["body"].as_str().map_or(body, str::as_bytes);
        let got = stripe.verify(&lines, case_body);
        assert_eq!(
            got.is_ok(),
            case["valid"].as_bool().unwrap(),
            "{}: {got:?}",
            s(case, "change")
        );
    }
    let old = Stripe::new(s(&v, "secret")).unwrap().clock(|| 1_700_000_301);
    assert_eq!(code(old.verify(&headers(&v), body)), ErrorCode::Expired);
    assert_eq!(code(stripe.verify_header("v1=00", body)), ErrorCode::InvalidHeader);
    assert_eq!(
        code(stripe.verify_header("t=1700000000,v0=ab", body)),
        ErrorCode::MalformedSignature
    );
}

#[test]
fn shopify_generated() {
    let Some(v) = vector("shopify-generated") else { return };
    let body = s(&v, "body").as_bytes();
    let shopify = Shopify::new(s(&v, "secret")).unwrap();
    assert_eq!(shopify.sign(body), s(&v, "expected_signature"));
    check_ok("shopify", &v, shopify.verify(&headers(&v), body));
    assert_eq!(
        code(shopify.verify(&headers(&v), b"{\"id\": 1, \"name\": \"test\"}")),
        ErrorCode::SignatureMismatch
    );
}

#[test]
fn twilio_docs() {
    let Some(v) = vector("twilio-docs") else { return };
    let url = s(&v, "url");
    let params: Vec<(String, String)> = v["post_params"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_string()))
        .collect();
    let twilio = Twilio::new(s(&v, "auth_token")).unwrap();
    let sig = v["headers"]["X-Twilio-Signature"].as_str().unwrap();
    assert_eq!(Twilio::signed_payload(url, &params), s(&v, "expected_string_to_sign"));
    assert_eq!(twilio.sign(url, &params), s(&v, "expected_signature"));
    check_ok("twilio", &v, twilio.verify(url, &params, sig));
    // A proxy that made the port explicit: still the URL Twilio signed.
    let with_port = url.replace("mycompany.com", "mycompany.com:443");
    check_ok("twilio port", &v, twilio.verify(&with_port, &params, sig));
    // The same parameters as a raw form body (`+` in values sent as %2B).
    let form = params
        .iter()
        .map(|(k, x)| format!("{k}={}", x.replace('+', "%2B")))
        .collect::<Vec<_>>()
        .join("&");
    check_ok("twilio form", &v, twilio.verify_form_body(url, form.as_bytes(), sig));
    assert_eq!(
        code(twilio.verify(&url.replace("https", "http"), &params, sig)),
        ErrorCode::SignatureMismatch
    );
}
