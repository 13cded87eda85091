// `webhooks`: one class per provider (StandardWebhooks, Stripe, GitHub, Slack, Shopify,
// Twilio), signing and verifying the way the provider does. Mirrors the Python
// `canonsig.webhooks` in camelCase. Verification takes the RAW body bytes as received; a
// parsed body (an object from express.json()) is refused, saying why.

import {
  PARSED_BODY_HINT,
  checkNow,
  checkOptions,
  headerLines,
  inspectable,
  invalidOption,
  nowSeconds,
  rawBody,
  schemes,
  toRequest,
  unixTime,
  withEvidence,
} from "./schemes_core.js";

/** Adds `payload`, the exact bytes this side computed the MAC over, to a mismatch. */
function withPayload(e) {
  e.payload = e.signedBytes;
}

// Secrets live here, not on the instances, so no property, toJSON or console.log shows them.
const secrets = new WeakMap();
const secretOf = (provider) => secrets.get(provider);

/** POST parameters as `[[name, value]]`: pairs, `URLSearchParams`, or an object (array values repeat). */
function paramPairs(params) {
  if (params === undefined || params === null) return [];
  if (Array.isArray(params) || typeof params[Symbol.iterator] === "function") return [...params].map(([k, v]) => [String(k), String(v)]);
  return Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]]));
}

/** What a sender signs, for the core: `{ body, timestamp?, msgId?, url?, params? }`. */
function delivery(parts) {
  const out = { body: rawBody(parts.body ?? new Uint8Array(0)) };
  if (parts.timestamp !== undefined) out.timestamp = unixTime(parts.timestamp, "timestamp");
  if (parts.msgId !== undefined) out.msgId = parts.msgId;
  if (parts.url !== undefined) out.url = parts.url;
  if (parts.params !== undefined) out.params = paramPairs(parts.params);
  return out;
}

class Provider {
  constructor(provider, secret, options, known) {
    const o = checkOptions(options, known, `webhooks.${new.target.name}`);
    if (typeof secret !== "string") {
      throw invalidOption(`the secret must be a string, exactly as the provider shows it, got ${secret === null ? "null" : typeof secret}`);
    }
    secrets.set(this, secret);
    this.provider = provider;
    this.now = checkNow(o.now, `webhooks.${new.target.name}`);
    // Options for the core; absent ones take the core's defaults (tolerance 300 s).
    this.options = Object.fromEntries(["tolerance", "allowSha1"].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    schemes().webhookCheck(provider, secret); // checks the secret now
  }

  /** Core's signing: `{ headers, signature, signedPayload }`; the timestamp defaults to now. */
  signed(parts) {
    return schemes().webhookSign(this.provider, secretOf(this), delivery(parts), nowSeconds(this.now));
  }

  /**
   * Verifies from the received header lines (pairs, a fetch `Headers`, or an object;
   * names are case-insensitive) and the RAW body bytes. Throws `SignatureMismatchError`
   * (`payload`: the exact bytes this side computed the MAC over) or `VerificationError`.
   */
  verify(headers, body) {
    const raw = rawBody(body);
    return withEvidence(
      () => schemes().webhookVerify(this.provider, secretOf(this), headerLines(headers), raw, this.options, nowSeconds(this.now)),
      withPayload,
    );
  }

  /** Verifies a whole received request (its header lines and raw body; Twilio: its URL too): what `verifySignature` calls. */
  verifyRequest(request) {
    const req = toRequest(request);
    return withEvidence(
      () => schemes().webhookVerifyRequest(this.provider, secretOf(this), req, this.options, nowSeconds(this.now)),
      withPayload,
    );
  }

  toJSON() {
    return { provider: this.provider, secret: "[REDACTED]", ...this.options };
  }
}

const headerObject = (signed) => Object.fromEntries(signed.headers);
const payload = (provider, parts) => schemes().webhookPayload(provider, delivery(parts));

/**
 * Standard Webhooks (Svix, Clerk, Resend, ...) over `{webhook-id}.{webhook-timestamp}.{body}`,
 * `webhook-signature` holding a space-separated list during key rotation. v1: a `whsec_...`
 * secret (base64 after the prefix), `v1,<base64 HMAC-SHA256>`. v1a (Ed25519): the sender's
 * `whsk_...` secret key signs `v1a,<base64>`; receivers verify with the `whpk_...` public key
 * (which cannot sign). `svix-*` headers are read when the `webhook-*` ones are absent.
 * `tolerance`: seconds either way (default 300).
 */
class StandardWebhooks extends Provider {
  constructor(secret, options) {
    super("standard-webhooks", secret, options, ["tolerance", "now"]);
  }

  /** `{msgId}.{timestamp}.{body}`: the bytes the MAC covers. */
  static signedPayload(msgId, timestamp, body) {
    return payload("standard-webhooks", { msgId, timestamp, body });
  }

  /** The `webhook-signature` value: `v1,<base64>` (whsec_ secret) or `v1a,<base64>` (whsk_ key). */
  sign(msgId, timestamp, body) {
    return this.signed({ msgId, timestamp, body }).signature;
  }

  /** The three headers to send (`timestamp` defaults to now). */
  headers(msgId, body, options) {
    const o = checkOptions(options, ["timestamp"], "headers");
    return headerObject(this.signed({ msgId, timestamp: o.timestamp, body }));
  }
}

/**
 * Stripe: `Stripe-Signature: t=<ts>,v1=<hex>` over `{t}.{body}`, the key being the whole
 * `whsec_...` string; any `v1` may match (rotation). Tolerance 300 s.
 */
class Stripe extends Provider {
  constructor(secret, options) {
    super("stripe", secret, options, ["tolerance", "now"]);
  }

  /** `{timestamp}.{body}`. */
  static signedPayload(timestamp, body) {
    return payload("stripe", { timestamp, body });
  }

  /** The `Stripe-Signature` value `t=...,v1=...`. */
  sign(timestamp, body) {
    return this.signed({ timestamp, body }).signature;
  }

  headers(body, options) {
    return headerObject(this.signed({ timestamp: checkOptions(options, ["timestamp"], "headers").timestamp, body }));
  }

  /** Verifies from the `Stripe-Signature` value and the raw body. */
  verifyHeader(signatureHeader, body) {
    return this.verify([["Stripe-Signature", signatureHeader]], body);
  }
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`. The legacy
 * `X-Hub-Signature: sha1=` only with `allowSha1: true`. GitHub signs no timestamp (no
 * replay protection: track `X-GitHub-Delivery`).
 */
class GitHub extends Provider {
  constructor(secret, options) {
    super("github", secret, options, ["allowSha1"]);
  }

  /** The `X-Hub-Signature-256` value `sha256=<hex>`. */
  sign(body) {
    return this.signed({ body }).signature;
  }

  /** The legacy `X-Hub-Signature` value `sha1=<hex>`. */
  signSha1(body) {
    return schemes().webhookSignSha1(this.provider, secretOf(this), rawBody(body));
  }

  headers(body) {
    return headerObject(this.signed({ body }));
  }
}

/**
 * Slack: `X-Slack-Signature: v0=<hex>` over `v0:{X-Slack-Request-Timestamp}:{body}`, the
 * key being the signing secret as text. Tolerance 300 s.
 */
class Slack extends Provider {
  constructor(secret, options) {
    super("slack", secret, options, ["tolerance", "now"]);
  }

  /** `v0:{timestamp}:{body}`. */
  static signedPayload(timestamp, body) {
    return payload("slack", { timestamp, body });
  }

  /** The `X-Slack-Signature` value `v0=<hex>`. */
  sign(timestamp, body) {
    return this.signed({ timestamp, body }).signature;
  }

  headers(body, options) {
    return headerObject(this.signed({ timestamp: checkOptions(options, ["timestamp"], "headers").timestamp, body }));
  }
}

/** Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(client secret, body)>`. */
class Shopify extends Provider {
  constructor(secret) {
    super("shopify", secret, undefined, []);
  }

  /** The `X-Shopify-Hmac-Sha256` value. */
  sign(body) {
    return this.signed({ body }).signature;
  }

  headers(body) {
    return headerObject(this.signed({ body }));
  }
}

/**
 * Twilio: `X-Twilio-Signature: <base64 HMAC-SHA1(auth token, url + params)>`, the params
 * being the POST form parameters sorted, each `name` + `value`. For JSON bodies Twilio adds
 * `bodySHA256` to the URL and signs the URL alone. The URL is tried with and without its
 * port, as Twilio's validators do; no timestamp is signed.
 */
class Twilio extends Provider {
  constructor(authToken) {
    super("twilio", authToken, undefined, []);
  }

  /** The URL followed by each sorted parameter name and value. */
  static signedPayload(url, params) {
    return new TextDecoder().decode(payload("twilio", { url, params }));
  }

  /** The `X-Twilio-Signature` value for the URL and POST parameters. */
  sign(url, params) {
    return this.signed({ url, params }).signature;
  }

  /** Verifies a form POST from the full URL Twilio called and its decoded parameters. */
  verify(url, params, signature) {
    return withEvidence(() => schemes().twilioVerify(secretOf(this), "params", url, signature, paramPairs(params), new Uint8Array(0)), withPayload);
  }

  /** Verifies a form POST from its raw `application/x-www-form-urlencoded` body. */
  verifyFormBody(url, body, signature) {
    return withEvidence(() => schemes().twilioVerify(secretOf(this), "form", url, signature, [], rawBody(body)), withPayload);
  }

  /** Verifies a non-form (JSON) body: the URL's `bodySHA256` must be the body's SHA-256. */
  verifyJsonBody(url, body, signature) {
    return withEvidence(() => schemes().twilioVerify(secretOf(this), "json", url, signature, [], rawBody(body)), withPayload);
  }

  /**
   * Verifies an incoming request as Twilio signs it (core decides every rule): its absolute
   * URL, the one `X-Twilio-Signature`, and the body: with a `bodySHA256` query parameter, its
   * SHA-256 and the URL alone; else a form body's parameters; any other body without
   * `bodySHA256` is `missing_component`.
   */
  verifyRequest(request) {
    return super.verifyRequest(request);
  }
}

for (const cls of [StandardWebhooks, Stripe, GitHub, Slack, Shopify, Twilio]) inspectable(cls);

/** Webhook signatures, one class per provider. */
export const webhooks = Object.freeze({
  GitHub,
  PARSED_BODY_HINT,
  Shopify,
  Slack,
  StandardWebhooks,
  Stripe,
  Twilio,
});
