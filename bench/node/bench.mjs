// Node side of bench/run.py: canonsig's WASM build against the npm JCS libraries.
//
// Every implementation starts from the same JSON text as a string (what a Node server has
// after reading a body) and ends with an HMAC-SHA256 of its output (node:crypto), so each
// row times parse + canonicalize + HMAC:
//   canonsig canonicalize(string)            -> Uint8Array (JCS, WASM)
//   canonsig canonicalize(Uint8Array)        -> Uint8Array (the body's bytes, no decode)
//   canonicalize(JSON.parse(string))         (npm canonicalize 4.0.0, JCS)
//   canonicalize(JSON.parse(string))         (npm json-canonicalize 3.0.1, JCS)
// One JSON record per line on stdout; run.py checks the SHA-256 of every output.
//
//   node bench/node/bench.mjs DATA_DIR PKG_NODE_DIR [--quick]
import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

import erdtman from "canonicalize";
import { canonicalize as snowyu } from "json-canonicalize";

const [dataDir, pkgDir] = process.argv.slice(2);
const quick = process.argv.includes("--quick");
const require = createRequire(import.meta.url);
const canonsig = require(join(resolve(pkgDir), "canonsig_wasm.js"));

const KINDS = ["small", "medium", "large", "numbers", "unicode"];
const SECRET = Buffer.from("bench-secret-0123456789abcdef");
const SAMPLES = quick ? 3 : 7;
const SAMPLE_MS = quick ? 20 : 100;

function timePerCall(fn) {
  // Warm up (JIT, caches) for one sample's time; the calls it made size the samples.
  let calls = 0;
  let start = process.hrtime.bigint();
  do {
    fn();
    calls++;
  } while (Number(process.hrtime.bigint() - start) / 1e6 < SAMPLE_MS);
  const once = Number(process.hrtime.bigint() - start) / 1e9 / calls;
  const iters = Math.max(1, Math.min(1_000_000, Math.floor(SAMPLE_MS / 1000 / once)));
  const results = [];
  for (let s = 0; s < SAMPLES; s++) {
    start = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn();
    results.push(Number(process.hrtime.bigint() - start) / 1e9 / iters);
  }
  results.sort((a, b) => a - b);
  return results[0]; // the fastest sample: the least disturbed on a shared machine
}

const hmac = (bytes) => crypto.createHmac("sha256", SECRET).update(bytes).digest();
const sha256 = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");

for (const kind of KINDS) {
  const bytes = readFileSync(join(dataDir, `${kind}.json`));
  const text = bytes.toString("utf8");
  const impls = [
    ["canonsig (wasm, string in)", () => canonsig.canonicalize(text)],
    ["canonsig (wasm, bytes in)", () => canonsig.canonicalize(bytes)],
    ["canonicalize (npm)", () => erdtman(JSON.parse(text))],
    ["json-canonicalize (npm)", () => snowyu(JSON.parse(text))],
  ];
  for (const [name, canon] of impls) {
    const out = canon();
    const secs = timePerCall(() => hmac(canon()));
    console.log(
      JSON.stringify({
        kind: "throughput",
        lang: "node",
        payload: kind,
        bytes: bytes.length,
        impl: name,
        mbps: Math.round((bytes.length / 1e6 / secs) * 100) / 100,
        ops: Math.round((1 / secs) * 10) / 10,
        sha256: sha256(out),
      }),
    );
  }
}
