//! `canonsig diff`: the byte-exact difference between two inputs, rendered for people
//! (inline or unified, invisible characters shown) or as core's JSON.

use std::ffi::OsString;

use crate::error::{CliError, Role};
use crate::exit::ExitStatus;
use crate::sides::InputArgs;
use crate::view::{self, diff::label, ColorChoice, Format, Palette};

const ABOUT: &str = "Show which bytes differ between two inputs (signing strings, JSON bodies, hex dumps)";

const LONG_ABOUT: &str = "\
Show which bytes differ between two inputs: what the verifier signed (EXPECTED) and what
the signer signed (ACTUAL).

Each input is a FILE, or `-` for standard input (one of the two at most); with --text
the arguments are the text itself, and with --hex the inputs are hexadecimal text
(whitespace ignored) compared as the bytes they spell.

The comparison is byte for byte: nothing is normalized. Invisible characters are shown
by name (`⟨NBSP⟩`, `⟨CR⟩`, `⟨LF⟩`, `⟨ZWSP⟩`, `⟨BOM⟩`, `⟨U+0301⟩`), bytes that are not
UTF-8 as `⟨xFF⟩`, a literal `⟨` as `⟨⟨`, and a space inside a changed span as `␣`.
Two one-line inputs are shown one above the other, aligned, around each change; longer
inputs as unified hunks with line numbers, where `⏎` marks a changed line break and
`\\ no newline at end` a last line without one. Changed bytes are in reverse video, or
marked with `^` without colour.

The output is bounded: at most 40 changes, 10 lines per side of a change and 160
characters per line are shown, then `… N more changes`. `canonsig explain` names the
causes (key order, escaping, number spelling...).";

const AFTER_LONG_HELP: &str = "\
Exit status:
  0  the inputs are identical
  1  they differ
  2  an input could not be read, is not hexadecimal (--hex), or a usage error

--format json writes core's diff as one JSON object, members in this order:
expected_len, actual_len, first_difference {offset, line, column} (null when
identical), changes [{expected: {start, end}, actual: {start, end}, kind}] (byte
ranges; kind is insert, delete or replace; at most 2000), truncated, context
{expected, actual} ({start, end, text, caret} around the first difference), is_equal.

Examples:
  canonsig diff server-signing-string.txt client-signing-string.txt
  canonsig diff --text '{\"a\":1}' '{\"a\":1.0}'
  canonsig diff --hex expected.hex actual.hex
  curl -s https://example.com/hook | canonsig diff --color always expected.json - | less -R";

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct DiffArgs {
    /// What the verifier signed: a FILE, `-` for standard input, or the text (--text)
    #[arg(value_name = "EXPECTED")]
    expected: OsString,

    /// What the signer signed: a FILE, `-` for standard input, or the text (--text)
    #[arg(value_name = "ACTUAL")]
    actual: OsString,

    #[command(flatten)]
    input: InputArgs,

    /// Output for people (text) or for tools (json)
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Colour the text output
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

pub(crate) fn run(args: &DiffArgs) -> Result<ExitStatus, CliError> {
    let (expected, actual) = args.input.read_pair(&args.expected, &args.actual)?;
    let diff = canonsig::diff::diff(&expected.bytes, &actual.bytes);
    let text = match args.format {
        Format::Json => view::json_line(diff.to_json())?,
        Format::Text => {
            let labels = [label(&expected.name, Role::Expected), label(&actual.name, Role::Actual)];
            let palette = Palette::new(args.color.enabled());
            view::diff::render(&expected.bytes, &actual.bytes, &diff, [&labels[0], &labels[1]], palette)
        }
    };
    view::write_stdout(&text)?;
    Ok(if diff.is_equal() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
