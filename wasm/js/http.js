// `http`: RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest, canonsig's JSON API
// profile, and `FetchAuth` (signs fetch requests). Mirrors the Python `canonsig.http`
// in camelCase. Option values go to the core as they are; the core decides every default
// (the components, the Content-Digest step, the parameters) and builds every signed byte.

import { InvalidKeyError } from "./errors.js";
import {
  checkNow,
  checkOptions,
  fromFetch,
  inspectable,
  invalidOption,
  messageBody,
  nowSeconds,
  rebuildFetch,
  schemes,
  text,
  toMessage,
  toRequest,
  withEvidence,
} from "./schemes_core.js";

/**
 * Covered components and signature parameters of one signature: the value of its
 * `Signature-Input` (or `Accept-Signature`) member and of its `@signature-params` line.
 * `params` keeps the signer's order (it is part of the signed bytes).
 */
class SignatureInput {
  constructor(text, components, params) {
    /** The serialized form: `("@method" ...);created=...`. */
    this.text = text;
    /** The covered component identifiers, serialized (`"@query-param";name="id"`). */
    this.components = Object.freeze([...components]);
    /** The signature parameters, in order. */
    this.params = Object.freeze({ ...params });
    Object.freeze(this);
  }

  /** Parses (strictly, RFC 8941) a serialized inner list with parameters. */
  static parse(text) {
    if (typeof text !== "string") throw invalidOption("SignatureInput.parse takes a string");
    return SignatureInput.fromCore(schemes().httpInput(text));
  }

  /** @internal */
  static fromCore(parts) {
    return new SignatureInput(parts.text, parts.components, Object.fromEntries(parts.params));
  }

  #get(name, type) {
    const value = this.params[name];
    return typeof value === type ? value : null;
  }

  get created() {
    return this.#get("created", "number");
  }

  get expires() {
    return this.#get("expires", "number");
  }

  get keyid() {
    return this.#get("keyid", "string");
  }

  get alg() {
    return this.#get("alg", "string");
  }

  get nonce() {
    return this.#get("nonce", "string");
  }

  get tag() {
    return this.#get("tag", "string");
  }

  toString() {
    return this.text;
  }
}

const isKey = (key) => typeof key?.__canonsigHandle === "function";

function checkKey(key) {
  if (!isKey(key)) throw new InvalidKeyError("expected a Key (Key.fromPem, Key.fromJwk, Key.hmac, ...)", "invalid_key");
  return key;
}

const PARAMS = ["created", "expires", "nonce", "alg", "keyid", "tag"];
const SIGNER_OPTIONS = ["label", "contentDigest", "created", "expires", "expiresIn", "nonce", "alg", "keyid", "tag"];

function related(request) {
  return request === undefined || request === null ? null : toRequest(request, "options.request");
}

/** The signer's options as the core reads them (`components` among them). */
function signerOptions(components, o, extra) {
  const out = { components, ...extra };
  for (const name of SIGNER_OPTIONS) if (o[name] !== undefined) out[name] = o[name];
  return out;
}

/** Adds `signatureBase` (what this side rebuilt, as text) to a mismatch. */
function withBase(e) {
  e.signatureBase = text(e.signedBytes);
}

/**
 * The components `sign` covers when given none, for this message: a request's `@method`,
 * `@authority`, `@path` and `@query` (covered even without a query, so none can be added),
 * a response's `@status`; then `content-type` and `content-digest` when the message has them
 * (`sign` adds a Content-Digest over a non-empty body first).
 */
function defaultComponents(message, options) {
  const o = checkOptions(options, ["request"], "http.defaultComponents");
  return schemes().httpDefaultComponents(toMessage(message), related(o.request));
}

/**
 * The RFC 9421 signature base: one line per covered component, then the
 * `@signature-params` line, no trailing newline. `components`: names (`"@method"`,
 * `"content-type"`), identifiers with parameters, a serialized inner list (kept verbatim),
 * or a `SignatureInput`; the parameters given are appended unless present (none by default).
 */
function signatureBase(message, components, options) {
  const o = checkOptions(options, ["request", ...PARAMS], "http.signatureBase");
  const params = Object.fromEntries(PARAMS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  return schemes().httpSignatureBase(toMessage(message), related(o.request), components, params);
}

function signedResult(signed, message) {
  return {
    label: signed.label,
    signatureInput: signed.signatureInput,
    signature: signed.signature,
    signatureBase: signed.signatureBase,
    signatureBytes: signed.signatureBytes,
    message: { ...message, headers: signed.lines },
    headers: signed.headers,
  };
}

function coreSign(message, request, key, options, now) {
  return schemes().httpSign(message, request, key, options, nowSeconds(now));
}

/**
 * Signs a request (or a response) with `key`; returns the two header members, the
 * signature base, `headers` (the lines signing adds: a `Content-Digest` over a non-empty
 * body, replacing any, unless `contentDigest: null`; then `Signature-Input` and
 * `Signature`) and `message`, a copy with them. `components` default to
 * `defaultComponents(message)`. Options: `label` (`"sig1"`), `contentDigest`
 * (`"sha-256"`, `"sha-512"` or `null`), `created` (`true` = now, a number, `false` = none),
 * `expires` or `expiresIn`, `nonce` (a string or `true` for a random one), `alg` (a name or
 * `true` for the key's), `keyid` (default the key's; `false` = none), `tag`, `request` (the
 * request a response answers), `now`.
 */
function sign(message, key, components, options) {
  const o = checkOptions(options, ["request", "now", ...SIGNER_OPTIONS], "http.sign");
  checkKey(key);
  const now = checkNow(o.now, "http.sign");
  const normalized = toMessage(message);
  return signedResult(coreSign(normalized, related(o.request), key, signerOptions(components, o), now), normalized);
}

const VERIFIER_OPTIONS = ["now", "clockSkew", "maxAge", "requireCreated", "requireExpires", "requiredComponents", "checkContentDigest"];

/**
 * Verifies RFC 9421 signatures against a key ring (matched by `keyid`) and a policy:
 * `clockSkew` (default 60 s), `maxAge`, `requireCreated` (default true),
 * `requireExpires`, `requiredComponents`, `now` (Unix seconds). The algorithm always
 * comes from the key; an `alg` parameter must agree.
 */
class Verifier {
  #keys;
  #policy;
  #now;

  constructor(keys, options) {
    const o = checkOptions(options, VERIFIER_OPTIONS, "http.Verifier");
    this.#keys = (Array.isArray(keys) ? [...keys] : [keys]).map(checkKey);
    this.#now = checkNow(o.now, "http.Verifier");
    this.#policy = Object.fromEntries(
      [
        ["clockSkew", o.clockSkew],
        ["maxAge", o.maxAge],
        ["requireCreated", o.requireCreated],
        ["requireExpires", o.requireExpires],
        ["required", o.requiredComponents],
        ["checkContentDigest", o.checkContentDigest],
      ].filter(([, v]) => v !== undefined),
    );
  }

  /** @internal */
  verifyWith(message, options, json) {
    const o = checkOptions(options, ["label", "request"], "http.Verifier.verify");
    const core = schemes();
    const ok = withEvidence(
      () => core.httpVerify(toMessage(message), related(o.request), o.label ?? undefined, this.#keys, this.#policy, nowSeconds(this.#now), json),
      withBase,
    );
    const input = SignatureInput.fromCore(ok.input);
    return {
      label: ok.label,
      keyId: ok.keyId,
      algorithm: ok.algorithm,
      input,
      signatureBase: ok.signatureBase,
      components: input.components,
      created: input.created,
    };
  }

  /**
   * Verifies the signature labelled `options.label` (default: the only one, or the first
   * whose `keyid` names a key of this verifier); `options.request` is the request a
   * response answers. When the signature covers `content-digest`, the body must match it
   * too (the signature covers the header, not the body): a changed body is `digest_mismatch`.
   * Throws `SignatureMismatchError` (with `signatureBase`, what this side rebuilt) or
   * `VerificationError`.
   */
  verify(message, options) {
    return this.verifyWith(message, options, undefined);
  }

  /** `verify(request)` for anything `requestFromNode` or a plain request object gives: the entry point of `verifySignature`. */
  verifyRequest(request) {
    return this.verify(toRequest(request));
  }

  toJSON() {
    return { keyIds: this.#keys.map((k) => k.keyId), ...this.#policy };
  }
}
inspectable(Verifier);

/**
 * canonsig's profile for JSON APIs over RFC 9421: `Content-Digest` over the body bytes as
 * sent (an empty body too), covered by the signature; on verification, a body that no
 * longer matches is diagnosed (re-serialized JSON is named as such) instead of a bare mismatch.
 */
class JsonApiProfile {
  constructor(options) {
    const o = checkOptions(options, ["digest", "requireCanonicalBody"], "http.JsonApiProfile");
    this.digest = schemes().digestName(o.digest);
    this.requireCanonicalBody = o.requireCanonicalBody ?? false;
  }

  /** Sets `Content-Digest` for the body, covers `content-digest`, signs; `message` is the request to send. */
  sign(request, key, components, options) {
    const o = checkOptions(options, ["now", ...SIGNER_OPTIONS.filter((k) => k !== "contentDigest")], "http.JsonApiProfile.sign");
    checkKey(key);
    const now = checkNow(o.now, "http.JsonApiProfile.sign");
    const normalized = toRequest(request);
    const coreOptions = signerOptions(components, o, { jsonProfile: [this.digest, this.requireCanonicalBody] });
    const signed = signedResult(coreSign(normalized, null, key, coreOptions, now), normalized);
    if (signed.message.scheme === undefined) delete signed.message.scheme;
    return signed;
  }

  /**
   * Verifies the signature (which must cover `content-digest`), then the body against
   * `Content-Digest`: a changed body throws `SignatureMismatchError` with code
   * `digest_mismatch`, naming re-serialization when that is the cause.
   */
  verify(verifier, message, options) {
    if (!(verifier instanceof Verifier)) throw invalidOption("JsonApiProfile.verify takes an http.Verifier");
    return verifier.verifyWith(message, options, this.requireCanonicalBody);
  }

  /** A function for `verifySignature`: `(request) => profile.verify(verifier, request)`. */
  verifier(verifier) {
    return (request) => this.verify(verifier, request);
  }
}

/** The `Content-Digest` value for `body`: `sha-256=:<base64>:` (several algorithms, several members). */
function contentDigest(body, algorithms = [schemes().digestName()]) {
  return schemes().contentDigest(messageBody(body), [...algorithms]);
}

/**
 * Checks every known member of a `Content-Digest` value against `body`; returns the
 * algorithms checked. Throws `SignatureMismatchError` (`digest_mismatch`), or
 * `VerificationError` (`invalid_header`) when no member is known.
 */
function verifyContentDigest(value, body) {
  return schemes().verifyContentDigest(value, messageBody(body));
}

/** A `Want-Content-Digest` value from `{ "sha-512": 3, "sha-256": 10 }` (0 to 10) or pairs. */
function wantContentDigest(preferences) {
  const pairs = Array.isArray(preferences) ? preferences : Object.entries(preferences ?? {});
  return schemes().wantContentDigest(pairs);
}

/** `Want-Content-Digest` as `[algorithm, preference]` pairs, in order. */
function parseWantContentDigest(value) {
  return schemes().parseWantContentDigest(value);
}

/** The supported algorithm to answer a `Want-Content-Digest` with, or `null`. */
function preferredDigest(want) {
  return schemes().preferredDigest(want) ?? null;
}

/** A `Signature-Input` value as `[label, SignatureInput]` pairs, in order. */
function parseSignatureInput(value) {
  return schemes().httpParseSignatureInput(value, false).map(([label, parts]) => [label, SignatureInput.fromCore(parts)]);
}

/**
 * An `Accept-Signature` value (the signatures a peer asks for) as `[label,
 * SignatureInput]` pairs; pass one to `sign` as `components` (and its label as `label`).
 */
function parseAcceptSignature(value) {
  return schemes().httpParseSignatureInput(value, true).map(([label, parts]) => [label, SignatureInput.fromCore(parts)]);
}

/** An `Accept-Signature` member asking the peer to sign `components`: `sig1=("@method" ...);keyid="k"`. */
function acceptSignature(components, options) {
  const o = checkOptions(options, ["label", "keyid", "alg", "nonce", "tag"], "http.acceptSignature");
  const params = Object.fromEntries(["keyid", "alg", "nonce", "tag"].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  return schemes().httpAcceptSignature(o.label ?? "sig1", components, params);
}

/**
 * Parses a raw HTTP/1.x request (bytes or text): the request line, the header lines (obsolete
 * line folding joined), a blank line, then the body bytes, untouched (the `.req` files of
 * the AWS SigV4 test suite, the CLI's input).
 */
function parseRequest(raw) {
  const { scheme, ...request } = schemes().parseRequest(messageBody(raw));
  return request;
}

/** Parses a raw HTTP/1.x response (status line, header lines, a blank line, the body bytes). */
function parseResponse(raw) {
  return schemes().parseResponse(messageBody(raw));
}

/** A `Signature` value as `[label, signature bytes]` pairs. */
function parseSignature(value) {
  return schemes().httpParseSignature(value);
}

const FETCH_OPTIONS = ["label", "digest", "keyid", "alg", "tag", "nonce", "expiresIn", "now"];

/**
 * Signs fetch requests with RFC 9421, in browsers and in Node: `await auth.sign(input,
 * init)` returns a new `Request` with `Signature-Input` and `Signature` (and, when there
 * is a body, `Content-Digest`, covered); `auth.fetch(input, init)` signs and sends. The
 * body is read once. Covers `components` (default: `defaultComponents`, as `sign`);
 * `created` is now (`now`), `expiresIn` seconds adds `expires`, `nonce: true` a random
 * nonce, `digest` (`"sha-256"`, `"sha-512"`, or `null` for none).
 */
class FetchAuth {
  #key;
  #components;
  #o;

  constructor(key, components, options) {
    this.#o = checkOptions(options, FETCH_OPTIONS, "http.FetchAuth");
    this.#key = checkKey(key);
    if (!key.canSign) throw new InvalidKeyError("this key cannot sign (a public key); pass the private key or the HMAC secret", "invalid_key");
    checkNow(this.#o.now, "http.FetchAuth");
    if (this.#o.digest !== undefined && this.#o.digest !== null) schemes().digestName(this.#o.digest);
    this.#components = components;
  }

  /** A new `Request` with the signature headers (the input's body is read once). */
  async sign(input, init) {
    const { request, message } = await fromFetch(input, init);
    const { digest, now, ...rest } = this.#o;
    const options = signerOptions(this.#components, { ...rest, contentDigest: digest, created: true });
    const signed = coreSign(message, null, this.#key, options, now);
    const headers = new Headers(request.headers);
    for (const [name, value] of signed.headers) headers.set(name, value);
    return rebuildFetch(request, request.url, headers, message.body);
  }

  /** Signs, then sends with the global `fetch`. */
  async fetch(input, init) {
    return globalThis.fetch(await this.sign(input, init));
  }

  toJSON() {
    return { keyId: this.#key.keyId, components: this.#components ?? null };
  }
}
inspectable(FetchAuth);

/** RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest and the JSON API profile. */
export const http = Object.freeze({
  FetchAuth,
  JsonApiProfile,
  SignatureInput,
  Verifier,
  acceptSignature,
  contentDigest,
  defaultComponents,
  parseAcceptSignature,
  parseRequest,
  parseResponse,
  parseSignature,
  parseSignatureInput,
  parseWantContentDigest,
  preferredDigest,
  sign,
  signatureBase,
  verifyContentDigest,
  wantContentDigest,
});

