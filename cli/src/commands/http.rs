//! `canonsig http sign|verify`: RFC 9421 HTTP Message Signatures over a message file.

use std::path::PathBuf;

use canonsig::scheme::http::{
    AlgParam, Covered, Created, DigestAlgorithm, DigestPolicy, Expires, HttpSigner, HttpVerifier, KeyIdParam, Message,
    Nonce, SignatureInput,
};
use canonsig::scheme::{Header, Request, Response};
use canonsig::ErrorCode;

use crate::error::{CliError, Origin};
use crate::exit::ExitStatus;
use crate::key::KeyArgs;
use crate::message::{self, HeaderStyle};
use crate::report::{Hint, Location, Reporter};
use crate::values::{parse_created, parse_expires, unix_now, Created as CreatedArg, Expires as ExpiresArg};
use crate::verdict::{self, HttpAccepted, Rejects};
use crate::view;

const ABOUT: &str = "Sign or verify RFC 9421 HTTP Message Signatures on a request (or response) file";

const LONG_ABOUT: &str = "\
Sign or verify RFC 9421 HTTP Message Signatures on an HTTP message file.

The file is the `.req` format of the AWS SigV4 test suite: a request line
(`POST /foo?a=1 HTTP/1.1`), header lines (`Name: value`; a line starting with a space
continues the previous one), a blank line, then the body bytes exactly (LF or CRLF line
ends). With --response the file is a response (`HTTP/1.1 200 OK` first); --request
then names the request it answers, which `;req` components read.

Keys are read as `sign` and `verify` read them: --key-file FILE or --key-env VAR
holding a PEM, a JWK, or an HMAC secret with --alg hmac-sha256 (--secret-encoding says
how the secret is written). A key is never a command-line value.";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  signed; verified
  1  not verified: the signature does not match, is expired, names another key, or a
     covered component or Content-Digest is missing or wrong
  2  the file is not an HTTP message, a bad key, an I/O error, or a usage error

Examples:
  canonsig http sign request.req --key-file ed25519.pem --key-id my-key --content-digest sha-256
  canonsig http sign request.req --key-env SECRET --alg hmac-sha256 --components @method,@path,content-digest
  canonsig http verify signed.req --key-file ed25519.pub.pem --key-id my-key --show-base
  canonsig http verify response.txt --response --request request.req --key-file p256.pub.pem";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct HttpArgs {
    #[command(subcommand)]
    command: HttpCommand,
}

#[derive(Debug, clap::Subcommand)]
enum HttpCommand {
    /// Add a signature (Signature-Input and Signature fields) and print the signed message
    Sign(SignArgs),
    /// Verify a signature of the message
    Verify(VerifyArgs),
}

/// The message file and, for a response, its request.
#[derive(Debug, clap::Args)]
struct MessageArgs {
    /// The message file (`-`: standard input)
    #[arg(value_name = "REQUEST")]
    file: PathBuf,

    /// The file is a response (`HTTP/1.1 200 OK`, headers, blank line, body)
    #[arg(long)]
    response: bool,

    /// With --response: the request it answers (for `;req` components)
    #[arg(long, value_name = "FILE", requires = "response")]
    request: Option<PathBuf>,
}

/// A parsed message and its related request.
enum Parsed {
    Request(Request),
    Response(Response, Option<Request>),
}

impl Parsed {
    /// The message and the file's bytes.
    fn read(args: &MessageArgs) -> Result<(Self, Vec<u8>), CliError> {
        if args.response {
            let related = args.request.as_deref().map(message::read_request).transpose()?;
            let (response, bytes) = message::read_response_with_bytes(&args.file)?;
            Ok((Parsed::Response(response, related), bytes))
        } else {
            let (request, bytes) = message::read_request_with_bytes(&args.file)?;
            Ok((Parsed::Request(request), bytes))
        }
    }

    fn message(&self) -> Message<'_> {
        match self {
            Parsed::Request(r) => Message::Request(r),
            Parsed::Response(r, related) => Message::Response {
                response: r,
                request: related.as_ref(),
            },
        }
    }

    fn headers_mut(&mut self) -> &mut Vec<Header> {
        match self {
            Parsed::Request(r) => r.headers_mut(),
            Parsed::Response(r, _) => r.headers_mut(),
        }
    }

    fn write(&self, original: &message::Original<'_>, style: HeaderStyle) -> Vec<u8> {
        match self {
            Parsed::Request(r) => message::write_request(r, original, style),
            Parsed::Response(r, _) => message::write_response(r, original, style),
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("key").required(true).multiple(true).args(KeyArgs::SOURCES)))]
#[command(mut_arg("key_file", |a| a.visible_alias("key")))]
struct SignArgs {
    #[command(flatten)]
    message: MessageArgs,

    #[command(flatten)]
    key: KeyArgs,

    /// The signature's label in Signature-Input and Signature [default: sig1]
    #[arg(long, value_name = "LABEL")]
    label: Option<String>,

    /// Covered components, comma-separated (`@method,@authority,@path,content-type`,
    /// `@query-param;name="id"`, `"example-dict";key="a"`) [default: core's rule, as every
    /// frontend: @method, @authority, @path, @query (a response: @status), then
    /// content-type and content-digest when the message has them]
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    components: Vec<String>,

    /// The created parameter: `now` or Unix seconds
    #[arg(long, value_name = "now|UNIX", value_parser = parse_created, default_value = "now")]
    created: CreatedArg,

    /// Leave out the created parameter
    #[arg(long, conflicts_with = "created")]
    no_created: bool,

    /// The expires parameter: Unix seconds, or +SECONDS from created
    #[arg(long, value_name = "UNIX|+SECS", value_parser = parse_expires, allow_hyphen_values = true)]
    expires: Option<ExpiresArg>,

    /// The nonce parameter
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,

    /// The tag parameter (the application the signature is for)
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,

    /// Add the alg parameter (the key's algorithm)
    #[arg(long, conflicts_with = "alg_param")]
    include_alg: bool,

    /// Add the alg parameter with this name, which must be the key's algorithm
    #[arg(long, value_name = "NAME")]
    alg_param: Option<String>,

    /// Leave out the keyid parameter (default: the key's id, when it has one)
    #[arg(long)]
    no_keyid: bool,

    /// A signature input to answer, as Signature-Input or Accept-Signature writes it
    /// (`("@method" "@path");nonce="x"`): its components, and its parameters in its order;
    /// the parameters it lacks are added as for --components
    #[arg(long, value_name = "SF", conflicts_with = "components")]
    input: Option<String>,

    /// The Content-Digest added (replacing any) over a non-empty body and covered
    /// [default: sha-256]
    #[arg(long, value_name = "ALG", value_parser = ["sha-256", "sha-512"])]
    content_digest: Option<String>,

    /// Add no Content-Digest: sign exactly the components
    #[arg(long, conflicts_with = "content_digest")]
    no_content_digest: bool,

    /// Print only the header lines signing added, not the whole message
    #[arg(long)]
    headers_only: bool,

    /// Print the signature base on stderr
    #[arg(long)]
    show_base: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("key").required(true).multiple(true).args(KeyArgs::SOURCES)))]
#[command(mut_arg("key_file", |a| a.visible_alias("key")))]
struct VerifyArgs {
    #[command(flatten)]
    message: MessageArgs,

    #[command(flatten)]
    key: KeyArgs,

    /// The label of the signature to verify [default: the only one, or the one whose keyid names a key]
    #[arg(long, value_name = "LABEL")]
    label: Option<String>,

    /// The current time in Unix seconds [default: the system clock]
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,

    /// How far created may be in the future and expires in the past, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    skew: u64,

    /// Refuse signatures created longer ago than SECS
    #[arg(long, value_name = "SECS")]
    max_age: Option<u64>,

    /// Components the signature must cover, comma-separated (`@authority,content-digest`)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    require: Vec<String>,

    /// Accept a signature without a created parameter
    #[arg(long)]
    allow_no_created: bool,

    /// Refuse a signature without an expires parameter
    #[arg(long)]
    require_expires: bool,

    /// Do not check a covered Content-Digest against the body
    #[arg(long)]
    ignore_content_digest: bool,

    /// Print the signature base this side rebuilt on stderr
    #[arg(long)]
    show_base: bool,
}

pub(crate) fn run(args: &HttpArgs) -> Result<ExitStatus, CliError> {
    match &args.command {
        HttpCommand::Sign(args) => run_sign(args),
        HttpCommand::Verify(args) => run_verify(args),
    }
}

fn run_sign(args: &SignArgs) -> Result<ExitStatus, CliError> {
    let keys = args.key.load_ring()?;
    let Some(key) = keys.first() else {
        unreachable!("clap requires a key")
    };
    let (mut parsed, bytes) = Parsed::read(&args.message)?;
    let original_headers = parsed.message().headers().to_vec();
    let style = HeaderStyle::of(&original_headers);
    let signed = signer(args)?
        .sign_at(parsed.message(), key, unix_now())
        .map_err(CliError::core)?;
    if args.show_base {
        let title = format!("signature base ({})", signed.label);
        Reporter::stderr().intermediate(&title, signed.signature_base.as_bytes());
    }
    let out = if args.headers_only {
        signed
            .headers
            .iter()
            .map(|h| message::header_line(h, HeaderStyle::Spaced))
            .collect::<String>()
            .into_bytes()
    } else {
        signed.apply(parsed.headers_mut());
        let original = message::Original {
            bytes: &bytes,
            headers: &original_headers,
        };
        parsed.write(&original, style)
    };
    view::write_bytes(&out)?;
    Ok(ExitStatus::Success)
}

/// Core's signer for the options: every flag maps to one option of `HttpSigner`, and the
/// CLI decides no default (the components, the digest and the parameters are core's).
fn signer(args: &SignArgs) -> Result<HttpSigner, CliError> {
    let mut signer = HttpSigner::new();
    if let Some(label) = &args.label {
        signer = signer.label(label);
    }
    if let Some(text) = &args.input {
        let input = SignatureInput::parse(text).map_err(CliError::core)?;
        signer = signer.covered(Covered::Input(input));
    } else if !args.components.is_empty() {
        signer = signer.components(&args.components).map_err(CliError::core)?;
    }
    signer = signer.created(match (args.no_created, args.created) {
        (true, _) => Created::Omit,
        (false, CreatedArg::Now) => Created::Now,
        (false, CreatedArg::At(t)) => Created::At(to_i64(t)),
    });
    if let Some(expires) = args.expires {
        signer = signer.expires(match expires {
            ExpiresArg::In(secs) => Expires::After(secs),
            ExpiresArg::At(t) => Expires::At(to_i64(t)),
        });
    }
    if let Some(nonce) = &args.nonce {
        signer = signer.nonce(Nonce::Value(nonce.clone()));
    }
    if args.include_alg {
        signer = signer.alg(AlgParam::FromKey);
    }
    if let Some(name) = &args.alg_param {
        signer = signer.alg(AlgParam::Named(name.clone()));
    }
    if args.no_keyid {
        signer = signer.keyid(KeyIdParam::Omit);
    }
    signer = signer.tag(args.tag.clone());
    if args.no_content_digest {
        signer = signer.content_digest(DigestPolicy::Off);
    }
    if let Some(name) = &args.content_digest {
        let algorithm = DigestAlgorithm::from_name(name).unwrap_or(DigestAlgorithm::Sha256);
        signer = signer.content_digest(DigestPolicy::WhenBody(algorithm));
    }
    Ok(signer)
}

fn to_i64(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

fn run_verify(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let keys = args.key.load_ring()?;
    let (parsed, _) = Parsed::read(&args.message)?;
    let message = parsed.message();
    let now = args.now.unwrap_or_else(unix_now);
    let verifier = HttpVerifier::new(keys)
        .check_content_digest(!args.ignore_content_digest)
        .clock_skew(args.skew)
        .require_created(!args.allow_no_created)
        .require_expires(args.require_expires)
        .require_components(&args.require)
        .map_err(CliError::core)?;
    let verifier = match args.max_age {
        Some(secs) => verifier.max_age(secs),
        None => verifier,
    };
    let origin = Origin::File(args.message.file.display().to_string());
    let location = Location {
        origin: &origin,
        line: None,
    };
    let result = verifier.verify_at(message, args.label.as_deref(), now);
    if args.show_base {
        let base = match &result {
            Ok(v) => Some(v.signature_base.clone()),
            Err(e) => e
                .signed_bytes()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .or_else(|| verifier.signature_base_of(message, args.label.as_deref()).ok()),
        };
        if let Some(base) = base {
            Reporter::stderr().intermediate("signature base", base.as_bytes());
        }
    }
    let outcome = result.map(|verified| HttpAccepted { verified });
    let hint = Hint::Base { shown: args.show_base };
    verdict::conclude(location, outcome, Rejects::Scheme, hint, |error| {
        if error.code() == ErrorCode::MalformedRequest {
            CliError::canon(origin.clone(), error)
        } else {
            CliError::core(error)
        }
    })
}
