//! Any provider chosen at run time by its name: the one dispatch the bindings and the CLI
//! use, so that "which header, which payload, which time check" is decided once.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use super::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio, WebhookVerified};
use crate::scheme::{Header, Request};
use crate::time::{Now, SystemClock};
use crate::{Error, ErrorCode};

/// A webhook provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Provider {
    /// Standard Webhooks (Svix, Clerk, Resend, ...).
    StandardWebhooks,
    /// Stripe.
    Stripe,
    /// GitHub.
    #[cfg_attr(feature = "typescript", ts(rename = "github"))]
    GitHub,
    /// Slack.
    Slack,
    /// Shopify.
    Shopify,
    /// Twilio.
    Twilio,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 6] = [
        Provider::StandardWebhooks,
        Provider::Stripe,
        Provider::GitHub,
        Provider::Slack,
        Provider::Shopify,
        Provider::Twilio,
    ];

    /// The stable name (`standard-webhooks`, `stripe`, `github`, `slack`, `shopify`, `twilio`).
    pub fn name(self) -> &'static str {
        match self {
            Provider::StandardWebhooks => "standard-webhooks",
            Provider::Stripe => "stripe",
            Provider::GitHub => "github",
            Provider::Slack => "slack",
            Provider::Shopify => "shopify",
            Provider::Twilio => "twilio",
        }
    }

    /// Whether the provider signs a timestamp (and so has a tolerance).
    pub fn has_timestamp(self) -> bool {
        matches!(self, Provider::StandardWebhooks | Provider::Stripe | Provider::Slack)
    }

    /// Whether the provider signs a message id (Standard Webhooks' `webhook-id`), which a
    /// sender must then be given.
    pub fn signs_msg_id(self) -> bool {
        matches!(self, Provider::StandardWebhooks)
    }

    /// Whether the provider signs the URL it calls (Twilio), which a sender and a verifier
    /// given only the body and headers must then be given.
    pub fn signs_url(self) -> bool {
        matches!(self, Provider::Twilio)
    }

    /// The exact bytes this provider's MAC covers for `delivery` (no secret involved):
    /// Standard Webhooks `{msg_id}.{timestamp}.{body}`, Stripe `{timestamp}.{body}`, Slack
    /// `v0:{timestamp}:{body}`, GitHub and Shopify the body, Twilio the URL and the sorted
    /// parameters. `invalid_option` when a part the provider signs is missing.
    pub fn signed_payload(self, delivery: &Delivery<'_>) -> Result<Vec<u8>, Error> {
        let ts = || {
            delivery.timestamp.ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidOption,
                    format!("{self} signs a timestamp: give the timestamp"),
                )
            })
        };
        Ok(match self {
            Provider::StandardWebhooks => StandardWebhooks::signed_payload(msg_id(delivery)?, ts()?, delivery.body),
            Provider::Stripe => Stripe::signed_payload(ts()?, delivery.body),
            Provider::Slack => Slack::signed_payload(ts()?, delivery.body),
            Provider::GitHub | Provider::Shopify => delivery.body.to_vec(),
            Provider::Twilio => Twilio::signed_payload(url(delivery)?, delivery.params).into_bytes(),
        })
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Provider {
    type Err = Error;

    /// The name, or `standard` / `svix` for Standard Webhooks.
    fn from_str(name: &str) -> Result<Self, Error> {
        match name {
            "standard" | "svix" => Ok(Provider::StandardWebhooks),
            _ => Provider::ALL.into_iter().find(|p| p.name() == name).ok_or_else(|| {
                let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
                Error::new(
                    ErrorCode::InvalidOption,
                    format!(
                        "unknown webhook provider {name:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            }),
        }
    }
}

/// What a sender signs: the body, and the parts a provider adds to it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Delivery<'a> {
    /// The body bytes as sent.
    pub body: &'a [u8],
    /// The timestamp (Standard Webhooks, Stripe, Slack); `None` = the signing time.
    pub timestamp: Option<u64>,
    /// The message id (Standard Webhooks).
    pub msg_id: Option<&'a str>,
    /// The full URL Twilio calls.
    pub url: Option<&'a str>,
    /// Twilio's POST parameters.
    pub params: &'a [(String, String)],
}

/// What [`Webhook::sign_at`] made: the header lines to send and what they sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookSigned {
    /// The header lines a sender sends, in order.
    pub headers: Vec<Header>,
    /// The value of the signature header among them (`v1,...`, `t=...,v1=...`,
    /// `sha256=...`, `v0=...`, the Shopify or Twilio base64).
    pub signature: String,
    /// The exact bytes the MAC covers.
    pub signed_payload: Vec<u8>,
}

/// One provider's signer and verifier, with its secret, tolerance and options.
///
/// ```
/// use canonsig::scheme::webhook::{Delivery, Provider, Webhook};
/// let stripe = Webhook::new(Provider::Stripe, "whsec_test_secret")?;
/// let signed = stripe.sign_at(&Delivery { body: b"{}", ..Delivery::default() }, 1_700_000_000)?;
/// assert_eq!(signed.headers[0].name, "Stripe-Signature");
/// let lines: Vec<(&str, &str)> = signed.headers.iter().map(|h| (h.name.as_str(), h.value.as_str())).collect();
/// assert_eq!(stripe.verify_at(&lines, b"{}", 1_700_000_100)?.timestamp, Some(1_700_000_000));
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Webhook {
    inner: Inner,
}

#[derive(Clone, Debug)]
enum Inner {
    Standard(StandardWebhooks),
    Stripe(Stripe),
    GitHub(GitHub),
    Slack(Slack),
    Shopify(Shopify),
    Twilio(Twilio),
}

impl Webhook {
    /// The provider's signer and verifier for `secret`, written as the provider shows it
    /// (see each provider's type for how it is used). Default tolerance 300 s.
    pub fn new(provider: Provider, secret: &str) -> Result<Self, Error> {
        let inner = match provider {
            Provider::StandardWebhooks => Inner::Standard(StandardWebhooks::new(secret)?),
            Provider::Stripe => Inner::Stripe(Stripe::new(secret)?),
            Provider::GitHub => Inner::GitHub(GitHub::new(secret)),
            Provider::Slack => Inner::Slack(Slack::new(secret)?),
            Provider::Shopify => Inner::Shopify(Shopify::new(secret)?),
            Provider::Twilio => Inner::Twilio(Twilio::new(secret)?),
        };
        Ok(Webhook { inner })
    }

    /// How far a signed timestamp may be from now, both ways (providers with a timestamp;
    /// the others have none to check).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.inner = match self.inner {
            Inner::Standard(w) => Inner::Standard(w.tolerance(tolerance)),
            Inner::Stripe(w) => Inner::Stripe(w.tolerance(tolerance)),
            Inner::Slack(w) => Inner::Slack(w.tolerance(tolerance)),
            other => other,
        };
        self
    }

    /// The tolerance in seconds of a provider that signs a timestamp (300 unless set);
    /// `None` for the others, which have no timestamp to check.
    pub fn tolerance_secs(&self) -> Option<u64> {
        match &self.inner {
            Inner::Standard(w) => Some(w.tolerance_secs()),
            Inner::Stripe(w) => Some(w.tolerance_secs()),
            Inner::Slack(w) => Some(w.tolerance_secs()),
            _ => None,
        }
    }

    /// GitHub: also accept the legacy `X-Hub-Signature: sha1=...` (off by default).
    pub fn allow_sha1(mut self, allow: bool) -> Self {
        if let Inner::GitHub(w) = self.inner {
            self.inner = Inner::GitHub(w.allow_sha1(allow));
        }
        self
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        match self.inner {
            Inner::Standard(_) => Provider::StandardWebhooks,
            Inner::Stripe(_) => Provider::Stripe,
            Inner::GitHub(_) => Provider::GitHub,
            Inner::Slack(_) => Provider::Slack,
            Inner::Shopify(_) => Provider::Shopify,
            Inner::Twilio(_) => Provider::Twilio,
        }
    }

    /// Verifies from the received header lines and the raw body, at `now` (Unix seconds).
    /// Twilio signs the URL too: use [`Webhook::verify_request_at`].
    pub fn verify_at<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
        body: &[u8],
        now: u64,
    ) -> Result<WebhookVerified, Error> {
        match &self.inner {
            Inner::Standard(w) => w.verify_at(headers, body, now),
            Inner::Stripe(w) => w.verify_at(headers, body, now),
            Inner::GitHub(w) => w.verify(headers, body),
            Inner::Slack(w) => w.verify_at(headers, body, now),
            Inner::Shopify(w) => w.verify(headers, body),
            Inner::Twilio(_) => Err(Error::new(
                ErrorCode::InvalidOption,
                "Twilio signs the request URL as well as the body: verify the whole request (verify_request)",
            )),
        }
    }

    /// Verifies a whole received request (its header lines and raw body; for Twilio also
    /// its URL, see [`Twilio::verify_request`]) at `now`.
    pub fn verify_request_at(&self, request: &Request, now: u64) -> Result<WebhookVerified, Error> {
        match &self.inner {
            Inner::Twilio(w) => w.verify_request(request),
            _ => {
                let lines: Vec<(&str, &str)> = request
                    .headers()
                    .iter()
                    .map(|h| (h.name.as_str(), h.value.as_str()))
                    .collect();
                self.verify_at(&lines, request.body_bytes(), now)
            }
        }
    }

    /// The exact bytes the provider's MAC covers for `delivery` (`timestamp` defaults to `now`).
    pub fn signed_payload_at(&self, delivery: &Delivery<'_>, now: u64) -> Result<Vec<u8>, Error> {
        let delivery = Delivery {
            timestamp: Some(delivery.timestamp.unwrap_or(now)),
            ..*delivery
        };
        self.provider().signed_payload(&delivery)
    }

    /// Twilio: verifies the signature of a form POST from the full URL and its decoded
    /// parameters ([`Twilio::verify`]); `invalid_option` for the other providers.
    pub fn verify_twilio(
        &self,
        url: &str,
        params: &[(String, String)],
        signature: &str,
    ) -> Result<WebhookVerified, Error> {
        self.twilio()?.verify(url, params, signature)
    }

    /// Twilio: verifies a raw form body ([`Twilio::verify_form_body`]).
    pub fn verify_twilio_form_body(&self, url: &str, body: &[u8], signature: &str) -> Result<WebhookVerified, Error> {
        self.twilio()?.verify_form_body(url, body, signature)
    }

    /// Twilio: verifies a raw non-form body against the URL's `bodySHA256`
    /// ([`Twilio::verify_json_body`]).
    pub fn verify_twilio_json_body(&self, url: &str, body: &[u8], signature: &str) -> Result<WebhookVerified, Error> {
        self.twilio()?.verify_json_body(url, body, signature)
    }

    fn twilio(&self) -> Result<&Twilio, Error> {
        match &self.inner {
            Inner::Twilio(w) => Ok(w),
            _ => Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{} does not sign URLs and POST parameters; only Twilio does",
                    self.provider()
                ),
            )),
        }
    }

    /// Signs `delivery` at `now` (the timestamp when it has none): the header lines a
    /// sender sends, in order: Standard Webhooks `webhook-id`, `webhook-timestamp`,
    /// `webhook-signature`; Stripe `Stripe-Signature`; GitHub `X-Hub-Signature-256`;
    /// Slack `X-Slack-Request-Timestamp`, `X-Slack-Signature`; Shopify
    /// `X-Shopify-Hmac-Sha256`; Twilio `X-Twilio-Signature` (over `url` and `params`).
    pub fn sign_at(&self, delivery: &Delivery<'_>, now: u64) -> Result<WebhookSigned, Error> {
        let ts = delivery.timestamp.unwrap_or(now);
        let line = |name: &str, value: &str| Header {
            name: name.to_string(),
            value: value.to_string(),
        };
        let (headers, signature) = match &self.inner {
            Inner::Standard(w) => {
                let id = msg_id(delivery)?;
                let signature = w.sign(id, ts, delivery.body)?;
                let lines = vec![
                    line("webhook-id", id),
                    line("webhook-timestamp", &ts.to_string()),
                    line("webhook-signature", &signature),
                ];
                (lines, signature)
            }
            Inner::Stripe(w) => {
                let signature = w.sign(ts, delivery.body);
                (vec![line("Stripe-Signature", &signature)], signature)
            }
            Inner::GitHub(w) => {
                let signature = w.sign(delivery.body);
                (vec![line("X-Hub-Signature-256", &signature)], signature)
            }
            Inner::Slack(w) => {
                let signature = w.sign(ts, delivery.body);
                let lines = vec![
                    line("X-Slack-Request-Timestamp", &ts.to_string()),
                    line("X-Slack-Signature", &signature),
                ];
                (lines, signature)
            }
            Inner::Shopify(w) => {
                let signature = w.sign(delivery.body);
                (vec![line("X-Shopify-Hmac-Sha256", &signature)], signature)
            }
            Inner::Twilio(w) => {
                let signature = w.sign(url(delivery)?, delivery.params);
                (vec![line("X-Twilio-Signature", &signature)], signature)
            }
        };
        Ok(WebhookSigned {
            headers,
            signature,
            signed_payload: self.signed_payload_at(delivery, now)?,
        })
    }

    /// Signs a whole request as a sender would send it, at `now` (`timestamp` defaults to
    /// `now`; `msg_id` is Standard Webhooks'): its body, and for Twilio its URL and form
    /// parameters, decided as [`Webhook::verify_request_at`] decides them.
    pub fn sign_request_at(
        &self,
        request: &Request,
        timestamp: Option<u64>,
        msg_id: Option<&str>,
        now: u64,
    ) -> Result<WebhookSigned, Error> {
        if let Inner::Twilio(w) = &self.inner {
            let signature = w.sign_request(request)?;
            return Ok(WebhookSigned {
                headers: vec![Header {
                    name: "X-Twilio-Signature".into(),
                    value: signature.clone(),
                }],
                signature,
                signed_payload: Twilio::request_payload(request)?.into_bytes(),
            });
        }
        let delivery = Delivery {
            body: request.body_bytes(),
            timestamp,
            msg_id,
            ..Delivery::default()
        };
        self.sign_at(&delivery, now)
    }

    /// [`Webhook::sign_at`] at the system clock's time (`invalid_option` where there is none).
    pub fn sign(&self, delivery: &Delivery<'_>) -> Result<WebhookSigned, Error> {
        self.sign_at(delivery, Now::Clock(&SystemClock).get()?)
    }

    /// GitHub's legacy `X-Hub-Signature` value (`sha1=<hex>`); `invalid_option` for the others.
    pub fn sign_sha1(&self, body: &[u8]) -> Result<String, Error> {
        match &self.inner {
            Inner::GitHub(w) => Ok(w.sign_sha1(body)),
            _ => Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{} has no SHA-1 signature; only GitHub's legacy X-Hub-Signature does",
                    self.provider()
                ),
            )),
        }
    }
}

fn msg_id<'a>(delivery: &Delivery<'a>) -> Result<&'a str, Error> {
    delivery.msg_id.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            "Standard Webhooks signs a message id: give msg_id (the webhook-id header)",
        )
    })
}

fn url<'a>(delivery: &Delivery<'a>) -> Result<&'a str, Error> {
    delivery
        .url
        .ok_or_else(|| Error::new(ErrorCode::InvalidOption, "Twilio signs the full URL it calls: give url"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Provider::ALL {
            assert_eq!(p.name().parse::<Provider>().ok(), Some(p));
        }
        assert_eq!("svix".parse::<Provider>().ok(), Some(Provider::StandardWebhooks));
        assert_eq!(
            "paypal".parse::<Provider>().err().map(|e| e.code()),
            Some(ErrorCode::InvalidOption)
        );
    }

    #[test]
    fn every_provider_verifies_what_it_signs_as_a_request() -> Result<(), Error> {
        for p in Provider::ALL {
            let secret = if p == Provider::StandardWebhooks {
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            } else {
                "a secret"
            };
            let hook = Webhook::new(p, secret)?;
            let delivery = Delivery {
                body: b"",
                msg_id: Some("msg_1"),
                url: Some("https://h.example/hook"),
                ..Delivery::default()
            };
            let mut request = Request::new("POST", "/hook").header("Host", "h.example");
            for line in hook.sign_at(&delivery, 1_700_000_000)?.headers {
                request = request.header(line.name, line.value);
            }
            let ok = hook.verify_request_at(&request, 1_700_000_000)?;
            assert_eq!(ok.provider, p.name());
            assert_eq!(ok.signed_payload, hook.signed_payload_at(&delivery, 1_700_000_000)?);
        }
        Ok(())
    }
}
