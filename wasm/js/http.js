// `http`: RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest, canonsig's JSON API
// profile, and `FetchAuth` (signs fetch requests). Mirrors the Python `canonsig.http`
// in camelCase. The signature parameters are serialized here (in the order the caller
// chose) and parsed by the core, which builds every signed byte.

import { InvalidKeyError } from "./errors.js";
import {
  checkNow,
  checkOptions,
  fromFetch,
  inspectable,
  invalidOption,
  messageBody,
  nowSeconds,
  randomNonce,
  rebuildFetch,
  schemes,
  text,
  toMessage,
  toRequest,
  withEvidence,
} from "./schemes_core.js";

/** What `FetchAuth` and `sign` cover by default (plus `content-digest` when there is a body). */
const DEFAULT_COMPONENTS = Object.freeze(["@method", "@authority", "@path", "@query"]);

const sfString = (value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

function component(c) {
  if (typeof c !== "string") {
    throw invalidOption(`a component is a string such as "@method" or "content-type", got ${c === null ? "null" : typeof c}`);
  }
  if (c.startsWith('"')) return c; // already serialized, maybe with parameters: "@query-param";name="id"
  return sfString(c.startsWith("@") ? c : c.toLowerCase());
}

function param(name, value) {
  if (value === true) return `;${name}`;
  if (value === false) return `;${name}=?0`;
  if (typeof value === "number" && Number.isInteger(value)) return `;${name}=${value}`;
  if (typeof value === "string") return `;${name}=${sfString(value)}`;
  throw invalidOption(`signature parameter ${JSON.stringify(name)} must be an integer or a string, got ${typeof value}`);
}

/** The serialized parameters: the given inner list (or components), then each of `params` it lacks. */
function inputText(components, params) {
  let base;
  let present = new Set();
  if (components instanceof SignatureInput) {
    base = components.text;
    present = new Set(Object.keys(components.params));
  } else if (typeof components === "string") {
    if (!components.trimStart().startsWith("(")) {
      throw invalidOption(
        'components must be an array of names (["@method", "content-type"]) or a serialized inner list (\'("@method");created=1\'), not a single name',
      );
    }
    const parsed = SignatureInput.parse(components);
    base = parsed.text;
    present = new Set(Object.keys(parsed.params));
  } else if (Array.isArray(components)) {
    base = `(${components.map(component).join(" ")})`;
  } else {
    throw invalidOption("components must be an array of component names, a serialized inner list or a SignatureInput");
  }
  return base + params.filter(([k, v]) => v !== undefined && v !== null && !present.has(k)).map(([k, v]) => param(k, v)).join("");
}

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

function createdParam(value, now) {
  if (value === true) return nowSeconds(now);
  if (value === false || value === null || value === undefined) return undefined;
  if (!Number.isInteger(value)) throw invalidOption("created must be an integer (Unix seconds), true (now) or false (omit)");
  return value;
}

/** The parameters to write after those a given inner list has, in this order. */
function params(key, o, now) {
  let keyid = o.keyid;
  if (keyid === undefined && key && key.keyId) keyid = key.keyId;
  return [
    ["created", createdParam(o.created, now)],
    ["keyid", keyid],
    ["alg", o.alg === true && key ? key.algorithm : typeof o.alg === "string" ? o.alg : undefined],
    ["expires", o.expires],
    ["nonce", o.nonce === true ? randomNonce() : typeof o.nonce === "string" ? o.nonce : undefined],
    ["tag", o.tag],
  ];
}

const BASE_OPTIONS = ["request", "created", "expires", "nonce", "alg", "keyid", "tag"];
const SIGN_OPTIONS = [...BASE_OPTIONS, "label", "now"];

function related(request) {
  return request === undefined || request === null ? null : toRequest(request, "options.request");
}

/** Adds `signatureBase` (what this side rebuilt, as text) to a mismatch. */
function withBase(e) {
  e.signatureBase = text(e.signedBytes);
}

/**
 * The RFC 9421 signature base: one line per covered component, then the
 * `@signature-params` line, no trailing newline. `components`: names (`"@method"`,
 * `"content-type"`), serialized identifiers with parameters, a serialized inner list
 * (kept verbatim), or a `SignatureInput`; the parameters given are appended unless present.
 */
function signatureBase(message, components, options) {
  const o = checkOptions(options, BASE_OPTIONS, "http.signatureBase");
  const input = inputText(components, params(null, { ...o, created: o.created ?? undefined }, undefined));
  return schemes().httpSignatureBase(toMessage(message), related(o.request), input);
}

function appendSignature(message, signed) {
  return { ...message, headers: [...message.headers, ["Signature-Input", signed.signatureInput], ["Signature", signed.signature]] };
}

function signedResult(label, signed, message) {
  return {
    label,
    signatureInput: signed.signatureInput,
    signature: signed.signature,
    signatureBase: signed.signatureBase,
    signatureBytes: signed.signatureBytes,
    message,
    headers: [
      ["Signature-Input", signed.signatureInput],
      ["Signature", signed.signature],
    ],
  };
}

/**
 * Signs a request (or a response) with `key` under `label` (default `"sig1"`); returns the
 * two header members, the signature base, and `message`, a copy with both lines appended.
 */
function sign(message, key, components = DEFAULT_COMPONENTS, options) {
  const o = checkOptions(options, SIGN_OPTIONS, "http.sign");
  checkKey(key);
  const now = checkNow(o.now, "http.sign");
  const input = inputText(components, params(key, { created: true, ...o }, now));
  const label = o.label ?? "sig1";
  const normalized = toMessage(message);
  const signed = schemes().httpSign(normalized, related(o.request), label, input, key);
  return signedResult(label, signed, appendSignature(normalized, signed));
}

const VERIFIER_OPTIONS = ["now", "clockSkew", "maxAge", "requireCreated", "requireExpires", "requiredComponents"];

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
    this.#policy = {
      clockSkew: o.clockSkew,
      maxAge: o.maxAge,
      requireCreated: o.requireCreated,
      requireExpires: o.requireExpires,
      required: (o.requiredComponents ?? []).map(component),
    };
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
    return { keyIds: this.#keys.map((k) => k.keyId), clockSkew: this.#policy.clockSkew ?? 60 };
  }
}
inspectable(Verifier);

const DIGESTS = ["sha-256", "sha-512"];

/**
 * canonsig's profile for JSON APIs over RFC 9421: `Content-Digest` over the body bytes as
 * sent, covered by the signature; on verification, a body that no longer matches is
 * diagnosed (re-serialized JSON is named as such) instead of a bare mismatch.
 */
class JsonApiProfile {
  constructor(options) {
    const o = checkOptions(options, ["digest", "requireCanonicalBody"], "http.JsonApiProfile");
    const digest = o.digest ?? "sha-256";
    if (!DIGESTS.includes(digest)) throw invalidOption(`digest must be "sha-256" or "sha-512", got ${JSON.stringify(digest)}`);
    this.digest = digest;
    this.requireCanonicalBody = o.requireCanonicalBody ?? false;
  }

  /** Sets `Content-Digest` for the body, covers `content-digest`, signs; `message` is the request to send. */
  sign(request, key, components = DEFAULT_COMPONENTS, options) {
    const o = checkOptions(options, SIGN_OPTIONS.filter((k) => k !== "request"), "http.JsonApiProfile.sign");
    checkKey(key);
    const now = checkNow(o.now, "http.JsonApiProfile.sign");
    const input = inputText(components, params(key, { created: true, ...o }, now));
    const label = o.label ?? "sig1";
    const signed = schemes().httpJsonSign(toRequest(request), label, input, key, this.digest, this.requireCanonicalBody);
    const { scheme, ...rest } = signed.request;
    return signedResult(label, signed, scheme === undefined ? rest : signed.request);
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
function contentDigest(body, algorithms = ["sha-256"]) {
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
  const label = o.label ?? "sig1";
  const serialized = SignatureInput.parse(inputText(components, params(null, { ...o, created: undefined }, undefined))).text;
  const member = `${label}=${serialized}`;
  if (parseAcceptSignature(member).length !== 1) throw invalidOption(`label ${JSON.stringify(label)} is not a structured-field key`);
  return member;
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

/** A `Signature` value as `[label, signature bytes]` pairs. */
function parseSignature(value) {
  return schemes().httpParseSignature(value);
}

const FETCH_OPTIONS = ["label", "digest", "keyid", "alg", "tag", "nonce", "expiresIn", "now"];

/**
 * Signs fetch requests with RFC 9421, in browsers and in Node: `await auth.sign(input,
 * init)` returns a new `Request` with `Signature-Input` and `Signature` (and, when there
 * is a body, `Content-Digest`, covered); `auth.fetch(input, init)` signs and sends. The
 * body is read once. Covers `components` (default `DEFAULT_COMPONENTS`); `created` is
 * now (`now`), `expiresIn` seconds adds `expires`, `nonce: true` a random nonce.
 */
class FetchAuth {
  #key;
  #components;
  #o;

  constructor(key, components = DEFAULT_COMPONENTS, options) {
    this.#o = checkOptions(options, FETCH_OPTIONS, "http.FetchAuth");
    this.#key = checkKey(key);
    if (!key.canSign) throw new InvalidKeyError("this key cannot sign (a public key); pass the private key or the HMAC secret", "invalid_key");
    checkNow(this.#o.now, "http.FetchAuth");
    const digest = this.#o.digest === undefined ? "sha-256" : this.#o.digest;
    if (digest !== null && !DIGESTS.includes(digest)) throw invalidOption('digest must be "sha-256", "sha-512" or null');
    this.#components = [...components];
  }

  /** A new `Request` with the signature headers (the input's body is read once). */
  async sign(input, init) {
    const { request, message } = await fromFetch(input, init);
    const o = this.#o;
    const digest = o.digest === undefined ? "sha-256" : o.digest;
    const headers = new Headers(request.headers);
    const components = [...this.#components];
    if (digest !== null && message.body.length > 0) {
      const value = contentDigest(message.body, [digest]);
      headers.set("content-digest", value);
      message.headers = message.headers.filter(([n]) => n !== "content-digest").concat([["content-digest", value]]);
      if (!components.includes("content-digest")) components.push("content-digest");
    }
    const now = nowSeconds(o.now);
    const signed = sign(message, this.#key, components, {
      label: o.label,
      created: now,
      expires: o.expiresIn === undefined ? undefined : now + o.expiresIn,
      nonce: o.nonce ? true : undefined,
      alg: o.alg,
      keyid: o.keyid,
      tag: o.tag,
    });
    for (const [name, value] of signed.headers) headers.append(name, value);
    return rebuildFetch(request, request.url, headers, message.body);
  }

  /** Signs, then sends with the global `fetch`. */
  async fetch(input, init) {
    return globalThis.fetch(await this.sign(input, init));
  }

  toJSON() {
    return { keyId: this.#key.keyId, components: this.#components };
  }
}
inspectable(FetchAuth);

/** RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest and the JSON API profile. */
export const http = Object.freeze({
  DEFAULT_COMPONENTS,
  FetchAuth,
  JsonApiProfile,
  SignatureInput,
  Verifier,
  acceptSignature,
  contentDigest,
  parseAcceptSignature,
  parseRequest,
  parseSignature,
  parseSignatureInput,
  parseWantContentDigest,
  preferredDigest,
  sign,
  signatureBase,
  verifyContentDigest,
  wantContentDigest,
});

