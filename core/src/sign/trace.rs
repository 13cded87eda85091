//! The signing trace: one structured record per sign or verify, the record both sides
//! log and the diff tool reads. It never holds a secret; the signing string itself is
//! included only when the caller opts in.

use super::encoding::{hex_encode, Encoding};
use super::json::Signature;
use super::Algorithm;
use crate::canon::{canonicalize_value, Number, Options, Profile, Value};
use crate::error::Error;

/// Which side wrote the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
pub enum Operation {
    /// The signer.
    Sign,
    /// The verifier.
    Verify,
}

/// One sign or verify, as data. `to_json` gives one canonical JSON line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
pub struct SigningTrace {
    /// Sign or verify.
    #[cfg_attr(feature = "typescript", ts(inline))]
    pub operation: Operation,
    /// The caller's request id, if any.
    pub request_id: Option<String>,
    /// The algorithm.
    pub algorithm: Option<Algorithm>,
    /// The key id.
    pub key_id: String,
    /// The canonical profile of the signed bytes.
    pub profile: Profile,
    /// SHA-256 (hex) of the signing string.
    pub signing_sha256: String,
    /// Length of the signing string in bytes.
    pub signing_len: usize,
    /// The signing string itself, base64, only when the caller opted in.
    pub signing_string_b64: Option<String>,
    /// When the trace was written (Unix seconds).
    pub timestamp: u64,
    /// `ok`, or the error code of a failed verification.
    pub outcome: String,
}

impl SigningTrace {
    /// A trace of signing or verifying `signing_bytes` under `signature`'s parameters.
    pub fn new(
        operation: Operation,
        signature: &Signature,
        signing_bytes: &[u8],
        include_signing_string: bool,
        timestamp: u64,
    ) -> SigningTrace {
        SigningTrace {
            operation,
            request_id: None,
            algorithm: signature.algorithm,
            key_id: signature.key_id.clone(),
            profile: signature.profile,
            signing_sha256: hex_encode(ring::digest::digest(&ring::digest::SHA256, signing_bytes).as_ref()),
            signing_len: signing_bytes.len(),
            signing_string_b64: include_signing_string.then(|| Encoding::Base64.encode(signing_bytes)),
            timestamp,
            outcome: "ok".into(),
        }
    }

    /// Sets the request id.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Sets the outcome (an error code).
    pub fn outcome(mut self, outcome: impl Into<String>) -> Self {
        self.outcome = outcome.into();
        self
    }

    /// The trace as one line of canonical JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        let s = |v: &str| Value::String(v.to_string());
        let mut members = vec![
            (
                "operation".to_string(),
                s(match self.operation {
                    Operation::Sign => "sign",
                    Operation::Verify => "verify",
                }),
            ),
            ("key_id".to_string(), s(&self.key_id)),
            ("profile".to_string(), s(self.profile.name())),
            ("signing_sha256".to_string(), s(&self.signing_sha256)),
            (
                "signing_len".to_string(),
                Value::Number(Number::UInt(self.signing_len as u64)),
            ),
            ("timestamp".to_string(), Value::Number(Number::UInt(self.timestamp))),
            ("outcome".to_string(), s(&self.outcome)),
        ];
        if let Some(alg) = self.algorithm {
            members.push(("algorithm".into(), s(alg.name())));
        }
        if let Some(id) = &self.request_id {
            members.push(("request_id".into(), s(id)));
        }
        if let Some(b64) = &self.signing_string_b64 {
            members.push(("signing_string_b64".into(), s(b64)));
        }
        let bytes = canonicalize_value(&Value::Object(members), &Options::default())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
