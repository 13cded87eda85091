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
  /** The method, as sent (`"GET"`, `"POST"`). */
  method: string;
  /** The request target as sent: `/path?query`, or an absolute URL. */
  target?: string;
  /** Accepted for `target`. */
  url?: string;
  /** `"https"` (default) or `"http"`: the scheme of an origin-form target. */
  scheme?: string;
  /** The header lines as sent. */
  headers?: HeaderInput;
  /** The raw body (none: empty). */
  body?: RawBody | null;
}

/** An HTTP response (a `status` makes a message a response). */
export interface HttpResponse {
  /** The status code. */
  status: number;
  /** The header lines as sent. */
  headers?: HeaderInput;
  /** The trailer lines, if any. */
  trailers?: HeaderInput;
  /** The raw body (none: empty). */
  body?: RawBody | null;
}

/** A request as canonsig returns it: header lines as pairs, the body as bytes. */
export interface SignedRequest {
  /** The method. */
  method: string;
  /** The request target, as sent. */
  target: string;
  /** The scheme, when the request had one. */
  scheme?: string;
  /** Every header line, in order, as `[name, value]`. */
  headers: [string, string][];
  /** The body bytes. */
  body: Uint8Array;
}

/** A response as canonsig returns it. */
export interface SignedResponse {
  /** The status code. */
  status: number;
  /** Every header line, in order, as `[name, value]`. */
  headers: [string, string][];
  /** Every trailer line, in order. */
  trailers: [string, string][];
  /** The body bytes. */
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
  /**
   * The components `sign` covers when given none, for this message: a request's `@method`,
   * `@authority`, `@path` and `@query`, a response's `@status`; then `content-type` and
   * `content-digest` when the message has them (`sign` adds a `Content-Digest` over a
   * non-empty body first). `options.request`: the request a response answers.
   */
  function defaultComponents(message: HttpRequest | HttpResponse, options?: { request?: HttpRequest }): string[];

  /** Covered components: names (`"@method"`, `"content-type"`), serialized identifiers (`'"@query-param";name="id"'`), a serialized inner list, or a `SignatureInput`. */
  type Components = readonly string[] | string | SignatureInput;

  /** Covered components and parameters of one signature, in the signer's order. */
  class SignatureInput {
    /** Made by `parse` and the parsers of this namespace. */
    private constructor();
    /** Parses (strictly, RFC 8941) a serialized inner list with parameters. */
    static parse(text: string): SignatureInput;
    /** The serialized form: `("@method" ...);created=...`. */
    readonly text: string;
    /** The covered component identifiers, serialized. */
    readonly components: readonly string[];
    /** The signature parameters, in order. */
    readonly params: Readonly<Record<string, ParamValue>>;
    /** The `created` parameter (Unix seconds), or `null`. */
    readonly created: number | null;
    /** The `expires` parameter (Unix seconds), or `null`. */
    readonly expires: number | null;
    /** The `keyid` parameter, or `null`. */
    readonly keyid: string | null;
    /** The `alg` parameter, or `null`. */
    readonly alg: string | null;
    /** The `nonce` parameter, or `null`. */
    readonly nonce: string | null;
    /** The `tag` parameter, or `null`. */
    readonly tag: string | null;
    /** `text`. */
    toString(): string;
  }

  /** The parameters a signature base or a signature can add. */
  interface ParamOptions {
    /** The request a response answers (for `;req` components). */
    request?: HttpRequest;
    /** Unix seconds, or `true` for now (`sign`'s default), `false`/`null` to omit. */
    created?: number | boolean | null;
    /** The `expires` parameter (Unix seconds). */
    expires?: number;
    /** A nonce, or `true` for a random one. */
    nonce?: string | boolean;
    /** An algorithm name, or `true` for the key's; it must be the key's. */
    alg?: Algorithm | boolean;
    /** Default: the key's id, when it has one. */
    keyid?: string;
    /** The `tag` parameter (an application-specific label). */
    tag?: string;
  }

  /** Options of `sign`. */
  interface SignOptions extends ParamOptions {
    /** Default `"sig1"`. */
    label?: string;
    /** The `Content-Digest` added over a non-empty body (default `"sha-256"`; `null` for none). */
    contentDigest?: "sha-256" | "sha-512" | null;
    /** Add `expires` this many seconds after `created`. */
    expiresIn?: number;
    /** Where "now" comes from (Unix seconds). */
    now?: () => number;
  }

  /** One signature made by `sign`. */
  interface Signed {
    /** The label (`"sig1"`). */
    label: string;
    /** The `Signature-Input` member: `sig1=("@method" ...);created=...`. */
    signatureInput: string;
    /** The `Signature` member: `sig1=:<base64>:`. */
    signature: string;
    /** The exact text that was signed. */
    signatureBase: string;
    /** The raw signature. */
    signatureBytes: Uint8Array;
    /** A copy of the message with the lines of `headers` in it. */
    message: SignedRequest | SignedResponse;
    /** The lines signing adds: a `Content-Digest` (replacing any), then `Signature-Input` and `Signature`. */
    headers: [string, string][];
  }

  /** What a successful verification established. */
  interface Verified {
    /** The label of the signature that verified. */
    label: string;
    /** The id of the key that verified it. */
    keyId: string;
    /** The key's algorithm. */
    algorithm: Algorithm;
    /** Its covered components and parameters, as the signer wrote them. */
    input: SignatureInput;
    /** The exact text that was verified. */
    signatureBase: string;
    /** `input.components`. */
    components: readonly string[];
    /** `input.created`. */
    created: number | null;
  }

  /** The RFC 9421 signature base: one line per covered component, then `@signature-params`. */
  function signatureBase(message: HttpRequest | HttpResponse, components: Components, options?: ParamOptions): string;

  /** Signs a request or a response with `key` under a label. */
  function sign(message: HttpRequest | HttpResponse, key: Key, components?: Components, options?: SignOptions): Signed;

  /** The policy of an `http.Verifier`. */
  interface VerifierOptions {
    /** Where "now" comes from (Unix seconds); default the system clock. */
    now?: () => number;
    /** How far `created` may be in the future and `expires` in the past (default 60 s). */
    clockSkew?: number;
    /** Refuse signatures whose `created` is older (seconds). */
    maxAge?: number;
    /** Refuse signatures without `created` (default true). */
    requireCreated?: boolean;
    /** Refuse signatures without `expires` (default false). */
    requireExpires?: boolean;
    /** What every accepted signature must cover. */
    requiredComponents?: readonly string[];
    /**
     * Check a covered `content-digest` against the body (default true): the signature covers
     * the field, not the body. `false` when the body was checked elsewhere or is streamed.
     */
    checkContentDigest?: boolean;
  }

  /** Verifies RFC 9421 signatures against a key ring (matched by `keyid`) and a policy. */
  class Verifier {
    /** A verifier for `keys` (one key or several) with the policy of `options`. */
    constructor(keys: Key | readonly Key[], options?: VerifierOptions);
    /** Throws `SignatureMismatchError` (with `signatureBase`) or `VerificationError`. */
    verify(message: HttpRequest | HttpResponse, options?: { label?: string; request?: HttpRequest }): Verified;
    /** `verify(request)`: the entry point of `verifySignature`. */
    verifyRequest(request: HttpRequest): Verified;
    /** The key ids and the policy options that were given (never key material). */
    toJSON(): {
      keyIds: string[];
      clockSkew?: number;
      maxAge?: number;
      requireCreated?: boolean;
      requireExpires?: boolean;
      required?: readonly string[];
    };
  }

  /** `Content-Digest` over the body as sent, covered by the signature; a changed body is diagnosed. */
  class JsonApiProfile {
    /** `digest`: `"sha-256"` (default) or `"sha-512"`; `requireCanonicalBody` (default false). */
    constructor(options?: { digest?: "sha-256" | "sha-512"; requireCanonicalBody?: boolean });
    /** The `Content-Digest` algorithm. */
    readonly digest: "sha-256" | "sha-512";
    /** Whether the verified body must also be canonical JSON. */
    readonly requireCanonicalBody: boolean;
    /** Sets `Content-Digest` for the body, covers `content-digest`, signs; `message` is the request to send. */
    sign(request: HttpRequest, key: Key, components?: Components, options?: Omit<SignOptions, "request" | "contentDigest">): Signed;
    /** Verifies the signature (which must cover `content-digest`), then the body against `Content-Digest`. */
    verify(verifier: Verifier, message: HttpRequest | HttpResponse, options?: { label?: string; request?: HttpRequest }): Verified;
    /** A function for `verifySignature`: `(request) => profile.verify(verifier, request)`. */
    verifier(verifier: Verifier): (request: HttpRequest) => Verified;
  }

  /** Options of `http.FetchAuth`. */
  interface FetchAuthOptions {
    /** Default `"sig1"`. */
    label?: string;
    /** `Content-Digest` for requests with a body (default `"sha-256"`; `null` to skip). */
    digest?: "sha-256" | "sha-512" | null;
    /** Default: the key's id, when it has one. */
    keyid?: string;
    /** An algorithm name, or `true` for the key's. */
    alg?: Algorithm | boolean;
    /** The `tag` parameter. */
    tag?: string;
    /** Add a random nonce. */
    nonce?: boolean;
    /** Add `expires` this many seconds after `created`. */
    expiresIn?: number;
    /** Where "now" comes from (Unix seconds). */
    now?: () => number;
  }

  /** Signs fetch requests (browsers and Node): `sign` returns a new `Request`, `fetch` signs and sends. */
  class FetchAuth {
    /** Signs with `key` (one that can sign), covering `components` (default: `defaultComponents`). */
    constructor(key: Key, components?: readonly string[], options?: FetchAuthOptions);
    /** A new `Request` with the signature headers (the input's body is read once). */
    sign(input: RequestInfo | URL, init?: RequestInit): Promise<Request>;
    /** Signs, then sends with the global `fetch`. */
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
    /** The key id and the components (never key material). */
    toJSON(): { keyId: string; components: readonly string[] | null };
  }

  /** The `Content-Digest` value for `body`: `sha-256=:<base64>:` (several algorithms, several members). */
  function contentDigest(body: RawBody, algorithms?: readonly ("sha-256" | "sha-512")[]): string;
  /** The algorithms checked; throws `SignatureMismatchError` (`digest_mismatch`). */
  function verifyContentDigest(value: string, body: RawBody): ("sha-256" | "sha-512")[];
  /** A `Want-Content-Digest` value from `{ "sha-512": 3, "sha-256": 10 }` (0 to 10) or pairs. */
  function wantContentDigest(preferences: Record<string, number> | readonly (readonly [string, number])[]): string;
  /** `Want-Content-Digest` as `[algorithm, preference]` pairs, in order. */
  function parseWantContentDigest(value: string): [string, number][];
  /** The supported algorithm to answer a `Want-Content-Digest` with, or `null`. */
  function preferredDigest(want: string): "sha-256" | "sha-512" | null;
  /** A `Signature-Input` value as `[label, SignatureInput]` pairs, in order. */
  function parseSignatureInput(value: string): [string, SignatureInput][];
  /** An `Accept-Signature` value (the signatures a peer asks for) as `[label, SignatureInput]` pairs. */
  function parseAcceptSignature(value: string): [string, SignatureInput][];
  /** An `Accept-Signature` member asking the peer to sign `components`: `sig1=("@method" ...);keyid="k"`. */
  function acceptSignature(
    components: Components,
    options?: { label?: string; keyid?: string; alg?: string; nonce?: string; tag?: string },
  ): string;
  /** A `Signature` value as `[label, signature bytes]` pairs. */
  function parseSignature(value: string): [string, Uint8Array][];
  /** Parses a raw HTTP/1.x request (the `.req` files of the AWS SigV4 test suite). */
  function parseRequest(raw: RawBody): SignedRequest;
  /** Parses a raw HTTP/1.x response (status line, header lines, a blank line, the body bytes). */
  function parseResponse(raw: RawBody): SignedResponse;
}

/** AWS Signature Version 4. */
export declare namespace aws {
  /** The payload line of requests whose body is not signed (S3, presigned URLs). */
  const UNSIGNED_PAYLOAD: "UNSIGNED-PAYLOAD";

  /** Options of `aws.Settings`: the rules of the canonical request. */
  interface SettingsOptions {
    /** Normalize the path (`.`/`..` segments, repeated slashes); every service but S3. */
    normalizePath?: boolean;
    /** Percent-encode the path a second time; every service but S3. */
    doubleEncodePath?: boolean;
    /** `"body"` (default), `"unsigned"`, or a precomputed payload line. */
    payload?: string;
    /** Send and sign `x-amz-content-sha256` (S3). */
    contentSha256Header?: boolean;
    /** Sign `X-Amz-Security-Token` (true for most services). */
    signSessionToken?: boolean;
  }

  /** The service-dependent rules of the canonical request (`Settings.s3()` for S3). */
  class Settings {
    /** The defaults are every AWS service's but S3's; `options` override them. */
    constructor(options?: SettingsOptions);
    /** S3's rules (no path normalization, single encoding, `x-amz-content-sha256` signed). */
    static s3(options?: { payload?: string }): Settings;
    /** See `SettingsOptions.normalizePath`. */
    readonly normalizePath: boolean;
    /** See `SettingsOptions.doubleEncodePath`. */
    readonly doubleEncodePath: boolean;
    /** See `SettingsOptions.payload`. */
    readonly payload: string;
    /** See `SettingsOptions.contentSha256Header`. */
    readonly contentSha256Header: boolean;
    /** See `SettingsOptions.signSessionToken`. */
    readonly signSessionToken: boolean;
  }

  /** Credentials; `toJSON()` and `console.log` show the access key id only. */
  class Credentials {
    /** An access key id with its secret access key, and the session token of temporary (STS) credentials. */
    constructor(accessKeyId: string, secretAccessKey: string, sessionToken?: string | null);
    /** The access key id. */
    readonly accessKeyId: string;
    /** The session token, or `null`. */
    readonly sessionToken: string | null;
    /** The SigV4a public key derived from these credentials: `04 || X || Y` (65 bytes). */
    sigv4aPublicKey(): Uint8Array;
    /** The access key id; the secrets redacted. */
    toJSON(): { accessKeyId: string; secretAccessKey: "[REDACTED]"; sessionToken: "[REDACTED]" | null };
  }

  /** `"sigv4"` (`AWS4-HMAC-SHA256`, default) or `"sigv4a"` (`AWS4-ECDSA-P256-SHA256`). */
  type Algorithm = "sigv4" | "sigv4a";

  /** `Credentials`, or their fields. */
  type CredentialsInput = Credentials | { accessKeyId: string; secretAccessKey: string; sessionToken?: string | null };

  /** A signed request and every intermediate string. */
  interface Signed {
    /** The request with the signing headers (or the presigned query) added. */
    request: SignedRequest;
    /** The request's absolute URL (the presigned URL after `presign`). */
    url: string;
    /** The header lines signing set, in order (none for a presigned URL). */
    headers: [string, string][];
    /** The canonical request (six lines, no trailing newline). */
    canonicalRequest: string;
    /** The string to sign (four lines). */
    stringToSign: string;
    /** The signature, lower-case hex (SigV4a: of the DER-encoded ECDSA signature). */
    signature: string;
    /** The signed header names, `;`-joined. */
    signedHeaders: string;
    /** `yyyymmdd/region/service/aws4_request` (SigV4a: `yyyymmdd/service/aws4_request`). */
    credentialScope: string;
    /** The `X-Amz-Date` value. */
    amzDate: string;
    /** The `Authorization` value (header signing only). */
    authorization: string | null;
  }

  /** `algorithm: "sigv4a"`: `region` is the region set (`"us-east-1,us-west-2"`, `"*"`). */
  class Signer {
    /** Signs for one set of credentials, region and service; `now` (Unix seconds) when no `time` is given. */
    constructor(
      credentials: CredentialsInput,
      region: string,
      service: string,
      options?: { settings?: Settings | SettingsOptions; now?: () => number; algorithm?: Algorithm },
    );
    /** The region (SigV4a: the region set). */
    readonly region: string;
    /** `"sigv4"` or `"sigv4a"`. */
    readonly algorithm: Algorithm;
    /** The service (`"s3"`, `"execute-api"`, ...). */
    readonly service: string;
    /** The rules of the canonical request. */
    readonly settings: Settings;
    /** Signs with an `Authorization` header at `options.time` (Unix seconds or a `Date`; default now). */
    sign(request: HttpRequest, options?: { time?: number | Date }): Signed;
    /** A presigned URL valid `expires` seconds (1 to 604800, default 3600); `url` is the URL to send. */
    presign(request: HttpRequest, expires?: number, options?: { time?: number | Date }): Signed;
    /**
     * This signer as `aws.FetchAuth` uses it: the headers an HTTP client manages itself
     * (`Accept-Encoding`) are left unsigned, as hop-by-hop and tracing headers always are.
     */
    forHttpClient(): Signer;
  }

  /** The policy of an `aws.Verifier`. */
  interface VerifierOptions {
    /** Refuse other regions. */
    region?: string;
    /** Refuse other services. */
    service?: string;
    /** The rules the signers used. */
    settings?: Settings | SettingsOptions;
    /** Seconds (default 900, as AWS). */
    tolerance?: number;
    /** Where "now" comes from (Unix seconds). */
    now?: () => number;
    /** Default true. */
    allowUnsignedPayload?: boolean;
  }

  /** Verifies SigV4 requests (`Authorization` header or presigned URL) against credentials, by access key id. */
  class Verifier {
    /** A verifier for one set of credentials or several, with the policy of `options`. */
    constructor(credentials: CredentialsInput | readonly CredentialsInput[], options?: VerifierOptions);
    /** The rules of the canonical request. */
    readonly settings: Settings;
    /** Throws `SignatureMismatchError` (with `canonicalRequest` and `stringToSign`) or `VerificationError`. */
    verify(request: HttpRequest): Verified;
    /** `verify(request)`: the entry point of `verifySignature`. */
    verifyRequest(request: HttpRequest): Verified;
  }

  /** Recomputes the canonical request and string to sign of a signed request; no secret needed. */
  function signedParts(request: HttpRequest, settings?: Settings | SettingsOptions): SignedParts;

  /** Compares S3's `SignatureDoesNotMatch` error document with what the signed `request` signed. */
  function explainAws(errorXml: string | Uint8Array, request: HttpRequest, settings?: Settings | SettingsOptions): AwsExplanation;

  /** Signs fetch requests with SigV4 (or presigns, with `presign: seconds`). */
  class FetchAuth {
    /** Options as for `Signer`, and `presign` (seconds) to send presigned URLs instead. */
    constructor(
      credentials: CredentialsInput,
      region: string,
      service: string,
      options?: { settings?: Settings | SettingsOptions; now?: () => number; presign?: number; algorithm?: Algorithm },
    );
    /** A new `Request`, signed (the input's body is read once). */
    sign(input: RequestInfo | URL, init?: RequestInit): Promise<Request>;
    /** Signs, then sends with the global `fetch`. */
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  }
}

/** Webhook signatures, one class per provider; verification takes the RAW body. */
export declare namespace webhooks {
  // Only the exported names are the namespace's: `Provider` is the base of the classes,
  // not a value of the JS namespace.
  export {};

  /** What the error for a parsed body says after naming its type. */
  export const PARSED_BODY_HINT: string;

  /** Options of the providers that sign a timestamp. */
  export interface TimedOptions {
    /** Seconds either way (default 300). */
    tolerance?: number;
    /** Where "now" comes from (Unix seconds). */
    now?: () => number;
  }

  /** What every provider class has. */
  abstract class Provider {
    /** The provider's name (`"stripe"`, ...). */
    readonly provider: string;
    /** Throws `SignatureMismatchError` (`payload`: the bytes this side MACed) or `VerificationError`. */
    verify(headers: HeaderInput, body: RawBody): WebhookVerified;
    /** Verifies a whole received request (its header lines and raw body): what `verifySignature` calls. */
    verifyRequest(request: HttpRequest): WebhookVerified;
    /** The provider and the options given; the secret redacted. */
    toJSON(): { provider: string; secret: "[REDACTED]"; tolerance?: number; allowSha1?: boolean };
  }

  /** Standard Webhooks (Svix, Clerk, Resend, ...): `whsec_` secrets (v1), `whsk_`/`whpk_` keys (v1a). */
  export class StandardWebhooks extends Provider {
    /** The secret exactly as the provider shows it. */
    constructor(secret: string, options?: TimedOptions);
    /** `{msgId}.{timestamp}.{body}`: the bytes the MAC covers. */
    static signedPayload(msgId: string, timestamp: number, body: RawBody): Uint8Array;
    /** The `webhook-signature` value: `v1,<base64>` (whsec_ secret) or `v1a,<base64>` (whsk_ key). */
    sign(msgId: string, timestamp: number, body: RawBody): string;
    /** The three headers to send (`timestamp` defaults to now). */
    headers(msgId: string, body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
  }

  /** Stripe: `Stripe-Signature: t=<ts>,v1=<hex>` over `{t}.{body}`. */
  export class Stripe extends Provider {
    /** The whole `whsec_...` string. */
    constructor(secret: string, options?: TimedOptions);
    /** `{timestamp}.{body}`. */
    static signedPayload(timestamp: number, body: RawBody): Uint8Array;
    /** The `Stripe-Signature` value `t=...,v1=...`. */
    sign(timestamp: number, body: RawBody): string;
    /** The header to send (`timestamp` defaults to now). */
    headers(body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
    /** Verifies from the `Stripe-Signature` value and the raw body. */
    verifyHeader(signatureHeader: string, body: RawBody): WebhookVerified;
  }

  /** GitHub: `X-Hub-Signature-256: sha256=<hex>`; no timestamp is signed. */
  export class GitHub extends Provider {
    /** The webhook secret; `allowSha1` accepts the legacy `X-Hub-Signature`. */
    constructor(secret: string, options?: { allowSha1?: boolean });
    /** The `X-Hub-Signature-256` value `sha256=<hex>`. */
    sign(body: RawBody): string;
    /** The legacy `X-Hub-Signature` value `sha1=<hex>`. */
    signSha1(body: RawBody): string;
    /** The header to send. */
    headers(body: RawBody): Record<string, string>;
  }

  /** Slack: `X-Slack-Signature: v0=<hex>` over `v0:{timestamp}:{body}`. */
  export class Slack extends Provider {
    /** The signing secret, as text. */
    constructor(secret: string, options?: TimedOptions);
    /** `v0:{timestamp}:{body}`. */
    static signedPayload(timestamp: number, body: RawBody): Uint8Array;
    /** The `X-Slack-Signature` value `v0=<hex>`. */
    sign(timestamp: number, body: RawBody): string;
    /** The two headers to send (`timestamp` defaults to now). */
    headers(body: RawBody, options?: { timestamp?: number | Date }): Record<string, string>;
  }

  /** Shopify: `X-Shopify-Hmac-Sha256: <base64>`; no timestamp is signed. */
  export class Shopify extends Provider {
    /** The app's client secret. */
    constructor(secret: string);
    /** The `X-Shopify-Hmac-Sha256` value. */
    sign(body: RawBody): string;
    /** The header to send. */
    headers(body: RawBody): Record<string, string>;
  }

  /** POST parameters: pairs, `URLSearchParams`, or an object (array values repeat). */
  export type TwilioParams = Iterable<readonly [string, string]> | Record<string, string | readonly string[]>;

  /** Twilio (its `verify` takes the URL and parameters, not headers). */
  export class Twilio {
    /** The account's auth token. */
    constructor(authToken: string);
    /** `"twilio"`. */
    readonly provider: "twilio";
    /** Verifies an incoming request as Twilio signs it (its absolute URL, `X-Twilio-Signature`, the body). */
    verifyRequest(request: HttpRequest): WebhookVerified;
    /** The provider; the secret redacted. */
    toJSON(): { provider: string; secret: "[REDACTED]" };
    /** The URL followed by each sorted parameter name and value. */
    static signedPayload(url: string, params?: TwilioParams): string;
    /** The `X-Twilio-Signature` value for the URL and POST parameters. */
    sign(url: string, params?: TwilioParams): string;
    /** Verifies a form POST from the full URL Twilio called and its decoded parameters. */
    verify(url: string, params: TwilioParams, signature: string): WebhookVerified;
    /** Verifies a form POST from its raw `application/x-www-form-urlencoded` body. */
    verifyFormBody(url: string, body: RawBody, signature: string): WebhookVerified;
    /** Verifies a non-form (JSON) body: the URL's `bodySHA256` must be the body's SHA-256. */
    verifyJsonBody(url: string, body: RawBody, signature: string): WebhookVerified;
  }
}
