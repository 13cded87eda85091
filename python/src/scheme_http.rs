//! RFC 9421 HTTP Message Signatures and RFC 9530 `Content-Digest` for `canonsig.http`.
//!
//! Option values cross as Python values (component names, ints, strings, `True` for "the
//! key's" or "now"); core's `HttpSigner` decides every default and builds every byte.
//! Results cross as tuples the Python classes in `canonsig/http.py` are built from.

use canonsig::scheme::http::{
    self, AlgParam, Covered, Created, DigestAlgorithm, DigestPolicy, Expires, HttpSigner, HttpVerifier, JsonApiProfile,
    KeyIdParam, Nonce, Params, SignatureInput,
};
use canonsig::scheme::sfv::BareItem;
use canonsig::scheme::Header;
use canonsig::{Error, ErrorCode};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString};
use pyo3::IntoPyObjectExt;

use crate::keys::{key_ring, releases_gil, PyKey};
use crate::message::{err, Lines, Owned};
use crate::run;
use crate::text::binary;

/// `(serialized inner list, serialized component ids, [(param, value)])`.
type InputParts<'py> = (String, Vec<String>, Vec<(String, Bound<'py, PyAny>)>);

/// `(label, key_id, algorithm, input, signature base)`.
type VerifiedParts<'py> = (String, String, &'static str, InputParts<'py>, String);

/// `(label, Signature-Input member, Signature member, base, signature bytes, lines added,
/// every header line of the signed message)`.
type SignedParts<'py> = (String, String, String, String, Bound<'py, PyBytes>, Lines, Lines);

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

fn lines(headers: &[Header]) -> Lines {
    headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect()
}

fn type_error(what: &str, expected: &str, found: &Bound<'_, PyAny>) -> PyErr {
    let name = found
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!("{what} must be {expected}, not {name}"))
}

/// `components`: None (the default rule), a list of names, a serialized inner list, or a
/// `SignatureInput` (its `text`).
fn covered(py: Python<'_>, components: Option<&Bound<'_, PyAny>>) -> PyResult<Covered> {
    let Some(value) = components.filter(|v| !v.is_none()) else {
        return Ok(Covered::Default);
    };
    let text = match value.getattr("text") {
        Ok(text) if !value.is_instance_of::<PyString>() => Some(text.extract::<String>()?),
        _ => value.extract::<String>().ok(),
    };
    if let Some(text) = text {
        if !text.trim_start().starts_with('(') {
            return Err(PyTypeError::new_err(
                "components must be a list of component names (['@method', 'content-type']), or a serialized inner list ('(\"@method\");created=1'), not a single name",
            ));
        }
        return SignatureInput::parse(&text).map(Covered::Input).map_err(err(py));
    }
    let names: Vec<String> = value
        .try_iter()
        .map_err(|_| type_error("components", "a list of component names", value))?
        .map(|c| {
            let c = c?;
            c.extract::<String>()
                .map_err(|_| type_error("a component", "a str such as '@method' or 'content-type'", &c))
        })
        .collect::<PyResult<_>>()?;
    Covered::parse(&names).map_err(err(py))
}

/// An int, or `default` for `True`, or `None` for `None`/`False`.
fn int_or_flag(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Option<Option<i64>>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { Some(None) } else { None });
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Some(Some(value.extract::<i64>()?)));
    }
    Err(type_error(what, "an int (Unix seconds), True or None", value))
}

/// A str, `True` (the "from the key" or "random" choice), or absent (`None`/`False`).
enum StrOption {
    Absent,
    Auto,
    Value(String),
}

fn str_or_flag(value: &Bound<'_, PyAny>, what: &str) -> PyResult<StrOption> {
    if value.is_none() {
        return Ok(StrOption::Absent);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() {
            StrOption::Auto
        } else {
            StrOption::Absent
        });
    }
    value
        .extract::<String>()
        .map(StrOption::Value)
        .map_err(|_| type_error(what, "a str, True or None", value))
}

fn digest_algorithm(py: Python<'_>, name: &str) -> PyResult<DigestAlgorithm> {
    DigestAlgorithm::from_name(name).ok_or_else(|| {
        err(py)(Error::new(
            ErrorCode::InvalidOption,
            format!("unknown Content-Digest algorithm {name:?}: canonsig supports \"sha-256\" and \"sha-512\""),
        ))
    })
}

/// The signer for the Python options (type translation only: each value to core's enum).
#[allow(clippy::too_many_arguments)]
fn signer(
    py: Python<'_>,
    components: Option<&Bound<'_, PyAny>>,
    label: &str,
    content_digest: Option<&str>,
    json_profile: Option<(&str, bool)>,
    created: &Bound<'_, PyAny>,
    expires: Option<i64>,
    expires_in: Option<u64>,
    nonce: &Bound<'_, PyAny>,
    alg: &Bound<'_, PyAny>,
    keyid: &Bound<'_, PyAny>,
    tag: Option<String>,
) -> PyResult<HttpSigner> {
    let mut signer = match json_profile {
        Some((digest, canonical)) => JsonApiProfile::new()
            .digest(digest_algorithm(py, digest)?)
            .require_canonical_body(canonical)
            .signer(),
        None => HttpSigner::new().content_digest(match content_digest {
            Some(name) => DigestPolicy::WhenBody(digest_algorithm(py, name)?),
            None => DigestPolicy::Off,
        }),
    };
    signer = signer.label(label).covered(covered(py, components)?).tag(tag);
    signer = signer.created(match int_or_flag(created, "created")? {
        None => Created::Omit,
        Some(None) => Created::Now,
        Some(Some(t)) => Created::At(t),
    });
    signer = match (expires, expires_in) {
        (Some(_), Some(_)) => {
            return Err(err(py)(Error::new(
                ErrorCode::InvalidOption,
                "give expires (Unix seconds) or expires_in (seconds after created), not both",
            )))
        }
        (Some(t), None) => signer.expires(Expires::At(t)),
        (None, Some(secs)) => signer.expires(Expires::After(secs)),
        (None, None) => signer,
    };
    signer = signer.nonce(match str_or_flag(nonce, "nonce")? {
        StrOption::Absent => Nonce::Omit,
        StrOption::Auto => Nonce::Random,
        StrOption::Value(v) => Nonce::Value(v),
    });
    signer = signer.alg(match str_or_flag(alg, "alg")? {
        StrOption::Absent => AlgParam::Omit,
        StrOption::Auto => AlgParam::FromKey,
        StrOption::Value(v) => AlgParam::Named(v),
    });
    let keyid = if keyid.is_none() {
        KeyIdParam::FromKey
    } else if keyid.cast::<PyBool>().is_ok_and(|b| !b.is_true()) {
        KeyIdParam::Omit
    } else {
        KeyIdParam::Value(
            keyid
                .extract::<String>()
                .map_err(|_| type_error("keyid", "a str, None (the key's) or False (none)", keyid))?,
        )
    };
    Ok(signer.keyid(keyid))
}

/// Signs a request or response with the options of `http.sign` (or, with `json_profile
/// = (digest, require_canonical_body)`, of `JsonApiProfile.sign`) at `now`.
#[pyfunction]
#[pyo3(signature = (
    message, related, key, components, label, content_digest, json_profile,
    created, expires, expires_in, nonce, alg, keyid, tag, now
))]
#[allow(clippy::too_many_arguments)]
fn _http_sign<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
    related: Option<&Bound<'py, PyAny>>,
    key: &Bound<'py, PyKey>,
    components: Option<&Bound<'py, PyAny>>,
    label: &str,
    content_digest: Option<&str>,
    json_profile: Option<(String, bool)>,
    created: &Bound<'py, PyAny>,
    expires: Option<i64>,
    expires_in: Option<u64>,
    nonce: &Bound<'py, PyAny>,
    alg: &Bound<'py, PyAny>,
    keyid: &Bound<'py, PyAny>,
    tag: Option<String>,
    now: u64,
) -> PyResult<SignedParts<'py>> {
    let signer = signer(
        py,
        components,
        label,
        content_digest,
        json_profile.as_ref().map(|(d, c)| (d.as_str(), *c)),
        created,
        expires,
        expires_in,
        nonce,
        alg,
        keyid,
        tag,
    )?;
    let owned = Owned::extract(message, related)?;
    let key = &key.get().key;
    let detach = releases_gil(key.algorithm(), owned.message().body().len());
    let signed = run(py, detach, || signer.sign_at(owned.message(), key, now)).map_err(err(py))?;
    let mut all = owned.message().headers().to_vec();
    signed.apply(&mut all);
    Ok((
        signed.label.clone(),
        signed.signature_input.clone(),
        signed.signature.clone(),
        signed.signature_base.clone(),
        PyBytes::new(py, &signed.signature_bytes),
        lines(&signed.headers),
        lines(&all),
    ))
}

/// The signature base over `components` with the given parameters (none added by default).
#[pyfunction]
#[pyo3(signature = (message, related, components, created, keyid, alg, expires, nonce, tag))]
#[allow(clippy::too_many_arguments)]
fn _http_signature_base(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    related: Option<&Bound<'_, PyAny>>,
    components: &Bound<'_, PyAny>,
    created: Option<i64>,
    keyid: Option<String>,
    alg: Option<String>,
    expires: Option<i64>,
    nonce: Option<String>,
    tag: Option<String>,
) -> PyResult<String> {
    let owned = Owned::extract(message, related)?;
    let covered = covered(py, Some(components))?;
    let params = Params {
        created,
        keyid,
        alg,
        expires,
        nonce,
        tag,
    };
    let input = SignatureInput::build(owned.message(), &covered, &params);
    http::signature_base(owned.message(), &input).map_err(err(py))
}

/// The components the default rule covers for this message.
#[pyfunction]
#[pyo3(signature = (message, related = None))]
fn _http_default_components(message: &Bound<'_, PyAny>, related: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let owned = Owned::extract(message, related)?;
    Ok(http::default_components(owned.message())
        .iter()
        .map(ToString::to_string)
        .collect())
}

/// Parses and re-serializes signature parameters (`("@method");created=1`).
#[pyfunction]
fn _http_input<'py>(py: Python<'py>, text: &str) -> PyResult<InputParts<'py>> {
    input_parts(py, &SignatureInput::parse(text).map_err(err(py))?)
}

/// An `Accept-Signature` member over `components` with the given parameters.
#[pyfunction]
#[pyo3(signature = (label, components, keyid, alg, nonce, tag))]
fn _http_accept_signature(
    py: Python<'_>,
    label: &str,
    components: &Bound<'_, PyAny>,
    keyid: Option<String>,
    alg: Option<String>,
    nonce: Option<String>,
    tag: Option<String>,
) -> PyResult<String> {
    let params = Params {
        keyid,
        alg,
        nonce,
        tag,
        ..Params::default()
    };
    let input = match covered(py, Some(components))? {
        Covered::Components(ids) => SignatureInput {
            components: ids,
            ..SignatureInput::default()
        },
        Covered::Input(input) => input,
        Covered::Default => SignatureInput::default(),
    };
    http::accept_signature(label, &input.with_params(&params)).map_err(err(py))
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

/// A Content-Digest algorithm name, checked (`invalid_option` for one canonsig lacks).
#[pyfunction]
fn _digest_name(py: Python<'_>, name: &str) -> PyResult<&'static str> {
    Ok(digest_algorithm(py, name)?.name())
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

/// The core's RFC 9421 verifier over a key ring; "now" comes with each call.
#[pyclass(frozen, module = "canonsig._canonsig", name = "_HttpVerifier")]
struct PyHttpVerifier {
    verifier: HttpVerifier,
}

#[pymethods]
impl PyHttpVerifier {
    #[new]
    #[pyo3(signature = (keys, clock_skew, max_age, require_created, require_expires, required, check_content_digest))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        clock_skew: Option<u64>,
        max_age: Option<u64>,
        require_created: Option<bool>,
        require_expires: Option<bool>,
        required: Vec<String>,
        check_content_digest: Option<bool>,
    ) -> PyResult<Self> {
        // `None`: core's default, kept by not calling the setter.
        let mut verifier = HttpVerifier::new(key_ring(keys)?);
        if let Some(check) = check_content_digest {
            verifier = verifier.check_content_digest(check);
        }
        if let Some(skew) = clock_skew {
            verifier = verifier.clock_skew(skew);
        }
        if let Some(required) = require_created {
            verifier = verifier.require_created(required);
        }
        if let Some(required) = require_expires {
            verifier = verifier.require_expires(required);
        }
        if let Some(max_age) = max_age {
            verifier = verifier.max_age(max_age);
        }
        let verifier = verifier.require_components(&required).map_err(err(py))?;
        Ok(PyHttpVerifier { verifier })
    }

    /// Verifies one signature at `now`; with `json_profile = require_canonical` the JSON
    /// API profile's body checks follow.
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
        let verifier = &self.verifier;
        let verified = run(py, detach, || match json_profile {
            Some(canonical) => {
                JsonApiProfile::new()
                    .require_canonical_body(canonical)
                    .verify_at(verifier, owned.message(), label, now)
            }
            None => verifier.verify_at(owned.message(), label, now),
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
    m.add_function(wrap_pyfunction!(_http_default_components, m)?)?;
    m.add_function(wrap_pyfunction!(_http_sign, m)?)?;
    m.add_function(wrap_pyfunction!(_http_accept_signature, m)?)?;
    m.add_function(wrap_pyfunction!(_http_parse_signature_input, m)?)?;
    m.add_function(wrap_pyfunction!(_http_parse_signature, m)?)?;
    m.add_function(wrap_pyfunction!(_digest_name, m)?)?;
    m.add_function(wrap_pyfunction!(_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_verify_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_want_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_parse_want_content_digest, m)?)?;
    m.add_function(wrap_pyfunction!(_preferred_digest, m)?)?;
    m.add_class::<PyHttpVerifier>()?;
    Ok(())
}
