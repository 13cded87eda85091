//! The JS options object (`{ profile, allowUnsafeIntegers, maxDepth, maxSize }`) to
//! [`canonsig::Options`]. Unknown keys and wrong types are `invalid_option` errors, so a
//! typo cannot silently fall back to a default.

use canonsig::{Error, ErrorCode, Options, Profile};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The option names, as JS spells them.
const KEYS: [&str; 4] = ["profile", "allowUnsafeIntegers", "maxDepth", "maxSize"];

/// `undefined` (or `null`) gives the defaults; otherwise a plain object whose own
/// enumerable keys are all known. A key whose value is `undefined` counts as absent.
pub(crate) fn options_from_js(value: Option<JsValue>) -> Result<Options, Error> {
    let mut options = Options::new();
    let Some(value) = value else {
        return Ok(options);
    };
    if !value.is_object() || Array::is_array(&value) {
        return Err(invalid(format!("options must be an object, got {}", describe(&value))));
    }
    let object = value.unchecked_ref::<Object>();
    for key in Object::keys(object) {
        let name = key.as_string().unwrap_or_default();
        let v = Reflect::get(object, &key).map_err(|_| invalid(format!("reading option {name:?} threw")))?;
        if v.is_undefined() {
            continue;
        }
        match name.as_str() {
            "profile" => {
                let profile = v
                    .as_string()
                    .ok_or_else(|| wrong_type(&name, "a profile name string", &v))?;
                options = options.profile(profile.parse::<Profile>()?);
            }
            "allowUnsafeIntegers" => {
                let allow = v.as_bool().ok_or_else(|| wrong_type(&name, "a boolean", &v))?;
                options = options.allow_unsafe_integers(allow);
            }
            "maxDepth" => options = options.max_depth(size(&name, &v)?),
            "maxSize" => options = options.max_size(size(&name, &v)?),
            _ => {
                return Err(invalid(format!(
                    "unknown option {name:?}; expected one of {}",
                    KEYS.join(", ")
                )))
            }
        }
    }
    Ok(options)
}

/// A non-negative integer number; values beyond the address space mean "no limit" in
/// practice, so they saturate rather than fail.
fn size(name: &str, v: &JsValue) -> Result<usize, Error> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => {
            // Saturating float-to-int conversion (Rust `as` semantics).
            Ok(n as usize)
        }
        _ => Err(wrong_type(name, "a non-negative integer", v)),
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidOption, message)
}

fn wrong_type(name: &str, expected: &str, got: &JsValue) -> Error {
    let shown = match got.as_f64() {
        Some(n) if n.is_nan() => "NaN".into(),
        Some(n) if n.is_infinite() => if n > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        Some(n) => format!("{n}"),
        None => describe(got),
    };
    invalid(format!("option {name:?} must be {expected}, got {shown}"))
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
