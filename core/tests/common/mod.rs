//! Helpers shared by the integration tests: where the vectors live, hex decoding.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::print_stderr)]

use std::path::PathBuf;

/// The repository root (core/ is one level down).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/vectors/<name>` next to the repository, or `None` (with a note on stderr)
/// when this checkout has no `shared/` beside it. CI always has it.
pub fn shared_vectors(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CANONSIG_SHARED_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/vectors"))
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found; the public vector suite was not run",
            dir.display()
        );
        None
    }
}

pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| b.is_ascii_hexdigit()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}
