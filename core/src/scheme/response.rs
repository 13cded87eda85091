//! A plain HTTP response: what RFC 9421 signs on the response side (`@status`, fields,
//! trailers), independent of any HTTP library.

use super::request::Header;

/// An HTTP response: status code, header lines in order (repeats kept), trailer lines,
/// and the exact body bytes.
///
/// ```
/// use canonsig::scheme::Response;
/// let res = Response::new(200)
///     .header("Content-Type", "application/json")
///     .body(br#"{"message": "good dog"}"#.to_vec());
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header_values("content-type").collect::<Vec<_>>(), ["application/json"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    status: u16,
    headers: Vec<Header>,
    trailers: Vec<Header>,
    body: Vec<u8>,
}

impl Response {
    /// A response with no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            trailers: Vec::new(),
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

    /// Appends a trailer line (a field sent after a chunked body).
    pub fn trailer(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.trailers.push(Header {
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

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header line, in order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// Mutable access to the header lines (to add a signature header after signing).
    pub fn headers_mut(&mut self) -> &mut Vec<Header> {
        &mut self.headers
    }

    /// Every trailer line, in order.
    pub fn trailers(&self) -> &[Header] {
        &self.trailers
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
}
