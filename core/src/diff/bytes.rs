//! The byte-exact diff: where the two sides first differ and which spans changed.

use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Past this many bytes in the differing middle, spans are found line by line first,
/// so a diff of two megabyte strings stays interactive.
const BYTE_LEVEL_LIMIT: usize = 64 * 1024;
/// A changed line pair is refined to bytes only when, past its common prefix and suffix,
/// both sides are at most this long.
const REFINE_MIDDLE: usize = 256;
/// At most this many changes are reported; the rest are merged into one final change.
pub const MAX_CHANGES: usize = 2_000;
/// Changes closer than this many equal bytes are merged: one readable change instead of
/// confetti (`\u00e9` against `é` shares no bytes worth keeping).
const MERGE_GAP: usize = 4;

/// A position in the expected side: byte offset, 1-based line, 1-based column
/// (in characters of the line, invalid UTF-8 counting as one character per maximal bad sequence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Position {
    /// Byte offset (the length of the common prefix).
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    pub fn of(text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        Position {
            offset,
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: 1 + String::from_utf8_lossy(&before[line_start..]).chars().count(),
        }
    }
}

/// One change: bytes of the expected side replaced by bytes of the actual side.
/// An empty `expected` range is an insertion, an empty `actual` range a deletion.
/// Serialized with its [`kind`](Change::kind).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Change {
    /// The byte range in the expected side.
    pub expected: Range<usize>,
    /// The byte range in the actual side.
    pub actual: Range<usize>,
}

impl Change {
    /// `"insert"`, `"delete"` or `"replace"`.
    pub fn kind(&self) -> &'static str {
        match (self.expected.is_empty(), self.actual.is_empty()) {
            (true, _) => "insert",
            (_, true) => "delete",
            _ => "replace",
        }
    }
}

/// The byte-exact difference between an expected and an actual byte string.
///
/// ```
/// let d = canonsig::diff::diff(b"{\"a\":1}", b"{\"a\":1}\n");
/// assert!(!d.is_equal());
/// assert_eq!(d.first_difference.map(|p| p.offset), Some(7));
/// assert_eq!(d.changes[0].kind(), "insert");
/// ```
///
/// Serialized with `is_equal` ([`Diff::to_json`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Diff {
    /// Length of the expected side in bytes.
    pub expected_len: usize,
    /// Length of the actual side in bytes.
    pub actual_len: usize,
    /// Where the sides first differ (in the expected side), or `None` when equal.
    pub first_difference: Option<Position>,
    /// The changes, in order; the bytes between them are equal on both sides.
    pub changes: Vec<Change>,
    /// True when there were more than [`MAX_CHANGES`] changes and the tail was merged
    /// into one last change.
    pub truncated: bool,
    /// Both sides around the first difference, made visible; `None` when equal.
    pub context: Option<Context>,
}

/// A few characters of one side around the first difference, made visible.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Snippet {
    /// Byte range of the side that is shown.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The bytes, made visible ([`visible`](super::visible)).
    pub text: String,
    /// Index (in characters of `text`) where the first difference is.
    pub caret: usize,
}

/// Both sides around the first difference.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "DiffContext", rename_all = "camelCase")
)]
pub struct Context {
    /// The expected side.
    pub expected: Snippet,
    /// The actual side.
    pub actual: Snippet,
}

const CONTEXT_BEFORE: usize = 24;
const CONTEXT_AFTER: usize = 40;

fn snippet(text: &[u8], offset: usize) -> Snippet {
    let is_boundary = |i: usize| i >= text.len() || !(0x80..0xc0).contains(&text[i]);
    let mut start = offset.saturating_sub(CONTEXT_BEFORE);
    while start > 0 && !is_boundary(start) {
        start -= 1;
    }
    if let Some(nl) = text[start..offset.min(text.len())].iter().rposition(|&b| b == b'\n') {
        start += nl + 1;
    }
    let mut end = (offset + CONTEXT_AFTER).min(text.len());
    while end < text.len() && !is_boundary(end) {
        end += 1;
    }
    let offset = offset.min(text.len());
    Snippet {
        start,
        end,
        caret: super::visible(&text[start..offset]).chars().count(),
        text: super::visible(&text[start..end]),
    }
}

impl Diff {
    /// True when both sides are the same bytes.
    pub fn is_equal(&self) -> bool {
        self.first_difference.is_none()
    }
}

/// Computes the byte-exact diff of `expected` and `actual`.
///
/// The first difference is exact for any size. The change list is minimal for inputs
/// whose differing middle is small, and found line by line (then refined) for large
/// ones, so two megabyte strings diff in well under a second.
pub fn diff(expected: &[u8], actual: &[u8]) -> Diff {
    let prefix = common_prefix(expected, actual);
    if prefix == expected.len() && prefix == actual.len() {
        return Diff {
            expected_len: expected.len(),
            actual_len: actual.len(),
            first_difference: None,
            changes: Vec::new(),
            truncated: false,
            context: None,
        };
    }
    let suffix = common_suffix(&expected[prefix..], &actual[prefix..]);
    let e_mid = prefix..expected.len() - suffix;
    let a_mid = prefix..actual.len() - suffix;
    let mut raw = Vec::new();
    let stopped = if e_mid.len() <= BYTE_LEVEL_LIMIT && a_mid.len() <= BYTE_LEVEL_LIMIT {
        byte_changes(expected, e_mid, actual, a_mid, &mut raw);
        false
    } else {
        line_changes(expected, e_mid, actual, a_mid, &mut raw)
    };
    let changes = merge_close(snap_to_chars(expected, actual, raw));
    let (changes, capped) = cap(changes);
    let truncated = stopped || capped;
    Diff {
        expected_len: expected.len(),
        actual_len: actual.len(),
        first_difference: Some(Position::of(expected, prefix)),
        changes,
        truncated,
        context: Some(Context {
            expected: snippet(expected, prefix),
            actual: snippet(actual, prefix),
        }),
    }
}

pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Byte-level changes of two ranges (Myers with similar's bounded-work heuristics).
fn byte_changes(e: &[u8], er: Range<usize>, a: &[u8], ar: Range<usize>, out: &mut Vec<Change>) {
    let (eo, ao) = (er.start, ar.start);
    for op in capture_diff_slices(Algorithm::Myers, &e[er], &a[ar]) {
        push_op(&op, eo, ao, 1, out);
    }
}

/// Line-level changes of two large ranges, each small changed block refined to bytes.
/// Returns true when it stopped refining at the change cap (the tail is one coarse change).
fn line_changes(e: &[u8], er: Range<usize>, a: &[u8], ar: Range<usize>, out: &mut Vec<Change>) -> bool {
    let (e_end, a_end) = (er.end, ar.end);
    let e_lines = split_lines(e, er);
    let a_lines = split_lines(a, ar);
    let e_keys: Vec<&[u8]> = e_lines.iter().map(|r| &e[r.clone()]).collect();
    let a_keys: Vec<&[u8]> = a_lines.iter().map(|r| &a[r.clone()]).collect();
    for op in capture_diff_slices(Algorithm::Myers, &e_keys, &a_keys) {
        let (_, old, new) = op.as_tag_tuple();
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        // Changed lines pair up in order and are refined to bytes; many small edits in a
        // long text stay many small changes instead of one opaque block.
        let pairs = old.len().min(new.len());
        for k in 0..pairs {
            if out.len() > MAX_CHANGES {
                // Past the cap everything is merged anyway: stop refining.
                let (el, al) = (e_lines[old.start + k].start, a_lines[new.start + k].start);
                out.push(Change {
                    expected: el..e_end,
                    actual: al..a_end,
                });
                return true;
            }
            let (el, al) = (e_lines[old.start + k].clone(), a_lines[new.start + k].clone());
            // Refine only pairs that are mostly equal: unrelated lines stay one change, so
            // two unrelated megabytes cost no more than reading them.
            let p = common_prefix(&e[el.clone()], &a[al.clone()]);
            let q = common_suffix(&e[el.start + p..el.end], &a[al.start + p..al.end]);
            let (em, am) = (el.start + p..el.end - q, al.start + p..al.end - q);
            let mostly_same = em.len() == am.len()
                && em.len() <= 4 * REFINE_MIDDLE * REFINE_MIDDLE
                && 2 * e[em.clone()].iter().zip(&a[am.clone()]).filter(|(x, y)| x == y).count() >= em.len();
            if mostly_same || em.len() <= REFINE_MIDDLE && am.len() <= REFINE_MIDDLE {
                byte_changes(e, em, a, am, out);
            } else {
                out.push(Change {
                    expected: el,
                    actual: al,
                });
            }
        }
        let rest_e = span_of(&e_lines, old.start + pairs..old.end, e_end);
        let rest_a = span_of(&a_lines, new.start + pairs..new.end, a_end);
        if !rest_e.is_empty() || !rest_a.is_empty() {
            out.push(Change {
                expected: rest_e,
                actual: rest_a,
            });
        }
    }
    false
}

/// Lines of a range, each keeping its `\n`. Long lines are cut after `},` and `],` (so
/// the records of one-line JSON align on both sides), and at a fixed length as a last resort.
fn split_lines(text: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
    const MAX_LINE: usize = 4096;
    let mut lines = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        let record_end = text[i] == b',' && i > start && matches!(text[i - 1], b'}' | b']');
        if text[i] == b'\n' || record_end || i + 1 - start >= MAX_LINE {
            lines.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < range.end {
        lines.push(start..range.end);
    }
    lines
}

/// The byte span of lines `idx`; for no lines, the empty span where line `idx.start`
/// starts (or `end`, past the last line).
fn span_of(lines: &[Range<usize>], idx: Range<usize>, empty_at: usize) -> Range<usize> {
    if idx.is_empty() {
        let at = lines
            .get(idx.start)
            .map_or_else(|| lines.last().map_or(empty_at, |r| r.end), |r| r.start);
        return at..at;
    }
    lines[idx.start].start..lines[idx.end - 1].end
}

fn push_op(op: &DiffOp, eo: usize, ao: usize, _unit: usize, out: &mut Vec<Change>) {
    let (_, old, new) = op.as_tag_tuple();
    if matches!(op, DiffOp::Equal { .. }) {
        return;
    }
    out.push(Change {
        expected: eo + old.start..eo + old.end,
        actual: ao + new.start..ao + new.end,
    });
}

/// Widens every change so that it neither starts nor ends inside a UTF-8 character on
/// either side (the bytes just outside a change are equal on both sides, so both sides
/// move by the same amount).
fn snap_to_chars(e: &[u8], a: &[u8], changes: Vec<Change>) -> Vec<Change> {
    let cont = |b: Option<&u8>| b.is_some_and(|&b| (0x80..0xc0).contains(&b));
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for mut c in changes {
        let floor_e = out.last().map_or(0, |p| p.expected.end);
        while c.expected.start > floor_e
            && c.actual.start > 0
            && (cont(e.get(c.expected.start)) || cont(a.get(c.actual.start)))
        {
            c.expected.start -= 1;
            c.actual.start -= 1;
        }
        while c.expected.end < e.len()
            && c.actual.end < a.len()
            && (cont(e.get(c.expected.end)) || cont(a.get(c.actual.end)))
        {
            c.expected.end += 1;
            c.actual.end += 1;
        }
        push_merging(&mut out, c, 0);
    }
    out
}

fn merge_close(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for c in changes {
        push_merging(&mut out, c, MERGE_GAP);
    }
    out
}

/// Appends `c`, merging it into the previous change when the equal gap between them is
/// at most `gap` bytes (or they overlap after snapping).
fn push_merging(out: &mut Vec<Change>, c: Change, gap: usize) {
    if let Some(prev) = out.last_mut() {
        let e_gap = c.expected.start.saturating_sub(prev.expected.end);
        let a_gap = c.actual.start.saturating_sub(prev.actual.end);
        if c.expected.start <= prev.expected.end + gap && e_gap == a_gap {
            prev.expected.end = prev.expected.end.max(c.expected.end);
            prev.actual.end = prev.actual.end.max(c.actual.end);
            return;
        }
    }
    out.push(c);
}

fn cap(mut changes: Vec<Change>) -> (Vec<Change>, bool) {
    if changes.len() <= MAX_CHANGES {
        return (changes, false);
    }
    let tail = changes.split_off(MAX_CHANGES - 1);
    let (Some(first), Some(last)) = (tail.first(), tail.last()) else {
        return (changes, false);
    };
    changes.push(Change {
        expected: first.expected.start..last.expected.end,
        actual: first.actual.start..last.actual.end,
    });
    (changes, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(d: &Diff, e: &[u8], a: &[u8]) -> Vec<u8> {
        // Rebuild `actual` from `expected` and the changes: proves the edit script is right.
        let mut out = Vec::new();
        let mut at = 0;
        for c in &d.changes {
            out.extend_from_slice(&e[at..c.expected.start]);
            out.extend_from_slice(&a[c.actual.clone()]);
            at = c.expected.end;
        }
        out.extend_from_slice(&e[at..]);
        out
    }

    #[test]
    fn equal_inputs_have_no_changes() {
        let d = diff(b"same", b"same");
        assert!(d.is_equal());
        assert!(d.changes.is_empty());
    }

    #[test]
    fn edit_script_rebuilds_actual() {
        let cases: [(&[u8], &[u8]); 6] = [
            (b"{\"a\":\"\\u00e9\"}", "{\"a\":\"é\"}".as_bytes()),
            (b"abc", b""),
            (b"", b"abc"),
            ("caf\u{e9} x".as_bytes(), "cafe\u{301} x".as_bytes()),
            (b"line1\nline2\n", b"line1\r\nline2\r\n"),
            (b"\xff\xfe", b"\xfe\xff"),
        ];
        for (e, a) in cases {
            let d = diff(e, a);
            assert_eq!(apply(&d, e, a), a, "{:?} vs {:?}", e, a);
            for c in &d.changes {
                if let (Ok(es), Ok(as_)) = (std::str::from_utf8(e), std::str::from_utf8(a)) {
                    assert!(es.is_char_boundary(c.expected.start) && es.is_char_boundary(c.expected.end));
                    assert!(as_.is_char_boundary(c.actual.start) && as_.is_char_boundary(c.actual.end));
                }
            }
        }
    }

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "ab\ncé!".as_bytes();
        assert_eq!(
            Position::of(text, 6),
            Position {
                offset: 6,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn large_inputs_use_lines_and_stay_exact() {
        let mut e = Vec::new();
        for i in 0..40_000 {
            e.extend_from_slice(format!("{{\"id\":{i},\"name\":\"item {i}\"}}\n").as_bytes());
        }
        let mut a = e.clone();
        a[500_000] = b'X';
        a.extend_from_slice(b"tail");
        let d = diff(&e, &a);
        assert_eq!(d.first_difference.map(|p| p.offset), Some(500_000));
        assert_eq!(apply(&d, &e, &a), a);
    }
}
