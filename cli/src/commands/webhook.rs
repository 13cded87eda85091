//! `canonsig webhook verify|sign`: the webhook signature headers of Standard Webhooks,
//! Stripe, GitHub, Slack, Shopify and Twilio, over the raw body bytes.

use std::path::PathBuf;
use std::time::Duration;

use canonsig::scheme::webhook::{GitHub, Shopify, Slack, StandardWebhooks, Stripe, Twilio};
use canonsig::{Error, ErrorCode};

use crate::error::{CliError, Misuse};
use crate::exit::ExitStatus;
use crate::key::SecretArgs;
use crate::message;
use crate::report::{Hint, Location, Reporter};
use crate::values::unix_now;
use crate::verdict::{self, Rejects};
use crate::view;

const ABOUT: &str = "Verify (or make, for tests) a webhook's signature headers over its raw body";

const LONG_ABOUT: &str = "\
Verify a webhook's signature headers over its raw body, as the provider signs it, or
make them for a test delivery.

BODY is the body exactly as received (`-`: standard input): a body parsed and
re-serialized by a framework is the most common reason a signature does not match.
Each --header is one received header line, `Name: value`; give the ones the provider
signs with (all of them is fine).

The secret is read from --secret-env VAR or --secret-file FILE, never a command-line
value, and never printed. Each provider uses it its own way: Standard Webhooks
base64-decodes it after `whsec_`; Stripe uses the whole `whsec_...` text; GitHub, Slack,
Shopify and Twilio (the auth token) use the text.

Providers:
  standard  webhook-id, webhook-timestamp, webhook-signature (or svix-*): v1,<base64>
            over {id}.{timestamp}.{body}; 5 minutes tolerance
  stripe    Stripe-Signature: t=...,v1=<hex> over {t}.{body}; 300 s tolerance
  github    X-Hub-Signature-256: sha256=<hex> over the body (--allow-sha1: X-Hub-Signature)
  slack     X-Slack-Request-Timestamp, X-Slack-Signature: v0=<hex> over v0:{ts}:{body}
  shopify   X-Shopify-Hmac-Sha256: <base64> over the body
  twilio    X-Twilio-Signature: <base64 HMAC-SHA1> over --url and the sorted form
            parameters of the body (a --url with bodySHA256=: the URL alone, and the
            body must hash to it)";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  verified (sign: the headers were made)
  1  not verified: no signature matches, the timestamp is out of tolerance, or a
     header is missing or malformed (the message says which)
  2  the body or secret cannot be read, the secret is unusable, or a usage error

Examples:
  canonsig webhook verify --provider github --secret-env GITHUB_WEBHOOK_SECRET \\
      --header 'X-Hub-Signature-256: sha256=757107ea...' body.json
  canonsig webhook verify --provider stripe --secret-file whsec.txt --header \"Stripe-Signature: $SIG\" --show-base body.json
  canonsig webhook sign --provider standard --secret-env WH_SECRET --id msg_1 --timestamp 1700000000 body.json";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct WebhookArgs {
    #[command(subcommand)]
    command: WebhookCommand,
}

#[derive(Debug, clap::Subcommand)]
enum WebhookCommand {
    /// Verify the signature headers of a received webhook
    Verify(VerifyArgs),
    /// Print the signature headers a provider would send with BODY (for tests)
    Sign(SignArgs),
}

/// The webhook providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Provider {
    /// Standard Webhooks (Svix, Clerk, Resend...)
    Standard,
    /// Stripe
    Stripe,
    /// GitHub
    Github,
    /// Slack
    Slack,
    /// Shopify
    Shopify,
    /// Twilio
    Twilio,
}

/// What every webhook subcommand takes.
#[derive(Debug, clap::Args)]
struct CommonArgs {
    /// The provider whose scheme to use
    #[arg(long, value_name = "PROVIDER", value_enum)]
    provider: Provider,

    #[command(flatten)]
    secret: SecretArgs,

    /// The raw body, exactly as received (`-`: standard input)
    #[arg(value_name = "BODY_FILE")]
    body: PathBuf,

    /// Twilio: the full URL Twilio called, query included
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Print the signed payload (the exact bytes the MAC covers) on stderr
    #[arg(long)]
    show_base: bool,
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    common: CommonArgs,

    /// A received header line, `Name: value` (repeat for each)
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,

    /// The current time in Unix seconds [default: the system clock]
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,

    /// How far the signed timestamp may be from now, in seconds [default: the provider's]
    #[arg(long, value_name = "SECS")]
    tolerance: Option<u64>,

    /// GitHub: accept the legacy SHA-1 X-Hub-Signature when X-Hub-Signature-256 is absent
    #[arg(long)]
    allow_sha1: bool,
}

#[derive(Debug, clap::Args)]
struct SignArgs {
    #[command(flatten)]
    common: CommonArgs,

    /// Standard Webhooks: the message id (webhook-id)
    #[arg(long, value_name = "ID")]
    id: Option<String>,

    /// The signed timestamp (Standard Webhooks, Stripe, Slack) in Unix seconds [default: now]
    #[arg(long, value_name = "UNIX")]
    timestamp: Option<u64>,
}

pub(crate) fn run(args: &WebhookArgs) -> Result<ExitStatus, CliError> {
    match &args.command {
        WebhookCommand::Verify(args) => run_verify(args),
        WebhookCommand::Sign(args) => run_sign(args),
    }
}

fn run_verify(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let headers = args
        .headers
        .iter()
        .map(|line| parse_header(line))
        .collect::<Result<Vec<_>, _>>()?;
    if common.provider == Provider::Twilio && common.url.is_none() {
        return Err(Misuse::TwilioNeedsUrl.into());
    }
    let secret = common.secret.load()?;
    let (origin, body) = message::read(&common.body)?;
    let key_error = |error: Error| common.secret.refused(error);
    let now = args.now;
    let tolerance = args.tolerance.map(Duration::from_secs);
    let clock = move || now.unwrap_or_else(unix_now);
    let result = match common.provider {
        Provider::Standard => {
            let mut wh = StandardWebhooks::new(&secret).map_err(key_error)?.clock(clock);
            if let Some(t) = tolerance {
                wh = wh.tolerance(t);
            }
            wh.verify(&headers, &body)
        }
        Provider::Stripe => {
            let mut wh = Stripe::new(&secret).map_err(key_error)?.clock(clock);
            if let Some(t) = tolerance {
                wh = wh.tolerance(t);
            }
            wh.verify(&headers, &body)
        }
        Provider::Slack => {
            let mut wh = Slack::new(&secret).map_err(key_error)?.clock(clock);
            if let Some(t) = tolerance {
                wh = wh.tolerance(t);
            }
            wh.verify(&headers, &body)
        }
        Provider::Github => GitHub::new(&secret).allow_sha1(args.allow_sha1).verify(&headers, &body),
        Provider::Shopify => Shopify::new(&secret).map_err(key_error)?.verify(&headers, &body),
        Provider::Twilio => {
            let twilio = Twilio::new(&secret).map_err(key_error)?;
            let url = common.url.as_deref().unwrap_or_default();
            match twilio_signature(&headers) {
                Err(error) => Err(error),
                Ok(sig) if url.contains("bodySHA256=") => twilio.verify_json_body(url, &body, sig),
                Ok(sig) => twilio.verify_form_body(url, &body, sig),
            }
        }
    };
    if common.show_base {
        let payload = match &result {
            Ok(v) => Some(v.signed_payload.as_slice()),
            Err(e) => e.signed_bytes(),
        };
        if let Some(payload) = payload {
            Reporter::stderr().intermediate("signed payload", payload);
        }
    }
    let location = Location {
        origin: &origin,
        line: None,
    };
    let hint = Hint::Base {
        shown: common.show_base,
    };
    verdict::conclude(location, result, Rejects::Scheme, hint, |error| {
        if error.code() == ErrorCode::InvalidKey {
            key_error(error)
        } else {
            CliError::canon(origin.clone(), error)
        }
    })
}

fn run_sign(args: &SignArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let url = match (common.provider, &common.url) {
        (Provider::Twilio, None) => return Err(Misuse::TwilioNeedsUrl.into()),
        (_, url) => url.as_deref().unwrap_or_default(),
    };
    let id = match (common.provider, &args.id) {
        (Provider::Standard, None) => return Err(Misuse::StandardNeedsId.into()),
        (_, id) => id.as_deref().unwrap_or_default(),
    };
    let secret = common.secret.load()?;
    let (origin, body) = message::read(&common.body)?;
    let key_error = |error: Error| common.secret.refused(error);
    let ts = args.timestamp.unwrap_or_else(unix_now);
    let (lines, payload): (Vec<(&str, String)>, Vec<u8>) = match common.provider {
        Provider::Standard => {
            let wh = StandardWebhooks::new(&secret).map_err(key_error)?;
            let lines = vec![
                ("webhook-id", id.to_string()),
                ("webhook-timestamp", ts.to_string()),
                ("webhook-signature", wh.sign(id, ts, &body).map_err(key_error)?),
            ];
            (lines, StandardWebhooks::signed_payload(id, ts, &body))
        }
        Provider::Stripe => {
            let wh = Stripe::new(&secret).map_err(key_error)?;
            (
                vec![("Stripe-Signature", wh.sign(ts, &body))],
                Stripe::signed_payload(ts, &body),
            )
        }
        Provider::Github => (
            vec![("X-Hub-Signature-256", GitHub::new(&secret).sign(&body))],
            body.clone(),
        ),
        Provider::Slack => {
            let wh = Slack::new(&secret).map_err(key_error)?;
            let lines = vec![
                ("X-Slack-Request-Timestamp", ts.to_string()),
                ("X-Slack-Signature", wh.sign(ts, &body)),
            ];
            (lines, Slack::signed_payload(ts, &body))
        }
        Provider::Shopify => {
            let wh = Shopify::new(&secret).map_err(key_error)?;
            (vec![("X-Shopify-Hmac-Sha256", wh.sign(&body))], body.clone())
        }
        Provider::Twilio => {
            let wh = Twilio::new(&secret).map_err(key_error)?;
            let params = if url.contains("bodySHA256=") {
                Vec::new()
            } else {
                parse_form(&body).map_err(|e| CliError::canon(origin.clone(), e))?
            };
            (
                vec![("X-Twilio-Signature", wh.sign(url, &params))],
                Twilio::signed_payload(url, &params).into_bytes(),
            )
        }
    };
    if common.show_base {
        Reporter::stderr().intermediate("signed payload", &payload);
    }
    let text: String = lines.iter().map(|(name, value)| format!("{name}: {value}\n")).collect();
    view::write_stdout(&text)?;
    Ok(ExitStatus::Success)
}

/// `Name: value` (the value as received; the providers' rules trim it).
fn parse_header(line: &str) -> Result<(String, String), CliError> {
    match line.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() && !name.contains(char::is_whitespace) => {
            Ok((name.to_string(), value.trim().to_string()))
        }
        _ => Err(Misuse::HeaderNotNameValue {
            given: line.to_string(),
        }
        .into()),
    }
}

/// The `X-Twilio-Signature` value.
fn twilio_signature(headers: &[(String, String)]) -> Result<&str, Error> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("X-Twilio-Signature"))
        .map(|(_, v)| v.as_str());
    match (values.next(), values.next()) {
        (Some(value), None) => Ok(value),
        (Some(_), Some(_)) => Err(Error::new(
            ErrorCode::InvalidHeader,
            "the X-Twilio-Signature header appears more than once",
        )),
        (None, _) => Err(Error::new(
            ErrorCode::MissingComponent,
            "the X-Twilio-Signature header is missing",
        )),
    }
}

/// An `application/x-www-form-urlencoded` body as Twilio's parameters (`+` is a space).
fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Error::new(ErrorCode::MalformedRequest, "the form body is not UTF-8").at(e.valid_up_to()))?;
    let decode = |part: &str| -> Result<String, Error> {
        String::from_utf8(percent_decode_plus(part)).map_err(|_| {
            Error::new(
                ErrorCode::MalformedRequest,
                format!("the form field {part:?} does not decode to UTF-8"),
            )
        })
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// `+` as a space, `%XX` as its byte; a `%` not followed by two hex digits stays as is.
fn percent_decode_plus(part: &str) -> Vec<u8> {
    let bytes = part.as_bytes();
    let hex = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', h, l]) => hex(*h).zip(hex(*l)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_decode_like_a_form_parser() {
        assert_eq!(percent_decode_plus("a+b%2B%2fc%zz%4"), b"a b+/c%zz%4");
        let parsed = parse_form(b"a=1+2&b=%2B&c&&d=").unwrap_or_default();
        let expected = [("a", "1 2"), ("b", "+"), ("c", ""), ("d", "")].map(|(n, v)| (n.to_string(), v.to_string()));
        assert_eq!(parsed, expected);
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            parse_header("X-A:  b c ").ok(),
            Some(("X-A".to_string(), "b c".to_string()))
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": empty name").is_err());
    }
}
