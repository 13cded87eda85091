//! Small conversions shared by the scheme bindings: plain JS objects out, numbers and
//! byte arguments in.

use canonsig::scheme::sfv::BareItem;
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::to_js_error;
use crate::options::{self, describe};

/// A plain object from `(key, value)` pairs, in order.
pub(crate) fn object(entries: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let out = Object::new();
    for (key, value) in entries {
        Reflect::set(&out, &JsValue::from_str(key), value)?;
    }
    Ok(out.into())
}

/// `[a, b]`.
pub(crate) fn pair(a: impl Into<JsValue>, b: impl Into<JsValue>) -> JsValue {
    Array::of2(&a.into(), &b.into()).into()
}

/// Bytes as a fresh `Uint8Array`.
pub(crate) fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// `Some(text)` as a string, `None` as `null`.
pub(crate) fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// A structured-field bare item as JS: integers and decimals as numbers, strings and
/// tokens as strings, byte sequences as `Uint8Array`, booleans as booleans.
pub(crate) fn bare(item: &BareItem) -> JsValue {
    match item {
        // SF integers have at most 15 digits: exact as a double.
        BareItem::Integer(i) => JsValue::from_f64(*i as f64),
        BareItem::Decimal(d) => JsValue::from_f64(d.to_f64()),
        BareItem::String(s) | BareItem::Token(s) => JsValue::from_str(s),
        BareItem::ByteSequence(b) => bytes(b),
        BareItem::Boolean(b) => JsValue::from_bool(*b),
        // A bare item type added to the core later: its debug form, never a panic.
        #[allow(unreachable_patterns)]
        other => JsValue::from_str(&format!("{other:?}")),
    }
}

/// A `Uint8Array` argument (the JS layer has already turned strings and buffers into one).
pub(crate) fn body_arg(value: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).ok_or_else(|| {
        Error::new(
            ErrorCode::UnsupportedValue,
            format!("{what} must be the raw bytes (a Uint8Array), got {}", describe(value)),
        )
    })
}

/// Unix seconds (a non-negative integer number).
pub(crate) fn seconds(name: &str, value: &JsValue) -> Result<u64, Error> {
    options::unix_seconds(name, value)
}

/// `[[name, value], ...]` of strings.
pub(crate) fn string_pairs(value: &JsValue, what: &str) -> Result<Vec<(String, String)>, Error> {
    let wrong = || {
        Error::new(
            ErrorCode::MalformedRequest,
            format!(
                "{what} must be an array of [name, value] string pairs, got {}",
                describe(value)
            ),
        )
    };
    if !Array::is_array(value) {
        return Err(wrong());
    }
    Array::from(value)
        .iter()
        .map(|entry| {
            if !Array::is_array(&entry) {
                return Err(wrong());
            }
            let entry = Array::from(&entry);
            match (entry.length(), entry.get(0).as_string(), entry.get(1).as_string()) {
                (2, Some(name), Some(value)) => Ok((name, value)),
                _ => Err(wrong()),
            }
        })
        .collect()
}

/// Maps a core error to the thrown JS error.
pub(crate) fn thrown(error: Error) -> JsValue {
    to_js_error(&error)
}
