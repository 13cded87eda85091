// The browser client of tests/test_interop_browser.py: the web build of canonsig (pkg-web)
// in Chromium, talking to the Python server over HTTP.
//
// For every algorithm it (1) verifies the payload the Python server signed, with the
// server's key loaded from PEM and from JWK (or the shared secret), checks that a replay is
// refused and that the payload with one byte changed fails with signature_mismatch and the
// signed bytes; (2) signs the payload itself (its own generated key, or the shared secret)
// and posts it, a replay of it, and a one-byte-changed copy to the server, which verifies
// them with the Python package. Everything it sees goes into `window.interopResult`; the
// pytest side asserts.
import init, * as canonsig from "/pkg-web/canonsig_wasm.js";

const { Key, MemoryNonceStore, SignatureMismatchError, Verifier, signJsonTraced, ALGORITHMS } = canonsig;

const b64ToBytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
function bytesToB64(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Offsets where two byte strings differ (and whether their lengths do). */
function diff(a, b) {
  const offsets = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) offsets.push(i);
  return { offsets, sameLength: a.length === b.length };
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

function refusal(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return {
      ok: false,
      name: e?.name,
      code: e?.code,
      message: String(e?.message ?? e),
      isMismatch: e instanceof SignatureMismatchError,
      signedBytes: e?.signedBytes ? bytesToB64(e.signedBytes) : null,
      signedSha256: e?.signedSha256 ?? null,
    };
  }
}

/** The server's keys as the page loads them: every form the server exported. */
function serverKeys(algorithm, exported) {
  if (algorithm.startsWith("hmac")) {
    return {
      secret: Key.hmac(exported.secret_b64url, { algorithm, keyId: exported.key_id, encoding: "base64url" }),
      jwk: Key.fromJwk(exported.jwk, { algorithm, keyId: exported.key_id }),
    };
  }
  return {
    pem: Key.fromPem(exported.public_pem, { algorithm, keyId: exported.key_id }),
    jwk: Key.fromJwk(exported.public_jwk, { algorithm, keyId: exported.key_id }),
  };
}

async function run() {
  await init();
  const session = await (await fetch("/api/session")).json();
  const out = { algorithms: [...ALGORITHMS], fromServer: {}, toServer: {} };
  for (const algorithm of ALGORITHMS) {
    const message = session.messages[algorithm];
    const exported = session.keys[algorithm];

    // (1) The Python server's signature, verified here.
    const seen = {};
    for (const [form, key] of Object.entries(serverKeys(algorithm, exported))) {
      const verifier = new Verifier(key, { requireCreated: true, requireNonce: true, nonceStore: new MemoryNonceStore() });
      seen[form] = { first: refusal(() => verifier.verifyJson(message.payload, message.header)) };
      seen[form].replay = refusal(() => verifier.verifyJson(message.payload, message.header));
      const tampered = refusal(() => verifier.verifyJson(message.tampered_payload, message.header));
      if (tampered.signedBytes) {
        tampered.diff = diff(b64ToBytes(tampered.signedBytes), b64ToBytes(message.signing_string_b64));
      }
      seen[form].tampered = tampered;
    }
    out.fromServer[algorithm] = seen;

    // (2) Signed here, verified by the Python server.
    const ownKey = algorithm.startsWith("hmac")
      ? Key.hmac(exported.secret_b64url, { algorithm, keyId: exported.key_id, encoding: "base64url" })
      : Key.generate(algorithm, { keyId: `browser-${algorithm}` });
    if (!algorithm.startsWith("hmac")) {
      await post("/api/register", {
        algorithm,
        key_id: ownKey.keyId,
        public_pem: ownKey.publicPem(),
        public_jwk: ownKey.publicJwk(),
      });
    }
    const now = Math.floor(Date.now() / 1000);
    const { signature, trace } = signJsonTraced(message.payload, ownKey, {
      created: now,
      nonce: `browser-${algorithm}-${now}`,
      profile: message.profile,
      includeSigningString: true,
    });
    const sent = { algorithm, payload: message.payload, header: signature.toHeader(), signing_string_b64: trace.signing_string_b64 };
    out.toServer[algorithm] = {
      keyId: ownKey.keyId,
      header: sent.header,
      trace,
      genuine: await post("/api/verify", { ...sent, what: "genuine" }),
      replay: await post("/api/verify", { ...sent, what: "replay" }),
      tampered: await post("/api/verify", { ...sent, payload: message.tampered_payload, what: "tampered" }),
    };
  }
  return out;
}

run().then(
  (result) => {
    document.getElementById("status").textContent = "done";
    window.interopResult = result;
  },
  (e) => {
    document.getElementById("status").textContent = "failed";
    window.interopResult = { error: `${e?.name}: ${e?.message}\n${e?.stack}` };
  },
);
