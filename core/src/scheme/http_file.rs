//! The raw HTTP message file format of the AWS SigV4 test suite (`.req`, `request.txt`),
//! also used for responses: a request or status line, header lines (with obsolete line
//! folding and repeats), a blank line, then the body bytes.

use super::{Header, Request, Response};
use crate::{Error, ErrorCode};

impl Request {
    /// Parses a raw HTTP/1.x request (the `.req` files of the AWS SigV4 test suite).
    ///
    /// - The request line is `METHOD SP target SP HTTP/x.y`. The target is everything between
    ///   the first and the last space, so a raw space in the path (the suite's `get-space`
    ///   case) is kept as sent.
    /// - Lines end with LF or CRLF. Header lines are `name:value`; the value keeps its
    ///   surrounding whitespace. A line starting with a space or tab continues the previous
    ///   header (obsolete line folding): the fold and the whitespace around it become one space.
    /// - A blank line ends the headers; every byte after it is the body, untouched. A file
    ///   that ends after the headers (no blank line) has an empty body.
    ///
    /// Errors are `malformed_request`, with the line number in the message and the byte
    /// offset of the problem.
    ///
    /// ```
    /// use canonsig::scheme::Request;
    /// let req = Request::parse_http(b"POST /a?b=1 HTTP/1.1\r\nHost: example.com\r\nX-Long: one\r\n  two\r\n\r\nhi")?;
    /// assert_eq!(req.method(), "POST");
    /// assert_eq!(req.target(), "/a?b=1");
    /// assert_eq!(req.header_values("x-long").collect::<Vec<_>>(), [" one two"]);
    /// assert_eq!(req.body_bytes(), b"hi");
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn parse_http(bytes: &[u8]) -> Result<Request, Error> {
        let mut lines = Lines {
            bytes,
            pos: 0,
            number: 0,
        };
        let (start, line) = lines
            .next_line()
            .ok_or_else(|| Error::new(ErrorCode::MalformedRequest, "the request file is empty").at(0))?;
        let request = parse_request_line(line, start)?;
        let (headers, body) = parse_fields(&mut lines)?;
        let mut request = request.body(body);
        *request.headers_mut() = headers;
        Ok(request)
    }
}

impl Response {
    /// Parses a raw HTTP/1.x response: the status line `HTTP/x.y NNN [reason]`, then header
    /// lines, a blank line and the body exactly as [`Request::parse_http`] reads them.
    ///
    /// ```
    /// use canonsig::scheme::Response;
    /// let res = Response::parse_http(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\r\n{}")?;
    /// assert_eq!(res.status(), 503);
    /// assert_eq!(res.header_values("retry-after").collect::<Vec<_>>(), [" 1"]); // as sent
    /// assert_eq!(res.body_bytes(), b"{}");
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn parse_http(bytes: &[u8]) -> Result<Response, Error> {
        let mut lines = Lines {
            bytes,
            pos: 0,
            number: 0,
        };
        let (start, line) = lines
            .next_line()
            .ok_or_else(|| Error::new(ErrorCode::MalformedRequest, "the response file is empty").at(0))?;
        let status = parse_status_line(line, start)?;
        let (headers, body) = parse_fields(&mut lines)?;
        let mut response = Response::new(status).body(body);
        *response.headers_mut() = headers;
        Ok(response)
    }
}

/// The header lines after the first line, then the body (everything after the blank line).
fn parse_fields(lines: &mut Lines<'_>) -> Result<(Vec<Header>, Vec<u8>), Error> {
    let mut headers: Vec<Header> = Vec::new();
    // Without a blank line, the message ends after its headers.
    while let Some((start, line)) = lines.next_line() {
        if line.is_empty() {
            return Ok((headers, lines.bytes[lines.pos..].to_vec()));
        }
        let text = utf8(line, start, lines.number)?;
        if text.starts_with([' ', '\t']) {
            let Some(previous) = headers.last_mut() else {
                return Err(malformed(
                    lines.number,
                    start,
                    "a folded continuation line comes before any header",
                ));
            };
            let kept = previous.value.trim_end_matches([' ', '\t']).len();
            previous.value.truncate(kept);
            previous.value.push(' ');
            previous.value.push_str(text.trim_start_matches([' ', '\t']));
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(malformed(lines.number, start, "a header line has no ':'"));
        };
        if let Some(bad) = name.find(|c: char| !is_token_char(c)) {
            let what = if name.is_empty() {
                "a header line has an empty name".to_string()
            } else {
                format!(
                    "the header name {name:?} contains {:?}, which a field name cannot",
                    name[bad..].chars().next().unwrap_or_default()
                )
            };
            return Err(malformed(lines.number, start + bad, &what));
        }
        if let Some(bad) = value.find(|c: char| c.is_control() && c != '\t') {
            return Err(malformed(
                lines.number,
                start + name.len() + 1 + bad,
                &format!("the value of header {name:?} contains a control character"),
            ));
        }
        headers.push(Header {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    Ok((headers, Vec::new()))
}

/// Splits the head of a request file into lines (LF or CRLF), remembering offsets.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    /// `(offset, line without its terminator)`, or `None` at the end of the input.
    fn next_line(&mut self) -> Option<(usize, &'a [u8])> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.bytes[start..];
        let (line, advance) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        self.number += 1;
        Some((start, line.strip_suffix(b"\r").unwrap_or(line)))
    }
}

fn parse_request_line(line: &[u8], start: usize) -> Result<Request, Error> {
    let text = utf8(line, start, 1)?;
    let (Some(first), Some(last)) = (text.find(' '), text.rfind(' ')) else {
        return Err(malformed(1, start, "the request line is not 'METHOD target HTTP/1.1'"));
    };
    let method = &text[..first];
    let version = &text[last + 1..];
    let target = text.get(first + 1..last).unwrap_or("");
    if method.is_empty() || !method.chars().all(is_token_char) {
        return Err(malformed(
            1,
            start,
            &format!("the method {method:?} is not an HTTP token"),
        ));
    }
    if !version.starts_with("HTTP/") || first == last {
        return Err(malformed(
            1,
            start + last + 1,
            &format!("the request line must end with the HTTP version (HTTP/1.1), found {version:?}"),
        ));
    }
    if target.is_empty() {
        return Err(malformed(1, start + first + 1, "the request target is empty"));
    }
    if let Some(bad) = target.find(|c: char| c.is_control()) {
        return Err(malformed(
            1,
            start + first + 1 + bad,
            "the request target contains a control character",
        ));
    }
    Ok(Request::new(method, target))
}

/// The status code of `HTTP/x.y NNN [reason]` (three digits, RFC 9112 §4).
fn parse_status_line(line: &[u8], start: usize) -> Result<u16, Error> {
    let text = utf8(line, start, 1)?;
    let mut parts = text.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(malformed(
            1,
            start,
            "a response starts with a status line such as `HTTP/1.1 200 OK`",
        ));
    }
    let code = parts.next().unwrap_or("");
    match code.parse::<u16>() {
        Ok(status) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) && status >= 100 => Ok(status),
        _ => Err(malformed(
            1,
            start + version.len() + 1,
            &format!("the status code {code:?} is not three digits"),
        )),
    }
}

fn utf8(line: &[u8], start: usize, number: usize) -> Result<&str, Error> {
    std::str::from_utf8(line).map_err(|e| malformed(number, start + e.valid_up_to(), "the line is not valid UTF-8"))
}

/// RFC 9110 `tchar`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn malformed(line: usize, offset: usize, what: &str) -> Error {
    Error::new(ErrorCode::MalformedRequest, format!("line {line}: {what}")).at(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(bytes: &[u8]) -> (ErrorCode, Option<usize>) {
        let err = Request::parse_http(bytes)
            .err()
            .unwrap_or_else(|| Error::new(ErrorCode::Syntax, "parsed"));
        (err.code(), err.offset())
    }

    #[test]
    fn suite_shape_without_blank_line_or_final_newline() {
        let req = Request::parse_http(b"GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:x")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(req.target(), "/example space/");
        assert_eq!(req.headers().len(), 2);
        assert!(req.body_bytes().is_empty());
    }

    #[test]
    fn body_is_kept_byte_for_byte() {
        let req =
            Request::parse_http(b"POST / HTTP/1.1\r\nA: 1\r\n\r\n\r\nline\nnext\r\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(req.body_bytes(), b"\r\nline\nnext\r\n");
    }

    #[test]
    fn responses_parse_with_the_same_field_rules() {
        let res = Response::parse_http(b"HTTP/1.1 200 OK\nA: one\n  two\n\nbody").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (res.status(), res.headers().len(), res.body_bytes()),
            (200, 1, &b"body"[..])
        );
        let code = |bytes: &[u8]| Response::parse_http(bytes).err().map(|e| (e.code(), e.offset()));
        assert_eq!(code(b""), Some((ErrorCode::MalformedRequest, Some(0))));
        assert_eq!(code(b"200 OK\n"), Some((ErrorCode::MalformedRequest, Some(0))));
        assert_eq!(code(b"HTTP/1.1 20 OK\n"), Some((ErrorCode::MalformedRequest, Some(9))));
        assert_eq!(code(b"HTTP/1.1 +20 OK\n"), Some((ErrorCode::MalformedRequest, Some(9))));
        assert_eq!(
            code(b"HTTP/1.1 200 OK\nbad\n"),
            Some((ErrorCode::MalformedRequest, Some(16)))
        );
    }

    #[test]
    fn errors_name_the_line_and_offset() {
        assert_eq!(code(b""), (ErrorCode::MalformedRequest, Some(0)));
        assert_eq!(code(b"GET /\n"), (ErrorCode::MalformedRequest, Some(4)));
        assert_eq!(
            code(b"GET / HTTP/1.1\nno colon\n"),
            (ErrorCode::MalformedRequest, Some(15))
        );
        assert_eq!(
            code(b"GET / HTTP/1.1\n bad fold\n"),
            (ErrorCode::MalformedRequest, Some(15))
        );
        assert_eq!(
            code(b"GET / HTTP/1.1\nBad Name: x\n"),
            (ErrorCode::MalformedRequest, Some(18))
        );
        assert_eq!(
            code(b"GET / HTTP/1.1\nA: \xff\n"),
            (ErrorCode::MalformedRequest, Some(18))
        );
        assert_eq!(code(b"G(T / HTTP/1.1\n"), (ErrorCode::MalformedRequest, Some(0)));
        assert_eq!(code(b"GET / FTP\n"), (ErrorCode::MalformedRequest, Some(6)));
        assert_eq!(
            code("GET / HTTP/1.1\nN\u{e4}me: x\n".as_bytes()),
            (ErrorCode::MalformedRequest, Some(16))
        );
    }
}
