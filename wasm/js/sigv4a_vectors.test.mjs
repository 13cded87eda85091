// SigV4a (`AWS4-ECDSA-P256-SHA256`) against aws-c-auth's signing test suite, read in place
// from ../shared/vectors/sigv4/aws-signing-test-suite/v4a (see its README). ECDSA is
// randomized in the suite, so signatures are checked both ways: the suite's signed requests
// verify through aws.Verifier (our derived key), ours verify with the suite's
// public-key.json through node:crypto (independent of canonsig). Canonical requests,
// strings to sign and the derived public key compare exactly.
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { requireBuilds, sharedVectors, skipMessage } from "./support.mjs";

requireBuilds();
const { SignatureMismatchError, aws, http } = await import("canonsig");

const sigv4Dir = sharedVectors("sigv4");
const skip = sigv4Dir ? false : skipMessage("sigv4");
const SUITE_TIME = 1_440_938_160; // 2015-08-30T12:36:00Z
// aws-c-auth publishes no expected files for these (repeated query keys).
const WITHOUT_EXPECTATIONS = ["get-vanilla-query-order-key", "get-vanilla-query-order-value"];

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const lines = (req) => req.headers.map(([n, v]) => [n.toLowerCase(), v.trim()]);

/** The suite's public-key.json as a node:crypto key (JWK), and as `04 || X || Y`. */
function suiteKey(dir) {
  const { X, Y } = JSON.parse(readFileSync(join(dir, "public-key.json"), "utf8"));
  const b64url = (h) => Buffer.from(h, "hex").toString("base64url");
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64url(X), y: b64url(Y) }, format: "jwk" });
  return { key, point: `04${X}${Y}`.toLowerCase() };
}

const ecdsaVerifies = (key, message, signatureHex) =>
  verify("sha256", Buffer.from(message, "utf8"), { key, dsaEncoding: "der" }, Buffer.from(signatureHex, "hex"));

const SIGNATURE = /((?:X-Amz-Signature|Signature)=)([0-9a-f]+)/;

function signatureOf(req) {
  const authz = req.headers.find(([n]) => n.toLowerCase() === "authorization");
  return SIGNATURE.exec(authz ? authz[1] : req.target)[2];
}

/** The request with its signature replaced (in Authorization or the query). */
function withSignature(req, signature) {
  const swap = (text) => text.replace(SIGNATURE, `$1${signature}`);
  return {
    ...req,
    target: swap(req.target),
    headers: req.headers.map(([n, v]) => [n, n.toLowerCase() === "authorization" ? swap(v) : v]),
  };
}

test("SigV4a: aws-c-auth's aws-signing-test-suite v4a, header and presigned (query)", { skip }, () => {
  const root = join(sigv4Dir, "aws-signing-test-suite", "v4a");
  const ran = { header: 0, query: 0 };
  const skipped = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    if (!existsSync(join(dir, "public-key.json"))) {
      assert.ok(WITHOUT_EXPECTATIONS.includes(name), `${name}: no expected files`);
      skipped.push(name);
      continue;
    }
    const read = (file) => readFileSync(join(dir, file), "utf8");
    const context = JSON.parse(read("context.json"));
    assert.equal(context.timestamp, "2015-08-30T12:36:00Z");
    const c = context.credentials;
    const creds = new aws.Credentials(c.access_key_id, c.secret_access_key, c.token);
    const { key, point } = suiteKey(dir);
    assert.equal(hex(creds.sigv4aPublicKey()), point, `${name}: derived public key`);

    const settings = new aws.Settings({
      normalizePath: context.normalize,
      contentSha256Header: context.sign_body,
      signSessionToken: !context.omit_session_token,
    });
    // Presigned URLs never carry x-amz-content-sha256 (as in the v4 suite).
    const querySettings = new aws.Settings({ normalizePath: settings.normalizePath, signSessionToken: settings.signSessionToken });
    const req = http.parseRequest(readFileSync(join(dir, "request.txt")));

    for (const [variant, variantSettings] of [["header", settings], ["query", querySettings]]) {
      const where = `${name} ${variant}`;
      const signer = new aws.Signer(creds, context.region, context.service, { settings: variantSettings, algorithm: "sigv4a" });
      const signed =
        variant === "header"
          ? signer.sign(req, { time: SUITE_TIME })
          : signer.presign(req, context.expiration_in_seconds, { time: SUITE_TIME });
      const expectedSts = read(`${variant}-string-to-sign.txt`);
      assert.equal(signed.canonicalRequest, read(`${variant}-canonical-request.txt`), where);
      assert.equal(signed.stringToSign, expectedSts, where);
      if (variant === "header" && existsSync(join(dir, "canonical-request.txt"))) {
        assert.equal(signed.canonicalRequest, read("canonical-request.txt"), where);
        assert.equal(signed.stringToSign, read("string-to-sign.txt"), where);
      }
      assert.ok(ecdsaVerifies(key, signed.stringToSign, signed.signature), `${where}: ours with the suite's key`);

      // The suite's signed request, but for its (randomized) signature, is ours.
      const expected = http.parseRequest(readFileSync(join(dir, `${variant}-signed-request.txt`)));
      const oursInTheirs = withSignature(expected, signed.signature);
      assert.deepEqual([signed.request.method, signed.request.target], [oursInTheirs.method, oursInTheirs.target], where);
      assert.deepEqual(lines(signed.request), lines(oursInTheirs), where);

      // The suite's published signatures verify (node:crypto, then aws.Verifier).
      const verifier = new aws.Verifier(creds, {
        region: context.region,
        service: context.service,
        settings: variantSettings,
        now: () => SUITE_TIME,
      });
      const published = read(`${variant}-signature.txt`).trim();
      for (const [what, request] of [
        ["signed-request", expected],
        ["signature.txt", withSignature(expected, published)],
        ["ours", signed.request],
      ]) {
        assert.ok(ecdsaVerifies(key, expectedSts, signatureOf(request)), `${where} ${what}: node:crypto`);
        const verified = verifier.verify(request);
        assert.equal(verified.canonicalRequest, signed.canonicalRequest, `${where} ${what}`);
        assert.equal(verified.region, context.region, `${where} ${what}`);
      }

      // A flipped bit of the published signature fails.
      const bad = Buffer.from(published, "hex");
      bad[bad.length - 1] ^= 1;
      assert.throws(() => verifier.verify(withSignature(expected, bad.toString("hex"))), SignatureMismatchError, where);
      ran[variant] += 1;
    }
  }
  assert.deepEqual(skipped.sort(), [...WITHOUT_EXPECTATIONS].sort());
  assert.deepEqual(ran, { header: 38, query: 38 });
});

test("SigV4a: Signer options", () => {
  const creds = new aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  const signer = new aws.Signer(creds, "us-east-1,us-west-2", "service", { algorithm: "sigv4a" });
  assert.equal(signer.algorithm, "sigv4a");
  const signed = signer.sign({ method: "GET", target: "/", headers: [["Host", "example.amazonaws.com"]] }, { time: SUITE_TIME });
  assert.match(signed.authorization, /^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/20150830\/service\/aws4_request, /);
  assert.ok(signed.request.headers.some(([n, v]) => n === "X-Amz-Region-Set" && v === "us-east-1,us-west-2"));
  const verified = new aws.Verifier(creds, { region: "us-west-2", now: () => SUITE_TIME }).verify(signed.request);
  assert.equal(verified.region, "us-east-1,us-west-2");
  assert.equal(new aws.Signer(creds, "r", "s").algorithm, "sigv4");
  assert.throws(() => new aws.Signer(creds, "r", "s", { algorithm: "v4a" }), /algorithm must be "sigv4" or "sigv4a"/);
});
