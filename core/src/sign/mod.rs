//! Signing and verification: keys, algorithms, signed JSON payloads and a
//! verification policy that is hard to misuse.
//!
//! ```
//! use canonsig::sign::{sign_json, Algorithm, Key, SignOptions, Verifier};
//!
//! let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?.with_key_id("k1");
//! let client_body = br#"{"amount": 10.0, "currency": "EUR"}"#;
//! let signature = sign_json(client_body, &key, &SignOptions::default())?;
//!
//! // The server parsed and re-serialized the body: same value, other bytes. Still verifies.
//! let server_body = br#"{"currency":"EUR","amount":10}"#;
//! let verifier = Verifier::new(vec![key]);
//! verifier.verify_json(server_body, &signature)?;
//!
//! // A changed value does not, and the error carries the bytes the verifier signed.
//! let err = verifier.verify_json(br#"{"currency":"EUR","amount":11}"#, &signature).unwrap_err();
//! assert_eq!(err.code().as_str(), "signature_mismatch");
//! assert_eq!(err.signed_bytes(), Some(&br#"{"amount":11,"currency":"EUR"}"#[..]));
//! # Ok::<(), canonsig::Error>(())
//! ```

mod algorithm;
mod der;
pub(crate) mod encoding;
mod json;
mod jwk;
mod key;
mod pem;
#[cfg(feature = "redis")]
mod redis_store;
mod rsa_gen;
pub(crate) mod secret;
mod trace;
mod verifier;

pub use crate::time::{Clock, SystemClock};
pub use algorithm::Algorithm;
pub use encoding::Encoding;
pub use json::{sign_json, sign_json_traced, signing_bytes, verify_json, SignOptions, Signature};
pub use key::Key;
#[cfg(feature = "redis")]
pub use redis_store::RedisNonceStore;
pub use trace::{Operation, SigningTrace};
pub use verifier::{MemoryNonceStore, NonceStore, Verified, Verifier};

use crate::error::Error;

impl Key {
    /// A key from a JWK (RFC 7517). HMAC and RSA JWKs without an `alg` member need
    /// `algorithm`; when both are given they must agree. `kid` becomes the key id.
    pub fn from_jwk(jwk: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        jwk::from_jwk(jwk, algorithm)
    }

    /// The public key as a JWK with `alg` and `kid`.
    pub fn public_jwk(&self) -> Result<String, Error> {
        jwk::public_jwk(self)
    }

    /// Exports the whole key (private part included) as a JWK. This output is secret.
    pub fn export_private_jwk(&self) -> Result<String, Error> {
        jwk::private_jwk(self)
    }
}
