// Hand-written declarations of the `http`, `aws` and `webhooks` namespaces and the Node
// adapters: classes and functions written in JS (js/http.js, js/aws.js, js/webhooks.js,
// js/adapters.js). The members of `aws` and `webhooks` that are Rust types (`aws.SignedParts`,
// `aws.Verified`, `aws.AwsExplanation`, `webhooks.WebhookVerified`) are generated into
// generated.d.ts; the namespace declarations merge. See canonsig.d.ts for how the files are used.

/** Header lines: `[name, value]` pairs (order and repeats kept), a fetch `Headers`, a `Map`, or an object. */
export type HeaderInput =
  | ReadonlyArray<readonly [string, string]>
  | Iterable<readonly [string, string]>
  | Record<string, string | number | readonly string[] | undefined>;

/** Body bytes: bytes, an `ArrayBuffer` or a view, or a string (as UTF-8). Never a parsed object. */
export type RawBody = Uint8Array | ArrayBuffer | ArrayBufferView | string;

/**
 * An HTTP request as it goes over the wire. `target` is the request target as sent: origin
 * form (`/path?query`, the authority then comes from the `Host` header and the scheme from
 * `scheme`, `"https"` when unset) or an absolute URL; `url` is accepted for it.
 */
export interface HttpRequest {
  method: string;
  target?: string;
  url?: string;
  scheme?: string;
  headers?: HeaderInput;
  body?: RawBody | null;
}

/** An HTTP response (a `status` makes a message a response). */
export interface HttpResponse {
  status: number;
  headers?: HeaderInput;
  trailers?: HeaderInput;
  body?: RawBody | null;
}

/** A request as canonsig returns it: header lines as pairs, the body as bytes. */
export interface SignedRequest {
  method: string;
  target: string;
  scheme?: string;
  headers: [string, string][];
  body: Uint8Array;
}

/** A response as canonsig returns it. */
export interface SignedResponse {
  status: number;
  headers: [string, string][];
  trailers: [string, string][];
  body: Uint8Array;
}

/** Something `verifySignature` can verify with. */
export type RequestVerifier =
  | { verifyRequest(request: SignedRequest): unknown }
  | ((request: SignedRequest) => unknown);

/** Options of `verifySignature`. */
export interface VerifySignatureOptions {
  /** The scheme clients used (`"https"` behind a TLS-terminating proxy); default: the socket's. */
  scheme?: string;
  /** Largest body read from the stream, in bytes (default 1 MiB); more answers 413 `too_large`. */
  limit?: number;
  /** Add what this side computed (signature base, canonical request, string to sign) to the 401 body. */
  exposeDetails?: boolean;
  /** Answer a refusal yourself (default: 401 JSON `{ error, message }`). */
  onError?: (error: CanonsigError, req: any, res: any) => void;
}

/**
 * An Express-style middleware `(req, res, next)` that verifies each request on its RAW body
 * (a bare node:http server, `express.raw()`, or `req.rawBody`). On success the result is
 * `req.canonsig`; a refused signature answers 401 JSON `{ error: code, message }`; a body
 * already parsed into an object goes to `next(error)`, explaining why.
 */
export function verifySignature(verifier: RequestVerifier, options?: VerifySignatureOptions): (req: any, res: any, next: (error?: unknown) => void) => void;

/** The request as canonsig reads it from a Node `IncomingMessage` (or Express `req`) and its raw body. */
export function requestFromNode(req: any, body?: RawBody, options?: { scheme?: string }): SignedRequest;

/** A signature parameter value. */
export type ParamValue = number | string | boolean | Uint8Array;

/** RFC 9421 HTTP Message Signatures, RFC 9530 Content-Digest, and canonsig's JSON API profile. */
export declare namespace http {
  /** What `sign` and `FetchAuth` cover by default (plus `content-digest` when there is a body). */
  const DEFAULT_COMPONENTS: readonly string[];

  /** Covered components: names (`"@method"`, `"content-type"`), serialized identifiers (`'"@query-param";name="id"'`), a serialized inner list, or a `SignatureInput`. */
  type Components = readonly string[] | string | SignatureInput;

  /** Covered components and parameters of one signature, in the signer's order. */
  class SignatureInput {
    private constructor();
    /** Parses (strictly, RFC 8941) a serialized inner list with parameters. */
    static parse(text: string): SignatureInput;
    /** The serialized form: `("@method" ...);created=...`. */
    readonly text: string;
    /** The covered component identifiers, serialized. */
    readonly components: readonly string[];
    /** The signature parameters, in order. */
    readonly params: Readonly<Record<string, ParamValue>>;
    readonly created: number | null;
    readonly expires: number | null;
    readonly keyid: string | null;
    readonly alg: string | null;
    readonly nonce: string | null;
    readonly tag: string | null;
    toString(): string;
  }

  /** The parameters a signature base or a signature can add. */
  interface ParamOptions {
    /** The request a response answers (for `;req` components). */
    request?: HttpRequest;
    /** Unix seconds, or `true` for now (`sign`'s default), `false`/`null` to omit. */
    created?: number | boolean | null;
    expires?: number;
    /** A nonce, or `true` for a random one. */
    nonce?: string | boolean;
    /** An algorithm name, or `true` for the key's; it must be the key's. */
    alg?: Algorithm | boolean;
    /** Default: the key's id, when it has one. */
    keyid?: string;
    tag?: string;
  }

  interface SignOptions extends ParamOptions {
    /** Default `"sig1"`. */
    label?: string;
    /** Where "now" comes from (Unix seconds). */
    now?: () => number;
  }

  /** One signature made by `sign`. */
  interface Signed {
    label: string;
    /** The `Signature-Input` member: `sig1=("@method" ...);created=...`. */
    signatureInput: string;
    /** The `Signature` member: `sig1=:<base64>:`. */
    signature: string;
    /** The exact text that was signed. */
    signatureBase: string;
    signatureBytes: Uint8Array;
    /** A copy of the message with the `Signature-Input` and `Signature` lines appended. */
    message: SignedRequest | SignedResponse;
    /** The two lines to add. */
    headers: [string, string][];
  }

  /** What a successful verification established. */
  interface Verified {
    label: string;
    keyId: string;
    algorithm: Algorithm;
    input: SignatureInput;
    /** The exact text that was verified. */
    signatureBase: string;
    components: readonly string[];
    created: number | null;
  }

  /** The RFC 9421 signature base: one line per covered component, then `@signature-params`. */
  function signatureBase(message: HttpRequest | HttpResponse, components: Components, options?: ParamOptions): string;

  /** Signs a request or a response with `key` under a label. */
  function sign(message: HttpRequest | HttpResponse, key: Key, components?: Components, options?: SignOptions): Signed;

  interface VerifierOptions {
    /** Where "now" comes from (Unix seconds); default the system clock. */
    now?: () => number;
    /** How far `created` may be in the future and `expires` in the past (default 60 s). */
    clockSkew?: number;
    /** Refuse signatures whose `created` is older (seconds). */
    maxAge?: number;
    /** Default true. */
    requireCreated?: boolean;
    requireExpires?: boolean;
    /** What every accepted signature must cover. */
    requiredComponents?: readonly string[];
  }

  /** Verifies RFC 9421 signatures against a key ring (matched by `keyid`) and a policy. */
  class Verifier {
    constructor(keys: Key | readonly Key[], options?: VerifierOptions);
    /** Throws `SignatureMismatchError` (with `signatureBase`) or `VerificationError`. */
    verify(message: HttpRequest | HttpResponse, options?: { label?: string; request?: HttpRequest }): Verified;
    verifyRequest(request: HttpRequest): Verified;
    toJSON(): { keyIds: string[]; clockSkew: number };
  }

  /** `Content-Digest` over the body as sent, covered by the signature; a changed body is diagnosed. */
  class JsonApiProfile {
    constructor(options?: { digest?: "sha-256" | "sha-512"; requireCanonicalBody?: boolean });
    readonly digest: "sha-256" | "sha-512";
    readonly requireCanonicalBody: boolean;
    sign(request: HttpRequest, key: Key, components?: Components, options?: Omit<SignOptions, "request">): Signed;
    verify(verifier: Verifier, message: HttpRequest | HttpResponse, options?: { label?: string; request?: HttpRequest }): Verified;
    verifier(verifier: Verifier): (request: HttpRequest) => Verified;
  }

  interface FetchAuthOptions {
    label?: string;
    /** `Content-Digest` for requests with a body (default `"sha-256"`; `null` to skip). */
    digest?: "sha-256" | "sha-512" | null;
    keyid?: string;
    alg?: Algorithm | boolean;
    tag?: string;
    /** Add a random nonce. */
    nonce?: boolean;
    /** Add `expires` this many seconds after `created`. */
    expiresIn?: number;
    now?: () => number;
  }

  /** Signs fetch requests (browsers and Node): `sign` returns a new `Request`, `fetch` signs and sends. */
  class FetchAuth {
    constructor(key: Key, components?: readonly string[], options?: FetchAuthOptions);
    sign(input: RequestInfo | URL, init?: RequestInit): Promise<Request>;
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
    toJSON(): { keyId: string; components: string[] };
  }

  function contentDigest(body: RawBody, algorithms?: readonly ("sha-256" | "sha-512")[]): string;
  /** The algorithms checked; throws `SignatureMismatchError` (`digest_mismatch`). */
  function verifyContentDigest(value: string, body: RawBody): ("sha-256" | "sha-512")[];
  function wantContentDigest(preferences: Record<string, number> | readonly (readonly [string, number])[]): string;
  function parseWantContentDigest(value: string): [string, number][];
  function preferredDigest(want: string): "sha-256" | "sha-512" | null;
  function parseSignatureInput(value: string): [string, SignatureInput][];
  function parseAcceptSignature(value: string): [string, SignatureInput][];
  function acceptSignature(
    components: Components,
    options?: { label?: string; keyid?: string; alg?: string; nonce?: string; tag?: string },
  ): string;
  function parseSignature(value: string): [string, Uint8Array][];
  /** Parses a raw HTTP/1.x request (the `.req` files of the AWS SigV4 test suite). */
  function parseRequest(raw: RawBody): SignedRequest;
}

/** AWS Signature Version 4. */
export declare namespace aws {
  const UNSIGNED_PAYLOAD: "UNSIGNED-PAYLOAD";

  interface SettingsOptions {
    normalizePath?: boolean;
    doubleEncodePath?: boolean;
    /** `"body"` (default), `"unsigned"`, or a precomputed payload line. */
    payload?: string;
    contentSha256Header?: boolean;
    signSessionToken?: boolean;
  }

  /** The service-dependent rules of the canonical request (`Settings.s3()` for S3). */
  class Settings {
    constructor(options?: SettingsOptions);
    static s3(options?: { payload?: string }): Settings;
    readonly normalizePath: boolean;
    readonly doubleEncodePath: boolean;
    readonly payload: string;
    readonly contentSha256Header: boolean;
    readonly signSessionToken: boolean;
  }

  /** Credentials; `toJSON()` and `console.log` show the access key id only. */
  class Credentials {
    constructor(accessKeyId: string, secretAccessKey: string, sessionToken?: string | null);
    readonly accessKeyId: string;
    readonly sessionToken: string | null;
    /** The SigV4a public key derived from these credentials: `04 || X || Y` (65 bytes). */
    sigv4aPublicKey(): Uint8Array;
    toJSON(): { accessKeyId: string; secretAccessKey: "[REDACTED]"; sessionToken: "[REDACTED]" | null };
  }

  /** `"sigv4"` (`AWS4-HMAC-SHA256`, default) or `"sigv4a"` (`AWS4-ECDSA-P256-SHA256`). */
  type Algorithm = "sigv4" | "sigv4a";

  type CredentialsInput = Credentials | { accessKeyId: string; secretAccessKey: string; sessionToken?: string | null };

  /** A signed request and every intermediate string. */
  interface Signed {
    request: SignedRequest;
    /** The request's absolute URL (the presigned URL after `presign`). */
    url: string;
    canonicalRequest: string;
    stringToSign: string;
    signature: string;
    signedHeaders: string;
    credentialScope: string;
    amzDate: string;
    /** The `Authorization` value (header signing only). */
    authorization: string | null;
  }

  /** `algorithm: "sigv4a"`: `region` is the region set (`"us-east-1,us-west-2"`, `"*"`). */
  class Signer {
    constructor(
      credentials: CredentialsInput,
      region: string,
      service: string,
      options?: { settings?: Settings | SettingsOptions; now?: () => number; algorithm?: Algorithm },
    );
    readonly region: string;
    readonly algorithm: Algorithm;
    readonly service: string;
    readonly settings: Settings;
    sign(request: HttpRequest, options?: { time?: number | Date }): Signed;
    presign(request: HttpRequest, expires?: number, options?: { time?: number | Date }): Signed;
  }

  interface VerifierOptions {
    region?: string;
    service?: string;
    settings?: Settings | SettingsOptions;
    /** Seconds (default 900, as AWS). */
    tolerance?: number;
    now?: () => number;
    /** Default true. */
    allowUnsignedPayload?: boolean;
  }

  class Verifier {
    constructor(credentials: CredentialsInput | readonly CredentialsInput[], options?: VerifierOptions);
    readonly settings: Settings;
    /** Throws `SignatureMismatchError` (with `canonicalRequest` and `stringToSign`) or `VerificationError`. */
    verify(request: HttpRequest): Verified;
    verifyRequest(request: HttpRequest): Verified;
  }

  function signedParts(request: HttpRequest, settings?: Settings | SettingsOptions): SignedParts;

  function explainAws(errorXml: string | Uint8Array, request: HttpRequest, settings?: Settings | SettingsOptions): AwsExplanation;

  /** Signs fetch requests with SigV4 (or presigns, with `presign: seconds`). */
  class FetchAuth {
    constructor(
      credentials: CredentialsInput,
      region: string,
      service: string,
      options?: { settings?: Settings | SettingsOptions; now?: () => number; presign?: number; algorithm?: Algorithm },
    );
    sign(input: RequestInfo | URL, init?: RequestInit): Promise<Request>;
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  }
}

/** Webhook signatures, one class per provider; verification takes the RAW body. */
export declare namespace webhooks {
  /** What the error for a parsed body says after naming its type. */
  const PARSED_BODY_HINT: string;

  interface TimedOptions {
    /** Seconds either way (default 300). */
    tolerance?: number;
    now?: () => number;
  }

  abstract class Provider {
    readonly provider: string;
    readonly tolerance: number;
    /** Throws `SignatureMismatchError` (`payload`: the bytes this side MACed) or `VerificationError`. */
    verify(headers: HeaderInput, body: RawBody): WebhookVerified;
    verifyRequest(request: HttpRequest): WebhookVerified;
    toJSON(): { provider: string; secret: "[REDACTED]"; tolerance: number };
  }

  class StandardWebhooks extends Provider {
    constructor(secret: string, options?: TimedOptions);
    static signedPayload(msgId: string, timestamp: number, body: RawBody): Uint8Array;
    sign(msgId: string, timestamp: number, body: RawBody): string;
    headers(msgId: string, body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
  }

  class Stripe extends Provider {
    constructor(secret: string, options?: TimedOptions);
    static signedPayload(timestamp: number, body: RawBody): Uint8Array;
    sign(timestamp: number, body: RawBody): string;
    headers(body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
    verifyHeader(signatureHeader: string, body: RawBody): WebhookVerified;
  }

  class GitHub extends Provider {
    constructor(secret: string, options?: { allowSha1?: boolean });
    sign(body: RawBody): string;
    signSha1(body: RawBody): string;
    headers(body: RawBody): Record<string, string>;
  }

  class Slack extends Provider {
    constructor(secret: string, options?: TimedOptions);
    static signedPayload(timestamp: number, body: RawBody): Uint8Array;
    sign(timestamp: number, body: RawBody): string;
    headers(body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
  }

  class Shopify extends Provider {
    constructor(secret: string);
    sign(body: RawBody): string;
    headers(body: RawBody): Record<string, string>;
  }

  /** POST parameters: pairs, `URLSearchParams`, or an object (array values repeat). */
  type TwilioParams = Iterable<readonly [string, string]> | Record<string, string | readonly string[]>;

  /** Twilio (its `verify` takes the URL and parameters, not headers). */
  class Twilio {
    constructor(authToken: string);
    readonly provider: "twilio";
    verifyRequest(request: HttpRequest): WebhookVerified;
    toJSON(): { provider: string; secret: "[REDACTED]"; tolerance: number };
    static signedPayload(url: string, params?: TwilioParams): string;
    sign(url: string, params?: TwilioParams): string;
    verify(url: string, params: TwilioParams, signature: string): WebhookVerified;
    verifyFormBody(url: string, body: RawBody, signature: string): WebhookVerified;
    verifyJsonBody(url: string, body: RawBody, signature: string): WebhookVerified;
  }
}
