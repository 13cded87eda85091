//! Diagnostics on stderr. Commands describe *what* they found ([`Finding`], plain data);
//! this module decides how it looks. Only text exists today; a `--format json` renderer
//! would be a second `render_*` function over the same data.
//!
//! No message here ever includes key material: keys are named by where they came from
//! ([`KeyOrigin`]), by their id and by their algorithm, and core's key errors never
//! quote the key either.

use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::path::Path;

use canonsig::diff::{visible, visible_prefix};
use canonsig::scheme::aws::SigV4Verified;
use canonsig::scheme::http::{DigestAlgorithm, VerifiedSignature as HttpVerifiedSignature};
use canonsig::scheme::webhook::WebhookVerified;
use canonsig::sign::{Algorithm, Verified};
use canonsig::{Departure, ErrorCode};

use crate::error::{CliError, HexProblem, KeyHint, KeyOrigin, KeyProblem, Misuse, Origin};

/// Bytes of context shown before the first difference in a `--check` excerpt.
const EXCERPT_BEFORE: usize = 24;
/// Most bytes shown in a `--check` excerpt.
const EXCERPT_WIDTH: usize = 64;
/// Most bytes of the signed bytes shown by `verify --show-signed-bytes`.
const SIGNED_BYTES_SHOWN: usize = 1024;

/// Where a finding is: the input (file or stdin) and, in `--lines` mode, the line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Location<'a> {
    pub(crate) origin: &'a Origin,
    pub(crate) line: Option<usize>,
}

impl fmt::Display for Location<'_> {
    /// The prefix of a message: `data.json: `, `data.jsonl: line 3: `, `line 3: ` or nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Origin::File(name) = self.origin {
            write!(f, "{name}: ")?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        Ok(())
    }
}

/// Something to tell the user about one document (or one line).
#[derive(Debug)]
pub(crate) enum Finding<'a> {
    /// Core refused the input.
    Invalid(&'a canonsig::Error),
    /// `--check`: the input is valid but not in canonical form.
    NotCanonical {
        departure: &'a Departure,
        input: &'a [u8],
        canonical: &'a [u8],
    },
    /// `--check --lines`: a whitespace-only line, which `canon --lines` leaves out.
    BlankLine,
    /// `--check --lines`: the last line has no `\n`, which `canon --lines` adds.
    MissingNewline,
    /// `verify`: the signature is accepted.
    Verified(&'a Verified),
    /// `verify`, `http verify`, `aws verify`, `webhook verify`: not accepted (core's
    /// reason), and what the command can show about it.
    NotVerified { error: &'a canonsig::Error, hint: Hint },
    /// `http verify`: accepted (and the Content-Digest algorithms checked against the body).
    HttpVerified {
        verified: &'a HttpVerifiedSignature,
        digests: &'a [DigestAlgorithm],
    },
    /// `http digest --check`: every member core knows matches the body.
    DigestMatches(&'a [DigestAlgorithm]),
    /// `aws verify`: accepted.
    AwsVerified(&'a SigV4Verified),
    /// `webhook verify`: accepted.
    WebhookVerified(&'a WebhookVerified),
}

/// What a "not verified" finding adds below core's reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// `verify`: on a mismatch, the bytes the verifier signed (`--show-signed-bytes`), or
    /// how to see them.
    SignedBytes { show: bool },
    /// The scheme commands: on a mismatch, how to see the intermediate strings (unless
    /// `--show-base` printed them already); for an unknown key id, how to name the key.
    Base { shown: bool },
}

/// Where `keygen` put the public key.
#[derive(Debug)]
pub(crate) enum PublicOut<'a> {
    /// HMAC keys have none.
    None,
    /// Written to this file.
    File(&'a Path),
    /// Not written anywhere: shown on stderr (it is public).
    Shown(&'a str),
}

/// What `keygen` made and where it went (never the key itself).
#[derive(Debug)]
pub(crate) struct Generated<'a> {
    pub(crate) algorithm: Algorithm,
    pub(crate) key_id: &'a str,
    /// The key id is the key's RFC 7638 thumbprint (no --key-id given).
    pub(crate) thumbprint_id: bool,
    /// `PEM`, `JWK`, `base64url` ...
    pub(crate) format: &'a str,
    /// The private key's file; `None` = standard output.
    pub(crate) private_file: Option<&'a Path>,
    pub(crate) public: PublicOut<'a>,
}

/// Remarks that are not errors.
#[derive(Debug)]
pub(crate) enum Note<'a> {
    /// A raw secret ends with a newline, which is part of the key.
    RawSecretNewline(&'a KeyOrigin),
}

impl fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyOrigin::File(name) => write!(f, "key file `{name}`"),
            KeyOrigin::Env(name) => write!(f, "key in environment variable `{name}`"),
            KeyOrigin::SecretFile(name) => write!(f, "secret file `{name}`"),
            KeyOrigin::SecretEnv(name) => write!(f, "secret in environment variable `{name}`"),
        }
    }
}

/// Writes diagnostics to stderr. Failures to write them are ignored: there is nowhere
/// left to report them.
pub(crate) struct Reporter {
    out: io::Stderr,
}

impl Reporter {
    pub(crate) fn stderr() -> Self {
        Reporter { out: io::stderr() }
    }

    pub(crate) fn finding(&mut self, location: Location<'_>, finding: &Finding<'_>) {
        let _ = self.out.lock().write_all(render_text(location, finding).as_bytes());
    }

    /// The summary of `keygen`.
    pub(crate) fn generated(&mut self, generated: &Generated<'_>) {
        let _ = self.out.lock().write_all(render_generated(generated).as_bytes());
    }

    pub(crate) fn note(&mut self, note: &Note<'_>) {
        let text = match note {
            Note::RawSecretNewline(origin) => format!(
                "note: the raw secret in {origin} ends with a newline, which is part of the key (write it with printf, not echo, if that is not meant)\n"
            ),
        };
        let _ = self.out.lock().write_all(text.as_bytes());
    }

    /// An intermediate string (`--show-base`): a title line, the exact bytes, an end line.
    pub(crate) fn intermediate(&mut self, title: &str, bytes: &[u8]) {
        let mut out = format!("----- {title} -----\n").into_bytes();
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\n----- end of ");
        out.extend_from_slice(title.as_bytes());
        out.extend_from_slice(b" -----\n");
        let _ = self.out.lock().write_all(&out);
    }

    /// A trace record (`--trace -`), one line of JSON.
    pub(crate) fn trace_line(&mut self, line: &str) {
        let _ = self.out.lock().write_all(format!("{line}\n").as_bytes());
    }

    /// The error that ended a command.
    pub(crate) fn fatal(&mut self, err: &CliError) {
        let text = match err {
            CliError::Canon { origin, error } => {
                let location = Location { origin, line: None };
                return self.finding(location, &Finding::Invalid(error));
            }
            CliError::NoInput => {
                "error: no input: give a FILE, or pipe JSON into standard input (see `canonsig canon --help`)\n"
                    .to_string()
            }
            CliError::Read {
                origin: Origin::File(name),
                source,
            } => format!("error: failed to read `{name}`: {source}\n"),
            CliError::Read {
                origin: Origin::Stdin,
                source,
            } => format!("error: failed to read standard input: {source}\n"),
            CliError::Write(source) => format!("error: failed to write to standard output: {source}\n"),
            CliError::KeyRead { origin, problem } => render_key_problem(origin, problem),
            CliError::Key { origin, error, hint } => {
                let hint = match hint {
                    Some(KeyHint::MaybeSecret) => {
                        "; if it holds an HMAC secret, give --alg hmac-sha256 (or hmac-sha384, hmac-sha512)"
                    }
                    None => "",
                };
                format!("error: {origin}: {error}{hint}\n")
            }
            CliError::Core(error) => format!("error: {error}\n"),
            CliError::Misuse(misuse) => format!("error: {}\n", render_misuse(misuse)),
            CliError::WriteFile { path, source } if source.kind() == io::ErrorKind::AlreadyExists => {
                format!("error: `{path}` already exists; pass --force to replace it\n")
            }
            CliError::WriteFile { path, source } => format!("error: failed to write `{path}`: {source}\n"),
            CliError::Random(source) => format!("error: the system random number generator failed: {source}\n"),
            CliError::NotHex { name, problem } => format!(
                "error: {name} is not hexadecimal text: {}\n",
                render_hex_problem(problem)
            ),
        };
        let _ = self.out.lock().write_all(text.as_bytes());
    }
}

fn render_key_problem(origin: &KeyOrigin, problem: &KeyProblem) -> String {
    match (origin, problem) {
        (KeyOrigin::SecretFile(name), KeyProblem::Io(source)) => {
            format!("error: failed to read secret file `{name}`: {source}\n")
        }
        (KeyOrigin::SecretEnv(name), KeyProblem::Io(source)) => {
            format!("error: failed to read environment variable `{name}`: {source}\n")
        }
        (KeyOrigin::SecretEnv(name), KeyProblem::NotSet) => format!(
            "error: environment variable `{name}` is not set (--secret-env names the variable that holds the secret)\n"
        ),
        (origin @ (KeyOrigin::SecretEnv(_) | KeyOrigin::SecretFile(_)), KeyProblem::NotText) => {
            format!("error: {origin} is not UTF-8 text, which a shared secret is\n")
        }
        // The code core gives an empty secret (`invalid_key`), so scripts see one code everywhere.
        (origin, KeyProblem::Empty) => format!("error: invalid_key: {origin} is empty\n"),
        (KeyOrigin::File(name), KeyProblem::Io(source)) => format!("error: failed to read key file `{name}`: {source}\n"),
        (KeyOrigin::Env(name), KeyProblem::Io(source)) => {
            format!("error: failed to read environment variable `{name}`: {source}\n")
        }
        (
            KeyOrigin::Env(name) | KeyOrigin::File(name) | KeyOrigin::SecretFile(name),
            KeyProblem::NotSet,
        ) => format!(
            "error: environment variable `{name}` is not set (--key-env names the variable that holds the key)\n"
        ),
        (origin, KeyProblem::TooLarge { limit }) => {
            format!("error: {origin} is larger than {limit} bytes, which no key is\n")
        }
        (origin, KeyProblem::NotText) => format!(
            "error: {origin} is not UTF-8 text; PEM and JWK keys are text (a binary HMAC secret needs --secret-encoding raw)\n"
        ),
    }
}

fn render_misuse(misuse: &Misuse) -> String {
    match misuse {
        Misuse::KeyIdNeedsJwk => {
            "only a JWK can hold a key id: add --format jwk, or give --key-id to `sign` and `verify` instead".into()
        }
        Misuse::FormatForAlgorithm { format, algorithm } if algorithm.is_hmac() => format!(
            "an {algorithm} key is a shared secret and has no {format} form; use --format secret (the default) or jwk"
        ),
        Misuse::FormatForAlgorithm { format, algorithm } => format!(
            "--format {format} is for HMAC secrets; write an {algorithm} key as pem (the default) or jwk"
        ),
        Misuse::NoPublicKey { algorithm } => format!(
            "an {algorithm} key is a shared secret and has no public part; leave out --public-out and share the secret itself"
        ),
        Misuse::SameOutput => "--out and --public-out name the same file".into(),
        Misuse::RawSecretNeedsHmac => {
            "--secret-encoding raw reads an HMAC secret: give --alg hmac-sha256 (or hmac-sha384, hmac-sha512)".into()
        }
        Misuse::SeveralKeys { keys } => format!(
            "{keys} keys given, and this command takes one: give a single --key-file or --key-env (a key ring is for verifying)"
        ),
        Misuse::KeyIdWithKeyRing => {
            "--key-id names a single key; in a key ring each key brings its own id (a JWK's kid, or the RFC 7638 thumbprint of a PEM key)".into()
        }
        Misuse::DuplicateKeyId { key_id } if key_id.is_empty() => {
            "two keys in the key ring have no key id, so a signature cannot pick one; give each key a kid (keygen --format jwk --key-id ID)".into()
        }
        Misuse::DuplicateKeyId { key_id } => {
            format!("two keys in the key ring have the key id {key_id:?}; key ids must pick exactly one key")
        }
        Misuse::BareSignatureWithKeyRing { keys } => format!(
            "a bare signature does not say which of the {keys} keys signed it; verify it with one key, or sign with --header so that its keyid picks the key"
        ),
        Misuse::ParameterInHeader { option } => format!(
            "{option} is for bare signatures; this signature is in header form and carries its own parameters"
        ),
        Misuse::StdinTwice => {
            "the payload and the signature cannot both come from standard input; give the payload as a FILE".into()
        }
        Misuse::BothInputsStdin => {
            "standard input can be read only once: give at most one of the two inputs as `-`".into()
        }
        Misuse::ForensicsNeedsKey => {
            "--signature searches for what the signer signed, which needs the key: give --key-file FILE or --key-env VAR".into()
        }
        Misuse::TraceIsText => "--trace reads signing traces, which are JSON text; leave out --hex".into(),
        Misuse::HeaderNotNameValue { given } => {
            format!("--header {given:?} is not `Name: value` (one header line, as it was received)")
        }
        Misuse::TwilioNeedsUrl => {
            "Twilio signs the full URL it called: give it with --url 'https://host/path?query'".into()
        }
        Misuse::StandardNeedsId => {
            "Standard Webhooks sign the message id too: give it with --id (the webhook-id header value)".into()
        }
    }
}

fn render_hex_problem(problem: &HexProblem) -> String {
    match problem {
        // The byte alone, in core's notation: `x`, `⟨U+0001⟩`, `⟨xC3⟩`.
        HexProblem::NotADigit { offset, byte } => {
            format!("`{}` at byte {offset} is not a hex digit", visible(&[*byte]))
        }
        HexProblem::OddDigits { digits } => format!("{digits} hex digits, an odd number (two digits make a byte)"),
    }
}

fn render_generated(g: &Generated<'_>) -> String {
    let mut text = format!("generated a new {} key", g.algorithm);
    if g.key_id.is_empty() {
        text.push_str(", no key id (add one with --key-id and --format jwk, or give --key-id to `sign` and `verify`)");
    } else if g.thumbprint_id {
        let _ = write!(text, ", key id {:?} (its RFC 7638 thumbprint)", g.key_id);
    } else {
        let _ = write!(text, ", key id {:?}", g.key_id);
    }
    text.push('\n');
    let (what, keep) = if g.algorithm.is_hmac() {
        ("secret", "share it with the verifier over a private channel")
    } else {
        ("private key", "keep it secret")
    };
    match g.private_file {
        Some(path) if cfg!(unix) => {
            let _ = writeln!(text, "{what}: {} ({}, mode 600): {keep}", path.display(), g.format);
        }
        Some(path) => {
            let _ = writeln!(text, "{what}: {} ({}): {keep}", path.display(), g.format);
        }
        None => {
            let _ = writeln!(text, "{what}: written to standard output ({}): {keep}", g.format);
        }
    }
    match g.public {
        PublicOut::None => {}
        PublicOut::File(path) => {
            let _ = writeln!(
                text,
                "public key: {} ({}): give it to verifiers",
                path.display(),
                g.format
            );
        }
        PublicOut::Shown(public) => {
            let _ = writeln!(text, "public key (give it to verifiers):");
            text.push_str(public);
            if !public.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    text
}

/// The plain-text form of a finding, ending with `\n`.
fn render_text(location: Location<'_>, finding: &Finding<'_>) -> String {
    match finding {
        Finding::Verified(verified) => format!(
            "{location}verified: key {:?}, alg {}, sha256 {}\n",
            verified.key_id, verified.algorithm, verified.signed_sha256
        ),
        Finding::NotVerified { error, hint } => {
            let mut text = format!("{location}not verified: {error}\n");
            match hint {
                Hint::SignedBytes { show } => signed_bytes_hint(&mut text, error, *show),
                Hint::Base { shown } => {
                    if error.code() == ErrorCode::SignatureMismatch && !shown {
                        text.push_str(
                            "  --show-base prints the bytes this side computed, to compare with the sender's\n",
                        );
                    }
                    if error.code() == ErrorCode::UnknownKeyId {
                        text.push_str("  name the key with --key-id (the keyid the signature carries)\n");
                    }
                }
            }
            text
        }
        Finding::HttpVerified { verified, digests } => {
            let mut text = format!(
                "{location}verified: signature {:?}, key {:?} ({}), covers {}",
                verified.label,
                verified.key_id,
                verified.algorithm,
                verified.input.serialize().unwrap_or_default()
            );
            if !digests.is_empty() {
                let names: Vec<&str> = digests.iter().map(|d| d.name()).collect();
                let _ = write!(text, "; Content-Digest {} matches the body", names.join(", "));
            }
            text.push('\n');
            text
        }
        Finding::DigestMatches(algorithms) => {
            let names: Vec<&str> = algorithms.iter().map(|d| d.name()).collect();
            format!(
                "{location}verified: Content-Digest {} matches the body\n",
                names.join(", ")
            )
        }
        Finding::AwsVerified(v) => {
            let how = match v.expires {
                Some(secs) => format!("presigned URL valid {secs} s"),
                None => "Authorization header".to_string(),
            };
            format!(
                "{location}verified: {how}, access key {}, {}/{}/{} at {}, signed headers {}\n",
                v.access_key_id,
                v.amz_date.get(..8).unwrap_or(""),
                v.region,
                v.service,
                v.amz_date,
                v.signed_headers.join(";")
            )
        }
        Finding::WebhookVerified(v) => {
            let mut text = format!("{location}verified: {} signature {}", v.provider, v.matched_signature);
            if let Some(ts) = v.timestamp {
                let _ = write!(text, ", timestamp {ts}");
            }
            let _ = writeln!(text, ", {} signed bytes", v.signed_payload.len());
            text
        }
        Finding::Invalid(error) => format!("{location}error: {error}\n"),
        Finding::BlankLine => {
            format!("{location}not canonical: whitespace-only line (`canon --lines` leaves it out)\n")
        }
        Finding::MissingNewline => format!("{location}not canonical: no newline at the end of the last line\n"),
        Finding::NotCanonical {
            departure,
            input,
            canonical,
        } => {
            let mut text = format!("{location}not canonical: first difference at byte {}", departure.offset);
            // In `--lines` mode the line number is already in the prefix and the column is offset + 1.
            if location.line.is_none() {
                let _ = write!(text, " (line {}, column {})", departure.line, departure.column);
            }
            text.push('\n');
            let start = departure.offset.saturating_sub(EXCERPT_BEFORE);
            let (input_excerpt, caret) = excerpt(input, start, departure.offset);
            let (canonical_excerpt, _) = excerpt(canonical, start, departure.offset);
            let _ = writeln!(text, "  input:     {input_excerpt}");
            let _ = writeln!(text, "  canonical: {canonical_excerpt}");
            let _ = writeln!(text, "  {:caret$}^", "", caret = "canonical: ".len() + caret);
            text
        }
    }
}

/// `verify`'s hint on a mismatch: the signed bytes (at most [`SIGNED_BYTES_SHOWN`]), or
/// the option that shows them.
fn signed_bytes_hint(text: &mut String, error: &canonsig::Error, show: bool) {
    let (ErrorCode::SignatureMismatch, Some(bytes)) = (error.code(), error.signed_bytes()) else {
        return;
    };
    if !show {
        text.push_str("  --show-signed-bytes prints them\n");
        return;
    }
    let (shown, len) = visible_prefix(bytes, SIGNED_BYTES_SHOWN);
    if len < bytes.len() {
        let _ = writeln!(text, "  signed bytes: {shown}…");
        let _ = writeln!(
            text,
            "  ({} more bytes; --trace FILE --trace-signing-string logs them all)",
            bytes.len() - len
        );
    } else {
        let _ = writeln!(text, "  signed bytes: {shown}");
    }
}

/// At most [`EXCERPT_WIDTH`] bytes of `bytes` from `start` (moved back to the start of its
/// character), in core's notation ([`visible_prefix`]: invisible characters as `⟨NAME⟩`,
/// bytes that are not UTF-8 as `⟨xFF⟩`, the same in every frontend), with `…` where it is
/// cut; and the column (in characters) of byte `mark` in it.
fn excerpt(bytes: &[u8], start: usize, mark: usize) -> (String, usize) {
    let mut start = start.min(bytes.len());
    while start > 0 && is_continuation(bytes[start]) {
        start -= 1;
    }
    let rest = &bytes[start..];
    let (shown, len) = visible_prefix(rest, EXCERPT_WIDTH);
    let lead = if start > 0 { "…" } else { "" };
    let (before, _) = visible_prefix(rest, mark.saturating_sub(start).min(len));
    let caret = lead.chars().count() + before.chars().count();
    let tail = if len < rest.len() { "…" } else { "" };
    (format!("{lead}{shown}{tail}"), caret)
}

/// A UTF-8 continuation byte (`10xxxxxx`): not the start of a character.
fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_that_is_no_hex_digit_is_shown_in_core_notation() {
        let shown = |byte| render_hex_problem(&HexProblem::NotADigit { offset: 3, byte });
        assert_eq!(shown(b'x'), "`x` at byte 3 is not a hex digit");
        assert_eq!(shown(1), "`⟨U+0001⟩` at byte 3 is not a hex digit");
        assert_eq!(shown(0xc3), "`⟨xC3⟩` at byte 3 is not a hex digit");
    }

    #[test]
    fn excerpt_shows_core_notation_and_marks() {
        assert_eq!(excerpt(b"{\"a\": 1}", 0, 5), ("{\"a\": 1}".to_string(), 5));
        assert_eq!(excerpt("\"é\"\n".as_bytes(), 0, 3), ("\"é\"⟨LF⟩".to_string(), 2));
        assert_eq!(excerpt(b"ab", 0, 2), ("ab".to_string(), 2));
        // A start inside a character moves back to it; the mark after a marker counts its characters.
        assert_eq!(excerpt("xé\u{a0}y".as_bytes(), 2, 5), ("…é⟨NBSP⟩y".to_string(), 8));
        let long = [b'x'; 200];
        let (text, caret) = excerpt(&long, 100 - EXCERPT_BEFORE, 100);
        assert_eq!(text.chars().count(), EXCERPT_WIDTH + 2);
        assert_eq!(caret, EXCERPT_BEFORE + 1);
    }
}
