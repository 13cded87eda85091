//! RFC 9421 and RFC 9530 for `js/http.js`. Option values cross as JS values (component
//! names, numbers, strings, `true` for "the key's" or "now"); core's `HttpSigner` decides
//! every default and builds every byte (as in the Python binding).

use canonsig::scheme::http::{
    self, AlgParam, Covered, Created, DigestAlgorithm, DigestPolicy, Expires, HttpSigner, HttpVerifier, JsonApiProfile,
    KeyIdParam, Nonce, Params, SignatureInput,
};
use canonsig::scheme::{Header, Request, Response};
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::message::{request_from, request_to_js, Owned};
use super::values::{bare, body_arg, bytes, object, pair, seconds, thrown};
use super::Schemes;
use crate::keys::{key_arg, key_ring};
use crate::options::{boolean, each_option, string, wrong_type};

/// `{ text, components, params: [[name, value]] }` of a signature input.
fn input_object(input: &SignatureInput) -> Result<JsValue, JsValue> {
    let text = input.serialize().map_err(thrown)?;
    let components: Array = input.components.iter().map(|c| JsValue::from(c.to_string())).collect();
    let params: Array = input.params.iter().map(|(k, v)| pair(k, bare(v))).collect();
    object(&[
        ("text", text.into()),
        ("components", components.into()),
        ("params", params.into()),
    ])
}

fn lines(headers: &[Header]) -> JsValue {
    headers
        .iter()
        .map(|h| pair(h.name.as_str(), h.value.as_str()))
        .collect::<Array>()
        .into()
}

fn digest_algorithm(name: &str) -> Result<DigestAlgorithm, Error> {
    DigestAlgorithm::from_name(name).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("unknown Content-Digest algorithm {name:?}: canonsig supports \"sha-256\" and \"sha-512\""),
        )
    })
}

/// `components`: `undefined` (the default rule), an array of names, a serialized inner
/// list, or a `SignatureInput` (its `text`).
fn covered(value: &JsValue) -> Result<Covered, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Covered::Default);
    }
    let text = value.as_string().or_else(|| {
        (value.is_object() && !Array::is_array(value))
            .then(|| Reflect::get(value, &JsValue::from_str("text")).ok()?.as_string())
            .flatten()
    });
    if let Some(text) = text {
        if !text.trim_start().starts_with('(') {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "components must be an array of names ([\"@method\", \"content-type\"]) or a serialized inner list ('(\"@method\");created=1'), not a single name",
            ));
        }
        return SignatureInput::parse(&text).map(Covered::Input);
    }
    if !Array::is_array(value) {
        return Err(wrong_type("components", "an array of component names", value));
    }
    let names = Array::from(value)
        .iter()
        .map(|c| {
            c.as_string()
                .ok_or_else(|| wrong_type("a component", "a string such as \"@method\" or \"content-type\"", &c))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Covered::parse(&names)
}

fn integer(name: &str, v: &JsValue) -> Result<i64, Error> {
    v.as_f64()
        .filter(|f| f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15)
        .map(|f| f as i64)
        .ok_or_else(|| wrong_type(name, "an integer (Unix seconds)", v))
}

/// `true` -> `on_true`, `false`/`null` -> `off`, a string -> `value(string)`.
fn flag_or_string<T>(name: &str, v: &JsValue, on_true: T, off: T, value: impl FnOnce(String) -> T) -> Result<T, Error> {
    match v.as_bool() {
        Some(true) => Ok(on_true),
        Some(false) => Ok(off),
        None if v.is_null() => Ok(off),
        None => Ok(value(string(name, v, "a string, true or null")?)),
    }
}

/// The signer for the JS options (type translation only: each value to core's enum).
/// Options: `components`, `label`, `contentDigest` (a name, or `null` = off),
/// `jsonProfile` (`[digest, requireCanonicalBody]`), `created` (`true` = now, a number,
/// `false`/`null` = omit), `expires`, `expiresIn`, `nonce` / `alg` (`true` = random / the
/// key's, a string), `keyid` (a string, `false` = omit), `tag`.
fn signer_from(options: JsValue) -> Result<HttpSigner, Error> {
    let known = [
        "components",
        "label",
        "contentDigest",
        "jsonProfile",
        "created",
        "expires",
        "expiresIn",
        "nonce",
        "alg",
        "keyid",
        "tag",
    ];
    let mut given: Vec<(String, JsValue)> = Vec::new();
    each_option(Some(options), &known, |name, v| {
        given.push((name.to_string(), v.clone()));
        Ok(())
    })?;
    let profile = given
        .iter()
        .find(|(n, _)| n == "jsonProfile")
        .map(|(_, v)| Array::from(v));
    let mut signer = match profile {
        Some(parts) => JsonApiProfile::new()
            .digest(digest_algorithm(&parts.get(0).as_string().unwrap_or_default())?)
            .require_canonical_body(parts.get(1).as_bool().unwrap_or(false))
            .signer(),
        None => HttpSigner::new(),
    };
    for (name, v) in &given {
        let name = name.as_str();
        signer = match name {
            "components" => signer.covered(covered(v)?),
            "label" => signer.label(string(name, v, "a string")?),
            "contentDigest" if v.is_null() => signer.content_digest(DigestPolicy::Off),
            "contentDigest" => signer.content_digest(DigestPolicy::WhenBody(digest_algorithm(&string(
                name,
                v,
                "\"sha-256\", \"sha-512\" or null",
            )?)?)),
            "created" if v.as_bool().is_none() && !v.is_null() => signer.created(Created::At(integer(name, v)?)),
            "created" => signer.created(if v.as_bool() == Some(true) {
                Created::Now
            } else {
                Created::Omit
            }),
            "expires" if !v.is_null() => signer.expires(Expires::At(integer(name, v)?)),
            "expiresIn" if !v.is_null() => signer.expires(Expires::After(seconds(name, v)?)),
            "nonce" => signer.nonce(flag_or_string(name, v, Nonce::Random, Nonce::Omit, Nonce::Value)?),
            "alg" => signer.alg(flag_or_string(
                name,
                v,
                AlgParam::FromKey,
                AlgParam::Omit,
                AlgParam::Named,
            )?),
            "keyid" if v.is_null() => signer.keyid(KeyIdParam::FromKey),
            "keyid" if v.as_bool() == Some(false) => signer.keyid(KeyIdParam::Omit),
            "keyid" => signer.keyid(KeyIdParam::Value(string(name, v, "a string, false or null")?)),
            "tag" if !v.is_null() => signer.tag(Some(string(name, v, "a string")?)),
            _ => signer,
        };
    }
    Ok(signer)
}

/// The verifier's policy over core's defaults: `{ clockSkew, maxAge, requireCreated,
/// requireExpires, required, checkContentDigest }`.
fn verifier_from(keys: &JsValue, policy: JsValue) -> Result<HttpVerifier, Error> {
    let known = [
        "clockSkew",
        "maxAge",
        "requireCreated",
        "requireExpires",
        "required",
        "checkContentDigest",
    ];
    let mut given: Vec<(String, JsValue)> = Vec::new();
    each_option(Some(policy), &known, |name, v| {
        given.push((name.to_string(), v.clone()));
        Ok(())
    })?;
    let mut verifier = HttpVerifier::new(key_ring(keys)?);
    for (name, v) in &given {
        let name = name.as_str();
        verifier = match name {
            "clockSkew" => verifier.clock_skew(seconds(name, v)?),
            "maxAge" => verifier.max_age(seconds(name, v)?),
            "requireCreated" => verifier.require_created(boolean(name, v)?),
            "requireExpires" => verifier.require_expires(boolean(name, v)?),
            "checkContentDigest" => verifier.check_content_digest(boolean(name, v)?),
            _ => {
                if !Array::is_array(v) {
                    return Err(wrong_type(name, "an array of component names", v));
                }
                let required = Array::from(v)
                    .iter()
                    .map(|c| {
                        c.as_string()
                            .ok_or_else(|| wrong_type("a required component", "a string", &c))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                verifier.require_components(&required)?
            }
        };
    }
    Ok(verifier)
}

/// `{ created, keyid, alg, expires, nonce, tag }` as plain values (absent = not given).
fn params_from(value: JsValue) -> Result<Params, Error> {
    let mut params = Params::default();
    let known = ["created", "keyid", "alg", "expires", "nonce", "tag"];
    each_option(Some(value), &known, |name, v| {
        if v.is_null() {
            return Ok(());
        }
        match name {
            "created" => params.created = Some(integer(name, v)?),
            "expires" => params.expires = Some(integer(name, v)?),
            "keyid" => params.keyid = Some(string(name, v, "a string")?),
            "alg" => params.alg = Some(string(name, v, "a string")?),
            "nonce" => params.nonce = Some(string(name, v, "a string")?),
            _ => params.tag = Some(string(name, v, "a string")?),
        }
        Ok(())
    })?;
    Ok(params)
}

#[wasm_bindgen]
impl Schemes {
    /// Parses a raw HTTP/1.x request (the `.req` format of the AWS SigV4 test suite).
    #[wasm_bindgen(js_name = parseRequest)]
    pub fn parse_request(&self, raw: JsValue) -> Result<JsValue, JsValue> {
        let raw = body_arg(&raw, "the raw request").map_err(thrown)?;
        request_to_js(&Request::parse_http(&raw).map_err(thrown)?, None)
    }

    /// Parses a raw HTTP/1.x response: `{ status, headers, trailers, body }`.
    #[wasm_bindgen(js_name = parseResponse)]
    pub fn parse_response(&self, raw: JsValue) -> Result<JsValue, JsValue> {
        let raw = body_arg(&raw, "the raw response").map_err(thrown)?;
        let res = Response::parse_http(&raw).map_err(thrown)?;
        object(&[
            ("status", JsValue::from(res.status())),
            ("headers", lines(res.headers())),
            ("trailers", Array::new().into()),
            ("body", bytes(res.body_bytes())),
        ])
    }

    /// The absolute URL a request was sent to (core's `Request::url`).
    #[wasm_bindgen(js_name = requestUrl)]
    pub fn request_url(&self, request: JsValue) -> Result<String, JsValue> {
        request_from(&request).and_then(|r| r.url()).map_err(thrown)
    }

    /// Parses and re-serializes signature parameters.
    #[wasm_bindgen(js_name = httpInput)]
    pub fn http_input(&self, text: &str) -> Result<JsValue, JsValue> {
        input_object(&SignatureInput::parse(text).map_err(thrown)?)
    }

    /// The components the default rule covers for this message.
    #[wasm_bindgen(js_name = httpDefaultComponents)]
    pub fn http_default_components(&self, message: JsValue, related: JsValue) -> Result<Vec<String>, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        Ok(http::default_components(owned.message())
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    /// The signature base over `components` with the given parameters.
    #[wasm_bindgen(js_name = httpSignatureBase)]
    pub fn http_signature_base(
        &self,
        message: JsValue,
        related: JsValue,
        components: JsValue,
        params: JsValue,
    ) -> Result<String, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        let covered = covered(&components).map_err(thrown)?;
        let params = params_from(params).map_err(thrown)?;
        let input = SignatureInput::build(owned.message(), &covered, &params);
        http::signature_base(owned.message(), &input).map_err(thrown)
    }

    /// Signs at `now` with the options of `http.sign` (see [`signer_from`]): `{ label,
    /// signatureInput, signature, signatureBase, signatureBytes, headers (the lines added),
    /// lines (every header line of the signed message) }`.
    #[wasm_bindgen(js_name = httpSign)]
    pub fn http_sign(
        &self,
        message: JsValue,
        related: JsValue,
        key: JsValue,
        options: JsValue,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        let key = key_arg(&key).map_err(thrown)?;
        let signer = signer_from(options).map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let signed = signer.sign_at(owned.message(), key.core(), now).map_err(thrown)?;
        let mut all = owned.message().headers().to_vec();
        signed.apply(&mut all);
        object(&[
            ("label", signed.label.as_str().into()),
            ("signatureInput", signed.signature_input.as_str().into()),
            ("signature", signed.signature.as_str().into()),
            ("signatureBase", signed.signature_base.as_str().into()),
            ("signatureBytes", bytes(&signed.signature_bytes)),
            ("headers", lines(&signed.headers)),
            ("lines", lines(&all)),
        ])
    }

    /// An `Accept-Signature` member over `components` with the given parameters.
    #[wasm_bindgen(js_name = httpAcceptSignature)]
    pub fn http_accept_signature(&self, label: &str, components: JsValue, params: JsValue) -> Result<String, JsValue> {
        let input = match covered(&components).map_err(thrown)? {
            Covered::Components(ids) => SignatureInput {
                components: ids,
                ..SignatureInput::default()
            },
            Covered::Input(input) => input,
            Covered::Default => SignatureInput::default(),
        };
        let params = params_from(params).map_err(thrown)?;
        http::accept_signature(label, &input.with_params(&params)).map_err(thrown)
    }

    /// A Content-Digest algorithm name, checked; `undefined` or `null`: core's default.
    #[wasm_bindgen(js_name = digestName)]
    pub fn digest_name(&self, name: Option<String>) -> Result<String, JsValue> {
        match name {
            Some(name) => Ok(digest_algorithm(&name).map_err(thrown)?.name().to_string()),
            None => Ok(http::DigestAlgorithm::default().name().to_string()),
        }
    }

    /// Verifies at `now`: `{ label, keyId, algorithm, input, signatureBase }`. `json` (not
    /// `undefined`) runs the JSON API profile, requiring canonical bodies when true.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = httpVerify)]
    pub fn http_verify(
        &self,
        message: JsValue,
        related: JsValue,
        label: Option<String>,
        keys: JsValue,
        policy: JsValue,
        now: JsValue,
        json: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let verifier = verifier_from(&keys, policy).map_err(thrown)?;
        let label = label.as_deref();
        let verified = match json {
            None => verifier.verify_at(owned.message(), label, now),
            Some(canonical) => JsonApiProfile::new().require_canonical_body(canonical).verify_at(
                &verifier,
                owned.message(),
                label,
                now,
            ),
        }
        .map_err(thrown)?;
        object(&[
            ("label", verified.label.as_str().into()),
            ("keyId", verified.key_id.as_str().into()),
            ("algorithm", verified.algorithm.name().into()),
            ("input", input_object(&verified.input)?),
            ("signatureBase", verified.signature_base.as_str().into()),
        ])
    }

    /// `Signature-Input` (or, with `accept`, `Accept-Signature`) as `[[label, input]]`.
    #[wasm_bindgen(js_name = httpParseSignatureInput)]
    pub fn http_parse_signature_input(&self, value: &str, accept: bool) -> Result<JsValue, JsValue> {
        let parsed = if accept {
            http::parse_accept_signature(value)
        } else {
            http::parse_signature_input(value)
        }
        .map_err(thrown)?;
        let out = Array::new();
        for (label, input) in &parsed {
            out.push(&pair(label.as_str(), input_object(input)?));
        }
        Ok(out.into())
    }

    /// `Signature` as `[[label, bytes]]`.
    #[wasm_bindgen(js_name = httpParseSignature)]
    pub fn http_parse_signature(&self, value: &str) -> Result<JsValue, JsValue> {
        let parsed = http::parse_signature(value).map_err(thrown)?;
        Ok(parsed
            .iter()
            .map(|(label, sig)| pair(label.as_str(), bytes(sig)))
            .collect::<Array>()
            .into())
    }

    /// The `Content-Digest` value for a body.
    #[wasm_bindgen(js_name = contentDigest)]
    pub fn content_digest(&self, body: JsValue, algorithms: Vec<String>) -> Result<String, JsValue> {
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let algorithms = algorithms
            .iter()
            .map(|a| digest_algorithm(a))
            .collect::<Result<Vec<_>, _>>()
            .map_err(thrown)?;
        Ok(http::content_digest(&body, &algorithms))
    }

    /// Checks a `Content-Digest` value against a body; the algorithms checked.
    #[wasm_bindgen(js_name = verifyContentDigest)]
    pub fn verify_content_digest(&self, value: &str, body: JsValue) -> Result<Vec<String>, JsValue> {
        let body = body_arg(&body, "the body").map_err(thrown)?;
        let checked = http::verify_content_digest(value, &body).map_err(thrown)?;
        Ok(checked.into_iter().map(|a| a.name().to_string()).collect())
    }

    /// A `Want-Content-Digest` value from `[[algorithm, preference]]`.
    #[wasm_bindgen(js_name = wantContentDigest)]
    pub fn want_content_digest(&self, preferences: JsValue) -> Result<String, JsValue> {
        let prefs = Array::from(&preferences)
            .iter()
            .map(|p| {
                let p = Array::from(&p);
                let name = p.get(0).as_string().unwrap_or_default();
                let weight = p
                    .get(1)
                    .as_f64()
                    .filter(|w| (0.0..=255.0).contains(w) && w.fract() == 0.0);
                let weight = weight.ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidOption,
                        format!("Want-Content-Digest preference for {name} must be an integer from 0 to 10"),
                    )
                })?;
                Ok((digest_algorithm(&name)?, weight as u8))
            })
            .collect::<Result<Vec<_>, Error>>()
            .map_err(thrown)?;
        http::want_content_digest(&prefs).map_err(thrown)
    }

    /// `Want-Content-Digest` as `[[algorithm, preference]]`.
    #[wasm_bindgen(js_name = parseWantContentDigest)]
    pub fn parse_want_content_digest(&self, value: &str) -> Result<JsValue, JsValue> {
        let parsed = http::parse_want_content_digest(value).map_err(thrown)?;
        Ok(parsed
            .iter()
            .map(|(name, w)| pair(name.as_str(), *w as f64))
            .collect::<Array>()
            .into())
    }

    /// The algorithm to answer a `Want-Content-Digest` with, or `null`.
    #[wasm_bindgen(js_name = preferredDigest)]
    pub fn preferred_digest(&self, want: &str) -> Result<Option<String>, JsValue> {
        let found = http::preferred_digest(want).map_err(thrown)?;
        Ok(found.map(|a| a.name().to_string()))
    }
}
