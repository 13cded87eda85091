//! Diffing two signing traces, one from each side.

use super::finding::{Cause, Findings, Occurrence};
use super::{explain, Explanation};
use crate::sign::Encoding;
use crate::{Error, ErrorCode};

/// The fields of a trace line that matter for the comparison.
struct TraceFields {
    algorithm: Option<String>,
    key_id: Option<String>,
    profile: Option<String>,
    sha256: Option<String>,
    len: Option<u64>,
    signing: Option<Vec<u8>>,
}

fn read(trace: &[u8], which: &str) -> Result<TraceFields, Error> {
    let bad = |what: String| Error::new(ErrorCode::MalformedInput, format!("the {which} trace {what}"));
    let v: serde_json::Value = serde_json::from_slice(trace).map_err(|e| bad(format!("is not JSON: {e}")))?;
    let obj = v.as_object().ok_or_else(|| bad("is not a JSON object".into()))?;
    if !obj.contains_key("signing_sha256") {
        return Err(bad("has no signing_sha256: it is not a canonsig signing trace".into()));
    }
    let s = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let signing = match s("signing_string_b64") {
        Some(b64) => Some(Encoding::Base64.decode(&b64, "signing_string_b64")?),
        None => None,
    };
    Ok(TraceFields {
        algorithm: s("algorithm"),
        key_id: s("key_id"),
        profile: s("profile"),
        sha256: s("signing_sha256"),
        len: obj.get("signing_len").and_then(|x| x.as_u64()),
        signing,
    })
}

/// Compares two signing traces (JSON lines from `SigningTrace::to_json`): the signer's as
/// `expected`, the verifier's as `actual`. Differing parameters (algorithm, key id,
/// profile) are `parameter_changed`; when both traces carry their signing strings, those
/// are explained byte by byte, otherwise the digests are compared.
///
/// Errors: `malformed_input` when a side is not a canonsig trace.
pub fn explain_traces(expected: &[u8], actual: &[u8]) -> Result<Explanation, Error> {
    let (e, a) = (read(expected, "expected")?, read(actual, "actual")?);
    let mut explanation = match (&e.signing, &a.signing) {
        (Some(se), Some(sa)) => explain(se, sa),
        _ => {
            // Without the signing strings, the byte diff is of the two trace lines, and
            // the findings are only the ones the traces themselves support (below).
            let mut lines = explain(expected.trim_ascii(), actual.trim_ascii());
            lines.findings.clear();
            lines.json = false;
            lines.expected_style = None;
            lines.actual_style = None;
            lines
        }
    };
    let mut f = Findings::default();
    for (name, x, y) in [
        ("algorithm", &e.algorithm, &a.algorithm),
        ("key_id", &e.key_id, &a.key_id),
        ("profile", &e.profile, &a.profile),
    ] {
        if x != y {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
            f.add(
                Cause::ParameterChanged,
                Occurrence {
                    path: Some(name.to_string()),
                    expected: None,
                    actual: None,
                    detail: format!("{name}: {} vs {}", show(x), show(y)),
                },
            );
        }
    }
    let digests_differ = e.sha256 != a.sha256;
    if digests_differ && (e.signing.is_none() || a.signing.is_none()) {
        let show = |s: &Option<String>, n: Option<u64>| {
            format!(
                "sha256 {} ({} bytes)",
                s.as_deref().unwrap_or("?"),
                n.map_or("?".into(), |n| n.to_string())
            )
        };
        f.add(
            Cause::ValueChanged,
            Occurrence {
                path: Some("signing string".into()),
                expected: None,
                actual: None,
                detail: format!(
                    "the signing strings differ: {} vs {}; record both traces with the signing string to see which bytes",
                    show(&e.sha256, e.len),
                    show(&a.sha256, a.len)
                ),
            },
        );
    }
    let mut extra = f.finish();
    explanation.findings.append(&mut extra);
    explanation.findings.sort_by_key(|f| f.cause);
    Ok(explanation)
}
