//! Percent-encoding as SigV4 defines it: only `A-Za-z0-9-._~` stay as they are, hex digits
//! are upper case, and the path keeps its `/`.

/// Percent-encodes every byte except the unreserved ones (and `/` when `keep_slash`).
pub(crate) fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays literal (as AWS's
/// own decoders do), and `+` stays `+` (SigV4 query strings are not form-encoded).
pub(crate) fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// RFC 3986 dot-segment removal plus the collapsing of empty segments that AWS services
/// expect (botocore `remove_dot_segments`): `//a/./b/../c/` becomes `/a/c/`; a trailing
/// `/` is kept when anything is left.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let trailing = if path.ends_with('/') && !segments.is_empty() {
        "/"
    } else {
        ""
    };
    format!("/{}{trailing}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(uri_encode(b"a b/c~d=e+f%", true), "a%20b/c~d%3De%2Bf%25");
        assert_eq!(uri_encode("ሴ/".as_bytes(), false), "%E1%88%B4%2F");
    }

    #[test]
    fn decodes_only_valid_escapes() {
        assert_eq!(percent_decode("a%20b%2x%+%e1%88%b4"), "a b%2x%+ሴ".as_bytes());
        assert_eq!(percent_decode("%"), b"%");
    }

    #[test]
    fn normalizes_like_botocore() {
        for (input, expected) in [
            ("/", "/"),
            ("//", "/"),
            ("//example//", "/example/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/../../b/", "/b/"),
            ("/a/.", "/a"),
        ] {
            assert_eq!(normalize_path(input), expected, "{input}");
        }
    }
}
