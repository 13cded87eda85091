//! JSON serialization styles other stacks use, rendered from a parsed document: the
//! forensic search re-serializes a payload in each style to find the one a signer used.

use std::fmt;

use super::tree::{Doc, Kind, Node};
use crate::canon::{string_cmp_utf16, write_es, write_go, write_python, write_string, Profile};

/// Member order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// As the document has them (insertion order).
    Original,
    /// Sorted by code point / UTF-8 bytes (Python `sort_keys`, Go maps).
    Sorted,
    /// Sorted by UTF-16 code units (RFC 8785, JavaScript's default sort).
    Utf16,
}

/// Whitespace between tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Separators {
    /// No whitespace.
    Compact,
    /// `", "` and `": "` (Python `json.dumps` default).
    Python,
    /// Pretty-printed, two spaces per level.
    Indent2,
    /// Pretty-printed, four spaces per level.
    Indent4,
}

/// String escaping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Escaping {
    /// Only what JSON requires (RFC 8785, `JSON.stringify`, Python `ensure_ascii=False`).
    Raw,
    /// Everything outside printable ASCII as `\uXXXX` (Python `ensure_ascii=True`).
    Ascii,
    /// PHP `json_encode` default: `\/` and non-ASCII as `\uXXXX`.
    Php,
    /// PHP with `JSON_UNESCAPED_UNICODE`: `\/`, raw UTF-8 except U+2028/U+2029.
    PhpUnicode,
    /// Go `encoding/json`: `\u003c \u003e \u0026`, `\u2028 \u2029`.
    Go,
}

/// Number spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Numbers {
    /// ECMAScript `Number.prototype.toString` (RFC 8785, JavaScript).
    Es,
    /// Python: integers exact, floats by `repr` (`1.0`, `1e-07`).
    Python,
    /// Python with every number a float (`1.0`): data that held floats, seen after a
    /// canonical form dropped their `.0`.
    PythonFloat,
    /// Go `float64`: ECMAScript spelling, `-0` kept.
    Go,
    /// Exactly as the document wrote them.
    AsWritten,
}

/// One way of serializing JSON. Serialized with its `description` (its `Display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "JsonStyle", rename_all = "camelCase")
)]
pub struct Style {
    /// Member order.
    #[cfg_attr(feature = "typescript", ts(inline))]
    pub order: Order,
    /// Whitespace.
    #[cfg_attr(feature = "typescript", ts(inline))]
    pub separators: Separators,
    /// String escaping.
    #[cfg_attr(feature = "typescript", ts(inline))]
    pub escaping: Escaping,
    /// Number spelling.
    #[cfg_attr(feature = "typescript", ts(inline))]
    pub numbers: Numbers,
    /// A `\n` after the document.
    pub trailing_newline: bool,
}

impl Style {
    /// The style of a canonsig profile.
    pub fn of_profile(profile: Profile) -> Style {
        let (order, escaping, numbers) = match profile {
            Profile::Jcs => (Order::Utf16, Escaping::Raw, Numbers::Es),
            Profile::PythonSorted => (Order::Sorted, Escaping::Ascii, Numbers::Python),
            Profile::PythonSortedUnicode => (Order::Sorted, Escaping::Raw, Numbers::Python),
            Profile::GoJson => (Order::Sorted, Escaping::Go, Numbers::Go),
        };
        Style {
            order,
            separators: Separators::Compact,
            escaping,
            numbers,
            trailing_newline: false,
        }
    }

    /// The canonsig profile this style is, if any.
    pub fn profile(&self) -> Option<Profile> {
        [
            Profile::Jcs,
            Profile::PythonSorted,
            Profile::PythonSortedUnicode,
            Profile::GoJson,
        ]
        .into_iter()
        .find(|p| Style::of_profile(*p) == *self)
    }

    /// Every style, most common first.
    pub(crate) fn all(with_newline: bool) -> Vec<Style> {
        let mut out = Vec::new();
        for p in [
            Profile::Jcs,
            Profile::PythonSorted,
            Profile::PythonSortedUnicode,
            Profile::GoJson,
        ] {
            out.push(Style::of_profile(p));
        }
        let newlines: &[bool] = if with_newline { &[false, true] } else { &[false] };
        for &trailing_newline in newlines {
            for separators in [
                Separators::Compact,
                Separators::Python,
                Separators::Indent2,
                Separators::Indent4,
            ] {
                // Where several styles give the same bytes, the first one names them: the
                // common sort (code point), then real number spellings before "as written".
                for order in [Order::Sorted, Order::Utf16, Order::Original] {
                    for escaping in [
                        Escaping::Raw,
                        Escaping::Ascii,
                        Escaping::Go,
                        Escaping::Php,
                        Escaping::PhpUnicode,
                    ] {
                        for numbers in [
                            Numbers::Es,
                            Numbers::Python,
                            Numbers::PythonFloat,
                            Numbers::Go,
                            Numbers::AsWritten,
                        ] {
                            let s = Style {
                                order,
                                separators,
                                escaping,
                                numbers,
                                trailing_newline,
                            };
                            if !out.contains(&s) {
                                out.push(s);
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.profile() {
            let what = match p {
                Profile::Jcs => "RFC 8785 canonical JSON",
                Profile::PythonSorted => "Python json.dumps(sort_keys=True, separators=(',', ':'))",
                Profile::PythonSortedUnicode => {
                    "Python json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False)"
                }
                Profile::GoJson => "Go encoding/json (json.Marshal of a map)",
            };
            return write!(f, "{what} (profile {})", p.name());
        }
        let order = match self.order {
            Order::Original => "members in original order",
            Order::Sorted => "members sorted by code point",
            Order::Utf16 => "members sorted by UTF-16 code units",
        };
        let seps = match self.separators {
            Separators::Compact => "compact",
            Separators::Python => "`, ` and `: ` separators",
            Separators::Indent2 => "pretty-printed (indent 2)",
            Separators::Indent4 => "pretty-printed (indent 4)",
        };
        let esc = match self.escaping {
            Escaping::Raw => "raw UTF-8",
            Escaping::Ascii => "non-ASCII escaped as \\uXXXX (Python ensure_ascii=True)",
            Escaping::Php => "PHP escaping (\\/ and \\uXXXX)",
            Escaping::PhpUnicode => "PHP escaping with JSON_UNESCAPED_UNICODE (\\/)",
            Escaping::Go => "Go escaping (\\u003c, \\u0026, \\u2028)",
        };
        let nums = match self.numbers {
            Numbers::Es => "ECMAScript numbers",
            Numbers::Python => "Python numbers (integers exact, floats by repr)",
            Numbers::PythonFloat => "Python floats for every number (1.0)",
            Numbers::Go => "Go numbers",
            Numbers::AsWritten => "numbers as written",
        };
        write!(f, "{order}, {seps}, {esc}, {nums}")?;
        if self.trailing_newline {
            f.write_str(", plus a trailing newline")?;
        }
        Ok(())
    }
}

/// Serializes `doc` in `style`, or `None` when the style cannot express it (a `NaN`
/// where the numbers must be re-spelled).
pub(crate) fn render(doc: &Doc<'_>, style: &Style) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(doc.source.len() + 16);
    write_node(doc, &doc.root, style, 0, &mut out)?;
    if style.trailing_newline {
        out.push(b'\n');
    }
    Some(out)
}

fn newline(style: &Style, depth: usize, out: &mut Vec<u8>) {
    let width = match style.separators {
        Separators::Indent2 => 2,
        Separators::Indent4 => 4,
        _ => return,
    };
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b' ', width * depth));
}

fn item_separator(style: &Style, out: &mut Vec<u8>) {
    match style.separators {
        Separators::Python => out.extend_from_slice(b", "),
        _ => out.push(b','),
    }
}

fn write_node(doc: &Doc<'_>, n: &Node, style: &Style, depth: usize, out: &mut Vec<u8>) -> Option<()> {
    match &n.kind {
        Kind::Null => out.extend_from_slice(b"null"),
        Kind::Bool(true) => out.extend_from_slice(b"true"),
        Kind::Bool(false) => out.extend_from_slice(b"false"),
        Kind::String(s) => write_str(s, style.escaping, out),
        Kind::Number => write_number(&doc.source[n.span.clone()], style.numbers, out)?,
        Kind::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    item_separator(style, out);
                }
                newline(style, depth + 1, out);
                write_node(doc, item, style, depth + 1, out)?;
            }
            if !items.is_empty() {
                newline(style, depth, out);
            }
            out.push(b']');
        }
        Kind::Object(members) => {
            let mut order: Vec<usize> = (0..members.len()).collect();
            match style.order {
                Order::Original => {}
                Order::Sorted => order.sort_by(|&x, &y| members[x].key.as_bytes().cmp(members[y].key.as_bytes())),
                Order::Utf16 => order.sort_by(|&x, &y| string_cmp_utf16(&members[x].key, &members[y].key)),
            }
            out.push(b'{');
            for (i, &m) in order.iter().enumerate() {
                if i > 0 {
                    item_separator(style, out);
                }
                newline(style, depth + 1, out);
                write_str(&members[m].key, style.escaping, out);
                match style.separators {
                    Separators::Compact => out.push(b':'),
                    _ => out.extend_from_slice(b": "),
                }
                write_node(doc, &members[m].value, style, depth + 1, out)?;
            }
            if !members.is_empty() {
                newline(style, depth, out);
            }
            out.push(b'}');
        }
    }
    Some(())
}

fn write_str(s: &str, escaping: Escaping, out: &mut Vec<u8>) {
    match escaping {
        Escaping::Raw => write_string(Profile::Jcs, s, out),
        Escaping::Ascii => write_string(Profile::PythonSorted, s, out),
        Escaping::Go => write_string(Profile::GoJson, s, out),
        Escaping::Php | Escaping::PhpUnicode => write_php(s, escaping == Escaping::Php, out),
    }
}

/// PHP `json_encode`: `\/`, short escapes for `\b \f \n \r \t`, other controls as
/// `\u00XX`, and non-ASCII as `\uXXXX` (all of it by default; only U+2028/U+2029 with
/// `JSON_UNESCAPED_UNICODE`).
fn write_php(s: &str, escape_unicode: bool, out: &mut Vec<u8>) {
    let mut jcs = Vec::with_capacity(s.len() + 2);
    write_string(Profile::Jcs, s, &mut jcs);
    for c in String::from_utf8_lossy(&jcs).chars() {
        let cp = u32::from(c);
        if c == '/' {
            out.extend_from_slice(b"\\/");
        } else if cp >= 0x80 && (escape_unicode || cp == 0x2028 || cp == 0x2029) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
            }
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
}

fn write_number(literal: &[u8], numbers: Numbers, out: &mut Vec<u8>) -> Option<()> {
    if numbers == Numbers::AsWritten {
        out.extend_from_slice(literal);
        return Some(());
    }
    let text = std::str::from_utf8(literal).ok()?;
    let value: f64 = text.parse().ok().filter(|v: &f64| v.is_finite())?;
    let integer = !text.contains(['.', 'e', 'E']);
    match numbers {
        Numbers::Python if integer => {
            let digits = text.trim_start_matches('-');
            if text.starts_with('-') && digits.bytes().any(|b| b != b'0') {
                out.push(b'-');
            }
            let trimmed = digits.trim_start_matches('0');
            out.extend_from_slice(if trimmed.is_empty() { b"0" } else { trimmed.as_bytes() });
        }
        Numbers::Python | Numbers::PythonFloat => write_python(value, out),
        Numbers::Go => write_go(value, out),
        _ => write_es(value, out),
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tree::parse;

    fn r(src: &str, style: Style) -> String {
        let doc = parse(src.as_bytes()).expect("json");
        String::from_utf8(render(&doc, &style).expect("renders")).expect("utf8")
    }

    #[test]
    fn python_default_dumps() {
        let s = Style {
            order: Order::Original,
            separators: Separators::Python,
            escaping: Escaping::Ascii,
            numbers: Numbers::Python,
            trailing_newline: false,
        };
        assert_eq!(r(r#"{"b":1.0,"a":["é",2]}"#, s), r#"{"b": 1.0, "a": ["\u00e9", 2]}"#);
    }

    #[test]
    fn pretty_and_php() {
        let s = Style {
            order: Order::Sorted,
            separators: Separators::Indent2,
            escaping: Escaping::Php,
            numbers: Numbers::Es,
            trailing_newline: true,
        };
        assert_eq!(
            r(r#"{"b":[],"a":{"u":"/é"}}"#, s),
            "{\n  \"a\": {\n    \"u\": \"\\/\\u00e9\"\n  },\n  \"b\": []\n}\n"
        );
    }

    #[test]
    fn profiles_round_trip_through_styles() {
        for p in [
            Profile::Jcs,
            Profile::PythonSorted,
            Profile::PythonSortedUnicode,
            Profile::GoJson,
        ] {
            assert_eq!(Style::of_profile(p).profile(), Some(p));
        }
    }
}
