//! RFC 9421 HTTP Message Signatures and RFC 9530 `Content-Digest` for `canonsig.http`.
//!
//! Signature parameters cross as their serialized inner list (`("@method" ...);created=1`),
//! which the Python side builds and the core parses (so the order the signer chose is
//! kept and every check is the core's); results cross as tuples the Python classes in
//! `canonsig/http.py` are built from.

use canonsig::scheme::http::{self, DigestAlgorithm, HttpVerifier, JsonApiProfile, SignatureInput};
use canonsig::scheme::sfv::BareItem;
use canonsig::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat};
use pyo3::IntoPyObjectExt;

use crate::keys::{key_ring, releases_gil, PyKey};
use crate::message::{err, request_from, request_parts, Owned, RequestParts};
use crate::run;
use crate::text::binary;
use crate::verifier::{thread_clock, NowGuard};

/// `(serialized inner list, serialized component ids, [(param, value)])`.
type InputParts<'py> = (String, Vec<String>, Vec<(String, Bound<'py, PyAny>)>);

/// `(label, key_id, algorithm, input, signature base)`.
type VerifiedParts<'py> = (String, String, &'static str, InputParts<'py>, String);

fn bare_to_py<'py>(py: Python<'py>, item: &BareItem) -> PyResult<Bound<'py, PyAny>> {
    match item {
        BareItem::Integer(i) => i.into_bound_py_any(py),
        BareItem::Decimal(d) => Ok(PyFloat::new(py, d.to_f64()).into_any()),
        BareItem::String(s) | BareItem::Token(s) => s.into_bound_py_any(py),
        BareItem::ByteSequence(b) => Ok(PyBytes::new(py, b).into_any()),
        BareItem::Boolean(b) => b.into_bound_py_any(py),
        // A bare item type added to the core later: its debug form, never a panic.
        #[allow(unreachable_patterns)]
        other => format!("{other:?}").into_bound_py_any(py),
    }
}

fn input_parts<'py>(py: Python<'py>, input: &SignatureInput) -> PyResult<InputParts<'py>> {
    let serialized = input.serialize().map_err(err(py))?;
    let components = input.components.iter().map(ToString::to_string).collect();
    let params = input
        .params
        .iter()
        .map(|(k, v)| Ok((k.to_string(), bare_to_py(py, v)?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((serialized, components, params))
}

fn parse_input(py: Python<'_>, text: &str) -> PyResult<SignatureInput> {
    SignatureInput::parse(text).map_err(err(py))
}

/// Parses and re-serializes signature parameters (`("@method");created=1`).
#[pyfunction]
fn _http_input<'py>(py: Python<'py>, text: &str) -> PyResult<InputParts<'py>> {
    input_parts(py, &parse_input(py, text)?)
}

/// The signature base of `input` over a request or response.
#[pyfunction]
#[pyo3(signature = (message, related, input))]
fn _http_signature_base(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    related: Option<&Bound<'_, PyAny>>,
    input: &str,
) -> PyResult<String> {
    let owned = Owned::extract(message, related)?;
    let input = parse_input(py, input)?;
    http::signature_base(owned.message(), &input).map_err(err(py))
}

/// Signs: `(Signature-Input member, Signature member, signature base, signature bytes)`.
#[pyfunction]
#[pyo3(signature = (message, related, label, input, key))]
fn _http_sign<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    related: Option<&Bound<'py, PyAny>>,
    label: &str,
    input: &str,
    key: &Bound<'py, PyKey>,
) -> PyResult<(String, String, String, Bound<'py, PyBytes>)> {
    let owned = Owned::extract(message, related)?;
    let input = parse_input(py, input)?;
    let key = &key.get().key;
    let detach = releases_gil(key.algorithm(), 0);
    let signed = run(py, detach, || http::sign(owned.message(), label, &input, key)).map_err(err(py))?;
    Ok((
        signed.signature_input,
        signed.signature,
        signed.signature_base,
        PyBytes::new(py, &signed.signature_bytes),
    ))
}

/// The JSON API profile's signing: the request with `Content-Digest` and the signature
/// headers, then as `_http_sign`.
#[pyfunction]
#[pyo3(signature = (request, label, input, key, digest, require_canonical))]
#[allow(clippy::type_complexity)]
fn _http_json_sign<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    label: &str,
    input: &str,
    key: &Bound<'py, PyKey>,
    digest: &str,
    require_canonical: bool,
) -> PyResult<(RequestParts<'py>, String, String, String, Bound<'py, PyBytes>)> {
    let mut req = request_from(request)?;
    let scheme: Option<String> = request.getattr("scheme")?.extract()?;
    let input = parse_input(py, input)?;
    let profile = JsonApiProfile::new()
        .digest(digest_algorithm(py, digest)?)
        .require_canonical_body(require_canonical);
    let key = &key.get().key;
    let detach = releases_gil(key.algorithm(), req.body_bytes().len());
    let signer = profile
        .signer()
        .label(label)
        .covered(http::Covered::Input(input))
        .created(http::Created::Omit)
        .keyid(http::KeyIdParam::Omit);
    let signed = run(py, detach, || signer.sign_request_at(&mut req, key, 0)).map_err(err(py))?;
    Ok((
        request_parts(py, &req, scheme),
        signed.signature_input,
        signed.signature,
        signed.signature_base,
        PyBytes::new(py, &signed.signature_bytes),
    ))
}

/// `Signature-Input` (or, with `accept`, `Accept-Signature`) as `(label, input)` pairs.
#[pyfunction]
fn _http_parse_signature_input<'py>(
    py: Python<'py>,
    value: &str,
    accept: bool,
) -> PyResult<Vec<(String, InputParts<'py>)>> {
    let parsed = if accept {
        http::parse_accept_signature(value)
    } else {
        http::parse_signature_input(value)
    }
    .map_err(err(py))?;
    parsed
        .iter()
        .map(|(label, input)| Ok((label.clone(), input_parts(py, input)?)))
        .collect()
}

/// `Signature` as `(label, signature bytes)` pairs.
#[pyfunction]
fn _http_parse_signature<'py>(py: Python<'py>, value: &str) -> PyResult<Vec<(String, Bound<'py, PyBytes>)>> {
    let parsed = http::parse_signature(value).map_err(err(py))?;
    Ok(parsed
        .into_iter()
        .map(|(label, bytes)| (label, PyBytes::new(py, &bytes)))
        .collect())
}

fn digest_algorithm(py: Python<'_>, name: &str) -> PyResult<DigestAlgorithm> {
    DigestAlgorithm::from_name(name).ok_or_else(|| {
        err(py)(Error::new(
            ErrorCode::InvalidOption,
            format!("unknown Content-Digest algorithm {name:?}: canonsig supports \"sha-256\" and \"sha-512\""),
        ))
    })
}

/// The `Content-Digest` value for a body.
#[pyfunction]
fn _content_digest(py: Python<'_>, body: &Bound<'_, PyAny>, algorithms: Vec<String>) -> PyResult<String> {
    let body = binary(body, "body")?;
    let algorithms = algorithms
        .iter()
        .map(|a| digest_algorithm(py, a))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(http::content_digest(&body, &algorithms))
}

/// Checks a `Content-Digest` value against a body; the algorithms checked.
#[pyfunction]
fn _verify_content_digest(py: Python<'_>, value: &str, body: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
    let body = binary(body, "body")?;
    let checked = http::verify_content_digest(value, &body).map_err(err(py))?;
    Ok(checked.into_iter().map(DigestAlgorithm::name).collect())
}

/// A `Want-Content-Digest` value from `(algorithm, preference)` pairs.
#[pyfunction]
fn _want_content_digest(py: Python<'_>, preferences: Vec<(String, u8)>) -> PyResult<String> {
    let prefs = preferences
        .iter()
        .map(|(a, w)| Ok((digest_algorithm(py, a)?, *w)))
        .collect::<PyResult<Vec<_>>>()?;
    http::want_content_digest(&prefs).map_err(err(py))
}

#[pyfunction]
fn _parse_want_content_digest(py: Python<'_>, value: &str) -> PyResult<Vec<(String, i64)>> {
    http::parse_want_content_digest(value).map_err(err(py))
}

#[pyfunction]
fn _preferred_digest(py: Python<'_>, value: &str) -> PyResult<Option<&'static str>> {
    Ok(http::preferred_digest(value)
        .map_err(err(py))?
        .map(DigestAlgorithm::name))
}

/// The core's RFC 9421 verifier over a key ring; "now" comes from the Python side per call.
#[pyclass(frozen, module = "canonsig._canonsig", name = "_HttpVerifier")]
struct PyHttpVerifier {
    verifier: HttpVerifier,
}

#[pymethods]
impl PyHttpVerifier {
    #[new]
    #[pyo3(signature = (keys, clock_skew, max_age, require_created, require_expires, required))]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        clock_skew: u64,
        max_age: Option<u64>,
        require_created: bool,
        require_expires: bool,
        required: Vec<String>,
    ) -> PyResult<Self> {
        let mut verifier = HttpVerifier::new(key_ring(keys)?)
            .clock(thread_clock)
            .clock_skew(clock_skew)
            .require_created(require_created)
            .require_expires(require_expires);
        if let Some(max_age) = max_age {
            verifier = verifier.max_age(max_age);
        }
        let required: Vec<&str> = required.iter().map(String::as_str).collect();
        let verifier = verifier.require_components(&required).map_err(err(py))?;
        Ok(PyHttpVerifier { verifier })
    }

    /// Verifies one signature; with `json_profile = (require_canonical,)` the JSON API
    /// profile's body checks follow.
    #[pyo3(signature = (message, related, label, now, json_profile))]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        message: &Bound<'py, PyAny>,
        related: Option<&Bound<'py, PyAny>>,
        label: Option<&str>,
        now: u64,
        json_profile: Option<bool>,
    ) -> PyResult<VerifiedParts<'py>> {
        let owned = Owned::extract(message, related)?;
        let detach = self.verifier.keys().iter().any(|k| releases_gil(k.algorithm(), 0));
        let _now = NowGuard::set(Some(now));
        let verifier = &self.verifier;
        let verified = run(py, detach, || match json_profile {
            Some(canonical) => {
                JsonApiProfile::new()
                    .require_canonical_body(canonical)
                    .verify(verifier, owned.message(), label)
            }
            None => verifier.verify(owned.message(), label),
        })
        .map_err(err(py))?;
        Ok((
            verified.label,
            verified.key_id,
            verified.algorithm.name(),
            input_parts(py, &verified.input)?,
            verified.signature_base,
        ))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_http_input, m)?)?;
    m.add_function(wrap_pyfunction!(_http_signature_base, m)?)?;
    m.add_function(wrap_pyfunction!(_http_sign, m)?)?;
    m.add_function(wrap_pyfunction!(_http_json_sign, m)?)?;
    m.add_function(wrap_pyfunction!(_http_parse_signature_input, m)?)?;
    m.add_function(wrap_pyfunction!(_http_parse_signature, m)?)?;
    m.add_function(wrap_pyfunction!(_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_verify_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_want_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_parse_want_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_preferred_digest, m)?)?;
    m.add_class::<PyHttpVerifier>()?;
    Ok(())
}
