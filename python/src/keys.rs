//! The key classes: `canonsig.Key` and its subclasses `HmacKey`, `Ed25519Key`,
//! `EcdsaKey` and `RsaKey`, each holding one [`canonsig::sign::Key`].
//!
//! The constructors are class methods of `Key`, so `Key.from_pem(pem)` returns an
//! instance of whichever subclass fits the key, and `Ed25519Key.from_pem(pem)` refuses a
//! key of another family with `InvalidKeyError`. Which class wraps which algorithms (and
//! the default algorithm of each class) is this binding's only table.

use std::ops::Deref;

use canonsig::sign::{Algorithm, Encoding, Key};
use canonsig::{Error, ErrorCode};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyString, PyType};
use pyo3::PyClassInitializer;
use zeroize::Zeroizing;

use crate::errors::to_py_err;
use crate::text::binary;
use crate::{json_loads, run, DETACH_THRESHOLD};

/// A Python class of keys, and the algorithms it holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Hmac,
    Ed25519,
    Ecdsa,
    Rsa,
}

impl Family {
    /// `None` for an algorithm added to the core after this binding: such a key is a
    /// plain `Key`.
    fn of(algorithm: Algorithm) -> Option<Family> {
        match algorithm {
            Algorithm::HmacSha256 | Algorithm::HmacSha384 | Algorithm::HmacSha512 => Some(Family::Hmac),
            Algorithm::Ed25519 => Some(Family::Ed25519),
            Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384 => Some(Family::Ecdsa),
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => Some(Family::Rsa),
            _ => None,
        }
    }

    fn class_name(self) -> &'static str {
        match self {
            Family::Hmac => "HmacKey",
            Family::Ed25519 => "Ed25519Key",
            Family::Ecdsa => "EcdsaKey",
            Family::Rsa => "RsaKey",
        }
    }

    /// What `generate()` and `from_public_bytes()` use when no algorithm is named.
    fn default_algorithm(self) -> Algorithm {
        match self {
            Family::Hmac => Algorithm::HmacSha256,
            Family::Ed25519 => Algorithm::Ed25519,
            Family::Ecdsa => Algorithm::EcdsaP256Sha256,
            Family::Rsa => Algorithm::RsaPssSha512,
        }
    }

    /// The family of a key class; `None` for `Key` itself (any family).
    fn of_class(cls: &Bound<'_, PyType>) -> Option<Family> {
        let py = cls.py();
        [
            (py.get_type::<HmacKey>(), Family::Hmac),
            (py.get_type::<Ed25519Key>(), Family::Ed25519),
            (py.get_type::<EcdsaKey>(), Family::Ecdsa),
            (py.get_type::<RsaKey>(), Family::Rsa),
        ]
        .into_iter()
        .find(|(class, _)| cls.is(class))
        .map(|(_, family)| family)
    }
}

/// A signing or verification key. Build one with a class method (`from_pem`,
/// `from_jwk`, `generate`, `from_public_bytes`) or `HmacKey(secret)`.
///
/// The algorithm belongs to the key and is fixed when it is built. Secret material
/// never appears in `repr`, `str`, errors or traces; export it explicitly with
/// `export_private_pem`, `export_private_jwk` or `HmacKey.export_secret`.
#[pyclass(subclass, frozen, module = "canonsig", name = "Key")]
pub(crate) struct PyKey {
    pub(crate) key: Key,
}

/// An HMAC key (`hmac-sha256`, `hmac-sha384`, `hmac-sha512`): a shared secret.
#[pyclass(extends = PyKey, frozen, module = "canonsig", name = "HmacKey")]
pub(crate) struct HmacKey;

/// An Ed25519 key (`ed25519`), private or public.
#[pyclass(extends = PyKey, frozen, module = "canonsig", name = "Ed25519Key")]
pub(crate) struct Ed25519Key;

/// An ECDSA key on P-256 or P-384 (`ecdsa-p256-sha256`, `ecdsa-p384-sha384`), private
/// or public. Signatures are raw `r||s`, as RFC 9421 wants.
#[pyclass(extends = PyKey, frozen, module = "canonsig", name = "EcdsaKey")]
pub(crate) struct EcdsaKey;

/// An RSA key (`rsa-pss-sha512` or `rsa-v1_5-sha256`), private or public.
#[pyclass(extends = PyKey, frozen, module = "canonsig", name = "RsaKey")]
pub(crate) struct RsaKey;

/// Wraps a core key in the class of its family.
pub(crate) fn wrap(py: Python<'_>, key: Key) -> PyResult<Bound<'_, PyKey>> {
    let family = Family::of(key.algorithm());
    let base = PyClassInitializer::from(PyKey { key });
    Ok(match family {
        Some(Family::Hmac) => Bound::new(py, base.add_subclass(HmacKey))?.into_super(),
        Some(Family::Ed25519) => Bound::new(py, base.add_subclass(Ed25519Key))?.into_super(),
        Some(Family::Ecdsa) => Bound::new(py, base.add_subclass(EcdsaKey))?.into_super(),
        Some(Family::Rsa) => Bound::new(py, base.add_subclass(RsaKey))?.into_super(),
        None => Bound::new(py, base)?,
    })
}

fn parse_algorithm(py: Python<'_>, name: Option<&str>) -> PyResult<Option<Algorithm>> {
    name.map(str::parse).transpose().map_err(|e| to_py_err(py, e))
}

/// The named algorithm, else the class's default; `Key` itself has none.
fn algorithm_or_default(cls: &Bound<'_, PyType>, name: Option<&str>, method: &str) -> PyResult<Algorithm> {
    let py = cls.py();
    if let Some(algorithm) = parse_algorithm(py, name)? {
        return Ok(algorithm);
    }
    Family::of_class(cls).map(Family::default_algorithm).ok_or_else(|| {
        let names: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
        to_py_err(
            py,
            Error::new(
                ErrorCode::InvalidKey,
                format!(
                    "Key.{method} needs algorithm= (one of {}), or call it on a key class (Ed25519Key.{method}, ...)",
                    names.join(", ")
                ),
            ),
        )
    })
}

/// Refuses an algorithm outside the class's family (`Key` accepts every family).
fn check_family(cls: &Bound<'_, PyType>, algorithm: Algorithm) -> PyResult<()> {
    let Some(wanted) = Family::of_class(cls) else {
        return Ok(());
    };
    let actual = Family::of(algorithm);
    if actual == Some(wanted) {
        return Ok(());
    }
    let hint = actual.map_or("Key".to_owned(), |f| f.class_name().to_owned());
    Err(to_py_err(
        cls.py(),
        Error::new(
            ErrorCode::InvalidKey,
            format!(
                "{} cannot hold this {algorithm} key; use {hint} (or Key, which picks the class)",
                wanted.class_name()
            ),
        ),
    ))
}

/// Applies the key id and the family check, and wraps the key.
fn finish<'py>(
    cls: &Bound<'py, PyType>,
    loaded: Result<Key, Error>,
    key_id: Option<String>,
) -> PyResult<Bound<'py, PyKey>> {
    let py = cls.py();
    let key = loaded.map_err(|e| to_py_err(py, e))?;
    let key = match key_id {
        Some(id) => key.with_key_id(id),
        None => key,
    };
    check_family(cls, key.algorithm())?;
    wrap(py, key)
}

/// Key text (PEM, JWK) given as `str` or UTF-8 `bytes`, read without a copy.
enum KeyText {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Deref for KeyText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            KeyText::Str(s) => s,
            // Checked to be UTF-8 when built.
            KeyText::Bytes(b) => std::str::from_utf8(b).unwrap_or_default(),
        }
    }
}

impl KeyText {
    fn extract(data: &Bound<'_, PyAny>, what: &str) -> PyResult<KeyText> {
        let py = data.py();
        if let Ok(s) = data.cast::<PyString>() {
            return Ok(KeyText::Str(PyBackedStr::try_from(s.clone())?));
        }
        if let Ok(b) = data.cast::<PyBytes>() {
            let bytes = PyBackedBytes::from(b.clone());
            if std::str::from_utf8(&bytes).is_err() {
                return Err(to_py_err(
                    py,
                    Error::new(ErrorCode::InvalidKey, format!("the {what} is not UTF-8 text")),
                ));
            }
            return Ok(KeyText::Bytes(bytes));
        }
        let type_name = data
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        Err(PyTypeError::new_err(format!(
            "the {what} must be str or bytes, not {type_name}"
        )))
    }
}

/// Whether signing or verifying with this key is worth releasing the GIL for: every
/// asymmetric algorithm (RSA signing takes milliseconds), and HMAC over large inputs.
pub(crate) fn releases_gil(algorithm: Algorithm, len: usize) -> bool {
    !algorithm.is_hmac() || len >= DETACH_THRESHOLD
}

/// A key ring argument: one `Key` or an iterable of them, as verifying copies.
pub(crate) fn key_ring(keys: &Bound<'_, PyAny>) -> PyResult<Vec<Key>> {
    let py = keys.py();
    let copy = |key: &Bound<'_, PyKey>| key.get().key.verifying_key().map_err(|e| to_py_err(py, e));
    if let Ok(key) = keys.cast::<PyKey>() {
        return Ok(vec![copy(key)?]);
    }
    let not_keys = |found: &Bound<'_, PyAny>| {
        let type_name = found
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        PyTypeError::new_err(format!("keys must be a Key or a sequence of Keys, not {type_name}"))
    };
    if keys.cast::<PyString>().is_ok() || keys.cast::<PyBytes>().is_ok() {
        return Err(not_keys(keys));
    }
    let mut ring = Vec::new();
    for item in keys.try_iter().map_err(|_| not_keys(keys))? {
        let item = item?;
        let key = item.cast::<PyKey>().map_err(|_| not_keys(&item))?;
        ring.push(copy(key)?);
    }
    Ok(ring)
}

#[pymethods]
impl PyKey {
    /// Load a key from PEM (`str` or `bytes`): `PRIVATE KEY` (PKCS#8), `PUBLIC KEY` (SPKI),
    /// `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1).
    ///
    /// Ed25519 and ECDSA keys name their algorithm; RSA keys serve two, so `algorithm`
    /// ("rsa-pss-sha512" or "rsa-v1_5-sha256") is required for them unless the key is
    /// an RSASSA-PSS key. When given, it must match the key. `key_id` replaces the
    /// default id (the RFC 7638 thumbprint).
    ///
    /// Raises InvalidKeyError (also for a key of another class's family).
    #[classmethod]
    #[pyo3(signature = (pem, *, algorithm = None, key_id = None))]
    fn from_pem<'py>(
        cls: &Bound<'py, PyType>,
        pem: &Bound<'py, PyAny>,
        algorithm: Option<&str>,
        key_id: Option<String>,
    ) -> PyResult<Bound<'py, PyKey>> {
        let algorithm = parse_algorithm(cls.py(), algorithm)?;
        let pem = KeyText::extract(pem, "PEM")?;
        finish(cls, Key::from_pem(&pem, algorithm), key_id)
    }

    /// Load a key from a JWK (RFC 7517), given as JSON text or a dict.
    ///
    /// HMAC (`oct`) and RSA JWKs without an `alg` member need `algorithm`; when both are
    /// present they must agree. The JWK's `kid` becomes the key id unless `key_id` is given.
    ///
    /// Raises InvalidKeyError.
    #[classmethod]
    #[pyo3(signature = (jwk, *, algorithm = None, key_id = None))]
    fn from_jwk<'py>(
        cls: &Bound<'py, PyType>,
        jwk: &Bound<'py, PyAny>,
        algorithm: Option<&str>,
        key_id: Option<String>,
    ) -> PyResult<Bound<'py, PyKey>> {
        let py = cls.py();
        let algorithm = parse_algorithm(py, algorithm)?;
        let text = if jwk.cast::<PyString>().is_ok() || jwk.cast::<PyBytes>().is_ok() {
            KeyText::extract(jwk, "JWK")?
        } else {
            let dumped = py.import("json")?.call_method1("dumps", (jwk,))?;
            KeyText::extract(&dumped, "JWK")?
        };
        finish(cls, Key::from_jwk(&text, algorithm), key_id)
    }

    /// Generate a new random key. `algorithm` defaults to the class's: "hmac-sha256",
    /// "ed25519", "ecdsa-p256-sha256", "rsa-pss-sha512" (`Key.generate` needs one).
    /// RSA keys are 2048 bits; the GIL is released while generating.
    #[classmethod]
    #[pyo3(signature = (algorithm = None, *, key_id = None))]
    fn generate<'py>(
        cls: &Bound<'py, PyType>,
        algorithm: Option<&str>,
        key_id: Option<String>,
    ) -> PyResult<Bound<'py, PyKey>> {
        let algorithm = algorithm_or_default(cls, algorithm, "generate")?;
        check_family(cls, algorithm)?;
        let generated = run(cls.py(), true, || Key::generate(algorithm));
        finish(cls, generated, key_id)
    }

    /// A public key from its raw form: 32 bytes for Ed25519, an uncompressed point
    /// (`04 || x || y`) for ECDSA, a DER `RSAPublicKey` for RSA. `algorithm` defaults to
    /// the class's ("ecdsa-p256-sha256" for EcdsaKey: name "ecdsa-p384-sha384" for P-384).
    #[classmethod]
    #[pyo3(signature = (data, *, algorithm = None, key_id = None))]
    fn from_public_bytes<'py>(
        cls: &Bound<'py, PyType>,
        data: &Bound<'py, PyAny>,
        algorithm: Option<&str>,
        key_id: Option<String>,
    ) -> PyResult<Bound<'py, PyKey>> {
        let algorithm = algorithm_or_default(cls, algorithm, "from_public_bytes")?;
        check_family(cls, algorithm)?;
        let data = binary(data, "data")?;
        finish(cls, Key::from_public_bytes(algorithm, &data), key_id)
    }

    /// The key id a signature names and a verifier selects the key by. Asymmetric keys
    /// default to their RFC 7638 JWK thumbprint; HMAC keys to "".
    #[getter]
    fn key_id(&self) -> &str {
        self.key.key_id()
    }

    /// The algorithm (RFC 9421 name), fixed when the key was built.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.key.algorithm().name()
    }

    /// True when the key can sign (a private key or an HMAC secret).
    #[getter]
    fn can_sign(&self) -> bool {
        self.key.can_sign()
    }

    /// The public half, with the same key id and class. HMAC keys have none
    /// (InvalidKeyError).
    fn public_key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyKey>> {
        let public = self.key.public_key().map_err(|e| to_py_err(py, e))?;
        wrap(py, public)
    }

    /// The public key as a `PUBLIC KEY` (SPKI) PEM.
    fn public_pem(&self, py: Python<'_>) -> PyResult<String> {
        self.key.public_pem().map_err(|e| to_py_err(py, e))
    }

    /// The public key as a JWK dict, with `alg` and `kid`.
    fn public_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.key.public_jwk().map_err(|e| to_py_err(py, e))?)
    }

    /// The private key as a PKCS#8 `PRIVATE KEY` PEM. The result is secret.
    fn export_private_pem(&self, py: Python<'_>) -> PyResult<String> {
        self.key.export_private_pem().map_err(|e| to_py_err(py, e))
    }

    /// The whole key (private part included) as a JWK dict. The result is secret.
    fn export_private_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let jwk = Zeroizing::new(self.key.export_private_jwk().map_err(|e| to_py_err(py, e))?);
        json_loads(py, &jwk)
    }

    /// The RFC 7638 JWK thumbprint (base64url SHA-256) of the public key.
    fn thumbprint(&self, py: Python<'_>) -> PyResult<String> {
        self.key.thumbprint().map_err(|e| to_py_err(py, e))
    }

    /// Sign raw bytes; returns the signature (ECDSA: raw `r||s`). Most callers want
    /// `canonsig.sign_json`, which signs the canonical form of a JSON payload.
    fn sign<'py>(&self, py: Python<'py>, message: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
        let message = binary(message, "message")?;
        let key = &self.key;
        let detach = releases_gil(key.algorithm(), message.len());
        let signed = run(py, detach, || key.sign(&message)).map_err(|e| to_py_err(py, e))?;
        Ok(PyBytes::new(py, &signed))
    }

    /// Verify a signature over raw bytes; returns None or raises VerificationError
    /// (`malformed_signature` for a signature of the wrong shape, `SignatureMismatch`
    /// when it does not verify). HMAC tags are compared in constant time; ECDSA accepts
    /// raw `r||s` and DER.
    fn verify(&self, py: Python<'_>, message: &Bound<'_, PyAny>, signature: &Bound<'_, PyAny>) -> PyResult<()> {
        let message = binary(message, "message")?;
        let signature = binary(signature, "signature")?;
        let key = &self.key;
        let detach = releases_gil(key.algorithm(), message.len());
        run(py, detach, || key.verify(&message, &signature)).map_err(|e| to_py_err(py, e))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let key = &slf.get().key;
        let kind = if key.algorithm().is_hmac() {
            "secret"
        } else if key.can_sign() {
            "private"
        } else {
            "public"
        };
        Ok(format!(
            "{}(algorithm={}, key_id={}, kind={})",
            slf.get_type().name()?,
            PyString::new(py, key.algorithm().name()).repr()?,
            PyString::new(py, key.key_id()).repr()?,
            PyString::new(py, kind).repr()?,
        ))
    }
}

#[pymethods]
impl HmacKey {
    /// An HMAC key from a shared secret: `bytes`, or a `str` in the named `encoding`
    /// ("base64url", "base64" or "hex"; a `str` secret needs one). An empty secret is
    /// refused.
    #[new]
    #[pyo3(signature = (secret, *, algorithm = "hmac-sha256", key_id = "", encoding = None))]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        algorithm: &str,
        key_id: &str,
        encoding: Option<&str>,
    ) -> PyResult<PyClassInitializer<Self>> {
        let algorithm: Algorithm = algorithm.parse().map_err(|e| to_py_err(py, e))?;
        let key = match (secret.cast::<PyString>(), encoding) {
            (Ok(text), Some(encoding)) => {
                let encoding: Encoding = encoding.parse().map_err(|e| to_py_err(py, e))?;
                let text = PyBackedStr::try_from(text.clone())?;
                Key::hmac_from_text(algorithm, &text, encoding)
            }
            (Ok(_), None) => {
                return Err(PyTypeError::new_err(
                    "a str secret needs encoding=\"base64url\", \"base64\" or \"hex\"; pass bytes for a raw secret",
                ))
            }
            (Err(_), Some(_)) => {
                return Err(PyTypeError::new_err(
                    "encoding applies to a str secret only; a bytes secret is used as it is",
                ))
            }
            (Err(_), None) => Key::hmac(algorithm, &binary(secret, "secret")?),
        }
        .map_err(|e| to_py_err(py, e))?;
        Ok(PyClassInitializer::from(PyKey {
            key: key.with_key_id(key_id),
        })
        .add_subclass(HmacKey))
    }

    /// The shared secret as text ("base64url", "base64" or "hex"). The result is secret.
    #[pyo3(signature = (encoding = "base64url"))]
    fn export_secret(slf: &Bound<'_, Self>, encoding: &str) -> PyResult<String> {
        let py = slf.py();
        let encoding: Encoding = encoding.parse().map_err(|e| to_py_err(py, e))?;
        slf.as_super()
            .get()
            .key
            .export_secret(encoding)
            .map_err(|e| to_py_err(py, e))
    }
}
