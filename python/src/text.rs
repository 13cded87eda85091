//! JSON text arguments (`bytes | bytearray | memoryview | str`) as bytes the core can read
//! without the GIL.

use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

use canonsig::Options;

use crate::errors::to_py_err;

/// Input text owned by (or copied from) a Python object; `Send`, so the core can run
/// on it with the GIL released.
pub(crate) enum Text {
    Bytes(PyBackedBytes),
    Str(PyBackedStr),
}

impl Text {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Bytes(b) => b,
            Text::Str(s) => s.as_bytes(),
        }
    }

    /// Reads `data`: `bytes` without a copy, `bytearray` and `memoryview` copied (they are
    /// mutable), `str` as UTF-8. Input over `options.max_size` is refused before any copy
    /// (a `str` of more code points than that has at least as many UTF-8 bytes).
    ///
    /// A `str` holding a lone surrogate has no UTF-8 form; it is passed on with the surrogate
    /// encoded as three bytes (`surrogatepass`), which the core reports as `lone_surrogate`
    /// at the right byte offset, exactly as for the same bytes given directly.
    pub(crate) fn extract(data: &Bound<'_, PyAny>, options: &Options) -> PyResult<Text> {
        let py = data.py();
        let check_size = |len: usize| options.check_size(len).map_err(|e| to_py_err(py, e));
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return Ok(Text::Bytes(PyBackedBytes::from(bytes.clone())));
        }
        if let Ok(s) = data.cast::<PyString>() {
            check_size(s.len()?)?;
            return match PyBackedStr::try_from(s.clone()) {
                Ok(s) => Ok(Text::Str(s)),
                Err(e) if e.is_instance_of::<PyUnicodeEncodeError>(py) => {
                    let raw = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
                    Ok(Text::Bytes(PyBackedBytes::from(raw.cast_into::<PyBytes>()?)))
                }
                Err(e) => Err(e),
            };
        }
        if let Ok(array) = data.cast::<PyByteArray>() {
            check_size(array.len())?;
            return Ok(Text::Bytes(PyBackedBytes::from(array.clone())));
        }
        if let Ok(view) = data.cast::<PyMemoryView>() {
            check_size(view.getattr("nbytes")?.extract()?)?;
            let copy = view.call_method0("tobytes")?.cast_into::<PyBytes>()?;
            return Ok(Text::Bytes(PyBackedBytes::from(copy)));
        }
        let type_name = data
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        Err(PyTypeError::new_err(format!(
            "data must be bytes, bytearray, memoryview or str, not {type_name}"
        )))
    }
}

/// Reads a binary argument (a message, a signature, a secret, a public key):
/// `bytes` without a copy, `bytearray` and `memoryview` copied. A `str` is refused:
/// which bytes it stands for (UTF-8? base64?) is the caller's choice to make.
pub(crate) fn binary(data: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedBytes> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        return Ok(PyBackedBytes::from(bytes.clone()));
    }
    if let Ok(array) = data.cast::<PyByteArray>() {
        return Ok(PyBackedBytes::from(array.clone()));
    }
    if data.cast::<PyMemoryView>().is_ok() {
        let copy = data.call_method0("tobytes")?.cast_into::<PyBytes>()?;
        return Ok(PyBackedBytes::from(copy));
    }
    let type_name = data
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    let hint = if data.cast::<PyString>().is_ok() {
        " (encode it first, or decode it from its base64/hex form)"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "{what} must be bytes, bytearray or memoryview, not {type_name}{hint}"
    )))
}

/// True for the argument types [`Text::extract`] reads as JSON text.
pub(crate) fn is_text(data: &Bound<'_, PyAny>) -> bool {
    data.cast::<PyBytes>().is_ok()
        || data.cast::<PyString>().is_ok()
        || data.cast::<PyByteArray>().is_ok()
        || data.cast::<PyMemoryView>().is_ok()
}
