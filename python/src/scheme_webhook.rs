//! Webhook schemes for `canonsig.webhooks`: one private class holding the core verifier of
//! a provider (the secret is copied once into wiped memory); the public classes per
//! provider are in `canonsig/webhooks.py`, which also refuses parsed bodies.

use std::time::Duration;

use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio, WebhookVerified};
use canonsig::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::message::{err, Lines};
use crate::text::binary;
use crate::verifier::{thread_clock, NowGuard};

enum Provider {
    Standard(StandardWebhooks),
    Stripe(Stripe),
    GitHub(GitHub),
    Slack(Slack),
    Shopify(Shopify),
    Twilio(Twilio),
}

/// `(provider, signed payload, timestamp, matched signature)`.
type VerifiedTuple<'py> = (&'static str, Bound<'py, PyBytes>, Option<u64>, String);

fn verified<'py>(py: Python<'py>, v: WebhookVerified) -> VerifiedTuple<'py> {
    (
        v.provider,
        PyBytes::new(py, &v.signed_payload),
        v.timestamp,
        v.matched_signature,
    )
}

fn wrong_provider(what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidOption,
        format!("{what} does not apply to this webhook provider"),
    )
}

/// A provider's core verifier/signer.
#[pyclass(frozen, module = "canonsig._canonsig", name = "_Webhook")]
struct PyWebhook {
    provider: Provider,
}

#[pymethods]
impl PyWebhook {
    #[new]
    #[pyo3(signature = (provider, secret, tolerance, allow_sha1))]
    fn new(py: Python<'_>, provider: &str, secret: &str, tolerance: u64, allow_sha1: bool) -> PyResult<Self> {
        let tolerance = Duration::from_secs(tolerance);
        let made = match provider {
            "standard-webhooks" => {
                StandardWebhooks::new(secret).map(|w| Provider::Standard(w.tolerance(tolerance).clock(thread_clock)))
            }
            "stripe" => Stripe::new(secret).map(|w| Provider::Stripe(w.tolerance(tolerance).clock(thread_clock))),
            "github" => Ok(Provider::GitHub(GitHub::new(secret).allow_sha1(allow_sha1))),
            "slack" => Slack::new(secret).map(|w| Provider::Slack(w.tolerance(tolerance).clock(thread_clock))),
            "shopify" => Shopify::new(secret).map(Provider::Shopify),
            "twilio" => Twilio::new(secret).map(Provider::Twilio),
            other => Err(Error::new(
                ErrorCode::InvalidOption,
                format!("unknown webhook provider {other:?}"),
            )),
        };
        Ok(PyWebhook {
            provider: made.map_err(err(py))?,
        })
    }

    /// Standard Webhooks: the `webhook-signature` value.
    fn sign_standard(&self, py: Python<'_>, msg_id: &str, timestamp: u64, body: &Bound<'_, PyAny>) -> PyResult<String> {
        let body = binary(body, "body")?;
        match &self.provider {
            Provider::Standard(w) => w.sign(msg_id, timestamp, &body).map_err(err(py)),
            _ => Err(err(py)(wrong_provider("sign_standard"))),
        }
    }

    /// Stripe and Slack: the signature header value for `timestamp` and `body`.
    fn sign_timestamped(&self, py: Python<'_>, timestamp: u64, body: &Bound<'_, PyAny>) -> PyResult<String> {
        let body = binary(body, "body")?;
        match &self.provider {
            Provider::Stripe(w) => Ok(w.sign(timestamp, &body)),
            Provider::Slack(w) => Ok(w.sign(timestamp, &body)),
            _ => Err(err(py)(wrong_provider("sign_timestamped"))),
        }
    }

    /// GitHub (`sha256=`, or `sha1=` with `sha1`) and Shopify: the header value for `body`.
    #[pyo3(signature = (body, sha1 = false))]
    fn sign_body(&self, py: Python<'_>, body: &Bound<'_, PyAny>, sha1: bool) -> PyResult<String> {
        let body = binary(body, "body")?;
        match &self.provider {
            Provider::GitHub(w) if sha1 => Ok(w.sign_sha1(&body)),
            Provider::GitHub(w) => Ok(w.sign(&body)),
            Provider::Shopify(w) => Ok(w.sign(&body)),
            _ => Err(err(py)(wrong_provider("sign_body"))),
        }
    }

    /// Twilio: the `X-Twilio-Signature` value for a URL and its POST parameters.
    fn sign_twilio(&self, py: Python<'_>, url: &str, params: Lines) -> PyResult<String> {
        match &self.provider {
            Provider::Twilio(w) => Ok(w.sign(url, &params)),
            _ => Err(err(py)(wrong_provider("sign_twilio"))),
        }
    }

    /// Verifies from header lines and the raw body (every provider but Twilio).
    fn verify<'py>(
        &self,
        py: Python<'py>,
        headers: Lines,
        body: &Bound<'py, PyAny>,
        now: u64,
    ) -> PyResult<VerifiedTuple<'py>> {
        let body = binary(body, "body")?;
        let _now = NowGuard::set(Some(now));
        let result = match &self.provider {
            Provider::Standard(w) => w.verify(&headers, &body),
            Provider::Stripe(w) => w.verify(&headers, &body),
            Provider::GitHub(w) => w.verify(&headers, &body),
            Provider::Slack(w) => w.verify(&headers, &body),
            Provider::Shopify(w) => w.verify(&headers, &body),
            Provider::Twilio(_) => Err(wrong_provider("verify(headers, body)")),
        };
        result.map(|v| verified(py, v)).map_err(err(py))
    }

    /// Twilio: `kind` is `"params"` (decoded POST parameters), `"form"` (raw form body)
    /// or `"json"` (raw body, checked against the URL's `bodySHA256`).
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
        let Provider::Twilio(w) = &self.provider else {
            return Err(err(py)(wrong_provider("verify_twilio")));
        };
        let body = binary(body, "body")?;
        let result = match kind {
            "form" => w.verify_form_body(url, &body, signature),
            "json" => w.verify_json_body(url, &body, signature),
            _ => w.verify(url, &params, signature),
        };
        result.map(|v| verified(py, v)).map_err(err(py))
    }
}

/// The exact bytes a provider's MAC covers. `parts` is what the scheme adds to the
/// body: Standard Webhooks `(msg_id, timestamp)`, Stripe and Slack `(None, timestamp)`.
#[pyfunction]
#[pyo3(signature = (provider, msg_id, timestamp, body))]
fn _webhook_payload<'py>(
    py: Python<'py>,
    provider: &str,
    msg_id: Option<&str>,
    timestamp: Option<u64>,
    body: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let body = binary(body, "body")?;
    let payload = match (provider, msg_id, timestamp) {
        ("standard-webhooks", Some(id), Some(ts)) => StandardWebhooks::signed_payload(id, ts, &body),
        ("stripe", _, Some(ts)) => Stripe::signed_payload(ts, &body),
        ("slack", _, Some(ts)) => Slack::signed_payload(ts, &body),
        ("github" | "shopify", _, _) => body.to_vec(),
        _ => return Err(err(py)(wrong_provider("this payload"))),
    };
    Ok(PyBytes::new(py, &payload))
}

/// Twilio's signed text: the URL and the sorted parameters.
#[pyfunction]
fn _twilio_payload(url: &str, params: Lines) -> String {
    Twilio::signed_payload(url, &params)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWebhook>()?;
    m.add_function(wrap_pyfunction!(_webhook_payload, m)?)?;
    m.add_function(wrap_pyfunction!(_twilio_payload, m)?)?;
    Ok(())
}
