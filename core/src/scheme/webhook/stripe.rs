//! Stripe's `Stripe-Signature: t=...,v1=...` webhooks.

use std::time::Duration;

use ring::hmac;

use super::{find_match, header, hmac_key, invalid, mismatch, parse_timestamp, TimePolicy, WebhookVerified};
use crate::sign::encoding::{hex_decode, hex_encode};
use crate::sign::secret::Secret;
use crate::time::{Clock, Now};
use crate::{Error, ErrorCode};

const PROVIDER: &str = "stripe";

/// Stripe: hex HMAC-SHA256 over `{t}.{body}`, the key being the whole `whsec_...` string;
/// any `v1` in the header may match (secret rotation), `v0` and unknown schemes are
/// ignored. Default tolerance 300 s.
///
/// ```
/// use canonsig::scheme::webhook::Stripe;
/// let stripe = Stripe::new("whsec_test_secret")?.clock(|| 1_700_000_000);
/// let body = b"{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
/// let header = stripe.sign(1_700_000_000, body);
/// assert_eq!(header, "t=1700000000,v1=4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150");
/// assert!(stripe.verify(&[("Stripe-Signature", header.as_str())], body).is_ok());
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Stripe {
    key: Secret,
    time: TimePolicy,
}

impl Stripe {
    /// A verifier for the endpoint secret (`whsec_...`, used as is, prefix included).
    pub fn new(secret: &str) -> Result<Self, Error> {
        Ok(Stripe {
            key: super::non_empty_secret(PROVIDER, secret.as_bytes())?,
            time: TimePolicy::new(300),
        })
    }

    /// How far `t` may be from now, both ways (default 300 s).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.time.tolerance = tolerance.as_secs();
        self
    }

    /// The tolerance in seconds (300 unless set).
    pub fn tolerance_secs(&self) -> u64 {
        self.time.tolerance
    }

    /// Where "now" comes from (a closure returning Unix seconds works).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.time.clock = std::sync::Arc::new(clock);
        self
    }

    /// `{t}.{body}`: the bytes the MAC covers.
    pub fn signed_payload(timestamp: u64, body: &[u8]) -> Vec<u8> {
        let mut payload = format!("{timestamp}.").into_bytes();
        payload.extend_from_slice(body);
        payload
    }

    /// The `Stripe-Signature` value `t=...,v1=...`.
    pub fn sign(&self, timestamp: u64, body: &[u8]) -> String {
        let tag = hmac::sign(
            &hmac_key(hmac::HMAC_SHA256, &self.key),
            &Self::signed_payload(timestamp, body),
        );
        format!("t={timestamp},v1={}", hex_encode(tag.as_ref()))
    }

    /// Verifies from the header lines (`Stripe-Signature`) and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        self.verify_header_with(header(headers, "Stripe-Signature")?, body, self.time.clock_now())
    }

    /// Verifies like [`Stripe::verify`] at `now` (Unix seconds), whatever the clock says.
    pub fn verify_at<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
        now: u64,
    ) -> Result<WebhookVerified, Error> {
        self.verify_header_with(header(headers, "Stripe-Signature")?, body, Now::At(now))
    }

    /// Verifies from the `Stripe-Signature` value and the raw body.
    pub fn verify_header(&self, signature_header: &str, body: &[u8]) -> Result<WebhookVerified, Error> {
        self.verify_header_with(signature_header, body, self.time.clock_now())
    }

    fn verify_header_with(&self, signature_header: &str, body: &[u8], now: Now<'_>) -> Result<WebhookVerified, Error> {
        let mut timestamp = None;
        let mut texts = Vec::new();
        let mut candidates = Vec::new();
        for item in signature_header.split(',') {
            let (name, value) = item
                .trim()
                .split_once('=')
                .ok_or_else(|| invalid(format!("Stripe-Signature item {item:?} is not name=value")))?;
            match name {
                "t" if timestamp.is_some() => return Err(invalid("Stripe-Signature has t= twice".into())),
                "t" => timestamp = Some(parse_timestamp("Stripe-Signature t", value)?),
                "v1" => {
                    if let Some(bytes) = hex_decode(value).filter(|b| b.len() == 32) {
                        texts.push(value);
                        candidates.push(bytes);
                    }
                }
                _ => {} // v0 and future schemes
            }
        }
        let ts = timestamp.ok_or_else(|| invalid("Stripe-Signature has no t= timestamp".into()))?;
        if candidates.is_empty() {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                "Stripe-Signature has no v1=<64 hex digits> signature",
            ));
        }
        let payload = Self::signed_payload(ts, body);
        let key = hmac_key(hmac::HMAC_SHA256, &self.key);
        let Some(i) = find_match(&key, &payload, &candidates) else {
            return Err(mismatch(
                PROVIDER,
                candidates.len(),
                &payload,
                "verify the raw body bytes as received (not a parsed and re-serialized JSON), with this endpoint's whsec_ secret (whole string, prefix included)",
            ));
        };
        self.time.check(PROVIDER, ts, now)?;
        Ok(WebhookVerified {
            provider: PROVIDER,
            signed_payload: payload,
            timestamp: Some(ts),
            matched_signature: format!("v1={}", texts[i]),
        })
    }
}
