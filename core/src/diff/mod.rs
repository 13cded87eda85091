//! "Which byte differs, and why": byte-exact diffs of two signing strings, the named
//! causes behind them, and forensics that find how a signer serialized its payload.
//!
//! Everything here is plain data first ([`Diff`], [`Explanation`], [`Forensics`]), so the
//! CLI, Python, JS and the playground render the same facts their own way. Each result has
//! one JSON form ([`Explanation::to_json`], the `Serialize` impls): whole, in declaration
//! order, with what a frontend would otherwise derive (a change's kind, `same_data`,
//! `causes`, each finding's advice, the plain-text rendering) already in it.
//!
//! ```
//! use canonsig::diff::{explain, Cause};
//! // The server holds RFC 8785 bytes; the client signed Python's default json.dumps output.
//! let server = "{\"a\":\"é\",\"b\":1}".as_bytes();
//! let client = br#"{"b": 1.0, "a": "\u00e9"}"#;
//! let why = explain(server, client);
//! let causes: Vec<Cause> = why.findings.iter().map(|f| f.cause).collect();
//! assert_eq!(
//!     causes,
//!     [Cause::Whitespace, Cause::KeyOrder, Cause::UnicodeEscaping, Cause::NumberFormat]
//! );
//! assert!(why.same_data());
//! ```

mod aws;
mod bytes;
mod finding;
mod forensics;
mod json;
mod json_cmp;
mod render;
mod style;
mod text_cmp;
mod trace;
mod tree;
mod visible;

pub use aws::{explain_aws, AwsExplanation};
pub use bytes::{diff, Change, Context, Diff, Position, Snippet, MAX_CHANGES};
pub use finding::{Cause, Finding, Occurrence, MAX_OCCURRENCES};
pub use forensics::{forensics, Construction, ForensicMatch, Forensics};
pub use style::{Escaping, Numbers, Order, Separators, Style};
pub use trace::explain_traces;
pub use visible::{visible, visible_lines, visible_prefix};

use finding::Findings;

/// Inputs larger than this are compared byte by byte only (the first difference and the
/// changed spans stay exact; causes are named from the byte-level checks).
pub const MAX_EXPLAIN_SIZE: usize = 8 * 1024 * 1024;

/// A diff with its named causes. Serialized whole ([`Explanation::to_json`]): with
/// `is_equal`, `same_data`, `causes` and its plain-text rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Explanation {
    /// The byte-exact diff.
    pub diff: Diff,
    /// The causes found, in a stable order (byte-level first, then serialization, then data).
    pub findings: Vec<Finding>,
    /// True when both sides are JSON (then findings carry JSON paths).
    pub json: bool,
    /// How the expected side is serialized, when it is JSON in a recognised style.
    pub expected_style: Option<String>,
    /// How the actual side is serialized, when it is JSON in a recognised style.
    pub actual_style: Option<String>,
}

impl Explanation {
    /// True when both sides are the same bytes.
    pub fn is_equal(&self) -> bool {
        self.diff.is_equal()
    }

    /// True when the sides differ only in how the same data is written (no value, member,
    /// element, line or timestamp differs).
    pub fn same_data(&self) -> bool {
        self.findings.iter().all(|f| f.cause.is_serialization())
    }

    /// The causes, in order.
    pub fn causes(&self) -> Vec<Cause> {
        self.findings.iter().map(|f| f.cause).collect()
    }
}

/// Names why `expected` (what the verifier signed) and `actual` (what the signer signed)
/// differ. Works on any bytes; JSON on both sides is also compared structurally, by path.
pub fn explain(expected: &[u8], actual: &[u8]) -> Explanation {
    let d = diff(expected, actual);
    let mut f = Findings::default();
    let mut json = false;
    let (mut expected_style, mut actual_style) = (None, None);
    if !d.is_equal() {
        let settled = byte_level(expected, actual, &mut f);
        let small = expected.len() <= MAX_EXPLAIN_SIZE && actual.len() <= MAX_EXPLAIN_SIZE;
        if !settled && small {
            match (tree::parse(expected), tree::parse(actual)) {
                (Some(e), Some(a)) => {
                    json = true;
                    json_cmp::compare(&e, &a, &mut f);
                    let (es, as_) = (detect_style(&e), detect_style(&a));
                    if let (Some(es), Some(as_)) = (es, as_) {
                        let both_profiles = es.profile().is_some() && as_.profile().is_some();
                        if both_profiles && es != as_ && same_data(&f) {
                            f.add(
                                Cause::Profile,
                                Occurrence {
                                    path: None,
                                    expected: None,
                                    actual: None,
                                    detail: format!("expected is {es}; actual is {as_}"),
                                },
                            );
                        }
                    }
                    expected_style = es.map(|s| s.to_string());
                    actual_style = as_.map(|s| s.to_string());
                }
                _ => {
                    let skip = |t: &[u8]| if t.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
                    let (se, sa) = (skip(expected), skip(actual));
                    let mut inner = Findings::default();
                    text_cmp::compare_text(&expected[se..], &actual[sa..], &mut inner);
                    f.absorb_shifted(inner, se, sa, "");
                }
            }
        }
        if f.is_empty() {
            fallback(expected, actual, &d, &mut f);
        }
    }
    Explanation {
        diff: d,
        findings: f.finish(),
        json,
        expected_style,
        actual_style,
    }
}

fn same_data(f: &Findings) -> bool {
    Cause::ALL.iter().filter(|c| !c.is_serialization()).all(|c| !f.has(*c))
}

/// The style a JSON document is written in, trying only styles its layout allows.
fn detect_style(doc: &tree::Doc<'_>) -> Option<style::Style> {
    // Each try renders the document once; beyond this size the styles are not named.
    const LIMIT: usize = 256 * 1024;
    if doc.source.len() > LIMIT || doc.bom {
        return None;
    }
    let trailing = doc.source.ends_with(b"\n");
    let has = |b: u8| doc.whitespace.iter().any(|r| doc.source[r.clone()].contains(&b));
    let layout = if doc.whitespace.iter().all(|r| r.end == doc.source.len()) {
        style::Separators::Compact
    } else if has(b'\n') {
        // Indent 2 or 4: both are tried.
        style::Separators::Indent2
    } else {
        style::Separators::Python
    };
    let fits = |s: &style::Style| {
        s.trailing_newline == trailing
            && match layout {
                style::Separators::Indent2 => {
                    matches!(s.separators, style::Separators::Indent2 | style::Separators::Indent4)
                }
                l => s.separators == l,
            }
    };
    let styles: Vec<style::Style> = style::Style::all(true).into_iter().filter(fits).collect();
    // "Numbers as written" always fits, so it only answers when no real spelling does.
    let (specific, as_written): (Vec<_>, Vec<_>) =
        styles.into_iter().partition(|s| s.numbers != style::Numbers::AsWritten);
    specific
        .into_iter()
        .chain(as_written)
        .find(|s| style::render(doc, s).as_deref() == Some(doc.source))
}

/// Byte-level causes: BOM, encoding, trailing newline, line endings. Returns true when
/// they explain everything (nothing else to compare).
fn byte_level(e: &[u8], a: &[u8], f: &mut Findings) -> bool {
    let bom = |t: &[u8]| t.starts_with(b"\xef\xbb\xbf");
    let side = |is_e: bool, r: std::ops::Range<usize>| if is_e { (Some(r), None) } else { (None, Some(r)) };
    let mut add = |cause, (expected, actual), detail: &str| {
        f.add(
            cause,
            Occurrence {
                path: None,
                expected,
                actual,
                detail: detail.to_string(),
            },
        );
    };
    if bom(e) != bom(a) {
        let which = if bom(e) { "expected" } else { "actual" };
        add(
            Cause::Bom,
            side(bom(e), 0..3),
            &format!("{which} starts with a byte order mark (EF BB BF)"),
        );
    }
    let bad = match (std::str::from_utf8(e), std::str::from_utf8(a)) {
        (Err(err), Ok(_)) => Some((true, err, a)),
        (Ok(_), Err(err)) => Some((false, err, e)),
        _ => None,
    };
    if let Some((is_e, err, other)) = bad {
        let bad_side = if is_e { e } else { a };
        let which = if is_e { "expected" } else { "actual" };
        let at = err.valid_up_to();
        let latin1: String = bad_side.iter().map(|&b| b as char).collect();
        let is_latin1 = latin1.as_bytes() == other;
        let detail = if is_latin1 {
            format!("{which} is Latin-1 (ISO-8859-1) where the other side is UTF-8")
        } else {
            let shown = visible::visible(&bad_side[at..(at + 4).min(bad_side.len())]);
            format!("{which} is not valid UTF-8 at byte {at}: {shown}")
        };
        add(Cause::Encoding, side(is_e, at..at + 1), &detail);
        if is_latin1 {
            return true;
        }
    }
    let newlines = |t: &[u8]| {
        let mut n = 0;
        let mut rest = t;
        while let Some(r) = rest.strip_suffix(b"\n") {
            n += 1;
            rest = r.strip_suffix(b"\r").unwrap_or(r);
        }
        (n, rest.len())
    };
    let ((ne, le), (na, la)) = (newlines(e), newlines(a));
    if ne != na {
        let more_e = ne > na;
        let (t, l) = if more_e { (e, le) } else { (a, la) };
        let which = if more_e { "expected" } else { "actual" };
        add(
            Cause::TrailingNewline,
            side(more_e, l..t.len()),
            &format!("{which} ends with {}", visible::quote(&t[l..], 20)),
        );
    }
    let crlf = |t: &[u8]| t.windows(2).position(|w| w == b"\r\n");
    let bare_lf = |t: &[u8]| {
        t.iter()
            .enumerate()
            .position(|(i, &b)| b == b'\n' && (i == 0 || t[i - 1] != b'\r'))
    };
    for (is_e, t, other) in [(true, e, a), (false, a, e)] {
        if let (Some(at), Some(_), None) = (crlf(t), bare_lf(other), crlf(other)) {
            let which = if is_e { "expected" } else { "actual" };
            add(
                Cause::LineEndings,
                side(is_e, at..at + 2),
                &format!("{which} has CRLF line endings, the other LF"),
            );
        }
    }
    false
}

/// When nothing more specific applies: the first change, as a changed value.
fn fallback(e: &[u8], a: &[u8], d: &Diff, f: &mut Findings) {
    let Some(c) = d.changes.first() else { return };
    let pos = d.first_difference.map(|p| format!("line {}", p.line));
    f.add(
        Cause::ValueChanged,
        Occurrence {
            path: pos,
            expected: Some(c.expected.clone()),
            actual: Some(c.actual.clone()),
            detail: format!(
                "{} vs {}",
                visible::quote(&e[c.expected.clone()], 40),
                visible::quote(&a[c.actual.clone()], 40)
            ),
        },
    );
}

pub use render::render_text;
