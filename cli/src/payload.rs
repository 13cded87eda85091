//! The JSON payload of `sign` and `verify`: read like `canon` reads its input, with the
//! same limits.

use canonsig::canon::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE};
use canonsig::{Options, Profile};

use crate::error::CliError;
use crate::input::{self, Source};

/// `--allow-unsafe-integers`, `--max-depth`, `--max-size`, as `canon` has them.
#[derive(Debug, clap::Args)]
pub(crate) struct LimitArgs {
    /// Accept integers outside +-(2^53-1) (see `canonsig canon --help`)
    #[arg(long)]
    allow_unsafe_integers: bool,

    /// Refuse payload nesting deeper than N
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH)]
    max_depth: usize,

    /// Refuse payloads larger than BYTES (default 64 MiB)
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    max_size: usize,
}

impl LimitArgs {
    pub(crate) fn options(&self, profile: Profile) -> Options {
        Options::new()
            .profile(profile)
            .allow_unsafe_integers(self.allow_unsafe_integers)
            .max_depth(self.max_depth)
            .max_size(self.max_size)
    }
}

/// The whole payload, refused (`too_large`, exit 2) past `max_size` without reading the rest.
pub(crate) fn read(source: &Source, options: &Options) -> Result<Vec<u8>, CliError> {
    input::read_whole(source, options.max_size)
}
