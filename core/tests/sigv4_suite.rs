//! AWS's SigV4 test suite in `../shared/vectors/sigv4`, read in place: both layouts
//! (botocore's `aws4_testsuite` and aws-c-auth's `aws-signing-test-suite/v4`), header and
//! presigned (query) variants, normalized and unnormalized paths. Every expected string
//! comes from the suite files; every expected signed request is also verified.
//!
//! SigV4a (`aws-signing-test-suite/v4a`, ECDSA P-256 with a key derived from the secret)
//! is out of scope for now and is not run.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::fs;
use std::path::Path;

use canonsig::scheme::aws::{Credentials, Settings, SigV4Verifier, Signer};
use canonsig::scheme::Request;
use canonsig::ErrorCode;
use common::shared_vectors;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2015-08-30T12:36:00Z, the suite's fixed time (`date -u -d @1440938160`).
const SUITE_TIME: u64 = 1_440_938_160;
/// The session token of `post-sts-token/readme.txt`.
const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

/// The published `get-vanilla-with-session-token.sreq` carries get-vanilla's signature
/// (5fa00fa3...), not the one its own `.authz`/`.creq`/`.sts` give (07ec1639..., which
/// aws-c-auth's copy confirms): a defect of the published file, checked as such below.
const STALE_SREQ: &[&str] = &["get-vanilla-with-session-token"];

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(path: &Path) -> Request {
    Request::parse_http(&fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Same method, target and body; same header lines in order (names compared
/// case-insensitively, values trimmed: the classic `.sreq` writes `Authorization: AWS4`).
fn assert_same_request(case: &str, got: &Request, expected: &Request) {
    assert_eq!(got.method(), expected.method(), "{case}: method");
    assert_eq!(got.target(), expected.target(), "{case}: target");
    assert_eq!(got.body_bytes(), expected.body_bytes(), "{case}: body");
    let lines = |r: &Request| -> Vec<(String, String)> {
        r.headers()
            .iter()
            .map(|h| (h.name.to_ascii_lowercase(), h.value.trim().to_string()))
            .collect()
    };
    assert_eq!(lines(got), lines(expected), "{case}: headers");
}

fn verifier(creds: Credentials, settings: Settings) -> SigV4Verifier {
    SigV4Verifier::new(vec![creds])
        .settings(settings)
        .region("us-east-1")
        .service("service")
        .clock(|| SUITE_TIME)
}

/// Every directory under `dir` that holds `<dirname>.req`.
fn classic_cases(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if path.join(format!("{name}.req")).is_file() {
                out.push(path.clone());
            }
            classic_cases(&path, out);
        }
    }
}

#[test]
fn aws4_testsuite_classic_layout() {
    let Some(dir) = shared_vectors("sigv4/aws4_testsuite") else {
        return;
    };
    let mut cases = Vec::new();
    classic_cases(&dir, &mut cases);
    cases.sort();
    let mut ran = 0;
    for case_dir in &cases {
        let case = case_dir.file_name().unwrap().to_str().unwrap();
        let file = |ext: &str| case_dir.join(format!("{case}.{ext}"));
        let req = parse(&file("req"));
        let mut creds = Credentials::new(ACCESS_KEY, SECRET);
        let mut settings = Settings::default();
        // post-sts-header-after adds the token after signing; get-vanilla-with-session-token
        // signs one its .req does not carry (the value is in its .creq).
        match case {
            "post-sts-header-after" => {
                creds = creds.with_session_token(STS_TOKEN);
                settings.sign_session_token = false;
            }
            "get-vanilla-with-session-token" => {
                creds = creds.with_session_token("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
            }
            _ => {}
        }
        let signed = Signer::new(creds.clone(), "us-east-1", "service")
            .settings(settings.clone())
            .sign(&req, SUITE_TIME)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(
            signed.canonical_request,
            read(&file("creq")),
            "{case}: canonical request"
        );
        assert_eq!(signed.string_to_sign, read(&file("sts")), "{case}: string to sign");
        let authz = read(&file("authz"));
        assert_eq!(
            signed.authorization.as_deref(),
            Some(authz.as_str()),
            "{case}: Authorization"
        );

        let sreq = parse(&file("sreq"));
        let sreq_authz: Vec<&str> = sreq.header_values("authorization").map(str::trim).collect();
        let verified = verifier(creds, settings).verify(&sreq);
        if STALE_SREQ.contains(&case) {
            assert_ne!(
                sreq_authz,
                [authz.as_str()],
                "{case}: the .sreq was fixed upstream; drop STALE_SREQ"
            );
            assert_eq!(
                verified.unwrap_err().code(),
                ErrorCode::SignatureMismatch,
                "{case}: stale .sreq"
            );
            assert_same_request(case, &signed.request, &sreq_with_authorization(&sreq, &authz));
        } else {
            assert_same_request(case, &signed.request, &sreq);
            let verified = verified.unwrap_or_else(|e| panic!("{case}: verify .sreq: {e}"));
            assert_eq!(
                verified.canonical_request, signed.canonical_request,
                "{case}: verifier's canonical request"
            );
        }
        ran += 1;
    }
    // 24 top-level + 8 normalize-path + 2 post-sts-token (the README's "31" miscounts).
    assert_eq!(ran, 34, "expected the 34 classic cases");
}

fn sreq_with_authorization(sreq: &Request, authz: &str) -> Request {
    let mut fixed = sreq.clone();
    for h in fixed.headers_mut() {
        if h.name.eq_ignore_ascii_case("authorization") {
            h.value = authz.to_string();
        }
    }
    fixed
}

#[test]
fn aws_signing_test_suite_v4() {
    let Some(dir) = shared_vectors("sigv4/aws-signing-test-suite/v4") else {
        return;
    };
    let mut cases: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let (mut header_ran, mut query_ran, mut unnormalized) = (0, 0, 0);
    for case_dir in &cases {
        let case = case_dir.file_name().unwrap().to_str().unwrap();
        let file = |name: &str| case_dir.join(name);
        let context: serde_json::Value = serde_json::from_str(&read(&file("context.json"))).unwrap();
        assert_eq!(
            context["timestamp"], "2015-08-30T12:36:00Z",
            "{case}: SUITE_TIME is the only time used"
        );
        let credentials = &context["credentials"];
        let mut creds = Credentials::new(
            credentials["access_key_id"].as_str().unwrap(),
            credentials["secret_access_key"].as_str().unwrap(),
        );
        if let Some(token) = credentials["token"].as_str() {
            creds = creds.with_session_token(token);
        }
        let normalize = context["normalize"].as_bool().unwrap();
        unnormalized += usize::from(!normalize);
        let settings = Settings {
            normalize_path: normalize,
            content_sha256_header: context["sign_body"].as_bool().unwrap(),
            sign_session_token: !context["omit_session_token"].as_bool().unwrap_or(false),
            ..Settings::default()
        };
        let signer = Signer::new(
            creds.clone(),
            context["region"].as_str().unwrap(),
            context["service"].as_str().unwrap(),
        )
        .settings(settings.clone());
        let req = parse(&file("request.txt"));

        let header = signer.sign(&req, SUITE_TIME).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(
            header.canonical_request,
            read(&file("header-canonical-request.txt")),
            "{case}: header creq"
        );
        assert_eq!(
            header.string_to_sign,
            read(&file("header-string-to-sign.txt")),
            "{case}: header sts"
        );
        assert_eq!(
            header.signature,
            read(&file("header-signature.txt")),
            "{case}: header signature"
        );
        let expected = parse(&file("header-signed-request.txt"));
        assert_same_request(case, &header.request, &expected);
        let verified = verifier(creds.clone(), settings.clone())
            .verify(&expected)
            .unwrap_or_else(|e| panic!("{case}: verify header-signed-request: {e}"));
        assert_eq!(
            verified.canonical_request, header.canonical_request,
            "{case}: verifier's header creq"
        );
        header_ran += 1;

        let expires = context["expiration_in_seconds"].as_u64().unwrap();
        // Presigned URLs never carry x-amz-content-sha256 (aws-c-auth signs the body hash).
        let query_settings = Settings {
            content_sha256_header: false,
            ..settings
        };
        let presigned = signer
            .clone()
            .settings(query_settings.clone())
            .presign(&req, SUITE_TIME, expires)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(
            presigned.canonical_request,
            read(&file("query-canonical-request.txt")),
            "{case}: query creq"
        );
        assert_eq!(
            presigned.string_to_sign,
            read(&file("query-string-to-sign.txt")),
            "{case}: query sts"
        );
        assert_eq!(
            presigned.signature,
            read(&file("query-signature.txt")),
            "{case}: query signature"
        );
        let expected = parse(&file("query-signed-request.txt"));
        assert_same_request(case, &presigned.request, &expected);
        let verified = verifier(creds, query_settings)
            .verify(&expected)
            .unwrap_or_else(|e| panic!("{case}: verify query-signed-request: {e}"));
        assert_eq!(
            verified.canonical_request, presigned.canonical_request,
            "{case}: verifier's query creq"
        );
        assert_eq!(verified.expires, Some(expires));
        query_ran += 1;
    }
    eprintln!("aws-signing-test-suite/v4: {header_ran} header + {query_ran} query cases ({unnormalized} unnormalized)");
    assert_eq!(
        (header_ran, query_ran),
        (38, 38),
        "expected the 38 v4 cases in both variants"
    );
    assert_eq!(unnormalized, 7, "the seven *-unnormalized cases");
}

#[test]
fn sigv4a_is_not_run() {
    let Some(dir) = shared_vectors("sigv4/aws-signing-test-suite/v4a") else {
        return;
    };
    let cases = fs::read_dir(dir).unwrap().count();
    // SigV4a (AWS4-ECDSA-P256-SHA256, multi-region) is out of scope for this version.
    eprintln!("SKIPPED: {cases} SigV4a cases in aws-signing-test-suite/v4a (SigV4a not implemented)");
    assert_eq!(cases, 40);
}
