//! Percent-encoding as SigV4 defines it: only `A-Za-z0-9-._~` stay as they are, hex digits
//! are upper case, and the path keeps its `/`.

use crate::percent;

/// Percent-encodes every byte except the unreserved ones (and `/` when `keep_slash`).
pub(crate) fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    percent::encode(bytes, |b| percent::is_unreserved(b) || (keep_slash && b == b'/'))
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays literal (as AWS's
/// own decoders do), and `+` stays `+` (SigV4 query strings are not form-encoded).
pub(crate) fn percent_decode(text: &str) -> Vec<u8> {
    percent::decode(text.as_bytes())
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
