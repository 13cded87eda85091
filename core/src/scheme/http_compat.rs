//! Conversions from the `http` crate (feature `http`).

use super::{Request, Response};
use crate::error::{Error, ErrorCode};

fn header_text(name: &http::HeaderName, value: &http::HeaderValue) -> Result<String, Error> {
    std::str::from_utf8(value.as_bytes()).map(str::to_string).map_err(|_| {
        Error::new(
            ErrorCode::MalformedRequest,
            format!(
                "header {:?} is not valid UTF-8; canonsig signs header text",
                name.as_str()
            ),
        )
    })
}

/// The request as an HTTP/1.1 client sends it: origin-form target (`/path?query`), the
/// URI's scheme, header lines in order, and a `Host` line from the URI's authority when
/// the request has none (as HTTP/1.1 clients add it). `http::HeaderMap` keeps the order
/// of lines with the same name (all RFC 9421 needs) but groups names together.
///
/// ```
/// let req = http::Request::post("https://example.com/foo?a=1")
///     .header("content-type", "application/json")
///     .body(b"{}".to_vec())
///     .unwrap();
/// let plain = canonsig::scheme::Request::try_from(&req)?;
/// assert_eq!((plain.target(), plain.scheme(), plain.authority()?), ("/foo?a=1", "https", "example.com"));
/// # Ok::<(), canonsig::Error>(())
/// ```
impl<B: AsRef<[u8]>> TryFrom<&http::Request<B>> for Request {
    type Error = Error;

    fn try_from(req: &http::Request<B>) -> Result<Self, Error> {
        let uri = req.uri();
        let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let mut out = Request::new(req.method().as_str(), target).body(req.body().as_ref().to_vec());
        if let Some(scheme) = uri.scheme_str() {
            out = out.with_scheme(scheme);
        }
        if !req.headers().contains_key(http::header::HOST) {
            if let Some(authority) = uri.authority() {
                out = out.header("Host", authority.as_str());
            }
        }
        for (name, value) in req.headers() {
            out = out.header(name.as_str(), header_text(name, value)?);
        }
        Ok(out)
    }
}

/// The response: status, header lines in order, body bytes.
impl<B: AsRef<[u8]>> TryFrom<&http::Response<B>> for Response {
    type Error = Error;

    fn try_from(res: &http::Response<B>) -> Result<Self, Error> {
        let mut out = Response::new(res.status().as_u16()).body(res.body().as_ref().to_vec());
        for (name, value) in res.headers() {
            out = out.header(name.as_str(), header_text(name, value)?);
        }
        Ok(out)
    }
}
