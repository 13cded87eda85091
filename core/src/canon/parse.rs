//! The strict single-pass canonicalizer for JSON text.
//!
//! One loop reads the input, admits it (UTF-8, surrogates, duplicate names, number
//! range, depth, size) and writes canonical output. Containers live on an explicit
//! stack, so no input can overflow the call stack. Each object's members are written
//! as they come; when the object closes they are reordered only if the input had them
//! out of order, which also puts duplicate names side by side.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::number;
use super::path::{self, Step};
use super::string::{cmp_keys, write_string};
use super::{unsafe_integer_error, Options};
use crate::error::{Error, ErrorCode};

/// A member written to the output: its decoded name and where its `"name":value` bytes are.
struct Member<'a> {
    key: Cow<'a, str>,
    key_offset: usize,
    start: usize,
    end: usize,
}

enum Frame {
    Object {
        out_start: usize,
        members_start: usize,
        /// True between a member's `:` and the end of its value (for error paths).
        in_value: bool,
    },
    Array {
        index: usize,
    },
}

pub(crate) struct Canonicalizer<'a, 'o> {
    input: &'a [u8],
    /// The whole input as text when it is valid UTF-8 (checked once, in one fast pass),
    /// so strings are sliced from it without validating each one again. `None` for
    /// invalid input, which is then validated string by string to report the right error.
    text: Option<&'a str>,
    pos: usize,
    options: &'o Options,
    out: &'o mut Vec<u8>,
    frames: Vec<Frame>,
    members: Vec<Member<'a>>,
    scratch: Vec<u8>,
}

impl<'a, 'o> Canonicalizer<'a, 'o> {
    pub(crate) fn new(input: &'a [u8], options: &'o Options, out: &'o mut Vec<u8>) -> Self {
        Canonicalizer {
            input,
            text: std::str::from_utf8(input).ok(),
            pos: 0,
            options,
            out,
            frames: Vec::new(),
            members: Vec::new(),
            scratch: Vec::new(),
        }
    }

    pub(crate) fn run(mut self) -> Result<(), Error> {
        self.options.check_size(self.input.len())?;
        if self.input.starts_with(b"\xef\xbb\xbf") {
            return Err(Error::new(ErrorCode::Bom, "input starts with a UTF-8 byte order mark").at(0));
        }
        self.skip_ws();
        if self.pos == self.input.len() {
            return Err(Error::new(ErrorCode::EmptyInput, "input holds no JSON value").at(self.pos));
        }
        'value: loop {
            self.skip_ws();
            let Some(b) = self.peek() else {
                return Err(self.err(
                    ErrorCode::UnexpectedEnd,
                    self.pos,
                    "input ended where a value was expected",
                ));
            };
            match b {
                b'{' => {
                    self.check_depth()?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.out.extend_from_slice(b"{}");
                    } else {
                        self.frames.push(Frame::Object {
                            out_start: self.out.len(),
                            members_start: self.members.len(),
                            in_value: false,
                        });
                        self.out.push(b'{');
                        self.member_name()?;
                        continue 'value;
                    }
                }
                b'[' => {
                    self.check_depth()?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.out.extend_from_slice(b"[]");
                    } else {
                        self.frames.push(Frame::Array { index: 0 });
                        self.out.push(b'[');
                        continue 'value;
                    }
                }
                b'"' => {
                    let open = self.pos;
                    let s = self.string()?;
                    self.write_string(open, &s);
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                b'N' | b'I' => return Err(self.non_finite_or_syntax(self.pos)),
                b'.' | b'+' if self.input.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                    return Err(self.err(
                        ErrorCode::InvalidNumber,
                        self.pos,
                        "a JSON number starts with a digit or '-' (no leading '.' or '+')",
                    ))
                }
                _ => return Err(self.unexpected(self.pos, "a value")),
            }
            // A value is complete: consume separators and close containers.
            loop {
                let is_object = match self.frames.last() {
                    None => break 'value,
                    Some(frame) => matches!(frame, Frame::Object { .. }),
                };
                self.skip_ws();
                match (is_object, self.peek()) {
                    (true, Some(b',')) => {
                        self.pos += 1;
                        self.end_member();
                        self.out.push(b',');
                        self.skip_ws();
                        self.member_name()?;
                        continue 'value;
                    }
                    (true, Some(b'}')) => {
                        self.pos += 1;
                        self.end_member();
                        self.close_object()?;
                    }
                    (false, Some(b',')) => {
                        self.pos += 1;
                        if let Some(Frame::Array { index }) = self.frames.last_mut() {
                            *index += 1;
                        }
                        self.out.push(b',');
                        continue 'value;
                    }
                    (false, Some(b']')) => {
                        self.pos += 1;
                        self.out.push(b']');
                        self.frames.pop();
                    }
                    (true, _) => return Err(self.unexpected(self.pos, "',' or '}' after a member value")),
                    (false, _) => return Err(self.unexpected(self.pos, "',' or ']' after an array element")),
                }
            }
        }
        self.skip_ws();
        if self.pos < self.input.len() {
            return Err(Error::new(ErrorCode::TrailingData, "more data after the end of the JSON value").at(self.pos));
        }
        Ok(())
    }

    /// Writes the string literal read from `open..self.pos`, decoded as `s`. A literal
    /// without escapes is already canonical in the profiles that escape only `"`, `\` and
    /// controls (which such a literal cannot hold), so its input bytes are copied as they are.
    fn write_string(&mut self, open: usize, s: &str) {
        // Escaped literals are longer than their decoded text; unescaped ones are not.
        let unescaped = self.pos - open == s.len() + 2;
        if unescaped && self.options.profile.escapes_only_required() {
            self.out.extend_from_slice(&self.input[open..self.pos]);
        } else {
            write_string(self.options.profile, s, self.out);
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn path(&self) -> String {
        let mut steps = Vec::with_capacity(self.frames.len());
        let mut object_frames = self.frames.iter().filter_map(|f| match f {
            Frame::Object { members_start, .. } => Some(*members_start),
            Frame::Array { .. } => None,
        });
        object_frames.next();
        let mut next_starts: Vec<usize> = object_frames.collect();
        next_starts.push(self.members.len());
        let mut next = next_starts.into_iter();
        for frame in &self.frames {
            match frame {
                Frame::Array { index } => steps.push(Step::Index(*index)),
                Frame::Object { in_value, .. } => {
                    let end = next.next().unwrap_or(self.members.len());
                    if *in_value && end > 0 {
                        if let Some(m) = self.members.get(end - 1) {
                            steps.push(Step::Key(&m.key));
                        }
                    }
                }
            }
        }
        path::format(steps)
    }

    fn err(&self, code: ErrorCode, at: usize, message: impl Into<String>) -> Error {
        Error::new(code, message).at(at).with_path(self.path())
    }

    fn unexpected(&self, at: usize, expected: &str) -> Error {
        match self.input.get(at) {
            None => self.err(
                ErrorCode::UnexpectedEnd,
                at,
                format!("input ended where {expected} was expected"),
            ),
            Some(&b) if b.is_ascii_graphic() => self.err(
                ErrorCode::Syntax,
                at,
                format!("unexpected '{}' where {expected} was expected", char::from(b)),
            ),
            Some(&b) => self.err(
                ErrorCode::Syntax,
                at,
                format!("unexpected byte 0x{b:02x} where {expected} was expected"),
            ),
        }
    }

    fn non_finite_or_syntax(&self, at: usize) -> Error {
        let rest = &self.input[at..];
        if rest.starts_with(b"NaN") || rest.starts_with(b"Infinity") {
            self.err(ErrorCode::NonFiniteNumber, at, "NaN and Infinity are not JSON numbers")
        } else {
            self.unexpected(at, "a value")
        }
    }

    fn check_depth(&self) -> Result<(), Error> {
        if self.frames.len() >= self.options.max_depth {
            return Err(self.err(
                ErrorCode::TooDeep,
                self.pos,
                format!("nesting deeper than the limit of {}", self.options.max_depth),
            ));
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), Error> {
        let rest = &self.input[self.pos..];
        if rest.starts_with(word) {
            self.pos += word.len();
            self.out.extend_from_slice(word);
            return Ok(());
        }
        let matched = rest.iter().zip(word).take_while(|(a, b)| a == b).count();
        let expected = format!("'{}'", String::from_utf8_lossy(word));
        Err(self.unexpected(self.pos + matched, &expected))
    }

    /// Reads `"name":` inside an object and starts the member.
    fn member_name(&mut self) -> Result<(), Error> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected(self.pos, "a member name in double quotes"));
        }
        let key_offset = self.pos;
        let key = self.string()?;
        let start = self.out.len();
        self.write_string(key_offset, &key);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected(self.pos, "':' after a member name"));
        }
        self.pos += 1;
        self.out.push(b':');
        self.members.push(Member {
            key,
            key_offset,
            start,
            end: start,
        });
        if let Some(Frame::Object { in_value, .. }) = self.frames.last_mut() {
            *in_value = true;
        }
        Ok(())
    }

    fn end_member(&mut self) {
        if let Some(m) = self.members.last_mut() {
            m.end = self.out.len();
        }
        if let Some(Frame::Object { in_value, .. }) = self.frames.last_mut() {
            *in_value = false;
        }
    }

    fn close_object(&mut self) -> Result<(), Error> {
        let Some(Frame::Object {
            out_start,
            members_start,
            ..
        }) = self.frames.pop()
        else {
            return Ok(());
        };
        let profile = self.options.profile;
        let members = &mut self.members[members_start..];
        let in_order = members
            .windows(2)
            .all(|w| cmp_keys(profile, &w[0].key, &w[1].key) == Ordering::Less);
        if in_order {
            self.out.push(b'}');
        } else {
            members.sort_unstable_by(|a, b| cmp_keys(profile, &a.key, &b.key));
            let duplicate = members.windows(2).find(|w| w[0].key == w[1].key).map(|w| {
                (
                    w[0].key_offset.min(w[1].key_offset),
                    w[0].key_offset.max(w[1].key_offset),
                    w[0].key.to_string(),
                )
            });
            if let Some((first, second, key)) = duplicate {
                // The closed object's members must go before the parent's path is read.
                self.members.truncate(members_start);
                let object_path = self.path();
                let mut full = object_path;
                full.push_str(&path::format([Step::Key(&key)])[1..]);
                return Err(Error::new(
                    ErrorCode::DuplicateKey,
                    format!(
                        "member name {} appears twice in one object (first at byte {first})",
                        path::quote_for_message(&key)
                    ),
                )
                .at(second)
                .with_path(full));
            }
            self.scratch.clear();
            self.scratch.push(b'{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    self.scratch.push(b',');
                }
                self.scratch.extend_from_slice(&self.out[m.start..m.end]);
            }
            self.scratch.push(b'}');
            self.out.truncate(out_start);
            self.out.extend_from_slice(&self.scratch);
        }
        self.members.truncate(members_start);
        Ok(())
    }

    /// Validates `input[from..to]` as UTF-8, naming encoded surrogates for what they are.
    fn utf8(&self, from: usize, to: usize) -> Result<&'a str, Error> {
        if let Some(text) = self.text.and_then(|t| t.get(from..to)) {
            return Ok(text);
        }
        let input: &'a [u8] = self.input;
        std::str::from_utf8(&input[from..to]).map_err(|e| {
            let at = from + e.valid_up_to();
            let bad = &input[at..to];
            if bad.first() == Some(&0xed) && bad.get(1).is_some_and(|b| (0xa0..=0xbf).contains(b)) {
                self.err(
                    ErrorCode::LoneSurrogate,
                    at,
                    "a lone UTF-16 surrogate (U+D800..U+DFFF) in the text; surrogates are not Unicode scalar values and have no UTF-8 form",
                )
            } else {
                let shown: Vec<String> = bad.iter().take(4).map(|b| format!("{b:02x}")).collect();
                self.err(
                    ErrorCode::InvalidUtf8,
                    at,
                    format!("invalid UTF-8 sequence (bytes {})", shown.join(" ")),
                )
            }
        })
    }

    /// Reads a string literal at `pos` (which is `"`) and returns its decoded text,
    /// borrowed from the input when it holds no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let input = self.input;
        let open = self.pos;
        let mut i = open + 1;
        let mut segment_start = i;
        let mut decoded: Option<String> = None;
        loop {
            i = string_stop(input, i);
            match input.get(i) {
                None => {
                    return Err(self.err(
                        ErrorCode::UnexpectedEnd,
                        input.len(),
                        format!("input ended inside the string that starts at byte {open}"),
                    ))
                }
                Some(b'"') => {
                    let tail = self.utf8(segment_start, i)?;
                    self.pos = i + 1;
                    return Ok(match decoded {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let segment = self.utf8(segment_start, i)?;
                    let s = decoded.get_or_insert_with(String::new);
                    s.push_str(segment);
                    i = self.escape(i, s)?;
                    segment_start = i;
                }
                Some(&c) => {
                    return Err(self.err(
                        ErrorCode::ControlCharacter,
                        i,
                        format!("raw control character U+{c:04X} inside a string"),
                    ))
                }
            }
        }
    }

    /// Decodes the escape whose backslash is at `at` into `s`; returns the offset after it.
    fn escape(&self, at: usize, s: &mut String) -> Result<usize, Error> {
        let Some(&c) = self.input.get(at + 1) else {
            return Err(self.err(ErrorCode::UnexpectedEnd, at + 1, "input ended inside an escape"));
        };
        let simple = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            s.push(ch);
            return Ok(at + 2);
        }
        if c != b'u' {
            let shown = if c.is_ascii_graphic() {
                format!("\\{}", char::from(c))
            } else {
                format!("\\ followed by byte 0x{c:02x}")
            };
            return Err(self.err(ErrorCode::InvalidEscape, at, format!("{shown} is not a JSON escape")));
        }
        let unit = self.hex4(at)?;
        let ch = match unit {
            0xd800..=0xdbff => {
                let next = at + 6;
                let low = if self.input.get(next) == Some(&b'\\') && self.input.get(next + 1) == Some(&b'u') {
                    Some(self.hex4(next)?)
                } else {
                    None
                };
                match low {
                    Some(low @ 0xdc00..=0xdfff) => {
                        let cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                        s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        return Ok(at + 12);
                    }
                    _ => {
                        return Err(self.err(
                            ErrorCode::LoneSurrogate,
                            at,
                            format!("high surrogate \\u{unit:04x} is not followed by a low surrogate escape"),
                        ))
                    }
                }
            }
            0xdc00..=0xdfff => {
                return Err(self.err(
                    ErrorCode::LoneSurrogate,
                    at,
                    format!("low surrogate \\u{unit:04x} without a high surrogate before it"),
                ))
            }
            _ => char::from_u32(unit).unwrap_or('\u{fffd}'),
        };
        s.push(ch);
        Ok(at + 6)
    }

    /// Reads the four hex digits of the `\u` escape whose backslash is at `at`.
    fn hex4(&self, at: usize) -> Result<u32, Error> {
        let mut unit = 0u32;
        for k in 0..4 {
            let Some(&b) = self.input.get(at + 2 + k) else {
                return Err(self.err(
                    ErrorCode::UnexpectedEnd,
                    self.input.len(),
                    "input ended inside a \\u escape",
                ));
            };
            let digit = char::from(b)
                .to_digit(16)
                .ok_or_else(|| self.err(ErrorCode::InvalidEscape, at, "\\u must be followed by four hex digits"))?;
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    fn number(&mut self) -> Result<(), Error> {
        let input = self.input;
        let start = self.pos;
        let digits_from = |mut i: usize| {
            while input.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start;
        if input[i] == b'-' {
            i += 1;
        }
        match input.get(i) {
            Some(b'0') => {
                i += 1;
                if input.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err(ErrorCode::InvalidNumber, start, "numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => i = digits_from(i),
            Some(b'I') => return Err(self.non_finite_or_syntax(i).at(start)),
            _ => return Err(self.err(ErrorCode::InvalidNumber, start, "'-' must be followed by a digit")),
        }
        let mut integer = true;
        if input.get(i) == Some(&b'.') {
            integer = false;
            if !input.get(i + 1).is_some_and(u8::is_ascii_digit) {
                return Err(self.err(
                    ErrorCode::InvalidNumber,
                    start,
                    "a decimal point must be followed by a digit",
                ));
            }
            i = digits_from(i + 1);
        }
        if let Some(b'e' | b'E') = input.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            if !input.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(self.err(ErrorCode::InvalidNumber, start, "an exponent must have digits"));
            }
            i = digits_from(i);
        }
        let literal = &input[start..i];
        let profile = self.options.profile;
        self.pos = i;
        if profile.numbers_are_binary64() && number::write_short_es(literal, self.out) {
            return Ok(());
        }
        if integer && !profile.numbers_are_binary64() {
            // Python keeps integers exact, however long; `-0` is the integer 0.
            if literal == b"-0" {
                self.out.push(b'0');
            } else {
                self.out.extend_from_slice(literal);
            }
            return Ok(());
        }
        // Number literals are ASCII, so the slice is on character boundaries.
        let text = match self.text {
            Some(text) => text.get(start..i).unwrap_or(""),
            None => std::str::from_utf8(literal).unwrap_or(""),
        };
        let value: f64 = text
            .parse()
            .map_err(|_| self.err(ErrorCode::InvalidNumber, start, "malformed number"))?;
        if value.is_infinite() {
            return Err(self.err(
                ErrorCode::NumberOutOfRange,
                start,
                format!("number {} is too large for binary64", shorten(text)),
            ));
        }
        if integer && !self.options.allow_unsafe_integers {
            if let Some(became) = number::integer_change(literal, value) {
                let message = unsafe_integer_error(text, &became).message().to_string();
                return Err(self.err(ErrorCode::UnsafeInteger, start, message));
            }
        }
        number::write_float(profile, value, self.out);
        Ok(())
    }
}

/// The offset of the first `"`, `\\` or control byte at or after `i` (or the input length).
/// Eight bytes at a time while none is there: most string bytes are plain text.
fn string_stop(input: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = input.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // Per byte: high bit set where the byte is 0 (after the xor) or below 0x20. A
        // borrow can mark bytes after a real hit, never before one, so the lowest mark is exact.
        let hits = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        let hits = hits & HIGH;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < input.len() && !matches!(input[i], b'"' | b'\\' | 0x00..=0x1f) {
        i += 1;
    }
    i
}

/// Long numbers are cut in messages so an error stays one readable line.
fn shorten(text: &str) -> String {
    if text.len() <= 40 {
        text.to_string()
    } else {
        format!("{}...({} digits)", &text[..20], text.len())
    }
}
