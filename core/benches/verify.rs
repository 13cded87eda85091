//! Criterion bench: verification latency of a small signed JSON request, per algorithm
//! (canonicalize + verify with `verify_json`). Run: `cargo bench -p canonsig --bench verify`.

use std::hint::black_box;

use canonsig::sign::{sign_json, verify_json, Algorithm, Key, SignOptions};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "common/payloads.rs"]
mod payloads;

fn verify(c: &mut Criterion) {
    let payload = payloads::small();
    let mut group = c.benchmark_group("verify_small");
    for algorithm in Algorithm::ALL {
        let Ok(key) = Key::generate(algorithm) else {
            continue;
        };
        let (Ok(signature), Ok(public)) = (sign_json(&payload, &key, &SignOptions::default()), key.verifying_key())
        else {
            continue;
        };
        let keys = [public];
        group.bench_function(algorithm.name(), |b| {
            b.iter(|| verify_json(black_box(&payload), &signature, &keys).is_ok())
        });
    }
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
