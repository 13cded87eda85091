// `aws`: AWS Signature Version 4 and SigV4a (`algorithm: "sigv4a"`) (sign, presign, verify, signedParts, explainAws) and
// `FetchAuth`. Mirrors the Python `canonsig.aws` in camelCase. Every canonical request,
// string to sign and signature comes from the core.

import { InvalidKeyError } from "./errors.js";
import {
  checkNow,
  checkOptions,
  fromFetch,
  inspectable,
  invalidOption,
  nowSeconds,
  rebuildFetch,
  schemes,
  toRequest,
  unixTime,
} from "./schemes_core.js";

/** The payload line of requests whose body is not signed (S3, presigned URLs). */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

const SETTINGS = ["normalizePath", "doubleEncodePath", "payload", "contentSha256Header", "signSessionToken"];

/**
 * The service-dependent rules of the canonical request. The defaults are every AWS
 * service but S3's (core's preset); `Settings.s3()` is S3's. `payload`: `"body"` (hex
 * SHA-256 of the body), `"unsigned"` (`UNSIGNED-PAYLOAD`) or a precomputed payload line.
 */
class Settings {
  constructor(options) {
    const o = checkOptions(options, SETTINGS, "aws.Settings");
    const preset = schemes().awsSettings("default");
    for (const name of SETTINGS) this[name] = o[name] ?? preset[name];
    Object.freeze(this);
  }

  /** S3: no path normalization, single encoding, `x-amz-content-sha256` signed (core's preset). */
  static s3(options) {
    const o = checkOptions(options, ["payload"], "aws.Settings.s3");
    const preset = schemes().awsSettings("s3");
    return new Settings({ ...preset, payload: o.payload ?? preset.payload });
  }
}

function settingsOf(value) {
  if (value === undefined || value === null) return new Settings();
  return value instanceof Settings ? value : new Settings(value);
}

const secrets = new WeakMap();

/**
 * An access key id with its secret access key, and the session token of temporary (STS)
 * credentials. `toJSON()` and `console.log` show the access key id only.
 */
class Credentials {
  constructor(accessKeyId, secretAccessKey, sessionToken) {
    for (const [name, value] of [["accessKeyId", accessKeyId], ["secretAccessKey", secretAccessKey]]) {
      if (typeof value !== "string" || value === "") throw new InvalidKeyError(`${name} must be a non-empty string`, "invalid_key");
    }
    if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== "string") {
      throw new InvalidKeyError("sessionToken must be a string", "invalid_key");
    }
    this.accessKeyId = accessKeyId;
    secrets.set(this, [accessKeyId, secretAccessKey, sessionToken ?? null]);
    Object.freeze(this);
  }

  /** The session token, or `null`. */
  get sessionToken() {
    return secrets.get(this)[2];
  }

  /**
   * The SigV4a public key derived from these credentials (as aws-c-auth derives it):
   * uncompressed SEC1 `04 || X || Y`, 65 bytes; what a SigV4a verifier checks with.
   */
  sigv4aPublicKey() {
    return schemes().awsSigv4aPublicKey(secrets.get(this));
  }

  toJSON() {
    return { accessKeyId: this.accessKeyId, secretAccessKey: "[REDACTED]", sessionToken: this.sessionToken === null ? null : "[REDACTED]" };
  }
}
inspectable(Credentials);

const ALGORITHMS = ["sigv4", "sigv4a"];

function credentialsOf(value) {
  if (value instanceof Credentials) return secrets.get(value);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return secrets.get(new Credentials(value.accessKeyId, value.secretAccessKey, value.sessionToken));
  }
  throw new InvalidKeyError("expected aws.Credentials or { accessKeyId, secretAccessKey, sessionToken? }", "invalid_key");
}

function signedResult(signed, original) {
  const request = { ...signed.request };
  if (original.scheme === undefined) delete request.scheme;
  return { ...signed, request };
}

/**
 * Signs requests for one set of credentials, region and service. `settings` default to
 * every service but S3's rules; `now` (Unix seconds) is where "now" comes from when no
 * `time` is given: inject a corrected clock when yours is skewed.
 *
 * `algorithm: "sigv4a"` signs SigV4a (`AWS4-ECDSA-P256-SHA256`): `region` is then the
 * region set (`"us-east-1"`, `"us-east-1,us-west-2"`, `"*"`), sent and signed as
 * `X-Amz-Region-Set`; the signature is the hex of a DER ECDSA P-256 signature
 * (deterministic, RFC 6979) checked with `Credentials.sigv4aPublicKey()`.
 */
class Signer {
  #creds;
  #now;
  #client = false;

  constructor(credentials, region, service, options) {
    const o = checkOptions(options, ["settings", "now", "algorithm"], "aws.Signer");
    this.#creds = credentialsOf(credentials);
    if (typeof region !== "string" || typeof service !== "string") throw invalidOption("aws.Signer needs a region and a service (strings)");
    this.region = region;
    this.service = service;
    this.settings = settingsOf(o.settings);
    this.#now = checkNow(o.now, "aws.Signer");
    this.algorithm = o.algorithm ?? "sigv4";
    if (!ALGORITHMS.includes(this.algorithm)) throw invalidOption(`aws.Signer: algorithm must be "sigv4" or "sigv4a", not ${JSON.stringify(this.algorithm)}`);
  }

  #time(options, known, where) {
    const o = checkOptions(options, known, where);
    return o.time === undefined ? nowSeconds(this.#now) : unixTime(o.time, "time");
  }

  /**
   * Signs with an `Authorization` header at `options.time` (Unix seconds or a Date;
   * default now): adds `X-Amz-Security-Token`, `X-Amz-Date`, `X-Amz-Region-Set` (SigV4a),
   * `x-amz-content-sha256` (when the settings say so) and `Authorization`. Every other header is signed but
   * `authorization`, `expect`, `transfer-encoding`, `user-agent`, `x-amzn-trace-id`.
   */
  sign(request, options) {
    const time = this.#time(options, ["time"], "aws.Signer.sign");
    const req = toRequest(request);
    const v4a = this.algorithm === "sigv4a";
    return signedResult(schemes().awsSign(req, this.#creds, this.region, this.service, this.settings, time, v4a, this.#client), req);
  }

  /** A presigned URL valid `expires` seconds (1 to 604800; absent: core's default, 3600, as botocore); `url` is the URL to send. */
  presign(request, expires, options) {
    const time = this.#time(options, ["time"], "aws.Signer.presign");
    const req = toRequest(request);
    const v4a = this.algorithm === "sigv4a";
    const signed = schemes().awsPresign(req, this.#creds, this.region, this.service, this.settings, time, expires, v4a, this.#client);
    return signedResult(signed, req);
  }

  /**
   * This signer as the fetch adapter uses it: the headers a client manages itself
   * (`Accept-Encoding`) are left unsigned, as hop-by-hop and tracing headers always are.
   */
  forHttpClient() {
    const copy = new Signer({ accessKeyId: this.#creds[0], secretAccessKey: this.#creds[1], sessionToken: this.#creds[2] }, this.region, this.service, {
      settings: this.settings,
      now: this.#now,
      algorithm: this.algorithm,
    });
    copy.#client = true;
    return copy;
  }

  toJSON() {
    return { accessKeyId: this.#creds[0], region: this.region, service: this.service, algorithm: this.algorithm, settings: this.settings };
  }
}
inspectable(Signer);

const VERIFIER_OPTIONS = ["region", "service", "settings", "tolerance", "now", "allowUnsignedPayload"];

/**
 * Verifies SigV4 requests (`Authorization` header or presigned URL) against credentials
 * (looked up by access key id). `region` / `service` refuse other scopes; `tolerance`:
 * how far `X-Amz-Date` may be from now (seconds, default 900, as AWS).
 */
class Verifier {
  #ring;
  #o;

  constructor(credentials, options) {
    this.#o = checkOptions(options, VERIFIER_OPTIONS, "aws.Verifier");
    this.#ring = (Array.isArray(credentials) ? credentials : [credentials]).map(credentialsOf);
    this.settings = settingsOf(this.#o.settings);
    checkNow(this.#o.now, "aws.Verifier");
  }

  /**
   * Verifies the request's `Authorization` header or presigned query. Throws
   * `SignatureMismatchError` (`canonicalRequest` / `stringToSign`: what this side
   * computed; code `digest_mismatch` when the body does not match
   * `x-amz-content-sha256`) or `VerificationError`.
   */
  verify(request) {
    const { now, ...options } = this.#o;
    return schemes().awsVerify(toRequest(request), this.#ring, { ...options, settings: this.settings }, nowSeconds(now));
  }

  /** `verify(request)`: the entry point `verifySignature` (the middleware) calls. */
  verifyRequest(request) {
    return this.verify(request);
  }

  toJSON() {
    return { accessKeyIds: this.#ring.map((c) => c[0]), region: this.#o.region ?? null, service: this.#o.service ?? null };
  }
}
inspectable(Verifier);

/**
 * Recomputes the canonical request and string to sign of a SigV4-signed request from its
 * own signed-header list, date and scope; no secret needed. `settings`: its signer's rules.
 */
function signedParts(request, settings) {
  return schemes().awsSignedParts(toRequest(request), settingsOf(settings));
}

/**
 * Compares S3's `SignatureDoesNotMatch` error document (its `CanonicalRequest` and
 * `StringToSign`) with what the signed `request` signed: `canonicalRequest` and
 * `stringToSign` explain AWS's text (expected) against the signer's (actual),
 * `conclusions` say what it means, `causes` name the difference, `text` is all of it.
 */
function explainAws(errorXml, request, settings) {
  const xml = errorXml instanceof Uint8Array ? new TextDecoder().decode(errorXml) : errorXml;
  return schemes().explainAws(xml, toRequest(request), settingsOf(settings));
}


/**
 * Signs fetch requests with SigV4, in browsers and in Node: `await auth.sign(input,
 * init)` returns a new `Request` with `Authorization` and `X-Amz-Date` (or, with
 * `presign: seconds`, at the presigned URL); `auth.fetch(input, init)` signs and sends.
 * Options as for `Signer`.
 */
class FetchAuth {
  #signer;
  #presign;

  constructor(credentials, region, service, options) {
    const o = checkOptions(options, ["settings", "now", "presign", "algorithm"], "aws.FetchAuth");
    const signer = new Signer(credentials, region, service, { settings: o.settings, now: o.now, algorithm: o.algorithm });
    this.#signer = signer.forHttpClient();
    this.#presign = o.presign;
  }

  /** A new `Request`, signed (the input's body is read once). */
  async sign(input, init) {
    const { request, message } = await fromFetch(input, init);
    if (this.#presign !== undefined) {
      const signed = this.#signer.presign(message, this.#presign);
      return rebuildFetch(request, signed.url, new Headers(request.headers), message.body);
    }
    const signed = this.#signer.sign(message);
    const headers = new Headers(request.headers);
    for (const [name, value] of signed.headers) headers.set(name, value);
    return rebuildFetch(request, request.url, headers, message.body);
  }

  /** Signs, then sends with the global `fetch`. */
  async fetch(input, init) {
    return globalThis.fetch(await this.sign(input, init));
  }

  toJSON() {
    return this.#signer.toJSON();
  }
}
inspectable(FetchAuth);

/** AWS Signature Version 4. */
export const aws = Object.freeze({
  Credentials,
  FetchAuth,
  Settings,
  Signer,
  UNSIGNED_PAYLOAD,
  Verifier,
  explainAws,
  signedParts,
});
