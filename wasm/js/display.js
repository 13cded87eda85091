// How canonsig's classes (Key, Signature, Verifier, MemoryNonceStore) show themselves in
// Node's console.log / util.inspect: their `toJSON()` summary (for a Key: algorithm, key
// id and kind), never key material, which stays in WebAssembly memory anyway.
// The wasm start function calls `installInspect` once per class with a throwaway instance (freed here).

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export function installInspect(instance) {
  const proto = Object.getPrototypeOf(instance);
  instance.free();
  if (Object.prototype.hasOwnProperty.call(proto, INSPECT)) return;
  Object.defineProperty(proto, INSPECT, {
    value(depth, options, inspect) {
      const name = this.constructor?.name ?? "Object";
      let summary;
      try {
        summary = this.toJSON();
      } catch {
        return `${name} <freed>`; // after .free()
      }
      return typeof inspect === "function" ? `${name} ${inspect(summary, options)}` : `${name} ${JSON.stringify(summary)}`;
    },
    configurable: true,
    writable: true,
  });
}
