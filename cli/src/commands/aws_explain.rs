//! `canonsig aws-explain`: S3's `SignatureDoesNotMatch` document against the request that
//! got it: which bytes of the canonical request (or string to sign) AWS computed
//! differently, and what that means.

use std::path::PathBuf;

use canonsig::diff::explain_aws;
use canonsig::scheme::aws::{parse_aws_error_document, Payload, Settings};
use canonsig::{Error, ErrorCode};

use crate::error::{CliError, Origin};
use crate::exit::ExitStatus;
use crate::message;
use crate::view::{self, ColorChoice, Format, Palette};

const ABOUT: &str = "Explain S3's SignatureDoesNotMatch error against the signed request that got it";

const LONG_ABOUT: &str = "\
Explain S3's SignatureDoesNotMatch: the error document AWS sent back (ERROR.xml, with its
CanonicalRequest and StringToSign, or their *Bytes hex forms, which are exact) against
the signed request that got it (--request, the `.req` format, as sent).

The request's canonical request and string to sign are recomputed from its own
Authorization header or presigned query (no secret needed), with the rules the signer
used (--s3 for S3). The output gives the conclusions, then AWS's canonical request
(expected) against the signer's (actual), and the same for the strings to sign, each
with the byte diff and the named causes (percent-encoding, header whitespace, a line
missing...).";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  AWS computed exactly the bytes the signer signed: the secret access key is wrong
     (or belongs to another access key id)
  1  the bytes differ (see the causes)
  2  the document is not an AWS error document with CanonicalRequest or StringToSign,
     the request cannot be read, or a usage error

--format json writes core's data as one JSON object: {code, local {access_key_id,
credential_scope, amz_date, signed_headers, canonical_request, string_to_sign},
aws_canonical_request, aws_string_to_sign, canonical_request (an explanation as
`canonsig explain --format json`, or null), string_to_sign (same), conclusions}.

Example:
  curl -s ... > error.xml; canonsig aws-explain error.xml --request signed.req --s3";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct AwsExplainArgs {
    /// The XML error document AWS answered with (`-`: standard input)
    #[arg(value_name = "ERROR.xml")]
    document: PathBuf,

    /// The signed request as it was sent (`.req` format)
    #[arg(long, value_name = "FILE")]
    request: PathBuf,

    /// The signer used S3's rules (path as sent, encoded once)
    #[arg(long)]
    s3: bool,

    /// The signer did not normalize the path but encoded it twice
    #[arg(long)]
    no_normalize_path: bool,

    /// The signer signed UNSIGNED-PAYLOAD (when the request has no x-amz-content-sha256)
    #[arg(long)]
    unsigned_payload: bool,

    /// Output for people (text) or for tools (json)
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Colour the diffs
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

pub(crate) fn run(args: &AwsExplainArgs) -> Result<ExitStatus, CliError> {
    let (origin, bytes) = message::read(&args.document)?;
    let document = String::from_utf8(bytes).map_err(|e| {
        let error = Error::new(ErrorCode::MalformedInput, "the error document is not UTF-8 text")
            .at(e.utf8_error().valid_up_to());
        CliError::canon(origin.clone(), error)
    })?;
    let request = message::read_request(&args.request)?;
    let mut settings = if args.s3 { Settings::s3() } else { Settings::default() };
    if args.no_normalize_path {
        settings.normalize_path = false;
    }
    if args.unsigned_payload {
        settings.payload = Payload::Unsigned;
    }
    let explanation = explain_aws(&document, &request, &settings).map_err(|e| match e.code() {
        ErrorCode::MalformedInput => CliError::canon(origin, e),
        _ => CliError::canon(Origin::File(args.request.display().to_string()), e),
    })?;
    let text = match args.format {
        Format::Json => view::json_line(explanation.to_json())?,
        Format::Text => {
            // explain_aws parsed it already; its strings are not part of the explanation.
            let doc = parse_aws_error_document(&document).map_err(CliError::core)?;
            let aws = [doc.canonical_request.as_deref(), doc.string_to_sign.as_deref()];
            view::explain::aws(&explanation, aws, Palette::new(args.color.enabled()))
        }
    };
    view::write_stdout(&text)?;
    let same = [&explanation.canonical_request, &explanation.string_to_sign]
        .into_iter()
        .flatten()
        .all(|e| e.is_equal());
    Ok(if same { ExitStatus::Success } else { ExitStatus::Failure })
}
