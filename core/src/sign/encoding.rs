//! Text encodings for signatures and secrets: base64url (default), base64, hex.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;

use crate::error::{Error, ErrorCode};

/// How signature bytes (or a secret) are written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Encoding {
    /// RFC 4648 §5 base64url without padding (the default).
    #[default]
    Base64Url,
    /// RFC 4648 §4 base64 with padding.
    Base64,
    /// Lower-case hexadecimal.
    Hex,
}

impl Encoding {
    /// Every encoding, default first.
    pub const ALL: [Encoding; 3] = [Encoding::Base64Url, Encoding::Base64, Encoding::Hex];

    /// The stable name (`base64url`, `base64`, `hex`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base64Url => "base64url",
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
        }
    }

    /// Encodes bytes as text.
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Base64Url => URL_SAFE_NO_PAD.encode(bytes),
            Encoding::Base64 => STANDARD.encode(bytes),
            Encoding::Hex => hex_encode(bytes),
        }
    }

    /// Decodes text; padding is optional for both base64 forms, hex accepts either case.
    /// `what` names the value in the error ("signature", "secret").
    pub fn decode(self, text: &str, what: &str) -> Result<Vec<u8>, Error> {
        let text = text.trim();
        let decoded = match self {
            Encoding::Base64Url => URL_SAFE_NO_PAD.decode(text).or_else(|_| URL_SAFE.decode(text)).ok(),
            Encoding::Base64 => STANDARD.decode(text).or_else(|_| STANDARD_NO_PAD.decode(text)).ok(),
            Encoding::Hex => hex_decode(text),
        };
        decoded.ok_or_else(|| {
            let hint = match self {
                Encoding::Base64Url if text.contains(['+', '/']) => " (it contains '+' or '/': is it plain base64?)",
                Encoding::Base64 if text.contains(['-', '_']) => " (it contains '-' or '_': is it base64url?)",
                _ => "",
            };
            Error::new(
                ErrorCode::MalformedSignature,
                format!("{what} is not valid {}{hint}", self.name()),
            )
        })
    }
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}

pub(crate) fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Encoding::ALL.into_iter().find(|e| e.name() == s).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                format!("unknown encoding {s:?}; expected base64url, base64 or hex"),
            )
        })
    }
}
