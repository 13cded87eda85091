//! Slack's `X-Slack-Signature: v0=...` request signing.

use std::time::Duration;

use ring::hmac;

use super::{header, hmac_key, invalid, mismatch, parse_timestamp, TimePolicy, WebhookVerified};
use crate::sign::encoding::{hex_decode, hex_encode};
use crate::sign::secret::Secret;
use crate::time::{Clock, Now};
use crate::{Error, ErrorCode};

const PROVIDER: &str = "slack";

/// Slack: `v0=<hex HMAC-SHA256>` over `v0:{X-Slack-Request-Timestamp}:{body}`, the key being
/// the signing secret as text (not hex-decoded). Default tolerance 300 s.
///
/// ```
/// use canonsig::scheme::webhook::Slack;
/// let slack = Slack::new("8f742231b10e8888abcd99yyyzzz85a5")?;
/// assert_eq!(Slack::signed_payload(1531420618, b"token=x"), b"v0:1531420618:token=x");
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Slack {
    key: Secret,
    time: TimePolicy,
}

impl Slack {
    /// A verifier for the app's signing secret.
    pub fn new(signing_secret: &str) -> Result<Self, Error> {
        Ok(Slack {
            key: super::non_empty_secret(PROVIDER, signing_secret.as_bytes())?,
            time: TimePolicy::new(300),
        })
    }

    /// How far the timestamp may be from now, both ways (default 300 s).
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

    /// `v0:{timestamp}:{body}`: the bytes the MAC covers.
    pub fn signed_payload(timestamp: u64, body: &[u8]) -> Vec<u8> {
        let mut payload = format!("v0:{timestamp}:").into_bytes();
        payload.extend_from_slice(body);
        payload
    }

    /// The `X-Slack-Signature` value `v0=<hex>`.
    pub fn sign(&self, timestamp: u64, body: &[u8]) -> String {
        let tag = hmac::sign(
            &hmac_key(hmac::HMAC_SHA256, &self.key),
            &Self::signed_payload(timestamp, body),
        );
        format!("v0={}", hex_encode(tag.as_ref()))
    }

    /// Verifies from the header lines (`X-Slack-Request-Timestamp`, `X-Slack-Signature`) and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        self.verify_with(headers, body, self.time.clock_now())
    }

    /// Verifies like [`Slack::verify`] at `now` (Unix seconds), whatever the clock says.
    pub fn verify_at<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
        now: u64,
    ) -> Result<WebhookVerified, Error> {
        self.verify_with(headers, body, Now::At(now))
    }

    fn verify_with<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
        now: Now<'_>,
    ) -> Result<WebhookVerified, Error> {
        let timestamp = header(headers, "X-Slack-Request-Timestamp")?;
        let signature = header(headers, "X-Slack-Signature")?;
        self.verify_parts_with(timestamp, signature, body, now)
    }

    /// Verifies from the two header values and the raw body.
    pub fn verify_parts(&self, timestamp: &str, signature: &str, body: &[u8]) -> Result<WebhookVerified, Error> {
        self.verify_parts_with(timestamp, signature, body, self.time.clock_now())
    }

    fn verify_parts_with(
        &self,
        timestamp: &str,
        signature: &str,
        body: &[u8],
        now: Now<'_>,
    ) -> Result<WebhookVerified, Error> {
        let ts = parse_timestamp("X-Slack-Request-Timestamp", timestamp)?;
        let Some(hex) = signature.strip_prefix("v0=") else {
            return Err(invalid(format!("X-Slack-Signature {signature:?} is not v0=<hex>")));
        };
        let Some(mac) = hex_decode(hex).filter(|m| m.len() == 32) else {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                "X-Slack-Signature is not v0=<64 hex digits>",
            ));
        };
        let payload = Self::signed_payload(ts, body);
        if hmac::verify(&hmac_key(hmac::HMAC_SHA256, &self.key), &payload, &mac).is_err() {
            return Err(mismatch(
                PROVIDER,
                1,
                &payload,
                "verify the raw (form-encoded) body bytes as received, with the signing secret as text",
            ));
        }
        self.time.check(PROVIDER, ts, now)?;
        Ok(WebhookVerified {
            provider: PROVIDER,
            signed_payload: payload,
            timestamp: Some(ts),
            matched_signature: signature.to_string(),
        })
    }
}
