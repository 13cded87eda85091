//! `canonsig verify`: does a detached signature hold for a JSON payload under a key ring?

use std::path::{Path, PathBuf};
use std::time::Duration;

use canonsig::sign::{Algorithm, Encoding, Signature, Verified, Verifier};
use canonsig::{ErrorCode, Profile};

use crate::error::{CliError, Misuse};
use crate::exit::{is_rejection, ExitStatus};
use crate::input::{read_signature, Source};
use crate::key::KeyArgs;
use crate::output;
use crate::payload::{self, LimitArgs};
use crate::report::{Hint, Location};
use crate::values::{algorithm_parser, encoding_parser, parse_trace_target, profile_parser, unix_now, TraceTarget};
use crate::verdict::{self, Rejects};

const ABOUT: &str = "Verify a detached signature over the canonical bytes of a JSON payload";

const LONG_ABOUT: &str = "\
Verify a detached signature over the canonical bytes of a JSON payload.

The payload is FILE, or standard input when FILE is `-` or is left out (and stdin is
not a terminal); it is canonicalized as the signer did, so a re-serialized payload with
the same JSON value still verifies. The signature is --signature TEXT or
--signature-file FILE: either the header form that `sign --header` writes (its alg,
keyid, created, expires, nonce and profile are then used) or a bare value in
--encoding (then give the parameters the signer covered with --profile, --created,
--expires, --nonce).

Keys: --key-file and --key-env as for `sign`, public or private. Give several to form
a key ring (rotation: old and new keys verify at once); a header's keyid picks the
key. A key's id is --key-id (one key only), else its JWK kid, else (asymmetric keys)
its RFC 7638 thumbprint. The algorithm is the key's: a signature that claims another
is refused.

On success a line on stderr names the key, the algorithm and the SHA-256 of the signed
bytes. On failure it gives the reason; for a mismatch also the SHA-256 of the bytes the
verifier signed, to compare with the signer's trace (--show-signed-bytes prints them).";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  the signature is valid for this payload and key ring
  1  it is not: malformed_signature, signature_mismatch, unknown_key_id,
     algorithm_mismatch, algorithm_not_allowed, unsupported_algorithm, expired,
     future_timestamp, missing_parameter
  2  the question could not be asked: invalid payload JSON, a bad key file, an I/O
     error, or a usage error

There is no nonce store between runs: replay protection belongs to the service that
receives the requests (canonsig's libraries have a Verifier with a nonce store).

Examples:
  canonsig verify --key-file signer.pub.pem --signature-file order.sig order.json
  canonsig verify --alg hmac-sha256 --key-env WEBHOOK_SECRET --signature \"$SIG\" --created \"$TS\" event.json
  canonsig verify --key-file old.jwk --key-file new.jwk --signature \"$HEADER\" --require-created order.json";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
#[command(group(clap::ArgGroup::new("key").required(true).multiple(true).args(KeyArgs::SOURCES)))]
#[command(group(clap::ArgGroup::new("sig").required(true).args(["signature", "signature_file"])))]
pub(crate) struct VerifyArgs {
    /// JSON payload; `-` (or nothing, when stdin is piped) reads standard input
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    key: KeyArgs,

    /// The signature: a header value (`:...:;alg=...`) or a bare value in --encoding
    #[arg(long, value_name = "SIG", allow_hyphen_values = true)]
    signature: Option<String>,

    /// Read the signature from FILE (`-`: standard input, when the payload is a FILE)
    #[arg(long, value_name = "FILE")]
    signature_file: Option<PathBuf>,

    /// Text encoding of a bare signature
    #[arg(long, value_name = "ENCODING", default_value = "base64url", value_parser = encoding_parser())]
    encoding: Encoding,

    /// Bare signature: the signer's profile [default: jcs]
    #[arg(long, value_name = "PROFILE", value_parser = profile_parser())]
    profile: Option<Profile>,

    /// Bare signature: the created time the signer covered (Unix seconds)
    #[arg(long, value_name = "UNIX")]
    created: Option<u64>,

    /// Bare signature: the expiry time the signer covered (Unix seconds)
    #[arg(long, value_name = "UNIX")]
    expires: Option<u64>,

    /// Bare signature: the nonce the signer covered
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,

    /// How far `created` may be from now, either way, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    tolerance: u64,

    /// The current time in Unix seconds (for tests, and for checking logged requests)
    /// [default: the system clock]
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,

    /// Refuse signatures without a created time
    #[arg(long)]
    require_created: bool,

    /// Accept only these algorithms (repeat for several) [default: the keys' own]
    #[arg(long, value_name = "ALG", value_parser = algorithm_parser())]
    allow_alg: Vec<Algorithm>,

    /// On a mismatch, print the bytes the verifier signed (escaped, the first 1024)
    #[arg(long)]
    show_signed_bytes: bool,

    /// Append the verification trace (one JSON line, never a secret) to FILE; `-` is stderr
    #[arg(long, value_name = "FILE|-", value_parser = parse_trace_target)]
    trace: Option<TraceTarget>,

    /// Put the signed bytes themselves (base64) in the trace
    #[arg(long, requires = "trace")]
    trace_signing_string: bool,

    /// Request id to record in the trace
    #[arg(long, value_name = "ID", requires = "trace")]
    request_id: Option<String>,

    #[command(flatten)]
    limits: LimitArgs,
}

impl VerifyArgs {
    /// The first bare-signature option given, if any.
    fn bare_option(&self) -> Option<&'static str> {
        [
            (self.profile.is_some(), "--profile"),
            (self.created.is_some(), "--created"),
            (self.expires.is_some(), "--expires"),
            (self.nonce.is_some(), "--nonce"),
        ]
        .into_iter()
        .find_map(|(given, name)| given.then_some(name))
    }
}

pub(crate) fn run(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let keys = args.key.load_ring()?;
    let source = Source::from_arg(args.file.as_deref())?;
    let from_stdin = args.signature_file.as_deref() == Some(Path::new("-"));
    if from_stdin && matches!(source, Source::Stdin) {
        return Err(Misuse::StdinTwice.into());
    }
    let payload = payload::read(&source, &args.limits.options(Profile::Jcs))?;
    let text = match (&args.signature, &args.signature_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_signature(path)?,
        (None, None) => unreachable!("clap requires --signature or --signature-file"),
    };

    let origin = source.origin();
    let location = Location {
        origin: &origin,
        line: None,
    };
    let header = text.trim_start().starts_with(':');
    if header {
        if let Some(option) = args.bare_option() {
            return Err(Misuse::ParameterInHeader { option }.into());
        }
    } else if keys.len() > 1 {
        return Err(Misuse::BareSignatureWithKeyRing { keys: keys.len() }.into());
    }
    let mut signature = match Signature::parse(&text, args.encoding) {
        Ok(signature) => signature,
        // Whatever the code: the signature itself is unusable, which is an answer.
        Err(error) => {
            let hint = Hint::SignedBytes { show: false };
            return verdict::conclude::<Verified>(location, Err(error), Rejects::All, hint, CliError::core);
        }
    };
    if !header {
        // A bare value carries nothing: the parameters the signer covered come from the
        // options, and the alg and keyid it covered are the (single) key's.
        if let Some(key) = keys.first() {
            signature.algorithm = Some(key.algorithm());
            signature.key_id = key.key_id().to_string();
        }
        signature.profile = args.profile.unwrap_or(Profile::Jcs);
        signature.created = args.created;
        signature.expires = args.expires;
        signature.nonce.clone_from(&args.nonce);
    }

    let now = args.now.unwrap_or_else(unix_now);
    let mut verifier = Verifier::new(keys)
        .tolerance(Duration::from_secs(args.tolerance))
        .clock(move || now)
        .require_created(args.require_created)
        .canon_options(args.limits.options(Profile::Jcs));
    if !args.allow_alg.is_empty() {
        verifier = verifier.allow_algorithms(&args.allow_alg);
    }
    let result = match &args.trace {
        None => verifier.verify_json(&payload, &signature),
        Some(target) => {
            let (result, trace) = verifier.verify_json_traced(&payload, &signature, args.trace_signing_string);
            if let Some(mut trace) = trace {
                if let Some(id) = &args.request_id {
                    trace = trace.request_id(id.as_str());
                }
                output::write_trace(target, &trace.to_json().map_err(CliError::core)?)?;
            }
            result
        }
    };
    let hint = Hint::SignedBytes {
        show: args.show_signed_bytes,
    };
    verdict::conclude(location, result, Rejects::Signature, hint, |error| {
        if is_payload_error(error.code()) {
            CliError::canon(origin.clone(), error)
        } else {
            CliError::core(error)
        }
    })
}

/// Codes that core gives for a payload it cannot canonicalize.
fn is_payload_error(code: ErrorCode) -> bool {
    !matches!(
        code,
        ErrorCode::InvalidKey | ErrorCode::NonceStoreUnavailable | ErrorCode::InvalidOption
    ) && !is_rejection(code)
}
