//! `canonsig.Request` / `canonsig.Response` (plain Python classes in `_message.py`) to and
//! from the core's [`canonsig::scheme::Request`] and [`canonsig::scheme::Response`].
//!
//! The Python objects are read by attribute (`method`, `target`, `scheme`, `headers` as a
//! list of `(name, value)` pairs, `body` as bytes; `status` and `trailers` for a response),
//! and requests go back to Python as `(method, target, scheme, headers, body)` tuples.

use canonsig::scheme::{Request, Response};
use canonsig::Error;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::to_py_err;
use crate::text::binary;

/// `(name, value)` header lines as Python sees them.
pub(crate) type Lines = Vec<(String, String)>;

/// A request as its parts: `(method, target, scheme, headers, body)`.
pub(crate) type RequestParts<'py> = (String, String, Option<String>, Lines, Bound<'py, PyBytes>);

/// Reads a `canonsig.Request` (or any object with its attributes).
pub(crate) fn request_from(obj: &Bound<'_, PyAny>) -> PyResult<Request> {
    let method: String = obj.getattr("method")?.extract()?;
    let target: String = obj.getattr("target")?.extract()?;
    let scheme: Option<String> = obj.getattr("scheme")?.extract()?;
    let headers: Lines = obj.getattr("headers")?.extract()?;
    let body = binary(&obj.getattr("body")?, "body")?;
    let mut req = Request::new(method, target).body(body.to_vec());
    if let Some(scheme) = scheme {
        req = req.with_scheme(scheme);
    }
    for (name, value) in headers {
        req = req.header(name, value);
    }
    Ok(req)
}

/// Reads a `canonsig.Response`.
pub(crate) fn response_from(obj: &Bound<'_, PyAny>) -> PyResult<Response> {
    let status: u16 = obj.getattr("status")?.extract()?;
    let headers: Lines = obj.getattr("headers")?.extract()?;
    let trailers: Lines = obj.getattr("trailers")?.extract()?;
    let body = binary(&obj.getattr("body")?, "body")?;
    let mut res = Response::new(status).body(body.to_vec());
    for (name, value) in headers {
        res = res.header(name, value);
    }
    for (name, value) in trailers {
        res = res.trailer(name, value);
    }
    Ok(res)
}

/// A request or a response, read from Python (a response has a `status`).
pub(crate) enum Owned {
    Request(Request),
    Response(Response, Option<Request>),
}

impl Owned {
    /// `message` is a Request or a Response; `related` the request a response answers.
    pub(crate) fn extract(message: &Bound<'_, PyAny>, related: Option<&Bound<'_, PyAny>>) -> PyResult<Owned> {
        if message.hasattr("status")? {
            let related = related.map(request_from).transpose()?;
            Ok(Owned::Response(response_from(message)?, related))
        } else {
            Ok(Owned::Request(request_from(message)?))
        }
    }

    pub(crate) fn message(&self) -> canonsig::scheme::http::Message<'_> {
        use canonsig::scheme::http::Message;
        match self {
            Owned::Request(r) => Message::Request(r),
            Owned::Response(r, related) => Message::Response {
                response: r,
                request: related.as_ref(),
            },
        }
    }
}

/// The parts of a core request, for `Request._from_parts`.
pub(crate) fn request_parts<'py>(py: Python<'py>, req: &Request, scheme: Option<String>) -> RequestParts<'py> {
    (
        req.method().to_string(),
        req.target().to_string(),
        scheme,
        req.headers()
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        PyBytes::new(py, req.body_bytes()),
    )
}

/// `Request.parse(raw)`: a raw HTTP/1.x request (the `.req` format of the AWS suite).
#[pyfunction]
fn _parse_http<'py>(py: Python<'py>, raw: &Bound<'py, PyAny>) -> PyResult<RequestParts<'py>> {
    let raw = binary(raw, "raw")?;
    let req = Request::parse_http(&raw).map_err(|e| to_py_err(py, e))?;
    Ok(request_parts(py, &req, None))
}

/// `Request.url`: the absolute URL the request was sent to (core's rule).
#[pyfunction]
fn _request_url(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
    request_from(request)?.url().map_err(|e| to_py_err(py, e))
}

/// `Response.parse(raw)`: `(status, headers, body)` of a raw HTTP/1.x response.
#[pyfunction]
fn _parse_http_response<'py>(py: Python<'py>, raw: &Bound<'py, PyAny>) -> PyResult<(u16, Lines, Bound<'py, PyBytes>)> {
    let raw = binary(raw, "raw")?;
    let res = Response::parse_http(&raw).map_err(|e| to_py_err(py, e))?;
    let lines = res
        .headers()
        .iter()
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();
    Ok((res.status(), lines, PyBytes::new(py, res.body_bytes())))
}

pub(crate) fn err(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |e| to_py_err(py, e)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_parse_http, m)?)?;
    m.add_function(wrap_pyfunction!(_request_url, m)?)?;
    m.add_function(wrap_pyfunction!(_parse_http_response, m)?)?;
    Ok(())
}
