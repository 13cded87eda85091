//! Signing: the `Signature-Input` and `Signature` members for one label (RFC 9421 §3.1, §4).

use super::base::{signature_base, SignatureInput};
use super::headers::signature_inputs;
use super::Message;
use crate::error::{Error, ErrorCode};
use crate::scheme::request::Header;
use crate::scheme::sfv::{self, BareItem, Item, Member};
use crate::scheme::{Request, Response};
use crate::sign::Key;

/// One signature made by [`sign`]: the two header member values and what was signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The label (`sig1`).
    pub label: String,
    /// The `Signature-Input` member: `sig1=("@method" ...);created=...`.
    pub signature_input: String,
    /// The `Signature` member: `sig1=:base64:`.
    pub signature: String,
    /// The exact bytes that were signed.
    pub signature_base: String,
    /// The raw signature.
    pub signature_bytes: Vec<u8>,
    /// The field lines to add, in order: the `Content-Digest` an [`HttpSigner`] computed
    /// (it replaces any), then `Signature-Input` and `Signature`.
    ///
    /// [`HttpSigner`]: super::HttpSigner
    pub headers: Vec<Header>,
}

impl Signed {
    /// Appends `Signature-Input` and `Signature` field lines to a request. Several
    /// signatures add several lines, which HTTP combines into one dictionary.
    pub fn add_to_request(&self, request: &mut Request) {
        self.apply(request.headers_mut());
    }

    /// Appends `Signature-Input` and `Signature` field lines to a response.
    pub fn add_to_response(&self, response: &mut Response) {
        self.apply(response.headers_mut());
    }

    /// Adds [`Signed::headers`] to a message's field lines; a `Content-Digest` among them
    /// replaces every existing one.
    pub fn apply(&self, headers: &mut Vec<Header>) {
        if self
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("content-digest"))
        {
            headers.retain(|h| !h.name.eq_ignore_ascii_case("content-digest"));
        }
        headers.extend(self.headers.iter().cloned());
    }
}

/// A label must be an RFC 8941 dictionary key (`invalid_option` otherwise).
pub(crate) fn check_label(label: &str) -> Result<(), Error> {
    let probe = sfv::serialize_dictionary_member(label, &Member::Item(Item::new(BareItem::Integer(0))));
    if probe.is_err() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!("signature label {label:?} must be a lower-case structured-field key (a-z, 0-9, _ - . *)"),
        ));
    }
    Ok(())
}

/// An `Accept-Signature` member (RFC 9421 §5.1) asking a peer to sign `input` under
/// `label`: `sig1=("@method" "@authority");keyid="k"`.
///
/// ```
/// use canonsig::scheme::http::{accept_signature, SignatureInput};
/// let asked = SignatureInput::new(["@method", "content-digest"]).keyid("k");
/// assert_eq!(accept_signature("sig1", &asked)?, r#"sig1=("@method" "content-digest");keyid="k""#);
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn accept_signature(label: &str, input: &SignatureInput) -> Result<String, Error> {
    check_label(label)?;
    input.check_param_types()?;
    sfv::serialize_dictionary_member(label, &Member::InnerList(input.to_inner_list()))
}

/// Signs `message` under `label`: builds the signature base from `input` (parameters in
/// the order given) and signs it with `key`.
///
/// `alg`, when present in `input`, must name the key's algorithm. The label must not be
/// in use in the message already.
///
/// ```
/// use canonsig::scheme::http::{sign, Message, SignatureInput};
/// use canonsig::scheme::Request;
/// use canonsig::sign::{Algorithm, Key};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?;
/// let mut req = Request::new("POST", "/foo").header("Host", "example.com");
/// let input = SignatureInput::new(["@method", "@authority", "@path"]).created(1618884473).keyid("k1");
/// let signed = sign(Message::Request(&req), "sig1", &input, &key)?;
/// assert_eq!(signed.signature_input, r#"sig1=("@method" "@authority" "@path");created=1618884473;keyid="k1""#);
/// assert!(signed.signature.starts_with("sig1=:"));
/// signed.add_to_request(&mut req);
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn sign(message: Message<'_>, label: &str, input: &SignatureInput, key: &Key) -> Result<Signed, Error> {
    check_label(label)?;
    input.check_param_types()?;
    if let Some(alg) = input.get_str("alg") {
        if alg != key.algorithm().name() {
            return Err(Error::new(
                ErrorCode::AlgorithmMismatch,
                format!("the alg parameter says {alg:?} but the key is {}", key.algorithm()),
            ));
        }
    }
    if signature_inputs(message)?.iter().any(|(l, _)| l == label) {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!("the message already has a signature labelled {label:?}; choose another label"),
        ));
    }
    let base = signature_base(message, input)?;
    let signature_bytes = key.sign(base.as_bytes())?;
    let signature_input = sfv::serialize_dictionary_member(label, &Member::InnerList(input.to_inner_list()))?;
    let signature = sfv::serialize_dictionary_member(
        label,
        &Member::Item(Item::new(BareItem::ByteSequence(signature_bytes.clone()))),
    )?;
    let headers = vec![
        Header {
            name: "Signature-Input".into(),
            value: signature_input.clone(),
        },
        Header {
            name: "Signature".into(),
            value: signature.clone(),
        },
    ];
    Ok(Signed {
        label: label.to_string(),
        signature_input,
        signature,
        signature_base: base,
        signature_bytes,
        headers,
    })
}
