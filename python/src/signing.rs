//! Signed JSON payloads: `sign_json`, `verify_json`, `sign_json_traced`, and the
//! `Signature` and `Verified` classes.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use canonsig::canon::DEFAULT_MAX_DEPTH;
use canonsig::sign::{self, Algorithm, Encoding, SignOptions, Signature, SigningTrace, Verified};
use canonsig::{Options, Profile};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};

use crate::errors::to_py_err;
use crate::keys::{key_ring, releases_gil, PyKey};
use crate::text::{binary, is_text, Text};
use crate::{json_loads, run, value, DETACH_THRESHOLD};

/// A JSON payload ready for the core: JSON text as given, or a Python value already
/// written in canonical form (the core re-reads it as text, which changes nothing).
pub(crate) enum Payload {
    Text(Text),
    Canonical(Vec<u8>),
}

impl Payload {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Payload::Text(text) => text.as_bytes(),
            Payload::Canonical(bytes) => bytes,
        }
    }

    /// `bytes`/`bytearray`/`memoryview`/`str` are JSON text; anything else is a value
    /// (dict, list, ...) canonicalized in `profile`, the profile the signature covers.
    pub(crate) fn extract(data: &Bound<'_, PyAny>, profile: Profile) -> PyResult<Payload> {
        let py = data.py();
        let options = Options::new().profile(profile);
        if is_text(data) {
            return Text::extract(data, &options).map(Payload::Text);
        }
        let converted = value::convert(data, DEFAULT_MAX_DEPTH)?;
        let value = &converted.value;
        let canonical = run(py, converted.nodes >= DETACH_THRESHOLD, || {
            canonsig::canonicalize_value(value, &options)
        });
        canonical.map(Payload::Canonical).map_err(|e| to_py_err(py, e))
    }
}

/// A detached signature and the parameters it covers.
///
/// `str(signature)` and `to_header()` give the header form
/// (`:BASE64:;alg="ed25519";keyid="k1";created=1700000000`), which carries every
/// parameter; `encode()` gives the bare signature bytes as text.
#[pyclass(frozen, module = "canonsig", name = "Signature")]
pub(crate) struct PySignature {
    pub(crate) signature: Signature,
}

/// Compares without an early exit, so `==` on signatures leaks no timing even when a
/// caller uses it as a check.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[pymethods]
impl PySignature {
    /// A signature from its parts (for signatures made elsewhere). `value` is the raw
    /// signature bytes; `algorithm`, when given, must be the verifying key's.
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (value, *, algorithm = None, key_id = "", created = None, expires = None, nonce = None, profile = "jcs"))]
    fn new(
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
        algorithm: Option<&str>,
        key_id: &str,
        created: Option<u64>,
        expires: Option<u64>,
        nonce: Option<String>,
        profile: &str,
    ) -> PyResult<Self> {
        let algorithm: Option<Algorithm> = algorithm.map(str::parse).transpose().map_err(|e| to_py_err(py, e))?;
        let profile: Profile = profile.parse().map_err(|e| to_py_err(py, e))?;
        Ok(PySignature {
            signature: Signature {
                algorithm,
                key_id: key_id.to_owned(),
                created,
                expires,
                nonce,
                profile,
                value: binary(value, "value")?.to_vec(),
            },
        })
    }

    /// Parse a header value (it starts with ':', as `to_header()` writes it) or a bare
    /// signature value in `encoding` ("base64url", "base64" or "hex").
    ///
    /// Raises VerificationError (code `malformed_signature`) for text that is neither.
    #[staticmethod]
    #[pyo3(signature = (text, encoding = "base64url"))]
    fn parse(py: Python<'_>, text: &str, encoding: &str) -> PyResult<Self> {
        let encoding: Encoding = encoding.parse().map_err(|e| to_py_err(py, e))?;
        let signature = Signature::parse(text, encoding).map_err(|e| to_py_err(py, e))?;
        Ok(PySignature { signature })
    }

    /// The raw signature bytes.
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.signature.value)
    }

    /// The signer's algorithm, or None when the signature does not say (a bare value).
    #[getter]
    fn algorithm(&self) -> Option<&'static str> {
        self.signature.algorithm.map(Algorithm::name)
    }

    /// The signer's key id ("" when not given).
    #[getter]
    fn key_id(&self) -> &str {
        &self.signature.key_id
    }

    /// Creation time (Unix seconds), if covered.
    #[getter]
    fn created(&self) -> Option<u64> {
        self.signature.created
    }

    /// Expiry time (Unix seconds), if covered.
    #[getter]
    fn expires(&self) -> Option<u64> {
        self.signature.expires
    }

    /// Replay-protection nonce, if covered.
    #[getter]
    fn nonce(&self) -> Option<&str> {
        self.signature.nonce.as_deref()
    }

    /// The canonicalization profile of the signed bytes.
    #[getter]
    fn profile(&self) -> &'static str {
        self.signature.profile.name()
    }

    /// The signature bytes as text: "base64url" (default, unpadded), "base64" or "hex".
    #[pyo3(signature = (encoding = "base64url"))]
    fn encode(&self, py: Python<'_>, encoding: &str) -> PyResult<String> {
        let encoding: Encoding = encoding.parse().map_err(|e| to_py_err(py, e))?;
        Ok(self.signature.encoded(encoding))
    }

    /// The signature with its parameters as one header value (RFC 8941 syntax).
    fn to_header(&self) -> String {
        self.signature.to_header()
    }

    fn __eq__(&self, other: &Self) -> bool {
        let (a, b) = (&self.signature, &other.signature);
        // Every field, and the value without an early exit.
        let params_equal = a.algorithm == b.algorithm
            && a.key_id == b.key_id
            && a.created == b.created
            && a.expires == b.expires
            && a.nonce == b.nonce
            && a.profile == b.profile;
        same_bytes(&a.value, &b.value) & params_equal
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.signature.to_header().hash(&mut hasher);
        hasher.finish()
    }

    fn __str__(&self) -> String {
        self.signature.to_header()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let header = PyString::new(py, &self.signature.to_header());
        Ok(format!("Signature.parse({})", header.repr()?))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let parse = py.get_type::<PySignature>().getattr("parse")?;
        let args = (slf.get().signature.to_header(),).into_pyobject(py)?;
        PyTuple::new(py, [parse, args.into_any()])
    }
}

/// What a successful verification established.
#[pyclass(frozen, eq, hash, module = "canonsig", name = "Verified")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PyVerified {
    /// The id of the key that verified.
    #[pyo3(get)]
    key_id: String,
    /// Its algorithm.
    #[pyo3(get)]
    algorithm: String,
    /// SHA-256 (hex) of the bytes that were verified.
    #[pyo3(get)]
    signed_sha256: String,
}

impl From<Verified> for PyVerified {
    fn from(v: Verified) -> Self {
        PyVerified {
            key_id: v.key_id,
            algorithm: v.algorithm.name().to_owned(),
            signed_sha256: v.signed_sha256,
        }
    }
}

#[pymethods]
impl PyVerified {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Verified(key_id={}, algorithm={}, signed_sha256={})",
            PyString::new(py, &self.key_id).repr()?,
            PyString::new(py, &self.algorithm).repr()?,
            PyString::new(py, &self.signed_sha256).repr()?,
        ))
    }
}

/// A signature argument: a `Signature`, or text (`Signature.parse`).
pub(crate) fn signature_arg(data: &Bound<'_, PyAny>, encoding: &str) -> PyResult<Signature> {
    let py = data.py();
    if let Ok(signature) = data.cast::<PySignature>() {
        return Ok(signature.get().signature.clone());
    }
    if let Ok(text) = data.cast::<PyString>() {
        return PySignature::parse(py, &text.to_cow()?, encoding).map(|s| s.signature);
    }
    let type_name = data
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    Err(PyTypeError::new_err(format!(
        "signature must be a Signature or str, not {type_name}"
    )))
}

/// A trace as a dict (the core's JSON record, parsed).
pub(crate) fn trace_dict<'py>(
    py: Python<'py>,
    trace: SigningTrace,
    request_id: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let trace = match request_id {
        Some(id) => trace.request_id(id),
        None => trace,
    };
    json_loads(py, &trace.to_json().map_err(|e| to_py_err(py, e))?)
}

fn sign_options(
    py: Python<'_>,
    profile: &str,
    created: Option<u64>,
    expires: Option<u64>,
    nonce: Option<String>,
) -> PyResult<SignOptions> {
    let profile: Profile = profile.parse().map_err(|e| to_py_err(py, e))?;
    Ok(SignOptions {
        canon: Options::new().profile(profile),
        created,
        expires,
        nonce,
    })
}

/// Sign a JSON payload: its canonical form (profile `profile`, default "jcs") and, when
/// given, the `created`/`expires` times (Unix seconds) and `nonce`.
///
/// `payload` is JSON text (`bytes`, `bytearray`, `memoryview`, or `str` read as UTF-8) or
/// a parsed value (dict, list, ..., as for `canonicalize_value`). Returns a Signature
/// carrying the key's algorithm and key id.
///
/// Raises CanonicalizationError for a payload that cannot be canonicalized and
/// InvalidKeyError for a key that cannot sign (a public key).
#[pyfunction]
#[pyo3(signature = (payload, key, *, profile = "jcs", created = None, expires = None, nonce = None))]
fn sign_json(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    key: &Bound<'_, PyKey>,
    profile: &str,
    created: Option<u64>,
    expires: Option<u64>,
    nonce: Option<String>,
) -> PyResult<PySignature> {
    let options = sign_options(py, profile, created, expires, nonce)?;
    let payload = Payload::extract(payload, options.canon.profile)?;
    let (bytes, key) = (payload.as_bytes(), &key.get().key);
    let detach = releases_gil(key.algorithm(), bytes.len());
    let signed = run(py, detach, || sign::sign_json(bytes, key, &options));
    signed
        .map(|signature| PySignature { signature })
        .map_err(|e| to_py_err(py, e))
}

/// Sign like `sign_json` and also return the signing trace, a dict: operation,
/// request_id (when given), algorithm, key_id, profile, signing_sha256, signing_len,
/// signing_string_b64 (only with `include_signing_string=True`), timestamp, outcome.
/// It never holds a secret; log it with `canonsig.log_trace`.
#[pyfunction]
#[pyo3(signature = (
    payload,
    key,
    *,
    profile = "jcs",
    created = None,
    expires = None,
    nonce = None,
    include_signing_string = false,
    request_id = None,
))]
#[allow(clippy::too_many_arguments)]
fn sign_json_traced<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    key: &Bound<'py, PyKey>,
    profile: &str,
    created: Option<u64>,
    expires: Option<u64>,
    nonce: Option<String>,
    include_signing_string: bool,
    request_id: Option<String>,
) -> PyResult<(PySignature, Bound<'py, PyAny>)> {
    let options = sign_options(py, profile, created, expires, nonce)?;
    let payload = Payload::extract(payload, options.canon.profile)?;
    let (bytes, key) = (payload.as_bytes(), &key.get().key);
    let detach = releases_gil(key.algorithm(), bytes.len());
    let now = sign::Clock::now(&sign::SystemClock);
    let signed = run(py, detach, || {
        sign::sign_json_traced(bytes, key, &options, include_signing_string, now)
    });
    let (signature, trace) = signed.map_err(|e| to_py_err(py, e))?;
    Ok((PySignature { signature }, trace_dict(py, trace, request_id)?))
}

/// Verify a signed JSON payload with the default policy: 300 s tolerance on `created`
/// (system clock), every algorithm of the given keys, no replay store. Use `Verifier`
/// to choose the policy.
///
/// `signature` is a Signature or text (`Signature.parse(text, encoding)`); `keys` one
/// Key or a sequence (a signature with a key id selects its key; without one, the ring
/// must hold exactly one key). Returns Verified.
///
/// Raises SignatureMismatch (with `signed_bytes`) when the signature does not match,
/// VerificationError for every other refusal, CanonicalizationError for a payload that
/// cannot be canonicalized.
#[pyfunction]
#[pyo3(signature = (payload, signature, keys, *, encoding = "base64url"))]
fn verify_json(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    keys: &Bound<'_, PyAny>,
    encoding: &str,
) -> PyResult<PyVerified> {
    let signature = signature_arg(signature, encoding)?;
    let keys = key_ring(keys)?;
    let payload = Payload::extract(payload, signature.profile)?;
    let bytes = payload.as_bytes();
    let detach = keys.iter().any(|k| releases_gil(k.algorithm(), bytes.len()));
    let verified = run(py, detach, || sign::verify_json(bytes, &signature, &keys));
    verified.map(PyVerified::from).map_err(|e| to_py_err(py, e))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySignature>()?;
    m.add_class::<PyVerified>()?;
    m.add_function(wrap_pyfunction!(sign_json, m)?)?;
    m.add_function(wrap_pyfunction!(sign_json_traced, m)?)?;
    m.add_function(wrap_pyfunction!(verify_json, m)?)?;
    Ok(())
}
