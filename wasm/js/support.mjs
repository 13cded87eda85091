// Test helpers (Node only): where things are, the shared fixtures normalized for runner.mjs,
// and the assertions on recorded outcomes.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { bytesToHex } from "./runner.mjs";

export const WASM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(WASM_DIR, "..");
export const PKG_NODE = join(WASM_DIR, "pkg-node", "canonsig_wasm.js");
export const PKG_WEB = join(WASM_DIR, "pkg-web", "canonsig_wasm.js");

/** Fails with the command to run when the builds are missing. */
export function requireBuilds() {
  for (const entry of [PKG_NODE, PKG_WEB]) {
    if (!existsSync(entry)) {
      throw new Error(`${entry} is missing: run \`bash wasm/build.sh\` from the repository root first`);
    }
  }
}

/** `fixtures/canon` of this repository (`CANONSIG_FIXTURES` overrides the `fixtures` folder). */
export const FIXTURES_DIR = join(process.env.CANONSIG_FIXTURES ?? join(REPO_ROOT, "fixtures"), "canon");

/** `fixtures/sign` of this repository (same override). */
export const SIGN_FIXTURES_DIR = join(process.env.CANONSIG_FIXTURES ?? join(REPO_ROOT, "fixtures"), "sign");

/** The four files of fixtures/sign, parsed, for sign_runner.mjs `runSignFixtures`. */
export function loadSignDocs() {
  assert.ok(existsSync(SIGN_FIXTURES_DIR), `no fixtures folder ${SIGN_FIXTURES_DIR}`);
  const files = readdirSync(SIGN_FIXTURES_DIR).filter((f) => f.endsWith(".json")).sort();
  // A new file needs a runner: fail rather than skip it silently.
  assert.deepEqual(files, ["errors.json", "json.json", "keys.json", "raw.json"], "fixtures/sign files");
  const read = (name) => JSON.parse(readFileSync(join(SIGN_FIXTURES_DIR, name), "utf8"));
  return { keys: read("keys.json"), raw: read("raw.json"), json: read("json.json"), errors: read("errors.json") };
}

/** `fixtures/schemes` of this repository (same override). */
export const SCHEME_FIXTURES_DIR = join(process.env.CANONSIG_FIXTURES ?? join(REPO_ROOT, "fixtures"), "schemes");

/**
 * The four files of fixtures/schemes, parsed, with the keys they name (fixtures/sign/keys.json
 * and the RFC 9421 keys of ../shared/vectors, read in place), for schemes_runner.mjs.
 */
export function loadSchemeDocs() {
  const files = readdirSync(SCHEME_FIXTURES_DIR).filter((f) => f.endsWith(".json")).sort();
  // A new file needs a runner: fail rather than skip it silently.
  assert.deepEqual(files, ["content_digest.json", "rfc9421.json", "sigv4.json", "webhooks.json"], "fixtures/schemes files");
  const read = (name) => JSON.parse(readFileSync(join(SCHEME_FIXTURES_DIR, name), "utf8"));
  const rfc = sharedVectors("rfc9421");
  assert.ok(rfc !== null, skipMessage("rfc9421"));
  return {
    rfc9421: read("rfc9421.json"),
    content_digest: read("content_digest.json"),
    sigv4: read("sigv4.json"),
    webhooks: read("webhooks.json"),
    keys: JSON.parse(readFileSync(join(SIGN_FIXTURES_DIR, "keys.json"), "utf8")),
    rfcKeys: JSON.parse(readFileSync(join(rfc, "keys.json"), "utf8")),
  };
}

/**
 * `<repo>/../shared/vectors/<name>` (or `$CANONSIG_SHARED_VECTORS/<name>`), read in place,
 * or null when absent: the caller then skips, saying so.
 */
export function sharedVectors(name) {
  const dir = sharedVectorsPath(name);
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}

function sharedVectorsPath(name) {
  return join(process.env.CANONSIG_SHARED_VECTORS ?? join(REPO_ROOT, "..", "shared", "vectors"), name);
}

/** Why a shared-vector test was skipped (shown by node --test as `# SKIP ...`). */
export function skipMessage(name) {
  return `SKIPPED: public vectors not found at ${sharedVectorsPath(name)} (set CANONSIG_SHARED_VECTORS, or check out shared/ beside the repository)`;
}

const utf8 = new TextEncoder();

/** snake_case fixture option names to the JS names (`max_depth` -> `maxDepth`). */
function jsOptions(caseOptions, profile) {
  const options = {};
  if (profile !== undefined) options.profile = profile;
  for (const [key, value] of Object.entries(caseOptions ?? {})) {
    options[key.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
  return options;
}

/**
 * Every case of every `fixtures/canon/*.json`, normalized for runner.mjs:
 * `{ file, id, inputHex, inputText (null for hex-only input), options, expectedHex | error }`.
 * Also returns the total number of cases in the files, for the anti-drift count.
 */
export function loadCanonCases() {
  assert.ok(existsSync(FIXTURES_DIR), `no fixtures folder ${FIXTURES_DIR}`);
  const files = readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  assert.ok(files.length > 0, `no fixture files in ${FIXTURES_DIR}`);
  const cases = [];
  let total = 0;
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8"));
    assert.ok(Array.isArray(doc.cases), `${file}: no "cases" array`);
    total += doc.cases.length;
    for (const c of doc.cases) {
      assert.equal(typeof c.id, "string", `${file}: a case without an id`);
      const hasText = typeof c.input === "string";
      assert.ok(hasText || typeof c.input_hex === "string", `${c.id}: no input or input_hex`);
      const normalized = {
        file,
        id: c.id,
        inputHex: hasText ? bytesToHex(utf8.encode(c.input)) : c.input_hex.replace(/\s/g, "").toLowerCase(),
        inputText: hasText ? c.input : null,
        options: jsOptions(c.options, c.profile),
      };
      if (typeof c.expected === "string") {
        normalized.expectedHex = bytesToHex(utf8.encode(c.expected));
      } else if (typeof c.expected_hex === "string") {
        normalized.expectedHex = c.expected_hex.replace(/\s/g, "").toLowerCase();
      } else {
        assert.equal(typeof c.error?.code, "string", `${c.id}: no expected, expected_hex or error.code`);
        normalized.error = c.error;
      }
      cases.push(normalized);
    }
  }
  return { cases, total, files };
}

function shown(hex) {
  return JSON.stringify(Buffer.from(hex, "hex").toString("utf8"));
}

/** Asserts that every recorded run of a case (runner.mjs `runCase`) matches the fixture. */
export function assertCaseRuns(c, result) {
  assert.equal(result.id, c.id);
  assert.equal(result.runs.length, c.inputText === null ? 1 : 2, `${c.id}: runs`);
  for (const run of result.runs) {
    const where = `${c.id} (input as ${run.variant})`;
    if (c.expectedHex !== undefined) {
      assert.ok(!run.error, `${where}: expected ${shown(c.expectedHex)}, threw ${run.error?.name}: ${run.error?.message}`);
      assert.ok(run.ok !== undefined, `${where}: returned ${run.notBytes}, not a Uint8Array`);
      assert.equal(
        run.ok,
        c.expectedHex,
        `${where}: got ${shown(run.ok)} expected ${shown(c.expectedHex)}\n  got hex      ${run.ok}\n  expected hex ${c.expectedHex}`,
      );
    } else {
      assert.ok(run.error, `${where}: expected error ${c.error.code}, got ${run.ok && shown(run.ok)}`);
      const e = run.error;
      assert.ok(e.isCanonicalizationError, `${where}: threw ${e.name}: ${e.message}, not a CanonicalizationError`);
      assert.ok(e.isCanonsigError && e.isError, `${where}: error class hierarchy`);
      assert.equal(e.name, "CanonicalizationError", where);
      assert.equal(e.code, c.error.code, `${where}: code (message: ${e.message})`);
      if ("offset" in c.error) assert.equal(e.offset, c.error.offset, `${where}: offset (message: ${e.message})`);
      if ("path" in c.error) assert.equal(e.path, c.error.path, `${where}: path (message: ${e.message})`);
    }
  }
}

/**
 * The fenced code blocks of wasm/README.md in `lang` (```js, ```html), each with its line
 * number and the outputs it promises: the `// → ...` comment lines, in order.
 */
export function readmeBlocks(lang) {
  const readme = readFileSync(join(WASM_DIR, "README.md"), "utf8");
  const blocks = [];
  for (const m of readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
    if (m[1] !== lang) continue;
    const line = readme.slice(0, m.index).split("\n").length;
    const expected = [...m[2].matchAll(/^\s*\/\/ → (.*)$/gm)].map((e) => e[1]);
    blocks.push({ line, code: m[2], expected });
  }
  return blocks;
}

/** `fixtures/diff` of this repository (same override as the other fixture folders). */
export const DIFF_FIXTURES_DIR = join(process.env.CANONSIG_FIXTURES ?? join(REPO_ROOT, "fixtures"), "diff");

/** causes.json and forensics.json of fixtures/diff, parsed, read in place. */
export function loadDiffDocs() {
  assert.ok(existsSync(DIFF_FIXTURES_DIR), `no fixtures folder ${DIFF_FIXTURES_DIR}`);
  const read = (name) => JSON.parse(readFileSync(join(DIFF_FIXTURES_DIR, name), "utf8"));
  const causes = read("causes.json");
  const forensics = read("forensics.json");
  assert.ok(Array.isArray(causes.cases) && causes.cases.length > 0, "causes.json has cases");
  assert.ok(Array.isArray(forensics.cases) && forensics.cases.length > 0, "forensics.json has cases");
  return { causes: causes.cases, forensics: forensics.cases };
}

/** Asserts one outcome of diff_runner.mjs `runCauseCases` against its causes.json case. */
export function assertCauseRun(c, r) {
  assert.equal(r.name, c.name);
  assert.ok(!r.error, `${c.name}: threw ${r.error?.name}: ${r.error?.message}`);
  for (const cause of c.causes) {
    assert.ok(r.causes.includes(cause), `${c.name}: ${cause} not named; named ${JSON.stringify(r.causes)}`);
  }
  for (const cause of c.absent ?? []) {
    assert.ok(!r.causes.includes(cause), `${c.name}: ${cause} named but listed as absent; named ${JSON.stringify(r.causes)}`);
  }
  assert.deepEqual(r.firstDifference, c.first_difference, `${c.name}: first difference`);
  assert.deepEqual(r.diffFirstDifference, c.first_difference, `${c.name}: diff() first difference`);
  assert.equal(r.isEqual, c.first_difference === null, `${c.name}: isEqual`);
  assert.deepEqual(r.findingCauses, r.causes, `${c.name}: causes lists the findings' causes`);
  assert.ok(r.advice.every((a) => typeof a === "string" && a.length > 0), `${c.name}: every finding has advice`);
  assert.ok(r.textIsString, `${c.name}: text and String(explanation)`);
  assert.ok(r.bytesAgree, `${c.name}: a string and its UTF-8 bytes give the same explanation`);
}

const CONSTRUCTIONS = {
  hmac: "standard",
  sign: "standard",
  "sha256(body+secret)": "sha256_body_secret",
  "sha256(secret+body)": "sha256_secret_body",
};

/** Asserts one outcome of diff_runner.mjs `runForensicCases` against its forensics.json case. */
export function assertForensicRun(c, r) {
  assert.equal(r.name, c.name);
  assert.ok(!r.error, `${c.name}: threw ${r.error?.name}: ${r.error?.message}`);
  assert.equal(r.leaksKey, false, `${c.name}: the result shows the secret`);
  assert.ok(r.candidatesTried > 0, `${c.name}: candidatesTried`);
  if (c.signed === null) {
    assert.equal(r.matched, false, `${c.name}: matched ${JSON.stringify(r.signedText)}, expected no match`);
    return;
  }
  assert.ok(r.matched, `${c.name}: no match (tried ${r.candidatesTried}); the signer signed ${JSON.stringify(c.signed.text)}`);
  const want = typeof c.signed.text === "string" ? bytesToHex(new TextEncoder().encode(c.signed.text)) : c.signed.hex;
  assert.equal(r.signedHex, want, `${c.name}: recovered ${JSON.stringify(r.signedText)}, signer signed ${JSON.stringify(c.signed.text)}`);
  assert.equal(r.construction, CONSTRUCTIONS[c.construction], `${c.name}: construction`);
  // Text without `+/` or `-_` (and without hex-only digits) reads the same in several
  // encodings; only an unambiguous spelling pins the one the core must report.
  const pinned = c.signature_encoding === "hex" || /[+/]/.test(c.signature) || /[-_]/.test(c.signature);
  if (pinned) assert.equal(r.signatureEncoding, c.signature_encoding, `${c.name}: signature encoding`);
  assert.ok(r.description.length > 0, `${c.name}: description`);
}
