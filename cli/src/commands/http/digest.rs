//! `canonsig http digest`: an RFC 9530 Content-Digest field value for a body
//! (core's `content_digest`), or a received value checked against it
//! (`verify_content_digest`).

use std::path::PathBuf;

use canonsig::scheme::http::{content_digest, verify_content_digest, DigestAlgorithm};

use crate::error::{CliError, Origin};
use crate::exit::ExitStatus;
use crate::input::{self, Source};
use crate::message::MAX_MESSAGE_BYTES;
use crate::report::{Hint, Location};
use crate::values::digest_algorithm_parser;
use crate::verdict::{self, DigestAccepted, Rejects};
use crate::view;

#[derive(Debug, clap::Args)]
pub(super) struct DigestArgs {
    /// The body, exactly as sent (after any content-coding; `-`: standard input)
    #[arg(value_name = "BODY")]
    body: PathBuf,

    /// The algorithms, comma-separated, one member each in this order [default: core's,
    /// sha-256]
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = digest_algorithm_parser())]
    alg: Vec<DigestAlgorithm>,

    /// Check this Content-Digest value against the body instead (every sha-256 / sha-512
    /// member must match; other algorithms are ignored, as RFC 9530 says)
    #[arg(long, value_name = "VALUE", conflicts_with = "alg")]
    check: Option<String>,
}

pub(super) fn run(args: &DigestArgs) -> Result<ExitStatus, CliError> {
    let source = Source::from_arg(Some(&args.body))?;
    let body = input::read_whole(&source, MAX_MESSAGE_BYTES)?;
    let Some(value) = &args.check else {
        let algorithms = if args.alg.is_empty() {
            vec![DigestAlgorithm::default()]
        } else {
            args.alg.clone()
        };
        let mut line = content_digest(&body, &algorithms);
        line.push('\n');
        view::write_bytes(line.as_bytes())?;
        return Ok(ExitStatus::Success);
    };
    let origin: Origin = source.origin();
    let location = Location {
        origin: &origin,
        line: None,
    };
    let outcome = verify_content_digest(value, &body).map(|algorithms| DigestAccepted { algorithms });
    verdict::conclude(
        location,
        outcome,
        Rejects::Scheme,
        Hint::Base { shown: true },
        CliError::core,
    )
}
