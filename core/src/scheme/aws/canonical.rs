//! The pieces of the SigV4 canonical request: URI, query, headers, payload line.

use ring::digest;

use super::encode::{normalize_path, percent_decode, uri_encode};
use super::Settings;
use crate::scheme::host::normalize_authority;
use crate::scheme::Request;
use crate::sign::encoding::hex_encode;
use crate::{Error, ErrorCode};

/// The payload line for an unsigned body (S3, presigned URLs).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers never signed (botocore 1.44's list plus `authorization`): hop-by-hop and tracing
/// headers that proxies and clients add, drop or rewrite.
pub(crate) const UNSIGNABLE_HEADERS: [&str; 15] = [
    "authorization",
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// The canonical URI: the path as sent, normalized unless S3, then percent-encoded again
/// (double encoding) or decoded and encoded once (S3).
pub(crate) fn canonical_uri(path: &str, settings: &Settings) -> String {
    let path = if settings.normalize_path {
        normalize_path(path)
    } else {
        path.to_string()
    };
    if settings.double_encode_path {
        uri_encode(path.as_bytes(), true)
    } else {
        uri_encode(&percent_decode(&path), true)
    }
}

/// The raw query split into decoded `(name, value)` pairs (empty parts skipped).
pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(Vec<u8>, Vec<u8>)> {
    raw.unwrap_or("")
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// Encodes each pair with the SigV4 rules, sorts by name then value (byte order), joins with `&`.
pub(crate) fn canonical_query(pairs: &[(Vec<u8>, Vec<u8>)]) -> String {
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| (uri_encode(n, false), uri_encode(v, false)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical value of one header: every line's value with whitespace runs folded to
/// one space and trimmed, the lines joined with `,`. `host` falls back to the target's
/// authority when the request has no `Host` header.
pub(crate) fn header_value(req: &Request, name: &str) -> Result<String, Error> {
    let values: Vec<String> = req
        .header_values(name)
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if values.is_empty() {
        if name == "host" {
            return host_from_target(req);
        }
        return Err(Error::new(
            ErrorCode::MissingComponent,
            format!("the signed header {name:?} is not in the request"),
        ));
    }
    Ok(values.join(","))
}

/// The authority of an absolute-form target as HTTP clients send it in `Host` (host
/// lower-cased, IDN in its `xn--` form, default port dropped, no userinfo), which is what
/// botocore signs for a URL without a Host header.
fn host_from_target(req: &Request) -> Result<String, Error> {
    normalize_authority(req.scheme(), req.authority()?)
}

/// `(canonical headers block, signed headers list)` for lower-case `names` (sorted, unique).
pub(crate) fn canonical_headers(req: &Request, names: &[String]) -> Result<(String, String), Error> {
    let mut block = String::new();
    for name in names {
        block.push_str(name);
        block.push(':');
        block.push_str(&header_value(req, name)?);
        block.push('\n');
    }
    Ok((block, names.join(";")))
}

/// Every header name the request carries, lower-cased, minus the unsignable ones, plus `host`.
pub(crate) fn signable_header_names(req: &Request) -> Vec<String> {
    let mut names: Vec<String> = req
        .headers()
        .iter()
        .map(|h| h.name.to_ascii_lowercase())
        .filter(|n| !UNSIGNABLE_HEADERS.contains(&n.as_str()))
        .collect();
    names.push("host".to_string());
    names.sort();
    names.dedup();
    names
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex_encode(digest::digest(&digest::SHA256, bytes).as_ref())
}

/// The six lines of the canonical request, joined with `\n`.
pub(crate) fn join_canonical_request(
    method: &str,
    uri: &str,
    query: &str,
    headers_block: &str,
    signed_headers: &str,
    payload: &str,
) -> String {
    format!("{method}\n{uri}\n{query}\n{headers_block}\n{signed_headers}\n{payload}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_sorting_is_by_encoded_bytes() {
        let pairs = query_pairs(Some("b=2&a=z&a=Y&B=1&%E1%88%B4=x&flag&&c=a%20b+c"));
        assert_eq!(canonical_query(&pairs), "%E1%88%B4=x&B=1&a=Y&a=z&b=2&c=a%20b%2Bc&flag=");
    }

    #[test]
    fn host_from_an_absolute_target_drops_the_default_port() {
        let host = |target: &str| header_value(&Request::new("GET", target), "host").unwrap_or_default();
        assert_eq!(host("https://a.example:443/x"), "a.example");
        assert_eq!(host("http://a.example:80"), "a.example");
        assert_eq!(host("https://a.example:8443/"), "a.example:8443");
        assert_eq!(host("http://a.example:443/"), "a.example:443");
    }

    #[test]
    fn host_from_an_absolute_target_is_what_clients_send() {
        // botocore's _host_from_url lower-cases (urlsplit().hostname) and drops userinfo;
        // HTTP clients send an IDN host in its IDNA form.
        let host = |target: &str| header_value(&Request::new("GET", target), "host").unwrap_or_default();
        assert_eq!(host("https://Example.COM:8443/"), "example.com:8443");
        assert_eq!(host("https://user@Example.COM/"), "example.com");
        assert_eq!(host("https://[2001:DB8::1]:443/"), "[2001:db8::1]");
        assert_eq!(host("https://Bücher.example/"), "xn--bcher-kva.example");
        // A Host line is signed as sent, as botocore does.
        let with_host = Request::new("GET", "/").header("Host", "Example.COM");
        assert_eq!(header_value(&with_host, "host").unwrap_or_default(), "Example.COM");
    }

    #[test]
    fn s3_paths_are_encoded_once() {
        let s3 = Settings::s3();
        assert_eq!(canonical_uri("//my%20key//a+b", &s3), "//my%20key//a%2Bb");
        let other = Settings::default();
        assert_eq!(canonical_uri("//my%20key//a+b", &other), "/my%2520key/a%2Bb");
    }
}
