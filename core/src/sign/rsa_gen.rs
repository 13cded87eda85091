//! RSA key generation: ring signs and verifies RSA but cannot generate keys, so the
//! RustCrypto `rsa` crate makes the key and ring takes over from its PKCS#8.
//! (`rsa` is used for nothing else: no signing or decryption, so its timing issues
//! around private-key operations, RUSTSEC-2023-0071, do not apply.)

use rsa::pkcs8::EncodePrivateKey;

use super::secret::Secret;
use crate::error::{Error, ErrorCode};

pub(crate) fn generate_pkcs8(bits: usize) -> Result<Secret, Error> {
    let failed = |what: String| Error::new(ErrorCode::InvalidKey, format!("RSA key generation failed: {what}"));
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits).map_err(|e| failed(e.to_string()))?;
    let der = key.to_pkcs8_der().map_err(|e| failed(e.to_string()))?;
    Ok(Secret::new(der.as_bytes().to_vec()))
}
