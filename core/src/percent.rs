//! Percent-encoding (RFC 3986 §2.1) and `application/x-www-form-urlencoded` (WHATWG URL
//! §5.1): the one codec every scheme and the diff use, so `%2f`, `+` and a stray `%`
//! mean the same thing everywhere.

use crate::{Error, ErrorCode};

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 §2.3 unreserved characters: `A-Z a-z 0-9 - . _ ~`.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes every byte for which `keep` is false, with upper-case hex digits.
pub(crate) fn encode(bytes: &[u8], keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(UPPER_HEX[usize::from(b >> 4)]));
            out.push(char::from(UPPER_HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

/// Decodes `%XX` escapes (either hex case). A `%` not followed by two hex digits stays
/// as it is (WHATWG URL "percent-decode", and what AWS's decoders do); `+` stays `+`.
pub(crate) fn decode(input: &[u8]) -> Vec<u8> {
    decode_with(input, false)
}

/// One name or value of `application/x-www-form-urlencoded` text: `+` is a space, then
/// [`decode`].
pub(crate) fn decode_form_component(input: &[u8]) -> Vec<u8> {
    decode_with(input, true)
}

fn decode_with(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'%' {
            if let (Some(hi), Some(lo)) = (
                input.get(i + 1).copied().and_then(hex_value),
                input.get(i + 2).copied().and_then(hex_value),
            ) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The raw `name=value` pairs of a query or form body, split as WHATWG URL §5.1 does:
/// on `&`, empty pieces skipped, each piece at its first `=` (no `=`: an empty value).
/// Nothing is decoded.
pub(crate) fn split_pairs(input: &str) -> impl Iterator<Item = (&str, &str)> {
    input
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.split_once('=').unwrap_or((piece, "")))
}

/// Parses an `application/x-www-form-urlencoded` body into decoded `(name, value)` pairs,
/// in order, repeats kept. The body and every decoded name and value must be UTF-8: a
/// signature over text that is not cannot be rebuilt faithfully, so it is refused
/// (`malformed_request`, with the byte offset) instead of replaced.
pub(crate) fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Error::new(ErrorCode::MalformedRequest, "the form body is not UTF-8 text").at(e.valid_up_to()))?;
    let decode = |part: &str| {
        String::from_utf8(decode_form_component(part.as_bytes())).map_err(|_| {
            let offset = part.as_ptr() as usize - text.as_ptr() as usize;
            Error::new(
                ErrorCode::MalformedRequest,
                format!("the form field {part:?} does not decode to UTF-8 text"),
            )
            .at(offset)
        })
    };
    split_pairs(text)
        .map(|(name, value)| Ok((decode(name)?, decode(value)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_with_upper_case_hex() {
        assert_eq!(
            encode(b"a b/c~d=e+f%", |b| is_unreserved(b) || b == b'/'),
            "a%20b/c~d%3De%2Bf%25"
        );
        assert_eq!(encode("ሴ/".as_bytes(), is_unreserved), "%E1%88%B4%2F");
    }

    #[test]
    fn decodes_only_valid_escapes() {
        assert_eq!(decode(b"a%20b%2x%+%e1%88%b4"), "a b%2x%+ሴ".as_bytes());
        assert_eq!(decode(b"%"), b"%");
        assert_eq!(decode(b"%4"), b"%4");
        assert_eq!(decode_form_component(b"a+b%2B%2fc%zz%4"), b"a b+/c%zz%4");
    }

    #[test]
    fn splits_pairs_like_whatwg() {
        let pairs: Vec<_> = split_pairs("a=1&&b&c=x=y&").collect();
        assert_eq!(pairs, [("a", "1"), ("b", ""), ("c", "x=y")]);
    }

    #[test]
    fn form_bodies_decode_plus_and_escapes() {
        let parsed = parse_form(b"a=1+2&b=%2B&c&&d=").unwrap_or_default();
        let expected = [("a", "1 2"), ("b", "+"), ("c", ""), ("d", "")].map(|(n, v)| (n.to_string(), v.to_string()));
        assert_eq!(parsed, expected);
    }

    #[test]
    fn form_bodies_that_are_not_utf8_are_refused_where_they_fail() {
        let err = parse_form(b"a=1&b=%FF").err();
        assert_eq!(err.as_ref().map(Error::code), Some(ErrorCode::MalformedRequest));
        assert_eq!(err.and_then(|e| e.offset()), Some(6));
        let raw = parse_form(b"a=\xff").err();
        assert_eq!(raw.and_then(|e| e.offset()), Some(2));
    }
}
