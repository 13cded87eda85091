//! Diff and explain: `canonsig.diff`, `explain`, `forensics`, `explain_traces`, `visible`.
//!
//! The core's results cross as their JSON (`to_json`: whole, in the core's order, with the
//! derived fields and the plain-text rendering; the shape `canonsig diff --format json`
//! prints), plus the exact signed bytes of a forensic match, which JSON text cannot carry.
//! The Python classes in `canonsig/_diff.py` are built from them.

use canonsig::diff::{self, Cause};
use canonsig::Options;
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

/// `diff(expected, actual)`: the byte-exact diff as JSON.
#[pyfunction]
fn _diff(py: Python<'_>, expected: &Bound<'_, PyAny>, actual: &Bound<'_, PyAny>) -> PyResult<String> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    run(py, detach, || diff::diff(e, a).to_json()).map_err(|err| to_py_err(py, err))
}

/// `explain(expected, actual)`: the explanation as JSON.
#[pyfunction]
fn _explain(py: Python<'_>, expected: &Bound<'_, PyAny>, actual: &Bound<'_, PyAny>) -> PyResult<String> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    run(py, detach, || diff::explain(e, a).to_json()).map_err(|err| to_py_err(py, err))
}

/// `explain_traces(expected, actual)`: the explanation as JSON; `malformed_input` for a
/// side that is not a canonsig signing trace.
#[pyfunction]
fn _explain_traces(py: Python<'_>, expected: &Bound<'_, PyAny>, actual: &Bound<'_, PyAny>) -> PyResult<String> {
    let (e, a) = (read(expected)?, read(actual)?);
    let (e, a) = (e.as_bytes(), a.as_bytes());
    let detach = e.len() + a.len() >= DETACH_THRESHOLD;
    run(py, detach, || diff::explain_traces(e, a)?.to_json()).map_err(|err| to_py_err(py, err))
}

/// `forensics(payload, signature, key)`: the report as JSON, and the exact signed bytes of
/// the match (if any). Always runs with the GIL released: it may try hundreds of
/// candidates, each an HMAC or an asymmetric verification.
#[pyfunction]
fn _forensics<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    signature: &str,
    key: &Bound<'py, PyKey>,
) -> PyResult<(String, Option<Bound<'py, PyBytes>>)> {
    let payload = read(payload)?;
    let payload = payload.as_bytes();
    let key = &key.get().key;
    let (json, signed) = run(py, true, || {
        let found = diff::forensics(payload, signature, key)?;
        Ok::<_, canonsig::Error>((found.to_json()?, found.matched.map(|m| m.signed)))
    })
    .map_err(|err| to_py_err(py, err))?;
    Ok((json, signed.map(|bytes| PyBytes::new(py, &bytes))))
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
    Ok(())
}
