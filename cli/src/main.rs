//! `canonsig`: canonical JSON, and signatures over it, from the command line.
//!
//! This file only parses arguments, dispatches to a `commands::*` module and turns
//! the outcome into an exit code (0 = ok, 1 = clean negative result, 2 = error). A panic
//! (a bug) prints one line naming the place in the source, never the data, and exits 2.
//!
//! # Module layers
//!
//! Every rule lives in core; the CLI translates arguments, calls core and renders. Its
//! modules form layers: a module imports (`crate::...`) only from lower layers, so the
//! imports have no cycle. `tests/layers.rs` reads this list and checks every `crate::`
//! path in `src/` against it.
//!
//! - layer 0: `error`, `exit`, `values` (plain data: errors and where inputs and keys came
//!   from, exit codes, option values; no `crate::` imports)
//! - layer 1: `input`, `report`, `view` (bounded reading of FILE and `-`; diagnostics on
//!   stderr; what `diff` and `explain` write on stdout)
//! - layer 2: `key`, `message`, `output`, `payload`, `sides` (typed inputs and outputs:
//!   keys and secrets, HTTP message files, key and trace files, the JSON payload, the two
//!   sides of `diff` and `explain`)
//! - layer 3: `verdict` (a verification outcome as a finding and an exit status)
//! - layer 4: `commands` (one module per subcommand; no command imports another)
//! - layer 5: `main`

mod commands;
mod error;
mod exit;
mod input;
mod key;
mod message;
mod output;
mod payload;
mod report;
mod sides;
mod values;
mod verdict;
mod view;

use std::any::Any;
use std::io::{self, Write};
use std::panic;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;
use crate::exit::ExitStatus;

/// Canonical JSON (RFC 8785 and compatibility profiles): the exact bytes a signer and a verifier
/// agree on; and keys, signatures and verification over those bytes.
#[derive(Debug, Parser)]
#[command(name = "canonsig", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Aws(commands::aws::AwsArgs),
    AwsExplain(commands::aws_explain::AwsExplainArgs),
    Canon(commands::canon::CanonArgs),
    Diff(commands::diff::DiffArgs),
    Explain(commands::explain::ExplainArgs),
    Http(commands::http::HttpArgs),
    Keygen(commands::keygen::KeygenArgs),
    Sign(commands::sign::SignArgs),
    Verify(commands::verify::VerifyArgs),
    Webhook(commands::webhook::WebhookArgs),
}

fn main() -> ExitCode {
    panic::set_hook(Box::new(|info| {
        let message = crash_message(info.payload(), info.location());
        let _ = io::stderr().write_all(message.as_bytes());
    }));
    // A panic unwinds back here, dropping (and so wiping) any key buffers on the way, and
    // ends the command with exit 2 instead of Rust's 101.
    panic::catch_unwind(run).unwrap_or_else(|_| ExitStatus::Error.into())
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(debug_assertions)]
    debug_panic();
    let outcome = match &cli.command {
        Command::Aws(args) => commands::aws::run(args),
        Command::AwsExplain(args) => commands::aws_explain::run(args),
        Command::Canon(args) => commands::canon::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Http(args) => commands::http::run(args),
        Command::Keygen(args) => commands::keygen::run(args),
        Command::Sign(args) => commands::sign::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Webhook(args) => commands::webhook::run(args),
    };
    match outcome {
        Ok(status) => status.into(),
        // The reader went away (`canonsig canon --lines big.jsonl | head`): stop quietly, as ripgrep does.
        Err(err) if err.is_broken_pipe() => ExitStatus::Success.into(),
        Err(err) => {
            report::Reporter::stderr().fatal(&err);
            exit_status(&err).into()
        }
    }
}

/// The one message of a panic, on stderr: what went wrong and where in the source, and
/// never the data involved. Only a message written into the source (a `&'static str`
/// payload: `unreachable!("...")`, `Option::unwrap` on `None`) is shown; a formatted one
/// could quote input or key bytes (`unwrap()` on an error that holds the signed bytes),
/// so it is withheld.
fn crash_message(payload: &(dyn Any + Send), location: Option<&panic::Location<'_>>) -> String {
    let message = payload
        .downcast_ref::<&'static str>()
        .copied()
        .unwrap_or("a panic whose message is not shown (it may quote input or key bytes)");
    let at = location.map_or_else(
        || "an unknown place".to_string(),
        |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
    );
    format!("canonsig: internal error: {message} at {at}; this is a bug, please report it with the command you ran\n")
}

/// Debug builds only, for the tests of the panic hook: `CANONSIG_DEBUG_PANIC=static`
/// panics with a message written in the source; any other value panics with a formatted
/// message that quotes the value (which the hook must not print). Release builds have no
/// such switch.
#[cfg(debug_assertions)]
fn debug_panic() {
    if let Some(value) = std::env::var_os("CANONSIG_DEBUG_PANIC") {
        if value == "static" {
            panic!("CANONSIG_DEBUG_PANIC asked for a panic");
        }
        panic!(
            "CANONSIG_DEBUG_PANIC asked for a panic quoting {}",
            value.to_string_lossy()
        );
    }
}

/// Every error that ends a command is exit 2: the question could not be answered (a clean
/// negative answer is `Ok(ExitStatus::Failure)`, never an error).
fn exit_status(err: &CliError) -> ExitStatus {
    match err {
        CliError::Canon { error, .. } => ExitStatus::from(&**error),
        CliError::NoInput
        | CliError::Read { .. }
        | CliError::Write(_)
        | CliError::KeyRead { .. }
        | CliError::Key { .. }
        | CliError::Core(_)
        | CliError::Misuse(_)
        | CliError::WriteFile { .. }
        | CliError::Random(_)
        | CliError::NotHex { .. } => ExitStatus::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_names_the_place_and_only_a_message_from_the_source() {
        let here = panic::Location::caller();
        let at = format!("{}:{}:{}", here.file(), here.line(), here.column());
        let written: &'static str = "called `Option::unwrap()` on a `None` value";
        assert_eq!(
            crash_message(&written, Some(here)),
            format!("canonsig: internal error: {written} at {at}; this is a bug, please report it with the command you ran\n")
        );
        let formatted = String::from("signature_mismatch: signed bytes {\"card\":\"4111111111111111\"}");
        let message = crash_message(&formatted, None);
        assert!(!message.contains("4111"), "{message}");
        assert_eq!(
            message,
            "canonsig: internal error: a panic whose message is not shown (it may quote input or key bytes) at an unknown place; this is a bug, please report it with the command you ran\n"
        );
    }
}
