//! The verification policy: which keys, which algorithms, how much clock skew, and
//! which nonces have been seen.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::json::{signing_bytes, Signature};
use super::{Algorithm, Key};
use crate::canon::Options;
use crate::error::{Error, ErrorCode};
use crate::time::{self, Clock, Now, SystemClock};

/// Remembers nonces so that each is accepted once within its lifetime.
pub trait NonceStore: Send + Sync {
    /// Records `nonce` for `ttl`; returns `Ok(true)` when it was new, `Ok(false)` when it
    /// was already there. A store that cannot answer returns an error, and the
    /// verifier fails closed.
    fn check_and_store(&self, nonce: &str, ttl: Duration, now: u64) -> Result<bool, Error>;
}

/// A bounded in-memory nonce store: entries expire after their ttl, and when full the
/// oldest entries are evicted (a replay older than the eviction horizon is then caught by
/// the timestamp tolerance, so keep capacity above the requests expected per window).
#[derive(Debug)]
pub struct MemoryNonceStore {
    capacity: usize,
    inner: Mutex<NonceState>,
}

#[derive(Debug, Default)]
struct NonceState {
    expiry: HashMap<String, u64>,
    order: VecDeque<(u64, String)>,
}

impl MemoryNonceStore {
    /// A store holding at most `capacity` nonces.
    pub fn new(capacity: usize) -> Self {
        MemoryNonceStore {
            capacity: capacity.max(1),
            inner: Mutex::new(NonceState::default()),
        }
    }

    /// How many nonces are held now.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |s| s.expiry.len())
    }

    /// True when no nonce is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for MemoryNonceStore {
    fn default() -> Self {
        MemoryNonceStore::new(100_000)
    }
}

impl NonceStore for MemoryNonceStore {
    fn check_and_store(&self, nonce: &str, ttl: Duration, now: u64) -> Result<bool, Error> {
        let mut state = self
            .inner
            .lock()
            .map_err(|_| Error::new(ErrorCode::NonceStoreUnavailable, "the nonce store lock is poisoned"))?;
        // Drop expired entries, then the oldest ones while full. Insertion order is
        // expiry order for a fixed ttl, so both come off the front.
        while let Some((expires, _)) = state.order.front() {
            if *expires > now && state.expiry.len() < self.capacity {
                break;
            }
            let Some((expires, old)) = state.order.pop_front() else {
                break;
            };
            if state.expiry.get(&old) == Some(&expires) {
                state.expiry.remove(&old);
            }
        }
        if state.expiry.get(nonce).is_some_and(|&e| e > now) {
            return Ok(false);
        }
        let expires = now.saturating_add(ttl.as_secs().max(1));
        state.expiry.insert(nonce.to_string(), expires);
        state.order.push_back((expires, nonce.to_string()));
        Ok(true)
    }
}

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct Verified {
    /// The id of the key that verified.
    pub key_id: String,
    /// Its algorithm.
    pub algorithm: Algorithm,
    /// SHA-256 (hex) of the bytes that were verified.
    pub signed_sha256: String,
}

#[derive(Clone)]
pub(crate) struct Policy {
    pub(crate) allowed: Option<Vec<Algorithm>>,
    pub(crate) tolerance: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) nonce_store: Option<Arc<dyn NonceStore>>,
    pub(crate) require_created: bool,
    pub(crate) require_nonce: bool,
    pub(crate) canon: Options,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allowed: None,
            tolerance: Duration::from_secs(300),
            clock: Arc::new(SystemClock),
            nonce_store: None,
            require_created: false,
            require_nonce: false,
            canon: Options::default(),
        }
    }
}

/// A verification policy over a key ring. Several keys may share the ring (rotation:
/// old and new verify at once); a signature picks its key by key id. A bare signature
/// (no key id) is accepted only by a ring of one key: trying every key would let a
/// signature made for one purpose pass where another key was meant.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use canonsig::sign::{sign_json, Algorithm, Key, MemoryNonceStore, SignOptions, Verifier};
///
/// let key = Key::hmac(Algorithm::HmacSha256, b"0123456789abcdef0123456789abcdef")?.with_key_id("2026-11");
/// let verifier = Verifier::new(vec![Key::hmac(Algorithm::HmacSha256, b"0123456789abcdef0123456789abcdef")?.with_key_id("2026-11")])
///     .tolerance(Duration::from_secs(60))
///     .clock(|| 1_800_000_030)
///     .nonce_store(Arc::new(MemoryNonceStore::default()))
///     .require_nonce(true);
/// let sig = sign_json(br#"{"a":1}"#, &key, &SignOptions::default().created(1_800_000_000).nonce("n-1"))?;
/// verifier.verify_json(br#"{"a":1}"#, &sig)?;
/// assert_eq!(verifier.verify_json(br#"{"a":1}"#, &sig).unwrap_err().code().as_str(), "replayed_nonce");
/// # Ok::<(), canonsig::Error>(())
/// ```
pub struct Verifier {
    keys: Vec<Key>,
    policy: Policy,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.keys)
            .field("allowed", &self.policy.allowed)
            .field("tolerance", &self.policy.tolerance)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier over `keys` with the defaults: every algorithm of those keys, 300 s
    /// tolerance on the system clock, no nonce store.
    pub fn new(keys: Vec<Key>) -> Self {
        Verifier {
            keys,
            policy: Policy::default(),
        }
    }

    /// Accepts only these algorithms.
    pub fn allow_algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.policy.allowed = Some(algorithms.to_vec());
        self
    }

    /// How far `created` may be from now, either way (default 300 s).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.policy.tolerance = tolerance;
        self
    }

    /// Where "now" comes from.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.policy.clock = Arc::new(clock);
        self
    }

    /// Remembers nonces so that each signature is accepted once.
    pub fn nonce_store(mut self, store: Arc<dyn NonceStore>) -> Self {
        self.policy.nonce_store = Some(store);
        self
    }

    /// Refuses signatures without `created`.
    pub fn require_created(mut self, required: bool) -> Self {
        self.policy.require_created = required;
        self
    }

    /// Refuses signatures without `nonce`.
    pub fn require_nonce(mut self, required: bool) -> Self {
        self.policy.require_nonce = required;
        self
    }

    /// Canonicalization limits for payloads (the profile comes from each signature).
    pub fn canon_options(mut self, options: Options) -> Self {
        self.policy.canon = options;
        self
    }

    /// The keys in the ring.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Verifies a signed JSON payload under this policy, at the clock's time.
    pub fn verify_json(&self, payload: &[u8], signature: &Signature) -> Result<Verified, Error> {
        verify_with(
            payload,
            signature,
            self.keys.iter(),
            &self.policy,
            Now::Clock(&*self.policy.clock),
        )
    }

    /// Verifies like [`Verifier::verify_json`] at `now` (Unix seconds), whatever the clock says.
    pub fn verify_json_at(&self, payload: &[u8], signature: &Signature, now: u64) -> Result<Verified, Error> {
        verify_with(payload, signature, self.keys.iter(), &self.policy, Now::At(now))
    }

    /// Verifies like [`Verifier::verify_json`] and also returns the trace of what the
    /// verifier computed (its outcome is `ok` or the error code), to log whatever happens.
    /// The trace is `None` only when the payload could not be canonicalized at all.
    pub fn verify_json_traced(
        &self,
        payload: &[u8],
        signature: &Signature,
        include_signing_string: bool,
    ) -> (Result<Verified, Error>, Option<super::SigningTrace>) {
        self.traced(
            payload,
            signature,
            include_signing_string,
            Now::Clock(&*self.policy.clock),
        )
    }

    /// [`Verifier::verify_json_traced`] at `now` (Unix seconds).
    pub fn verify_json_traced_at(
        &self,
        payload: &[u8],
        signature: &Signature,
        include_signing_string: bool,
        now: u64,
    ) -> (Result<Verified, Error>, Option<super::SigningTrace>) {
        self.traced(payload, signature, include_signing_string, Now::At(now))
    }

    fn traced(
        &self,
        payload: &[u8],
        signature: &Signature,
        include_signing_string: bool,
        now: Now<'_>,
    ) -> (Result<Verified, Error>, Option<super::SigningTrace>) {
        let result = verify_with(payload, signature, self.keys.iter(), &self.policy, now);
        // Trace the bytes the verifier computed, which name the key's algorithm for a bare signature.
        let mut signature = std::borrow::Cow::Borrowed(signature);
        if signature.algorithm.is_none() {
            if let Ok(key) = select_key(&signature, self.keys.iter()) {
                signature.to_mut().algorithm = Some(key.algorithm());
            }
        }
        let signature = signature.as_ref();
        let at = match now {
            Now::At(t) => t,
            Now::Clock(clock) => clock.now(),
        };
        let trace = signing_bytes(payload, signature, &self.policy.canon).ok().map(|bytes| {
            let trace =
                super::SigningTrace::new(super::Operation::Verify, signature, &bytes, include_signing_string, at);
            match &result {
                Ok(_) => trace,
                Err(e) => trace.outcome(e.code().as_str()),
            }
        });
        (result, trace)
    }
}

fn select_key<'k>(signature: &Signature, keys: impl Iterator<Item = &'k Key>) -> Result<&'k Key, Error> {
    let keys: Vec<&Key> = keys.collect();
    if signature.key_id.is_empty() {
        return match keys.as_slice() {
            [only] => Ok(only),
            _ => Err(Error::new(
                ErrorCode::UnknownKeyId,
                format!(
                    "the signature names no key id and the key ring holds {} keys",
                    keys.len()
                ),
            )),
        };
    }
    keys.into_iter()
        .find(|k| k.key_id() == signature.key_id)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownKeyId,
                format!("no key with id {:?} in the key ring", signature.key_id),
            )
        })
}

pub(crate) fn verify_with<'k>(
    payload: &[u8],
    signature: &Signature,
    keys: impl Iterator<Item = &'k Key>,
    policy: &Policy,
    now: Now<'_>,
) -> Result<Verified, Error> {
    let key = select_key(signature, keys)?;
    let algorithm = key.algorithm();
    if let Some(claimed) = signature.algorithm {
        if claimed != algorithm {
            return Err(Error::new(
                ErrorCode::AlgorithmMismatch,
                format!(
                    "the signature claims {claimed}, but key {:?} is {algorithm}",
                    key.key_id()
                ),
            ));
        }
    }
    if let Some(allowed) = &policy.allowed {
        if !allowed.contains(&algorithm) {
            return Err(Error::new(
                ErrorCode::AlgorithmNotAllowed,
                format!("{algorithm} is not among the accepted algorithms"),
            ));
        }
    }
    check_time(signature, policy, now)?;
    if policy.require_nonce && signature.nonce.is_none() {
        return Err(Error::new(
            ErrorCode::MissingParameter,
            "the signature has no nonce, which this verifier requires",
        ));
    }
    // A bare signature does not say its algorithm; the key does, and the envelope names it.
    let mut signature = std::borrow::Cow::Borrowed(signature);
    if signature.algorithm.is_none() {
        signature.to_mut().algorithm = Some(algorithm);
    }
    let bytes = signing_bytes(payload, &signature, &policy.canon)?;
    let sha256 = super::encoding::hex_encode(ring::digest::digest(&ring::digest::SHA256, &bytes).as_ref());
    match key.verify(&bytes, &signature.value) {
        Ok(()) => {}
        Err(e) if e.code() == ErrorCode::SignatureMismatch => {
            return Err(Error::new(
                ErrorCode::SignatureMismatch,
                format!(
                    "the signature does not match: key {:?} ({algorithm}) computed over {} bytes with SHA-256 {sha256}; diff those bytes against the signer's",
                    key.key_id(),
                    bytes.len()
                ),
            )
            .with_signed_bytes(bytes))
        }
        Err(e) => return Err(e),
    }
    // Only a genuine signature may spend a nonce, or forgeries could burn real ones.
    if let (Some(store), Some(nonce)) = (&policy.nonce_store, &signature.nonce) {
        // The signature is valid for 2 x tolerance, both edges included: first used at
        // created - tolerance, it is still accepted at created + tolerance, one second past
        // 2 x tolerance, and its nonce must still be remembered then.
        let ttl = policy
            .tolerance
            .saturating_mul(2)
            .saturating_add(Duration::from_secs(1));
        if !store.check_and_store(&format!("{}\u{0}{nonce}", key.key_id()), ttl, now.get()?)? {
            return Err(Error::new(
                ErrorCode::ReplayedNonce,
                format!("nonce {nonce:?} was already used with key {:?}", key.key_id()),
            ));
        }
    }
    Ok(Verified {
        key_id: key.key_id().to_string(),
        algorithm,
        signed_sha256: sha256,
    })
}

fn check_time(signature: &Signature, policy: &Policy, now: Now<'_>) -> Result<(), Error> {
    let Some(created) = signature.created else {
        if policy.require_created {
            return Err(Error::new(
                ErrorCode::MissingParameter,
                "the signature has no created time, which this verifier requires",
            ));
        }
        return check_expires(signature, now);
    };
    let tolerance = policy.tolerance.as_secs();
    let at = now.get()?;
    let subject = format!("created {created}");
    time::not_ahead(&subject, i128::from(created), i128::from(at), tolerance)?;
    time::not_older(
        &subject,
        i128::from(created),
        i128::from(at),
        tolerance,
        "a replay, a delayed delivery or a skewed clock",
    )?;
    check_expires(signature, now)
}

fn check_expires(signature: &Signature, now: Now<'_>) -> Result<(), Error> {
    let Some(expires) = signature.expires else {
        return Ok(());
    };
    let now = now.get()?;
    if expires <= now {
        return Err(Error::new(
            ErrorCode::Expired,
            format!("the signature expired at {expires}, {} s ago", now - expires),
        ));
    }
    Ok(())
}
