//! Reading `Signature-Input`, `Signature` and `Accept-Signature` (RFC 9421 §4.1, §4.2, §5.1).

use super::base::SignatureInput;
use super::Message;
use crate::error::{Error, ErrorCode};
use crate::scheme::sfv::{self, BareItem, Member};

/// Parses a `Signature-Input` value into `(label, input)` pairs, in order.
///
/// ```
/// use canonsig::scheme::http::parse_signature_input;
/// let inputs = parse_signature_input(r#"sig1=("@method");created=1, proxy_sig=();keyid="p""#)?;
/// assert_eq!(inputs[1].0, "proxy_sig");
/// assert_eq!(inputs[1].1.get_str("keyid"), Some("p"));
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn parse_signature_input(value: &str) -> Result<Vec<(String, SignatureInput)>, Error> {
    let dict = sfv::parse_dictionary(value).map_err(|e| context(e, "Signature-Input"))?;
    dict.iter()
        .map(|(label, member)| Ok((label.to_string(), SignatureInput::from_member(label, member)?)))
        .collect()
}

/// Parses an `Accept-Signature` value (same syntax as `Signature-Input`): the signatures
/// a peer asks for, as `(label, requested input)` pairs.
pub fn parse_accept_signature(value: &str) -> Result<Vec<(String, SignatureInput)>, Error> {
    parse_signature_input(value).map_err(|e| {
        let offset = e.offset();
        let out = Error::new(e.code(), e.message().replace("Signature-Input", "Accept-Signature"));
        match offset {
            Some(o) => out.at(o),
            None => out,
        }
    })
}

/// Parses a `Signature` value into `(label, signature bytes)` pairs, in order.
pub fn parse_signature(value: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let dict = sfv::parse_dictionary(value).map_err(|e| context(e, "Signature"))?;
    dict.iter()
        .map(|(label, member)| match member {
            Member::Item(item) => match &item.bare {
                BareItem::ByteSequence(bytes) => Ok((label.to_string(), bytes.clone())),
                other => Err(malformed(label, other.type_name())),
            },
            Member::InnerList(_) => Err(malformed(label, "inner list")),
        })
        .collect()
}

/// A member that is not a byte sequence breaks the field's grammar (RFC 9421 §4.2):
/// `invalid_header`, like a Signature-Input member that is not an inner list.
fn malformed(label: &str, found: &str) -> Error {
    Error::new(
        ErrorCode::InvalidHeader,
        format!("Signature {label:?}: expected a byte sequence :base64:, found a {found}"),
    )
}

fn context(err: Error, field: &str) -> Error {
    let offset = err.offset();
    let out = Error::new(err.code(), format!("{field}: {}", err.message()));
    match offset {
        Some(o) => out.at(o),
        None => out,
    }
}

/// Every field line named `name`, combined with `", "` (how HTTP merges repeated lines).
pub(crate) fn combined(message: Message<'_>, name: &str) -> Option<String> {
    let values: Vec<&str> = message
        .headers()
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.trim_matches([' ', '\t']))
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The signatures announced in the message's `Signature-Input` lines (empty when none).
pub fn signature_inputs(message: Message<'_>) -> Result<Vec<(String, SignatureInput)>, Error> {
    match combined(message, "signature-input") {
        Some(value) => parse_signature_input(&value),
        None => Ok(Vec::new()),
    }
}
