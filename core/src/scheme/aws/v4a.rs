//! SigV4a (`AWS4-ECDSA-P256-SHA256`): the P-256 key pair derived from a secret access key,
//! ECDSA signing (RFC 6979, deterministic: no RNG needed, so it works on wasm32) and
//! verification (ring).

use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use ring::{hmac, signature};
use zeroize::Zeroizing;

use super::ALGORITHM_V4A;
use crate::{Error, ErrorCode};

/// The order of P-256 minus 2, big-endian: a candidate above it is rejected (aws-c-auth
/// `s_n_minus_2`).
const N_MINUS_2: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA,
    0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x4F,
];

/// aws-c-auth gives up after counter 254 (probability about 2^(-32*254) of getting there).
const MAX_COUNTER: u8 = 254;

/// The SigV4a signing key of one access key id and secret.
pub(crate) struct V4aKey(SigningKey);

impl std::fmt::Debug for V4aKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("V4aKey([REDACTED])")
    }
}

impl V4aKey {
    /// Derives the key as aws-c-auth does (NIST SP 800-108 HMAC-SHA256 KDF in counter mode):
    /// `k0 = HMAC("AWS4A" + secret, 00000001 || "AWS4-ECDSA-P256-SHA256" || 00 || access key id
    /// || counter || 00000100)` for counter 1, 2, ... until `k0 <= n - 2`; the private key is `k0 + 1`.
    pub(crate) fn derive(access_key_id: &str, secret: &[u8]) -> Result<Self, Error> {
        let mut input_key = Zeroizing::new(b"AWS4A".to_vec());
        input_key.extend_from_slice(secret);
        let key = hmac::Key::new(hmac::HMAC_SHA256, &input_key);
        for counter in 1..=MAX_COUNTER {
            let mut ctx = hmac::Context::with_key(&key);
            ctx.update(&1u32.to_be_bytes());
            ctx.update(ALGORITHM_V4A.as_bytes());
            ctx.update(&[0]);
            ctx.update(access_key_id.as_bytes());
            ctx.update(&[counter]);
            ctx.update(&256u32.to_be_bytes());
            let tag = ctx.sign();
            let mut k0 = Zeroizing::new([0u8; 32]);
            k0.copy_from_slice(tag.as_ref());
            if greater_than(&k0, &N_MINUS_2) {
                continue;
            }
            add_one(&mut k0);
            // k0 + 1 is in 1..=n-1, which from_slice accepts.
            return SigningKey::from_slice(k0.as_ref())
                .map(V4aKey)
                .map_err(|_| derivation_failed());
        }
        Err(derivation_failed())
    }

    /// The uncompressed SEC1 public key: `04 || X || Y` (65 bytes).
    pub(crate) fn public_key(&self) -> Vec<u8> {
        self.0.verifying_key().to_encoded_point(false).as_bytes().to_vec()
    }

    /// The DER ECDSA signature of SHA-256(`message`), with an RFC 6979 nonce.
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        let sig: Signature = self.0.sign(message);
        sig.to_der().as_bytes().to_vec()
    }
}

/// Whether a DER ECDSA P-256/SHA-256 `signature` of `message` verifies with the SEC1
/// `public_key`.
pub(crate) fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_ASN1, public_key)
        .verify(message, signature)
        .is_ok()
}

fn derivation_failed() -> Error {
    Error::new(
        ErrorCode::InvalidKey,
        "no SigV4a key could be derived from these credentials (every KDF counter gave a value above n-2)",
    )
}

/// Big-endian `a > b` without an early exit (the secret's timing stays flat).
fn greater_than(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let (mut gt, mut eq) = (0u8, 1u8);
    for (&x, &y) in a.iter().zip(b) {
        gt |= u8::from(x > y) & eq;
        eq &= u8::from(x == y);
    }
    gt == 1
}

/// Big-endian `+ 1` (the caller ensures no overflow: the value is at most n - 2).
fn add_one(value: &mut [u8; 32]) {
    let mut carry = 1u16;
    for byte in value.iter_mut().rev() {
        let sum = u16::from(*byte) + carry;
        *byte = (sum & 0xFF) as u8;
        carry = sum >> 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_and_increment_are_big_endian() {
        let mut a = [0u8; 32];
        a[31] = 0xFF;
        add_one(&mut a);
        assert_eq!((a[30], a[31]), (1, 0));
        assert!(greater_than(&[0xFF; 32], &N_MINUS_2));
        assert!(!greater_than(&N_MINUS_2, &N_MINUS_2));
        let mut below = N_MINUS_2;
        below[31] -= 1;
        assert!(!greater_than(&below, &N_MINUS_2) && greater_than(&N_MINUS_2, &below));
    }
}
