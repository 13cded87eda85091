//! `canonsig http verify`: core's `HttpVerifier`, one flag per policy setting.

use canonsig::scheme::http::HttpVerifier;
use canonsig::ErrorCode;

use super::{MessageArgs, Parsed};
use crate::error::{CliError, Origin};
use crate::exit::ExitStatus;
use crate::key::KeyArgs;
use crate::report::{Hint, Location, Reporter};
use crate::values::{component_list, unix_now, ComponentList};
use crate::verdict::{self, HttpAccepted, Rejects};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("key").required(true).multiple(true).args(KeyArgs::SOURCES)))]
#[command(mut_arg("key_file", |a| a.visible_alias("key")))]
pub(super) struct VerifyArgs {
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
    #[arg(long, value_name = "LIST", value_parser = component_list)]
    require: Option<ComponentList>,

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

pub(super) fn run(args: &VerifyArgs) -> Result<ExitStatus, CliError> {
    let keys = args.key.load_ring()?;
    let (parsed, _) = Parsed::read(&args.message)?;
    let message = parsed.message();
    let now = args.now.unwrap_or_else(unix_now);
    let verifier = HttpVerifier::new(keys)
        .check_content_digest(!args.ignore_content_digest)
        .clock_skew(args.skew)
        .require_created(!args.allow_no_created)
        .require_expires(args.require_expires)
        .require_components(&args.require.clone().unwrap_or_default().0)
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
