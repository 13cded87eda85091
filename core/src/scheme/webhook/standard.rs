//! Standard Webhooks (<https://www.standardwebhooks.com>), as used by Svix, Clerk, Resend...

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;

use super::{
    find_match, header, hmac_key, mismatch, optional_header, parse_timestamp, TimePolicy, WebhookVerified,
    RAW_BODY_HINT,
};
use crate::sign::secret::Secret;
use crate::sign::Clock;
use crate::{Error, ErrorCode};

const PROVIDER: &str = "standard-webhooks";

/// Standard Webhooks v1 (symmetric): `webhook-signature: v1,<base64 HMAC-SHA256>` over
/// `{webhook-id}.{webhook-timestamp}.{body}`, the key being the base64 secret after its
/// `whsec_` prefix. Several space-separated signatures are accepted (key rotation);
/// `svix-*` headers are read when the `webhook-*` ones are absent. Default tolerance 5 minutes.
///
/// (The asymmetric `v1a` ed25519 variant is not supported yet: no published vector.)
///
/// ```
/// use canonsig::scheme::webhook::StandardWebhooks;
/// // The reference libraries' test vector.
/// let wh = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?.clock(|| 1614265330);
/// let sig = wh.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, br#"{"test": 2432232314}"#);
/// assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
/// let headers = [
///     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
///     ("webhook-timestamp", "1614265330"),
///     ("webhook-signature", sig.as_str()),
/// ];
/// assert!(wh.verify(&headers, br#"{"test": 2432232314}"#).is_ok());
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct StandardWebhooks {
    key: Secret,
    time: TimePolicy,
}

impl StandardWebhooks {
    /// A verifier for a `whsec_...` secret (the prefix is optional, the rest is standard base64).
    pub fn new(secret: &str) -> Result<Self, Error> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = STANDARD.decode(encoded).map_err(|_| {
            Error::new(
                ErrorCode::InvalidKey,
                "the Standard Webhooks secret is not base64 after its whsec_ prefix (use the secret exactly as the provider shows it)",
            )
        })?;
        Ok(StandardWebhooks {
            key: super::non_empty_secret(PROVIDER, &key)?,
            time: TimePolicy::new(300),
        })
    }

    /// How far the timestamp may be from now, both ways (default 5 minutes).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.time.tolerance = tolerance.as_secs();
        self
    }

    /// Where "now" comes from (a closure returning Unix seconds works).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.time.clock = std::sync::Arc::new(clock);
        self
    }

    /// `{id}.{timestamp}.{body}`: the bytes the MAC covers.
    pub fn signed_payload(msg_id: &str, timestamp: u64, body: &[u8]) -> Vec<u8> {
        let mut payload = format!("{msg_id}.{timestamp}.").into_bytes();
        payload.extend_from_slice(body);
        payload
    }

    /// The `webhook-signature` value `v1,<base64>` for this message.
    pub fn sign(&self, msg_id: &str, timestamp: u64, body: &[u8]) -> String {
        let payload = Self::signed_payload(msg_id, timestamp, body);
        let tag = hmac::sign(&hmac_key(hmac::HMAC_SHA256, &self.key), &payload);
        format!("v1,{}", STANDARD.encode(tag.as_ref()))
    }

    /// Verifies from the header lines (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
    /// or their `svix-` forms) and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        let prefix =
            if optional_header(headers, "webhook-id")?.is_none() && optional_header(headers, "svix-id")?.is_some() {
                "svix"
            } else {
                "webhook"
            };
        let id = header(headers, &format!("{prefix}-id"))?;
        let timestamp = header(headers, &format!("{prefix}-timestamp"))?;
        let signature = header(headers, &format!("{prefix}-signature"))?;
        self.verify_parts(id, timestamp, signature, body)
    }

    /// Verifies from the three header values and the raw body.
    pub fn verify_parts(
        &self,
        msg_id: &str,
        timestamp: &str,
        signature_header: &str,
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        let ts = parse_timestamp("webhook-timestamp", timestamp)?;
        let mut versions = Vec::new();
        let mut texts = Vec::new();
        let mut candidates = Vec::new();
        for entry in signature_header.split_ascii_whitespace() {
            let (version, sig) = entry.split_once(',').unwrap_or((entry, ""));
            if version == "v1" {
                if let Ok(bytes) = STANDARD.decode(sig) {
                    texts.push(entry);
                    candidates.push(bytes);
                    continue;
                }
            }
            versions.push(version);
        }
        if candidates.is_empty() {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                format!("webhook-signature has no v1,<base64> signature (found {versions:?}); v1a (ed25519) is not supported"),
            ));
        }
        let payload = Self::signed_payload(msg_id, ts, body);
        let key = hmac_key(hmac::HMAC_SHA256, &self.key);
        let Some(i) = find_match(&key, &payload, &candidates) else {
            return Err(mismatch(PROVIDER, candidates.len(), &payload, RAW_BODY_HINT));
        };
        self.time.check(PROVIDER, ts)?;
        Ok(WebhookVerified {
            provider: PROVIDER,
            signed_payload: payload,
            timestamp: Some(ts),
            matched_signature: texts[i].to_string(),
        })
    }
}
