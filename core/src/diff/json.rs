//! The JSON form of the diff results: the one shape every frontend shows (Python's
//! `to_dict()`, the JS objects with camelCase keys, `canonsig diff|explain --format json`).
//!
//! Each result serializes whole: its fields in declaration order, then the values a
//! reader would otherwise derive from them with core's rules (a change's `kind`, `is_equal`,
//! `same_data`, `causes`, a finding's `advice` and `is_serialization`, the explanation's
//! plain-text rendering, a style's description). The text is plain `serde_json` (members
//! in this order, not sorted), so a frontend that parses it keeps the order.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{AwsExplanation, Change, Diff, Explanation, Finding, Forensics, Style};
use crate::{Error, ErrorCode};

/// `value` as one line of JSON, members in declaration order.
fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    // These types hold only strings, integers, booleans, lists and structs, which serde_json
    // always writes; an error here would be a canonsig bug, reported rather than hidden.
    serde_json::to_string(value).map_err(|e| Error::new(ErrorCode::UnsupportedValue, e.to_string()))
}

impl Diff {
    /// The diff as one line of JSON, members in this order: `expected_len`, `actual_len`,
    /// `first_difference`, `changes` (each `{expected, actual, kind}`), `truncated`,
    /// `context`, `is_equal`.
    pub fn to_json(&self) -> Result<String, Error> {
        to_json(self)
    }
}

impl Explanation {
    /// The explanation as one line of JSON, members in this order: `diff` (as
    /// [`Diff::to_json`]), `findings` (each `{cause, summary, occurrences, total, advice,
    /// is_serialization}`), `json`, `expected_style`, `actual_style`, `is_equal`,
    /// `same_data`, `causes` and `text` (the plain-text rendering, as `Display`).
    ///
    /// ```
    /// let why = canonsig::diff::explain(br#"{"a":1}"#, br#"{"a":1.0}"#);
    /// let json = why.to_json()?;
    /// assert!(json.starts_with(r#"{"diff":{"expected_len":7,"actual_len":9,"#));
    /// assert!(json.contains(r#""changes":[{"expected":{"start":6,"end":6},"actual":{"start":6,"end":8},"kind":"insert"}]"#));
    /// assert!(json.contains(r#""advice":"format numbers canonically"#));
    /// assert!(json.contains(r#""is_equal":false,"same_data":true,"causes":["number_format","profile"],"text":"different: "#));
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String, Error> {
        to_json(self)
    }
}

impl Forensics {
    /// The forensic report as one line of JSON, members in this order: `matched` (null,
    /// or its fields in declaration order, the `style` with its `description`, `signed` as
    /// text, the `explanation` as [`Explanation::to_json`]), `candidates_tried`,
    /// `payload_is_json`.
    pub fn to_json(&self) -> Result<String, Error> {
        to_json(self)
    }
}

impl AwsExplanation {
    /// The AWS explanation as one line of JSON: its fields in declaration order (the two
    /// explanations as [`Explanation::to_json`]), then `causes` and `text` (the plain-text
    /// report, as `Display`).
    pub fn to_json(&self) -> Result<String, Error> {
        to_json(self)
    }
}

// The impls below name every field of their struct in a `let` first, so adding a field
// without serializing it does not compile.

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Change { expected, actual } = self;
        let mut out = s.serialize_struct("Change", 3)?;
        out.serialize_field("expected", expected)?;
        out.serialize_field("actual", actual)?;
        out.serialize_field("kind", self.kind())?;
        out.end()
    }
}

impl Serialize for Diff {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Diff {
            expected_len,
            actual_len,
            first_difference,
            changes,
            truncated,
            context,
        } = self;
        let mut out = s.serialize_struct("Diff", 7)?;
        out.serialize_field("expected_len", expected_len)?;
        out.serialize_field("actual_len", actual_len)?;
        out.serialize_field("first_difference", first_difference)?;
        out.serialize_field("changes", changes)?;
        out.serialize_field("truncated", truncated)?;
        out.serialize_field("context", context)?;
        out.serialize_field("is_equal", &self.is_equal())?;
        out.end()
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Finding {
            cause,
            summary,
            occurrences,
            total,
        } = self;
        let mut out = s.serialize_struct("Finding", 6)?;
        out.serialize_field("cause", cause)?;
        out.serialize_field("summary", summary)?;
        out.serialize_field("occurrences", occurrences)?;
        out.serialize_field("total", total)?;
        out.serialize_field("advice", cause.advice())?;
        out.serialize_field("is_serialization", &cause.is_serialization())?;
        out.end()
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Explanation {
            diff,
            findings,
            json,
            expected_style,
            actual_style,
        } = self;
        let mut out = s.serialize_struct("Explanation", 9)?;
        out.serialize_field("diff", diff)?;
        out.serialize_field("findings", findings)?;
        out.serialize_field("json", json)?;
        out.serialize_field("expected_style", expected_style)?;
        out.serialize_field("actual_style", actual_style)?;
        out.serialize_field("is_equal", &self.is_equal())?;
        out.serialize_field("same_data", &self.same_data())?;
        out.serialize_field("causes", &self.causes())?;
        out.serialize_field("text", &self.to_string())?;
        out.end()
    }
}

impl Serialize for AwsExplanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let AwsExplanation {
            code,
            local,
            aws_canonical_request,
            aws_string_to_sign,
            canonical_request,
            string_to_sign,
            conclusions,
        } = self;
        let mut out = s.serialize_struct("AwsExplanation", 9)?;
        out.serialize_field("code", code)?;
        out.serialize_field("local", local)?;
        out.serialize_field("aws_canonical_request", aws_canonical_request)?;
        out.serialize_field("aws_string_to_sign", aws_string_to_sign)?;
        out.serialize_field("canonical_request", canonical_request)?;
        out.serialize_field("string_to_sign", string_to_sign)?;
        out.serialize_field("conclusions", conclusions)?;
        out.serialize_field("causes", &self.causes())?;
        out.serialize_field("text", &self.to_string())?;
        out.end()
    }
}

impl Serialize for Style {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Style {
            order,
            separators,
            escaping,
            numbers,
            trailing_newline,
        } = self;
        let mut out = s.serialize_struct("Style", 6)?;
        out.serialize_field("order", order)?;
        out.serialize_field("separators", separators)?;
        out.serialize_field("escaping", escaping)?;
        out.serialize_field("numbers", numbers)?;
        out.serialize_field("trailing_newline", trailing_newline)?;
        out.serialize_field("description", &self.to_string())?;
        out.end()
    }
}
