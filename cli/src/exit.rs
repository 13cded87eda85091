//! Exit codes shared by every subcommand (ruff, ripgrep, diff(1)). A leaf: nothing here
//! imports from the rest of the CLI (`main` maps a `CliError` to [`ExitStatus::Error`]).

use std::process::ExitCode;

use canonsig::ErrorCode;

/// How a command ended. Ordered by severity, so `max` combines outcomes
/// (`--lines` reports the worst line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ExitStatus {
    /// Exit 0: done, or the check passed.
    Success,
    /// Exit 1: a clean negative answer (`canon --check`: not canonical; `verify`: the
    /// signature is not accepted).
    Failure,
    /// Exit 2: the question could not be answered: bad input, a bad key, an I/O error,
    /// or a usage error (clap exits 2 by itself).
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

/// Codes that are `verify`'s negative answer about a signature (exit 1): the keys and the
/// payload were fine, and the signature is not accepted for them. Every other code means
/// the question could not be asked (an invalid payload, a bad key: exit 2).
pub(crate) fn is_rejection(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::MalformedSignature
            | ErrorCode::SignatureMismatch
            | ErrorCode::UnknownKeyId
            | ErrorCode::AlgorithmMismatch
            | ErrorCode::AlgorithmNotAllowed
            | ErrorCode::UnsupportedAlgorithm
            | ErrorCode::Expired
            | ErrorCode::FutureTimestamp
            | ErrorCode::ReplayedNonce
            | ErrorCode::MissingParameter
    )
}

/// The scheme commands (`http verify`, `aws verify`, `webhook verify`): besides
/// [`is_rejection`], a header that is malformed or missing, or a body that does not match
/// its digest, means the message does not carry an acceptable signature (exit 1). A file
/// that is not an HTTP message, or a bad key, is an error (exit 2).
pub(crate) fn is_scheme_rejection(code: ErrorCode) -> bool {
    is_rejection(code)
        || matches!(
            code,
            ErrorCode::InvalidHeader | ErrorCode::MissingComponent | ErrorCode::DigestMismatch
        )
}
