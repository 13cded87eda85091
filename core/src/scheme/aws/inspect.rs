//! What the sender of a signed request signed, recomputed without its secret: the
//! canonical request and string to sign to diff against AWS's.

use super::canonical::{canonical_headers, canonical_query, canonical_uri, join_canonical_request, query_pairs};
use super::signer::{credential_scope, payload_line, string_to_sign};
use super::verify::claim_of;
use super::Settings;
use crate::scheme::Request;
use crate::Error;

/// The canonical request and string to sign of a signed request, as its signer computed
/// them (given the signer used `settings`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct SignedParts {
    /// The access key id of the `Credential`.
    pub access_key_id: String,
    /// `yyyymmdd/region/service/aws4_request`.
    pub credential_scope: String,
    /// `X-Amz-Date`.
    pub amz_date: String,
    /// The signed header names, `;`-joined.
    pub signed_headers: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
}

/// Recomputes what a SigV4-signed request (an `Authorization` header or a presigned URL)
/// signed, using its own signed-header list, date and scope. No secret is needed.
///
/// ```
/// use canonsig::scheme::aws::{signed_parts, Credentials, Settings, Signer};
/// use canonsig::scheme::Request;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// let req = Request::new("GET", "/").header("Host", "example.amazonaws.com");
/// let signed = Signer::new(creds, "us-east-1", "service").sign(&req, 1_440_938_160)?;
/// let parts = signed_parts(&signed.request, &Settings::default())?;
/// assert_eq!(parts.canonical_request, signed.canonical_request);
/// # Ok::<(), canonsig::Error>(())
/// ```
///
/// Errors: as [`SigV4Verifier::verify`](super::SigV4Verifier::verify) for a request it
/// cannot read (`missing_component`, `invalid_header`, `malformed_signature`).
pub fn signed_parts(req: &Request, settings: &Settings) -> Result<SignedParts, Error> {
    let claim = claim_of(req)?;
    let presigned = claim.expires.is_some();
    let payload = match req.header_values("x-amz-content-sha256").next() {
        Some(v) if !presigned => v.trim().to_string(),
        _ => payload_line(&settings.payload, req),
    };
    let (headers_block, signed_headers) = canonical_headers(req, &claim.signed_headers)?;
    let mut pairs = query_pairs(req.query());
    if presigned {
        pairs.retain(|(n, _)| n != b"X-Amz-Signature");
    }
    let canonical_request = join_canonical_request(
        req.method(),
        &canonical_uri(req.path(), settings),
        &canonical_query(&pairs),
        &headers_block,
        &signed_headers,
        &payload,
    );
    let scope = credential_scope(claim.version, &claim.date, &claim.region, &claim.service);
    let sts = string_to_sign(claim.version, &claim.amz_date, &scope, &canonical_request);
    Ok(SignedParts {
        access_key_id: claim.access_key_id,
        credential_scope: scope,
        amz_date: claim.amz_date,
        signed_headers,
        canonical_request,
        string_to_sign: sts,
    })
}
