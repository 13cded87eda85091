// Nothing crosses the JS boundary as a trap: the fuzz seeds, the inputs a fuzz run once
// crashed on (fuzz/seeds/<target>, fuzz/regressions/<target>) and a local fuzz run's corpus
// (fuzz/corpus/<target>, when present) go through the entry points the fuzz targets cover.
// Each call returns or throws a CanonsigError with a code; a Rust panic would be a
// WebAssembly RuntimeError (and leave the module unusable), which fails the test.
// Input layouts are the fuzz targets': canonicalize and keys start with a selector byte,
// explain holds both sides split at FF 00 (else in half).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { REPO_ROOT, requireBuilds } from "./support.mjs";

requireBuilds();
const api = await import("canonsig");
const { canonicalize, checkCanonical, explain, explainTraces, visible, Key, PROFILES, CanonsigError } = api;

const FUZZ = join(REPO_ROOT, "fuzz");
const CORPUS_LIMIT = 400;

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

function inputs(target) {
  return ["seeds", "regressions", "corpus"].flatMap((kind) => {
    const found = files(join(FUZZ, kind, target));
    return (kind === "corpus" ? found.slice(0, CORPUS_LIMIT) : found).map((p) => new Uint8Array(readFileSync(p)));
  });
}

/** "ok" or the error's code; anything but a CanonsigError is rethrown. */
function outcome(call) {
  try {
    call();
    return "ok";
  } catch (e) {
    if (!(e instanceof CanonsigError)) throw e;
    assert.equal(typeof e.code, "string");
    return e.code;
  }
}

function split(data) {
  for (let i = 0; i + 1 < data.length; i++) {
    if (data[i] === 0xff && data[i + 1] === 0x00) return [data.slice(0, i), data.slice(i + 2)];
  }
  const half = data.length >> 1;
  return [data.slice(0, half), data.slice(half)];
}

function* mutations(data) {
  yield data;
  for (const cut of [data.length / 3, data.length / 2, data.length - 1]) yield data.slice(0, Math.max(0, Math.floor(cut)));
  for (let at = 0; at < data.length; at += Math.max(1, data.length >> 3)) {
    const copy = data.slice();
    copy[at] ^= 0x20;
    yield copy;
  }
}

const latin = new TextDecoder("utf-8");

describe("the fuzz corpus through the Node build", () => {
  test("every target has its seeds", () => {
    for (const target of ["canonicalize", "sfv", "sigv4_request", "explain", "keys"]) {
      assert.ok(inputs(target).length >= 5, target);
    }
  });

  test("canonicalize", () => {
    const codes = new Set();
    for (const data of inputs("canonicalize")) {
      const selector = data[0] ?? 0;
      const options = { profile: PROFILES[selector % PROFILES.length], allowUnsafeIntegers: (selector & 0x80) !== 0 };
      const doc = data.slice(1);
      for (const input of [doc, latin.decode(doc)]) {
        codes.add(outcome(() => canonicalize(input, options)));
        codes.add(outcome(() => checkCanonical(input, options)));
      }
    }
    assert.ok(codes.has("ok") && codes.size > 3, [...codes].join(" "));
  });

  test("explain: never traps, first difference is the common prefix", () => {
    for (const data of inputs("explain")) {
      const [expected, actual] = split(data);
      const why = explain(expected, actual);
      let prefix = 0;
      while (prefix < expected.length && prefix < actual.length && expected[prefix] === actual[prefix]) prefix++;
      const equal = expected.length === actual.length && prefix === expected.length;
      assert.equal(why.isEqual, equal);
      if (!equal) assert.equal(why.diff.firstDifference.offset, prefix);
      outcome(() => explainTraces(expected, actual));
      visible(expected);
    }
  });

  test("key parsing (PEM, JWK)", () => {
    const codes = new Set();
    for (const data of inputs("keys")) {
      const text = latin.decode(data.slice(1));
      codes.add(outcome(() => Key.fromPem(text)));
      codes.add(outcome(() => Key.fromJwk(text)));
    }
    assert.ok(codes.has("ok"), [...codes].join(" "));
  });

  test("request and signature-header parsers", (t) => {
    if (!api.http?.parseRequest) return t.skip("this build has no http.parseRequest");
    const { http, aws } = api;
    const verifier = new aws.Verifier(
      { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
      { now: () => 1_440_938_160 },
    );
    let parsed = 0;
    for (const data of inputs("sigv4_request")) {
      for (const raw of mutations(data)) {
        let req;
        if (outcome(() => (req = http.parseRequest(raw))) !== "ok") continue;
        parsed++;
        outcome(() => aws.signedParts(req));
        outcome(() => aws.signedParts(req, aws.Settings.s3()));
        outcome(() => verifier.verify(req));
      }
    }
    assert.ok(parsed > 0);
    for (const data of inputs("sfv")) {
      for (const raw of mutations(data)) {
        const text = latin.decode(raw);
        for (const parse of [http.parseSignatureInput, http.parseSignature, http.parseAcceptSignature]) {
          outcome(() => parse(text));
        }
      }
    }
  });
});
