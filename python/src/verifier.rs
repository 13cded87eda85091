//! `Verifier` (the verification policy), `MemoryNonceStore`, and the adapters that let
//! a Python clock and a Python nonce store serve the core's policy.
//!
//! A Python `clock` is called once per verification, with the GIL held, before the core
//! runs, and its value is passed to the core as `now`. A Python nonce store is called back with the GIL re-acquired; if it
//! raises or answers something else than a bool, the verification fails closed
//! (`nonce_store_unavailable`) and the Python exception becomes the error's `__cause__`.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{self, Algorithm, NonceStore};
use canonsig::{Error, ErrorCode};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString};

use crate::errors::to_py_err;
use crate::keys::{key_ring, releases_gil};
use crate::run;
use crate::signing::{signature_arg, trace_dict, Payload, PyVerified};

thread_local! {
    /// The exception a Python nonce store raised during this thread's verification.
    static STORE_FAILURE: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// A bounded in-memory nonce store (the core's): each nonce is accepted once within
/// twice the verifier's tolerance; when full, the oldest entries go first.
#[pyclass(frozen, module = "canonsig", name = "MemoryNonceStore")]
pub(crate) struct PyMemoryNonceStore {
    store: Arc<sign::MemoryNonceStore>,
    capacity: usize,
}

#[pymethods]
impl PyMemoryNonceStore {
    #[new]
    #[pyo3(signature = (capacity = 100_000))]
    fn new(capacity: usize) -> Self {
        PyMemoryNonceStore {
            store: Arc::new(sign::MemoryNonceStore::new(capacity)),
            capacity,
        }
    }

    /// How many nonces it holds now.
    fn __len__(&self) -> usize {
        self.store.len()
    }

    fn __repr__(&self) -> String {
        format!("MemoryNonceStore(capacity={})", self.capacity)
    }
}

/// A nonce store written in Python: any object with
/// `check_and_store(nonce: str, ttl: float, now: int) -> bool`.
struct PythonNonceStore(Py<PyAny>);

impl NonceStore for PythonNonceStore {
    fn check_and_store(&self, nonce: &str, ttl: Duration, now: u64) -> Result<bool, Error> {
        Python::attach(|py| {
            let answer = self
                .0
                .bind(py)
                .call_method1("check_and_store", (nonce, ttl.as_secs_f64(), now))
                .and_then(|r| {
                    r.cast_into::<PyBool>().map_err(|r| {
                        let type_name = r
                            .into_inner()
                            .get_type()
                            .name()
                            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
                        PyTypeError::new_err(format!("check_and_store must return a bool, not {type_name}"))
                    })
                });
            match answer {
                Ok(new) => Ok(new.is_true()),
                Err(raised) => {
                    let what = raised
                        .get_type(py)
                        .name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
                    STORE_FAILURE.with(|slot| *slot.borrow_mut() = Some(raised));
                    Err(Error::new(
                        ErrorCode::NonceStoreUnavailable,
                        format!("the nonce store raised {what}; refusing the signature (fail closed)"),
                    ))
                }
            }
        })
    }
}

/// Seconds from an int, a float or a `datetime.timedelta`.
pub(crate) fn seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Duration> {
    let secs: f64 = if value.hasattr("total_seconds")? {
        value.call_method0("total_seconds")?.extract()?
    } else if value.cast::<PyInt>().is_ok() || value.cast::<PyFloat>().is_ok() {
        value.extract()?
    } else {
        let type_name = value
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        return Err(PyTypeError::new_err(format!(
            "{what} must be seconds (int or float) or a timedelta, not {type_name}"
        )));
    };
    Duration::try_from_secs_f64(secs).map_err(|_| {
        PyValueError::new_err(format!(
            "{what} must be a finite, non-negative number of seconds, not {secs}"
        ))
    })
}

/// Unix seconds from the Python clock: an int or a float (rounded down), not negative.
fn call_clock(clock: &Bound<'_, PyAny>) -> PyResult<u64> {
    let now = clock.call0()?;
    if now.cast::<PyBool>().is_ok() {
        return Err(PyTypeError::new_err(
            "clock() must return Unix seconds (int or float), not bool",
        ));
    }
    if let Ok(int) = now.cast::<PyInt>() {
        return int
            .extract::<u64>()
            .map_err(|_| PyValueError::new_err(format!("clock() returned {int}, not Unix seconds")));
    }
    if let Ok(float) = now.cast::<PyFloat>() {
        let secs = float.value();
        if secs.is_finite() && secs >= 0.0 && secs < u64::MAX as f64 {
            // Truncation is the intent: whole seconds since the epoch.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(secs.floor() as u64);
        }
        return Err(PyValueError::new_err(format!(
            "clock() returned {secs}, not Unix seconds"
        )));
    }
    let type_name = now.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
    Err(PyTypeError::new_err(format!(
        "clock() must return Unix seconds (int or float), not {type_name}"
    )))
}

/// A verification policy over a key ring.
///
/// `keys`: one Key or a sequence (rotation: old and new verify at once; a signature
/// selects its key by key id). `algorithms`: the accepted algorithm names (default:
/// those of the keys). `tolerance`: how far `created` may be from now, either way
/// (seconds or a timedelta, default 300). `clock`: a callable returning Unix seconds
/// (default: the system clock). `nonce_store`: a MemoryNonceStore, or any object with
/// `check_and_store(nonce, ttl, now) -> bool`, for replay protection.
/// `require_created` / `require_nonce`: refuse signatures without them.
#[pyclass(frozen, module = "canonsig", name = "Verifier")]
pub(crate) struct PyVerifier {
    verifier: sign::Verifier,
    clock: Option<Py<PyAny>>,
    /// The nonce store waits on the network (Redis): verify with the GIL released.
    store_blocks: bool,
    /// For `repr`: key ids, accepted algorithms, tolerance, nonce store and requirements.
    summary: String,
}

impl PyVerifier {
    /// Runs one core verification at this verifier's clock (`None`: the system clock) and
    /// attaches the Python nonce store's failure (if any) to the error as its cause.
    fn call<T: Send>(
        &self,
        py: Python<'_>,
        payload: &Payload,
        algorithm: Option<Algorithm>,
        f: impl Send + FnOnce(&sign::Verifier, &[u8], Option<u64>) -> T,
    ) -> PyResult<T> {
        let now = self
            .clock
            .as_ref()
            .map(|clock| call_clock(clock.bind(py)))
            .transpose()?;
        let bytes = payload.as_bytes();
        let detach = match algorithm {
            Some(a) => releases_gil(a, bytes.len()),
            None => self
                .verifier
                .keys()
                .iter()
                .any(|k| releases_gil(k.algorithm(), bytes.len())),
        };
        let detach = detach || self.store_blocks;
        STORE_FAILURE.with(|slot| slot.borrow_mut().take());
        let verifier = &self.verifier;
        Ok(run(py, detach, || f(verifier, bytes, now)))
    }

    fn fail(py: Python<'_>, error: Error) -> PyErr {
        let err = to_py_err(py, error);
        if let Some(cause) = STORE_FAILURE.with(|slot| slot.borrow_mut().take()) {
            err.set_cause(py, Some(cause));
        }
        err
    }
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (
        keys,
        *,
        algorithms = None,
        tolerance = None,
        clock = None,
        nonce_store = None,
        require_created = false,
        require_nonce = false,
    ))]
    // `tolerance=None` would mean 300; the signature Python sees says so.
    #[pyo3(
        text_signature = "(keys, *, algorithms=None, tolerance=300, clock=None, nonce_store=None, require_created=False, require_nonce=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        algorithms: Option<Vec<String>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
        nonce_store: Option<&Bound<'_, PyAny>>,
        require_created: bool,
        require_nonce: bool,
    ) -> PyResult<Self> {
        let ring = key_ring(keys)?;
        let key_ids = ring
            .iter()
            .map(|k| PyString::new(py, k.key_id()).repr().map(|r| r.to_string()))
            .collect::<PyResult<Vec<String>>>()?;
        let tolerance = match tolerance {
            Some(t) => seconds(t, "tolerance")?,
            None => Duration::from_secs(300),
        };
        let mut verifier = sign::Verifier::new(ring)
            .tolerance(tolerance)
            .require_created(require_created)
            .require_nonce(require_nonce);
        if let Some(names) = &algorithms {
            let parsed: Vec<Algorithm> = names
                .iter()
                .map(|n| n.parse())
                .collect::<Result<_, _>>()
                .map_err(|e| to_py_err(py, e))?;
            verifier = verifier.allow_algorithms(&parsed);
        }
        if let Some(clock) = clock {
            if !clock.is_callable() {
                return Err(PyTypeError::new_err("clock must be a callable returning Unix seconds"));
            }
        }
        let mut store_blocks = false;
        let store_name = match nonce_store {
            None => "None".to_owned(),
            Some(store) => {
                if let Ok(memory) = store.cast::<PyMemoryNonceStore>() {
                    verifier = verifier.nonce_store(memory.get().store.clone());
                } else if let Some(redis) = crate::redis_store::core_store(store) {
                    verifier = verifier.nonce_store(redis);
                    store_blocks = true;
                } else if store.getattr("check_and_store").is_ok_and(|m| m.is_callable()) {
                    verifier = verifier.nonce_store(Arc::new(PythonNonceStore(store.clone().unbind())));
                } else {
                    return Err(PyTypeError::new_err(
                        "nonce_store must be a MemoryNonceStore, a RedisNonceStore or have a check_and_store(nonce, ttl, now) method",
                    ));
                }
                store.repr()?.to_string()
            }
        };
        let summary = format!(
            "key_ids=[{}], algorithms={}, tolerance={}, nonce_store={store_name}, require_created={}, require_nonce={}",
            key_ids.join(", "),
            match &algorithms {
                Some(names) => PyList::new(py, names)?.repr()?.to_string(),
                None => "None".to_owned(),
            },
            tolerance.as_secs_f64(),
            if require_created { "True" } else { "False" },
            if require_nonce { "True" } else { "False" },
        );
        Ok(PyVerifier {
            verifier,
            clock: clock.map(|c| c.clone().unbind()),
            store_blocks,
            summary,
        })
    }

    /// Verify a signed JSON payload under this policy; returns Verified.
    ///
    /// `payload` is JSON text or a parsed value; `signature` a Signature or text
    /// (`Signature.parse(text, encoding)`). Raises SignatureMismatch (with
    /// `signed_bytes`) or VerificationError (with `code`), CanonicalizationError for a
    /// payload that cannot be canonicalized.
    #[pyo3(signature = (payload, signature, *, encoding = "base64url"))]
    fn verify_json(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        signature: &Bound<'_, PyAny>,
        encoding: &str,
    ) -> PyResult<PyVerified> {
        let signature = signature_arg(signature, encoding)?;
        let payload = Payload::extract(payload, signature.profile)?;
        let result = self.call(py, &payload, signature.algorithm, |v, bytes, now| match now {
            Some(now) => v.verify_json_at(bytes, &signature, now),
            None => v.verify_json(bytes, &signature),
        })?;
        result.map(PyVerified::from).map_err(|e| Self::fail(py, e))
    }

    /// Verify like `verify_json` and also return the verifier's trace (a dict, as
    /// `sign_json_traced` returns): `(Verified, trace)`. On failure the exception carries
    /// the trace as `.trace` (outcome = the error code), so both outcomes can be logged.
    #[pyo3(signature = (payload, signature, *, encoding = "base64url", include_signing_string = false, request_id = None))]
    fn verify_json_traced<'py>(
        &self,
        py: Python<'py>,
        payload: &Bound<'py, PyAny>,
        signature: &Bound<'py, PyAny>,
        encoding: &str,
        include_signing_string: bool,
        request_id: Option<String>,
    ) -> PyResult<(PyVerified, Bound<'py, PyAny>)> {
        let signature = signature_arg(signature, encoding)?;
        let payload = Payload::extract(payload, signature.profile)?;
        let (result, trace) = self.call(py, &payload, signature.algorithm, |v, bytes, now| match now {
            Some(now) => v.verify_json_traced_at(bytes, &signature, include_signing_string, now),
            None => v.verify_json_traced(bytes, &signature, include_signing_string),
        })?;
        let trace = trace.map(|t| trace_dict(py, t, request_id)).transpose()?;
        match result {
            Ok(verified) => {
                let trace = trace.ok_or_else(|| PyValueError::new_err("the core returned no trace"))?;
                Ok((PyVerified::from(verified), trace))
            }
            Err(error) => {
                let err = Self::fail(py, error);
                if let Some(trace) = trace {
                    err.value(py).setattr("trace", trace)?;
                }
                Err(err)
            }
        }
    }

    fn __repr__(&self) -> String {
        format!("Verifier({})", self.summary)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyVerifier>()?;
    m.add_class::<PyMemoryNonceStore>()?;
    Ok(())
}
