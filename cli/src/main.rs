//! `canonsig`: canonical JSON, and signatures over it, from the command line.
//!
//! This file only parses arguments, dispatches to a `commands::*` module and turns
//! the outcome into an exit code (0 = ok, 1 = clean negative result, 2 = error).

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
mod view;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    let cli = Cli::parse();
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
            ExitStatus::from(&err).into()
        }
    }
}
