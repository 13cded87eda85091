use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorCode};

/// The byte form to produce. Each non-default profile reproduces, byte for byte,
/// what another stack actually signs, so a canonsig client can talk to an existing server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Profile {
    /// RFC 8785 JSON Canonicalization Scheme (`jcs`): UTF-16 key order, ECMAScript
    /// numbers, minimal escaping, raw UTF-8.
    #[default]
    Jcs,
    /// Python `json.dumps(v, sort_keys=True, separators=(",", ":"))` with the default
    /// `ensure_ascii=True` (`python-sorted`): code-point key order, non-ASCII and DEL as
    /// `\uXXXX`, Python `repr` floats (`1.0`, `1e-05`), integers exact.
    PythonSorted,
    /// The same with `ensure_ascii=False` (`python-sorted-unicode`, also Matrix's
    /// canonical JSON in practice): raw UTF-8 instead of `\uXXXX`.
    PythonSortedUnicode,
    /// Go `encoding/json` marshalling a decoded `map[string]any` (`go-json`): UTF-8 byte
    /// key order, `<>&` and U+2028/U+2029 escaped, numbers as float64 (ES-style, but
    /// `-0` stays `-0`).
    GoJson,
}

impl Profile {
    /// Every profile, default first.
    pub const ALL: [Profile; 4] = [
        Profile::Jcs,
        Profile::PythonSorted,
        Profile::PythonSortedUnicode,
        Profile::GoJson,
    ];

    /// The stable name used by every frontend (`jcs`, `python-sorted`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Profile::Jcs => "jcs",
            Profile::PythonSorted => "python-sorted",
            Profile::PythonSortedUnicode => "python-sorted-unicode",
            Profile::GoJson => "go-json",
        }
    }

    /// True when numbers pass through binary64 (so large integers change value).
    pub(crate) fn numbers_are_binary64(self) -> bool {
        matches!(self, Profile::Jcs | Profile::GoJson)
    }

    /// True when strings escape only what JSON requires (`"`, `\\`, controls), so a
    /// literal without escapes is already in canonical form.
    pub(crate) fn escapes_only_required(self) -> bool {
        matches!(self, Profile::Jcs | Profile::PythonSortedUnicode)
    }

    /// True when members are ordered by UTF-16 code units (else by code point / UTF-8 bytes).
    pub(crate) fn sorts_by_utf16(self) -> bool {
        matches!(self, Profile::Jcs)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Profile::ALL.into_iter().find(|p| p.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
            Error::new(
                ErrorCode::InvalidOption,
                format!("unknown profile {s:?}; expected one of {}", names.join(", ")),
            )
        })
    }
}
