//! Signed JSON payloads: a detached signature over the canonical bytes.
//!
//! Without time or nonce parameters the signed bytes are exactly the payload's
//! canonical form, so a peer reproduces them with any RFC 8785 library and one HMAC
//! call. With `created`, `expires` or `nonce`, those parameters must be covered too, and
//! the signed bytes are the canonical form of
//! `{"payload": <payload>, "signature_params": {"alg", "created", "expires", "keyid", "nonce"}}`
//! (members that are absent are left out) — still one RFC 8785 call for a peer.

use std::fmt;

use super::encoding::Encoding;
use super::{Algorithm, Key};
use crate::canon::{canonicalize_value, canonicalize_with, Number, Options, Profile, Value};
use crate::error::{Error, ErrorCode};

/// What to sign with, beyond the key.
#[derive(Clone, Debug, Default)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename_all = "camelCase", optional_fields)
)]
pub struct SignOptions {
    /// Canonicalization profile and limits ([`Profile::Jcs`] by default).
    #[cfg_attr(feature = "typescript", ts(flatten))]
    pub canon: Options,
    /// Creation time (Unix seconds), checked by the verifier against its tolerance.
    pub created: Option<u64>,
    /// Expiry time (Unix seconds).
    pub expires: Option<u64>,
    /// A single-use value for replay protection.
    pub nonce: Option<String>,
}

impl SignOptions {
    /// Sets the canonicalization profile.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.canon.profile = profile;
        self
    }

    /// Sets the creation time (Unix seconds).
    pub fn created(mut self, unix_seconds: u64) -> Self {
        self.created = Some(unix_seconds);
        self
    }

    /// Sets the expiry time (Unix seconds).
    pub fn expires(mut self, unix_seconds: u64) -> Self {
        self.expires = Some(unix_seconds);
        self
    }

    /// Sets the nonce.
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }
}

/// A detached signature and the parameters it covers. Equality compares the signature
/// bytes in constant time.
#[derive(Clone)]
pub struct Signature {
    /// The algorithm the signer used, when the signature says (a bare value does not).
    pub algorithm: Option<Algorithm>,
    /// The signer's key id (empty when not given).
    pub key_id: String,
    /// Creation time (Unix seconds).
    pub created: Option<u64>,
    /// Expiry time (Unix seconds).
    pub expires: Option<u64>,
    /// Replay-protection nonce.
    pub nonce: Option<String>,
    /// The canonicalization profile of the signed bytes.
    pub profile: Profile,
    /// The signature bytes.
    pub value: Vec<u8>,
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        let same_value = self.value.len() == other.value.len()
            && self
                .value
                .iter()
                .zip(&other.value)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        same_value
            && self.algorithm == other.algorithm
            && self.key_id == other.key_id
            && self.created == other.created
            && self.expires == other.expires
            && self.nonce == other.nonce
            && self.profile == other.profile
    }
}

impl Eq for Signature {}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

impl Signature {
    /// A bare signature value (no parameters): what `sign_json` returns as text when
    /// only the signature bytes travel, e.g. in an `X-Signature` header.
    pub fn from_encoded(text: &str, encoding: Encoding) -> Result<Signature, Error> {
        Ok(Signature {
            algorithm: None,
            key_id: String::new(),
            created: None,
            expires: None,
            nonce: None,
            profile: Profile::Jcs,
            value: encoding.decode(text, "signature")?,
        })
    }

    /// The signature bytes as text.
    pub fn encoded(&self, encoding: Encoding) -> String {
        encoding.encode(&self.value)
    }

    /// The signature with its parameters as one header value, in RFC 8941 syntax:
    /// `:BASE64:;alg="hmac-sha256";keyid="k1";created=1700000000;nonce="n"`.
    pub fn to_header(&self) -> String {
        let mut out = format!(":{}:", Encoding::Base64.encode(&self.value));
        if let Some(alg) = self.algorithm {
            out.push_str(&format!(";alg=\"{alg}\""));
        }
        if !self.key_id.is_empty() {
            out.push_str(&format!(";keyid={}", sf_string(&self.key_id)));
        }
        if let Some(t) = self.created {
            out.push_str(&format!(";created={t}"));
        }
        if let Some(t) = self.expires {
            out.push_str(&format!(";expires={t}"));
        }
        if let Some(n) = &self.nonce {
            out.push_str(&format!(";nonce={}", sf_string(n)));
        }
        if self.profile != Profile::Jcs {
            out.push_str(&format!(";profile=\"{}\"", self.profile));
        }
        out
    }

    /// Parses either a header value from [`Signature::to_header`] (it starts with `:`)
    /// or a bare signature value in `encoding`.
    pub fn parse(text: &str, encoding: Encoding) -> Result<Signature, Error> {
        let text = text.trim();
        if !text.starts_with(':') {
            return Signature::from_encoded(text, encoding);
        }
        let malformed = |what: String| Error::new(ErrorCode::MalformedSignature, format!("signature header: {what}"));
        let end = text[1..]
            .find(':')
            .map(|i| i + 1)
            .ok_or_else(|| malformed("unterminated :byte sequence:".into()))?;
        let mut signature = Signature::from_encoded(&text[1..end], Encoding::Base64)?;
        let mut rest = &text[end + 1..];
        while let Some(after) = rest.strip_prefix(';') {
            let eq = after
                .find('=')
                .ok_or_else(|| malformed(format!("parameter without a value in {after:?}")))?;
            let name = after[..eq].trim();
            let (value, next) = sf_value(&after[eq + 1..]).ok_or_else(|| malformed(format!("bad value for {name}")))?;
            rest = next;
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| malformed(format!("{name} must be an integer")))
            };
            match name {
                "alg" => signature.algorithm = Some(value.parse()?),
                "keyid" => signature.key_id = value,
                "created" => signature.created = Some(number()?),
                "expires" => signature.expires = Some(number()?),
                "nonce" => signature.nonce = Some(value),
                "profile" => signature.profile = value.parse()?,
                _ => {} // unknown parameters are ignored, as RFC 8941 allows
            }
        }
        if !rest.trim().is_empty() {
            return Err(malformed(format!("unexpected {rest:?}")));
        }
        Ok(signature)
    }

    pub(crate) fn has_covered_params(&self) -> bool {
        self.created.is_some() || self.expires.is_some() || self.nonce.is_some()
    }
}

fn sf_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Reads an RFC 8941 string or bare token/integer; returns it and the rest.
fn sf_value(text: &str) -> Option<(String, &str)> {
    if let Some(body) = text.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                // RFC 8941 4.2.5: only \" and \\ are escapes.
                '\\' => match chars.next()?.1 {
                    c @ ('"' | '\\') => out.push(c),
                    _ => return None,
                },
                '"' => return Some((out, &body[i + 1..])),
                c if (' '..='~').contains(&c) => out.push(c),
                _ => return None,
            }
        }
        None
    } else {
        let end = text.find(';').unwrap_or(text.len());
        Some((text[..end].trim().to_string(), &text[end..]))
    }
}

/// The exact bytes a signature with these parameters covers (see the module docs).
pub fn signing_bytes(payload: &[u8], signature: &Signature, options: &Options) -> Result<Vec<u8>, Error> {
    let options = Options {
        profile: signature.profile,
        ..options.clone()
    };
    let canonical = canonicalize_with(payload, &options)?;
    if !signature.has_covered_params() {
        return Ok(canonical);
    }
    let mut params = Vec::new();
    if let Some(alg) = signature.algorithm {
        params.push(("alg".to_string(), Value::String(alg.name().into())));
    }
    if let Some(t) = signature.created {
        params.push(("created".to_string(), Value::Number(Number::UInt(t))));
    }
    if let Some(t) = signature.expires {
        params.push(("expires".to_string(), Value::Number(Number::UInt(t))));
    }
    if !signature.key_id.is_empty() {
        params.push(("keyid".to_string(), Value::String(signature.key_id.clone())));
    }
    if let Some(n) = &signature.nonce {
        params.push(("nonce".to_string(), Value::String(n.clone())));
    }
    let params = canonicalize_value(&Value::Object(params), &options)?;
    // "payload" sorts before "signature_params" in every profile, so this is the
    // canonical form of the envelope object without building it.
    let mut out = Vec::with_capacity(canonical.len() + params.len() + 32);
    out.extend_from_slice(b"{\"payload\":");
    out.extend_from_slice(&canonical);
    out.extend_from_slice(b",\"signature_params\":");
    out.extend_from_slice(&params);
    out.push(b'}');
    Ok(out)
}

/// Signs a JSON payload (given as text) with `key`: canonicalizes it, covers the
/// parameters in `options`, and returns the signature with its parameters.
pub fn sign_json(payload: &[u8], key: &Key, options: &SignOptions) -> Result<Signature, Error> {
    // Both travel as RFC 8941 sf-strings, which hold printable ASCII only.
    for (what, value) in [("key id", Some(key.key_id())), ("nonce", options.nonce.as_deref())] {
        if let Some(v) = value {
            if !v.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!("the {what} must be printable ASCII (it travels as an RFC 8941 string)"),
                ));
            }
        }
    }
    let mut signature = Signature {
        algorithm: Some(key.algorithm()),
        key_id: key.key_id().to_string(),
        created: options.created,
        expires: options.expires,
        nonce: options.nonce.clone(),
        profile: options.canon.profile,
        value: Vec::new(),
    };
    let bytes = signing_bytes(payload, &signature, &options.canon)?;
    signature.value = key.sign(&bytes)?;
    Ok(signature)
}

/// Signs like [`sign_json`] and also returns the [`SigningTrace`](super::SigningTrace) of
/// what was signed: the record to log on the signer's side and diff against the
/// verifier's. `include_signing_string` puts the signed bytes themselves in the trace.
pub fn sign_json_traced(
    payload: &[u8],
    key: &Key,
    options: &SignOptions,
    include_signing_string: bool,
    now: u64,
) -> Result<(Signature, super::SigningTrace), Error> {
    let signature = sign_json(payload, key, options)?;
    let bytes = signing_bytes(payload, &signature, &options.canon)?;
    let trace = super::SigningTrace::new(super::Operation::Sign, &signature, &bytes, include_signing_string, now);
    Ok((signature, trace))
}

/// Verifies a signed JSON payload against one or more keys with the default policy
/// (300 s timestamp tolerance on the system clock, every algorithm, no replay store).
/// Use [`super::Verifier`] to choose the policy.
pub fn verify_json(payload: &[u8], signature: &Signature, keys: &[Key]) -> Result<super::Verified, Error> {
    let policy = super::verifier::Policy::default();
    super::verifier::verify_with(
        payload,
        signature,
        keys.iter(),
        &policy,
        crate::time::Now::Clock(&*policy.clock),
    )
}
