//! Canonical JSON: RFC 8785 (JCS) and named compatibility profiles.
//!
//! Text input goes through one strict pass ([`canonicalize`]) that parses, admits
//! and writes in the same loop: no `Value` tree is built, member names are borrowed
//! from the input when they hold no escapes, and output goes into one buffer.
//! In-memory input goes through [`Value`] ([`canonicalize_value`]) or any
//! `T: Serialize` ([`to_canonical_vec`]); all three share the same leaf writers, so
//! they give the same bytes for the same data.

mod number;
mod parse;
mod path;
mod profile;
mod ser;
mod string;
mod value;

pub(crate) use number::{write_es, write_go, write_python};
pub use path::JsonPath;
pub use profile::Profile;
pub(crate) use string::{cmp_utf16 as string_cmp_utf16, write_string};
pub use value::{Number, Value};

use crate::error::{Error, ErrorCode};

/// Default limit on nesting depth (arrays and objects).
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// Default limit on input size in bytes (64 MiB).
pub const DEFAULT_MAX_SIZE: usize = 64 * 1024 * 1024;
/// Hard ceiling on nesting for in-memory values, which are walked recursively.
/// Text input has no such ceiling: its parser keeps its own stack.
pub const MAX_VALUE_DEPTH: usize = 10_000;

/// How to canonicalize: the profile and the admission limits.
///
/// ```
/// use canonsig::canon::{Options, Profile};
/// let opts = Options::new().profile(Profile::PythonSorted).max_depth(32);
/// assert_eq!(canonsig::canon::canonicalize_with(br#"{"b":"\u00e9","a":1.0}"#, &opts).unwrap(),
///            br#"{"a":1.0,"b":"\u00e9"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "CanonicalizeOptions", rename_all = "camelCase")
)]
pub struct Options {
    /// The output form; [`Profile::Jcs`] (RFC 8785) by default.
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub profile: Profile,
    /// Accept integers beyond +-(2^53-1) that binary64 cannot hold exactly, in the profiles
    /// that hold numbers as binary64; they are then rounded as JavaScript would. Off by
    /// default, because such integers would silently change. (Large integers that binary64
    /// holds exactly, like 2^53 or 10^16, pass either way: their canonical text is the input's.)
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub allow_unsafe_integers: bool,
    /// Deepest nesting accepted; deeper input is a [`ErrorCode::TooDeep`] error.
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub max_depth: usize,
    /// Largest input accepted, in bytes; larger input is a [`ErrorCode::TooLarge`] error.
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub max_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: Profile::Jcs,
            allow_unsafe_integers: false,
            max_depth: DEFAULT_MAX_DEPTH,
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

impl Options {
    /// The defaults: RFC 8785, unsafe integers rejected, depth 128, 64 MiB.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the output profile.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Accepts (true) or rejects (false, the default) integers outside +-(2^53-1).
    pub fn allow_unsafe_integers(mut self, allow: bool) -> Self {
        self.allow_unsafe_integers = allow;
        self
    }

    /// Sets the deepest nesting accepted.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Sets the largest input accepted, in bytes.
    pub fn max_size(mut self, bytes: usize) -> Self {
        self.max_size = bytes;
        self
    }

    /// Refuses an input of `len` bytes when it is over [`Options::max_size`]; frontends
    /// call it before copying a large input across their boundary.
    ///
    /// ```
    /// let opts = canonsig::Options::new().max_size(10);
    /// assert!(opts.check_size(10).is_ok());
    /// assert_eq!(opts.check_size(11).unwrap_err().code().as_str(), "too_large");
    /// ```
    pub fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.max_size {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("input is larger than the limit of {} bytes", self.max_size),
            )
            .at(self.max_size));
        }
        Ok(())
    }
}

/// Canonicalizes JSON text with the default options (RFC 8785, strict).
///
/// ```
/// let out = canonsig::canonicalize(br#"{ "b": [1.0, 1e21], "a": "\u00e9" }"#).unwrap();
/// assert_eq!(out, "{\"a\":\"é\",\"b\":[1,1e+21]}".as_bytes());
///
/// let err = canonsig::canonicalize(br#"{"a":1,"a":2}"#).unwrap_err();
/// assert_eq!(err.code().as_str(), "duplicate_key");
/// assert_eq!((err.offset(), err.path()), (Some(7), Some("$.a")));
/// ```
pub fn canonicalize(input: &[u8]) -> Result<Vec<u8>, Error> {
    canonicalize_with(input, &Options::default())
}

/// Canonicalizes JSON text with the given options.
pub fn canonicalize_with(input: &[u8], options: &Options) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(input.len());
    canonicalize_into(input, options, &mut out)?;
    Ok(out)
}

/// Canonicalizes JSON text into `out`, which is cleared first; reuse one buffer across calls.
/// On error `out` holds unspecified partial output.
pub fn canonicalize_into(input: &[u8], options: &Options, out: &mut Vec<u8>) -> Result<(), Error> {
    out.clear();
    parse::Canonicalizer::new(input, options, out).run()
}

/// Canonicalizes an in-memory [`Value`].
///
/// ```
/// use canonsig::canon::{canonicalize_value, Number, Options, Value};
/// let v = Value::Object(vec![
///     ("b".into(), Value::Number(Number::Float(0.5))),
///     ("a".into(), Value::Array(vec![Value::Bool(true), Value::Null])),
/// ]);
/// assert_eq!(canonicalize_value(&v, &Options::default()).unwrap(), br#"{"a":[true,null],"b":0.5}"#);
/// ```
pub fn canonicalize_value(value: &Value, options: &Options) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    value::write_value(value, options, &mut out)?;
    Ok(out)
}

/// Canonical bytes straight from any `T: Serialize`, without going through JSON text.
///
/// Map keys may be strings, chars or integers (written as strings, as serde_json does).
/// `f32` is widened exactly to binary64. `NaN` and infinities are errors, not `null`.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Order { qty: u32, id: &'static str, price: f64 }
/// let out = canonsig::to_canonical_vec(&Order { qty: 2, id: "é", price: 10.0 }, &Default::default()).unwrap();
/// assert_eq!(out, "{\"id\":\"é\",\"price\":10,\"qty\":2}".as_bytes());
/// ```
pub fn to_canonical_vec<T: serde::Serialize + ?Sized>(value: &T, options: &Options) -> Result<Vec<u8>, Error> {
    let tree = value.serialize(ser::ValueSerializer)?;
    canonicalize_value(&tree, options)
}

/// Where non-canonical input first departs from its canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Departure {
    /// Byte offset of the first differing byte (or of the end of the shorter one).
    pub offset: usize,
    /// 1-based line of that byte in the input.
    pub line: usize,
    /// 1-based column (in bytes) of that byte in the input.
    pub column: usize,
}

/// Checks whether `input` is already in canonical form: `Ok(None)` when it is,
/// `Ok(Some(departure))` with the first differing byte when it is not.
///
/// ```
/// use canonsig::canon::{check_canonical, Options};
/// assert_eq!(check_canonical(br#"{"a":1}"#, &Options::default()).unwrap(), None);
/// let d = check_canonical(br#"{"a": 1}"#, &Options::default()).unwrap().unwrap();
/// assert_eq!((d.offset, d.line, d.column), (5, 1, 6));
/// ```
pub fn check_canonical(input: &[u8], options: &Options) -> Result<Option<Departure>, Error> {
    let canonical = canonicalize_with(input, options)?;
    if canonical == input {
        return Ok(None);
    }
    let offset = input
        .iter()
        .zip(&canonical)
        .position(|(a, b)| a != b)
        .unwrap_or(input.len().min(canonical.len()));
    let before = &input[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    Ok(Some(Departure {
        offset,
        line,
        column: offset - line_start + 1,
    }))
}

pub(crate) fn unsafe_integer_error(literal: &str, became: &str) -> Error {
    let shorten = |t: &str| {
        if t.len() <= 40 {
            t.to_string()
        } else {
            format!("{}...({} digits)", &t[..20], t.len())
        }
    };
    Error::new(
        ErrorCode::UnsafeInteger,
        format!(
            "integer {} is beyond +-(2^53-1) and binary64 would change it to {}",
            shorten(literal),
            shorten(became)
        ),
    )
}
