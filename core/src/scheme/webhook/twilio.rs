//! Twilio's `X-Twilio-Signature` request validation.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;

use super::{hmac_key, mismatch, WebhookVerified};
use crate::percent;
use crate::scheme::aws::canonical::sha256_hex;
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
        let query = url
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(q))
            .unwrap_or("");
        let claimed = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("bodySHA256="))
            .map(|v| String::from_utf8_lossy(&percent::decode(v.as_bytes())).into_owned())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingComponent,
                    "the URL has no bodySHA256 query parameter (Twilio adds it for non-form bodies)",
                )
            })?;
        let actual = sha256_hex(body);
        if !claimed.eq_ignore_ascii_case(&actual) {
            return Err(Error::new(
                ErrorCode::DigestMismatch,
                format!(
                    "bodySHA256 is {claimed} but the body's SHA-256 is {actual}: verify the raw body bytes as received"
                ),
            ));
        }
        self.verify::<&str, &str>(url, &[], signature)
    }
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
