// The Node build against fixtures/schemes, the request-signing conformance suite every
// frontend runs (RFC 9421, Content-Digest, SigV4 and SigV4a, every webhook provider; expected
// values from botocore, http-message-signatures, the providers' SDKs and the RFCs), through
// js/schemes_runner.mjs, the same runner the browser test uses.
import assert from "node:assert/strict";
import { test } from "node:test";

import { runSchemeFixtures } from "./schemes_runner.mjs";
import { loadSchemeDocs, requireBuilds } from "./support.mjs";

requireBuilds();
const api = await import("canonsig");

const docs = loadSchemeDocs();
const { results, counts } = runSchemeFixtures(api, docs);

for (const r of results) {
  test(`${r.file}: ${r.id}`, () => {
    assert.deepEqual(r.problems, [], `${r.id}:\n  ${r.problems.join("\n  ")}`);
  });
}

test("ran every case of fixtures/schemes", () => {
  const ran = {};
  for (const r of results) ran[r.file] = (ran[r.file] ?? 0) + 1;
  assert.deepEqual(ran, counts);
  assert.deepEqual(counts, {
    rfc9421: docs.rfc9421.cases.length,
    content_digest: docs.content_digest.cases.length,
    sigv4: docs.sigv4.cases.length,
    webhooks: docs.webhooks.cases.length,
  });
  // The counts the fixtures README documents, as a floor (files may only grow).
  assert.ok(counts.rfc9421 >= 148 && counts.content_digest >= 21 && counts.sigv4 >= 77 && counts.webhooks >= 92, JSON.stringify(counts));
});
