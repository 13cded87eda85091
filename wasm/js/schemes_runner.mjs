// Runs the request-signing conformance suite (fixtures/schemes/*.json) through a canonsig
// build and returns, per case, the list of problems found (empty = pass). Shared by the
// Node test (Node build) and the browser page (web build), so both builds are driven by
// the same code through the public API (http, aws, webhooks); Node asserts on the data.
// Browser-safe: no Node imports.
//
// Expected values are the fixtures' (botocore, http-message-signatures, the providers'
// SDKs, the RFCs; see fixtures/schemes/README.md), never canonsig's.

import { bytesToHex, hexToBytes } from "./runner.mjs";
import { base64ToBytes, keyBook } from "./sign_runner.mjs";

const utf8 = new TextEncoder();

function check(problems, ok, message) {
  if (!ok) problems.push(message);
}

function same(problems, what, got, want) {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  check(problems, a === b, `${what}: got ${a}, expected ${b}`);
}

/** Runs `fn`; compares its result by `expect` or the error code with the case's `error`. */
function conclude(problems, c, fn, expect) {
  let value;
  try {
    value = fn();
  } catch (e) {
    if (c.error === undefined) problems.push(`unexpected ${e?.name} ${e?.code}: ${e?.message ?? e}`);
    else same(problems, "error code", e?.code, c.error.code);
    return;
  }
  if (c.error !== undefined) problems.push(`expected error ${c.error.code}, got success`);
  else expect(value, c.expected);
}

const bodyOf = (c) => (c.body !== undefined ? utf8.encode(c.body) : c.body_hex !== undefined ? hexToBytes(c.body_hex) : new Uint8Array(0));
const payloadOf = (e) => (e.signed_payload !== undefined ? utf8.encode(e.signed_payload) : hexToBytes(e.signed_payload_hex));

/** The message of a case as the public API reads it (parsed by the core's parser). */
function messageOf(api, c, field) {
  const raw = c[field] !== undefined ? utf8.encode(c[field]) : hexToBytes(c[`${field}_hex`]);
  if (field === "response") return api.http.parseResponse(raw);
  const request = api.http.parseRequest(raw);
  return c.scheme === undefined ? request : { ...request, scheme: c.scheme };
}

function mainMessage(api, c) {
  return c.response !== undefined ? messageOf(api, c, "response") : messageOf(api, c, "request");
}

/** Keys as the fixtures name them: fixtures/sign/keys.json ids, or `rfc9421:<keyid>`. */
function keyOf(api, docs, name, isPrivate) {
  if (name.startsWith("rfc9421:")) {
    const keyId = name.slice("rfc9421:".length);
    const entry = docs.rfcKeys.keys[keyId];
    const algorithm = entry.algs[0];
    if (entry.secret_base64 !== undefined) return api.Key.hmac(base64ToBytes(entry.secret_base64), { algorithm, keyId });
    return api.Key.fromPem(isPrivate ? entry.pem_private : entry.pem_public, { algorithm, keyId });
  }
  const book = keyBook(api, docs.keys);
  if (isPrivate) return book.private(name, name);
  const entry = book.entry(name);
  if (entry.secret_hex !== undefined) return book.private(name, name);
  return api.Key.fromPem(entry.public_pem, { algorithm: entry.algorithm, keyId: name });
}

// --- rfc9421.json ---------------------------------------------------------------------

/** The fixture's `options` as `http.sign` options (snake_case to camelCase, nothing else). */
function signOptions(c) {
  const o = c.options ?? {};
  const out = { now: () => c.now };
  const names = { label: "label", content_digest: "contentDigest", created: "created", keyid: "keyid", alg: "alg", expires: "expires", expires_in: "expiresIn", nonce: "nonce", tag: "tag" };
  for (const [from, to] of Object.entries(names)) if (o[from] !== undefined) out[to] = o[from];
  return out;
}

function rfc9421Sign(api, docs, c, problems) {
  const key = keyOf(api, docs, c.key, true);
  const options = signOptions(c);
  if (c.related_request !== undefined) options.request = messageOf(api, c, "related_request");
  conclude(problems, c, () => api.http.sign(mainMessage(api, c), key, c.options?.components, options), (signed, e) => {
    same(problems, "label", signed.label, e.label);
    same(problems, "signatureInput", signed.signatureInput, e.signature_input);
    same(problems, "signatureBase", signed.signatureBase, e.signature_base);
    let lines = signed.headers;
    if (e.signature !== undefined) {
      same(problems, "signature", signed.signature, e.signature);
    } else {
      // Randomized (ECDSA, RSA-PSS): the signature must verify over the expected base.
      try {
        key.publicKey().verify(utf8.encode(e.signature_base), signed.signatureBytes);
      } catch (err) {
        problems.push(`the signature does not verify over the base: ${err?.code}`);
      }
      lines = lines.filter(([name]) => name !== "Signature");
    }
    same(problems, "headers", lines, e.headers);
    // The message the caller sends carries exactly those lines.
    const sent = signed.message.headers.slice(-lines.length);
    if (e.signature !== undefined) same(problems, "message lines", sent, e.headers);
  });
}

function rfc9421Verify(api, docs, c, problems) {
  const keys = c.keys.map((k) => keyOf(api, docs, k, false));
  const p = c.policy ?? {};
  const names = {
    clock_skew: "clockSkew",
    max_age: "maxAge",
    require_created: "requireCreated",
    require_expires: "requireExpires",
    required_components: "requiredComponents",
    check_content_digest: "checkContentDigest",
  };
  const options = { now: () => c.now };
  for (const [from, to] of Object.entries(names)) if (p[from] !== undefined) options[to] = p[from];
  const verifier = new api.http.Verifier(keys, options);
  const call = { label: p.label };
  if (c.related_request !== undefined) call.request = messageOf(api, c, "related_request");
  conclude(problems, c, () => verifier.verify(mainMessage(api, c), call), (ok, e) => {
    same(problems, "label", ok.label, e.label);
    same(problems, "keyId", ok.keyId, e.key_id);
    same(problems, "algorithm", ok.algorithm, e.algorithm);
    same(problems, "components", ok.components, e.components);
    same(problems, "signatureBase", ok.signatureBase, e.signature_base);
  });
}

function rfc9421Base(api, c, problems) {
  const options = { ...c.params };
  if (c.related_request !== undefined) options.request = messageOf(api, c, "related_request");
  conclude(problems, c, () => api.http.signatureBase(mainMessage(api, c), c.components, options), (base, e) => {
    same(problems, "signatureBase", base, e.signature_base);
  });
}

// --- content_digest.json ------------------------------------------------------------------

function contentDigestCase(api, c, problems) {
  if (c.op === "content_digest") {
    same(problems, "value", api.http.contentDigest(bodyOf(c), c.algorithms), c.expected.value);
    return;
  }
  conclude(problems, c, () => api.http.verifyContentDigest(c.value, bodyOf(c)), (algs, e) => same(problems, "algorithms", algs, e.algorithms));
}

// --- sigv4.json ---------------------------------------------------------------------------

function awsSettings(api, c, presign) {
  if (c.settings !== "s3") return undefined;
  return presign ? api.aws.Settings.s3({ payload: "unsigned" }) : api.aws.Settings.s3();
}

function sigv4Sign(api, c, problems, presign) {
  const cr = c.credentials;
  const creds = new api.aws.Credentials(cr.access_key_id, cr.secret_access_key, cr.session_token);
  const v4a = c.algorithm === "sigv4a";
  const signer = new api.aws.Signer(creds, c.region, c.service, { settings: awsSettings(api, c, presign), algorithm: c.algorithm ?? "sigv4" });
  const request = messageOf(api, c, "request");
  const run = () => (presign ? signer.presign(request, c.expires, { time: c.time }) : signer.sign(request, { time: c.time }));
  conclude(problems, c, run, (signed, e) => {
    same(problems, "canonicalRequest", signed.canonicalRequest, e.canonical_request);
    same(problems, "stringToSign", signed.stringToSign, e.string_to_sign);
    same(problems, "signedHeaders", signed.signedHeaders, e.signed_headers);
    if (e.signature !== undefined) same(problems, "signature", signed.signature, e.signature);
    if (e.authorization !== undefined) same(problems, "authorization", signed.authorization, e.authorization);
    if (e.url !== undefined) same(problems, "url", signed.url, e.url);
    if (e.headers !== undefined) {
      const lines = v4a ? signed.headers.filter(([name]) => name !== "Authorization") : signed.headers;
      same(problems, "headers", lines, e.headers);
    }
  });
}

function sigv4Verify(api, c, problems) {
  const ring = Object.entries(c.credentials).map(([id, secret]) => new api.aws.Credentials(id, secret));
  const verifier = new api.aws.Verifier(ring, { settings: awsSettings(api, c, false), now: () => c.now });
  conclude(problems, c, () => verifier.verify(messageOf(api, c, "request")), (ok, e) => {
    same(problems, "accessKeyId", ok.accessKeyId, e.access_key_id);
    same(problems, "region", ok.region, e.region);
    same(problems, "service", ok.service, e.service);
    same(problems, "signedHeaders", ok.signedHeaders.join(";"), e.signed_headers);
  });
}

// --- webhooks.json ------------------------------------------------------------------------

const CLASSES = { "standard-webhooks": "StandardWebhooks", stripe: "Stripe", github: "GitHub", slack: "Slack", shopify: "Shopify", twilio: "Twilio" };

function hook(api, c) {
  const cls = api.webhooks[CLASSES[c.provider]];
  const timed = ["standard-webhooks", "stripe", "slack"].includes(c.provider);
  if (!timed) return new cls(c.secret);
  const options = { now: () => c.now ?? 0 };
  if (c.tolerance !== undefined) options.tolerance = c.tolerance;
  return new cls(c.secret, options);
}

function webhookSign(api, c, problems) {
  const body = bodyOf(c);
  const cls = api.webhooks[CLASSES[c.provider]];
  const sign = () => {
    const h = hook(api, c);
    switch (c.provider) {
      case "standard-webhooks":
        return { headers: h.headers(c.msg_id, body, { timestamp: c.timestamp }), payload: cls.signedPayload(c.msg_id, c.timestamp, body) };
      case "stripe":
      case "slack":
        return { headers: h.headers(body, { timestamp: c.timestamp }), payload: cls.signedPayload(c.timestamp, body) };
      case "twilio":
        return { signature: h.sign(c.url, c.params), payload: utf8.encode(cls.signedPayload(c.url, c.params)) };
      default: {
        // GitHub and Shopify sign the body itself: what the verifier reports as signed.
        const headers = h.headers(body);
        return { headers, payload: h.verify(headers, body).signedPayload };
      }
    }
  };
  conclude(problems, c, sign, (got, e) => {
    if (e.headers !== undefined) same(problems, "headers", Object.entries(got.headers), e.headers);
    if (e.signature !== undefined) same(problems, "signature", got.signature, e.signature);
    same(problems, "signedPayload", bytesToHex(got.payload), bytesToHex(payloadOf(e)));
  });
}

function verifiedMatches(problems, c, ok, e) {
  same(problems, "provider", ok.provider, c.provider);
  same(problems, "timestamp", ok.timestamp, e.timestamp ?? null);
  same(problems, "signedPayload", bytesToHex(ok.signedPayload), bytesToHex(payloadOf(e)));
  same(problems, "matchedSignature", ok.matchedSignature, e.matched_signature);
}

function webhookVerify(api, c, problems) {
  const run =
    c.op === "verify" ? () => hook(api, c).verify(c.headers, bodyOf(c)) : () => hook(api, c).verifyRequest(messageOf(api, c, "request"));
  conclude(problems, c, run, (ok, e) => verifiedMatches(problems, c, ok, e));
}

// --- all ------------------------------------------------------------------------------

const FILES = ["rfc9421", "content_digest", "sigv4", "webhooks"];

/**
 * Every case of every file: `{ results: [{ file, id, problems }], counts: { file: n } }`.
 * `docs`: the four files parsed, plus `keys` (fixtures/sign/keys.json) and `rfcKeys`
 * (../shared/vectors/rfc9421/keys.json).
 */
export function runSchemeFixtures(api, docs) {
  const results = [];
  const counts = {};
  for (const file of FILES) {
    counts[file] = docs[file].cases.length;
    for (const c of docs[file].cases) {
      const problems = [];
      try {
        if (file === "rfc9421") {
          if (c.op === "sign") rfc9421Sign(api, docs, c, problems);
          else if (c.op === "verify") rfc9421Verify(api, docs, c, problems);
          else if (c.op === "signature_base") rfc9421Base(api, c, problems);
          else problems.push(`unknown op ${c.op}`);
        } else if (file === "content_digest") {
          contentDigestCase(api, c, problems);
        } else if (file === "sigv4") {
          if (c.op === "verify") sigv4Verify(api, c, problems);
          else sigv4Sign(api, c, problems, c.op === "presign");
        } else if (c.op === "sign") {
          webhookSign(api, c, problems);
        } else {
          webhookVerify(api, c, problems);
        }
      } catch (e) {
        problems.push(`the runner threw: ${e?.name} ${e?.code ?? ""} ${e?.message ?? e}`);
      }
      results.push({ file, id: c.id, problems });
    }
  }
  return { results, counts };
}
