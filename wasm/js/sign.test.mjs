// The Node build against the shared signing fixtures: every key of fixtures/sign/keys.json
// in every form, every case of raw.json, json.json and errors.json (expected values from
// Python hmac/cryptography, rfc8785 and the RFCs), through js/sign_runner.mjs, the same
// runner the browser test uses.
import assert from "node:assert/strict";
import { test } from "node:test";

import { runSignFixtures } from "./sign_runner.mjs";
import { loadSignDocs, requireBuilds } from "./support.mjs";

requireBuilds();
const api = await import("canonsig");

const docs = loadSignDocs();
const { results, counts } = await runSignFixtures(api, docs);

for (const r of results) {
  test(`${r.file}: ${r.id}`, () => {
    assert.deepEqual(r.problems, [], `${r.id}:\n  ${r.problems.join("\n  ")}`);
  });
}

test("ran every key and case of fixtures/sign", () => {
  const ran = {};
  for (const r of results) ran[r.file] = (ran[r.file] ?? 0) + 1;
  assert.deepEqual(ran, counts);
  // The counts the fixtures README documents, as a floor (files may only grow).
  assert.ok(counts["keys.json"] >= 17 && counts["raw.json"] >= 38, JSON.stringify(counts));
  assert.ok(counts["json.json"] >= 62 && counts["errors.json"] >= 82, JSON.stringify(counts));
  assert.equal(results.length, Object.values(counts).reduce((a, b) => a + b, 0));
});
