//! Mutated requests, headers and error documents never panic: each gives a result or an Error.
#![allow(clippy::unwrap_used)]

mod common;

use canonsig::scheme::aws::{parse_aws_error_document, Credentials, SigV4Verifier};
use canonsig::scheme::webhook::{Stripe, Twilio};
use canonsig::scheme::Request;
use common::shared_vectors;

/// A small deterministic generator (xorshift64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap()
    }
}

const INTERESTING: &[u8] = b" \t\r\n:%/?&=#;,.\\<>&\xc3\xa4\xff\x00";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(3) {
            0 if at < out.len() => {
                out.remove(at);
            }
            1 if at < out.len() => out[at] = INTERESTING[rng.below(INTERESTING.len())],
            _ => out.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
        }
    }
    out
}

#[test]
fn mutated_signed_requests_parse_and_verify_without_panicking() {
    let Some(dir) = shared_vectors("sigv4/aws-signing-test-suite/v4") else {
        return;
    };
    let verifier = SigV4Verifier::new(vec![Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    )])
    .clock(|| 1_440_938_160);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut verified = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let case = entry.unwrap().path();
        for file in ["header-signed-request.txt", "query-signed-request.txt"] {
            let original = std::fs::read(case.join(file)).unwrap();
            for _ in 0..60 {
                if let Ok(req) = Request::parse_http(&mutate(&mut rng, &original)) {
                    verified += usize::from(verifier.verify(&req).is_ok());
                }
            }
        }
    }
    // Some mutations only touch unsigned bytes (or the body of a GET); most must fail.
    assert!(verified < 38 * 2 * 60 / 2, "{verified} mutated requests verified");
}

#[test]
fn mutated_error_documents_and_webhook_headers_never_panic() {
    let mut rng = Rng(42);
    let doc = b"<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><StringToSign>A&amp;B&#x41;</StringToSign><CanonicalRequestBytes>47 45 54</CanonicalRequestBytes><Empty/></Error>";
    let stripe = Stripe::new("whsec_x").unwrap().clock(|| 1_000);
    let header = stripe.sign(1_000, b"{}");
    let twilio = Twilio::new("12345").unwrap();
    for _ in 0..3000 {
        let text = String::from_utf8_lossy(&mutate(&mut rng, doc)).into_owned();
        let _ = parse_aws_error_document(&text);
        let h = String::from_utf8_lossy(&mutate(&mut rng, header.as_bytes())).into_owned();
        let _ = stripe.verify_header(&h, b"{}");
        let url = String::from_utf8_lossy(&mutate(&mut rng, b"https://u@a.example:443/p?bodySHA256=ab#f")).into_owned();
        let _ = twilio.verify_json_body(&url, b"{}", "C8sJ7v4QWOODDruoAbJ+vnu8RQ4=");
        let _ = twilio.verify_form_body(&url, &mutate(&mut rng, b"a=1+2&b=%2B"), "C8sJ7v4QWOODDruoAbJ+vnu8RQ4=");
    }
}
