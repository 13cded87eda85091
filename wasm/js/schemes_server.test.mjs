// Real fetch against a node:http server on 127.0.0.1 (random port) that verifies with the
// verifySignature middleware: RFC 9421 (FetchAuth), SigV4 (aws.FetchAuth, header and
// presigned), Standard Webhooks deliveries; tampered bodies refused with their code; a
// parsed body refused with the reason. Then the same middleware inside Express (npm).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import express from "express";

import { requireBuilds } from "./support.mjs";

requireBuilds();
const { Key, aws, http, verifySignature, webhooks } = await import("canonsig");

const hmacKey = Key.hmac(new TextEncoder().encode("a 32-byte secret shared by both!"), { keyId: "k1" });
const edKey = Key.generate("ed25519", { keyId: "ed" });
const creds = new aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const standard = new webhooks.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

const httpVerifier = new http.Verifier([hmacKey, edKey], { requiredComponents: ["@method", "@authority", "@path"] });
const profile = new http.JsonApiProfile();
const routes = {
  "/http": verifySignature(httpVerifier),
  "/json": verifySignature(profile.verifier(httpVerifier), { exposeDetails: true }),
  "/aws": verifySignature(new aws.Verifier(creds, { region: "eu-west-1", service: "execute-api" })),
  "/webhook": verifySignature(standard),
};

/** The app: a route's middleware, then a handler echoing what was verified and the body it can still read. */
function app(req, res) {
  const path = new URL(req.url, "http://x").pathname;
  const middleware = routes[path.startsWith("/parsed") ? path.slice("/parsed".length) : path];
  if (!middleware) return res.writeHead(404).end();
  if (path.startsWith("/parsed")) {
    // A JSON body parser ran first (as express.json() would): no raw bytes left.
    req.body = { parsed: true };
    req._body = true;
  }
  const next = (error) => {
    if (error) return res.writeHead(500, { "content-type": "text/plain" }).end(String(error.message));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ verified: summary(req.canonsig), body: Buffer.from(req.rawBody).toString() }));
  };
  middleware(req, res, next);
}

const summary = (r) => ({ label: r.label, keyId: r.keyId, components: r.components, accessKeyId: r.accessKeyId, provider: r.provider });

let server;
let origin;
before(async () => {
  server = createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const json = async (res) => ({ status: res.status, body: await res.json() });
const body = JSON.stringify({ order: 42, items: ["a", "b"] });

test("RFC 9421: a FetchAuth-signed POST is accepted; the signature covers content-digest", async () => {
  const auth = new http.FetchAuth(edKey);
  const res = await json(await auth.fetch(`${origin}/http?x=1`, { method: "POST", body, headers: { "content-type": "application/json" } }));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.verified.components, ['"@method"', '"@authority"', '"@path"', '"@query"', '"content-type"', '"content-digest"']);
  assert.equal(res.body.verified.keyId, "ed");
  assert.equal(res.body.body, body);
});

test("RFC 9421: a signed GET (no body) is accepted", async () => {
  const res = await json(await new http.FetchAuth(hmacKey, undefined, { nonce: true, expiresIn: 60 }).fetch(`${origin}/http`));
  assert.deepEqual([res.status, res.body.verified.keyId], [200, "k1"]);
});

test("RFC 9421: a tampered body is refused with 401 digest_mismatch", async () => {
  const signed = await new http.FetchAuth(hmacKey).sign(`${origin}/http`, { method: "POST", body });
  const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: body.replace("42", "43") });
  const res = await json(await fetch(tampered));
  assert.equal(res.status, 401);
  assert.equal(res.body.error, "digest_mismatch");
  assert.match(res.body.message, /Content-Digest sha-256 does not match the body/);
});

test("RFC 9421: a request moved to another path is refused with 401 signature_mismatch", async () => {
  const signed = await new http.FetchAuth(hmacKey).sign(`${origin}/elsewhere`);
  const res = await json(await fetch(new Request(`${origin}/http`, { headers: signed.headers })));
  assert.deepEqual([res.status, res.body.error], [401, "signature_mismatch"]);
});

test("JSON API profile: a body re-serialized on the way is named as such (with exposeDetails)", async () => {
  const canonicalBody = '{"items":["a","b"],"order":42}';
  const signed = await new http.FetchAuth(hmacKey).sign(`${origin}/json`, { method: "POST", body: canonicalBody });
  const pretty = JSON.stringify(JSON.parse(canonicalBody), null, 2);
  const res = await json(await fetch(new Request(signed.url, { method: "POST", headers: signed.headers, body: pretty })));
  assert.deepEqual([res.status, res.body.error], [401, "digest_mismatch"]);
  assert.match(res.body.message, /re-serialized/);
  const ok = await json(await fetch(await new http.FetchAuth(hmacKey).sign(`${origin}/json`, { method: "POST", body: canonicalBody })));
  assert.equal(ok.status, 200);
});

test("SigV4: an aws.FetchAuth-signed POST (header) and a presigned GET are verified", async () => {
  const auth = new aws.FetchAuth(creds, "eu-west-1", "execute-api");
  const res = await json(await auth.fetch(`${origin}/aws?b=2&a=1`, { method: "POST", body, headers: { "x-custom": " a  b " } }));
  assert.deepEqual([res.status, res.body.verified.accessKeyId, res.body.body], [200, "AKIDEXAMPLE", body]);
  const presigned = new aws.FetchAuth(creds, "eu-west-1", "execute-api", { presign: 60 });
  const got = await json(await presigned.fetch(`${origin}/aws?list`));
  assert.equal(got.status, 200);
  const other = new aws.FetchAuth(creds, "us-east-1", "execute-api");
  const refused = await json(await other.fetch(`${origin}/aws`));
  assert.deepEqual([refused.status, refused.body.error], [401, "invalid_header"]);
});

test("SigV4: a tampered body is refused with 401 signature_mismatch", async () => {
  const signed = await new aws.FetchAuth(creds, "eu-west-1", "execute-api").sign(`${origin}/aws`, { method: "PUT", body });
  const res = await json(await fetch(new Request(signed.url, { method: "PUT", headers: signed.headers, body: `${body} ` })));
  assert.deepEqual([res.status, res.body.error], [401, "signature_mismatch"]);
});

test("Standard Webhooks: a delivery is verified; a changed body is refused", async () => {
  const headers = standard.headers("msg_1", body);
  const res = await json(await fetch(`${origin}/webhook`, { method: "POST", headers, body }));
  assert.deepEqual([res.status, res.body.verified.provider, res.body.body], [200, "standard-webhooks", body]);
  const bad = await json(await fetch(`${origin}/webhook`, { method: "POST", headers, body: JSON.stringify(JSON.parse(body), null, 1) }));
  assert.deepEqual([bad.status, bad.body.error], [401, "signature_mismatch"]);
});

test("a body parsed before the middleware is refused (500), explaining why", async () => {
  const headers = standard.headers("msg_2", body);
  const res = await fetch(`${origin}/parsed/webhook`, { method: "POST", headers, body });
  assert.equal(res.status, 500);
  const message = await res.text();
  assert.match(message, /the body is a parsed Object, not the raw bytes/);
  assert.match(message, /express\.raw/);
});

test("Express: express.raw(), a raw copy kept by express.json's verify hook, and express.json() alone", async () => {
  const appx = express();
  const hook = verifySignature(standard);
  const reply = (req, res) => res.json({ provider: req.canonsig.provider, parsed: Buffer.isBuffer(req.body) ? "raw" : req.body });
  appx.post("/raw", express.raw({ type: "*/*" }), hook, reply);
  appx.post("/kept", express.json({ verify: (req, _res, buf) => (req.rawBody = buf) }), hook, reply);
  appx.post("/parsed", express.json(), hook, reply);
  appx.post("/none", hook, reply);
  appx.use((error, _req, res, _next) => res.status(500).json({ setupError: error.message }));
  const srv = appx.listen(0, "127.0.0.1");
  await new Promise((resolve) => srv.once("listening", resolve));
  try {
    const base = `http://127.0.0.1:${srv.address().port}`;
    const send = (path, b = body) =>
      fetch(`${base}${path}`, { method: "POST", headers: { ...standard.headers("msg_3", body), "content-type": "application/json" }, body: b }).then(json);
    assert.deepEqual(await send("/raw"), { status: 200, body: { provider: "standard-webhooks", parsed: "raw" } });
    assert.deepEqual(await send("/kept"), { status: 200, body: { provider: "standard-webhooks", parsed: JSON.parse(body) } });
    assert.deepEqual(await send("/none"), { status: 200, body: { provider: "standard-webhooks", parsed: "raw" } });
    const parsed = await send("/parsed");
    assert.equal(parsed.status, 500);
    assert.match(parsed.body.setupError, /parsed Object, not the raw bytes/);
    const tampered = await send("/raw", body.replace("a", "A"));
    assert.deepEqual([tampered.status, tampered.body.error], [401, "signature_mismatch"]);
  } finally {
    await new Promise((resolve) => srv.close(resolve));
  }
});
