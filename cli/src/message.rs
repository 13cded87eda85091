//! HTTP message files (the `.req` format of the AWS SigV4 test suite): reading them into
//! core's `Request`/`Response`, and writing a signed one back in the same shape.
//!
//! Requests are parsed by core (`Request::parse_http`). Core has no response parser, so a
//! response's status line is checked here and the rest of the file is parsed by the same
//! core function behind a stand-in request line (same line count, so line numbers in
//! errors stay right; byte offsets are moved back to the file's).

use std::path::Path;

use canonsig::scheme::{Header, Request, Response};
use canonsig::{Error, ErrorCode};

use crate::error::{CliError, Origin};
use crate::input::{self, Source};

/// No request file a person signs by hand is near this; larger ones are refused unread.
pub(crate) const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The stand-in request line a response's status line is swapped for.
const STAND_IN: &[u8] = b"GET / HTTP/1.1";

/// Reads a whole message file (or `-`).
pub(crate) fn read(path: &Path) -> Result<(Origin, Vec<u8>), CliError> {
    let source = Source::from_arg(Some(path))?;
    let origin = source.origin();
    let document = input::read_document(&source, MAX_MESSAGE_BYTES)?;
    if document.over_limit {
        let error = Error::new(
            ErrorCode::TooLarge,
            format!("the message is larger than {MAX_MESSAGE_BYTES} bytes"),
        );
        return Err(CliError::canon(origin, error));
    }
    Ok((origin, document.bytes))
}

/// `--scheme`: the request with that scheme when one was given (else core's default).
pub(crate) fn with_scheme(request: Request, scheme: Option<&str>) -> Request {
    match scheme {
        Some(scheme) => request.with_scheme(scheme),
        None => request,
    }
}

/// Reads and parses a request file.
pub(crate) fn read_request(path: &Path) -> Result<Request, CliError> {
    read_request_with_bytes(path).map(|(request, _)| request)
}

/// Reads and parses a request file; also returns its bytes (to write it back signed).
pub(crate) fn read_request_with_bytes(path: &Path) -> Result<(Request, Vec<u8>), CliError> {
    let (origin, bytes) = read(path)?;
    let request = Request::parse_http(&bytes).map_err(|e| CliError::canon(origin, e))?;
    Ok((request, bytes))
}

/// Reads and parses a response file (`HTTP/1.1 200 OK`, headers, blank line, body); also
/// returns its bytes.
pub(crate) fn read_response_with_bytes(path: &Path) -> Result<(Response, Vec<u8>), CliError> {
    let (origin, bytes) = read(path)?;
    let response = parse_response(&bytes).map_err(|e| CliError::canon(origin, e))?;
    Ok((response, bytes))
}

/// A response: the status line here, the rest through core's request parser.
pub(crate) fn parse_response(bytes: &[u8]) -> Result<Response, Error> {
    let line_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
    let line = bytes[..line_end].strip_suffix(b"\r").unwrap_or(&bytes[..line_end]);
    let status = status_of(line)?;
    let mut stand_in = STAND_IN.to_vec();
    stand_in.extend_from_slice(&bytes[line.len()..]);
    let shift = |offset: usize| (offset + line.len()).saturating_sub(STAND_IN.len());
    let parsed = Request::parse_http(&stand_in).map_err(|e| match e.offset() {
        Some(o) => Error::new(e.code(), e.message()).at(shift(o)),
        None => Error::new(e.code(), e.message()),
    })?;
    let mut response = Response::new(status).body(parsed.body_bytes().to_vec());
    *response.headers_mut() = parsed.headers().to_vec();
    Ok(response)
}

/// The status code of `HTTP/x.y NNN [reason]`.
fn status_of(line: &[u8]) -> Result<u16, Error> {
    let malformed = |what: &str| Error::new(ErrorCode::MalformedRequest, format!("line 1: {what}")).at(0);
    let text = std::str::from_utf8(line).map_err(|_| malformed("the status line is not UTF-8"))?;
    let mut parts = text.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(malformed(
            "a response starts with a status line such as `HTTP/1.1 200 OK`",
        ));
    }
    let code = parts.next().unwrap_or("");
    match code.parse::<u16>() {
        Ok(status) if code.len() == 3 && (100..=999).contains(&status) => Ok(status),
        _ => Err(malformed(&format!("the status code {code:?} is not three digits"))),
    }
}

/// How the file writes its header lines: `Name: value` or `Name:value` (the AWS suite).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderStyle {
    Spaced,
    Tight,
}

impl HeaderStyle {
    /// As the file's first header line (the AWS suite mixes both, and adds `Name:value`
    /// lines after a first `Host:...`).
    pub(crate) fn of(headers: &[Header]) -> Self {
        if headers.first().is_some_and(|h| h.value.starts_with([' ', '\t'])) {
            HeaderStyle::Spaced
        } else {
            HeaderStyle::Tight
        }
    }
}

/// `--headers-only`: the lines signing added, `Name: value` each.
pub(crate) fn header_block(headers: &[Header]) -> Vec<u8> {
    headers
        .iter()
        .map(|h| header_line(h, HeaderStyle::Spaced))
        .collect::<String>()
        .into_bytes()
}

/// One header line as the file writes them; values that kept their own leading
/// whitespace are written as they are.
pub(crate) fn header_line(header: &Header, style: HeaderStyle) -> String {
    let separator = match style {
        HeaderStyle::Spaced if !header.value.starts_with([' ', '\t']) && !header.value.is_empty() => ": ",
        _ => ":",
    };
    format!("{}{separator}{}\n", header.name, header.value)
}

/// The message file a signed message came from: its bytes and its parsed header lines.
/// Signing only adds lines at the end (or changes the request target), so the file's own
/// header lines are written back byte for byte (folded lines, spacing, CRLF kept).
pub(crate) struct Original<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) headers: &'a [Header],
}

impl Original<'_> {
    /// `(line end, header block)`: the first line's terminator, and the bytes between the
    /// first line and the blank line (or the end of the file), ending with a line end.
    fn head(&self) -> (&'static str, Vec<u8>) {
        let first_end = self.bytes.iter().position(|&b| b == b'\n');
        let eol = match first_end {
            Some(i) if i > 0 && self.bytes[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        let start = first_end.map_or(self.bytes.len(), |i| i + 1);
        let mut end = start;
        let mut block_end = self.bytes.len();
        while end < self.bytes.len() {
            let line_end = self.bytes[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.bytes.len(), |i| end + i + 1);
            let line = &self.bytes[end..line_end];
            if line == b"\n" || line == b"\r\n" {
                block_end = end;
                break;
            }
            end = line_end;
        }
        let mut block = self.bytes[start..block_end.max(start)].to_vec();
        if !block.is_empty() && !block.ends_with(b"\n") {
            block.extend_from_slice(eol.as_bytes());
        }
        (eol, block)
    }

    /// The signed message: `first_line`, this file's header lines as they were, the lines
    /// signing added, a blank line, the body. `None` when signing changed or removed a
    /// line of the file (then the message is written from its parsed form).
    fn rewrite(&self, first_line: &str, headers: &[Header], body: &[u8], style: HeaderStyle) -> Option<Vec<u8>> {
        if !headers.starts_with(self.headers) {
            return None;
        }
        let (eol, block) = self.head();
        let mut out = format!("{first_line}{eol}").into_bytes();
        out.extend_from_slice(&block);
        for header in &headers[self.headers.len()..] {
            let line = header_line(header, style);
            out.extend_from_slice(line.trim_end_matches('\n').as_bytes());
            out.extend_from_slice(eol.as_bytes());
        }
        out.extend_from_slice(eol.as_bytes());
        out.extend_from_slice(body);
        Some(out)
    }
}

/// The signed request as a file: the original's lines kept when possible, else request
/// line, header lines, blank line, body (LF line ends, as the AWS suite's signed requests).
pub(crate) fn write_request(request: &Request, original: &Original<'_>, style: HeaderStyle) -> Vec<u8> {
    let first_line = format!(
        "{} {} {}",
        request.method(),
        request.target(),
        version_of(original.bytes)
    );
    if let Some(out) = original.rewrite(&first_line, request.headers(), request.body_bytes(), style) {
        return out;
    }
    let mut out = format!("{first_line}\n");
    for header in request.headers() {
        out.push_str(&header_line(header, style));
    }
    out.push('\n');
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(request.body_bytes());
    bytes
}

/// The signed response as a file (the original's status line and lines kept when possible).
pub(crate) fn write_response(response: &Response, original: &Original<'_>, style: HeaderStyle) -> Vec<u8> {
    let first = original.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first.strip_suffix(b"\r").unwrap_or(first)).into_owned();
    if let Some(out) = original.rewrite(&first, response.headers(), response.body_bytes(), style) {
        return out;
    }
    let mut out = format!("HTTP/1.1 {}\n", response.status());
    for header in response.headers() {
        out.push_str(&header_line(header, style));
    }
    out.push('\n');
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(response.body_bytes());
    bytes
}

/// The HTTP version at the end of the file's request line (`HTTP/1.1` when unreadable).
fn version_of(bytes: &[u8]) -> String {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first.strip_suffix(b"\r").unwrap_or(first)).into_owned();
    match first.rsplit_once(' ') {
        Some((_, version)) if version.starts_with("HTTP/") => version.to_string(),
        _ => "HTTP/1.1".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_parse_and_keep_offsets() {
        let res = parse_response(b"HTTP/1.1 200 OK\nContent-Type: text/plain\n\nhi").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(res.status(), 200);
        assert_eq!(res.header_values("content-type").collect::<Vec<_>>(), [" text/plain"]);
        assert_eq!(res.body_bytes(), b"hi");
        // "Bad Name" is at byte 16 of the file (after "HTTP/1.1 200 OK\n").
        let err = parse_response(b"HTTP/1.1 200 OK\nBad Name: x\n").err();
        assert_eq!(err.and_then(|e| e.offset()), Some(19));
        for bad in [&b"GET / HTTP/1.1\n"[..], b"HTTP/1.1 20 OK\n", b"HTTP/1.1\n"] {
            assert_eq!(
                parse_response(bad).err().map(|e| e.code()),
                Some(ErrorCode::MalformedRequest)
            );
        }
    }

    #[test]
    fn signed_files_keep_the_original_lines() {
        let file = b"GET / HTTP/1.1\nHost:a";
        let tight = Request::parse_http(file).unwrap_or_else(|e| panic!("{e}"));
        let original = Original {
            bytes: file,
            headers: tight.headers(),
        };
        let style = HeaderStyle::of(tight.headers());
        assert_eq!(write_request(&tight, &original, style), b"GET / HTTP/1.1\nHost:a\n\n");
        let file = b"GET / HTTP/1.0\r\nHost: a\r\nX:  one\r\n  two\r\n\r\nbody";
        let spaced = Request::parse_http(file).unwrap_or_else(|e| panic!("{e}"));
        let original = Original {
            bytes: file,
            headers: spaced.headers(),
        };
        let mut signed = spaced.clone();
        signed.headers_mut().push(Header {
            name: "Signature".into(),
            value: "x".into(),
        });
        let style = HeaderStyle::of(spaced.headers());
        assert_eq!(
            write_request(&signed, &original, style),
            b"GET / HTTP/1.0\r\nHost: a\r\nX:  one\r\n  two\r\nSignature: x\r\n\r\nbody"
        );
        // A changed line: written from the parsed form.
        signed.headers_mut()[0].value = "b".into();
        assert_eq!(
            write_request(&signed, &original, style),
            b"GET / HTTP/1.0\nHost: b\nX:  one two\nSignature: x\n\nbody"
        );
    }
}
