//! `canonsig sign`: a detached signature over the canonical bytes of a JSON payload.

use std::io::{self, Write};
use std::path::PathBuf;

use canonsig::sign::{sign_json, sign_json_traced, Encoding, SignOptions};
use canonsig::{ErrorCode, Profile};

use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::input::Source;
use crate::key::{KeyArgs, OneKey};
use crate::output;
use crate::payload::{self, LimitArgs};
use crate::values::{
    encoding_parser, parse_created, parse_expires, parse_trace_target, profile_parser, unix_now, Created, Expires,
    TraceTarget,
};

const ABOUT: &str = "Sign the canonical bytes of a JSON payload; the signature goes to stdout";

const LONG_ABOUT: &str = "\
Sign the canonical bytes of a JSON payload with a key from a file or an environment
variable, and write the signature to stdout, followed by a newline.

The payload is FILE, or standard input when FILE is `-` or is left out (and stdin is
not a terminal). It is canonicalized first (RFC 8785 by default, or --profile), so any
serialization of the same JSON value gets the same signature, and input that parsers
could read differently is refused as `canon` refuses it.

The key: --key-file FILE or --key-env VAR holding a PEM (PKCS #8, SPKI, PKCS #1, SEC1),
a JWK, or an HMAC secret (with --alg hmac-*; base64url unless --secret-encoding says
otherwise). A key is never taken as a command-line value: that would leave it in shell
history and show it to every user through `ps`.

Without --created, --expires and --nonce the signed bytes are the canonical payload. With
any of them they are the canonical form of
  {\"payload\": P, \"signature_params\": {\"alg\", \"created\", \"expires\", \"keyid\", \"nonce\"}},
so the parameters are covered too; use --header to send them with the signature, or
send them separately and give them to `verify` (--created, --expires, --nonce).";

const AFTER_LONG_HELP: &str = "\
Output:
  default   the signature bytes in --encoding (base64url, no padding)
  --header  :BASE64:;alg=\"..\";keyid=\"..\";created=..;expires=..;nonce=\"..\";profile=\"..\"
            (RFC 8941 byte sequence and parameters; absent ones are left out)

Exit status:
  0  signed
  2  invalid payload, a bad or public-only key, an I/O error, or a usage error

Examples:
  canonsig sign --key-file signer.pem order.json
  canonsig sign --alg hmac-sha256 --key-env WEBHOOK_SECRET --key-id wh-1 --created now --header event.json
  canonsig sign --key-file k.jwk --trace signing.log --trace-signing-string order.json";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
#[command(group(clap::ArgGroup::new("key").required(true).args(KeyArgs::SOURCES)))]
pub(crate) struct SignArgs {
    /// JSON payload to sign; `-` (or nothing, when stdin is piped) reads standard input
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    key: KeyArgs,

    /// Canonical form of the payload
    #[arg(long, value_name = "PROFILE", default_value = "jcs", value_parser = profile_parser())]
    profile: Profile,

    /// Cover a creation time: `now` or Unix seconds
    #[arg(long, value_name = "now|UNIX", value_parser = parse_created)]
    created: Option<Created>,

    /// Cover an expiry time: Unix seconds, or +SECONDS from now
    #[arg(long, value_name = "UNIX|+SECS", value_parser = parse_expires)]
    expires: Option<Expires>,

    /// Cover a single-use nonce; `random` makes one (128 random bits, base64url)
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,

    /// Text encoding of the bare signature
    #[arg(long, value_name = "ENCODING", default_value = "base64url", value_parser = encoding_parser())]
    encoding: Encoding,

    /// Write the signature with its parameters (alg, keyid, created, ...) as one header value
    #[arg(long, conflicts_with = "encoding")]
    header: bool,

    /// Append the signing trace (one JSON line, never a secret) to FILE; `-` is stderr
    #[arg(long, value_name = "FILE|-", value_parser = parse_trace_target)]
    trace: Option<TraceTarget>,

    /// Put the signed bytes themselves (base64) in the trace
    #[arg(long, requires = "trace")]
    trace_signing_string: bool,

    /// Request id to record in the trace
    #[arg(long, value_name = "ID", requires = "trace")]
    request_id: Option<String>,

    /// The current time in Unix seconds, for --created now, --expires +SECS and the trace
    /// [default: the system clock]
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,

    #[command(flatten)]
    limits: LimitArgs,
}

pub(crate) fn run(args: &SignArgs) -> Result<ExitStatus, CliError> {
    let Some(OneKey {
        key,
        origin: key_origin,
    }) = args.key.load_one()?
    else {
        unreachable!("clap requires --key-file or --key-env")
    };

    let source = Source::from_arg(args.file.as_deref())?;
    let canon = args.limits.options(args.profile);
    let payload = payload::read(&source, &canon)?;

    let now = args.now.unwrap_or_else(unix_now);
    let nonce = match args.nonce.as_deref() {
        Some("random") => Some(random_nonce()?),
        other => other.map(str::to_string),
    };
    let options = SignOptions {
        canon,
        created: args.created.map(|c| c.resolve(now)),
        expires: args.expires.map(|e| e.resolve(now)),
        nonce,
    };
    let origin = source.origin();
    let failed = |error: canonsig::Error| {
        if error.code() == ErrorCode::InvalidKey {
            // A public key, or a key ring refused to sign with.
            CliError::Key {
                origin: key_origin.clone(),
                error: Box::new(error),
                hint: None,
            }
        } else {
            CliError::canon(origin.clone(), error)
        }
    };
    let signature = match &args.trace {
        None => sign_json(&payload, &key, &options).map_err(failed)?,
        Some(target) => {
            let (signature, mut trace) =
                sign_json_traced(&payload, &key, &options, args.trace_signing_string, now).map_err(failed)?;
            if let Some(id) = &args.request_id {
                trace = trace.request_id(id.as_str());
            }
            output::write_trace(target, &trace.to_json().map_err(CliError::core)?)?;
            signature
        }
    };

    let mut text = if args.header {
        signature.to_header()
    } else {
        signature.encoded(args.encoding)
    };
    text.push('\n');
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CliError::Write)?;
    Ok(ExitStatus::Success)
}

/// 128 bits from the system's random number generator, base64url.
fn random_nonce() -> Result<String, CliError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| CliError::Random(e.to_string()))?;
    Ok(Encoding::Base64Url.encode(&bytes))
}
