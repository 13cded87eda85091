//! The canonsig profile for JSON APIs over RFC 9421.
//!
//! Signing ([`JsonApiProfile::signer`], an [`HttpSigner`] configuration): the body bytes
//! as sent get a `Content-Digest`, and the signature covers `content-digest` (added to the
//! components when the caller left it out).
//!
//! Verifying: the signature is checked first (so the `Content-Digest` header is the
//! signer's), then the digest over the body received. When the digest fails and the body
//! is JSON, canonsig says why instead of a bare mismatch:
//! - the RFC 8785 form of the received body has the signed digest: the body was
//!   re-serialized (same JSON value, other bytes) by a proxy or framework;
//! - the body is valid JSON but not in RFC 8785 form: it was probably re-serialized
//!   (or changed); the first byte that departs from the canonical form is named;
//! - otherwise the content changed.
//!
//! Signers that send RFC 8785 bodies get the first, exact diagnosis; with
//! [`JsonApiProfile::require_canonical_body`] both sides also insist on that form.

use super::component::ComponentId;
use super::digest::{verify_message_digest, DigestAlgorithm};
use super::headers::combined;
use super::signer::{require_canonical, DigestPolicy, HttpSigner};
use super::verify::{HttpVerifier, VerifiedSignature};
use super::Message;
use crate::canon::{canonicalize, check_canonical, Options};
use crate::error::{Error, ErrorCode};
use crate::scheme::sfv::{self, BareItem, Member};
use crate::time::Now;

/// Signs and verifies JSON API requests: `Content-Digest` over the sent body, covered by
/// the RFC 9421 signature, with a diagnosis when the body was re-serialized.
///
/// ```
/// use canonsig::scheme::http::{HttpVerifier, JsonApiProfile, Message};
/// use canonsig::scheme::Request;
/// use canonsig::sign::{Algorithm, Key};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?.with_key_id("k1");
/// let profile = JsonApiProfile::new();
/// let mut req = Request::new("POST", "/orders").header("Host", "api.example.com")
///     .header("Content-Type", "application/json")
///     .body(br#"{"amount":10,"currency":"EUR"}"#.to_vec());
/// profile.signer().sign_request_at(&mut req, &key, 1_700_000_000)?;
///
/// let verifier = HttpVerifier::new(vec![key]);
/// profile.verify_at(&verifier, Message::Request(&req), None, 1_700_000_000)?;
///
/// // A framework parsed the JSON and wrote it back with spaces: named, not a mystery.
/// let reserialized = req.clone().body(br#"{"amount": 10, "currency": "EUR"}"#.to_vec());
/// let err = profile.verify_at(&verifier, Message::Request(&reserialized), None, 1_700_000_000).unwrap_err();
/// assert_eq!(err.code().as_str(), "digest_mismatch");
/// assert!(err.message().contains("re-serialized"));
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct JsonApiProfile {
    digest: DigestAlgorithm,
    require_canonical: bool,
}

impl Default for JsonApiProfile {
    fn default() -> Self {
        JsonApiProfile::new()
    }
}

impl JsonApiProfile {
    /// sha-256 digests; bodies need not be in RFC 8785 form.
    pub fn new() -> Self {
        JsonApiProfile {
            digest: DigestAlgorithm::Sha256,
            require_canonical: false,
        }
    }

    /// The digest algorithm used when signing.
    pub fn digest(mut self, algorithm: DigestAlgorithm) -> Self {
        self.digest = algorithm;
        self
    }

    /// Refuse to sign, and refuse to accept, a body that is not in RFC 8785 form.
    pub fn require_canonical_body(mut self, required: bool) -> Self {
        self.require_canonical = required;
        self
    }

    /// An [`HttpSigner`] configured for this profile: a `Content-Digest` over every body
    /// (an empty one too), covered; with [`JsonApiProfile::require_canonical_body`], a body
    /// that is not RFC 8785 canonical JSON is refused. Set the components and parameters
    /// on it as on any signer.
    pub fn signer(&self) -> HttpSigner {
        HttpSigner::new()
            .content_digest(DigestPolicy::Always(self.digest))
            .require_canonical_body(self.require_canonical)
    }

    /// Verifies the signature (which must cover `content-digest`), then the body against
    /// `Content-Digest`, explaining a re-serialized JSON body; at the verifier's clock.
    pub fn verify(
        &self,
        verifier: &HttpVerifier,
        message: Message<'_>,
        label: Option<&str>,
    ) -> Result<VerifiedSignature, Error> {
        self.verify_with(verifier, message, label, verifier.clock_now())
    }

    /// [`JsonApiProfile::verify`] at `now` (Unix seconds).
    pub fn verify_at(
        &self,
        verifier: &HttpVerifier,
        message: Message<'_>,
        label: Option<&str>,
        now: u64,
    ) -> Result<VerifiedSignature, Error> {
        self.verify_with(verifier, message, label, Now::At(now))
    }

    fn verify_with(
        &self,
        verifier: &HttpVerifier,
        message: Message<'_>,
        label: Option<&str>,
        now: Now<'_>,
    ) -> Result<VerifiedSignature, Error> {
        let verified = verifier.verify_signature(message, label, now)?;
        if !verified.input.components.contains(&ComponentId::new("content-digest")) {
            return Err(Error::new(
                ErrorCode::MissingComponent,
                format!(
                    "signature {:?} does not cover \"content-digest\", so the body is not signed (the JSON API profile requires it)",
                    verified.label
                ),
            ));
        }
        if let Err(err) = verify_message_digest(message) {
            return Err(match err.code() {
                ErrorCode::DigestMismatch => diagnose(message, err),
                _ => err,
            });
        }
        if self.require_canonical {
            require_canonical(message.body())?;
        }
        Ok(verified)
    }
}

/// Turns a bare digest mismatch into the reason, when the body is JSON.
fn diagnose(message: Message<'_>, err: Error) -> Error {
    let body = message.body();
    let Ok(canonical) = canonicalize(body) else {
        return err;
    };
    let signed_digests = combined(message, "content-digest")
        .and_then(|v| sfv::parse_dictionary(&v).ok())
        .map(|dict| {
            dict.iter()
                .filter_map(|(name, m)| {
                    let alg = DigestAlgorithm::from_name(name)?;
                    match m {
                        Member::Item(i) => match &i.bare {
                            BareItem::ByteSequence(b) => Some((alg, b.clone())),
                            _ => None,
                        },
                        Member::InnerList(_) => None,
                    }
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let canonical_matches =
        !signed_digests.is_empty() && signed_digests.iter().all(|(alg, d)| alg.digest(&canonical) == *d);
    let names: Vec<&str> = signed_digests.iter().map(|(a, _)| a.name()).collect();
    let names = names.join(", ");
    let departure = check_canonical(body, &Options::default()).ok().flatten();
    let message = match (canonical_matches, departure) {
        (true, Some(d)) => format!(
            "the body is not the bytes that were signed: it was re-serialized (same JSON value, different bytes; \
             the signer sent its RFC 8785 form, which matches the signed Content-Digest {names}; the received body \
             departs from it at byte {}). Verify on the raw body before any JSON parsing, or have the proxy pass it through",
            d.offset
        ),
        (false, Some(d)) => format!(
            "the body is not the bytes that were signed (Content-Digest {names} differs): it is valid JSON but not in \
             RFC 8785 form (first departure at byte {}, line {}, column {}), so it was probably re-serialized by a \
             proxy or framework, or its content changed; verify on the raw body. {}",
            d.offset,
            d.line,
            d.column,
            err.message()
        ),
        (_, None) => format!(
            "the body is not the bytes that were signed: its content changed (Content-Digest {names} differs and the \
             body is already canonical JSON). {}",
            err.message()
        ),
    };
    Error::new(ErrorCode::DigestMismatch, message)
}
