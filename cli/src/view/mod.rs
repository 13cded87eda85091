//! What `diff` and `explain` write on stdout: the rendered diff (inline or unified, with or
//! without colour), the explanation and the forensic report, or core's JSON shapes.

pub(crate) mod diff;
pub(crate) mod explain;

use std::io::{self, IsTerminal, Write};

use crate::error::CliError;

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people: the rendered diff or explanation
    Text,
    /// For tools: core's data, one JSON object on one line (the same shape, in the same
    /// order, as the Python `to_dict()` and the JS objects)
    Json,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal, `NO_COLOR` is unset or empty, and TERM is not `dumb`
    Auto,
    /// Always colour (even when piped, and despite `NO_COLOR`)
    Always,
    /// Never colour
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output.
    pub(crate) fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                !no_color && !dumb && io::stdout().is_terminal()
            }
        }
    }
}

/// ANSI styles, or nothing when colour is off.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Palette {
    on: bool,
}

/// What a piece of rendered text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paint {
    /// Bold: the summary line.
    Strong,
    /// Cyan: hunk headers and file names.
    Header,
    /// Red: a line only in expected.
    Removed,
    /// Red, reversed: the changed bytes in expected.
    RemovedSpan,
    /// Green: a line only in actual.
    Added,
    /// Green, reversed: the changed bytes in actual.
    AddedSpan,
    /// Dim: notes such as "… 12 more changes".
    Dim,
}

impl Palette {
    pub(crate) fn new(on: bool) -> Self {
        Palette { on }
    }

    pub(crate) fn is_on(self) -> bool {
        self.on
    }

    /// `text` in `paint` (no escape codes when colour is off or `text` is empty).
    pub(crate) fn paint(self, paint: Paint, text: &str) -> String {
        if !self.on || text.is_empty() {
            return text.to_string();
        }
        let code = match paint {
            Paint::Strong => "1",
            Paint::Header => "36",
            Paint::Removed => "31",
            Paint::RemovedSpan => "31;7",
            Paint::Added => "32",
            Paint::AddedSpan => "32;7",
            Paint::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// Writes everything to stdout (a closed pipe is handled quietly by `main`).
pub(crate) fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CliError::Write)
}

/// Writes bytes to stdout as they are (a signed message may carry any body bytes).
pub(crate) fn write_bytes(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CliError::Write)
}

/// One line of core's JSON: `json_line(result.to_json())`.
pub(crate) fn json_line(json: Result<String, canonsig::Error>) -> Result<String, CliError> {
    let mut line = json.map_err(CliError::core)?;
    line.push('\n');
    Ok(line)
}
