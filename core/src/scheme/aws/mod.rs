//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) and SigV4a (`AWS4-ECDSA-P256-SHA256`, see
//! [`Signer::new_v4a`]): sign a [`Request`](crate::scheme::Request) with an `Authorization`
//! header or a presigned URL, verify an incoming one, and read S3's `SignatureDoesNotMatch`
//! error document.
//!
//! Every result carries the canonical request and the string to sign; a
//! `signature_mismatch` error carries them too ([`Error::signed_bytes`](crate::Error::signed_bytes)
//! is the string to sign, [`Error::detail`](crate::Error::detail)`("canonical_request")` the
//! canonical request), so they can be diffed against what AWS or the other side computed.
//!
//! ```
//! use canonsig::scheme::aws::{Credentials, Signer};
//! use canonsig::scheme::Request;
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//! let signer = Signer::new(creds, "us-east-1", "service");
//! let req = Request::new("GET", "/").header("Host", "example.amazonaws.com");
//! let signed = signer.sign(&req, 1_440_938_160)?; // 2015-08-30T12:36:00Z
//! // The AWS test suite's get-vanilla signature:
//! assert_eq!(signed.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
//! assert!(signed.canonical_request.starts_with("GET\n/\n\nhost:example.amazonaws.com\n"));
//! # Ok::<(), canonsig::Error>(())
//! ```

pub(crate) mod canonical;
mod credentials;
pub(crate) mod encode;
mod error_doc;
mod inspect;
mod signer;
mod v4a;
mod verify;

pub use canonical::UNSIGNED_PAYLOAD;
pub use credentials::Credentials;
pub use error_doc::{parse_aws_error_document, AwsErrorDocument};
pub use inspect::{signed_parts, SignedParts};
pub use signer::{Signed, Signer, DEFAULT_PRESIGN_EXPIRES};
pub use verify::{SigV4Verified, SigV4Verifier};

/// The algorithm name of SigV4 (the first line of the string to sign).
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The algorithm name of SigV4a: ECDSA P-256 with a key derived from the secret, a
/// credential scope without region, and the regions in `X-Amz-Region-Set`.
pub const ALGORITHM_V4A: &str = "AWS4-ECDSA-P256-SHA256";

/// Which of the two signature versions a signer produces or a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// `AWS4-HMAC-SHA256`.
    V4,
    /// `AWS4-ECDSA-P256-SHA256`.
    V4a,
}

impl Version {
    pub(crate) fn algorithm(self) -> &'static str {
        match self {
            Version::V4 => ALGORITHM,
            Version::V4a => ALGORITHM_V4A,
        }
    }

    pub(crate) fn from_algorithm(name: &str) -> Option<Self> {
        [Version::V4, Version::V4a].into_iter().find(|v| v.algorithm() == name)
    }
}

/// What goes on the last line of the canonical request.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Payload {
    /// Lower-case hex SHA-256 of the exact body bytes (the default).
    #[default]
    Body,
    /// `UNSIGNED-PAYLOAD`: the body is not covered (S3, and S3 presigned URLs).
    Unsigned,
    /// A value computed elsewhere (a streaming marker, or a hash computed while uploading).
    Precomputed(String),
}

/// The service-dependent rules of the canonical request.
///
/// The default is what every AWS service but S3 expects; [`Settings::s3`] is S3's.
///
/// ```
/// use canonsig::scheme::aws::{Payload, Settings};
/// let s3 = Settings::s3();
/// assert!(!s3.normalize_path && !s3.double_encode_path && s3.content_sha256_header);
/// let presign_s3 = Settings { payload: Payload::Unsigned, ..Settings::s3() };
/// assert_eq!(presign_s3.payload, Payload::Unsigned);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Remove `.`/`..` segments and collapse `//` before encoding (all services but S3).
    pub normalize_path: bool,
    /// Percent-encode the path as sent once more, so `%20` becomes `%2520` (all services but
    /// S3). When false, the path is decoded and encoded once (S3).
    pub double_encode_path: bool,
    /// The payload line.
    pub payload: Payload,
    /// Send and sign `x-amz-content-sha256` with the payload line (S3 requires it on
    /// header-signed requests; never added to presigned URLs).
    pub content_sha256_header: bool,
    /// Sign the session token (`X-Amz-Security-Token` in the signed headers or canonical
    /// query). When false it is added after signing, as a few services want.
    pub sign_session_token: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            normalize_path: true,
            double_encode_path: true,
            payload: Payload::Body,
            content_sha256_header: false,
            sign_session_token: true,
        }
    }
}

impl Settings {
    /// S3: no path normalization, single encoding, `x-amz-content-sha256` sent and signed.
    pub fn s3() -> Self {
        Settings {
            normalize_path: false,
            double_encode_path: false,
            content_sha256_header: true,
            ..Settings::default()
        }
    }
}
