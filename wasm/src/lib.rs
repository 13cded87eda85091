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

/// TypeScript for the shapes and classes that wasm-bindgen cannot derive from Rust
/// signatures; it lands in the generated `.d.ts` of both builds.
#[wasm_bindgen(typescript_custom_section)]
const TS_DECLARATIONS: &'static str = r#"
/** Name of an output profile. */
export type Profile = "jcs" | "python-sorted" | "python-sorted-unicode" | "go-json";

/** Name of a signature algorithm (RFC 9421 names; `hmac-sha384` and `hmac-sha512` in the same style). */
export type Algorithm =
  | "hmac-sha256" | "hmac-sha384" | "hmac-sha512" | "ed25519"
  | "ecdsa-p256-sha256" | "ecdsa-p384-sha384" | "rsa-pss-sha512" | "rsa-v1_5-sha256";

/** How bytes are written as text: base64url without padding (the default), base64 with padding, lower-case hex. */
export type Encoding = "base64url" | "base64" | "hex";

/** Stable error codes, the same in every canonsig frontend (Rust, Python, JS, CLI). */
export type ErrorCode =
  | "syntax" | "unexpected_end" | "empty_input" | "invalid_utf8" | "lone_surrogate"
  | "invalid_escape" | "control_character" | "duplicate_key" | "invalid_number"
  | "non_finite_number" | "number_out_of_range" | "unsafe_integer" | "too_deep" | "too_large"
  | "bom" | "trailing_data" | "unsupported_value" | "invalid_option"
  | "invalid_key" | "unsupported_algorithm" | "algorithm_mismatch" | "algorithm_not_allowed"
  | "malformed_signature" | "signature_mismatch" | "unknown_key_id" | "expired"
  | "future_timestamp" | "replayed_nonce" | "missing_parameter" | "nonce_store_unavailable"
  | "malformed_request" | "invalid_header" | "missing_component" | "digest_mismatch" | "malformed_input";

/** The codes of `CanonicalizationError`: input that cannot be canonicalized, and invalid options. */
export type CanonicalizationErrorCode = Exclude<ErrorCode, KeyErrorCode | VerificationErrorCode>;

/** The codes of `InvalidKeyError`. */
export type KeyErrorCode = "invalid_key" | "unsupported_algorithm" | "algorithm_mismatch";

/** The codes of `VerificationError` (a refused signature). */
export type VerificationErrorCode =
  | "algorithm_mismatch" | "algorithm_not_allowed" | "malformed_signature" | "signature_mismatch"
  | "unknown_key_id" | "expired" | "future_timestamp" | "replayed_nonce" | "missing_parameter"
  | "nonce_store_unavailable" | "malformed_request" | "invalid_header" | "missing_component"
  | "digest_mismatch";

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

/** Names of the signature algorithms. Filled when the module is initialized, like `PROFILES`. */
export const ALGORITHMS: readonly Algorithm[];

/** A JSON Web Key (RFC 7517) as an object: `kty` and the members of its type. */
export interface JsonWebKey {
  kty?: string;
  alg?: string;
  kid?: string;
  [member: string]: unknown;
}

/** Options of `Key.fromPem` and `Key.fromJwk`. */
export interface KeyOptions {
  /** The algorithm the key is for: required for RSA keys (two algorithms), checked for the others. */
  algorithm?: Algorithm;
  /** The key id (default: the RFC 7638 thumbprint, or a JWK's `kid`). */
  keyId?: string;
}

/** Options of `Key.hmac`. */
export interface HmacKeyOptions {
  /** `"hmac-sha256"` (default), `"hmac-sha384"` or `"hmac-sha512"`. */
  algorithm?: Algorithm;
  /** The key id (default `""`). */
  keyId?: string;
  /** How a string secret is written; required for a string secret, refused for bytes. */
  encoding?: Encoding;
}

/** Options of `Key.generate` and `Key.fromPublicBytes`. */
export interface KeyIdOptions {
  /** The key id (default: the RFC 7638 thumbprint; `""` for HMAC keys). */
  keyId?: string;
}

/** What `JSON.stringify(key)` and `console.log(key)` show: never key material. */
export interface KeySummary {
  algorithm: Algorithm;
  keyId: string;
  /** `"secret"` (HMAC), `"private"` or `"public"`. */
  kind: "secret" | "private" | "public";
}

/** The parameters of a `Signature` built from its bytes. */
export interface SignatureParams {
  algorithm?: Algorithm;
  keyId?: string;
  /** Unix seconds. */
  created?: number;
  /** Unix seconds. */
  expires?: number;
  nonce?: string;
  profile?: Profile;
}

/** Options of `signJson`: the canonicalization options and the signed parameters. */
export interface SignOptions extends CanonicalizeOptions {
  /** Creation time (Unix seconds), checked by the verifier against its tolerance. */
  created?: number;
  /** Expiry time (Unix seconds). */
  expires?: number;
  /** A single-use value for replay protection (printable ASCII). */
  nonce?: string;
}

/** Options of `signJsonTraced`. */
export interface SignTracedOptions extends SignOptions {
  /** Put the signed bytes themselves in the trace (`signing_string_b64`). Off by default. */
  includeSigningString?: boolean;
  /** The caller's request id, recorded in the trace. */
  requestId?: string;
}

/** Options of `verifyJson`. */
export interface VerifyOptions {
  /** Encoding of a bare signature value given as text (default `"base64url"`). */
  encoding?: Encoding;
}

/** Options of `Verifier.verifyJsonTraced`. */
export interface VerifyTracedOptions extends VerifyOptions {
  /** Put the signed bytes themselves in the trace (`signing_string_b64`). Off by default. */
  includeSigningString?: boolean;
  /** The caller's request id, recorded in the trace. */
  requestId?: string;
}

/** The policy of a `Verifier`. */
export interface VerifierOptions {
  /** The accepted algorithms (default: every algorithm of the keys). */
  algorithms?: Algorithm[];
  /** How far `created` may be from now, either way, in seconds (default 300). */
  tolerance?: number;
  /** Where "now" comes from: Unix seconds (not milliseconds). Default: `Date.now() / 1000`. */
  clock?: () => number;
  /**
   * Replay protection: each nonce is accepted once (per key). A `MemoryNonceStore`, or
   * your own synchronous store; if it throws or answers something else than a boolean,
   * the signature is refused (`nonce_store_unavailable`, with the thrown value as `cause`).
   */
  nonceStore?: MemoryNonceStore | NonceStore;
  /** Refuse signatures without `created` (`missing_parameter`). */
  requireCreated?: boolean;
  /** Refuse signatures without `nonce` (`missing_parameter`). */
  requireNonce?: boolean;
  /** Canonicalization of the payload (the profile comes from the signature). */
  allowUnsafeIntegers?: boolean;
  maxDepth?: number;
  maxSize?: number;
}

/** A nonce store of your own (synchronous), for `VerifierOptions.nonceStore`. */
export interface NonceStore {
  /**
   * Records `nonce` (an opaque string naming the key and the nonce) for `ttlSeconds`;
   * returns true when it was new, false when it was already there (a replay). `now` is
   * the verifier's clock, in Unix seconds. Only signatures that verified reach the store.
   */
  checkAndStore(nonce: string, ttlSeconds: number, now: number): boolean;
}

/** What `JSON.stringify(verifier)` and `console.log(verifier)` show. */
export interface VerifierSummary {
  keyIds: string[];
  algorithms: Algorithm[] | null;
  tolerance: number;
  nonceStore: boolean;
  requireCreated: boolean;
  requireNonce: boolean;
}

/** What a successful verification established. */
export interface Verified {
  /** The id of the key that verified. */
  keyId: string;
  /** Its algorithm. */
  algorithm: Algorithm;
  /** SHA-256 (hex) of the bytes that were verified. */
  signedSha256: string;
}

/**
 * One sign or verify, as data: the record both sides log and diff. Never a secret; the
 * signed bytes only with `includeSigningString`.
 */
export interface SigningTrace {
  operation: "sign" | "verify";
  algorithm?: Algorithm;
  key_id: string;
  profile: Profile;
  /** SHA-256 (hex) of the signed bytes. */
  signing_sha256: string;
  /** Their length in bytes. */
  signing_len: number;
  /** The signed bytes, base64 (only with `includeSigningString`). */
  signing_string_b64?: string;
  request_id?: string;
  /** Unix seconds. */
  timestamp: number;
  /** `"ok"`, or the error code of a refused signature. */
  outcome: string;
}

/** What `signJsonTraced` returns. */
export interface SignedWithTrace {
  signature: Signature;
  trace: SigningTrace;
}

/** What `Verifier.verifyJsonTraced` returns. */
export interface VerifiedWithTrace {
  verified: Verified;
  trace: SigningTrace;
}

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
  constructor(message: string, code: CanonicalizationErrorCode, offset?: number | null, path?: string | null);
  /** What went wrong, e.g. `"duplicate_key"`. */
  readonly code: CanonicalizationErrorCode;
  /** Byte offset of the problem in the UTF-8 input, or `null` (e.g. for option errors). */
  readonly offset: number | null;
  /** JSON path of the value being read, e.g. `"$.items[0].id"`, or `null`. */
  readonly path: string | null;
}

/**
 * Key material that cannot be used (`invalid_key`: malformed, wrong length, empty, a public
 * key asked to sign), an unknown algorithm name (`unsupported_algorithm`), or key material
 * of another algorithm than the one named while loading it (`algorithm_mismatch`).
 */
export class InvalidKeyError extends CanonsigError {
  constructor(message: string, code: KeyErrorCode);
  readonly code: KeyErrorCode;
}

/** A refused signature; `code` says why. */
export class VerificationError extends CanonsigError {
  constructor(message: string, code: VerificationErrorCode);
  readonly code: VerificationErrorCode;
  /** The verifier's trace, when thrown by `Verifier.verifyJsonTraced`; else `null`. */
  trace: SigningTrace | null;
}

/**
 * A well-formed signature that does not match the bytes the verifier signed (or, with
 * `digest_mismatch`, a body that does not match its digest). Never includes the expected
 * signature.
 */
export class SignatureMismatchError extends VerificationError {
  constructor(
    message: string,
    code?: "signature_mismatch" | "digest_mismatch",
    signedBytes?: Uint8Array | null,
    signedSha256?: string | null,
    details?: Record<string, string> | null,
  );
  readonly code: "signature_mismatch" | "digest_mismatch";
  /**
   * The exact bytes the verifier computed the signature over (the canonical payload, the
   * envelope with the signature parameters, an RFC 9421 signature base, a SigV4 string to
   * sign, a webhook payload): log them and diff them against the signer's. `null` from
   * `Key.verify`, whose signed bytes are the message passed.
   */
  readonly signedBytes: Uint8Array | null;
  /** SHA-256 (hex) of `signedBytes`, or `null`. */
  readonly signedSha256: string | null;
  /** Other strings the scheme computed (SigV4: `canonicalRequest`, `stringToSign`). */
  readonly details: Record<string, string>;
  /** RFC 9421 (`http`): the signature base this side rebuilt, as text. */
  signatureBase?: string | null;
  /** SigV4 (`aws`): the canonical request this side computed. */
  canonicalRequest?: string;
  /** SigV4 (`aws`): the string to sign this side computed. */
  stringToSign?: string;
  /** Webhooks: the exact bytes this side computed the MAC over. */
  payload?: Uint8Array | null;
}
"#;

#[wasm_bindgen(module = "/js/constants.js")]
extern "C" {
    #[wasm_bindgen(js_name = setProfiles)]
    fn set_profiles(names: Array);

    #[wasm_bindgen(js_name = setAlgorithms)]
    fn set_algorithms(names: Array);

    // Never called: make wasm-bindgen re-export `PROFILES` and `ALGORITHMS` (declared in
    // TS_DECLARATIONS).
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
