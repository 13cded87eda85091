//! RFC 9421 and RFC 9530 for `js/http.js`. Signature parameters cross as their serialized
//! inner list (`("@method" ...);created=1`), which the JS side builds and the core parses,
//! so the signer's order is kept and every check is the core's (as in the Python binding).

use canonsig::scheme::http::{self, DigestAlgorithm, HttpVerifier, JsonApiProfile, SignatureInput};
use canonsig::{Error, ErrorCode};
use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::message::{request_from, request_to_js, scheme_of, Owned};
use super::values::{bare, body_arg, bytes, object, pair, seconds, thrown};
use super::Schemes;
use crate::keys::{key_arg, key_ring};
use crate::options::{boolean, each_option};

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

fn parse_input(text: &str) -> Result<SignatureInput, JsValue> {
    SignatureInput::parse(text).map_err(thrown)
}

fn digest_algorithm(name: &str) -> Result<DigestAlgorithm, Error> {
    DigestAlgorithm::from_name(name).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("unknown Content-Digest algorithm {name:?}: canonsig supports \"sha-256\" and \"sha-512\""),
        )
    })
}

fn signed_object(signed: &http::Signed, request: Option<JsValue>) -> Result<JsValue, JsValue> {
    object(&[
        ("signatureInput", signed.signature_input.as_str().into()),
        ("signature", signed.signature.as_str().into()),
        ("signatureBase", signed.signature_base.as_str().into()),
        ("signatureBytes", bytes(&signed.signature_bytes)),
        ("request", request.unwrap_or(JsValue::UNDEFINED)),
    ])
}

/// The verifier's policy: `{ clockSkew, maxAge, requireCreated, requireExpires, required }`.
fn verifier_from(keys: &JsValue, policy: JsValue, now: u64) -> Result<HttpVerifier, Error> {
    let (mut skew, mut max_age, mut created, mut expires) = (60, None, true, false);
    let mut required: Vec<String> = Vec::new();
    let known = ["clockSkew", "maxAge", "requireCreated", "requireExpires", "required"];
    each_option(Some(policy), &known, |name, v| {
        match name {
            "clockSkew" => skew = seconds(name, v)?,
            "maxAge" => max_age = Some(seconds(name, v)?),
            "requireCreated" => created = boolean(name, v)?,
            "requireExpires" => expires = boolean(name, v)?,
            _ => required = Array::from(v).iter().filter_map(|c| c.as_string()).collect(),
        }
        Ok(())
    })?;
    let mut verifier = HttpVerifier::new(key_ring(keys)?)
        .clock(move || now)
        .clock_skew(skew)
        .require_created(created)
        .require_expires(expires);
    if let Some(max_age) = max_age {
        verifier = verifier.max_age(max_age);
    }
    let refs: Vec<&str> = required.iter().map(String::as_str).collect();
    verifier.require_components(&refs)
}

#[wasm_bindgen]
impl Schemes {
    /// Parses a raw HTTP/1.x request (the `.req` format of the AWS SigV4 test suite).
    #[wasm_bindgen(js_name = parseRequest)]
    pub fn parse_request(&self, raw: JsValue) -> Result<JsValue, JsValue> {
        let raw = body_arg(&raw, "the raw request").map_err(thrown)?;
        request_to_js(&canonsig::scheme::Request::parse_http(&raw).map_err(thrown)?, None)
    }

    /// Parses and re-serializes signature parameters.
    #[wasm_bindgen(js_name = httpInput)]
    pub fn http_input(&self, text: &str) -> Result<JsValue, JsValue> {
        input_object(&parse_input(text)?)
    }

    /// The signature base of `input` over a request or response.
    #[wasm_bindgen(js_name = httpSignatureBase)]
    pub fn http_signature_base(&self, message: JsValue, related: JsValue, input: &str) -> Result<String, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        http::signature_base(owned.message(), &parse_input(input)?).map_err(thrown)
    }

    /// Signs under `label`: `{ signatureInput, signature, signatureBase, signatureBytes }`.
    #[wasm_bindgen(js_name = httpSign)]
    pub fn http_sign(
        &self,
        message: JsValue,
        related: JsValue,
        label: &str,
        input: &str,
        key: JsValue,
    ) -> Result<JsValue, JsValue> {
        let owned = Owned::from_js(&message, &related).map_err(thrown)?;
        let input = parse_input(input)?;
        let key = key_arg(&key).map_err(thrown)?;
        let signed = http::sign(owned.message(), label, &input, key.core()).map_err(thrown)?;
        signed_object(&signed, None)
    }

    /// The JSON API profile's signing: as `httpSign`, plus `request` (with `Content-Digest`
    /// and the two signature lines).
    #[wasm_bindgen(js_name = httpJsonSign)]
    pub fn http_json_sign(
        &self,
        request: JsValue,
        label: &str,
        input: &str,
        key: JsValue,
        digest: &str,
        require_canonical: bool,
    ) -> Result<JsValue, JsValue> {
        let mut req = request_from(&request).map_err(thrown)?;
        let input = parse_input(input)?;
        let key = key_arg(&key).map_err(thrown)?;
        let profile = JsonApiProfile::new()
            .digest(digest_algorithm(digest).map_err(thrown)?)
            .require_canonical_body(require_canonical);
        let signed = profile
            .signer()
            .label(label)
            .covered(http::Covered::Input(input))
            .created(http::Created::Omit)
            .keyid(http::KeyIdParam::Omit)
            .sign_request_at(&mut req, key.core(), 0)
            .map_err(thrown)?;
        signed_object(&signed, Some(request_to_js(&req, scheme_of(&request))?))
    }

    /// Verifies: `{ label, keyId, algorithm, input, signatureBase }`. `json` (not
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
        let verifier = verifier_from(&keys, policy, now).map_err(thrown)?;
        let label = label.as_deref();
        let verified = match json {
            None => verifier.verify(owned.message(), label),
            Some(canonical) => {
                JsonApiProfile::new()
                    .require_canonical_body(canonical)
                    .verify(&verifier, owned.message(), label)
            }
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
