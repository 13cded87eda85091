// What the scheme namespaces (http.js, aws.js, webhooks.js) and the adapters share: the
// Rust core (a private object the wasm start function hands over with `setSchemes`), and
// the normalization of what users pass (messages, header lines, bodies, clocks, options)
// into the one shape the core reads:
//   request  { method, target, scheme, headers: [[name, value]], body: Uint8Array }
//   response { status, headers, trailers, body }
// Plain ES module, no imports but errors.js (see errors.js for why).

import { CanonicalizationError, SignatureMismatchError } from "./errors.js";

let core = null;

/** Called once by the wasm start function. */
export function setSchemes(instance) {
  core = instance;
}

/** The core's scheme methods (throws before `await init()` in browsers). */
export function schemes() {
  if (core === null) throw new Error("canonsig is not initialized yet: `await init()` first (browsers)");
  return core;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** An `invalid_option` error (a wrong option name, type or value). */
export function invalidOption(message) {
  return new CanonicalizationError(message, "invalid_option");
}

function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/** Refuses option keys outside `known` (a typo must not silently fall back to a default). */
export function checkOptions(options, known, where) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw invalidOption(`${where}: options must be an object, got ${typeName(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !known.includes(key)) {
      throw invalidOption(`${where}: unknown option ${JSON.stringify(key)}; expected one of ${known.join(", ")}`);
    }
  }
  return options;
}

/** What the error for a parsed (not raw) body says after naming its type. */
export const PARSED_BODY_HINT =
  "signatures cover the raw body bytes exactly as the sender sent them; a parsed body cannot be turned back " +
  "into those bytes (JSON.stringify changes key order, spacing, escaping and number format), which is the most " +
  "common cause of 'invalid signature'. Pass the raw body: a Buffer from express.raw({ type: \"*/*\" }), " +
  "await request.arrayBuffer() with fetch, or use verifySignature(), which reads it for you";

function bytesOf(body) {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === "string") {
    if (typeof body.isWellFormed === "function" && !body.isWellFormed()) {
      throw new CanonicalizationError(
        "the body string has a lone surrogate, which has no UTF-8 form: pass the body bytes",
        "lone_surrogate",
      );
    }
    return utf8.encode(body);
  }
  return null;
}

/**
 * The raw bytes of a body that must be given (webhooks): bytes, an ArrayBuffer or a view,
 * or a string (as UTF-8). A parsed value (an object, an array) is refused, saying why.
 */
export function rawBody(body) {
  const bytes = bytesOf(body);
  if (bytes !== null) return bytes;
  if (body === undefined || body === null) {
    throw new CanonicalizationError(
      `the body is ${body}; pass the raw body bytes (an empty Uint8Array for an empty body)`,
      "unsupported_value",
    );
  }
  throw parsedBody(body);
}

/** The error for a body that was parsed before it reached canonsig. */
export function parsedBody(body) {
  return new CanonicalizationError(
    `the body is a parsed ${typeName(body)}, not the raw bytes: ${PARSED_BODY_HINT}`,
    "unsupported_value",
  );
}

/** The body of a message: as `rawBody`, but absent (`null`, `undefined`) is empty. */
export function messageBody(body) {
  return body === undefined || body === null ? new Uint8Array(0) : rawBody(body);
}

/**
 * Header lines as `[[name, value]]`, in order: from `[[name, value]]` pairs, a fetch
 * `Headers`, a `Map`, or a plain object (an array value gives one line per element).
 */
export function headerLines(headers) {
  if (headers === undefined || headers === null) return [];
  const out = [];
  const add = (name, value, where) => {
    if (typeof name !== "string") throw malformed(`${where}: a header name must be a string, got ${typeName(name)}`);
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const v of value) add(name, v, where);
      return;
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw malformed(`${where}: the value of header ${JSON.stringify(name)} must be a string, got ${typeName(value)}`);
    }
    out.push([name, String(value)]);
  };
  if (Array.isArray(headers)) {
    for (const line of headers) {
      if (!Array.isArray(line) || line.length !== 2) throw malformed("headers: expected [name, value] pairs");
      add(line[0], line[1], "headers");
    }
    return out;
  }
  if (typeof headers !== "object") throw malformed(`headers must be pairs, a Headers, a Map or an object, got ${typeName(headers)}`);
  const entries = typeof headers[Symbol.iterator] === "function" ? headers : Object.entries(headers);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) throw malformed("headers: expected [name, value] entries");
    add(entry[0], entry[1], "headers");
  }
  return out;
}

function malformed(message) {
  return new CanonicalizationError(message, "malformed_request");
}

function isFetchMessage(value) {
  return typeof value?.arrayBuffer === "function" && typeof value?.headers?.get === "function";
}

/** A request for the core. `target` (origin form with a Host header, or an absolute URL); `url` is accepted for it. */
export function toRequest(message, what = "the request") {
  if (message === null || typeof message !== "object") throw malformed(`${what} must be an object, got ${typeName(message)}`);
  if (isFetchMessage(message)) {
    throw malformed(
      `${what} is a fetch ${typeName(message)}, whose body can only be read asynchronously: ` +
        "sign it with http.FetchAuth / aws.FetchAuth, or pass { method, target, headers, body }",
    );
  }
  const target = message.target ?? message.url;
  if (typeof message.method !== "string" || typeof target !== "string") {
    throw malformed(`${what} needs a method and a target ("/path?query" with a Host header, or an absolute URL)`);
  }
  const scheme = message.scheme ?? undefined;
  if (scheme !== undefined && typeof scheme !== "string") throw malformed(`${what}: scheme must be "http" or "https"`);
  return { method: message.method, target, scheme, headers: headerLines(message.headers), body: messageBody(message.body) };
}

/** A response for the core (a `status` makes a message a response). */
export function toResponse(message) {
  if (isFetchMessage(message)) {
    throw malformed("the response is a fetch Response, whose body can only be read asynchronously: pass { status, headers, body }");
  }
  return {
    status: message.status,
    headers: headerLines(message.headers),
    trailers: headerLines(message.trailers),
    body: messageBody(message.body),
  };
}

/** A request or a response. */
export function toMessage(message) {
  return message !== null && typeof message === "object" && message.status !== undefined
    ? toResponse(message)
    : toRequest(message, "the message");
}

/** The absolute URL of a normalized request (core's rule: RFC 9110 §7.1, no fragment). */
export function requestUrl(request) {
  return schemes().requestUrl(request);
}

/**
 * Unix seconds from a `now` option (a function returning seconds), else the system clock.
 * Milliseconds are refused: they would make every signature look 50 000 years old.
 */
export function nowSeconds(now) {
  const value = now === undefined || now === null ? Date.now() / 1000 : now();
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidOption(`now() must return Unix seconds (a non-negative number), got ${typeName(value)} ${String(value)}`);
  }
  if (value > 1e11) throw invalidOption(`now() returned ${value}: that is milliseconds; return Unix seconds (Date.now() / 1000)`);
  return Math.floor(value);
}

/** A `now` option: a function or absent. */
export function checkNow(now, where) {
  if (now !== undefined && now !== null && typeof now !== "function") {
    throw invalidOption(`${where}: now must be a function returning Unix seconds, got ${typeName(now)}`);
  }
  return now ?? undefined;
}

/** A time argument: Unix seconds or a `Date`. */
export function unixTime(value, what) {
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  throw invalidOption(`${what} must be Unix seconds or a Date, got ${typeName(value)}`);
}

/** Runs a core call; on a mismatch, lets `augment` add the scheme's view of what was computed. */
export function withEvidence(call, augment) {
  try {
    return call();
  } catch (e) {
    if (e instanceof SignatureMismatchError) augment(e);
    throw e;
  }
}

/** UTF-8 bytes as text (for signature bases, which are ASCII or `;bs`-wrapped). */
export function text(bytes) {
  return bytes === null || bytes === undefined ? null : utf8Decoder.decode(bytes);
}

/** Gives an object a `console.log` form (its `toJSON()`), never its secret. */
export function inspectable(cls) {
  Object.defineProperty(cls.prototype, Symbol.for("nodejs.util.inspect.custom"), {
    value(depth, options, inspect) {
      const summary = this.toJSON();
      return typeof inspect === "function" ? `${cls.name} ${inspect(summary, options)}` : `${cls.name} ${JSON.stringify(summary)}`;
    },
    configurable: true,
    writable: true,
  });
}

// --- fetch ------------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
  "upgrade", "transfer-encoding",
]);

/**
 * A fetch `Request` (or `(input, init)`) as the core's request, as an HTTP/1.1 client
 * sends it: origin-form target, `Host` from the URL (default port dropped, as fetch
 * sends it), the headers fetch holds, and the body bytes, read once.
 */
export async function fromFetch(input, init) {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const body =
    request.body === null || request.method === "GET" || request.method === "HEAD"
      ? new Uint8Array(0)
      : new Uint8Array(await request.arrayBuffer());
  const headers = [["host", url.host], ...[...request.headers].filter(([name]) => !HOP_BY_HOP.has(name))];
  const message = { method: request.method, target: url.pathname + url.search, scheme: url.protocol.slice(0, -1), headers, body };
  return { request, message };
}

/** A new fetch `Request` like `request`, at `url`, with `headers` and the body bytes read from it. */
export function rebuildFetch(request, url, headers, body) {
  const init = {
    method: request.method,
    headers,
    redirect: request.redirect,
    signal: request.signal,
    credentials: request.credentials,
    cache: request.cache,
    integrity: request.integrity,
    keepalive: request.keepalive,
    referrerPolicy: request.referrerPolicy,
  };
  if (request.mode && request.mode !== "navigate") init.mode = request.mode;
  if (body.length > 0) init.body = body;
  return new Request(url, init);
}
