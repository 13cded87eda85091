//! Diff and explain: `canonsig.diff`, `explain`, `forensics`, `explain_traces`, `visible`.
//!
//! The core's results are handed over as their serde JSON (the shape every frontend and
//! `canonsig diff --format json` share) plus the texts only the core can render (the
//! explanation's plain text, a style's description) and the exact signed bytes; the
//! Python classes in `canonsig/_diff.py` are built from them.

use canonsig::diff::{self, Cause, Explanation};
use canonsig::Options;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::errors::to_py_err;
use crate::keys::PyKey;
use crate::text::Text;
use crate::{run, DETACH_THRESHOLD};

/// Diff inputs have no size limit: the core bounds its own work on huge inputs.
fn read(data: &Bound<'_, PyAny>) -> PyResult<Text> {
    Text::extract(data, &Options::new().max_size(usize::MAX))
}

/// The core's types serialize to plain JSON; failing would be a bug, not bad input.
fn serialize_error(e: serde_json::Error) -> PyErr {
    PyRuntimeError::new_err(format!("canonsig: cannot serialize the result: {e}"))
}

/// An explanation as (serde JSON, plain-text rendering).
fn explanation_parts(e: &Explanation) -> PyResult<(String, String)> {
    Ok((serde_json::to_string(e).map_err(serialize_error)?, e.to_string()))
}

/// `diff(expected, actual)`: the byte-exact diff as JSON.
#[pyfunction]
fn _diff(py: Python<'_>, expected: &Bound<'_, PyAny>, actual: &Bound<'_, PyAny>) -> PyResult<String> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    run(py, detach, || serde_json::to_string(&diff::diff(e, a))).map_err(serialize_error)
}

/// `explain(expected, actual)`: (JSON, text) of the explanation.
#[pyfunction]
fn _explain(py: Python<'_>, expected: &Bound<'_, PyAny>, actual: &Bound<'_, PyAny>) -> PyResult<(String, String)> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    run(py, detach, || explanation_parts(&diff::explain(e, a)))
}

/// `explain_traces(expected, actual)`: (JSON, text); `malformed_input` for a side that is
/// not a canonsig signing trace.
#[pyfunction]
fn _explain_traces(
    py: Python<'_>,
    expected: &Bound<'_, PyAny>,
    actual: &Bound<'_, PyAny>,
) -> PyResult<(String, String)> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    let explained = run(py, detach, || diff::explain_traces(e, a));
    explanation_parts(&explained.map_err(|err| to_py_err(py, err))?)
}

/// What `_forensics` returns: the JSON, then for a match the text of its explanation,
/// the description of its style (if any) and the exact signed bytes.
type ForensicParts<'py> = (String, Option<(String, Option<String>, Bound<'py, PyBytes>)>);

/// `forensics(payload, signature, key)`. Always runs with the GIL released: it may try
/// hundreds of candidates, each an HMAC or an asymmetric verification.
#[pyfunction]
fn _forensics<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    signature: &str,
    key: &Bound<'py, PyKey>,
) -> PyResult<ForensicParts<'py>> {
    let payload = read(payload)?;
    let payload = payload.as_bytes();
    let key = &key.get().key;
    let found = run(py, true, || diff::forensics(payload, signature, key)).map_err(|e| to_py_err(py, e))?;
    let json = serde_json::to_string(&found).map_err(serialize_error)?;
    let matched = found.matched.map(|m| {
        (
            m.explanation.to_string(),
            m.style.map(|s| s.to_string()),
            PyBytes::new(py, &m.signed),
        )
    });
    Ok((json, matched))
}

/// Bytes (or `str`, as UTF-8) made visible: invisible characters as `⟨NAME⟩` or
/// `⟨U+XXXX⟩` markers, bytes that are not UTF-8 as `⟨xFF⟩`, a literal `⟨` doubled.
#[pyfunction]
fn visible(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = read(data)?;
    let bytes = text.as_bytes();
    Ok(run(py, bytes.len() >= DETACH_THRESHOLD, || diff::visible(bytes)))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(_diff, m)?)?;
    m.add_function(wrap_pyfunction!(_explain, m)?)?;
    m.add_function(wrap_pyfunction!(_explain_traces, m)?)?;
    m.add_function(wrap_pyfunction!(_forensics, m)?)?;
    m.add_function(wrap_pyfunction!(visible, m)?)?;
    m.add("CAUSES", PyTuple::new(py, Cause::ALL.iter().map(|c| c.as_str()))?)?;
    // (name, advice, is_serialization) per cause, for Finding.advice and Explanation.same_data.
    let info = Cause::ALL
        .iter()
        .map(|c| (c.as_str(), c.advice(), c.is_serialization()));
    m.add("_CAUSE_INFO", PyTuple::new(py, info)?)?;
    Ok(())
}
