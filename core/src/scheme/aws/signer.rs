//! Signing: the `Authorization` header and presigned URLs.

use std::sync::Arc;

use ring::hmac;

use super::canonical::{
    canonical_headers, canonical_query, canonical_uri, join_canonical_request, query_pairs, sha256_hex,
    signable_header_names, UNSIGNED_PAYLOAD,
};
use super::encode::uri_encode;
use super::v4a::V4aKey;
use super::{Credentials, Payload, Settings, Version};
use crate::scheme::host::normalize_authority;
use crate::scheme::{Header, Request};
use crate::sign::encoding::hex_encode;
use crate::time::format_amz_date;
use crate::{Error, ErrorCode};

/// How long a presigned URL is valid when no one says (1 hour, botocore's and the AWS
/// CLI's default): every frontend's default.
pub const DEFAULT_PRESIGN_EXPIRES: u64 = 3600;

/// The longest validity of a presigned URL AWS accepts (7 days).
pub(crate) const MAX_EXPIRES: u64 = 604_800;

/// Signs requests for one set of credentials, region and service: SigV4
/// ([`Signer::new`]) or SigV4a ([`Signer::new_v4a`]).
///
/// ```
/// use canonsig::scheme::aws::{Credentials, Settings, Signer};
/// use canonsig::scheme::Request;
///
/// let signer = Signer::new(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-east-1", "service");
/// let req = Request::new("GET", "https://example.amazonaws.com/");
/// let url = signer.presign(&req, 1_440_938_160, 3600)?;
/// // The AWS test suite's presigned get-vanilla:
/// assert!(url.request.target().ends_with("X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    credentials: Credentials,
    /// The region (SigV4) or the region set (SigV4a).
    region: String,
    service: String,
    settings: Settings,
    /// The derived ECDSA key when signing SigV4a.
    v4a: Option<Arc<V4aKey>>,
    /// Leave the headers an HTTP client manages itself unsigned ([`Signer::for_http_client`]).
    client: bool,
}

/// Headers an HTTP client adds and negotiates on its own, which intermediaries may change
/// (a proxy that decompresses rewrites `accept-encoding`): signing them from an adapter
/// (requests, httpx, fetch) breaks the signature in transit. Hop-by-hop and tracing headers
/// are never signed at all.
const CLIENT_MANAGED_HEADERS: [&str; 1] = ["accept-encoding"];

/// A signed request and every intermediate string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The request with the signing headers (or presigned query parameters) added.
    pub request: Request,
    /// The canonical request (six lines, no trailing newline).
    pub canonical_request: String,
    /// The string to sign (four lines).
    pub string_to_sign: String,
    /// The signature, lower-case hex (SigV4a: of the DER-encoded ECDSA signature).
    pub signature: String,
    /// The signed header names, `;`-joined.
    pub signed_headers: String,
    /// `yyyymmdd/region/service/aws4_request` (SigV4a: `yyyymmdd/service/aws4_request`).
    pub credential_scope: String,
    /// The `X-Amz-Date` value.
    pub amz_date: String,
    /// The `Authorization` header value (header signing only).
    pub authorization: Option<String>,
    /// The header lines signing set, in order (each replaces any line of that name):
    /// `X-Amz-Security-Token`, `X-Amz-Date`, `X-Amz-Region-Set`, `x-amz-content-sha256`,
    /// `Authorization` as they apply; none for a presigned URL.
    pub headers: Vec<Header>,
}

impl Signed {
    /// The absolute URL of the signed request (the presigned URL after
    /// [`Signer::presign`]), with the authority as clients send it: the host lower-cased,
    /// an IDN host in its `xn--` form, no default port, no userinfo.
    pub fn url(&self) -> Result<String, Error> {
        let scheme = self.request.scheme().to_ascii_lowercase();
        let authority = normalize_authority(&scheme, self.request.authority()?)?;
        let query = self.request.query().map(|q| format!("?{q}")).unwrap_or_default();
        Ok(format!("{scheme}://{authority}{}{query}", self.request.path()))
    }
}

/// The request a presigned URL's user sends: whoever opens the URL sends the host the URL
/// carries, as clients write it (lower-cased, no default port), whatever `Host` line the
/// request to presign had. Signing that line as written would give a URL no client can use.
fn as_url_opens(req: &Request) -> Result<Request, Error> {
    let mut copy = req.clone();
    if copy.header_values("host").next().is_some() {
        let host = normalize_authority(req.scheme(), req.authority()?)?;
        let headers = copy.headers_mut();
        let at = headers
            .iter()
            .position(|h| h.name.eq_ignore_ascii_case("host"))
            .unwrap_or(0);
        headers.retain(|h| !h.name.eq_ignore_ascii_case("host"));
        headers.insert(
            at.min(headers.len()),
            Header {
                name: "Host".into(),
                value: host,
            },
        );
    }
    Ok(copy)
}

impl Signer {
    /// A signer with the default (non-S3) [`Settings`].
    pub fn new(credentials: Credentials, region: impl Into<String>, service: impl Into<String>) -> Self {
        Signer {
            credentials,
            region: region.into(),
            service: service.into(),
            settings: Settings::default(),
            v4a: None,
            client: false,
        }
    }

    /// Signs as an HTTP client adapter does (the requests, httpx and fetch adapters of
    /// every frontend): the headers the client manages itself (`accept-encoding`) are left
    /// unsigned, as hop-by-hop and tracing headers always are.
    pub fn for_http_client(mut self) -> Self {
        self.client = true;
        self
    }

    /// The request as this signer signs it: without client-managed headers for an adapter.
    fn signable<'r>(&self, req: &'r Request) -> std::borrow::Cow<'r, Request> {
        if !self.client {
            return std::borrow::Cow::Borrowed(req);
        }
        let mut copy = req.clone();
        copy.headers_mut()
            .retain(|h| !CLIENT_MANAGED_HEADERS.iter().any(|n| h.name.eq_ignore_ascii_case(n)));
        std::borrow::Cow::Owned(copy)
    }

    /// A SigV4a (`AWS4-ECDSA-P256-SHA256`) signer: the P-256 key is derived from the
    /// credentials (as aws-c-auth does), the credential scope has no region, and
    /// `region_set` (`us-east-1`, `us-east-1,us-west-2`, `*`) is sent and signed as
    /// `X-Amz-Region-Set` (a query parameter when presigning). Signatures use RFC 6979
    /// nonces, so signing is deterministic and needs no random number generator; the
    /// signature is the hex of the DER encoding. Errors with `invalid_key` only if no key
    /// can be derived (probability about 2^-8000).
    ///
    /// ```
    /// use canonsig::scheme::aws::{Credentials, Signer};
    /// use canonsig::scheme::Request;
    ///
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    /// let signer = Signer::new_v4a(creds, "us-east-1", "service")?;
    /// let req = Request::new("GET", "/").header("Host", "example.amazonaws.com");
    /// let signed = signer.sign(&req, 1_440_938_160)?;
    /// // The AWS test suite's v4a get-vanilla string to sign:
    /// assert_eq!(signed.string_to_sign, "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\n\
    ///     cf59db423e841c8b7e3444158185aa261b724a5c27cbe762676f3eed19f4dc02");
    /// assert!(signed.authorization.unwrap().starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=30"));
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn new_v4a(
        credentials: Credentials,
        region_set: impl Into<String>,
        service: impl Into<String>,
    ) -> Result<Self, Error> {
        let key = V4aKey::derive(credentials.access_key_id(), credentials.secret())?;
        Ok(Signer {
            v4a: Some(Arc::new(key)),
            ..Signer::new(credentials, region_set, service)
        })
    }

    fn version(&self) -> Version {
        if self.v4a.is_some() {
            Version::V4a
        } else {
            Version::V4
        }
    }

    /// Replaces the canonicalization settings (for example [`Settings::s3`]).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Signs with an `Authorization` header at `time` (Unix seconds): adds
    /// `X-Amz-Security-Token` (with temporary credentials), `X-Amz-Date`,
    /// `X-Amz-Region-Set` (SigV4a), `x-amz-content-sha256` (when the settings say so) and `Authorization`, replacing
    /// any already present. Every other header is signed except the ones botocore never
    /// signs either: `authorization`, hop-by-hop headers (`connection`, `keep-alive`, `te`,
    /// `trailer`, `transfer-encoding`, `upgrade`, `proxy-*`, `expect`) and tracing headers
    /// (`user-agent`, `x-amzn-trace-id`, `traceparent`, `tracestate`, `baggage`).
    pub fn sign(&self, req: &Request, time: u64) -> Result<Signed, Error> {
        let req = &*self.signable(req);
        let amz_date = format_amz_date(time);
        let payload = payload_line(&self.settings.payload, req);
        let mut out = req.clone();
        let mut set = Vec::new();
        let token = self.credentials.session_token();
        if let Some(token) = token {
            set_header(&mut out, &mut set, "X-Amz-Security-Token", token);
        }
        set_header(&mut out, &mut set, "X-Amz-Date", &amz_date);
        if self.v4a.is_some() {
            set_header(&mut out, &mut set, "X-Amz-Region-Set", &self.region);
        }
        if self.settings.content_sha256_header {
            set_header(&mut out, &mut set, "x-amz-content-sha256", &payload);
        }
        let mut names = signable_header_names(&out);
        if token.is_some() && !self.settings.sign_session_token {
            names.retain(|n| n != "x-amz-security-token");
        }
        let (headers_block, signed_headers) = canonical_headers(&out, &names)?;
        let query = canonical_query(&query_pairs(out.query()));
        let uri = canonical_uri(out.path(), &self.settings);
        let canonical_request =
            join_canonical_request(out.method(), &uri, &query, &headers_block, &signed_headers, &payload);
        let parts = self.finish(canonical_request, amz_date, signed_headers);
        let authorization = format!(
            "{} Credential={}/{}, SignedHeaders={}, Signature={}",
            self.version().algorithm(),
            self.credentials.access_key_id(),
            parts.credential_scope,
            parts.signed_headers,
            parts.signature
        );
        set_header(&mut out, &mut set, "Authorization", &authorization);
        Ok(Signed {
            request: out,
            authorization: Some(authorization),
            headers: set,
            ..parts
        })
    }

    /// Presigns: adds `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Expires` (`expires` seconds, 1 to 604800),
    /// `X-Amz-Security-Token`, `X-Amz-Region-Set` (SigV4a) and `X-Amz-Signature` to the query, in that order (as the AWS
    /// test suite does). Every header the request carries is signed (usually just `host`).
    /// For S3, use [`Payload::Unsigned`].
    pub fn presign(&self, req: &Request, time: u64, expires: u64) -> Result<Signed, Error> {
        if !(1..=MAX_EXPIRES).contains(&expires) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("X-Amz-Expires must be 1 to {MAX_EXPIRES} seconds (7 days), got {expires}"),
            ));
        }
        let req = &as_url_opens(&self.signable(req))?;
        let amz_date = format_amz_date(time);
        let payload = payload_line(&self.settings.payload, req);
        let names = signable_header_names(req);
        let (headers_block, signed_headers) = canonical_headers(req, &names)?;
        let credential = format!("{}/{}", self.credentials.access_key_id(), self.scope(&amz_date));
        let token = self.credentials.session_token();
        let mut added: Vec<(&str, String)> = vec![
            ("X-Amz-Algorithm", self.version().algorithm().to_string()),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", amz_date.clone()),
            ("X-Amz-SignedHeaders", signed_headers.clone()),
            ("X-Amz-Expires", expires.to_string()),
        ];
        if let Some(token) = token {
            added.push(("X-Amz-Security-Token", token.to_string()));
        }
        if self.v4a.is_some() {
            added.push(("X-Amz-Region-Set", self.region.clone()));
        }
        let mut pairs = query_pairs(req.query());
        for (name, value) in &added {
            if *name != "X-Amz-Security-Token" || self.settings.sign_session_token {
                pairs.push((name.as_bytes().to_vec(), value.as_bytes().to_vec()));
            }
        }
        let query = canonical_query(&pairs);
        let uri = canonical_uri(req.path(), &self.settings);
        let canonical_request =
            join_canonical_request(req.method(), &uri, &query, &headers_block, &signed_headers, &payload);
        let parts = self.finish(canonical_request, amz_date, signed_headers);
        added.push(("X-Amz-Signature", parts.signature.clone()));
        let mut out = req.clone();
        out.set_target(append_query(req.target(), &added));
        Ok(Signed {
            request: out,
            authorization: None,
            ..parts
        })
    }

    fn scope(&self, amz_date: &str) -> String {
        credential_scope(self.version(), &amz_date[..8], &self.region, &self.service)
    }

    /// String to sign and signature from the canonical request.
    fn finish(&self, canonical_request: String, amz_date: String, signed_headers: String) -> Signed {
        let scope = self.scope(&amz_date);
        let string_to_sign = string_to_sign(self.version(), &amz_date, &scope, &canonical_request);
        let signature = match &self.v4a {
            Some(key) => hex_encode(&key.sign(string_to_sign.as_bytes())),
            None => {
                let key = signing_key(self.credentials.secret(), &amz_date[..8], &self.region, &self.service);
                hex_encode(hmac::sign(&key, string_to_sign.as_bytes()).as_ref())
            }
        };
        Signed {
            request: Request::new("", ""),
            canonical_request,
            string_to_sign,
            signature,
            signed_headers,
            credential_scope: scope,
            amz_date,
            authorization: None,
            headers: Vec::new(),
        }
    }
}

/// `yyyymmdd/region/service/aws4_request`; SigV4a has no region: `yyyymmdd/service/aws4_request`.
pub(crate) fn credential_scope(version: Version, date: &str, region: &str, service: &str) -> String {
    match version {
        Version::V4 => format!("{date}/{region}/{service}/aws4_request"),
        Version::V4a => format!("{date}/{service}/aws4_request"),
    }
}

/// The four lines of the string to sign.
pub(crate) fn string_to_sign(version: Version, amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{}\n{amz_date}\n{scope}\n{}",
        version.algorithm(),
        sha256_hex(canonical_request.as_bytes())
    )
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
pub(crate) fn signing_key(secret: &[u8], date: &str, region: &str, service: &str) -> hmac::Key {
    let mut key = zeroize::Zeroizing::new(b"AWS4".to_vec());
    key.extend_from_slice(secret);
    let mut current = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &key), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        current = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, current.as_ref()), part.as_bytes());
    }
    hmac::Key::new(hmac::HMAC_SHA256, current.as_ref())
}

pub(crate) fn payload_line(payload: &Payload, req: &Request) -> String {
    match payload {
        Payload::Body => sha256_hex(req.body_bytes()),
        Payload::Unsigned => UNSIGNED_PAYLOAD.to_string(),
        Payload::Precomputed(value) => value.clone(),
    }
}

/// Replaces the first header named `name` (dropping later repeats), or appends it.
fn set_header(req: &mut Request, set: &mut Vec<Header>, name: &str, value: &str) {
    set.push(Header {
        name: name.to_string(),
        value: value.to_string(),
    });
    let headers = req.headers_mut();
    let mut seen = false;
    headers.retain_mut(|h| {
        if !h.name.eq_ignore_ascii_case(name) {
            return true;
        }
        if seen {
            return false;
        }
        seen = true;
        h.value = value.to_string();
        true
    });
    if !seen {
        headers.push(Header {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
}

/// Appends encoded `name=value` pairs to the target's query (before any fragment).
fn append_query(target: &str, pairs: &[(&str, String)]) -> String {
    let (base, fragment) = match target.find('#') {
        Some(i) => target.split_at(i),
        None => (target, ""),
    };
    let mut out = base.to_string();
    if !out.contains('?') {
        out.push('?');
    } else if !out.ends_with(['?', '&']) {
        out.push('&');
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                uri_encode(n.as_bytes(), false),
                uri_encode(v.as_bytes(), false)
            )
        })
        .collect();
    out.push_str(&encoded.join("&"));
    out.push_str(fragment);
    out
}
