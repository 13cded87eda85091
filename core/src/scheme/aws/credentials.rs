//! AWS credentials: the secret access key and session token never appear in `Debug`.

use std::fmt;

use crate::sign::secret::Secret;

/// An access key id with its secret access key, and the session token of temporary
/// (STS) credentials.
///
/// `Debug` shows the access key id only (it is sent in clear in every request); the
/// secret and the token are redacted, and the secret is wiped from memory on drop.
///
/// ```
/// use canonsig::scheme::aws::Credentials;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").with_session_token("FQoGZXIvYXdzEXAMPLE");
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AKIDEXAMPLE") && !shown.contains("wJalr") && !shown.contains("FQoGZXIv"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl AsRef<[u8]>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: Secret::new(secret_access_key.as_ref().to_vec()),
            session_token: None,
        }
    }

    /// Adds the session token of temporary credentials (sent as `X-Amz-Security-Token`).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Secret::new(token.into().into_bytes()));
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The session token, if any (it was given as a `String`, so it is UTF-8).
    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_token
            .as_ref()
            .map(|t| std::str::from_utf8(t.expose()).unwrap_or_default())
    }

    /// The SigV4a public key derived from these credentials, uncompressed SEC1
    /// (`04 || X || Y`, 65 bytes): what a SigV4a verifier checks signatures with.
    ///
    /// ```
    /// use canonsig::scheme::aws::Credentials;
    /// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    /// let public = creds.sigv4a_public_key()?;
    /// // X of the AWS signing test suite's v4a public-key.json:
    /// assert_eq!(public[..5], [0x04, 0xb6, 0x61, 0x8f, 0x6a]);
    /// # Ok::<(), canonsig::Error>(())
    /// ```
    pub fn sigv4a_public_key(&self) -> Result<Vec<u8>, crate::Error> {
        Ok(super::v4a::V4aKey::derive(&self.access_key_id, self.secret())?.public_key())
    }

    pub(crate) fn secret(&self) -> &[u8] {
        self.secret_access_key.expose()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[REDACTED]")
            .field("session_token", &self.session_token.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}
