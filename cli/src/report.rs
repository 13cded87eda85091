//! Diagnostics on stderr. Commands describe *what* they found ([`Finding`], plain data);
//! this module decides how it looks. Only text exists today; a `--format json` renderer
//! would be a second `render_*` function over the same data.

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use canonsig::Departure;

use crate::error::{CliError, Origin};

/// Bytes of context shown before the first difference in a `--check` excerpt.
const EXCERPT_BEFORE: usize = 24;
/// Most bytes shown in a `--check` excerpt.
const EXCERPT_WIDTH: usize = 64;

/// Where a finding is: the input (file or stdin) and, in `--lines` mode, the line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Location<'a> {
    pub(crate) origin: &'a Origin,
    pub(crate) line: Option<usize>,
}

impl fmt::Display for Location<'_> {
    /// The prefix of a message: `data.json: `, `data.jsonl: line 3: `, `line 3: ` or nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Origin::File(name) = self.origin {
            write!(f, "{name}: ")?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        Ok(())
    }
}

/// Something to tell the user about one document (or one line).
#[derive(Debug)]
pub(crate) enum Finding<'a> {
    /// Core refused the input.
    Invalid(&'a canonsig::Error),
    /// `--check`: the input is valid but not in canonical form.
    NotCanonical {
        departure: &'a Departure,
        input: &'a [u8],
        canonical: &'a [u8],
    },
    /// `--check --lines`: a whitespace-only line, which `canon --lines` leaves out.
    BlankLine,
    /// `--check --lines`: the last line has no `\n`, which `canon --lines` adds.
    MissingNewline,
}

/// Writes diagnostics to stderr. Failures to write them are ignored: there is nowhere
/// left to report them.
pub(crate) struct Reporter {
    out: io::Stderr,
}

impl Reporter {
    pub(crate) fn stderr() -> Self {
        Reporter { out: io::stderr() }
    }

    pub(crate) fn finding(&mut self, location: Location<'_>, finding: &Finding<'_>) {
        let _ = self.out.lock().write_all(render_text(location, finding).as_bytes());
    }

    /// The error that ended a command.
    pub(crate) fn fatal(&mut self, err: &CliError) {
        let text = match err {
            CliError::Canon { origin, error } => {
                let location = Location { origin, line: None };
                return self.finding(location, &Finding::Invalid(error));
            }
            CliError::NoInput => {
                "error: no input: give a FILE, or pipe JSON into standard input (see `canonsig canon --help`)\n"
                    .to_string()
            }
            CliError::Read {
                origin: Origin::File(name),
                source,
            } => format!("error: failed to read `{name}`: {source}\n"),
            CliError::Read {
                origin: Origin::Stdin,
                source,
            } => format!("error: failed to read standard input: {source}\n"),
            CliError::Write(source) => format!("error: failed to write to standard output: {source}\n"),
        };
        let _ = self.out.lock().write_all(text.as_bytes());
    }
}

/// The plain-text form of a finding, ending with `\n`.
fn render_text(location: Location<'_>, finding: &Finding<'_>) -> String {
    match finding {
        Finding::Invalid(error) => format!("{location}error: {error}\n"),
        Finding::BlankLine => {
            format!("{location}not canonical: whitespace-only line (`canon --lines` leaves it out)\n")
        }
        Finding::MissingNewline => format!("{location}not canonical: no newline at the end of the last line\n"),
        Finding::NotCanonical {
            departure,
            input,
            canonical,
        } => {
            let mut text = format!("{location}not canonical: first difference at byte {}", departure.offset);
            // In `--lines` mode the line number is already in the prefix and the column is offset + 1.
            if location.line.is_none() {
                let _ = write!(text, " (line {}, column {})", departure.line, departure.column);
            }
            text.push('\n');
            let start = departure.offset.saturating_sub(EXCERPT_BEFORE);
            let (input_excerpt, caret) = excerpt(input, start, departure.offset);
            let (canonical_excerpt, _) = excerpt(canonical, start, departure.offset);
            let _ = writeln!(text, "  input:     {input_excerpt}");
            let _ = writeln!(text, "  canonical: {canonical_excerpt}");
            let _ = writeln!(text, "  {:caret$}^", "", caret = "canonical: ".len() + caret);
            text
        }
    }
}

/// At most [`EXCERPT_WIDTH`] bytes of `bytes` from `start`, escaped so that every byte is
/// visible and one terminal column per character; and the column of `mark` in it.
///
/// Printable ASCII is shown as is; `\n`, `\r`, `\t` as the control pictures `␊ ␍ ␉`
/// (they can't be mistaken for the JSON escapes `\n`...); any other byte, including
/// every byte of a non-ASCII character, as `\xNN` (JSON text never contains `\x`), so
/// that invisible or look-alike characters (NFC vs NFD, U+2028) still show their bytes.
fn excerpt(bytes: &[u8], start: usize, mark: usize) -> (String, usize) {
    let start = start.min(bytes.len());
    let end = bytes.len().min(start.saturating_add(EXCERPT_WIDTH));
    let mut text = String::new();
    let mut width = 0;
    let mut caret = 0;
    if start > 0 {
        text.push('…');
        width += 1;
    }
    for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
        if i == mark {
            caret = width;
        }
        match b {
            b'\n' => text.push('␊'),
            b'\r' => text.push('␍'),
            b'\t' => text.push('␉'),
            0x20..=0x7e => text.push(char::from(b)),
            _ => {
                let _ = write!(text, "\\x{b:02x}");
                width += 3;
            }
        }
        width += 1;
    }
    if mark >= end {
        caret = width;
    }
    if end < bytes.len() {
        text.push('…');
    }
    (text, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_escapes_and_marks() {
        assert_eq!(excerpt(b"{\"a\": 1}", 0, 5), ("{\"a\": 1}".to_string(), 5));
        assert_eq!(excerpt("\"é\"\n".as_bytes(), 0, 3), ("\"\\xc3\\xa9\"␊".to_string(), 9));
        assert_eq!(excerpt(b"ab", 0, 2), ("ab".to_string(), 2));
        let long = [b'x'; 200];
        let (text, caret) = excerpt(&long, 100 - EXCERPT_BEFORE, 100);
        assert_eq!(text.chars().count(), EXCERPT_WIDTH + 2);
        assert_eq!(caret, EXCERPT_BEFORE + 1);
    }
}
