//! Explaining S3's `SignatureDoesNotMatch`: AWS's canonical request and string to sign
//! (from its error document) against the ones the request's signer computed.

use std::fmt;

use super::{explain, Cause, Explanation};
use crate::scheme::aws::{parse_aws_error_document, signed_parts, Settings, SignedParts};
use crate::scheme::Request;
use crate::{Error, ErrorCode};

/// AWS's view against the signer's, with the conclusion.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct AwsExplanation {
    /// The error code of the document (`SignatureDoesNotMatch`).
    pub code: Option<String>,
    /// What the request's signer signed, recomputed here.
    pub local: SignedParts,
    /// AWS's canonical request, from the document (its bytes form when present).
    pub aws_canonical_request: Option<String>,
    /// AWS's string to sign, from the document (its bytes form when present).
    pub aws_string_to_sign: Option<String>,
    /// AWS's canonical request (expected) against the signer's (actual), when AWS sent it.
    pub canonical_request: Option<Explanation>,
    /// AWS's string to sign (expected) against the signer's (actual), when AWS sent it.
    pub string_to_sign: Option<Explanation>,
    /// What it means, most important first.
    pub conclusions: Vec<String>,
}

impl AwsExplanation {
    /// The causes of the canonical-request difference, else of the string-to-sign
    /// difference; none when AWS computed the signer's bytes.
    pub fn causes(&self) -> Vec<Cause> {
        [&self.canonical_request, &self.string_to_sign]
            .into_iter()
            .flatten()
            .find(|part| !part.is_equal())
            .map(Explanation::causes)
            .unwrap_or_default()
    }
}

/// The plain-text report: the conclusions, then each differing part (AWS = expected,
/// signer = actual) as [`Explanation`]'s report.
impl fmt::Display for AwsExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AWS {}:", self.code.as_deref().unwrap_or("error"))?;
        for conclusion in &self.conclusions {
            write!(f, "\n- {conclusion}")?;
        }
        for (name, part) in [
            ("canonical request", &self.canonical_request),
            ("string to sign", &self.string_to_sign),
        ] {
            if let Some(part) = part.as_ref().filter(|p| !p.is_equal()) {
                write!(f, "\n{name} (AWS = expected, signer = actual):\n{part}")?;
            }
        }
        Ok(())
    }
}

/// Compares S3's error document with the request that got it. `settings` are the rules
/// the signer used (`Settings::s3()` for S3).
///
/// ```
/// use canonsig::diff::explain_aws;
/// use canonsig::scheme::aws::{Credentials, Settings, Signer};
/// use canonsig::scheme::Request;
/// let creds = Credentials::new("AKIDEXAMPLE", "secret");
/// let req = Request::new("GET", "/a%20b").header("Host", "bucket.s3.amazonaws.com");
/// let sent = Signer::new(creds, "us-east-1", "s3").settings(Settings::s3()).sign(&req, 1_440_938_160)?;
/// // AWS computed the path as /a%2520b (it was told to double-encode): the document says so.
/// let theirs = sent.canonical_request.replace("/a%20b", "/a%2520b");
/// let xml = format!("<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>{theirs}</CanonicalRequest></Error>");
/// let why = explain_aws(&xml, &sent.request, &Settings::s3())?;
/// let causes = why.canonical_request.expect("compared").causes();
/// assert_eq!(causes, [canonsig::diff::Cause::PercentEncoding]);
/// # Ok::<(), canonsig::Error>(())
/// ```
///
/// Errors: `malformed_input` (the document), and the errors of
/// [`signed_parts`](crate::scheme::aws::signed_parts) for a request it cannot read.
pub fn explain_aws(document: &str, request: &Request, settings: &Settings) -> Result<AwsExplanation, Error> {
    let doc = parse_aws_error_document(document)?;
    if doc.canonical_request.is_none() && doc.string_to_sign.is_none() {
        return Err(Error::new(
            ErrorCode::MalformedInput,
            "the AWS error document has neither CanonicalRequest nor StringToSign: only S3 sends them (other services only say the signature does not match)",
        ));
    }
    let local = signed_parts(request, settings)?;
    let creq = doc
        .canonical_request
        .as_ref()
        .map(|theirs| explain(theirs.as_bytes(), local.canonical_request.as_bytes()));
    let sts = doc
        .string_to_sign
        .as_ref()
        .map(|theirs| explain(theirs.as_bytes(), local.string_to_sign.as_bytes()));
    let mut conclusions = Vec::new();
    if let Some(id) = doc.aws_access_key_id.as_ref().filter(|id| **id != local.access_key_id) {
        conclusions.push(format!(
            "AWS checked access key {id}, the request names {}: the request was signed for another key",
            local.access_key_id
        ));
    }
    match (&creq, &sts) {
        (Some(c), _) if !c.is_equal() => conclusions.push(format!(
            "the canonical requests differ ({}): AWS signed other bytes than the signer",
            c.causes().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        )),
        (_, Some(s)) if !s.is_equal() => conclusions.push(format!(
            "the canonical requests agree but the strings to sign differ ({}): the date or the credential scope (region, service) differs",
            s.causes().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        )),
        _ => conclusions.push(
            "AWS computed exactly the bytes the signer signed: the secret access key is wrong (or belongs to another access key id)"
                .to_string(),
        ),
    }
    Ok(AwsExplanation {
        code: doc.code,
        local,
        aws_canonical_request: doc.canonical_request,
        aws_string_to_sign: doc.string_to_sign,
        canonical_request: creq,
        string_to_sign: sts,
        conclusions,
    })
}
