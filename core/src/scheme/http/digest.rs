//! RFC 9530 `Content-Digest` and `Want-Content-Digest` (sha-256, sha-512).

use std::fmt;

use super::headers::combined;
use super::Message;
use crate::error::{Error, ErrorCode};
use crate::scheme::sfv::{self, BareItem, Dictionary, Item, Member};

/// A digest algorithm from the RFC 9530 registry that canonsig computes.
/// (The registry's `md5`, `sha`, `unixsum`, ... are deprecated and ignored when verifying.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// `sha-256`
    Sha256,
    /// `sha-512`
    Sha512,
}

impl DigestAlgorithm {
    /// Both algorithms, strongest first.
    pub const ALL: [DigestAlgorithm; 2] = [DigestAlgorithm::Sha512, DigestAlgorithm::Sha256];

    /// The registry name (`sha-256`).
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha-256",
            DigestAlgorithm::Sha512 => "sha-512",
        }
    }

    /// The algorithm with this registry name.
    pub fn from_name(name: &str) -> Option<Self> {
        DigestAlgorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        let alg = match self {
            DigestAlgorithm::Sha256 => &ring::digest::SHA256,
            DigestAlgorithm::Sha512 => &ring::digest::SHA512,
        };
        ring::digest::digest(alg, bytes).as_ref().to_vec()
    }
}

/// `sha-256`: what signing adds when no algorithm is named (every frontend's default).
impl Default for DigestAlgorithm {
    fn default() -> Self {
        DigestAlgorithm::Sha256
    }
}

impl fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `Content-Digest` value for `body` (the content bytes as sent, after any
/// content-coding) with each algorithm, in the order given.
///
/// ```
/// use canonsig::scheme::http::{content_digest, DigestAlgorithm};
/// assert_eq!(
///     content_digest(br#"{"hello": "world"}"#, &[DigestAlgorithm::Sha256]),
///     "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
/// );
/// ```
pub fn content_digest(body: &[u8], algorithms: &[DigestAlgorithm]) -> String {
    let mut dict = Dictionary::new();
    for alg in algorithms {
        dict.insert(
            alg.name(),
            Member::Item(Item::new(BareItem::ByteSequence(alg.digest(body)))),
        );
    }
    // Keys are fixed registry names and values byte sequences: always serializable.
    sfv::serialize_dictionary(&dict).unwrap_or_default()
}

/// Checks a `Content-Digest` value against `body`: every sha-256/sha-512 member must
/// match, and at least one must be present. Returns the algorithms checked.
///
/// ```
/// use canonsig::scheme::http::{verify_content_digest, DigestAlgorithm};
/// let header = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
/// assert_eq!(verify_content_digest(header, br#"{"hello": "world"}"#)?, [DigestAlgorithm::Sha256]);
/// let err = verify_content_digest(header, br#"{"hello":"world"}"#).unwrap_err();
/// assert_eq!(err.code().as_str(), "digest_mismatch");
/// assert!(err.message().contains("sha-256"));
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn verify_content_digest(header_value: &str, body: &[u8]) -> Result<Vec<DigestAlgorithm>, Error> {
    let dict = sfv::parse_dictionary(header_value).map_err(|e| {
        with_offset(
            Error::new(e.code(), format!("Content-Digest: {}", e.message())),
            e.offset(),
        )
    })?;
    let mut checked = Vec::new();
    for (name, member) in dict.iter() {
        let Some(alg) = DigestAlgorithm::from_name(name) else {
            continue;
        };
        let expected = match member.as_item().map(|i| &i.bare) {
            Some(BareItem::ByteSequence(bytes)) => bytes,
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidHeader,
                    format!("Content-Digest {name}: expected a byte sequence :base64:"),
                ))
            }
        };
        let actual = alg.digest(body);
        if !ring_eq(&actual, expected) {
            return Err(Error::new(
                ErrorCode::DigestMismatch,
                format!(
                    "Content-Digest {name} does not match the body ({} bytes): the header says :{}:, the body hashes to :{}:",
                    body.len(),
                    b64(expected),
                    b64(&actual)
                ),
            ));
        }
        checked.push(alg);
    }
    if checked.is_empty() {
        let found: Vec<&str> = dict.keys().collect();
        return Err(Error::new(
            ErrorCode::InvalidHeader,
            format!(
                "Content-Digest has no sha-256 or sha-512 member (found: {})",
                if found.is_empty() {
                    "nothing".to_string()
                } else {
                    found.join(", ")
                }
            ),
        ));
    }
    Ok(checked)
}

/// Checks the message's `Content-Digest` field(s) against its body.
pub fn verify_message_digest(message: Message<'_>) -> Result<Vec<DigestAlgorithm>, Error> {
    let value = combined(message, "content-digest")
        .ok_or_else(|| Error::new(ErrorCode::MissingComponent, "the message has no Content-Digest field"))?;
    verify_content_digest(&value, message.body())
}

/// A `Want-Content-Digest` value: algorithms with preferences 1 (least) to 10 (most).
///
/// ```
/// use canonsig::scheme::http::{want_content_digest, DigestAlgorithm};
/// assert_eq!(
///     want_content_digest(&[(DigestAlgorithm::Sha512, 3), (DigestAlgorithm::Sha256, 10)])?,
///     "sha-512=3, sha-256=10"
/// );
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn want_content_digest(preferences: &[(DigestAlgorithm, u8)]) -> Result<String, Error> {
    let mut dict = Dictionary::new();
    for (alg, weight) in preferences {
        if *weight > 10 {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("Want-Content-Digest preference for {alg} is {weight}; it must be 0 to 10"),
            ));
        }
        dict.insert(
            alg.name(),
            Member::Item(Item::new(BareItem::Integer(i64::from(*weight)))),
        );
    }
    sfv::serialize_dictionary(&dict)
}

/// Parses `Want-Content-Digest` into `(algorithm name, preference)` pairs, in order
/// (every registry name is kept, known or not).
pub fn parse_want_content_digest(value: &str) -> Result<Vec<(String, i64)>, Error> {
    let dict = sfv::parse_dictionary(value)?;
    dict.iter()
        .map(
            |(name, member)| match member.as_item().and_then(|i| i.bare.as_integer()) {
                Some(weight) if (0..=10).contains(&weight) => Ok((name.to_string(), weight)),
                _ => Err(Error::new(
                    ErrorCode::InvalidHeader,
                    format!("Want-Content-Digest {name}: the preference must be an integer from 0 to 10"),
                )),
            },
        )
        .collect()
}

/// The algorithm to answer a `Want-Content-Digest` with: the supported one with the
/// highest preference (0 means "not acceptable"); ties go to sha-512.
///
/// ```
/// use canonsig::scheme::http::{preferred_digest, DigestAlgorithm};
/// assert_eq!(preferred_digest("sha-512=3, sha-256=10, md5=10")?, Some(DigestAlgorithm::Sha256));
/// assert_eq!(preferred_digest("sha-256=0")?, None);
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn preferred_digest(want: &str) -> Result<Option<DigestAlgorithm>, Error> {
    let mut best: Option<(i64, DigestAlgorithm)> = None;
    for (name, weight) in parse_want_content_digest(want)? {
        let Some(alg) = DigestAlgorithm::from_name(&name) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((w, b)) => weight > w || (weight == w && alg == DigestAlgorithm::Sha512 && b != alg),
        };
        if weight > 0 && better {
            best = Some((weight, alg));
        }
    }
    Ok(best.map(|(_, a)| a))
}

fn ring_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn with_offset(err: Error, offset: Option<usize>) -> Error {
    match offset {
        Some(o) => err.at(o),
        None => err,
    }
}
