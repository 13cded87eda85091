// Runs fixture cases through a canonsig build and records what happened, as plain data.
// Shared by the Node test (Node build) and the browser page (web build), so both builds
// are driven by the same code; the assertions are made in Node (support.mjs).
// Browser-safe: no Node imports.

export function hexToBytes(hex) {
  const digits = hex.replace(/[^0-9a-fA-F]/g, "");
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Calls `fn` and returns `{ ok: hex }` or `{ error: {...} }` describing what it threw. */
export function outcome(api, fn) {
  try {
    const out = fn();
    if (!(out instanceof Uint8Array)) return { notBytes: Object.prototype.toString.call(out) };
    return { ok: bytesToHex(out) };
  } catch (e) {
    return {
      error: {
        name: e?.name,
        message: String(e?.message ?? e),
        code: e?.code,
        offset: e?.offset,
        path: e?.path,
        isCanonicalizationError: e instanceof api.CanonicalizationError,
        isCanonsigError: e instanceof api.CanonsigError,
        isError: e instanceof Error,
      },
    };
  }
}

/**
 * One normalized case (see support.mjs `loadCanonCases`) through `api.canonicalize`:
 * the input as a Uint8Array, and for text cases also as a JS string.
 */
export function runCase(api, c) {
  const runs = [{ variant: "Uint8Array", ...outcome(api, () => api.canonicalize(hexToBytes(c.inputHex), c.options)) }];
  if (c.inputText !== null) {
    runs.push({ variant: "string", ...outcome(api, () => api.canonicalize(c.inputText, c.options)) });
  }
  return { id: c.id, runs };
}
