//! Keys for `sign` and `verify`, from a file or an environment variable. There is
//! deliberately no way to give a key as a command-line value: it would be kept in shell
//! history and shown by `ps` to every user of the machine.
//!
//! What a key file holds is read from its first bytes: `{` is a JWK, `-----BEGIN` a PEM,
//! anything else an HMAC secret (when `--alg` is an HMAC algorithm). Buffers that held
//! key text are wiped when dropped, and no message ever quotes them.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use canonsig::sign::{Algorithm, Encoding, Key};
use zeroize::Zeroizing;

use crate::error::{CliError, KeyHint, KeyOrigin, KeyProblem, Misuse};
use crate::report::{Note, Reporter};
use crate::values::SecretEncoding;

/// Larger files are refused unread: no key file is that big (an RSA 8192 JWK is ~6 KiB).
pub(crate) const MAX_KEY_BYTES: u64 = 1024 * 1024;

/// Where to read one key from.
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
pub(crate) struct KeyOptions {
    /// `--alg`: required for secrets and RSA keys; when given, the key must be of it.
    pub(crate) algorithm: Option<Algorithm>,
    /// `--secret-encoding`: how a secret file holds its secret (default base64url).
    pub(crate) secret_encoding: Option<SecretEncoding>,
}

/// What a loaded key brings along: the key, and whether a raw secret ended with a
/// newline (worth a note: `echo secret > file` adds one, and it is part of the key).
pub(crate) struct Loaded {
    pub(crate) key: Key,
    pub(crate) raw_secret_ends_with_newline: bool,
}

/// Reads and parses one key.
pub(crate) fn load(source: &KeySource, options: KeyOptions) -> Result<Loaded, CliError> {
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

/// A key ring from every source (each read with `options`): `key_id` renames the key and
/// then allows one source only; two keys with one id are refused, as the id must pick one.
pub(crate) fn load_ring(
    sources: &[KeySource],
    key_id: Option<&str>,
    options: KeyOptions,
) -> Result<Vec<Key>, CliError> {
    if key_id.is_some() && sources.len() > 1 {
        return Err(Misuse::KeyIdWithKeyRing.into());
    }
    let mut keys: Vec<Key> = Vec::with_capacity(sources.len());
    for source in sources {
        let loaded = load(source, options)?;
        if loaded.raw_secret_ends_with_newline {
            Reporter::stderr().note(&Note::RawSecretNewline(&source.origin()));
        }
        let key = match key_id {
            Some(id) => loaded.key.with_key_id(id),
            None => loaded.key,
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
