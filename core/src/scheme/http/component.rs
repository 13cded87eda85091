//! Component identifiers and their values (RFC 9421 §2): HTTP fields with `sf`, `key`,
//! `bs`, `req`, `tr`, and the derived components.

use std::fmt;

use super::Message;
use crate::error::{Error, ErrorCode};
use crate::percent;
use crate::scheme::host::normalize_authority;
use crate::scheme::request::Header;
use crate::scheme::sfv::{self, BareItem, Item, Member, Parameters};
use crate::scheme::Request;

/// A covered component: a lower-case field name or a derived name (`@method`), with
/// parameters (`;sf`, `;key="a"`, `;bs`, `;req`, `;tr`, `;name="p"`).
///
/// ```
/// use canonsig::scheme::http::ComponentId;
/// let id = ComponentId::query_param("Pet");
/// assert_eq!(id.to_string(), r#""@query-param";name="Pet""#);
/// assert_eq!(ComponentId::parse(r#""content-type";req"#)?, ComponentId::field("content-type").flag("req"));
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ComponentId {
    /// The component name (`content-type`, `@authority`).
    pub name: String,
    /// Its parameters, in order.
    pub params: Parameters,
}

impl ComponentId {
    /// A component by name, without parameters (`"@method"`, `"content-digest"`).
    pub fn new(name: impl Into<String>) -> Self {
        ComponentId {
            name: name.into(),
            params: Parameters::new(),
        }
    }

    /// An HTTP field; the name is lower-cased as RFC 9421 §2.1 requires.
    pub fn field(name: &str) -> Self {
        ComponentId::new(name.to_ascii_lowercase())
    }

    /// `"@query-param";name="<name>"` (the name as it appears, percent-encoded, in the query).
    pub fn query_param(name: &str) -> Self {
        ComponentId::new("@query-param").param("name", BareItem::String(name.to_string()))
    }

    /// Adds a parameter with a value (`key="a"`).
    pub fn param(mut self, key: &str, value: BareItem) -> Self {
        self.params.insert(key, value);
        self
    }

    /// Adds a boolean parameter (`sf`, `bs`, `req`, `tr`).
    pub fn flag(self, key: &str) -> Self {
        self.param(key, BareItem::Boolean(true))
    }

    /// Parses one serialized identifier (`"@query-param";name="a"`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        ComponentId::from_item(&sfv::parse_item(text)?)
    }

    /// One component as people write it in an option or on a command line: a name
    /// (`@method`; a field name such as `Content-Type` is lower-cased), a serialized
    /// identifier with parameters (`"@query-param";name="id"`), or the same without the
    /// quotes (`@query-param;name="id"`, `example-dict;key="a"`).
    ///
    /// ```
    /// use canonsig::scheme::http::ComponentId;
    /// assert_eq!(ComponentId::parse_loose("Content-Type")?, ComponentId::field("content-type"));
    /// assert_eq!(ComponentId::parse_loose(r#"@query-param;name="id""#)?, ComponentId::query_param("id"));
    /// assert_eq!(ComponentId::parse_loose(r#""example-dict";key="a""#)?.to_string(), r#""example-dict";key="a""#);
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    ///
    /// Errors: `invalid_option` for an empty name; `invalid_header` for parameters that are
    /// not RFC 8941.
    pub fn parse_loose(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let lower = |name: &str| {
            if name.starts_with('@') {
                name.to_string()
            } else {
                name.to_ascii_lowercase()
            }
        };
        if text.starts_with('"') {
            let id = ComponentId::parse(text)?;
            return Ok(ComponentId {
                name: lower(&id.name),
                params: id.params,
            });
        }
        let (name, params) = text.split_once(';').unwrap_or((text, ""));
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("{text:?} names no component: write @method, content-type, or @query-param;name=\"id\""),
            ));
        }
        if params.is_empty() {
            let id = ComponentId::new(lower(name));
            // The name must be an RFC 8941 string (printable ASCII).
            sfv::serialize_item(&id.to_item())?;
            return Ok(id);
        }
        ComponentId::parse(&format!("\"{}\";{params}", lower(name)))
    }

    pub(crate) fn from_item(item: &Item) -> Result<Self, Error> {
        match &item.bare {
            BareItem::String(name) => Ok(ComponentId {
                name: name.clone(),
                params: item.params.clone(),
            }),
            other => Err(Error::new(
                ErrorCode::InvalidHeader,
                format!("a component identifier is a quoted string, not a {}", other.type_name()),
            )),
        }
    }

    pub(crate) fn to_item(&self) -> Item {
        Item {
            bare: BareItem::String(self.name.clone()),
            params: self.params.clone(),
        }
    }

    fn has(&self, flag: &str) -> bool {
        self.params.get(flag).is_some()
    }

    fn is_derived(&self) -> bool {
        self.name.starts_with('@')
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match sfv::serialize_item(&self.to_item()) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{:?}", self.name),
        }
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidHeader, message)
}

fn missing(message: String) -> Error {
    Error::new(ErrorCode::MissingComponent, message)
}

/// The component value of `id` in `message` (RFC 9421 §2.1-2.2), without the
/// `"name": ` prefix.
pub(crate) fn component_value(message: Message<'_>, id: &ComponentId) -> Result<String, Error> {
    if id.name == "@signature-params" {
        return Err(invalid(
            "\"@signature-params\" cannot be listed as a covered component: it is always the last line of the signature base; remove it from the list".into(),
        ));
    }
    for (key, value) in id.params.iter() {
        let ok = match key {
            "sf" | "bs" | "req" | "tr" => *value == BareItem::Boolean(true),
            "key" | "name" => value.as_string().is_some(),
            _ => false,
        };
        if !ok {
            return Err(invalid(format!(
                "component {id}: unknown or malformed parameter {key:?}"
            )));
        }
    }
    // `req`: take the component from the request that triggered this response.
    let message = if id.has("req") {
        match message {
            Message::Response { request: Some(req), .. } => Message::Request(req),
            Message::Response { request: None, .. } => {
                return Err(missing(format!(
                    "component {id} comes from the related request, and none was given with the response"
                )))
            }
            Message::Request(_) => {
                return Err(invalid(format!(
                    "component {id}: the req parameter only applies when signing a response"
                )))
            }
        }
    } else {
        message
    };
    if id.is_derived() {
        derived_value(message, id)
    } else {
        field_value(message, id)
    }
}

// ---------------------------------------------------------------------------------------
// HTTP fields (§2.1)

fn field_value(message: Message<'_>, id: &ComponentId) -> Result<String, Error> {
    let name = &id.name;
    if name.is_empty() || !name.bytes().all(|c| is_tchar(c) && !c.is_ascii_uppercase()) {
        return Err(invalid(format!(
            "component {id}: a field name in a component identifier is a lower-case token (RFC 9421 §2.1)"
        )));
    }
    if id.has("name") {
        return Err(invalid(format!(
            "component {id}: the name parameter is only for @query-param"
        )));
    }
    let bs = id.has("bs");
    if bs && (id.has("sf") || id.has("key")) {
        return Err(invalid(format!("component {id}: bs cannot be combined with sf or key")));
    }
    let lines: &[Header] = if id.has("tr") {
        match message {
            Message::Response { response, .. } => response.trailers(),
            Message::Request(_) => {
                return Err(invalid(format!(
                    "component {id}: trailers (tr) are only supported on responses; canonsig's Request has no trailer fields"
                )))
            }
        }
    } else {
        message.headers()
    };
    let values: Vec<&str> = lines
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
        .collect();
    if values.is_empty() {
        let place = if id.has("tr") { "trailer" } else { "header" };
        return Err(missing(format!(
            "covered component {id} is missing: the message has no {name:?} {place} field"
        )));
    }
    let values: Vec<String> = values.iter().map(|v| unfold(v.trim_matches([' ', '\t']))).collect();
    if bs {
        let list: Vec<Member> = values
            .iter()
            .map(|v| Member::Item(Item::new(BareItem::ByteSequence(v.as_bytes().to_vec()))))
            .collect();
        return sfv::serialize_list(&list);
    }
    for value in &values {
        if let Some(bad) = value.chars().find(|&c| !(c == '\t' || (' '..='~').contains(&c))) {
            return Err(Error::new(
                ErrorCode::MalformedRequest,
                format!(
                    "field {name:?} holds {bad:?} (U+{:04X}), which is not visible ASCII: cover it as {}, which signs the raw bytes",
                    bad as u32,
                    ComponentId::new(name.clone()).flag("bs")
                ),
            ));
        }
    }
    let combined = values.join(", ");
    if let Some(BareItem::String(key)) = id.params.get("key") {
        let dict = sfv::parse_dictionary(&combined).map_err(|e| in_field(e, id))?;
        let member = dict.get(key).ok_or_else(|| {
            missing(format!(
                "covered component {id} is missing: the {name:?} dictionary has no key {key:?}"
            ))
        })?;
        return sfv::serialize_member(member);
    }
    if id.has("sf") {
        return reserialize(name, &combined).map_err(|e| in_field(e, id));
    }
    Ok(combined)
}

fn in_field(err: Error, id: &ComponentId) -> Error {
    let offset = err.offset();
    let out = Error::new(err.code(), format!("component {id}: {}", err.message()));
    match offset {
        Some(o) => out.at(o),
        None => out,
    }
}

/// Removes obs-fold (OWS CRLF RWS, RFC 9112 §5.2): each becomes one space.
fn unfold(value: &str) -> String {
    if !value.contains(['\r', '\n']) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find(['\r', '\n']) {
        out.push_str(rest[..at].trim_end_matches([' ', '\t']));
        out.push(' ');
        rest = rest[at..].trim_start_matches(['\r', '\n', ' ', '\t']);
    }
    out.push_str(rest);
    out
}

/// Structured fields whose type RFC 9421's `sf` needs to know. Unknown fields are read as
/// a Dictionary when they parse as one, else as a List (an Item serializes the same as a
/// one-member List).
const DICTIONARY_FIELDS: [&str; 9] = [
    "signature",
    "signature-input",
    "accept-signature",
    "content-digest",
    "repr-digest",
    "want-content-digest",
    "want-repr-digest",
    "priority",
    "cdn-cache-control",
];
const LIST_FIELDS: [&str; 4] = ["accept-ch", "cache-status", "proxy-status", "client-cert-chain"];

fn reserialize(name: &str, value: &str) -> Result<String, Error> {
    if DICTIONARY_FIELDS.contains(&name) {
        return sfv::serialize_dictionary(&sfv::parse_dictionary(value)?);
    }
    if LIST_FIELDS.contains(&name) {
        return sfv::serialize_list(&sfv::parse_list(value)?);
    }
    match sfv::parse_dictionary(value) {
        Ok(dict) => sfv::serialize_dictionary(&dict),
        Err(_) => sfv::serialize_list(&sfv::parse_list(value)?),
    }
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

// ---------------------------------------------------------------------------------------
// Derived components (§2.2)

fn derived_value(message: Message<'_>, id: &ComponentId) -> Result<String, Error> {
    for flag in ["sf", "key", "bs", "tr"] {
        if id.has(flag) {
            return Err(invalid(format!(
                "component {id}: the {flag} parameter applies to fields, not to derived components"
            )));
        }
    }
    if id.name != "@query-param" && id.has("name") {
        return Err(invalid(format!(
            "component {id}: the name parameter is only for @query-param"
        )));
    }
    if id.name == "@status" {
        return match message {
            Message::Response { response, .. } if (100..=999).contains(&response.status()) => {
                Ok(format!("{:03}", response.status()))
            }
            Message::Response { response, .. } => Err(Error::new(
                ErrorCode::MalformedRequest,
                format!("status code {} is not three digits", response.status()),
            )),
            Message::Request(_) => Err(invalid("\"@status\" only exists in a response".into())),
        };
    }
    let request = match message {
        Message::Request(req) => req,
        Message::Response { .. } => {
            return Err(invalid(format!(
                "component {id} belongs to a request; to sign it in a response, add the req parameter ({id};req)"
            )))
        }
    };
    let value = match id.name.as_str() {
        "@method" => request.method().to_string(),
        "@target-uri" => request.url()?,
        "@authority" => authority(request)?,
        "@scheme" => request.scheme().to_ascii_lowercase(),
        "@request-target" => request.target().to_string(),
        "@path" => request.path().to_string(),
        "@query" => format!("?{}", request.query().unwrap_or("")),
        "@query-param" => query_param(request, id)?,
        other => {
            return Err(invalid(format!(
                "unknown derived component {other:?} (RFC 9421 defines @method, @target-uri, @authority, @scheme, @request-target, @path, @query, @query-param, @status)"
            )))
        }
    };
    if let Some(bad) = value.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(Error::new(
            ErrorCode::MalformedRequest,
            format!(
                "component {id}: the value holds {bad:?}, and derived components must be printable ASCII; percent-encode the URL before signing"
            ),
        ));
    }
    Ok(value)
}

fn authority(request: &Request) -> Result<String, Error> {
    normalize_authority(request.scheme(), request.authority()?)
}

fn query_param(request: &Request, id: &ComponentId) -> Result<String, Error> {
    let Some(BareItem::String(wanted)) = id.params.get("name") else {
        return Err(invalid(format!(
            "component {id}: @query-param needs a name parameter (;name=\"...\")"
        )));
    };
    let query = request.query().unwrap_or("");
    let mut found: Vec<String> = Vec::new();
    for (name, value) in percent::split_pairs(query) {
        if form_reencode(name) == *wanted {
            found.push(form_reencode(value));
        }
    }
    match found.len() {
        1 => Ok(found.swap_remove(0)),
        0 => Err(missing(format!(
            "covered component {id} is missing: the query has no parameter named {wanted:?}"
        ))),
        n => Err(invalid(format!(
            "component {id}: the query holds {wanted:?} {n} times, and RFC 9421 §2.2.8 forbids covering a repeated parameter; cover \"@query\" instead"
        ))),
    }
}

/// WHATWG `application/x-www-form-urlencoded` parsing of one name or value (`+` is a
/// space, percent-decoding, UTF-8 with replacement), then percent-encoding of every byte
/// but ASCII alphanumerics and `*-._`, with a space as `%20` (RFC 9421 §2.2.8).
fn form_reencode(raw: &str) -> String {
    let decoded = percent::decode_form_component(raw.as_bytes());
    let text = String::from_utf8_lossy(&decoded);
    percent::encode(text.as_bytes(), |b| b.is_ascii_alphanumeric() || b"*-._".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_reencoding_matches_rfc_examples() {
        assert_eq!(
            form_reencode("this%20is%20a%20big%0Amultiline%20value"),
            "this%20is%20a%20big%0Amultiline%20value"
        );
        assert_eq!(form_reencode("with+plus+whitespace"), "with%20plus%20whitespace");
        assert_eq!(form_reencode("fa%C3%A7ade%22%3A%20"), "fa%C3%A7ade%22%3A%20");
        assert_eq!(form_reencode("bat%2Dman"), "bat-man");
        assert_eq!(form_reencode("100%"), "100%25");
        assert_eq!(form_reencode("%zz"), "%25zz");
    }

    #[test]
    fn unfolding() {
        assert_eq!(unfold("Obsolete\n    line folding."), "Obsolete line folding.");
        assert_eq!(unfold("a \r\n\tb"), "a b");
    }
}
