// The JS surface of the signing API (Node build): every signing error code with its class,
// options validation, Key / Signature / Verifier / MemoryNonceStore behaviour, the clock and
// nonce-store adapters, traces, and that key material never shows anywhere (messages,
// toString, toJSON, console.log, traces), in raw, hex, base64 or base64url form.
// Expected values are the fixtures' keys, hand-written inputs, or Node's own crypto; never
// canonsig's output.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { inspect } from "node:util";

import { PKG_NODE, loadSignDocs, requireBuilds } from "./support.mjs";

requireBuilds();
const api = await import("canonsig");
const {
  ALGORITHMS,
  CanonicalizationError,
  CanonsigError,
  InvalidKeyError,
  Key,
  MemoryNonceStore,
  Signature,
  SignatureMismatchError,
  VerificationError,
  Verifier,
  signJson,
  signJsonTraced,
  verifyJson,
} = api;

const utf8 = new TextEncoder();
const text = (u8) => new TextDecoder().decode(u8);
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const docs = loadSignDocs();
const fixtureKey = (id) => docs.keys.keys.find((k) => k.id === id);
const NOW = 1_700_000_000;

const hmacKey = (keyId = "k1") =>
  Key.hmac(Buffer.from(fixtureKey("k-hmac-sha256-1").secret_hex, "hex"), { keyId });
const edKey = () => Key.fromPem(fixtureKey("k-ed25519-1").private_pem);
const edKey2 = () => Key.fromPem(fixtureKey("k-ed25519-2").private_pem);

/** Asserts `fn` throws `cls` with `code`; returns the error. */
function throws(fn, cls, code, where = code) {
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof cls, `${where}: threw ${error?.name}: ${error?.message}`);
  assert.ok(error instanceof CanonsigError && error instanceof Error, `${where}: class hierarchy`);
  assert.equal(error.name, cls.name, where);
  assert.equal(error.code, code, `${where}: ${error.message}`);
  assert.ok(error.message.startsWith(`${code}: `), `${where}: ${error.message}`);
  return error;
}

// Every signing code, with a call that must produce it and the class it comes as.
const SIGN_ERROR_CASES = [
  { code: "invalid_key", cls: InvalidKeyError, fn: () => Key.hmac(new Uint8Array(0)) },
  { code: "unsupported_algorithm", cls: InvalidKeyError, fn: () => Key.generate("hs256") },
  {
    code: "algorithm_mismatch",
    cls: InvalidKeyError,
    why: "loading a key as another algorithm",
    fn: () => Key.fromPem(fixtureKey("k-ed25519-1").private_pem, { algorithm: "ecdsa-p256-sha256" }),
  },
  {
    code: "algorithm_mismatch",
    cls: VerificationError,
    why: "a signature that claims another algorithm than its key's",
    fn: () => {
      const sig = signJson("{}", edKey());
      const header = sig.toHeader().replace('alg="ed25519"', 'alg="ecdsa-p256-sha256"');
      return verifyJson("{}", header, edKey());
    },
  },
  {
    code: "algorithm_not_allowed",
    cls: VerificationError,
    fn: () => new Verifier(hmacKey(), { algorithms: ["ed25519"] }).verifyJson("{}", signJson("{}", hmacKey())),
  },
  {
    code: "malformed_signature",
    cls: VerificationError,
    fn: () => verifyJson("{}", signJson("{}", hmacKey()).encode().slice(0, 20), hmacKey()),
  },
  {
    code: "signature_mismatch",
    cls: SignatureMismatchError,
    fn: () => verifyJson('{"a":2}', signJson('{"a":1}', hmacKey()), hmacKey()),
  },
  {
    code: "unknown_key_id",
    cls: VerificationError,
    fn: () => verifyJson("{}", signJson("{}", hmacKey("k1")), hmacKey("k2")),
  },
  {
    code: "expired",
    cls: VerificationError,
    fn: () =>
      new Verifier(hmacKey(), { clock: () => NOW }).verifyJson("{}", signJson("{}", hmacKey(), { created: NOW - 301 })),
  },
  {
    code: "future_timestamp",
    cls: VerificationError,
    fn: () =>
      new Verifier(hmacKey(), { clock: () => NOW }).verifyJson("{}", signJson("{}", hmacKey(), { created: NOW + 301 })),
  },
  {
    code: "replayed_nonce",
    cls: VerificationError,
    fn: () => {
      const verifier = new Verifier(hmacKey(), { nonceStore: new MemoryNonceStore() });
      const sig = signJson("{}", hmacKey(), { nonce: "n-1" });
      verifier.verifyJson("{}", sig);
      return verifier.verifyJson("{}", sig);
    },
  },
  {
    code: "missing_parameter",
    cls: VerificationError,
    fn: () => new Verifier(hmacKey(), { requireNonce: true }).verifyJson("{}", signJson("{}", hmacKey())),
  },
  {
    code: "nonce_store_unavailable",
    cls: VerificationError,
    fn: () => {
      const nonceStore = {
        checkAndStore() {
          throw new Error("store down");
        },
      };
      return new Verifier(hmacKey(), { nonceStore }).verifyJson("{}", signJson("{}", hmacKey(), { nonce: "n" }));
    },
  },
];

describe("signing error codes", () => {
  for (const c of SIGN_ERROR_CASES) {
    test(`${c.code}${c.why ? ` (${c.why})` : ""}`, () => {
      throws(c.fn, c.cls, c.code);
    });
  }

  test("the table covers every signing code the TypeScript declarations and core list", () => {
    const dts = readFileSync(PKG_NODE.replace(/\.js$/, ".d.ts"), "utf8");
    const codes = (name) => {
      const union = dts.match(new RegExp(`export type ${name} =([^;]*);`))[1];
      return [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]);
    };
    // The request-signing scheme codes are raised by the schemes, not by signJson/verifyJson.
    const SCHEME_CODES = new Set(["malformed_request", "invalid_header", "missing_component", "digest_mismatch"]);
    const all = [...new Set([...codes("KeyErrorCode"), ...codes("VerificationErrorCode")])];
    const signing = all.filter((c) => !SCHEME_CODES.has(c)).sort();
    assert.deepEqual([...new Set(SIGN_ERROR_CASES.map((c) => c.code))].sort(), signing);
    assert.equal(signing.length, 12);
    assert.deepEqual(all.filter((c) => SCHEME_CODES.has(c)).sort(), [...SCHEME_CODES].sort());
    assert.ok(signing.every((c) => codes("ErrorCode").includes(c)));
  });

  test("a mismatch carries the verifier's signed bytes and their SHA-256, never the expected signature", () => {
    const sig = signJson('{"amount": 10.0, "to": "bob"}', hmacKey(), { created: NOW, nonce: "n1" });
    const e = throws(
      () => new Verifier(hmacKey(), { clock: () => NOW }).verifyJson('{"to":"bob","amount":11}', sig),
      SignatureMismatchError,
      "signature_mismatch",
    );
    // The envelope, written by hand from the documented format.
    const expected = '{"payload":{"amount":11,"to":"bob"},"signature_params":{"alg":"hmac-sha256","created":1700000000,"keyid":"k1","nonce":"n1"}}';
    assert.equal(text(e.signedBytes), expected);
    assert.equal(e.signedSha256, sha256(expected));
    assert.ok(e.message.includes(sha256(expected)), e.message);
    assert.ok(!e.message.includes(sig.encode("base64")) && !e.message.includes(sig.encode("hex")));
    assert.equal(e.trace, null);
    // Key.verify: the signed bytes are the caller's message.
    const raw = throws(() => hmacKey().verify(utf8.encode("x"), new Uint8Array(32)), SignatureMismatchError, "signature_mismatch");
    assert.equal(raw.signedBytes, null);
    assert.equal(raw.signedSha256, null);
  });

  test("errors can be built and matched by users", () => {
    const e = new SignatureMismatchError("m", "signature_mismatch", new Uint8Array([1]), "ab");
    assert.ok(e instanceof VerificationError && e instanceof CanonsigError);
    assert.deepEqual([e.name, e.code, [...e.signedBytes], e.signedSha256, e.trace], ["SignatureMismatchError", "signature_mismatch", [1], "ab", null]);
    assert.equal(new InvalidKeyError("m", "invalid_key").name, "InvalidKeyError");
    assert.equal(new VerificationError("m", "expired").code, "expired");
    assert.ok(!(new InvalidKeyError("m", "invalid_key") instanceof VerificationError));
  });
});

describe("Key", () => {
  test("every way to make one, and its getters", () => {
    const k = fixtureKey("k-ecdsa-p256-sha256-1");
    for (const key of [Key.fromPem(k.private_pem), Key.fromJwk(k.private_jwk), Key.fromJwk(JSON.stringify(k.private_jwk))]) {
      assert.deepEqual([key.algorithm, key.keyId, key.canSign], ["ecdsa-p256-sha256", k.thumbprint, true]);
    }
    const pub = Key.fromPem(k.public_pem, { keyId: "client-7" });
    assert.deepEqual([pub.algorithm, pub.keyId, pub.canSign, pub.thumbprint()], ["ecdsa-p256-sha256", "client-7", false, k.thumbprint]);
    // Uncompressed point 04 || x || y from the JWK.
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(k.public_jwk.x, "base64url"), Buffer.from(k.public_jwk.y, "base64url")]);
    assert.equal(Key.fromPublicBytes("ecdsa-p256-sha256", new Uint8Array(point)).keyId, k.thumbprint);
    const secret = Buffer.from(fixtureKey("k-hmac-sha384-1").secret_hex, "hex");
    const h = Key.hmac(new Uint8Array(secret), { algorithm: "hmac-sha384", keyId: "h" });
    assert.deepEqual([h.algorithm, h.keyId, h.canSign], ["hmac-sha384", "h", true]);
    assert.equal(Key.hmac(secret.toString("base64"), { algorithm: "hmac-sha384", encoding: "base64" }).exportSecret("hex"), secret.toString("hex"));
    assert.equal(Key.hmac(new Uint8Array(32).fill(1)).algorithm, "hmac-sha256");
    for (const algorithm of ALGORITHMS.filter((a) => !a.startsWith("rsa"))) {
      const g = Key.generate(algorithm, { keyId: "g" });
      assert.deepEqual([g.algorithm, g.keyId, g.canSign], [algorithm, "g", true]);
    }
  });

  test("exports round-trip: PEM, JWK, public half", () => {
    const key = edKey();
    const k = fixtureKey("k-ed25519-1");
    assert.equal(key.publicPem().trim(), k.public_pem.trim());
    assert.equal(key.exportPrivatePem().trim(), k.private_pem.trim());
    assert.deepEqual({ ...key.publicJwk(), alg: undefined, kid: undefined }, { ...k.public_jwk, alg: undefined, kid: undefined });
    assert.deepEqual([key.publicJwk().alg, key.publicJwk().kid], ["EdDSA", k.thumbprint]);
    assert.equal(key.exportPrivateJwk().d, k.private_jwk.d);
    const pub = key.publicKey();
    assert.deepEqual([pub.canSign, pub.keyId, pub.publicPem()], [false, key.keyId, key.publicPem()]);
    pub.verify(utf8.encode("m"), key.sign(utf8.encode("m")));
  });

  test("what a key cannot do is an InvalidKeyError", () => {
    throws(() => hmacKey().publicKey(), InvalidKeyError, "invalid_key");
    throws(() => hmacKey().publicPem(), InvalidKeyError, "invalid_key");
    throws(() => hmacKey().exportPrivatePem(), InvalidKeyError, "invalid_key");
    throws(() => edKey().exportSecret(), InvalidKeyError, "invalid_key");
    throws(() => edKey().publicKey().sign(utf8.encode("m")), InvalidKeyError, "invalid_key");
    throws(() => edKey().publicKey().exportPrivatePem(), InvalidKeyError, "invalid_key");
    throws(() => signJson("{}", edKey().publicKey()), InvalidKeyError, "invalid_key");
    throws(() => Key.fromPem(fixtureKey("k-rsa-pss-sha512-1").private_pem), InvalidKeyError, "invalid_key", "RSA needs an algorithm");
    throws(() => Key.fromPublicBytes("hmac-sha256", new Uint8Array(32)), InvalidKeyError, "invalid_key");
    throws(() => Key.fromPublicBytes("ed25519", new Uint8Array(31)), InvalidKeyError, "invalid_key");
  });

  test("argument and option checking", () => {
    throws(() => Key.fromPem(42), InvalidKeyError, "invalid_key", "PEM not a string");
    throws(() => Key.fromJwk(null), InvalidKeyError, "invalid_key", "JWK null");
    throws(() => Key.fromJwk([1]), InvalidKeyError, "invalid_key", "JWK array");
    throws(() => Key.hmac(42), InvalidKeyError, "invalid_key", "secret a number");
    throws(() => Key.generate(7), InvalidKeyError, "unsupported_algorithm");
    throws(() => Key.generate("HMAC-SHA256"), InvalidKeyError, "unsupported_algorithm");
    throws(() => Key.fromPem("x", { alg: "ed25519" }), CanonicalizationError, "invalid_option", "unknown option");
    throws(() => Key.fromPem("x", { keyId: 7 }), CanonicalizationError, "invalid_option", "keyId not a string");
    throws(() => Key.generate("ed25519", { algorithm: "ed25519" }), CanonicalizationError, "invalid_option", "generate: algorithm is an argument");
    const e = throws(() => Key.hmac("c2VjcmV0"), CanonicalizationError, "invalid_option", "string secret without encoding");
    assert.match(e.message, /needs options.encoding/);
    throws(() => Key.hmac(new Uint8Array(8), { encoding: "hex" }), CanonicalizationError, "invalid_option", "encoding with bytes");
    throws(() => Key.hmac("zz", { encoding: "hex" }), InvalidKeyError, "invalid_key", "bad hex secret");
    throws(() => Key.hmac("00", { encoding: "base32" }), CanonicalizationError, "invalid_option", "unknown encoding");
    throws(() => hmacKey().sign("a string"), CanonicalizationError, "unsupported_value", "sign a string");
    throws(() => hmacKey().sign([1, 2]), CanonicalizationError, "unsupported_value", "sign an array");
    throws(() => hmacKey().verify(utf8.encode("m"), "c2ln"), VerificationError, "malformed_signature", "verify a string signature");
    throws(() => edKey().verify(utf8.encode("m"), new Uint8Array(63)), VerificationError, "malformed_signature", "short signature");
  });

  test("shows algorithm, key id and kind only: toString, toJSON, console.log", () => {
    const key = hmacKey("k1");
    assert.equal(String(key), 'hmac-sha256 key "k1"');
    assert.equal(JSON.stringify(key), '{"algorithm":"hmac-sha256","keyId":"k1","kind":"secret"}');
    assert.equal(inspect(key), "Key { algorithm: 'hmac-sha256', keyId: 'k1', kind: 'secret' }");
    assert.deepEqual(edKey().toJSON().kind, "private");
    assert.deepEqual(edKey().publicKey().toJSON().kind, "public");
    assert.match(inspect({ nested: [edKey()] }, { depth: 4 }), /Key \{\s+algorithm: 'ed25519',\s+keyId: '[\w-]+',\s+kind: 'private'\s+\}/);
  });

  test("free() wipes it; later use throws, also through arguments", () => {
    const key = hmacKey();
    const verifier = new Verifier(key); // holds its own copy
    const sig = signJson("{}", key);
    key.free();
    assert.throws(() => key.sign(utf8.encode("m")));
    assert.equal(inspect(key), "Key <freed>");
    throws(() => signJson("{}", key), InvalidKeyError, "invalid_key");
    throws(() => new Verifier(key), InvalidKeyError, "invalid_key");
    assert.equal(verifier.verifyJson("{}", sig).keyId, "k1");
  });

  test("keys passed to a Verifier, verifyJson or signJson stay usable", () => {
    const key = hmacKey();
    const verifier = new Verifier([key]);
    verifyJson("{}", signJson("{}", key), key);
    verifyJson("{}", signJson("{}", key), [key, edKey()]);
    assert.equal(verifier.verifyJson("{}", signJson("{}", key)).keyId, "k1");
    assert.equal(key.keyId, "k1");
  });
});

describe("Signature", () => {
  test("parse, getters, encode, header, JSON round trip", () => {
    const sig = signJson('{"a":1}', hmacKey(), { created: NOW, expires: NOW + 60, nonce: 'n"1\\', profile: "python-sorted" });
    const header = sig.toHeader();
    assert.equal(header, `:${sig.encode("base64")}:;alg="hmac-sha256";keyid="k1";created=${NOW};expires=${NOW + 60};nonce="n\\"1\\\\";profile="python-sorted"`);
    const back = Signature.parse(header);
    assert.deepEqual(
      [back.algorithm, back.keyId, back.created, back.expires, back.nonce, back.profile],
      ["hmac-sha256", "k1", NOW, NOW + 60, 'n"1\\', "python-sorted"],
    );
    assert.deepEqual([...back.value], [...sig.value]);
    assert.equal(Buffer.from(sig.value).toString("base64url"), sig.encode());
    assert.equal(Buffer.from(sig.value).toString("hex"), sig.encode("hex"));
    assert.equal(String(sig), header);
    assert.equal(JSON.stringify({ sig }), JSON.stringify({ sig: header }));
    assert.equal(Signature.parse(JSON.parse(JSON.stringify(sig))).toHeader(), header);
    assert.equal(inspect(sig), `Signature '${header.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`);
    const bare = Signature.parse(sig.encode("hex"), "hex");
    assert.deepEqual(
      [bare.algorithm, bare.keyId, bare.created, bare.expires, bare.nonce, bare.profile],
      [null, "", null, null, null, "jcs"],
    );
    const built = new Signature(sig.value, { algorithm: "hmac-sha256", keyId: "k1", created: NOW, expires: NOW + 60, nonce: 'n"1\\', profile: "python-sorted" });
    assert.equal(built.toHeader(), header);
    // value is a copy
    built.value[0] ^= 1;
    assert.equal(built.toHeader(), header);
  });

  test("malformed text and bad parameters", () => {
    throws(() => Signature.parse("not base64!"), VerificationError, "malformed_signature");
    throws(() => Signature.parse(":abc"), VerificationError, "malformed_signature");
    throws(() => Signature.parse(":AAAA:;created=soon"), VerificationError, "malformed_signature");
    throws(() => Signature.parse(':AAAA:;alg="hs256"'), InvalidKeyError, "unsupported_algorithm");
    throws(() => Signature.parse("AAAA", "base32"), CanonicalizationError, "invalid_option");
    throws(() => new Signature("AAAA"), VerificationError, "malformed_signature");
    throws(() => new Signature(new Uint8Array(1), { created: -1 }), CanonicalizationError, "invalid_option");
    throws(() => new Signature(new Uint8Array(1), { profile: "json" }), CanonicalizationError, "invalid_option");
    throws(() => new Signature(new Uint8Array(1), { kid: "k" }), CanonicalizationError, "invalid_option");
    throws(() => verifyJson("{}", 42, hmacKey()), VerificationError, "malformed_signature");
    throws(() => verifyJson("{}", { toHeader: () => ":AA:" }, hmacKey()), VerificationError, "malformed_signature");
  });
});

describe("signJson / verifyJson", () => {
  test("the signed bytes are the canonical payload; re-serialized payloads verify", () => {
    const key = hmacKey();
    const sig = signJson('{ "b": [1.0, 1e2], "a": "\\u00e9" }', key);
    // HMAC-SHA256 over the canonical text, by Node's crypto.
    const expected = createHashHmac(fixtureKey("k-hmac-sha256-1").secret_hex, '{"a":"é","b":[1,100]}');
    assert.equal(sig.encode("hex"), expected);
    assert.equal(verifyJson('{"a":"é","b":[1,100]}', sig, key).keyId, "k1");
    assert.equal(verifyJson(utf8.encode('{"b":[1,100],"a":"\\u00e9"}'), sig.toHeader(), key).algorithm, "hmac-sha256");
  });

  test("payload and option checking", () => {
    const key = hmacKey();
    const e = throws(() => signJson('{"a":1,"a":2}', key), CanonicalizationError, "duplicate_key");
    assert.deepEqual([e.offset, e.path], [7, "$.a"]);
    throws(() => signJson({ a: 1 }, key), CanonicalizationError, "unsupported_value", "object payload");
    throws(() => signJson("[9007199254740993]", key), CanonicalizationError, "unsafe_integer");
    assert.ok(signJson("[9007199254740993]", key, { allowUnsafeIntegers: true }));
    throws(() => signJson("[1]", key, { maxSize: 2 }), CanonicalizationError, "too_large");
    throws(() => signJson("[[1]]", key, { maxDepth: 1 }), CanonicalizationError, "too_deep");
    throws(() => signJson("{}", key, { created: 1.5 }), CanonicalizationError, "invalid_option");
    throws(() => signJson("{}", key, { nonce: 1 }), CanonicalizationError, "invalid_option");
    // Nonces and key ids travel as RFC 8941 strings: printable ASCII only.
    throws(() => signJson("{}", key, { nonce: "caf\u00e9" }), CanonicalizationError, "invalid_option", "non-ASCII nonce");
    throws(() => signJson("{}", Key.hmac(new Uint8Array(32), { keyId: "k\n1" })), CanonicalizationError, "invalid_option", "control character in key id");
    throws(() => signJson("{}", key, { keyId: "x" }), CanonicalizationError, "invalid_option", "keyId belongs to the key");
    throws(() => signJson("{}", key, { includeSigningString: true }), CanonicalizationError, "invalid_option", "traced-only option");
    throws(() => signJson("{}", "a key"), InvalidKeyError, "invalid_key");
    throws(() => signJson("{}", { sign: () => new Uint8Array(32) }), InvalidKeyError, "invalid_key");
    throws(() => verifyJson("{}", signJson("{}", key), key, { encoding: "b64" }), CanonicalizationError, "invalid_option");
    throws(() => verifyJson("{}", signJson("{}", key), key, { tolerance: 5 }), CanonicalizationError, "invalid_option", "policy options need a Verifier");
    throws(() => verifyJson("{}", signJson("{}", key), []), VerificationError, "unknown_key_id", "empty key ring");
    throws(() => verifyJson("{}", signJson("{}", key), [key, "k"]), InvalidKeyError, "invalid_key");
    throws(() => verifyJson('{"a":', signJson("{}", key), key), CanonicalizationError, "unexpected_end");
  });

  test("verifyJson's default policy: Date.now() clock, 300 s tolerance", () => {
    const key = hmacKey();
    const now = Math.floor(Date.now() / 1000);
    assert.ok(verifyJson("{}", signJson("{}", key, { created: now }), key));
    assert.ok(verifyJson("{}", signJson("{}", key, { created: now - 250, expires: now + 60 }), key));
    throws(() => verifyJson("{}", signJson("{}", key, { created: now - 1000 }), key), VerificationError, "expired");
    throws(() => verifyJson("{}", signJson("{}", key, { created: now + 1000 }), key), VerificationError, "future_timestamp");
    throws(() => verifyJson("{}", signJson("{}", key, { expires: now - 1 }), key), VerificationError, "expired");
  });

  test("signJsonTraced: the trace is the record to log, with the signed bytes only on request", () => {
    const before = Math.floor(Date.now() / 1000);
    const { signature, trace } = signJsonTraced('{"b":1,"a":2}', hmacKey(), { requestId: "req-1", created: NOW });
    const envelope = '{"payload":{"a":2,"b":1},"signature_params":{"alg":"hmac-sha256","created":1700000000,"keyid":"k1"}}';
    assert.ok(signature instanceof Signature);
    assert.deepEqual(
      { ...trace, timestamp: undefined },
      {
        operation: "sign",
        request_id: "req-1",
        algorithm: "hmac-sha256",
        key_id: "k1",
        profile: "jcs",
        signing_sha256: sha256(envelope),
        signing_len: envelope.length,
        timestamp: undefined,
        outcome: "ok",
      },
    );
    assert.ok(trace.timestamp >= before && trace.timestamp <= before + 5);
    const withBytes = signJsonTraced('{"b":1,"a":2}', hmacKey(), { includeSigningString: true });
    assert.equal(Buffer.from(withBytes.trace.signing_string_b64, "base64").toString(), '{"a":2,"b":1}');
  });
});

describe("Verifier", () => {
  const signed = (key, options) => signJson('{"n":1}', key, options);

  test("key rotation: old and new keys verify at once, selected by key id", () => {
    const oldKey = hmacKey("2026-10");
    const newKey = Key.hmac(new Uint8Array(32).fill(9), { keyId: "2026-11" });
    const verifier = new Verifier([oldKey, newKey]);
    assert.deepEqual(verifier.keyIds, ["2026-10", "2026-11"]);
    assert.equal(verifier.verifyJson('{"n":1}', signed(oldKey)).keyId, "2026-10");
    assert.equal(verifier.verifyJson('{"n":1}', signed(newKey)).keyId, "2026-11");
    // A bare value names no key: with two keys in the ring that is ambiguous.
    throws(() => verifier.verifyJson('{"n":1}', signed(newKey).encode()), VerificationError, "unknown_key_id");
    assert.equal(new Verifier(newKey).verifyJson('{"n":1}', signed(newKey).encode()).keyId, "2026-11");
  });

  test("algorithms, tolerance, clock, requirements", () => {
    const key = hmacKey();
    const at = (t, options = {}) => new Verifier(key, { clock: () => t, ...options });
    const sig = signed(key, { created: NOW });
    assert.ok(at(NOW + 300).verifyJson('{"n":1}', sig));
    throws(() => at(NOW + 301).verifyJson('{"n":1}', sig), VerificationError, "expired");
    assert.ok(at(NOW + 301, { tolerance: 302 }).verifyJson('{"n":1}', sig));
    throws(() => at(NOW - 31, { tolerance: 30 }).verifyJson('{"n":1}', sig), VerificationError, "future_timestamp");
    assert.ok(at(NOW + 0.999).verifyJson('{"n":1}', sig), "fractional seconds round down");
    assert.ok(at(NOW, { algorithms: ["ed25519", "hmac-sha256"] }).verifyJson('{"n":1}', sig));
    throws(() => at(NOW, { requireCreated: true }).verifyJson('{"n":1}', signed(key)), VerificationError, "missing_parameter");
    assert.ok(at(NOW, { requireCreated: true }).verifyJson('{"n":1}', sig));
    // The clock is read per verification.
    let now = NOW;
    const moving = new Verifier(key, { clock: () => now });
    assert.ok(moving.verifyJson('{"n":1}', sig));
    now += 1000;
    throws(() => moving.verifyJson('{"n":1}', sig), VerificationError, "expired");
  });

  test("option checking", () => {
    const key = hmacKey();
    const bad = [
      [{ profile: "jcs" }, "invalid_option", /unknown option "profile"; expected one of algorithms, tolerance, clock, nonceStore/],
      [{ tolerance: -1 }, "invalid_option", /option "tolerance" must be a non-negative number of seconds, got -1/],
      [{ tolerance: "300" }, "invalid_option", /got string/],
      [{ tolerance: Infinity }, "invalid_option", /got Infinity/],
      [{ clock: 1700000000 }, "invalid_option", /option "clock" must be a function returning Unix seconds, got 1700000000/],
      [{ algorithms: "ed25519" }, "invalid_option", /must be an array of algorithm names/],
      [{ algorithms: ["ed25519", "rsa-sha1"] }, "unsupported_algorithm", /unknown algorithm "rsa-sha1"/],
      [{ nonceStore: new Map() }, "invalid_option", /must be a MemoryNonceStore or an object with checkAndStore/],
      [{ requireNonce: 1 }, "invalid_option", /must be a boolean, got 1/],
      [{ maxDepth: -1 }, "invalid_option", /non-negative integer/],
      [[], "invalid_option", /options must be an object, got array/],
    ];
    for (const [options, code, message] of bad) {
      const e = throws(() => new Verifier(key, options), code === "invalid_option" ? CanonicalizationError : InvalidKeyError, code, inspect(options));
      assert.match(e.message, message);
    }
    throws(() => new Verifier("key"), InvalidKeyError, "invalid_key");
    throws(() => new Verifier([key, { keyId: "x" }]), InvalidKeyError, "invalid_key");
  });

  test("a clock that throws or returns no seconds", () => {
    const sig = signed(hmacKey(), { created: NOW });
    const boom = new Error("clock broke");
    assert.throws(() => new Verifier(hmacKey(), { clock: () => { throw boom; } }).verifyJson('{"n":1}', sig), (e) => e === boom);
    for (const value of ["now", NaN, -1, null, undefined, new Date()]) {
      const e = throws(
        () => new Verifier(hmacKey(), { clock: () => value }).verifyJson('{"n":1}', sig),
        CanonicalizationError,
        "invalid_option",
        inspect(value),
      );
      assert.match(e.message, /options.clock must return Unix seconds/);
    }
  });

  test("MemoryNonceStore: once per key, shared between verifiers, only genuine signatures spend a nonce", () => {
    const store = new MemoryNonceStore(10);
    assert.deepEqual([store.capacity, store.size], [10, 0]);
    assert.equal(inspect(store), "MemoryNonceStore { capacity: 10, size: 0 }");
    const a = new Verifier(hmacKey(), { nonceStore: store, clock: () => NOW });
    const b = new Verifier(hmacKey(), { nonceStore: store, clock: () => NOW });
    const sig = signed(hmacKey(), { nonce: "n-1", created: NOW });
    // A forgery with the same nonce does not burn it.
    const forged = new Signature(new Uint8Array(32), { algorithm: "hmac-sha256", keyId: "k1", nonce: "n-1", created: NOW });
    throws(() => a.verifyJson('{"n":1}', forged), SignatureMismatchError, "signature_mismatch");
    assert.equal(store.size, 0);
    assert.ok(a.verifyJson('{"n":1}', sig));
    assert.equal(store.size, 1);
    throws(() => b.verifyJson('{"n":1}', sig), VerificationError, "replayed_nonce");
    // The same nonce under another key id is another nonce.
    assert.ok(new Verifier(hmacKey("k2"), { nonceStore: store, clock: () => NOW }).verifyJson('{"n":1}', signed(hmacKey("k2"), { nonce: "n-1", created: NOW })));
    assert.equal(store.size, 2);
    throws(() => new MemoryNonceStore(-1), CanonicalizationError, "invalid_option");
    assert.equal(new MemoryNonceStore().capacity, 100_000);
  });

  test("a nonce store of your own: called with the nonce, ttl and now; fails closed", () => {
    const calls = [];
    const seen = new Set();
    const nonceStore = {
      checkAndStore(nonce, ttlSeconds, now) {
        calls.push([nonce, ttlSeconds, now]);
        if (seen.has(nonce)) return false;
        seen.add(nonce);
        return true;
      },
    };
    const verifier = new Verifier(hmacKey(), { nonceStore, clock: () => NOW, tolerance: 60 });
    const sig = signed(hmacKey(), { nonce: "n-9", created: NOW });
    assert.ok(verifier.verifyJson('{"n":1}', sig));
    throws(() => verifier.verifyJson('{"n":1}', sig), VerificationError, "replayed_nonce");
    assert.equal(calls.length, 2);
    assert.ok(calls[0][0].includes("n-9") && calls[0][0].includes("k1"), calls[0][0]);
    assert.deepEqual(calls[0].slice(1), [121, NOW], "ttl is twice the tolerance plus one second");
    assert.ok(new Verifier(hmacKey(), { nonceStore }).verifyJson('{"n":1}', signed(hmacKey())), "no nonce: store not asked");
    assert.equal(calls.length, 2);
    const boom = new Error("redis down");
    const failing = new Verifier(hmacKey(), { nonceStore: { checkAndStore: () => { throw boom; } }, clock: () => NOW });
    const e = throws(() => failing.verifyJson('{"n":1}', sig), VerificationError, "nonce_store_unavailable");
    assert.equal(e.cause, boom);
    for (const answer of [Promise.resolve(true), 1, "yes", undefined]) {
      const odd = new Verifier(hmacKey(), { nonceStore: { checkAndStore: () => answer }, clock: () => NOW });
      const e2 = throws(() => odd.verifyJson('{"n":1}', sig), VerificationError, "nonce_store_unavailable", inspect(answer));
      assert.match(e2.message, /checkAndStore must return a boolean synchronously/);
      assert.equal(e2.cause, undefined);
    }
  });

  test("verifyJsonTraced: the verifier's trace on success and, as error.trace, on failure", () => {
    const verifier = new Verifier(hmacKey(), { clock: () => NOW });
    const sig = signed(hmacKey(), { created: NOW });
    const { verified, trace } = verifier.verifyJsonTraced('{"n":1}', sig, { requestId: "r-2", includeSigningString: true });
    const envelope = '{"payload":{"n":1},"signature_params":{"alg":"hmac-sha256","created":1700000000,"keyid":"k1"}}';
    assert.equal(verified.signedSha256, sha256(envelope));
    assert.deepEqual(trace, {
      operation: "verify",
      request_id: "r-2",
      algorithm: "hmac-sha256",
      key_id: "k1",
      profile: "jcs",
      signing_sha256: sha256(envelope),
      signing_len: envelope.length,
      signing_string_b64: Buffer.from(envelope).toString("base64"),
      timestamp: NOW,
      outcome: "ok",
    });
    const e = throws(() => verifier.verifyJsonTraced('{"n":2}', sig), SignatureMismatchError, "signature_mismatch");
    assert.equal(e.trace.outcome, "signature_mismatch");
    assert.equal(e.trace.signing_sha256, e.signedSha256);
    assert.equal(e.trace.signing_string_b64, undefined);
    const late = new Verifier(hmacKey(), { clock: () => NOW + 1000 });
    assert.equal(throws(() => late.verifyJsonTraced('{"n":1}', sig), VerificationError, "expired").trace.outcome, "expired");
    // No trace when the payload cannot even be canonicalized.
    throws(() => verifier.verifyJsonTraced("{", sig), CanonicalizationError, "unexpected_end");
    throws(() => verifier.verifyJson('{"n":1}', sig, { requestId: "x" }), CanonicalizationError, "invalid_option");
  });

  test("toJSON / console.log show the policy, never keys", () => {
    const verifier = new Verifier([hmacKey("a"), edKey()], { algorithms: ["hmac-sha256"], tolerance: 30, nonceStore: new MemoryNonceStore(), requireNonce: true });
    assert.deepEqual(verifier.toJSON(), {
      keyIds: ["a", fixtureKey("k-ed25519-1").thumbprint],
      algorithms: ["hmac-sha256"],
      tolerance: 30,
      nonceStore: true,
      requireCreated: false,
      requireNonce: true,
    });
    assert.match(inspect(verifier), /^Verifier \{\n  keyIds: \[/);
  });
});

describe("key material never shows", () => {
  // Distinctive test secrets, and every text form they could leak in.
  const hmacSecret = utf8.encode("LEAK-TEST hmac secret 0123456789");
  const privateKeys = ["k-ed25519-1", "k-ecdsa-p384-sha384-1", "k-rsa-pss-sha512-1"].map(fixtureKey);
  const secrets = [Buffer.from(hmacSecret)];
  for (const k of privateKeys) {
    for (const member of ["d", "p", "q", "dp", "dq", "qi"]) {
      if (k.private_jwk[member]) secrets.push(Buffer.from(k.private_jwk[member], "base64url"));
    }
  }
  // Base64 inside a longer text (a PEM) depends on the byte's position mod 3: encode each
  // secret at the three alignments and keep the characters the padding does not touch.
  const shifted = (bytes, encoding) =>
    [0, 1, 2].map((shift) => Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding).replace(/=+$/, "").slice(shift ? 4 : 0, -4));
  const forms = (bytes) => [bytes.toString("latin1"), bytes.toString("hex"), ...shifted(bytes, "base64"), ...shifted(bytes, "base64url")];
  /** Every 16-character window of every form: a partial leak counts. */
  const needles = [...new Set(secrets.flatMap(forms).flatMap((f) => Array.from({ length: Math.max(1, f.length - 15) }, (_, i) => f.slice(i, i + 16))))];

  function assertNoSecret(label, output) {
    const hay = output.toLowerCase();
    const found = needles.find((n) => hay.includes(n.toLowerCase()));
    assert.equal(found, undefined, `${label} shows key material (${JSON.stringify(found)}):\n${output.slice(0, 500)}`);
  }

  test("the needles find what they should (self-check)", () => {
    assert.ok(needles.length > 1000, `${needles.length} needles`);
    assert.throws(() => assertNoSecret("self-check", `x ${Buffer.from(hmacSecret).toString("base64url")} x`));
    for (const k of privateKeys) assert.throws(() => assertNoSecret("self-check", k.private_pem), /shows key material/);
    assert.throws(() => assertNoSecret("self-check", JSON.stringify(privateKeys[2].private_jwk)), /shows key material/);
    assert.throws(() => assertNoSecret("self-check", Buffer.from(hmacSecret).toString("hex").toUpperCase()), /shows key material/);
    for (const k of privateKeys) assertNoSecret("self-check", k.public_pem);
  });

  test("in toString, toJSON, console.log, errors and traces", () => {
    const outputs = [];
    const show = (label, value) => {
      outputs.push([`${label} String`, String(value)]);
      outputs.push([`${label} JSON`, JSON.stringify(value) ?? ""]);
      outputs.push([`${label} inspect`, inspect(value, { showHidden: true, depth: 6, getters: true })]);
    };
    const record = (label, fn) => {
      try {
        show(label, fn());
      } catch (e) {
        show(`${label} (error)`, e);
        outputs.push([`${label} message`, e.message], [`${label} stack`, String(e.stack)]);
        if (e.trace) show(`${label} trace`, e.trace);
      }
    };
    const keys = [
      ["hmac", Key.hmac(hmacSecret, { keyId: "leak" })],
      ["hmac from text", Key.hmac(Buffer.from(hmacSecret).toString("base64"), { encoding: "base64" })],
      ...privateKeys.map((k) => [k.id, Key.fromPem(k.private_pem, { algorithm: k.algorithm })]),
      ...privateKeys.map((k) => [`${k.id} jwk`, Key.fromJwk(k.private_jwk, { algorithm: k.algorithm })]),
    ];
    for (const [label, key] of keys) {
      show(label, key);
      show(`${label} in an object`, { key, list: [key] });
      record(`${label} publicKey`, () => key.publicKey());
      record(`${label} publicPem`, () => key.publicPem());
      record(`${label} publicJwk`, () => key.publicJwk());
      record(`${label} thumbprint`, () => key.thumbprint());
      record(`${label} signJson`, () => signJson('{"a":1}', key, { nonce: "n" }));
      record(`${label} signJsonTraced`, () => signJsonTraced('{"a":1}', key, { includeSigningString: true, requestId: "r" }));
      record(`${label} sign a string`, () => key.sign("x"));
      record(`${label} verify bad`, () => key.verify(utf8.encode("x"), new Uint8Array(7)));
      record(`${label} verify mismatch`, () => key.verify(utf8.encode("x"), key.sign(utf8.encode("y"))));
      record(`${label} verifyJson mismatch`, () => verifyJson('{"a":2}', signJson('{"a":1}', key), key));
      record(`${label} verifier`, () => new Verifier(key, { nonceStore: new MemoryNonceStore() }));
      record(`${label} traced failure`, () => new Verifier(key).verifyJsonTraced('{"a":2}', signJson('{"a":1}', key), { includeSigningString: true }));
      record(`${label} exportSecret of an asymmetric key`, () => (key.algorithm.startsWith("hmac") ? "" : key.exportSecret()));
      record(`${label} exportPrivatePem of HMAC`, () => (key.algorithm.startsWith("hmac") ? key.exportPrivatePem() : ""));
      record(`${label} wrong algorithm for the verifier`, () => new Verifier(key, { algorithms: ["hmac-sha512"] }).verifyJson('{"a":1}', signJson('{"a":1}', key)));
    }
    // Bad key material: the error must not echo it back.
    const hex = Buffer.from(hmacSecret).toString("hex");
    record("bad hex secret", () => Key.hmac(`${hex}zz`, { encoding: "hex" }));
    record("bad base64 secret", () => Key.hmac(`${Buffer.from(hmacSecret).toString("base64")}!`, { encoding: "base64" }));
    for (const k of privateKeys) {
      const lines = k.private_pem.split("\n");
      record(`${k.id} PEM with a line dropped`, () => Key.fromPem(lines.filter((_, i) => i !== 2).join("\n"), { algorithm: k.algorithm }));
      record(`${k.id} PEM cut`, () => Key.fromPem(k.private_pem.slice(0, k.private_pem.length - 60), { algorithm: k.algorithm }));
      record(`${k.id} PEM as another algorithm`, () => Key.fromPem(k.private_pem, { algorithm: "ecdsa-p256-sha256" }));
      record(`${k.id} JWK with a bad member`, () => Key.fromJwk({ ...k.private_jwk, x: "!!", n: k.private_jwk.n ? "!!" : undefined }, { algorithm: k.algorithm }));
      record(`${k.id} JWK as another algorithm`, () => Key.fromJwk(k.private_jwk, { algorithm: "hmac-sha256" }));
      record(`${k.id} JWK of another curve`, () => Key.fromJwk({ ...k.private_jwk, crv: "P-521" }, { algorithm: k.algorithm }));
    }
    assert.ok(outputs.length > 300, `${outputs.length} outputs`);
    for (const [label, output] of outputs) assertNoSecret(label, output);
  });
});

function createHashHmac(secretHex, message) {
  return createHmac("sha256", Buffer.from(secretHex, "hex")).update(message).digest("hex");
}
