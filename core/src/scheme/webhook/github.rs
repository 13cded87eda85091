//! GitHub's `X-Hub-Signature-256` (and legacy `X-Hub-Signature`) webhooks.

use ring::hmac;

use super::{hmac_key, invalid, mismatch, optional_header, WebhookVerified, RAW_BODY_HINT};
use crate::sign::encoding::{hex_decode, hex_encode};
use crate::sign::secret::Secret;
use crate::{Error, ErrorCode};

const PROVIDER: &str = "github";

/// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. The legacy
/// `X-Hub-Signature: sha1=...` is only accepted after [`GitHub::allow_sha1`]. GitHub sends
/// no timestamp, so there is no replay protection (track `X-GitHub-Delivery` for that).
///
/// ```
/// use canonsig::scheme::webhook::GitHub;
/// // GitHub Docs' test values.
/// let github = GitHub::new("It's a Secret to Everybody");
/// assert_eq!(github.sign(b"Hello, World!"), "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
/// ```
#[derive(Clone, Debug)]
pub struct GitHub {
    key: Secret,
    allow_sha1: bool,
}

impl GitHub {
    /// A verifier for the webhook secret (used as UTF-8 text).
    pub fn new(secret: &str) -> Self {
        GitHub {
            key: Secret::new(secret.as_bytes().to_vec()),
            allow_sha1: false,
        }
    }

    /// Accept the legacy SHA-1 `X-Hub-Signature` when `X-Hub-Signature-256` is absent (default false).
    pub fn allow_sha1(mut self, allow: bool) -> Self {
        self.allow_sha1 = allow;
        self
    }

    /// The `X-Hub-Signature-256` value for this body.
    pub fn sign(&self, body: &[u8]) -> String {
        format!(
            "sha256={}",
            hex_encode(hmac::sign(&hmac_key(hmac::HMAC_SHA256, &self.key), body).as_ref())
        )
    }

    /// The legacy `X-Hub-Signature` value (`sha1=...`) for this body.
    pub fn sign_sha1(&self, body: &[u8]) -> String {
        let key = hmac_key(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &self.key);
        format!("sha1={}", hex_encode(hmac::sign(&key, body).as_ref()))
    }

    /// Verifies from the header lines and the raw body.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Result<WebhookVerified, Error> {
        if let Some(value) = optional_header(headers, "X-Hub-Signature-256")? {
            return self.verify_value(value, body);
        }
        match optional_header(headers, "X-Hub-Signature")? {
            Some(value) if self.allow_sha1 => self.verify_value(value, body),
            Some(_) => Err(Error::new(
                ErrorCode::MissingComponent,
                "only the legacy SHA-1 X-Hub-Signature is present; X-Hub-Signature-256 is required unless allow_sha1 is set",
            )),
            None => Err(Error::new(ErrorCode::MissingComponent, "the X-Hub-Signature-256 header is missing")),
        }
    }

    /// Verifies a `sha256=...` (or, when allowed, `sha1=...`) value against the raw body.
    pub fn verify_value(&self, value: &str, body: &[u8]) -> Result<WebhookVerified, Error> {
        // `new` cannot refuse an empty secret, so verification does: anyone can sign with it.
        if self.key.expose().is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidKey,
                "the GitHub webhook secret is empty, so anyone could sign",
            ));
        }
        let (algorithm, hex, len) = match value.split_once('=') {
            Some(("sha256", hex)) => (hmac::HMAC_SHA256, hex, 32),
            Some(("sha1", hex)) if self.allow_sha1 => (hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, hex, 20),
            Some(("sha1", _)) => {
                return Err(Error::new(
                    ErrorCode::AlgorithmNotAllowed,
                    "sha1= signatures need allow_sha1(true)",
                ))
            }
            _ => return Err(invalid(format!("the GitHub signature {value:?} is not sha256=<hex>"))),
        };
        let Some(mac) = hex_decode(hex).filter(|m| m.len() == len) else {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                format!("the GitHub signature is not {} hex digits", len * 2),
            ));
        };
        if hmac::verify(&hmac_key(algorithm, &self.key), body, &mac).is_err() {
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
