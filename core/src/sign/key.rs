//! Keys: one opaque type for every algorithm, with the algorithm fixed at creation.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};

use super::der;
use super::encoding::Encoding;
use super::pem;
use super::secret::Secret;
use super::Algorithm;
use crate::error::{Error, ErrorCode};

/// A signing or verification key. The algorithm is part of the key and cannot be
/// chosen by a message; secret material is wiped on drop and never shown by
/// `Debug`, `Display` or any error.
///
/// ```
/// use canonsig::sign::{Algorithm, Key};
/// let key = Key::generate(Algorithm::Ed25519)?;
/// let sig = key.sign(b"hello")?;
/// key.public_key()?.verify(b"hello", &sig)?;
/// assert!(format!("{key:?}").contains("ed25519"));
/// # Ok::<(), canonsig::Error>(())
/// ```
pub struct Key {
    algorithm: Algorithm,
    key_id: String,
    material: Material,
}

enum Material {
    /// The ring key plus the secret itself, kept only for export.
    Hmac(ring::hmac::Key, Secret),
    Ed25519(Ed25519KeyPair, Secret),
    Ecdsa(EcdsaKeyPair, Secret),
    Rsa(RsaKeyPair, Secret),
    /// A public key: Ed25519 32 bytes, an uncompressed EC point, or a DER RSAPublicKey.
    Public(Vec<u8>),
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidKey, message)
}

fn ring_rejected(what: &str) -> impl FnOnce(ring::error::KeyRejected) -> Error + '_ {
    move |e| invalid(format!("{what} was rejected: {e}"))
}

fn hmac_algorithm(alg: Algorithm) -> Option<ring::hmac::Algorithm> {
    match alg {
        Algorithm::HmacSha256 => Some(ring::hmac::HMAC_SHA256),
        Algorithm::HmacSha384 => Some(ring::hmac::HMAC_SHA384),
        Algorithm::HmacSha512 => Some(ring::hmac::HMAC_SHA512),
        _ => None,
    }
}

fn ecdsa_signing(alg: Algorithm) -> Option<&'static sig::EcdsaSigningAlgorithm> {
    match alg {
        Algorithm::EcdsaP256Sha256 => Some(&sig::ECDSA_P256_SHA256_FIXED_SIGNING),
        Algorithm::EcdsaP384Sha384 => Some(&sig::ECDSA_P384_SHA384_FIXED_SIGNING),
        _ => None,
    }
}

fn curve_oid(alg: Algorithm) -> Option<&'static [u8]> {
    match alg {
        Algorithm::EcdsaP256Sha256 => Some(der::OID_P256),
        Algorithm::EcdsaP384Sha384 => Some(der::OID_P384),
        _ => None,
    }
}

fn is_rsa(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256)
}

impl Key {
    /// An HMAC key from the raw secret bytes. An empty secret is refused.
    pub fn hmac(algorithm: Algorithm, secret: &[u8]) -> Result<Key, Error> {
        let ring_alg = hmac_algorithm(algorithm).ok_or_else(|| {
            invalid(format!(
                "{algorithm} is not an HMAC algorithm; a shared secret cannot be used with it"
            ))
        })?;
        if secret.is_empty() {
            return Err(invalid("the HMAC secret is empty"));
        }
        Ok(Key {
            algorithm,
            key_id: String::new(),
            material: Material::Hmac(ring::hmac::Key::new(ring_alg, secret), Secret::new(secret.to_vec())),
        })
    }

    /// An HMAC key from a secret written as text (base64url, base64 or hex).
    pub fn hmac_from_text(algorithm: Algorithm, secret: &str, encoding: Encoding) -> Result<Key, Error> {
        let bytes = Secret::new(
            encoding
                .decode(secret, "secret")
                .map_err(|_| invalid(format!("the secret is not valid {encoding}")))?,
        );
        Key::hmac(algorithm, bytes.expose())
    }

    /// A new random key. HMAC secrets are as long as the hash output; RSA keys are 2048 bits.
    pub fn generate(algorithm: Algorithm) -> Result<Key, Error> {
        let rng = SystemRandom::new();
        let unavailable = |_| invalid("the system random number generator failed");
        match algorithm {
            Algorithm::HmacSha256 | Algorithm::HmacSha384 | Algorithm::HmacSha512 => {
                let len = algorithm.fixed_signature_len().unwrap_or(32);
                let mut secret = Secret::new(vec![0u8; len]);
                rng.fill(secret.expose_mut()).map_err(unavailable)?;
                Key::hmac(algorithm, secret.expose())
            }
            Algorithm::Ed25519 => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).map_err(unavailable)?;
                Key::from_pkcs8(Some(algorithm), pkcs8.as_ref())
            }
            Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384 => {
                let signing = ecdsa_signing(algorithm).ok_or_else(|| invalid("not ECDSA"))?;
                let pkcs8 = EcdsaKeyPair::generate_pkcs8(signing, &rng).map_err(unavailable)?;
                Key::from_pkcs8(Some(algorithm), pkcs8.as_ref())
            }
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => {
                let pkcs8 = super::rsa_gen::generate_pkcs8(2048)?;
                Key::from_pkcs8(Some(algorithm), pkcs8.expose())
            }
        }
    }

    /// A key from PEM: `PRIVATE KEY` (PKCS#8), `PUBLIC KEY` (SPKI) or `RSA PRIVATE KEY` (PKCS#1).
    ///
    /// Ed25519 and ECDSA keys name their algorithm; RSA keys serve two algorithms, so
    /// `algorithm` is required for them. When given for any key, it must match.
    pub fn from_pem(pem_text: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let (label, der_bytes) = pem::decode(pem_text)?;
        let der_bytes = Secret::new(der_bytes);
        match label.as_str() {
            "PRIVATE KEY" => Key::from_pkcs8(algorithm, der_bytes.expose()),
            "PUBLIC KEY" => Key::from_spki(algorithm, der_bytes.expose()),
            "RSA PRIVATE KEY" => {
                let alg = require_rsa(algorithm)?;
                let pair = rsa_from_der(der_bytes.expose())?;
                let pkcs8 = der::build_pkcs8(der::OID_RSA, None, der_bytes.expose());
                Ok(Key::new(alg, Material::Rsa(pair, Secret::new(pkcs8))))
            }
            "RSA PUBLIC KEY" => Key::from_public_bytes(require_rsa(algorithm)?, der_bytes.expose()),
            "EC PRIVATE KEY" => {
                // SEC1 ECPrivateKey names its curve in [0]; wrap it as PKCS#8.
                let (ec, _) = der::expect(der_bytes.expose(), der::SEQUENCE, "ECPrivateKey")?;
                let mut rest = ec;
                let mut curve = None;
                while !rest.is_empty() {
                    let (tag, contents, next) = der::read(rest)?;
                    if tag == 0xa0 {
                        curve = Some(der::expect(contents, der::OID, "named curve")?.0);
                    }
                    rest = next;
                }
                let curve = curve.ok_or_else(|| invalid("the EC private key does not name its curve"))?;
                let pkcs8 = Secret::new(der::build_pkcs8(der::OID_EC, Some(curve), der_bytes.expose()));
                Key::from_pkcs8(algorithm, pkcs8.expose())
            }
            "ENCRYPTED PRIVATE KEY" => Err(invalid(
                "encrypted private keys are not supported; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)",
            )),
            other => Err(invalid(format!(
                "unsupported PEM label {other:?}; expected PRIVATE KEY or PUBLIC KEY"
            ))),
        }
    }

    /// A private key from PKCS#8 DER.
    pub fn from_pkcs8(algorithm: Option<Algorithm>, pkcs8: &[u8]) -> Result<Key, Error> {
        let id = der::pkcs8_algorithm(pkcs8)?;
        let secret = Secret::new(pkcs8.to_vec());
        if id.oid == der::OID_ED25519 {
            let alg = check_named(algorithm, Algorithm::Ed25519)?;
            let pair =
                Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8).map_err(ring_rejected("the Ed25519 private key"))?;
            // Keep the RFC 8410 v1 form (seed only) for export: ring generates v2 documents,
            // which OpenSSL 3.0 and Python's cryptography refuse to read.
            let seed = der::pkcs8_private_key(pkcs8)?;
            let v1 = Secret::new(der::build_pkcs8(der::OID_ED25519, None, seed));
            return Ok(Key::new(alg, Material::Ed25519(pair, v1)));
        }
        if id.oid == der::OID_EC {
            let alg = ec_algorithm(algorithm, id.curve)?;
            let signing = ecdsa_signing(alg).ok_or_else(|| invalid("not ECDSA"))?;
            let pair = EcdsaKeyPair::from_pkcs8(signing, pkcs8, &SystemRandom::new())
                .map_err(ring_rejected("the ECDSA private key"))?;
            return Ok(Key::new(alg, Material::Ecdsa(pair, secret)));
        }
        if id.oid == der::OID_RSA {
            let alg = require_rsa(algorithm)?;
            let pair = rsa_from_der(der::pkcs8_private_key(pkcs8)?)?;
            return Ok(Key::new(alg, Material::Rsa(pair, secret)));
        }
        if id.oid == der::OID_RSA_PSS {
            // A PSS-restricted key: only rsa-pss-sha512 may use it. ring reads the inner
            // RSAPrivateKey; keep it re-wrapped as rsaEncryption for export.
            let alg = check_named(algorithm, Algorithm::RsaPssSha512)?;
            let inner = der::pkcs8_private_key(pkcs8)?;
            let pair = rsa_from_der(inner)?;
            let rewrapped = Secret::new(der::build_pkcs8(der::OID_RSA, None, inner));
            return Ok(Key::new(alg, Material::Rsa(pair, rewrapped)));
        }
        Err(invalid(
            "unsupported private key type (expected Ed25519, ECDSA P-256/P-384 or RSA)",
        ))
    }

    /// A public key from SubjectPublicKeyInfo DER.
    pub fn from_spki(algorithm: Option<Algorithm>, spki: &[u8]) -> Result<Key, Error> {
        let (id, key) = der::parse_spki(spki)?;
        let alg = if id.oid == der::OID_ED25519 {
            check_named(algorithm, Algorithm::Ed25519)?
        } else if id.oid == der::OID_EC {
            ec_algorithm(algorithm, id.curve)?
        } else if id.oid == der::OID_RSA_PSS {
            check_named(algorithm, Algorithm::RsaPssSha512)?
        } else if id.oid == der::OID_RSA {
            require_rsa(algorithm)?
        } else {
            return Err(invalid(
                "unsupported public key type (expected Ed25519, ECDSA P-256/P-384 or RSA)",
            ));
        };
        Key::from_public_bytes(alg, key)
    }

    /// A public key from its raw form: 32 bytes for Ed25519, an uncompressed point
    /// (`04 || x || y`) for ECDSA, a DER `RSAPublicKey` for RSA.
    pub fn from_public_bytes(algorithm: Algorithm, bytes: &[u8]) -> Result<Key, Error> {
        let ok = match algorithm {
            Algorithm::Ed25519 => bytes.len() == 32,
            Algorithm::EcdsaP256Sha256 => bytes.len() == 65 && bytes[0] == 4,
            Algorithm::EcdsaP384Sha384 => bytes.len() == 97 && bytes[0] == 4,
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => {
                der::integers(bytes).is_ok_and(|ints| ints.len() == 2 && ints[0].len() >= 256)
            }
            _ => {
                return Err(invalid(format!(
                    "{algorithm} has no public key; HMAC keys are shared secrets"
                )))
            }
        };
        if !ok {
            let expected = match algorithm {
                Algorithm::Ed25519 => "32 bytes",
                Algorithm::EcdsaP256Sha256 => "an uncompressed P-256 point (65 bytes starting with 04)",
                Algorithm::EcdsaP384Sha384 => "an uncompressed P-384 point (97 bytes starting with 04)",
                _ => "a DER RSAPublicKey of at least 2048 bits",
            };
            return Err(invalid(format!(
                "a {algorithm} public key must be {expected}; got {} bytes",
                bytes.len()
            )));
        }
        Ok(Key::new(algorithm, Material::Public(bytes.to_vec())))
    }

    fn new(algorithm: Algorithm, material: Material) -> Key {
        let mut key = Key {
            algorithm,
            key_id: String::new(),
            material,
        };
        key.key_id = key.thumbprint().unwrap_or_default();
        key
    }

    /// Sets the key id (the `keyid` a verifier selects the key by).
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> Key {
        self.key_id = key_id.into();
        self
    }

    /// The key id. Asymmetric keys default to their RFC 7638 JWK thumbprint; HMAC keys
    /// to the empty string (give them an id with [`Key::with_key_id`]).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The algorithm this key is for.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// True when the key can sign (a private key or an HMAC secret).
    pub fn can_sign(&self) -> bool {
        !matches!(self.material, Material::Public(_))
    }

    /// The public half, with the same key id. HMAC keys have none: an error says so.
    pub fn public_key(&self) -> Result<Key, Error> {
        let bytes = self.public_bytes()?;
        Ok(Key {
            algorithm: self.algorithm,
            key_id: self.key_id.clone(),
            material: Material::Public(bytes),
        })
    }

    /// What a verifier needs of this key, as a new key with the same id: the public half
    /// of an asymmetric key, the same shared secret for an HMAC key. Key rings
    /// ([`super::Verifier`]) own their keys; this is how a caller keeps its own.
    pub fn verifying_key(&self) -> Result<Key, Error> {
        match &self.material {
            Material::Hmac(key, secret) => Ok(Key {
                algorithm: self.algorithm,
                key_id: self.key_id.clone(),
                material: Material::Hmac(key.clone(), secret.clone()),
            }),
            _ => self.public_key(),
        }
    }

    /// The raw public key (see [`Key::from_public_bytes`] for the forms).
    pub fn public_bytes(&self) -> Result<Vec<u8>, Error> {
        match &self.material {
            Material::Hmac(..) => Err(invalid("HMAC keys are shared secrets and have no public part")),
            Material::Ed25519(pair, _) => Ok(pair.public_key().as_ref().to_vec()),
            Material::Ecdsa(pair, _) => Ok(pair.public_key().as_ref().to_vec()),
            Material::Rsa(pair, _) => Ok(pair.public().as_ref().to_vec()),
            Material::Public(bytes) => Ok(bytes.clone()),
        }
    }

    /// The public key as SubjectPublicKeyInfo DER.
    pub fn public_spki(&self) -> Result<Vec<u8>, Error> {
        let key = self.public_bytes()?;
        Ok(match self.algorithm {
            Algorithm::Ed25519 => der::build_spki(der::OID_ED25519, None, &key),
            Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384 => {
                der::build_spki(der::OID_EC, curve_oid(self.algorithm), &key)
            }
            _ => der::build_spki(der::OID_RSA, None, &key),
        })
    }

    /// The public key as a `PUBLIC KEY` PEM.
    pub fn public_pem(&self) -> Result<String, Error> {
        Ok(pem::encode("PUBLIC KEY", &self.public_spki()?))
    }

    /// Exports the private key as a PKCS#8 `PRIVATE KEY` PEM. This output is secret.
    pub fn export_private_pem(&self) -> Result<String, Error> {
        match &self.material {
            Material::Ed25519(_, p8) | Material::Ecdsa(_, p8) | Material::Rsa(_, p8) => {
                Ok(pem::encode("PRIVATE KEY", p8.expose()))
            }
            Material::Hmac(..) => Err(invalid("HMAC keys have no PEM form; use export_secret")),
            Material::Public(_) => Err(invalid("this is a public key; there is no private key to export")),
        }
    }

    /// Exports an HMAC secret as text. This output is secret.
    pub fn export_secret(&self, encoding: Encoding) -> Result<String, Error> {
        match &self.material {
            Material::Hmac(_, secret) => Ok(encoding.encode(secret.expose())),
            _ => Err(invalid("only HMAC keys have a shared secret; use export_private_pem")),
        }
    }

    pub(crate) fn private_pkcs8(&self) -> Option<&[u8]> {
        match &self.material {
            Material::Ed25519(_, p8) | Material::Ecdsa(_, p8) | Material::Rsa(_, p8) => Some(p8.expose()),
            _ => None,
        }
    }

    pub(crate) fn hmac_secret(&self) -> Option<&[u8]> {
        match &self.material {
            Material::Hmac(_, secret) => Some(secret.expose()),
            _ => None,
        }
    }

    /// Signs `message`. ECDSA signatures are raw `r||s`, as RFC 9421 wants.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        let failed = |_| Error::new(ErrorCode::InvalidKey, format!("{} signing failed", self.algorithm));
        match &self.material {
            Material::Hmac(key, _) => Ok(ring::hmac::sign(key, message).as_ref().to_vec()),
            Material::Ed25519(pair, _) => Ok(pair.sign(message).as_ref().to_vec()),
            Material::Ecdsa(pair, _) => Ok(pair.sign(&rng, message).map_err(failed)?.as_ref().to_vec()),
            Material::Rsa(pair, _) => {
                let padding: &dyn sig::RsaEncoding = match self.algorithm {
                    Algorithm::RsaPssSha512 => &sig::RSA_PSS_SHA512,
                    _ => &sig::RSA_PKCS1_SHA256,
                };
                let mut out = vec![0u8; pair.public().modulus_len()];
                pair.sign(padding, &rng, message, &mut out).map_err(failed)?;
                Ok(out)
            }
            Material::Public(_) => Err(invalid(format!(
                "this {} key is a public key and cannot sign",
                self.algorithm
            ))),
        }
    }

    /// Verifies `signature` over `message`. HMAC tags are compared in constant time.
    /// ECDSA accepts raw `r||s` and, where a user brings one, DER.
    ///
    /// Errors: `malformed_signature` when the signature cannot be one of this
    /// algorithm's (wrong length, empty), `signature_mismatch` when it does not verify.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.check_signature_shape(signature)?;
        let mismatch = |_| {
            Error::new(
                ErrorCode::SignatureMismatch,
                format!("the {} signature does not match the signed bytes", self.algorithm),
            )
        };
        if let Material::Hmac(key, _) = &self.material {
            return ring::hmac::verify(key, message, signature).map_err(mismatch);
        }
        let public = self.public_bytes()?;
        let der_ecdsa =
            signature.first() == Some(&0x30) && Some(signature.len()) != self.algorithm.fixed_signature_len();
        let verification: &dyn sig::VerificationAlgorithm = match (self.algorithm, der_ecdsa) {
            (Algorithm::Ed25519, _) => &sig::ED25519,
            (Algorithm::EcdsaP256Sha256, false) => &sig::ECDSA_P256_SHA256_FIXED,
            (Algorithm::EcdsaP256Sha256, true) => &sig::ECDSA_P256_SHA256_ASN1,
            (Algorithm::EcdsaP384Sha384, false) => &sig::ECDSA_P384_SHA384_FIXED,
            (Algorithm::EcdsaP384Sha384, true) => &sig::ECDSA_P384_SHA384_ASN1,
            (Algorithm::RsaPssSha512, _) => &sig::RSA_PSS_2048_8192_SHA512,
            _ => &sig::RSA_PKCS1_2048_8192_SHA256,
        };
        sig::UnparsedPublicKey::new(verification, &public)
            .verify(message, signature)
            .map_err(mismatch)
    }

    fn check_signature_shape(&self, signature: &[u8]) -> Result<(), Error> {
        let malformed = |detail: String| {
            Error::new(
                ErrorCode::MalformedSignature,
                format!("not a {} signature: {detail}", self.algorithm),
            )
        };
        if signature.is_empty() {
            return Err(malformed("it is empty".into()));
        }
        let is_ecdsa = matches!(self.algorithm, Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384);
        match self.algorithm.fixed_signature_len() {
            Some(len) if signature.len() != len && !(is_ecdsa && is_der_sequence_of_two_integers(signature)) => {
                Err(malformed(format!("it is {} bytes, expected {len}", signature.len())))
            }
            // Only RSA has no fixed length: its signatures are as long as the modulus.
            None => {
                let modulus = match &self.material {
                    Material::Rsa(pair, _) => pair.public().modulus_len(),
                    Material::Public(bytes) => der::integers(bytes).map(|i| i[0].len()).unwrap_or(0),
                    _ => 0,
                };
                if signature.len() != modulus {
                    return Err(malformed(format!(
                        "it is {} bytes, expected {modulus} (the key's modulus)",
                        signature.len()
                    )));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The RFC 7638 JWK thumbprint (base64url SHA-256) of the public key.
    pub fn thumbprint(&self) -> Result<String, Error> {
        let json = super::jwk::thumbprint_input(self)?;
        let digest = ring::digest::digest(&ring::digest::SHA256, json.as_bytes());
        Ok(Encoding::Base64Url.encode(digest.as_ref()))
    }
}

/// Loads a PKCS#1 RSAPrivateKey, explaining ring's refusal of unbalanced primes.
fn rsa_from_der(der_bytes: &[u8]) -> Result<RsaKeyPair, Error> {
    RsaKeyPair::from_der(der_bytes).map_err(|e| {
        let bits = |b: &[u8]| b.len() * 8 - b.first().map_or(8, |x| x.leading_zeros() as usize);
        match der::integers(der_bytes) {
            Ok(ints) if ints.len() >= 6 && bits(ints[4]) != bits(ints[5]) => invalid(format!(
                "the RSA private key has primes of {} and {} bits; canonsig signs with ring, which requires equal-size primes (the RFC 9421 B.1.1 test key is such a key); its public key still verifies",
                bits(ints[4]),
                bits(ints[5])
            )),
            _ => invalid(format!("the RSA private key was rejected: {e}")),
        }
    })
}

fn check_named(given: Option<Algorithm>, named: Algorithm) -> Result<Algorithm, Error> {
    match given {
        Some(a) if a != named => Err(Error::new(
            ErrorCode::AlgorithmMismatch,
            format!("the key is a {named} key, not {a}"),
        )
        .while_loading_key()),
        _ => Ok(named),
    }
}

fn ec_algorithm(given: Option<Algorithm>, curve: Option<&[u8]>) -> Result<Algorithm, Error> {
    let named = match curve {
        Some(c) if c == der::OID_P256 => Algorithm::EcdsaP256Sha256,
        Some(c) if c == der::OID_P384 => Algorithm::EcdsaP384Sha384,
        _ => return Err(invalid("unsupported elliptic curve (expected P-256 or P-384)")),
    };
    check_named(given, named)
}

fn require_rsa(given: Option<Algorithm>) -> Result<Algorithm, Error> {
    match given {
        Some(a) if is_rsa(a) => Ok(a),
        Some(a) => {
            Err(Error::new(ErrorCode::AlgorithmMismatch, format!("the key is an RSA key, not {a}")).while_loading_key())
        }
        None => Err(invalid(
            "RSA keys serve two algorithms; say which: rsa-pss-sha512 or rsa-v1_5-sha256",
        )),
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.material {
            Material::Hmac(..) => "secret",
            Material::Public(_) => "public",
            _ => "private",
        };
        f.debug_struct("Key")
            .field("algorithm", &self.algorithm.name())
            .field("key_id", &self.key_id)
            .field("kind", &kind)
            .finish()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} key {:?}", self.algorithm, self.key_id)
    }
}

/// True for a DER ECDSA signature's shape: one SEQUENCE spanning the input, of two INTEGERs.
/// A leading 0x30 alone is not enough: one raw `r||s` signature in 256 starts with it, and
/// a truncated one must stay `malformed_signature`.
fn is_der_sequence_of_two_integers(signature: &[u8]) -> bool {
    der::expect(signature, der::SEQUENCE, "ECDSA signature").is_ok_and(|(_, rest)| rest.is_empty())
        && der::integers(signature).is_ok_and(|integers| integers.len() == 2)
}
