// Runs the cases of fixtures/diff (causes.json, forensics.json) through a canonsig build
// and records what happened as plain data. Shared by the Node test (Node build) and the
// browser page (web build); the assertions are made in Node (diff.test.mjs,
// browser.test.mjs). Browser-safe: no Node imports.

import { bytesToHex, hexToBytes } from "./runner.mjs";

const utf8 = new TextEncoder();

/** A fixture side, `{ text }` or `{ hex }`, as the argument to pass: a string or bytes. */
export function sideValue(side) {
  return typeof side.text === "string" ? side.text : hexToBytes(side.hex);
}

function thrown(api, e) {
  return {
    name: e?.name,
    message: String(e?.message ?? e),
    code: e?.code,
    isCanonsigError: e instanceof api.CanonsigError,
  };
}

/**
 * Every case of causes.json through `api.explain` (and `api.diff`): the causes named, the
 * first difference, and whether a text case gives the same answer as its UTF-8 bytes.
 */
export function runCauseCases(api, cases) {
  return cases.map((c) => {
    try {
      const expected = sideValue(c.expected);
      const actual = sideValue(c.actual);
      const e = api.explain(expected, actual);
      const d = api.diff(expected, actual);
      const asBytes = (v) => (typeof v === "string" ? utf8.encode(v) : v);
      const again = api.explain(asBytes(expected), asBytes(actual));
      return {
        name: c.name,
        causes: e.causes,
        findingCauses: e.findings.map((f) => f.cause),
        advice: e.findings.map((f) => f.advice),
        firstDifference: e.diff.firstDifference,
        diffFirstDifference: d.firstDifference,
        isEqual: e.isEqual,
        sameData: e.sameData,
        textIsString: typeof e.text === "string" && String(e) === e.text,
        bytesAgree: JSON.stringify(again) === JSON.stringify(e),
        // The objects as JSON text (member order kept), to hold against the core's own JSON.
        json: JSON.stringify(e),
        diffJson: JSON.stringify(d),
      };
    } catch (e) {
      return { name: c.name, error: thrown(api, e) };
    }
  });
}

/** The verification key of a forensics.json case. */
export function forensicKey(api, c) {
  if (c.key.hmac_hex !== undefined) return api.Key.hmac(hexToBytes(c.key.hmac_hex), { algorithm: c.algorithm });
  return api.Key.fromPem(c.key.public_pem, { algorithm: c.algorithm });
}

/** True when `json` shows the HMAC secret of `key`, as hex or as text. */
function leaks(json, key) {
  if (key.hmac_hex === undefined) return false;
  const text = String.fromCharCode(...hexToBytes(key.hmac_hex));
  return json.includes(key.hmac_hex) || json.includes(text);
}

/** Every case of forensics.json through `api.forensics`: what it recovered, if anything. */
export function runForensicCases(api, cases) {
  return cases.map((c) => {
    let key;
    try {
      key = forensicKey(api, c);
      const f = api.forensics(sideValue(c.payload), c.signature, key);
      const m = f.matched;
      return {
        name: c.name,
        matched: m !== null,
        signedHex: m ? bytesToHex(m.signedBytes) : null,
        signedText: m ? m.signed : null,
        construction: m?.construction ?? null,
        signatureEncoding: m?.signatureEncoding ?? null,
        description: m?.description ?? null,
        candidatesTried: f.candidatesTried,
        explanationCauses: m ? m.explanation.causes : null,
        // Key material must never appear in a result.
        leaksKey: leaks(JSON.stringify(f), c.key),
        json: JSON.stringify(f),
      };
    } catch (e) {
      return { name: c.name, error: thrown(api, e) };
    } finally {
      key?.free();
    }
  });
}
