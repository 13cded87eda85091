//! S3's `SignatureDoesNotMatch` error document: what AWS computed, to diff against ours.

use crate::{Error, ErrorCode};

/// The fields of an AWS `<Error>` document (S3 answers a bad signature with one).
///
/// `string_to_sign` and `canonical_request` come from the `*Bytes` fields when present
/// (space-separated hex, exact even after a viewer collapsed the text's newlines), else
/// from the XML text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsErrorDocument {
    /// `Code`, such as `SignatureDoesNotMatch`.
    pub code: Option<String>,
    /// `Message`.
    pub message: Option<String>,
    /// `AWSAccessKeyId`.
    pub aws_access_key_id: Option<String>,
    /// The string to sign AWS computed.
    pub string_to_sign: Option<String>,
    /// `SignatureProvided`: the signature the request carried.
    pub signature_provided: Option<String>,
    /// The canonical request AWS computed.
    pub canonical_request: Option<String>,
    /// Whether `string_to_sign` came from `StringToSignBytes`.
    pub string_to_sign_from_bytes: bool,
    /// Whether `canonical_request` came from `CanonicalRequestBytes`.
    pub canonical_request_from_bytes: bool,
    /// Every other element (`RequestId`, `HostId`, ...), in document order.
    pub other: Vec<(String, String)>,
}

/// Parses an AWS error document (`<Error><Code>SignatureDoesNotMatch</Code>...</Error>`).
///
/// Strict: one `<Error>` root of flat text elements (after an optional XML declaration),
/// each element at most once, the five XML entities and numeric character references
/// only. Anything else is `malformed_input` with the byte offset.
///
/// ```
/// use canonsig::scheme::aws::parse_aws_error_document;
/// let doc = parse_aws_error_document(
///     "<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET /  &amp;</CanonicalRequest>\
///      <CanonicalRequestBytes>47 45 54 0a 2f 0a 26</CanonicalRequestBytes></Error>",
/// )?;
/// assert_eq!(doc.code.as_deref(), Some("SignatureDoesNotMatch"));
/// assert_eq!(doc.canonical_request.as_deref(), Some("GET\n/\n&")); // from the bytes
/// # Ok::<(), canonsig::Error>(())
/// ```
pub fn parse_aws_error_document(xml: &str) -> Result<AwsErrorDocument, Error> {
    let mut p = Parser { text: xml, pos: 0 };
    p.skip_ws();
    if p.rest().starts_with("<?xml") {
        let end = p
            .rest()
            .find("?>")
            .ok_or_else(|| p.err("the XML declaration is not closed"))?;
        p.pos += end + 2;
        p.skip_ws();
    }
    p.expect("<Error>", "the document must start with <Error>")?;
    let mut fields: Vec<(String, String, usize)> = Vec::new();
    loop {
        p.skip_ws();
        if p.rest().starts_with("</Error>") {
            p.pos += "</Error>".len();
            break;
        }
        let start = p.pos;
        let (name, value) = p.element()?;
        if fields.iter().any(|(n, ..)| *n == name) {
            return Err(malformed(format!("<{name}> appears twice"), start));
        }
        fields.push((name, value, start));
    }
    p.skip_ws();
    if !p.rest().is_empty() {
        return Err(p.err("text after </Error>"));
    }
    build(fields)
}

fn build(fields: Vec<(String, String, usize)>) -> Result<AwsErrorDocument, Error> {
    let mut doc = AwsErrorDocument::default();
    let mut sts_bytes = None;
    let mut creq_bytes = None;
    for (name, value, offset) in fields {
        match name.as_str() {
            "Code" => doc.code = Some(value),
            "Message" => doc.message = Some(value),
            "AWSAccessKeyId" => doc.aws_access_key_id = Some(value),
            "StringToSign" => doc.string_to_sign = Some(value),
            "SignatureProvided" => doc.signature_provided = Some(value),
            "CanonicalRequest" => doc.canonical_request = Some(value),
            "StringToSignBytes" => sts_bytes = Some(decode_hex_bytes(&name, &value, offset)?),
            "CanonicalRequestBytes" => creq_bytes = Some(decode_hex_bytes(&name, &value, offset)?),
            _ => doc.other.push((name, value)),
        }
    }
    if let Some(text) = sts_bytes {
        doc.string_to_sign = Some(text);
        doc.string_to_sign_from_bytes = true;
    }
    if let Some(text) = creq_bytes {
        doc.canonical_request = Some(text);
        doc.canonical_request_from_bytes = true;
    }
    Ok(doc)
}

/// `47 45 54 0a` -> `GET\n` (two hex digits per byte, separated by whitespace).
fn decode_hex_bytes(name: &str, value: &str, offset: usize) -> Result<String, Error> {
    let mut bytes = Vec::new();
    for token in value.split_ascii_whitespace() {
        let byte = (token.len() == 2)
            .then(|| u8::from_str_radix(token, 16).ok())
            .flatten()
            .filter(|_| token.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| malformed(format!("<{name}> holds {token:?}, not a two-digit hex byte"), offset))?;
        bytes.push(byte);
    }
    String::from_utf8(bytes).map_err(|_| malformed(format!("<{name}> does not decode to UTF-8 text"), offset))
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    }

    fn err(&self, what: &str) -> Error {
        malformed(what.to_string(), self.pos)
    }

    fn expect(&mut self, literal: &str, what: &str) -> Result<(), Error> {
        if !self.rest().starts_with(literal) {
            return Err(self.err(what));
        }
        self.pos += literal.len();
        Ok(())
    }

    /// `<Name>text</Name>` or `<Name/>`.
    fn element(&mut self) -> Result<(String, String), Error> {
        self.expect("<", "expected an element such as <Code>")?;
        let name_len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(self.rest().len());
        if name_len == 0 {
            return Err(self.err("expected an element name (comments, CDATA and markup are not supported)"));
        }
        let name = self.rest()[..name_len].to_string();
        self.pos += name_len;
        if self.rest().starts_with("/>") {
            self.pos += 2;
            return Ok((name, String::new()));
        }
        self.expect(">", "an element must be <Name> (attributes are not supported)")?;
        let end = self
            .rest()
            .find('<')
            .ok_or_else(|| self.err("the element is not closed"))?;
        let value = unescape(&self.rest()[..end], self.pos)?;
        self.pos += end;
        self.expect(
            &format!("</{name}>"),
            &format!("expected </{name}> (nested elements are not supported)"),
        )?;
        Ok((name, value))
    }
}

/// Resolves the five predefined entities and numeric character references; normalizes
/// line ends to LF as XML parsers must (a `&#13;` reference stays a CR).
fn unescape(raw: &str, offset: usize) -> Result<String, Error> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        let at = offset + (raw.len() - rest.len()) + i;
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        let end = tail
            .find(';')
            .ok_or_else(|| malformed("an '&' that does not start an entity".into(), at))?;
        let entity = &tail[1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = if let Some(hex) = entity.strip_prefix("#x") {
                    hex.bytes()
                        .all(|b| b.is_ascii_hexdigit())
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| dec.parse::<u32>().ok())
                        .flatten()
                } else {
                    None
                };
                number
                    .and_then(char::from_u32)
                    .filter(|&c| is_xml_char(c))
                    .ok_or_else(|| malformed(format!("unknown or invalid entity &{entity};"), at))?
            }
        };
        out.push(c);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn malformed(what: String, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedInput, format!("AWS error document: {what}")).at(offset)
}
