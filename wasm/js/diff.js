// The results of `diff`, `explain`, `forensics` and `explainTraces` as plain JS objects:
// the Rust core's JSON (`to_json`: every member in the core's order, derived fields and the
// plain-text rendering included; what Python's `to_dict()` and the CLI's `--format json`
// give), parsed, with camelCase keys. Nothing is computed here: JSON.parse keeps the order.
// Plain ES module with no imports (see errors.js for why).

const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) out[camel(key)] = camelize(item);
  return out;
}

/** `String(explanation)` is its `text` (not enumerable: `toString` is not data). */
function withToString(explanation) {
  Object.defineProperty(explanation, "toString", {
    value() {
      return this.text;
    },
    configurable: true,
    writable: true,
  });
  return explanation;
}

/** A `Diff` from the core's JSON. */
export function diffFromCore(json) {
  return camelize(JSON.parse(json));
}

/** An `Explanation` from the core's JSON. */
export function explanationFromCore(json) {
  return withToString(camelize(JSON.parse(json)));
}

/**
 * `Forensics` from the core's JSON, and the exact signed bytes of the match (JSON text holds
 * them only as text): `matched.signedBytes`, not enumerable, so `JSON.stringify` shows the
 * core's JSON.
 */
export function forensicsFromCore(json, signedBytes) {
  const report = camelize(JSON.parse(json));
  if (report.matched !== null) {
    Object.defineProperty(report.matched, "signedBytes", { value: signedBytes, configurable: true, writable: true });
    withToString(report.matched.explanation);
  }
  return report;
}

/**
 * An `AwsExplanation` from the core's JSON: `String(why)` is its `text`, and each of its two
 * explanations (when AWS sent that part) reads as an `Explanation`.
 */
export function awsExplanationFromCore(json) {
  const why = withToString(camelize(JSON.parse(json)));
  for (const part of [why.canonicalRequest, why.stringToSign]) if (part !== null) withToString(part);
  return why;
}
