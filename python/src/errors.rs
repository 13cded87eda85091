//! The one conversion from [`canonsig::Error`] to a Python exception.
//!
//! The exception classes are defined in Python (`canonsig/_errors.py`) because some
//! inherit from both `canonsig.Error` and `ValueError`, which abi3 extension types cannot.
//! Which class is raised depends on the error code alone, with one exception:
//! `algorithm_mismatch` while *loading a key* (the key material and the algorithm the
//! caller named disagree) is an `InvalidKeyError`, while *verifying* (the signature claims
//! another algorithm than its key's) it is a `VerificationError`.

use canonsig::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyModule};

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// What the failing call was doing, when the code alone does not decide the class.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Other,
    LoadingKey,
}

/// Converts a core error into the `canonsig` exception for its code, keeping the code,
/// byte offset and JSON path as attributes, the core's Display as `str()`, and for a
/// `signature_mismatch` the bytes the verifier signed (`signed_bytes`).
pub(crate) fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    convert(py, error, Stage::Other)
}

/// [`to_py_err`] for errors raised while building a key: every one of them, an
/// `algorithm_mismatch` included, is an `InvalidKeyError`.
pub(crate) fn key_err(py: Python<'_>, error: Error) -> PyErr {
    convert(py, error, Stage::LoadingKey)
}

fn class_name(code: ErrorCode, stage: Stage) -> &'static str {
    match code {
        ErrorCode::InvalidKey | ErrorCode::UnsupportedAlgorithm => "InvalidKeyError",
        ErrorCode::AlgorithmMismatch if stage == Stage::LoadingKey => "InvalidKeyError",
        ErrorCode::SignatureMismatch => "SignatureMismatch",
        ErrorCode::AlgorithmMismatch
        | ErrorCode::AlgorithmNotAllowed
        | ErrorCode::MalformedSignature
        | ErrorCode::UnknownKeyId
        | ErrorCode::Expired
        | ErrorCode::FutureTimestamp
        | ErrorCode::ReplayedNonce
        | ErrorCode::MissingParameter
        | ErrorCode::NonceStoreUnavailable => "VerificationError",
        ErrorCode::Syntax
        | ErrorCode::UnexpectedEnd
        | ErrorCode::EmptyInput
        | ErrorCode::InvalidUtf8
        | ErrorCode::LoneSurrogate
        | ErrorCode::InvalidEscape
        | ErrorCode::ControlCharacter
        | ErrorCode::DuplicateKey
        | ErrorCode::InvalidNumber
        | ErrorCode::NonFiniteNumber
        | ErrorCode::NumberOutOfRange
        | ErrorCode::UnsafeInteger
        | ErrorCode::TooDeep
        | ErrorCode::TooLarge
        | ErrorCode::Bom
        | ErrorCode::TrailingData
        | ErrorCode::UnsupportedValue
        | ErrorCode::InvalidOption => "CanonicalizationError",
        // A code this binding does not know yet still raises a canonsig.Error with its code.
        _ => "Error",
    }
}

fn convert(py: Python<'_>, error: Error, stage: Stage) -> PyErr {
    let made = ERRORS_MODULE
        .get_or_try_init(py, || py.import("canonsig._errors").map(Bound::unbind))
        .and_then(|module| module.bind(py).getattr(class_name(error.code(), stage)))
        .and_then(|class| {
            let (message, code) = (error.to_string(), error.code().as_str());
            let (offset, path) = (error.offset(), error.path().map(str::to_owned));
            match error.signed_bytes() {
                Some(signed) => class.call1((message, code, offset, path, PyBytes::new(py, signed))),
                None => class.call1((message, code, offset, path)),
            }
        });
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(failed) => failed,
    }
}
