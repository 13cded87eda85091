// Cross-verification with Node's own crypto (OpenSSL), both ways, for every algorithm:
// keys made by Node load into canonsig (PEM and JWK) and the reverse; Node signs and
// canonsig verifies, canonsig signs and Node verifies; deterministic algorithms give the
// same bytes. ECDSA is raw r||s, which Node calls `dsaEncoding: "ieee-p1363"` (DER from
// Node is accepted too); RSA-PSS uses a 64-byte salt. For signed JSON, Node signs the
// bytes npm `canonicalize` (an independent RFC 8785 implementation) makes.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { describe, test } from "node:test";

import canonicalizeReference from "canonicalize";

import { requireBuilds } from "./support.mjs";

requireBuilds();
const { ALGORITHMS, Key, Signature, SignatureMismatchError, Verifier, signJson, verifyJson } = await import("canonsig");

const message = new TextEncoder().encode('{"a":1} and some bytes \u00e9\u{1f600}');
const { RSA_PKCS1_PSS_PADDING } = crypto.constants;

/** How Node signs and verifies each algorithm. */
const NODE = {
  "hmac-sha256": { hash: "sha256", hmac: true },
  "hmac-sha384": { hash: "sha384", hmac: true },
  "hmac-sha512": { hash: "sha512", hmac: true },
  ed25519: { hash: null, options: {} },
  "ecdsa-p256-sha256": { hash: "sha256", options: { dsaEncoding: "ieee-p1363" } },
  "ecdsa-p384-sha384": { hash: "sha384", options: { dsaEncoding: "ieee-p1363" } },
  "rsa-pss-sha512": { hash: "sha512", options: { padding: RSA_PKCS1_PSS_PADDING, saltLength: 64 } },
  "rsa-v1_5-sha256": { hash: "sha256", options: {} },
};
const DETERMINISTIC = new Set(["hmac-sha256", "hmac-sha384", "hmac-sha512", "ed25519", "rsa-v1_5-sha256"]);

function nodeSign(algorithm, key, bytes) {
  const n = NODE[algorithm];
  if (n.hmac) return new Uint8Array(crypto.createHmac(n.hash, key).update(bytes).digest());
  return new Uint8Array(crypto.sign(n.hash, bytes, { key, ...n.options }));
}

function nodeVerify(algorithm, key, bytes, signature, extra = {}) {
  const n = NODE[algorithm];
  if (n.hmac) return crypto.timingSafeEqual(nodeSign(algorithm, key, bytes), signature);
  return crypto.verify(n.hash, bytes, { key, ...n.options, ...extra }, signature);
}

let rsaPair; // one Node RSA key serves both RSA algorithms (2048-bit generation takes a moment)
function nodeKeyPair(algorithm) {
  if (NODE[algorithm].hmac) {
    const secret = crypto.randomBytes({ "hmac-sha256": 32, "hmac-sha384": 48, "hmac-sha512": 64 }[algorithm]);
    return { secret };
  }
  if (algorithm === "ed25519") return crypto.generateKeyPairSync("ed25519");
  if (algorithm.startsWith("ecdsa")) {
    return crypto.generateKeyPairSync("ec", { namedCurve: algorithm === "ecdsa-p256-sha256" ? "P-256" : "P-384" });
  }
  rsaPair ??= crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return rsaPair;
}

/** RFC 7638 thumbprint of a Node public JWK, written from the RFC (§3.2 required members). */
function thumbprint(jwk) {
  const required = { EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"], RSA: ["e", "kty", "n"] }[jwk.kty];
  const json = `{${required.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(",")}}`;
  return crypto.createHash("sha256").update(json).digest("base64url");
}

describe("Node crypto keys, both ways", () => {
  for (const algorithm of ALGORITHMS) {
    test(algorithm, () => {
      const pair = nodeKeyPair(algorithm);
      if (pair.secret) {
        const key = Key.hmac(new Uint8Array(pair.secret), { algorithm });
        const jwkKey = Key.fromJwk({ kty: "oct", k: pair.secret.toString("base64url") }, { algorithm });
        const ours = key.sign(message);
        assert.deepEqual(ours, nodeSign(algorithm, pair.secret, message), "HMAC bytes equal Node's");
        assert.deepEqual(jwkKey.sign(message), ours);
        key.verify(message, nodeSign(algorithm, pair.secret, message));
        // And a secret canonsig made, used by Node.
        const generated = Key.generate(algorithm);
        const secret = Buffer.from(generated.exportSecret("hex"), "hex");
        assert.equal(secret.length, { "hmac-sha256": 32, "hmac-sha384": 48, "hmac-sha512": 64 }[algorithm]);
        assert.deepEqual(generated.sign(message), nodeSign(algorithm, secret, message));
        return;
      }
      const { publicKey, privateKey } = pair;
      const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" });
      const spki = publicKey.export({ type: "spki", format: "pem" });
      const jwkPrivate = privateKey.export({ format: "jwk" });
      const jwkPublic = publicKey.export({ format: "jwk" });
      const fromPem = Key.fromPem(pkcs8, { algorithm });
      const fromJwk = Key.fromJwk(jwkPrivate, { algorithm });
      const publics = [Key.fromPem(spki, { algorithm }), Key.fromJwk(jwkPublic, { algorithm }), fromPem.publicKey()];
      assert.equal(fromPem.thumbprint(), thumbprint(jwkPublic), "RFC 7638 thumbprint");
      assert.equal(fromPem.keyId, thumbprint(jwkPublic), "default key id");
      for (const pub of publics) assert.equal(pub.publicPem(), spki, "SPKI PEM equals Node's");

      // Node signs, canonsig verifies (with every form of the public key).
      const nodeSig = nodeSign(algorithm, privateKey, message);
      for (const pub of [...publics, fromPem, fromJwk]) pub.verify(message, nodeSig);
      // canonsig signs, Node verifies.
      for (const signer of [fromPem, fromJwk]) {
        const ours = signer.sign(message);
        assert.ok(nodeVerify(algorithm, publicKey, message, ours), `Node verifies canonsig's ${algorithm} signature`);
        if (DETERMINISTIC.has(algorithm)) assert.deepEqual(ours, nodeSig, "deterministic: same bytes as Node");
      }
      const tampered = message.slice();
      tampered[3] ^= 0x20;
      assert.throws(() => publics[0].verify(tampered, nodeSig), (e) => e instanceof SignatureMismatchError);

      // A key canonsig generates, used by Node: private PEM and JWK in, public PEM and JWK out.
      const generated = algorithm.startsWith("rsa") ? fromPem : Key.generate(algorithm);
      // (A generated Ed25519 key once exported ring's PKCS#8 v2, which OpenSSL 3.0 refuses.)
      const nodePrivate = crypto.createPrivateKey(generated.exportPrivatePem());
      const nodePrivateJwk = crypto.createPrivateKey({ key: generated.exportPrivateJwk(), format: "jwk" });
      const nodePublic = crypto.createPublicKey(generated.publicPem());
      const nodePublicJwk = crypto.createPublicKey({ key: generated.publicJwk(), format: "jwk" });
      assert.equal(thumbprint(nodePublic.export({ format: "jwk" })), generated.thumbprint());
      const sig = generated.sign(message);
      assert.ok(nodeVerify(algorithm, nodePublic, message, sig));
      assert.ok(nodeVerify(algorithm, nodePublicJwk, message, sig));
      generated.verify(message, nodeSign(algorithm, nodePrivate, message));
      generated.publicKey().verify(message, nodeSign(algorithm, nodePrivateJwk, message));
    });
  }

  test("ECDSA: raw r||s out, raw and DER in; Node's DER reading of raw fails", () => {
    for (const [algorithm, curve, size] of [["ecdsa-p256-sha256", "P-256", 64], ["ecdsa-p384-sha384", "P-384", 96]]) {
      const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: curve });
      const key = Key.fromPem(privateKey.export({ type: "pkcs8", format: "pem" }));
      const ours = key.sign(message);
      assert.equal(ours.length, size, "raw r||s");
      assert.ok(!crypto.verify(NODE[algorithm].hash, message, { key: publicKey, dsaEncoding: "der" }, ours));
      const der = crypto.sign(NODE[algorithm].hash, message, { key: privateKey, dsaEncoding: "der" });
      assert.equal(der[0], 0x30);
      key.publicKey().verify(message, new Uint8Array(der));
    }
  });

  test("RSA-PSS: the salt is 64 bytes (Node refuses it as a 32-byte salt); Node's rsa-pss keys load", () => {
    const { publicKey, privateKey } = nodeKeyPair("rsa-pss-sha512");
    const key = Key.fromPem(privateKey.export({ type: "pkcs8", format: "pem" }), { algorithm: "rsa-pss-sha512" });
    const ours = key.sign(message);
    assert.ok(nodeVerify("rsa-pss-sha512", publicKey, message, ours, { saltLength: 64 }));
    assert.ok(!nodeVerify("rsa-pss-sha512", publicKey, message, ours, { saltLength: 32 }));
    // A key restricted to RSASSA-PSS (id-RSASSA-PSS in its PKCS#8 and SPKI).
    const pss = crypto.generateKeyPairSync("rsa-pss", { modulusLength: 2048, hashAlgorithm: "sha512", mgf1HashAlgorithm: "sha512", saltLength: 64 });
    const pssKey = Key.fromPem(pss.privateKey.export({ type: "pkcs8", format: "pem" }));
    assert.equal(pssKey.algorithm, "rsa-pss-sha512");
    const pssPublic = Key.fromPem(pss.publicKey.export({ type: "spki", format: "pem" }));
    assert.ok(crypto.verify("sha512", message, { key: pss.publicKey, padding: RSA_PKCS1_PSS_PADDING, saltLength: 64 }, pssKey.sign(message)));
    pssPublic.verify(message, new Uint8Array(crypto.sign("sha512", message, { key: pss.privateKey, padding: RSA_PKCS1_PSS_PADDING, saltLength: 64 })));
  });
});

describe("signed JSON against Node crypto over npm canonicalize's bytes", () => {
  const payload = '{ "to": "bob", "amount": 10.0, "memo": "caf\\u00e9 \\ud83d\\ude00", "tags": [ "a", "b" ] }';
  const canonical = canonicalizeReference(JSON.parse(payload));

  for (const algorithm of ALGORITHMS) {
    test(algorithm, () => {
      const pair = nodeKeyPair(algorithm);
      const nodePrivate = pair.secret ?? pair.privateKey;
      const nodePublic = pair.secret ?? pair.publicKey;
      const key = pair.secret
        ? Key.hmac(new Uint8Array(pair.secret), { algorithm, keyId: "k" })
        : Key.fromPem(pair.privateKey.export({ type: "pkcs8", format: "pem" }), { algorithm, keyId: "k" });
      const verifyKey = pair.secret ? key : key.publicKey();

      // Bare signature: the signed bytes are the canonical payload.
      const ours = signJson(payload, key);
      assert.ok(nodeVerify(algorithm, nodePublic, Buffer.from(canonical), ours.value), "Node verifies signJson");
      const theirs = nodeSign(algorithm, nodePrivate, Buffer.from(canonical));
      const reserialized = JSON.stringify(JSON.parse(payload), null, 2);
      assert.equal(verifyJson(reserialized, Buffer.from(theirs).toString("base64url"), verifyKey).keyId, "k");
      assert.equal(verifyJson(reserialized, Buffer.from(theirs).toString("hex"), verifyKey, { encoding: "hex" }).algorithm, algorithm);

      // With parameters: the canonical envelope, built here from the documented format.
      const params = { alg: algorithm, created: 1_700_000_000, keyid: "k", nonce: "n-42" };
      const envelope = canonicalizeReference({ payload: JSON.parse(payload), signature_params: params });
      const withParams = signJson(payload, key, { created: params.created, nonce: params.nonce });
      assert.ok(nodeVerify(algorithm, nodePublic, Buffer.from(envelope), withParams.value), "Node verifies the envelope signature");
      const nodeEnvelopeSig = nodeSign(algorithm, nodePrivate, Buffer.from(envelope));
      const header = new Signature(nodeEnvelopeSig, { algorithm, keyId: "k", created: params.created, nonce: params.nonce }).toHeader();
      assert.equal(header.split(";").slice(1).join(";"), `alg="${algorithm}";keyid="k";created=1700000000;nonce="n-42"`);
      const verifier = new Verifier(verifyKey, { clock: () => params.created });
      assert.equal(verifier.verifyJson(reserialized, header).keyId, "k");
      if (DETERMINISTIC.has(algorithm)) {
        assert.deepEqual(ours.value, theirs);
        assert.deepEqual(withParams.value, nodeEnvelopeSig);
      }
    });
  }
});
