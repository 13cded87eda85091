//! Forensics: given a payload, a received signature and the key, find the serialization
//! and construction the signer used, so "invalid signature" becomes "your client signed
//! pretty-printed JSON with ensure_ascii on".

use ring::digest::{digest, SHA256};
use ring::hmac;
use ring::rand::SystemRandom;

use super::style::{render, Style};
use super::{explain, tree, Explanation};
use crate::sign::{Encoding, Key};
use crate::{Error, ErrorCode};

/// Documents larger than this are tried in fewer styles (no trailing-newline variants).
const FULL_SEARCH_LIMIT: usize = 256 * 1024;

/// How the signer turned bytes into a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Construction {
    /// The key's own algorithm over the bytes (HMAC, or an asymmetric signature).
    Standard,
    /// `SHA-256(bytes || secret)`: a home-made MAC, open to length extension.
    Sha256BodySecret,
    /// `SHA-256(secret || bytes)`: a home-made MAC, open to length extension.
    Sha256SecretBody,
}

/// The serialization and construction that reproduce a signature.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ForensicMatch {
    /// One sentence: what the signer did.
    pub description: String,
    /// The JSON style the signer serialized with, when the payload is JSON and it was re-serialized.
    pub style: Option<Style>,
    /// How the payload bytes were varied when not re-serialized (`as given`, `with a trailing newline`, ...).
    pub variant: Option<String>,
    /// How the signature was computed.
    pub construction: Construction,
    /// How the HMAC secret was used: `as given`, `base64-decoded`, `hex-decoded`.
    pub secret_used: Option<String>,
    /// The text encoding of the received signature (`hex`, `base64`, `base64url`).
    pub signature_encoding: String,
    /// The exact bytes the signer signed.
    #[serde(serialize_with = "serialize_text")]
    #[cfg_attr(feature = "typescript", ts(as = "String"))]
    pub signed: Vec<u8>,
    /// Why the payload as given differs from what the signer signed.
    pub explanation: Explanation,
}

fn serialize_text<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&String::from_utf8_lossy(bytes))
}

/// The result of a forensic search.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Forensics {
    /// The candidate that reproduces the signature, if any.
    pub matched: Option<ForensicMatch>,
    /// How many (bytes, construction, secret) candidates were checked.
    pub candidates_tried: usize,
    /// True when the payload was read as JSON (and re-serialized in every style).
    pub payload_is_json: bool,
}

/// Tries the serializations and constructions a signer may have used over `payload` and
/// reports the one that reproduces `signature` (hex, base64 or base64url text; prefixes
/// such as `sha256=`, `v1=` and `v1,` are stripped). The key never appears in the result.
///
/// ```
/// use canonsig::sign::{Algorithm, Key};
/// let key = Key::hmac(Algorithm::HmacSha256, b"secret")?;
/// // The client signed json.dumps(body, sort_keys=True); the server holds the JCS form.
/// let signed = br#"{"a": 1.0, "b": "\u00e9"}"#;
/// let sig = canonsig::sign::Encoding::Hex.encode(&key.sign(signed)?);
/// let report = canonsig::diff::forensics("{\"a\":1,\"b\":\"é\"}".as_bytes(), &sig, &key)?;
/// let found = report.matched.expect("found");
/// assert_eq!(found.signed, signed);
/// # Ok::<(), canonsig::Error>(())
/// ```
///
/// Errors: `malformed_signature` when the signature text decodes in no known encoding;
/// `invalid_key` when the system random number generator fails (it keys the comparison).
pub fn forensics(payload: &[u8], signature: &str, key: &Key) -> Result<Forensics, Error> {
    let signatures = decode_signature(signature);
    if signatures.is_empty() {
        return Err(Error::new(
            ErrorCode::MalformedSignature,
            "the signature is not hex, base64 or base64url text",
        ));
    }
    let secrets = secret_variants(key);
    let compare = Compare::new()?;
    let doc = tree::parse(payload);
    let mut tried = 0;
    let mut seen = std::collections::HashSet::new();
    for (bytes, style, variant) in candidates(payload, doc.as_ref()) {
        if !seen.insert(digest(&SHA256, &bytes).as_ref().to_vec()) {
            continue;
        }
        for (sig, encoding) in &signatures {
            if key.verify(&bytes, sig).is_ok() {
                tried += 1;
                return Ok(found(
                    payload,
                    bytes,
                    style,
                    variant,
                    Construction::Standard,
                    None,
                    encoding,
                    tried,
                    doc.is_some(),
                ));
            }
        }
        tried += 1;
        for (secret, secret_name) in &secrets {
            for construction in [
                Construction::Standard,
                Construction::Sha256BodySecret,
                Construction::Sha256SecretBody,
            ] {
                if construction == Construction::Standard && *secret_name == "as given" {
                    continue; // done above through the key itself
                }
                tried += 1;
                let tag = compare.blind(&compute(construction, secret, &bytes));
                if let Some((_, encoding)) = signatures.iter().find(|(s, _)| compare.matches(&tag, s)) {
                    let used = Some(secret_name.to_string());
                    return Ok(found(
                        payload,
                        bytes,
                        style,
                        variant,
                        construction,
                        used,
                        encoding,
                        tried,
                        doc.is_some(),
                    ));
                }
            }
        }
    }
    Ok(Forensics {
        matched: None,
        candidates_tried: tried,
        payload_is_json: doc.is_some(),
    })
}

#[allow(clippy::too_many_arguments)]
fn found(
    payload: &[u8],
    signed: Vec<u8>,
    style: Option<Style>,
    variant: Option<String>,
    construction: Construction,
    secret_used: Option<String>,
    encoding: &str,
    tried: usize,
    is_json: bool,
) -> Forensics {
    let what = match (&style, &variant) {
        (Some(s), Some(v)) => format!("the payload re-serialized as {s}, {v}"),
        (Some(s), None) => format!("the payload re-serialized as {s}"),
        (None, Some(v)) => format!("the payload {v}"),
        (None, None) => "the payload".to_string(),
    };
    let how = match construction {
        Construction::Standard => "",
        Construction::Sha256BodySecret => " with SHA-256(bytes + secret) instead of HMAC",
        Construction::Sha256SecretBody => " with SHA-256(secret + bytes) instead of HMAC",
    };
    let secret = match secret_used.as_deref() {
        Some("as given") | None => String::new(),
        Some(s) => format!(", using the secret {s}"),
    };
    let description = format!("the signer signed {what}{how}{secret} (signature in {encoding})");
    Forensics {
        matched: Some(ForensicMatch {
            description,
            explanation: explain(payload, &signed),
            style,
            variant,
            construction,
            secret_used,
            signature_encoding: encoding.to_string(),
            signed,
        }),
        candidates_tried: tried,
        payload_is_json: is_json,
    }
}

type Candidate = (Vec<u8>, Option<Style>, Option<String>);

/// The byte strings to try: the payload as given and its newline variants, then every
/// style when it is JSON.
fn candidates<'a>(payload: &'a [u8], doc: Option<&'a tree::Doc<'a>>) -> impl Iterator<Item = Candidate> + 'a {
    let raw = raw_variants(payload).into_iter().map(|(b, v)| (b, None, Some(v)));
    let styles = doc
        .map(|_| Style::all(payload.len() <= FULL_SEARCH_LIMIT))
        .unwrap_or_default()
        .into_iter()
        .filter_map(move |s| doc.and_then(|d| render(d, &s)).map(|b| (b, s)))
        .flat_map(|(b, s)| {
            // Pretty-printed output that went through Windows tooling has CRLF line breaks.
            let crlf = b
                .contains(&b'\n')
                .then(|| (to_crlf(&b), Some(s), Some("with CRLF line endings".to_string())));
            std::iter::once((b, Some(s), None)).chain(crlf)
        });
    raw.chain(styles)
}

fn raw_variants(payload: &[u8]) -> Vec<(Vec<u8>, String)> {
    let mut out = vec![(payload.to_vec(), "as given".to_string())];
    let trimmed = payload.strip_suffix(b"\r\n").or_else(|| payload.strip_suffix(b"\n"));
    match trimmed {
        Some(t) => out.push((t.to_vec(), "without its trailing newline".into())),
        None => {
            let mut v = payload.to_vec();
            v.push(b'\n');
            out.push((v, "with a trailing newline".into()));
        }
    }
    if payload.contains(&b'\n') {
        let crlf: Vec<u8> = if payload.windows(2).any(|w| w == b"\r\n") {
            payload.iter().copied().filter(|&b| b != b'\r').collect()
        } else {
            payload
                .iter()
                .flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] })
                .collect()
        };
        out.push((crlf, "with its line endings converted (CRLF/LF)".into()));
    }
    if let Some(stripped) = payload.strip_prefix(b"\xef\xbb\xbf") {
        out.push((stripped.to_vec(), "without its byte order mark".into()));
    }
    out
}

fn to_crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    for &b in text {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// Ways a signature text may be written: (bytes, encoding name).
fn decode_signature(text: &str) -> Vec<(Vec<u8>, &'static str)> {
    let mut t = text.trim();
    for prefix in ["sha256=", "sha512=", "v1=", "v0=", "v1,", "v1a,"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest;
        }
    }
    let mut out: Vec<(Vec<u8>, &'static str)> = Vec::new();
    for enc in [Encoding::Hex, Encoding::Base64, Encoding::Base64Url] {
        if let Ok(bytes) = enc.decode(t, "signature") {
            if !bytes.is_empty() && !out.iter().any(|(b, _)| *b == bytes) {
                out.push((bytes, enc.name()));
            }
        }
    }
    out
}

/// The HMAC secret as given, and decoded when it reads as base64 (after `whsec_`) or hex.
fn secret_variants(key: &Key) -> Vec<(Vec<u8>, &'static str)> {
    let Some(secret) = key.hmac_secret() else {
        return Vec::new();
    };
    let mut out = vec![(secret.to_vec(), "as given")];
    if let Ok(text) = std::str::from_utf8(secret) {
        let body = text.strip_prefix("whsec_").unwrap_or(text);
        for (enc, name) in [(Encoding::Base64, "base64-decoded"), (Encoding::Hex, "hex-decoded")] {
            if let Ok(decoded) = enc.decode(body, "secret") {
                if !decoded.is_empty() && !out.iter().any(|(s, _)| *s == decoded) {
                    out.push((decoded, name));
                }
            }
        }
    }
    out
}

fn compute(construction: Construction, secret: &[u8], bytes: &[u8]) -> Vec<u8> {
    match construction {
        Construction::Standard => {
            let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
            ring::hmac::sign(&key, bytes).as_ref().to_vec()
        }
        Construction::Sha256BodySecret => {
            let mut ctx = ring::digest::Context::new(&SHA256);
            ctx.update(bytes);
            ctx.update(secret);
            ctx.finish().as_ref().to_vec()
        }
        Construction::Sha256SecretBody => {
            let mut ctx = ring::digest::Context::new(&SHA256);
            ctx.update(secret);
            ctx.update(bytes);
            ctx.finish().as_ref().to_vec()
        }
    }
}

/// Compares a computed MAC with a received signature in constant time, with ring: the MAC
/// is put through HMAC under a one-time random key, and `hmac::verify` checks the signature
/// against that tag (ring's public constant-time comparison; its
/// `constant_time::verify_slices_are_equal` is deprecated). Equal tags mean equal bytes, and
/// the timing tells nothing about either.
struct Compare(hmac::Key);

impl Compare {
    fn new() -> Result<Compare, Error> {
        hmac::Key::generate(hmac::HMAC_SHA256, &SystemRandom::new())
            .map(Compare)
            .map_err(|_| Error::new(ErrorCode::InvalidKey, "the system random number generator failed"))
    }

    /// The tag that [`Compare::matches`] checks signatures against.
    fn blind(&self, mac: &[u8]) -> hmac::Tag {
        hmac::sign(&self.0, mac)
    }

    /// True when `signature` is the MAC behind `tag`.
    fn matches(&self, tag: &hmac::Tag, signature: &[u8]) -> bool {
        hmac::verify(&self.0, signature, tag.as_ref()).is_ok()
    }
}
