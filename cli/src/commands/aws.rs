//! `canonsig aws sign|presign|verify`: AWS Signature Version 4 (and SigV4a) over a request file.

use std::path::PathBuf;
use std::time::Duration;

use canonsig::scheme::aws::{
    signed_parts, Credentials, Payload, Settings, SigV4Verifier, Signer, DEFAULT_PRESIGN_EXPIRES,
};
use canonsig::ErrorCode;

use crate::error::{CliError, KeyOrigin, Origin};
use crate::exit::ExitStatus;
use crate::key::{KeySource, SecretArgs};
use crate::message::{self, HeaderStyle};
use crate::report::{Hint, Location, Reporter};
use crate::values::{parse_aws_time, unix_now};
use crate::verdict::{self, Rejects};
use crate::view;

const ABOUT: &str = "Sign, presign or verify an AWS Signature Version 4 request file";

const LONG_ABOUT: &str = "\
Sign, presign or verify AWS Signature Version 4 (AWS4-HMAC-SHA256) on a request file,
or SigV4a (AWS4-ECDSA-P256-SHA256) with --algorithm sigv4a: --region is then the region
set (us-east-1, us-east-1,us-west-2, *), sent and signed as X-Amz-Region-Set. `verify`
accepts both algorithms.

The file is the `.req` format of AWS's SigV4 test suite: a request line
(`GET /path?query HTTP/1.1`), header lines (a line starting with a space continues the
previous one), a blank line, then the body bytes exactly.

The secret access key is read from --secret-env VAR or --secret-file FILE, never from
a command-line value, and never printed; a session token (temporary credentials) from
--session-token-env VAR.

The canonical request follows the service's rules: by default those of every service
but S3 (the path normalized and encoded twice); --s3 for S3 (the path as sent, encoded
once, x-amz-content-sha256 sent and signed; presigned S3 URLs use UNSIGNED-PAYLOAD).
--show-base prints the canonical request and the string to sign on stderr, to compare
with what AWS computed (see `canonsig aws-explain`).";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  signed, presigned; verified
  1  not verified: the signature does not match, the time is out of tolerance, the key
     id is unknown, or the Authorization header / presigned query is missing or malformed
  2  the file is not an HTTP request, the secret cannot be read, or a usage error

Examples:
  canonsig aws sign get.req --access-key-id AKIDEXAMPLE --secret-env AWS_SECRET_ACCESS_KEY \\
      --region us-east-1 --service iam --time 20150830T123600Z
  canonsig aws presign get.req --access-key-id AKID --secret-file secret.txt --region eu-west-1 \\
      --service s3 --s3 --expires 600 --url
  canonsig aws sign get.req --access-key-id AKID --secret-env SECRET --algorithm sigv4a \\
      --region 'us-east-1,us-west-2' --service s3
  canonsig aws verify signed.req --access-key-id AKID --secret-env SECRET --now 20150830T123700Z --show-base";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct AwsArgs {
    #[command(subcommand)]
    command: AwsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AwsCommand {
    /// Sign with an Authorization header and print the signed request
    Sign(SignArgs),
    /// Sign as a presigned URL (X-Amz-* query parameters) and print the request
    Presign(PresignArgs),
    /// Verify the Authorization header or presigned query of a request
    Verify(VerifyArgs),
}

/// Credentials, scope and canonicalization rules, shared by the three subcommands.
#[derive(Debug, clap::Args)]
struct CommonArgs {
    /// The request file (`-`: standard input)
    #[arg(value_name = "REQUEST")]
    file: PathBuf,

    #[command(flatten)]
    secret: SecretArgs,

    /// Read the session token of temporary credentials from the environment variable VAR
    #[arg(long, value_name = "VAR")]
    session_token_env: Option<String>,

    /// S3's rules: the path as sent (no normalization, encoded once), x-amz-content-sha256
    #[arg(long)]
    s3: bool,

    /// Do not normalize the path (`.`/`..` segments, `//`), but still encode it twice
    #[arg(long)]
    no_normalize_path: bool,

    /// Sign UNSIGNED-PAYLOAD instead of the body's SHA-256
    #[arg(long)]
    unsigned_payload: bool,

    /// Add the session token after signing instead of signing it (a few services want that)
    #[arg(long, requires = "session_token_env")]
    unsigned_session_token: bool,

    /// Print the canonical request and the string to sign on stderr
    #[arg(long)]
    show_base: bool,
}

impl CommonArgs {
    fn settings(&self, s3_presign: bool) -> Settings {
        let mut settings = if self.s3 { Settings::s3() } else { Settings::default() };
        if self.no_normalize_path {
            settings.normalize_path = false;
        }
        if self.unsigned_payload || s3_presign {
            settings.payload = Payload::Unsigned;
        }
        if self.unsigned_session_token {
            settings.sign_session_token = false;
        }
        settings
    }

    fn credentials(&self, access_key_id: &str) -> Result<Credentials, CliError> {
        let secret = self.secret.load()?;
        let mut credentials = Credentials::new(access_key_id, secret.as_bytes());
        if let Some(var) = &self.session_token_env {
            let token = KeySource::Env(var.clone())
                .read()
                .map_err(|problem| CliError::KeyRead {
                    origin: KeyOrigin::SecretEnv(var.clone()),
                    problem,
                })?;
            let token = String::from_utf8_lossy(&token).into_owned();
            credentials = credentials.with_session_token(token);
        }
        Ok(credentials)
    }

    fn origin(&self) -> Origin {
        Origin::File(self.file.display().to_string())
    }
}

/// The signature algorithm of `sign` and `presign`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Algorithm {
    /// AWS4-HMAC-SHA256
    Sigv4,
    /// AWS4-ECDSA-P256-SHA256 (multi-region; the key is derived from the secret)
    Sigv4a,
}

/// The scope and time of a new signature.
#[derive(Debug, clap::Args)]
struct ScopeArgs {
    /// The access key id (sent in clear in the Credential)
    #[arg(long, value_name = "ID")]
    access_key_id: String,

    /// The region of the credential scope (us-east-1); SigV4a: the region set (us-east-1,us-west-2, *)
    #[arg(long, value_name = "REGION")]
    region: String,

    /// The signature algorithm
    #[arg(long, value_enum, value_name = "ALGORITHM", default_value = "sigv4")]
    algorithm: Algorithm,

    /// The service of the credential scope (s3, iam, execute-api...)
    #[arg(long, value_name = "SERVICE")]
    service: String,

    /// The signing time: 20150830T123600Z or Unix seconds [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_aws_time)]
    time: Option<u64>,
}

#[derive(Debug, clap::Args)]
struct SignArgs {
    #[command(flatten)]
    common: CommonArgs,

    #[command(flatten)]
    scope: ScopeArgs,

    /// Send and sign x-amz-content-sha256 (S3 does by default)
    #[arg(long)]
    content_sha256: bool,

    /// Print only the header lines signing added or replaced
    #[arg(long)]
    headers_only: bool,
}

#[derive(Debug, clap::Args)]
struct PresignArgs {
    #[command(flatten)]
    common: CommonArgs,

    #[command(flatten)]
    scope: ScopeArgs,

    /// How long the URL is valid, in seconds (1 to 604800) [default: core's, 3600]
    #[arg(long, value_name = "SECS")]
    expires: Option<u64>,

    /// Print only the presigned URL (scheme and host from the request)
    #[arg(long)]
    url: bool,
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    common: CommonArgs,

    /// The access key id the secret belongs to [default: the one the request names]
    #[arg(long, value_name = "ID")]
    access_key_id: Option<String>,

    /// Only accept this region in the credential scope (SigV4a: in the signed region set)
    #[arg(long, value_name = "REGION")]
    region: Option<String>,

    /// Only accept this service in the credential scope
    #[arg(long, value_name = "SERVICE")]
    service: Option<String>,

    /// The current time: 20150830T123600Z or Unix seconds [default: the system clock]
    #[arg(long, value_name = "TIME", value_parser = parse_aws_time)]
    now: Option<u64>,

    /// How far X-Amz-Date may be from now, in seconds [default: 900, as AWS]
    #[arg(long, value_name = "SECS")]
    tolerance: Option<u64>,
}

pub(crate) fn run(args: &AwsArgs) -> Result<ExitStatus, CliError> {
    match &args.command {
        AwsCommand::Sign(args) => run_sign(args),
        AwsCommand::Presign(args) => run_presign(args),
        AwsCommand::Verify(args) => run_verify(args),
    }
}

fn run_sign(args: &SignArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let (request, bytes) = message::read_request_with_bytes(&common.file)?;
    let mut settings = common.settings(false);
    if args.content_sha256 {
        settings.content_sha256_header = true;
    }
    let signer = signer(common, &args.scope)?.settings(settings);
    let time = args.scope.time.unwrap_or_else(unix_now);
    let signed = signer
        .sign(&request, time)
        .map_err(|e| input_error(common.origin(), e))?;
    show(common, &signed.canonical_request, &signed.string_to_sign);
    let style = HeaderStyle::of(request.headers());
    let out = if args.headers_only {
        message::header_block(&signed.headers)
    } else {
        let original = message::Original {
            bytes: &bytes,
            headers: request.headers(),
        };
        message::write_request(&signed.request, &original, style)
    };
    view::write_bytes(&out)?;
    Ok(ExitStatus::Success)
}

fn run_presign(args: &PresignArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let (request, bytes) = message::read_request_with_bytes(&common.file)?;
    let signer = signer(common, &args.scope)?.settings(common.settings(common.s3));
    let time = args.scope.time.unwrap_or_else(unix_now);
    let signed = signer
        .presign(&request, time, args.expires.unwrap_or(DEFAULT_PRESIGN_EXPIRES))
        .map_err(|e| input_error(common.origin(), e))?;
    show(common, &signed.canonical_request, &signed.string_to_sign);
    let out = if args.url {
        let url = signed.url().map_err(|e| input_error(common.origin(), e))?;
        format!("{url}\n").into_bytes()
    } else {
        let original = message::Original {
            bytes: &bytes,
            headers: request.headers(),
        };
        message::write_request(&signed.request, &original, HeaderStyle::of(request.headers()))
    };
    view::write_bytes(&out)?;
    Ok(ExitStatus::Success)
}

fn run_verify(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let common = &args.common;
    let request = message::read_request(&common.file)?;
    let settings = common.settings(false);
    let named = || signed_parts(&request, &settings).map(|p| p.access_key_id).ok();
    let access_key_id = args.access_key_id.clone().or_else(named).unwrap_or_default();
    let credentials = common.credentials(&access_key_id)?;
    let now = args.now.unwrap_or_else(unix_now);
    let mut verifier = SigV4Verifier::new(vec![credentials]).settings(settings.clone());
    if let Some(secs) = args.tolerance {
        verifier = verifier.tolerance(Duration::from_secs(secs));
    }
    if let Some(region) = &args.region {
        verifier = verifier.region(region.as_str());
    }
    if let Some(service) = &args.service {
        verifier = verifier.service(service.as_str());
    }
    let origin = common.origin();
    let location = Location {
        origin: &origin,
        line: None,
    };
    let result = verifier.verify_at(&request, now);
    if common.show_base {
        let strings = match &result {
            Ok(v) => Some((v.canonical_request.clone(), v.string_to_sign.clone())),
            Err(e) => match (e.detail("canonical_request"), e.detail("string_to_sign")) {
                (Some(c), Some(s)) => Some((c.to_string(), s.to_string())),
                _ => signed_parts(&request, &settings)
                    .ok()
                    .map(|p| (p.canonical_request, p.string_to_sign)),
            },
        };
        if let Some((creq, sts)) = strings {
            show(common, &creq, &sts);
        }
    }
    let hint = Hint::Base {
        shown: common.show_base,
    };
    verdict::conclude(location, result, Rejects::Scheme, hint, |error| {
        input_error(origin.clone(), error)
    })
}

fn signer(common: &CommonArgs, scope: &ScopeArgs) -> Result<Signer, CliError> {
    let credentials = common.credentials(&scope.access_key_id)?;
    let (region, service) = (scope.region.as_str(), scope.service.as_str());
    match scope.algorithm {
        Algorithm::Sigv4 => Ok(Signer::new(credentials, region, service)),
        Algorithm::Sigv4a => Signer::new_v4a(credentials, region, service).map_err(CliError::core),
    }
}

/// Prints the two intermediate strings when --show-base asks for them.
fn show(common: &CommonArgs, canonical_request: &str, string_to_sign: &str) {
    if common.show_base {
        let mut reporter = Reporter::stderr();
        reporter.intermediate("canonical request", canonical_request.as_bytes());
        reporter.intermediate("string to sign", string_to_sign.as_bytes());
    }
}

/// A request core cannot sign is an input error about the file.
fn input_error(origin: Origin, error: canonsig::Error) -> CliError {
    match error.code() {
        ErrorCode::InvalidOption => CliError::core(error),
        _ => CliError::canon(origin, error),
    }
}
