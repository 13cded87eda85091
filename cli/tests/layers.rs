//! The CLI's modules import one another without a cycle: `src/main.rs` lists them in
//! layers ("Module layers" in its doc comment), and every `crate::` (or `super::`) path in
//! `src/**/*.rs` must lead to a lower layer. A module missing from the list, a listed
//! module with no file, an import that goes sideways or up (which is how a cycle starts),
//! or one command importing another fails this test with the file and the path.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `name -> layer`, from the `//! - layer N: `a`, `b` (...)` lines of `main.rs`.
fn layers(main_rs: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in main_rs.lines() {
        let Some(rest) = line.strip_prefix("//! - layer ") else {
            continue;
        };
        let (number, names) = rest.split_once(':').unwrap();
        let layer: usize = number.trim().parse().unwrap();
        // The names are the backticked words before the description in parentheses.
        let names = names.split('(').next().unwrap();
        for name in names.split('`').skip(1).step_by(2) {
            assert!(
                out.insert(name.to_string(), layer).is_none(),
                "`{name}` is listed twice"
            );
        }
    }
    out
}

/// Every `.rs` file under `dir`, as (path, module path such as `commands::sign`).
fn modules(dir: &Path, prefix: &[String], out: &mut Vec<(PathBuf, Vec<String>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(stem);
            modules(&path, &inner, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.to_vec();
            if stem != "mod" {
                module.push(stem);
            }
            out.push((path, module));
        }
    }
}

/// The paths after `crate::` and `super::` in code (comments skipped), each as its
/// segments: `use crate::{a::{b, c}, d::e}` gives `[a]` and `[d, e]`. `super::*` (a test
/// module's view of its file) is left out.
fn imports(code: &str) -> Vec<(String, Vec<String>)> {
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for root in ["crate", "super"] {
        let needle = format!("{root}::");
        let mut rest = code.as_str();
        while let Some(i) = rest.find(&needle) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for path in paths(rest) {
                out.push((root.to_string(), path));
            }
        }
    }
    out
}

/// The path (or, for `{...}`, the top-level paths of the group) at the start of `text`.
fn paths(text: &str) -> Vec<Vec<String>> {
    if let Some(group) = text.strip_prefix('{') {
        let mut items = vec![String::new()];
        let mut depth = 0;
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(String::new());
                    continue;
                }
                _ => {}
            }
            items.last_mut().unwrap().push(c);
        }
        return items
            .iter()
            .map(|item| path(item.trim()))
            .filter(|p| !p.is_empty() && p[0] != "self")
            .collect();
    }
    let path = path(text);
    if path.is_empty() {
        Vec::new() // `super::*`
    } else {
        vec![path]
    }
}

/// The segments of the path at the start of `text`: `a::b(c::d)` gives `[a, b]`.
fn path(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for segment in text.split("::") {
        let ident: String = segment
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        let whole = ident.len() == segment.len();
        out.push(ident);
        if !whole {
            break;
        }
    }
    out
}

/// One source file: its name for messages, its module path, its text.
struct Source {
    file: String,
    module: Vec<String>,
    code: String,
}

/// What breaks the layers: modules missing from the list (or listed without a file), and
/// imports that do not go down.
fn problems(layers: &BTreeMap<String, usize>, sources: &[Source]) -> Vec<String> {
    let mut problems = Vec::new();
    let top_of = |module: &[String]| module.first().cloned().unwrap_or_else(|| "main".to_string());
    for name in layers.keys() {
        if !sources.iter().any(|s| top_of(&s.module) == *name) {
            problems.push(format!("main.rs lists `{name}`, which has no file in src/"));
        }
    }
    for Source { file, module, code } in sources {
        let top = top_of(module);
        let Some(&layer) = layers.get(&top) else {
            problems.push(format!("{file}: module `{top}` has no layer in main.rs's list"));
            continue;
        };
        for (root, path) in imports(code) {
            // `super::x` in `a/b.rs` is `a::x`.
            let target = if root == "super" {
                let mut t = module[..module.len().saturating_sub(1)].to_vec();
                t.extend(path.iter().cloned());
                t
            } else {
                path.clone()
            };
            let shown = format!("{root}::{}", path.join("::"));
            let Some(target_top) = target.first() else {
                continue;
            };
            if *target_top == top {
                // Within one module: fine, except one command importing another.
                if top == "commands" && target.len() > 1 && module.len() > 1 && target[1] != module[1] {
                    problems.push(format!("{file}: `{shown}`: a command imports another command"));
                }
                continue;
            }
            match layers.get(target_top) {
                None => problems.push(format!(
                    "{file}: `{shown}`: `{target_top}` has no layer in main.rs's list"
                )),
                Some(&target_layer) if target_layer >= layer => problems.push(format!(
                    "{file}: `{shown}`: layer {layer} (`{top}`) imports layer {target_layer} (`{target_top}`)"
                )),
                Some(_) => {}
            }
        }
    }
    problems
}

#[test]
fn imports_go_down_the_layers() {
    let main_rs = std::fs::read_to_string(src().join("main.rs")).unwrap();
    let layers = layers(&main_rs);
    assert!(layers.len() >= 5, "no layer list found in main.rs: {layers:?}");
    let mut files = Vec::new();
    modules(&src(), &[], &mut files);
    let sources: Vec<Source> = files
        .into_iter()
        .map(|(path, module)| Source {
            file: path.strip_prefix(src()).unwrap().display().to_string(),
            module,
            code: std::fs::read_to_string(&path).unwrap(),
        })
        .collect();
    let problems = problems(&layers, &sources);
    assert!(
        problems.is_empty(),
        "module imports break the layers of src/main.rs:\n{}",
        problems.join("\n")
    );
}

#[test]
fn import_paths_are_read_from_use_groups_and_paths() {
    let code = "use crate::{a::{b, c}, d::e, self};\n// use crate::commented;\nlet x = crate::f::g(super::h::i);\nuse super::*;\n";
    let found: Vec<String> = imports(code)
        .into_iter()
        .map(|(root, path)| format!("{root}::{}", path.join("::")))
        .collect();
    assert_eq!(found, ["crate::a", "crate::d::e", "crate::f::g", "super::h::i"]);
}

#[test]
fn cycles_and_unlisted_modules_are_caught() {
    let layers =
        layers("//! - layer 0: `error`, `exit` (data)\n//! - layer 1: `commands` (x)\n//! - layer 2: `main`\n");
    let source = |file: &str, module: &[&str], code: &str| Source {
        file: file.to_string(),
        module: module.iter().map(|s| s.to_string()).collect(),
        code: code.to_string(),
    };
    let sources = [
        source("main.rs", &[], "use crate::exit::ExitStatus;"),
        // A leaf importing a leaf (the start of error -> exit -> error).
        source("error.rs", &["error"], "use crate::exit::ExitStatus;"),
        source("exit.rs", &["exit"], "use crate::error::CliError;"),
        // Down is fine; up, and one command using another, are not.
        source(
            "commands/a.rs",
            &["commands", "a"],
            "use crate::error::CliError;\nuse super::b::run;",
        ),
        source("commands/b.rs", &["commands", "b"], "fn f() { crate::main_helper(); }"),
        source("sides.rs", &["sides"], ""),
    ];
    let found = problems(&layers, &sources);
    let expected = [
        "error.rs: `crate::exit::ExitStatus`: layer 0 (`error`) imports layer 0 (`exit`)",
        "exit.rs: `crate::error::CliError`: layer 0 (`exit`) imports layer 0 (`error`)",
        "commands/a.rs: `super::b::run`: a command imports another command",
        "commands/b.rs: `crate::main_helper`: `main_helper` has no layer in main.rs's list",
        "sides.rs: module `sides` has no layer in main.rs's list",
    ];
    assert_eq!(found, expected);
}
