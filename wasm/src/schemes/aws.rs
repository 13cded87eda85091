//! AWS SigV4 and SigV4a for `js/aws.js`: signing, presigning, verifying, `signedParts` and
//! `explainAws`. Credentials cross as `[accessKeyId, secretAccessKey, sessionToken | null]`
//! and live in the core's `Credentials` (wiped on drop) for the duration of one call.

use std::time::Duration;

use canonsig::diff::explain_aws;
use canonsig::scheme::aws::{self, Credentials, Payload, Settings, SigV4Verifier, Signer};
use canonsig::{Error, ErrorCode};
use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::message::{request_from, request_to_js, scheme_of};
use super::values::{object, opt_str, pair, seconds, thrown};
use super::Schemes;
use crate::diff::aws_explanation_object;
use crate::options::{boolean, each_option, string};

fn credentials_from(value: &JsValue) -> Result<Credentials, Error> {
    let parts = Array::from(value);
    let (Some(id), Some(secret)) = (parts.get(0).as_string(), parts.get(1).as_string()) else {
        return Err(Error::new(
            ErrorCode::InvalidKey,
            "AWS credentials need an access key id and a secret access key (strings)",
        ));
    };
    let creds = Credentials::new(id, zeroize::Zeroizing::new(secret).as_bytes());
    Ok(match parts.get(2).as_string() {
        Some(token) => creds.with_session_token(token),
        None => creds,
    })
}

/// `{ normalizePath, doubleEncodePath, payload, contentSha256Header, signSessionToken }`;
/// `payload` is `"body"`, `"unsigned"` or a precomputed payload line.
fn settings_from(value: JsValue) -> Result<Settings, Error> {
    let mut settings = Settings::default();
    let known = [
        "normalizePath",
        "doubleEncodePath",
        "payload",
        "contentSha256Header",
        "signSessionToken",
    ];
    each_option(Some(value), &known, |name, v| {
        match name {
            "normalizePath" => settings.normalize_path = boolean(name, v)?,
            "doubleEncodePath" => settings.double_encode_path = boolean(name, v)?,
            "contentSha256Header" => settings.content_sha256_header = boolean(name, v)?,
            "signSessionToken" => settings.sign_session_token = boolean(name, v)?,
            _ => {
                settings.payload = match string(name, v, "\"body\", \"unsigned\" or a payload line")?.as_str() {
                    "body" => Payload::Body,
                    "unsigned" | aws::UNSIGNED_PAYLOAD => Payload::Unsigned,
                    other => Payload::Precomputed(other.to_string()),
                }
            }
        }
        Ok(())
    })?;
    Ok(settings)
}

fn signed_object(signed: &aws::Signed, scheme: Option<String>) -> Result<JsValue, JsValue> {
    let headers: Array = signed
        .headers
        .iter()
        .map(|h| pair(h.name.as_str(), h.value.as_str()))
        .collect();
    object(&[
        ("request", request_to_js(&signed.request, scheme)?),
        ("url", signed.url().map_err(thrown)?.into()),
        ("headers", headers.into()),
        ("canonicalRequest", signed.canonical_request.as_str().into()),
        ("stringToSign", signed.string_to_sign.as_str().into()),
        ("signature", signed.signature.as_str().into()),
        ("signedHeaders", signed.signed_headers.as_str().into()),
        ("credentialScope", signed.credential_scope.as_str().into()),
        ("amzDate", signed.amz_date.as_str().into()),
        ("authorization", opt_str(signed.authorization.as_deref())),
    ])
}

fn parts_object(parts: &aws::SignedParts) -> Result<JsValue, JsValue> {
    object(&[
        ("accessKeyId", parts.access_key_id.as_str().into()),
        ("credentialScope", parts.credential_scope.as_str().into()),
        ("amzDate", parts.amz_date.as_str().into()),
        ("signedHeaders", parts.signed_headers.as_str().into()),
        ("canonicalRequest", parts.canonical_request.as_str().into()),
        ("stringToSign", parts.string_to_sign.as_str().into()),
    ])
}

/// A SigV4 signer, or SigV4a when `v4a` (`region` is then the region set); with
/// `http_client`, as the fetch adapter signs (core's client-managed header rule).
fn signer(
    creds: &JsValue,
    region: &str,
    service: &str,
    settings: JsValue,
    v4a: bool,
    http_client: bool,
) -> Result<Signer, JsValue> {
    let creds = credentials_from(creds).map_err(thrown)?;
    let signer = if v4a {
        Signer::new_v4a(creds, region, service).map_err(thrown)?
    } else {
        Signer::new(creds, region, service)
    };
    let signer = signer.settings(settings_from(settings).map_err(thrown)?);
    Ok(if http_client { signer.for_http_client() } else { signer })
}

/// A named settings preset: `"default"` (every service but S3) or `"s3"`.
fn preset(name: &str) -> Result<Settings, Error> {
    match name {
        "default" => Ok(Settings::default()),
        "s3" => Ok(Settings::s3()),
        other => Err(Error::new(
            ErrorCode::InvalidOption,
            format!("unknown settings preset {other:?}"),
        )),
    }
}

#[wasm_bindgen]
impl Schemes {
    /// Signs with an `Authorization` header at `time` (SigV4a when `v4a`).
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = awsSign)]
    pub fn aws_sign(
        &self,
        request: JsValue,
        creds: JsValue,
        region: &str,
        service: &str,
        settings: JsValue,
        time: JsValue,
        v4a: bool,
        http_client: bool,
    ) -> Result<JsValue, JsValue> {
        let signer = signer(&creds, region, service, settings, v4a, http_client)?;
        let req = request_from(&request).map_err(thrown)?;
        let time = seconds("time", &time).map_err(thrown)?;
        signed_object(&signer.sign(&req, time).map_err(thrown)?, scheme_of(&request))
    }

    /// Presigns for `expires` seconds at `time` (SigV4a when `v4a`).
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = awsPresign)]
    pub fn aws_presign(
        &self,
        request: JsValue,
        creds: JsValue,
        region: &str,
        service: &str,
        settings: JsValue,
        time: JsValue,
        expires: JsValue,
        v4a: bool,
        http_client: bool,
    ) -> Result<JsValue, JsValue> {
        let signer = signer(&creds, region, service, settings, v4a, http_client)?;
        let req = request_from(&request).map_err(thrown)?;
        let time = seconds("time", &time).map_err(thrown)?;
        let expires = if expires.is_undefined() || expires.is_null() {
            canonsig::scheme::aws::DEFAULT_PRESIGN_EXPIRES
        } else {
            seconds("expires", &expires).map_err(thrown)?
        };
        signed_object(
            &signer.presign(&req, time, expires).map_err(thrown)?,
            scheme_of(&request),
        )
    }

    /// Verifies an `Authorization` header or a presigned URL at `now`; `options`:
    /// `{ region, service, settings, tolerance, allowUnsignedPayload }` (absent: core's defaults).
    #[wasm_bindgen(js_name = awsVerify)]
    pub fn aws_verify(
        &self,
        request: JsValue,
        creds: JsValue,
        options: JsValue,
        now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ring = Array::from(&creds)
            .iter()
            .map(|c| credentials_from(&c))
            .collect::<Result<Vec<_>, _>>()
            .map_err(thrown)?;
        let now = seconds("now()", &now).map_err(thrown)?;
        let known = ["region", "service", "settings", "tolerance", "allowUnsignedPayload"];
        let mut given: Vec<(String, JsValue)> = Vec::new();
        each_option(Some(options), &known, |name, v| {
            given.push((name.to_string(), v.clone()));
            Ok(())
        })
        .map_err(thrown)?;
        let mut verifier = SigV4Verifier::new(ring);
        for (name, v) in given {
            let name = name.as_str();
            verifier = match name {
                "region" if !v.is_null() => verifier.region(string(name, &v, "a string").map_err(thrown)?),
                "service" if !v.is_null() => verifier.service(string(name, &v, "a string").map_err(thrown)?),
                "settings" => verifier.settings(settings_from(v).map_err(thrown)?),
                "tolerance" => verifier.tolerance(Duration::from_secs(seconds(name, &v).map_err(thrown)?)),
                "allowUnsignedPayload" => verifier.allow_unsigned_payload(boolean(name, &v).map_err(thrown)?),
                _ => verifier,
            };
        }
        let req = request_from(&request).map_err(thrown)?;
        let ok = verifier.verify_at(&req, now).map_err(thrown)?;
        let signed_headers: Array = ok.signed_headers.iter().map(|h| JsValue::from_str(h)).collect();
        object(&[
            ("accessKeyId", ok.access_key_id.as_str().into()),
            ("region", ok.region.as_str().into()),
            ("service", ok.service.as_str().into()),
            ("amzDate", ok.amz_date.as_str().into()),
            ("time", (ok.time as f64).into()),
            ("signedHeaders", signed_headers.into()),
            ("expires", ok.expires.map_or(JsValue::NULL, |e| (e as f64).into())),
            ("canonicalRequest", ok.canonical_request.as_str().into()),
            ("stringToSign", ok.string_to_sign.as_str().into()),
        ])
    }

    /// A named settings preset (`"default"`, `"s3"`) as the `Settings` options.
    #[wasm_bindgen(js_name = awsSettings)]
    pub fn aws_settings(&self, name: &str) -> Result<JsValue, JsValue> {
        let s = preset(name).map_err(thrown)?;
        let payload = match &s.payload {
            Payload::Body => "body".to_string(),
            Payload::Unsigned => "unsigned".to_string(),
            Payload::Precomputed(v) => v.clone(),
        };
        object(&[
            ("normalizePath", s.normalize_path.into()),
            ("doubleEncodePath", s.double_encode_path.into()),
            ("payload", payload.into()),
            ("contentSha256Header", s.content_sha256_header.into()),
            ("signSessionToken", s.sign_session_token.into()),
        ])
    }

    /// The SigV4a public key derived from the credentials: `04 || X || Y` (65 bytes).
    #[wasm_bindgen(js_name = awsSigv4aPublicKey)]
    pub fn aws_sigv4a_public_key(&self, creds: JsValue) -> Result<Vec<u8>, JsValue> {
        let creds = credentials_from(&creds).map_err(thrown)?;
        creds.sigv4a_public_key().map_err(thrown)
    }

    /// What a signed request signed, recomputed without its secret.
    #[wasm_bindgen(js_name = awsSignedParts)]
    pub fn aws_signed_parts(&self, request: JsValue, settings: JsValue) -> Result<JsValue, JsValue> {
        let req = request_from(&request).map_err(thrown)?;
        let settings = settings_from(settings).map_err(thrown)?;
        parts_object(&aws::signed_parts(&req, &settings).map_err(thrown)?)
    }

    /// S3's `SignatureDoesNotMatch` document against the request that got it: core's
    /// explanation, derived fields (`causes`, `text`) included.
    #[wasm_bindgen(js_name = explainAws)]
    pub fn explain_aws(&self, document: &str, request: JsValue, settings: JsValue) -> Result<JsValue, JsValue> {
        let req = request_from(&request).map_err(thrown)?;
        let settings = settings_from(settings).map_err(thrown)?;
        let why = explain_aws(document, &req, &settings).map_err(thrown)?;
        Ok(aws_explanation_object(&why)?.into())
    }
}
