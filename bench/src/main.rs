//! `canonsig-bench`: writes the benchmark payloads, and measures canonsig against the
//! other Rust JCS crates in one process. `bench/run.py` drives it and prints the tables.
//!
//! ```text
//! canonsig-bench gen DIR             # payloads as DIR/<kind>.json and DIR/scale-<size>.json
//! canonsig-bench rust [--quick]      # JSON lines on stdout: throughput, sha256, memory, scaling, verify
//! canonsig-bench loop KIND TIMES     # canonsig on one payload, in a loop, for a profiler
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use canonsig::canon::{canonicalize_into, canonicalize_with, Options};
use canonsig::sign::{sign_json, verify_json, Algorithm, Key, SignOptions};

#[path = "../../core/benches/common/payloads.rs"]
mod payloads;

/// Counts live heap bytes and their peak, for the memory table.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Extra heap bytes at the peak of `f`, above what was live before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let result = f();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    drop(result);
    peak
}

struct Timing {
    samples: usize,
    sample_time: Duration,
}

/// Seconds per call of `f` (fastest sample), over samples that each run long enough to time.
fn time_per_call<T>(timing: &Timing, mut f: impl FnMut() -> T) -> f64 {
    // Warm up for one sample's time; the calls it made size the samples.
    let start = Instant::now();
    let mut calls = 0u32;
    while calls == 0 || start.elapsed() < timing.sample_time {
        black_box(f());
        calls += 1;
    }
    let once = start.elapsed().as_secs_f64() / f64::from(calls);
    let iters = ((timing.sample_time.as_secs_f64() / once) as usize).clamp(1, 10_000_000);
    let mut samples: Vec<f64> = (0..timing.samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            start.elapsed().as_secs_f64() / iters as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[0] // the fastest: on a shared machine, the least disturbed by other work
}

fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One JSON line for run.py.
fn emit(record: serde_json::Value) {
    println!("{record}");
}

type Canon = fn(&[u8], &mut Vec<u8>) -> Result<(), String>;

fn canonsig_canon(input: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    canonicalize_into(input, &Options::default(), out).map_err(|e| e.to_string())
}

fn serde_jcs_canon(input: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_slice(input).map_err(|e| e.to_string())?;
    *out = serde_jcs::to_vec(&value).map_err(|e| e.to_string())?;
    Ok(())
}

fn serde_json_canonicalizer_canon(input: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_slice(input).map_err(|e| e.to_string())?;
    *out = serde_json_canonicalizer::to_vec(&value).map_err(|e| e.to_string())?;
    Ok(())
}

const IMPLS: [(&str, Canon); 3] = [
    ("canonsig", canonsig_canon),
    ("serde_jcs", serde_jcs_canon),
    ("serde_json_canonicalizer", serde_json_canonicalizer_canon),
];

const SECRET: &[u8] = b"bench-secret-0123456789abcdef";

fn run_rust(quick: bool) -> Result<(), String> {
    let timing = if quick {
        Timing {
            samples: 3,
            sample_time: Duration::from_millis(20),
        }
    } else {
        Timing {
            samples: 11,
            sample_time: Duration::from_millis(100),
        }
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET);
    for (payload, make) in payloads::KINDS {
        let input = make();
        let mb = input.len() as f64 / 1e6;
        for (name, canon) in IMPLS {
            let mut out = Vec::new();
            canon(&input, &mut out).map_err(|e| format!("{name} on {payload}: {e}"))?;
            let sha = sha256_hex(&out);
            let secs = time_per_call(&timing, || {
                let _ = canon(&input, &mut out);
                ring::hmac::sign(&key, &out)
            });
            emit(
                serde_json::json!({"kind": "throughput", "lang": "rust", "payload": payload, "bytes": input.len(), "impl": name, "mbps": round(mb / secs, 2), "ops": round(1.0 / secs, 1), "sha256": sha}),
            );
        }
        let mut out = Vec::new();
        let secs = time_per_call(&timing, || canonsig_canon(&input, &mut out));
        emit(
            serde_json::json!({"kind": "throughput", "lang": "rust", "payload": payload, "bytes": input.len(), "impl": "canonsig (no hmac)", "mbps": round(mb / secs, 2), "ops": round(1.0 / secs, 1)}),
        );
        let secs = time_per_call(&timing, || {
            serde_json::from_slice::<serde::de::IgnoredAny>(&input).map_err(|e| e.to_string())
        });
        emit(
            serde_json::json!({"kind": "throughput", "lang": "rust", "payload": payload, "bytes": input.len(), "impl": "serde_json IgnoredAny (read only)", "mbps": round(mb / secs, 2), "ops": round(1.0 / secs, 1)}),
        );
    }

    let large = payloads::large();
    for (name, canon) in IMPLS {
        let peak = peak_of(|| {
            let mut out = Vec::new();
            let _ = canon(&large, &mut out);
            out
        });
        emit(serde_json::json!({"kind": "memory", "impl": name, "input_bytes": large.len(), "peak_bytes": peak}));
    }
    let peak = peak_of(|| canonicalize_with(&large, &Options::default()));
    emit(
        serde_json::json!({"kind": "memory", "impl": "canonsig canonicalize (fresh output Vec)", "input_bytes": large.len(), "peak_bytes": peak}),
    );
    drop(large);

    let scaling_timing = Timing {
        samples: if quick { 1 } else { 5 },
        sample_time: Duration::from_millis(if quick { 20 } else { 100 }),
    };
    for (label, size) in payloads::SCALING {
        if quick && size > 16 << 20 {
            continue;
        }
        let input = payloads::records(size);
        let mut out = Vec::with_capacity(input.len());
        let secs = time_per_call(&scaling_timing, || {
            let _ = canonsig_canon(&input, &mut out);
            ring::hmac::sign(&key, &out)
        });
        let read = time_per_call(&scaling_timing, || {
            serde_json::from_slice::<serde::de::IgnoredAny>(&input).map_err(|e| e.to_string())
        });
        emit(
            serde_json::json!({"kind": "scaling", "size": label, "bytes": input.len(), "seconds": secs, "mbps": round(input.len() as f64 / 1e6 / secs, 2), "read_mbps": round(input.len() as f64 / 1e6 / read, 2)}),
        );
    }

    let small = payloads::small();
    for algorithm in Algorithm::ALL {
        let key = Key::generate(algorithm).map_err(|e| e.to_string())?;
        let signature = sign_json(&small, &key, &SignOptions::default()).map_err(|e| e.to_string())?;
        let keys = [key.verifying_key().map_err(|e| e.to_string())?];
        verify_json(&small, &signature, &keys).map_err(|e| e.to_string())?;
        let secs = time_per_call(&timing, || verify_json(&small, &signature, &keys).is_ok());
        emit(serde_json::json!({"kind": "verify", "algorithm": algorithm.name(), "micros": round(secs * 1e6, 2)}));
    }
    Ok(())
}

/// Canonicalizes one payload many times, for a profiler (`perf record`, callgrind).
fn profile_loop(kind: Option<&str>, times: Option<usize>) -> Result<(), String> {
    let (kind, times) = kind.zip(times).ok_or("usage: canonsig-bench loop KIND TIMES")?;
    let (_, make) = payloads::KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .ok_or(format!("no payload kind {kind}"))?;
    let input = make();
    let mut out = Vec::new();
    for _ in 0..times {
        canonsig_canon(black_box(&input), &mut out)?;
    }
    Ok(())
}

fn generate(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let write =
        |name: String, bytes: Vec<u8>| std::fs::write(dir.join(&name), bytes).map_err(|e| format!("{name}: {e}"));
    for (name, make) in payloads::KINDS {
        write(format!("{name}.json"), make())?;
    }
    for (label, size) in payloads::SCALING {
        write(format!("scale-{label}.json"), payloads::records(size))?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let result = match args.first().map(String::as_str) {
        Some("gen") => match args.get(1) {
            Some(dir) => generate(Path::new(dir)),
            None => Err("usage: canonsig-bench gen DIR".into()),
        },
        Some("rust") => run_rust(quick),
        Some("loop") => profile_loop(
            args.get(1).map(String::as_str),
            args.get(2).and_then(|n| n.parse().ok()),
        ),
        _ => Err("usage: canonsig-bench gen DIR | canonsig-bench rust [--quick]".into()),
    };
    if let Err(e) = result {
        eprintln!("canonsig-bench: {e}");
        std::process::exit(1);
    }
}
