//! explain_aws on AWS's own test suite: an "error document" holding the canonical request
//! AWS publishes for one variant, against the signed request of another variant.

mod common;

use canonsig::diff::{explain_aws, Cause};
use canonsig::scheme::aws::Settings;
use canonsig::scheme::Request;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn document(case: &std::path::Path, with_bytes: bool) -> String {
    let creq = std::fs::read_to_string(case.join("header-canonical-request.txt")).expect("creq");
    let sts = std::fs::read_to_string(case.join("header-string-to-sign.txt")).expect("sts");
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ");
    let bytes = if with_bytes {
        format!(
            "<StringToSignBytes>{}</StringToSignBytes><CanonicalRequestBytes>{}</CanonicalRequestBytes>",
            hex(&sts),
            hex(&creq)
        )
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId><StringToSign>{}</StringToSign><CanonicalRequest>{}</CanonicalRequest>{bytes}<RequestId>1</RequestId></Error>",
        xml_escape(&sts),
        xml_escape(&creq)
    )
}

fn signed_request(case: &std::path::Path) -> Request {
    Request::parse_http(&std::fs::read(case.join("header-signed-request.txt")).expect("request")).expect("parses")
}

#[test]
fn same_canonical_request_means_the_secret_is_wrong() {
    let Some(suite) = common::shared_vectors("sigv4/aws-signing-test-suite/v4") else {
        return;
    };
    let case = suite.join("get-vanilla");
    for with_bytes in [false, true] {
        let why = explain_aws(
            &document(&case, with_bytes),
            &signed_request(&case),
            &Settings::default(),
        )
        .expect("explains");
        assert!(why.canonical_request.as_ref().is_some_and(|e| e.is_equal()));
        assert!(
            why.conclusions[0].contains("secret access key is wrong"),
            "{:?}",
            why.conclusions
        );
    }
}

#[test]
fn a_normalization_difference_is_pointed_at() {
    let Some(suite) = common::shared_vectors("sigv4/aws-signing-test-suite/v4") else {
        return;
    };
    // The client normalized the path (as every service but S3 wants); the server did not (S3).
    for name in ["get-slashes", "get-relative-relative", "get-slash-dot-slash"] {
        let client = suite.join(format!("{name}-normalized"));
        let server = suite.join(format!("{name}-unnormalized"));
        let why =
            explain_aws(&document(&server, true), &signed_request(&client), &Settings::default()).expect("explains");
        let creq = why.canonical_request.expect("compared");
        assert!(!creq.is_equal(), "{name}");
        let first = creq.diff.first_difference.expect("differs");
        assert_eq!(first.line, 2, "{name}: the path line differs\n{creq}");
        assert!(creq.causes().contains(&Cause::ValueChanged), "{name}: {creq}");
        assert!(
            why.conclusions[0].contains("canonical requests differ"),
            "{:?}",
            why.conclusions
        );
    }
}

#[test]
fn documents_without_the_strings_are_refused() {
    let err = explain_aws(
        "<Error><Code>AccessDenied</Code></Error>",
        &Request::new("GET", "/"),
        &Settings::s3(),
    )
    .expect_err("nothing to compare");
    assert_eq!(err.code(), canonsig::ErrorCode::MalformedInput);
}
