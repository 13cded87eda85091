//! Webhook schemes for `js/webhooks.js`: each call names the provider and carries the
//! secret, which lives in core's [`Webhook`] (wiped on drop) for that call only. Which
//! headers, payload and time check a provider has is decided by core.

use std::time::Duration;

use canonsig::scheme::webhook::{Delivery, Provider, Webhook, WebhookVerified};
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::message::request_from;
use super::values::{body_arg, bytes, object, pair, seconds, string_pairs, thrown};
use super::Schemes;
use crate::options::{boolean, each_option, string};

fn verified_object(ok: &WebhookVerified) -> Result<JsValue, JsValue> {
    object(&[
        ("provider", ok.provider.into()),
        ("signedPayload", bytes(&ok.signed_payload)),
        ("timestamp", ok.timestamp.map_or(JsValue::NULL, |t| (t as f64).into())),
        ("matchedSignature", ok.matched_signature.as_str().into()),
    ])
}

/// The provider's signer and verifier with `{ tolerance, allowSha1 }` (absent: core's defaults).
fn webhook(provider: &str, secret: &str, options: JsValue) -> Result<Webhook, Error> {
    let mut hook = Webhook::new(provider.parse::<Provider>()?, secret)?;
    let mut given: Vec<(String, JsValue)> = Vec::new();
    each_option(Some(options), &["tolerance", "allowSha1"], |name, v| {
        given.push((name.to_string(), v.clone()));
        Ok(())
    })?;
    for (name, v) in &given {
        hook = match name.as_str() {
            "tolerance" => hook.tolerance(Duration::from_secs(seconds(name, v)?)),
            _ => hook.allow_sha1(boolean(name, v)?),
        };
    }
    Ok(hook)
}

/// What a sender signs: `{ body, timestamp?, msgId?, url?, params? }`.
struct OwnedDelivery {
    body: Vec<u8>,
    timestamp: Option<u64>,
    msg_id: Option<String>,
    url: Option<String>,
    params: Vec<(String, String)>,
}

impl OwnedDelivery {
    fn from_js(value: &JsValue) -> Result<Self, Error> {
        let get = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let present = |v: &JsValue| !v.is_undefined() && !v.is_null();
        let body = get("body");
        let (timestamp, msg_id, url, params) = (get("timestamp"), get("msgId"), get("url"), get("params"));
        Ok(OwnedDelivery {
            body: if present(&body) {
                body_arg(&body, "the body")?
            } else {
                Vec::new()
            },
            timestamp: present(&timestamp)
                .then(|| seconds("timestamp", &timestamp))
                .transpose()?,
            msg_id: present(&msg_id)
                .then(|| string("msgId", &msg_id, "a string"))
                .transpose()?,
            url: present(&url).then(|| string("url", &url, "a string")).transpose()?,
            params: if present(&params) {
                string_pairs(&params, "the parameters")?
            } else {
                Vec::new()
            },
        })
    }

    fn delivery(&self) -> Delivery<'_> {
        Delivery {
            body: &self.body,
            timestamp: self.timestamp,
            msg_id: self.msg_id.as_deref(),
            url: self.url.as_deref(),
            params: &self.params,
        }
    }
}

#[wasm_bindgen]
impl Schemes {
    /// Checks a provider's secret (or key) without signing: a Standard Webhooks `whpk_`
    /// public key is valid but cannot sign.
    #[wasm_bindgen(js_name = webhookCheck)]
    pub fn webhook_check(&self, provider: &str, secret: &str) -> Result<(), JsValue> {
        webhook(provider, secret, JsValue::UNDEFINED)
            .map(|_| ())
            .map_err(thrown)
    }

    /// Signs a delivery at `now` (its timestamp when given): `{ headers: [[name, value]],
    /// signature, signedPayload }`.
    #[wasm_bindgen(js_name = webhookSign)]
    pub fn webhook_sign(
        &self,
        provider: &str,
        secret: &str,
        delivery: JsValue,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hook = webhook(provider, secret, JsValue::UNDEFINED).map_err(thrown)?;
        let delivery = OwnedDelivery::from_js(&delivery).map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let signed = hook.sign_at(&delivery.delivery(), now).map_err(thrown)?;
        let headers: Array = signed
            .headers
            .iter()
            .map(|h| pair(h.name.as_str(), h.value.as_str()))
            .collect();
        object(&[
            ("headers", headers.into()),
            ("signature", signed.signature.as_str().into()),
            ("signedPayload", bytes(&signed.signed_payload)),
        ])
    }

    /// GitHub's legacy `X-Hub-Signature` value (`sha1=<hex>`).
    #[wasm_bindgen(js_name = webhookSignSha1)]
    pub fn webhook_sign_sha1(&self, provider: &str, secret: &str, body: JsValue) -> Result<String, JsValue> {
        let body = body_arg(&body, "the body").map_err(thrown)?;
        webhook(provider, secret, JsValue::UNDEFINED)
            .and_then(|h| h.sign_sha1(&body))
            .map_err(thrown)
    }

    /// The exact bytes a provider's MAC covers for a delivery (no secret needed).
    #[wasm_bindgen(js_name = webhookPayload)]
    pub fn webhook_payload(&self, provider: &str, delivery: JsValue) -> Result<Vec<u8>, JsValue> {
        let provider: Provider = provider.parse().map_err(thrown)?;
        let delivery = OwnedDelivery::from_js(&delivery).map_err(thrown)?;
        provider.signed_payload(&delivery.delivery()).map_err(thrown)
    }

    /// Verifies from the header lines `[[name, value]]` and the raw body at `now`.
    #[wasm_bindgen(js_name = webhookVerify)]
    pub fn webhook_verify(
        &self,
        provider: &str,
        secret: &str,
        headers: JsValue,
        body: JsValue,
        options: JsValue,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let headers = string_pairs(&headers, "the headers").map_err(thrown)?;
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let ok = webhook(provider, secret, options)
            .and_then(|h| h.verify_at(&headers, &body, now))
            .map_err(thrown)?;
        verified_object(&ok)
    }

    /// Verifies a whole normalized request (Twilio: its URL too) at `now`.
    #[wasm_bindgen(js_name = webhookVerifyRequest)]
    pub fn webhook_verify_request(
        &self,
        provider: &str,
        secret: &str,
        request: JsValue,
        options: JsValue,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = request_from(&request).map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let ok = webhook(provider, secret, options)
            .and_then(|h| h.verify_request_at(&request, now))
            .map_err(thrown)?;
        verified_object(&ok)
    }

    /// Twilio's lower-level checks: `mode` is `"params"` (decoded parameters), `"form"`
    /// (a raw form body) or `"json"` (`bodySHA256` in the URL).
    #[wasm_bindgen(js_name = twilioVerify)]
    pub fn twilio_verify(
        &self,
        token: &str,
        mode: &str,
        url: &str,
        signature: &str,
        params: JsValue,
        body: JsValue,
    ) -> Result<JsValue, JsValue> {
        let twilio = webhook("twilio", token, JsValue::UNDEFINED).map_err(thrown)?;
        let ok = match mode {
            "params" => twilio.verify_twilio(
                url,
                &string_pairs(&params, "the parameters").map_err(thrown)?,
                signature,
            ),
            "form" => twilio.verify_twilio_form_body(url, &body_arg(&body, "the body").map_err(thrown)?, signature),
            "json" => twilio.verify_twilio_json_body(url, &body_arg(&body, "the body").map_err(thrown)?, signature),
            other => Err(Error::new(
                ErrorCode::InvalidOption,
                format!("unknown Twilio check {other:?}"),
            )),
        }
        .map_err(thrown)?;
        verified_object(&ok)
    }
}
