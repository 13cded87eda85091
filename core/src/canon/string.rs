//! String escaping and member-name ordering for each profile.

use std::cmp::Ordering;

use super::Profile;

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_u_escape(out: &mut Vec<u8>, unit: u32) {
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((unit >> shift) & 0xf) as usize]);
    }
}

/// The escape every profile writes for an ASCII byte, or `None` to copy it raw.
fn ascii_escape(profile: Profile, b: u8) -> Option<&'static [u8]> {
    match b {
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        0x08 => Some(b"\\b"),
        0x09 => Some(b"\\t"),
        0x0a => Some(b"\\n"),
        0x0c => Some(b"\\f"),
        0x0d => Some(b"\\r"),
        b'<' if profile == Profile::GoJson => Some(b"\\u003c"),
        b'>' if profile == Profile::GoJson => Some(b"\\u003e"),
        b'&' if profile == Profile::GoJson => Some(b"\\u0026"),
        0x7f if profile == Profile::PythonSorted => Some(b"\\u007f"),
        _ => None,
    }
}

/// True when the byte may need more than a raw copy in this profile.
fn needs_attention(profile: Profile, b: u8) -> bool {
    match profile {
        Profile::Jcs | Profile::PythonSortedUnicode => b < 0x20 || b == b'"' || b == b'\\',
        Profile::PythonSorted => b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f,
        // 0xE2 starts U+2028 and U+2029, which Go escapes.
        Profile::GoJson => b < 0x20 || matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&' | 0xe2),
    }
}

/// Writes `s` as a JSON string literal in the profile's escaping.
pub(crate) fn write_string(profile: Profile, s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !needs_attention(profile, b) {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[run_start..i]);
        if b < 0x80 {
            match ascii_escape(profile, b) {
                Some(esc) => out.extend_from_slice(esc),
                None if b < 0x20 => push_u_escape(out, u32::from(b)),
                None => out.push(b),
            }
            i += 1;
        } else {
            // A multi-byte character: `s` is a str, so it is valid UTF-8 from here.
            let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
            let len = ch.len_utf8();
            let cp = u32::from(ch);
            match profile {
                Profile::PythonSorted => {
                    let mut units = [0u16; 2];
                    for unit in ch.encode_utf16(&mut units) {
                        push_u_escape(out, u32::from(*unit));
                    }
                }
                Profile::GoJson if cp == 0x2028 || cp == 0x2029 => push_u_escape(out, cp),
                _ => out.extend_from_slice(&bytes[i..i + len]),
            }
            i += len;
        }
        run_start = i;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// Orders two member names as RFC 8785 section 3.2.3 requires: by UTF-16 code units.
///
/// UTF-8 byte order equals code-point order; UTF-16 order differs only when a
/// supplementary character (lead unit 0xD800..0xDBFF) meets a BMP character at or
/// above U+E000, so only that case needs the lead unit.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let common = ab.iter().zip(bb).position(|(x, y)| x != y);
    let Some(at) = common else {
        return ab.len().cmp(&bb.len());
    };
    // UTF-8 byte order is code-point order. UTF-16 order differs only between a
    // supplementary character (lead byte F0..F4) and U+E000..U+FFFF (lead byte EE or EF),
    // and there the first differing bytes are both such lead bytes.
    if ab[at] < 0xee || bb[at] < 0xee {
        return ab[at].cmp(&bb[at]);
    }
    // Back up to the start of the character that differs.
    let start = (0..=at)
        .rev()
        .find(|&i| a.is_char_boundary(i) && b.is_char_boundary(i))
        .unwrap_or(0);
    let ca = a[start..].chars().next().map_or(0, u32::from);
    let cb = b[start..].chars().next().map_or(0, u32::from);
    match (ca >= 0x10000, cb >= 0x10000) {
        (false, false) | (true, true) => ca.cmp(&cb),
        // A supplementary character is a lead surrogate (D800..DBFF) in UTF-16, below the
        // U+E000..U+FFFF it meets here.
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

/// Orders member names for the profile.
pub(crate) fn cmp_keys(profile: Profile, a: &str, b: &str) -> Ordering {
    if profile.sorts_by_utf16() {
        cmp_utf16(a, b)
    } else {
        a.as_bytes().cmp(b.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(profile: Profile, s: &str) -> String {
        let mut out = Vec::new();
        write_string(profile, s, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn utf16_order_puts_astral_before_private_use() {
        assert_eq!(cmp_utf16("\u{1f600}", "\u{e000}"), Ordering::Less);
        assert_eq!(cmp_utf16("\u{e000}", "\u{1f600}"), Ordering::Greater);
        assert_eq!(cmp_utf16("x\u{ffff}", "x\u{10ffff}"), Ordering::Greater);
        assert_eq!(cmp_utf16("x\u{10000}", "x\u{10ffff}"), Ordering::Less);
        assert_eq!(cmp_utf16("\u{e000}a", "\u{e000}b"), Ordering::Less);
        assert_eq!(cmp_utf16("a", "aa"), Ordering::Less);
        assert_eq!(cmp_utf16("\u{e000}", "\u{ffff}"), Ordering::Less);
        assert_eq!(cmp_utf16("é", "e"), Ordering::Greater);
    }

    // Expected strings are what json.dumps / Go's encoding/json print for the same input.
    #[test]
    fn profile_escaping() {
        let s = "é/<\u{7f}\u{1}\u{2028}😀";
        assert_eq!(esc(Profile::Jcs, s), "\"é/<\u{7f}\\u0001\u{2028}😀\"");
        assert_eq!(
            esc(Profile::PythonSorted, s),
            "\"\\u00e9/<\\u007f\\u0001\\u2028\\ud83d\\ude00\""
        );
        assert_eq!(esc(Profile::GoJson, s), "\"é/\\u003c\u{7f}\\u0001\\u2028😀\"");
    }

    // Go escapes U+2028 and U+2029 only, not the other characters whose UTF-8 starts
    // with E2: Go 1.23's json.Marshal("€…\u2028\u2029\u2030") prints the expected string.
    #[test]
    fn go_escapes_only_the_line_and_paragraph_separators() {
        assert_eq!(
            esc(Profile::GoJson, "€…\u{2028}\u{2029}\u{2030}"),
            "\"€…\\u2028\\u2029\u{2030}\""
        );
    }

    /// `needs_attention` is the fast path's filter: for ASCII it must be exact, true
    /// precisely for the bytes the profile does not copy raw (a byte it wrongly passes
    /// would be copied unescaped; one it wrongly flags costs the slow path).
    #[test]
    fn the_ascii_filter_flags_exactly_the_escaped_bytes() {
        for profile in Profile::ALL {
            for b in 0u8..0x80 {
                let escaped = ascii_escape(profile, b).is_some() || b < 0x20;
                assert_eq!(needs_attention(profile, b), escaped, "{profile} {b:#04x}");
            }
        }
    }
}
