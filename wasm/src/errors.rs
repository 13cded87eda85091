//! The one conversion from [`canonsig::Error`] to a thrown JS value.
//!
//! The classes are defined once, in `wasm/js/errors.js`; this module imports their
//! constructors and re-exports the classes from the package entry point.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `CanonicalizationError extends CanonsigError extends Error` (see `js/errors.js`).
    #[wasm_bindgen(extends = js_sys::Error)]
    type CanonicalizationError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str, offset: Option<usize>, path: Option<&str>) -> CanonicalizationError;

    // Never called: these imports only make wasm-bindgen write
    // `export { CanonsigError, CanonicalizationError }` into the generated module. A class is
    // a function, so a function import can re-export it; `skip_typescript` because the
    // classes' TypeScript declarations are in `TS_DECLARATIONS` (lib.rs).
    #[wasm_bindgen(reexport, skip_typescript, js_name = CanonsigError)]
    fn reexport_canonsig_error_class();

    #[wasm_bindgen(reexport, skip_typescript, js_name = CanonicalizationError)]
    fn reexport_canonicalization_error_class();
}

/// Builds the `CanonicalizationError` thrown to JS: `code`, `offset` and `path` from the
/// core error, and its `Display` (code, message, location, hint) as the message.
pub(crate) fn to_js_error(error: &canonsig::Error) -> JsValue {
    CanonicalizationError::new(&error.to_string(), error.code().as_str(), error.offset(), error.path()).into()
}
