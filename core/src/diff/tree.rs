//! A lenient JSON reader that keeps where every token was: the diff tool must read what
//! other stacks wrote (duplicate names, `NaN`, a BOM, CRLF, pretty-printing) and point at
//! the exact bytes, so it cannot use the strict canonicalizer's parser.

use std::ops::Range;

/// Deeper documents are compared as text.
const MAX_DEPTH: usize = 200;

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) span: Range<usize>,
    pub(crate) kind: Kind,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    /// The literal's text is `&source[span]`.
    Number,
    /// The decoded value (lone surrogates become U+FFFD); the raw literal is `&source[span]`.
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Debug)]
pub(crate) struct Member {
    pub(crate) key: String,
    pub(crate) key_span: Range<usize>,
    pub(crate) value: Node,
}

/// A parsed document: the root value and every run of whitespace outside strings.
pub(crate) struct Doc<'a> {
    pub(crate) source: &'a [u8],
    pub(crate) root: Node,
    pub(crate) whitespace: Vec<Range<usize>>,
    /// For each whitespace run, which gap between tokens it fills (0 before the root value).
    pub(crate) whitespace_gaps: Vec<usize>,
    /// How many gaps between tokens the document has, filled or not: two documents with the
    /// same count have the same token structure, so their gaps correspond one to one.
    pub(crate) gaps: usize,
    pub(crate) bom: bool,
}

/// Reads `source` as one JSON value (after an optional BOM, with surrounding whitespace),
/// or `None` when it is not JSON (or not valid UTF-8, or too deep).
pub(crate) fn parse(source: &[u8]) -> Option<Doc<'_>> {
    std::str::from_utf8(source).ok()?;
    let mut r = Reader {
        s: source,
        i: 0,
        whitespace: Vec::new(),
        whitespace_gaps: Vec::new(),
        gaps: 0,
    };
    let bom = source.starts_with(b"\xef\xbb\xbf");
    if bom {
        r.i = 3;
    }
    r.ws();
    let root = r.value(0)?;
    r.ws();
    (r.i == source.len()).then_some(Doc {
        source,
        root,
        whitespace: r.whitespace,
        whitespace_gaps: r.whitespace_gaps,
        gaps: r.gaps,
        bom,
    })
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    whitespace: Vec<Range<usize>>,
    whitespace_gaps: Vec<usize>,
    gaps: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
        if self.i > start {
            self.whitespace.push(start..self.i);
            self.whitespace_gaps.push(self.gaps);
        }
        self.gaps += 1;
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.i += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.i;
        let kind = match self.peek()? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Kind::String(self.string()?),
            b't' => self.word(b"true", Kind::Bool(true))?,
            b'f' => self.word(b"false", Kind::Bool(false))?,
            b'n' => self.word(b"null", Kind::Null)?,
            b'N' => self.word(b"NaN", Kind::Number)?,
            b'I' => self.word(b"Infinity", Kind::Number)?,
            b'-' if self.s[self.i..].starts_with(b"-Infinity") => self.word(b"-Infinity", Kind::Number)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Node {
            span: start..self.i,
            kind,
        })
    }

    fn word(&mut self, w: &[u8], kind: Kind) -> Option<Kind> {
        self.s[self.i..].starts_with(w).then(|| {
            self.i += w.len();
            kind
        })
    }

    fn number(&mut self) -> Option<Kind> {
        let start = self.i;
        let digits = |r: &mut Self| {
            let s = r.i;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.i += 1;
            }
            r.i > s
        };
        let _ = self.eat(b'-');
        if !digits(self) {
            return None;
        }
        if self.eat(b'.').is_some() && !digits(self) {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        (self.i > start).then_some(Kind::Number)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let run = self.i;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.i += 1;
            }
            // The source is valid UTF-8 and runs end at ASCII bytes, so this cannot fail.
            out.push_str(std::str::from_utf8(&self.s[run..self.i]).ok()?);
            if self.eat(b'"').is_some() {
                return Some(out);
            }
            self.i += 1; // the backslash
            let c = match self.peek()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    self.i += 1;
                    let unit = self.hex4()?;
                    self.i -= 1;
                    self.surrogate_pair(unit)
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
        }
    }

    /// Reads four hex digits at `i` and moves past them.
    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
        self.i += 4;
        Some(v)
    }

    /// Completes a `\uXXXX` escape (already read; `i` is on its last hex digit).
    fn surrogate_pair(&mut self, unit: u32) -> char {
        if (0xd800..0xdc00).contains(&unit) && self.s[self.i + 1..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 3;
            if let Some(low) = self.hex4() {
                if (0xdc00..0xe000).contains(&low) {
                    self.i -= 1;
                    let cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                    return char::from_u32(cp).unwrap_or('\u{fffd}');
                }
            }
            self.i = save;
        }
        char::from_u32(unit).unwrap_or('\u{fffd}')
    }

    fn array(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Kind::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            if self.eat(b']').is_some() {
                return Some(Kind::Array(items));
            }
            self.eat(b',')?;
        }
    }

    fn object(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'{')?;
        let mut members = Vec::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Kind::Object(members));
        }
        loop {
            self.ws();
            let key_start = self.i;
            let key = self.string()?;
            let key_span = key_start..self.i;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_span, value });
            self.ws();
            if self.eat(b'}').is_some() {
                return Some(Kind::Object(members));
            }
            self.eat(b',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_other_stacks_write() {
        let src = "\u{feff}{\"a\": [1, NaN, -Infinity], \"a\": \"\\u00e9\\ud83d\\ude00\"}\r\n".as_bytes();
        let doc = parse(src).expect("lenient JSON");
        assert!(doc.bom);
        let Kind::Object(m) = &doc.root.kind else {
            panic!("object expected")
        };
        assert_eq!(m.len(), 2);
        assert!(matches!(&m[1].value.kind, Kind::String(s) if s == "é😀"));
        assert_eq!(&src[m[1].key_span.clone()], b"\"a\"");
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [&b"{a:1}"[..], b"[1,]", b"\"abc", b"01x", b"\xff", b"{} {}"] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
