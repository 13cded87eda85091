// Server side: `verifySignature(verifier)`, an Express-style `(req, res, next)` middleware
// that verifies on the RAW body (works with a bare node:http server, express.raw(), or a
// `req.rawBody` kept by a body parser's `verify` hook), and `requestFromNode`, the
// request as canonsig reads it. Duck-typed on Node's IncomingMessage / ServerResponse:
// no import of node:http, so the module also loads in browsers.

import { CanonsigError, CanonicalizationError } from "./errors.js";
import { checkOptions, invalidOption, parsedBody, rawBody } from "./schemes_core.js";

const DEFAULT_LIMIT = 1024 * 1024;

/** Node's flat `rawHeaders` (`[name, value, name, value, ...]`): every line as sent, in order, case kept. */
function rawHeaderLines(req) {
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    const out = [];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
    return out;
  }
  return Object.entries(req.headers ?? {}).flatMap(([n, v]) => (Array.isArray(v) ? v.map((x) => [n, x]) : [[n, String(v)]]));
}

/**
 * The request as canonsig reads it, from a Node `IncomingMessage` (or an Express `req`)
 * and its raw body: the method, the target as sent (`originalUrl` under Express
 * routers), the header lines as sent (`rawHeaders`), and the scheme (`options.scheme`,
 * else `https` on a TLS socket, else `http`; behind a TLS-terminating proxy, pass it).
 */
export function requestFromNode(req, body, options) {
  const o = checkOptions(options, ["scheme"], "requestFromNode");
  return {
    method: req.method,
    target: req.originalUrl ?? req.url,
    scheme: o.scheme ?? (req.socket?.encrypted ? "https" : "http"),
    headers: rawHeaderLines(req),
    body: rawBody(body ?? new Uint8Array(0)),
  };
}

const isBytes = (v) => v instanceof Uint8Array || v instanceof ArrayBuffer || ArrayBuffer.isView(v);

class TooLarge extends CanonicalizationError {}

/** Reads the body stream once, up to `limit` bytes. */
async function readStream(req, limit) {
  const chunks = [];
  let length = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    length += bytes.length;
    if (length > limit) {
      throw new TooLarge(`the request body is larger than ${limit} bytes (verifySignature's limit option)`, "too_large");
    }
    chunks.push(bytes);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The raw body of `req`: a raw copy a body parser kept (`req.rawBody`), the bytes of
 * `express.raw()` (or a string of `express.text()`) in `req.body`, else the stream,
 * read here (then kept as `req.rawBody`, and as `req.body` when nothing set it). A body
 * already parsed into an object, without a raw copy, is refused: it cannot be turned
 * back into the bytes that were signed.
 */
async function rawBodyOf(req, limit) {
  if (isBytes(req.rawBody) || typeof req.rawBody === "string") return rawBody(req.rawBody);
  if (isBytes(req.body) || typeof req.body === "string") return rawBody(req.body);
  const consumed = req._body === true || req.readableEnded === true;
  if (req.body !== undefined && req.body !== null && consumed) throw parsedBody(req.body);
  if (consumed) {
    throw new CanonicalizationError(
      "the request body was already read by something else and no raw copy was kept (req.rawBody): " +
        "mount verifySignature() before any body parser, or use express.raw()",
      "unsupported_value",
    );
  }
  const body = await readStream(req, limit);
  const kept = typeof globalThis.Buffer === "function" ? globalThis.Buffer.from(body.buffer, body.byteOffset, body.length) : body;
  req.rawBody = kept;
  if (req.body === undefined) req.body = kept;
  return body;
}

function resolve(verifier) {
  if (typeof verifier?.verifyRequest === "function") return (request) => verifier.verifyRequest(request);
  if (typeof verifier === "function") return verifier;
  throw invalidOption("verifier must have a verifyRequest(request) method (http.Verifier, aws.Verifier, a webhooks class) or be a function");
}

/** What a refusal answers: `{ error: code, message }`, plus what this side computed with `exposeDetails`. */
function errorBody(error, exposeDetails) {
  const body = { error: error.code, message: error.message };
  if (exposeDetails) {
    for (const key of ["signatureBase", "canonicalRequest", "stringToSign"]) {
      if (typeof error[key] === "string") body[key] = error[key];
    }
  }
  return body;
}

function send(res, status, body) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/**
 * An Express-style middleware `(req, res, next)` that verifies each request on its RAW
 * body with `verifier` (anything with `verifyRequest(request)`: `http.Verifier`,
 * `aws.Verifier`, every `webhooks` class; or a function taking the request, which may
 * return a promise). On success the result is `req.canonsig` and `next()` runs. A refused
 * signature (any canonsig error) answers `401` with JSON `{ error: code, message }` (or
 * calls `options.onError(error, req, res)`); a body already parsed into an object is a
 * server setup error, passed to `next(error)` with a message saying why.
 *
 * Options: `scheme` (the scheme clients used, behind a TLS-terminating proxy), `limit`
 * (bytes read from the stream, default 1 MiB; more answers 413 `too_large`),
 * `exposeDetails` (add the signature base / canonical request / string to sign this side
 * computed to the 401 body: a debugging aid, off by default), `onError`.
 */
export function verifySignature(verifier, options) {
  const o = checkOptions(options, ["scheme", "limit", "exposeDetails", "onError"], "verifySignature");
  const verify = resolve(verifier);
  const limit = o.limit ?? DEFAULT_LIMIT;
  return function canonsigVerifySignature(req, res, next) {
    const refuse = (error, status) => {
      if (typeof o.onError === "function") return o.onError(error, req, res);
      return send(res, status, errorBody(error, o.exposeDetails));
    };
    rawBodyOf(req, limit).then(
      async (body) => {
        let result;
        try {
          result = await verify(requestFromNode(req, body, { scheme: o.scheme }));
        } catch (error) {
          if (error instanceof CanonsigError) return refuse(error, 401);
          return next(error);
        }
        req.canonsig = result;
        return next();
      },
      (error) => (error instanceof TooLarge ? refuse(error, 413) : next(error)),
    );
  };
}
