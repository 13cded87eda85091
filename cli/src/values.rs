//! Option values shared by the commands: algorithm, encoding and profile names (from core,
//! so a new one shows up without a CLI change), times, trace targets. A leaf: nothing here
//! imports from the rest of the CLI.

use std::ffi::OsStr;
use std::path::PathBuf;

use canonsig::scheme::http::DigestAlgorithm;
use canonsig::scheme::webhook::Provider;
use canonsig::sign::{Algorithm, Encoding};
use canonsig::Profile;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// `--alg`: the RFC 9421 names from core (`Algorithm::ALL`).
pub(crate) fn algorithm_parser() -> impl TypedValueParser<Value = Algorithm> {
    let values = Algorithm::ALL.map(|a| PossibleValue::new(a.name()));
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Algorithm>())
}

/// `--content-digest`, `http digest --alg`: the RFC 9530 names core computes
/// (`DigestAlgorithm::ALL`).
pub(crate) fn digest_algorithm_parser() -> impl TypedValueParser<Value = DigestAlgorithm> {
    let values = DigestAlgorithm::ALL.map(|a| PossibleValue::new(a.name()));
    PossibleValuesParser::new(values)
        .try_map(|name| DigestAlgorithm::from_name(&name).ok_or_else(|| format!("unknown digest algorithm {name:?}")))
}

/// `--provider`: core's names (`Provider::ALL`) and the aliases core's parser accepts
/// (`standard`, `svix`).
pub(crate) fn provider_parser() -> impl TypedValueParser<Value = Provider> {
    ProviderParser
}

#[derive(Clone, Copy)]
struct ProviderParser;

impl TypedValueParser for ProviderParser {
    type Value = Provider;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<Provider, clap::Error> {
        let text = value
            .to_str()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))?;
        text.parse::<Provider>().map_err(|_| {
            let mut err = clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd);
            if let Some(arg) = arg {
                err.insert(
                    clap::error::ContextKind::InvalidArg,
                    clap::error::ContextValue::String(arg.to_string()),
                );
            }
            err.insert(
                clap::error::ContextKind::InvalidValue,
                clap::error::ContextValue::String(text.to_string()),
            );
            let names = Provider::ALL.iter().map(|p| p.name().to_string()).collect();
            err.insert(
                clap::error::ContextKind::ValidValue,
                clap::error::ContextValue::Strings(names),
            );
            err
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Provider::ALL
                .into_iter()
                .map(|p| PossibleValue::new(p.name()).help(describe_provider(p))),
        ))
    }
}

fn describe_provider(provider: Provider) -> &'static str {
    match provider {
        Provider::StandardWebhooks => "Standard Webhooks: Svix, Clerk, Resend... (alias: standard, svix)",
        Provider::Stripe => "Stripe",
        Provider::GitHub => "GitHub",
        Provider::Slack => "Slack",
        Provider::Shopify => "Shopify",
        Provider::Twilio => "Twilio",
        _ => "",
    }
}

/// `--encoding`: how signature bytes are written (`Encoding::ALL`).
pub(crate) fn encoding_parser() -> impl TypedValueParser<Value = Encoding> {
    let values = Encoding::ALL.map(|e| PossibleValue::new(e.name()).help(describe_encoding(e)));
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Encoding>())
}

fn describe_encoding(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Base64Url => "RFC 4648 §5 base64url, no padding",
        Encoding::Base64 => "RFC 4648 §4 base64, padded",
        Encoding::Hex => "lower-case hexadecimal",
        _ => "",
    }
}

/// `--profile`: the names come from core (`Profile::ALL`), so a new profile shows up
/// here without a CLI change; only its one-line description is ours.
pub(crate) fn profile_parser() -> impl TypedValueParser<Value = Profile> {
    let values = Profile::ALL.map(|p| PossibleValue::new(p.name()).help(describe(p)));
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Profile>())
}

fn describe(profile: Profile) -> &'static str {
    match profile {
        Profile::Jcs => "RFC 8785 JSON Canonicalization Scheme",
        Profile::PythonSorted => "Python json.dumps(sort_keys=True, separators=(\",\", \":\")), non-ASCII as \\uXXXX",
        Profile::PythonSortedUnicode => "the same with ensure_ascii=False: non-ASCII as raw UTF-8",
        Profile::GoJson => "Go encoding/json marshalling a decoded map[string]any",
        _ => "",
    }
}

/// How a shared-secret file (or variable) holds the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretEncoding {
    /// Text in one of core's encodings (surrounding whitespace is ignored).
    Text(Encoding),
    /// The bytes themselves, exactly (a trailing newline is part of the secret).
    Raw,
}

/// `--secret-encoding`: core's encodings plus `raw`.
pub(crate) fn secret_encoding_parser() -> impl TypedValueParser<Value = SecretEncoding> {
    let mut values: Vec<PossibleValue> = Encoding::ALL
        .iter()
        .map(|e| PossibleValue::new(e.name()).help(describe_encoding(*e)))
        .collect();
    values.push(PossibleValue::new("raw").help("the bytes as they are, trailing newline included"));
    PossibleValuesParser::new(values).try_map(|name| match name.as_str() {
        "raw" => Ok(SecretEncoding::Raw),
        other => other.parse::<Encoding>().map(SecretEncoding::Text),
    })
}

/// `--components`, `--require`: a comma-separated list of component identifiers. A comma
/// inside a quoted string (`@query-param;name="a,b"`) is part of it; blank entries are
/// dropped, so `''` is the empty list.
pub(crate) fn component_list(text: &str) -> Result<ComponentList, String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if quoted {
        return Err(format!("unterminated quoted string in {text:?}"));
    }
    items.push(current);
    Ok(ComponentList(
        items
            .into_iter()
            .map(|item| item.trim().to_string())
            .filter(|item| !item.is_empty())
            .collect(),
    ))
}

/// The parsed value of a `--components` or `--require` list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ComponentList(pub(crate) Vec<String>);

/// Seconds since the Unix epoch on the system clock (`--now` replaces it).
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `--created now|UNIX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Created {
    Now,
    At(u64),
}

impl Created {
    pub(crate) fn resolve(self, now: u64) -> u64 {
        match self {
            Created::Now => now,
            Created::At(t) => t,
        }
    }
}

pub(crate) fn parse_created(text: &str) -> Result<Created, String> {
    if text == "now" {
        return Ok(Created::Now);
    }
    text.parse()
        .map(Created::At)
        .map_err(|_| "expected `now` or Unix seconds (e.g. 1700000000)".to_string())
}

/// `--expires UNIX|+SECS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expires {
    At(u64),
    In(u64),
}

impl Expires {
    pub(crate) fn resolve(self, now: u64) -> u64 {
        match self {
            Expires::At(t) => t,
            Expires::In(secs) => now.saturating_add(secs),
        }
    }
}

pub(crate) fn parse_expires(text: &str) -> Result<Expires, String> {
    let wrong = |_| "expected Unix seconds (1700000300) or +SECONDS from now (+300)".to_string();
    match text.strip_prefix('+') {
        Some(secs) => secs.parse().map(Expires::In).map_err(wrong),
        None => text.parse().map(Expires::At).map_err(wrong),
    }
}

/// `--trace FILE|-`: where the trace line goes. `-` is standard error, because standard
/// output carries the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TraceTarget {
    Stderr,
    File(PathBuf),
}

pub(crate) fn parse_trace_target(text: &str) -> Result<TraceTarget, String> {
    match text {
        "" => Err("expected a file name, or `-` for standard error".to_string()),
        "-" => Ok(TraceTarget::Stderr),
        path => Ok(TraceTarget::File(PathBuf::from(path))),
    }
}

/// `--time`/`--now` of `aws`: `20150830T123600Z` (X-Amz-Date form, UTC) or Unix seconds
/// (core's reading of a time).
pub(crate) fn parse_aws_time(text: &str) -> Result<u64, String> {
    canonsig::time::parse_unix_or_amz_date(text)
        .ok_or_else(|| "expected yyyymmddThhmmssZ (20150830T123600Z) or Unix seconds".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_times() {
        // `date -u -d 2015-08-30T12:36:00Z +%s` = 1440938160; 2000-02-29T23:59:59Z = 951868799.
        assert_eq!(parse_aws_time("20150830T123600Z"), Ok(1_440_938_160));
        assert_eq!(parse_aws_time("20000229T235959Z"), Ok(951_868_799));
        assert_eq!(parse_aws_time("19700101T000000Z"), Ok(0));
        assert_eq!(parse_aws_time("1440938160"), Ok(1_440_938_160));
        for bad in ["", "2015-08-30T12:36:00Z", "20150230T000000Z", "20150830T123600", "-1"] {
            assert!(parse_aws_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn component_lists() {
        let list = |text: &str| component_list(text).map(|l| l.0);
        assert_eq!(list(""), Ok(vec![]));
        assert_eq!(
            list("@method, @path ,"),
            Ok(vec!["@method".to_string(), "@path".to_string()])
        );
        assert_eq!(
            list(r#"@query-param;name="a,b",x"#),
            Ok(vec![r#"@query-param;name="a,b""#.to_string(), "x".to_string()])
        );
        assert_eq!(
            list(r#""@query-param";name="q\",x",y"#),
            Ok(vec![r#""@query-param";name="q\",x""#.to_string(), "y".to_string()])
        );
        assert!(list(r#"@query-param;name="a"#).is_err());
    }
}
