// diff / explain / forensics / explainTraces / visible in the Node build: every case of the
// shared fixtures/diff files (read in place; made with independent tools, see their
// `provenance`), the shape of the plain objects, errors, and large or odd inputs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { runCauseCases, runForensicCases, sideValue } from "./diff_runner.mjs";
import {
  REPO_ROOT,
  assertCauseRun,
  assertForensicRun,
  loadDiffDocs,
  requireBuilds,
} from "./support.mjs";

requireBuilds();
const api = await import("canonsig");
const {
  CAUSES,
  CanonicalizationError,
  CanonsigError,
  InvalidKeyError,
  Key,
  VerificationError,
  diff,
  explain,
  explainTraces,
  forensics,
  signJsonTraced,
  visible,
} = api;
const utf8 = new TextEncoder();

// --- fixtures/diff -------------------------------------------------------------------------

const docs = loadDiffDocs();

test("fixtures/diff/causes.json: every listed cause named, no absent one, first difference", async (t) => {
  assert.ok(docs.causes.length > 0, "causes.json has cases");
  const results = runCauseCases(api, docs.causes);
  assert.equal(results.length, docs.causes.length);
  for (const [i, c] of docs.causes.entries()) {
    await t.test(c.name, () => assertCauseRun(c, results[i]));
  }
});

test("fixtures/diff/causes.json covers every cause the fixtures promise", () => {
  const listed = new Set(docs.causes.flatMap((c) => c.causes));
  for (const cause of listed) assert.ok(CAUSES.includes(cause), `fixture cause ${cause} is not in CAUSES`);
});

test("fixtures/diff/forensics.json: the signer's bytes recovered, or no match when there is none", async (t) => {
  assert.ok(docs.forensics.length > 0, "forensics.json has cases");
  assert.ok(docs.forensics.some((c) => c.signed === null), "some negative cases");
  const results = runForensicCases(api, docs.forensics);
  assert.equal(results.length, docs.forensics.length);
  for (const [i, c] of docs.forensics.entries()) {
    await t.test(c.name, () => assertForensicRun(c, results[i]));
  }
});

// --- the core's own JSON: the CLI's --format json, key for key and in order ----------------------

// `canonsig diff|explain --format json` prints the core's `to_json()` (cli/tests/diff_fixtures.rs
// checks that byte for byte); CANONSIG_BIN overrides where the binary is.
const CLI = process.env.CANONSIG_BIN ?? join(REPO_ROOT, "target", "debug", "canonsig");
const camelKey = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const camelCase = (v) =>
  Array.isArray(v) ? v.map(camelCase)
    : v === null || typeof v !== "object" ? v
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [camelKey(k), camelCase(x)]));

/** The core's JSON from the CLI, with camelCase keys, as JSON text (member order kept). */
function coreJson(args) {
  let stdout;
  try {
    stdout = execFileSync(CLI, [...args, "--format", "json"], { encoding: "utf8" });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: the inputs differ (or no forensic match): still JSON
    stdout = e.stdout;
  }
  return JSON.stringify(camelCase(JSON.parse(stdout)));
}

test("fixtures/diff: each object is the core's JSON (camelCase keys, the core's order, derived fields)", async (t) => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`cargo build -p canonsig-cli\` (or set CANONSIG_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), "canonsig-diff-"));
  // A string is written as UTF-8, bytes as they are.
  const file = (name, data) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  try {
    const causes = runCauseCases(api, docs.causes);
    for (const [i, c] of docs.causes.entries()) {
      await t.test(c.name, () => {
        const sides = [file("expected", sideValue(c.expected)), file("actual", sideValue(c.actual))];
        assert.equal(causes[i].json, coreJson(["explain", ...sides]), "explain");
        assert.equal(causes[i].diffJson, coreJson(["diff", ...sides]), "diff");
      });
    }
    const found = runForensicCases(api, docs.forensics);
    for (const [i, c] of docs.forensics.entries()) {
      await t.test(c.name, () => {
        const key = c.key.hmac_hex !== undefined
          ? ["--key-file", file("key", c.key.hmac_hex), "--secret-encoding", "hex"]
          : ["--key-file", file("key", c.key.public_pem)];
        const args = ["explain", file("payload", sideValue(c.payload)), "--signature", c.signature, "--alg", c.algorithm];
        assert.equal(found[i].json, coreJson([...args, ...key]), "forensics");
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// --- the objects -----------------------------------------------------------------------------

test("explain: camelCase plain objects with the derived fields", () => {
  // The server holds RFC 8785 bytes; the client signed Python's json.dumps default output.
  const e = explain('{"a":"é","b":1}', '{"b": 1.0, "a": "\\u00e9"}');
  assert.equal(Object.getPrototypeOf(e), Object.prototype);
  // The core's members in the core's order (core/tests/diff_json.rs holds the core to it).
  assert.deepEqual(Object.keys(e), [
    "diff", "findings", "json", "expectedStyle", "actualStyle", "isEqual", "sameData", "causes", "text",
  ]);
  assert.deepEqual(e.causes, ["whitespace", "key_order", "unicode_escaping", "number_format"]);
  assert.equal(e.isEqual, false);
  assert.equal(e.sameData, true);
  assert.equal(e.json, true);
  assert.match(e.expectedStyle, /RFC 8785/);
  assert.match(e.actualStyle, /ensure_ascii=True/);
  assert.deepEqual(e.diff.firstDifference, { offset: 2, line: 1, column: 3 });
  assert.deepEqual(Object.keys(e.diff), [
    "expectedLen", "actualLen", "firstDifference", "changes", "truncated", "context", "isEqual",
  ]);
  assert.equal(e.diff.expectedLen, utf8.encode('{"a":"é","b":1}').length);
  assert.equal(e.diff.changes[0].kind, "replace");
  assert.deepEqual(Object.keys(e.diff.changes[0]), ["expected", "actual", "kind"]);
  assert.deepEqual(Object.keys(e.diff.firstDifference), ["offset", "line", "column"]);
  assert.deepEqual(Object.keys(e.diff.context.expected), ["start", "end", "text", "caret"]);
  const f = e.findings.find((x) => x.cause === "unicode_escaping");
  assert.deepEqual(Object.keys(f), ["cause", "summary", "occurrences", "total", "advice", "isSerialization"]);
  assert.equal(f.occurrences[0].path, "$.a");
  assert.deepEqual(Object.keys(f.occurrences[0]), ["path", "expected", "actual", "detail"]);
  assert.match(f.advice, /ensure_ascii=False/);
  assert.equal(f.isSerialization, true);
  // The core's plain-text rendering, also what String() gives; toString is not data.
  assert.match(e.text, /^different: expected 16 bytes, actual 25 bytes; first difference at byte 2 \(line 1, column 3\)\n/);
  assert.match(e.text, /- key_order: /);
  assert.equal(`${e}`, e.text);
  assert.ok(!Object.keys(e).includes("toString"));
  assert.deepEqual(JSON.parse(JSON.stringify(e)).causes, e.causes);
});

test("explain and diff of equal input", () => {
  const e = explain("same", utf8.encode("same"));
  assert.equal(e.isEqual, true);
  assert.deepEqual(e.findings, []);
  assert.equal(e.diff.firstDifference, null);
  assert.equal(e.diff.context, null);
  assert.equal(e.text, "identical: 4 bytes\n");
  const d = diff("", "");
  assert.equal(d.isEqual, true);
  assert.deepEqual(d.changes, []);
});

test("diff: byte spans, in bytes of UTF-8", () => {
  const d = diff("héllo\n", "héllo\r\n");
  assert.deepEqual(d.firstDifference, { offset: 6, line: 1, column: 6 });
  assert.deepEqual(d.changes, [{ expected: { start: 6, end: 6 }, actual: { start: 6, end: 7 }, kind: "insert" }]);
  assert.equal(d.expectedLen, 7);
  assert.equal(d.actualLen, 8);
  assert.equal(d.context.actual.text, "héllo⟨CR⟩⟨LF⟩");
});

test("CAUSES: every name of core's Cause::as_str, frozen", () => {
  const rs = readFileSync(join(REPO_ROOT, "core", "src", "diff", "finding.rs"), "utf8");
  const asStr = rs.slice(rs.indexOf("pub fn as_str"));
  const inCore = [...asStr.slice(0, asStr.indexOf("\n    }\n")).matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]);
  assert.ok(inCore.length >= 27, `found ${inCore.length} causes in core`);
  assert.deepEqual([...CAUSES], inCore);
  assert.ok(Object.isFrozen(CAUSES));
});

test("visible: invisible characters and invalid UTF-8 made visible", () => {
  assert.equal(visible("a\u00a0b\u200b\r\n"), "a⟨NBSP⟩b⟨ZWSP⟩⟨CR⟩⟨LF⟩");
  assert.equal(visible(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0xe9])), "⟨BOM⟩{⟨xE9⟩");
  assert.equal(visible("e\u0301 ⟨"), "e⟨U+0301⟩ ⟨⟨");
  // A lone surrogate has no UTF-8 form: shown as the bytes of its 3-byte form, not as U+FFFD.
  assert.equal(visible("\ud800"), "⟨xED⟩⟨xA0⟩⟨x80⟩");
});

// --- traces ------------------------------------------------------------------------------------

test("explainTraces: trace objects or their JSON text, with the signing strings explained", () => {
  const key = Key.hmac(utf8.encode("trace secret"), { keyId: "k1" });
  const signer = signJsonTraced('{"b": 1, "a": "x"}', key, { includeSigningString: true }).trace;
  const verifier = signJsonTraced('{"a":"y","b":1}', key, { includeSigningString: true }).trace;
  const e = explainTraces(signer, JSON.stringify(verifier));
  assert.deepEqual(e.causes, ["value_changed"]);
  assert.equal(e.findings[0].occurrences[0].path, "$.a");
  const same = explainTraces(utf8.encode(JSON.stringify(signer)), signer);
  assert.equal(same.isEqual, true);
  const other = signJsonTraced('{"a":"x","b":1}', Key.hmac(utf8.encode("other"), { keyId: "k2" })).trace;
  assert.ok(explainTraces(signer, other).causes.includes("parameter_changed"));
  assert.ok(!JSON.stringify(explainTraces(signer, other)).includes("trace secret"));
  key.free();
});

// --- forensics ---------------------------------------------------------------------------------

test("forensics: Python's json.dumps(sort_keys=True) found from the JCS payload", async () => {
  const { createHmac } = await import("node:crypto");
  const signed = '{"a": 1.0, "b": "\\u00e9"}';
  const signature = createHmac("sha256", "s3cr3t-forensic").update(signed).digest("hex");
  const key = Key.hmac(utf8.encode("s3cr3t-forensic"));
  const f = forensics('{"a":1,"b":"é"}', `sha256=${signature}`, key);
  assert.deepEqual(Object.keys(f), ["matched", "candidatesTried", "payloadIsJson"]);
  assert.equal(f.payloadIsJson, true);
  const m = f.matched;
  assert.equal(m.signed, signed);
  assert.deepEqual(m.signedBytes, utf8.encode(signed));
  assert.equal(m.construction, "standard");
  assert.equal(m.signatureEncoding, "hex");
  // ASCII names sort the same by code point and by UTF-16 units: either order reproduces it.
  assert.ok(["sorted", "utf16"].includes(m.style.order), m.style.order);
  assert.deepEqual({ ...m.style, order: "sorted", description: "" }, {
    order: "sorted",
    separators: "python",
    escaping: "ascii",
    numbers: "python_float",
    trailingNewline: false,
    description: "",
  });
  assert.deepEqual(Object.keys(m.style), ["order", "separators", "escaping", "numbers", "trailingNewline", "description"]);
  assert.match(m.style.description, /ensure_ascii=True/);
  assert.deepEqual(Object.keys(m), [
    "description", "style", "variant", "construction", "secretUsed", "signatureEncoding", "signed", "explanation",
  ]);
  assert.equal(`${m.explanation}`, m.explanation.text);
  assert.match(m.description, /^the signer signed /);
  assert.ok(m.explanation.causes.includes("unicode_escaping"), m.explanation.text);
  assert.ok(!Object.keys(m).includes("signedBytes"), "signedBytes is not enumerable");
  assert.ok(!JSON.stringify(f).includes("s3cr3t"));
  // A signature made with another key: nothing reproduces it.
  const none = forensics('{"a":1}', createHmac("sha256", "other").update('{"a":1}').digest("base64"), key);
  assert.equal(none.matched, null);
  assert.ok(none.candidatesTried > 1);
  key.free();
});

// --- errors: the existing classes, with codes; nothing crosses as a panic --------------------

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("did not throw");
}

test("errors: wrong argument types and malformed input", () => {
  const key = Key.hmac(utf8.encode("k"));
  for (const [fn, cls, code] of [
    [() => explain(42, "x"), CanonicalizationError, "unsupported_value"],
    [() => diff("x", null), CanonicalizationError, "unsupported_value"],
    [() => visible([1, 2]), CanonicalizationError, "unsupported_value"],
    [() => forensics("{}", "!!! not base64 !!!", key), VerificationError, "malformed_signature"],
    [() => forensics("{}", 12, key), VerificationError, "malformed_signature"],
    [() => forensics("{}", "abcd", "not a key"), InvalidKeyError, "invalid_key"],
    [() => explainTraces("{", "{}"), CanonicalizationError, "malformed_input"],
    [() => explainTraces('{"a":1}', '{"a":1}'), CanonicalizationError, "malformed_input"],
    [() => explainTraces(7, "{}"), CanonicalizationError, "malformed_input"],
  ]) {
    const e = thrown(fn);
    assert.ok(e instanceof cls && e instanceof CanonsigError, `${fn}: ${e?.name}: ${e?.message}`);
    assert.equal(e.code, code, `${fn}: ${e.message}`);
  }
  key.free();
});

test("two 1 MB strings: diff and explain return, bounded", () => {
  const line = '{"id": 12345, "name": "caf\u00e9", "tags": ["a", "b"], "ok": true}\n';
  const base = line.repeat(Math.ceil((1 << 20) / line.length));
  const changed = `${base.slice(0, 1000)}X${base.slice(1001, 600000)}\u00a0${base.slice(600001)}`;
  const at = utf8.encode(base.slice(0, 1000)).length;
  const d = diff(base, changed);
  assert.equal(d.firstDifference.offset, at);
  assert.ok(d.changes.length >= 2 && d.changes.length <= 2000, `${d.changes.length} changes`);
  const e = explain(base, changed);
  assert.equal(e.diff.firstDifference.offset, at);
  assert.ok(e.findings.length > 0);
  assert.ok(e.text.length < 20000, `text of ${e.text.length} characters`);
  // Entirely different megabytes stay bounded too.
  const noise = (seed) => Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode(97 + ((i * seed) % 23))).join("");
  const big = explain(noise(7), noise(11));
  assert.ok(big.diff.changes.length <= 2000);
  assert.ok(JSON.stringify(big).length < 2_000_000);
});

test("random mutations of the fixture pairs: always an explanation, never a crash", () => {
  // Deterministic (xorshift32); each mutation inserts, deletes or replaces a few bytes,
  // including bytes that make the text invalid UTF-8.
  let s = 0x9e3779b9;
  const rand = (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const pool = [0x20, 0x22, 0x2c, 0x3a, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x0a, 0x0d, 0x30, 0x31, 0x2e, 0x65, 0xc3, 0xa9, 0xff, 0xe2, 0x80];
  let ran = 0;
  for (const c of docs.causes) {
    const src = c.expected.text !== undefined ? utf8.encode(c.expected.text) : Uint8Array.from(Buffer.from(c.expected.hex, "hex"));
    for (let round = 0; round < 4; round++) {
      const bytes = [...src];
      for (let k = 0; k <= rand(3); k++) {
        const at = rand(bytes.length + 1);
        const op = rand(3);
        if (op === 0) bytes.splice(at, 0, pool[rand(pool.length)]);
        else if (op === 1) bytes.splice(at, 1);
        else bytes.splice(at, 1, pool[rand(pool.length)]);
      }
      const mutated = Uint8Array.from(bytes);
      const e = explain(src, mutated);
      const same = Buffer.compare(Buffer.from(src), Buffer.from(mutated)) === 0;
      assert.equal(e.isEqual, same, c.name);
      if (!same) assert.ok(e.findings.length > 0, `${c.name}: no finding for ${Buffer.from(mutated).toString("hex")}`);
      ran += 1;
    }
  }
  assert.ok(ran > 0);
});
