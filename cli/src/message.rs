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

/// Reads and parses a request file.
pub(crate) fn read_request(path: &Path) -> Result<Request, CliError> {
    let (origin, bytes) = read(path)?;
    Request::parse_http(&bytes).map_err(|e| CliError::canon(origin, e))
}

/// Reads and parses a response file (`HTTP/1.1 200 OK`, headers, blank line, body).
pub(crate) fn read_response(path: &Path) -> Result<Response, CliError> {
    let (origin, bytes) = read(path)?;
    parse_response(&bytes).map_err(|e| CliError::canon(origin, e))
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
    /// Spaced when any header line of the file has whitespace after its colon.
    pub(crate) fn of(headers: &[Header]) -> Self {
        if headers.iter().any(|h| h.value.starts_with([' ', '\t'])) {
            HeaderStyle::Spaced
        } else {
            HeaderStyle::Tight
        }
    }
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

/// The request as a file: request line, header lines, blank line, body (LF line ends, as
/// the AWS suite's signed requests).
pub(crate) fn write_request(request: &Request, style: HeaderStyle) -> Vec<u8> {
    let mut out = format!("{} {} HTTP/1.1\n", request.method(), request.target());
    for header in request.headers() {
        out.push_str(&header_line(header, style));
    }
    out.push('\n');
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(request.body_bytes());
    bytes
}

/// The response as a file (status line without a reason phrase).
pub(crate) fn write_response(response: &Response, style: HeaderStyle) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {}\n", response.status());
    for header in response.headers() {
        out.push_str(&header_line(header, style));
    }
    out.push('\n');
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(response.body_bytes());
    bytes
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
    fn header_style_follows_the_file() {
        let tight = Request::parse_http(b"GET / HTTP/1.1\nHost:a\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            write_request(&tight, HeaderStyle::of(tight.headers())),
            b"GET / HTTP/1.1\nHost:a\n\n"
        );
        let spaced = Request::parse_http(b"GET / HTTP/1.1\nHost: a\n").unwrap_or_else(|e| panic!("{e}"));
        let mut signed = spaced.clone();
        signed.headers_mut().push(Header {
            name: "Signature".into(),
            value: "x".into(),
        });
        assert_eq!(
            write_request(&signed, HeaderStyle::of(spaced.headers())),
            b"GET / HTTP/1.1\nHost: a\nSignature: x\n\n"
        );
    }
}
