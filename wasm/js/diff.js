// The results of `diff`, `explain`, `forensics` and `explainTraces` as plain JS objects:
// the Rust core's serde data (snake_case keys, as Python's `to_dict()` and the CLI's
// `--format json` give it) with camelCase keys. wasm/src/diff.rs adds the derived fields.
// Plain ES module with no imports (see errors.js for why).

const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) out[camel(key)] = camelize(item);
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
