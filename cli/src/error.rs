//! Errors that end a command, and the plain data they carry (where an input or a key
//! came from, why it could not be read). Rendering lives in `report.rs`. A leaf: nothing
//! here imports from the rest of the CLI.

use std::fmt;
use std::io;

/// Where an input came from, as the user named it: a file name, or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Stdin,
    File(String),
}

/// Which side an input of `diff` or `explain` is on, for messages and headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Expected,
    Actual,
    Payload,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Expected => "expected",
            Role::Actual => "actual",
            Role::Payload => "payload",
        })
    }
}

/// Where an input of `diff` or `explain` came from, as messages name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum InputName {
    File(String),
    Stdin,
    /// `--text`: the command-line argument itself.
    Text(Role),
}

impl fmt::Display for InputName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputName::File(name) => write!(f, "`{name}`"),
            InputName::Stdin => f.write_str("standard input"),
            InputName::Text(role) => write!(f, "the {role} text"),
        }
    }
}

/// Why hexadecimal text (`--hex`) does not decode.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HexProblem {
    /// The byte at this offset is neither a hex digit nor whitespace.
    NotADigit { offset: usize, byte: u8 },
    /// An odd number of digits: the last byte is half a byte.
    OddDigits { digits: usize },
}

/// Where a key came from. Never the key itself: messages name only this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyOrigin {
    File(String),
    Env(String),
    /// `--secret-file` of `aws` and `webhook`.
    SecretFile(String),
    /// `--secret-env` of `aws` and `webhook`.
    SecretEnv(String),
}

/// Why a key could not even be read (before core sees it).
#[derive(Debug)]
pub(crate) enum KeyProblem {
    Io(io::Error),
    /// `--key-env VAR` names a variable that is not set.
    NotSet,
    /// Larger than any key file could be (`limit` bytes).
    TooLarge {
        limit: u64,
    },
    /// Not UTF-8, and not read as a raw secret.
    NotText,
    /// A shared secret that is empty.
    Empty,
}

/// A hint added to core's reason when a key does not load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyHint {
    /// Neither PEM nor JWK, and no HMAC algorithm was given: perhaps a secret file.
    MaybeSecret,
}

/// Options that cannot go together, beyond what clap checks by itself.
#[derive(Debug)]
pub(crate) enum Misuse {
    /// `keygen --key-id` with a format that cannot hold a key id.
    KeyIdNeedsJwk,
    /// `keygen --format` that does not fit the algorithm.
    FormatForAlgorithm {
        format: &'static str,
        algorithm: canonsig::sign::Algorithm,
    },
    /// `keygen --public-out` for an HMAC key.
    NoPublicKey { algorithm: canonsig::sign::Algorithm },
    /// `keygen --out F --public-out F`.
    SameOutput,
    /// `--secret-encoding raw` without an HMAC `--alg`.
    RawSecretNeedsHmac,
    /// `verify --key-id` with more than one key.
    KeyIdWithKeyRing,
    /// Several keys for a command that signs (or searches) with one.
    SeveralKeys { keys: usize },
    /// Two keys of a key ring have the same id.
    DuplicateKeyId { key_id: String },
    /// A bare signature (no header) with a key ring: nothing says which key signed.
    BareSignatureWithKeyRing { keys: usize },
    /// `verify --created` (etc.) with a header signature, which carries its own.
    ParameterInHeader { option: &'static str },
    /// Both the payload and the signature would be read from standard input.
    StdinTwice,
    /// `diff A B` / `explain A B` with `-` for both.
    BothInputsStdin,
    /// `explain --signature` without --key-file or --key-env.
    ForensicsNeedsKey,
    /// `explain --trace` with `--hex`: traces are JSON text.
    TraceIsText,
    /// `webhook --header` that is not `Name: value`.
    HeaderNotNameValue { given: String },
    /// `webhook --provider twilio` without `--url`.
    TwilioNeedsUrl,
    /// `webhook sign --provider standard` without `--id`.
    StandardNeedsId,
}

/// Why a command stopped before finishing.
#[derive(Debug)]
pub(crate) enum CliError {
    /// No FILE was given and standard input is a terminal.
    NoInput,
    /// Opening or reading the input failed.
    Read { origin: Origin, source: io::Error },
    /// Writing the output failed (a broken pipe is handled quietly by `main`).
    Write(io::Error),
    /// Core refused the input.
    Canon {
        origin: Origin,
        error: Box<canonsig::Error>,
    },
    /// A key file or variable could not be read.
    KeyRead { origin: KeyOrigin, problem: KeyProblem },
    /// Core refused a key (or could not sign with it).
    Key {
        origin: KeyOrigin,
        error: Box<canonsig::Error>,
        hint: Option<KeyHint>,
    },
    /// Core refused something that is neither the payload nor a key.
    Core(Box<canonsig::Error>),
    /// Options that do not go together.
    Misuse(Misuse),
    /// Creating or writing a named file failed (or it exists and --force was not given).
    WriteFile { path: String, source: io::Error },
    /// The system random number generator failed (`--nonce random`).
    Random(String),
    /// `--hex` input that is not hexadecimal text.
    NotHex { name: InputName, problem: HexProblem },
}

impl CliError {
    /// True when stdout was closed by the reader (`| head`): not worth a message.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl CliError {
    /// Core refused something that is neither the payload nor a key. (Core's errors are
    /// boxed: they are large, and every `Result` here carries a `CliError`.)
    pub(crate) fn core(error: canonsig::Error) -> Self {
        CliError::Core(Box::new(error))
    }

    /// Core refused the input from `origin`.
    pub(crate) fn canon(origin: Origin, error: canonsig::Error) -> Self {
        CliError::Canon {
            origin,
            error: Box::new(error),
        }
    }
}

impl From<Misuse> for CliError {
    fn from(misuse: Misuse) -> Self {
        CliError::Misuse(misuse)
    }
}
