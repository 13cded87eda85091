//! The one conversion from [`canonsig::Error`] to a thrown JS value.
//!
//! The classes are defined once, in `wasm/js/errors.js`; this module imports their
//! constructors and re-exports the classes from the package entry point. The class
//! follows the code alone, with one exception (as in the Python package):
//! `algorithm_mismatch` while *loading a key* (the material and the algorithm the caller
//! named disagree) is an `InvalidKeyError`, while *verifying* (the signature claims another
//! algorithm than its key's) it is a `VerificationError`.

use canonsig::{Error, ErrorKind};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `CanonicalizationError extends CanonsigError extends Error` (see `js/errors.js`).
    #[wasm_bindgen(extends = js_sys::Error)]
    type CanonicalizationError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str, offset: Option<usize>, path: Option<&str>) -> CanonicalizationError;

    /// `InvalidKeyError extends CanonsigError`.
    #[wasm_bindgen(extends = js_sys::Error)]
    type InvalidKeyError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str) -> InvalidKeyError;

    /// `VerificationError extends CanonsigError`.
    #[wasm_bindgen(extends = js_sys::Error)]
    type VerificationError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str) -> VerificationError;

    /// `SignatureMismatchError extends VerificationError`, with `signedBytes`, `signedSha256`.
    #[wasm_bindgen(extends = js_sys::Error)]
    type SignatureMismatchError;

    #[wasm_bindgen(constructor)]
    fn new(
        message: &str,
        code: &str,
        signed_bytes: Option<Uint8Array>,
        signed_sha256: Option<String>,
        details: Object,
    ) -> SignatureMismatchError;

    /// `CanonsigError extends Error`: for a code this binding does not know yet.
    #[wasm_bindgen(extends = js_sys::Error)]
    type CanonsigError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str) -> CanonsigError;

    // Never called: these imports only make wasm-bindgen write `export { ... }` of the
    // classes into the generated module. A class is a function, so a function import can
    // re-export it; `skip_typescript` because the classes' TypeScript declarations are in
    // `types/canonsig.d.ts`.
    #[wasm_bindgen(reexport, skip_typescript, js_name = CanonsigError)]
    fn reexport_canonsig_error_class();

    #[wasm_bindgen(reexport, skip_typescript, js_name = CanonicalizationError)]
    fn reexport_canonicalization_error_class();

    #[wasm_bindgen(reexport, skip_typescript, js_name = InvalidKeyError)]
    fn reexport_invalid_key_error_class();

    #[wasm_bindgen(reexport, skip_typescript, js_name = VerificationError)]
    fn reexport_verification_error_class();

    #[wasm_bindgen(reexport, skip_typescript, js_name = SignatureMismatchError)]
    fn reexport_signature_mismatch_error_class();
}

/// Builds the error thrown to JS: the class for its family (decided in core by
/// [`canonsig::Error::kind`]), `code` (and `offset`/`path` for canonicalization errors,
/// the signed bytes and their SHA-256 for a mismatch), and the core's `Display` (code,
/// message, location, hint) as the message.
pub(crate) fn to_js_error(error: &Error) -> JsValue {
    convert(error)
}

/// The intermediate strings a scheme computed (`canonical_request`, `string_to_sign`), with
/// camelCase keys (`canonicalRequest`, `stringToSign`).
fn details(error: &Error) -> Object {
    let out = Object::new();
    for (name, value) in error.details() {
        let mut key = String::with_capacity(name.len());
        let mut upper = false;
        for c in name.chars() {
            match c {
                '_' => upper = true,
                c if upper => {
                    key.push(c.to_ascii_uppercase());
                    upper = false;
                }
                c => key.push(c),
            }
        }
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(&key), &JsValue::from_str(value));
    }
    out
}

fn convert(error: &Error) -> JsValue {
    let (message, code) = (error.to_string(), error.code().as_str());
    match error.kind() {
        ErrorKind::InvalidKey => InvalidKeyError::new(&message, code).into(),
        ErrorKind::SignatureMismatch => SignatureMismatchError::new(
            &message,
            code,
            error.signed_bytes().map(Uint8Array::from),
            error.signed_sha256(),
            details(error),
        )
        .into(),
        ErrorKind::Verification => VerificationError::new(&message, code).into(),
        ErrorKind::Canonicalization => CanonicalizationError::new(&message, code, error.offset(), error.path()).into(),
        // A family this binding does not know yet still throws a CanonsigError with its code.
        _ => CanonsigError::new(&message, code).into(),
    }
}
