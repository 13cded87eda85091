//! The canonicalizer on raw bytes, in every profile. The first byte picks the profile and
//! the unsafe-integer switch; whatever is accepted must be a fixed point (idempotence) and
//! `check_canonical` must agree with the bytes.
#![no_main]

use canonsig::{canonicalize_with, check_canonical, Options, Profile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let profile = Profile::ALL[usize::from(selector) % Profile::ALL.len()];
    let options = Options::new()
        .profile(profile)
        .allow_unsafe_integers(selector & 0x80 != 0)
        .max_depth(64);
    let Ok(out) = canonicalize_with(input, &options) else {
        return;
    };
    let again = canonicalize_with(&out, &options).expect("canonical output must be accepted again");
    assert_eq!(again, out, "canonicalization is not idempotent in {profile}");
    assert_eq!(check_canonical(&out, &options).expect("accepted"), None);
    if out.as_slice() != input {
        assert!(check_canonical(input, &options).expect("accepted").is_some());
    }
});
