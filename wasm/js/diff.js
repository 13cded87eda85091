// The results of `diff`, `explain`, `forensics` and `explainTraces` as plain JS objects:
// the Rust core's serde data (snake_case keys, as Python's `to_dict()` and the CLI's
// `--format json` give it) with camelCase keys. wasm/src/diff.rs adds the derived fields.
// Plain ES module with no imports (see errors.js for why).

const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The core's serde text has its members sorted (it is canonical JSON); put them back in the
// order the Rust structs declare them, so `console.log` reads naturally ({ offset, line,
// column }, expected before actual). Names not listed keep their place after these.
const ORDER = [
  "diff", "findings", "json", "expectedStyle", "actualStyle",
  "expectedLen", "actualLen", "firstDifference", "changes", "truncated", "context",
  "offset", "line", "column", "cause", "summary", "occurrences", "total",
  "path", "expected", "actual", "detail", "start", "end", "text", "caret",
  "matched", "candidatesTried", "payloadIsJson", "description", "style", "variant", "construction",
  "secretUsed", "signatureEncoding", "signed", "explanation",
  "order", "separators", "escaping", "numbers", "trailingNewline",
];
const rank = (key) => {
  const i = ORDER.indexOf(key);
  return i === -1 ? ORDER.length : i;
};

function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([key, item]) => [camel(key), item]);
  entries.sort((a, b) => rank(a[0]) - rank(b[0]));
  const out = {};
  for (const [key, item] of entries) out[key] = camelize(item);
  return out;
}

/** `JSON.parse` of the core's serde form, keys in camelCase. */
export function fromCore(json) {
  return camelize(JSON.parse(json));
}

/** Gives `object` its plain-text rendering: `object.text`, and `String(object)`. */
export function withText(object, text) {
  object.text = text;
  Object.defineProperty(object, "toString", {
    value() {
      return this.text;
    },
    configurable: true,
    writable: true,
  });
}
