//! `canonsig http sign|verify|base|digest`: RFC 9421 HTTP Message Signatures (and RFC 9530
//! Content-Digest) over a message file. Every rule is core's; these modules map flags to
//! core's options.

mod base;
mod digest;
mod sign;
mod verify;

use std::path::PathBuf;

use canonsig::scheme::http::Message;
use canonsig::scheme::{Header, Request, Response};

use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::message::{self, with_scheme, HeaderStyle};

const ABOUT: &str =
    "Sign or verify RFC 9421 HTTP Message Signatures on a request (or response) file; show a signature base or a Content-Digest";

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
(`digest --check`: 0 the value matches the body, 1 it does not or is malformed)

Examples:
  canonsig http sign request.req --key-file ed25519.pem --key-id my-key --content-digest sha-256
  canonsig http sign request.req --key-env SECRET --alg hmac-sha256 --components @method,@path,content-digest
  canonsig http verify signed.req --key-file ed25519.pub.pem --key-id my-key --show-base
  canonsig http verify response.txt --response --request request.req --key-file p256.pub.pem
  canonsig http base signed.req --label sig1
  canonsig http base request.req --input '(\"@method\" \"@path\");created=1618884473'
  canonsig http digest body.json --alg sha-512,sha-256
  canonsig http digest body.json --check 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct HttpArgs {
    #[command(subcommand)]
    command: HttpCommand,
}

#[derive(Debug, clap::Subcommand)]
enum HttpCommand {
    /// Add a signature (Signature-Input and Signature fields) and print the signed message
    Sign(sign::SignArgs),
    /// Verify a signature of the message
    Verify(verify::VerifyArgs),
    /// Print the signature base for components and parameters, or for a signature the
    /// message carries (what a signer signs; no key needed)
    Base(base::BaseArgs),
    /// Print the Content-Digest field value of a body, or check one against it
    Digest(digest::DigestArgs),
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

    /// The scheme an origin-form request (`GET /path HTTP/1.1`) was received over, for
    /// `@scheme` and `@target-uri`; an absolute-form request line names its own
    /// [default: core's, https]
    #[arg(long, value_name = "SCHEME", value_parser = ["https", "http"])]
    scheme: Option<String>,
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
            let related = args
                .request
                .as_deref()
                .map(|path| message::read_request(path).map(|r| with_scheme(r, args.scheme.as_deref())))
                .transpose()?;
            let (response, bytes) = message::read_response_with_bytes(&args.file)?;
            Ok((Parsed::Response(response, related), bytes))
        } else {
            let (request, bytes) = message::read_request_with_bytes(&args.file)?;
            Ok((Parsed::Request(with_scheme(request, args.scheme.as_deref())), bytes))
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

pub(crate) fn run(args: &HttpArgs) -> Result<ExitStatus, CliError> {
    match &args.command {
        HttpCommand::Sign(args) => sign::run(args),
        HttpCommand::Verify(args) => verify::run(args),
        HttpCommand::Base(args) => base::run(args),
        HttpCommand::Digest(args) => digest::run(args),
    }
}
