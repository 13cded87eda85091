//! Signature parameters (`@signature-params`) and the signature base (RFC 9421 §2.3, §2.5).

use super::component::{component_value, ComponentId};
use super::Message;
use crate::error::{Error, ErrorCode};
use crate::scheme::sfv::{self, BareItem, InnerList, Member, Parameters};

/// The covered components and signature parameters of one signature: the value of its
/// `Signature-Input` member and of its `@signature-params` line.
///
/// Parameters keep the order they were added in (signing) or read in (verifying), since
/// that order is part of the signed bytes.
///
/// ```
/// use canonsig::scheme::http::{ComponentId, SignatureInput};
/// let input = SignatureInput::new(["@method", "@authority", "content-type"])
///     .created(1618884473)
///     .keyid("test-key-ed25519");
/// assert_eq!(
///     input.serialize()?,
///     r#"("@method" "@authority" "content-type");created=1618884473;keyid="test-key-ed25519""#
/// );
/// assert_eq!(SignatureInput::parse(&input.serialize()?)?, input);
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignatureInput {
    /// The covered components, in order.
    pub components: Vec<ComponentId>,
    /// The signature parameters (`created`, `expires`, `nonce`, `alg`, `keyid`, `tag`, ...), in order.
    pub params: Parameters,
}

impl SignatureInput {
    /// Covers these components (serialized identifiers such as `"@method"`,
    /// `"content-type"`, or use [`SignatureInput::component`] for parameters).
    pub fn new<I, S>(components: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        SignatureInput {
            components: components.into_iter().map(|c| ComponentId::new(c.as_ref())).collect(),
            params: Parameters::new(),
        }
    }

    /// Appends a covered component with parameters.
    pub fn component(mut self, id: ComponentId) -> Self {
        self.components.push(id);
        self
    }

    /// Sets `created` (Unix seconds).
    pub fn created(self, unix_seconds: i64) -> Self {
        self.param("created", BareItem::Integer(unix_seconds))
    }

    /// Sets `expires` (Unix seconds).
    pub fn expires(self, unix_seconds: i64) -> Self {
        self.param("expires", BareItem::Integer(unix_seconds))
    }

    /// Sets `nonce`.
    pub fn nonce(self, nonce: &str) -> Self {
        self.param("nonce", BareItem::String(nonce.to_string()))
    }

    /// Sets `alg` (an RFC 9421 algorithm name; must be the signing key's).
    pub fn alg(self, alg: &str) -> Self {
        self.param("alg", BareItem::String(alg.to_string()))
    }

    /// Sets `keyid`.
    pub fn keyid(self, keyid: &str) -> Self {
        self.param("keyid", BareItem::String(keyid.to_string()))
    }

    /// Sets `tag` (the application the signature is for).
    pub fn tag(self, tag: &str) -> Self {
        self.param("tag", BareItem::String(tag.to_string()))
    }

    /// Sets any parameter (kept in call order; setting it again replaces it in place).
    pub fn param(mut self, key: &str, value: BareItem) -> Self {
        self.params.insert(key, value);
        self
    }

    /// `created`, if present and an integer.
    pub fn created_at(&self) -> Option<i64> {
        self.params.get("created").and_then(BareItem::as_integer)
    }

    /// `expires`, if present and an integer.
    pub fn expires_at(&self) -> Option<i64> {
        self.params.get("expires").and_then(BareItem::as_integer)
    }

    /// A string parameter (`keyid`, `alg`, `nonce`, `tag`).
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.params.get(key).and_then(BareItem::as_string)
    }

    /// Parses the serialized form (`("@method" ...);created=...`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        SignatureInput::from_inner_list(&sfv::parse_inner_list(text)?)
    }

    pub(crate) fn from_member(label: &str, member: &Member) -> Result<Self, Error> {
        match member {
            Member::InnerList(list) => SignatureInput::from_inner_list(list),
            Member::Item(item) => Err(Error::new(
                ErrorCode::InvalidHeader,
                format!(
                    "signature {label:?}: expected an inner list of components like (\"@method\" ...), found a {}",
                    item.bare.type_name()
                ),
            )),
        }
    }

    pub(crate) fn from_inner_list(list: &InnerList) -> Result<Self, Error> {
        let components = list
            .items
            .iter()
            .map(ComponentId::from_item)
            .collect::<Result<Vec<_>, _>>()?;
        let input = SignatureInput {
            components,
            params: list.params.clone(),
        };
        input.check_param_types()?;
        Ok(input)
    }

    /// The well-known parameters must have their RFC 9421 §2.3 types.
    pub(crate) fn check_param_types(&self) -> Result<(), Error> {
        for (key, value) in self.params.iter() {
            let expected = match key {
                "created" | "expires" => "integer",
                "nonce" | "alg" | "keyid" | "tag" => "string",
                _ => continue,
            };
            if value.type_name() != expected {
                return Err(Error::new(
                    ErrorCode::InvalidHeader,
                    format!(
                        "signature parameter {key:?} must be {}, found a {}",
                        if expected == "integer" {
                            "an integer"
                        } else {
                            "a string"
                        },
                        value.type_name()
                    ),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn to_inner_list(&self) -> InnerList {
        InnerList {
            items: self.components.iter().map(ComponentId::to_item).collect(),
            params: self.params.clone(),
        }
    }

    /// The serialized form: the `@signature-params` value and the `Signature-Input` member value.
    pub fn serialize(&self) -> Result<String, Error> {
        sfv::serialize_inner_list(&self.to_inner_list())
    }
}

/// The signature base of `input` over `message` (RFC 9421 §2.5): one line per covered
/// component, then the `@signature-params` line, joined with `\n`, no trailing newline.
///
/// ```
/// use canonsig::scheme::http::{signature_base, Message, SignatureInput};
/// use canonsig::scheme::Request;
/// let req = Request::new("GET", "/demo?x=1").header("Host", "Example.org");
/// let input = SignatureInput::new(["@method", "@authority", "@query"]).created(1);
/// assert_eq!(
///     signature_base(Message::Request(&req), &input)?,
///     "\"@method\": GET\n\"@authority\": example.org\n\"@query\": ?x=1\n\"@signature-params\": (\"@method\" \"@authority\" \"@query\");created=1"
/// );
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn signature_base(message: Message<'_>, input: &SignatureInput) -> Result<String, Error> {
    let mut out = String::new();
    let mut seen: Vec<String> = Vec::with_capacity(input.components.len());
    for id in &input.components {
        let serialized = sfv::serialize_item(&id.to_item())?;
        if seen.contains(&serialized) {
            return Err(Error::new(
                ErrorCode::InvalidHeader,
                format!("component {serialized} is covered twice; each component may appear once (RFC 9421 §2.5)"),
            ));
        }
        let value = component_value(message, id)?;
        out.push_str(&serialized);
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
        seen.push(serialized);
    }
    out.push_str("\"@signature-params\": ");
    out.push_str(&input.serialize()?);
    Ok(out)
}
