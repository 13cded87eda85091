// Benchmark (not a test): SHA-256 and HMAC-SHA256 throughput inside WebAssembly (canonsig's
// core, on ring) against Node's crypto (OpenSSL), for 64 B, 1 KB, 64 KB and 1 MB inputs.
//
//   bash wasm/build.sh && node wasm/bench/hash.mjs [--quick]
//
// canonsig exposes no digest function of its own (the core's only public entry points that
// hash are Key.sign/verify, signJson and the traces), so:
// - HMAC-SHA256 in WASM is measured directly: Key.hmac(secret).sign(bytes), which includes
//   copying the input into WebAssembly memory, as every real call does;
// - SHA-256 in WASM is measured through the same call: HMAC-SHA256 of n bytes is SHA-256 of
//   n + 64 bytes plus one 64-byte block, so for 64 KB and up its throughput is SHA-256's
//   (for small inputs HMAC costs about 4 compressions where SHA-256 costs 1-2);
// - for reference, Node's SHA-256 and HMAC (sync, OpenSSL) and WebCrypto's
//   crypto.subtle.digest (async, what a browser has).
// A last table times what a signer actually does with a 1 MB JSON payload.
// MB/s = 10^6 bytes per second; each cell runs for at least ~0.3 s after a warm-up.
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg-node", "canonsig_wasm.js");
const { Key, canonicalize, signJson } = require(pkg);

const quick = process.argv.includes("--quick");
const MIN_MS = quick ? 60 : 300;
const SIZES = [
  ["64 B", 64],
  ["1 KB", 1024],
  ["64 KB", 64 * 1024],
  ["1 MB", 1024 * 1024],
];

function timeSync(fn, bytes) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (let i = 0; i < 16; i++) fn();
    iterations += 16;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < MIN_MS);
  return { mbps: (bytes * iterations) / (elapsed / 1000) / 1e6, usPerOp: (elapsed * 1000) / iterations };
}

async function timeAsync(fn, bytes) {
  for (let i = 0; i < 3; i++) await fn();
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (let i = 0; i < 16; i++) await fn();
    iterations += 16;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < MIN_MS);
  return { mbps: (bytes * iterations) / (elapsed / 1000) / 1e6, usPerOp: (elapsed * 1000) / iterations };
}

const fmt = (r) => `${r.mbps.toFixed(1).padStart(8)} MB/s`;
const pad = (s, n) => String(s).padEnd(n);

const secret = crypto.randomBytes(32);
const key = Key.hmac(new Uint8Array(secret));

// Same answers before timing anything.
for (const [, n] of SIZES) {
  const data = new Uint8Array(crypto.randomBytes(n));
  const ours = Buffer.from(key.sign(data)).toString("hex");
  const node = crypto.createHmac("sha256", secret).update(data).digest("hex");
  if (ours !== node) throw new Error(`HMAC mismatch at ${n} bytes`);
}

console.log(`canonsig wasm vs Node ${process.version} crypto (OpenSSL ${process.versions.openssl}); ${quick ? "quick run" : "full run"}\n`);
console.log(
  `${pad("input", 7)}| ${pad("HMAC-SHA256 wasm", 17)}| ${pad("HMAC node:crypto", 17)}| ${pad("ratio", 7)}| ${pad("SHA-256 node:crypto", 20)}| ${pad("subtle.digest", 15)}| ${pad("wasm HMAC / node SHA-256", 24)}`,
);
console.log("-".repeat(118));
for (const [label, n] of SIZES) {
  const data = new Uint8Array(crypto.randomBytes(n));
  const wasmHmac = timeSync(() => key.sign(data), n);
  const nodeHmac = timeSync(() => crypto.createHmac("sha256", secret).update(data).digest(), n);
  const nodeSha = timeSync(() => crypto.createHash("sha256").update(data).digest(), n);
  const subtle = await timeAsync(() => crypto.subtle.digest("SHA-256", data), n);
  console.log(
    `${pad(label, 7)}| ${pad(fmt(wasmHmac), 17)}| ${pad(fmt(nodeHmac), 17)}| ${pad(`${(nodeHmac.mbps / wasmHmac.mbps).toFixed(2)}x`, 7)}| ${pad(fmt(nodeSha), 20)}| ${pad(fmt(subtle), 15)}| ${(nodeSha.mbps / wasmHmac.mbps).toFixed(2)}x slower`,
  );
}

// What a signer does with a large JSON payload: canonicalize, then MAC.
const doc = JSON.stringify(
  Array.from({ length: 9000 }, (_, i) => ({ id: i, name: `item ${i}`, price: i / 7, tags: ["a", "é", "😀"], ok: i % 2 === 0 })),
);
const docBytes = Buffer.byteLength(doc);
const canonical = canonicalize(doc);
console.log(`\nsigning a ${(docBytes / 1e6).toFixed(2)} MB JSON payload (HMAC-SHA256), per call:`);
const rows = [
  ["signJson (canonicalize + HMAC, all in wasm)", timeSync(() => signJson(doc, key), docBytes)],
  ["canonicalize only (wasm)", timeSync(() => canonicalize(doc), docBytes)],
  ["HMAC of the canonical bytes, wasm (Key.sign)", timeSync(() => key.sign(canonical), docBytes)],
  ["HMAC of the canonical bytes, node:crypto", timeSync(() => crypto.createHmac("sha256", secret).update(canonical).digest(), docBytes)],
];
for (const [what, r] of rows) console.log(`  ${pad(what, 46)} ${(r.usPerOp / 1000).toFixed(2).padStart(8)} ms  (${fmt(r).trim()})`);
