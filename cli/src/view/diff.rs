//! The rendered diff of `canonsig diff`, built from core's [`Diff`] (the byte spans that
//! changed), never from a second diff algorithm.
//!
//! Two layouts:
//! - inline, when both sides are one line (a signing string, a compact JSON body): the
//!   two sides one above the other, aligned, around each change;
//! - unified, when either side has several lines: `diff -u`-style hunks with line
//!   numbers, and the changed bytes marked inside each line.
//!
//! Every invisible character is shown through core's [`visible`] (`⟨NBSP⟩`, `⟨CR⟩`,
//! `⟨xFF⟩`...), and inside a changed span a space is shown as `␣`, so a change that is
//! only whitespace is still seen. Changed spans are marked with `^` underneath when there
//! is no colour, and in reverse video when there is.
//!
//! The output is bounded whatever the input size: at most [`MAX_SHOWN_CHANGES`] changes,
//! at most [`MAX_BLOCK_LINES`] lines per side of a change, at most [`MAX_ROW_CHARS`]
//! characters per line, then one `… N more changes` line.

use std::ops::Range;

use canonsig::diff::{visible, Change, Diff};

use super::{Paint, Palette};
use crate::error::{InputName, Role};

/// Changes rendered at most; the rest are counted.
pub(crate) const MAX_SHOWN_CHANGES: usize = 40;
/// Lines rendered per side of one changed block; the rest are counted.
pub(crate) const MAX_BLOCK_LINES: usize = 10;
/// Characters of one rendered line at most (longer lines are cut around the change).
pub(crate) const MAX_ROW_CHARS: usize = 160;
/// Rendered lines of unified hunks (estimated before rendering) at most.
const MAX_UNIFIED_LINES: usize = 300;
/// Characters kept before the first change when a line is cut.
const ROW_LEAD: usize = 40;
/// Inline layout: bytes shown before and after each change.
const INLINE_CONTEXT: usize = 20;
/// Unified layout: equal lines shown around each change.
const CONTEXT_LINES: usize = 3;

/// How the header names one side: `a.json (expected)`, `standard input (actual)`, `expected`.
pub(crate) fn label(name: &InputName, role: Role) -> String {
    match name {
        InputName::File(file) => format!("{file} ({role})"),
        InputName::Stdin => format!("standard input ({role})"),
        InputName::Text(_) => role.to_string(),
    }
}

/// Renders `diff` (computed from `expected` and `actual`) for a terminal or a log.
pub(crate) fn render(expected: &[u8], actual: &[u8], diff: &Diff, labels: [&str; 2], palette: Palette) -> String {
    let Some(first) = diff.first_difference else {
        return format!("identical: {} bytes\n", diff.expected_len);
    };
    let mut out = Vec::new();
    out.push(palette.paint(
        Paint::Strong,
        &format!(
            "different: expected {} bytes, actual {} bytes; first difference at byte {} (line {}, column {})",
            diff.expected_len, diff.actual_len, first.offset, first.line, first.column
        ),
    ));
    out.push(palette.paint(Paint::Strong, &format!("--- {}", labels[0])));
    out.push(palette.paint(Paint::Strong, &format!("+++ {}", labels[1])));
    let shown = &diff.changes[..diff.changes.len().min(MAX_SHOWN_CHANGES)];
    let rendered = if is_one_line(expected) && is_one_line(actual) {
        inline(expected, actual, shown, palette, &mut out)
    } else {
        unified(expected, actual, shown, palette, &mut out)
    };
    let more = diff.changes.len() - rendered;
    if more > 0 || diff.truncated {
        let plus = if diff.truncated { "+" } else { "" };
        let noun = if more == 1 && !diff.truncated {
            "change"
        } else {
            "changes"
        };
        out.push(palette.paint(
            Paint::Dim,
            &format!("… {more}{plus} more {noun} (`canonsig diff --format json` lists the first 2000)"),
        ));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// No line break, except perhaps a final one.
fn is_one_line(text: &[u8]) -> bool {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    !body.contains(&b'\n')
}

// ---------------------------------------------------------------------------------------
// Rows: rendered text in pieces, so it can be cut to a width and marked.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Same,
    Changed,
    /// Spaces that align a shorter change with the longer one on the other side.
    Pad,
}

#[derive(Clone, Debug)]
struct Piece {
    text: String,
    mark: Mark,
}

type Row = Vec<Piece>;

fn push(row: &mut Row, text: String, mark: Mark) {
    if !text.is_empty() {
        row.push(Piece { text, mark });
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn width(row: &Row) -> usize {
    row.iter().map(|p| chars(&p.text)).sum()
}

/// Changed bytes made visible, spaces included.
fn visible_changed(bytes: &[u8]) -> String {
    visible(bytes).replace(' ', "␣")
}

/// The column of the first changed piece.
fn first_change(row: &Row) -> Option<usize> {
    let mut col = 0;
    for p in row {
        if p.mark != Mark::Same {
            return Some(col);
        }
        col += chars(&p.text);
    }
    None
}

/// Where to cut rows that are too wide: from a little before the first change.
fn cut_start(rows: &[&Row]) -> Option<usize> {
    if rows.iter().all(|r| width(r) <= MAX_ROW_CHARS) {
        return None;
    }
    let first = rows.iter().filter_map(|r| first_change(r)).min().unwrap_or(0);
    Some(first.saturating_sub(ROW_LEAD))
}

/// The characters `start .. start + MAX_ROW_CHARS` of `row`, with `…` where it was cut.
fn window(row: &Row, start: usize) -> Row {
    let end = start + MAX_ROW_CHARS;
    let mut out = Row::new();
    if start > 0 {
        push(&mut out, "…".into(), Mark::Same);
    }
    let mut col = 0;
    for p in row {
        let n = chars(&p.text);
        let (lo, hi) = (col.max(start), (col + n).min(end));
        if lo < hi {
            let text: String = p.text.chars().skip(lo - col).take(hi - lo).collect();
            push(&mut out, text, p.mark);
        }
        col += n;
    }
    if col > end {
        push(&mut out, "…".into(), Mark::Same);
    }
    out
}

fn fit(row: Row, start: Option<usize>) -> Row {
    match start {
        Some(s) => window(&row, s),
        None => row,
    }
}

/// `sign` then the row; `line` colours the whole line, changed pieces get `span`.
fn paint_row(sign: &str, row: &Row, line: Option<Paint>, span: Paint, palette: Palette) -> String {
    let plain = |text: &str| match line {
        Some(paint) => palette.paint(paint, text),
        None => text.to_string(),
    };
    let mut text = plain(sign);
    for p in row {
        match p.mark {
            Mark::Changed => text.push_str(&palette.paint(span, &p.text)),
            Mark::Same | Mark::Pad => text.push_str(&plain(&p.text)),
        }
    }
    text.trim_end_matches(' ').to_string()
}

/// `^` under the changed (and padding) columns; `None` when nothing is marked.
fn caret_row(row: &Row) -> Option<String> {
    first_change(row)?;
    let mut text = String::from("  ");
    for p in row {
        let c = if p.mark == Mark::Same { ' ' } else { '^' };
        text.extend(std::iter::repeat_n(c, chars(&p.text)));
    }
    Some(text.trim_end().to_string())
}

// ---------------------------------------------------------------------------------------
// Inline layout.

/// Renders groups of nearby changes, each as an aligned pair of rows. Returns how many
/// changes were rendered.
fn inline(expected: &[u8], actual: &[u8], changes: &[Change], palette: Palette, out: &mut Vec<String>) -> usize {
    let mut groups: Vec<&[Change]> = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        let split = i == changes.len() || changes[i].expected.start - changes[i - 1].expected.end > 2 * INLINE_CONTEXT;
        if split {
            groups.push(&changes[start..i]);
            start = i;
        }
    }
    let whole = groups.len() == 1;
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let e_lo = floor_char(expected, first.expected.start.saturating_sub(INLINE_CONTEXT));
        let e_hi = ceil_char(expected, (last.expected.end + INLINE_CONTEXT).min(expected.len()));
        let a_hi = (last.actual.end + (e_hi - last.expected.end)).min(actual.len());
        let cut = e_lo > 0 || e_hi < expected.len() || a_hi < actual.len();
        let (mut re, mut ra) = (Row::new(), Row::new());
        if e_lo > 0 {
            push(&mut re, "…".into(), Mark::Same);
            push(&mut ra, "…".into(), Mark::Same);
        }
        let mut ce = e_lo;
        for c in group {
            let same = visible(&expected[ce..c.expected.start]);
            push(&mut re, same.clone(), Mark::Same);
            push(&mut ra, same, Mark::Same);
            let (ve, va) = (
                visible_changed(&expected[c.expected.clone()]),
                visible_changed(&actual[c.actual.clone()]),
            );
            let w = chars(&ve).max(chars(&va));
            let (pe, pa) = (" ".repeat(w - chars(&ve)), " ".repeat(w - chars(&va)));
            push(&mut re, ve, Mark::Changed);
            push(&mut re, pe, Mark::Pad);
            push(&mut ra, va, Mark::Changed);
            push(&mut ra, pa, Mark::Pad);
            ce = c.expected.end;
        }
        let same = visible(&expected[ce..e_hi]);
        push(&mut re, same.clone(), Mark::Same);
        push(&mut ra, same, Mark::Same);
        if e_hi < expected.len() || a_hi < actual.len() {
            push(&mut re, "…".into(), Mark::Same);
            push(&mut ra, "…".into(), Mark::Same);
        }
        if !whole || cut {
            let header = format!("@ byte {} (actual byte {})", first.expected.start, first.actual.start);
            out.push(palette.paint(Paint::Header, &header));
        }
        let start = cut_start(&[&re, &ra]);
        let (re, ra) = (fit(re, start), fit(ra, start));
        out.push(paint_row("- ", &re, None, Paint::RemovedSpan, palette));
        out.push(paint_row("+ ", &ra, None, Paint::AddedSpan, palette));
        if !palette.is_on() {
            out.extend(caret_row(&re));
        }
    }
    changes.len()
}

fn is_continuation(text: &[u8], i: usize) -> bool {
    i < text.len() && (0x80..0xc0).contains(&text[i])
}

fn floor_char(text: &[u8], mut i: usize) -> usize {
    while i > 0 && is_continuation(text, i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &[u8], mut i: usize) -> usize {
    while is_continuation(text, i) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------------
// Unified layout.

/// Line starts of a text (a final `\n` does not start a line).
struct Lines<'a> {
    text: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' && i + 1 < text.len())
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    fn count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else {
            self.starts.len()
        }
    }

    /// The index of the line holding byte `pos`.
    fn of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Byte range of line `i`, its `\n` included.
    fn range(&self, i: usize) -> Range<usize> {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.starts[i]..end
    }

    /// The lines covering the byte range `r` (empty for an empty range).
    fn covering(&self, r: &Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let i = if r.start >= self.text.len() {
                self.count()
            } else {
                self.of(r.start)
            };
            return i..i;
        }
        self.of(r.start)..self.of(r.end - 1) + 1
    }
}

/// Changes widened to whole lines on both sides.
struct Block {
    expected: Range<usize>,
    actual: Range<usize>,
    changes: Range<usize>,
}

/// Widens each change to the lines it touches, by the same number of (equal) bytes on
/// both sides, and merges changes whose lines meet.
fn blocks(expected: &[u8], actual: &[u8], changes: &[Change]) -> Vec<Block> {
    let at_line_start = |t: &[u8], p: usize| p == 0 || t.get(p - 1) == Some(&b'\n');
    let mut out: Vec<Block> = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let back = c.expected.start
            - expected[..c.expected.start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |n| n + 1);
        let (es, as_) = (c.expected.start - back, c.actual.start.saturating_sub(back));
        let forward = if at_line_start(expected, c.expected.end) && at_line_start(actual, c.actual.end) {
            0
        } else {
            expected[c.expected.end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(expected.len() - c.expected.end, |n| n + 1)
        };
        let (ee, ae) = (c.expected.end + forward, (c.actual.end + forward).min(actual.len()));
        match out.last_mut() {
            Some(b) if es <= b.expected.end || as_ <= b.actual.end => {
                b.expected.end = ee.max(b.expected.end);
                b.actual.end = ae.max(b.actual.end);
                b.changes.end = i + 1;
            }
            _ => out.push(Block {
                expected: es..ee,
                actual: as_..ae,
                changes: i..i + 1,
            }),
        }
    }
    out
}

/// One line of a side with the given changed spans marked; a changed `\n` shows as `⏎`.
fn line_row(lines: &Lines<'_>, i: usize, spans: &[Range<usize>]) -> (Row, bool) {
    let range = lines.range(i);
    let text = lines.text;
    let has_newline = range.end > range.start && text[range.end - 1] == b'\n';
    let content_end = if has_newline { range.end - 1 } else { range.end };
    let mut row = Row::new();
    let mut at = range.start;
    for s in spans {
        let (lo, hi) = (s.start.max(range.start), s.end.min(content_end));
        if lo >= hi {
            continue;
        }
        push(&mut row, visible(&text[at..lo]), Mark::Same);
        push(&mut row, visible_changed(&text[lo..hi]), Mark::Changed);
        at = hi;
    }
    push(&mut row, visible(&text[at..content_end]), Mark::Same);
    // A changed line break is marked, unless the whole line is new (then it is implied);
    // a wholly changed line keeps its spaces as spaces (`␣` would only be noise there).
    let partly = row.iter().any(|p| p.mark == Mark::Same);
    if !partly && content_end > range.start {
        row = vec![Piece {
            text: visible(&text[range.start..content_end]),
            mark: Mark::Changed,
        }];
    }
    if has_newline && partly && spans.iter().any(|s| s.contains(&content_end)) {
        push(&mut row, "⏎".into(), Mark::Changed);
    }
    (row, has_newline)
}

/// Renders hunks of blocks; returns how many changes were rendered.
fn unified(expected: &[u8], actual: &[u8], changes: &[Change], palette: Palette, out: &mut Vec<String>) -> usize {
    let (le, la) = (Lines::new(expected), Lines::new(actual));
    let mut kept: Vec<(Block, Range<usize>, Range<usize>)> = Vec::new();
    let mut budget = 0;
    for b in blocks(expected, actual, changes) {
        let (el, al) = (le.covering(&b.expected), la.covering(&b.actual));
        let cost = el.len().min(MAX_BLOCK_LINES + 1) + al.len().min(MAX_BLOCK_LINES + 1) + 2 * CONTEXT_LINES + 1;
        if !kept.is_empty() && budget + cost > MAX_UNIFIED_LINES {
            break;
        }
        budget += cost;
        kept.push((b, el, al));
    }
    let rendered = kept.last().map_or(0, |(b, _, _)| b.changes.end);
    let mut hunk_start = 0;
    for i in 1..=kept.len() {
        let split = i == kept.len() || kept[i].1.start - kept[i - 1].1.end > 2 * CONTEXT_LINES;
        if split {
            hunk(&kept[hunk_start..i], changes, &le, &la, palette, out);
            hunk_start = i;
        }
    }
    rendered
}

fn hunk(
    blocks: &[(Block, Range<usize>, Range<usize>)],
    changes: &[Change],
    le: &Lines<'_>,
    la: &Lines<'_>,
    palette: Palette,
    out: &mut Vec<String>,
) {
    let (Some((_, first_e, first_a)), Some((_, last_e, last_a))) = (blocks.first(), blocks.last()) else {
        return;
    };
    let before = CONTEXT_LINES.min(first_e.start).min(first_a.start);
    let after = CONTEXT_LINES
        .min(le.count() - last_e.end)
        .min(la.count().saturating_sub(last_a.end));
    let (e_from, a_from) = (first_e.start - before, first_a.start - before);
    let (e_to, a_to) = (last_e.end + after, last_a.end + after);
    out.push(palette.paint(
        Paint::Header,
        &format!(
            "@@ -{},{} +{},{} @@",
            e_from + 1,
            e_to - e_from,
            a_from + 1,
            a_to - a_from
        ),
    ));
    let context = |from: usize, to: usize, out: &mut Vec<String>| {
        for i in from..to {
            let (row, newline) = line_row(le, i, &[]);
            out.push(paint_row(
                "  ",
                &fit(row.clone(), cut_start(&[&row])),
                None,
                Paint::Dim,
                palette,
            ));
            if !newline {
                out.push(no_newline(palette));
            }
        }
    };
    context(e_from, first_e.start, out);
    for (n, (block, el, al)) in blocks.iter().enumerate() {
        if n > 0 {
            context(blocks[n - 1].1.end, el.start, out);
        }
        let spans = &changes[block.changes.clone()];
        let e_spans: Vec<Range<usize>> = spans.iter().map(|c| c.expected.clone()).collect();
        let a_spans: Vec<Range<usize>> = spans.iter().map(|c| c.actual.clone()).collect();
        side(
            le,
            el,
            &e_spans,
            ("- ", Paint::Removed, Paint::RemovedSpan),
            palette,
            out,
        );
        side(la, al, &a_spans, ("+ ", Paint::Added, Paint::AddedSpan), palette, out);
    }
    context(last_e.end, e_to, out);
}

/// The `-` (or `+`) lines of one block, at most [`MAX_BLOCK_LINES`].
fn side(
    lines: &Lines<'_>,
    range: &Range<usize>,
    spans: &[Range<usize>],
    (sign, line, span): (&str, Paint, Paint),
    palette: Palette,
    out: &mut Vec<String>,
) {
    for i in range.clone().take(MAX_BLOCK_LINES) {
        let (row, newline) = line_row(lines, i, spans);
        let row = fit(row.clone(), cut_start(&[&row]));
        out.push(paint_row(sign, &row, Some(line), span, palette));
        let partly = row.iter().any(|p| p.mark == Mark::Same);
        if !palette.is_on() && partly {
            out.extend(caret_row(&row));
        }
        if !newline {
            out.push(no_newline(palette));
        }
    }
    if range.len() > MAX_BLOCK_LINES {
        let more = range.len() - MAX_BLOCK_LINES;
        out.push(palette.paint(Paint::Dim, &format!("{sign}… {more} more lines")));
    }
}

fn no_newline(palette: Palette) -> String {
    palette.paint(Paint::Dim, "\\ no newline at end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(e: &str, a: &str) -> String {
        let d = canonsig::diff::diff(e.as_bytes(), a.as_bytes());
        render(
            e.as_bytes(),
            a.as_bytes(),
            &d,
            ["expected", "actual"],
            Palette::new(false),
        )
    }

    #[test]
    fn inline_aligns_and_marks() {
        let text = plain(r#"{"a":1,"b":2}"#, r#"{"a":1.0,"b":2}"#);
        assert!(
            text.contains("\n- {\"a\":1  ,\"b\":2}\n+ {\"a\":1.0,\"b\":2}\n        ^^\n"),
            "{text}"
        );
    }

    #[test]
    fn unified_inserted_line() {
        let text = plain("a\nc\n", "a\nb\nc\n");
        assert!(text.ends_with("@@ -1,2 +1,3 @@\n  a\n+ b\n  c\n"), "{text}");
    }

    #[test]
    fn unified_missing_final_newline() {
        let text = plain("x\na", "x\na\n");
        assert!(text.contains("- a\n\\ no newline at end\n+ a⏎\n"), "{text}");
    }
}
