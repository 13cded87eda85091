//! Verification: pick the label, rebuild the signature base, check policy and the key
//! (RFC 9421 §3.2).

use std::sync::Arc;

use super::base::{signature_base, SignatureInput};
use super::component::ComponentId;
use super::digest::{verify_message_digest, DigestAlgorithm};
use super::headers::{combined, parse_signature, signature_inputs};
use super::Message;
use crate::error::{Error, ErrorCode};
use crate::sign::{Algorithm, Key};
use crate::time::{self, Clock, Now, SystemClock};

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// The label that was verified.
    pub label: String,
    /// The id of the key that verified it.
    pub key_id: String,
    /// The key's algorithm.
    pub algorithm: Algorithm,
    /// Covered components and parameters, as the signer wrote them.
    pub input: SignatureInput,
    /// The exact bytes that were verified.
    pub signature_base: String,
    /// The `Content-Digest` algorithms checked against the body (none when the signature
    /// does not cover `content-digest` or the check is off).
    pub digests: Vec<DigestAlgorithm>,
}

/// Verifies RFC 9421 signatures against a key ring and a policy.
///
/// The policy: `created` is required by default and may be at most `clock_skew` seconds
/// in the future; `expires` (when present) must not have passed (with the same skew);
/// [`HttpVerifier::max_age`] bounds how old `created` may be; required components must be
/// covered. The algorithm always comes from the key, and an `alg` parameter must agree.
///
/// ```
/// use canonsig::scheme::http::{sign, HttpVerifier, Message, SignatureInput};
/// use canonsig::scheme::Request;
/// use canonsig::sign::{Algorithm, Key};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?.with_key_id("k1");
/// let mut req = Request::new("GET", "/x").header("Host", "example.com");
/// let input = SignatureInput::new(["@method", "@authority", "@path"]).created(1_700_000_000).keyid("k1");
/// sign(Message::Request(&req), "sig1", &input, &key)?.add_to_request(&mut req);
///
/// let verifier = HttpVerifier::new(vec![key]).clock(|| 1_700_000_010).require_components(&["@authority"])?;
/// let ok = verifier.verify(Message::Request(&req), None)?;
/// assert_eq!(ok.label, "sig1");
///
/// // The request went to another host: the error carries the base the verifier built.
/// let moved = Request::new("GET", "/x").header("Host", "evil.example")
///     .header("Signature-Input", req.header_values("signature-input").next().unwrap())
///     .header("Signature", req.header_values("signature").next().unwrap());
/// let err = verifier.verify(Message::Request(&moved), None).unwrap_err();
/// assert_eq!(err.code().as_str(), "signature_mismatch");
/// assert!(String::from_utf8_lossy(err.signed_bytes().unwrap()).contains("\"@authority\": evil.example"));
/// # Ok::<(), canonsig::Error>(())
/// ```
pub struct HttpVerifier {
    keys: Vec<Key>,
    clock: Arc<dyn Clock>,
    clock_skew: u64,
    max_age: Option<u64>,
    require_created: bool,
    require_expires: bool,
    required: Vec<ComponentId>,
    check_content_digest: bool,
}

impl std::fmt::Debug for HttpVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpVerifier")
            .field("keys", &self.keys)
            .field("clock_skew", &self.clock_skew)
            .field("max_age", &self.max_age)
            .field("require_created", &self.require_created)
            .field("require_expires", &self.require_expires)
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}

impl HttpVerifier {
    /// A verifier over these keys (matched by `keyid`; a single key is used when the
    /// signature names none), the system clock, 60 s of skew, `created` required.
    pub fn new(keys: Vec<Key>) -> Self {
        HttpVerifier {
            keys,
            clock: Arc::new(SystemClock),
            clock_skew: 60,
            max_age: None,
            require_created: true,
            require_expires: false,
            required: Vec::new(),
            check_content_digest: true,
        }
    }

    /// Whether a covered `content-digest` field is also checked against the body (default
    /// true). The signature covers the field, not the body: without this check a body
    /// swapped under an intact `Content-Digest` header would verify.
    pub fn check_content_digest(mut self, check: bool) -> Self {
        self.check_content_digest = check;
        self
    }

    /// Where "now" comes from (Unix seconds); inject a fixed clock in tests.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How far `created` may be in the future and `expires` in the past, in seconds.
    pub fn clock_skew(mut self, seconds: u64) -> Self {
        self.clock_skew = seconds;
        self
    }

    /// Refuse signatures whose `created` is older than this many seconds.
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Whether `created` must be present (default true).
    pub fn require_created(mut self, required: bool) -> Self {
        self.require_created = required;
        self
    }

    /// Whether `expires` must be present (default false).
    pub fn require_expires(mut self, required: bool) -> Self {
        self.require_expires = required;
        self
    }

    /// Components every accepted signature must cover, written as for the signer
    /// ([`ComponentId::parse_loose`]: `@authority`, `Content-Digest`,
    /// `"@query-param";name="id"`).
    pub fn require_components<S: AsRef<str>>(mut self, components: &[S]) -> Result<Self, Error> {
        for c in components {
            self.required.push(ComponentId::parse_loose(c.as_ref())?);
        }
        Ok(self)
    }

    /// The keys.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Verifies the signature labelled `label`, or, when `None`, the only signature in
    /// the message (or else the first one whose `keyid` names a key of this verifier).
    /// When the signature covers `content-digest`, the body must match it too
    /// (`digest_mismatch`; see [`HttpVerifier::check_content_digest`]).
    pub fn verify(&self, message: Message<'_>, label: Option<&str>) -> Result<VerifiedSignature, Error> {
        self.verify_with(message, label, Now::Clock(&*self.clock))
    }

    /// Verifies like [`HttpVerifier::verify`] at `now` (Unix seconds), whatever the clock says.
    pub fn verify_at(&self, message: Message<'_>, label: Option<&str>, now: u64) -> Result<VerifiedSignature, Error> {
        self.verify_with(message, label, Now::At(now))
    }

    fn verify_with(&self, message: Message<'_>, label: Option<&str>, now: Now<'_>) -> Result<VerifiedSignature, Error> {
        let mut verified = self.verify_signature(message, label, now)?;
        if self.check_content_digest && verified.input.components.contains(&ComponentId::new("content-digest")) {
            verified.digests = verify_message_digest(message)?;
        }
        Ok(verified)
    }

    /// The signature base of the signature [`HttpVerifier::verify`] would check (chosen
    /// the same way), rebuilt without checking anything: to show what was signed even
    /// when verification stops before comparing (an expired signature, an unknown key).
    pub fn signature_base_of(&self, message: Message<'_>, label: Option<&str>) -> Result<String, Error> {
        let (_, input, _) = self.choose(message, label)?;
        signature_base(message, &input)
    }

    /// The clock of this verifier, read when a check needs it.
    pub(crate) fn clock_now(&self) -> Now<'_> {
        Now::Clock(&*self.clock)
    }

    /// Everything [`HttpVerifier::verify`] checks but the body against `Content-Digest`
    /// (the JSON API profile checks that itself, to name a re-serialized body).
    pub(crate) fn verify_signature(
        &self,
        message: Message<'_>,
        label: Option<&str>,
        now: Now<'_>,
    ) -> Result<VerifiedSignature, Error> {
        let (label, input, signature) = self.choose(message, label)?;
        let (label, input, signature) = (&label, &input, &signature);
        let key = self.select_key(input)?;
        if let Some(alg) = input.get_str("alg") {
            if alg != key.algorithm().name() {
                return Err(Error::new(
                    ErrorCode::AlgorithmMismatch,
                    format!(
                        "signature {label:?} claims alg={alg:?} but key {:?} is {}; the algorithm comes from the key",
                        key.key_id(),
                        key.algorithm()
                    ),
                ));
            }
        }
        self.check_time(label, input, now)?;
        for required in &self.required {
            if !input.components.contains(required) {
                return Err(Error::new(
                    ErrorCode::MissingComponent,
                    format!("signature {label:?} does not cover {required}, which this verifier requires"),
                ));
            }
        }
        let base = signature_base(message, input)?;
        key.verify(base.as_bytes(), signature).map_err(|e| {
            if e.code() == ErrorCode::SignatureMismatch {
                Error::new(
                    ErrorCode::SignatureMismatch,
                    format!(
                        "signature {label:?} ({}, key {:?}) does not match the signature base this verifier rebuilt; compare the bases",
                        key.algorithm(),
                        key.key_id()
                    ),
                )
                .with_signed_bytes(base.clone().into_bytes())
            } else {
                e
            }
        })?;
        Ok(VerifiedSignature {
            label: label.clone(),
            key_id: key.key_id().to_string(),
            algorithm: key.algorithm(),
            input: input.clone(),
            signature_base: base,
            digests: Vec::new(),
        })
    }

    /// The signature to check: `(label, input, signature bytes)`.
    fn choose(&self, message: Message<'_>, label: Option<&str>) -> Result<(String, SignatureInput, Vec<u8>), Error> {
        let inputs = signature_inputs(message)?;
        if inputs.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingComponent,
                "the message has no Signature-Input field, so there is no RFC 9421 signature to verify",
            ));
        }
        let signatures = match combined(message, "signature") {
            Some(value) => parse_signature(&value)?,
            None => {
                return Err(Error::new(
                    ErrorCode::MissingComponent,
                    "the message has a Signature-Input field but no Signature field",
                ))
            }
        };
        let labels = || inputs.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ");
        let (label, input) = match label {
            Some(wanted) => inputs.iter().find(|(l, _)| l == wanted).ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingComponent,
                    format!("no signature labelled {wanted:?} in Signature-Input (labels: {})", labels()),
                )
            })?,
            None if inputs.len() == 1 => &inputs[0],
            None => inputs
                .iter()
                .find(|(_, i)| i.get_str("keyid").is_some_and(|id| self.keys.iter().any(|k| k.key_id() == id)))
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::UnknownKeyId,
                        format!(
                            "the message carries several signatures ({}) and none names a key of this verifier; pass a label",
                            labels()
                        ),
                    )
                })?,
        };
        let signature = signatures
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, s)| s)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingComponent,
                    format!("Signature-Input has label {label:?} but the Signature field does not"),
                )
            })?;
        Ok((label.clone(), input.clone(), signature.clone()))
    }

    fn select_key(&self, input: &SignatureInput) -> Result<&Key, Error> {
        match input.get_str("keyid") {
            Some(id) => self.keys.iter().find(|k| k.key_id() == id).ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownKeyId,
                    format!("no key with id {id:?} in the key ring"),
                )
            }),
            None => match self.keys.as_slice() {
                [only] => Ok(only),
                keys => Err(Error::new(
                    ErrorCode::UnknownKeyId,
                    format!("the signature has no keyid and the key ring holds {} keys", keys.len()),
                )),
            },
        }
    }

    fn check_time(&self, label: &str, input: &SignatureInput, now: Now<'_>) -> Result<(), Error> {
        let created = input.created_at();
        let expires = input.expires_at();
        if self.require_created && created.is_none() {
            return Err(Error::new(
                ErrorCode::MissingParameter,
                format!("signature {label:?} has no created parameter, which this verifier requires"),
            ));
        }
        if self.require_expires && expires.is_none() {
            return Err(Error::new(
                ErrorCode::MissingParameter,
                format!("signature {label:?} has no expires parameter, which this verifier requires"),
            ));
        }
        if created.is_none() && expires.is_none() {
            return Ok(());
        }
        let now = i128::from(now.get()?);
        let skew = self.clock_skew;
        if let Some(created) = created.map(i128::from) {
            let subject = format!("signature {label:?} (created {created})");
            time::not_ahead(&subject, created, now, skew)?;
            if let Some(max_age) = self.max_age {
                time::not_older(
                    &subject,
                    created,
                    now,
                    max_age.saturating_add(skew),
                    &format!("older than the allowed {max_age} s plus {skew} s of skew"),
                )?;
            }
        }
        if let Some(expires) = expires.map(i128::from) {
            if now > expires + i128::from(skew) {
                return Err(Error::new(
                    ErrorCode::Expired,
                    format!(
                        "signature {label:?} expired {} s ago (allowed skew {skew} s)",
                        now - expires
                    ),
                ));
            }
        }
        Ok(())
    }
}
