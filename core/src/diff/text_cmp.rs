//! Line-by-line comparison of signing strings (canonical requests, signature bases,
//! webhook payloads): header case and folding, percent-encoding, timestamps, lines
//! added or missing, and JSON embedded at the end of a line.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::finding::{Cause, Findings, Occurrence};
use super::visible::{is_invisible, quote};
use crate::{percent, time};

const QUOTE: usize = 40;

/// What a pair of differing tokens is.
pub(crate) enum TokenClass {
    Percent(String),
    Timestamp(String),
    Invisible(String),
    Normalization(String),
    Other,
}

/// Names what makes two differing tokens differ, when it is one of the known causes.
pub(crate) fn classify_token_pair(e: &[u8], a: &[u8]) -> TokenClass {
    if let Some(d) = percent_difference(e, a) {
        return TokenClass::Percent(d);
    }
    if let (Some(te), Some(ta)) = (timestamp(e), timestamp(a)) {
        if te.1 == ta.1 {
            let delta = ta.0 - te.0;
            let when = match delta {
                0 => "the same instant, written differently".to_string(),
                d if d > 0 => format!("actual is {} later", duration(d, te.1)),
                d => format!("actual is {} earlier", duration(-d, te.1)),
            };
            return TokenClass::Timestamp(format!("{} vs {}: {when}", quote(e, QUOTE), quote(a, QUOTE)));
        }
    }
    if let (Ok(es), Ok(as_)) = (std::str::from_utf8(e), std::str::from_utf8(a)) {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|&c| !is_zero_width(c))
                .map(|c| if c.is_whitespace() || is_invisible(c) { ' ' } else { c })
                .collect()
        };
        if plain(es) == plain(as_) {
            return TokenClass::Invisible(format!("{} vs {}", quote(e, QUOTE), quote(a, QUOTE)));
        }
        if es.nfc().eq(as_.nfc()) {
            return TokenClass::Normalization(format!("{} vs {}", quote(e, QUOTE), quote(a, QUOTE)));
        }
    }
    TokenClass::Other
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

fn duration(seconds: i64, unit: Unit) -> String {
    match unit {
        Unit::Millis => format!("{} ms", seconds),
        Unit::Days => format!("{} day(s)", seconds / 86_400),
        Unit::Seconds if seconds >= 3600 && seconds % 60 == 0 => {
            format!("{seconds} s ({}h{:02}m)", seconds / 3600, seconds % 3600 / 60)
        }
        Unit::Seconds => format!("{seconds} s"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Millis,
    Days,
}

/// A timestamp token: (value in its unit, unit). Unix seconds or milliseconds between
/// 2000 and 2100, ISO 8601 date-times, AWS `20150830T123600Z`, and `20150830` dates.
fn timestamp(t: &[u8]) -> Option<(i64, Unit)> {
    let s = std::str::from_utf8(t).ok()?.trim_matches('"');
    let all_digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let n = || s.parse::<i64>().ok();
    const Y2000: i64 = 946_684_800;
    const Y2100: i64 = 4_102_444_800;
    if all_digits && s.len() == 10 {
        return n().filter(|v| (Y2000..Y2100).contains(v)).map(|v| (v, Unit::Seconds));
    }
    if all_digits && s.len() == 13 {
        return n()
            .filter(|v| (Y2000 * 1000..Y2100 * 1000).contains(v))
            .map(|v| (v, Unit::Millis));
    }
    if all_digits && s.len() == 8 {
        return time::parse_basic_date(s).map(|secs| (secs, Unit::Days));
    }
    if let Some(secs) = time::parse_amz_date(s) {
        return i64::try_from(secs).ok().map(|secs| (secs, Unit::Seconds));
    }
    time::parse_rfc3339(s).map(|secs| (secs, Unit::Seconds))
}

fn percent_decode(s: &[u8], plus_is_space: bool) -> Vec<u8> {
    if plus_is_space {
        percent::decode_form_component(s)
    } else {
        percent::decode(s)
    }
}

fn upper_hex(s: &[u8]) -> Vec<u8> {
    let mut out = s.to_vec();
    let mut i = 0;
    while i + 2 < out.len() {
        if out[i] == b'%' {
            out[i + 1] = out[i + 1].to_ascii_uppercase();
            out[i + 2] = out[i + 2].to_ascii_uppercase();
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// Explains two tokens that are equal once percent-decoded.
fn percent_difference(e: &[u8], a: &[u8]) -> Option<String> {
    let has = |s: &[u8]| s.contains(&b'%') || s.contains(&b'+');
    if e == a || !(has(e) || has(a)) {
        return None;
    }
    let q = format!("{} vs {}", quote(e, QUOTE), quote(a, QUOTE));
    if upper_hex(e) == upper_hex(a) {
        return Some(format!("{q}: upper- vs lower-case hex digits"));
    }
    let (de, da) = (percent_decode(e, false), percent_decode(a, false));
    let twice = |s: &[u8]| percent_decode(&percent_decode(s, false), false);
    let one_side_decoded = de == a || da == e;
    if one_side_decoded && (contains(e, b"%25") || contains(a, b"%25")) {
        return Some(format!("{q}: encoded twice on one side"));
    }
    if de == da {
        return Some(format!("{q}: a character percent-encoded on one side only"));
    }
    if twice(e) == twice(a) {
        return Some(format!("{q}: encoded twice on one side"));
    }
    if percent_decode(e, true) == percent_decode(a, true) {
        return Some(format!("{q}: `+` vs `%20` for a space"));
    }
    None
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    h.windows(n.len()).any(|w| w == n)
}

/// The lines of a text: (content range without `\r\n`, whole line range).
fn lines(t: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in t.iter().enumerate() {
        if b == b'\n' {
            let end = if i > start && t[i - 1] == b'\r' { i - 1 } else { i };
            out.push(start..end);
            start = i + 1;
        }
    }
    if start < t.len() {
        out.push(start..t.len());
    }
    out
}

/// Compares two texts line by line.
pub(crate) fn compare_text(e: &[u8], a: &[u8], f: &mut Findings) {
    let (el, al) = (lines(e), lines(a));
    let ek: Vec<&[u8]> = el.iter().map(|r| &e[r.clone()]).collect();
    let ak: Vec<&[u8]> = al.iter().map(|r| &a[r.clone()]).collect();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ek, &ak) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let pairs = pair_lines(&ek, old.clone(), &ak, new.clone());
        let mut used_e = vec![false; old.len()];
        let mut used_a = vec![false; new.len()];
        for &(i, j) in &pairs {
            used_e[i - old.start] = true;
            used_a[j - new.start] = true;
            compare_line(e, el[i].clone(), a, al[j].clone(), i + 1, f);
        }
        for (k, used) in used_e.iter().enumerate() {
            if !used {
                let i = old.start + k;
                let detail = quote(ek[i], 60);
                f.add(Cause::LineMissing, line_occ(i + 1, Some(el[i].clone()), None, detail));
            }
        }
        for (k, used) in used_a.iter().enumerate() {
            if !used {
                let j = new.start + k;
                let detail = quote(ak[j], 60);
                f.add(Cause::LineAdded, line_occ(j + 1, None, Some(al[j].clone()), detail));
            }
        }
    }
}

fn line_occ(line: usize, e: Option<Range<usize>>, a: Option<Range<usize>>, detail: String) -> Occurrence {
    Occurrence {
        path: Some(format!("line {line}")),
        expected: e,
        actual: a,
        detail,
    }
}

/// The header name of a line (`name: value`, `"name";params: value`), lower-cased.
fn header_name(line: &[u8]) -> Option<(Vec<u8>, usize)> {
    let colon = if line.first() == Some(&b'"') {
        let close = line[1..].iter().position(|&b| b == b'"')? + 1;
        close + line[close..].iter().position(|&b| b == b':')?
    } else {
        line.iter().position(|&b| b == b':')?
    };
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~@\";=".contains(b);
    (colon > 0 && name.iter().all(token)).then(|| (name.to_ascii_lowercase(), colon))
}

/// Pairs the changed lines of one block: same header name first, then in order.
fn pair_lines(ek: &[&[u8]], old: Range<usize>, ak: &[&[u8]], new: Range<usize>) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken = vec![false; new.len()];
    let mut paired_e = vec![false; old.len()];
    for i in old.clone() {
        let Some((name, _)) = header_name(ek[i]) else { continue };
        if let Some(j) = new
            .clone()
            .find(|&j| !taken[j - new.start] && header_name(ak[j]).is_some_and(|(n, _)| n == name))
        {
            taken[j - new.start] = true;
            paired_e[i - old.start] = true;
            pairs.push((i, j));
        }
    }
    // Lines that are not headers pair up in order when the counts allow it.
    let rest_e: Vec<usize> = old.clone().filter(|i| !paired_e[i - old.start]).collect();
    let rest_a: Vec<usize> = new.clone().filter(|j| !taken[j - new.start]).collect();
    // An empty block (only added lines) has no first line to look at.
    if rest_e.len() == rest_a.len() || old.is_empty() || header_name(ek[old.start]).is_none() {
        for (&i, &j) in rest_e.iter().zip(&rest_a) {
            let headerish = header_name(ek[i]).is_some() && header_name(ak[j]).is_some();
            if !headerish || rest_e.len() == rest_a.len() {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

fn compare_line(e: &[u8], er: Range<usize>, a: &[u8], ar: Range<usize>, line: usize, f: &mut Findings) {
    let (el, al) = (&e[er.clone()], &a[ar.clone()]);
    if let (Some((en, ec)), Some((an, ac))) = (header_name(el), header_name(al)) {
        if en == an {
            if el[..ec] != al[..ac] {
                let detail = format!("{} vs {}", quote(&el[..ec], QUOTE), quote(&al[..ac], QUOTE));
                let o = line_occ(
                    line,
                    Some(er.start..er.start + ec),
                    Some(ar.start..ar.start + ac),
                    detail,
                );
                f.add(Cause::HeaderCase, o);
            }
            let (ev, av) = (&el[ec + 1..], &al[ac + 1..]);
            if ev == av {
                return;
            }
            if fold(ev) == fold(av) {
                let detail = format!("{} vs {}", quote(ev, QUOTE), quote(av, QUOTE));
                let o = line_occ(
                    line,
                    Some(er.start + ec + 1..er.end),
                    Some(ar.start + ac + 1..ar.end),
                    detail,
                );
                f.add(Cause::HeaderWhitespace, o);
                return;
            }
            compare_tokens(e, er.start + ec + 1..er.end, a, ar.start + ac + 1..ar.end, line, f);
            return;
        }
    }
    compare_tokens(e, er, a, ar, line, f);
}

fn fold(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for w in v.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(w);
    }
    out
}

/// Compares the differing parts of two lines token by token; JSON at the end of both
/// lines (a webhook's `id.timestamp.body`) is compared structurally.
fn compare_tokens(e: &[u8], er: Range<usize>, a: &[u8], ar: Range<usize>, line: usize, f: &mut Findings) {
    if let Some(done) = embedded_json(e, er.clone(), a, ar.clone(), line, f) {
        if done {
            return;
        }
    }
    let d = super::bytes::diff(&e[er.clone()], &a[ar.clone()]);
    let mut last: Option<(Range<usize>, Range<usize>)> = None;
    // Findings keep 20 places per cause; a few hundred changes name every cause there is.
    const MAX_CLASSIFIED: usize = 500;
    for c in d.changes.iter().take(MAX_CLASSIFIED) {
        let ce = er.start + c.expected.start..er.start + c.expected.end;
        let ca = ar.start + c.actual.start..ar.start + c.actual.end;
        let (te, ta) = widen(e, &er, ce.clone(), a, &ar, ca.clone(), b" \t&=,;:\"'()[]{}<>/?.");
        if last
            .as_ref()
            .is_some_and(|(le, la)| te.start < le.end || ta.start < la.end)
        {
            continue;
        }
        last = Some((te.clone(), ta.clone()));
        let (xe, xa) = (&e[te.clone()], &a[ta.clone()]);
        let ws_only = e[ce.clone()]
            .iter()
            .chain(&a[ca.clone()])
            .all(|b| b.is_ascii_whitespace());
        let (pe, pa) = widen(e, &er, ce.clone(), a, &ar, ca.clone(), b" \t&=,;\"'");
        let class = match percent_difference(&e[pe.clone()], &a[pa.clone()]) {
            Some(d) => (Cause::PercentEncoding, d, pe, pa),
            None => match classify_token_pair(xe, xa) {
                TokenClass::Timestamp(d) => (Cause::Timestamp, d, te, ta),
                TokenClass::Invisible(d) => (Cause::InvisibleCharacter, d, te, ta),
                TokenClass::Normalization(d) => (Cause::UnicodeNormalization, d, te, ta),
                TokenClass::Percent(d) => (Cause::PercentEncoding, d, te, ta),
                TokenClass::Other if ws_only => {
                    let d = format!("{} vs {}", quote(&e[ce.clone()], QUOTE), quote(&a[ca.clone()], QUOTE));
                    (Cause::Whitespace, d, ce, ca)
                }
                TokenClass::Other => {
                    let d = format!("{} vs {}", quote(xe, QUOTE), quote(xa, QUOTE));
                    (Cause::ValueChanged, d, te, ta)
                }
            },
        };
        f.add(class.0, line_occ(line, Some(class.2), Some(class.3), class.1));
    }
}

/// Widens a change to the enclosing tokens (bounded by `delims` or the line ends).
fn widen(
    e: &[u8],
    er: &Range<usize>,
    ce: Range<usize>,
    a: &[u8],
    ar: &Range<usize>,
    ca: Range<usize>,
    delims: &[u8],
) -> (Range<usize>, Range<usize>) {
    // Tokens longer than this are cut: a text without delimiters is not scanned end to end per change.
    const MAX_REACH: usize = 64;
    let grow = |t: &[u8], r: &Range<usize>, c: Range<usize>| {
        let mut s = c.start;
        while s > r.start && c.start - s < MAX_REACH && !delims.contains(&t[s - 1]) {
            s -= 1;
        }
        let mut x = c.end;
        while x < r.end && x - c.end < MAX_REACH && !delims.contains(&t[x]) {
            x += 1;
        }
        s..x
    };
    (grow(e, er, ce), grow(a, ar, ca))
}

/// When both lines end in JSON after an equal-length prefix, compares the prefixes as
/// text and the JSON structurally. `Some(true)` when it handled the pair.
fn embedded_json(
    e: &[u8],
    er: Range<usize>,
    a: &[u8],
    ar: Range<usize>,
    line: usize,
    f: &mut Findings,
) -> Option<bool> {
    let start = |t: &[u8], r: &Range<usize>| t[r.clone()].iter().position(|&b| b == b'{' || b == b'[');
    let (se, sa) = (start(e, &er)?, start(a, &ar)?);
    let (je, ja) = (er.start + se..er.end, ar.start + sa..ar.end);
    let (de, da) = (super::tree::parse(&e[je.clone()])?, super::tree::parse(&a[ja.clone()])?);
    if se > 0 || sa > 0 {
        let (pe, pa) = (er.start..er.start + se, ar.start..ar.start + sa);
        if e[pe.clone()] != a[pa.clone()] {
            compare_tokens(e, pe, a, pa, line, f);
        }
    }
    let mut inner = Findings::default();
    super::json_cmp::compare(&de, &da, &mut inner);
    f.absorb_shifted(inner, je.start, ja.start, &format!("line {line} "));
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_of_every_shape() {
        assert_eq!(timestamp(b"1700000000").map(|t| t.0), Some(1_700_000_000));
        assert_eq!(timestamp(b"20150830T123600Z").map(|t| t.0), Some(1_440_938_160));
        assert_eq!(timestamp(b"2015-08-30T12:36:00Z").map(|t| t.0), Some(1_440_938_160));
        assert_eq!(
            timestamp(b"2015-08-30T14:36:00+02:00").map(|t| t.0),
            Some(1_440_938_160)
        );
        assert!(timestamp(b"12345").is_none());
    }

    #[test]
    fn percent_differences_are_named() {
        assert!(percent_difference(b"a%2fb", b"a%2Fb").is_some_and(|d| d.contains("case")));
        assert!(percent_difference(b"a%252Fb", b"a%2Fb").is_some_and(|d| d.contains("twice")));
        assert!(percent_difference(b"a+b", b"a%20b").is_some_and(|d| d.contains("`+`")));
        assert!(percent_difference(b"a%2Fb", b"a/b").is_some_and(|d| d.contains("one side only")));
        assert!(percent_difference(b"a%2Fb", b"a%2Fc").is_none());
    }
}
