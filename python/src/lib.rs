//! `canonsig._canonsig`: the Python binding of the `canonsig` crate.
//!
//! Thin by rule (STYLE.md §2.2): each function converts its arguments, calls one
//! `canonsig::` function and converts the result; errors go through
//! [`errors::to_py_err`]. The public package is `canonsig` (`python/python/canonsig/`).

use canonsig::canon::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE};
use canonsig::{Options, Profile};
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

mod diff;
mod errors;
mod keys;
mod message;
mod redis_store;
mod scheme_aws;
mod scheme_http;
mod scheme_webhook;
mod signing;
mod text;
mod value;
mod verifier;

use errors::to_py_err;
use text::Text;

/// Inputs at least this large (bytes, or nodes for values) are canonicalized with the
/// GIL released, so other Python threads keep running.
pub(crate) const DETACH_THRESHOLD: usize = 64 * 1024;

// The signatures below spell the core's defaults as literals, so Python's
// `inspect.signature` (and stubtest) see the numbers; these keep them in step.
const _: () = assert!(DEFAULT_MAX_DEPTH == 128);
const _: () = assert!(DEFAULT_MAX_SIZE == 67_108_864);

fn options(
    py: Python<'_>,
    profile: &str,
    allow_unsafe_integers: bool,
    max_depth: usize,
    max_size: usize,
) -> PyResult<Options> {
    let profile: Profile = profile.parse().map_err(|e| to_py_err(py, e))?;
    Ok(Options::new()
        .profile(profile)
        .allow_unsafe_integers(allow_unsafe_integers)
        .max_depth(max_depth)
        .max_size(max_size))
}

/// Runs `f` with the GIL released when `detach` (the work is large enough for that to
/// pay off: big inputs, asymmetric cryptography, key generation).
pub(crate) fn run<T: Ungil>(py: Python<'_>, detach: bool, f: impl Ungil + FnOnce() -> T) -> T {
    if detach {
        py.detach(f)
    } else {
        f()
    }
}

/// `json.loads(text)`: the core's JSON records (JWKs, traces) as Python dicts.
pub(crate) fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// Canonicalize JSON text and return its canonical UTF-8 bytes.
///
/// `data` is `bytes`, `bytearray`, `memoryview` or `str` (read as UTF-8). `profile` is one
/// of `PROFILES` (default "jcs", RFC 8785). Integers beyond +-(2**53-1) are refused in the
/// binary64 profiles unless `allow_unsafe_integers`; nesting beyond `max_depth` and input
/// beyond `max_size` bytes are refused.
///
/// Raises CanonicalizationError (a ValueError) with `code`, `offset` and `path`.
#[pyfunction]
#[pyo3(signature = (
    data,
    *,
    profile = "jcs",
    allow_unsafe_integers = false,
    max_depth = 128,
    max_size = 67108864,
))]
fn canonicalize<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    profile: &str,
    allow_unsafe_integers: bool,
    max_depth: usize,
    max_size: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let options = options(py, profile, allow_unsafe_integers, max_depth, max_size)?;
    let text = Text::extract(data, &options)?;
    let input = text.as_bytes();
    let out = run(py, input.len() >= DETACH_THRESHOLD, || {
        canonsig::canonicalize_with(input, &options)
    });
    out.map(|bytes| PyBytes::new(py, &bytes)).map_err(|e| to_py_err(py, e))
}

/// Canonicalize a Python value without going through JSON text.
///
/// `obj` is built from dict (str keys), list, tuple, str, int, float, bool and None;
/// anything else is an `unsupported_value` error naming the type and the JSON path.
/// `int` stays exact in the Python profiles. Options as for `canonicalize`.
///
/// Raises CanonicalizationError (a ValueError) with `code` and `path` (`offset` is None).
#[pyfunction]
#[pyo3(signature = (
    obj,
    *,
    profile = "jcs",
    allow_unsafe_integers = false,
    max_depth = 128,
))]
fn canonicalize_value<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    profile: &str,
    allow_unsafe_integers: bool,
    max_depth: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let options = options(py, profile, allow_unsafe_integers, max_depth, DEFAULT_MAX_SIZE)?;
    let converted = value::convert(obj, max_depth)?;
    let value = &converted.value;
    let out = run(py, converted.nodes >= DETACH_THRESHOLD, || {
        canonsig::canonicalize_value(value, &options)
    });
    out.map(|bytes| PyBytes::new(py, &bytes)).map_err(|e| to_py_err(py, e))
}

/// Where non-canonical input first departs from its canonical form.
#[pyclass(frozen, eq, hash, module = "canonsig", name = "Departure")]
#[derive(PartialEq, Eq, Hash)]
struct Departure {
    /// Byte offset of the first differing byte.
    #[pyo3(get)]
    offset: usize,
    /// 1-based line of that byte.
    #[pyo3(get)]
    line: usize,
    /// 1-based column (in bytes) of that byte.
    #[pyo3(get)]
    column: usize,
}

#[pymethods]
impl Departure {
    #[new]
    #[pyo3(signature = (offset, line, column))]
    fn new(offset: usize, line: usize, column: usize) -> Self {
        Departure { offset, line, column }
    }

    fn __repr__(&self) -> String {
        format!(
            "Departure(offset={}, line={}, column={})",
            self.offset, self.line, self.column
        )
    }
}

/// Check whether JSON text is already canonical.
///
/// Returns None when `data` is exactly its canonical form, else a Departure giving the
/// offset, line and column of the first byte that differs. Input that cannot be
/// canonicalized raises CanonicalizationError, as `canonicalize` does.
#[pyfunction]
#[pyo3(signature = (
    data,
    *,
    profile = "jcs",
    allow_unsafe_integers = false,
    max_depth = 128,
    max_size = 67108864,
))]
fn check_canonical(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    profile: &str,
    allow_unsafe_integers: bool,
    max_depth: usize,
    max_size: usize,
) -> PyResult<Option<Departure>> {
    let options = options(py, profile, allow_unsafe_integers, max_depth, max_size)?;
    let text = Text::extract(data, &options)?;
    let input = text.as_bytes();
    let found = run(py, input.len() >= DETACH_THRESHOLD, || {
        canonsig::check_canonical(input, &options)
    });
    let departure = found.map_err(|e| to_py_err(py, e))?;
    Ok(departure.map(|d| Departure {
        offset: d.offset,
        line: d.line,
        column: d.column,
    }))
}

#[pymodule]
fn _canonsig(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(canonicalize, m)?)?;
    m.add_function(wrap_pyfunction!(canonicalize_value, m)?)?;
    m.add_function(wrap_pyfunction!(check_canonical, m)?)?;
    m.add_class::<Departure>()?;
    m.add("PROFILES", PyTuple::new(py, Profile::ALL.iter().map(|p| p.name()))?)?;
    m.add(
        "ALGORITHMS",
        PyTuple::new(py, canonsig::sign::Algorithm::ALL.iter().map(|a| a.name()))?,
    )?;
    // Core's default Content-Digest algorithm: Python's defaults name it, never spell it.
    m.add(
        "DEFAULT_DIGEST",
        canonsig::scheme::http::DigestAlgorithm::default().name(),
    )?;
    m.add_class::<keys::PyKey>()?;
    m.add_class::<keys::HmacKey>()?;
    m.add_class::<keys::Ed25519Key>()?;
    m.add_class::<keys::EcdsaKey>()?;
    m.add_class::<keys::RsaKey>()?;
    signing::register(m)?;
    verifier::register(m)?;
    redis_store::register(m)?;
    diff::register(m)?;
    message::register(m)?;
    scheme_http::register(m)?;
    scheme_aws::register(m)?;
    scheme_webhook::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
