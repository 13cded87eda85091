//! Webhook schemes for `canonsig.webhooks`: one private class holding core's
//! [`Webhook`] for a provider (the secret is copied once into wiped memory); the public
//! classes per provider are in `canonsig/webhooks.py`, which also refuses parsed bodies.
//! Which headers, payload and time check a provider has is decided by core.

use std::time::Duration;

use canonsig::scheme::webhook::{Delivery, Provider, Webhook, WebhookVerified};
use canonsig::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::message::{err, request_from, Lines};
use crate::text::binary;

/// `(provider, signed payload, timestamp, matched signature)`.
type VerifiedTuple<'py> = (&'static str, Bound<'py, PyBytes>, Option<u64>, String);

/// `(header lines, the signature value, the signed payload)`.
type SignedTuple<'py> = (Lines, String, Bound<'py, PyBytes>);

fn verified<'py>(py: Python<'py>, v: WebhookVerified) -> VerifiedTuple<'py> {
    (
        v.provider,
        PyBytes::new(py, &v.signed_payload),
        v.timestamp,
        v.matched_signature,
    )
}

/// A provider's core signer and verifier.
#[pyclass(frozen, module = "canonsig._canonsig", name = "_Webhook")]
struct PyWebhook {
    hook: Webhook,
}

#[pymethods]
impl PyWebhook {
    #[new]
    #[pyo3(signature = (provider, secret, tolerance, allow_sha1))]
    fn new(py: Python<'_>, provider: &str, secret: &str, tolerance: Option<u64>, allow_sha1: bool) -> PyResult<Self> {
        let provider = provider.parse().map_err(err(py))?;
        let mut hook = Webhook::new(provider, secret).map_err(err(py))?.allow_sha1(allow_sha1);
        if let Some(secs) = tolerance {
            hook = hook.tolerance(Duration::from_secs(secs));
        }
        Ok(PyWebhook { hook })
    }

    /// The tolerance in seconds (core's default unless set); `None` without a timestamp.
    #[getter]
    fn tolerance(&self) -> Option<u64> {
        self.hook.tolerance_secs()
    }

    /// Signs a delivery at `now` (its timestamp when given): the header lines, the
    /// signature value and the signed payload.
    #[pyo3(signature = (body, timestamp, msg_id, url, params, now))]
    #[allow(clippy::too_many_arguments)]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        timestamp: Option<u64>,
        msg_id: Option<&str>,
        url: Option<&str>,
        params: Lines,
        now: u64,
    ) -> PyResult<SignedTuple<'py>> {
        let body = binary(body, "body")?;
        let delivery = Delivery {
            body: &body,
            timestamp,
            msg_id,
            url,
            params: &params,
        };
        let signed = self.hook.sign_at(&delivery, now).map_err(err(py))?;
        let lines = signed.headers.into_iter().map(|h| (h.name, h.value)).collect();
        Ok((lines, signed.signature, PyBytes::new(py, &signed.signed_payload)))
    }

    /// GitHub's legacy `sha1=` value.
    fn sign_sha1(&self, py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<String> {
        self.hook.sign_sha1(&binary(body, "body")?).map_err(err(py))
    }

    /// Verifies from header lines and the raw body at `now`.
    fn verify<'py>(
        &self,
        py: Python<'py>,
        headers: Lines,
        body: &Bound<'py, PyAny>,
        now: u64,
    ) -> PyResult<VerifiedTuple<'py>> {
        let body = binary(body, "body")?;
        let result = self.hook.verify_at(&headers, &body, now);
        result.map(|v| verified(py, v)).map_err(err(py))
    }

    /// Verifies a whole request (Twilio: its URL too) at `now`.
    fn verify_request<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        now: u64,
    ) -> PyResult<VerifiedTuple<'py>> {
        let request = request_from(request)?;
        let result = self.hook.verify_request_at(&request, now);
        result.map(|v| verified(py, v)).map_err(err(py))
    }

    /// Twilio's lower-level checks: `kind` is `"params"` (decoded POST parameters),
    /// `"form"` (a raw form body) or `"json"` (a raw body against the URL's `bodySHA256`).
    #[pyo3(signature = (kind, url, signature, params, body))]
    fn verify_twilio<'py>(
        &self,
        py: Python<'py>,
        kind: &str,
        url: &str,
        signature: &str,
        params: Lines,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<VerifiedTuple<'py>> {
        let body = binary(body, "body")?;
        let result = match kind {
            "form" => self.hook.verify_twilio_form_body(url, &body, signature),
            "json" => self.hook.verify_twilio_json_body(url, &body, signature),
            "params" => self.hook.verify_twilio(url, &params, signature),
            other => Err(Error::new(
                ErrorCode::InvalidOption,
                format!("unknown Twilio check {other:?}"),
            )),
        };
        result.map(|v| verified(py, v)).map_err(err(py))
    }
}

/// The exact bytes a provider's MAC covers for a delivery (no secret needed).
#[pyfunction]
#[pyo3(signature = (provider, body, timestamp, msg_id, url, params))]
fn _webhook_payload<'py>(
    py: Python<'py>,
    provider: &str,
    body: &Bound<'py, PyAny>,
    timestamp: Option<u64>,
    msg_id: Option<&str>,
    url: Option<&str>,
    params: Lines,
) -> PyResult<Bound<'py, PyBytes>> {
    let provider: Provider = provider.parse().map_err(err(py))?;
    let body = binary(body, "body")?;
    let delivery = Delivery {
        body: &body,
        timestamp,
        msg_id,
        url,
        params: &params,
    };
    let payload = provider.signed_payload(&delivery).map_err(err(py))?;
    Ok(PyBytes::new(py, &payload))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWebhook>()?;
    m.add_function(wrap_pyfunction!(_webhook_payload, m)?)?;
    Ok(())
}
