//! `canonsig explain`: why two inputs differ (the named causes), why two signing traces
//! differ, or (forensics) which serialization of a payload a received signature was made
//! over.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{CliError, Misuse, Role};
use crate::exit::ExitStatus;
use crate::input::read_signature;
use crate::key::KeyArgs;
use crate::sides::InputArgs;
use crate::view::{self, Format};

const ABOUT: &str = "Name why two inputs differ, why two signing traces differ, or what a signature was made over";

const LONG_ABOUT: &str = "\
Name why two inputs differ: what the verifier signed (EXPECTED) and what the signer
signed (ACTUAL), given as for `canonsig diff` (files, `-`, --text, --hex).

Each cause is a stable name with where it shows (a JSON path or a line) and a fix:
bom, encoding, trailing_newline, line_endings, whitespace, invisible_character,
key_order, unicode_escaping, slash_escaping, html_escaping, escape_spelling,
number_format, unicode_normalization, profile, duplicate_key, value_changed,
key_missing, key_added, element_missing, element_added, timestamp, percent_encoding,
header_case, header_whitespace, line_missing, line_added, parameter_changed. When both
sides are JSON they are also compared by path, so the same data serialized differently
is told apart from different data, and each side's serialization style is named.

--trace: EXPECTED and ACTUAL are signing traces (`sign --trace`, `verify --trace`, or
the libraries' traces), one from each side; the last line of each file is used (trace
files are appended to). Differing parameters (algorithm, key id, profile) are named;
when both traces hold the signing string (--trace-signing-string) its bytes are
explained, otherwise only their digests are compared.

--signature (forensics): EXPECTED is the payload the verifier has, and the signer's
SIGNATURE (hex, base64 or base64url; a `sha256=`, `v1=` or `v1,` prefix is stripped)
is checked against the candidate serializations of it (as given, with or without a
final newline, CRLF, without a BOM, and, for JSON, re-serialized in every known style:
key order, separators and indentation, escaping, number spelling), with the key's
algorithm and, for HMAC secrets, the home-made SHA-256(body + secret) and
SHA-256(secret + body) constructions. The report says which one the signer used and
how the payload differs from it. The key is read as `verify` reads it (--key-file or
--key-env, never a command-line value) and never printed.";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  the inputs (or traces) are identical; forensics: the signed bytes were found
  1  they differ; forensics: no candidate reproduces the signature
  2  an input or key could not be read, a trace is not a canonsig trace, the signature
     is neither hex nor base64, or a usage error

--format json writes core's data as one JSON object, members in this order: an
explanation {diff (as `canonsig diff --format json`), findings [{cause, summary,
occurrences [{path, expected, actual, detail}], total, advice, is_serialization}],
json, expected_style, actual_style, is_equal, same_data, causes, text (the text
output)}; with --signature, {matched (null, or {description, style {order,
separators, escaping, numbers, trailing_newline, description}, variant,
construction, secret_used, signature_encoding, signed, explanation}),
candidates_tried, payload_is_json}.

Examples:
  canonsig explain expected.json received.json
  canonsig explain --text 'GET /a%2fb' 'GET /a%2Fb'
  canonsig explain --trace server-trace.json client-trace.json
  canonsig explain body.json --signature \"$SIG\" --alg hmac-sha256 --key-env WEBHOOK_SECRET
  canonsig explain body.json --signature-file sig.txt --key-file client.pub.pem";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
#[command(group(clap::ArgGroup::new("sig").args(["signature", "signature_file"])))]
#[command(mut_group("KeyArgs", |g| g.requires("sig")))]
#[command(mut_arg("key_file", |a| a.visible_alias("key")))]
#[command(mut_arg("key_id", |a| a.hide(true)))]
pub(crate) struct ExplainArgs {
    /// What the verifier signed (with --signature: the payload): a FILE, `-`, or the text (--text)
    #[arg(value_name = "EXPECTED")]
    expected: OsString,

    /// What the signer signed: a FILE, `-`, or the text (--text); not with --signature
    #[arg(value_name = "ACTUAL", required_unless_present = "sig", conflicts_with = "sig")]
    actual: Option<OsString>,

    /// EXPECTED and ACTUAL are signing traces (JSON); the last line of each is compared
    #[arg(long, conflicts_with = "sig")]
    trace: bool,

    /// Forensics: the signature the signer sent (hex, base64 or base64url)
    #[arg(long, value_name = "SIG", allow_hyphen_values = true)]
    signature: Option<String>,

    /// Forensics: read the signature from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    signature_file: Option<PathBuf>,

    /// Forensics: the verification key (a key id plays no part, so --key-id is hidden here)
    #[command(flatten)]
    key: KeyArgs,

    #[command(flatten)]
    input: InputArgs,

    /// Output for people (text) or for tools (json)
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(crate) fn run(args: &ExplainArgs) -> Result<ExitStatus, CliError> {
    if args.signature.is_some() || args.signature_file.is_some() {
        return run_forensics(args);
    }
    let Some(actual) = &args.actual else {
        unreachable!("clap requires ACTUAL without --signature")
    };
    if args.trace && args.input.hex() {
        return Err(Misuse::TraceIsText.into());
    }
    let (expected, actual) = args.input.read_pair(&args.expected, actual)?;
    let explanation = if args.trace {
        canonsig::diff::explain_traces(last_line(&expected.bytes), last_line(&actual.bytes)).map_err(CliError::core)?
    } else {
        canonsig::diff::explain(&expected.bytes, &actual.bytes)
    };
    let text = match args.format {
        Format::Json => view::json_line(explanation.to_json())?,
        Format::Text => view::explain::explanation(&explanation),
    };
    view::write_stdout(&text)?;
    let same = explanation.is_equal() && explanation.findings.is_empty();
    Ok(if same { ExitStatus::Success } else { ExitStatus::Failure })
}

fn run_forensics(args: &ExplainArgs) -> Result<ExitStatus, CliError> {
    let key = args.key.load_one()?.ok_or(Misuse::ForensicsNeedsKey)?.key;
    let signature_from_stdin = args.signature_file.as_deref() == Some(Path::new("-"));
    if signature_from_stdin && args.input.is_stdin(&args.expected) {
        return Err(Misuse::StdinTwice.into());
    }
    let payload = args.input.read(&args.expected, Role::Payload)?;
    let signature = match (&args.signature, &args.signature_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_signature(path)?,
        (None, None) => unreachable!("run_forensics runs with --signature or --signature-file"),
    };
    let report = canonsig::diff::forensics(&payload.bytes, &signature, &key).map_err(CliError::core)?;
    let text = match args.format {
        Format::Json => view::json_line(report.to_json())?,
        Format::Text => view::explain::forensics(&report),
    };
    view::write_stdout(&text)?;
    Ok(if report.matched.is_some() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// The last non-blank line: trace files are appended to, one JSON line per operation.
fn last_line(bytes: &[u8]) -> &[u8] {
    bytes
        .split(|&b| b == b'\n')
        .rfind(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(bytes)
}
