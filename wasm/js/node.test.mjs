// The Node build against the shared fixtures (every case of every fixtures/canon/*.json)
// and the public RFC 8785 vectors in ../shared/vectors/jcs (read in place).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { assertCaseRuns, loadCanonCases, requireBuilds, sharedVectors, skipMessage } from "./support.mjs";
import { hexToBytes, runCase } from "./runner.mjs";

requireBuilds();
// Through the package's own `exports` map (self-reference), as users import it.
const api = await import("canonsig");
const { canonicalize, canonicalizeToString, CanonicalizationError } = api;
const text = new TextDecoder("utf-8", { fatal: true });

// --- fixtures/canon: the vectors every frontend shares --------------------------------------

const { cases, total, files } = loadCanonCases();
let ran = 0;
for (const c of cases) {
  test(c.id, () => {
    ran += 1;
    assertCaseRuns(c, runCase(api, c));
  });
}

test("ran every case of every fixture file", () => {
  assert.equal(ran, total, `ran ${ran} of the ${total} cases in ${files.join(", ")}`);
  assert.equal(cases.length, total);
});

// --- ../shared/vectors/jcs: public RFC 8785 test data --------------------------------------

const jcs = sharedVectors("jcs");
const skip = jcs ? false : skipMessage("jcs");

/** binary64 from its bit pattern in hex (leading zeros may be dropped). */
function doubleFromHex(hex) {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

test("cyberphone reference testdata (input -> output)", { skip }, () => {
  const dir = join(jcs, "cyberphone");
  const names = readdirSync(join(dir, "input")).filter((f) => f.endsWith(".json"));
  assert.equal(names.length, 6, "the six cyberphone test files");
  for (const name of names) {
    const input = readFileSync(join(dir, "input", name));
    const expected = readFileSync(join(dir, "output", name));
    const outhex = readFileSync(join(dir, "outhex", name.replace(/\.json$/, ".txt")), "utf8");
    assert.deepEqual(Buffer.from(hexToBytes(outhex)), expected, `${name}: output and outhex disagree`);
    assert.equal(text.decode(canonicalize(new Uint8Array(input))), expected.toString("utf8"), `${name} (bytes)`);
    assert.equal(canonicalizeToString(input.toString("utf8")), expected.toString("utf8"), `${name} (string)`);
  }
});

test("es6-numbers-10k: JS-written number text -> JCS number", { skip }, () => {
  const lines = readFileSync(join(jcs, "es6-numbers-10k.txt"), "utf8").split("\n").filter(Boolean);
  assert.equal(lines.length, 10_000);
  const failures = [];
  const lenient = { allowUnsafeIntegers: true };
  for (const line of lines) {
    const [bits, expected] = line.split(",");
    const x = doubleFromHex(bits);
    // Three spellings of the same binary64, written by the JS engine (not by canonsig):
    // shortest round-trip, exponent form, and 17 significant digits. Integer-looking
    // text beyond 2^53 is refused by default, hence `allowUnsafeIntegers` for two of them.
    const spellings = [
      [JSON.stringify(x), lenient],
      [x.toExponential(), undefined],
      [x.toPrecision(17), lenient],
    ];
    for (const [spelling, options] of spellings) {
      let got;
      try {
        got = canonicalizeToString(spelling, options);
      } catch (e) {
        got = `${e.name}: ${e.message}`;
      }
      if (got !== expected) failures.push(`${bits}: ${spelling} -> ${got}, expected ${expected}`);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
});

test("RFC 8785 appendix B numbers", { skip }, () => {
  const numbers = JSON.parse(readFileSync(join(jcs, "rfc8785-appendix-b-numbers.json"), "utf8"));
  assert.ok(numbers.length >= 20, "appendix B has at least 20 numbers");
  for (const { ieee_hex, expected } of numbers) {
    const x = doubleFromHex(ieee_hex);
    if (expected === null) {
      // NaN and Infinity: JSON text cannot hold them; their JS spelling must be refused.
      assert.throws(
        () => canonicalize(String(x)),
        (e) => e instanceof CanonicalizationError && e.code === "non_finite_number",
        ieee_hex,
      );
    } else {
      assert.equal(canonicalizeToString(x.toExponential()), expected, `${ieee_hex} as ${x.toExponential()}`);
      assert.equal(canonicalizeToString(JSON.stringify(x), { allowUnsafeIntegers: true }), expected, ieee_hex);
    }
  }
});

test("edge_cases.json (curated; expected outputs agreed by four peers)", { skip }, () => {
  const edgeCases = JSON.parse(readFileSync(join(jcs, "edge_cases.json"), "utf8"));
  for (const c of edgeCases) {
    for (const input of [c.input, new TextEncoder().encode(c.input)]) {
      const where = `${c.name} (${typeof input === "string" ? "string" : "Uint8Array"})`;
      if (typeof c.expected === "string") {
        if (c.peers_rejecting.length > 0) {
          // Peers that reject do so for integers beyond 2^53, which canonsig refuses by
          // default and, when allowed, formats as the accepting peers do.
          assert.throws(
            () => canonicalize(input),
            (e) => e instanceof CanonicalizationError && e.code === "unsafe_integer",
            where,
          );
          assert.equal(canonicalizeToString(input, { allowUnsafeIntegers: true }), c.expected, where);
        } else {
          assert.equal(canonicalizeToString(input), c.expected, where);
        }
      } else {
        assert.equal(c.expected_error, true, c.name);
        assert.throws(
          () => canonicalize(input),
          (e) =>
            e instanceof CanonicalizationError &&
            ["lone_surrogate", "number_out_of_range", "duplicate_key"].includes(e.code),
          where,
        );
      }
    }
  }
});
