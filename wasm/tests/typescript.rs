//! The TypeScript declarations of the data shapes that come from Rust, generated from the
//! core's types, and the drift check that keeps the committed file equal to them.
//!
//! The core derives `ts_rs::TS` on those types behind its `typescript` feature (only this
//! test enables it: a dev-dependency, so no default or wasm build compiles it). This test
//! writes them, with JS's camelCase keys, into one declaration file, `wasm/types/generated.d.ts`,
//! which `src/typescript.rs` includes in the package's `.d.ts`. It fails when the
//! committed file differs from what the types give; to accept a change, run
//!
//! ```text
//! UPDATE_TYPES=1 cargo test -p canonsig-wasm --test typescript
//! ```
//!
//! What the derives cannot see is listed here, next to where it comes from: the members the
//! core's hand-written `Serialize` impls add to a struct's own fields (`core/src/diff/json.rs`),
//! the one member the JS layer adds (`js/diff.js`), and the error-code unions of each error
//! class (from `ErrorCode::kind`). `js/types.test.mjs` then checks real results of the built
//! package against these declarations with `tsc`, so a member added to the JSON and not
//! here fails too.
#![cfg(not(target_arch = "wasm32"))]

use std::ops::Range;
use std::path::PathBuf;

use canonsig::diff::{
    AwsExplanation, Cause, Change, Construction, Context, Diff, Explanation, Finding, ForensicMatch, Forensics,
    Occurrence, Position, Snippet, Style,
};
use canonsig::scheme::aws::{SigV4Verified, SignedParts};
use canonsig::scheme::webhook::{Provider, WebhookVerified};
use canonsig::sign::{Algorithm, Encoding, Key, SignOptions, SigningTrace, Verified};
use canonsig::{Departure, ErrorCode, ErrorKind, Options, Profile};
use ts_rs::{Config, TS};

/// Where the generated declarations live, relative to the wasm crate.
const GENERATED: &str = "types/generated.d.ts";

const HEADER: &str = "\
// Generated from the Rust types of the canonsig core (ts-rs derives, core feature `typescript`)
// by wasm/tests/typescript.rs: do not edit. After changing one of those types, run
//   UPDATE_TYPES=1 cargo test -p canonsig-wasm --test typescript
// Keys are camelCase, as the JS objects have them (js/diff.js renames the core's JSON keys;
// the JSON of the Python and CLI frontends has the same members in snake_case), except in
// SigningTrace, the trace record as both sides log it.
";

/// Longest line of a union or a one-line doc comment before it is wrapped.
const WIDTH: usize = 110;

/// Unsigned 64-bit integers (Unix seconds, lengths) are JS numbers, not bigints: every value
/// canonsig puts in them is below 2^53.
fn config() -> Config {
    Config::new().with_large_int("number")
}

#[test]
fn generated_declarations_are_committed() -> Result<(), String> {
    let text = generate();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(GENERATED);
    if std::env::var_os("UPDATE_TYPES").is_some() {
        return std::fs::write(&path, &text).map_err(|e| format!("writing {}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == text {
        return Ok(());
    }
    let line = committed
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(text.lines().count()));
    Err(format!(
        "wasm/{GENERATED} is not what the Rust types give (first difference at line {}: {:?} \
         instead of {:?}).\nIf the types changed on purpose, regenerate it:\n  \
         UPDATE_TYPES=1 cargo test -p canonsig-wasm --test typescript",
        line + 1,
        committed.lines().nth(line).unwrap_or(""),
        text.lines().nth(line).unwrap_or(""),
    ))
}

/// The names the core gives each union's values at run time are the names the derives give.
#[test]
fn unions_spell_the_names_core_uses() {
    fn members<T: TS>() -> Vec<String> {
        T::inline(&config())
            .split(" | ")
            .map(|m| m.trim_matches('"').to_owned())
            .collect()
    }
    fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|&v| name(v).to_owned()).collect()
    }
    assert_eq!(members::<Profile>(), names(&Profile::ALL, Profile::name));
    assert_eq!(members::<Algorithm>(), names(&Algorithm::ALL, Algorithm::name));
    assert_eq!(members::<Encoding>(), names(&Encoding::ALL, Encoding::name));
    assert_eq!(members::<ErrorCode>(), names(&ErrorCode::ALL, ErrorCode::as_str));
    assert_eq!(members::<Cause>(), names(&Cause::ALL, Cause::as_str));
    assert_eq!(members::<Provider>(), names(&Provider::ALL, Provider::name));
}

/// The one exception to "the class follows the code" that [`key_error_codes`] encodes:
/// `algorithm_mismatch` while loading a key is an `InvalidKeyError`.
#[test]
fn algorithm_mismatch_while_loading_a_key_is_a_key_error() -> Result<(), canonsig::Error> {
    let pem = Key::generate(Algorithm::Ed25519)?.export_private_pem()?;
    let err = Key::from_pem(&pem, Some(Algorithm::EcdsaP256Sha256)).err();
    let err = err.ok_or_else(|| canonsig::Error::new(ErrorCode::InvalidKey, "loaded as the wrong algorithm"))?;
    assert_eq!(
        (err.code(), err.kind()),
        (ErrorCode::AlgorithmMismatch, ErrorKind::InvalidKey)
    );
    assert_eq!(ErrorCode::AlgorithmMismatch.kind(), ErrorKind::Verification);
    Ok(())
}

/// The whole file.
fn generate() -> String {
    let cfg = config();
    let mut out = String::from(HEADER);
    let mut section = |title: &str, decls: Vec<String>| {
        out.push_str(&format!("\n// --- {title} ---\n"));
        for decl in decls {
            out.push('\n');
            out.push_str(&decl);
        }
    };

    section(
        "names",
        vec![
            declare::<Profile>(&cfg, &[]),
            declare::<Algorithm>(&cfg, &[]),
            declare::<Encoding>(&cfg, &[]),
        ],
    );
    section(
        "errors",
        vec![
            declare::<ErrorCode>(&cfg, &[]),
            code_union(
                "CanonicalizationErrorCode",
                "The codes of `CanonicalizationError`: input that cannot be canonicalized, and invalid options.",
                ErrorCode::ALL
                    .iter()
                    .copied()
                    .filter(|c| c.kind() == ErrorKind::Canonicalization),
            ),
            code_union("KeyErrorCode", "The codes of `InvalidKeyError`.", key_error_codes()),
            code_union(
                "VerificationErrorCode",
                "The codes of `VerificationError` (a refused signature), `SignatureMismatchError`'s included.",
                ErrorCode::ALL
                    .iter()
                    .copied()
                    .filter(|c| matches!(c.kind(), ErrorKind::Verification | ErrorKind::SignatureMismatch)),
            ),
        ],
    );
    section(
        "canonicalization",
        vec![declare::<Options>(&cfg, &[]), declare::<Departure>(&cfg, &[])],
    );
    section(
        "signing",
        vec![
            declare::<SignOptions>(&cfg, &[]),
            declare::<Verified>(&cfg, &[]),
            declare::<SigningTrace>(&cfg, &[]),
        ],
    );
    section(
        "diff and explain",
        vec![
            declare::<Cause>(&cfg, &[]),
            declare::<Position>(&cfg, &[]),
            byte_range(&cfg),
            declare::<Change>(
                &cfg,
                &[Extra::ts(
                    "kind",
                    r#""insert" | "delete" | "replace""#,
                    "`\"insert\"` (empty expected range), `\"delete\"` (empty actual range) or `\"replace\"`.",
                )],
            ),
            declare::<Snippet>(&cfg, &[]),
            declare::<Context>(&cfg, &[]),
            declare::<Diff>(&cfg, &[Extra::of::<bool>("is_equal", "True when both sides are the same bytes.")]),
            declare::<Occurrence>(&cfg, &[]),
            declare::<Finding>(
                &cfg,
                &[
                    Extra::of::<String>("advice", "What to do about it, in one sentence."),
                    Extra::of::<bool>(
                        "is_serialization",
                        "True when the data is the same and only its spelling differs.",
                    ),
                ],
            ),
            declare::<Explanation>(
                &cfg,
                &[
                    Extra::of::<bool>("is_equal", "True when both sides are the same bytes."),
                    Extra::of::<bool>(
                        "same_data",
                        "True when only the spelling differs (no value, member, element, line or timestamp).",
                    ),
                    Extra::of::<Vec<Cause>>("causes", "The causes of `findings`, in order."),
                    Extra::of::<String>(
                        "text",
                        "The plain-text rendering (the same as the CLI's and Python's `str()`); also `String(explanation)`.",
                    ),
                ],
            ),
            declare::<Style>(
                &cfg,
                &[Extra::of::<String>(
                    "description",
                    "What the style is, in words (`\"Python json.dumps(...)\"`, `\"... (profile jcs)\"`).",
                )],
            ),
            declare::<Construction>(&cfg, &[]),
            declare::<ForensicMatch>(
                &cfg,
                &[Extra::ts(
                    "signedBytes",
                    "Uint8Array",
                    "The exact bytes the signer signed (added by the JS layer, not enumerable, so \
                     `JSON.stringify` shows `signed`).",
                )],
            ),
            declare::<Forensics>(&cfg, &[]),
        ],
    );
    section(
        "aws (members of the `aws` namespace)",
        vec![namespace(
            "aws",
            "AWS Signature Version 4: its results.",
            &[
                declare::<SignedParts>(&cfg, &[]),
                declare::<SigV4Verified>(&cfg, &[]),
                declare::<AwsExplanation>(
                    &cfg,
                    &[
                        Extra::of::<Vec<Cause>>("causes", "The causes of the first part that differs."),
                        Extra::of::<String>("text", "The plain-text report; also `String(explanation)`."),
                    ],
                ),
            ],
        )],
    );
    section(
        "webhooks (members of the `webhooks` namespace)",
        vec![namespace(
            "webhooks",
            "Webhook signatures: their results.",
            &[declare::<WebhookVerified>(&cfg, &[])],
        )],
    );
    out
}

/// `algorithm_mismatch` is a verification code, except while loading a key (core's
/// `Error::kind`; checked by `algorithm_mismatch_while_loading_a_key_is_a_key_error`).
fn key_error_codes() -> impl Iterator<Item = ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .filter(|&c| c.kind() == ErrorKind::InvalidKey || c == ErrorCode::AlgorithmMismatch)
}

/// A member that a struct's JSON has beyond its fields: added by the core's `Serialize` impl
/// (`core/src/diff/json.rs`), or by the JS layer (`js/diff.js`).
struct Extra {
    /// As the core's JSON names it (snake_case); camelCase in the declaration.
    name: &'static str,
    ty: String,
    doc: &'static str,
}

impl Extra {
    /// A member whose value is a `T` (as the core's `Serialize` impl writes it).
    fn of<T: TS>(name: &'static str, doc: &'static str) -> Extra {
        Extra {
            name,
            ty: T::name(&config()),
            doc,
        }
    }

    /// A member whose type no Rust type names (a `&'static str` that is one of a few words,
    /// bytes the JS layer adds).
    fn ts(name: &'static str, ty: &str, doc: &'static str) -> Extra {
        Extra {
            name,
            ty: ty.to_owned(),
            doc,
        }
    }
}

/// `export type Name = ...;` for an enum, `export interface Name { ... }` for a struct (its
/// fields, then `extras`), with the Rust docs as TSDoc.
fn declare<T: TS + 'static>(cfg: &Config, extras: &[Extra]) -> String {
    let name = T::ident(cfg);
    // The byte spans (`Range<usize>`) by the name `byte_range` declares.
    let decl = T::decl(cfg).replace(&<Range<usize>>::name(cfg), "ByteRange");
    let body = decl
        .strip_prefix(&format!("type {name} = "))
        .and_then(|rest| rest.strip_suffix(';'))
        .unwrap_or_else(|| panic!("unexpected declaration of {name}: {decl}"))
        .trim();
    let doc = T::docs().map(|d| doc_lines(&d)).unwrap_or_default();
    assert!(!doc.is_empty(), "{name} has no doc comment in the core");
    let mut out = render_doc(&doc, "");
    if body.starts_with('{') {
        let mut members = object_members(&body[1..body.len() - 1]);
        for extra in extras {
            members.push(Member {
                doc: vec![extra.doc.to_owned()],
                text: format!("{}: {}", camel(extra.name), extra.ty),
            });
        }
        out.push_str(&format!("export interface {name} {{\n"));
        for member in members {
            assert!(
                !member.doc.is_empty(),
                "{name}.{} has no doc comment in the core",
                member.text
            );
            out.push_str(&render_doc(&member.doc, "  "));
            out.push_str(&format!("  {};\n", tidy_type(&member.text)));
        }
        out.push_str("}\n");
    } else {
        assert!(extras.is_empty(), "{name} is not an object");
        out.push_str(&union(&name, body));
    }
    out
}

/// `export type Name = "a" | "b";` over lines when it is long.
fn union(name: &str, body: &str) -> String {
    let one_line = format!("export type {name} = {body};\n");
    if one_line.len() <= WIDTH {
        return one_line;
    }
    let mut out = format!("export type {name} =\n");
    let mut line = String::from("  |");
    for member in body.split(" | ") {
        if line.len() + member.len() + 3 > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from("  |");
        } else if line != "  |" {
            line.push_str(" |");
        }
        line.push(' ');
        line.push_str(member);
    }
    out.push_str(&line);
    out.push_str(";\n");
    out
}

/// A union of error codes.
fn code_union(name: &str, doc: &str, codes: impl Iterator<Item = ErrorCode>) -> String {
    let body: Vec<String> = codes.map(|c| format!("\"{}\"", c.as_str())).collect();
    render_doc(&[doc.to_owned()], "") + &union(name, &body.join(" | "))
}

/// `Range<usize>` (the byte spans of changes and occurrences) is declared once, as `ByteRange`.
fn byte_range(cfg: &Config) -> String {
    let doc = render_doc(&["A byte range `[start, end)`.".to_owned()], "");
    format!(
        "{doc}export type ByteRange = {};\n",
        tidy_type(&<Range<usize>>::name(cfg))
    )
}

/// `declare namespace` members are exported without the keyword; the JS namespace object
/// and its other members are declared in `types/schemes.d.ts` (the declarations merge).
fn namespace(name: &str, doc: &str, decls: &[String]) -> String {
    let mut out = render_doc(&[doc.to_owned()], "") + &format!("export declare namespace {name} {{\n");
    for (i, decl) in decls.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in decl.lines() {
            let line = line.strip_prefix("export ").unwrap_or(line);
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out.push_str("}\n");
    out
}

/// A member of an object type: its doc comment (lines) and `name: type`.
struct Member {
    doc: Vec<String>,
    text: String,
}

/// The members of an object type's body (between its braces) as ts-rs writes it:
/// `/** doc */ name: type, ...`, split at the commas outside brackets, strings and comments.
fn object_members(inner: &str) -> Vec<Member> {
    let mut members = Vec::new();
    let (mut doc, mut text) = (Vec::new(), String::new());
    let mut depth = 0usize;
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if inner[i..].starts_with("/*") => {
                let end = inner[i..].find("*/").map_or(inner.len(), |e| i + e + 2);
                let comment = &inner[i..end];
                if depth == 0 {
                    doc = doc_lines(comment);
                } else {
                    text.push_str(comment);
                }
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            '"' => {
                text.push(c);
                for (_, s) in chars.by_ref() {
                    text.push(s);
                    if s == '"' {
                        break;
                    }
                }
            }
            '{' | '[' | '(' | '<' => {
                depth += 1;
                text.push(c);
            }
            '}' | ']' | ')' | '>' => {
                depth = depth.saturating_sub(1);
                text.push(c);
            }
            ',' if depth == 0 => {
                members.push(Member {
                    doc: std::mem::take(&mut doc),
                    text: std::mem::take(&mut text).trim().to_owned(),
                });
            }
            c => text.push(c),
        }
    }
    if !text.trim().is_empty() {
        members.push(Member {
            doc,
            text: text.trim().to_owned(),
        });
    }
    members
}

/// A type expression with its inline object types as `{ a: T; b: U }`, on one line.
fn tidy_type(ty: &str) -> String {
    let Some(open) = ty.find('{') else {
        return array_suffix(&ty.split_whitespace().collect::<Vec<_>>().join(" "));
    };
    let mut depth = 0;
    let close = ty[open..]
        .char_indices()
        .find_map(|(i, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(open + i)
        })
        .unwrap_or_else(|| panic!("unbalanced braces in {ty}"));
    let members: Vec<String> = object_members(&ty[open + 1..close])
        .iter()
        .map(|m| tidy_type(&m.text))
        .collect();
    let parts = [
        tidy_type(&ty[..open]),
        format!("{{ {} }}", members.join("; ")),
        tidy_type(&ty[close + 1..]),
    ];
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Array<Name>` as `Name[]`.
fn array_suffix(ty: &str) -> String {
    let mut out = ty.to_owned();
    while let Some(at) = out.find("Array<") {
        let inner_start = at + "Array<".len();
        let Some(len) = out[inner_start..].find('>') else { break };
        let inner = out[inner_start..inner_start + len].to_owned();
        if !inner.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            break;
        }
        out.replace_range(at..inner_start + len + 1, &format!("{inner}[]"));
    }
    out
}

/// The lines of a ts-rs doc comment (`/**\n * line\n */`), Rust-isms turned into what a
/// JS reader sees: intra-doc links as plain code (enum values as their string), `None` as
/// `null`, Rust examples dropped.
fn doc_lines(jsdoc: &str) -> Vec<String> {
    let body = jsdoc.trim().trim_start_matches("/**").trim_end_matches("*/");
    let mut lines = Vec::new();
    let mut in_code = false;
    for line in body.lines() {
        let line = line.trim_start();
        let line = line.strip_prefix('*').unwrap_or(line);
        let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        // Link reference definitions (`[`Name`]: path`) only serve rustdoc.
        if in_code || (line.starts_with('[') && line.contains("]: ")) {
            continue;
        }
        lines.push(rustdoc_to_tsdoc(line));
    }
    // No blank lines left at either end or doubled where a code block was.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    without_rust_serialization(out)
}

/// One doc line: `[`X`]` and `[`x`](path)` as `` `x` ``, `[text](path)` as `text`,
/// `[`Profile::Jcs`]` as `` `"jcs"` `` (the name JS sees), `` `None` `` as `` `null` ``.
/// Code spans are kept as they are (`$.a[2]` is no link).
fn rustdoc_to_tsdoc(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(['`', '[']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('`') {
            // A code span, up to its closing backtick(s).
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            let end = rest[ticks..].find(fence).map_or(rest.len(), |e| ticks + e + ticks);
            let span = &rest[..end];
            out.push_str(if span == "`None`" { "`null`" } else { span });
            rest = &rest[end..];
            continue;
        }
        let Some(close) = closing_bracket(rest) else {
            out.push('[');
            rest = &rest[1..];
            continue;
        };
        let label = &rest[1..close];
        let after = &rest[close + 1..];
        let target = after.strip_prefix('(').and_then(|a| a.find(')')).map(|end| end + 2);
        let is_code = label.starts_with('`') && label.ends_with('`') && label.len() > 1;
        if target.is_none() && !is_code {
            // Plain brackets, not a link.
            out.push('[');
            rest = &rest[1..];
            continue;
        }
        out.push_str(&variant_name(label).unwrap_or_else(|| label.to_owned()));
        rest = &after[target.unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// The `]` that closes the `[` `text` starts with (code spans inside skipped).
fn closing_bracket(text: &str) -> Option<usize> {
    let mut in_code = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '`' => in_code = !in_code,
            ']' if !in_code => return Some(i),
            _ => {}
        }
    }
    None
}

/// Sentences about the Rust serialization (`Serialized with ...`, `to_json`) are left out:
/// the members they speak of are declared, with their own docs.
fn without_rust_serialization(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in lines.split(|l| l.is_empty()) {
        let text = paragraph.join(" ");
        let sentences = sentences(&text);
        let kept: Vec<&str> = sentences
            .iter()
            .copied()
            .filter(|s| !s.starts_with("Serialized") && !s.contains("to_json"))
            .collect();
        if !out.is_empty() && !kept.is_empty() {
            out.push(String::new());
        }
        if kept.len() == sentences.len() {
            out.extend(paragraph.iter().cloned());
        } else {
            out.extend(wrap(&kept.join(" ")));
        }
    }
    out
}

/// `text` cut after each `. ` that ends a sentence (the next word starts with a capital or
/// a code span).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        if text[i + 2..].starts_with(|c: char| c.is_uppercase() || c == '`') {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Words filled into lines of at most 92 characters.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().map(|l| l.len()).unwrap_or(0);
        if line > 0 && line + 1 + word.len() > 92 {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// `` `Enum::Variant` `` of a generated union as its string value (`` `"jcs"` ``), a limit
/// of the diff as its value.
fn variant_name(label: &str) -> Option<String> {
    let path = label.strip_prefix('`')?.strip_suffix('`')?;
    match path {
        "MAX_CHANGES" => return Some(canonsig::diff::MAX_CHANGES.to_string()),
        "MAX_OCCURRENCES" => return Some(canonsig::diff::MAX_OCCURRENCES.to_string()),
        _ => {}
    }
    let (ty, variant) = path.split_once("::")?;
    fn find<T: Copy + std::fmt::Debug>(all: &[T], variant: &str, name: impl Fn(T) -> &'static str) -> Option<String> {
        all.iter()
            .find(|v| format!("{v:?}") == variant)
            .map(|&v| format!("`\"{}\"`", name(v)))
    }
    match ty {
        "Profile" => find(&Profile::ALL, variant, Profile::name),
        "Algorithm" => find(&Algorithm::ALL, variant, Algorithm::name),
        "Encoding" => find(&Encoding::ALL, variant, Encoding::name),
        "ErrorCode" => find(&ErrorCode::ALL, variant, ErrorCode::as_str),
        "Cause" => find(&Cause::ALL, variant, Cause::as_str),
        _ => None,
    }
}

/// `/** one line */`, or the lines in a block, indented.
fn render_doc(lines: &[String], indent: &str) -> String {
    if let [line] = lines {
        let one = format!("{indent}/** {line} */\n");
        if one.len() <= WIDTH {
            return one;
        }
    }
    let mut out = format!("{indent}/**\n");
    for line in lines {
        if line.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {line}\n"));
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

/// `snake_case` as `camelCase`, the rule of `js/diff.js`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}
