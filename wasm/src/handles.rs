//! The Rust object behind a JS argument that is typed as a union (`Key | Key[]`,
//! `Signature | string`, a `MemoryNonceStore` inside an options object).
//!
//! wasm-bindgen borrows an exported object only for a parameter of exactly that class;
//! turning any other `JsValue` into one *moves* it out of its JS wrapper, which would leave
//! the caller's `Key` unusable. So each class has a hidden method, `__canonsigHandle()`,
//! that returns a fresh wrapper sharing the same Rust data (an `Rc`, an `Arc`, or a copy of
//! a small value), and that fresh wrapper is the one moved into Rust.

use js_sys::{Function, Reflect};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::{JsCast, JsValue};

/// Name of the hidden method every exported class has (not in the TypeScript declarations).
pub(crate) const HANDLE_METHOD: &str = "__canonsigHandle";

/// The Rust object behind `value` when it is an instance of the exported class `T`, else
/// `None` (another type, or an object whose `free()` was called).
pub(crate) fn handle_of<T: TryFromJsValue>(value: &JsValue) -> Option<T> {
    if !value.is_object() {
        return None;
    }
    let method = Reflect::get(value, &JsValue::from_str(HANDLE_METHOD))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let handle = method.call0(value).ok()?;
    T::try_from_js_value(handle).ok()
}
