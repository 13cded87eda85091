use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorCode};

/// A signature algorithm: one value per parameter combination, named as RFC 9421 names it.
///
/// The algorithm belongs to the key, never to the message: a signature that claims
/// another algorithm than its key's is rejected, so no downgrade and no HMAC keyed
/// with a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256 (`hmac-sha256`, RFC 9421 §3.3.3).
    HmacSha256,
    /// HMAC with SHA-384 (`hmac-sha384`).
    HmacSha384,
    /// HMAC with SHA-512 (`hmac-sha512`).
    HmacSha512,
    /// Ed25519 (`ed25519`, RFC 8032; RFC 9421 §3.3.6).
    Ed25519,
    /// ECDSA on P-256 with SHA-256, raw `r||s` signatures (`ecdsa-p256-sha256`, RFC 9421 §3.3.4).
    EcdsaP256Sha256,
    /// ECDSA on P-384 with SHA-384, raw `r||s` signatures (`ecdsa-p384-sha384`, RFC 9421 §3.3.5).
    EcdsaP384Sha384,
    /// RSASSA-PSS with SHA-512, salt length 64 (`rsa-pss-sha512`, RFC 9421 §3.3.1).
    RsaPssSha512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`rsa-v1_5-sha256`, RFC 9421 §3.3.2).
    #[cfg_attr(feature = "typescript", ts(rename = "rsa-v1_5-sha256"))]
    RsaV15Sha256,
}

impl Algorithm {
    /// Every algorithm.
    pub const ALL: [Algorithm; 8] = [
        Algorithm::HmacSha256,
        Algorithm::HmacSha384,
        Algorithm::HmacSha512,
        Algorithm::Ed25519,
        Algorithm::EcdsaP256Sha256,
        Algorithm::EcdsaP384Sha384,
        Algorithm::RsaPssSha512,
        Algorithm::RsaV15Sha256,
    ];

    /// The RFC 9421 name (`hmac-sha256`, `ed25519`, ...), shared by every frontend.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "hmac-sha256",
            Algorithm::HmacSha384 => "hmac-sha384",
            Algorithm::HmacSha512 => "hmac-sha512",
            Algorithm::Ed25519 => "ed25519",
            Algorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            Algorithm::EcdsaP384Sha384 => "ecdsa-p384-sha384",
            Algorithm::RsaPssSha512 => "rsa-pss-sha512",
            Algorithm::RsaV15Sha256 => "rsa-v1_5-sha256",
        }
    }

    /// True for the symmetric (shared-secret) algorithms.
    pub fn is_hmac(self) -> bool {
        matches!(
            self,
            Algorithm::HmacSha256 | Algorithm::HmacSha384 | Algorithm::HmacSha512
        )
    }

    /// The JOSE `alg` name (RFC 7518), used in JWKs.
    pub fn jose_name(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "HS256",
            Algorithm::HmacSha384 => "HS384",
            Algorithm::HmacSha512 => "HS512",
            Algorithm::Ed25519 => "EdDSA",
            Algorithm::EcdsaP256Sha256 => "ES256",
            Algorithm::EcdsaP384Sha384 => "ES384",
            Algorithm::RsaPssSha512 => "PS512",
            Algorithm::RsaV15Sha256 => "RS256",
        }
    }

    /// Parses a JOSE `alg` name.
    pub(crate) fn from_jose(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.jose_name() == name)
    }

    /// Length of the signature in bytes, when fixed (HMAC, Ed25519, ECDSA raw).
    pub(crate) fn fixed_signature_len(self) -> Option<usize> {
        match self {
            Algorithm::HmacSha256 => Some(32),
            Algorithm::HmacSha384 => Some(48),
            Algorithm::HmacSha512 => Some(64),
            Algorithm::Ed25519 => Some(64),
            Algorithm::EcdsaP256Sha256 => Some(64),
            Algorithm::EcdsaP384Sha384 => Some(96),
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Algorithm::ALL.into_iter().find(|a| a.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
            Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("unknown algorithm {s:?}; expected one of {}", names.join(", ")),
            )
        })
    }
}
