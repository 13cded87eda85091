//! Verifying an incoming SigV4 or SigV4a request (`Authorization` header or presigned URL).

use std::sync::Arc;
use std::time::Duration;

use ring::hmac;

use super::canonical::{
    canonical_headers, canonical_query, canonical_uri, join_canonical_request, query_pairs, sha256_hex,
    UNSIGNED_PAYLOAD,
};
use super::signer::{credential_scope, payload_line, signing_key, string_to_sign, MAX_EXPIRES};
use super::v4a::{self, V4aKey};
use super::{Credentials, Settings, Version, ALGORITHM, ALGORITHM_V4A};
use crate::scheme::Request;
use crate::sign::encoding::hex_decode;
use crate::time::parse_amz_date;
use crate::time::{self, Clock, Now, SystemClock};
use crate::{Error, ErrorCode};

/// AWS refuses requests more than 15 minutes away from its clock (`RequestTimeTooSkewed`).
const DEFAULT_TOLERANCE: u64 = 15 * 60;

/// Verifies SigV4 and SigV4a requests against a set of credentials (a SigV4a signature is
/// checked with the public key derived from the credentials, see
/// [`Credentials::sigv4a_public_key`]).
///
/// ```
/// use canonsig::scheme::aws::{Credentials, SigV4Verifier, Signer};
/// use canonsig::scheme::Request;
/// use canonsig::ErrorCode;
///
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let req = Request::new("GET", "/?a=1").header("Host", "example.amazonaws.com");
/// let signed = Signer::new(creds.clone(), "us-east-1", "service").sign(&req, 1_440_938_160)?;
///
/// let verifier = SigV4Verifier::new(vec![creds]).clock(|| 1_440_938_160 + 60);
/// let ok = verifier.verify(&signed.request)?;
/// assert_eq!(ok.canonical_request, signed.canonical_request);
///
/// // A proxy rewrote the query: the error carries what this side computed.
/// let mut tampered = signed.request.clone();
/// tampered.set_target("/?a=2");
/// let err = verifier.verify(&tampered).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::SignatureMismatch);
/// assert!(err.detail("canonical_request").unwrap().contains("\na=2\n"));
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone)]
pub struct SigV4Verifier {
    credentials: Vec<Credentials>,
    region: Option<String>,
    service: Option<String>,
    settings: Settings,
    tolerance: u64,
    clock: Arc<dyn Clock>,
    allow_unsigned_payload: bool,
}

/// What a successful verification established, with the intermediate strings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "Verified", rename_all = "camelCase")
)]
pub struct SigV4Verified {
    /// The access key id that signed.
    pub access_key_id: String,
    /// The region of the credential scope (SigV4a: the `X-Amz-Region-Set` value).
    pub region: String,
    /// The service of the credential scope.
    pub service: String,
    /// The `X-Amz-Date` value.
    pub amz_date: String,
    /// `X-Amz-Date` as Unix seconds.
    pub time: u64,
    /// The signed header names.
    pub signed_headers: Vec<String>,
    /// `X-Amz-Expires` of a presigned URL (`None` for header signing).
    pub expires: Option<u64>,
    /// The canonical request this side computed.
    pub canonical_request: String,
    /// The string to sign this side computed.
    pub string_to_sign: String,
}

impl std::fmt::Debug for SigV4Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Verifier")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("settings", &self.settings)
            .field("tolerance", &self.tolerance)
            .field("allow_unsigned_payload", &self.allow_unsigned_payload)
            .finish_non_exhaustive()
    }
}

/// The signature parameters, from the `Authorization` header or the presigned query.
pub(crate) struct Claim {
    pub(crate) version: Version,
    pub(crate) access_key_id: String,
    pub(crate) date: String,
    /// The scope's region (SigV4) or `X-Amz-Region-Set` (SigV4a).
    pub(crate) region: String,
    pub(crate) service: String,
    pub(crate) signed_headers: Vec<String>,
    pub(crate) signature: Vec<u8>,
    pub(crate) amz_date: String,
    pub(crate) expires: Option<u64>,
}

impl SigV4Verifier {
    /// A verifier for these credentials (looked up by access key id), with the default
    /// [`Settings`], a 15-minute clock tolerance and the system clock.
    pub fn new(credentials: Vec<Credentials>) -> Self {
        SigV4Verifier {
            credentials,
            region: None,
            service: None,
            settings: Settings::default(),
            tolerance: DEFAULT_TOLERANCE,
            clock: Arc::new(SystemClock),
            allow_unsigned_payload: true,
        }
    }

    /// Only accept this region in the credential scope (SigV4a: only a region set that
    /// covers it: the region itself, `*`, or a prefix wildcard such as `us-*`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Only accept this service in the credential scope.
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    /// The canonicalization rules the signer used ([`Settings::s3`] for S3). With
    /// header signing, a `x-amz-content-sha256` header overrides `payload`.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// How far `X-Amz-Date` may be from now (default 15 minutes, as AWS).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance.as_secs();
        self
    }

    /// Where "now" comes from (a closure returning Unix seconds works).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is accepted (default true, as S3).
    pub fn allow_unsigned_payload(mut self, allow: bool) -> Self {
        self.allow_unsigned_payload = allow;
        self
    }

    /// Verifies the request's `Authorization` header or presigned query.
    ///
    /// Errors, most specific first: `missing_component` (no SigV4 authentication, or a
    /// signed header absent), `invalid_header` (a malformed `Authorization`, credential
    /// scope, `X-Amz-Date`, or a scope this verifier does not serve),
    /// `unsupported_algorithm`, `malformed_signature`, `unknown_key_id`,
    /// `signature_mismatch` (with [`Error::signed_bytes`] = string to sign and
    /// [`Error::detail`] `canonical_request` / `string_to_sign`), `digest_mismatch` (the body
    /// does not match `x-amz-content-sha256`), `expired` / `future_timestamp`.
    pub fn verify(&self, req: &Request) -> Result<SigV4Verified, Error> {
        self.verify_with(req, Now::Clock(&*self.clock))
    }

    /// Verifies like [`SigV4Verifier::verify`] at `now` (Unix seconds), whatever the clock says.
    pub fn verify_at(&self, req: &Request, now: u64) -> Result<SigV4Verified, Error> {
        self.verify_with(req, Now::At(now))
    }

    fn verify_with(&self, req: &Request, now: Now<'_>) -> Result<SigV4Verified, Error> {
        let claim = claim_of(req)?;
        let credentials = self
            .credentials
            .iter()
            .find(|c| c.access_key_id() == claim.access_key_id)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownKeyId,
                    format!("no credentials for access key id {:?}", claim.access_key_id),
                )
            })?;
        if let Some(expected) = self.region.as_ref() {
            if claim.version == Version::V4a && !region_set_covers(&claim.region, expected) {
                return Err(header_error(format!(
                    "X-Amz-Region-Set {:?} does not cover region {expected:?}, which this verifier expects",
                    claim.region
                )));
            }
        }
        for (what, claimed, expected) in [
            (
                "region",
                &claim.region,
                self.region.as_ref().filter(|_| claim.version == Version::V4),
            ),
            ("service", &claim.service, self.service.as_ref()),
        ] {
            if let Some(expected) = expected.filter(|e| *e != claimed) {
                return Err(header_error(format!(
                    "the credential scope names {what} {claimed:?}, this verifier expects {expected:?}"
                )));
            }
        }
        let time = parse_amz_date(&claim.amz_date)
            .ok_or_else(|| header_error(format!("X-Amz-Date {:?} is not yyyymmddThhmmssZ", claim.amz_date)))?;
        if claim.amz_date[..8] != claim.date {
            return Err(header_error(format!(
                "the credential scope date {} is not the date of X-Amz-Date {}",
                claim.date, claim.amz_date
            )));
        }
        let (payload, body_hash_claim) = self.payload(req, claim.expires.is_some())?;
        let (headers_block, signed_headers) = canonical_headers(req, &claim.signed_headers)?;
        let uri = canonical_uri(req.path(), &self.settings);
        let scope = credential_scope(claim.version, &claim.date, &claim.region, &claim.service);
        let key = SignatureKey::of(credentials, &claim)?;
        let mut pairs = query_pairs(req.query());
        if claim.expires.is_some() {
            pairs.retain(|(n, _)| n != b"X-Amz-Signature");
        }
        let attempt = |pairs: &[(Vec<u8>, Vec<u8>)]| {
            let query = canonical_query(pairs);
            let creq = join_canonical_request(req.method(), &uri, &query, &headers_block, &signed_headers, &payload);
            let sts = string_to_sign(claim.version, &claim.amz_date, &scope, &creq);
            let ok = key.verify(sts.as_bytes(), &claim.signature);
            (ok, creq, sts)
        };
        let (mut ok, mut creq, mut sts) = attempt(&pairs);
        if !ok && claim.expires.is_some() && pairs.iter().any(|(n, _)| n == b"X-Amz-Security-Token") {
            // Some signers add the session token after signing a presigned URL.
            pairs.retain(|(n, _)| n != b"X-Amz-Security-Token");
            let (ok2, ..) = attempt(&pairs);
            ok = ok2;
            if ok {
                (_, creq, sts) = attempt(&pairs);
            }
        }
        if !ok {
            return Err(mismatch(&claim, &signed_headers, &payload, creq, sts));
        }
        if let Some(claimed) = body_hash_claim {
            let actual = sha256_hex(req.body_bytes());
            if claimed != actual {
                return Err(Error::new(
                    ErrorCode::DigestMismatch,
                    format!("x-amz-content-sha256 is {claimed} but the body's SHA-256 is {actual}: the body changed after signing"),
                ));
            }
        }
        self.check_time(time, &claim, now)?;
        Ok(SigV4Verified {
            access_key_id: claim.access_key_id,
            region: claim.region,
            service: claim.service,
            amz_date: claim.amz_date,
            time,
            signed_headers: claim.signed_headers,
            expires: claim.expires,
            canonical_request: creq,
            string_to_sign: sts,
        })
    }

    /// The payload line, and the hex hash the sender claims for the body (to check after).
    fn payload(&self, req: &Request, presigned: bool) -> Result<(String, Option<String>), Error> {
        let mut claimed = req.header_values("x-amz-content-sha256");
        let value = match (claimed.next(), claimed.next()) {
            (Some(_), Some(_)) => return Err(header_error("x-amz-content-sha256 appears more than once".into())),
            (Some(value), None) if !presigned => value.trim(),
            _ => return Ok((payload_line(&self.settings.payload, req), None)),
        };
        if value == UNSIGNED_PAYLOAD {
            if !self.allow_unsigned_payload {
                return Err(header_error(
                    "x-amz-content-sha256 is UNSIGNED-PAYLOAD, which this verifier refuses".into(),
                ));
            }
            return Ok((value.to_string(), None));
        }
        if value.starts_with("STREAMING-") {
            return Err(header_error(format!(
                "x-amz-content-sha256 {value:?}: chunked (streaming) payload signing is not supported"
            )));
        }
        if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(header_error(format!(
                "x-amz-content-sha256 {value:?} is neither UNSIGNED-PAYLOAD nor a lower-case hex SHA-256"
            )));
        }
        Ok((value.to_string(), Some(value.to_string())))
    }

    fn check_time(&self, time: u64, claim: &Claim, now: Now<'_>) -> Result<(), Error> {
        let now = i128::from(now.get()?);
        let subject = format!("X-Amz-Date {}", claim.amz_date);
        time::not_ahead(&subject, i128::from(time), now, self.tolerance)?;
        match claim.expires {
            Some(expires) => time::not_older(
                &subject,
                i128::from(time),
                now,
                expires,
                &format!("the presigned URL expired (X-Amz-Expires {expires} s)"),
            ),
            None => time::not_older(
                &subject,
                i128::from(time),
                now,
                self.tolerance,
                "a replay, a delayed request or a skewed clock (AWS allows 15 minutes)",
            ),
        }
    }
}

/// What checks a claim's signature: the SigV4 HMAC key, or the SigV4a public key.
enum SignatureKey {
    Hmac(hmac::Key),
    Ecdsa(Vec<u8>),
}

impl SignatureKey {
    fn of(credentials: &Credentials, claim: &Claim) -> Result<Self, Error> {
        Ok(match claim.version {
            Version::V4 => SignatureKey::Hmac(signing_key(
                credentials.secret(),
                &claim.date,
                &claim.region,
                &claim.service,
            )),
            Version::V4a => {
                SignatureKey::Ecdsa(V4aKey::derive(credentials.access_key_id(), credentials.secret())?.public_key())
            }
        })
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            SignatureKey::Hmac(key) => hmac::verify(key, message, signature).is_ok(),
            SignatureKey::Ecdsa(public_key) => v4a::verify(public_key, message, signature),
        }
    }
}

/// Whether a SigV4a region set (`us-east-1,us-west-2`, `*`, `us-*`) covers `region`.
fn region_set_covers(set: &str, region: &str) -> bool {
    set.split(',')
        .map(str::trim)
        .any(|entry| match entry.strip_suffix('*') {
            Some(prefix) => region.starts_with(prefix),
            None => entry == region,
        })
}

/// What a signed request claims: from its `Authorization` header or its presigned query.
pub(crate) fn claim_of(req: &Request) -> Result<Claim, Error> {
    let mut auth = req.header_values("authorization");
    let header = match (auth.next(), auth.next()) {
        (Some(_), Some(_)) => {
            return Err(header_error(
                "the request has more than one Authorization header".into(),
            ))
        }
        (one, _) => one.map(str::trim),
    };
    let query = query_pairs(req.query());
    let presigned = query
        .iter()
        .any(|(n, _)| n == b"X-Amz-Algorithm" || n == b"X-Amz-Signature");
    match (header, presigned) {
        (Some(_), true) => Err(header_error(
            "the request has both an Authorization header and a presigned query; AWS accepts only one".into(),
        )),
        (Some(value), false) => parse_authorization(value, req),
        (None, true) => parse_presigned(&query),
        (None, false) => Err(Error::new(
            ErrorCode::MissingComponent,
            "the request has no SigV4 Authorization header and no X-Amz-Signature query parameter",
        )),
    }
}

fn parse_authorization(value: &str, req: &Request) -> Result<Claim, Error> {
    let (algorithm, params) = value.split_once(' ').unwrap_or((value, ""));
    let Some(version) = Version::from_algorithm(algorithm) else {
        return Err(Error::new(
            ErrorCode::UnsupportedAlgorithm,
            format!("the Authorization scheme is {algorithm:?}; only {ALGORITHM} and {ALGORITHM_V4A} are supported"),
        ));
    };
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in params.split(',') {
        let part = part.trim();
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| header_error(format!("Authorization part {part:?} is not name=value")))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(header_error(format!("Authorization has an unknown part {name:?}"))),
        };
        if slot.replace(value).is_some() {
            return Err(header_error(format!("Authorization has {name} twice")));
        }
    }
    fn need<'a>(v: Option<&'a str>, what: &str) -> Result<&'a str, Error> {
        v.ok_or_else(|| header_error(format!("Authorization has no {what}=")))
    }
    let (credential, signed_headers, signature) = (
        need(credential, "Credential")?,
        need(signed_headers, "SignedHeaders")?,
        need(signature, "Signature")?,
    );
    let signed_headers = parse_signed_headers(signed_headers)?;
    if !signed_headers.iter().any(|h| h == "x-amz-date") {
        return Err(header_error("SignedHeaders must include x-amz-date".into()));
    }
    let amz_date = single_header(req, "X-Amz-Date", "(a Date header alone is not supported)")?;
    let region_set = match version {
        Version::V4 => None,
        Version::V4a => {
            if !signed_headers.iter().any(|h| h == "x-amz-region-set") {
                return Err(header_error(format!(
                    "SignedHeaders must include x-amz-region-set ({ALGORITHM_V4A})"
                )));
            }
            Some(single_header(req, "X-Amz-Region-Set", "(SigV4a needs it)")?)
        }
    };
    claim_from(
        version,
        credential,
        signed_headers,
        signature,
        amz_date,
        None,
        region_set,
    )
}

/// The trimmed value of a header that must appear exactly once.
fn single_header(req: &Request, name: &str, why: &str) -> Result<String, Error> {
    let mut values = req.header_values(name);
    match (values.next(), values.next()) {
        (Some(v), None) => Ok(v.trim().to_string()),
        (Some(_), Some(_)) => Err(header_error(format!("{name} appears more than once"))),
        (None, _) => Err(Error::new(
            ErrorCode::MissingComponent,
            format!("the request has no {name} header {why}"),
        )),
    }
}

fn parse_presigned(query: &[(Vec<u8>, Vec<u8>)]) -> Result<Claim, Error> {
    let get = |name: &str| -> Result<String, Error> {
        let mut values = query.iter().filter(|(n, _)| n == name.as_bytes());
        match (values.next(), values.next()) {
            (Some((_, v)), None) => String::from_utf8(v.clone())
                .map_err(|_| header_error(format!("the {name} query parameter is not UTF-8"))),
            (Some(_), Some(_)) => Err(header_error(format!(
                "the {name} query parameter appears more than once"
            ))),
            (None, _) => Err(Error::new(
                ErrorCode::MissingComponent,
                format!("the presigned URL has no {name} query parameter"),
            )),
        }
    };
    let algorithm = get("X-Amz-Algorithm")?;
    let Some(version) = Version::from_algorithm(&algorithm) else {
        return Err(Error::new(
            ErrorCode::UnsupportedAlgorithm,
            format!("X-Amz-Algorithm is {algorithm:?}; only {ALGORITHM} and {ALGORITHM_V4A} are supported"),
        ));
    };
    let region_set = match version {
        Version::V4 => None,
        Version::V4a => Some(get("X-Amz-Region-Set")?),
    };
    let expires_text = get("X-Amz-Expires")?;
    let expires = expires_text
        .parse::<u64>()
        .ok()
        .filter(|e| (1..=MAX_EXPIRES).contains(e) && expires_text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            header_error(format!(
                "X-Amz-Expires {expires_text:?} is not 1 to {MAX_EXPIRES} seconds"
            ))
        })?;
    let signed_headers = parse_signed_headers(&get("X-Amz-SignedHeaders")?)?;
    claim_from(
        version,
        &get("X-Amz-Credential")?,
        signed_headers,
        &get("X-Amz-Signature")?,
        get("X-Amz-Date")?,
        Some(expires),
        region_set,
    )
}

/// The longest hex DER ECDSA P-256 signature: 72 bytes.
const MAX_V4A_SIGNATURE_HEX: usize = 144;

fn claim_from(
    version: Version,
    credential: &str,
    signed_headers: Vec<String>,
    signature: &str,
    amz_date: String,
    expires: Option<u64>,
    region_set: Option<String>,
) -> Result<Claim, Error> {
    let parts: Vec<&str> = credential.split('/').collect();
    let (shape, fields) = match (version, &parts[..], region_set) {
        (Version::V4, &[key, date, region, service, terminator], _) => (
            "region/service",
            Some((key, date, region.to_string(), service, terminator)),
        ),
        (Version::V4a, &[key, date, service, terminator], Some(set)) => {
            ("service", Some((key, date, set, service, terminator)))
        }
        (Version::V4, ..) => ("region/service", None),
        (Version::V4a, ..) => ("service", None),
    };
    let Some((access_key_id, date, region, service, "aws4_request")) =
        fields.filter(|(key, date, ..)| date.len() == 8 && !key.is_empty())
    else {
        return Err(header_error(format!(
            "Credential {credential:?} is not access-key-id/yyyymmdd/{shape}/aws4_request ({})",
            version.algorithm()
        )));
    };
    let (valid_length, expected) = match version {
        Version::V4 => (signature.len() == 64, "64 lower-case hex digits"),
        Version::V4a => (
            signature.len() <= MAX_V4A_SIGNATURE_HEX,
            "the lower-case hex of a DER ECDSA P-256 signature",
        ),
    };
    let valid_hex = valid_length
        && !signature.is_empty()
        && signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let signature = hex_decode(signature).filter(|_| valid_hex).ok_or_else(|| {
        Error::new(
            ErrorCode::MalformedSignature,
            format!("the signature {signature:?} is not {expected}"),
        )
    })?;
    Ok(Claim {
        version,
        access_key_id: access_key_id.to_string(),
        date: date.to_string(),
        region,
        service: service.to_string(),
        signed_headers,
        signature,
        amz_date,
        expires,
    })
}

fn parse_signed_headers(list: &str) -> Result<Vec<String>, Error> {
    let names: Vec<String> = list.split(';').map(str::to_string).collect();
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || n.bytes().any(|b| b.is_ascii_uppercase() || b <= b' '))
    {
        return Err(header_error(format!(
            "SignedHeaders {list:?} has an invalid name {bad:?} (names are lower case)"
        )));
    }
    if names.windows(2).any(|w| w[0] >= w[1]) {
        return Err(header_error(format!("SignedHeaders {list:?} is not sorted and unique")));
    }
    if !names.iter().any(|n| n == "host") {
        return Err(header_error(format!("SignedHeaders {list:?} must include host")));
    }
    Ok(names)
}

fn mismatch(claim: &Claim, signed_headers: &str, payload: &str, creq: String, sts: String) -> Error {
    let region_set = match claim.version {
        Version::V4 => String::new(),
        Version::V4a => format!(", region set {}", claim.region),
    };
    let presign_hint = if claim.expires.is_some() && payload != UNSIGNED_PAYLOAD {
        "; S3 presigned URLs sign UNSIGNED-PAYLOAD (Payload::Unsigned)"
    } else {
        ""
    };
    Error::new(
        ErrorCode::SignatureMismatch,
        format!(
            "the {} signature does not match the canonical request computed here (access key {}, scope {}{region_set}, signed headers {signed_headers}, payload {payload}); diff the canonical request with the signer's: a different secret, path or query encoding, header value or body are the usual causes{presign_hint}",
            claim.version.algorithm(),
            claim.access_key_id,
            credential_scope(claim.version, &claim.date, &claim.region, &claim.service),
        ),
    )
    .with_signed_bytes(sts.clone().into_bytes())
    .with_detail("canonical_request", creq)
    .with_detail("string_to_sign", sts)
}

fn header_error(message: String) -> Error {
    Error::new(ErrorCode::InvalidHeader, message)
}
