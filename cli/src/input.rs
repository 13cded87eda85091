//! Where the bytes come from: a FILE, `-`, or standard input when it is piped.
//!
//! Reading is bounded: at most `max_size + 1` bytes of one document are held in
//! memory, so an over-long input is refused without reading all of it.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};

use canonsig::{Error, ErrorCode};

use crate::error::{CliError, Origin};

/// A longer signature file is cut here (and then fails to parse): no signature is that long.
const MAX_SIGNATURE_BYTES: u64 = 64 * 1024;

/// The input named on the command line.
#[derive(Debug)]
pub(crate) enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// `FILE` → that file; `-` → stdin; nothing → stdin, unless it is a terminal
    /// (then the user most likely forgot the argument, and waiting would look like a hang).
    pub(crate) fn from_arg(file: Option<&Path>) -> Result<Self, CliError> {
        match file {
            Some(path) if path == Path::new("-") => Ok(Source::Stdin),
            Some(path) => Ok(Source::File(path.to_path_buf())),
            None if io::stdin().is_terminal() => Err(CliError::NoInput),
            None => Ok(Source::Stdin),
        }
    }

    /// How messages name this input.
    pub(crate) fn origin(&self) -> Origin {
        match self {
            Source::Stdin => Origin::Stdin,
            Source::File(path) => Origin::File(path.display().to_string()),
        }
    }

    fn open(&self) -> Result<Box<dyn BufRead>, CliError> {
        match self {
            Source::Stdin => Ok(Box::new(io::stdin().lock())),
            Source::File(path) => File::open(path)
                .map(|f| Box::new(BufReader::new(f)) as Box<dyn BufRead>)
                .map_err(|e| self.read_error(e)),
        }
    }

    fn read_error(&self, source: io::Error) -> CliError {
        CliError::Read {
            origin: self.origin(),
            source,
        }
    }
}

/// One whole input, or its first `limit + 1` bytes when it is longer than `limit`.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) bytes: Vec<u8>,
    /// More than `limit` bytes were available; `bytes` is cut short.
    pub(crate) over_limit: bool,
}

/// Reads the whole input, but never more than `limit + 1` bytes.
pub(crate) fn read_document(source: &Source, limit: usize) -> Result<Document, CliError> {
    let mut bytes = Vec::new();
    source
        .open()?
        .take(cap(limit))
        .read_to_end(&mut bytes)
        .map_err(|e| source.read_error(e))?;
    Ok(Document {
        over_limit: bytes.len() > limit,
        bytes,
    })
}

/// The whole input, refused as core refuses it (`too_large`, exit 2) past `limit`, without
/// reading the rest.
pub(crate) fn read_whole(source: &Source, limit: usize) -> Result<Vec<u8>, CliError> {
    let document = read_document(source, limit)?;
    if document.over_limit {
        return Err(CliError::canon(source.origin(), too_large("input", limit)));
    }
    Ok(document.bytes)
}

/// The `what` (input or line) was cut off after `limit + 1` bytes, so that a huge input
/// is never held in memory. Core would refuse the whole of it the same way (same code,
/// same offset), but its message states a length that was never read.
pub(crate) fn too_large(what: &str, limit: usize) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("{what} is larger than the limit of {limit} bytes"),
    )
    .at(limit)
}

/// A signature from FILE, or `-` for standard input (`verify`, `explain --signature-file`);
/// at most [`MAX_SIGNATURE_BYTES`] of it.
pub(crate) fn read_signature(path: &Path) -> Result<String, CliError> {
    let (origin, reader): (Origin, Box<dyn Read>) = if path == Path::new("-") {
        (Origin::Stdin, Box::new(io::stdin().lock()))
    } else {
        let origin = Origin::File(path.display().to_string());
        let file = File::open(path).map_err(|source| CliError::Read {
            origin: origin.clone(),
            source,
        })?;
        (origin, Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_SIGNATURE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|source| CliError::Read { origin, source })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn cap(limit: usize) -> u64 {
    u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)
}

/// One line of JSON Lines input.
#[derive(Debug)]
pub(crate) struct Line {
    /// 1-based line number.
    pub(crate) number: usize,
    /// The line without its `\n` (a `\r` before it stays: it is JSON whitespace).
    /// Cut short after `limit + 1` bytes when `over_limit`.
    pub(crate) bytes: Vec<u8>,
    /// The line is longer than `limit` bytes; the rest of it was skipped.
    pub(crate) over_limit: bool,
    /// The line ended with `\n` (false only for a last line without one).
    pub(crate) terminated: bool,
}

impl Line {
    /// Holds only JSON whitespace (space, tab, CR), or nothing.
    pub(crate) fn is_blank(&self) -> bool {
        !self.over_limit && self.bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
    }
}

/// Streams an input line by line, holding at most one line (`limit + 1` bytes) at a time.
pub(crate) struct Lines {
    reader: Box<dyn BufRead>,
    origin: Origin,
    limit: usize,
    number: usize,
}

impl Lines {
    pub(crate) fn open(source: &Source, limit: usize) -> Result<Self, CliError> {
        Ok(Lines {
            reader: source.open()?,
            origin: source.origin(),
            limit,
            number: 0,
        })
    }

    /// The next line, or `None` at the end of the input.
    pub(crate) fn next_line(&mut self) -> Result<Option<Line>, CliError> {
        let mut bytes = Vec::new();
        let read = (&mut self.reader)
            .take(cap(self.limit))
            .read_until(b'\n', &mut bytes)
            .map_err(|e| self.read_error(e))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        let mut terminated = bytes.last() == Some(&b'\n');
        if terminated {
            bytes.pop();
        }
        let over_limit = bytes.len() > self.limit;
        if over_limit && !terminated {
            terminated = self.skip_rest_of_line()?;
        }
        Ok(Some(Line {
            number: self.number,
            bytes,
            over_limit,
            terminated,
        }))
    }

    /// Discards input up to and including the next `\n`; false if the input ended first.
    fn skip_rest_of_line(&mut self) -> Result<bool, CliError> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.read_error(e)),
            };
            if buf.is_empty() {
                return Ok(false);
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(true);
                }
                None => {
                    let n = buf.len();
                    self.reader.consume(n);
                }
            }
        }
    }

    fn read_error(&self, source: io::Error) -> CliError {
        CliError::Read {
            origin: self.origin.clone(),
            source,
        }
    }
}
