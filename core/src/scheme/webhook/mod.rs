//! Webhook signature schemes: Standard Webhooks, Stripe, GitHub, Slack, Shopify, Twilio.
//!
//! Each verifier takes the header lines and the **raw body bytes** as received (a body
//! parsed and re-serialized by a framework is the most common cause of failures), handles
//! the secret the way the provider does, compares MACs in constant time, checks the
//! timestamp against an injectable clock where the scheme has one, and returns the exact
//! signed payload. Errors say which part was wrong:
//!
//! | code | meaning |
//! |---|---|
//! | `missing_component` | a required header is absent |
//! | `invalid_header` | a header does not follow the provider's format (or repeats) |
//! | `malformed_signature` | no signature of a version this scheme knows |
//! | `signature_mismatch` | no signature matched; [`Error::signed_bytes`](crate::Error::signed_bytes) is the payload computed here |
//! | `expired` / `future_timestamp` | the timestamp is outside the tolerance |
//! | `invalid_key` | the secret cannot be used (bad `whsec_` base64, empty) |
//! | `digest_mismatch` | Twilio `bodySHA256` does not match the body |
//!
//! ```
//! use canonsig::scheme::webhook::GitHub;
//! let github = GitHub::new("It's a Secret to Everybody");
//! let headers = [("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")];
//! let ok = github.verify(&headers, b"Hello, World!")?;
//! assert_eq!(ok.signed_payload, b"Hello, World!");
//! # Ok::<(), canonsig::Error>(())
//! ```

mod github;
mod provider;
mod shopify;
mod slack;
mod standard;
mod stripe;
mod twilio;

use std::sync::Arc;

use ring::hmac;

pub use github::GitHub;
pub use provider::{Delivery, Provider, Webhook, WebhookSigned};
pub use shopify::Shopify;
pub use slack::Slack;
pub use standard::StandardWebhooks;
pub use stripe::Stripe;
pub use twilio::Twilio;

use crate::sign::secret::Secret;
use crate::time::{self, Clock, Now, SystemClock};
use crate::{Error, ErrorCode};

/// A successful webhook verification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct WebhookVerified {
    /// The provider (`standard-webhooks`, `stripe`, `github`, `slack`, `shopify`, `twilio`).
    #[cfg_attr(feature = "typescript", ts(as = "Provider", inline))]
    pub provider: &'static str,
    /// The exact bytes the MAC covers.
    #[cfg_attr(feature = "typescript", ts(type = "Uint8Array"))]
    pub signed_payload: Vec<u8>,
    /// The signed timestamp (Unix seconds), for schemes that have one.
    pub timestamp: Option<u64>,
    /// The signature that matched, as it appeared in the header.
    pub matched_signature: String,
}

/// The clock and tolerance of schemes with a signed timestamp.
#[derive(Clone)]
pub(crate) struct TimePolicy {
    pub(crate) tolerance: u64,
    pub(crate) clock: Arc<dyn Clock>,
}

impl TimePolicy {
    pub(crate) fn new(tolerance: u64) -> Self {
        TimePolicy {
            tolerance,
            clock: Arc::new(SystemClock),
        }
    }

    /// Refuses a timestamp more than the tolerance before or after now.
    pub(crate) fn check(&self, provider: &str, timestamp: u64, now: Now<'_>) -> Result<(), Error> {
        let now = i128::from(now.get()?);
        let subject = format!("the {provider} timestamp {timestamp}");
        time::not_ahead(&subject, i128::from(timestamp), now, self.tolerance)?;
        time::not_older(
            &subject,
            i128::from(timestamp),
            now,
            self.tolerance,
            "a replay, a delayed retry or a skewed clock",
        )
    }

    /// "Now" from this policy's clock, read when needed.
    pub(crate) fn clock_now(&self) -> Now<'_> {
        Now::Clock(&*self.clock)
    }
}

impl std::fmt::Debug for TimePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimePolicy")
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

/// The value of the single header `name` (case-insensitive), trimmed.
pub(crate) fn header<'a, N: AsRef<str>, V: AsRef<str>>(headers: &'a [(N, V)], name: &str) -> Result<&'a str, Error> {
    optional_header(headers, name)?
        .ok_or_else(|| Error::new(ErrorCode::MissingComponent, format!("the {name} header is missing")))
}

/// Like [`header`], but absence is not an error.
pub(crate) fn optional_header<'a, N: AsRef<str>, V: AsRef<str>>(
    headers: &'a [(N, V)],
    name: &str,
) -> Result<Option<&'a str>, Error> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref().trim());
    match (values.next(), values.next()) {
        (Some(_), Some(_)) => Err(invalid(format!("the {name} header appears more than once"))),
        (value, _) => Ok(value),
    }
}

/// Unix seconds as the decimal digits the providers send.
pub(crate) fn parse_timestamp(name: &str, text: &str) -> Result<u64, Error> {
    text.parse::<u64>()
        .ok()
        .filter(|_| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| invalid(format!("the {name} value {text:?} is not Unix seconds")))
}

/// Tries each candidate MAC in constant time; the index of the first that matches.
pub(crate) fn find_match(key: &hmac::Key, payload: &[u8], candidates: &[Vec<u8>]) -> Option<usize> {
    candidates.iter().position(|c| hmac::verify(key, payload, c).is_ok())
}

pub(crate) fn hmac_key(algorithm: hmac::Algorithm, secret: &Secret) -> hmac::Key {
    hmac::Key::new(algorithm, secret.expose())
}

pub(crate) fn non_empty_secret(provider: &str, secret: &[u8]) -> Result<Secret, Error> {
    if secret.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidKey,
            format!("the {provider} secret is empty"),
        ));
    }
    Ok(Secret::new(secret.to_vec()))
}

pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidHeader, message)
}

/// The error when no candidate matched: carries the payload computed here.
pub(crate) fn mismatch(provider: &str, candidates: usize, payload: &[u8], hint: &str) -> Error {
    let plural = if candidates == 1 { "" } else { "s" };
    Error::new(
        ErrorCode::SignatureMismatch,
        format!("none of the {candidates} {provider} signature{plural} matches the payload computed here; {hint}"),
    )
    .with_signed_bytes(payload.to_vec())
}

/// The usual causes, in the order they happen.
pub(crate) const RAW_BODY_HINT: &str =
    "verify the raw body bytes as received (not a parsed and re-serialized JSON), with the right secret";
