//! The TypeScript declarations that wasm-bindgen cannot derive from the exports' Rust
//! signatures. They are TypeScript files in `wasm/types/`, which wasm-bindgen copies as they
//! are into the `.d.ts` of both builds, after its own declarations of the Rust exports:
//!
//! - `types/generated.d.ts`: the data shapes that come from Rust types (names, error codes,
//!   options and results read or built from core structs, the diff results), generated from
//!   the core's types by `tests/typescript.rs`, which fails while the committed file is stale;
//! - `types/canonsig.d.ts`: by hand, what is written in JS (`PROFILES`, the error classes) or
//!   only read from JS objects by this binding (key and verifier options);
//! - `types/schemes.d.ts`: by hand, the `http`, `aws` and `webhooks` namespaces and the Node
//!   adapters, written in JS.
//!
//! The files refer to each other's names, which resolve in the one `.d.ts`. The sections
//! live in wasm-bindgen's custom section, which its CLI removes: they add nothing to the
//! `.wasm`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const GENERATED: &str = include_str!("../types/generated.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const CANONSIG: &str = include_str!("../types/canonsig.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const SCHEMES: &str = include_str!("../types/schemes.d.ts");
