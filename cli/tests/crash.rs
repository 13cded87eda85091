//! A panic (a bug) ends the command with one clear line on stderr and exit 2, not Rust's
//! default message and 101, and never shows the data it was working on. The panic is
//! asked for through `CANONSIG_DEBUG_PANIC`, which only debug builds read.
#![cfg(debug_assertions)]
#![allow(clippy::unwrap_used)]

mod common;

use common::canonsig;

fn crash(value: &str) -> (Option<i32>, String, Vec<u8>) {
    let output = canonsig()
        .args(["canon"])
        .env("CANONSIG_DEBUG_PANIC", value)
        .write_stdin(r#"{"a":1}"#)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
        output.stdout,
    )
}

#[test]
fn a_panic_is_one_line_and_exit_2() {
    let (code, stderr, stdout) = crash("static");
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with("canonsig: internal error: CANONSIG_DEBUG_PANIC asked for a panic at cli/src/main.rs:"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("; this is a bug, please report it with the command you ran\n"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "Rust's default hook ran too: {stderr}");
}

#[test]
fn a_panic_never_quotes_what_it_was_working_on() {
    let secret = "c2VjcmV0LWtleS1tYXRlcmlhbA";
    let (code, stderr, _) = crash(secret);
    assert_eq!(code, Some(2));
    assert!(!stderr.contains(secret), "{stderr}");
    assert!(
        stderr.starts_with("canonsig: internal error: a panic whose message is not shown (it may quote input or key bytes) at cli/src/main.rs:"),
        "{stderr}"
    );
}
