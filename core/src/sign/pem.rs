//! PEM armour (RFC 7468).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::error::{Error, ErrorCode};

/// Decodes the first PEM block: returns its label and DER bytes.
pub(crate) fn decode(text: &str) -> Result<(String, Vec<u8>), Error> {
    let bad = |what: &str| Error::new(ErrorCode::InvalidKey, format!("not a PEM key: {what}"));
    let start = text.find("-----BEGIN ").ok_or_else(|| bad("no -----BEGIN line"))?;
    let after = &text[start + 11..];
    let label_end = after.find("-----").ok_or_else(|| bad("unterminated BEGIN line"))?;
    let label = after[..label_end].to_string();
    let body_start = &after[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let body_end = body_start
        .find(&end_marker)
        .ok_or_else(|| bad(&format!("no {end_marker} line")))?;
    // The base64 body is as secret as the key it encodes: wipe it too.
    let body: zeroize::Zeroizing<String> = body_start[..body_end]
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect::<String>()
        .into();
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| bad("the body is not base64"))?;
    Ok((label, der))
}

/// Encodes DER under a label, 64 characters a line.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
