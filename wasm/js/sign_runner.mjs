// Runs the shared signing fixtures (fixtures/sign/*.json) through a canonsig build and
// returns, per case, the list of problems found (empty = pass). Shared by the Node test
// (Node build) and the browser page (web build), so both builds are driven by the same
// code; Node asserts on the returned data. Browser-safe: no Node imports (SHA-256 and
// base64 come from WebCrypto and atob/btoa, which both have).
//
// The expected values are the fixtures' (Python hmac/cryptography, rfc8785, the RFCs; see
// fixtures/README.md); SHA-256 checks use WebCrypto, never canonsig's own digest.

import { bytesToHex, hexToBytes } from "./runner.mjs";

const utf8 = new TextEncoder();

export function base64ToBytes(b64) {
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function bytesToBase64(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** SHA-256 (hex) by WebCrypto: an oracle independent of canonsig. */
export async function sha256Hex(bytes) {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** What a call threw, as plain data. */
export function caught(api, fn) {
  try {
    const value = fn();
    return { ok: true, value };
  } catch (e) {
    return {
      ok: false,
      error: e,
      name: e?.name,
      code: e?.code,
      message: String(e?.message ?? e),
      isCanonsigError: e instanceof api.CanonsigError,
    };
  }
}

/** Keys from fixtures/sign/keys.json (and the inline keys of raw.json) through the public API. */
export function keyBook(api, keysDoc) {
  const byId = new Map(keysDoc.keys.map((k) => [k.id, k]));
  const entry = (id) => {
    const k = byId.get(id);
    if (!k) throw new Error(`no key ${id} in keys.json`);
    return k;
  };
  const withId = (options, keyId) => (keyId === undefined ? options : { ...options, keyId });
  return {
    entries: keysDoc.keys,
    entry,
    /** The private key (or HMAC secret) `id`, optionally with key id `keyId`. */
    private(id, keyId) {
      const k = entry(id);
      const options = withId({ algorithm: k.algorithm }, keyId);
      return k.secret_hex ? api.Key.hmac(hexToBytes(k.secret_hex), options) : api.Key.fromPem(k.private_pem, options);
    },
    /** A key given as a keys.json id or inline (`secret_hex`, `ed25519_seed_hex`). */
    resolve(key, algorithm) {
      if (typeof key === "string") return this.private(key);
      if (key.secret_hex) return api.Key.hmac(hexToBytes(key.secret_hex), { algorithm });
      // RFC 8410 §7: the PKCS#8 form of an Ed25519 seed, as a PEM.
      const pkcs8 = hexToBytes(`302e020100300506032b657004220420${key.ed25519_seed_hex}`);
      const pem = `-----BEGIN PRIVATE KEY-----\n${bytesToBase64(pkcs8)}\n-----END PRIVATE KEY-----\n`;
      return api.Key.fromPem(pem, { algorithm });
    },
  };
}

function check(problems, ok, message) {
  if (!ok) problems.push(message);
}

function describeThrown(t) {
  return t.ok ? "no error" : `${t.name} ${t.code}: ${t.message}`;
}

// --- keys.json ---------------------------------------------------------------------------

/** Every key loads in every form; thumbprints, default key ids and public JWKs agree. */
export function runKeyEntry(api, book, k) {
  const problems = [];
  const sign = (key) => bytesToHex(key.sign(utf8.encode("m")));
  if (k.secret_hex) {
    const fromHex = api.Key.hmac(hexToBytes(k.secret_hex), { algorithm: k.algorithm });
    const fromText = api.Key.hmac(k.secret_b64url, { algorithm: k.algorithm, encoding: "base64url" });
    const fromJwk = api.Key.fromJwk({ kty: "oct", k: k.secret_b64url }, { algorithm: k.algorithm });
    check(problems, sign(fromHex) === sign(fromText), "hex and base64url secrets sign differently");
    check(problems, sign(fromHex) === sign(fromJwk), "hex secret and oct JWK sign differently");
    check(problems, fromHex.exportSecret("hex") === k.secret_hex, "exportSecret('hex') differs from secret_hex");
    check(problems, fromHex.exportSecret() === k.secret_b64url, "exportSecret() differs from secret_b64url");
    check(problems, fromHex.keyId === "", `HMAC default key id is ${JSON.stringify(fromHex.keyId)}`);
    return problems;
  }
  const forms = {
    "private pem": api.Key.fromPem(k.private_pem, { algorithm: k.algorithm }),
    "public pem": api.Key.fromPem(k.public_pem, { algorithm: k.algorithm }),
    "private jwk": api.Key.fromJwk(k.private_jwk, { algorithm: k.algorithm }),
    "public jwk (text)": api.Key.fromJwk(JSON.stringify(k.public_jwk), { algorithm: k.algorithm }),
  };
  for (const [form, key] of Object.entries(forms)) {
    check(problems, key.thumbprint() === k.thumbprint, `${form}: thumbprint ${key.thumbprint()}`);
    check(problems, key.keyId === k.thumbprint, `${form}: default key id ${key.keyId} is not the thumbprint`);
    check(problems, key.algorithm === k.algorithm, `${form}: algorithm ${key.algorithm}`);
    check(problems, key.publicPem() === forms["public pem"].publicPem(), `${form}: public PEM differs`);
    check(problems, key.canSign === form.startsWith("private"), `${form}: canSign ${key.canSign}`);
  }
  const ours = forms["private pem"].publicJwk();
  for (const [member, value] of Object.entries(k.public_jwk)) {
    check(problems, ours[member] === value, `public JWK member ${member}: ${ours[member]} != ${value}`);
  }
  check(problems, ours.kid === k.thumbprint, `public JWK kid ${ours.kid}`);
  const message = utf8.encode("m");
  const signature = forms["private jwk"].sign(message);
  const verified = caught(api, () => forms["public pem"].verify(message, signature));
  check(problems, verified.ok, `public PEM does not verify the private JWK's signature: ${describeThrown(verified)}`);
  return problems;
}

// --- raw.json ----------------------------------------------------------------------------

export function runRawCase(api, book, c) {
  const problems = [];
  const key = book.resolve(c.key, c.algorithm);
  const message = hexToBytes(c.message_hex);
  const signature = hexToBytes(c.signature_hex);
  const verified = caught(api, () => key.verify(message, signature));
  check(problems, verified.ok, `fixture signature does not verify: ${describeThrown(verified)}`);
  if (c.deterministic) {
    const ours = bytesToHex(key.sign(message));
    check(problems, ours === c.signature_hex, `signature ${ours}, expected ${c.signature_hex}`);
  } else {
    const own = caught(api, () => key.verify(message, key.sign(message)));
    check(problems, own.ok, `own signature does not verify: ${describeThrown(own)}`);
  }
  if (!c.algorithm.startsWith("hmac")) {
    const pub = caught(api, () => key.publicKey().verify(message, signature));
    check(problems, pub.ok, `public half does not verify: ${describeThrown(pub)}`);
  }
  return problems;
}

// --- json.json ---------------------------------------------------------------------------

function signOptions(options) {
  const out = {};
  for (const name of ["profile", "created", "expires", "nonce"]) {
    if (options[name] !== undefined) out[name] = options[name];
  }
  return out;
}

function verifierFor(api, key, spec) {
  const options = {};
  if (spec?.now !== undefined) options.clock = () => spec.now;
  if (spec?.tolerance !== undefined) options.tolerance = spec.tolerance;
  if (spec?.nonce_store) options.nonceStore = new api.MemoryNonceStore();
  return new api.Verifier(key, options);
}

export async function runJsonCase(api, book, c) {
  const problems = [];
  const key = book.private(c.key, c.key_id);
  const options = signOptions(c.options);
  const { signature, trace } = api.signJsonTraced(c.payload, key, { ...options, includeSigningString: true });
  const signed = base64ToBytes(trace.signing_string_b64);
  const expectedBytes = utf8.encode(c.signing_bytes);
  check(
    problems,
    bytesToHex(signed) === bytesToHex(expectedBytes),
    `signed bytes ${JSON.stringify(new TextDecoder().decode(signed))}, expected ${JSON.stringify(c.signing_bytes)}`,
  );
  const expectedSha = await sha256Hex(expectedBytes);
  check(problems, trace.signing_sha256 === expectedSha, `trace signing_sha256 ${trace.signing_sha256}`);
  check(problems, trace.signing_len === expectedBytes.length, `trace signing_len ${trace.signing_len}`);
  check(problems, signature.keyId === c.key_id && signature.algorithm === c.algorithm, "signature keyId/algorithm");
  // signJson (untraced) signs the same bytes.
  const plain = api.signJson(c.payload, key, options);
  if (c.deterministic) {
    check(problems, plain.encode() === c.signature_b64url, `base64url ${plain.encode()}`);
    check(problems, plain.encode("base64url") === c.signature_b64url, "encode('base64url')");
    check(problems, plain.encode("base64") === c.signature_b64, `base64 ${plain.encode("base64")}`);
    check(problems, plain.encode("hex") === c.signature_hex, `hex ${plain.encode("hex")}`);
    check(problems, plain.toHeader() === c.header, `header ${plain.toHeader()}, expected ${c.header}`);
    check(problems, signature.toHeader() === c.header, "traced header");
  }
  const verifier = verifierFor(api, key, c.verifier);
  const attempts = {
    "own signature": () => verifier.verifyJson(c.payload, plain),
    "own header text": () => verifier.verifyJson(c.payload, plain.toHeader()),
    "fixture header": () => verifier.verifyJson(c.payload, c.header),
    "fixture header, Signature.parse": () => verifier.verifyJson(c.payload, api.Signature.parse(c.header)),
    // The bare value, with the parameters the signer used.
    "fixture bare value + params": () =>
      verifier.verifyJson(
        c.payload,
        new api.Signature(hexToBytes(c.signature_hex), { keyId: c.key_id, ...options }),
      ),
    "fixture payload as bytes": () => verifier.verifyJson(utf8.encode(c.payload), c.header),
  };
  if (Object.keys(c.options).length === 0) {
    // No parameters: the bare text alone is the whole signature.
    attempts["bare base64url text"] = () => verifier.verifyJson(c.payload, c.signature_b64url);
    attempts["bare base64 text"] = () => verifier.verifyJson(c.payload, c.signature_b64, { encoding: "base64" });
    attempts["bare hex text"] = () => verifier.verifyJson(c.payload, c.signature_hex, { encoding: "hex" });
    attempts["verifyJson (free)"] = () => api.verifyJson(c.payload, c.header, key);
    attempts["verifyJson (free, key ring)"] = () => api.verifyJson(c.payload, c.header, [key]);
  }
  for (const [what, fn] of Object.entries(attempts)) {
    const t = caught(api, fn);
    if (!t.ok) {
      problems.push(`${what}: ${describeThrown(t)}`);
      continue;
    }
    const v = t.value;
    check(problems, v.keyId === c.key_id && v.algorithm === c.algorithm, `${what}: verified ${JSON.stringify(v)}`);
    check(problems, v.signedSha256 === expectedSha, `${what}: signedSha256 ${v.signedSha256}, expected ${expectedSha}`);
  }
  return problems;
}

// --- errors.json -------------------------------------------------------------------------

function verifyJsonCall(api, book, input, repeat) {
  const key = book.private(input.key, input.key_id);
  const verifier = verifierFor(api, key, input.verifier);
  const signature = () => {
    if (input.header !== undefined) return input.header;
    const bare = api.Signature.parse(input.signature, input.encoding ?? "base64url");
    return new api.Signature(bare.value, { keyId: input.key_id, ...signOptions(input.options ?? {}) });
  };
  return () => {
    for (let i = 1; i < repeat; i++) verifier.verifyJson(input.payload, signature());
    return verifier.verifyJson(input.payload, signature());
  };
}

/** The call of an errors.json case, as a thunk over the public API. */
export function errorCall(api, book, c) {
  const input = c.input;
  switch (c.call) {
    // The public API parses algorithm names wherever it takes one; Key.generate is the
    // lightest call that does nothing else for a bad name.
    case "algorithm_from_name":
      return () => api.Key.generate(input.name);
    case "hmac_key":
      return () => api.Key.hmac(hexToBytes(input.secret_hex), { algorithm: input.algorithm });
    case "key_from_pem":
      return () => api.Key.fromPem(input.pem, { algorithm: input.algorithm });
    case "key_from_jwk":
      return () => api.Key.fromJwk(input.jwk, { algorithm: input.algorithm });
    case "verify_raw":
      return () => {
        const key = book.resolve(input.key, input.algorithm);
        const signature = api.Signature.parse(input.signature, input.encoding).value;
        return key.verify(hexToBytes(input.message_hex), signature);
      };
    case "verify_json":
      return verifyJsonCall(api, book, input, c.repeat ?? 1);
    default:
      throw new Error(`${c.id}: unknown call ${c.call}`);
  }
}

const KEY_CALLS = new Set(["algorithm_from_name", "hmac_key", "key_from_pem", "key_from_jwk"]);
const KEY_CODES = new Set(["invalid_key", "unsupported_algorithm"]);

/** The error class a code must come as, for a call (as js/errors.js documents). */
export function expectedClass(code, call) {
  if (KEY_CODES.has(code) || (code === "algorithm_mismatch" && KEY_CALLS.has(call))) return "InvalidKeyError";
  if (code === "signature_mismatch") return "SignatureMismatchError";
  return "VerificationError";
}

export async function runErrorCase(api, book, c) {
  const problems = [];
  const t = caught(api, errorCall(api, book, c));
  if (c.ok) {
    check(problems, t.ok, `expected success, got ${describeThrown(t)}`);
    return problems;
  }
  const code = c.error.code;
  if (t.ok) return [`expected ${code}, got success`];
  check(problems, t.code === code, `expected ${code}, got ${describeThrown(t)}`);
  check(problems, t.isCanonsigError && t.error instanceof Error, `${t.name} is not a CanonsigError`);
  const cls = expectedClass(code, c.call);
  check(problems, t.name === cls && t.error instanceof api[cls], `expected a ${cls}, got ${t.name}`);
  check(problems, t.message.startsWith(`${code}: `), `message does not start with the code: ${t.message}`);
  if (code === "signature_mismatch") {
    const e = t.error;
    if (c.call === "verify_json") {
      check(problems, e.signedBytes instanceof Uint8Array && e.signedBytes.length > 0, "signedBytes missing");
      if (e.signedBytes instanceof Uint8Array) {
        const sha = await sha256Hex(e.signedBytes);
        check(problems, e.signedSha256 === sha, `signedSha256 ${e.signedSha256}, WebCrypto says ${sha}`);
        check(problems, t.message.includes(sha), "the message does not name the SHA-256 of the signed bytes");
      }
    } else {
      check(problems, e.signedBytes === null && e.signedSha256 === null, "Key.verify: signedBytes should be null");
    }
  }
  return problems;
}

// --- all of it ---------------------------------------------------------------------------

/**
 * Every key and case of the four files: `{ results: [{ file, id, problems }], counts }`,
 * where counts are the number of entries in each file (for the anti-drift assertion).
 */
export async function runSignFixtures(api, docs) {
  const book = keyBook(api, docs.keys);
  const results = [];
  const run = async (file, id, fn) => {
    let problems;
    try {
      problems = await fn();
    } catch (e) {
      problems = [`threw ${e?.name} ${e?.code ?? ""}: ${e?.message ?? e}`];
    }
    results.push({ file, id, problems });
  };
  for (const k of docs.keys.keys) await run("keys.json", k.id, () => runKeyEntry(api, book, k));
  for (const c of docs.raw.cases) await run("raw.json", c.id, () => runRawCase(api, book, c));
  for (const c of docs.json.cases) await run("json.json", c.id, () => runJsonCase(api, book, c));
  for (const c of docs.errors.cases) await run("errors.json", c.id, () => runErrorCase(api, book, c));
  return {
    results,
    counts: {
      "keys.json": docs.keys.keys.length,
      "raw.json": docs.raw.cases.length,
      "json.json": docs.json.cases.length,
      "errors.json": docs.errors.cases.length,
    },
  };
}
