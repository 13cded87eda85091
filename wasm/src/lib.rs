//! WebAssembly bindings of [`canonsig`] for Node and browsers: the npm package `canonsig`.
//!
//! Thin by rule: each export converts its arguments, calls one `canonsig::` function and
//! converts the result or the error. Errors are thrown as `CanonicalizationError`
//! (`js/errors.js`), built in one place ([`errors::to_js_error`]).

mod errors;
mod input;
mod options;

use canonsig::{Error, ErrorCode, Profile};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use errors::to_js_error;
use input::{input_bytes, input_len_lower_bound};
use options::options_from_js;

/// TypeScript for the shapes and classes that wasm-bindgen cannot derive from Rust
/// signatures; it lands in the generated `.d.ts` of both builds.
#[wasm_bindgen(typescript_custom_section)]
const TS_DECLARATIONS: &'static str = r#"
/** Name of an output profile. */
export type Profile = "jcs" | "python-sorted" | "python-sorted-unicode" | "go-json";

/** Stable error codes, the same in every canonsig frontend (Rust, Python, JS, CLI). */
export type ErrorCode =
  | "syntax" | "unexpected_end" | "empty_input" | "invalid_utf8" | "lone_surrogate"
  | "invalid_escape" | "control_character" | "duplicate_key" | "invalid_number"
  | "non_finite_number" | "number_out_of_range" | "unsafe_integer" | "too_deep" | "too_large"
  | "bom" | "trailing_data" | "unsupported_value" | "invalid_option";

/** How to canonicalize. Every key is optional; unknown keys are an `invalid_option` error. */
export interface CanonicalizeOptions {
  /** Output form; `"jcs"` (RFC 8785) by default. */
  profile?: Profile;
  /**
   * Accept integers outside +-(2^53-1) in profiles that hold numbers as binary64
   * (`jcs`, `go-json`). Off by default, because such integers silently change value.
   */
  allowUnsafeIntegers?: boolean;
  /** Deepest nesting of arrays and objects accepted (default 128). */
  maxDepth?: number;
  /** Largest input accepted, in bytes (default 64 MiB). */
  maxSize?: number;
}

/** Where input first departs from its canonical form (all counted in UTF-8 bytes of the input). */
export interface Departure {
  /** Byte offset of the first differing byte (or of the end of the shorter text). */
  offset: number;
  /** 1-based line of that byte. */
  line: number;
  /** 1-based column of that byte, in bytes. */
  column: number;
}

/**
 * Names of the output profiles, default (`"jcs"`) first. Filled when the module is
 * initialized: on import in Node, by `await init()` in browsers.
 */
export const PROFILES: readonly Profile[];

/** Base class of every error canonsig throws. */
export class CanonsigError extends Error {
  constructor(message: string, code: string);
  /** Stable snake_case code. */
  readonly code: string;
}

/**
 * Input that cannot be canonicalized, or an invalid option. `message` names the code,
 * the problem, its location and a hint.
 */
export class CanonicalizationError extends CanonsigError {
  constructor(message: string, code: ErrorCode, offset?: number | null, path?: string | null);
  /** What went wrong, e.g. `"duplicate_key"`. */
  readonly code: ErrorCode;
  /** Byte offset of the problem in the UTF-8 input, or `null` (e.g. for option errors). */
  readonly offset: number | null;
  /** JSON path of the value being read, e.g. `"$.items[0].id"`, or `null`. */
  readonly path: string | null;
}
"#;

#[wasm_bindgen(module = "/js/profiles.js")]
extern "C" {
    #[wasm_bindgen(js_name = setProfiles)]
    fn set_profiles(names: Array);

    // Never called: makes wasm-bindgen re-export `PROFILES` (declared in TS_DECLARATIONS).
    #[wasm_bindgen(reexport, skip_typescript, js_name = PROFILES)]
    fn reexport_profiles();
}

// Runs once when the module is instantiated (not exported): fills `PROFILES` from core's
// `Profile::ALL`, so the names have one source.
#[wasm_bindgen(start, private)]
fn start() {
    set_profiles(Profile::ALL.iter().map(|p| JsValue::from_str(p.name())).collect());
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
