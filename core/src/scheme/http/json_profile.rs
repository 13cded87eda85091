//! The canonsig profile for JSON APIs over RFC 9421.
//!
//! Signing: the body bytes as sent get a `Content-Digest`, and the signature covers
//! `content-digest` (added to the components when the caller left it out).
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

use super::base::SignatureInput;
use super::component::ComponentId;
use super::digest::{content_digest, verify_message_digest, DigestAlgorithm};
use super::headers::combined;
use super::sign::{sign, Signed};
use super::verify::{HttpVerifier, VerifiedSignature};
use super::Message;
use crate::canon::{canonicalize, check_canonical, Options};
use crate::error::{Error, ErrorCode};
use crate::scheme::request::Header;
use crate::scheme::sfv::{self, BareItem, Member};
use crate::scheme::Request;
use crate::sign::Key;

/// Signs and verifies JSON API requests: `Content-Digest` over the sent body, covered by
/// the RFC 9421 signature, with a diagnosis when the body was re-serialized.
///
/// ```
/// use canonsig::scheme::http::{HttpVerifier, JsonApiProfile, Message, SignatureInput};
/// use canonsig::scheme::Request;
/// use canonsig::sign::{Algorithm, Key};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?.with_key_id("k1");
/// let profile = JsonApiProfile::new();
/// let mut req = Request::new("POST", "/orders").header("Host", "api.example.com")
///     .header("Content-Type", "application/json")
///     .body(br#"{"amount":10,"currency":"EUR"}"#.to_vec());
/// let input = SignatureInput::new(["@method", "@authority", "@path"]).created(1_700_000_000).keyid("k1");
/// profile.sign_request(&mut req, "sig1", input, &key)?;
///
/// let verifier = HttpVerifier::new(vec![key]).clock(|| 1_700_000_000);
/// profile.verify(&verifier, Message::Request(&req), None)?;
///
/// // A framework parsed the JSON and wrote it back with spaces: named, not a mystery.
/// let mut reserialized = req.clone().body(br#"{"amount": 10, "currency": "EUR"}"#.to_vec());
/// let err = profile.verify(&verifier, Message::Request(&reserialized), None).unwrap_err();
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

    /// Sets `Content-Digest` for the body (replacing any), makes sure the signature covers
    /// `content-digest`, signs, and appends the signature headers. Returns what was signed.
    pub fn sign_request(
        &self,
        request: &mut Request,
        label: &str,
        mut input: SignatureInput,
        key: &Key,
    ) -> Result<Signed, Error> {
        if self.require_canonical {
            self.check_canonical(request.body_bytes())?;
        }
        let digest = content_digest(request.body_bytes(), &[self.digest]);
        let headers = request.headers_mut();
        headers.retain(|h| !h.name.eq_ignore_ascii_case("content-digest"));
        headers.push(Header {
            name: "Content-Digest".into(),
            value: digest,
        });
        let covered = ComponentId::new("content-digest");
        if !input.components.contains(&covered) {
            input.components.push(covered);
        }
        let signed = sign(Message::Request(request), label, &input, key)?;
        signed.add_to_request(request);
        Ok(signed)
    }

    /// Verifies the signature (which must cover `content-digest`), then the body against
    /// `Content-Digest`, explaining a re-serialized JSON body.
    pub fn verify(
        &self,
        verifier: &HttpVerifier,
        message: Message<'_>,
        label: Option<&str>,
    ) -> Result<VerifiedSignature, Error> {
        let verified = verifier.verify_signature(message, label, verifier.clock_now())?;
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
            self.check_canonical(message.body())?;
        }
        Ok(verified)
    }

    fn check_canonical(&self, body: &[u8]) -> Result<(), Error> {
        match check_canonical(body, &Options::default())? {
            None => Ok(()),
            Some(d) => Err(Error::new(
                ErrorCode::MalformedRequest,
                format!(
                    "the body is not in RFC 8785 canonical form (first difference at byte {}, line {}, column {}); this profile requires it: send canonsig::canonicalize(body)",
                    d.offset, d.line, d.column
                ),
            )
            .at(d.offset)),
        }
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
