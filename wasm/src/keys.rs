//! `Key`: one class for every algorithm, over [`canonsig::sign::Key`]. The key material
//! stays in WebAssembly memory (wiped when the key is freed or garbage-collected) and
//! never appears in messages, `toString()`, `toJSON()` or `console.log`.

use std::rc::Rc;

use canonsig::sign::{self, Algorithm, Encoding};
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::errors::to_js_error;
use crate::handles::handle_of;
use crate::input::{bytes_arg, text_arg};
use crate::options::{self, describe, each_option};

/// A signing or verification key. The algorithm is part of the key: a signature that
/// claims another one is refused. Make one with `Key.fromPem`, `Key.fromJwk`, `Key.hmac`,
/// `Key.fromPublicBytes` or `Key.generate`.
///
/// Key material never shows in messages, `toString()`, `toJSON()` or `console.log` (they
/// give the algorithm, the key id and the kind). It lives in WebAssembly memory and is
/// wiped when the key is garbage-collected, or at once with `key.free()`.
#[wasm_bindgen]
pub struct Key {
    inner: Rc<sign::Key>,
}

impl Key {
    pub(crate) fn new(key: sign::Key) -> Key {
        Key { inner: Rc::new(key) }
    }

    pub(crate) fn core(&self) -> &sign::Key {
        &self.inner
    }

    /// `secret` (HMAC), `private` or `public`.
    fn kind(&self) -> &'static str {
        if self.inner.algorithm().is_hmac() {
            "secret"
        } else if self.inner.can_sign() {
            "private"
        } else {
            "public"
        }
    }
}

/// A `Key` argument, or an `invalid_key` error naming what was passed instead.
pub(crate) fn key_arg(value: &JsValue) -> Result<Key, Error> {
    handle_of::<Key>(value).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidKey,
            format!(
                "expected a Key (Key.fromPem, Key.fromJwk, Key.hmac, ...), got {}",
                describe(value)
            ),
        )
    })
}

/// A key ring argument, `Key | Key[]`, as the verifying keys the core's verifier owns
/// (`Key::verifying_key`), so the caller's keys stay usable.
pub(crate) fn key_ring(value: &JsValue) -> Result<Vec<sign::Key>, Error> {
    let copy = |v: &JsValue| key_arg(v)?.core().verifying_key();
    if Array::is_array(value) {
        return Array::from(value).iter().map(|v| copy(&v)).collect();
    }
    Ok(vec![copy(value)?])
}

/// `{ algorithm?, keyId?, encoding? }`; `encoding` only where `with_encoding`.
struct KeyOptions {
    algorithm: Option<Algorithm>,
    key_id: Option<String>,
    encoding: Option<Encoding>,
}

fn key_options(value: Option<JsValue>, known: &[&str]) -> Result<KeyOptions, Error> {
    let mut out = KeyOptions {
        algorithm: None,
        key_id: None,
        encoding: None,
    };
    each_option(value, known, |name, v| {
        match name {
            "algorithm" => out.algorithm = Some(options::algorithm(v)?),
            "keyId" => out.key_id = Some(options::string(name, v, "a string")?),
            _ => out.encoding = Some(options::encoding(name, v)?),
        }
        Ok(())
    })?;
    Ok(out)
}

/// Applies the key id and wraps the key; errors are key errors.
fn finish(loaded: Result<sign::Key, Error>, key_id: Option<String>) -> Result<Key, JsValue> {
    let key = loaded.map_err(|e| to_js_error(&e))?;
    Ok(Key::new(match key_id {
        Some(id) => key.with_key_id(id),
        None => key,
    }))
}

/// A JWK argument (`string | object`) as JSON text.
fn jwk_text(value: &JsValue) -> Result<String, Error> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_object() && !Array::is_array(value) {
        if let Some(text) = JSON::stringify(value).ok().and_then(|s| s.as_string()) {
            return Ok(text);
        }
    }
    Err(Error::new(
        ErrorCode::InvalidKey,
        format!("the JWK must be a JSON string or an object, got {}", describe(value)),
    ))
}

/// A JSON text from the core as a plain JS object.
fn parsed(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

#[wasm_bindgen]
impl Key {
    /// A key from PEM: `PRIVATE KEY` (PKCS#8), `PUBLIC KEY` (SPKI), `RSA PRIVATE KEY`
    /// (PKCS#1) or `EC PRIVATE KEY` (SEC1). Ed25519 and EC keys name their algorithm; RSA
    /// keys serve two, so they need `algorithm`. When given, `algorithm` must match the key
    /// (else `algorithm_mismatch`). The key id defaults to the RFC 7638 thumbprint.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(
        #[wasm_bindgen(unchecked_param_type = "string", param_description = "the PEM text")] pem: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "KeyOptions",
            param_description = "`algorithm` (required for RSA) and `keyId`"
        )]
        options: Option<JsValue>,
    ) -> Result<Key, JsValue> {
        let options = key_options(options, &["algorithm", "keyId"]).map_err(|e| to_js_error(&e))?;
        let pem = text_arg(&pem, "the PEM", ErrorCode::InvalidKey).map_err(|e| to_js_error(&e))?;
        finish(sign::Key::from_pem(&pem, options.algorithm), options.key_id)
    }

    /// A key from a JWK (RFC 7517), as JSON text or an object: `oct` (HMAC), `OKP`
    /// (Ed25519), `EC` (P-256, P-384) or `RSA`, private or public. HMAC and RSA JWKs
    /// without an `alg` member need `algorithm`. `kid` becomes the key id unless `keyId`
    /// is given.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "string | JsonWebKey", param_description = "the JWK")] jwk: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "KeyOptions",
            param_description = "`algorithm` and `keyId`"
        )]
        options: Option<JsValue>,
    ) -> Result<Key, JsValue> {
        let options = key_options(options, &["algorithm", "keyId"]).map_err(|e| to_js_error(&e))?;
        let jwk = Zeroizing::new(jwk_text(&jwk).map_err(|e| to_js_error(&e))?);
        finish(sign::Key::from_jwk(&jwk, options.algorithm), options.key_id)
    }

    /// An HMAC key from a shared secret: a `Uint8Array` as it is, or a string in
    /// `encoding` (`"base64url"`, `"base64"` or `"hex"`; a string secret needs one).
    /// `algorithm` defaults to `"hmac-sha256"`, `keyId` to `""`. An empty secret is refused.
    #[wasm_bindgen(js_name = hmac)]
    pub fn hmac(
        #[wasm_bindgen(
            unchecked_param_type = "Uint8Array | string",
            param_description = "the secret bytes, or the secret as text in `options.encoding`"
        )]
        secret: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "HmacKeyOptions",
            param_description = "`algorithm`, `keyId` and the `encoding` of a string secret"
        )]
        options: Option<JsValue>,
    ) -> Result<Key, JsValue> {
        let options = key_options(options, &["algorithm", "keyId", "encoding"]).map_err(|e| to_js_error(&e))?;
        let algorithm = options.algorithm.unwrap_or(Algorithm::HmacSha256);
        let loaded = match (secret.as_string().map(Zeroizing::new), options.encoding) {
            (Some(text), Some(encoding)) => sign::Key::hmac_from_text(algorithm, &text, encoding),
            (Some(_), None) => Err(options::invalid(
                "a string secret needs options.encoding (\"base64url\", \"base64\" or \"hex\"); pass a Uint8Array for raw secret bytes".into(),
            )),
            (None, Some(_)) => Err(options::invalid(
                "options.encoding applies to a string secret only; a Uint8Array secret is used as it is".into(),
            )),
            (None, None) => bytes_arg(&secret, "the secret", ErrorCode::InvalidKey)
                .map(Zeroizing::new)
                .and_then(|bytes| sign::Key::hmac(algorithm, &bytes)),
        };
        finish(loaded, options.key_id)
    }

    /// A public key from its raw form: 32 bytes for Ed25519, an uncompressed point
    /// (`04 || x || y`) for ECDSA, a DER `RSAPublicKey` for RSA.
    #[wasm_bindgen(js_name = fromPublicBytes)]
    pub fn from_public_bytes(
        #[wasm_bindgen(unchecked_param_type = "Algorithm", param_description = "the key's algorithm")]
        algorithm: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array", param_description = "the raw public key")] bytes: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyIdOptions", param_description = "`keyId`")] options: Option<
            JsValue,
        >,
    ) -> Result<Key, JsValue> {
        let options = key_options(options, &["keyId"]).map_err(|e| to_js_error(&e))?;
        let loaded = options::algorithm(&algorithm).and_then(|algorithm| {
            let bytes = bytes_arg(&bytes, "the public key", ErrorCode::InvalidKey)?;
            sign::Key::from_public_bytes(algorithm, &bytes)
        });
        finish(loaded, options.key_id)
    }

    /// A new random key: HMAC secrets as long as the hash output, RSA keys of 2048 bits
    /// (RSA generation takes a few seconds in WebAssembly). Randomness comes from
    /// `crypto.getRandomValues`.
    #[wasm_bindgen(js_name = generate)]
    pub fn generate(
        #[wasm_bindgen(unchecked_param_type = "Algorithm", param_description = "the algorithm")] algorithm: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyIdOptions", param_description = "`keyId`")] options: Option<
            JsValue,
        >,
    ) -> Result<Key, JsValue> {
        let options = key_options(options, &["keyId"]).map_err(|e| to_js_error(&e))?;
        finish(
            options::algorithm(&algorithm).and_then(sign::Key::generate),
            options.key_id,
        )
    }

    /// The key id: a signature names its key by it. Asymmetric keys default to their RFC
    /// 7638 JWK thumbprint, HMAC keys to `""`.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> String {
        self.inner.key_id().to_owned()
    }

    /// The algorithm this key is for.
    #[wasm_bindgen(getter, unchecked_return_type = "Algorithm")]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().name().to_owned()
    }

    /// True for a private key or an HMAC secret, false for a public key.
    #[wasm_bindgen(getter, js_name = canSign)]
    pub fn can_sign(&self) -> bool {
        self.inner.can_sign()
    }

    /// The public half, with the same key id. HMAC keys have none (`InvalidKeyError`).
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<Key, JsValue> {
        self.inner.public_key().map(Key::new).map_err(|e| to_js_error(&e))
    }

    /// The public key as a `PUBLIC KEY` (SPKI) PEM.
    #[wasm_bindgen(js_name = publicPem)]
    pub fn public_pem(&self) -> Result<String, JsValue> {
        self.inner.public_pem().map_err(|e| to_js_error(&e))
    }

    /// The public key as a JWK object, with `alg` and `kid`.
    #[wasm_bindgen(js_name = publicJwk, unchecked_return_type = "JsonWebKey")]
    pub fn public_jwk(&self) -> Result<JsValue, JsValue> {
        parsed(&self.inner.public_jwk().map_err(|e| to_js_error(&e))?)
    }

    /// The private key as a PKCS#8 `PRIVATE KEY` PEM. The result is secret.
    #[wasm_bindgen(js_name = exportPrivatePem)]
    pub fn export_private_pem(&self) -> Result<String, JsValue> {
        self.inner.export_private_pem().map_err(|e| to_js_error(&e))
    }

    /// The whole key (private part included) as a JWK object. The result is secret.
    #[wasm_bindgen(js_name = exportPrivateJwk, unchecked_return_type = "JsonWebKey")]
    pub fn export_private_jwk(&self) -> Result<JsValue, JsValue> {
        let text = Zeroizing::new(self.inner.export_private_jwk().map_err(|e| to_js_error(&e))?);
        parsed(&text)
    }

    /// An HMAC secret as text, in `encoding` (default `"base64url"`). The result is secret.
    #[wasm_bindgen(js_name = exportSecret)]
    pub fn export_secret(
        &self,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Encoding",
            param_description = "default `\"base64url\"`"
        )]
        encoding: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let encoding = match encoding.filter(|v| !v.is_undefined()) {
            Some(v) => options::encoding("encoding", &v).map_err(|e| to_js_error(&e))?,
            None => Encoding::Base64Url,
        };
        self.inner.export_secret(encoding).map_err(|e| to_js_error(&e))
    }

    /// The RFC 7638 JWK thumbprint (base64url SHA-256) of the public key.
    pub fn thumbprint(&self) -> Result<String, JsValue> {
        self.inner.thumbprint().map_err(|e| to_js_error(&e))
    }

    /// Signs raw bytes (no canonicalization; see `signJson` for JSON). ECDSA signatures
    /// are raw `r||s`, as RFC 9421 wants.
    #[wasm_bindgen(return_description = "the signature bytes")]
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array", param_description = "the bytes to sign")] message: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        bytes_arg(&message, "the message", ErrorCode::UnsupportedValue)
            .and_then(|message| self.inner.sign(&message))
            .map_err(|e| to_js_error(&e))
    }

    /// Verifies a signature over raw bytes; returns nothing, throws when it does not
    /// verify: `SignatureMismatchError` (with `signedBytes` null: they are `message`) or
    /// `VerificationError` (`malformed_signature`: wrong length, empty). ECDSA accepts raw
    /// `r||s` and DER.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array", param_description = "the signed bytes")] message: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array", param_description = "the signature")] signature: JsValue,
    ) -> Result<(), JsValue> {
        bytes_arg(&message, "the message", ErrorCode::UnsupportedValue)
            .and_then(|message| {
                let signature = bytes_arg(&signature, "the signature", ErrorCode::MalformedSignature)?;
                self.inner.verify(&message, &signature)
            })
            .map_err(|e| to_js_error(&e))
    }

    /// `{ algorithm, keyId, kind }` (`kind`: `"secret"`, `"private"` or `"public"`); what
    /// `JSON.stringify` and `console.log` show. Never key material.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "KeySummary")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let summary = Object::new();
        Reflect::set(&summary, &"algorithm".into(), &self.algorithm().into())?;
        Reflect::set(&summary, &"keyId".into(), &self.key_id().into())?;
        Reflect::set(&summary, &"kind".into(), &self.kind().into())?;
        Ok(summary.into())
    }

    /// The algorithm and key id, e.g. `ed25519 key "NzbLsXh8..."`. Never key material.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.to_string()
    }

    /// A fresh wrapper sharing this key, for arguments typed as unions (see handles.rs).
    #[wasm_bindgen(js_name = __canonsigHandle, skip_typescript)]
    pub fn handle(&self) -> Key {
        Key {
            inner: Rc::clone(&self.inner),
        }
    }
}
