//! # canonsig
//!
//! One implementation of "the bytes that were signed", shared by Rust, Python,
//! Node and the browser, so a client and a server that sign the same value produce
//! the same bytes, and anything two parsers could read differently is refused.
//!
//! ## Canonical JSON (RFC 8785)
//!
//! ```
//! let out = canonsig::canonicalize(br#"{"b": 1.0, "a": "\u00e9"}"#)?;
//! assert_eq!(out, "{\"a\":\"é\",\"b\":1}".as_bytes());
//! # Ok::<(), canonsig::Error>(())
//! ```
//!
//! Input that parsers disagree on is an error with a stable code, the byte offset
//! and the JSON path:
//!
//! ```
//! let err = canonsig::canonicalize(br#"{"items":[{"id":1,"id":2}]}"#).unwrap_err();
//! assert_eq!(err.code(), canonsig::ErrorCode::DuplicateKey);
//! assert_eq!(err.path(), Some("$.items[0].id"));
//! assert_eq!(err.offset(), Some(18));
//! ```
//!
//! ## Compatibility profiles
//!
//! [`Profile`] reproduces the "canonical" forms other stacks sign: Python's
//! `json.dumps(sort_keys=True, separators=(",", ":"))` with and without
//! `ensure_ascii`, and Go's `encoding/json`.
//!
//! ```
//! use canonsig::{canonicalize_with, Options, Profile};
//! let opts = Options::new().profile(Profile::PythonSorted);
//! assert_eq!(canonicalize_with("{\"b\":\"é\",\"a\":1.0}".as_bytes(), &opts)?, br#"{"a":1.0,"b":"\u00e9"}"#);
//! # Ok::<(), canonsig::Error>(())
//! ```

pub mod canon;
pub mod diff;
mod error;
mod percent;
pub mod scheme;
pub mod sign;
pub mod time;

pub use canon::{
    canonicalize, canonicalize_into, canonicalize_value, canonicalize_with, check_canonical, to_canonical_vec,
    Departure, JsonPath, Number, Options, Profile, Value,
};
pub use error::{Error, ErrorCode, ErrorKind};

/// The Rust examples in the READMEs, run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct RepositoryReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
