// Hand-written declarations of the npm package `canonsig`: what no Rust type describes (the
// values and classes written in JS, js/*.js, and the option objects that only the JS glue reads).
// The data shapes that come from Rust types are generated into generated.d.ts; src/typescript.rs
// puts the three files of this folder into the package's .d.ts (pkg-node, pkg-web), where their
// names resolve across files. Checked by js/types.test.mjs (tsc --strict over js/types-check.ts).

// --- names, filled from the Rust core when the module is initialized ---

/**
 * Names of the output profiles, default (`"jcs"`) first. Filled when the module is
 * initialized: on import in Node, by `await init()` in browsers.
 */
export const PROFILES: readonly Profile[];

/** Names of the signature algorithms. Filled when the module is initialized, like `PROFILES`. */
export const ALGORITHMS: readonly Algorithm[];

/** Names of every cause `explain` can report. Filled when the module is initialized, like `PROFILES`. */
export const CAUSES: readonly Cause[];

// --- keys and signatures ---

/** A JSON Web Key (RFC 7517) as an object: `kty` and the members of its type. */
export interface JsonWebKey {
  /** The key type: `"oct"`, `"OKP"`, `"EC"` or `"RSA"`. */
  kty?: string;
  /** The algorithm (JOSE name) the key is for, when the JWK says. */
  alg?: string;
  /** The key id, when the JWK has one. */
  kid?: string;
  /** The members of the key type (`crv`, `x`, `y`, `d`, `n`, `e`, `k`, ...). */
  [member: string]: unknown;
}

/** Options of `Key.fromPem` and `Key.fromJwk`. */
export interface KeyOptions {
  /** The algorithm the key is for: required for RSA keys (two algorithms), checked for the others. */
  algorithm?: Algorithm;
  /** The key id (default: the RFC 7638 thumbprint, or a JWK's `kid`). */
  keyId?: string;
}

/** Options of `Key.hmac`. */
export interface HmacKeyOptions {
  /** `"hmac-sha256"` (default), `"hmac-sha384"` or `"hmac-sha512"`. */
  algorithm?: Algorithm;
  /** The key id (default `""`). */
  keyId?: string;
  /** How a string secret is written; required for a string secret, refused for bytes. */
  encoding?: Encoding;
}

/** Options of `Key.generate` and `Key.fromPublicBytes`. */
export interface KeyIdOptions {
  /** The key id (default: the RFC 7638 thumbprint; `""` for HMAC keys). */
  keyId?: string;
}

/** What `JSON.stringify(key)` and `console.log(key)` show: never key material. */
export interface KeySummary {
  /** The key's algorithm. */
  algorithm: Algorithm;
  /** The key id. */
  keyId: string;
  /** `"secret"` (HMAC), `"private"` or `"public"`. */
  kind: "secret" | "private" | "public";
}

/** The parameters of a `Signature` built from its bytes (as `signJson` would have set them). */
export interface SignatureParams {
  /** The signer's algorithm. */
  algorithm?: Algorithm;
  /** The signer's key id. */
  keyId?: string;
  /** Creation time (Unix seconds). */
  created?: number;
  /** Expiry time (Unix seconds). */
  expires?: number;
  /** The replay-protection nonce. */
  nonce?: string;
  /** The canonicalization profile of the signed bytes (default `"jcs"`). */
  profile?: Profile;
}

/** Options of `signJsonTraced`. */
export interface SignTracedOptions extends SignOptions {
  /** Put the signed bytes themselves in the trace (`signing_string_b64`). Off by default. */
  includeSigningString?: boolean;
  /** The caller's request id, recorded in the trace. */
  requestId?: string;
}

/** Options of `verifyJson`. */
export interface VerifyOptions {
  /** Encoding of a bare signature value given as text (default `"base64url"`). */
  encoding?: Encoding;
}

/** Options of `Verifier.verifyJsonTraced`. */
export interface VerifyTracedOptions extends VerifyOptions {
  /** Put the signed bytes themselves in the trace (`signing_string_b64`). Off by default. */
  includeSigningString?: boolean;
  /** The caller's request id, recorded in the trace. */
  requestId?: string;
}

/** The policy of a `Verifier`, and the canonicalization of the payload (its profile comes from the signature). */
export interface VerifierOptions extends Omit<CanonicalizeOptions, "profile"> {
  /** The accepted algorithms (default: every algorithm of the keys). */
  algorithms?: Algorithm[];
  /** How far `created` may be from now, either way, in seconds (default 300). */
  tolerance?: number;
  /** Where "now" comes from: Unix seconds (not milliseconds). Default: `Date.now() / 1000`. */
  clock?: () => number;
  /**
   * Replay protection: each nonce is accepted once (per key). A `MemoryNonceStore`, or
   * your own synchronous store; if it throws or answers something else than a boolean,
   * the signature is refused (`nonce_store_unavailable`, with the thrown value as `cause`).
   */
  nonceStore?: MemoryNonceStore | NonceStore;
  /** Refuse signatures without `created` (`missing_parameter`). */
  requireCreated?: boolean;
  /** Refuse signatures without `nonce` (`missing_parameter`). */
  requireNonce?: boolean;
}

/** A nonce store of your own (synchronous), for `VerifierOptions.nonceStore`. */
export interface NonceStore {
  /**
   * Records `nonce` (an opaque string naming the key and the nonce) for `ttlSeconds`;
   * returns true when it was new, false when it was already there (a replay). `now` is
   * the verifier's clock, in Unix seconds. Only signatures that verified reach the store.
   */
  checkAndStore(nonce: string, ttlSeconds: number, now: number): boolean;
}

/** What `JSON.stringify(verifier)` and `console.log(verifier)` show. */
export interface VerifierSummary {
  /** The key ids of the ring, in order. */
  keyIds: string[];
  /** The accepted algorithms, or `null` for every algorithm of the keys. */
  algorithms: Algorithm[] | null;
  /** The tolerance on `created` and `expires`, in seconds. */
  tolerance: number;
  /** Whether a nonce store is set (replay protection). */
  nonceStore: boolean;
  /** Whether signatures without `created` are refused. */
  requireCreated: boolean;
  /** Whether signatures without `nonce` are refused. */
  requireNonce: boolean;
}

/** What `signJsonTraced` returns. */
export interface SignedWithTrace {
  /** The signature, as `signJson` returns it. */
  signature: Signature;
  /** The signer's trace, to log and to diff against the verifier's (`explainTraces`). */
  trace: SigningTrace;
}

/** What `Verifier.verifyJsonTraced` returns. */
export interface VerifiedWithTrace {
  /** What the verification established. */
  verified: Verified;
  /** The verifier's trace, to log and to diff against the signer's (`explainTraces`). */
  trace: SigningTrace;
}

// --- errors (js/errors.js) ---

/** Base class of every error canonsig throws. */
export class CanonsigError extends Error {
  /** An error with a code (canonsig throws its subclasses). */
  constructor(message: string, code: string);
  /** Stable snake_case code. */
  readonly code: string;
}

/**
 * Input that cannot be canonicalized, or an invalid option. `message` names the code,
 * the problem, its location and a hint.
 */
export class CanonicalizationError extends CanonsigError {
  /** `offset` and `path` default to `null`. */
  constructor(message: string, code: CanonicalizationErrorCode, offset?: number | null, path?: string | null);
  /** What went wrong, e.g. `"duplicate_key"`. */
  readonly code: CanonicalizationErrorCode;
  /** Byte offset of the problem in the UTF-8 input, or `null` (e.g. for option errors). */
  readonly offset: number | null;
  /** JSON path of the value being read, e.g. `"$.items[0].id"`, or `null`. */
  readonly path: string | null;
}

/**
 * Key material that cannot be used (`invalid_key`: malformed, wrong length, empty, a public
 * key asked to sign), an unknown algorithm name (`unsupported_algorithm`), or key material
 * of another algorithm than the one named while loading it (`algorithm_mismatch`).
 */
export class InvalidKeyError extends CanonsigError {
  /** An error for key material or an algorithm name. */
  constructor(message: string, code: KeyErrorCode);
  /** Why the key or the algorithm cannot be used. */
  readonly code: KeyErrorCode;
}

/** A refused signature; `code` says why. */
export class VerificationError extends CanonsigError {
  /** A refusal; `trace` starts as `null`. */
  constructor(message: string, code: VerificationErrorCode);
  /** Why the signature was refused. */
  readonly code: VerificationErrorCode;
  /** The verifier's trace, when thrown by `Verifier.verifyJsonTraced`; else `null`. */
  trace: SigningTrace | null;
}

/**
 * A well-formed signature that does not match the bytes the verifier signed (or, with
 * `digest_mismatch`, a body that does not match its digest). Never includes the expected
 * signature.
 */
export class SignatureMismatchError extends VerificationError {
  /** A mismatch (`code` defaults to `"signature_mismatch"`, `details` to `{}`). */
  constructor(
    message: string,
    code?: "signature_mismatch" | "digest_mismatch",
    signedBytes?: Uint8Array | null,
    signedSha256?: string | null,
    details?: Record<string, string> | null,
  );
  /** `"signature_mismatch"`, or `"digest_mismatch"` for a body that does not match its digest. */
  readonly code: "signature_mismatch" | "digest_mismatch";
  /**
   * The exact bytes the verifier computed the signature over (the canonical payload, the
   * envelope with the signature parameters, an RFC 9421 signature base, a SigV4 string to
   * sign, a webhook payload): log them and diff them against the signer's. `null` from
   * `Key.verify`, whose signed bytes are the message passed.
   */
  readonly signedBytes: Uint8Array | null;
  /** SHA-256 (hex) of `signedBytes`, or `null`. */
  readonly signedSha256: string | null;
  /** Other strings the scheme computed (SigV4: `canonicalRequest`, `stringToSign`). */
  readonly details: Record<string, string>;
  /** RFC 9421 (`http`): the signature base this side rebuilt, as text. */
  signatureBase?: string | null;
  /** SigV4 (`aws`): the canonical request this side computed. */
  canonicalRequest?: string;
  /** SigV4 (`aws`): the string to sign this side computed. */
  stringToSign?: string;
  /** Webhooks: the exact bytes this side computed the MAC over. */
  payload?: Uint8Array | null;
}
