// Generated from the Rust types of the canonsig core (ts-rs derives, core feature `typescript`)
// by wasm/tests/typescript.rs: do not edit. After changing one of those types, run
//   UPDATE_TYPES=1 cargo test -p canonsig-wasm --test typescript
// Keys are camelCase, as the JS objects have them (js/diff.js renames the core's JSON keys;
// the JSON of the Python and CLI frontends has the same members in snake_case), except in
// SigningTrace, the trace record as both sides log it.

// --- names ---

/**
 * The byte form to produce. Each non-default profile reproduces, byte for byte,
 * what another stack actually signs, so a canonsig client can talk to an existing server.
 */
export type Profile = "jcs" | "python-sorted" | "python-sorted-unicode" | "go-json";

/**
 * A signature algorithm: one value per parameter combination, named as RFC 9421 names it.
 *
 * The algorithm belongs to the key, never to the message: a signature that claims
 * another algorithm than its key's is rejected, so no downgrade and no HMAC keyed
 * with a public key.
 */
export type Algorithm =
  | "hmac-sha256" | "hmac-sha384" | "hmac-sha512" | "ed25519" | "ecdsa-p256-sha256" | "ecdsa-p384-sha384"
  | "rsa-pss-sha512" | "rsa-v1_5-sha256";

/** How signature bytes (or a secret) are written as text. */
export type Encoding = "base64url" | "base64" | "hex";

// --- errors ---

/**
 * The stable, machine-readable kind of an `Error`.
 *
 * The snake_case string of each code (`ErrorCode::as_str`) is part of the public
 * API of every frontend and never changes meaning.
 */
export type ErrorCode =
  | "syntax" | "unexpected_end" | "empty_input" | "invalid_utf8" | "lone_surrogate" | "invalid_escape"
  | "control_character" | "duplicate_key" | "invalid_number" | "non_finite_number" | "number_out_of_range"
  | "unsafe_integer" | "too_deep" | "too_large" | "bom" | "trailing_data" | "unsupported_value"
  | "invalid_option" | "invalid_key" | "unsupported_algorithm" | "algorithm_mismatch"
  | "algorithm_not_allowed" | "malformed_signature" | "signature_mismatch" | "unknown_key_id" | "expired"
  | "future_timestamp" | "replayed_nonce" | "missing_parameter" | "nonce_store_unavailable"
  | "malformed_request" | "invalid_header" | "missing_component" | "digest_mismatch" | "malformed_input";

/** The codes of `CanonicalizationError`: input that cannot be canonicalized, and invalid options. */
export type CanonicalizationErrorCode =
  | "syntax" | "unexpected_end" | "empty_input" | "invalid_utf8" | "lone_surrogate" | "invalid_escape"
  | "control_character" | "duplicate_key" | "invalid_number" | "non_finite_number" | "number_out_of_range"
  | "unsafe_integer" | "too_deep" | "too_large" | "bom" | "trailing_data" | "unsupported_value"
  | "invalid_option" | "malformed_input";

/** The codes of `InvalidKeyError`. */
export type KeyErrorCode = "invalid_key" | "unsupported_algorithm" | "algorithm_mismatch";

/** The codes of `VerificationError` (a refused signature), `SignatureMismatchError`'s included. */
export type VerificationErrorCode =
  | "algorithm_mismatch" | "algorithm_not_allowed" | "malformed_signature" | "signature_mismatch"
  | "unknown_key_id" | "expired" | "future_timestamp" | "replayed_nonce" | "missing_parameter"
  | "nonce_store_unavailable" | "malformed_request" | "invalid_header" | "missing_component"
  | "digest_mismatch";

// --- canonicalization ---

/** How to canonicalize: the profile and the admission limits. */
export interface CanonicalizeOptions {
  /** The output form; `"jcs"` (RFC 8785) by default. */
  profile?: Profile;
  /**
   * Accept integers beyond +-(2^53-1) that binary64 cannot hold exactly, in the profiles
   * that hold numbers as binary64; they are then rounded as JavaScript would. Off by
   * default, because such integers would silently change. (Large integers that binary64
   * holds exactly, like 2^53 or 10^16, pass either way: their canonical text is the input's.)
   */
  allowUnsafeIntegers?: boolean;
  /** Deepest nesting accepted; deeper input is a `"too_deep"` error. */
  maxDepth?: number;
  /** Largest input accepted, in bytes; larger input is a `"too_large"` error. */
  maxSize?: number;
}

/** Where non-canonical input first departs from its canonical form. */
export interface Departure {
  /** Byte offset of the first differing byte (or of the end of the shorter one). */
  offset: number;
  /** 1-based line of that byte in the input. */
  line: number;
  /** 1-based column (in bytes) of that byte in the input. */
  column: number;
}

// --- signing ---

/** What to sign with, beyond the key. */
export interface SignOptions {
  /** Creation time (Unix seconds), checked by the verifier against its tolerance. */
  created?: number;
  /** Expiry time (Unix seconds). */
  expires?: number;
  /** A single-use value for replay protection. */
  nonce?: string;
  /** The output form; `"jcs"` (RFC 8785) by default. */
  profile?: Profile;
  /**
   * Accept integers beyond +-(2^53-1) that binary64 cannot hold exactly, in the profiles
   * that hold numbers as binary64; they are then rounded as JavaScript would. Off by
   * default, because such integers would silently change. (Large integers that binary64
   * holds exactly, like 2^53 or 10^16, pass either way: their canonical text is the input's.)
   */
  allowUnsafeIntegers?: boolean;
  /** Deepest nesting accepted; deeper input is a `"too_deep"` error. */
  maxDepth?: number;
  /** Largest input accepted, in bytes; larger input is a `"too_large"` error. */
  maxSize?: number;
}

/** What a successful verification established. */
export interface Verified {
  /** The id of the key that verified. */
  keyId: string;
  /** Its algorithm. */
  algorithm: Algorithm;
  /** SHA-256 (hex) of the bytes that were verified. */
  signedSha256: string;
}

/** One sign or verify, as data. */
export interface SigningTrace {
  /** Sign or verify. */
  operation: "sign" | "verify";
  /** The caller's request id, if any. */
  request_id?: string;
  /** The algorithm. */
  algorithm?: Algorithm;
  /** The key id. */
  key_id: string;
  /** The canonical profile of the signed bytes. */
  profile: Profile;
  /** SHA-256 (hex) of the signing string. */
  signing_sha256: string;
  /** Length of the signing string in bytes. */
  signing_len: number;
  /** The signing string itself, base64, only when the caller opted in. */
  signing_string_b64?: string;
  /** When the trace was written (Unix seconds). */
  timestamp: number;
  /** `ok`, or the error code of a failed verification. */
  outcome: string;
}

// --- diff and explain ---

/**
 * Why two byte strings differ. The snake_case name (`Cause::as_str`) is the same in
 * every frontend and in the shared fixtures.
 */
export type Cause =
  | "bom" | "encoding" | "trailing_newline" | "line_endings" | "whitespace" | "key_order" | "unicode_escaping"
  | "slash_escaping" | "html_escaping" | "escape_spelling" | "number_format" | "unicode_normalization"
  | "invisible_character" | "profile" | "duplicate_key" | "value_changed" | "key_missing" | "key_added"
  | "element_missing" | "element_added" | "timestamp" | "percent_encoding" | "header_case"
  | "header_whitespace" | "line_missing" | "line_added" | "parameter_changed";

/**
 * A position in the expected side: byte offset, 1-based line, 1-based column
 * (in characters of the line, invalid UTF-8 counting as one character per maximal bad sequence).
 */
export interface Position {
  /** Byte offset (the length of the common prefix). */
  offset: number;
  /** 1-based line number. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
}

/** A byte range `[start, end)`. */
export type ByteRange = { start: number; end: number };

/**
 * One change: bytes of the expected side replaced by bytes of the actual side. An empty
 * `expected` range is an insertion, an empty `actual` range a deletion.
 */
export interface Change {
  /** The byte range in the expected side. */
  expected: ByteRange;
  /** The byte range in the actual side. */
  actual: ByteRange;
  /** `"insert"` (empty expected range), `"delete"` (empty actual range) or `"replace"`. */
  kind: "insert" | "delete" | "replace";
}

/** A few characters of one side around the first difference, made visible. */
export interface Snippet {
  /** Byte range of the side that is shown. */
  start: number;
  /** End of that range. */
  end: number;
  /** The bytes, made visible (`visible`). */
  text: string;
  /** Index (in characters of `text`) where the first difference is. */
  caret: number;
}

/** Both sides around the first difference. */
export interface DiffContext {
  /** The expected side. */
  expected: Snippet;
  /** The actual side. */
  actual: Snippet;
}

/**
 * The byte-exact difference between an expected and an actual byte string.
 *
 */
export interface Diff {
  /** Length of the expected side in bytes. */
  expectedLen: number;
  /** Length of the actual side in bytes. */
  actualLen: number;
  /** Where the sides first differ (in the expected side), or `null` when equal. */
  firstDifference: Position | null;
  /** The changes, in order; the bytes between them are equal on both sides. */
  changes: Change[];
  /**
   * True when there were more than 2000 changes and the tail was merged
   * into one last change.
   */
  truncated: boolean;
  /** Both sides around the first difference, made visible; `null` when equal. */
  context: DiffContext | null;
  /** True when both sides are the same bytes. */
  isEqual: boolean;
}

/** One place where a cause shows. */
export interface Occurrence {
  /** Where: a JSON path (`$.a[2]`), `line 3`, or `null` for the whole text. */
  path: string | null;
  /** The byte span in the expected side, if the cause shows there. */
  expected: ByteRange | null;
  /** The byte span in the actual side, if the cause shows there. */
  actual: ByteRange | null;
  /** What exactly differs here (`` `\u00e9` vs `é` ``). */
  detail: string;
}

/** A named cause with where it shows (at most 20 places are kept). */
export interface Finding {
  /** The cause. */
  cause: Cause;
  /** One sentence for people. */
  summary: string;
  /** Where it shows (the first 20). */
  occurrences: Occurrence[];
  /** How many places it shows in all. */
  total: number;
  /** What to do about it, in one sentence. */
  advice: string;
  /** True when the data is the same and only its spelling differs. */
  isSerialization: boolean;
}

/** A diff with its named causes. */
export interface Explanation {
  /** The byte-exact diff. */
  diff: Diff;
  /** The causes found, in a stable order (byte-level first, then serialization, then data). */
  findings: Finding[];
  /** True when both sides are JSON (then findings carry JSON paths). */
  json: boolean;
  /** How the expected side is serialized, when it is JSON in a recognised style. */
  expectedStyle: string | null;
  /** How the actual side is serialized, when it is JSON in a recognised style. */
  actualStyle: string | null;
  /** True when both sides are the same bytes. */
  isEqual: boolean;
  /** True when only the spelling differs (no value, member, element, line or timestamp). */
  sameData: boolean;
  /** The causes of `findings`, in order. */
  causes: Cause[];
  /** The plain-text rendering (the same as the CLI's and Python's `str()`); also `String(explanation)`. */
  text: string;
}

/** One way of serializing JSON. */
export interface JsonStyle {
  /** Member order. */
  order: "original" | "sorted" | "utf16";
  /** Whitespace. */
  separators: "compact" | "python" | "indent2" | "indent4";
  /** String escaping. */
  escaping: "raw" | "ascii" | "php" | "php_unicode" | "go";
  /** Number spelling. */
  numbers: "es" | "python" | "python_float" | "go" | "as_written";
  /** A `\n` after the document. */
  trailingNewline: boolean;
  /** What the style is, in words (`"Python json.dumps(...)"`, `"... (profile jcs)"`). */
  description: string;
}

/** How the signer turned bytes into a signature. */
export type Construction = "standard" | "sha256_body_secret" | "sha256_secret_body";

/** The serialization and construction that reproduce a signature. */
export interface ForensicMatch {
  /** One sentence: what the signer did. */
  description: string;
  /** The JSON style the signer serialized with, when the payload is JSON and it was re-serialized. */
  style: JsonStyle | null;
  /**
   * How the payload bytes were varied when not re-serialized (`as given`, `with a trailing newline`, ...).
   */
  variant: string | null;
  /** How the signature was computed. */
  construction: Construction;
  /** How the HMAC secret was used: `as given`, `base64-decoded`, `hex-decoded`. */
  secretUsed: string | null;
  /** The text encoding of the received signature (`hex`, `base64`, `base64url`). */
  signatureEncoding: string;
  /** The exact bytes the signer signed. */
  signed: string;
  /** Why the payload as given differs from what the signer signed. */
  explanation: Explanation;
  /**
   * The exact bytes the signer signed (added by the JS layer, not enumerable, so `JSON.stringify` shows `signed`).
   */
  signedBytes: Uint8Array;
}

/** The result of a forensic search. */
export interface Forensics {
  /** The candidate that reproduces the signature, if any. */
  matched: ForensicMatch | null;
  /** How many (bytes, construction, secret) candidates were checked. */
  candidatesTried: number;
  /** True when the payload was read as JSON (and re-serialized in every style). */
  payloadIsJson: boolean;
}

// --- aws (members of the `aws` namespace) ---

/** AWS Signature Version 4: its results. */
export declare namespace aws {
  /**
   * The canonical request and string to sign of a signed request, as its signer computed
   * them (given the signer used `settings`).
   */
  interface SignedParts {
    /** The access key id of the `Credential`. */
    accessKeyId: string;
    /** `yyyymmdd/region/service/aws4_request`. */
    credentialScope: string;
    /** `X-Amz-Date`. */
    amzDate: string;
    /** The signed header names, `;`-joined. */
    signedHeaders: string;
    /** The canonical request. */
    canonicalRequest: string;
    /** The string to sign. */
    stringToSign: string;
  }

  /** What a successful verification established, with the intermediate strings. */
  interface Verified {
    /** The access key id that signed. */
    accessKeyId: string;
    /** The region of the credential scope (SigV4a: the `X-Amz-Region-Set` value). */
    region: string;
    /** The service of the credential scope. */
    service: string;
    /** The `X-Amz-Date` value. */
    amzDate: string;
    /** `X-Amz-Date` as Unix seconds. */
    time: number;
    /** The signed header names. */
    signedHeaders: string[];
    /** `X-Amz-Expires` of a presigned URL (`null` for header signing). */
    expires: number | null;
    /** The canonical request this side computed. */
    canonicalRequest: string;
    /** The string to sign this side computed. */
    stringToSign: string;
  }

  /** AWS's view against the signer's, with the conclusion. */
  interface AwsExplanation {
    /** The error code of the document (`SignatureDoesNotMatch`). */
    code: string | null;
    /** What the request's signer signed, recomputed here. */
    local: SignedParts;
    /** AWS's canonical request, from the document (its bytes form when present). */
    awsCanonicalRequest: string | null;
    /** AWS's string to sign, from the document (its bytes form when present). */
    awsStringToSign: string | null;
    /** AWS's canonical request (expected) against the signer's (actual), when AWS sent it. */
    canonicalRequest: Explanation | null;
    /** AWS's string to sign (expected) against the signer's (actual), when AWS sent it. */
    stringToSign: Explanation | null;
    /** What it means, most important first. */
    conclusions: string[];
    /** The causes of the first part that differs. */
    causes: Cause[];
    /** The plain-text report; also `String(explanation)`. */
    text: string;
  }
}

// --- webhooks (members of the `webhooks` namespace) ---

/** Webhook signatures: their results. */
export declare namespace webhooks {
  /** A successful webhook verification. */
  interface WebhookVerified {
    /** The provider (`standard-webhooks`, `stripe`, `github`, `slack`, `shopify`, `twilio`). */
    provider: "standard-webhooks" | "stripe" | "github" | "slack" | "shopify" | "twilio";
    /** The exact bytes the MAC covers. */
    signedPayload: Uint8Array;
    /** The signed timestamp (Unix seconds), for schemes that have one. */
    timestamp: number | null;
    /** The signature that matched, as it appeared in the header. */
    matchedSignature: string;
  }
}
