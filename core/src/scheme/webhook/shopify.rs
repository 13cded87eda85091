//! Shopify's `X-Shopify-Hmac-Sha256` webhooks.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;

use super::{header, hmac_key, mismatch, WebhookVerified, RAW_BODY_HINT};
use crate::sign::secret::Secret;
use crate::{Error, ErrorCode};

const PROVIDER: &str = "shopify";

/// Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(client secret, body)>`. No timestamp.
///
/// ```
/// use canonsig::scheme::webhook::Shopify;
/// let shopify = Shopify::new("hush")?;
/// let body = br#"{"id":1,"name":"test"}"#;
/// let sig = shopify.sign(body);
/// assert!(shopify.verify(&[("X-Shopify-Hmac-Sha256", sig.as_str())], body).is_ok());
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Shopify {
    key: Secret,
}

impl Shopify {
    /// A verifier for the app's client secret (used as text).
    pub fn new(secret: &str) -> Result<Self, Error> {
        Ok(Shopify {
            key: super::non_empty_secret(PROVIDER, secret.as_bytes())?,
        })
    }

    /// The `X-Shopify-Hmac-Sha256` value for this body.
    pub fn sign(&self, body: &[u8]) -> String {
        STANDARD.encode(hmac::sign(&hmac_key(hmac::HMAC_SHA256, &self.key), body).as_ref())
    }

    /// Verifies from the header lines and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        self.verify_value(header(headers, "X-Shopify-Hmac-Sha256")?, body)
    }

    /// Verifies the header value against the raw body.
    pub fn verify_value(&self, value: &str, body: &[u8]) -> Result<WebhookVerified, Error> {
        let Some(mac) = STANDARD.decode(value).ok().filter(|m| m.len() == 32) else {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                "X-Shopify-Hmac-Sha256 is not the base64 of a 32-byte HMAC",
            ));
        };
        if hmac::verify(&hmac_key(hmac::HMAC_SHA256, &self.key), body, &mac).is_err() {
            return Err(mismatch(PROVIDER, 1, body, RAW_BODY_HINT));
        }
        Ok(WebhookVerified {
            provider: PROVIDER,
            signed_payload: body.to_vec(),
            timestamp: None,
            matched_signature: value.to_string(),
        })
    }
}
