// The playground page (wasm/playground, with the web build copied to playground/pkg by
// build.sh) in headless Chromium: the test types the shared fixture pairs into the page and
// reads what it shows (cause names, first difference), runs a forensic case through the
// key + signature form, and saves a screenshot to wasm/playground/artifacts/ (gitignored).
// Set CANONSIG_SKIP_BROWSER=1 to skip on a machine without Debian's chromium.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { WASM_DIR, loadDiffDocs } from "./support.mjs";

const CHROMIUM = "/usr/bin/chromium";
const PLAYGROUND = join(WASM_DIR, "playground");
const ARTIFACTS = join(PLAYGROUND, "artifacts");
const skip =
  process.env.CANONSIG_SKIP_BROWSER === "1"
    ? "SKIPPED: CANONSIG_SKIP_BROWSER=1"
    : existsSync(CHROMIUM)
      ? false
      : undefined;
if (skip === undefined) {
  throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CANONSIG_SKIP_BROWSER=1 to skip)`);
}
if (!existsSync(join(PLAYGROUND, "pkg", "canonsig_wasm.js"))) {
  throw new Error("wasm/playground/pkg is missing: run `bash wasm/build.sh` (it copies pkg-web there)");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

/** The playground folder as a static site, nothing else (as `python3 -m http.server` would). */
function serve(req, res) {
  const path = new URL(req.url, "http://localhost").pathname;
  const file = normalize(join(PLAYGROUND, decodeURIComponent(path === "/" ? "/index.html" : path)));
  if (!file.startsWith(PLAYGROUND + sep) || !existsSync(file) || file.startsWith(ARTIFACTS)) {
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

/** The playground, loaded; every request it makes is recorded (it must stay on its origin). */
async function openPlayground() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${origin}/`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors, requests };
}

/** What the result panel shows: the cause names and the first difference, as text. */
async function shown(page) {
  return page.evaluate(() => ({
    causes: [...document.querySelectorAll("#causes > li[data-cause] code.cause")].map((e) => e.textContent),
    firstDifference: document.getElementById("first-difference")?.textContent ?? null,
    summary: document.getElementById("summary").textContent,
    inputError: document.getElementById("input-error").hidden ? null : document.getElementById("input-error").textContent,
  }));
}

function parseFirstDifference(text) {
  if (text === null) return null;
  const m = text.match(/^first difference at byte (\d+) \(line (\d+), column (\d+)\)$/);
  assert.ok(m, `first difference shown as ${JSON.stringify(text)}`);
  return { offset: Number(m[1]), line: Number(m[2]), column: Number(m[3]) };
}

/**
 * How a fixture side is entered: as text when a textarea keeps it byte for byte, else as
 * hex (a textarea turns CR LF into LF, and cannot hold invalid UTF-8 or lone surrogates).
 */
function asTyped(side) {
  if (typeof side.text === "string" && !side.text.includes("\r") && side.text.isWellFormed()) return { text: side.text };
  const bytes = typeof side.text === "string" ? Buffer.from(side.text, "utf8") : Buffer.from(side.hex, "hex");
  return { hex: bytes.toString("hex").replace(/(..)/g, "$1 ").trim() };
}

async function enterPair(page, expected, actual) {
  const e = asTyped(expected);
  const a = asTyped(actual);
  const hex = e.hex !== undefined || a.hex !== undefined;
  await page.fill("#expected", "");
  await page.fill("#actual", "");
  await page.setChecked("#hex", hex);
  await page.fill("#expected", hex ? (e.hex ?? Buffer.from(e.text).toString("hex")) : e.text);
  await page.fill("#actual", hex ? (a.hex ?? Buffer.from(a.text).toString("hex")) : a.text);
}

test("playground: every fixtures/diff/causes.json pair typed in, causes and first difference shown", { skip }, async (t) => {
  const { causes: cases } = loadDiffDocs();
  assert.ok(cases.length >= 4, `${cases.length} cases`);
  const { page, errors, requests } = await openPlayground();
  let ran = 0;
  for (const c of cases) {
    await enterPair(page, c.expected, c.actual);
    const got = await shown(page);
    ran += 1;
    await t.test(c.name, () => {
      assert.equal(got.inputError, null);
      for (const cause of c.causes) {
        assert.ok(got.causes.includes(cause), `${c.name}: ${cause} not shown; shown ${JSON.stringify(got.causes)}`);
      }
      for (const cause of c.absent ?? []) {
        assert.ok(!got.causes.includes(cause), `${c.name}: ${cause} shown but absent in the fixture`);
      }
      assert.deepEqual(parseFirstDifference(got.firstDifference), c.first_difference, `${c.name}: ${got.summary}`);
      if (c.first_difference === null) assert.match(got.summary, /^Identical: \d+ bytes?\.$/);
    });
  }
  assert.equal(ran, cases.length);
  assert.deepEqual(errors, []);
  assert.ok(requests.every((u) => u.startsWith(origin)), `requests left the page's origin: ${requests}`);
  await page.close();
});

test("playground: typing key by key updates the result", { skip }, async () => {
  const { causes: cases } = loadDiffDocs();
  const c = cases.find((x) => x.name.startsWith("key_order/") && x.expected.text.length < 200);
  assert.ok(c, "a short key_order case");
  const { page, errors } = await openPlayground();
  await page.locator("#expected").pressSequentially(c.expected.text);
  await page.locator("#actual").pressSequentially(c.actual.text);
  const got = await shown(page);
  assert.ok(got.causes.includes("key_order"), JSON.stringify(got));
  assert.deepEqual(parseFirstDifference(got.firstDifference), c.first_difference);
  // The byte diff marks the changed spans on both sides.
  const marked = await page.evaluate(() => ({
    del: document.querySelectorAll("#diff-expected del").length,
    ins: document.querySelectorAll("#diff-actual ins").length,
  }));
  assert.ok(marked.del > 0 && marked.ins > 0, JSON.stringify(marked));
  assert.deepEqual(errors, []);
  await page.close();
});

test("playground: invisible characters are made visible in the byte diff", { skip }, async () => {
  const { page, errors } = await openPlayground();
  await page.fill("#expected", '{"name":"a b"}');
  await page.fill("#actual", '{"name":"a\u00a0b"}');
  const got = await shown(page);
  assert.ok(got.causes.includes("invisible_character"), JSON.stringify(got));
  assert.equal(await page.textContent("#diff-actual ins"), "⟨NBSP⟩");
  assert.deepEqual(errors, []);
  await page.close();
});

async function runForensicCase(page, c) {
  await page.setChecked("#hex", false);
  await page.fill("#expected", c.payload.text);
  await page.fill("#actual", "");
  if (!(await page.evaluate(() => document.getElementById("forensics-panel").open))) {
    await page.locator("#forensics-panel > summary").click();
  }
  if (c.key.hmac_hex !== undefined) {
    await page.selectOption("#key-kind", "hmac-hex");
    await page.fill("#key", c.key.hmac_hex);
  } else {
    await page.selectOption("#key-kind", "pem");
    await page.fill("#key", c.key.public_pem);
  }
  await page.selectOption("#algorithm", c.algorithm);
  await page.fill("#signature", c.signature);
  await page.click("#run-forensics");
  return page.evaluate(() => ({
    state: document.getElementById("forensics-result").dataset.state,
    verdict: document.getElementById("forensics-verdict")?.textContent ?? null,
    signed: document.getElementById("forensics-signed")?.textContent ?? null,
    causes: [...document.querySelectorAll("#forensics-causes > li code.cause")].map((e) => e.textContent),
    text: document.getElementById("forensics-result").textContent,
  }));
}

test("playground: forensics shows what the signer signed (and nothing when no candidate fits)", { skip }, async () => {
  const { forensics: cases } = loadDiffDocs();
  // Text without CR or invisible characters reads back from the page exactly.
  const positive = cases.find(
    (c) => c.signed !== null && c.key.hmac_hex !== undefined && c.signed.text.includes("\n  ") && !/[\r\u00a0⟨]/.test(c.signed.text),
  );
  const asymmetric = cases.find((c) => c.signed !== null && c.key.public_pem !== undefined && !/[\r\n⟨]/.test(c.signed.text));
  const negative = cases.find((c) => c.signed === null);
  assert.ok(positive && asymmetric && negative, "forensics.json has positive HMAC, Ed25519 and negative cases");
  const { page, errors } = await openPlayground();

  for (const c of [positive, asymmetric]) {
    const got = await runForensicCase(page, c);
    assert.equal(got.state, "matched", `${c.name}: ${got.text}`);
    assert.match(got.verdict, /^Found: the signer signed /);
    assert.equal(got.signed, c.signed.text, c.name);
    assert.ok(!got.text.includes(c.key.hmac_hex ?? "-----BEGIN"), `${c.name}: the page shows the key`);
  }
  const none = await runForensicCase(page, negative);
  assert.equal(none.state, "none", none.text);
  assert.match(none.verdict, /^No serialization reproduces the signature/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("playground: two traces are detected; screenshot saved", { skip }, async () => {
  const { page, errors } = await openPlayground();
  await page.selectOption("#example", "traces");
  assert.equal(await page.textContent("#detected"), "Detected: two signing traces");
  assert.ok((await shown(page)).causes.includes("parameter_changed"));

  // The screenshot: the forensics example (a diff, its causes, and the forensic verdict).
  await page.selectOption("#example", "forensics");
  assert.equal(await page.getAttribute("#forensics-result", "data-state"), "matched");
  const got = await shown(page);
  assert.ok(got.causes.includes("whitespace") && got.causes.includes("unicode_escaping"), JSON.stringify(got));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "screenshot.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
