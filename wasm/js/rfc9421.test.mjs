// RFC 9421 Appendix B keys and signatures (../shared/vectors/rfc9421, read in place): every
// key form loads, every published signature verifies over the published signature base,
// a one-bit change does not, and the deterministic algorithms re-sign to the RFC's bytes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { requireBuilds, sharedVectors, skipMessage } from "./support.mjs";

requireBuilds();
const { InvalidKeyError, Key, SignatureMismatchError } = await import("canonsig");

const dir = sharedVectors("rfc9421");
const skip = dir ? false : skipMessage("rfc9421");
const load = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const utf8 = new TextEncoder();

/** The B.1.1 RSA key has primes of 1088 and 960 bits, which ring refuses to sign with; its public key verifies. */
const UNBALANCED_RSA = "test-key-rsa";

function keyFor(keys, keyid, algorithm, kind) {
  const entry = keys.keys[keyid];
  if (entry.secret_base64) return Key.hmac(entry.secret_base64, { algorithm, keyId: keyid, encoding: "base64" });
  const pem = entry[kind === "private" ? "pem_private" : "pem_public"];
  if (kind === "private" && keyid === UNBALANCED_RSA) {
    assert.throws(
      () => Key.fromPem(pem, { algorithm }),
      (e) => e instanceof InvalidKeyError && e.code === "invalid_key" && e.message.includes("1088 and 960 bits"),
    );
    return null;
  }
  return Key.fromPem(pem, { algorithm, keyId: keyid });
}

test("appendix B: signatures verify, tampered bases do not, deterministic ones re-sign", { skip }, () => {
  const keys = load("keys.json");
  const { cases } = load("signatures.json");
  let verified = 0;
  let resigned = 0;
  for (const c of cases) {
    if (typeof c.expected_signature_base !== "string") continue;
    const base = utf8.encode(c.expected_signature_base);
    const value = new Uint8Array(Buffer.from(c.expected_signature_value_base64, "base64"));
    const pub = keyFor(keys, c.keyid, c.alg, "public");
    assert.doesNotThrow(() => pub.verify(base, value), c.id);
    const tampered = base.slice();
    tampered[0] ^= 1;
    assert.throws(() => pub.verify(tampered, value), (e) => e instanceof SignatureMismatchError, c.id);
    verified += 1;
    const priv = keyFor(keys, c.keyid, c.alg, "private");
    if (!priv) continue;
    priv.verify(base, value);
    if (c.deterministic) {
      assert.equal(Buffer.from(priv.sign(base)).toString("base64"), c.expected_signature_value_base64, `${c.id}: re-signing`);
      resigned += 1;
    } else {
      pub.verify(base, priv.sign(base));
    }
  }
  assert.ok(verified >= 8, `verified ${verified} RFC 9421 signatures`);
  assert.ok(resigned >= 3, `re-signed ${resigned}`);
});

test("appendix B: JWKs load and match their PEMs", { skip }, () => {
  const keys = load("keys.json");
  let compared = 0;
  for (const [keyid, entry] of Object.entries(keys.keys)) {
    if (!entry.jwk) continue;
    const algorithm = entry.algs[0];
    if (keyid === UNBALANCED_RSA) {
      assert.throws(() => Key.fromJwk(entry.jwk, { algorithm }), (e) => e.message.includes("1088 and 960 bits"));
      const pub = Key.fromJwk({ kty: entry.jwk.kty, n: entry.jwk.n, e: entry.jwk.e }, { algorithm });
      assert.equal(pub.publicPem(), Key.fromPem(entry.pem_public, { algorithm }).publicPem());
      compared += 1;
      continue;
    }
    const fromJwk = Key.fromJwk(entry.jwk, { algorithm });
    const fromPem = Key.fromPem(entry.pem_public, { algorithm });
    assert.equal(fromJwk.publicPem(), fromPem.publicPem(), keyid);
    assert.equal(fromJwk.thumbprint(), fromPem.thumbprint(), keyid);
    compared += 1;
  }
  assert.ok(compared >= 4, `compared ${compared} JWKs`);
});
