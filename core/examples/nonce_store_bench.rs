//! Verifications per second with the in-memory and the Redis nonce store (not a test).
//!
//! `CANONSIG_REDIS_URL=redis://127.0.0.1:6379/0 cargo run --release -p canonsig --features redis --example nonce_store_bench`
//! Each verification: HMAC-SHA256 over a small JSON payload, a fresh nonce, a fixed clock.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use canonsig::sign::{sign_json, Algorithm, Key, MemoryNonceStore, NonceStore, RedisNonceStore, SignOptions, Verifier};

const NOW: u64 = 1_800_000_000;
const PER_THREAD: usize = 20_000;
const PAYLOAD: &[u8] = br#"{"amount":10,"currency":"EUR","order":"o-17"}"#;

fn key() -> Key {
    Key::hmac(Algorithm::HmacSha256, b"bench-secret-bench-secret-32byte")
        .unwrap()
        .with_key_id("k1")
}

/// Verifications per second over `threads` threads sharing `store`.
fn measure(store: Arc<dyn NonceStore>, threads: usize) -> f64 {
    let work: Vec<Vec<_>> = (0..threads)
        .map(|t| {
            (0..PER_THREAD)
                .map(|i| {
                    sign_json(
                        PAYLOAD,
                        &key(),
                        &SignOptions::default().created(NOW).nonce(format!("{t}-{i}")),
                    )
                    .unwrap()
                })
                .collect()
        })
        .collect();
    let verifier = Arc::new(
        Verifier::new(vec![key()])
            .tolerance(Duration::from_secs(300))
            .clock(|| NOW)
            .nonce_store(store)
            .require_nonce(true),
    );
    let start = Instant::now();
    std::thread::scope(|scope| {
        for signatures in &work {
            let verifier = verifier.clone();
            scope.spawn(move || {
                for sig in signatures {
                    verifier.verify_json(PAYLOAD, sig).unwrap();
                }
            });
        }
    });
    (threads * PER_THREAD) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let url = std::env::var("CANONSIG_REDIS_URL").ok();
    for threads in [1, 4] {
        let memory = measure(Arc::new(MemoryNonceStore::new(1_000_000)), threads);
        println!("memory store, {threads} thread(s): {memory:.0} verifications/s");
        if let Some(url) = &url {
            let prefix = format!("bench:{}:{threads}:", std::process::id());
            let store = RedisNonceStore::open(url).unwrap().prefix(prefix);
            store.initialize().unwrap();
            let redis = measure(Arc::new(store), threads);
            println!("redis store,  {threads} thread(s): {redis:.0} verifications/s");
        }
    }
    if url.is_none() {
        println!("(set CANONSIG_REDIS_URL for the Redis store)");
    }
}
