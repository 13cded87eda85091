// Standard Webhooks v1a (Ed25519) against Node's own crypto: its signatures verify in
// canonsig with the whpk_ key, and canonsig's (made with the whsk_ key) verify in node:crypto.
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify } from "node:crypto";
import { test } from "node:test";

import { requireBuilds } from "./support.mjs";

requireBuilds();
const { webhooks, SignatureMismatchError } = await import("canonsig");

const TS = 1674087231;
const BODY = '{"event_type":"ping","data":{"success":true}}';
// RFC 8410 PKCS #8 prefix of an Ed25519 private key, before its 32-byte seed.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function keys(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: "jwk" }).x, "base64url");
  return { privateKey, whsk: `whsk_${seed.toString("base64")}`, whpk: `whpk_${raw.toString("base64")}` };
}

test("v1a: node:crypto and canonsig agree both ways", () => {
  for (let n = 0; n < 20; n++) {
    const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => (n * 7 + i) % 256));
    const { privateKey, whsk, whpk } = keys(seed);
    const msgId = `msg_${n}`;
    const payload = Buffer.from(`${msgId}.${TS}.${BODY}`);
    const theirs = `v1a,${edSign(null, payload, privateKey).toString("base64")}`;

    const receiver = new webhooks.StandardWebhooks(whpk, { now: () => TS });
    const headers = { "webhook-id": msgId, "webhook-timestamp": String(TS), "webhook-signature": `v1,AAAA ${theirs}` };
    assert.equal(receiver.verify(headers, BODY).timestamp, TS);
    assert.throws(() => receiver.verify(headers, `${BODY} `), SignatureMismatchError);

    const ours = new webhooks.StandardWebhooks(whsk).sign(msgId, TS, BODY);
    assert.equal(ours, theirs); // Ed25519 is deterministic
    assert.ok(edVerify(null, payload, createPublicKey(privateKey), Buffer.from(ours.slice(4), "base64")));
  }
});

test("v1a: a public key cannot sign", () => {
  const { whpk } = keys(Buffer.alloc(32));
  assert.throws(() => new webhooks.StandardWebhooks(whpk).sign("m", TS, BODY), (e) => e.code === "invalid_key");
});
