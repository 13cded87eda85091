// Differential test against an independent RFC 8785 implementation, npm `canonicalize`
// (erdtman; serializes JS values, no parser): seeded random documents, written as JSON
// text by the JS engine, must canonicalize to the same text in both.
import assert from "node:assert/strict";
import { test } from "node:test";

import canonicalizeReference from "canonicalize";

import { requireBuilds } from "./support.mjs";

requireBuilds();
const { canonicalize, canonicalizeToString } = await import("canonsig");

/** mulberry32: a small seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that exercise escaping and UTF-16 key order: controls, quote, backslash, DEL,
// non-ASCII, U+2028/9, BOM, private use vs astral (the only place UTF-16 and code-point
// order differ), combining marks (never normalized).
const CHARS = [
  "a", "b", "B", "z", "0", "9", " ", "_", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r",
  "\u0000", "\u001f", "\u007f", "\u0080", "é", "ß", "€", "\u2028", "\u2029", "\ufeff",
  "\ue000", "\uffff", "😀", "𝄞", "A\u030a", "<", ">", "&",
];
const SPECIAL_NUMBERS = [
  0, -0, 1, -1, 0.1, 0.5, 1e21, 1e-7, 1e-6, 999999999999999900000, 5e-324, -5e-324,
  2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740991, -9007199254740991,
  9007199254740992, 2 ** 64, 333333333.3333333, 1e23, 4.35, 0.000001234,
];

function generator(rand) {
  const int = (n) => Math.floor(rand() * n);
  const pick = (xs) => xs[int(xs.length)];
  const view = new DataView(new ArrayBuffer(8));
  const string = (max) => Array.from({ length: int(max + 1) }, () => pick(CHARS)).join("");
  const number = () => {
    switch (int(5)) {
      case 0:
        return pick(SPECIAL_NUMBERS);
      case 1:
        return int(2 ** 31) - 2 ** 30;
      case 2:
        return Math.round((rand() - 0.5) * 1e9) / 10 ** int(12);
      case 3:
        return (rand() - 0.5) * 10 ** (int(600) - 300);
      default: {
        // Any finite binary64, from random bits.
        let x;
        do {
          view.setUint32(0, int(2 ** 32));
          view.setUint32(4, int(2 ** 32));
          x = view.getFloat64(0);
        } while (!Number.isFinite(x));
        return x;
      }
    }
  };
  const value = (depth) => {
    const kind = depth >= 5 ? int(4) : int(6);
    switch (kind) {
      case 0:
        return pick([null, true, false]);
      case 1:
        return number();
      case 2:
      case 3:
        return string(8);
      case 4:
        return Array.from({ length: int(5) }, () => value(depth + 1));
      default: {
        const object = {};
        for (let n = int(6); n > 0; n--) object[string(4)] = value(depth + 1);
        return object;
      }
    }
  };
  return { value, int, pick };
}

test("random documents: canonsig == npm canonicalize (seed 20261124, 500 documents)", () => {
  const rand = prng(20261124);
  const { value, pick } = generator(rand);
  let compared = 0;
  for (let i = 0; i < 500; i++) {
    const doc = value(0);
    const expected = canonicalizeReference(doc);
    // The same data as JSON text, compact or indented, given as a string or as bytes.
    const text = JSON.stringify(doc, null, pick([undefined, 1, "\t"]));
    const input = rand() < 0.5 ? text : new TextEncoder().encode(text);
    // The documents hold binary64 numbers by construction (JSON.stringify writes 2^64 as
    // 18446744073709552000), so integers beyond 2^53 are allowed here.
    const got = canonicalizeToString(input, { allowUnsafeIntegers: true });
    assert.equal(got, expected, `document ${i}: ${text}`);
    // Canonical output is a fixed point.
    assert.deepEqual(canonicalize(got, { allowUnsafeIntegers: true }), new TextEncoder().encode(got));
    compared += 1;
  }
  assert.equal(compared, 500);
});

test("random numbers: canonsig == npm canonicalize (seed 7, 5000 numbers)", () => {
  const rand = prng(7);
  const { value } = generator(rand);
  const numbers = [];
  while (numbers.length < 5000) {
    const v = value(5);
    if (typeof v === "number") numbers.push(v);
  }
  const got = canonicalizeToString(JSON.stringify(numbers), { allowUnsafeIntegers: true });
  assert.equal(got, canonicalizeReference(numbers));
});
