//! Exit codes shared by every subcommand (ruff, ripgrep, diff(1)).

use std::process::ExitCode;

use crate::error::CliError;

/// How a command ended. Ordered by severity, so `max` combines outcomes
/// (`--lines` reports the worst line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ExitStatus {
    /// Exit 0: done, or the check passed.
    Success,
    /// Exit 1: a clean negative answer (`--check` found input that is not canonical).
    Failure,
    /// Exit 2: bad input, an I/O error, or a usage error (clap exits 2 by itself).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Input that core refuses is always an error (exit 2), whatever the code.
impl From<&canonsig::Error> for ExitStatus {
    fn from(_: &canonsig::Error) -> Self {
        ExitStatus::Error
    }
}

impl From<&CliError> for ExitStatus {
    fn from(err: &CliError) -> Self {
        match err {
            CliError::Canon { error, .. } => error.into(),
            CliError::NoInput | CliError::Read { .. } | CliError::Write(_) => ExitStatus::Error,
        }
    }
}
