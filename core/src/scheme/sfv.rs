//! RFC 8941 Structured Field Values: strict parsing and serialization of Items, Lists,
//! Dictionaries, Inner Lists and Parameters.
//!
//! Parsing follows RFC 8941 §4.2 exactly (no leniency beyond what it prescribes: missing
//! base64 padding is accepted, as §4.2.7 asks). Serialization follows §4.1, so
//! `serialize(parse(x))` is the canonical form of `x`: one space after each comma, single
//! spaces inside inner lists, `?1` parameters written bare, decimals with at most three
//! fractional digits and no trailing zeros.
//!
//! Errors are `invalid_header` with the byte offset of the problem.
//!
//! ```
//! use canonsig::scheme::sfv;
//! let dict = sfv::parse_dictionary("a=1,    b=2;x=1;y=2,   c=(a   b   c)")?;
//! assert_eq!(sfv::serialize_dictionary(&dict)?, "a=1, b=2;x=1;y=2, c=(a b c)");
//! assert_eq!(dict.get("b").and_then(|m| m.as_item()).and_then(|i| i.bare.as_integer()), Some(2));
//! # Ok::<(), canonsig::Error>(())
//! ```

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine as _;
use std::collections::HashMap;

use crate::error::{Error, ErrorCode};

/// Largest magnitude of an sf-integer (15 decimal digits).
pub const MAX_INTEGER: i64 = 999_999_999_999_999;

/// An sf-decimal: at most 12 integer digits and 3 fractional digits, held exactly as a
/// count of thousandths (so `1.5` is `Decimal::from_thousandths(1500)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal(i64);

impl Decimal {
    /// A decimal from its value in thousandths; `None` beyond 12 integer digits.
    pub fn from_thousandths(thousandths: i64) -> Option<Decimal> {
        (thousandths.unsigned_abs() <= 999_999_999_999_999).then_some(Decimal(thousandths))
    }

    /// The value in thousandths.
    pub fn thousandths(self) -> i64 {
        self.0
    }

    /// The value as a float (exact for display purposes).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

/// A bare item (RFC 8941 §3.3).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BareItem {
    /// `-12`
    Integer(i64),
    /// `1.25`
    Decimal(Decimal),
    /// `"text"` (printable ASCII only)
    String(String),
    /// `foo/bar*`
    Token(String),
    /// `:base64:`
    ByteSequence(Vec<u8>),
    /// `?1` / `?0`
    Boolean(bool),
}

impl BareItem {
    /// The integer, if this is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            BareItem::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The string, if this is an sf-string.
    pub fn as_string(&self) -> Option<&str> {
        match self {
            BareItem::String(s) => Some(s),
            _ => None,
        }
    }

    /// The token, if this is one.
    pub fn as_token(&self) -> Option<&str> {
        match self {
            BareItem::Token(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is a byte sequence.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            BareItem::ByteSequence(b) => Some(b),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            BareItem::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The RFC 8941 type name (`integer`, `string`, ...), for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            BareItem::Integer(_) => "integer",
            BareItem::Decimal(_) => "decimal",
            BareItem::String(_) => "string",
            BareItem::Token(_) => "token",
            BareItem::ByteSequence(_) => "byte sequence",
            BareItem::Boolean(_) => "boolean",
        }
    }
}

/// Ordered parameters (`;a=1;b`). Keys are unique; parsing a repeated key overwrites the
/// earlier value in place, as RFC 8941 §4.2.3.2 says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parameters(Vec<(String, BareItem)>);

impl Parameters {
    /// No parameters.
    pub fn new() -> Self {
        Parameters(Vec::new())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&BareItem> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`: replaces the value in place when present, else appends (order is kept).
    pub fn insert(&mut self, key: impl Into<String>, value: BareItem) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<BareItem> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    /// The parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &BareItem)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An item with its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    /// The value.
    pub bare: BareItem,
    /// Its parameters.
    pub params: Parameters,
}

impl Item {
    /// An item without parameters.
    pub fn new(bare: BareItem) -> Self {
        Item {
            bare,
            params: Parameters::new(),
        }
    }
}

/// An inner list `(a b);p=1`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct InnerList {
    /// The members.
    pub items: Vec<Item>,
    /// The parameters of the whole list.
    pub params: Parameters,
}

/// A member of a List or a Dictionary: an item or an inner list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    /// A single item.
    Item(Item),
    /// An inner list.
    InnerList(InnerList),
}

impl Member {
    /// The item, if this member is one.
    pub fn as_item(&self) -> Option<&Item> {
        match self {
            Member::Item(i) => Some(i),
            Member::InnerList(_) => None,
        }
    }

    /// The inner list, if this member is one.
    pub fn as_inner_list(&self) -> Option<&InnerList> {
        match self {
            Member::InnerList(l) => Some(l),
            Member::Item(_) => None,
        }
    }
}

/// A List (RFC 8941 §3.1).
pub type List = Vec<Member>;

/// A Dictionary (RFC 8941 §3.2): ordered, unique keys; a repeated key overwrites the
/// earlier value in place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dictionary(Vec<(String, Member)>);

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Self {
        Dictionary(Vec::new())
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` (in place when present, else appended).
    pub fn insert(&mut self, key: impl Into<String>, value: Member) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Member)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// ---------------------------------------------------------------------------------------
// Parsing (RFC 8941 §4.2)

/// Parses a field value as a List.
pub fn parse_list(input: &str) -> Result<List, Error> {
    Parser::run(input, Parser::list)
}

/// Parses a field value as a Dictionary.
pub fn parse_dictionary(input: &str) -> Result<Dictionary, Error> {
    Parser::run(input, Parser::dictionary)
}

/// Parses a field value as an Item.
pub fn parse_item(input: &str) -> Result<Item, Error> {
    Parser::run(input, Parser::item)
}

/// Parses text that must be a whole inner list with parameters, such as a
/// `Signature-Input` member value or an `@signature-params` line value.
pub fn parse_inner_list(input: &str) -> Result<InnerList, Error> {
    Parser::run(input, |p| {
        if p.peek() != Some(b'(') {
            return Err(p.error("expected an inner list starting with '('"));
        }
        p.inner_list()
    })
}

/// Parses a component identifier or any other single sf-string with parameters
/// (`"@query-param";name="a"`). Same as [`parse_item`].
pub fn parse_parameterized(input: &str) -> Result<Item, Error> {
    parse_item(input)
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn run<T>(input: &'a str, body: impl FnOnce(&mut Parser<'a>) -> Result<T, Error>) -> Result<T, Error> {
        let mut p = Parser {
            input: input.as_bytes(),
            pos: 0,
        };
        p.skip_sp();
        let out = body(&mut p)?;
        p.skip_sp();
        if p.pos < p.input.len() {
            return Err(p.error("unexpected characters after the value"));
        }
        Ok(out)
    }

    fn error(&self, what: &str) -> Error {
        let found = match self.peek() {
            Some(c) if c.is_ascii_graphic() => format!(" (found '{}')", c as char),
            Some(c) => format!(" (found byte 0x{c:02x})"),
            None => " (found the end of the value)".to_string(),
        };
        Error::new(ErrorCode::InvalidHeader, format!("structured field: {what}{found}")).at(self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_sp(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// After a member: OWS, then end or `,` OWS and another member (no trailing comma).
    fn member_separator(&mut self) -> Result<bool, Error> {
        self.skip_ows();
        if self.at_end() {
            return Ok(false);
        }
        if self.peek() != Some(b',') {
            return Err(self.error("expected ',' between members"));
        }
        self.pos += 1;
        self.skip_ows();
        if self.at_end() {
            return Err(self.error("a trailing ',' is not allowed"));
        }
        Ok(true)
    }

    fn list(&mut self) -> Result<List, Error> {
        let mut members = Vec::new();
        if self.at_end() {
            return Ok(members);
        }
        loop {
            members.push(self.member()?);
            if !self.member_separator()? {
                return Ok(members);
            }
        }
    }

    fn dictionary(&mut self) -> Result<Dictionary, Error> {
        let mut dict = Dictionary::new();
        let mut index = HashMap::new();
        if self.at_end() {
            return Ok(dict);
        }
        loop {
            let key = self.key()?;
            let member = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.member()?
            } else {
                Member::Item(Item {
                    bare: BareItem::Boolean(true),
                    params: self.parameters()?,
                })
            };
            put(&mut dict.0, &mut index, key, member);
            if !self.member_separator()? {
                return Ok(dict);
            }
        }
    }

    fn member(&mut self) -> Result<Member, Error> {
        if self.peek() == Some(b'(') {
            Ok(Member::InnerList(self.inner_list()?))
        } else {
            Ok(Member::Item(self.item()?))
        }
    }

    fn inner_list(&mut self) -> Result<InnerList, Error> {
        self.pos += 1; // '('
        let mut items = Vec::new();
        loop {
            self.skip_sp();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    let params = self.parameters()?;
                    return Ok(InnerList { items, params });
                }
                None => return Err(self.error("inner list is not closed with ')'")),
                _ => {}
            }
            items.push(self.item()?);
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return Err(self.error("expected a space or ')' after an inner list member"));
            }
        }
    }

    fn item(&mut self) -> Result<Item, Error> {
        let bare = self.bare_item()?;
        let params = self.parameters()?;
        Ok(Item { bare, params })
    }

    fn parameters(&mut self) -> Result<Parameters, Error> {
        let mut params = Parameters::new();
        let mut index = HashMap::new();
        while self.peek() == Some(b';') {
            self.pos += 1;
            self.skip_sp();
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            put(&mut params.0, &mut index, key, value);
        }
        Ok(params)
    }

    fn key(&mut self) -> Result<String, Error> {
        match self.peek() {
            Some(c) if c.is_ascii_lowercase() || c == b'*' => {}
            _ => return Err(self.error("expected a key (starting with a-z or '*')")),
        }
        let start = self.pos;
        while matches!(self.peek(), Some(c) if is_key_char(c)) {
            self.pos += 1;
        }
        Ok(self.text(start))
    }

    fn text(&self, start: usize) -> String {
        // Only ASCII bytes were accepted between start and pos.
        self.input[start..self.pos].iter().map(|&b| b as char).collect()
    }

    fn bare_item(&mut self) -> Result<BareItem, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string(),
            Some(b':') => self.byte_sequence(),
            Some(b'?') => self.boolean(),
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => Ok(self.token()),
            _ => Err(self.error("expected an item (integer, decimal, string, token, byte sequence or boolean)")),
        }
    }

    fn number(&mut self) -> Result<BareItem, Error> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        let digits_start = self.pos;
        let mut dot: Option<usize> = None;
        loop {
            match self.peek() {
                Some(b'0'..=b'9') => self.pos += 1,
                Some(b'.') if dot.is_none() => {
                    let int_digits = self.pos - digits_start;
                    if int_digits > 12 {
                        return Err(self.error("a decimal has at most 12 integer digits"));
                    }
                    dot = Some(self.pos);
                    self.pos += 1;
                }
                _ => break,
            }
            let len = self.pos - digits_start;
            if dot.is_none() && len > 15 {
                return Err(Error::new(
                    ErrorCode::InvalidHeader,
                    "structured field: an integer has at most 15 digits",
                )
                .at(start));
            }
            if dot.is_some() && len > 16 {
                return Err(Error::new(
                    ErrorCode::InvalidHeader,
                    "structured field: a decimal has at most 16 characters",
                )
                .at(start));
            }
        }
        let digits = &self.input[digits_start..self.pos];
        let sign = if negative { -1 } else { 1 };
        match dot {
            None => Ok(BareItem::Integer(sign * ascii_to_i64(digits))),
            Some(dot) => {
                let frac = &self.input[dot + 1..self.pos];
                if frac.is_empty() {
                    return Err(self.error("a decimal needs a digit after '.'"));
                }
                if frac.len() > 3 {
                    return Err(Error::new(
                        ErrorCode::InvalidHeader,
                        "structured field: a decimal has at most 3 fractional digits",
                    )
                    .at(dot + 4));
                }
                let int_part = ascii_to_i64(&self.input[digits_start..dot]);
                let scale = [100, 10, 1][frac.len() - 1];
                let thousandths = int_part * 1000 + ascii_to_i64(frac) * scale;
                Ok(BareItem::Decimal(Decimal(sign * thousandths)))
            }
        }
    }

    fn string(&mut self) -> Result<BareItem, Error> {
        self.pos += 1; // '"'
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error("string is not closed with '\"'")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(BareItem::String(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => {
                            out.push(c as char);
                            self.pos += 1;
                        }
                        _ => return Err(self.error("only \\\" and \\\\ are escapes in a string")),
                    }
                }
                Some(c @ 0x20..=0x7e) => {
                    out.push(c as char);
                    self.pos += 1;
                }
                Some(_) => return Err(self.error("a string holds printable ASCII only")),
            }
        }
    }

    fn token(&mut self) -> BareItem {
        let start = self.pos;
        self.pos += 1;
        while matches!(self.peek(), Some(c) if is_tchar(c) || c == b':' || c == b'/') {
            self.pos += 1;
        }
        BareItem::Token(self.text(start))
    }

    fn byte_sequence(&mut self) -> Result<BareItem, Error> {
        self.pos += 1; // ':'
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=') {
            self.pos += 1;
        }
        if self.peek() != Some(b':') {
            return Err(self.error("byte sequence holds base64 and ends with ':'"));
        }
        let text = &self.input[start..self.pos];
        let decoded = STANDARD.decode(text).or_else(|_| STANDARD_NO_PAD.decode(text));
        match decoded {
            Ok(bytes) => {
                self.pos += 1;
                Ok(BareItem::ByteSequence(bytes))
            }
            Err(_) => Err(Error::new(
                ErrorCode::InvalidHeader,
                "structured field: byte sequence is not valid base64",
            )
            .at(start)),
        }
    }

    fn boolean(&mut self) -> Result<BareItem, Error> {
        self.pos += 1; // '?'
        let value = match self.peek() {
            Some(b'1') => true,
            Some(b'0') => false,
            _ => return Err(self.error("a boolean is ?0 or ?1")),
        };
        self.pos += 1;
        Ok(BareItem::Boolean(value))
    }
}

fn ascii_to_i64(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b'.' | b'*')
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

// ---------------------------------------------------------------------------------------
// Serialization (RFC 8941 §4.1)

/// Adds a parsed member, or overwrites the value of an earlier one with the same key in
/// place (RFC 8941 §4.2.2, §4.2.3.2). The index keeps this linear: a header of many
/// thousands of members would otherwise cost a scan per member.
fn put<T>(members: &mut Vec<(String, T)>, index: &mut HashMap<String, usize>, key: String, value: T) {
    match index.get(&key) {
        Some(&at) => members[at].1 = value,
        None => {
            index.insert(key.clone(), members.len());
            members.push((key, value));
        }
    }
}

/// Serializes a List (`a, (b c);p, 1`).
pub fn serialize_list(list: &[Member]) -> Result<String, Error> {
    let mut out = String::new();
    for (i, member) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_member(member, &mut out)?;
    }
    Ok(out)
}

/// Serializes a Dictionary (`a=1, b, c=(x y)`); `true` members are written bare.
pub fn serialize_dictionary(dict: &Dictionary) -> Result<String, Error> {
    let mut out = String::new();
    for (i, (key, member)) in dict.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_dictionary_member(key, member, &mut out)?;
    }
    Ok(out)
}

/// Serializes one dictionary member `key=value` (or `key;params` for a true item).
pub fn serialize_dictionary_member(key: &str, member: &Member) -> Result<String, Error> {
    let mut out = String::new();
    write_dictionary_member(key, member, &mut out)?;
    Ok(out)
}

/// Serializes an Item with its parameters.
pub fn serialize_item(item: &Item) -> Result<String, Error> {
    let mut out = String::new();
    write_item(item, &mut out)?;
    Ok(out)
}

/// Serializes an inner list with its parameters (`("a" "b");p=1`).
pub fn serialize_inner_list(list: &InnerList) -> Result<String, Error> {
    let mut out = String::new();
    write_inner_list(list, &mut out)?;
    Ok(out)
}

/// Serializes a member value alone: an item or an inner list.
pub fn serialize_member(member: &Member) -> Result<String, Error> {
    let mut out = String::new();
    write_member(member, &mut out)?;
    Ok(out)
}

/// Serializes parameters (`;a=1;b`).
pub fn serialize_parameters(params: &Parameters) -> Result<String, Error> {
    let mut out = String::new();
    write_parameters(params, &mut out)?;
    Ok(out)
}

fn write_dictionary_member(key: &str, member: &Member, out: &mut String) -> Result<(), Error> {
    write_key(key, out)?;
    match member {
        Member::Item(Item {
            bare: BareItem::Boolean(true),
            params,
        }) => write_parameters(params, out),
        other => {
            out.push('=');
            write_member(other, out)
        }
    }
}

fn write_member(member: &Member, out: &mut String) -> Result<(), Error> {
    match member {
        Member::Item(item) => write_item(item, out),
        Member::InnerList(list) => write_inner_list(list, out),
    }
}

fn write_inner_list(list: &InnerList, out: &mut String) -> Result<(), Error> {
    out.push('(');
    for (i, item) in list.items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_item(item, out)?;
    }
    out.push(')');
    write_parameters(&list.params, out)
}

fn write_item(item: &Item, out: &mut String) -> Result<(), Error> {
    write_bare_item(&item.bare, out)?;
    write_parameters(&item.params, out)
}

fn write_parameters(params: &Parameters, out: &mut String) -> Result<(), Error> {
    for (key, value) in params.iter() {
        out.push(';');
        write_key(key, out)?;
        if *value != BareItem::Boolean(true) {
            out.push('=');
            write_bare_item(value, out)?;
        }
    }
    Ok(())
}

fn write_key(key: &str, out: &mut String) -> Result<(), Error> {
    let bytes = key.as_bytes();
    let valid = matches!(bytes.first(), Some(c) if c.is_ascii_lowercase() || *c == b'*')
        && bytes.iter().all(|&c| is_key_char(c));
    if !valid {
        return Err(unserializable(format!(
            "{key:?} is not a valid key (a-z, 0-9, _ - . *, starting with a-z or *)"
        )));
    }
    out.push_str(key);
    Ok(())
}

fn unserializable(message: String) -> Error {
    Error::new(
        ErrorCode::InvalidHeader,
        format!("structured field cannot be serialized: {message}"),
    )
}

fn write_bare_item(item: &BareItem, out: &mut String) -> Result<(), Error> {
    match item {
        BareItem::Integer(i) => {
            if i.unsigned_abs() > MAX_INTEGER as u64 {
                return Err(unserializable(format!("integer {i} has more than 15 digits")));
            }
            out.push_str(&i.to_string());
        }
        BareItem::Decimal(d) => {
            let t = d.thousandths();
            if t.unsigned_abs() > 999_999_999_999_999 {
                return Err(unserializable("decimal has more than 12 integer digits".into()));
            }
            if t < 0 {
                out.push('-');
            }
            let abs = t.unsigned_abs();
            let frac = format!("{:03}", abs % 1000);
            let frac = frac.trim_end_matches('0');
            out.push_str(&(abs / 1000).to_string());
            out.push('.');
            out.push_str(if frac.is_empty() { "0" } else { frac });
        }
        BareItem::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    ' '..='~' => out.push(c),
                    _ => {
                        return Err(unserializable(format!(
                            "string {s:?} holds a character outside printable ASCII"
                        )))
                    }
                }
            }
            out.push('"');
        }
        BareItem::Token(t) => {
            let bytes = t.as_bytes();
            let valid = matches!(bytes.first(), Some(c) if c.is_ascii_alphabetic() || *c == b'*')
                && bytes.iter().all(|&c| is_tchar(c) || c == b':' || c == b'/');
            if !valid {
                return Err(unserializable(format!("{t:?} is not a valid token")));
            }
            out.push_str(t);
        }
        BareItem::ByteSequence(b) => {
            out.push(':');
            out.push_str(&STANDARD.encode(b));
            out.push(':');
        }
        BareItem::Boolean(b) => out.push_str(if *b { "?1" } else { "?0" }),
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn roundtrip_dict(input: &str) -> String {
        serialize_dictionary(&parse_dictionary(input).unwrap_or_else(|e| panic!("{input}: {e}")))
            .unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            roundtrip_dict("a=1,    b=2;x=1;y=2,   c=(a   b   c)"),
            "a=1, b=2;x=1;y=2, c=(a b c)"
        );
        assert_eq!(roundtrip_dict("a=?1, b;p=?1"), "a, b;p");
        assert_eq!(roundtrip_dict("a=1.50, b=-0.0, c=12.345"), "a=1.5, b=0.0, c=12.345");
        assert_eq!(roundtrip_dict("a=1,a=2, b"), "a=2, b");
        assert_eq!(roundtrip_dict("s=\"q\\\"\\\\\""), "s=\"q\\\"\\\\\"");
        assert_eq!(roundtrip_dict("b=:aGk:"), "b=:aGk=:");
        assert_eq!(roundtrip_dict(""), "");
        assert_eq!(
            serialize_list(&parse_list("( 1  2 );a , tok/en:x,*star").unwrap()).unwrap(),
            "(1 2);a, tok/en:x, *star"
        );
    }

    /// serialize(parse(x)) is a fixed point: parsing the canonical form gives the same
    /// value, and serializing it again gives the same text (RFC 8941 §3 examples and more).
    #[test]
    fn canonical_form_is_a_fixed_point() {
        let dictionaries = [
            "en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:",
            "a=?0, b, c; foo=bar",
            "rating=1.5, feelings=(joy sadness)",
            "a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid",
            "foo=1.000, bar=-0.5,\tbaz=*x/y:z",
            "sig1=(\"@method\" \"@query-param\";name=\"a b\");created=1;keyid=\"k\"",
        ];
        for input in dictionaries {
            let parsed = parse_dictionary(input).unwrap();
            let canonical = serialize_dictionary(&parsed).unwrap();
            let reparsed = parse_dictionary(&canonical).unwrap();
            assert_eq!(reparsed, parsed, "{input}");
            assert_eq!(serialize_dictionary(&reparsed).unwrap(), canonical, "{input}");
        }
        for input in [
            "sugar, tea, rum",
            "(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()",
            "abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w",
        ] {
            let parsed = parse_list(input).unwrap();
            let canonical = serialize_list(&parsed).unwrap();
            assert_eq!(parse_list(&canonical).unwrap(), parsed, "{input}");
        }
        assert_eq!(
            serialize_list(&parse_list("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w").unwrap()).unwrap(),
            "abc;a=1;b=2;cde_456, (ghi;jk=4 l);q=\"9\";r=w"
        );
    }

    #[test]
    fn errors_have_offsets() {
        let cases: [(&str, usize); 10] = [
            ("a=1,", 4),
            ("a=1 b=2", 4),
            ("A=1", 0),
            ("a=(1 2", 6),
            ("a=\"x", 4),
            ("a=1.2345", 7),
            ("a=1234567890123456", 2),
            ("a=?2", 3),
            ("a=\"\\n\"", 4),
            ("a=:!!:", 3),
        ];
        for (input, offset) in cases {
            let err = parse_dictionary(input).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidHeader, "{input}");
            assert_eq!(err.offset(), Some(offset), "{input}: {err}");
        }
        assert!(parse_item("1;").is_err());
        assert!(parse_list("a,,b").is_err());
        assert!(parse_item("é").is_err());
    }

    #[test]
    fn serializer_refuses_invalid_values() {
        assert!(serialize_item(&Item::new(BareItem::String("é".into()))).is_err());
        assert!(serialize_item(&Item::new(BareItem::Token("1a".into()))).is_err());
        assert!(serialize_item(&Item::new(BareItem::Integer(MAX_INTEGER + 1))).is_err());
    }
}
