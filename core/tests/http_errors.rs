//! RFC 9421 error cases and policy: every refusal is a clear error with a stable code.
//! Expected values here are RFC rules (RFC 9421 §2, §3.2; RFC 8941 §4), not canonsig output.
#![allow(clippy::unwrap_used)]

use canonsig::scheme::http::{
    parse_accept_signature, parse_signature, parse_signature_input, sign, signature_base, ComponentId, HttpVerifier,
    JsonApiProfile, Message, SignatureInput,
};
use canonsig::scheme::sfv;
use canonsig::scheme::{Request, Response};
use canonsig::sign::{Algorithm, Key};
use canonsig::{Error, ErrorCode};

const T: i64 = 1_700_000_000;

fn hmac(id: &str) -> Key {
    Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")
        .unwrap()
        .with_key_id(id)
}

fn req() -> Request {
    Request::new("POST", "/foo?a=1&b=2&a=3")
        .header("Host", "example.com")
        .header("Content-Type", "application/json")
        .header("X-Utf8", "caf\u{e9}")
        .body(br#"{"x":1}"#.to_vec())
}

fn base_err(components: &str) -> Error {
    let input = SignatureInput::parse(components).unwrap();
    signature_base(Message::Request(&req()), &input).unwrap_err()
}

#[test]
fn missing_covered_components_are_named() {
    let err = base_err(r#"("x-missing")"#);
    assert_eq!(err.code(), ErrorCode::MissingComponent);
    assert!(err.message().contains("\"x-missing\""), "{err}");
    let err = base_err(r#"("@query-param";name="zz")"#);
    assert_eq!(err.code(), ErrorCode::MissingComponent);
    assert!(err.message().contains("zz"), "{err}");
    let err = base_err(r#"("content-type";key="a")"#);
    assert!(err.message().contains("\"content-type\""), "{err}");
}

#[test]
fn repeated_query_param_cannot_be_covered() {
    let err = base_err(r#"("@query-param";name="a")"#);
    assert_eq!(err.code(), ErrorCode::InvalidHeader);
    assert!(
        err.message().contains("2 times") && err.message().contains("cover \"@query\""),
        "{err}"
    );
    // The non-repeated one is fine.
    let input = SignatureInput::new::<_, &str>([]).component(ComponentId::query_param("b"));
    assert!(signature_base(Message::Request(&req()), &input)
        .unwrap()
        .starts_with("\"@query-param\";name=\"b\": 2\n"));
}

#[test]
fn non_ascii_field_needs_bs() {
    let err = base_err(r#"("x-utf8")"#);
    assert_eq!(err.code(), ErrorCode::MalformedRequest);
    assert!(err.message().contains("\"x-utf8\";bs"), "{err}");
    let input = SignatureInput::parse(r#"("x-utf8";bs)"#).unwrap();
    let base = signature_base(Message::Request(&req()), &input).unwrap();
    // base64("café" as UTF-8) = Y2Fmw6k=
    assert!(base.starts_with("\"x-utf8\";bs: :Y2Fmw6k=:\n"), "{base}");
}

#[test]
fn malformed_component_lists_are_refused() {
    for (components, needle) in [
        (r#"("@signature-params")"#, "@signature-params"),
        (r#"("@method" "@method")"#, "covered twice"),
        (r#"("Content-Type")"#, "lower-case"),
        (r#"("@nope")"#, "unknown derived component"),
        (r#"("@method";sf)"#, "applies to fields"),
        (r#"("content-type";bs;sf)"#, "bs cannot be combined"),
        (r#"("@query-param")"#, "needs a name"),
        (r#"("content-type";tr)"#, "trailers"),
        (r#"("@status")"#, "only exists in a response"),
        (r#"("@method";req)"#, "only applies when signing a response"),
        (r#"("content-type";foo)"#, "unknown or malformed parameter"),
    ] {
        let err = base_err(components);
        assert!(err.message().contains(needle), "{components}: {err}");
    }
}

#[test]
fn response_components() {
    let res = Response::new(503)
        .header("Content-Type", "text/plain")
        .trailer("Expires", "never");
    let input = SignatureInput::parse(r#"("@status" "expires";tr "@method";req)"#).unwrap();
    let err = signature_base(Message::response(&res), &input).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MissingComponent);
    assert!(err.message().contains("related request"), "{err}");
    let request = Request::new("GET", "/").header("Host", "a.example");
    assert_eq!(
        signature_base(Message::response_to(&res, &request), &input).unwrap(),
        "\"@status\": 503\n\"expires\";tr: never\n\"@method\";req: GET\n\"@signature-params\": (\"@status\" \"expires\";tr \"@method\";req)"
    );
    let err = signature_base(Message::response(&res), &SignatureInput::new(["@path"])).unwrap_err();
    assert!(err.message().contains(";req"), "{err}");
}

#[test]
fn derived_values_follow_rfc_normalisation() {
    let r = Request::new("GET", "/p%20q?x=%41").header("Host", "Example.COM:443");
    let input = SignatureInput::new(["@authority", "@target-uri", "@path", "@query", "@scheme"]);
    let base = signature_base(Message::Request(&r), &input).unwrap();
    assert!(base.starts_with(
        "\"@authority\": example.com\n\"@target-uri\": https://Example.COM:443/p%20q?x=%41\n\"@path\": /p%20q\n\"@query\": ?x=%41\n\"@scheme\": https\n"
    ), "{base}");
    let raw = Request::new("GET", "/caf\u{e9}").header("Host", "a");
    let err = signature_base(Message::Request(&raw), &SignatureInput::new(["@path"])).unwrap_err();
    assert!(err.message().contains("percent-encode"), "{err}");
}

fn signed_request(input: SignatureInput, key: &Key) -> Request {
    let mut r = req();
    sign(Message::Request(&r), "sig1", &input, key)
        .unwrap()
        .add_to_request(&mut r);
    r
}

fn input() -> SignatureInput {
    SignatureInput::new(["@method", "@authority", "content-type"])
        .created(T)
        .keyid("k1")
}

#[test]
fn verify_policy() {
    let key = hmac("k1");
    let at = |now: i64| HttpVerifier::new(vec![hmac("k1")]).clock(move || now as u64);
    let r = signed_request(input(), &key);
    at(T).verify(Message::Request(&r), None).unwrap();

    let code = |v: HttpVerifier, r: &Request| v.verify(Message::Request(r), Some("sig1")).unwrap_err().code();
    assert_eq!(code(at(T - 61), &r), ErrorCode::FutureTimestamp);
    at(T - 60).verify(Message::Request(&r), None).unwrap();
    assert_eq!(code(at(T + 1000).max_age(300), &r), ErrorCode::Expired);
    assert_eq!(code(at(T).require_expires(true), &r), ErrorCode::MissingParameter);
    assert_eq!(
        code(at(T).require_components(&["@path"]).unwrap(), &r),
        ErrorCode::MissingComponent
    );
    assert_eq!(
        code(HttpVerifier::new(vec![hmac("other")]).clock(|| T as u64), &r),
        ErrorCode::UnknownKeyId
    );
    assert_eq!(code(at(0), &r), ErrorCode::InvalidOption); // a clock reading 0 (no clock): fails closed, asking for now

    let expiring = signed_request(input().expires(T + 10), &key);
    at(T + 70).verify(Message::Request(&expiring), None).unwrap();
    assert_eq!(code(at(T + 71), &expiring), ErrorCode::Expired);

    let no_created = signed_request(SignatureInput::new(["@method"]).keyid("k1"), &key);
    assert_eq!(code(at(T), &no_created), ErrorCode::MissingParameter);
    at(T)
        .require_created(false)
        .verify(Message::Request(&no_created), None)
        .unwrap();
}

#[test]
fn alg_must_agree_with_the_key() {
    let key = hmac("k1");
    let err = sign(Message::Request(&req()), "sig1", &input().alg("ed25519"), &key).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlgorithmMismatch);
    let r = signed_request(input().alg("hmac-sha256"), &key);
    let ed = Key::generate(Algorithm::Ed25519).unwrap().with_key_id("k1");
    let err = HttpVerifier::new(vec![ed])
        .clock(|| T as u64)
        .verify(Message::Request(&r), None)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlgorithmMismatch);
}

#[test]
fn mismatch_carries_the_rebuilt_base() {
    let r = signed_request(input(), &hmac("k1"));
    let mut moved = r.clone();
    moved.headers_mut()[0].value = "evil.example".into();
    let err = HttpVerifier::new(vec![hmac("k1")])
        .clock(|| T as u64)
        .verify(Message::Request(&moved), None)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureMismatch);
    let base = String::from_utf8(err.signed_bytes().unwrap().to_vec()).unwrap();
    assert_eq!(
        base,
        format!("\"@method\": POST\n\"@authority\": evil.example\n\"content-type\": application/json\n\"@signature-params\": (\"@method\" \"@authority\" \"content-type\");created={T};keyid=\"k1\"")
    );
}

#[test]
fn several_labels_per_message() {
    let (a, b) = (hmac("a"), Key::generate(Algorithm::Ed25519).unwrap().with_key_id("b"));
    let mut r = req();
    let first = SignatureInput::new(["@method"]).created(T).keyid("a");
    sign(Message::Request(&r), "one", &first, &a)
        .unwrap()
        .add_to_request(&mut r);
    let second = SignatureInput::new(["@authority"])
        .component(ComponentId::field("Signature").param("key", sfv::BareItem::String("one".into())))
        .created(T)
        .keyid("b");
    sign(Message::Request(&r), "two", &second, &b)
        .unwrap()
        .add_to_request(&mut r);
    let err = sign(Message::Request(&r), "one", &first, &a).unwrap_err();
    assert!(
        err.message().contains("already has a signature labelled \"one\""),
        "{err}"
    );

    let both = HttpVerifier::new(vec![a.verifying_key().unwrap(), b.verifying_key().unwrap()]).clock(|| T as u64);
    assert_eq!(both.verify(Message::Request(&r), Some("one")).unwrap().key_id, "a");
    assert_eq!(both.verify(Message::Request(&r), Some("two")).unwrap().key_id, "b");
    let only_b = HttpVerifier::new(vec![b.verifying_key().unwrap()]).clock(|| T as u64);
    assert_eq!(only_b.verify(Message::Request(&r), None).unwrap().label, "two");
    let err = both.verify(Message::Request(&r), Some("three")).unwrap_err();
    assert!(err.message().contains("one, two"), "{err}");
}

#[test]
fn signature_headers_are_parsed_strictly() {
    let err = parse_signature_input(r#"sig1=("@method";created=1"#).unwrap_err();
    assert_eq!((err.code(), err.offset()), (ErrorCode::InvalidHeader, Some(25)));
    let err = parse_signature_input(r#"sig1="@method""#).unwrap_err();
    assert!(err.message().contains("inner list"), "{err}");
    let err = parse_signature_input(r#"sig1=("@method");created="1""#).unwrap_err();
    assert!(err.message().contains("\"created\" must be an integer"), "{err}");
    let err = parse_signature("sig1=abc").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidHeader); // a member of the wrong type breaks the grammar (RFC 9421 §4.2)
    let accept =
        parse_accept_signature(r#"sig1=("@method" "@target-uri" "content-digest");keyid="k";tag="app""#).unwrap();
    assert_eq!(accept[0].0, "sig1");
    assert_eq!(accept[0].1.components.len(), 3);
    assert_eq!(accept[0].1.get_str("tag"), Some("app"));
}

#[test]
fn signer_parameter_order_is_kept() {
    let input = SignatureInput::new(["@method"])
        .keyid("k")
        .tag("t")
        .created(5)
        .nonce("n");
    assert_eq!(
        input.serialize().unwrap(),
        r#"("@method");keyid="k";tag="t";created=5;nonce="n""#
    );
    let parsed = parse_signature_input(r#"s=("@method");nonce="n";created=5"#).unwrap();
    assert_eq!(parsed[0].1.serialize().unwrap(), r#"("@method");nonce="n";created=5"#);
}

#[test]
fn json_profile_names_a_reserialized_body() {
    let key = hmac("k1");
    let profile = JsonApiProfile::new();
    let mut r = Request::new("POST", "/orders")
        .header("Host", "api.example.com")
        .body(br#"{"amount":10,"currency":"EUR"}"#.to_vec());
    profile
        .signer()
        .components(&["@method"])
        .unwrap()
        .sign_request_at(&mut r, &key, T as u64)
        .unwrap();
    let v = HttpVerifier::new(vec![hmac("k1")]).clock(|| T as u64);
    profile.verify(&v, Message::Request(&r), None).unwrap();

    let verify_body = |body: &[u8]| profile.verify(&v, Message::Request(&r.clone().body(body.to_vec())), None);
    let err = verify_body(br#"{"currency": "EUR", "amount": 10.0}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DigestMismatch);
    assert!(err.message().contains("re-serialized (same JSON value"), "{err}");
    let err = verify_body(br#"{"amount":11,"currency":"EUR"}"#).unwrap_err();
    assert!(err.message().contains("content changed"), "{err}");
    let err = verify_body(br#"{"amount": 11, "currency": "EUR"}"#).unwrap_err();
    assert!(err.message().contains("not in RFC 8785 form"), "{err}");

    // A signature that does not cover content-digest does not sign the body.
    let mut bare = r.clone();
    bare.headers_mut().retain(|h| !h.name.starts_with("Signature"));
    sign(
        Message::Request(&bare),
        "s",
        &SignatureInput::new(["@method"]).created(T).keyid("k1"),
        &key,
    )
    .unwrap()
    .add_to_request(&mut bare);
    let err = profile.verify(&v, Message::Request(&bare), None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MissingComponent);

    // Canonical form required on both sides when asked.
    let strict = JsonApiProfile::new().require_canonical_body(true);
    let mut spaced = Request::new("POST", "/")
        .header("Host", "h")
        .body(br#"{"a": 1}"#.to_vec());
    let err = strict
        .signer()
        .sign_request_at(&mut spaced, &key, T as u64)
        .unwrap_err();
    assert_eq!((err.code(), err.offset()), (ErrorCode::MalformedRequest, Some(5)));
}

/// RFC 9421 §7.2.8 / RFC 9530 §1: a signature covering `content-digest` signs the header,
/// not the body; the verifier must also check the body against it, or a body swapped
/// under an intact header verifies.
#[test]
fn a_body_swapped_under_its_content_digest_is_refused() {
    let key = hmac("k1");
    let mut r = Request::new("POST", "/orders")
        .header("Host", "api.example.com")
        .body(br#"{"amount":10}"#.to_vec());
    JsonApiProfile::new()
        .signer()
        .components(&["@method"])
        .unwrap()
        .sign_request_at(&mut r, &key, T as u64)
        .unwrap();
    let v = HttpVerifier::new(vec![hmac("k1")]).clock(|| T as u64);
    v.verify(Message::Request(&r), None).unwrap();
    let swapped = r.clone().body(br#"{"amount":99}"#.to_vec());
    let err = v.verify(Message::Request(&swapped), None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DigestMismatch, "{err}");
    // Turned off explicitly, only the signature over the fields is checked.
    let lax = HttpVerifier::new(vec![hmac("k1")])
        .clock(|| T as u64)
        .check_content_digest(false);
    lax.verify(Message::Request(&swapped), None).unwrap();
}
