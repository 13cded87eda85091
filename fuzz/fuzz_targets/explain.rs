//! The diff/explain engine on two arbitrary byte strings (the input split at a 0xFF 0x00
//! marker, else in half): never panics, and the first difference is the common prefix.
#![no_main]

use canonsig::diff::{diff, explain, explain_traces, render_text, visible};
use libfuzzer_sys::fuzz_target;

fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(2).position(|w| w == [0xff, 0x00]) {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => data.split_at(data.len() / 2),
    }
}

fuzz_target!(|data: &[u8]| {
    let (expected, actual) = split(data);
    let d = diff(expected, actual);
    let prefix = expected.iter().zip(actual).take_while(|(a, b)| a == b).count();
    if expected == actual {
        assert!(d.is_equal());
    } else {
        assert!(!d.is_equal());
        assert_eq!(d.first_difference.as_ref().map(|p| p.offset), Some(prefix));
    }
    let e = explain(expected, actual);
    assert_eq!(e.is_equal(), expected == actual);
    let _ = render_text(&e);
    let _ = explain_traces(expected, actual);
    let _ = visible(expected);
});
