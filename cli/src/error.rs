//! Errors that end a command. Rendering lives in `report.rs`.

use std::io;

/// Where an input came from, as the user named it: a file name, or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Stdin,
    File(String),
}

/// Why a command stopped before finishing.
#[derive(Debug)]
pub(crate) enum CliError {
    /// No FILE was given and standard input is a terminal.
    NoInput,
    /// Opening or reading the input failed.
    Read { origin: Origin, source: io::Error },
    /// Writing the output failed (a broken pipe is handled quietly by `main`).
    Write(io::Error),
    /// Core refused the input.
    Canon { origin: Origin, error: canonsig::Error },
}

impl CliError {
    /// True when stdout was closed by the reader (`| head`): not worth a message.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}
