//! RFC 9421 HTTP Message Signatures, RFC 9530 `Content-Digest`, and a canonsig profile
//! for JSON APIs on top of them.
//!
//! - [`signature_base`] builds the exact bytes a signature covers, from a [`Message`]
//!   and a [`SignatureInput`] (covered components + parameters in the signer's order).
//! - [`sign`] produces the `Signature-Input` and `Signature` members for one label
//!   (call it again for more labels); [`HttpVerifier`] picks a label, rebuilds the base and
//!   checks it under a policy (key by `keyid`, `alg` must match the key, time window,
//!   required components). A mismatch error carries the base it rebuilt
//!   ([`Error::signed_bytes`](crate::Error::signed_bytes)) for the diff tool.
//! - [`content_digest`] / [`verify_content_digest`] / [`want_content_digest`] cover the body.
//! - [`JsonApiProfile`] signs `content-digest` over the sent body and, when the body no
//!   longer matches, says whether it was re-serialized JSON.
//!
//! ```
//! use canonsig::scheme::http::{signature_base, sign, HttpVerifier, Message, SignatureInput};
//! use canonsig::scheme::Request;
//! use canonsig::sign::{Algorithm, Key};
//!
//! let key = Key::generate(Algorithm::Ed25519)?.with_key_id("k");
//! let mut req = Request::new("POST", "/foo?a=1").header("Host", "example.com").body(b"{}".to_vec());
//! let input = SignatureInput::new(["@method", "@authority", "@path", "@query"]).created(1_700_000_000).keyid("k");
//! let signed = sign(Message::Request(&req), "sig1", &input, &key)?;
//! assert_eq!(signed.signature_base, signature_base(Message::Request(&req), &input)?);
//! signed.add_to_request(&mut req);
//! HttpVerifier::new(vec![key]).clock(|| 1_700_000_000).verify(Message::Request(&req), Some("sig1"))?;
//! # Ok::<(), canonsig::Error>(())
//! ```

mod base;
mod component;
mod digest;
mod headers;
mod json_profile;
mod sign;
mod signer;
mod verify;

pub use base::{signature_base, SignatureInput};
pub use component::ComponentId;
pub use digest::{
    content_digest, parse_want_content_digest, preferred_digest, verify_content_digest, verify_message_digest,
    want_content_digest, DigestAlgorithm,
};
pub use headers::{parse_accept_signature, parse_signature, parse_signature_input, signature_inputs};
pub use json_profile::JsonApiProfile;
pub use sign::{accept_signature, sign, Signed};
pub use signer::{
    default_components, AlgParam, Covered, Created, DigestPolicy, Expires, HttpSigner, KeyIdParam, Nonce, Params,
};
pub use verify::{HttpVerifier, VerifiedSignature};

use super::request::Header;
use super::{Request, Response};

/// The message a signature is over: a request, or a response with (optionally) the
/// request that triggered it, which `;req` components read from.
#[derive(Clone, Copy, Debug)]
pub enum Message<'a> {
    /// A request.
    Request(&'a Request),
    /// A response and its related request.
    Response {
        /// The response.
        response: &'a Response,
        /// The request it answers (needed for `;req` components).
        request: Option<&'a Request>,
    },
}

impl<'a> Message<'a> {
    /// A response without a related request.
    pub fn response(response: &'a Response) -> Self {
        Message::Response {
            response,
            request: None,
        }
    }

    /// A response with the request it answers.
    pub fn response_to(response: &'a Response, request: &'a Request) -> Self {
        Message::Response {
            response,
            request: Some(request),
        }
    }

    /// The header lines.
    pub fn headers(&self) -> &'a [Header] {
        match self {
            Message::Request(r) => r.headers(),
            Message::Response { response, .. } => response.headers(),
        }
    }

    /// The body bytes.
    pub fn body(&self) -> &'a [u8] {
        match self {
            Message::Request(r) => r.body_bytes(),
            Message::Response { response, .. } => response.body_bytes(),
        }
    }
}

impl<'a> From<&'a Request> for Message<'a> {
    fn from(request: &'a Request) -> Self {
        Message::Request(request)
    }
}

impl<'a> From<&'a Response> for Message<'a> {
    fn from(response: &'a Response) -> Self {
        Message::response(response)
    }
}
