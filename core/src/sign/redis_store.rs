//! A [`NonceStore`] shared by every verifier of a fleet through one Redis (feature `redis`).
//!
//! Each check is one atomic script on the server: `SET <prefix>n:<key id>\0<nonce> 1 NX EX <ttl>`,
//! guarded by a namespace marker (`<prefix>guard`) that tells whether Redis still holds the
//! nonces it accepted. When Redis lost them (restarted without persistence, flushed, evicted),
//! the marker is gone too: the store then refuses every signature until the replay window has
//! passed, because a replay of a signature accepted before the loss would otherwise pass.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use super::verifier::NonceStore;
use crate::error::{Error, ErrorCode};

/// Idle connections kept for reuse; more concurrent verifications open more, then drop them.
const MAX_IDLE: usize = 32;

/// Nonces whose check ended in an error, remembered until they expire (beyond, a retry is
/// refused as a replay: the safe side).
const MAX_PENDING: usize = 100_000;

/// KEYS[1] guard, KEYS[2] nonce; ARGV[1] ttl (s), ARGV[2] now (Unix s), ARGV[3] this store's token.
/// Returns {1, 0} new, {2, 0} already stored by this token, {0, 0} stored by another,
/// {-1, end} quarantined until `end` (inclusive).
const CHECK_AND_STORE: &str = r"
local guard = redis.call('GET', KEYS[1])
if not guard then
  redis.call('SET', KEYS[1], ARGV[2])
  guard = ARGV[2]
end
local quarantine_end = tonumber(guard) + tonumber(ARGV[1])
if tonumber(ARGV[2]) <= quarantine_end then
  return {-1, quarantine_end}
end
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'EX', ARGV[1]) then
  return {1, 0}
end
if redis.call('GET', KEYS[2]) == ARGV[3] then
  return {2, 0}
end
return {0, 0}
";

/// Nonces kept in Redis, so that a signature is accepted once by a whole fleet.
///
/// Connections are opened lazily, reused, and replaced after an error, so the store
/// reconnects by itself when Redis comes back. While Redis cannot answer (down, timeout,
/// out of memory), every check fails with `nonce_store_unavailable` and the verifier
/// refuses the signature: it fails closed, never accepting.
///
/// **Lost nonces.** A namespace starts with a guard key. If Redis loses its data (a restart
/// without persistence, `FLUSHALL`, eviction), the guard is gone and the next check writes
/// a new one stamped with "now": every signature is refused (`nonce_store_unavailable`)
/// until the ttl (twice the verifier's tolerance) has passed, after which any signature
/// accepted before the loss is too old to verify. Run Redis with `appendonly yes`,
/// `appendfsync always` and `maxmemory-policy noeviction` to never lose nonces; call
/// [`RedisNonceStore::initialize`] once when provisioning a new namespace (never on every
/// start: after a loss it would lift the quarantine).
///
/// **Lost answers.** When the connection breaks after Redis stored a nonce but before its
/// answer arrived, the check fails (`nonce_store_unavailable`) although the nonce is
/// spent. Each nonce is stored with this store's random token and the store remembers the
/// nonces whose check failed, so a retry through the same store finds its own token and
/// accepts, once: exactly once when the client retries against the same process; a retry
/// reaching another process is refused as a replay (never accepted twice).
///
/// The Redis URL may hold a password: it is never shown (`Debug` and errors name the
/// host and port only). Keys hold the key id and the nonce, never a secret.
///
/// ```no_run
/// use std::sync::Arc;
/// use std::time::Duration;
/// use canonsig::sign::{Algorithm, Key, RedisNonceStore, Verifier};
///
/// let store = RedisNonceStore::open("redis://127.0.0.1:6379/0")?
///     .prefix("payments:nonce:")
///     .timeout(Duration::from_millis(500));
/// let verifier = Verifier::new(vec![Key::hmac(Algorithm::HmacSha256, b"0123456789abcdef0123456789abcdef")?])
///     .nonce_store(Arc::new(store))
///     .require_nonce(true);
/// # Ok::<(), canonsig::Error>(())
/// ```
pub struct RedisNonceStore {
    client: redis::Client,
    /// `host:port` (or the socket path): what errors and `Debug` show instead of the URL.
    address: String,
    prefix: String,
    timeout: Duration,
    idle: Mutex<Vec<redis::Connection>>,
    script: redis::Script,
    /// Random, per store: tells this store's writes from the others'.
    token: String,
    /// Nonce -> expiry (Unix s) of the checks that failed, possibly after Redis stored them.
    pending: Mutex<HashMap<String, u64>>,
}

impl std::fmt::Debug for RedisNonceStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisNonceStore")
            .field("address", &self.address)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl RedisNonceStore {
    /// A store on the Redis at `url` (`redis://[:password@]host[:port][/db]`), with the key
    /// prefix `canonsig:` and a 1 s timeout. Only parses the URL: the first check connects.
    pub fn open(url: &str) -> Result<Self, Error> {
        // redis' parse errors do not echo the URL (which may hold a password); neither do we.
        let client = redis::Client::open(url).map_err(|e| {
            Error::new(
                ErrorCode::InvalidOption,
                format!("not a usable Redis URL ({e}): expected redis://[:password@]host[:port][/db]"),
            )
        })?;
        let address = client.get_connection_info().addr().to_string();
        let token: [u8; 16] = ring::rand::generate(&ring::rand::SystemRandom::new())
            .map_err(|_| {
                Error::new(
                    ErrorCode::NonceStoreUnavailable,
                    "no system randomness for the store's token",
                )
            })?
            .expose();
        Ok(RedisNonceStore {
            client,
            address,
            prefix: "canonsig:".to_owned(),
            timeout: Duration::from_secs(1),
            idle: Mutex::new(Vec::new()),
            script: redis::Script::new(CHECK_AND_STORE),
            token: super::encoding::hex_encode(&token),
            pending: Mutex::new(HashMap::new()),
        })
    }

    /// Prepends `prefix` to every key (default `canonsig:`), so that several services or
    /// environments can share one Redis. Verifiers sharing a prefix should share a tolerance.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long to wait for Redis, to connect and for each answer (default 1 s); past it
    /// the check fails closed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// `host:port` of the Redis server (never the password).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The key prefix.
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// Marks a new, empty namespace as holding every nonce it ever accepted, so that it
    /// serves at once instead of first refusing signatures for one ttl. Returns `true` when
    /// it did, `false` when the namespace was already marked (it never lifts a quarantine).
    /// Run it once when provisioning; running it on every start would, after Redis lost its
    /// data, let a process starting before the next check reopen the replay window.
    pub fn initialize(&self) -> Result<bool, Error> {
        self.with_connection(|con| {
            redis::cmd("SET")
                .arg(self.guard_key())
                .arg(0)
                .arg("NX")
                .query::<Option<String>>(con)
                .map(|set| set.is_some())
        })
    }

    /// Checks that Redis answers (a readiness probe).
    pub fn ping(&self) -> Result<(), Error> {
        self.with_connection(|con| redis::cmd("PING").query::<String>(con).map(drop))
    }

    fn guard_key(&self) -> String {
        format!("{}guard", self.prefix)
    }

    fn connect(&self) -> redis::RedisResult<redis::Connection> {
        let con = self.client.get_connection_with_timeout(self.timeout)?;
        con.set_read_timeout(Some(self.timeout))?;
        con.set_write_timeout(Some(self.timeout))?;
        Ok(con)
    }

    /// Runs `f` on an idle connection, or a new one. A pooled connection may have died
    /// while idle (Redis restarted): then `f` runs once more on a fresh connection. That
    /// retry can never accept a nonce twice (SET NX is atomic), and when the first attempt
    /// did reach Redis, `check_and_store` recognises its own write by the store's token.
    fn with_connection<T>(&self, f: impl Fn(&mut redis::Connection) -> redis::RedisResult<T>) -> Result<T, Error> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let (con, result) = match pooled {
            Some(mut con) => match f(&mut con) {
                Err(e) if e.is_io_error() || e.is_connection_dropped() => {
                    let mut fresh = self.connect().map_err(|e| self.unavailable(&e))?;
                    let result = f(&mut fresh);
                    (fresh, result)
                }
                result => (con, result),
            },
            None => {
                let mut fresh = self.connect().map_err(|e| self.unavailable(&e))?;
                let result = f(&mut fresh);
                (fresh, result)
            }
        };
        match result {
            Ok(value) => {
                if let Ok(mut idle) = self.idle.lock() {
                    if idle.len() < MAX_IDLE {
                        idle.push(con);
                    }
                }
                Ok(value)
            }
            // The connection is dropped: the next check starts on a fresh one.
            Err(e) => Err(self.unavailable(&e)),
        }
    }

    fn unavailable(&self, error: &redis::RedisError) -> Error {
        Error::new(
            ErrorCode::NonceStoreUnavailable,
            format!(
                "the Redis nonce store at {} did not answer ({error}); refusing the signature (fail closed)",
                self.address
            ),
        )
    }
}

impl NonceStore for RedisNonceStore {
    fn check_and_store(&self, nonce: &str, ttl: Duration, now: u64) -> Result<bool, Error> {
        // Whole seconds, rounded up: a shorter expiry would reopen the window early.
        let ttl = ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0);
        let ttl = ttl.max(1);
        let key = format!("{}n:{nonce}", self.prefix);
        let attempts = Cell::new(0u32);
        let answer = self.with_connection(|con| {
            attempts.set(attempts.get() + 1);
            self.script
                .key(self.guard_key())
                .key(&key)
                .arg(ttl)
                .arg(now)
                .arg(&self.token)
                .invoke::<(i64, i64)>(con)
        });
        let mut pending = self
            .pending
            .lock()
            .map_err(|_| Error::new(ErrorCode::NonceStoreUnavailable, "the nonce store lock is poisoned"))?;
        // Our own earlier write counts only if no check of ours reported this nonce yet.
        let failed_before = pending.remove(nonce).is_some() || attempts.get() > 1;
        match answer {
            Ok((1, _)) => Ok(true),
            Ok((2, _)) => Ok(failed_before),
            Ok((0, _)) => Ok(false),
            Ok((_, quarantine_end)) => Err(Error::new(
                ErrorCode::NonceStoreUnavailable,
                format!(
                    "the Redis nonce store at {} lost the nonces of namespace {:?} (restarted without persistence, \
                     flushed or evicted; or the namespace was never initialized): refusing signatures until {quarantine_end}, \
                     when any accepted before the loss has expired (fail closed)",
                    self.address, self.prefix
                ),
            )),
            Err(e) => {
                pending.retain(|_, expires| *expires > now);
                if pending.len() < MAX_PENDING {
                    pending.insert(nonce.to_owned(), now.saturating_add(ttl));
                }
                Err(e)
            }
        }
    }
}
