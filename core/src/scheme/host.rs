//! The authority as it goes on the wire: what an HTTP client puts in `Host` when it takes
//! the host from a URL, and what RFC 9421's `@authority` and SigV4's `host` sign.
//!
//! The rule (RFC 3986 §6.2.2 and §6.2.3, RFC 9110 §4.2.3, as botocore, urllib3 and fetch
//! apply it): userinfo removed; the host lower-cased; an IDN label in its IDNA form
//! (lower-cased, NFC, Punycode with `xn--`, RFC 3492 / RFC 5891); an IPv6 literal kept in
//! its brackets, lower-cased; the port written as a number, and dropped when it is the
//! scheme's default (`:443` for https, `:80` for http).

use unicode_normalization::UnicodeNormalization;

use crate::{Error, ErrorCode};

/// `authority` (`user@Host.Example:8443`, `[2001:DB8::1]`, `bücher.example`) normalized
/// for `scheme`, as described in the module documentation.
///
/// Errors (`malformed_request`): an empty host, an unclosed IPv6 literal, a port that is
/// not a number up to 65535, a host label whose characters need more than lower-casing
/// and NFC to reach their IDNA form (compatibility characters such as fullwidth letters),
/// which would otherwise be signed differently from what the client sends.
pub(crate) fn normalize_authority(scheme: &str, authority: &str) -> Result<String, Error> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, rest)| rest);
    let (host, port) = split_host_port(host_port)?;
    if host.is_empty() {
        return Err(malformed(format!("the authority {authority:?} has no host")));
    }
    let host = if host.starts_with('[') {
        host.to_ascii_lowercase()
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

/// Each label lower-cased; a non-ASCII one in its `xn--` form.
fn idna_host(host: &str) -> Result<String, Error> {
    if host.is_ascii() {
        return Ok(host.to_ascii_lowercase());
    }
    let labels: Result<Vec<String>, Error> = host.split('.').map(idna_label).collect();
    Ok(labels?.join("."))
}

fn idna_label(label: &str) -> Result<String, Error> {
    if label.is_ascii() {
        return Ok(label.to_ascii_lowercase());
    }
    let mapped: String = label.to_lowercase().nfc().collect();
    let compatible: String = mapped.nfkc().collect();
    if compatible != mapped {
        return Err(malformed(format!(
            "the host label {label:?} holds compatibility characters (its NFKC form is {compatible:?}); write the host in its IDNA form (xn--...), as the HTTP client will send it"
        )));
    }
    Ok(format!("xn--{}", punycode(&mapped.chars().collect::<Vec<_>>())))
}

// RFC 3492 §5 parameters.
const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// RFC 3492 §6.3 Punycode encoding of one label (lower case in, lower case out). Host
/// labels are at most 63 octets on the wire, so the counters cannot overflow for real
/// input; longer input saturates instead of wrapping.
fn punycode(input: &[char]) -> String {
    let mut output: String = input.iter().filter(|c| c.is_ascii()).collect();
    let basic = u32::try_from(output.len()).unwrap_or(u32::MAX);
    let total = u32::try_from(input.len()).unwrap_or(u32::MAX);
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while handled < total {
        let Some(m) = input.iter().map(|&c| u32::from(c)).filter(|&c| c >= n).min() else {
            break;
        };
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in input {
            let c = u32::from(c);
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.saturating_add(1);
        n += 1;
    }
    output
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn digit(d: u32) -> char {
    // 0..=25 are a..z, 26..=35 are 0..9 (RFC 3492 §5); d < 36 by construction.
    let d = u8::try_from(d % BASE).unwrap_or(0);
    char::from(if d < 26 { b'a' + d } else { b'0' + d - 26 })
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
    fn punycode_matches_rfc_3492_samples() {
        // RFC 3492 §7.1, lower-cased: (A) Arabic, (B) simplified Chinese, (L) 3<nen>B<gumi><kinpachi><sensei>.
        let cases = [
            ("\u{644}\u{64a}\u{647}\u{645}\u{627}\u{628}\u{62a}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64a}\u{61f}", "egbpdaj6bu4bxfgehfvwxn"),
            ("\u{4ed6}\u{4eec}\u{4e3a}\u{4ec0}\u{4e48}\u{4e0d}\u{8bf4}\u{4e2d}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
            ("3\u{5e74}b\u{7d44}\u{91d1}\u{516b}\u{5148}\u{751f}", "3b-ww4c5e180e575a65lsy2b"),
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
        ];
        for (input, expected) in cases {
            assert_eq!(punycode(&input.chars().collect::<Vec<_>>()), expected, "{input}");
        }
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
            "ｅxample.com",
        ] {
            assert_eq!(norm("https", bad), "error malformed_request", "{bad:?}");
        }
    }
}
