// The error classes of the npm package `canonsig`: the only place they are defined.
// Rust builds them through the imports in wasm/src/errors.rs; wasm-bindgen copies this file
// into pkg-*/snippets/ and re-exports the classes from the package entry point, so users can
// `import { CanonicalizationError } from "canonsig"` and use `instanceof`.
// Plain ES module with no imports: `--target web` imports it, and `--target nodejs`
// (CommonJS) loads it with require(), which Node supports for ES modules since 20.19 / 22.12.
//
// Messages come from the Rust core, which never puts key material in them; nothing here
// adds any.

/** Base class of every error thrown by canonsig; `code` is a stable snake_case string. */
export class CanonsigError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * Input that cannot be canonicalized (or an invalid option): `code` as in every canonsig
 * frontend, `offset` = byte offset in the UTF-8 input (or null), `path` = JSON path (or null).
 */
export class CanonicalizationError extends CanonsigError {
  constructor(message, code, offset = null, path = null) {
    super(message, code);
    this.offset = offset ?? null;
    this.path = path ?? null;
  }
}

/**
 * Key material that cannot be used (`invalid_key`), an unknown algorithm name
 * (`unsupported_algorithm`), or key material of another algorithm than the one named
 * while loading it (`algorithm_mismatch`).
 */
export class InvalidKeyError extends CanonsigError {}

/**
 * A signature that was refused; `code` says why (`expired`, `unknown_key_id`, ...).
 * `trace` is the verifier's signing trace when the error comes from `verifyJsonTraced`,
 * else null.
 */
export class VerificationError extends CanonsigError {
  constructor(message, code) {
    super(message, code);
    this.trace = null;
  }
}

/**
 * A well-formed signature that does not match the bytes the verifier signed (or, with
 * code `digest_mismatch`, a body that does not match its digest).
 * `signedBytes` are those exact bytes (the canonical payload, the envelope with the
 * signature parameters, an RFC 9421 signature base, a SigV4 string to sign, a webhook
 * payload) and `signedSha256` their SHA-256 in hex: log them and diff them against the
 * signer's. Both are null from `Key.verify`, whose signed bytes are the message the caller
 * passed. `details` holds the other strings a scheme computed (SigV4: `canonicalRequest`
 * and `stringToSign`, also set on the error itself). The expected signature is never included.
 */
export class SignatureMismatchError extends VerificationError {
  constructor(message, code = "signature_mismatch", signedBytes = null, signedSha256 = null, details = null) {
    super(message, code);
    this.signedBytes = signedBytes ?? null;
    this.signedSha256 = signedSha256 ?? null;
    this.details = { ...(details ?? {}) };
    for (const key of ["canonicalRequest", "stringToSign"]) {
      if (typeof this.details[key] === "string") this[key] = this.details[key];
    }
  }
}

for (const cls of [CanonsigError, CanonicalizationError, InvalidKeyError, VerificationError, SignatureMismatchError]) {
  Object.defineProperty(cls.prototype, "name", { value: cls.name, writable: true, configurable: true });
}
