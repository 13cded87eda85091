//! `RedisNonceStore`: the core's Redis nonce store, for replay protection shared by a fleet.
//!
//! Every call that talks to Redis releases the GIL (it waits on the network); so does a
//! verification through a `Verifier` holding this store (see `verifier.rs`).

use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{self, NonceStore};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::to_py_err;
use crate::verifier::seconds;

/// Nonces kept in Redis, so that a signature is accepted once by every verifier sharing
/// the Redis (`url`: `redis://[:password@]host[:port][/db]`).
///
/// `prefix` starts every key (default `"canonsig:"`); `timeout` bounds the wait for Redis
/// (seconds or a timedelta, default 1). Connects lazily and reconnects by itself. While
/// Redis cannot answer, or for one ttl after it lost its nonces, verifications fail closed
/// with `nonce_store_unavailable`. Call `initialize()` once for a new namespace.
#[pyclass(frozen, module = "canonsig", name = "RedisNonceStore")]
pub(crate) struct PyRedisNonceStore {
    store: Arc<sign::RedisNonceStore>,
}

#[pymethods]
impl PyRedisNonceStore {
    #[new]
    #[pyo3(signature = (url, *, prefix = "canonsig:", timeout = None))]
    #[pyo3(text_signature = "(url, *, prefix='canonsig:', timeout=1.0)")]
    fn new(py: Python<'_>, url: &str, prefix: &str, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let timeout = match timeout {
            Some(t) => seconds(t, "timeout")?,
            None => Duration::from_secs(1),
        };
        let store = sign::RedisNonceStore::open(url)
            .map_err(|e| to_py_err(py, e))?
            .prefix(prefix)
            .timeout(timeout);
        Ok(PyRedisNonceStore { store: Arc::new(store) })
    }

    /// Mark a new, empty namespace as complete so it serves at once; True when it did.
    /// Once, when provisioning: never on every start (after Redis lost its data it would
    /// lift the quarantine that keeps replays out).
    fn initialize(&self, py: Python<'_>) -> PyResult<bool> {
        let store = &self.store;
        py.detach(|| store.initialize()).map_err(|e| to_py_err(py, e))
    }

    /// Raise VerificationError (`nonce_store_unavailable`) unless Redis answers.
    fn ping(&self, py: Python<'_>) -> PyResult<()> {
        let store = &self.store;
        py.detach(|| store.ping()).map_err(|e| to_py_err(py, e))
    }

    /// Record `nonce` for `ttl` seconds at Unix time `now`: True when it was new, False
    /// when already there. Raises VerificationError (`nonce_store_unavailable`) when Redis
    /// cannot answer or lost its nonces. A Verifier calls this itself.
    fn check_and_store(&self, py: Python<'_>, nonce: &str, ttl: &Bound<'_, PyAny>, now: u64) -> PyResult<bool> {
        let ttl = seconds(ttl, "ttl")?;
        let store = &self.store;
        py.detach(|| store.check_and_store(nonce, ttl, now))
            .map_err(|e| to_py_err(py, e))
    }

    /// `host:port` of the Redis server (never the password).
    #[getter]
    fn address(&self) -> &str {
        self.store.address()
    }

    /// The key prefix.
    #[getter]
    fn prefix(&self) -> &str {
        self.store.key_prefix()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RedisNonceStore(address={}, prefix={})",
            PyString::new(py, self.store.address()).repr()?,
            PyString::new(py, self.store.key_prefix()).repr()?
        ))
    }
}

/// The core store behind a `RedisNonceStore` argument, for `Verifier(nonce_store=...)`.
pub(crate) fn core_store(store: &Bound<'_, PyAny>) -> Option<Arc<dyn NonceStore>> {
    let redis = store.cast::<PyRedisNonceStore>().ok()?;
    Some(redis.get().store.clone())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRedisNonceStore>()
}
