//! Named causes of a difference, each with the spans that show it.

use std::fmt;
use std::ops::Range;

/// Why two byte strings differ. The snake_case name ([`Cause::as_str`]) is the same in
/// every frontend and in the shared fixtures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// One side starts with a UTF-8 byte order mark.
    Bom,
    /// One side is not valid UTF-8 (for example Latin-1 bytes).
    Encoding,
    /// One side ends with one more newline than the other.
    TrailingNewline,
    /// CRLF on one side where the other has LF.
    LineEndings,
    /// Whitespace outside strings differs (pretty-printing, separators, indentation).
    Whitespace,
    /// The same members in a different order.
    KeyOrder,
    /// A character written as a `\u` escape on one side and raw on the other (`\u00e9` / `é`).
    UnicodeEscaping,
    /// `\/` against `/`.
    SlashEscaping,
    /// `\u003c \u003e \u0026` against `< > &`.
    HtmlEscaping,
    /// The same character escaped two ways (`\u0008` / `\b`, `\u00E9` / `\u00e9`, `\u0041` / `A`).
    EscapeSpelling,
    /// The same number spelled differently (`1.0` / `1`, `1e+21` / `1E21`, `-0` / `0`).
    NumberFormat,
    /// Canonically equivalent strings in different Unicode normalization forms (NFC / NFD).
    UnicodeNormalization,
    /// An invisible character differs (NBSP against space, a zero-width character).
    InvisibleCharacter,
    /// Both sides are canonical forms of the same data under different profiles.
    Profile,
    /// One side has the same member name twice.
    DuplicateKey,
    /// A value differs.
    ValueChanged,
    /// A member present in the expected side only.
    KeyMissing,
    /// A member present in the actual side only.
    KeyAdded,
    /// An array element present in the expected side only.
    ElementMissing,
    /// An array element present in the actual side only.
    ElementAdded,
    /// Two different timestamps.
    Timestamp,
    /// Equal after percent-decoding (`%2f` / `%2F`, `+` / `%20`, double encoding).
    PercentEncoding,
    /// Header names that differ only in case.
    HeaderCase,
    /// Header values that differ only in trimmed or folded whitespace.
    HeaderWhitespace,
    /// A line present in the expected side only.
    LineMissing,
    /// A line present in the actual side only.
    LineAdded,
    /// A signature parameter differs (algorithm, key id, profile) between two traces.
    ParameterChanged,
}

impl Cause {
    /// Every cause, in declaration order.
    pub const ALL: [Cause; 27] = [
        Cause::Bom,
        Cause::Encoding,
        Cause::TrailingNewline,
        Cause::LineEndings,
        Cause::Whitespace,
        Cause::KeyOrder,
        Cause::UnicodeEscaping,
        Cause::SlashEscaping,
        Cause::HtmlEscaping,
        Cause::EscapeSpelling,
        Cause::NumberFormat,
        Cause::UnicodeNormalization,
        Cause::InvisibleCharacter,
        Cause::Profile,
        Cause::DuplicateKey,
        Cause::ValueChanged,
        Cause::KeyMissing,
        Cause::KeyAdded,
        Cause::ElementMissing,
        Cause::ElementAdded,
        Cause::Timestamp,
        Cause::PercentEncoding,
        Cause::HeaderCase,
        Cause::HeaderWhitespace,
        Cause::LineMissing,
        Cause::LineAdded,
        Cause::ParameterChanged,
    ];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Bom => "bom",
            Cause::Encoding => "encoding",
            Cause::TrailingNewline => "trailing_newline",
            Cause::LineEndings => "line_endings",
            Cause::Whitespace => "whitespace",
            Cause::KeyOrder => "key_order",
            Cause::UnicodeEscaping => "unicode_escaping",
            Cause::SlashEscaping => "slash_escaping",
            Cause::HtmlEscaping => "html_escaping",
            Cause::EscapeSpelling => "escape_spelling",
            Cause::NumberFormat => "number_format",
            Cause::UnicodeNormalization => "unicode_normalization",
            Cause::InvisibleCharacter => "invisible_character",
            Cause::Profile => "profile",
            Cause::DuplicateKey => "duplicate_key",
            Cause::ValueChanged => "value_changed",
            Cause::KeyMissing => "key_missing",
            Cause::KeyAdded => "key_added",
            Cause::ElementMissing => "element_missing",
            Cause::ElementAdded => "element_added",
            Cause::Timestamp => "timestamp",
            Cause::PercentEncoding => "percent_encoding",
            Cause::HeaderCase => "header_case",
            Cause::HeaderWhitespace => "header_whitespace",
            Cause::LineMissing => "line_missing",
            Cause::LineAdded => "line_added",
            Cause::ParameterChanged => "parameter_changed",
        }
    }

    /// The cause named `name`, if any.
    pub fn from_name(name: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// True for causes where the data is the same and only its spelling differs.
    pub fn is_serialization(self) -> bool {
        !matches!(
            self,
            Cause::ValueChanged
                | Cause::KeyMissing
                | Cause::KeyAdded
                | Cause::ElementMissing
                | Cause::ElementAdded
                | Cause::Timestamp
                | Cause::LineMissing
                | Cause::LineAdded
                | Cause::ParameterChanged
                | Cause::DuplicateKey
        )
    }

    /// What to do about it, in one sentence.
    pub fn advice(self) -> &'static str {
        match self {
            Cause::Bom => "strip the byte order mark before signing and verifying",
            Cause::Encoding => "encode text as UTF-8 on both sides",
            Cause::TrailingNewline => "sign the exact bytes sent; do not add or strip a final newline",
            Cause::LineEndings => "do not let a transport or editor convert line endings; sign the bytes sent",
            Cause::Whitespace => "sign a canonical form (RFC 8785) or the exact body bytes, never a re-serialization",
            Cause::KeyOrder => "sort members the same way on both sides (RFC 8785 sorts by UTF-16 code units)",
            Cause::UnicodeEscaping => {
                "use the same escaping on both sides (Python: ensure_ascii=False; PHP: JSON_UNESCAPED_UNICODE)"
            }
            Cause::SlashEscaping => "PHP escapes / as \\/ unless JSON_UNESCAPED_SLASHES is set",
            Cause::HtmlEscaping => "Go escapes <, > and & unless the Encoder has SetEscapeHTML(false)",
            Cause::EscapeSpelling => "serialize with one canonical escaping (RFC 8785) on both sides",
            Cause::NumberFormat => "format numbers canonically (RFC 8785: 1 not 1.0, 1e+21 not 1E21, 0 not -0)",
            Cause::UnicodeNormalization => "normalize text (NFC) before it is signed, or never normalize in transit",
            Cause::InvisibleCharacter => "an invisible character changed: check copy-paste and editors",
            Cause::Profile => "both sides must use the same canonical profile",
            Cause::DuplicateKey => "send each member name once: parsers disagree on which value wins",
            Cause::ValueChanged => {
                "the data itself differs: the message was changed after signing, or built from other data"
            }
            Cause::KeyMissing | Cause::KeyAdded => "a member was dropped or added between signer and verifier",
            Cause::ElementMissing | Cause::ElementAdded => "an array element was dropped or added",
            Cause::Timestamp => "the sides used different times: sign and verify with the timestamp that was sent",
            Cause::PercentEncoding => {
                "percent-encode the same way on both sides (upper-case hex, %20 not +, encode once)"
            }
            Cause::HeaderCase => "lower-case header names where the scheme says so",
            Cause::HeaderWhitespace => "trim and fold header values the way the scheme says",
            Cause::LineMissing | Cause::LineAdded => "the sides signed different components or headers",
            Cause::ParameterChanged => "signer and verifier use different signature parameters",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place where a cause shows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Occurrence {
    /// Where: a JSON path (`$.a[2]`), `line 3`, or `None` for the whole text.
    pub path: Option<String>,
    /// The byte span in the expected side, if the cause shows there.
    pub expected: Option<Range<usize>>,
    /// The byte span in the actual side, if the cause shows there.
    pub actual: Option<Range<usize>>,
    /// What exactly differs here (`` `\u00e9` vs `é` ``).
    pub detail: String,
}

/// A named cause with where it shows (at most [`MAX_OCCURRENCES`] places are kept).
/// Serialized with its cause's [`advice`](Cause::advice) and
/// [`is_serialization`](Cause::is_serialization).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Finding {
    /// The cause.
    pub cause: Cause,
    /// One sentence for people.
    pub summary: String,
    /// Where it shows (the first [`MAX_OCCURRENCES`]).
    pub occurrences: Vec<Occurrence>,
    /// How many places it shows in all.
    pub total: usize,
}

/// Occurrences kept per finding.
pub const MAX_OCCURRENCES: usize = 20;

/// Collects occurrences per cause, then turns them into findings.
#[derive(Default)]
pub(crate) struct Findings {
    by_cause: Vec<(Cause, Vec<Occurrence>, usize, Option<String>)>,
}

impl Findings {
    pub(crate) fn add(&mut self, cause: Cause, occurrence: Occurrence) {
        let entry = match self.by_cause.iter().position(|e| e.0 == cause) {
            Some(i) => &mut self.by_cause[i],
            None => {
                self.by_cause.push((cause, Vec::new(), 0, None));
                let last = self.by_cause.len() - 1;
                &mut self.by_cause[last]
            }
        };
        entry.2 += 1;
        if entry.1.len() < MAX_OCCURRENCES {
            entry.1.push(occurrence);
        }
    }

    /// Sets the summary sentence of a cause (otherwise one is made from its occurrences).
    pub(crate) fn summarize(&mut self, cause: Cause, summary: String) {
        if let Some(e) = self.by_cause.iter_mut().find(|e| e.0 == cause) {
            e.3 = Some(summary);
        }
    }

    /// Moves `other`'s occurrences in, shifting their spans by the offsets of the slices
    /// `other` was computed on and prefixing their paths.
    pub(crate) fn absorb_shifted(&mut self, other: Findings, e_off: usize, a_off: usize, prefix: &str) {
        for (cause, occurrences, total, _) in other.by_cause {
            let extra = total - occurrences.len();
            for mut o in occurrences {
                o.expected = o.expected.map(|r| r.start + e_off..r.end + e_off);
                o.actual = o.actual.map(|r| r.start + a_off..r.end + a_off);
                o.path = o.path.map(|p| format!("{prefix}{p}"));
                self.add(cause, o);
            }
            if let Some(e) = self.by_cause.iter_mut().find(|e| e.0 == cause) {
                e.2 += extra;
            }
        }
    }

    pub(crate) fn has(&self, cause: Cause) -> bool {
        self.by_cause.iter().any(|e| e.0 == cause)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_cause.is_empty()
    }

    pub(crate) fn finish(mut self) -> Vec<Finding> {
        self.by_cause.sort_by_key(|e| e.0);
        self.by_cause
            .into_iter()
            .map(|(cause, occurrences, total, summary)| Finding {
                summary: summary.unwrap_or_else(|| default_summary(cause, &occurrences, total)),
                cause,
                occurrences,
                total,
            })
            .collect()
    }
}

fn default_summary(cause: Cause, occurrences: &[Occurrence], total: usize) -> String {
    let first = occurrences.first();
    let what = first.map_or(String::new(), |o| o.detail.clone());
    let at = first
        .and_then(|o| o.path.clone())
        .map_or(String::new(), |p| format!(" at {p}"));
    let more = if total > 1 {
        format!(" (and {} more)", total - 1)
    } else {
        String::new()
    };
    let label = match cause {
        Cause::Bom => "byte order mark",
        Cause::Encoding => "text encoding differs",
        Cause::TrailingNewline => "trailing newline",
        Cause::LineEndings => "line endings differ",
        Cause::Whitespace => "whitespace differs",
        Cause::KeyOrder => "members in a different order",
        Cause::UnicodeEscaping => "non-ASCII characters escaped on one side",
        Cause::SlashEscaping => "`/` escaped as `\\/` on one side",
        Cause::HtmlEscaping => "`<`, `>` or `&` escaped on one side",
        Cause::EscapeSpelling => "the same character escaped differently",
        Cause::NumberFormat => "the same number spelled differently",
        Cause::UnicodeNormalization => "the same text in different Unicode normalization forms",
        Cause::InvisibleCharacter => "an invisible character differs",
        Cause::Profile => "different canonical profiles",
        Cause::DuplicateKey => "duplicate member name",
        Cause::ValueChanged => "a value differs",
        Cause::KeyMissing => "member missing from actual",
        Cause::KeyAdded => "member added in actual",
        Cause::ElementMissing => "array element missing from actual",
        Cause::ElementAdded => "array element added in actual",
        Cause::Timestamp => "different timestamps",
        Cause::PercentEncoding => "percent-encoding differs",
        Cause::HeaderCase => "header name case differs",
        Cause::HeaderWhitespace => "header whitespace differs",
        Cause::LineMissing => "line missing from actual",
        Cause::LineAdded => "line added in actual",
        Cause::ParameterChanged => "a signature parameter differs",
    };
    if what.is_empty() {
        format!("{label}{at}{more}")
    } else {
        format!("{label}{at}: {what}{more}")
    }
}
