//! Messages from the JS layer (`{ method, target, scheme, headers, body }` requests and
//! `{ status, headers, trailers, body }` responses, already normalized by
//! `js/schemes_core.js`) to the core's [`Request`] and [`Response`], and back.

use canonsig::scheme::http::Message;
use canonsig::scheme::{Request, Response};
use canonsig::{Error, ErrorCode};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use super::values::{body_arg, bytes, object, pair, string_pairs};
use crate::options::describe;

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text_field(value: &JsValue, name: &str, what: &str) -> Result<String, Error> {
    field(value, name).as_string().ok_or_else(|| {
        Error::new(
            ErrorCode::MalformedRequest,
            format!(
                "the {what}'s {name} must be a string, got {}",
                describe(&field(value, name))
            ),
        )
    })
}

/// A normalized request.
pub(crate) fn request_from(value: &JsValue) -> Result<Request, Error> {
    let mut req = Request::new(
        text_field(value, "method", "request")?,
        text_field(value, "target", "request")?,
    );
    if let Some(scheme) = field(value, "scheme").as_string() {
        req = req.with_scheme(scheme);
    }
    for (name, v) in string_pairs(&field(value, "headers"), "the request's headers")? {
        req = req.header(name, v);
    }
    Ok(req.body(body_arg(&field(value, "body"), "the request's body")?))
}

/// A normalized response.
pub(crate) fn response_from(value: &JsValue) -> Result<Response, Error> {
    let status = field(value, "status")
        .as_f64()
        .filter(|s| (100.0..=999.0).contains(s) && s.fract() == 0.0)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedRequest,
                "the response's status must be an integer from 100 to 999",
            )
        })?;
    let mut res = Response::new(status as u16);
    for (name, v) in string_pairs(&field(value, "headers"), "the response's headers")? {
        res = res.header(name, v);
    }
    let trailers = field(value, "trailers");
    if !trailers.is_undefined() && !trailers.is_null() {
        for (name, v) in string_pairs(&trailers, "the response's trailers")? {
            res = res.trailer(name, v);
        }
    }
    Ok(res.body(body_arg(&field(value, "body"), "the response's body")?))
}

/// A request or a response (with the request it answers), owned for a [`Message`].
pub(crate) enum Owned {
    Request(Request),
    Response(Response, Option<Request>),
}

impl Owned {
    /// `message` is a response when it has a `status`; `related` (a request or
    /// `null`) is the request a response answers.
    pub(crate) fn from_js(message: &JsValue, related: &JsValue) -> Result<Owned, Error> {
        let related = if related.is_null() || related.is_undefined() {
            None
        } else {
            Some(request_from(related)?)
        };
        if field(message, "status").is_undefined() {
            return Ok(Owned::Request(request_from(message)?));
        }
        Ok(Owned::Response(response_from(message)?, related))
    }

    pub(crate) fn message(&self) -> Message<'_> {
        match self {
            Owned::Request(r) => Message::Request(r),
            Owned::Response(res, req) => Message::Response {
                response: res,
                request: req.as_ref(),
            },
        }
    }
}

/// A core request back to the JS shape.
pub(crate) fn request_to_js(req: &Request, scheme: Option<String>) -> Result<JsValue, JsValue> {
    let headers: Array = req
        .headers()
        .iter()
        .map(|h| pair(h.name.as_str(), h.value.as_str()))
        .collect();
    object(&[
        ("method", req.method().into()),
        ("target", req.target().into()),
        ("scheme", scheme.map_or(JsValue::UNDEFINED, JsValue::from)),
        ("headers", headers.into()),
        ("body", bytes(req.body_bytes())),
    ])
}

/// The `scheme` field of a normalized request, to carry it through a core call.
pub(crate) fn scheme_of(value: &JsValue) -> Option<String> {
    field(value, "scheme").as_string()
}
