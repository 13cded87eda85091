// The Node side of tests/test_cross_frontend_schemes.py: one process for every case.
// Reads JSON lines on stdin, each `{"op": ..., "items": [...]}`, and answers each with one
// JSON line `{"results": [...]}`, one result per item: `{"ok": {...}}` or
// `{"error": code, "name": ...}`. It only translates the neutral case shape (snake_case,
// bodies in hex) into calls of the public JS API (`http`, `aws`, `webhooks`, `Key`) of the
// built package named by argv[2] (wasm/pkg-node); it decides nothing.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const { http, aws, webhooks, Key } = require(process.argv[2]);

const hex = (s) => new Uint8Array(Buffer.from(s ?? "", "hex"));
const toHex = (bytes) => Buffer.from(bytes).toString("hex");
const clock = (t) => () => t;

function message(m) {
  if (m === null || m === undefined) return undefined;
  if (m.status !== undefined) return { status: m.status, headers: m.headers, body: hex(m.body_hex) };
  const out = { method: m.method, target: m.target, headers: m.headers, body: hex(m.body_hex) };
  if (m.scheme !== null && m.scheme !== undefined) out.scheme = m.scheme;
  return out;
}

const pairs = (headers) => (Array.isArray(headers) ? headers : Object.entries(headers)).map(([n, v]) => [n, v]);

// --- RFC 9421 ---------------------------------------------------------------------------

const HTTP_OPTIONS = {
  label: "label",
  content_digest: "contentDigest",
  created: "created",
  expires: "expires",
  expires_in: "expiresIn",
  nonce: "nonce",
  alg: "alg",
  keyid: "keyid",
  tag: "tag",
};

function httpSign(item) {
  const options = { now: clock(item.now) };
  for (const [name, value] of Object.entries(item.opts ?? {})) {
    if (!(name in HTTP_OPTIONS)) throw new Error(`unknown option ${name}`);
    options[HTTP_OPTIONS[name]] = value;
  }
  if (item.request) options.request = message(item.request);
  const key = Key.fromJwk(item.key);
  const components = item.components === null ? undefined : item.components;
  const signed = http.sign(message(item.message), key, components, options);
  return { headers: pairs(signed.headers), base: signed.signatureBase, signature_input: signed.signatureInput, signature: signed.signature };
}

function httpVerify(item) {
  const verifier = new http.Verifier([Key.fromJwk(item.key)], { now: clock(item.now) });
  const options = {};
  if (item.label) options.label = item.label;
  if (item.request) options.request = message(item.request);
  const ok = verifier.verify(message(item.message), options);
  return { label: ok.label, key_id: ok.keyId, base: ok.signatureBase };
}

// --- AWS SigV4 --------------------------------------------------------------------------

function settings(s) {
  if (s === null || s === undefined) return undefined;
  const { preset, ...rest } = s;
  const o = {};
  if (rest.payload !== undefined) o.payload = rest.payload;
  if (rest.normalize_path !== undefined) o.normalizePath = rest.normalize_path;
  if (rest.content_sha256_header !== undefined) o.contentSha256Header = rest.content_sha256_header;
  if (rest.sign_session_token !== undefined) o.signSessionToken = rest.sign_session_token;
  if (preset === "s3") {
    if (Object.keys(o).some((k) => k !== "payload")) throw new Error("s3 preset takes payload only");
    return aws.Settings.s3(o);
  }
  return new aws.Settings(o);
}

function signer(item) {
  const creds = new aws.Credentials(item.access_key_id, item.secret, item.session_token ?? undefined);
  const options = {};
  const s = settings(item.settings);
  if (s !== undefined) options.settings = s;
  if (item.algorithm !== null && item.algorithm !== undefined) options.algorithm = item.algorithm;
  return new aws.Signer(creds, item.region, item.service, options);
}

function awsSign(item) {
  const signed = signer(item).sign(message(item.message), { time: item.time });
  return {
    headers: pairs(signed.headers),
    authorization: signed.authorization,
    canonical_request: signed.canonicalRequest,
    string_to_sign: signed.stringToSign,
    signature: signed.signature,
    url: signed.url,
  };
}

function awsPresign(item) {
  const expires = item.expires === null ? undefined : item.expires;
  const signed = signer(item).presign(message(item.message), expires, { time: item.time });
  return { url: signed.url, canonical_request: signed.canonicalRequest, string_to_sign: signed.stringToSign, signature: signed.signature };
}

function awsVerify(item) {
  const creds = new aws.Credentials(item.access_key_id, item.secret, item.session_token ?? undefined);
  const options = { now: clock(item.now) };
  const s = settings(item.settings);
  if (s !== undefined) options.settings = s;
  const ok = new aws.Verifier(creds, options).verify(message(item.message));
  return { signed_headers: ok.signedHeaders };
}

// --- webhooks ---------------------------------------------------------------------------

function webhookSign(item) {
  const body = hex(item.body_hex);
  const now = { now: clock(item.now) };
  const ts = item.timestamp === null || item.timestamp === undefined ? {} : { timestamp: item.timestamp };
  switch (item.provider) {
    case "standard-webhooks": {
      const p = new webhooks.StandardWebhooks(item.secret, now);
      return { headers: pairs(p.headers(item.msg_id, body, ts)) };
    }
    case "stripe":
      return { headers: pairs(new webhooks.Stripe(item.secret, now).headers(body, ts)) };
    case "slack":
      return { headers: pairs(new webhooks.Slack(item.secret, now).headers(body, ts)) };
    case "github":
      return { headers: pairs(new webhooks.GitHub(item.secret).headers(body)) };
    case "shopify":
      return { headers: pairs(new webhooks.Shopify(item.secret).headers(body)) };
    case "twilio":
      return { headers: [["X-Twilio-Signature", new webhooks.Twilio(item.secret).sign(item.url, item.params)]] };
    default:
      throw new Error(`unknown provider ${item.provider}`);
  }
}

const OPS = {
  "http.sign": httpSign,
  "http.verify": httpVerify,
  "aws.sign": awsSign,
  "aws.presign": awsPresign,
  "aws.verify": awsVerify,
  "webhook.sign": webhookSign,
};

function run(op, item) {
  try {
    return { ok: OPS[op](item) };
  } catch (e) {
    if (typeof e?.code !== "string") return { error: "?", name: String(e?.name), message: String(e?.message ?? e) };
    return { error: e.code, name: e.name };
  }
}

const counts = {};
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  const { op, items } = JSON.parse(line);
  if (op === "counts") {
    process.stdout.write(JSON.stringify({ results: counts }) + "\n");
    continue;
  }
  if (!(op in OPS)) throw new Error(`unknown op ${op}`);
  counts[op] = (counts[op] ?? 0) + items.length;
  process.stdout.write(JSON.stringify({ results: items.map((item) => run(op, item)) }) + "\n");
}
