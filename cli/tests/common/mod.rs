//! Helpers shared by the CLI tests: a temp-dir fixture that runs the built binary
//! and renders its outcome for snapshots (ruff's `CliTest`), and fixture paths.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value as Json;
use tempfile::TempDir;

/// The repository root (cli/ is one level down).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Decodes hex digits, ignoring anything else (spaces, newlines).
pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// The built `canonsig` binary with a clean environment.
pub fn canonsig() -> Command {
    let mut cmd = Command::cargo_bin("canonsig").unwrap();
    cmd.env_clear();
    cmd
}

/// A temp directory to put input files in; its path is shown as `[TMP]` in snapshots.
pub struct CliTest {
    dir: TempDir,
}

impl CliTest {
    pub fn new() -> Self {
        CliTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `name` in the temp dir and returns its absolute path as a string.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// Runs `canonsig <args>` (in the temp dir) with `stdin` (or no stdin at all) and
    /// renders everything a user would see, for a snapshot.
    pub fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> (Output, String) {
        self.run_env(args, stdin, &[])
    }

    /// [`CliTest::run`] with environment variables (their values are not rendered).
    pub fn run_env(&self, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> (Output, String) {
        let mut cmd = canonsig();
        cmd.current_dir(self.dir.path()).args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        if let Some(bytes) = stdin {
            cmd.write_stdin(bytes.to_vec());
        }
        let output = cmd.output().unwrap();
        let rendered = self.render(args, stdin, &output);
        (output, rendered)
    }

    /// Writes a `fixtures/sign/keys.json` key to `name` in the temp dir, in `form`.
    pub fn write_key(&self, name: &str, id: &str, form: KeyForm) -> String {
        self.write(name, test_key_text(id, form))
    }

    fn render(&self, args: &[&str], stdin: Option<&[u8]>, output: &Output) -> String {
        let mut text = String::new();
        writeln!(text, "args: {}", args.join(" ")).unwrap();
        match stdin {
            Some(bytes) => writeln!(text, "stdin: {}", visible(bytes).replace('\n', "\\n")).unwrap(),
            None => writeln!(text, "stdin: (none)").unwrap(),
        }
        match output.status.code() {
            Some(code) => writeln!(text, "exit_code: {code}").unwrap(),
            None => writeln!(text, "exit_code: (killed by a signal)").unwrap(),
        }
        writeln!(text, "----- stdout -----").unwrap();
        writeln!(text, "{}", visible(&output.stdout)).unwrap();
        writeln!(text, "----- stderr -----").unwrap();
        write!(text, "{}", visible(&output.stderr)).unwrap();
        text.replace(self.dir.path().to_str().unwrap(), "[TMP]")
    }
}

/// Text for a snapshot: invalid UTF-8 as `\x..`, and characters that would be invisible
/// or break lines in a review (controls other than `\n`, U+2028/2029, bidi and
/// zero-width marks, private use, BOM) as `\u{....}`. JSON text never holds `\x` or `\u{`.
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let hidden = (c.is_control() && c != '\n')
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{e000}'..='\u{f8ff}' | '\u{feff}');
            if hidden {
                write!(out, "\\u{{{:04x}}}", u32::from(c)).unwrap();
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            write!(out, "\\x{b:02x}").unwrap();
        }
    }
    out
}

/// The signing fixtures folder (`CANONSIG_FIXTURES` may point at another fixtures folder).
pub fn sign_fixtures_dir() -> PathBuf {
    std::env::var_os("CANONSIG_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("fixtures"))
        .join("sign")
}

/// A `fixtures/sign/*.json` file, parsed.
pub fn sign_fixture(name: &str) -> Json {
    let path = sign_fixtures_dir().join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

/// The keys of `fixtures/sign/keys.json` by id (TEST KEYS ONLY: their secrets are public).
pub fn test_keys() -> HashMap<String, Json> {
    sign_fixture("keys.json")["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["id"].as_str().unwrap().to_string(), k.clone()))
        .collect()
}

/// How a test key is written to a key file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyForm {
    /// HMAC: the secret as base64url text; others: the PKCS #8 PEM.
    Private,
    /// The SPKI PEM (asymmetric keys only).
    PublicPem,
    /// The private JWK, as the fixture has it (no kid, no alg); HMAC: an `oct` JWK.
    Jwk,
    /// HMAC: the secret as hex.
    SecretHex,
}

/// The text of a key file for a `keys.json` key.
pub fn test_key_text(id: &str, form: KeyForm) -> String {
    let keys = test_keys();
    let key = keys.get(id).unwrap_or_else(|| panic!("no key {id} in keys.json"));
    let hmac = key["algorithm"].as_str().unwrap().starts_with("hmac-");
    match form {
        KeyForm::Private if hmac => format!("{}\n", key["secret_b64url"].as_str().unwrap()),
        KeyForm::Private => key["private_pem"].as_str().unwrap().to_string(),
        KeyForm::PublicPem => key["public_pem"].as_str().unwrap().to_string(),
        KeyForm::Jwk if hmac => serde_json::json!({"kty": "oct", "k": key["secret_b64url"]}).to_string(),
        KeyForm::Jwk => serde_json::to_string(&key["private_jwk"]).unwrap(),
        KeyForm::SecretHex => format!("{}\n", key["secret_hex"].as_str().unwrap()),
    }
}

/// `../shared/vectors/<name>` next to the repository (read in place, never copied), or
/// `None` with a note on stderr when this checkout has none beside it. CI always has it.
pub fn shared_vectors(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CANONSIG_SHARED_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/vectors"))
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("SKIPPED: {} not found; the public vectors were not run", dir.display());
        }
        None
    }
}

/// The `----- title -----` frames `--show-base` writes on stderr: `(title, bytes)`.
pub fn frames(stderr: &[u8]) -> Vec<(String, Vec<u8>)> {
    let text = String::from_utf8_lossy(stderr);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("----- ") {
        let after = &rest[start + 6..];
        let Some(title_end) = after.find(" -----\n") else { break };
        let title = &after[..title_end];
        let body = &after[title_end + 7..];
        let end_marker = format!("\n----- end of {title} -----\n");
        let Some(end) = body.find(&end_marker) else { break };
        out.push((title.to_string(), body.as_bytes()[..end].to_vec()));
        rest = &body[end + end_marker.len()..];
    }
    out
}

/// The bytes of the frame titled `title`.
pub fn frame(stderr: &[u8], title: &str) -> Vec<u8> {
    frames(stderr)
        .into_iter()
        .find(|(t, _)| t == title)
        .unwrap_or_else(|| panic!("no `{title}` frame in stderr:\n{}", String::from_utf8_lossy(stderr)))
        .1
}
