//! `Verifier` (the verification policy over a key ring), `MemoryNonceStore`, and the
//! adapters that let a JS clock and a JS nonce store serve the core's policy.
//!
//! "Now" comes from JS: the core's system clock does not exist on wasm32, and a JS
//! function cannot live inside the core's (`Send + Sync`) policy. So the binding reads the
//! clock (`options.clock`, else `Date.now()`) once per verification, before calling the
//! core, and the core's clock returns that one value. A JS nonce store (an object with
//! `checkAndStore`) is reached the same way: the binding puts it in a thread-local for the
//! duration of the core call, and the core's store calls it from there. If it throws or
//! answers anything but a boolean, the verification fails closed
//! (`nonce_store_unavailable`), with the thrown value as the error's `cause`.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{self, Algorithm, NonceStore};
use canonsig::{Error, ErrorCode, Options};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::errors::to_js_error;
use crate::handles::handle_of;
use crate::input::payload_bytes;
use crate::keys::key_ring;
use crate::options::{self, apply_canon_option, describe, each_option, invalid};
use crate::signature::{signature_arg, trace_js, verified_js, verify_args};

thread_local! {
    /// The JS nonce store of the verification running now.
    static JS_STORE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// What that store threw, if it did.
    static STORE_FAILURE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Sets [`JS_STORE`] for one verification and restores the previous value afterwards (a
/// store may itself verify something).
struct StoreGuard(Option<JsValue>);

impl StoreGuard {
    fn set(store: Option<JsValue>) -> StoreGuard {
        StoreGuard(JS_STORE.with(|cell| cell.replace(store)))
    }
}

impl Drop for StoreGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        JS_STORE.with(|cell| *cell.borrow_mut() = previous);
    }
}

/// The core's view of a JS nonce store: `checkAndStore(nonce, ttlSeconds, now) -> boolean`
/// on the object in [`JS_STORE`].
struct JsNonceStore;

impl NonceStore for JsNonceStore {
    fn check_and_store(&self, nonce: &str, ttl: Duration, now: u64) -> Result<bool, Error> {
        let unavailable = |why: String| {
            Error::new(
                ErrorCode::NonceStoreUnavailable,
                format!("{why}; refusing the signature (fail closed)"),
            )
        };
        let store = JS_STORE
            .with(|cell| cell.borrow().clone())
            .ok_or_else(|| unavailable("no nonce store is set".into()))?;
        let method = Reflect::get(&store, &"checkAndStore".into())
            .ok()
            .and_then(|m| m.dyn_into::<Function>().ok())
            .ok_or_else(|| unavailable("the nonce store has no checkAndStore method".into()))?;
        match method.call3(&store, &nonce.into(), &ttl.as_secs_f64().into(), &(now as f64).into()) {
            Ok(answer) => answer.as_bool().ok_or_else(|| {
                unavailable(format!(
                    "checkAndStore must return a boolean synchronously, got {}",
                    describe(&answer)
                ))
            }),
            Err(thrown) => {
                STORE_FAILURE.with(|slot| *slot.borrow_mut() = Some(thrown));
                Err(unavailable("the nonce store's checkAndStore threw".into()))
            }
        }
    }
}

/// Unix seconds now, from `Date.now()`.
pub(crate) fn js_now() -> u64 {
    // Saturating float-to-int conversion; Date.now() is a non-negative integer in practice.
    (js_sys::Date::now() / 1000.0).floor() as u64
}

/// A verification policy over a key ring: which keys (several at once during a key
/// rotation; a signature selects its key by key id), which algorithms, how much clock skew
/// (`tolerance`, default 300 s), replay protection (`nonceStore`), and which parameters
/// are required. The keys are copied in (public halves of asymmetric keys), so the `Key`
/// objects stay usable and can be freed independently.
#[wasm_bindgen]
pub struct Verifier {
    inner: sign::Verifier,
    now: Arc<AtomicU64>,
    clock: Option<Function>,
    /// A JS nonce store, called through [`JsNonceStore`].
    js_store: Option<JsValue>,
    canon: Options,
    summary: Summary,
}

/// What `toJSON()` shows.
struct Summary {
    algorithms: Option<Vec<Algorithm>>,
    tolerance: f64,
    nonce_store: bool,
    require_created: bool,
    require_nonce: bool,
}

impl Verifier {
    /// The core's default policy (300 s, every algorithm, no nonce store) over a JS clock.
    pub(crate) fn with_default_policy(keys: Vec<sign::Key>, canon: Options) -> Verifier {
        let now = Arc::new(AtomicU64::new(0));
        let reader = Arc::clone(&now);
        Verifier {
            inner: sign::Verifier::new(keys)
                .clock(move || reader.load(Ordering::Relaxed))
                .canon_options(canon.clone()),
            now,
            clock: None,
            js_store: None,
            canon,
            summary: Summary {
                algorithms: None,
                tolerance: 300.0,
                nonce_store: false,
                require_created: false,
                require_nonce: false,
            },
        }
    }

    /// Reads the clock for the verification about to run. A throwing clock's exception
    /// propagates as it is.
    fn tick(&self) -> Result<(), JsValue> {
        let now = match &self.clock {
            None => js_now(),
            Some(clock) => {
                let value = clock.call0(&JsValue::UNDEFINED)?;
                match value.as_f64() {
                    // Whole seconds since the epoch (saturating conversion).
                    Some(n) if n.is_finite() && n >= 0.0 => n.floor() as u64,
                    _ => {
                        let error = invalid(format!(
                            "options.clock must return Unix seconds (a non-negative number, not milliseconds), got {}",
                            value.as_f64().map_or_else(|| describe(&value), |n| n.to_string())
                        ));
                        return Err(to_js_error(&error));
                    }
                }
            }
        };
        self.now.store(now, Ordering::Relaxed);
        Ok(())
    }

    /// Runs one core call with this verifier's clock value and JS nonce store in place.
    fn run<T>(&self, call: impl FnOnce(&sign::Verifier) -> T) -> Result<T, JsValue> {
        self.tick()?;
        STORE_FAILURE.with(|slot| slot.borrow_mut().take());
        let _store = StoreGuard::set(self.js_store.clone());
        Ok(call(&self.inner))
    }

    /// The JS error for a refusal, with what a JS nonce store threw (if it did) as `cause`.
    fn fail(error: &Error) -> JsValue {
        let thrown = to_js_error(error);
        if let Some(cause) = STORE_FAILURE.with(|slot| slot.borrow_mut().take()) {
            // Best effort: the error object is ours and extensible.
            let _ = Reflect::set(&thrown, &"cause".into(), &cause);
        }
        thrown
    }

    /// `verifyJson` (the method and the free function).
    pub(crate) fn verify(
        &self,
        payload: JsValue,
        signature: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let (payload, signature) = verify_args(options, false)
            .and_then(|args| {
                let signature = signature_arg(&signature, args.encoding)?;
                Ok((payload_bytes(&payload, &self.canon)?, signature))
            })
            .map_err(|e| to_js_error(&e))?;
        let verified = self
            .run(|inner| inner.verify_json(&payload, &signature))?
            .map_err(|e| Verifier::fail(&e))?;
        verified_js(&verified)
    }
}

/// The `nonceStore` option.
enum Store {
    Memory(Arc<sign::MemoryNonceStore>),
    Js(JsValue),
}

fn verifier_options(keys: Vec<sign::Key>, value: Option<JsValue>) -> Result<Verifier, Error> {
    let known = [
        "algorithms",
        "tolerance",
        "clock",
        "nonceStore",
        "requireCreated",
        "requireNonce",
        "allowUnsafeIntegers",
        "maxDepth",
        "maxSize",
    ];
    let mut canon = Options::default();
    let mut algorithms = None;
    let mut tolerance = None;
    let mut clock = None;
    let mut store = None;
    let (mut require_created, mut require_nonce) = (false, false);
    each_option(value, &known, |name, v| {
        if apply_canon_option(&mut canon, name, v)? {
            return Ok(());
        }
        match name {
            "algorithms" => {
                if !Array::is_array(v) {
                    return Err(options::wrong_type(name, "an array of algorithm names", v));
                }
                let names = Array::from(v);
                algorithms = Some(
                    names
                        .iter()
                        .map(|n| options::algorithm(&n))
                        .collect::<Result<Vec<_>, _>>()?,
                );
            }
            "tolerance" => match v.as_f64() {
                Some(secs) if secs.is_finite() && secs >= 0.0 => {
                    tolerance = Duration::try_from_secs_f64(secs).ok();
                }
                _ => return Err(options::wrong_type(name, "a non-negative number of seconds", v)),
            },
            "clock" => {
                clock = Some(
                    v.clone()
                        .dyn_into::<Function>()
                        .map_err(|_| options::wrong_type(name, "a function returning Unix seconds", v))?,
                );
            }
            "nonceStore" => {
                if let Some(memory) = handle_of::<MemoryNonceStore>(v) {
                    store = Some(Store::Memory(memory.inner));
                } else if Reflect::get(v, &"checkAndStore".into()).is_ok_and(|m| m.is_function()) {
                    store = Some(Store::Js(v.clone()));
                } else {
                    return Err(options::wrong_type(
                        name,
                        "a MemoryNonceStore or an object with checkAndStore(nonce, ttlSeconds, now)",
                        v,
                    ));
                }
            }
            "requireCreated" => require_created = options::boolean(name, v)?,
            _ => require_nonce = options::boolean(name, v)?,
        }
        Ok(())
    })?;
    let mut verifier = Verifier::with_default_policy(keys, canon);
    let mut inner = verifier.inner;
    if let Some(list) = &algorithms {
        inner = inner.allow_algorithms(list);
    }
    if let Some(t) = tolerance {
        inner = inner.tolerance(t);
        verifier.summary.tolerance = t.as_secs_f64();
    }
    verifier.summary.nonce_store = store.is_some();
    match store {
        Some(Store::Memory(memory)) => inner = inner.nonce_store(memory),
        Some(Store::Js(object)) => {
            inner = inner.nonce_store(Arc::new(JsNonceStore));
            verifier.js_store = Some(object);
        }
        None => {}
    }
    verifier.inner = inner.require_created(require_created).require_nonce(require_nonce);
    verifier.clock = clock;
    verifier.summary.algorithms = algorithms;
    verifier.summary.require_created = require_created;
    verifier.summary.require_nonce = require_nonce;
    Ok(verifier)
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier over `keys` (one `Key` or several). Options: `algorithms` (accepted
    /// names; default: every algorithm of the keys), `tolerance` (seconds `created` may be
    /// off either way, default 300), `clock` (a function returning Unix seconds, default
    /// from `Date.now()`), `nonceStore` (a `MemoryNonceStore`, or an object with a
    /// synchronous `checkAndStore(nonce, ttlSeconds, now) -> boolean`: each nonce is
    /// accepted once), `requireCreated`, `requireNonce` (refuse signatures without them), and the
    /// canonicalization limits `allowUnsafeIntegers`, `maxDepth`, `maxSize` (the profile
    /// comes from each signature).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Key | Key[]", param_description = "the key ring")] keys: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifierOptions", param_description = "the policy")]
        options: Option<JsValue>,
    ) -> Result<Verifier, JsValue> {
        key_ring(&keys)
            .and_then(|keys| verifier_options(keys, options))
            .map_err(|e| to_js_error(&e))
    }

    /// Verifies a signed JSON payload under this policy; returns `{ keyId, algorithm,
    /// signedSha256 }`. Throws `SignatureMismatchError` (with `signedBytes`) when the
    /// signature does not match, `VerificationError` for every other refusal (`expired`,
    /// `replayed_nonce`, ...), `CanonicalizationError` for a payload that cannot be
    /// canonicalized.
    #[wasm_bindgen(js_name = verifyJson, unchecked_return_type = "Verified")]
    pub fn verify_json(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "string | Uint8Array",
            param_description = "JSON text: a string, or its UTF-8 bytes"
        )]
        payload: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "Signature | string",
            param_description = "a Signature, its header form, or a bare encoded value"
        )]
        signature: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "VerifyOptions",
            param_description = "`encoding` of a bare signature value"
        )]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.verify(payload, signature, options)
    }

    /// Verifies like `verifyJson` and also returns the verifier's trace (as
    /// `signJsonTraced` does), `{ verified, trace }`. On failure the thrown error carries
    /// the trace as `error.trace` (its `outcome` is the error code), so both outcomes can
    /// be logged and diffed against the signer's trace.
    #[wasm_bindgen(js_name = verifyJsonTraced, unchecked_return_type = "VerifiedWithTrace")]
    pub fn verify_json_traced(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "string | Uint8Array",
            param_description = "JSON text: a string, or its UTF-8 bytes"
        )]
        payload: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "Signature | string",
            param_description = "a Signature, its header form, or a bare encoded value"
        )]
        signature: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "VerifyTracedOptions",
            param_description = "`encoding`, `includeSigningString`, `requestId`"
        )]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let (args, payload, signature) = verify_args(options, true)
            .and_then(|args| {
                let signature = signature_arg(&signature, args.encoding)?;
                let payload = payload_bytes(&payload, &self.canon)?;
                Ok((args, payload, signature))
            })
            .map_err(|e| to_js_error(&e))?;
        let (result, trace) =
            self.run(|inner| inner.verify_json_traced(&payload, &signature, args.include_signing_string))?;
        let trace = trace.map(|t| trace_js(t, args.request_id)).transpose()?;
        match result {
            Ok(verified) => {
                let out = Object::new();
                Reflect::set(&out, &"verified".into(), &verified_js(&verified)?)?;
                Reflect::set(&out, &"trace".into(), &trace.unwrap_or(JsValue::NULL))?;
                Ok(out.into())
            }
            Err(error) => {
                let thrown = Verifier::fail(&error);
                if let Some(trace) = trace {
                    Reflect::set(&thrown, &"trace".into(), &trace)?;
                }
                Err(thrown)
            }
        }
    }

    /// The key ids of the ring, in order.
    #[wasm_bindgen(getter, js_name = keyIds)]
    pub fn key_ids(&self) -> Vec<String> {
        self.inner.keys().iter().map(|k| k.key_id().to_owned()).collect()
    }

    /// `{ keyIds, algorithms, tolerance, nonceStore, requireCreated, requireNonce }`: what
    /// `JSON.stringify` and `console.log` show. Never key material.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "VerifierSummary")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let s = &self.summary;
        let algorithms: JsValue = match &s.algorithms {
            Some(list) => list
                .iter()
                .map(|a| JsValue::from_str(a.name()))
                .collect::<Array>()
                .into(),
            None => JsValue::NULL,
        };
        let object = Object::new();
        let key_ids: Array = self.key_ids().into_iter().map(JsValue::from).collect();
        Reflect::set(&object, &"keyIds".into(), &key_ids)?;
        Reflect::set(&object, &"algorithms".into(), &algorithms)?;
        Reflect::set(&object, &"tolerance".into(), &s.tolerance.into())?;
        Reflect::set(&object, &"nonceStore".into(), &s.nonce_store.into())?;
        Reflect::set(&object, &"requireCreated".into(), &s.require_created.into())?;
        Reflect::set(&object, &"requireNonce".into(), &s.require_nonce.into())?;
        Ok(object.into())
    }
}

/// A bounded in-memory nonce store for `Verifier`'s `nonceStore`: each nonce is accepted
/// once (per key) within twice the verifier's tolerance; when full, the oldest entries go
/// first. One store can serve several verifiers.
#[wasm_bindgen]
pub struct MemoryNonceStore {
    inner: Arc<sign::MemoryNonceStore>,
    capacity: usize,
}

#[wasm_bindgen]
impl MemoryNonceStore {
    /// A store holding at most `capacity` nonces (default 100000).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "number", param_description = "default 100000")]
        capacity: Option<JsValue>,
    ) -> Result<MemoryNonceStore, JsValue> {
        let capacity = match capacity.filter(|v| !v.is_undefined()) {
            Some(v) => options::size("capacity", &v).map_err(|e| to_js_error(&e))?,
            None => 100_000,
        };
        Ok(MemoryNonceStore {
            inner: Arc::new(sign::MemoryNonceStore::new(capacity)),
            capacity,
        })
    }

    /// How many nonces it holds now.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The most nonces it holds.
    #[wasm_bindgen(getter)]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// `{ capacity, size }`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ capacity: number; size: number }")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let object = Object::new();
        Reflect::set(&object, &"capacity".into(), &self.capacity.into())?;
        Reflect::set(&object, &"size".into(), &self.size().into())?;
        Ok(object.into())
    }

    /// A fresh wrapper sharing this store, for options objects (handles.rs).
    #[wasm_bindgen(js_name = __canonsigHandle, skip_typescript)]
    pub fn handle(&self) -> MemoryNonceStore {
        MemoryNonceStore {
            inner: Arc::clone(&self.inner),
            capacity: self.capacity,
        }
    }
}
