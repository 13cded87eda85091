//! JS input (`string | Uint8Array`) to the UTF-8 bytes core reads, copied once into wasm
//! memory; and the byte and text arguments of the signing API.

use canonsig::{Error, ErrorCode, Options};
use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::options::describe;

/// The bytes of `input`: a `Uint8Array` as is, a string as UTF-8.
///
/// A string with a lone surrogate has no UTF-8 form, and the usual conversion would
/// silently turn it into U+FFFD (so a signer would sign other data than it holds).
/// Such a string is encoded faithfully instead, each lone surrogate as its 3-byte
/// generalized UTF-8 form (like Python's `surrogatepass`), which core rejects with
/// `lone_surrogate` and the right offset and path.
pub(crate) fn input_bytes(input: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = input.dyn_ref::<JsString>() {
        if text.is_well_formed() {
            // The engine's own encoder, then one bulk copy: several times faster than
            // wasm-bindgen's String conversion, which copies ASCII one unit at a time in JS.
            return Ok(ENCODER.with(|encoder| encoder.encode(text)).to_vec());
        }
        return Ok(surrogatepass_bytes(text.iter()));
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(Error::new(
        ErrorCode::UnsupportedValue,
        format!(
            "input must be JSON text as a string or a Uint8Array, got {}",
            describe(input)
        ),
    ))
}

#[wasm_bindgen]
extern "C" {
    /// The standard `TextEncoder` (UTF-8), present in Node and every browser.
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsString) -> Uint8Array;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A lower bound of the UTF-8 length of `input`, known without copying it: a string
/// takes at least one UTF-8 byte per UTF-16 code unit.
pub(crate) fn input_len_lower_bound(input: &JsValue) -> usize {
    if let Some(text) = input.dyn_ref::<JsString>() {
        return text.length() as usize;
    }
    input.dyn_ref::<Uint8Array>().map_or(0, |b| b.length() as usize)
}

/// JSON text to canonicalize or sign, after the size limit of `options` is checked on
/// its lower bound (before the copy into wasm memory, which never shrinks).
pub(crate) fn payload_bytes(input: &JsValue, options: &Options) -> Result<Vec<u8>, Error> {
    options.check_size(input_len_lower_bound(input))?;
    input_bytes(input)
}

/// Raw bytes (a message, a signature, a public key): a `Uint8Array` only. (wasm-bindgen's
/// own `&[u8]` conversion would read a string or a plain array as garbage bytes.)
pub(crate) fn bytes_arg(value: &JsValue, what: &str, code: ErrorCode) -> Result<Vec<u8>, Error> {
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| Error::new(code, format!("{what} must be a Uint8Array, got {}", describe(value))))
}

/// Text (a PEM, a JWK, a secret in an encoding): a string only.
pub(crate) fn text_arg(value: &JsValue, what: &str, code: ErrorCode) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::new(code, format!("{what} must be a string, got {}", describe(value))))
}

/// UTF-16 code units to UTF-8, with lone surrogates as their 3-byte (WTF-8) form.
fn surrogatepass_bytes(units: impl Iterator<Item = u16>) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(lone) => {
                let u = lone.unpaired_surrogate();
                out.extend_from_slice(&[
                    0xE0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3F) as u8,
                    0x80 | (u & 0x3F) as u8,
                ]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::surrogatepass_bytes;

    #[test]
    fn well_formed_units_are_plain_utf8() {
        let s = "a\u{e9}\u{20ac}\u{1f600}";
        assert_eq!(surrogatepass_bytes(s.encode_utf16()), s.as_bytes());
    }

    #[test]
    fn lone_surrogates_become_their_three_byte_form() {
        // "\ud800" alone, then a reversed pair \ude00\ud83d.
        let units = [0x22, 0xD800, 0x22, 0xDE00, 0xD83D];
        assert_eq!(
            surrogatepass_bytes(units.into_iter()),
            [0x22, 0xED, 0xA0, 0x80, 0x22, 0xED, 0xB8, 0x80, 0xED, 0xA0, 0xBD]
        );
    }
}
