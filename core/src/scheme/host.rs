//! The authority as it goes on the wire: what an HTTP client puts in `Host` when it takes
//! the host from a URL, and what RFC 9421's `@authority` and SigV4's `host` sign.
//!
//! The rule (RFC 3986 §6.2.2 and §6.2.3, RFC 9110 §4.2.3, as botocore, urllib3 and fetch
//! apply it): userinfo removed; the host lower-cased; a non-ASCII host in its IDNA form
//! by UTS 46 as the WHATWG URL Standard applies it (fetch, browsers, Node; the `idna`
//! crate of rust-url); an IPv6 literal kept in its brackets, lower-cased, without a zone
//! id (`%25eth0` is local to the client, which does not send it); the port written as a
//! number, and dropped when it is the scheme's default (`:443` for https, `:80` for http).
//! A trailing dot is kept (RFC 9110 §7.2, fetch, botocore, `http.client`; urllib3 strips it).

use crate::{Error, ErrorCode};

/// `authority` (`user@Host.Example:8443`, `[2001:DB8::1]`, `bücher.example`) normalized
/// for `scheme`, as described in the module documentation.
///
/// Errors (`malformed_request`): an empty host, an unclosed IPv6 literal, a port that is
/// not a number up to 65535, a non-ASCII host that UTS 46 refuses (which no client sends).
pub(crate) fn normalize_authority(scheme: &str, authority: &str) -> Result<String, Error> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, rest)| rest);
    let (host, port) = split_host_port(host_port)?;
    if host.is_empty() {
        return Err(malformed(format!("the authority {authority:?} has no host")));
    }
    let host = if host.starts_with('[') {
        without_zone(host).to_ascii_lowercase()
    } else {
        idna_host(host)?
    };
    let default = match scheme.to_ascii_lowercase().as_str() {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    };
    Ok(match port {
        Some(port) if Some(port) != default => format!("{host}:{port}"),
        _ => host,
    })
}

/// `[fe80::1%25eth0]` → `[fe80::1]` (RFC 6874 zone ids are not sent on the wire).
fn without_zone(literal: &str) -> String {
    match literal.find('%') {
        Some(at) => format!("{}]", &literal[..at]),
        None => literal.to_string(),
    }
}

/// `(host, port)`; an empty port (`host:`) counts as none (RFC 3986 §6.2.3).
fn split_host_port(text: &str) -> Result<(&str, Option<u16>), Error> {
    let (host, port) = if text.starts_with('[') {
        let end = text
            .find(']')
            .ok_or_else(|| malformed(format!("the IPv6 literal in {text:?} has no closing ]")))?;
        let rest = &text[end + 1..];
        let port = match rest {
            "" => None,
            _ => Some(
                rest.strip_prefix(':')
                    .ok_or_else(|| malformed(format!("{text:?}: expected :port after the IPv6 literal")))?,
            ),
        };
        (&text[..=end], port)
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(digits) => Some(
            digits
                .parse::<u16>()
                .ok()
                .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| malformed(format!("the port {digits:?} is not a number from 0 to 65535")))?,
        ),
    };
    Ok((host, port))
}

/// An ASCII host lower-cased; any other (or one with an `xn--` label) through UTS 46 (nontransitional, as the WHATWG
/// URL Standard's "domain to ASCII" that fetch and browsers use): its mapping (case
/// folding, compatibility forms, ignored code points, U+3002 as a dot), NFC, the IDNA
/// validity checks, Punycode.
fn idna_host(host: &str) -> Result<String, Error> {
    // An ASCII host is only lower-cased, unless a label claims to be Punycode: UTS 46 checks
    // that it decodes to a valid label (`xn--a` is U+0080), as WHATWG clients do.
    if host.is_ascii() && !host.to_ascii_lowercase().split('.').any(|l| l.starts_with("xn--")) {
        return Ok(host.to_ascii_lowercase());
    }
    idna::domain_to_ascii_cow(host.as_bytes(), idna::AsciiDenyList::URL)
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| {
            malformed(format!(
                "the host {host:?} is not a valid internationalized domain name (UTS 46): an HTTP client would refuse it"
            ))
        })
}

fn malformed(message: String) -> Error {
    Error::new(ErrorCode::MalformedRequest, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(scheme: &str, authority: &str) -> String {
        normalize_authority(scheme, authority).unwrap_or_else(|e| format!("error {}", e.code()))
    }

    #[test]
    fn authorities_as_clients_send_them() {
        assert_eq!(norm("https", "Example.COM:8443"), "example.com:8443");
        assert_eq!(norm("https", "Example.COM:443"), "example.com");
        assert_eq!(norm("HTTP", "a.example:80"), "a.example");
        assert_eq!(norm("http", "a.example:443"), "a.example:443");
        assert_eq!(norm("https", "user:pw@Host.example"), "host.example");
        assert_eq!(norm("https", "[2001:DB8::1]:8443"), "[2001:db8::1]:8443");
        assert_eq!(norm("https", "[2001:DB8::1]:443"), "[2001:db8::1]");
        assert_eq!(norm("https", "Bücher.Example"), "xn--bcher-kva.example");
        assert_eq!(norm("https", "a.example:08443"), "a.example:8443");
        assert_eq!(norm("https", "a.example:"), "a.example");
        // UTS 46 as fetch applies it (each value checked with Node's WHATWG URL):
        // case folding, compatibility forms, ignored code points, U+3002 as a dot.
        assert_eq!(norm("https", "\u{212a}.example"), "k.example");
        assert_eq!(norm("https", "b\u{fc}\u{ad}cher.example"), "xn--bcher-kva.example");
        assert_eq!(norm("https", "a\u{3002}b\u{fc}"), "a.xn--b-eha");
        assert_eq!(norm("https", "\u{13a0}.example"), "xn--58d.example");
        assert_eq!(norm("https", "\u{ff45}xample.com"), "example.com");
        assert_eq!(norm("https", "\u{391}\u{3a3}.example"), "xn--mxa0b.example");
        assert_eq!(norm("https", "[FE80::1%25eth0]:8443"), "[fe80::1]:8443");
        assert_eq!(norm("https", "example.com."), "example.com.");
        assert_eq!(norm("https", "XN--BCHER-KVA.example"), "xn--bcher-kva.example");
    }

    #[test]
    fn authorities_that_cannot_be_normalized() {
        for bad in [
            "",
            ":443",
            "[::1",
            "[::1]x",
            "a.example:99999",
            "a.example:+1",
            "a\u{200d}.example",
            "xn--a.example",
            "XN--A.example",
            "xn--a.b\u{fc}.example",
        ] {
            assert_eq!(norm("https", bad), "error malformed_request", "{bad:?}");
        }
    }
}
