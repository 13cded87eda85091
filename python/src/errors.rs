//! The one conversion from [`canonsig::Error`] to a Python exception.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// `canonsig.CanonicalizationError`, defined in Python (`canonsig/_errors.py`) because it
/// inherits from both `canonsig.Error` and `ValueError`, which abi3 extension types cannot.
static CANONICALIZATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Converts a core error into `canonsig.CanonicalizationError(message, code, offset, path)`,
/// keeping the code, byte offset and JSON path as attributes and the core's Display as `str()`.
pub(crate) fn to_py_err(py: Python<'_>, error: canonsig::Error) -> PyErr {
    match CANONICALIZATION_ERROR.import(py, "canonsig._errors", "CanonicalizationError") {
        Ok(class) => PyErr::from_type(
            class.clone(),
            (
                error.to_string(),
                error.code().as_str(),
                error.offset(),
                error.path().map(str::to_owned),
            ),
        ),
        Err(import_failed) => import_failed,
    }
}
