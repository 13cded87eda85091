// The JS surface of the Node build: every error code, option validation, string vs bytes
// input, checkCanonical, exports, and that no input makes the module trap.
// Expected values are written by hand from the input text (offsets counted in its UTF-8
// bytes), from the RFC, or from JS itself; never from canonsig's own output.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { inspect } from "node:util";

import { PKG_NODE, requireBuilds } from "./support.mjs";

requireBuilds();
const api = await import("canonsig");
const {
  canonicalize,
  canonicalizeToString,
  checkCanonical,
  PROFILES,
  CanonsigError,
  CanonicalizationError,
} = api;

const bytes = (s) => new TextEncoder().encode(s);
const str = (u8) => new TextDecoder("utf-8", { fatal: true }).decode(u8);

/** Asserts `fn` throws a CanonicalizationError with these fields (`undefined` = not checked). */
function assertCanonError(fn, { code, offset, path }, where = code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof CanonicalizationError, `${where}: threw ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof CanonsigError && e instanceof Error, `${where}: class hierarchy`);
    assert.equal(e.name, "CanonicalizationError");
    assert.equal(e.code, code, `${where}: code (${e.message})`);
    assert.ok(e.message.startsWith(`${code}: `), `${where}: message starts with the code: ${e.message}`);
    if (offset !== undefined) assert.equal(e.offset, offset, `${where}: offset (${e.message})`);
    if (path !== undefined) assert.equal(e.path, path, `${where}: path (${e.message})`);
    return true;
  });
}

// Every stable error code, with an input that must produce it. Offsets and paths are
// hand-counted (bytes of the UTF-8 input); `null` = the error has no location.
const ERROR_CASES = [
  { code: "syntax", input: '{"a" 1}', offset: 5, path: "$" },
  { code: "unexpected_end", input: "[1,", offset: 3, path: "$[1]" },
  { code: "empty_input", input: " \n", offset: 2, path: null },
  { code: "invalid_utf8", input: new Uint8Array([0x22, 0xff, 0x22]), offset: 1, path: "$" },
  { code: "lone_surrogate", input: '{"k":"\\ud800"}', offset: 6, path: "$.k" },
  { code: "invalid_escape", input: '["\\x"]', offset: 2, path: "$[0]" },
  { code: "control_character", input: '"a\tb"', offset: 2, path: "$" },
  { code: "duplicate_key", input: '{"a":{"b":[1,2,{"c":1,"c":2}]}}', offset: 22, path: "$.a.b[2].c" },
  { code: "invalid_number", input: '["é",01]', offset: 6, path: "$[1]" },
  { code: "non_finite_number", input: "[NaN]", offset: 1, path: "$[0]" },
  { code: "number_out_of_range", input: '{"x":1e400}', offset: 5, path: "$.x" },
  { code: "unsafe_integer", input: '{"n":9007199254740993}', offset: 5, path: "$.n" },
  { code: "too_deep", input: "[[[1]]]", options: { maxDepth: 2 }, offset: 2, path: "$[0][0]" },
  { code: "too_large", input: "[1]", options: { maxSize: 2 } },
  { code: "bom", input: new Uint8Array([0xef, 0xbb, 0xbf, 0x31]), offset: 0, path: null },
  { code: "trailing_data", input: "1 2", offset: 2, path: null },
  { code: "unsupported_value", input: 42, offset: null, path: null },
  { code: "invalid_option", input: "1", options: { profile: "nope" }, offset: null, path: null },
];

describe("error codes", () => {
  for (const c of ERROR_CASES) {
    test(c.code, () => {
      assertCanonError(() => canonicalize(c.input, c.options), c);
      assertCanonError(() => canonicalizeToString(c.input, c.options), c);
      assertCanonError(() => checkCanonical(c.input, c.options), c);
      if (typeof c.input === "string") {
        // The same text as bytes: same code and location.
        assertCanonError(() => canonicalize(bytes(c.input), c.options), c, `${c.code} (bytes)`);
      }
    });
  }

  test("the table covers every canonicalization code the TypeScript declarations list", () => {
    const dts = readFileSync(PKG_NODE.replace(/\.js$/, ".d.ts"), "utf8");
    const codes = (name) => {
      const union = dts.match(new RegExp(`export type ${name} =([^;]*);`))[1];
      return [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]);
    };
    // CanonicalizationErrorCode = ErrorCode minus the signing codes (js/sign_api.test.mjs has those).
    const signing = new Set([...codes("KeyErrorCode"), ...codes("VerificationErrorCode")]);
    // malformed_input comes from the diagnostics (explainTraces; js/diff.test.mjs), not the canonicalizer.
    const diagnostics = new Set(["malformed_input"]);
    const declared = codes("ErrorCode").filter((c) => !signing.has(c) && !diagnostics.has(c)).sort();
    assert.deepEqual(ERROR_CASES.map((c) => c.code).sort(), declared);
  });

  test("error objects: own fields, JSON, stack, subclassing", () => {
    let err;
    try {
      canonicalize('{"a":1,"a":2}');
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof CanonicalizationError);
    assert.deepEqual(
      { code: err.code, offset: err.offset, path: err.path },
      { code: "duplicate_key", offset: 7, path: "$.a" },
    );
    assert.deepEqual(JSON.parse(JSON.stringify(err)), { code: "duplicate_key", offset: 7, path: "$.a" });
    assert.match(err.message, /^duplicate_key: .* at byte 7 \(\$\.a\)/);
    assert.match(err.stack, /^CanonicalizationError: duplicate_key: /);
    assert.equal(Object.prototype.toString.call(err), "[object Error]");
    // Users can build and match them too (e.g. in their own tests).
    const mine = new CanonicalizationError("m", "syntax", 3, "$");
    assert.deepEqual([mine.message, mine.code, mine.offset, mine.path], ["m", "syntax", 3, "$"]);
    assert.equal(new CanonicalizationError("m", "syntax").offset, null);
    assert.equal(new CanonsigError("m", "x").name, "CanonsigError");
    assert.ok(!(new CanonsigError("m", "x") instanceof CanonicalizationError));
  });
});

describe("options", () => {
  const deep = "[[1]]";

  test("absent, undefined and null mean the defaults", () => {
    for (const options of [undefined, null, {}, { profile: undefined, maxDepth: undefined }]) {
      assert.equal(canonicalizeToString('{"b":1,"a":2}', options), '{"a":2,"b":1}');
    }
    assert.equal(canonicalizeToString('{"b":1,"a":2}'), '{"a":2,"b":1}');
  });

  test("each option takes effect", () => {
    // Python json.dumps(..., sort_keys=True, separators=(",", ":")) keeps 1.0 and escapes non-ASCII.
    assert.equal(canonicalizeToString('{"b":"é","a":1.0}', { profile: "python-sorted" }), '{"a":1.0,"b":"\\u00e9"}');
    assert.equal(canonicalizeToString('{"b":"é","a":1.0}', { profile: "python-sorted-unicode" }), '{"a":1.0,"b":"é"}');
    // Go's encoding/json escapes <, > and &.
    assert.equal(canonicalizeToString('"<&>"', { profile: "go-json" }), '"\\u003c\\u0026\\u003e"');
    // The JS engine itself reads 9007199254740993 as 9007199254740992.
    assert.equal(
      canonicalizeToString("9007199254740993", { allowUnsafeIntegers: true }),
      String(9007199254740993),
    );
    assertCanonError(() => canonicalize("9007199254740993", { allowUnsafeIntegers: false }), {
      code: "unsafe_integer",
    });
    assert.equal(canonicalizeToString(deep, { maxDepth: 2 }), deep);
    assertCanonError(() => canonicalize(deep, { maxDepth: 1 }), { code: "too_deep" });
    assert.equal(canonicalizeToString(deep, { maxSize: 5 }), deep);
    assertCanonError(() => canonicalize(deep, { maxSize: 4 }), { code: "too_large" });
    // Past the address space: as good as no limit (saturates, not an error).
    assert.equal(canonicalizeToString(deep, { maxSize: Number.MAX_SAFE_INTEGER, maxDepth: 2 ** 40 }), deep);
  });

  test("every profile in PROFILES is accepted by name", () => {
    assert.deepEqual([...PROFILES], ["jcs", "python-sorted", "python-sorted-unicode", "go-json"]);
    assert.ok(Object.isFrozen(PROFILES));
    for (const profile of PROFILES) assert.equal(canonicalizeToString("[1]", { profile }), "[1]");
  });

  const invalid = [
    [{ profile: "JCS" }, /unknown profile "JCS"; expected one of jcs, python-sorted, python-sorted-unicode, go-json/],
    [{ profile: 1 }, /option "profile" must be a profile name string, got 1/],
    [{ profile: null }, /option "profile" must be a profile name string, got null/],
    [{ allowUnsafeIntegers: "yes" }, /option "allowUnsafeIntegers" must be a boolean, got string/],
    [{ allowUnsafeIntegers: 1 }, /must be a boolean, got 1/],
    [{ maxDepth: -1 }, /option "maxDepth" must be a non-negative integer, got -1/],
    [{ maxDepth: 1.5 }, /must be a non-negative integer, got 1.5/],
    [{ maxDepth: NaN }, /must be a non-negative integer, got NaN/],
    [{ maxDepth: Infinity }, /must be a non-negative integer, got Infinity/],
    [{ maxDepth: "4" }, /must be a non-negative integer, got string/],
    [{ maxSize: 2 ** 53 }, /option "maxSize" must be a non-negative integer/],
    [{ maxSize: 10n }, /must be a non-negative integer, got bigint/],
    [{ max_depth: 4 }, /unknown option "max_depth"; expected one of profile, allowUnsafeIntegers, maxDepth, maxSize/],
    [{ profil: "jcs" }, /unknown option "profil"/],
    ["jcs", /options must be an object, got string/],
    [["jcs"], /options must be an object, got array/],
    [42, /options must be an object, got number/],
    [() => {}, /options must be an object, got function/],
  ];
  for (const [options, message] of invalid) {
    test(`invalid: ${inspect(options)}`, () => {
      for (const fn of [canonicalize, canonicalizeToString, checkCanonical]) {
        assert.throws(
          () => fn("[1]", options),
          (e) =>
            e instanceof CanonicalizationError &&
            e.code === "invalid_option" &&
            e.offset === null &&
            e.path === null &&
            message.test(e.message),
        );
      }
    });
  }

  test("a throwing getter is reported, not swallowed", () => {
    const options = {
      get profile() {
        throw new Error("boom");
      },
    };
    assertCanonError(() => canonicalize("1", options), { code: "invalid_option", offset: null });
  });
});

describe("input", () => {
  test("string and Uint8Array (incl. Buffer, subarray views) give the same bytes", () => {
    const doc = '{"é":"\u2028","😀":[1e21,-0,0.1]}';
    const want = '{"é":"\u2028","😀":[1e+21,0,0.1]}';
    assert.equal(str(canonicalize(doc)), want);
    assert.equal(str(canonicalize(bytes(doc))), want);
    assert.equal(str(canonicalize(Buffer.from(doc))), want);
    const padded = bytes(`xx${doc}yy`);
    assert.equal(str(canonicalize(padded.subarray(2, padded.length - 2))), want);
    assert.equal(canonicalizeToString(bytes(doc)), want);
  });

  test("the result is a fresh Uint8Array", () => {
    const a = canonicalize("[1]");
    const b = canonicalize("[2]");
    assert.ok(a instanceof Uint8Array);
    assert.deepEqual([...a], [...bytes("[1]")]);
    assert.deepEqual([...b], [...bytes("[2]")]);
  });

  test("a lone surrogate in a JS string is refused, not replaced by U+FFFD", () => {
    // offsets: [ " o k " , " -> the lone unit is at byte 7 of the UTF-8 text
    assertCanonError(() => canonicalize('["ok","\ud800"]'), { code: "lone_surrogate", offset: 7, path: "$[1]" });
    assertCanonError(() => canonicalize('"\ude00\ud83d"'), { code: "lone_surrogate", offset: 1, path: "$" });
    assertCanonError(() => canonicalize('{"a":1,"\udfff":2}'), { code: "lone_surrogate", offset: 8 });
    assertCanonError(() => checkCanonical('"\ud800"'), { code: "lone_surrogate", offset: 1 });
    // A well-formed pair is fine, raw or escaped.
    assert.equal(canonicalizeToString('"\ud83d\ude00"'), '"😀"');
    assert.equal(canonicalizeToString('"\\ud83d\\ude00"'), '"😀"');
  });

  test("error offsets count UTF-8 bytes, also for string input", () => {
    // é and € are 2 and 3 bytes: [ " é € " , -> 1+1+2+3+1+1 = byte 9
    for (const input of ['["é€",tru]', bytes('["é€",tru]')]) {
      assertCanonError(() => canonicalize(input), { code: "syntax", path: "$[1]" });
    }
    const offsets = ['["é€",tru]', bytes('["é€",tru]')].map((input) => {
      try {
        canonicalize(input);
      } catch (e) {
        return e.offset;
      }
    });
    assert.equal(offsets[0], offsets[1]);
    assert.ok(offsets[0] >= 9 && offsets[0] <= 12, `offset ${offsets[0]} inside "tru"`);
  });

  test("anything else is refused with unsupported_value", () => {
    for (const input of [undefined, null, 1, true, {}, [], new Uint16Array(2), new ArrayBuffer(2), new String("1")]) {
      assertCanonError(() => canonicalize(input), { code: "unsupported_value", offset: null, path: null });
    }
  });
});

describe("checkCanonical", () => {
  test("null when canonical", () => {
    assert.equal(checkCanonical('{"a":[1,"é"]}'), null);
    assert.equal(checkCanonical(bytes('{"a":[1,"é"]}')), null);
  });

  test("first differing byte, with line and column", () => {
    // {"a": 1}: the canonical form has "1" where the input has a space, byte 5.
    assert.deepEqual(checkCanonical('{"a": 1}'), { offset: 5, line: 1, column: 6 });
    // {"é": 1}: bytes { " é(2) " : then the space: byte 6.
    assert.deepEqual(checkCanonical('{"é": 1}'), { offset: 6, line: 1, column: 7 });
    // Trailing newline: the canonical text is a prefix; the difference is at its end.
    assert.deepEqual(checkCanonical("[1,2]\n"), { offset: 5, line: 1, column: 6 });
    assert.deepEqual(checkCanonical('{"a":1.0}', { profile: "jcs" }), { offset: 6, line: 1, column: 7 });
    assert.equal(checkCanonical('{"a":1.0}', { profile: "python-sorted" }), null);
  });
});

describe("package", () => {
  test("exports exactly the documented names", () => {
    assert.deepEqual(Object.keys(api).filter((k) => k !== "default" && k !== "module.exports").sort(), [
      "ALGORITHMS",
      "CAUSES",
      "CanonicalizationError",
      "CanonsigError",
      "InvalidKeyError",
      "Key",
      "MemoryNonceStore",
      "PROFILES",
      "Signature",
      "SignatureMismatchError",
      "VerificationError",
      "Verifier",
      "aws",
      "canonicalize",
      "canonicalizeToString",
      "checkCanonical",
      "diff",
      "explain",
      "explainTraces",
      "forensics",
      "http",
      "requestFromNode",
      "signJson",
      "signJsonTraced",
      "verifyJson",
      "verifySignature",
      "visible",
      "webhooks",
    ]);
  });

  test("require() and import give the same module (CommonJS Node build)", () => {
    const required = createRequire(import.meta.url)("canonsig");
    assert.equal(required.canonicalize, canonicalize);
    assert.equal(required.CanonicalizationError, CanonicalizationError);
  });
});

describe("robustness", () => {
  // Seeded mutations of valid documents: every call either returns bytes or throws a
  // CanonicalizationError with a location inside the input; a panic would surface as a
  // WebAssembly RuntimeError and poison the module.
  test("mutated inputs never trap", () => {
    let seed = 0x5eed;
    const rand = (n) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const seeds = [
      '{"a":[1,2.5e-7,{"b":null}],"c":"\\u00e9\\ud83d\\ude00","d":true,"e":-0.0}',
      '[1e21,"\\n",{"":[]},{"z":{"y":{"x":[[[]]]}}},12345678901234567890]',
      ' { "k" : "v\u2028€😀" , "n" : [ 0.1 , 1E400 , -5e-324 ] } ',
    ].map(bytes);
    const special = [0x00, 0x22, 0x5c, 0x5b, 0x7b, 0x5d, 0x7d, 0x2c, 0x3a, 0x30, 0x2d, 0x65, 0x2e, 0xc3, 0xed, 0xf0, 0xff, 0x80];
    let threw = 0;
    for (let i = 0; i < 3000; i++) {
      const src = seeds[rand(seeds.length)];
      const buf = Array.from(src);
      for (let m = 1 + rand(3); m > 0; m--) {
        const at = rand(buf.length + 1);
        const op = rand(4);
        const byte = rand(2) ? special[rand(special.length)] : rand(256);
        if (op === 0) buf[at] = byte;
        else if (op === 1) buf.splice(at, 0, byte);
        else if (op === 2) buf.splice(at, 1);
        else buf.length = at;
      }
      const input = new Uint8Array(buf);
      const options = { profile: PROFILES[rand(PROFILES.length)], maxDepth: 1 + rand(6) };
      try {
        assert.ok(canonicalize(input, options) instanceof Uint8Array);
      } catch (e) {
        threw += 1;
        assert.ok(e instanceof CanonicalizationError, `${Buffer.from(input).toString("hex")}: ${e}`);
        assert.ok(e.offset === null || (Number.isInteger(e.offset) && e.offset <= input.length), `${e.message}`);
      }
    }
    assert.ok(threw > 1000, `only ${threw} of 3000 mutations were errors`);
    assert.equal(canonicalizeToString('{"b":1,"a":2}'), '{"a":2,"b":1}');
  });

  test("deep nesting is an error, not a stack overflow", () => {
    const depth = 100_000;
    const doc = "[".repeat(depth) + "]".repeat(depth);
    assertCanonError(() => canonicalize(doc), { code: "too_deep", offset: 128 });
    assert.equal(canonicalizeToString(doc, { maxDepth: depth }), doc);
  });

  test("a large document round-trips", () => {
    const doc = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `n${i}`, v: i / 7 })));
    const out = canonicalizeToString(doc);
    assert.equal(out.length, doc.length);
    assert.equal(checkCanonical(out), null);
  });
});
