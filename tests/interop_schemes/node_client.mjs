// A Node client that signs with canonsig (the wasm package) and sends to URL:
// mode "http-hmac" / "http-ed25519" (RFC 9421 via http.FetchAuth), "webhook" (Standard Webhooks).
// Prints one JSON line: {status, body}.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { http, Key, webhooks } = require(process.env.CANONSIG_PKG);
const [mode, url, body] = process.argv.slice(2);

let response;
if (mode === "webhook") {
  const wh = new webhooks.StandardWebhooks(process.env.WEBHOOK_SECRET);
  const headers = wh.headers("msg_node_1", body);
  response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
} else {
  const key =
    mode === "http-hmac"
      ? Key.hmac(Buffer.from(process.env.HMAC_SECRET_HEX, "hex"), { keyId: "hmac-1" })
      : Key.fromPem(process.env.ED25519_PRIVATE_PEM, { keyId: "ed-1" });
  response = await new http.FetchAuth(key).fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}
console.log(JSON.stringify({ status: response.status, body: await response.text() }));
