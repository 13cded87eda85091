//! The request-signing schemes (RFC 9421, AWS SigV4, webhooks) for the JS namespaces
//! `http`, `aws` and `webhooks`, and the `fetch` / Express adapters.
//!
//! The public API is written in JS (`js/http.js`, `js/aws.js`, `js/webhooks.js`,
//! `js/adapters.js`): option handling, message normalization (fetch `Headers`, plain
//! objects, Node's `rawHeaders`) and the async adapters are JS's job. Every byte that is
//! signed or compared comes from the core, through the methods of one private class,
//! [`Schemes`], whose instance the start function hands to `js/schemes_core.js`. Its
//! methods take messages already normalized by the JS side (`{ method, target, scheme,
//! headers: [[name, value]], body: Uint8Array }`) and return plain objects.

mod aws;
mod http;
mod message;
mod values;
mod webhook;

use wasm_bindgen::prelude::*;

/// The core's schemes, as methods for the JS layer (not exported from the package).
#[wasm_bindgen(private)]
pub struct Schemes;

#[wasm_bindgen(module = "/js/schemes_core.js")]
extern "C" {
    #[wasm_bindgen(js_name = setSchemes)]
    fn set_schemes(core: Schemes);
}

#[wasm_bindgen(module = "/js/http.js")]
extern "C" {
    // Never called: re-export the namespaces (declared in types/schemes.d.ts).
    #[wasm_bindgen(reexport, skip_typescript, js_name = http)]
    fn reexport_http();
}

#[wasm_bindgen(module = "/js/aws.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = aws)]
    fn reexport_aws();
}

#[wasm_bindgen(module = "/js/webhooks.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = webhooks)]
    fn reexport_webhooks();
}

#[wasm_bindgen(module = "/js/adapters.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = verifySignature)]
    fn reexport_verify_signature();

    #[wasm_bindgen(reexport, skip_typescript, js_name = requestFromNode)]
    fn reexport_request_from_node();
}

/// Hands the JS layer its core (called once, by the start function).
pub(crate) fn register() {
    set_schemes(Schemes);
}
