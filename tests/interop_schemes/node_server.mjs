// A Node server that verifies with canonsig (the wasm package): RFC 9421 on /http (HMAC and
// Ed25519 keys), Standard Webhooks on /webhook. Prints its port, then serves until killed.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { http, Key, verifySignature, webhooks } = require(process.env.CANONSIG_PKG);

const hmac = Key.hmac(Buffer.from(process.env.HMAC_SECRET_HEX, "hex"), { keyId: "hmac-1" });
const ed = Key.fromPem(process.env.ED25519_PUBLIC_PEM, { keyId: "ed-1" });
const checkHttp = verifySignature(new http.Verifier([hmac, ed], { requiredComponents: ["content-digest"] }));
const checkHook = verifySignature(new webhooks.StandardWebhooks(process.env.WEBHOOK_SECRET));

const server = createServer((req, res) => {
  const check = req.url.startsWith("/webhook") ? checkHook : checkHttp;
  check(req, res, () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, verified: req.canonsig.keyId ?? req.canonsig.provider, body: String(req.rawBody) }));
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
