//! The Redis nonce store against a real `redis-server`: exactly-once acceptance across
//! threads and store instances, fail-closed while Redis is down, reconnection, and the
//! quarantine after Redis lost its nonces.
//!
//! Gated on `CANONSIG_REDIS_URL` (CI sets it, `.ci/run` starts the server): unset, the tests
//! print SKIPPED and pass; set but unreachable, they fail. The restart tests start private
//! servers (`redis-server` on PATH, required when the variable is set).
#![cfg(feature = "redis")]
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use canonsig::sign::{sign_json, Algorithm, Key, NonceStore, RedisNonceStore, SignOptions, Signature, Verifier};
use canonsig::ErrorCode;

const SECRET: &[u8] = b"redis-store-test-secret-32-bytes";
const NOW: u64 = 1_800_000_000;
const TOLERANCE: u64 = 30;
const PAYLOAD: &[u8] = br#"{"amount":10}"#;

/// The shared server's URL, or `None` (with a SKIPPED note) when `CANONSIG_REDIS_URL` is unset.
fn redis_url(test: &str) -> Option<String> {
    match std::env::var("CANONSIG_REDIS_URL") {
        Ok(url) if !url.is_empty() => {
            let store = RedisNonceStore::open(&url).unwrap_or_else(|e| panic!("CANONSIG_REDIS_URL: {e}"));
            if let Err(e) = store.ping() {
                panic!(
                    "CANONSIG_REDIS_URL is set but Redis at {} does not answer: {e}",
                    store.address()
                );
            }
            Some(url)
        }
        _ => {
            eprintln!(
                "SKIPPED: {test}: CANONSIG_REDIS_URL is not set (scripts/redis-test-server.sh start DIR prints one)"
            );
            None
        }
    }
}

/// A prefix no other test (or earlier run) uses.
fn fresh_prefix(test: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "test:{test}:{}:{nanos}:{}:",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn key() -> Key {
    Key::hmac(Algorithm::HmacSha256, SECRET).unwrap().with_key_id("k1")
}

fn verifier(store: Arc<RedisNonceStore>, clock: Arc<AtomicU64>) -> Verifier {
    Verifier::new(vec![key()])
        .tolerance(Duration::from_secs(TOLERANCE))
        .clock(move || clock.load(Ordering::SeqCst))
        .nonce_store(store)
        .require_nonce(true)
}

fn signed(nonce: &str, created: u64) -> Signature {
    sign_json(PAYLOAD, &key(), &SignOptions::default().created(created).nonce(nonce)).unwrap()
}

fn code(result: Result<canonsig::sign::Verified, canonsig::Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code().as_str(),
    }
}

#[test]
fn a_nonce_is_accepted_once_per_key_with_the_tolerance_window_as_expiry() {
    let Some(url) = redis_url("a_nonce_is_accepted_once") else {
        return;
    };
    let prefix = fresh_prefix("once");
    let store = Arc::new(RedisNonceStore::open(&url).unwrap().prefix(prefix.clone()));
    assert!(store.initialize().unwrap());
    assert!(!store.initialize().unwrap(), "initialize is idempotent");
    let clock = Arc::new(AtomicU64::new(NOW));
    let verifier = verifier(store.clone(), clock);
    let sig = signed("n-1", NOW);
    assert_eq!(code(verifier.verify_json(PAYLOAD, &sig)), "ok");
    let replay = verifier.verify_json(PAYLOAD, &sig).unwrap_err();
    assert_eq!(replay.code(), ErrorCode::ReplayedNonce);

    // A forgery does not spend a nonce.
    let mut forged = signed("n-2", NOW);
    forged.value[0] ^= 1;
    assert_eq!(code(verifier.verify_json(PAYLOAD, &forged)), "signature_mismatch");
    assert_eq!(code(verifier.verify_json(PAYLOAD, &signed("n-2", NOW))), "ok");

    // The key holds the key id and the nonce, and expires after twice the tolerance plus
    // one second (the verifier's nonce lifetime: a nonce outlives its signature).
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut con = client.get_connection().unwrap();
    let ttl: i64 = redis::cmd("TTL")
        .arg(format!("{prefix}n:k1\0n-1"))
        .query(&mut con)
        .unwrap();
    assert!(ttl > 0 && ttl <= 2 * TOLERANCE as i64 + 1, "ttl {ttl}");
    let value: String = redis::cmd("GET")
        .arg(format!("{prefix}n:k1\0n-1"))
        .query(&mut con)
        .unwrap();
    assert!(
        value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()),
        "the store token: {value}"
    );
}

#[test]
fn threads_and_separate_stores_accept_each_nonce_exactly_once() {
    let Some(url) = redis_url("threads_and_separate_stores") else {
        return;
    };
    let prefix = fresh_prefix("threads");
    RedisNonceStore::open(&url)
        .unwrap()
        .prefix(prefix.clone())
        .initialize()
        .unwrap();
    let signatures: Arc<Vec<Signature>> = Arc::new((0..300).map(|i| signed(&format!("n-{i}"), NOW)).collect());
    let accepted = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..6)
        .map(|t| {
            let (url, prefix, signatures, accepted) =
                (url.clone(), prefix.clone(), signatures.clone(), accepted.clone());
            std::thread::spawn(move || {
                // Two "machines", each with its own store (connections), three threads each.
                let store = Arc::new(RedisNonceStore::open(&url).unwrap().prefix(prefix));
                let verifier = verifier(store, Arc::new(AtomicU64::new(NOW)));
                let mut mine = Vec::new();
                for (i, sig) in signatures.iter().enumerate() {
                    match code(verifier.verify_json(PAYLOAD, sig)) {
                        "ok" => mine.push(i),
                        "replayed_nonce" => {}
                        other => panic!("thread {t}: {other}"),
                    }
                }
                accepted.fetch_add(mine.len(), Ordering::SeqCst);
                mine
            })
        })
        .collect();
    let mut all: Vec<usize> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..300).collect::<Vec<_>>(), "every nonce accepted exactly once");
}

#[test]
fn an_uninitialized_namespace_refuses_for_one_ttl_then_serves() {
    let Some(url) = redis_url("an_uninitialized_namespace") else {
        return;
    };
    let store = Arc::new(RedisNonceStore::open(&url).unwrap().prefix(fresh_prefix("quarantine")));
    let clock = Arc::new(AtomicU64::new(NOW));
    let verifier = verifier(store, clock.clone());
    let err = verifier.verify_json(PAYLOAD, &signed("n-1", NOW)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable);
    let until = NOW + 2 * TOLERANCE + 1;
    assert!(
        err.message().contains(&format!("refusing signatures until {until}")),
        "{err}"
    );
    clock.store(until, Ordering::SeqCst);
    assert_eq!(
        code(verifier.verify_json(PAYLOAD, &signed("n-1", until))),
        "nonce_store_unavailable"
    );
    clock.store(until + 1, Ordering::SeqCst);
    assert_eq!(code(verifier.verify_json(PAYLOAD, &signed("n-1", until + 1))), "ok");
}

#[test]
fn an_unreachable_redis_fails_closed_without_showing_the_password() {
    // Needs no server: nothing listens on a port just freed.
    let port = free_port();
    let store = RedisNonceStore::open(&format!("redis://:hunter2-pw@127.0.0.1:{port}/0"))
        .unwrap()
        .timeout(Duration::from_millis(200));
    let store = store.prefix("svc-a:");
    assert_eq!(store.address(), format!("127.0.0.1:{port}"));
    assert_eq!(store.key_prefix(), "svc-a:");
    let debug = format!("{store:?}");
    assert!(
        debug.contains(&format!("address: \"127.0.0.1:{port}\"")) && debug.contains("prefix: \"svc-a:\""),
        "{debug}"
    );
    assert!(!debug.contains("hunter2"), "{debug}");
    assert_eq!(store.ping().unwrap_err().code(), ErrorCode::NonceStoreUnavailable);
    let verifier = verifier(Arc::new(store), Arc::new(AtomicU64::new(NOW)));
    let err = verifier.verify_json(PAYLOAD, &signed("n-1", NOW)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable);
    let text = format!("{err} {err:?}");
    assert!(
        text.contains(&format!("127.0.0.1:{port}")) && text.contains("fail closed"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");

    let bad = RedisNonceStore::open("http://:hunter2-pw@127.0.0.1/").unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidOption);
    assert!(!bad.to_string().contains("hunter2"), "{bad}");
}

// --- restarts, on private servers -------------------------------------------------------

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A private `redis-server` that the test can kill (SIGKILL: a crash) and restart on the
/// same port; with `persist`, an append-only file fsynced on every write.
struct Server {
    port: u16,
    dir: PathBuf,
    persist: bool,
    child: Option<Child>,
}

impl Server {
    fn start(persist: bool) -> Server {
        let dir = std::env::temp_dir().join(fresh_prefix("server").replace(':', "-"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = Server {
            port: free_port(),
            dir,
            persist,
            child: None,
        };
        server.restart();
        server
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn restart(&mut self) {
        let persistence: &[&str] = if self.persist {
            &["--appendonly", "yes", "--appendfsync", "always"]
        } else {
            &["--appendonly", "no"]
        };
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string(), "--save", ""])
            .args(persistence)
            .args(["--enable-debug-command", "yes"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("CANONSIG_REDIS_URL is set, so redis-server must be on PATH: {e}"));
        self.child = Some(child);
        for _ in 0..100 {
            if ping(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server on port {} did not answer PING", self.port);
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let mut reply = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok() && stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}

#[test]
fn a_restart_without_persistence_fails_closed_then_quarantines_then_recovers() {
    if redis_url("a_restart_without_persistence").is_none() {
        return;
    }
    let mut server = Server::start(false);
    let store = Arc::new(
        RedisNonceStore::open(&server.url())
            .unwrap()
            .timeout(Duration::from_millis(300)),
    );
    store.initialize().unwrap();
    let clock = Arc::new(AtomicU64::new(NOW));
    let verifier = verifier(store, clock.clone());
    let before: Vec<Signature> = (0..20).map(|i| signed(&format!("before-{i}"), NOW)).collect();
    for sig in &before {
        assert_eq!(code(verifier.verify_json(PAYLOAD, sig)), "ok");
    }

    server.kill();
    for i in 0..5 {
        let err = verifier
            .verify_json(PAYLOAD, &signed(&format!("down-{i}"), NOW))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable, "{err}");
        assert!(err.message().contains("did not answer"), "{err}");
    }

    // Back, empty: the pooled connection is dead, the store reconnects, finds the guard
    // gone, and refuses everything (replays included) for one ttl from now.
    clock.store(NOW + 5, Ordering::SeqCst);
    server.restart();
    for sig in before.iter().take(3).chain([&signed("after-0", NOW + 5)]) {
        let err = verifier.verify_json(PAYLOAD, sig).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable, "{err}");
        assert!(err.message().contains("lost the nonces"), "{err}");
    }
    // Past the quarantine, the signatures from before the loss are too old to verify.
    let after = NOW + 5 + 2 * TOLERANCE + 2;
    clock.store(after, Ordering::SeqCst);
    for sig in &before {
        assert_eq!(code(verifier.verify_json(PAYLOAD, sig)), "expired");
    }
    let fresh = signed("after-1", after);
    assert_eq!(code(verifier.verify_json(PAYLOAD, &fresh)), "ok");
    assert_eq!(code(verifier.verify_json(PAYLOAD, &fresh)), "replayed_nonce");
}

/// A verifier on an initialized store at `server`, with a 300 ms timeout.
fn persistent_verifier(server: &Server) -> Verifier {
    let store = RedisNonceStore::open(&server.url())
        .unwrap()
        .timeout(Duration::from_millis(300));
    store.initialize().unwrap();
    verifier(Arc::new(store), Arc::new(AtomicU64::new(NOW)))
}

#[test]
fn a_crash_with_an_fsynced_append_only_file_loses_no_nonce() {
    if redis_url("a_crash_with_an_fsynced_append_only_file").is_none() {
        return;
    }
    let mut server = Server::start(true);
    let verifier = persistent_verifier(&server);
    let sigs: Vec<Signature> = (0..50).map(|i| signed(&format!("n-{i}"), NOW)).collect();
    for sig in &sigs[..25] {
        assert_eq!(code(verifier.verify_json(PAYLOAD, sig)), "ok");
    }
    server.kill();
    assert_eq!(
        code(verifier.verify_json(PAYLOAD, &sigs[25])),
        "nonce_store_unavailable"
    );
    server.restart();
    // Every nonce accepted before the crash is still known; the others are accepted once.
    for sig in &sigs[..25] {
        assert_eq!(code(verifier.verify_json(PAYLOAD, sig)), "replayed_nonce");
    }
    for sig in &sigs[25..] {
        assert_eq!(code(verifier.verify_json(PAYLOAD, sig)), "ok");
    }
}

#[test]
fn a_lost_answer_is_accepted_once_on_retry_through_the_same_store() {
    if redis_url("a_lost_answer").is_none() {
        return;
    }
    let ttl = Duration::from_secs(60);
    // Redis stalls: the check times out, but Redis runs it once the stall ends.
    let (store, server, stall) = stalled_server(0.5, 100);
    let other = RedisNonceStore::open(&server.url()).unwrap();
    let err = store.check_and_store("k1\0lost", ttl, NOW).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable);
    stall.join().unwrap();
    let mut con = redis::Client::open(server.url().as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let stored: bool = redis::cmd("EXISTS").arg("canonsig:n:k1\0lost").query(&mut con).unwrap();
    assert!(stored, "the timed-out check did reach Redis");

    assert!(
        !other.check_and_store("k1\0lost", ttl, NOW).unwrap(),
        "another store: a replay"
    );
    assert!(
        store.check_and_store("k1\0lost", ttl, NOW).unwrap(),
        "the same store: its own write, accepted"
    );
    assert!(!store.check_and_store("k1\0lost", ttl, NOW).unwrap(), "then a replay");
}

#[test]
fn a_connection_that_died_while_idle_is_replaced_without_an_error() {
    if redis_url("a_connection_that_died_while_idle").is_none() {
        return;
    }
    let mut server = Server::start(true);
    let verifier = persistent_verifier(&server);
    assert_eq!(code(verifier.verify_json(PAYLOAD, &signed("idle-1", NOW))), "ok");
    // Redis restarts (with its data) while the store's pooled connection is idle: that
    // connection is dead, and the next check must retry on a fresh one, not fail.
    server.kill();
    server.restart();
    assert_eq!(code(verifier.verify_json(PAYLOAD, &signed("idle-2", NOW))), "ok");
    assert_eq!(
        code(verifier.verify_json(PAYLOAD, &signed("idle-1", NOW))),
        "replayed_nonce"
    );
}

#[test]
fn the_expiry_is_the_ttl_rounded_up_to_whole_seconds() {
    let Some(url) = redis_url("the_expiry_is_the_ttl_rounded_up") else {
        return;
    };
    let prefix = fresh_prefix("ttl");
    let store = RedisNonceStore::open(&url).unwrap().prefix(prefix.clone());
    store.initialize().unwrap();
    store.ping().unwrap();
    let mut con = redis::Client::open(url.as_str()).unwrap().get_connection().unwrap();
    for (nonce, ttl, expected) in [("a", 2_500, 3), ("b", 2_000, 2), ("c", 1, 1), ("d", 0, 1)] {
        assert!(store.check_and_store(nonce, Duration::from_millis(ttl), NOW).unwrap());
        let pttl: i64 = redis::cmd("PTTL")
            .arg(format!("{prefix}n:{nonce}"))
            .query(&mut con)
            .unwrap();
        // Just set: within 1 s below the whole seconds asked for.
        assert!(
            pttl <= expected * 1000 && pttl > expected * 1000 - 1000,
            "{nonce}: pttl {pttl} for {ttl} ms"
        );
    }
}

/// Redis stalls (DEBUG SLEEP) while the store's checks time out; the scripts still run
/// when the stall ends. Returns the store, the server, and the stall's thread.
fn stalled_server(stall_secs: f64, timeout_ms: u64) -> (RedisNonceStore, Server, std::thread::JoinHandle<()>) {
    let server = Server::start(false);
    let store = RedisNonceStore::open(&server.url())
        .unwrap()
        .timeout(Duration::from_millis(timeout_ms));
    store.initialize().unwrap();
    // Loads the script and leaves an idle connection for the next check.
    assert!(store
        .check_and_store("k1\0warm-up", Duration::from_secs(60), NOW)
        .unwrap());
    let url = server.url();
    let stall = std::thread::spawn(move || {
        let mut con = redis::Client::open(url.as_str()).unwrap().get_connection().unwrap();
        redis::cmd("DEBUG")
            .arg("SLEEP")
            .arg(stall_secs)
            .query::<()>(&mut con)
            .unwrap();
    });
    std::thread::sleep(Duration::from_millis(100));
    (store, server, stall)
}

#[test]
fn two_lost_answers_are_both_recognised_as_the_stores_own_writes() {
    if redis_url("two_lost_answers").is_none() {
        return;
    }
    let ttl = Duration::from_secs(60);
    let (store, _server, stall) = stalled_server(0.8, 100);
    // Each check times out twice (its pooled connection, then a fresh one).
    for nonce in ["k1\0lost-1", "k1\0lost-2"] {
        let err = store.check_and_store(nonce, ttl, NOW).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NonceStoreUnavailable);
    }
    stall.join().unwrap();
    // The second failure must not have forgotten the first: both are the store's own.
    for nonce in ["k1\0lost-1", "k1\0lost-2"] {
        assert!(
            store.check_and_store(nonce, ttl, NOW).unwrap(),
            "{nonce}: its own write"
        );
        assert!(
            !store.check_and_store(nonce, ttl, NOW).unwrap(),
            "{nonce}: then a replay"
        );
    }
}

#[test]
fn an_answer_lost_to_a_timeout_is_recovered_by_the_retry_in_the_same_check() {
    if redis_url("an_answer_lost_to_a_timeout").is_none() {
        return;
    }
    // The check's first attempt (pooled connection) times out at ~0.5 s, the stall ends at
    // 0.6 s and runs it, and the retry on a fresh connection (until ~0.9 s) finds the
    // nonce stored by this store: accepted, once. Under heavy load the first attempt may
    // start late and simply succeed, which is also an acceptance.
    let ttl = Duration::from_secs(60);
    let (store, _server, stall) = stalled_server(0.6, 400);
    assert!(store.check_and_store("k1\0retried", ttl, NOW).unwrap(), "its own write");
    stall.join().unwrap();
    assert!(
        !store.check_and_store("k1\0retried", ttl, NOW).unwrap(),
        "then a replay"
    );
}
