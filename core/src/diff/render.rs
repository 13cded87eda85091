//! The plain-text rendering of an [`Explanation`]: what `Display`, Python's `str()` and
//! the CLI's plain output show.

use std::fmt::{self, Write as _};

use super::{Explanation, Finding};

/// Renders an explanation as plain text (no colour): sizes and the first difference, both
/// sides around it with a caret, then each cause with where it shows and what to do.
pub fn render_text(e: &Explanation) -> String {
    e.to_string()
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diff;
        let Some(first) = d.first_difference else {
            return writeln!(f, "identical: {} bytes", d.expected_len);
        };
        writeln!(
            f,
            "different: expected {} bytes, actual {} bytes; first difference at byte {} (line {}, column {})",
            d.expected_len, d.actual_len, first.offset, first.line, first.column
        )?;
        if let Some(c) = &d.context {
            writeln!(f, "  expected: {}", c.expected.text)?;
            writeln!(f, "  actual:   {}", c.actual.text)?;
            let caret = c.expected.caret.min(c.actual.caret);
            writeln!(f, "            {}^", " ".repeat(caret))?;
        }
        if let Some(s) = &self.expected_style {
            writeln!(f, "expected is {s}")?;
        }
        if let Some(s) = &self.actual_style {
            writeln!(f, "actual is {s}")?;
        }
        if self.json && self.same_data() {
            writeln!(f, "same data, serialized differently")?;
        }
        for finding in &self.findings {
            write_finding(f, finding)?;
        }
        Ok(())
    }
}

fn write_finding(f: &mut fmt::Formatter<'_>, finding: &Finding) -> fmt::Result {
    writeln!(f, "- {}: {}", finding.cause, finding.summary)?;
    // The whitespace summary already says how each side is laid out; its places are noise.
    let listed = if finding.cause == super::Cause::Whitespace {
        0
    } else {
        4
    };
    let mut shown = 0;
    for o in finding.occurrences.iter().skip(1).take(listed) {
        let mut line = String::new();
        if let Some(p) = &o.path {
            let _ = write!(line, "{p}: ");
        }
        line.push_str(&o.detail);
        writeln!(f, "    {line}")?;
        shown += 1;
    }
    let hidden = finding.total.saturating_sub(1 + shown);
    if hidden > 0 && listed > 0 {
        writeln!(f, "    … and {hidden} more")?;
    }
    writeln!(f, "    fix: {}", finding.cause.advice())
}
