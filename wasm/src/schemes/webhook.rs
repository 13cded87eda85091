//! Webhook schemes for `js/webhooks.js`: one sign / payload / verify entry per operation,
//! the provider named by its id. The secret crosses for each call and lives in the core's
//! provider object (wiped on drop) for that call only.

use std::time::Duration;

use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio, WebhookVerified};
use canonsig::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

use super::values::{body_arg, bytes, object, seconds, string_pairs, thrown};
use super::Schemes;

fn unknown(provider: &str) -> Error {
    Error::new(
        ErrorCode::InvalidOption,
        format!("unknown webhook provider {provider:?}"),
    )
}

fn verified_object(ok: &WebhookVerified) -> Result<JsValue, JsValue> {
    object(&[
        ("provider", ok.provider.into()),
        ("signedPayload", bytes(&ok.signed_payload)),
        ("timestamp", ok.timestamp.map_or(JsValue::NULL, |t| (t as f64).into())),
        ("matchedSignature", ok.matched_signature.as_str().into()),
    ])
}

#[wasm_bindgen]
impl Schemes {
    /// Checks a provider's secret (or key) without signing: a Standard Webhooks `whpk_`
    /// public key is valid but cannot sign.
    #[wasm_bindgen(js_name = webhookCheck)]
    pub fn webhook_check(&self, provider: &str, secret: &str) -> Result<(), JsValue> {
        match provider {
            "standard-webhooks" => StandardWebhooks::new(secret).map(|_| ()).map_err(thrown),
            "stripe" => Stripe::new(secret).map(|_| ()).map_err(thrown),
            "slack" => Slack::new(secret).map(|_| ()).map_err(thrown),
            "shopify" => Shopify::new(secret).map(|_| ()).map_err(thrown),
            "github" => Ok(()),
            other => Err(thrown(unknown(other))),
        }
    }

    /// The signature header value. `timestamp` is ignored by GitHub and Shopify, `msgId`
    /// is Standard Webhooks' only; `sha1` asks GitHub for the legacy `sha1=` form.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = webhookSign)]
    pub fn webhook_sign(
        &self,
        provider: &str,
        secret: &str,
        msg_id: &str,
        timestamp: JsValue,
        body: JsValue,
        sha1: bool,
    ) -> Result<String, JsValue> {
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let ts = || seconds("timestamp", &timestamp).map_err(thrown);
        match provider {
            "standard-webhooks" => StandardWebhooks::new(secret)
                .map_err(thrown)?
                .sign(msg_id, ts()?, &body)
                .map_err(thrown),
            "stripe" => Ok(Stripe::new(secret).map_err(thrown)?.sign(ts()?, &body)),
            "slack" => Ok(Slack::new(secret).map_err(thrown)?.sign(ts()?, &body)),
            "github" if sha1 => Ok(GitHub::new(secret).sign_sha1(&body)),
            "github" => Ok(GitHub::new(secret).sign(&body)),
            "shopify" => Ok(Shopify::new(secret).map_err(thrown)?.sign(&body)),
            other => Err(thrown(unknown(other))),
        }
    }

    /// The exact bytes a provider's MAC covers.
    #[wasm_bindgen(js_name = webhookPayload)]
    pub fn webhook_payload(
        &self,
        provider: &str,
        msg_id: &str,
        timestamp: JsValue,
        body: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let ts = seconds("timestamp", &timestamp).map_err(thrown)?;
        match provider {
            "standard-webhooks" => Ok(StandardWebhooks::signed_payload(msg_id, ts, &body)),
            "stripe" => Ok(Stripe::signed_payload(ts, &body)),
            "slack" => Ok(Slack::signed_payload(ts, &body)),
            other => Err(thrown(unknown(other))),
        }
    }

    /// Verifies from the header lines `[[name, value]]` and the raw body.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = webhookVerify)]
    pub fn webhook_verify(
        &self,
        provider: &str,
        secret: &str,
        headers: JsValue,
        body: JsValue,
        tolerance: JsValue,
        allow_sha1: bool,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let headers = string_pairs(&headers, "the headers").map_err(thrown)?;
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let tolerance = Duration::from_secs(seconds("tolerance", &tolerance).map_err(thrown)?);
        let now = seconds("now()", &now).map_err(thrown)?;
        let clock = move || now;
        let ok = match provider {
            "standard-webhooks" => StandardWebhooks::new(secret)
                .map_err(thrown)?
                .tolerance(tolerance)
                .clock(clock)
                .verify(&headers, &body),
            "stripe" => Stripe::new(secret)
                .map_err(thrown)?
                .tolerance(tolerance)
                .clock(clock)
                .verify(&headers, &body),
            "slack" => Slack::new(secret)
                .map_err(thrown)?
                .tolerance(tolerance)
                .clock(clock)
                .verify(&headers, &body),
            "github" => GitHub::new(secret).allow_sha1(allow_sha1).verify(&headers, &body),
            "shopify" => Shopify::new(secret).map_err(thrown)?.verify(&headers, &body),
            other => Err(unknown(other)),
        }
        .map_err(thrown)?;
        verified_object(&ok)
    }

    /// Twilio's signed text: the URL, then each sorted parameter name and value.
    #[wasm_bindgen(js_name = twilioPayload)]
    pub fn twilio_payload(&self, url: &str, params: JsValue) -> Result<String, JsValue> {
        let params = string_pairs(&params, "the parameters").map_err(thrown)?;
        Ok(Twilio::signed_payload(url, &params))
    }

    /// The `X-Twilio-Signature` value.
    #[wasm_bindgen(js_name = twilioSign)]
    pub fn twilio_sign(&self, token: &str, url: &str, params: JsValue) -> Result<String, JsValue> {
        let params = string_pairs(&params, "the parameters").map_err(thrown)?;
        Ok(Twilio::new(token).map_err(thrown)?.sign(url, &params))
    }

    /// Verifies a Twilio request: `mode` is `"params"` (decoded parameters), `"form"`
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
        let twilio = Twilio::new(token).map_err(thrown)?;
        let ok = match mode {
            "params" => twilio.verify(
                url,
                &string_pairs(&params, "the parameters").map_err(thrown)?,
                signature,
            ),
            "form" => twilio.verify_form_body(url, &body_arg(&body, "the body").map_err(thrown)?, signature),
            _ => twilio.verify_json_body(url, &body_arg(&body, "the body").map_err(thrown)?, signature),
        }
        .map_err(thrown)?;
        verified_object(&ok)
    }
}
