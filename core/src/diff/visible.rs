//! Makes invisible differences visible: control characters, odd spaces, zero-width and
//! combining characters, the BOM, and bytes that are not UTF-8.

/// How one character is shown: `None` when it is shown as itself.
fn marker(c: char) -> Option<String> {
    let name = match c {
        '\n' => "LF",
        '\r' => "CR",
        '\t' => "TAB",
        '\u{0}' => "NUL",
        '\u{7f}' => "DEL",
        '\u{a0}' => "NBSP",
        '\u{ad}' => "SHY",
        '\u{200b}' => "ZWSP",
        '\u{200c}' => "ZWNJ",
        '\u{200d}' => "ZWJ",
        '\u{200e}' => "LRM",
        '\u{200f}' => "RLM",
        '\u{2028}' => "LSEP",
        '\u{2029}' => "PSEP",
        '\u{2060}' => "WJ",
        '\u{202f}' => "NNBSP",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{feff}' => "BOM",
        _ => "",
    };
    if !name.is_empty() {
        return Some(format!("⟨{name}⟩"));
    }
    let cp = u32::from(c);
    let invisible = cp < 0x20
        || (0x80..0xa0).contains(&cp)
        || (0x2000..0x200b).contains(&cp)
        || (0x202a..0x202f).contains(&cp)
        || (0x2061..0x2070).contains(&cp)
        || (0xfe00..0xfe10).contains(&cp)
        || (0xfff0..0xfffc).contains(&cp)
        || is_combining(cp);
    invisible.then(|| format!("⟨U+{cp:04X}⟩"))
}

/// Combining marks: shown by code point, so `e` + U+0301 is not mistaken for `é`.
pub(crate) fn is_combining(cp: u32) -> bool {
    matches!(cp, 0x300..=0x36f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff | 0x20d0..=0x20ff | 0xfe20..=0xfe2f)
}

/// True when `c` is invisible or easily confused with a space or with nothing.
pub(crate) fn is_invisible(c: char) -> bool {
    !matches!(c, '\n' | '\r' | '\t') && marker(c).is_some() && !is_combining(u32::from(c))
}

/// Renders bytes for a terminal or a page: printable text as itself, everything invisible
/// as a `⟨NAME⟩` or `⟨U+XXXX⟩` marker, each byte of invalid UTF-8 as `⟨xFF⟩`. A literal
/// `⟨` in the input is shown as `⟨⟨` so markers stay unambiguous.
///
/// ```
/// assert_eq!(canonsig::diff::visible("a\u{a0}b\r\n".as_bytes()), "a⟨NBSP⟩b⟨CR⟩⟨LF⟩");
/// assert_eq!(canonsig::diff::visible(b"\xff!"), "⟨xFF⟩!");
/// ```
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match marker(c) {
                Some(m) => out.push_str(&m),
                None if c == '⟨' => out.push_str("⟨⟨"),
                None => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("⟨x{b:02X}⟩"));
        }
    }
    out
}

/// [`visible`] of at most the first `max` bytes of `bytes`, cut only between characters
/// (never inside a UTF-8 sequence, which would then show as byte markers), and how many
/// bytes that is (`bytes.len()` when nothing was cut). For frontends that show a bounded
/// part of a long input.
///
/// ```
/// assert_eq!(canonsig::diff::visible_prefix("aé\u{a0}".as_bytes(), 2), ("a".to_string(), 1));
/// assert_eq!(canonsig::diff::visible_prefix(b"ab\xff\n", 3), ("ab⟨xFF⟩".to_string(), 3));
/// ```
pub fn visible_prefix(bytes: &[u8], max: usize) -> (String, usize) {
    let mut end = 0;
    'chunks: for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if end + c.len_utf8() > max {
                break 'chunks;
            }
            end += c.len_utf8();
        }
        // Each invalid byte is a marker of its own, so any of them may end the prefix.
        for _ in chunk.invalid() {
            if end == max {
                break 'chunks;
            }
            end += 1;
        }
    }
    (visible(&bytes[..end]), end)
}

/// Like [`visible`], but keeps line breaks as line breaks (shown as `⏎` or `␍⏎` at the end of
/// the line), for multi-line renderings.
pub fn visible_lines(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push_str("⏎\n");
        }
        match line.strip_suffix(b"\r") {
            Some(body) => {
                out.push_str(&visible(body));
                out.push('␍');
            }
            None => out.push_str(&visible(line)),
        }
    }
    out
}

/// A short visible quote of a span, cut in the middle when long.
pub(crate) fn quote(bytes: &[u8], max: usize) -> String {
    let v = visible(bytes);
    if v.chars().count() <= max {
        return format!("`{v}`");
    }
    let head: String = v.chars().take(max / 2).collect();
    let tail: String = v
        .chars()
        .rev()
        .take(max / 2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("`{head}…{tail}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_make_differences_visible() {
        assert_eq!(visible("e\u{301}".as_bytes()), "e⟨U+0301⟩");
        assert_eq!(visible("\u{feff}{}".as_bytes()), "⟨BOM⟩{}");
        assert_eq!(visible("x\u{200b}y".as_bytes()), "x⟨ZWSP⟩y");
        assert_eq!(visible("⟨".as_bytes()), "⟨⟨");
        assert_eq!(visible_lines(b"a\r\nb\n"), "a␍⏎\nb⏎\n");
    }

    #[test]
    fn prefixes_end_between_characters() {
        let text = "é⟨\u{2028}".as_bytes(); // 2 + 3 + 3 bytes
        assert_eq!(visible_prefix(text, 0), (String::new(), 0));
        assert_eq!(visible_prefix(text, 1), (String::new(), 0));
        assert_eq!(visible_prefix(text, 4), ("é".to_string(), 2));
        assert_eq!(visible_prefix(text, 5), ("é⟨⟨".to_string(), 5));
        assert_eq!(visible_prefix(text, 100), (visible(text), text.len()));
        // A prefix is always the start of the whole rendering.
        let mixed = b"a\xe2\x82b\xffc\r\n";
        for max in 0..=mixed.len() {
            let (shown, end) = visible_prefix(mixed, max);
            assert!(end <= max && visible(mixed).starts_with(&shown), "{max}");
        }
    }

    #[test]
    fn quote_cuts_long_text() {
        assert_eq!(quote(b"abcdefghij", 4), "`ab…ij`");
    }
}
