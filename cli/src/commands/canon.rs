//! `canonsig canon`: the canonical bytes of JSON text on stdout, or (`--check`)
//! whether the input already is those bytes.

use std::io::{self, Write};
use std::path::PathBuf;

use canonsig::canon::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE};
use canonsig::{Error, Options, Profile};

use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::input::{self, too_large, Lines, Source};
use crate::report::{Finding, Location, Reporter};
use crate::values::profile_parser;

const ABOUT: &str = "Write the canonical form of JSON text to stdout (RFC 8785 by default)";

const LONG_ABOUT: &str = "\
Write the canonical form of JSON text to stdout (RFC 8785 by default).

The output is exactly the bytes to sign or hash: no newline is added after it.
In --lines mode every output line ends with \"\\n\".

The input is FILE, or standard input when FILE is `-` or is left out (and stdin
is not a terminal). Input that two parsers could read differently is refused
with a stable error code, the byte offset and the JSON path: duplicate member
names, invalid UTF-8, lone surrogates, integers beyond +-(2^53-1), NaN, a byte
order mark, trailing data, nesting or size over the limits.";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  done; with --check: the input is canonical
  1  --check: the input is valid JSON but not canonical
  2  invalid input, an I/O error, or a usage error

Examples:
  echo '{\"b\":1,\"a\":[1.0,true]}' | canonsig canon
  canonsig canon --profile python-sorted order.json
  canonsig canon --lines events.jsonl > canonical.jsonl
  canonsig canon --lines --check canonical.jsonl";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct CanonArgs {
    /// JSON file to read; `-` (or nothing, when stdin is piped) reads standard input
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    /// Output form
    #[arg(long, value_name = "PROFILE", default_value = "jcs", value_parser = profile_parser())]
    profile: Profile,

    /// Accept integers outside +-(2^53-1)
    ///
    /// jcs and go-json hold numbers as binary64, so such an integer is then written as
    /// the nearest binary64, which is another number (9007199254740993 becomes
    /// 9007199254740992). The Python profiles keep integers exact either way.
    #[arg(long)]
    allow_unsafe_integers: bool,

    /// Refuse nesting (arrays and objects) deeper than N
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH)]
    max_depth: usize,

    /// Refuse input larger than BYTES
    ///
    /// The default, 67108864, is 64 MiB. With --lines the limit applies to each line; the
    /// stream as a whole may be longer.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    max_size: usize,

    /// Read JSON Lines: one document per line, one canonical line out
    ///
    /// Lines are split on "\n" (a "\r" before it is JSON whitespace, so CRLF input
    /// works) and every output line ends with "\n". Whitespace-only lines are skipped.
    /// A bad line is reported on stderr with its line number and the byte offset within
    /// the line; the other lines are still written, in order, and the exit status is 2.
    #[arg(long)]
    lines: bool,

    /// Write nothing; exit 1 if the input is not already canonical
    ///
    /// Exit 0 if the input is byte for byte what `canon` would write with the same
    /// options, else exit 1 and show where it first differs. With --lines every line
    /// is checked, and whitespace-only lines or a missing final newline also count as
    /// differences (`canon --lines` would remove or add them).
    #[arg(long)]
    check: bool,
}

impl CanonArgs {
    fn options(&self) -> Options {
        Options::new()
            .profile(self.profile)
            .allow_unsafe_integers(self.allow_unsafe_integers)
            .max_depth(self.max_depth)
            .max_size(self.max_size)
    }
}

pub(crate) fn run(args: &CanonArgs) -> Result<ExitStatus, CliError> {
    let source = Source::from_arg(args.file.as_deref())?;
    let options = args.options();
    let mut reporter = Reporter::stderr();
    if args.lines {
        run_lines(&source, &options, args.check, &mut reporter)
    } else {
        run_document(&source, &options, args.check, &mut reporter)
    }
}

/// The whole input is one JSON text.
fn run_document(
    source: &Source,
    options: &Options,
    check: bool,
    reporter: &mut Reporter,
) -> Result<ExitStatus, CliError> {
    let origin = source.origin();
    let invalid = |error| CliError::canon(origin.clone(), error);
    let document = input::read_whole(source, options.max_size)?;
    let location = Location {
        origin: &origin,
        line: None,
    };
    if check {
        return check_one(&document, options, location, reporter).map_err(invalid);
    }
    let canonical = canonsig::canonicalize_with(&document, options).map_err(invalid)?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&canonical)
        .and_then(|()| stdout.flush())
        .map_err(CliError::Write)?;
    Ok(ExitStatus::Success)
}

/// JSON Lines: one document per line, streamed; a bad line does not stop the others.
fn run_lines(source: &Source, options: &Options, check: bool, reporter: &mut Reporter) -> Result<ExitStatus, CliError> {
    let origin = source.origin();
    let mut lines = Lines::open(source, options.max_size)?;
    let mut stdout = io::stdout().lock();
    let mut canonical = Vec::new();
    let mut status = ExitStatus::Success;
    while let Some(line) = lines.next_line()? {
        let location = Location {
            origin: &origin,
            line: Some(line.number),
        };
        if line.is_blank() {
            if check {
                reporter.finding(location, &Finding::BlankLine);
                status = status.max(ExitStatus::Failure);
            }
            continue;
        }
        let outcome = if line.over_limit {
            Err(too_large("line", options.max_size))
        } else if check {
            check_one(&line.bytes, options, location, reporter)
        } else {
            canonsig::canonicalize_into(&line.bytes, options, &mut canonical).map(|()| ExitStatus::Success)
        };
        match outcome {
            Err(error) => {
                reporter.finding(location, &Finding::Invalid(&error));
                status = status.max(ExitStatus::from(&error));
            }
            Ok(line_status) if check => {
                status = status.max(line_status);
                if !line.terminated {
                    reporter.finding(location, &Finding::MissingNewline);
                    status = status.max(ExitStatus::Failure);
                }
            }
            Ok(_) => {
                canonical.push(b'\n');
                stdout.write_all(&canonical).map_err(CliError::Write)?;
            }
        }
    }
    stdout.flush().map_err(CliError::Write)?;
    Ok(status)
}

/// `--check` of one document: Success if canonical, else reports where it departs and
/// returns Failure.
fn check_one(
    input: &[u8],
    options: &Options,
    location: Location<'_>,
    reporter: &mut Reporter,
) -> Result<ExitStatus, Error> {
    let Some(departure) = canonsig::check_canonical(input, options)? else {
        return Ok(ExitStatus::Success);
    };
    // Only to show an excerpt of the canonical side; valid input, so this cannot fail.
    let canonical = canonsig::canonicalize_with(input, options)?;
    reporter.finding(
        location,
        &Finding::NotCanonical {
            departure: &departure,
            input,
            canonical: &canonical,
        },
    );
    Ok(ExitStatus::Failure)
}
