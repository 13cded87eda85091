//! Standard request-signing schemes (AWS SigV4, RFC 9421 HTTP Message Signatures,
//! webhook HMAC headers) over one plain [`Request`] type.
//!
//! Every scheme exposes the exact string it signs (the canonical request and string
//! to sign, the signature base, the webhook payload), so a failure can be handed to
//! the diff tool instead of ending at "invalid signature".

pub mod aws;
mod host;
pub mod http;
#[cfg(feature = "http")]
mod http_compat;
mod http_file;
mod request;
mod response;
pub mod sfv;
pub mod webhook;

pub use request::{Header, Request};
pub use response::Response;
