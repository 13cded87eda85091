//! Criterion benches: canonicalize, and canonicalize + HMAC-SHA256, on the five payload
//! kinds of `payloads.rs` (input bytes per second). Run: `cargo bench -p canonsig --bench canon`.
//! The side-by-side comparison with other crates and languages is `bench/run.py`.

use std::hint::black_box;

use canonsig::canon::{canonicalize_into, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "common/payloads.rs"]
mod payloads;

fn canonicalize(c: &mut Criterion) {
    let options = Options::default();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"bench-secret-0123456789abcdef");
    for (name, make) in payloads::KINDS {
        let input = make();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(input.len() as u64));
        let mut out = Vec::new();
        group.bench_function("canonicalize", |b| {
            b.iter(|| canonicalize_into(black_box(&input), &options, &mut out).map(|()| out.len()))
        });
        group.bench_function("canonicalize+hmac-sha256", |b| {
            b.iter(|| canonicalize_into(black_box(&input), &options, &mut out).map(|()| ring::hmac::sign(&key, &out)))
        });
        group.finish();
    }
}

criterion_group!(benches, canonicalize);
criterion_main!(benches);
