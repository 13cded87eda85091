// The web build (pkg-web) in headless Chromium: every fixture case runs in the page through
// the same runner as the Node test; the outcomes come back to Node, which asserts them.
// Needs Debian's chromium (`apt-get install chromium`); set CANONSIG_SKIP_BROWSER=1 to skip
// on a machine without it (CI never does).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import {
  WASM_DIR,
  assertCauseRun,
  assertCaseRuns,
  assertForensicRun,
  loadDiffDocs,
  loadCanonCases,
  loadSchemeDocs,
  loadSignDocs,
  readmeBlocks,
  requireBuilds,
} from "./support.mjs";

const CHROMIUM = "/usr/bin/chromium";
const skip =
  process.env.CANONSIG_SKIP_BROWSER === "1"
    ? "SKIPPED: CANONSIG_SKIP_BROWSER=1"
    : existsSync(CHROMIUM)
      ? false
      : undefined;
if (skip === undefined) {
  throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CANONSIG_SKIP_BROWSER=1 to skip)`);
}
requireBuilds();

// The Node side of the RFC 9421 round trip: a page signs a fetch Request, this verifies it.
const node = await import("canonsig");
const SHARED_SECRET = "a 32-byte secret shared by both!";
const verifyHttp = node.verifySignature(
  new node.http.Verifier(node.Key.hmac(new TextEncoder().encode(SHARED_SECRET), { keyId: "browser" }), {
    requiredComponents: ["@method", "@authority", "@path", "content-digest"],
  }),
);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

// The README's browser example, served with its import map pointed at this build.
const readmeHtml = readmeBlocks("html");

/** Static files from wasm/pkg-web and wasm/js only, plus the README example pages. */
function serve(req, res) {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/verify-http") {
    verifyHttp(req, res, () => {
      const { label, keyId, components } = req.canonsig;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ label, keyId, components, body: Buffer.from(req.rawBody).toString() }));
    });
    return;
  }
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204).end();
    return;
  }
  const example = url.pathname.match(/^\/readme-(\d+)\.html$/);
  if (example && readmeHtml[Number(example[1])]) {
    const page = readmeHtml[Number(example[1])].code.replaceAll("/node_modules/canonsig/pkg-web/", "/pkg-web/");
    res.writeHead(200, { "content-type": TYPES[".html"] }).end(`<!doctype html><meta charset="utf-8">\n${page}`);
    return;
  }
  const file = normalize(join(WASM_DIR, decodeURIComponent(url.pathname)));
  const allowed = [join(WASM_DIR, "pkg-web") + sep, join(WASM_DIR, "js") + sep];
  if (!allowed.some((dir) => file.startsWith(dir)) || !existsSync(file)) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}

let server;
let browser;
let origin;

before(async () => {
  if (skip) return;
  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** A page with the web build initialized (js/index.html); page errors fail the test. */
async function openTestPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${origin}/js/index.html`);
  const ready = await page.evaluate(() => window.canonsigReady);
  return { page, errors, ready };
}

test("chromium: every fixture case through the web build", { skip }, async (t) => {
  const { cases, total } = loadCanonCases();
  const { page, errors, ready } = await openTestPage();
  assert.deepEqual(ready.profiles, ["jcs", "python-sorted", "python-sorted-unicode", "go-json"]);
  const results = await page.evaluate((cs) => window.runCases(cs), cases);
  assert.equal(results.length, total, `ran ${results.length} of the ${total} fixture cases in Chromium`);
  for (const [i, c] of cases.entries()) {
    await t.test(c.id, () => assertCaseRuns(c, results[i]));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: errors thrown in the page are CanonicalizationError instances", { skip }, async () => {
  const { page, errors } = await openTestPage();
  const got = await page.evaluate(() => {
    const { canonicalize, checkCanonical, CanonicalizationError, CanonsigError } = window.canonsig;
    const caught = (fn) => {
      try {
        fn();
        return "no error";
      } catch (e) {
        return {
          instance: e instanceof CanonicalizationError && e instanceof CanonsigError && e instanceof Error,
          name: e.name,
          code: e.code,
          offset: e.offset,
          path: e.path,
        };
      }
    };
    return {
      duplicate: caught(() => canonicalize('{"a":1,"a":2}')),
      loneSurrogate: caught(() => canonicalize('["ok","\ud800"]')),
      option: caught(() => canonicalize("1", { maxDepht: 3 })),
      input: caught(() => checkCanonical(new ArrayBuffer(1))),
      departure: checkCanonical('{"é": 1}'),
    };
  });
  const expected = (code, offset, path) => ({ instance: true, name: "CanonicalizationError", code, offset, path });
  assert.deepEqual(got.duplicate, expected("duplicate_key", 7, "$.a"));
  assert.deepEqual(got.loneSurrogate, expected("lone_surrogate", 7, "$[1]"));
  assert.deepEqual(got.option, expected("invalid_option", null, null));
  assert.deepEqual(got.input, expected("unsupported_value", null, null));
  assert.deepEqual(got.departure, { offset: 6, line: 1, column: 7 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: every signing fixture through the web build", { skip }, async (t) => {
  const docs = loadSignDocs();
  const { page, errors } = await openTestPage();
  const { results, counts } = await page.evaluate((d) => window.runSignFixtures(d), docs);
  const ran = {};
  for (const r of results) ran[r.file] = (ran[r.file] ?? 0) + 1;
  assert.deepEqual(ran, counts, "ran every key and case of fixtures/sign in Chromium");
  assert.deepEqual(counts, {
    "keys.json": docs.keys.keys.length,
    "raw.json": docs.raw.cases.length,
    "json.json": docs.json.cases.length,
    "errors.json": docs.errors.cases.length,
  });
  for (const r of results) {
    await t.test(`${r.file}: ${r.id}`, () => assert.deepEqual(r.problems, [], r.problems.join("\n")));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: every request-signing fixture (fixtures/schemes) through the web build", { skip }, async (t) => {
  const docs = loadSchemeDocs();
  const { page, errors } = await openTestPage();
  const { results, counts } = await page.evaluate((d) => window.runSchemeFixtures(d), docs);
  const ran = {};
  for (const r of results) ran[r.file] = (ran[r.file] ?? 0) + 1;
  assert.deepEqual(ran, counts, "ran every case of fixtures/schemes in Chromium");
  assert.deepEqual(counts, {
    rfc9421: docs.rfc9421.cases.length,
    content_digest: docs.content_digest.cases.length,
    sigv4: docs.sigv4.cases.length,
    webhooks: docs.webhooks.cases.length,
  });
  for (const r of results) {
    await t.test(`${r.file}: ${r.id}`, () => assert.deepEqual(r.problems, [], r.problems.join("\n")));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: sign and verify in the page, every algorithm", { skip }, async () => {
  const { page, errors } = await openTestPage();
  const got = await page.evaluate(async () => {
    const { ALGORITHMS, Key, MemoryNonceStore, Signature, SignatureMismatchError, Verifier, signJson, signJsonTraced } =
      window.canonsig;
    const out = {};
    const now = Math.floor(Date.now() / 1000);
    for (const algorithm of ALGORITHMS) {
      const t0 = performance.now();
      const key = Key.generate(algorithm, { keyId: `page-${algorithm}` });
      const keygenMs = performance.now() - t0;
      const verifyKey = algorithm.startsWith("hmac") ? key : Key.fromPem(key.publicPem(), { algorithm, keyId: key.keyId });
      const verifier = new Verifier(verifyKey, { nonceStore: new MemoryNonceStore(), requireCreated: true });
      const { signature, trace } = signJsonTraced('{"b": [1.0, "\u00e9"], "a": true}', key, {
        created: now,
        nonce: `n-${algorithm}`,
        includeSigningString: true,
      });
      const verified = verifier.verifyJson('{"a":true,"b":[1,"é"]}', signature.toHeader());
      let replay;
      try {
        verifier.verifyJson('{"a":true,"b":[1,"é"]}', Signature.parse(signature.toHeader()));
      } catch (e) {
        replay = e.code;
      }
      let mismatch;
      try {
        verifier.verifyJson('{"a":true,"b":[2,"é"]}', signJson('{"b":[1,"é"],"a":true}', key, { created: now, nonce: "m" }));
      } catch (e) {
        mismatch = {
          isClass: e instanceof SignatureMismatchError,
          code: e.code,
          signed: new TextDecoder().decode(e.signedBytes),
          sha: e.signedSha256,
        };
      }
      out[algorithm] = {
        keygenMs,
        kind: key.toJSON().kind,
        verifiedKeyId: verified.keyId,
        traceSha: trace.signing_sha256,
        verifiedSha: verified.signedSha256,
        signed: new TextDecoder().decode(Uint8Array.from(atob(trace.signing_string_b64), (c) => c.charCodeAt(0))),
        replay,
        mismatch,
      };
    }
    return out;
  });
  const now = Math.floor(Date.now() / 1000);
  for (const algorithm of Object.keys(got)) {
    const r = got[algorithm];
    assert.equal(r.verifiedKeyId, `page-${algorithm}`, algorithm);
    assert.equal(r.kind, algorithm.startsWith("hmac") ? "secret" : "private");
    assert.equal(r.verifiedSha, r.traceSha, algorithm);
    const envelope = JSON.parse(r.signed);
    assert.deepEqual(envelope.payload, { a: true, b: [1, "é"] });
    assert.equal(envelope.signature_params.alg, algorithm);
    assert.ok(Math.abs(envelope.signature_params.created - now) < 60);
    assert.equal(r.replay, "replayed_nonce", algorithm);
    assert.equal(r.mismatch?.isClass, true, algorithm);
    assert.equal(r.mismatch.code, "signature_mismatch");
    assert.match(r.mismatch.signed, /^\{"payload":\{"a":true,"b":\[2,"é"\]\},"signature_params":/);
    assert.match(r.mismatch.sha, /^[0-9a-f]{64}$/);
  }
  assert.equal(Object.keys(got).length, 8);
  console.log(`# chromium keygen ms: ${Object.entries(got).map(([a, r]) => `${a} ${r.keygenMs.toFixed(0)}`).join(", ")}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: every fixtures/diff case through the web build", { skip }, async (t) => {
  const docs = loadDiffDocs();
  const { page, errors } = await openTestPage();
  const causes = await page.evaluate((cs) => window.runCauseCases(cs), docs.causes);
  const found = await page.evaluate((cs) => window.runForensicCases(cs), docs.forensics);
  assert.equal(causes.length, docs.causes.length, "ran every causes.json case in Chromium");
  assert.equal(found.length, docs.forensics.length, "ran every forensics.json case in Chromium");
  for (const [i, c] of docs.causes.entries()) {
    await t.test(`causes.json: ${c.name}`, () => assertCauseRun(c, causes[i]));
  }
  for (const [i, c] of docs.forensics.entries()) {
    await t.test(`forensics.json: ${c.name}`, () => assertForensicRun(c, found[i]));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: diff and explain of two 1 MB strings return", { skip }, async () => {
  const { page, errors } = await openTestPage();
  const got = await page.evaluate(() => {
    const { diff, explain } = window.canonsig;
    const line = '{"id": 12345, "name": "caf\u00e9", "tags": ["a", "b"], "ok": true}\n';
    const base = line.repeat(Math.ceil((1 << 20) / line.length));
    const changed = `${base.slice(0, 1000)}X${base.slice(1001, 600000)}\u00a0${base.slice(600001)}`;
    const d = diff(base, changed);
    const e = explain(base, changed);
    return {
      len: new TextEncoder().encode(base).length,
      at: new TextEncoder().encode(base.slice(0, 1000)).length,
      first: d.firstDifference.offset,
      explained: e.diff.firstDifference.offset,
      changes: d.changes.length,
      causes: e.causes,
    };
  });
  assert.ok(got.len >= 1 << 20);
  assert.equal(got.first, got.at);
  assert.equal(got.explained, got.at);
  assert.ok(got.changes >= 2 && got.changes <= 2000, `${got.changes} changes`);
  assert.ok(got.causes.length > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("chromium: the README browser example", { skip }, async () => {
  assert.equal(readmeHtml.length, 1, "one ```html example in README.md");
  const page = await browser.newPage();
  const logged = [];
  const errors = [];
  page.on("console", (m) => (m.type() === "log" ? logged : errors).push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/readme-0.html`);
  // Console events arrive asynchronously; wait until all promised lines are in.
  for (let i = 0; i < 50 && logged.length < readmeHtml[0].expected.length && errors.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(logged, readmeHtml[0].expected);
  await page.close();
});

test("chromium: a fetch Request signed in the page (RFC 9421) is verified by the Node server", { skip }, async () => {
  const { page, errors, ready } = await openTestPage();
  await ready;
  const got = await page.evaluate(async (secret) => {
    const { Key, http } = window.canonsig;
    const key = Key.hmac(new TextEncoder().encode(secret), { keyId: "browser" });
    const auth = new http.FetchAuth(key);
    const body = JSON.stringify({ from: "chromium", n: 1 });
    const ok = await auth.fetch("/verify-http?page=1", { method: "POST", body, headers: { "content-type": "application/json" } });
    const signed = await auth.sign("/verify-http", { method: "POST", body });
    const tampered = await fetch(new Request(signed.url, { method: "POST", headers: signed.headers, body: body + " " }));
    return { status: ok.status, result: await ok.json(), tampered: [tampered.status, (await tampered.json()).error] };
  }, SHARED_SECRET);
  assert.equal(got.status, 200);
  assert.deepEqual(got.result.components, ['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"']);
  assert.deepEqual([got.result.keyId, got.result.body], ["browser", JSON.stringify({ from: "chromium", n: 1 })]);
  assert.deepEqual(got.tampered, [401, "digest_mismatch"]);
  assert.deepEqual(errors.filter((e) => !e.includes("401")), []);
  await page.close();
});
