//! The raw HTTP request parser, then SigV4 on whatever it reads: recomputing what the
//! signer signed (`signed_parts`) and verifying (default and S3 settings) never panic.
#![no_main]

use canonsig::scheme::aws::{signed_parts, Credentials, Settings, SigV4Verifier};
use canonsig::scheme::Request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = Request::parse_http(data) else {
        return;
    };
    let _ = req.authority();
    let _ = (req.path(), req.query(), req.scheme());
    for settings in [Settings::default(), Settings::s3()] {
        let _ = signed_parts(&req, &settings);
        let verifier = SigV4Verifier::new(vec![Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        )])
        .settings(settings)
        .clock(|| 1_440_938_160);
        let _ = verifier.verify(&req);
    }
});
