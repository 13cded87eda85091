//! "Which byte differs, and why": `diff`, `explain`, `forensics`, `explainTraces`,
//! `visible` and `CAUSES`, over [`canonsig::diff`].
//!
//! Results are plain JS objects: the core's JSON (`to_json`, the data Python's `to_dict()`
//! and the CLI's `--format json` give, in the same order) with camelCase keys
//! (`js/diff.js`). The core puts in it what a caller would otherwise derive: `isEqual`,
//! `sameData`, `causes`, each finding's `advice` and `isSerialization`, each change's
//! `kind`, a style's `description`, and `text`, the plain-text rendering (also what
//! `String(explanation)` gives). Key material never appears in a result.

use canonsig::diff::{self as core_diff, Cause, Explanation};
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Object, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use crate::errors::to_js_error;
use crate::input::{input_bytes, text_arg};
use crate::keys::key_arg;
use crate::options::describe;

#[wasm_bindgen(module = "/js/diff.js")]
extern "C" {
    /// A `Diff` from the core's JSON.
    #[wasm_bindgen(js_name = diffFromCore, catch)]
    fn diff_from_core(json: &str) -> Result<Object, JsValue>;

    /// An `Explanation` from the core's JSON (with `toString`).
    #[wasm_bindgen(js_name = explanationFromCore, catch)]
    fn explanation_from_core(json: &str) -> Result<Object, JsValue>;

    /// An `AwsExplanation` from the core's JSON (with `toString`, as its explanations).
    #[wasm_bindgen(js_name = awsExplanationFromCore, catch)]
    fn aws_explanation_from_core(json: &str) -> Result<Object, JsValue>;

    /// `Forensics` from the core's JSON, and the signed bytes of the match.
    #[wasm_bindgen(js_name = forensicsFromCore, catch)]
    fn forensics_from_core(json: &str, signed: Option<Uint8Array>) -> Result<Object, JsValue>;
}

#[wasm_bindgen(module = "/js/constants.js")]
extern "C" {
    #[wasm_bindgen(js_name = setCauses)]
    fn set_causes(names: Array);

    // Never called: makes wasm-bindgen re-export `CAUSES` (declared in types/canonsig.d.ts).
    #[wasm_bindgen(reexport, skip_typescript, js_name = CAUSES)]
    fn reexport_causes();
}

/// Fills `CAUSES` from `Cause::ALL` (called once, by the start function).
pub(crate) fn init_causes() {
    set_causes(Cause::ALL.iter().map(|c| JsValue::from_str(c.as_str())).collect());
}

/// The byte-exact diff of two byte strings: the first differing byte (with line and
/// column), the changed spans, and both sides around the first difference, made visible.
/// Bounded on large inputs (megabytes stay interactive).
#[wasm_bindgen(js_name = diff, unchecked_return_type = "Diff", return_description = "the diff, as a plain object")]
pub fn diff_js(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "what the verifier signed: bytes, or text (as UTF-8)"
    )]
    expected: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "what the signer signed: bytes, or text (as UTF-8)"
    )]
    actual: JsValue,
) -> Result<JsValue, JsValue> {
    let (expected, actual) = both_sides(&expected, &actual).map_err(|e| to_js_error(&e))?;
    let json = core_diff::diff(&expected, &actual)
        .to_json()
        .map_err(|e| to_js_error(&e))?;
    Ok(diff_from_core(&json)?.into())
}

/// Names why two byte strings differ (key order, whitespace, escaping, number spelling,
/// a changed value, CRLF, a BOM, percent-encoding, ...), each cause with the spans that
/// show it and a fix. JSON on both sides is also compared structurally, by path.
#[wasm_bindgen(
    js_name = explain,
    unchecked_return_type = "Explanation",
    return_description = "the diff and its named causes, as a plain object"
)]
pub fn explain_js(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "what the verifier signed: bytes, or text (as UTF-8)"
    )]
    expected: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "what the signer signed: bytes, or text (as UTF-8)"
    )]
    actual: JsValue,
) -> Result<JsValue, JsValue> {
    let (expected, actual) = both_sides(&expected, &actual).map_err(|e| to_js_error(&e))?;
    Ok(explanation_object(&core_diff::explain(&expected, &actual))?.into())
}

/// Finds how a signer produced `signature` over `payload`: tries the serializations other
/// stacks use (canonsig profiles, pretty-printing, sorted or not, ensure_ascii, PHP and Go
/// escaping, a trailing newline, the raw body) and the naive `sha256(body + secret)`
/// constructions, and reports the one that reproduces the signature, or `matched: null`.
/// A signature that is not hex, base64 or base64url throws a `VerificationError`
/// (`malformed_signature`).
#[wasm_bindgen(
    js_name = forensics,
    unchecked_return_type = "Forensics",
    return_description = "what the signer did, as a plain object (never key material)"
)]
pub fn forensics_js(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "what the verifier has: the body it received, or the data"
    )]
    payload: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "string",
        param_description = "the received signature: hex, base64 or base64url (`sha256=`, `v1=` prefixes are stripped)"
    )]
    signature: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "Key",
        param_description = "the verification key (HMAC secret or public key)"
    )]
    key: JsValue,
) -> Result<JsValue, JsValue> {
    let found = forensics_inputs(&payload, &signature, &key)
        .and_then(|(payload, signature, key)| core_diff::forensics(&payload, &signature, key.core()))
        .map_err(|e| to_js_error(&e))?;
    let json = found.to_json().map_err(|e| to_js_error(&e))?;
    let signed = found.matched.map(|m| Uint8Array::from(m.signed.as_slice()));
    Ok(forensics_from_core(&json, signed)?.into())
}

/// Compares two signing traces (from `signJsonTraced` / `verifyJsonTraced`), the signer's
/// as `expectedTrace`, the verifier's as `actualTrace`: differing parameters are
/// `parameter_changed`; when both carry their signing strings (`includeSigningString`),
/// those are explained byte by byte. A side that is not a canonsig trace throws a
/// `CanonicalizationError` (`malformed_input`).
#[wasm_bindgen(
    js_name = explainTraces,
    unchecked_return_type = "Explanation",
    return_description = "the explanation, as from `explain`"
)]
pub fn explain_traces_js(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array | SigningTrace",
        param_description = "the signer's trace: its JSON line, or the trace object"
    )]
    expected_trace: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array | SigningTrace",
        param_description = "the verifier's trace: its JSON line, or the trace object"
    )]
    actual_trace: JsValue,
) -> Result<JsValue, JsValue> {
    let explanation = trace_bytes(&expected_trace, "expected")
        .and_then(|e| Ok((e, trace_bytes(&actual_trace, "actual")?)))
        .and_then(|(e, a)| core_diff::explain_traces(&e, &a))
        .map_err(|e| to_js_error(&e))?;
    Ok(explanation_object(&explanation)?.into())
}

/// Bytes made visible: printable text as itself, invisible characters as `⟨NAME⟩` or
/// `⟨U+XXXX⟩` (`⟨NBSP⟩`, `⟨ZWSP⟩`, `⟨CR⟩`, `⟨LF⟩`, `⟨BOM⟩`, combining marks), each byte of
/// invalid UTF-8 as `⟨xFF⟩`, and a literal `⟨` as `⟨⟨`.
#[wasm_bindgen(js_name = visible, return_description = "the visible text")]
pub fn visible_js(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "bytes, or text (as UTF-8)"
    )]
    bytes: JsValue,
) -> Result<String, JsValue> {
    let bytes = side_bytes(&bytes, "the input").map_err(|e| to_js_error(&e))?;
    Ok(core_diff::visible(&bytes))
}

/// One side: a string (as UTF-8; a lone surrogate as its 3-byte form, so it shows as
/// invalid UTF-8 instead of silently becoming U+FFFD) or a `Uint8Array`.
fn side_bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    if value.is_string() || value.is_instance_of::<Uint8Array>() {
        return input_bytes(value);
    }
    Err(Error::new(
        ErrorCode::UnsupportedValue,
        format!("{what} must be a string or a Uint8Array, got {}", describe(value)),
    ))
}

fn both_sides(expected: &JsValue, actual: &JsValue) -> Result<(Vec<u8>, Vec<u8>), Error> {
    Ok((side_bytes(expected, "expected")?, side_bytes(actual, "actual")?))
}

fn forensics_inputs(
    payload: &JsValue,
    signature: &JsValue,
    key: &JsValue,
) -> Result<(Vec<u8>, String, crate::keys::Key), Error> {
    let payload = side_bytes(payload, "the payload")?;
    let signature = text_arg(signature, "the signature", ErrorCode::MalformedSignature)?;
    Ok((payload, signature, key_arg(key)?))
}

/// A trace argument: its JSON text (string or bytes), or a trace object (stringified).
fn trace_bytes(value: &JsValue, which: &str) -> Result<Vec<u8>, Error> {
    if value.is_string() || value.is_instance_of::<Uint8Array>() {
        return input_bytes(value);
    }
    if value.is_object() && !Array::is_array(value) {
        if let Some(text) = JSON::stringify(value).ok().and_then(|s| s.as_string()) {
            return Ok(text.into_bytes());
        }
    }
    Err(Error::new(
        ErrorCode::MalformedInput,
        format!(
            "the {which} trace must be its JSON text or a trace object, got {}",
            describe(value)
        ),
    ))
}

/// An explanation as its JS object.
pub(crate) fn explanation_object(e: &Explanation) -> Result<Object, JsValue> {
    explanation_from_core(&e.to_json().map_err(|err| to_js_error(&err))?)
}

/// An AWS explanation as its JS object (for `explainAws`).
pub(crate) fn aws_explanation_object(e: &core_diff::AwsExplanation) -> Result<Object, JsValue> {
    aws_explanation_from_core(&e.to_json().map_err(|err| to_js_error(&err))?)
}
