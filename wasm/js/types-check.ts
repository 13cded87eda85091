// Type-checked (never run) by types.test.mjs with `tsc --noEmit --strict`: the declarations
// shipped in pkg-node and pkg-web describe the API as documented, and reject misuse.
import {
  canonicalize,
  canonicalizeToString,
  checkCanonical,
  signJson,
  signJsonTraced,
  verifyJson,
  ALGORITHMS,
  PROFILES,
  Key,
  MemoryNonceStore,
  Signature,
  Verifier,
  CanonsigError,
  CanonicalizationError,
  InvalidKeyError,
  SignatureMismatchError,
  VerificationError,
  type Algorithm,
  type CanonicalizeOptions,
  type CanonicalizationErrorCode,
  type Departure,
  type Encoding,
  type ErrorCode,
  type JsonWebKey,
  type KeyErrorCode,
  type KeySummary,
  type NonceStore,
  type Profile,
  type SignOptions,
  type SigningTrace,
  type Verified,
  type VerificationErrorCode,
  type VerifierOptions,
} from "canonsig";
import {
  diff,
  explain,
  explainTraces,
  forensics,
  visible,
  CAUSES,
  type ByteRange,
  type Cause,
  type Change,
  type Construction,
  type Diff,
  type DiffContext,
  type Explanation,
  type Finding,
  type ForensicMatch,
  type Forensics,
  type JsonStyle,
  type Occurrence,
  type Position,
  type Snippet,
} from "canonsig";
import init, { canonicalize as webCanonicalize, explain as webExplain } from "../pkg-web/canonsig_wasm.js";

const options: CanonicalizeOptions = { profile: "python-sorted", allowUnsafeIntegers: true, maxDepth: 8, maxSize: 1 << 20 };
const bytes: Uint8Array = canonicalize(new TextEncoder().encode("[1]"), options);
const text: string = canonicalizeToString('{"a":1}');
const departure: Departure | null = checkCanonical(text, { profile: "jcs" });
if (departure !== null) {
  const where: number = departure.offset + departure.line + departure.column;
  void where;
}
const profiles: readonly Profile[] = PROFILES;
const first: Profile | undefined = profiles[0];

try {
  canonicalize(bytes);
} catch (e) {
  if (e instanceof CanonicalizationError) {
    const code: ErrorCode = e.code;
    const offset: number | null = e.offset;
    const path: string | null = e.path;
    const base: CanonsigError = e;
    const message: string = base.message;
    void [code, offset, path, message];
  }
}
const made = new CanonicalizationError("m", "duplicate_key", 3, "$.a");
const base: Error = new CanonsigError("m", "any_code");

async function browser(): Promise<Uint8Array> {
  await init();
  return webCanonicalize("[1]");
}

// @ts-expect-error: unknown profile name
canonicalize("1", { profile: "json" });
// @ts-expect-error: snake_case option name
canonicalize("1", { max_depth: 3 });
// @ts-expect-error: wrong option type
canonicalize("1", { allowUnsafeIntegers: "yes" });
// @ts-expect-error: input must be a string or a Uint8Array
canonicalize(42);
// @ts-expect-error: not an error code
const badCode: ErrorCode = "duplicate";
// @ts-expect-error: PROFILES is read-only
PROFILES.push("jcs");

// --- signing ---
const algorithms: readonly Algorithm[] = ALGORITHMS;
const hmac: Key = Key.hmac(new Uint8Array(32), { algorithm: "hmac-sha256", keyId: "k1" });
const fromText: Key = Key.hmac("AAAA", { encoding: "base64url" });
const ed: Key = Key.generate("ed25519", { keyId: "e" });
const pem: Key = Key.fromPem(ed.exportPrivatePem(), { algorithm: "ed25519" });
const jwk: JsonWebKey = ed.publicJwk();
const fromJwk: Key = Key.fromJwk(jwk, { keyId: "j" });
const fromJwkText: Key = Key.fromJwk(JSON.stringify(ed.exportPrivateJwk()));
const raw: Key = Key.fromPublicBytes("ed25519", new Uint8Array(32), { keyId: "r" });
const summary: KeySummary = ed.toJSON();
const facts: [string, Algorithm, boolean, string, string] = [ed.keyId, ed.algorithm, ed.canSign, ed.publicPem(), ed.thumbprint()];
const secretText: string = hmac.exportSecret("hex");
const rawSig: Uint8Array = ed.sign(new TextEncoder().encode("m"));
ed.publicKey().verify(new TextEncoder().encode("m"), rawSig);

const signOptions: SignOptions = { profile: "jcs", created: 1700000000, expires: 1700000600, nonce: "n", maxDepth: 10 };
const signature: Signature = signJson('{"a":1}', hmac, signOptions);
const fields: [Uint8Array, Algorithm | null, string, number | null, number | null, string | null, Profile] = [
  signature.value,
  signature.algorithm,
  signature.keyId,
  signature.created,
  signature.expires,
  signature.nonce,
  signature.profile,
];
const header: string = signature.toHeader();
const encoded: string = signature.encode("base64");
const parsed: Signature = Signature.parse(encoded, "base64");
const built: Signature = new Signature(signature.value, { keyId: "k1", created: 1700000000 });
const verified: Verified = verifyJson('{"a":1}', header, [hmac], { encoding: "base64url" });
const verifiedKey: [string, Algorithm, string] = [verified.keyId, verified.algorithm, verified.signedSha256];
const traced = signJsonTraced('{"a":1}', ed, { includeSigningString: true, requestId: "r" });
const trace: SigningTrace = traced.trace;
const tracedSignature: Signature = traced.signature;

const myStore: NonceStore = { checkAndStore: (nonce: string, ttl: number, now: number) => nonce.length + ttl + now > 0 };
const policy: VerifierOptions = {
  algorithms: ["hmac-sha256", "ed25519"],
  tolerance: 60,
  clock: () => Date.now() / 1000,
  nonceStore: new MemoryNonceStore(1000),
  requireCreated: true,
  requireNonce: false,
  maxSize: 1 << 20,
};
const verifier = new Verifier([hmac, ed.publicKey()], policy);
const alsoVerifier = new Verifier(hmac, { nonceStore: myStore });
const again: Verified = verifier.verifyJson(new TextEncoder().encode('{"a":1}'), signature);
const withTrace = verifier.verifyJsonTraced('{"a":1}', header, { requestId: "r", includeSigningString: false });
const outcome: string = withTrace.trace.outcome;
const size: number = new MemoryNonceStore().size;

try {
  verifier.verifyJson("{}", header);
} catch (e) {
  if (e instanceof SignatureMismatchError) {
    const bytes: Uint8Array | null = e.signedBytes;
    const sha: string | null = e.signedSha256;
    const code: "signature_mismatch" | "digest_mismatch" = e.code;
    void [bytes, sha, code];
  } else if (e instanceof VerificationError) {
    const code: VerificationErrorCode = e.code;
    const t: SigningTrace | null = e.trace;
    void [code, t];
  } else if (e instanceof InvalidKeyError) {
    const code: KeyErrorCode = e.code;
    void code;
  } else if (e instanceof CanonicalizationError) {
    const code: CanonicalizationErrorCode = e.code;
    const asAny: ErrorCode = code;
    void asAny;
  }
}
const encodings: Encoding[] = ["base64url", "base64", "hex"];
{
  // Explicit resource management frees (and wipes) the key at the end of the block.
  using scoped = Key.generate("hmac-sha512");
  void scoped;
}

// @ts-expect-error: not an algorithm name
Key.generate("hs256");
// @ts-expect-error: keyId is an option of the key, not of signJson
signJson("{}", hmac, { keyId: "x" });
// @ts-expect-error: the key comes second
signJson(hmac, "{}");
// @ts-expect-error: not an encoding
signature.encode("base32");
// @ts-expect-error: tolerance is a number of seconds
new Verifier(hmac, { tolerance: "300" });
// @ts-expect-error: a canonicalization code is not a key error code
const wrongCode: KeyErrorCode = "duplicate_key";
// @ts-expect-error: Key has no public constructor
new Key();

void [first, made, base, browser, badCode];
void [algorithms, fromText, pem, fromJwk, fromJwkText, raw, summary, facts, secretText, fields, parsed, built];
void [verifiedKey, trace, tracedSignature, alsoVerifier, again, outcome, size, encodings, wrongCode];

// --- diff and explain ---
const d: Diff = diff("a", new TextEncoder().encode("b"));
const firstDiff: Position | null = d.firstDifference;
const change: Change | undefined = d.changes[0];
const kind: "insert" | "delete" | "replace" | undefined = change?.kind;
const span: ByteRange | undefined = change?.expected;
const around: DiffContext | null = d.context;
const shown: Snippet | undefined = around?.actual;
const lens: [number, number, boolean, boolean] = [d.expectedLen, d.actualLen, d.truncated, d.isEqual];
const why: Explanation = explain('{"a":1}', '{"a": 1.0}');
const whyFacts: [boolean, boolean, boolean, string, string | null, string | null] = [
  why.isEqual,
  why.sameData,
  why.json,
  why.text,
  why.expectedStyle,
  why.actualStyle,
];
const causes: Cause[] = why.causes;
const finding: Finding | undefined = why.findings[0];
const findingFacts: [Cause, string, string, number, boolean] | undefined =
  finding && [finding.cause, finding.summary, finding.advice, finding.total, finding.isSerialization];
const where: Occurrence | undefined = finding?.occurrences[0];
const wherePath: string | null | undefined = where?.path;
const whereSpan: ByteRange | null | undefined = where?.actual;
const allCauses: readonly Cause[] = CAUSES;
const traces: Explanation = explainTraces(trace, JSON.stringify(withTrace.trace));
const shownText: string = visible(new Uint8Array([0xff]));
const found: Forensics = forensics('{"a":1}', "00ff", hmac);
const match: ForensicMatch | null = found.matched;
if (match !== null) {
  const style: JsonStyle | null = match.style;
  const construction: Construction = match.construction;
  const signedBytes: Uint8Array = match.signedBytes;
  const nested: Explanation = match.explanation;
  const styleDescription: string | undefined = style?.description;
  void [style?.order, style?.trailingNewline, styleDescription, construction, signedBytes, nested, match.signed, match.description];
}
const tried: [number, boolean] = [found.candidatesTried, found.payloadIsJson];
async function browserExplain(): Promise<Cause[]> {
  await init();
  return webExplain("a", "b").causes;
}

// @ts-expect-error: not a cause name
const badCause: Cause = "key_ordering";
// @ts-expect-error: CAUSES is read-only
CAUSES.push("bom");
// @ts-expect-error: sides are strings or bytes
explain(1, 2);
// @ts-expect-error: forensics needs a Key, not a secret
forensics("{}", "00", "secret");
// @ts-expect-error: snake_case keys are not in the JS objects
d.first_difference;

void [firstDiff, kind, span, shown, lens, whyFacts, causes, findingFacts, wherePath, whereSpan, allCauses];
void [traces, shownText, tried, browserExplain, badCause];

// --- request-signing schemes (issue 5) ---------------------------------------------------
import { aws, http, requestFromNode, verifySignature, webhooks } from "canonsig";
import type { HttpRequest, SignedRequest } from "canonsig";

const schemeKey = Key.hmac(new Uint8Array(32), { keyId: "k1" });
const message: HttpRequest = { method: "POST", target: "/a?b=1", headers: [["Host", "example.com"]], body: "{}" };
const httpSigned: http.Signed = http.sign(message, schemeKey, ["@method", "@authority"], { created: 1, nonce: true, now: () => 2 });
const sigBaseText: string = http.signatureBase(httpSigned.message, http.SignatureInput.parse('("@method");created=1'));
const httpOk: http.Verified = new http.Verifier([schemeKey], { now: () => 1, clockSkew: 5 }).verify(httpSigned.message, { label: "sig1" });
const created: number | null = httpOk.input.created;
const profileSigned = new http.JsonApiProfile({ digest: "sha-512" }).sign(message, schemeKey);
const digests: ("sha-256" | "sha-512")[] = http.verifyContentDigest(http.contentDigest("{}"), new Uint8Array(2));
const accepted: [string, http.SignatureInput][] = http.parseAcceptSignature('sig1=("@method")');
const fetchAuth = new http.FetchAuth(schemeKey, ["@method"], { digest: null, expiresIn: 60 });
const signedFetch: Promise<Request> = fetchAuth.sign("https://example.com/", { method: "POST", body: "x" });
const parsedReq: SignedRequest = http.parseRequest("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

const awsCreds = new aws.Credentials("AKID", "secret", null);
const awsSigned: aws.Signed = new aws.Signer(awsCreds, "us-east-1", "s3", { settings: aws.Settings.s3() }).sign(message, { time: new Date() });
const presignedUrl: string = new aws.Signer({ accessKeyId: "a", secretAccessKey: "b" }, "r", "s").presign(message, 60).url;
const awsOk: aws.Verified = new aws.Verifier([awsCreds], { tolerance: 60, now: () => 1 }).verify(awsSigned.request);
const v4aSigner = new aws.Signer(awsCreds, "us-east-1,us-west-2", "s3", { algorithm: "sigv4a" });
const v4aAlgorithm: aws.Algorithm = v4aSigner.algorithm;
const v4aPublicKey: Uint8Array = awsCreds.sigv4aPublicKey();
const awsWhy: aws.AwsExplanation = aws.explainAws("<Error/>", awsSigned.request);
const whyCauses: Cause[] = awsWhy.causes;
const awsFetch: Promise<Response> = new aws.FetchAuth(awsCreds, "r", "s", { presign: 60 }).fetch("https://x/");

const standard = new webhooks.StandardWebhooks("whsec_AAAA", { tolerance: 60, now: () => 1 });
const hookHeaders: Record<string, string> = standard.headers("msg_1", "{}", { timestamp: 1 });
const hookOk: webhooks.WebhookVerified = standard.verify(hookHeaders, new Uint8Array(0));
const twilioOk = new webhooks.Twilio("token").verify("https://x/", { a: "1" }, "sig");
const payloadBytes: Uint8Array = webhooks.Stripe.signedPayload(1, "{}");
const middleware = verifySignature(standard, { exposeDetails: true, limit: 1024 });
const viaFunction = verifySignature((req: SignedRequest) => req.method === "POST");
const fromNode: SignedRequest = requestFromNode({}, "");

try {
  standard.verify(hookHeaders, "{}");
} catch (e) {
  if (e instanceof SignatureMismatchError) {
    const computed: Uint8Array | null | undefined = e.payload;
    const sigBase: string | null | undefined = e.signatureBase;
    const creq: string | undefined = e.canonicalRequest;
    const details: Record<string, string> = e.details;
    void [computed, sigBase, creq, details];
  }
}

// @ts-expect-error: a parsed body is not a RawBody
standard.verify(hookHeaders, { parsed: true });
// @ts-expect-error: the clock option is now
new http.Verifier(schemeKey, { clock: () => 1 });
// @ts-expect-error: Credentials need a secret
new aws.Credentials("AKID");
// @ts-expect-error: the algorithm is "sigv4" or "sigv4a"
new aws.Signer(awsCreds, "r", "s", { algorithm: "v4a" });

void [httpSigned, sigBaseText, created, profileSigned, digests, accepted, signedFetch, parsedReq, presignedUrl, awsOk];
void [v4aAlgorithm, v4aPublicKey];
void [whyCauses, awsFetch, hookOk, twilioOk, payloadBytes, middleware, viaFunction, fromNode];
