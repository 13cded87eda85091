//! `canonsig webhook verify|sign`: the webhook signature headers of Standard Webhooks,
//! Stripe, GitHub, Slack, Shopify and Twilio, over the raw body bytes.

use std::path::PathBuf;
use std::time::Duration;

use canonsig::scheme::webhook::{Provider, Webhook};
use canonsig::scheme::Request;
use canonsig::{Error, ErrorCode};

use crate::error::{CliError, Misuse, Origin};
use crate::exit::ExitStatus;
use crate::key::SecretArgs;
use crate::message;
use crate::report::{Hint, Location, Reporter};
use crate::values::{provider_parser, unix_now};
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

/// What every webhook subcommand takes.
#[derive(Debug, clap::Args)]
struct CommonArgs {
    /// The provider whose scheme to use
    #[arg(long, value_name = "PROVIDER", value_parser = provider_parser())]
    provider: Provider,

    #[command(flatten)]
    secret: SecretArgs,

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

    /// The raw body, exactly as received (`-`: standard input)
    #[arg(value_name = "BODY_FILE", required_unless_present = "request")]
    body: Option<PathBuf>,

    /// A received header line, `Name: value` (repeat for each)
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,

    /// The whole request as received (an HTTP message file: request line, header lines,
    /// blank line, body), instead of BODY_FILE and --header (Twilio: its URL too)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["body", "headers", "url"])]
    request: Option<PathBuf>,

    /// With --request: the scheme it was received over, for an origin-form request line
    /// (the URL Twilio signs) [default: core's, https]
    #[arg(long, value_name = "SCHEME", requires = "request", value_parser = ["https", "http"])]
    scheme: Option<String>,

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

    /// The raw body to send (`-`: standard input)
    #[arg(value_name = "BODY_FILE")]
    body: PathBuf,

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

/// The request the provider sent: the body, the header lines, and (Twilio) the URL it called.
fn delivered(url: Option<&str>, headers: &[(String, String)], body: Vec<u8>) -> Request {
    let mut request = Request::new("POST", url.unwrap_or("/"));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request.body(body)
}

fn run_verify(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let headers = args
        .headers
        .iter()
        .map(|line| parse_header(line))
        .collect::<Result<Vec<_>, _>>()?;
    if common.provider.signs_url() && common.url.is_none() && args.request.is_none() {
        return Err(Misuse::TwilioNeedsUrl.into());
    }
    let secret = common.secret.load()?;
    let (origin, request) = match (&args.request, &args.body) {
        (Some(path), _) => {
            let request = message::with_scheme(message::read_request(path)?, args.scheme.as_deref());
            (Origin::File(path.display().to_string()), request)
        }
        (None, Some(path)) => {
            let (origin, body) = message::read(path)?;
            (origin, delivered(common.url.as_deref(), &headers, body))
        }
        (None, None) => unreachable!("clap requires BODY_FILE or --request"),
    };
    let key_error = |error: Error| common.secret.refused(error);
    let mut hook = Webhook::new(common.provider, &secret)
        .map_err(key_error)?
        .allow_sha1(args.allow_sha1);
    if let Some(secs) = args.tolerance {
        hook = hook.tolerance(Duration::from_secs(secs));
    }
    let now = args.now.unwrap_or_else(unix_now);
    let result = hook.verify_request_at(&request, now);
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
    if common.provider.signs_url() && common.url.is_none() {
        return Err(Misuse::TwilioNeedsUrl.into());
    }
    if common.provider.signs_msg_id() && args.id.is_none() {
        return Err(Misuse::StandardNeedsId.into());
    }
    let secret = common.secret.load()?;
    let (origin, body) = message::read(&args.body)?;
    let key_error = |error: Error| common.secret.refused(error);
    let hook = Webhook::new(common.provider, &secret).map_err(key_error)?;
    let request = delivered(common.url.as_deref(), &[], body);
    let signed = hook
        .sign_request_at(&request, args.timestamp, args.id.as_deref(), unix_now())
        .map_err(|e| match e.code() {
            ErrorCode::InvalidKey => key_error(e),
            _ => CliError::canon(origin.clone(), e),
        })?;
    if common.show_base {
        Reporter::stderr().intermediate("signed payload", &signed.signed_payload);
    }
    let text: String = signed
        .headers
        .iter()
        .map(|h| format!("{}: {}\n", h.name, h.value))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
