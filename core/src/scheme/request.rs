//! A plain HTTP request: what every scheme signs, independent of any HTTP library.

use crate::{Error, ErrorCode};

/// One header line as it was sent: the name keeps its case, the value is the raw text
/// (without the line's CRLF; leading and trailing whitespace kept, schemes trim as their
/// rules say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The field name as sent (`Content-Type`); schemes compare names case-insensitively.
    pub name: String,
    /// The field value as sent.
    pub value: String,
}

/// An HTTP request as it goes over the wire: method, request target, header lines in
/// order (repeats kept), and the exact body bytes.
///
/// The target is what the request line carries: origin form (`/path?query`) or
/// absolute form (`https://host/path?query`). With origin form, the authority comes
/// from the `Host` header and the scheme from [`Request::with_scheme`] (`https` unless set).
///
/// ```
/// use canonsig::scheme::Request;
/// let req = Request::new("POST", "/foo?a=1")
///     .header("Host", "example.com")
///     .header("Content-Type", "application/json")
///     .body(br#"{"hello":"world"}"#.to_vec());
/// assert_eq!(req.header_values("content-type").collect::<Vec<_>>(), ["application/json"]);
/// assert_eq!(req.path(), "/foo");
/// assert_eq!(req.query(), Some("a=1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    method: String,
    target: String,
    scheme: Option<String>,
    headers: Vec<Header>,
    body: Vec<u8>,
}

impl Request {
    /// A request with no headers and an empty body.
    pub fn new(method: impl Into<String>, target: impl Into<String>) -> Self {
        Request {
            method: method.into(),
            target: target.into(),
            scheme: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Appends a header line (repeats are kept in order).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(Header {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// Sets the body bytes exactly as sent.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the scheme used when the target is in origin form (`http` or `https`).
    pub fn with_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = Some(scheme.into());
        self
    }

    /// The method as sent (case kept).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target as sent.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Replaces the request target (a presigner adds its query parameters this way).
    pub fn set_target(&mut self, target: impl Into<String>) {
        self.target = target.into();
    }

    /// Every header line, in order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// Mutable access to the header lines (to add a signature header after signing).
    pub fn headers_mut(&mut self) -> &mut Vec<Header> {
        &mut self.headers
    }

    /// The body bytes.
    pub fn body_bytes(&self) -> &[u8] {
        &self.body
    }

    /// The values of every header line named `name` (case-insensitive), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The scheme: from an absolute-form target, else the one set, else `https`.
    pub fn scheme(&self) -> &str {
        if let Some((scheme, _)) = self.absolute_parts() {
            return scheme;
        }
        self.scheme.as_deref().unwrap_or("https")
    }

    /// The authority: from an absolute-form target, else the (single) `Host` header.
    ///
    /// Errors with `missing_component` when there is none, and `malformed_request` when
    /// `Host` appears more than once.
    pub fn authority(&self) -> Result<&str, Error> {
        if let Some((_, rest)) = self.absolute_parts() {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            return Ok(&rest[..end]);
        }
        let mut hosts = self.header_values("host");
        match (hosts.next(), hosts.next()) {
            (Some(host), None) => Ok(host.trim()),
            (Some(_), Some(_)) => Err(Error::new(
                ErrorCode::MalformedRequest,
                "the request has more than one Host header",
            )),
            (None, _) => Err(Error::new(
                ErrorCode::MissingComponent,
                "the request has no authority: give an absolute URL or a Host header",
            )),
        }
    }

    /// The absolute URL the request was sent to (RFC 9110 §7.1): the target itself when
    /// it is in absolute form; else the scheme (lower-cased), the authority (`Host`, as
    /// sent) and the origin-form target (`*` adds nothing; a CONNECT's authority-form target
    /// is the authority). The fragment, which a client never sends, is dropped.
    ///
    /// Errors: `missing_component` without an authority, `malformed_request` for a target
    /// that is none of the HTTP forms (not `/...`, `*` or an absolute URL).
    ///
    /// ```
    /// use canonsig::scheme::Request;
    /// let req = Request::new("POST", "/hook?a=1#frag").header("Host", "api.example.com");
    /// assert_eq!(req.url()?, "https://api.example.com/hook?a=1");
    /// assert_eq!(Request::new("GET", "http://x.example/p").url()?, "http://x.example/p");
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn url(&self) -> Result<String, Error> {
        let target = &self.target[..self.target.find('#').unwrap_or(self.target.len())];
        if self.absolute_parts().is_some() {
            return Ok(target.to_string());
        }
        if self.method.eq_ignore_ascii_case("CONNECT") && !target.starts_with('/') {
            // authority-form: the target is the authority (RFC 9110 §7.1).
            return Ok(format!("{}://{target}", self.scheme().to_ascii_lowercase()));
        }
        let path = match target {
            "*" => "",
            t if t.starts_with('/') => t,
            other => {
                return Err(Error::new(
                    ErrorCode::MalformedRequest,
                    format!("the request target {other:?} is neither a path (/...), * nor an absolute URL"),
                ))
            }
        };
        let scheme = self.scheme().to_ascii_lowercase();
        Ok(format!("{scheme}://{}{path}", self.authority()?))
    }

    /// The path part of the target (`/` when empty), without the query, as sent (no decoding).
    pub fn path(&self) -> &str {
        let after_authority = match self.absolute_parts() {
            Some((_, rest)) => &rest[rest.find(['/', '?', '#']).unwrap_or(rest.len())..],
            None => self.target.as_str(),
        };
        let end = after_authority.find(['?', '#']).unwrap_or(after_authority.len());
        let path = &after_authority[..end];
        if path.is_empty() {
            "/"
        } else {
            path
        }
    }

    /// The raw query (without `?`), as sent, or `None` when the target has no `?`.
    pub fn query(&self) -> Option<&str> {
        let start = self.target.find('?')? + 1;
        let rest = &self.target[start..];
        Some(&rest[..rest.find('#').unwrap_or(rest.len())])
    }

    /// `(scheme, rest after "://")` when the target is in absolute form.
    fn absolute_parts(&self) -> Option<(&str, &str)> {
        let (scheme, rest) = self.target.split_once("://")?;
        let valid = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        valid.then_some((scheme, rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_form_takes_authority_from_host() {
        let req = Request::new("GET", "/a/b?x=1#frag").header("Host", " example.com:8080 ");
        assert_eq!(req.authority(), Ok("example.com:8080"));
        assert_eq!(req.scheme(), "https");
        assert_eq!(req.path(), "/a/b");
        assert_eq!(req.query(), Some("x=1"));
    }

    #[test]
    fn absolute_form_wins_over_host() {
        let req = Request::new("GET", "http://example.org?q").header("Host", "other");
        assert_eq!(req.authority(), Ok("example.org"));
        assert_eq!(req.scheme(), "http");
        assert_eq!(req.path(), "/");
        assert_eq!(req.query(), Some("q"));
    }

    #[test]
    fn urls_are_rebuilt_from_the_parts_sent() {
        let url = |req: Request| req.url().unwrap_or_else(|e| format!("error {}", e.code()));
        assert_eq!(
            url(Request::new("GET", "/a?b=1#f").header("Host", "Ex.com:8080")),
            "https://Ex.com:8080/a?b=1"
        );
        assert_eq!(
            url(Request::new("GET", "/").header("Host", "h").with_scheme("HTTP")),
            "http://h/"
        );
        assert_eq!(url(Request::new("OPTIONS", "*").header("Host", "h")), "https://h");
        assert_eq!(
            url(Request::new("GET", "https://A.example/x?y#z")),
            "https://A.example/x?y"
        );
        assert_eq!(url(Request::new("CONNECT", "h.example:443")), "https://h.example:443");
        assert_eq!(url(Request::new("GET", "/x")), "error missing_component");
        assert_eq!(
            url(Request::new("GET", "x").header("Host", "h")),
            "error malformed_request"
        );
    }

    #[test]
    fn missing_and_repeated_host_are_errors() {
        let none = Request::new("GET", "/");
        assert_eq!(none.authority().map_err(|e| e.code()), Err(ErrorCode::MissingComponent));
        let two = Request::new("GET", "/").header("Host", "a").header("host", "b");
        assert_eq!(two.authority().map_err(|e| e.code()), Err(ErrorCode::MalformedRequest));
    }
}
