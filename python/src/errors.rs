//! The one conversion from [`canonsig::Error`] to a Python exception.
//!
//! The exception classes are defined in Python (`canonsig/_errors.py`) because some
//! inherit from both `canonsig.Error` and `ValueError`, which abi3 extension types cannot.
//! Which class is raised is decided in core ([`canonsig::Error::kind`]): the same family
//! gives the same class in Python and JS (an `algorithm_mismatch` while loading a key is
//! an `InvalidKeyError`, while verifying a `VerificationError`).

use canonsig::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyModule};

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Converts a core error into the `canonsig` exception for its family
/// ([`canonsig::ErrorKind`], decided in core), keeping the code, byte offset and JSON
/// path as attributes, the core's Display as `str()`, for a `signature_mismatch`
/// the bytes the verifier signed (`signed_bytes`), and the named intermediate strings
/// a scheme computed (`details`: `canonical_request`, `string_to_sign`).
pub(crate) fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    convert(py, error)
}

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Canonicalization => "CanonicalizationError",
        ErrorKind::InvalidKey => "InvalidKeyError",
        ErrorKind::Verification => "VerificationError",
        ErrorKind::SignatureMismatch => "SignatureMismatch",
        // A family this binding does not know yet still raises a canonsig.Error with its code.
        _ => "Error",
    }
}

fn convert(py: Python<'_>, error: Error) -> PyErr {
    let made = ERRORS_MODULE
        .get_or_try_init(py, || py.import("canonsig._errors").map(Bound::unbind))
        .and_then(|module| module.bind(py).getattr(class_name(error.kind())))
        .and_then(|class| {
            let (message, code) = (error.to_string(), error.code().as_str());
            let (offset, path) = (error.offset(), error.path().map(str::to_owned));
            match error.signed_bytes() {
                Some(signed) => class.call1((message, code, offset, path, PyBytes::new(py, signed))),
                None => class.call1((message, code, offset, path)),
            }
        });
    let made = made.and_then(|instance| {
        if !error.details().is_empty() {
            let details = PyDict::new(py);
            for (name, value) in error.details() {
                details.set_item(name, value)?;
            }
            instance.setattr("details", details)?;
        }
        Ok(instance)
    });
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(failed) => failed,
    }
}
