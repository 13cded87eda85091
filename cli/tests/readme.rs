//! The ```` ```console ```` examples in `cli/README.md` are run, so they cannot rot.
//!
//! Each block runs in a fresh temp folder with the built `canonsig` first on `PATH`.
//! A line `$ cmd` is run with `sh -c` (stderr merged into stdout, in order); the lines up
//! to the next `$ ` are its expected output. Every command must exit 0, so examples
//! that fail show it with `|| echo "exit status $?"`. Trailing newlines are ignored
//! (canonical output has none; the README shows it on its own line).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::repo_root;

struct Example {
    command: String,
    expected: Vec<String>,
}

fn console_blocks(readme: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for line in readme.lines() {
        match &mut current {
            None if line.trim_end() == "```console" => current = Some(Vec::new()),
            None => {}
            Some(block) if line.trim_end() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => match line.strip_prefix("$ ") {
                Some(command) => block.push(Example {
                    command: command.to_string(),
                    expected: Vec::new(),
                }),
                None => block
                    .last_mut()
                    .unwrap_or_else(|| panic!("output before any command: {line}"))
                    .expected
                    .push(line.to_string()),
            },
        }
    }
    assert!(current.is_none(), "unclosed console block");
    blocks
}

#[test]
fn readme_console_examples() {
    let readme = std::fs::read_to_string(repo_root().join("cli/README.md")).unwrap();
    let blocks = console_blocks(&readme);
    assert!(blocks.len() >= 4, "found only {} console blocks", blocks.len());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_canonsig")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let mut ran = 0;
    for block in &blocks {
        let dir = tempfile::tempdir().unwrap();
        for example in block {
            let output = Command::new("sh")
                .arg("-c")
                .arg(format!("exec 2>&1\n{}", example.command))
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("LC_ALL", "C.UTF-8")
                .output()
                .unwrap();
            let got = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "`{}` exited with {:?}:\n{got}",
                example.command,
                output.status.code()
            );
            assert_eq!(
                got.trim_end_matches('\n'),
                example.expected.join("\n").trim_end_matches('\n'),
                "output of `{}`",
                example.command
            );
            ran += 1;
        }
    }
    assert!(ran >= 10, "ran only {ran} README commands");
}
