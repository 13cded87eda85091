//! Key material: keys (`sign`, `verify`, `http sign|verify`, `explain --signature`) and
//! shared secrets (`aws`, `webhook`), from a file or an environment variable. There is
//! deliberately no way to give either as a command-line value: it would be kept in shell
//! history and shown by `ps` to every user of the machine.
//!
//! What a key file holds is read from its first bytes: `{` is a JWK, `-----BEGIN` a PEM,
//! anything else an HMAC secret (when `--alg` is an HMAC algorithm). Buffers that held
//! key text are wiped when dropped, and no message ever quotes them: messages name only
//! where the key came from ([`KeyOrigin`]).

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use canonsig::sign::{Algorithm, Encoding, Key};
use zeroize::Zeroizing;

use crate::error::{CliError, KeyHint, KeyOrigin, KeyProblem, Misuse};
use crate::report::{Note, Reporter};
use crate::values::{algorithm_parser, secret_encoding_parser, SecretEncoding};

/// Larger files are refused unread: no key file is that big (an RSA 8192 JWK is ~6 KiB).
pub(crate) const MAX_KEY_BYTES: u64 = 1024 * 1024;

/// Where the key(s) come from and how to read them: the one set of key options, flattened
/// into every command that takes keys. A command adds only what is its own: an
/// `ArgGroup` over [`KeyArgs::SOURCES`] when a key is required (`multiple` for a key
/// ring), and the `--key` alias where it always existed (`http`, `explain`; `sign` and
/// `verify` refuse `--key`, which reads like an option that takes the key itself).
#[derive(Debug, clap::Args)]
pub(crate) struct KeyArgs {
    /// Read a key from FILE: a PEM, a JWK, or an HMAC secret with --alg hmac-* (repeat
    /// for a key ring when verifying)
    #[arg(long, value_name = "FILE")]
    key_file: Vec<PathBuf>,

    /// Read a key from the environment variable VAR (the same forms as --key-file)
    #[arg(long, value_name = "VAR")]
    key_env: Vec<String>,

    /// The key's algorithm: required for HMAC secrets and RSA keys; checked against the key otherwise
    #[arg(long, visible_alias = "algorithm", value_name = "ALG", value_parser = algorithm_parser())]
    alg: Option<Algorithm>,

    /// How an HMAC secret file holds the secret [default: base64url]
    #[arg(long, value_name = "ENCODING", value_parser = secret_encoding_parser())]
    secret_encoding: Option<SecretEncoding>,

    /// The key's id, the keyid a signature names (one key only) [default: a JWK's kid; else
    /// the RFC 7638 thumbprint; none for HMAC]
    #[arg(long, value_name = "ID")]
    key_id: Option<String>,
}

/// One key and where it came from (for messages about it).
pub(crate) struct OneKey {
    pub(crate) key: Key,
    pub(crate) origin: KeyOrigin,
}

impl KeyArgs {
    /// The ids of `--key-file` and `--key-env`, for a command's `ArgGroup`.
    pub(crate) const SOURCES: [&'static str; 2] = ["key_file", "key_env"];

    /// Every `--key-file`, then every `--key-env`.
    fn sources(&self) -> Vec<KeySource> {
        let files = self.key_file.iter().map(|p| KeySource::File(p.clone()));
        files
            .chain(self.key_env.iter().map(|v| KeySource::Env(v.clone())))
            .collect()
    }

    fn options(&self) -> KeyOptions {
        KeyOptions {
            algorithm: self.alg,
            secret_encoding: self.secret_encoding,
        }
    }

    /// The single key of a command that signs (or searches) with one; `None` when no key
    /// was given, and a refusal for several.
    pub(crate) fn load_one(&self) -> Result<Option<OneKey>, CliError> {
        let source = match self.sources().as_slice() {
            [] => return Ok(None),
            [source] => source.clone(),
            several => return Err(Misuse::SeveralKeys { keys: several.len() }.into()),
        };
        let loaded = load_noted(&source, self.options())?;
        let key = match &self.key_id {
            Some(id) => loaded.with_key_id(id.as_str()),
            None => loaded,
        };
        Ok(Some(OneKey {
            key,
            origin: source.origin(),
        }))
    }

    /// A key ring from every source: `--key-id` renames the key and then allows one
    /// source only; two keys with one id are refused, as the id must pick one.
    pub(crate) fn load_ring(&self) -> Result<Vec<Key>, CliError> {
        let sources = self.sources();
        if self.key_id.is_some() && sources.len() > 1 {
            return Err(Misuse::KeyIdWithKeyRing.into());
        }
        let mut keys: Vec<Key> = Vec::with_capacity(sources.len());
        for source in &sources {
            let loaded = load_noted(source, self.options())?;
            let key = match &self.key_id {
                Some(id) => loaded.with_key_id(id.as_str()),
                None => loaded,
            };
            if keys.iter().any(|k| k.key_id() == key.key_id()) {
                return Err(Misuse::DuplicateKeyId {
                    key_id: key.key_id().to_string(),
                }
                .into());
            }
            keys.push(key);
        }
        Ok(keys)
    }
}

/// `--secret-env VAR | --secret-file FILE` (exactly one): the shared secret of `aws` (the
/// secret access key) and `webhook` (the signing secret), flattened into both.
#[derive(Debug, clap::Args)]
#[group(id = "secret", required = true, multiple = false)]
pub(crate) struct SecretArgs {
    /// Read the secret from the environment variable VAR
    #[arg(long, value_name = "VAR")]
    secret_env: Option<String>,

    /// Read the secret from FILE (a final newline is not part of it)
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
}

impl SecretArgs {
    /// Where the secret comes from, as messages name it.
    pub(crate) fn origin(&self) -> KeyOrigin {
        match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => KeyOrigin::SecretEnv(var.clone()),
            (None, Some(path)) => KeyOrigin::SecretFile(path.display().to_string()),
            (None, None) => KeyOrigin::SecretEnv(String::new()),
        }
    }

    /// Core refused the secret (or could not use it).
    pub(crate) fn refused(&self, error: canonsig::Error) -> CliError {
        CliError::Key {
            origin: self.origin(),
            error: Box::new(error),
            hint: None,
        }
    }

    /// The secret as text. A file's final `\n` (or `\r\n`) is dropped: editors and `echo`
    /// add one, and no provider's secret ends with a line break.
    pub(crate) fn load(&self) -> Result<Zeroizing<String>, CliError> {
        let origin = self.origin();
        let source = match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => KeySource::Env(var.clone()),
            (None, Some(path)) => KeySource::File(path.clone()),
            (None, None) => unreachable!("clap requires --secret-env or --secret-file"),
        };
        let mut bytes = source.read().map_err(|problem| CliError::KeyRead {
            origin: origin.clone(),
            problem,
        })?;
        if self.secret_file.is_some() {
            let len = bytes.len();
            let cut = if bytes.ends_with(b"\r\n") {
                2
            } else {
                usize::from(bytes.ends_with(b"\n"))
            };
            bytes.truncate(len - cut);
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| CliError::KeyRead {
            origin: origin.clone(),
            problem: KeyProblem::NotText,
        })?;
        if text.is_empty() {
            return Err(CliError::KeyRead {
                origin,
                problem: KeyProblem::Empty,
            });
        }
        Ok(Zeroizing::new(text.to_string()))
    }
}

/// Where to read one key (or secret) from.
#[derive(Clone, Debug)]
pub(crate) enum KeySource {
    File(PathBuf),
    Env(String),
}

impl KeySource {
    pub(crate) fn origin(&self) -> KeyOrigin {
        match self {
            KeySource::File(path) => KeyOrigin::File(path.display().to_string()),
            KeySource::Env(name) => KeyOrigin::Env(name.clone()),
        }
    }

    pub(crate) fn read(&self) -> Result<Zeroizing<Vec<u8>>, KeyProblem> {
        match self {
            KeySource::File(path) => {
                let mut bytes = Zeroizing::new(Vec::new());
                File::open(path)
                    .and_then(|f| f.take(MAX_KEY_BYTES + 1).read_to_end(&mut bytes))
                    .map_err(KeyProblem::Io)?;
                if bytes.len() as u64 > MAX_KEY_BYTES {
                    return Err(KeyProblem::TooLarge { limit: MAX_KEY_BYTES });
                }
                Ok(bytes)
            }
            KeySource::Env(name) => {
                let value = std::env::var_os(name).ok_or(KeyProblem::NotSet)?;
                Ok(Zeroizing::new(os_bytes(value)?))
            }
        }
    }
}

#[cfg(unix)]
fn os_bytes(value: std::ffi::OsString) -> Result<Vec<u8>, KeyProblem> {
    use std::os::unix::ffi::OsStringExt;
    Ok(value.into_vec())
}

#[cfg(not(unix))]
fn os_bytes(value: std::ffi::OsString) -> Result<Vec<u8>, KeyProblem> {
    value
        .into_string()
        .map(String::into_bytes)
        .map_err(|_| KeyProblem::NotText)
}

/// How to read key material, beyond its source.
#[derive(Clone, Copy, Debug, Default)]
struct KeyOptions {
    /// `--alg`: required for secrets and RSA keys; when given, the key must be of it.
    algorithm: Option<Algorithm>,
    /// `--secret-encoding`: how a secret file holds its secret (default base64url).
    secret_encoding: Option<SecretEncoding>,
}

/// What a loaded key brings along: the key, and whether a raw secret ended with a
/// newline (worth a note: `echo secret > file` adds one, and it is part of the key).
struct Loaded {
    key: Key,
    raw_secret_ends_with_newline: bool,
}

/// Reads and parses one key; notes a raw secret that ends with a newline.
fn load_noted(source: &KeySource, options: KeyOptions) -> Result<Key, CliError> {
    let loaded = load(source, options)?;
    if loaded.raw_secret_ends_with_newline {
        Reporter::stderr().note(&Note::RawSecretNewline(&source.origin()));
    }
    Ok(loaded.key)
}

/// Reads and parses one key.
fn load(source: &KeySource, options: KeyOptions) -> Result<Loaded, CliError> {
    let origin = source.origin();
    let bytes = source.read().map_err(|problem| CliError::KeyRead {
        origin: origin.clone(),
        problem,
    })?;
    if options.secret_encoding == Some(SecretEncoding::Raw) {
        let algorithm = options
            .algorithm
            .filter(|a| a.is_hmac())
            .ok_or(Misuse::RawSecretNeedsHmac)?;
        let key = Key::hmac(algorithm, &bytes).map_err(|error| CliError::Key {
            origin,
            error: Box::new(error),
            hint: None,
        })?;
        return Ok(Loaded {
            key,
            raw_secret_ends_with_newline: bytes.ends_with(b"\n"),
        });
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| CliError::KeyRead {
        origin: origin.clone(),
        problem: KeyProblem::NotText,
    })?;
    let (result, hint) = parse_text(text, options);
    let key = result.map_err(|error| CliError::Key {
        origin,
        error: Box::new(error),
        hint,
    })?;
    Ok(Loaded {
        key,
        raw_secret_ends_with_newline: false,
    })
}

/// JWK, PEM or secret text; with the hint to show if it fails.
fn parse_text(text: &str, options: KeyOptions) -> (Result<Key, canonsig::Error>, Option<KeyHint>) {
    let start = text.trim_start();
    if start.starts_with('{') {
        return (Key::from_jwk(text, options.algorithm), None);
    }
    if start.starts_with("-----BEGIN") {
        return (Key::from_pem(text, options.algorithm), None);
    }
    match options.algorithm {
        Some(algorithm) if algorithm.is_hmac() => {
            let encoding = match options.secret_encoding {
                Some(SecretEncoding::Text(encoding)) => encoding,
                _ => Encoding::Base64Url,
            };
            (Key::hmac_from_text(algorithm, text, encoding), None)
        }
        // Let core say what is wrong with it as a PEM; it may be a secret without --alg.
        Some(algorithm) => (Key::from_pem(text, Some(algorithm)), None),
        None => (Key::from_pem(text, None), Some(KeyHint::MaybeSecret)),
    }
}
