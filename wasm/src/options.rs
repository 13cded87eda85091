//! JS options objects to core types: canonicalization (`{ profile, allowUnsafeIntegers,
//! maxDepth, maxSize }` to [`canonsig::Options`]) and the small value readers the signing
//! options share. Unknown keys and wrong types are `invalid_option` errors, so a typo
//! cannot silently fall back to a default.

use canonsig::sign::{Algorithm, Encoding};
use canonsig::{Error, ErrorCode, Options, Profile};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The canonicalization option names, as JS spells them.
pub(crate) const CANON_KEYS: [&str; 4] = ["profile", "allowUnsafeIntegers", "maxDepth", "maxSize"];

/// `undefined` (or `null`) gives the defaults; otherwise a plain object whose own
/// enumerable keys are all known. A key whose value is `undefined` counts as absent.
pub(crate) fn options_from_js(value: Option<JsValue>) -> Result<Options, Error> {
    let mut options = Options::new();
    each_option(value, &CANON_KEYS, |name, v| {
        apply_canon_option(&mut options, name, v)?;
        Ok(())
    })?;
    Ok(options)
}

/// Calls `apply` for each present option of an options object (`undefined`/`null` = none).
/// Keys outside `known` are refused before `apply` sees them.
pub(crate) fn each_option(
    value: Option<JsValue>,
    known: &[&str],
    mut apply: impl FnMut(&str, &JsValue) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(value) = value.filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(());
    };
    if !value.is_object() || Array::is_array(&value) || value.is_function() {
        return Err(invalid(format!("options must be an object, got {}", describe(&value))));
    }
    let object = value.unchecked_ref::<Object>();
    for key in Object::keys(object) {
        let name = key.as_string().unwrap_or_default();
        let v = Reflect::get(object, &key).map_err(|_| invalid(format!("reading option {name:?} threw")))?;
        if v.is_undefined() {
            continue;
        }
        if !known.contains(&name.as_str()) {
            return Err(invalid(format!(
                "unknown option {name:?}; expected one of {}",
                known.join(", ")
            )));
        }
        apply(&name, &v)?;
    }
    Ok(())
}

/// Applies one of [`CANON_KEYS`]; false when `name` is not one of them.
pub(crate) fn apply_canon_option(options: &mut Options, name: &str, v: &JsValue) -> Result<bool, Error> {
    match name {
        "profile" => {
            let profile = string(name, v, "a profile name string")?;
            options.profile = profile.parse::<Profile>()?;
        }
        "allowUnsafeIntegers" => options.allow_unsafe_integers = boolean(name, v)?,
        "maxDepth" => options.max_depth = size(name, v)?,
        "maxSize" => options.max_size = size(name, v)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// A string option.
pub(crate) fn string(name: &str, v: &JsValue, expected: &str) -> Result<String, Error> {
    v.as_string().ok_or_else(|| wrong_type(name, expected, v))
}

/// A boolean option.
pub(crate) fn boolean(name: &str, v: &JsValue) -> Result<bool, Error> {
    v.as_bool().ok_or_else(|| wrong_type(name, "a boolean", v))
}

/// An encoding name (`base64url`, `base64`, `hex`).
pub(crate) fn encoding(name: &str, v: &JsValue) -> Result<Encoding, Error> {
    string(name, v, "an encoding name string")?.parse()
}

/// An algorithm name; anything but a known name string is `unsupported_algorithm`.
pub(crate) fn algorithm(v: &JsValue) -> Result<Algorithm, Error> {
    match v.as_string() {
        Some(name) => name.parse(),
        None => Err(Error::new(
            ErrorCode::UnsupportedAlgorithm,
            format!("the algorithm must be a name string, got {}", shown(v)),
        )),
    }
}

/// A non-negative integer number; values beyond the address space mean "no limit" in
/// practice, so they saturate rather than fail.
pub(crate) fn size(name: &str, v: &JsValue) -> Result<usize, Error> {
    // Saturating float-to-int conversion (Rust `as` semantics).
    Ok(whole(name, v)? as usize)
}

/// Unix seconds: a non-negative integer number.
pub(crate) fn unix_seconds(name: &str, v: &JsValue) -> Result<u64, Error> {
    Ok(whole(name, v)? as u64)
}

fn whole(name: &str, v: &JsValue) -> Result<f64, Error> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => Ok(n),
        _ => Err(wrong_type(name, "a non-negative integer", v)),
    }
}

pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidOption, message)
}

pub(crate) fn wrong_type(name: &str, expected: &str, got: &JsValue) -> Error {
    invalid(format!("option {name:?} must be {expected}, got {}", shown(got)))
}

/// A number's value, or the type of anything else, for messages.
fn shown(got: &JsValue) -> String {
    match got.as_f64() {
        Some(n) if n.is_nan() => "NaN".into(),
        Some(n) if n.is_infinite() => if n > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        Some(n) => format!("{n}"),
        None => describe(got),
    }
}

/// A short description of a JS value's type for messages: `null`, `array`, `number`, ...
pub(crate) fn describe(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}
