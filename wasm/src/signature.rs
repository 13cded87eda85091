//! `Signature` (a detached signature and the parameters it covers) and the signing
//! functions: `signJson`, `signJsonTraced`, `verifyJson`.

use canonsig::sign::{self, Encoding, SignOptions, SigningTrace, Verified};
use canonsig::{Error, ErrorCode, Options, Profile};
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::errors::to_js_error;
use crate::handles::handle_of;
use crate::input::{bytes_arg, payload_bytes};
use crate::keys::{key_arg, key_ring};
use crate::options::{self, apply_canon_option, describe, each_option, CANON_KEYS};
use crate::verifier::{js_now, Verifier};

/// A detached signature and the parameters it covers (`algorithm`, `keyId`, `created`,
/// `expires`, `nonce`, `profile`). `signJson` returns one; `Signature.parse` reads one
/// back from its header form or from a bare encoded value.
#[wasm_bindgen]
pub struct Signature {
    inner: sign::Signature,
}

impl Signature {
    pub(crate) fn new(inner: sign::Signature) -> Signature {
        Signature { inner }
    }
}

/// A signature argument: a `Signature`, or text for `Signature.parse(text, encoding)`.
pub(crate) fn signature_arg(value: &JsValue, encoding: Encoding) -> Result<sign::Signature, Error> {
    if let Some(text) = value.as_string() {
        return sign::Signature::parse(&text, encoding);
    }
    handle_of::<Signature>(value).map(|s| s.inner).ok_or_else(|| {
        Error::new(
            ErrorCode::MalformedSignature,
            format!("the signature must be a Signature or a string, got {}", describe(value)),
        )
    })
}

fn null_or<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::NULL, Into::into)
}

/// The optional `encoding` argument (default base64url).
fn encoding_arg(value: Option<JsValue>) -> Result<Encoding, Error> {
    match value.filter(|v| !v.is_undefined()) {
        Some(v) => options::encoding("encoding", &v),
        None => Ok(Encoding::Base64Url),
    }
}

#[wasm_bindgen]
impl Signature {
    /// A signature from its bytes and the parameters the signer used (when they travel
    /// separately, e.g. in their own headers). Every parameter is optional.
    #[wasm_bindgen(constructor)]
    pub fn construct(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array", param_description = "the signature bytes")] value: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "SignatureParams",
            param_description = "`algorithm`, `keyId`, `created`, `expires`, `nonce`, `profile`"
        )]
        params: Option<JsValue>,
    ) -> Result<Signature, JsValue> {
        let make = || -> Result<sign::Signature, Error> {
            let mut signature = sign::Signature {
                algorithm: None,
                key_id: String::new(),
                created: None,
                expires: None,
                nonce: None,
                profile: Profile::Jcs,
                value: bytes_arg(&value, "the signature", ErrorCode::MalformedSignature)?,
            };
            let known = ["algorithm", "keyId", "created", "expires", "nonce", "profile"];
            each_option(params, &known, |name, v| {
                match name {
                    "algorithm" => signature.algorithm = Some(options::algorithm(v)?),
                    "keyId" => signature.key_id = options::string(name, v, "a string")?,
                    "created" => signature.created = Some(options::unix_seconds(name, v)?),
                    "expires" => signature.expires = Some(options::unix_seconds(name, v)?),
                    "nonce" => signature.nonce = Some(options::string(name, v, "a string")?),
                    _ => signature.profile = options::string(name, v, "a profile name string")?.parse()?,
                }
                Ok(())
            })?;
            Ok(signature)
        };
        make().map(Signature::new).map_err(|e| to_js_error(&e))
    }

    /// Reads a signature: the header form of `toHeader()` (it starts with `:`), or a bare
    /// signature value in `encoding` (default `"base64url"`; a bare value carries no
    /// parameters). Throws `VerificationError` (`malformed_signature`) for text that is
    /// neither.
    pub fn parse(
        #[wasm_bindgen(param_description = "a header value or a bare encoded signature")] text: &str,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Encoding",
            param_description = "of a bare value; default `\"base64url\"`"
        )]
        encoding: Option<JsValue>,
    ) -> Result<Signature, JsValue> {
        encoding_arg(encoding)
            .and_then(|encoding| sign::Signature::parse(text, encoding))
            .map(Signature::new)
            .map_err(|e| to_js_error(&e))
    }

    /// The signature bytes (a copy).
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> Vec<u8> {
        self.inner.value.clone()
    }

    /// The signer's algorithm, or `null` when the signature does not say (a bare value).
    #[wasm_bindgen(getter, unchecked_return_type = "Algorithm | null")]
    pub fn algorithm(&self) -> JsValue {
        null_or(self.inner.algorithm.map(|a| a.name()))
    }

    /// The signer's key id (`""` when none was given).
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> String {
        self.inner.key_id.clone()
    }

    /// Creation time (Unix seconds), or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn created(&self) -> JsValue {
        null_or(self.inner.created.map(|t| t as f64))
    }

    /// Expiry time (Unix seconds), or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn expires(&self) -> JsValue {
        null_or(self.inner.expires.map(|t| t as f64))
    }

    /// The replay-protection nonce, or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn nonce(&self) -> JsValue {
        null_or(self.inner.nonce.as_deref())
    }

    /// The canonicalization profile of the signed bytes.
    #[wasm_bindgen(getter, unchecked_return_type = "Profile")]
    pub fn profile(&self) -> String {
        self.inner.profile.name().to_owned()
    }

    /// The signature bytes as text: `"base64url"` (default, no padding), `"base64"` or `"hex"`.
    pub fn encode(
        &self,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Encoding",
            param_description = "default `\"base64url\"`"
        )]
        encoding: Option<JsValue>,
    ) -> Result<String, JsValue> {
        encoding_arg(encoding)
            .map(|encoding| self.inner.encoded(encoding))
            .map_err(|e| to_js_error(&e))
    }

    /// The signature with its parameters as one header value (RFC 8941 syntax):
    /// `:BASE64:;alg="ed25519";keyid="k1";created=1700000000;nonce="n1"`.
    #[wasm_bindgen(js_name = toHeader)]
    pub fn to_header(&self) -> String {
        self.inner.to_header()
    }

    /// The header form (as `toHeader()`).
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.to_header()
    }

    /// The header form, so `JSON.stringify` gives text `Signature.parse` reads back.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_header()
    }

    /// A fresh wrapper with a copy of this signature, for union-typed arguments (handles.rs).
    #[wasm_bindgen(js_name = __canonsigHandle, skip_typescript)]
    pub fn handle(&self) -> Signature {
        Signature {
            inner: self.inner.clone(),
        }
    }
}

/// `signJson` options: the canonicalization options plus `created`, `expires`, `nonce`
/// (and, for `signJsonTraced`, `includeSigningString`, `requestId`).
struct SignArgs {
    options: SignOptions,
    include_signing_string: bool,
    request_id: Option<String>,
}

fn sign_args(value: Option<JsValue>, traced: bool) -> Result<SignArgs, Error> {
    let mut known: Vec<&str> = CANON_KEYS.to_vec();
    known.extend(["created", "expires", "nonce"]);
    if traced {
        known.extend(["includeSigningString", "requestId"]);
    }
    let mut args = SignArgs {
        options: SignOptions::default(),
        include_signing_string: false,
        request_id: None,
    };
    each_option(value, &known, |name, v| {
        if apply_canon_option(&mut args.options.canon, name, v)? {
            return Ok(());
        }
        match name {
            "created" => args.options.created = Some(options::unix_seconds(name, v)?),
            "expires" => args.options.expires = Some(options::unix_seconds(name, v)?),
            "nonce" => args.options.nonce = Some(options::string(name, v, "a string")?),
            "includeSigningString" => args.include_signing_string = options::boolean(name, v)?,
            _ => args.request_id = Some(options::string(name, v, "a string")?),
        }
        Ok(())
    })?;
    Ok(args)
}

/// `verifyJson` options: `encoding` (and, traced, `includeSigningString`, `requestId`).
pub(crate) struct VerifyArgs {
    pub(crate) encoding: Encoding,
    pub(crate) include_signing_string: bool,
    pub(crate) request_id: Option<String>,
}

pub(crate) fn verify_args(value: Option<JsValue>, traced: bool) -> Result<VerifyArgs, Error> {
    let known: &[&str] = if traced {
        &["encoding", "includeSigningString", "requestId"]
    } else {
        &["encoding"]
    };
    let mut args = VerifyArgs {
        encoding: Encoding::Base64Url,
        include_signing_string: false,
        request_id: None,
    };
    each_option(value, known, |name, v| {
        match name {
            "encoding" => args.encoding = options::encoding(name, v)?,
            "includeSigningString" => args.include_signing_string = options::boolean(name, v)?,
            _ => args.request_id = Some(options::string(name, v, "a string")?),
        }
        Ok(())
    })?;
    Ok(args)
}

/// `Verified` as a plain object `{ keyId, algorithm, signedSha256 }`.
pub(crate) fn verified_js(verified: &Verified) -> Result<JsValue, JsValue> {
    let object = Object::new();
    Reflect::set(&object, &"keyId".into(), &verified.key_id.as_str().into())?;
    Reflect::set(&object, &"algorithm".into(), &verified.algorithm.name().into())?;
    Reflect::set(&object, &"signedSha256".into(), &verified.signed_sha256.as_str().into())?;
    Ok(object.into())
}

/// A trace as a plain object (the core's canonical JSON record, parsed).
pub(crate) fn trace_js(trace: SigningTrace, request_id: Option<String>) -> Result<JsValue, JsValue> {
    let trace = match request_id {
        Some(id) => trace.request_id(id),
        None => trace,
    };
    JSON::parse(&trace.to_json().map_err(|e| to_js_error(&e))?)
}

/// Signs a JSON payload: its canonical bytes (RFC 8785 by default, or `options.profile`),
/// covering `created`, `expires` and `nonce` when given (they are then signed together
/// with the payload, in a canonical envelope). The signature carries the key's algorithm
/// and key id. Throws `CanonicalizationError` for a payload that cannot be canonicalized,
/// `InvalidKeyError` for a key that cannot sign (a public key).
#[wasm_bindgen(js_name = signJson)]
pub fn sign_json(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    payload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key", param_description = "a key that can sign")] key: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "SignOptions",
        param_description = "profile, signed parameters, canonicalization limits"
    )]
    options: Option<JsValue>,
) -> Result<Signature, JsValue> {
    let signed = sign_args(options, false).and_then(|args| {
        let key = key_arg(&key)?;
        let payload = payload_bytes(&payload, &args.options.canon)?;
        sign::sign_json(&payload, key.core(), &args.options)
    });
    signed.map(Signature::new).map_err(|e| to_js_error(&e))
}

/// Signs like `signJson` and also returns the signing trace: the record to log on the
/// signer's side and diff against the verifier's (algorithm, key id, profile, SHA-256 and
/// length of the signed bytes, the bytes themselves as base64 only with
/// `includeSigningString`, timestamp, `requestId` when given). Never a secret.
#[wasm_bindgen(js_name = signJsonTraced, unchecked_return_type = "SignedWithTrace")]
pub fn sign_json_traced(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    payload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key", param_description = "a key that can sign")] key: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "SignTracedOptions",
        param_description = "as for `signJson`, plus `includeSigningString` and `requestId`"
    )]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let args = sign_args(options, true).map_err(|e| to_js_error(&e))?;
    let (signature, trace) = key_arg(&key)
        .and_then(|key| {
            let payload = payload_bytes(&payload, &args.options.canon)?;
            sign::sign_json_traced(
                &payload,
                key.core(),
                &args.options,
                args.include_signing_string,
                js_now(),
            )
        })
        .map_err(|e| to_js_error(&e))?;
    let out = Object::new();
    Reflect::set(&out, &"signature".into(), &Signature::new(signature).into())?;
    Reflect::set(&out, &"trace".into(), &trace_js(trace, args.request_id)?)?;
    Ok(out.into())
}

/// Verifies a signed JSON payload with the default policy: 300 s tolerance on `created`
/// and `expires` (clock: `Date.now()`), every algorithm of the given keys, no replay
/// protection. Use `Verifier` to choose the policy.
///
/// `signature` is a `Signature` or text (`Signature.parse(text, options.encoding)`);
/// `keys` one key or several (a signature with a key id selects its key; without one,
/// there must be exactly one key). Throws `SignatureMismatchError` (with `signedBytes`)
/// when the signature does not match, `VerificationError` for every other refusal,
/// `CanonicalizationError` for a payload that cannot be canonicalized.
#[wasm_bindgen(js_name = verifyJson, unchecked_return_type = "Verified")]
pub fn verify_json(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "JSON text: a string, or its UTF-8 bytes"
    )]
    payload: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "Signature | string",
        param_description = "a Signature, its header form, or a bare encoded value"
    )]
    signature: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key | Key[]", param_description = "the key ring")] keys: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "VerifyOptions",
        param_description = "`encoding` of a bare signature value"
    )]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    // The core's free `verify_json` reads the system clock, which wasm32 has not; this is
    // its default policy over a JS clock.
    let verifier = key_ring(&keys)
        .map(|keys| Verifier::with_default_policy(keys, Options::default()))
        .map_err(|e| to_js_error(&e))?;
    verifier.verify(payload, signature, options)
}
