//! WebAssembly bindings of [`canonsig`] for Node and browsers: the npm package `canonsig`.
//!
//! Thin by rule: each export converts its arguments, calls one `canonsig::` function and
//! converts the result or the error. Errors are thrown as the classes of `js/errors.js`
//! (`CanonicalizationError`, `InvalidKeyError`, `VerificationError`,
//! `SignatureMismatchError`), built in one place ([`errors::to_js_error`]).

mod diff;
mod errors;
mod handles;
mod input;
mod keys;
mod options;
mod schemes;
mod signature;
mod typescript;
mod verifier;

use canonsig::sign::Algorithm;
use canonsig::{Error, ErrorCode, Profile};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use errors::to_js_error;
use input::{input_bytes, input_len_lower_bound};
use options::options_from_js;

pub use diff::{diff_js, explain_js, explain_traces_js, forensics_js, visible_js};
pub use keys::Key;
pub use signature::{sign_json, sign_json_traced, verify_json, Signature};
pub use verifier::{MemoryNonceStore, Verifier};

#[wasm_bindgen(module = "/js/constants.js")]
extern "C" {
    #[wasm_bindgen(js_name = setProfiles)]
    fn set_profiles(names: Array);

    #[wasm_bindgen(js_name = setAlgorithms)]
    fn set_algorithms(names: Array);

    // Never called: make wasm-bindgen re-export `PROFILES` and `ALGORITHMS` (declared in
    // types/canonsig.d.ts).
    #[wasm_bindgen(reexport, skip_typescript, js_name = PROFILES)]
    fn reexport_profiles();

    #[wasm_bindgen(reexport, skip_typescript, js_name = ALGORITHMS)]
    fn reexport_algorithms();
}

#[wasm_bindgen(module = "/js/display.js")]
extern "C" {
    #[wasm_bindgen(js_name = installInspect)]
    fn install_inspect(instance: JsValue);
}

// Runs once when the module is instantiated (not exported): fills `PROFILES` and
// `ALGORITHMS` from core's `Profile::ALL` and `Algorithm::ALL`, so the names have one
// source, and gives the classes their `console.log` form (js/display.js) through one
// throwaway instance each.
#[wasm_bindgen(start, private)]
fn start() {
    set_profiles(Profile::ALL.iter().map(|p| JsValue::from_str(p.name())).collect());
    set_algorithms(Algorithm::ALL.iter().map(|a| JsValue::from_str(a.name())).collect());
    diff::init_causes();
    schemes::register();
    if let Ok(key) = canonsig::sign::Key::hmac(Algorithm::HmacSha256, b"display") {
        install_inspect(Key::new(key).into());
    }
    if let Ok(signature) = canonsig::sign::Signature::parse(":AA==:", canonsig::sign::Encoding::Base64) {
        install_inspect(Signature::new(signature).into());
    }
    install_inspect(verifier::Verifier::with_default_policy(Vec::new(), canonsig::Options::default()).into());
    if let Ok(store) = MemoryNonceStore::new(None) {
        install_inspect(store.into());
    }
}

/// Canonicalizes JSON text: RFC 8785 by default, or the compatibility profile chosen in
/// `options`. Input that parsers could read differently (duplicate names, lone
/// surrogates, unsafe integers, ...) throws a `CanonicalizationError`.
#[wasm_bindgen(
    js_name = canonicalize,
    return_description = "the canonical bytes (UTF-8, no trailing newline)"
)]
pub fn canonicalize(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "CanonicalizeOptions",
        param_description = "profile and admission limits"
    )]
    options: Option<JsValue>,
) -> Result<Vec<u8>, JsValue> {
    canonical_bytes(&input, options).map_err(|e| to_js_error(&e))
}

/// Like `canonicalize`, but returns the canonical text as a string.
#[wasm_bindgen(js_name = canonicalizeToString, return_description = "the canonical text")]
pub fn canonicalize_to_string(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "CanonicalizeOptions",
        param_description = "profile and admission limits"
    )]
    options: Option<JsValue>,
) -> Result<String, JsValue> {
    canonical_bytes(&input, options)
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| Error::new(ErrorCode::InvalidUtf8, "canonical output is not UTF-8 (a canonsig bug)"))
        })
        .map_err(|e| to_js_error(&e))
}

/// Checks whether `input` is already canonical: `null` when it is, else where it first
/// departs from its canonical form. Input that cannot be canonicalized throws.
#[wasm_bindgen(
    js_name = checkCanonical,
    unchecked_return_type = "Departure | null",
    return_description = "`null` when canonical, else the first differing byte"
)]
pub fn check_canonical(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "CanonicalizeOptions",
        param_description = "profile and admission limits"
    )]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let departure = options_from_js(options)
        .and_then(|options| {
            options.check_size(input_len_lower_bound(&input))?;
            canonsig::check_canonical(&input_bytes(&input)?, &options)
        })
        .map_err(|e| to_js_error(&e))?;
    let Some(d) = departure else {
        return Ok(JsValue::NULL);
    };
    let object = Object::new();
    Reflect::set(&object, &"offset".into(), &d.offset.into())?;
    Reflect::set(&object, &"line".into(), &d.line.into())?;
    Reflect::set(&object, &"column".into(), &d.column.into())?;
    Ok(object.into())
}

/// Options first (cheap, and a bad option is reported whatever the input), then the
/// size limit before the input is copied into wasm memory (which never shrinks), then the input.
fn canonical_bytes(input: &JsValue, options: Option<JsValue>) -> Result<Vec<u8>, Error> {
    let options = options_from_js(options)?;
    options.check_size(input_len_lower_bound(input))?;
    canonsig::canonicalize_with(&input_bytes(input)?, &options)
}
