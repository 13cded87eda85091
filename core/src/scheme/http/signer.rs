//! The RFC 9421 signer every frontend uses: which components are covered by default,
//! the `Content-Digest` over the body, and the signature parameters (`created`, `keyid`,
//! `alg`, `expires`, `nonce`, `tag`) with their defaults, decided once.
//!
//! Frontends pass option values (a list of component names, integers, strings); this
//! module builds every byte of `Signature-Input`, `Signature` and `Content-Digest`.

use super::base::SignatureInput;
use super::component::ComponentId;
use super::digest::{content_digest, DigestAlgorithm};
use super::sign::{sign, Signed};
use super::Message;
use crate::canon::{check_canonical, Options};
use crate::error::{Error, ErrorCode};
use crate::scheme::request::Header;
use crate::scheme::{Request, Response};
use crate::sign::Key;
use crate::time::{Now, SystemClock};

/// What a signature covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Covered {
    /// The default rule ([`default_components`]).
    #[default]
    Default,
    /// Exactly these components (plus `content-digest` when the signer adds a digest).
    Components(Vec<ComponentId>),
    /// A requested signature input (an `Accept-Signature` member to answer): its components,
    /// and its parameters kept in its order; the signer's parameters it lacks are appended.
    Input(SignatureInput),
}

impl Covered {
    /// Components written the way people write them (see [`ComponentId::parse_loose`]).
    pub fn parse<S: AsRef<str>>(components: &[S]) -> Result<Self, Error> {
        let ids = components
            .iter()
            .map(|c| ComponentId::parse_loose(c.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Covered::Components(ids))
    }
}

/// The `created` parameter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Created {
    /// The signing time (the default).
    #[default]
    Now,
    /// This Unix time.
    At(i64),
    /// No `created` parameter.
    Omit,
}

/// The `expires` parameter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Expires {
    /// No `expires` parameter (the default).
    #[default]
    Omit,
    /// This Unix time.
    At(i64),
    /// This many seconds after `created` (after the signing time when `created` is omitted).
    After(u64),
}

/// The `nonce` parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Nonce {
    /// No `nonce` (the default).
    #[default]
    Omit,
    /// This value.
    Value(String),
    /// 16 random bytes from the system's secure generator, base64url without padding.
    Random,
}

/// The `keyid` parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KeyIdParam {
    /// The key's id, when it has one (the default).
    #[default]
    FromKey,
    /// This value.
    Value(String),
    /// No `keyid`.
    Omit,
}

/// The `alg` parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AlgParam {
    /// No `alg` (the default: the verifier takes the algorithm from its key).
    #[default]
    Omit,
    /// The key's algorithm name.
    FromKey,
    /// This name, which must be the key's algorithm (`algorithm_mismatch` otherwise).
    Named(String),
}

/// Whether the signer adds a `Content-Digest` (RFC 9530) over the body and covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestPolicy {
    /// No digest is added (an existing `Content-Digest` is still covered by the default rule).
    Off,
    /// When the body is not empty (the default, with sha-256).
    WhenBody(DigestAlgorithm),
    /// Always, even over an empty body (the JSON API profile).
    Always(DigestAlgorithm),
}

impl Default for DigestPolicy {
    fn default() -> Self {
        DigestPolicy::WhenBody(DigestAlgorithm::default())
    }
}

/// Signature parameters as plain values, in the order they are written: `created`,
/// `keyid`, `alg`, `expires`, `nonce`, `tag` (the order of RFC 9421's examples).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// `created` (Unix seconds).
    pub created: Option<i64>,
    /// `keyid`.
    pub keyid: Option<String>,
    /// `alg`.
    pub alg: Option<String>,
    /// `expires` (Unix seconds).
    pub expires: Option<i64>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `tag`.
    pub tag: Option<String>,
}

impl SignatureInput {
    /// Covers `covered` ([`Covered::Default`] is resolved against `message`) and appends
    /// each parameter of `params` the input does not have yet, in [`Params`]' order.
    pub fn build(message: Message<'_>, covered: &Covered, params: &Params) -> Self {
        let input = match covered {
            Covered::Default => SignatureInput {
                components: default_components(message),
                ..SignatureInput::default()
            },
            Covered::Components(ids) => SignatureInput {
                components: ids.clone(),
                ..SignatureInput::default()
            },
            Covered::Input(input) => input.clone(),
        };
        input.with_params(params)
    }

    /// Appends each parameter of `params` this input does not have yet, in [`Params`]' order.
    pub fn with_params(mut self, params: &Params) -> Self {
        let has = |input: &SignatureInput, key: &str| input.params.get(key).is_some();
        if let Some(created) = params.created.filter(|_| !has(&self, "created")) {
            self = self.created(created);
        }
        if let Some(keyid) = params.keyid.as_deref().filter(|_| !has(&self, "keyid")) {
            self = self.keyid(keyid);
        }
        if let Some(alg) = params.alg.as_deref().filter(|_| !has(&self, "alg")) {
            self = self.alg(alg);
        }
        if let Some(expires) = params.expires.filter(|_| !has(&self, "expires")) {
            self = self.expires(expires);
        }
        if let Some(nonce) = params.nonce.as_deref().filter(|_| !has(&self, "nonce")) {
            self = self.nonce(nonce);
        }
        if let Some(tag) = params.tag.as_deref().filter(|_| !has(&self, "tag")) {
            self = self.tag(tag);
        }
        self
    }
}

/// The components a signature covers when the caller names none:
/// - a request: `@method`, `@authority`, `@path` and `@query` (covered even without a
///   query, whose value is then `?`, so that a query cannot be added);
/// - a response: `@status`;
/// - then `content-type` and `content-digest` when the message has those fields.
///
/// ```
/// use canonsig::scheme::http::{default_components, Message};
/// use canonsig::scheme::Request;
/// let req = Request::new("POST", "/orders").header("Host", "api.example").header("Content-Type", "application/json");
/// let names: Vec<String> = default_components(Message::Request(&req)).iter().map(|c| c.to_string()).collect();
/// assert_eq!(names, [r#""@method""#, r#""@authority""#, r#""@path""#, r#""@query""#, r#""content-type""#]);
/// ```
pub fn default_components(message: Message<'_>) -> Vec<ComponentId> {
    let mut names: Vec<&str> = match message {
        Message::Request(_) => vec!["@method", "@authority", "@path", "@query"],
        Message::Response { .. } => vec!["@status"],
    };
    for field in ["content-type", "content-digest"] {
        if message.headers().iter().any(|h| h.name.eq_ignore_ascii_case(field)) {
            names.push(field);
        }
    }
    names.into_iter().map(ComponentId::new).collect()
}

/// Signs HTTP messages with RFC 9421: the one configuration every frontend and adapter
/// uses, with the defaults decided here.
///
/// Defaults: label `sig1`; the components of [`default_components`]; a sha-256
/// `Content-Digest` over a non-empty body, added (replacing any) and covered; `created`
/// = the signing time; `keyid` = the key's id when it has one; no `alg`, `expires`,
/// `nonce` or `tag`.
///
/// ```
/// use canonsig::scheme::http::{HttpSigner, HttpVerifier, Message, Nonce};
/// use canonsig::scheme::Request;
/// use canonsig::sign::{Algorithm, Key};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!")?.with_key_id("k1");
/// let mut req = Request::new("POST", "/orders?id=7").header("Host", "api.example.com").body(b"{}".to_vec());
/// let signed = HttpSigner::new().sign_request_at(&mut req, &key, 1_700_000_000)?;
/// assert_eq!(
///     signed.signature_input,
///     r#"sig1=("@method" "@authority" "@path" "@query" "content-digest");created=1700000000;keyid="k1""#
/// );
/// assert_eq!(req.header_values("content-digest").next(), Some("sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:"));
/// HttpVerifier::new(vec![key]).verify_at(Message::Request(&req), None, 1_700_000_000)?;
/// # Ok::<(), canonsig::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpSigner {
    label: String,
    covered: Covered,
    digest: DigestPolicy,
    created: Created,
    expires: Expires,
    nonce: Nonce,
    keyid: KeyIdParam,
    alg: AlgParam,
    tag: Option<String>,
    require_canonical_body: bool,
}

impl Default for HttpSigner {
    fn default() -> Self {
        HttpSigner::new()
    }
}

impl HttpSigner {
    /// A signer with the defaults above.
    pub fn new() -> Self {
        HttpSigner {
            label: "sig1".to_string(),
            covered: Covered::Default,
            digest: DigestPolicy::default(),
            created: Created::Now,
            expires: Expires::Omit,
            nonce: Nonce::Omit,
            keyid: KeyIdParam::FromKey,
            alg: AlgParam::Omit,
            tag: None,
            require_canonical_body: false,
        }
    }

    /// The signature's label in `Signature-Input` and `Signature`.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// What the signature covers.
    pub fn covered(mut self, covered: Covered) -> Self {
        self.covered = covered;
        self
    }

    /// Covers these components, written as people write them ([`ComponentId::parse_loose`]).
    pub fn components<S: AsRef<str>>(self, components: &[S]) -> Result<Self, Error> {
        Ok(self.covered(Covered::parse(components)?))
    }

    /// Whether to add and cover a `Content-Digest`.
    pub fn content_digest(mut self, policy: DigestPolicy) -> Self {
        self.digest = policy;
        self
    }

    /// The `created` parameter.
    pub fn created(mut self, created: Created) -> Self {
        self.created = created;
        self
    }

    /// The `expires` parameter.
    pub fn expires(mut self, expires: Expires) -> Self {
        self.expires = expires;
        self
    }

    /// The `nonce` parameter.
    pub fn nonce(mut self, nonce: Nonce) -> Self {
        self.nonce = nonce;
        self
    }

    /// The `keyid` parameter.
    pub fn keyid(mut self, keyid: KeyIdParam) -> Self {
        self.keyid = keyid;
        self
    }

    /// The `alg` parameter.
    pub fn alg(mut self, alg: AlgParam) -> Self {
        self.alg = alg;
        self
    }

    /// The `tag` parameter (the application the signature is for).
    pub fn tag(mut self, tag: Option<String>) -> Self {
        self.tag = tag;
        self
    }

    /// Refuse to sign a body that is not RFC 8785 canonical JSON (the JSON API profile's
    /// `require_canonical_body`).
    pub fn require_canonical_body(mut self, required: bool) -> Self {
        self.require_canonical_body = required;
        self
    }

    /// The label.
    pub fn label_name(&self) -> &str {
        &self.label
    }

    /// Signs `message` at the system clock's time (`invalid_option` where there is none:
    /// use [`HttpSigner::sign_at`]).
    pub fn sign(&self, message: Message<'_>, key: &Key) -> Result<Signed, Error> {
        self.sign_at(message, key, Now::Clock(&SystemClock).get()?)
    }

    /// Signs `message` with `key` at `now` (Unix seconds): the digest, the parameters, the
    /// signature. The message is not changed: [`Signed::headers`] are the field lines to
    /// add ([`Signed::add_to_request`] does it).
    pub fn sign_at(&self, message: Message<'_>, key: &Key, now: u64) -> Result<Signed, Error> {
        if self.require_canonical_body {
            require_canonical(message.body())?;
        }
        let digest = self.digest_value(message.body());
        let Some(value) = digest else {
            let input = self.input(message, key, now)?;
            return sign(message, &self.label, &input, key);
        };
        // The signature base reads the new Content-Digest: sign a copy that carries it.
        let line = Header {
            name: "Content-Digest".into(),
            value,
        };
        let mut signed = match message {
            Message::Request(request) => {
                let mut copy = request.clone();
                replace_digest(copy.headers_mut(), line.clone());
                let message = Message::Request(&copy);
                let input = self.input(message, key, now)?;
                sign(message, &self.label, &input, key)?
            }
            Message::Response { response, request } => {
                let mut copy = response.clone();
                replace_digest(copy.headers_mut(), line.clone());
                let message = Message::Response {
                    response: &copy,
                    request,
                };
                let input = self.input(message, key, now)?;
                sign(message, &self.label, &input, key)?
            }
        };
        signed.headers.insert(0, line);
        Ok(signed)
    }

    /// Signs `request` at `now` and adds the field lines (replacing any `Content-Digest`).
    pub fn sign_request_at(&self, request: &mut Request, key: &Key, now: u64) -> Result<Signed, Error> {
        let signed = self.sign_at(Message::Request(request), key, now)?;
        signed.add_to_request(request);
        Ok(signed)
    }

    /// Signs `response` (answering `related`, for `;req` components) at `now` and adds the
    /// field lines.
    pub fn sign_response_at(
        &self,
        response: &mut Response,
        related: Option<&Request>,
        key: &Key,
        now: u64,
    ) -> Result<Signed, Error> {
        let message = Message::Response {
            response,
            request: related,
        };
        let signed = self.sign_at(message, key, now)?;
        signed.add_to_response(response);
        Ok(signed)
    }

    /// The `Content-Digest` value this signer adds to a message with `body`, if any.
    fn digest_value(&self, body: &[u8]) -> Option<String> {
        match self.digest {
            DigestPolicy::Off => None,
            DigestPolicy::WhenBody(_) if body.is_empty() => None,
            DigestPolicy::WhenBody(alg) | DigestPolicy::Always(alg) => Some(content_digest(body, &[alg])),
        }
    }

    /// The covered components and parameters for `message` (after the digest step).
    fn input(&self, message: Message<'_>, key: &Key, now: u64) -> Result<SignatureInput, Error> {
        let params = self.params(key, now)?;
        let mut input = SignatureInput::build(message, &self.covered, &params);
        if self.digest_value(message.body()).is_some() {
            let covered = ComponentId::new("content-digest");
            if !input.components.contains(&covered) {
                input.components.push(covered);
            }
        }
        Ok(input)
    }

    /// The parameter values at `now` for `key`.
    pub fn params(&self, key: &Key, now: u64) -> Result<Params, Error> {
        let now = i64::try_from(now).map_err(|_| Error::new(ErrorCode::InvalidOption, "now is out of range"))?;
        let created = match self.created {
            Created::Now => Some(now),
            Created::At(t) => Some(t),
            Created::Omit => None,
        };
        let expires = match self.expires {
            Expires::Omit => None,
            Expires::At(t) => Some(t),
            Expires::After(secs) => {
                let secs = i64::try_from(secs).unwrap_or(i64::MAX);
                Some(created.unwrap_or(now).saturating_add(secs))
            }
        };
        let nonce = match &self.nonce {
            Nonce::Omit => None,
            Nonce::Value(v) => Some(v.clone()),
            Nonce::Random => Some(random_nonce()?),
        };
        let keyid = match &self.keyid {
            KeyIdParam::FromKey => Some(key.key_id().to_string()).filter(|id| !id.is_empty()),
            KeyIdParam::Value(v) => Some(v.clone()),
            KeyIdParam::Omit => None,
        };
        let alg = match &self.alg {
            AlgParam::Omit => None,
            AlgParam::FromKey => Some(key.algorithm().name().to_string()),
            AlgParam::Named(name) => Some(name.clone()),
        };
        Ok(Params {
            created,
            keyid,
            alg,
            expires,
            nonce,
            tag: self.tag.clone(),
        })
    }
}

/// Removes every `Content-Digest` line and appends `line`.
fn replace_digest(headers: &mut Vec<Header>, line: Header) {
    headers.retain(|h| !h.name.eq_ignore_ascii_case("content-digest"));
    headers.push(line);
}

/// 16 bytes from the system's secure generator, base64url without padding.
fn random_nonce() -> Result<String, Error> {
    use base64::Engine;
    let bytes: [u8; 16] = ring::rand::generate(&ring::rand::SystemRandom::new())
        .map_err(|_| Error::new(ErrorCode::InvalidOption, "the system random generator failed"))?
        .expose();
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The JSON API profile's rule for a body: RFC 8785 canonical JSON.
pub(crate) fn require_canonical(body: &[u8]) -> Result<(), Error> {
    match check_canonical(body, &Options::default())? {
        None => Ok(()),
        Some(d) => Err(Error::new(
            ErrorCode::MalformedRequest,
            format!(
                "the body is not in RFC 8785 canonical form (first difference at byte {}, line {}, column {}); this profile requires it: send canonsig::canonicalize(body)",
                d.offset, d.line, d.column
            ),
        )
        .at(d.offset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::Algorithm;

    fn key() -> Key {
        match Key::hmac(Algorithm::HmacSha256, b"a 32-byte secret shared by both!") {
            Ok(k) => k.with_key_id("k1"),
            Err(e) => panic!("{e}"),
        }
    }

    fn input_of(signer: &HttpSigner, req: &Request) -> String {
        signer
            .sign_at(Message::Request(req), &key(), 100)
            .map(|s| s.signature_input)
            .unwrap_or_else(|e| format!("error {}", e.code()))
    }

    #[test]
    fn defaults_cover_query_and_present_fields() {
        let get = Request::new("GET", "/a").header("Host", "h");
        assert_eq!(
            input_of(&HttpSigner::new(), &get),
            r#"sig1=("@method" "@authority" "@path" "@query");created=100;keyid="k1""#
        );
        let post = get.clone().header("Content-Type", "text/plain").body(b"x".to_vec());
        assert_eq!(
            input_of(&HttpSigner::new(), &post),
            r#"sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest");created=100;keyid="k1""#
        );
    }

    #[test]
    fn parameters_follow_one_order_and_answer_a_request() {
        let req = Request::new("GET", "/a").header("Host", "h");
        let signer = HttpSigner::new()
            .components(&["@method"])
            .unwrap_or_default()
            .tag(Some("app".into()))
            .nonce(Nonce::Value("n".into()))
            .expires(Expires::After(30))
            .alg(AlgParam::FromKey);
        assert_eq!(
            input_of(&signer, &req),
            r#"sig1=("@method");created=100;keyid="k1";alg="hmac-sha256";expires=130;nonce="n";tag="app""#
        );
        let asked = SignatureInput::parse(r#"("@path");nonce="x";created=5"#).unwrap_or_default();
        let answer = HttpSigner::new().covered(Covered::Input(asked));
        assert_eq!(
            input_of(&answer, &req),
            r#"sig1=("@path");nonce="x";created=5;keyid="k1""#
        );
    }

    #[test]
    fn a_digest_replaces_and_is_covered() {
        let mut req = Request::new("PUT", "/a")
            .header("Host", "h")
            .header("Content-Digest", "sha-256=:AAAA:")
            .body(b"{}".to_vec());
        let signed = HttpSigner::new()
            .components(&["@method"])
            .and_then(|s| s.sign_request_at(&mut req, &key(), 100));
        let names: Vec<&str> = req.headers().iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["Host", "Content-Digest", "Signature-Input", "Signature"]);
        assert_eq!(
            signed.map(|s| s.signature_input).unwrap_or_default(),
            r#"sig1=("@method" "content-digest");created=100;keyid="k1""#
        );
        let off = HttpSigner::new()
            .content_digest(DigestPolicy::Off)
            .components(&["@method"]);
        let plain = Request::new("PUT", "/a").header("Host", "h").body(b"{}".to_vec());
        assert_eq!(
            input_of(&off.unwrap_or_default(), &plain),
            r#"sig1=("@method");created=100;keyid="k1""#
        );
    }

    #[test]
    fn refusals() {
        let req = Request::new("GET", "/a").header("Host", "h");
        let named = HttpSigner::new().alg(AlgParam::Named("ed25519".into()));
        assert_eq!(input_of(&named, &req), "error algorithm_mismatch");
        assert_eq!(input_of(&HttpSigner::new().label("Sig"), &req), "error invalid_option");
        let canonical = HttpSigner::new().require_canonical_body(true);
        assert_eq!(
            input_of(&canonical, &req.clone().body(b"{ }".to_vec())),
            "error malformed_request"
        );
    }

    #[test]
    fn random_nonces_are_distinct_base64url() {
        let (a, b) = (random_nonce().unwrap_or_default(), random_nonce().unwrap_or_default());
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }
}
