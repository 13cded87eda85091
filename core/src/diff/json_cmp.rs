//! Structural comparison of two JSON documents: tells "the same value, serialized
//! differently" apart from "a different value", by JSON path.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::finding::{Cause, Findings, Occurrence};
use super::text_cmp::{classify_token_pair, TokenClass};
use super::tree::{Doc, Kind, Member, Node};
use super::visible::quote;
use crate::canon::JsonPath;

/// Quotes are cut to this many characters in details.
const QUOTE: usize = 40;

pub(crate) fn compare(e: &Doc<'_>, a: &Doc<'_>, f: &mut Findings) {
    let mut cmp = Compare { e, a, f };
    let mut path = JsonPath::new();
    cmp.node(&e.root, &a.root, &mut path);
    cmp.whitespace();
}

struct Compare<'x, 'd> {
    e: &'x Doc<'d>,
    a: &'x Doc<'d>,
    f: &'x mut Findings,
}

fn occ(path: &JsonPath, e: Option<Range<usize>>, a: Option<Range<usize>>, detail: String) -> Occurrence {
    Occurrence {
        path: Some(path.to_string()),
        expected: e,
        actual: a,
        detail,
    }
}

impl Compare<'_, '_> {
    fn et(&self, r: &Range<usize>) -> &[u8] {
        &self.e.source[r.clone()]
    }

    fn at(&self, r: &Range<usize>) -> &[u8] {
        &self.a.source[r.clone()]
    }

    fn node(&mut self, e: &Node, a: &Node, path: &mut JsonPath) {
        match (&e.kind, &a.kind) {
            (Kind::Object(em), Kind::Object(am)) => self.object(e, a, em, am, path),
            (Kind::Array(ei), Kind::Array(ai)) => self.array(ei, ai, path),
            (Kind::String(es), Kind::String(as_)) => self.string(e, a, es, as_, path),
            (Kind::Number, Kind::Number) => self.number(e, a, path),
            (Kind::Null, Kind::Null) => {}
            (Kind::Bool(x), Kind::Bool(y)) if x == y => {}
            _ => self.changed(e, a, path),
        }
    }

    fn changed(&mut self, e: &Node, a: &Node, path: &JsonPath) {
        let (et, at) = (self.et(&e.span), self.at(&a.span));
        let detail = format!("{} vs {}", quote(et, QUOTE), quote(at, QUOTE));
        let occurrence = occ(path, Some(e.span.clone()), Some(a.span.clone()), detail);
        let is_timestamp = matches!(classify_token_pair(et, at), TokenClass::Timestamp(_));
        let text_pair = |n: &Node, src: &[u8]| match &n.kind {
            Kind::String(s) => s.clone(),
            _ => String::from_utf8_lossy(&src[n.span.clone()]).into_owned(),
        };
        let (ev, av) = (text_pair(e, self.e.source), text_pair(a, self.a.source));
        let ts = is_timestamp
            || matches!(
                classify_token_pair(ev.as_bytes(), av.as_bytes()),
                TokenClass::Timestamp(_)
            );
        if ts {
            let d = match classify_token_pair(ev.as_bytes(), av.as_bytes()) {
                TokenClass::Timestamp(d) => d,
                _ => occurrence.detail.clone(),
            };
            self.f.add(
                Cause::Timestamp,
                Occurrence {
                    detail: d,
                    ..occurrence
                },
            );
        } else {
            self.f.add(Cause::ValueChanged, occurrence);
        }
    }

    fn object(&mut self, e: &Node, a: &Node, em: &[Member], am: &[Member], path: &mut JsonPath) {
        self.duplicates(em, path, true);
        self.duplicates(am, path, false);
        let first = |ms: &[Member], key: &str| ms.iter().position(|m| m.key == key);
        let mut e_common = Vec::new();
        for (i, m) in em.iter().enumerate() {
            if first(em, &m.key) != Some(i) {
                continue;
            }
            path.push_key(&m.key);
            match first(am, &m.key) {
                Some(j) => {
                    e_common.push(m.key.as_str());
                    self.key_spelling(m, &am[j], path);
                    self.node(&m.value, &am[j].value, path);
                }
                None => {
                    let span = m.key_span.start..m.value.span.end;
                    let detail = quote(self.et(&span), QUOTE);
                    self.f.add(Cause::KeyMissing, occ(path, Some(span), None, detail));
                }
            }
            path.pop();
        }
        let mut a_common = Vec::new();
        for (j, m) in am.iter().enumerate() {
            if first(am, &m.key) != Some(j) {
                continue;
            }
            if first(em, &m.key).is_some() {
                a_common.push(m.key.as_str());
            } else {
                path.push_key(&m.key);
                let span = m.key_span.start..m.value.span.end;
                let detail = quote(self.at(&span), QUOTE);
                self.f.add(Cause::KeyAdded, occ(path, None, Some(span), detail));
                path.pop();
            }
        }
        if e_common != a_common {
            let detail = format!(
                "expected {} ({}); actual {} ({})",
                key_list(&e_common),
                order_rule(&e_common),
                key_list(&a_common),
                order_rule(&a_common)
            );
            self.f.add(
                Cause::KeyOrder,
                occ(path, Some(e.span.clone()), Some(a.span.clone()), detail),
            );
        }
    }

    fn duplicates(&mut self, ms: &[Member], path: &mut JsonPath, expected_side: bool) {
        for (i, m) in ms.iter().enumerate() {
            if ms[..i].iter().any(|p| p.key == m.key) {
                path.push_key(&m.key);
                let span = Some(m.key_span.clone());
                let side = if expected_side { "expected" } else { "actual" };
                let detail = format!("{side} has {} twice", quote(m.key.as_bytes(), QUOTE));
                let o = if expected_side {
                    occ(path, span, None, detail)
                } else {
                    occ(path, None, span, detail)
                };
                self.f.add(Cause::DuplicateKey, o);
                path.pop();
            }
        }
    }

    fn key_spelling(&mut self, e: &Member, a: &Member, path: &JsonPath) {
        if self.et(&e.key_span) != self.at(&a.key_span) {
            self.spelling(e.key_span.clone(), a.key_span.clone(), path);
        }
    }

    fn array(&mut self, ei: &[Node], ai: &[Node], path: &mut JsonPath) {
        if ei.len() == ai.len() {
            for (i, (e, a)) in ei.iter().zip(ai).enumerate() {
                path.push_index(i);
                self.node(e, a, path);
                path.pop();
            }
            return;
        }
        // Align elements by their canonical text so one insertion is one finding.
        let e_keys: Vec<String> = ei.iter().map(|n| fingerprint(n, self.e.source)).collect();
        let a_keys: Vec<String> = ai.iter().map(|n| fingerprint(n, self.a.source)).collect();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &e_keys, &a_keys) {
            let (tag, old, new) = op.as_tag_tuple();
            let pairs = old.len().min(new.len());
            for k in 0..pairs {
                path.push_index(old.start + k);
                self.node(&ei[old.start + k], &ai[new.start + k], path);
                path.pop();
            }
            if tag == similar::DiffTag::Equal {
                continue;
            }
            for (i, node) in ei.iter().enumerate().take(old.end).skip(old.start + pairs) {
                path.push_index(i);
                let detail = quote(self.et(&node.span), QUOTE);
                self.f
                    .add(Cause::ElementMissing, occ(path, Some(node.span.clone()), None, detail));
                path.pop();
            }
            for (j, node) in ai.iter().enumerate().take(new.end).skip(new.start + pairs) {
                path.push_index(j);
                let detail = quote(self.at(&node.span), QUOTE);
                self.f
                    .add(Cause::ElementAdded, occ(path, None, Some(node.span.clone()), detail));
                path.pop();
            }
        }
    }

    fn string(&mut self, e: &Node, a: &Node, es: &str, as_: &str, path: &JsonPath) {
        if es == as_ {
            if self.et(&e.span) != self.at(&a.span) {
                self.spelling(e.span.clone(), a.span.clone(), path);
            }
            return;
        }
        let detail = format!("{} vs {}", quote(es.as_bytes(), QUOTE), quote(as_.as_bytes(), QUOTE));
        let o = occ(path, Some(e.span.clone()), Some(a.span.clone()), detail);
        if es.nfc().eq(as_.nfc()) {
            let forms = format!(
                "{} ({}) vs {} ({})",
                quote(es.as_bytes(), QUOTE),
                form_name(es),
                quote(as_.as_bytes(), QUOTE),
                form_name(as_)
            );
            self.f
                .add(Cause::UnicodeNormalization, Occurrence { detail: forms, ..o });
            return;
        }
        match classify_token_pair(es.as_bytes(), as_.as_bytes()) {
            TokenClass::Invisible(d) => self.f.add(Cause::InvisibleCharacter, Occurrence { detail: d, ..o }),
            TokenClass::Timestamp(d) => self.f.add(Cause::Timestamp, Occurrence { detail: d, ..o }),
            TokenClass::Percent(d) => self.f.add(Cause::PercentEncoding, Occurrence { detail: d, ..o }),
            _ => self.f.add(Cause::ValueChanged, o),
        }
    }

    fn number(&mut self, e: &Node, a: &Node, path: &JsonPath) {
        let (et, at) = (self.et(&e.span), self.at(&a.span));
        if et == at {
            return;
        }
        let (es, as_) = (String::from_utf8_lossy(et), String::from_utf8_lossy(at));
        let same_decimal = decimal(&es).is_some() && decimal(&es) == decimal(&as_);
        let (ef, af) = (es.parse::<f64>().ok(), as_.parse::<f64>().ok());
        let same_double = matches!((ef, af), (Some(x), Some(y)) if x == y && x.is_finite());
        let detail = format!("{} vs {}", quote(et, QUOTE), quote(at, QUOTE));
        let o = occ(path, Some(e.span.clone()), Some(a.span.clone()), detail);
        if same_decimal {
            self.f.add(Cause::NumberFormat, o);
        } else if same_double && !is_big_integer(&es) && !is_big_integer(&as_) {
            let detail = format!("{} (the same IEEE-754 double)", o.detail);
            self.f.add(Cause::NumberFormat, Occurrence { detail, ..o });
        } else if same_double {
            let detail = format!(
                "{}: an integer beyond 2^53 was rounded by a parser that reads numbers as doubles",
                o.detail
            );
            self.f.add(Cause::ValueChanged, Occurrence { detail, ..o });
        } else {
            self.changed(e, a, path);
        }
    }

    /// Two spellings of the same string: name each escape that differs.
    fn spelling(&mut self, er: Range<usize>, ar: Range<usize>, path: &JsonPath) {
        let es = spellings(self.e.source, er);
        let as_ = spellings(self.a.source, ar);
        for (x, y) in es.iter().zip(&as_) {
            if self.et(&x.span) == self.at(&y.span) {
                continue;
            }
            let cause = escape_cause(x.c, &x.kind, &y.kind);
            let detail = format!(
                "{} vs {} ({})",
                quote(self.et(&x.span), QUOTE),
                quote(self.at(&y.span), QUOTE),
                char_name(x.c)
            );
            self.f
                .add(cause, occ(path, Some(x.span.clone()), Some(y.span.clone()), detail));
        }
    }

    /// Whitespace outside strings: reported when the two sides lay out differently,
    /// leaving CR (line endings) and the final newline (trailing newline) to their own causes.
    fn whitespace(&mut self) {
        // With the same token structure, a run counts with the gap it fills, so whitespace
        // that moved (`[1, 2]` vs `[1 ,2]`) differs; otherwise runs are compared in order.
        let aligned = self.e.gaps == self.a.gaps;
        let significant = |doc: &Doc<'_>| -> Vec<(Range<usize>, Vec<u8>, usize)> {
            let end = doc.source.len();
            doc.whitespace
                .iter()
                .zip(&doc.whitespace_gaps)
                .filter_map(|(r, &gap)| {
                    let mut run = &doc.source[r.clone()];
                    if r.end == end {
                        // The final newlines (LF or CRLF, as many as there are) are trailing
                        // newline's business; any other whitespace at the end is layout.
                        while let Some(rest) = run.strip_suffix(b"\n") {
                            run = rest.strip_suffix(b"\r").unwrap_or(rest);
                        }
                    }
                    // Only the CR of a CRLF is line endings' business; a lone CR is layout.
                    let text: Vec<u8> = (0..run.len())
                        .filter(|&i| run[i] != b'\r' || run.get(i + 1) != Some(&b'\n'))
                        .map(|i| run[i])
                        .collect();
                    (!text.is_empty()).then(|| (r.clone(), text, gap))
                })
                .collect()
        };
        let (ew, aw) = (significant(self.e), significant(self.a));
        let same = ew.len() == aw.len() && ew.iter().zip(&aw).all(|(x, y)| x.1 == y.1 && (!aligned || x.2 == y.2));
        if same {
            return;
        }
        let runs = |w: Vec<(Range<usize>, Vec<u8>, usize)>| -> Vec<(Range<usize>, Vec<u8>)> {
            w.into_iter().map(|(r, t, _)| (r, t)).collect()
        };
        let (ew, aw) = (runs(ew), runs(aw));
        let (e_style, a_style) = (layout(self.e.source, &ew), layout(self.a.source, &aw));
        let summary = format!("whitespace differs: expected is {e_style}; actual is {a_style}");
        let root = JsonPath::new();
        let mut added = 0;
        for (r, _) in ew.iter().take(10) {
            let detail = format!("expected has {}", quote(&self.e.source[r.clone()], QUOTE));
            self.f.add(Cause::Whitespace, occ(&root, Some(r.clone()), None, detail));
            added += 1;
        }
        for (r, _) in aw.iter().take(10) {
            let detail = format!("actual has {}", quote(&self.a.source[r.clone()], QUOTE));
            self.f.add(Cause::Whitespace, occ(&root, None, Some(r.clone()), detail));
            added += 1;
        }
        if added == 0 {
            self.f.add(Cause::Whitespace, occ(&root, None, None, summary.clone()));
        }
        self.f.summarize(Cause::Whitespace, summary);
    }
}

/// A description of a document's layout from its whitespace runs.
fn layout(source: &[u8], ws: &[(Range<usize>, Vec<u8>)]) -> &'static str {
    if ws.is_empty() {
        return "compact (no whitespace)";
    }
    let newlines = ws.iter().any(|(_, t)| t.contains(&b'\n'));
    if newlines {
        let tabs = ws.iter().any(|(_, t)| t.contains(&b'\t'));
        let indent = ws
            .iter()
            .filter_map(|(_, t)| t.iter().rposition(|&b| b == b'\n').map(|i| t.len() - i - 1))
            .filter(|&n| n > 0)
            .min();
        return match (tabs, indent) {
            (true, _) => "pretty-printed with tabs",
            (false, Some(2)) => "pretty-printed (indent 2)",
            (false, Some(4)) => "pretty-printed (indent 4)",
            _ => "pretty-printed",
        };
    }
    let after = |c: u8| {
        ws.iter()
            .filter(|(r, _)| r.start > 0 && source[r.start - 1] == c)
            .count()
    };
    if after(b',') + after(b':') == ws.len() && ws.iter().all(|(_, t)| t == b" ") {
        return "spaced after `,` and `:` (Python json.dumps default separators)";
    }
    "spaced"
}

fn key_list(keys: &[&str]) -> String {
    let shown: Vec<String> = keys.iter().take(6).map(|k| quote(k.as_bytes(), 20)).collect();
    let more = if keys.len() > 6 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Which ordering rule a key list follows.
fn order_rule(keys: &[&str]) -> &'static str {
    let sorted_by = |cmp: fn(&str, &str) -> std::cmp::Ordering| keys.windows(2).all(|w| cmp(w[0], w[1]).is_le());
    let utf16 = sorted_by(crate::canon::string_cmp_utf16);
    let bytes = sorted_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    match (utf16, bytes) {
        (true, true) => "sorted",
        (true, false) => "sorted by UTF-16 code units, as RFC 8785",
        (false, true) => "sorted by code point / UTF-8 bytes",
        (false, false) => "not sorted",
    }
}

fn form_name(s: &str) -> &'static str {
    if s.nfc().eq(s.chars()) {
        "NFC"
    } else if s.nfd().eq(s.chars()) {
        "NFD"
    } else {
        "not normalized"
    }
}

fn char_name(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// A JSON number as an exact decimal: (negative, significant digits, exponent of the
/// first digit). Zero has no digits and no sign, so `-0` and `0.0` are the same decimal.
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let all: String = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_string();
    if digits.is_empty() {
        return Some((false, String::new(), 0));
    }
    let first_digit_exp = int.len() as i64 - 1 - lead as i64 + exp;
    Some((neg, digits, first_digit_exp))
}

fn is_big_integer(text: &str) -> bool {
    let digits = text.trim_start_matches('-');
    digits.bytes().all(|b| b.is_ascii_digit()) && digits.trim_start_matches('0').len() >= 16
}

/// A comparable summary of a value, to align array elements.
fn fingerprint(n: &Node, source: &[u8]) -> String {
    match &n.kind {
        Kind::String(s) => format!("s{s}"),
        Kind::Number => {
            let t = String::from_utf8_lossy(&source[n.span.clone()]);
            match decimal(&t) {
                Some((neg, d, e)) => format!("n{neg}{d}e{e}"),
                None => format!("n{t}"),
            }
        }
        _ => {
            // Containers and literals: their bytes without whitespace are close enough.
            source[n.span.clone()]
                .iter()
                .filter(|b| !b.is_ascii_whitespace())
                .map(|&b| b as char)
                .collect()
        }
    }
}

/// How one character of a string literal is written.
#[derive(Debug)]
enum Spelling {
    Raw,
    /// `\n`, `\/`, … (the byte after the backslash).
    Short(u8),
    /// `\uXXXX` (one or a surrogate pair).
    Unicode,
}

struct Char {
    c: char,
    span: Range<usize>,
    kind: Spelling,
}

/// The characters of a string literal (with its quotes) and how each is written.
fn spellings(source: &[u8], literal: Range<usize>) -> Vec<Char> {
    let body = literal.start + 1..literal.end.saturating_sub(1);
    let mut out = Vec::new();
    let mut i = body.start;
    while i < body.end {
        if source[i] != b'\\' {
            let len = utf8_len(source[i]);
            let c = std::str::from_utf8(&source[i..(i + len).min(body.end)])
                .ok()
                .and_then(|s| s.chars().next())
                .unwrap_or('\u{fffd}');
            out.push(Char {
                c,
                span: i..i + len,
                kind: Spelling::Raw,
            });
            i += len;
            continue;
        }
        let Some(&e) = source.get(i + 1) else { break };
        if e != b'u' {
            let c = match e {
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                other => other as char,
            };
            out.push(Char {
                c,
                span: i..i + 2,
                kind: Spelling::Short(e),
            });
            i += 2;
            continue;
        }
        let hex = |at: usize| {
            source
                .get(at..at + 4)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let unit = hex(i + 2).unwrap_or(0xfffd);
        let mut end = i + 6;
        let mut cp = unit;
        if (0xd800..0xdc00).contains(&unit) && source.get(i + 6..i + 8) == Some(b"\\u") {
            if let Some(low @ 0xdc00..=0xdfff) = hex(i + 8) {
                cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                end = i + 12;
            }
        }
        out.push(Char {
            c: char::from_u32(cp).unwrap_or('\u{fffd}'),
            span: i..end,
            kind: Spelling::Unicode,
        });
        i = end;
    }
    out
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

fn escape_cause(c: char, x: &Spelling, y: &Spelling) -> Cause {
    use Spelling::*;
    let cp = u32::from(c);
    match (x, y) {
        (Raw, Short(b'/')) | (Short(b'/'), Raw) => Cause::SlashEscaping,
        (Raw, Unicode) | (Unicode, Raw) => match c {
            '<' | '>' | '&' => Cause::HtmlEscaping,
            _ if cp >= 0x7f => Cause::UnicodeEscaping,
            _ => Cause::EscapeSpelling,
        },
        _ => Cause::EscapeSpelling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(decimal("1.0"), decimal("1"));
        assert_eq!(decimal("1e+21"), decimal("1000000000000000000000"));
        assert_eq!(decimal("-0"), decimal("0.0"));
        assert_eq!(decimal("1.5E-7"), decimal("0.00000015"));
        assert_ne!(decimal("9007199254740993"), decimal("9007199254740992"));
        assert_ne!(decimal("10"), decimal("1"));
    }
}
