// The error classes of the npm package `canonsig`: the only place they are defined.
// Rust builds them through the imports in wasm/src/errors.rs; wasm-bindgen copies this file
// into pkg-*/snippets/ and re-exports the classes from the package entry point, so users can
// `import { CanonicalizationError } from "canonsig"` and use `instanceof`.
// Plain ES module with no imports: `--target web` imports it, and `--target nodejs`
// (CommonJS) loads it with require(), which Node supports for ES modules since 20.19 / 22.12.

/** Base class of every error thrown by canonsig; `code` is a stable snake_case string. */
export class CanonsigError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
Object.defineProperty(CanonsigError.prototype, "name", {
  value: "CanonsigError",
  writable: true,
  configurable: true,
});

/**
 * Input that cannot be canonicalized (or an invalid option): `code` as in every canonsig
 * frontend, `offset` = byte offset in the UTF-8 input (or null), `path` = JSON path (or null).
 */
export class CanonicalizationError extends CanonsigError {
  constructor(message, code, offset = null, path = null) {
    super(message, code);
    this.offset = offset ?? null;
    this.path = path ?? null;
  }
}
Object.defineProperty(CanonicalizationError.prototype, "name", {
  value: "CanonicalizationError",
  writable: true,
  configurable: true,
});
