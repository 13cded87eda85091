//! Twilio's `X-Twilio-Signature` request validation.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;

use super::{header, hmac_key, mismatch, WebhookVerified};
use crate::percent;
use crate::scheme::aws::canonical::sha256_hex;
use crate::scheme::Request;
use crate::sign::secret::Secret;
use crate::{Error, ErrorCode};

const PROVIDER: &str = "twilio";

/// Twilio: `X-Twilio-Signature: <base64 HMAC-SHA1(auth token, url + params)>` where params
/// are the POST form parameters sorted by name, each written `name` + `value` (repeated
/// values sorted, duplicates once, as twilio-python does). For JSON bodies Twilio adds
/// `bodySHA256=<hex sha256(body)>` to the URL and signs the URL alone.
///
/// The URL is tried with and without its port (`:443`/`:80` added or any port removed), as
/// Twilio's own validators do, since proxies rewrite it; no timestamp is signed.
///
/// ```
/// use canonsig::scheme::webhook::Twilio;
/// // Twilio's webhook-security docs example.
/// let twilio = Twilio::new("12345")?;
/// let params = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
///               ("From", "+12349013030"), ("To", "+18005551212")];
/// let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
/// assert_eq!(twilio.sign(url, &params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
/// assert!(twilio.verify(url, &params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").is_ok());
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Twilio {
    key: Secret,
}

impl Twilio {
    /// A validator for the account's auth token.
    pub fn new(auth_token: &str) -> Result<Self, Error> {
        Ok(Twilio {
            key: super::non_empty_secret(PROVIDER, auth_token.as_bytes())?,
        })
    }

    /// `url` followed by each parameter name and value, sorted: the text the MAC covers.
    pub fn signed_payload<N: AsRef<str>, V: AsRef<str>>(url: &str, params: &[(N, V)]) -> String {
        let mut pairs: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_ref(), v.as_ref())).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut payload = url.to_string();
        for (name, value) in pairs {
            payload.push_str(name);
            payload.push_str(value);
        }
        payload
    }

    /// The `X-Twilio-Signature` value for this URL and these POST parameters.
    pub fn sign<N: AsRef<str>, V: AsRef<str>>(&self, url: &str, params: &[(N, V)]) -> String {
        let key = hmac_key(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &self.key);
        STANDARD.encode(hmac::sign(&key, Self::signed_payload(url, params).as_bytes()).as_ref())
    }

    /// Verifies the signature of a form POST from the full URL Twilio called and the
    /// decoded parameters.
    pub fn verify<N: AsRef<str>, V: AsRef<str>>(
        &self,
        url: &str,
        params: &[(N, V)],
        signature: &str,
    ) -> Result<WebhookVerified, Error> {
        let Some(mac) = STANDARD.decode(signature.trim()).ok().filter(|m| m.len() == 20) else {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                "X-Twilio-Signature is not the base64 of a 20-byte HMAC-SHA1",
            ));
        };
        let key = hmac_key(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &self.key);
        let urls = url_variants(url);
        for candidate in &urls {
            let payload = Self::signed_payload(candidate, params);
            if hmac::verify(&key, payload.as_bytes(), &mac).is_ok() {
                return Ok(WebhookVerified {
                    provider: PROVIDER,
                    signed_payload: payload.into_bytes(),
                    timestamp: None,
                    matched_signature: signature.trim().to_string(),
                });
            }
        }
        let payload = Self::signed_payload(url, params);
        Err(mismatch(
            PROVIDER,
            1,
            payload.as_bytes(),
            &format!(
                "tried the URL as {}; use the exact URL Twilio called (a proxy that changes scheme, host or port breaks it) and every POST parameter",
                urls.join(" and ")
            ),
        ))
    }

    /// Verifies a form POST from its raw `application/x-www-form-urlencoded` body.
    pub fn verify_form_body(&self, url: &str, body: &[u8], signature: &str) -> Result<WebhookVerified, Error> {
        self.verify(url, &percent::parse_form(body)?, signature)
    }

    /// Verifies a request with a non-form (JSON) body: the URL's `bodySHA256` must be the
    /// body's SHA-256, and the signature covers the URL alone.
    pub fn verify_json_body(&self, url: &str, body: &[u8], signature: &str) -> Result<WebhookVerified, Error> {
        let claimed = body_sha256_param(url).ok_or_else(|| {
            Error::new(
                ErrorCode::MissingComponent,
                "the URL has no bodySHA256 query parameter (Twilio adds it for non-form bodies)",
            )
        })?;
        check_body_sha256(&claimed, body)?;
        self.verify::<&str, &str>(url, &[], signature)
    }

    /// Verifies an incoming request the way Twilio signs it, deciding everything from the
    /// request itself:
    /// - the URL is [`Request::url`] (the fragment is never signed);
    /// - the signature is the one `X-Twilio-Signature` (`missing_component` without it,
    ///   `invalid_header` when it appears twice);
    /// - a `bodySHA256` query parameter (a parameter of that exact name, as twilio-python's
    ///   `parse_qs` reads it) means a non-form body: it must hash to that value
    ///   (`digest_mismatch`), and the URL alone is signed;
    /// - otherwise a form body (`Content-Type: application/x-www-form-urlencoded`, or a
    ///   body without a Content-Type) is parsed and its parameters are signed;
    /// - any other body must come with `bodySHA256` (`missing_component`): it would
    ///   otherwise go unsigned; an empty body signs the URL alone.
    ///
    /// ```
    /// use canonsig::scheme::webhook::Twilio;
    /// use canonsig::scheme::Request;
    /// let twilio = Twilio::new("12345")?;
    /// let req = Request::new("POST", "/myapp.php?foo=1&bar=2")
    ///     .header("Host", "mycompany.com")
    ///     .header("Content-Type", "application/x-www-form-urlencoded")
    ///     .header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    ///     .body(b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212".to_vec());
    /// assert_eq!(twilio.verify_request(&req)?.provider, "twilio");
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn verify_request(&self, request: &Request) -> Result<WebhookVerified, Error> {
        let signature = header(&request_lines(request), "X-Twilio-Signature")?.to_string();
        let (url, params) = signed_parts(request)?;
        self.verify(&url, &params, &signature)
    }

    /// The `X-Twilio-Signature` a sender puts on `request` (for tests and replays), with
    /// the parts decided as [`Twilio::verify_request`] decides them.
    pub fn sign_request(&self, request: &Request) -> Result<String, Error> {
        let (url, params) = signed_parts(request)?;
        Ok(self.sign(&url, &params))
    }

    /// The text the MAC covers for `request` (see [`Twilio::verify_request`]).
    pub fn request_payload(request: &Request) -> Result<String, Error> {
        let (url, params) = signed_parts(request)?;
        Ok(Self::signed_payload(&url, &params))
    }
}

/// What Twilio signs for a request: its URL and, for a form body, the decoded parameters;
/// a body named by `bodySHA256` is checked against it (and not signed otherwise).
fn signed_parts(request: &Request) -> Result<(String, Vec<(String, String)>), Error> {
    let url = request.url()?;
    let body = request.body_bytes();
    if let Some(claimed) = body_sha256_param(&url) {
        check_body_sha256(&claimed, body)?;
        return Ok((url, Vec::new()));
    }
    let content_type = request
        .header_values("content-type")
        .next()
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match content_type.as_deref() {
        Some("application/x-www-form-urlencoded") => Ok((url, percent::parse_form(body)?)),
        _ if body.is_empty() => Ok((url, Vec::new())),
        None => Ok((url, percent::parse_form(body)?)),
        Some(other) => Err(Error::new(
            ErrorCode::MissingComponent,
            format!(
                "the body is {other}, not a form, and the URL has no bodySHA256 query parameter, so nothing would sign the body (Twilio adds bodySHA256 for non-form bodies)"
            ),
        )),
    }
}

/// The first `bodySHA256` query parameter of `url`, form-decoded (twilio-python reads
/// the query with `parse_qs`); the fragment is not part of the query.
fn body_sha256_param(url: &str) -> Option<String> {
    let without_fragment = url.split('#').next().unwrap_or(url);
    let query = without_fragment.split_once('?')?.1;
    percent::split_pairs(query).find_map(|(name, value)| {
        (percent::decode_form_component(name.as_bytes()) == b"bodySHA256")
            .then(|| String::from_utf8_lossy(&percent::decode_form_component(value.as_bytes())).into_owned())
    })
}

/// The body's lower-case hex SHA-256 must equal `claimed` (as twilio-python compares them).
fn check_body_sha256(claimed: &str, body: &[u8]) -> Result<(), Error> {
    let actual = sha256_hex(body);
    if claimed != actual {
        return Err(Error::new(
            ErrorCode::DigestMismatch,
            format!(
                "bodySHA256 is {claimed} but the body's SHA-256 is {actual}: verify the raw body bytes as received"
            ),
        ));
    }
    Ok(())
}

fn request_lines(request: &Request) -> Vec<(&str, &str)> {
    request
        .headers()
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_str()))
        .collect()
}

/// The URL with its port removed and with the scheme's default port added (twilio-python
/// `remove_port` / `add_port`), the given form first.
fn url_variants(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return out;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let host_port = &authority[host_start..];
    let port_at = host_port.rfind(':').filter(|&i| !host_port[i..].contains(']'));
    let variant = match port_at {
        Some(i) => format!("{scheme}://{}{}{tail}", &authority[..host_start], &host_port[..i]),
        None => {
            let default = match scheme.to_ascii_lowercase().as_str() {
                "https" => "443",
                "http" => "80",
                _ => return out,
            };
            format!("{scheme}://{authority}:{default}{tail}")
        }
    };
    if variant != url {
        out.push(variant);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_variants_follow_twilio_python() {
        assert_eq!(
            url_variants("https://a.com/x?y"),
            ["https://a.com/x?y", "https://a.com:443/x?y"]
        );
        assert_eq!(
            url_variants("http://u@a.com:8080"),
            ["http://u@a.com:8080", "http://u@a.com"]
        );
        assert_eq!(url_variants("ftp://a.com/"), ["ftp://a.com/"]);
    }
}
