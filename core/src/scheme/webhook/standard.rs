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
use crate::sign::{Algorithm, Key};
use crate::time::{Clock, Now};
use crate::{Error, ErrorCode};

const PROVIDER: &str = "standard-webhooks";

/// Standard Webhooks over `{webhook-id}.{webhook-timestamp}.{body}`: v1 (symmetric,
/// `webhook-signature: v1,<base64 HMAC-SHA256>`, the key being the base64 secret after its
/// `whsec_` prefix) and v1a (asymmetric, `v1a,<base64 Ed25519 signature>`: the sender holds
/// a `whsk_` secret key, receivers the `whpk_` public key; both base64 after the prefix, the
/// secret key as the 32-byte seed or the 64-byte seed-and-public-key form). Several
/// space-separated signatures are accepted (key rotation), the ones of the other version
/// ignored; `svix-*` headers are read when the `webhook-*` ones are absent. Default tolerance
/// 5 minutes.
///
/// ```
/// use canonsig::scheme::webhook::StandardWebhooks;
/// // The reference libraries' test vector.
/// let wh = StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?.clock(|| 1614265330);
/// let sig = wh.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, br#"{"test": 2432232314}"#)?;
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
    key: WebhookKey,
    time: TimePolicy,
}

/// The key of one of the two versions.
#[derive(Clone, Debug)]
enum WebhookKey {
    /// v1: the HMAC secret.
    Symmetric(Secret),
    /// v1a: an Ed25519 key (private from `whsk_`, or public only from `whpk_`); shared,
    /// as ring's key pairs cannot be cloned.
    Ed25519(std::sync::Arc<Key>),
}

/// PKCS #8 v1 (RFC 8410) prefix of an Ed25519 private key, before its 32-byte seed.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn decode_key(prefix: &str, encoded: &str) -> Result<Vec<u8>, Error> {
    STANDARD.decode(encoded).map_err(|_| {
        Error::new(
            ErrorCode::InvalidKey,
            format!("the Standard Webhooks key is not base64 after its {prefix} prefix (use it exactly as the provider shows it)"),
        )
    })
}

fn ed25519_key(secret: &str) -> Result<Option<Key>, Error> {
    let wrong_length = |what: &str, n: usize| {
        Error::new(
            ErrorCode::InvalidKey,
            format!("a Standard Webhooks {what} key is 32 bytes of Ed25519 key (64 for a secret key with its public half), not {n}"),
        )
    };
    if let Some(encoded) = secret.strip_prefix("whpk_") {
        let public = decode_key("whpk_", encoded)?;
        if public.len() != 32 {
            return Err(wrong_length("public", public.len()));
        }
        return Key::from_public_bytes(Algorithm::Ed25519, &public).map(Some);
    }
    let Some(encoded) = secret.strip_prefix("whsk_") else {
        return Ok(None);
    };
    let raw = Secret::new(decode_key("whsk_", encoded)?);
    let seed = match raw.expose().len() {
        32 | 64 => &raw.expose()[..32],
        n => return Err(wrong_length("secret", n)),
    };
    // Secret wipes the seed copies on drop.
    let pkcs8 = Secret::new([&ED25519_PKCS8_PREFIX[..], seed].concat());
    let key = Key::from_pkcs8(Some(Algorithm::Ed25519), pkcs8.expose())?;
    if raw.expose().len() == 64 && key.public_bytes()?.as_slice() != &raw.expose()[32..] {
        return Err(Error::new(
            ErrorCode::InvalidKey,
            "the whsk_ key's second half is not the public key of its first half",
        ));
    }
    Ok(Some(key))
}

impl StandardWebhooks {
    /// A signer and verifier for a `whsec_...` secret (v1; the prefix is optional, the rest is
    /// standard base64), a `whsk_...` secret key (v1a, signs and verifies) or a `whpk_...`
    /// public key (v1a, verifies only).
    pub fn new(secret: &str) -> Result<Self, Error> {
        if let Some(key) = ed25519_key(secret)? {
            return Ok(StandardWebhooks {
                key: WebhookKey::Ed25519(std::sync::Arc::new(key)),
                time: TimePolicy::new(300),
            });
        }
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = STANDARD.decode(encoded).map_err(|_| {
            Error::new(
                ErrorCode::InvalidKey,
                "the Standard Webhooks secret is not base64 after its whsec_ prefix (use the secret exactly as the provider shows it)",
            )
        })?;
        Ok(StandardWebhooks {
            key: WebhookKey::Symmetric(super::non_empty_secret(PROVIDER, &key)?),
            time: TimePolicy::new(300),
        })
    }

    /// How far the timestamp may be from now, both ways (default 5 minutes).
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

    /// `{id}.{timestamp}.{body}`: the bytes the MAC covers.
    pub fn signed_payload(msg_id: &str, timestamp: u64, body: &[u8]) -> Vec<u8> {
        let mut payload = format!("{msg_id}.{timestamp}.").into_bytes();
        payload.extend_from_slice(body);
        payload
    }

    /// The `webhook-signature` value for this message: `v1,<base64>` with a `whsec_` secret,
    /// `v1a,<base64>` with a `whsk_` secret key.
    ///
    /// Errors: `invalid_key` with a `whpk_` public key, which can only verify.
    pub fn sign(&self, msg_id: &str, timestamp: u64, body: &[u8]) -> Result<String, Error> {
        let payload = Self::signed_payload(msg_id, timestamp, body);
        match &self.key {
            WebhookKey::Symmetric(secret) => {
                let tag = hmac::sign(&hmac_key(hmac::HMAC_SHA256, secret), &payload);
                Ok(format!("v1,{}", STANDARD.encode(tag.as_ref())))
            }
            WebhookKey::Ed25519(key) if key.can_sign() => Ok(format!("v1a,{}", STANDARD.encode(key.sign(&payload)?))),
            WebhookKey::Ed25519(_) => Err(Error::new(
                ErrorCode::InvalidKey,
                "a whpk_ public key verifies Standard Webhooks v1a signatures but cannot make them (the sender holds the whsk_ key)",
            )),
        }
    }

    /// Verifies from the header lines (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
    /// or their `svix-` forms) and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        self.verify_with(headers, body, self.time.clock_now())
    }

    /// Verifies like [`StandardWebhooks::verify`] at `now` (Unix seconds), whatever the clock says.
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
        let prefix =
            if optional_header(headers, "webhook-id")?.is_none() && optional_header(headers, "svix-id")?.is_some() {
                "svix"
            } else {
                "webhook"
            };
        let id = header(headers, &format!("{prefix}-id"))?;
        let timestamp = header(headers, &format!("{prefix}-timestamp"))?;
        let signature = header(headers, &format!("{prefix}-signature"))?;
        self.verify_parts_with(id, timestamp, signature, body, now)
    }

    /// Verifies from the three header values and the raw body.
    pub fn verify_parts(
        &self,
        msg_id: &str,
        timestamp: &str,
        signature_header: &str,
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        self.verify_parts_with(msg_id, timestamp, signature_header, body, self.time.clock_now())
    }

    fn verify_parts_with(
        &self,
        msg_id: &str,
        timestamp: &str,
        signature_header: &str,
        body: &[u8],
        now: Now<'_>,
    ) -> Result<WebhookVerified, Error> {
        let ts = parse_timestamp("webhook-timestamp", timestamp)?;
        let wanted = match self.key {
            WebhookKey::Symmetric(_) => "v1",
            WebhookKey::Ed25519(_) => "v1a",
        };
        let mut versions = Vec::new();
        let mut texts = Vec::new();
        let mut candidates = Vec::new();
        for entry in signature_header.split_ascii_whitespace() {
            let (version, sig) = entry.split_once(',').unwrap_or((entry, ""));
            if version == wanted {
                if let Ok(bytes) = STANDARD.decode(sig) {
                    texts.push(entry);
                    candidates.push(bytes);
                    continue;
                }
            }
            versions.push(version);
        }
        if candidates.is_empty() {
            let key_kind = if wanted == "v1" {
                "whsec_ secret"
            } else {
                "whpk_/whsk_ key"
            };
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                format!("webhook-signature has no {wanted},<base64> signature, which a {key_kind} verifies (found {versions:?})"),
            ));
        }
        let payload = Self::signed_payload(msg_id, ts, body);
        let matched = match &self.key {
            WebhookKey::Symmetric(secret) => find_match(&hmac_key(hmac::HMAC_SHA256, secret), &payload, &candidates),
            WebhookKey::Ed25519(key) => candidates.iter().position(|sig| key.verify(&payload, sig).is_ok()),
        };
        let Some(i) = matched else {
            return Err(mismatch(PROVIDER, candidates.len(), &payload, RAW_BODY_HINT));
        };
        self.time.check(PROVIDER, ts, now)?;
        Ok(WebhookVerified {
            provider: PROVIDER,
            signed_payload: payload,
            timestamp: Some(ts),
            matched_signature: texts[i].to_string(),
        })
    }
}
