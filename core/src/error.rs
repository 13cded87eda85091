//! Errors with a stable code, the byte offset and the JSON path of the problem.
//!
//! Every frontend (Python, JS, CLI) exposes the same [`ErrorCode`] strings, so a
//! test or a log line can match on `duplicate_key` whatever language raised it.

use std::fmt;

/// The stable, machine-readable kind of an [`Error`].
///
/// The snake_case string of each code ([`ErrorCode::as_str`]) is part of the public
/// API of every frontend and never changes meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not well-formed JSON (unexpected character).
    Syntax,
    /// The input ended in the middle of a value.
    UnexpectedEnd,
    /// The input is empty or holds only whitespace.
    EmptyInput,
    /// Bytes that are not valid UTF-8.
    InvalidUtf8,
    /// A UTF-16 surrogate without its partner (`\ud800`, a reversed pair, or an encoded surrogate).
    LoneSurrogate,
    /// A backslash escape that JSON does not define (`\x`, `\u12`).
    InvalidEscape,
    /// A raw control character (U+0000 to U+001F) inside a string.
    ControlCharacter,
    /// The same member name twice in one object (compared after unescaping).
    DuplicateKey,
    /// A number that does not follow the JSON grammar (`01`, `.5`, `1.`, `+1`).
    InvalidNumber,
    /// `NaN`, `Infinity` or `-Infinity`, which JSON and RFC 8785 forbid.
    NonFiniteNumber,
    /// A number too large for IEEE-754 binary64 (`1e400`).
    NumberOutOfRange,
    /// An integer beyond +-(2^53-1) that binary64 cannot hold, so it would silently change
    /// (`9007199254740993` would become `9007199254740992`).
    UnsafeInteger,
    /// Nesting deeper than the configured limit.
    TooDeep,
    /// Input larger than the configured limit.
    TooLarge,
    /// A byte order mark (U+FEFF) before the JSON text.
    Bom,
    /// Non-whitespace after the end of the JSON value.
    TrailingData,
    /// A value that has no JSON form (a map key that is not a string, bytes, a cycle).
    UnsupportedValue,
    /// An option that is not known (for example an unknown profile name).
    InvalidOption,
    /// Key material that cannot be used (malformed, wrong type, wrong length, empty).
    InvalidKey,
    /// An algorithm name canonsig does not know.
    UnsupportedAlgorithm,
    /// The key's algorithm and the one claimed (by a signature or a caller) disagree.
    AlgorithmMismatch,
    /// The algorithm is valid but this verifier does not accept it.
    AlgorithmNotAllowed,
    /// A signature that cannot be one of the algorithm's (bad encoding, wrong length, empty).
    MalformedSignature,
    /// A well-formed signature that does not verify over the signed bytes.
    SignatureMismatch,
    /// No key in the key ring has the signature's key id.
    UnknownKeyId,
    /// The signature is older than the tolerance allows, or past its expiry.
    Expired,
    /// The signature was created further in the future than the tolerance allows.
    FutureTimestamp,
    /// The nonce was already used.
    ReplayedNonce,
    /// A parameter the verifier requires (created, nonce) is absent.
    MissingParameter,
    /// The nonce store could not answer; the verifier fails closed.
    NonceStoreUnavailable,
    /// An HTTP request (or request file) that cannot be read: bad request line, URL, or header line.
    MalformedRequest,
    /// A signing header (`Signature-Input`, `Signature`, `Authorization`, a webhook signature header)
    /// that does not follow its grammar.
    InvalidHeader,
    /// A component the signature covers (a header, a derived component, a query parameter) is absent.
    MissingComponent,
    /// The body does not match its digest (`Content-Digest`, a payload hash).
    DigestMismatch,
    /// Input to a diagnostic tool that cannot be read (an AWS error document, a signing trace).
    MalformedInput,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 35] = [
        ErrorCode::Syntax,
        ErrorCode::UnexpectedEnd,
        ErrorCode::EmptyInput,
        ErrorCode::InvalidUtf8,
        ErrorCode::LoneSurrogate,
        ErrorCode::InvalidEscape,
        ErrorCode::ControlCharacter,
        ErrorCode::DuplicateKey,
        ErrorCode::InvalidNumber,
        ErrorCode::NonFiniteNumber,
        ErrorCode::NumberOutOfRange,
        ErrorCode::UnsafeInteger,
        ErrorCode::TooDeep,
        ErrorCode::TooLarge,
        ErrorCode::Bom,
        ErrorCode::TrailingData,
        ErrorCode::UnsupportedValue,
        ErrorCode::InvalidOption,
        ErrorCode::InvalidKey,
        ErrorCode::UnsupportedAlgorithm,
        ErrorCode::AlgorithmMismatch,
        ErrorCode::AlgorithmNotAllowed,
        ErrorCode::MalformedSignature,
        ErrorCode::SignatureMismatch,
        ErrorCode::UnknownKeyId,
        ErrorCode::Expired,
        ErrorCode::FutureTimestamp,
        ErrorCode::ReplayedNonce,
        ErrorCode::MissingParameter,
        ErrorCode::NonceStoreUnavailable,
        ErrorCode::MalformedRequest,
        ErrorCode::InvalidHeader,
        ErrorCode::MissingComponent,
        ErrorCode::DigestMismatch,
        ErrorCode::MalformedInput,
    ];

    /// The stable snake_case name of this code, shared by every frontend.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Syntax => "syntax",
            ErrorCode::UnexpectedEnd => "unexpected_end",
            ErrorCode::EmptyInput => "empty_input",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::LoneSurrogate => "lone_surrogate",
            ErrorCode::InvalidEscape => "invalid_escape",
            ErrorCode::ControlCharacter => "control_character",
            ErrorCode::DuplicateKey => "duplicate_key",
            ErrorCode::InvalidNumber => "invalid_number",
            ErrorCode::NonFiniteNumber => "non_finite_number",
            ErrorCode::NumberOutOfRange => "number_out_of_range",
            ErrorCode::UnsafeInteger => "unsafe_integer",
            ErrorCode::TooDeep => "too_deep",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Bom => "bom",
            ErrorCode::TrailingData => "trailing_data",
            ErrorCode::UnsupportedValue => "unsupported_value",
            ErrorCode::InvalidOption => "invalid_option",
            ErrorCode::InvalidKey => "invalid_key",
            ErrorCode::UnsupportedAlgorithm => "unsupported_algorithm",
            ErrorCode::AlgorithmMismatch => "algorithm_mismatch",
            ErrorCode::AlgorithmNotAllowed => "algorithm_not_allowed",
            ErrorCode::MalformedSignature => "malformed_signature",
            ErrorCode::SignatureMismatch => "signature_mismatch",
            ErrorCode::UnknownKeyId => "unknown_key_id",
            ErrorCode::Expired => "expired",
            ErrorCode::FutureTimestamp => "future_timestamp",
            ErrorCode::ReplayedNonce => "replayed_nonce",
            ErrorCode::MissingParameter => "missing_parameter",
            ErrorCode::NonceStoreUnavailable => "nonce_store_unavailable",
            ErrorCode::MalformedRequest => "malformed_request",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::MissingComponent => "missing_component",
            ErrorCode::DigestMismatch => "digest_mismatch",
            ErrorCode::MalformedInput => "malformed_input",
        }
    }

    /// What the user can do about it: appended to the message.
    fn hint(self) -> &'static str {
        match self {
            ErrorCode::DuplicateKey => {
                "parsers disagree on which value wins, so the signer and the verifier could see different data; send each name once"
            }
            ErrorCode::UnsafeInteger => {
                "send it as a string, or allow unsafe integers (allow_unsafe_integers, --allow-unsafe-integers) if every party parses integers exactly"
            }
            ErrorCode::LoneSurrogate => "encode text as valid UTF-8 (or as a complete \\ud83d\\ude00 escape pair)",
            ErrorCode::InvalidUtf8 => "re-encode the input as UTF-8",
            ErrorCode::Bom => "strip the byte order mark before signing",
            ErrorCode::NonFiniteNumber => "JSON has no NaN or Infinity; send null or a string",
            ErrorCode::NumberOutOfRange => "send it as a string",
            ErrorCode::TooDeep => "flatten the document or raise the depth limit (max_depth, --max-depth)",
            ErrorCode::TooLarge => "split the document or raise the size limit (max_size, --max-size)",
            ErrorCode::TrailingData => "send exactly one JSON value (use JSON Lines mode for several)",
            ErrorCode::ControlCharacter => "escape control characters (\\n, \\u0001)",
            _ => "",
        }
    }
}

/// The family of an error, which decides the exception class in every frontend
/// (Python `CanonicalizationError` / `InvalidKeyError` / `VerificationError` /
/// `SignatureMismatch`, and the JS classes of the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not JSON canonsig can sign faithfully, or an option is wrong.
    Canonicalization,
    /// Key material or an algorithm name that cannot be used.
    InvalidKey,
    /// A signature was refused by the verification policy or is malformed.
    Verification,
    /// A well-formed signature does not match the bytes the verifier computed.
    SignatureMismatch,
}

impl ErrorCode {
    /// The family this code belongs to. (`algorithm_mismatch` is a verification error,
    /// except that [`Error::kind`] makes it a key error when it comes from loading a key.)
    pub fn kind(self) -> ErrorKind {
        match self {
            ErrorCode::InvalidKey | ErrorCode::UnsupportedAlgorithm => ErrorKind::InvalidKey,
            ErrorCode::SignatureMismatch | ErrorCode::DigestMismatch => ErrorKind::SignatureMismatch,
            ErrorCode::AlgorithmMismatch
            | ErrorCode::AlgorithmNotAllowed
            | ErrorCode::MalformedSignature
            | ErrorCode::UnknownKeyId
            | ErrorCode::Expired
            | ErrorCode::FutureTimestamp
            | ErrorCode::ReplayedNonce
            | ErrorCode::MissingParameter
            | ErrorCode::NonceStoreUnavailable
            | ErrorCode::MalformedRequest
            | ErrorCode::InvalidHeader
            | ErrorCode::MissingComponent => ErrorKind::Verification,
            _ => ErrorKind::Canonicalization,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A canonicalization error: what went wrong, and where.
///
/// `offset` is the byte offset in the input text (absent when the input was an
/// in-memory value rather than text); `path` is the JSON path of the value being
/// read (`$.items[3].name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    offset: Option<usize>,
    path: Option<String>,
    /// What a failed verification computed, boxed: most errors have none, and a small
    /// `Error` keeps every `Result` cheap to return.
    evidence: Option<Box<Evidence>>,
    /// Set when the error comes from loading a key (then every code is a key error).
    loading_key: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Evidence {
    /// For a signature mismatch: the exact bytes the verifier computed the signature over.
    signed_bytes: Option<Vec<u8>>,
    /// Named intermediate strings the verifier computed (`canonical_request`, `string_to_sign`).
    details: Vec<(&'static str, String)>,
}

impl Error {
    /// A new error; frontends that build [`Value`](crate::Value)s use it to report
    /// their own conversion problems with the same codes.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            offset: None,
            path: None,
            evidence: None,
            loading_key: false,
        }
    }

    /// Sets the byte offset where the problem is.
    pub fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sets the JSON path where the problem is.
    pub fn with_path(mut self, path: String) -> Self {
        self.path = Some(path);
        self
    }

    pub(crate) fn with_signed_bytes(mut self, bytes: Vec<u8>) -> Self {
        self.evidence.get_or_insert_with(Box::default).signed_bytes = Some(bytes);
        self
    }

    /// For a `signature_mismatch`: the exact bytes the verifier signed, to log and diff
    /// against the signer's. (Never the expected MAC.)
    pub fn signed_bytes(&self) -> Option<&[u8]> {
        self.evidence.as_ref().and_then(|e| e.signed_bytes.as_deref())
    }

    pub(crate) fn with_detail(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.evidence
            .get_or_insert_with(Box::default)
            .details
            .push((name, value.into()));
        self
    }

    /// For a `signature_mismatch`: an intermediate string the verifier computed, by name
    /// (`canonical_request` and `string_to_sign` for AWS SigV4), to diff against the signer's.
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details().iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Every intermediate string attached to this error, as `(name, value)` in the order computed.
    pub fn details(&self) -> &[(&'static str, String)] {
        self.evidence.as_ref().map_or(&[], |e| e.details.as_slice())
    }

    /// For a `signature_mismatch`: SHA-256 (lower-case hex) of [`Error::signed_bytes`].
    pub fn signed_sha256(&self) -> Option<String> {
        self.signed_bytes().map(|b| {
            ring::digest::digest(&ring::digest::SHA256, b)
                .as_ref()
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect()
        })
    }

    /// Marks an error raised while loading a key: a disagreeing algorithm there is a
    /// problem with the key, not with a signature.
    pub(crate) fn while_loading_key(mut self) -> Self {
        self.loading_key = true;
        self
    }

    /// The family of this error, which frontends map to their exception classes.
    pub fn kind(&self) -> ErrorKind {
        if self.loading_key && self.code == ErrorCode::AlgorithmMismatch {
            ErrorKind::InvalidKey
        } else {
            self.code.kind()
        }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The byte offset in the input where the problem is, when the input was text.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The JSON path of the value where the problem is (`$.a[2]`).
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The human-readable description, without location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        match (self.offset, &self.path) {
            (Some(o), Some(p)) => write!(f, " at byte {o} ({p})")?,
            (Some(o), None) => write!(f, " at byte {o}")?,
            (None, Some(p)) => write!(f, " at {p}")?,
            (None, None) => {}
        }
        let hint = self.code.hint();
        if !hint.is_empty() {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
