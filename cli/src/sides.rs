//! The two inputs of `diff` and `explain` (and the payload of `explain --signature`):
//! files, `-` for standard input (at most one of them), or with `--text` the arguments
//! themselves; with `--hex`, hexadecimal text decoded to the bytes it spells.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use canonsig::canon::DEFAULT_MAX_SIZE;

use crate::error::{CliError, HexProblem, InputName, Misuse, Role};
use crate::input::{self, Source};

/// How the inputs are given (shared by `diff` and `explain`).
#[derive(Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// The inputs are hexadecimal text, as `xxd -p` writes it (whitespace is ignored),
    /// compared as the bytes they spell
    #[arg(long)]
    hex: bool,

    /// The arguments are the text itself, not file names
    #[arg(long)]
    text: bool,

    /// Refuse an input larger than BYTES (default 64 MiB)
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    max_size: usize,
}

/// One input, read whole.
#[derive(Debug)]
pub(crate) struct Input {
    pub(crate) name: InputName,
    pub(crate) bytes: Vec<u8>,
}

impl InputArgs {
    /// Reads both sides; refuses `-` for both (one stdin cannot be read twice).
    pub(crate) fn read_pair(&self, expected: &OsStr, actual: &OsStr) -> Result<(Input, Input), CliError> {
        if !self.text && expected == "-" && actual == "-" {
            return Err(Misuse::BothInputsStdin.into());
        }
        Ok((self.read(expected, Role::Expected)?, self.read(actual, Role::Actual)?))
    }

    /// True when `arg` will be read from standard input.
    pub(crate) fn is_stdin(&self, arg: &OsStr) -> bool {
        !self.text && arg == "-"
    }

    /// Reads one input.
    pub(crate) fn read(&self, arg: &OsStr, role: Role) -> Result<Input, CliError> {
        let (name, bytes) = if self.text {
            (InputName::Text(role), os_bytes(arg.to_os_string()))
        } else {
            let source = Source::from_arg(Some(Path::new(arg)))?;
            let name = match &source {
                Source::Stdin => InputName::Stdin,
                Source::File(path) => InputName::File(path.display().to_string()),
            };
            (name, input::read_whole(&source, self.max_size)?)
        };
        if !self.hex {
            return Ok(Input { name, bytes });
        }
        match decode_hex(&bytes) {
            Ok(bytes) => Ok(Input { name, bytes }),
            Err(problem) => Err(CliError::NotHex { name, problem }),
        }
    }

    /// `--hex` was given.
    pub(crate) fn hex(&self) -> bool {
        self.hex
    }
}

/// The argument's bytes (on Unix any bytes; elsewhere its UTF-8, lossily).
#[cfg(unix)]
fn os_bytes(arg: OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt;
    arg.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(arg: OsString) -> Vec<u8> {
    arg.to_string_lossy().into_owned().into_bytes()
}

/// Decodes hex digits (either case); ASCII whitespace between them is ignored, so the
/// output of `xxd -p` or a hex dump split over lines reads as is.
pub(crate) fn decode_hex(text: &[u8]) -> Result<Vec<u8>, HexProblem> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high: Option<u8> = None;
    let mut digits = 0;
    for (offset, &byte) in text.iter().enumerate() {
        if byte.is_ascii_whitespace() {
            continue;
        }
        let value = match byte {
            b'0'..=b'9' => byte - b'0',
            b'a'..=b'f' => byte - b'a' + 10,
            b'A'..=b'F' => byte - b'A' + 10,
            _ => return Err(HexProblem::NotADigit { offset, byte }),
        };
        digits += 1;
        match high.take() {
            Some(h) => out.push(h << 4 | value),
            None => high = Some(value),
        }
    }
    if high.is_some() {
        return Err(HexProblem::OddDigits { digits });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_with_whitespace_and_case() {
        assert_eq!(decode_hex(b"7b 22\n61 22\r\n3A31 7D"), Ok(b"{\"a\":1}".to_vec()));
        assert_eq!(decode_hex(b""), Ok(Vec::new()));
        assert_eq!(decode_hex(b"7b2"), Err(HexProblem::OddDigits { digits: 3 }));
        assert_eq!(
            decode_hex(b"7b 0x"),
            Err(HexProblem::NotADigit { offset: 4, byte: b'x' })
        );
    }
}
