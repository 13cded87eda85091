//! AWS SigV4 and SigV4a for `canonsig.aws`: signer and verifier classes holding the core's (so the
//! secret access key is copied once into wiped memory), `signed_parts` and `explain_aws`.
//!
//! Settings cross as `(normalize_path, double_encode_path, payload, content_sha256_header,
//! sign_session_token)` where `payload` is `"body"`, `"unsigned"` or a precomputed value.

use std::time::Duration;

use canonsig::diff::explain_aws;
use canonsig::scheme::aws::{self, Credentials, Payload, Settings, SigV4Verifier, Signer};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::message::{err, request_from, request_parts, Lines, RequestParts};

pub(crate) type SettingsArg = (bool, bool, String, bool, bool);

fn settings(arg: &SettingsArg) -> Settings {
    let (normalize_path, double_encode_path, payload, content_sha256_header, sign_session_token) = arg;
    Settings {
        normalize_path: *normalize_path,
        double_encode_path: *double_encode_path,
        payload: match payload.as_str() {
            "body" => Payload::Body,
            "unsigned" => Payload::Unsigned,
            other => Payload::Precomputed(other.to_string()),
        },
        content_sha256_header: *content_sha256_header,
        sign_session_token: *sign_session_token,
    }
}

fn credentials(access_key_id: &str, secret: &str, session_token: Option<&str>) -> Credentials {
    let creds = Credentials::new(access_key_id, secret);
    match session_token {
        Some(token) => creds.with_session_token(token),
        None => creds,
    }
}

/// `(request, canonical_request, string_to_sign, signature, signed_headers, credential_scope,
/// amz_date, authorization, url, header lines set)`.
type SignedTuple<'py> = (
    RequestParts<'py>,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Lines,
);

fn signed_tuple<'py>(py: Python<'py>, s: aws::Signed, scheme: Option<String>) -> PyResult<SignedTuple<'py>> {
    let url = s.url().map_err(err(py))?;
    let lines = s.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect();
    Ok((
        request_parts(py, &s.request, scheme),
        s.canonical_request,
        s.string_to_sign,
        s.signature,
        s.signed_headers,
        s.credential_scope,
        s.amz_date,
        s.authorization,
        url,
        lines,
    ))
}

/// A named settings preset as its tuple: `"default"` (every service but S3) or `"s3"`.
#[pyfunction]
fn _aws_settings(py: Python<'_>, name: &str) -> PyResult<SettingsArg> {
    let preset = match name {
        "default" => Settings::default(),
        "s3" => Settings::s3(),
        other => {
            return Err(err(py)(canonsig::Error::new(
                canonsig::ErrorCode::InvalidOption,
                format!("unknown settings preset {other:?}"),
            )))
        }
    };
    let payload = match preset.payload {
        Payload::Body => "body".to_string(),
        Payload::Unsigned => "unsigned".to_string(),
        Payload::Precomputed(v) => v,
    };
    Ok((
        preset.normalize_path,
        preset.double_encode_path,
        payload,
        preset.content_sha256_header,
        preset.sign_session_token,
    ))
}

/// The core's SigV4 signer (SigV4a when `v4a`: `region` is then the region set).
#[pyclass(frozen, module = "canonsig._canonsig", name = "_SigV4Signer")]
struct PySigV4Signer {
    signer: Signer,
}

#[pymethods]
impl PySigV4Signer {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (access_key_id, secret_access_key, session_token, region, service, settings_arg, v4a, http_client))]
    fn new(
        py: Python<'_>,
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<&str>,
        region: &str,
        service: &str,
        settings_arg: SettingsArg,
        v4a: bool,
        http_client: bool,
    ) -> PyResult<Self> {
        let creds = credentials(access_key_id, secret_access_key, session_token);
        let signer = if v4a {
            Signer::new_v4a(creds, region, service).map_err(err(py))?
        } else {
            Signer::new(creds, region, service)
        };
        let signer = signer.settings(settings(&settings_arg));
        Ok(PySigV4Signer {
            signer: if http_client { signer.for_http_client() } else { signer },
        })
    }

    fn sign<'py>(&self, py: Python<'py>, request: &Bound<'py, PyAny>, time: u64) -> PyResult<SignedTuple<'py>> {
        let req = request_from(request)?;
        let scheme: Option<String> = request.getattr("scheme")?.extract()?;
        let signed = self.signer.sign(&req, time).map_err(err(py))?;
        signed_tuple(py, signed, scheme)
    }

    fn presign<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        time: u64,
        expires: Option<u64>,
    ) -> PyResult<SignedTuple<'py>> {
        let req = request_from(request)?;
        let scheme: Option<String> = request.getattr("scheme")?.extract()?;
        let expires = expires.unwrap_or(canonsig::scheme::aws::DEFAULT_PRESIGN_EXPIRES);
        let signed = self.signer.presign(&req, time, expires).map_err(err(py))?;
        signed_tuple(py, signed, scheme)
    }
}

/// `(access_key_id, region, service, amz_date, time, signed_headers, expires,
/// canonical_request, string_to_sign)`.
type VerifiedTuple = (
    String,
    String,
    String,
    String,
    u64,
    Vec<String>,
    Option<u64>,
    String,
    String,
);

/// The core's SigV4 verifier; "now" comes from the Python side per call.
#[pyclass(frozen, module = "canonsig._canonsig", name = "_SigV4Verifier")]
struct PySigV4Verifier {
    verifier: SigV4Verifier,
}

#[pymethods]
impl PySigV4Verifier {
    #[new]
    #[pyo3(signature = (credentials_list, region, service, settings_arg, tolerance, allow_unsigned_payload))]
    fn new(
        credentials_list: Vec<(String, String, Option<String>)>,
        region: Option<String>,
        service: Option<String>,
        settings_arg: SettingsArg,
        tolerance: Option<u64>,
        allow_unsigned_payload: Option<bool>,
    ) -> Self {
        let creds = credentials_list
            .iter()
            .map(|(id, secret, token)| credentials(id, secret, token.as_deref()))
            .collect();
        // `None`: core's default, kept by not calling the setter.
        let mut verifier = SigV4Verifier::new(creds).settings(settings(&settings_arg));
        if let Some(secs) = tolerance {
            verifier = verifier.tolerance(Duration::from_secs(secs));
        }
        if let Some(allow) = allow_unsigned_payload {
            verifier = verifier.allow_unsigned_payload(allow);
        }
        if let Some(region) = region {
            verifier = verifier.region(region);
        }
        if let Some(service) = service {
            verifier = verifier.service(service);
        }
        PySigV4Verifier { verifier }
    }

    fn verify(&self, py: Python<'_>, request: &Bound<'_, PyAny>, now: u64) -> PyResult<VerifiedTuple> {
        let req = request_from(request)?;
        let v = self.verifier.verify_at(&req, now).map_err(err(py))?;
        Ok((
            v.access_key_id,
            v.region,
            v.service,
            v.amz_date,
            v.time,
            v.signed_headers,
            v.expires,
            v.canonical_request,
            v.string_to_sign,
        ))
    }
}

/// The SigV4a public key derived from the credentials: `04 || X || Y` (65 bytes).
#[pyfunction]
fn _sigv4a_public_key<'py>(
    py: Python<'py>,
    access_key_id: &str,
    secret_access_key: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = credentials(access_key_id, secret_access_key, None)
        .sigv4a_public_key()
        .map_err(err(py))?;
    Ok(PyBytes::new(py, &key))
}

/// `(access_key_id, credential_scope, amz_date, signed_headers, canonical_request, string_to_sign)`.
#[pyfunction]
fn _aws_signed_parts(
    py: Python<'_>,
    request: &Bound<'_, PyAny>,
    settings_arg: SettingsArg,
) -> PyResult<(String, String, String, String, String, String)> {
    let req = request_from(request)?;
    let p = aws::signed_parts(&req, &settings(&settings_arg)).map_err(err(py))?;
    Ok((
        p.access_key_id,
        p.credential_scope,
        p.amz_date,
        p.signed_headers,
        p.canonical_request,
        p.string_to_sign,
    ))
}

/// `explain_aws(document, request)`: core's JSON of the explanation (derived fields included).
#[pyfunction]
fn _explain_aws(
    py: Python<'_>,
    document: &str,
    request: &Bound<'_, PyAny>,
    settings_arg: SettingsArg,
) -> PyResult<String> {
    let req = request_from(request)?;
    let explained = explain_aws(document, &req, &settings(&settings_arg)).map_err(err(py))?;
    explained.to_json().map_err(err(py))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySigV4Signer>()?;
    m.add_class::<PySigV4Verifier>()?;
    m.add_function(wrap_pyfunction!(_sigv4a_public_key, m)?)?;
    m.add_function(wrap_pyfunction!(_aws_settings, m)?)?;
    m.add_function(wrap_pyfunction!(_aws_signed_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_explain_aws, m)?)?;
    Ok(())
}
