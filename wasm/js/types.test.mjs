// The TypeScript declarations: js/types-check.ts compiles against them (tsc --noEmit), and
// they list exactly what the modules export at runtime and the error codes core defines.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { PKG_NODE, PKG_WEB, REPO_ROOT, WASM_DIR, requireBuilds } from "./support.mjs";

requireBuilds();
const dts = (entry) => readFileSync(entry.replace(/\.js$/, ".d.ts"), "utf8");
// Each name once: a namespace may be declared in several blocks, which merge (the members of
// `aws` and `webhooks` that come from Rust types are in the generated block).
const declared = (source) => [
  ...new Set(
    [...source.matchAll(/^export (?:declare )?(?:default )?(?:function|const|let|class|namespace) (\w+)/gm)].map((m) => m[1]),
  ),
];

test("tsc --noEmit --strict js/types-check.ts", () => {
  const tsc = join(WASM_DIR, "node_modules", "typescript", "bin", "tsc");
  const args = [
    tsc,
    "--noEmit",
    "--strict",
    "--target", "es2022",
    "--module", "nodenext",
    "--moduleResolution", "nodenext",
    // The classes declare `[Symbol.dispose]()` (wasm-bindgen), which needs this lib (README).
    "--lib", "es2022,dom,esnext.disposable",
    "--skipLibCheck", "false",
    "js/types-check.ts",
  ];
  try {
    execFileSync(process.execPath, args, { cwd: WASM_DIR, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("the Node declarations name exactly the runtime exports", async () => {
  const runtime = Object.keys(await import("canonsig")).filter((k) => k !== "default" && k !== "module.exports");
  assert.deepEqual(declared(dts(PKG_NODE)).sort(), runtime.sort());
});

test("the web declarations add only init and initSync", async () => {
  const runtime = Object.keys(await import(new URL(`file://${PKG_WEB}`).href));
  assert.deepEqual(runtime.sort(), [...declared(dts(PKG_NODE)), "default", "initSync"].sort());
  assert.deepEqual(declared(dts(PKG_WEB)).sort(), [...declared(dts(PKG_NODE)), "__wbg_init", "initSync"].sort());
});

test("ErrorCode lists exactly the codes of core's ErrorCode::as_str", () => {
  const union = dts(PKG_NODE).match(/export type ErrorCode =([^;]*);/)[1];
  const inTypes = [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]).sort();
  const errorRs = readFileSync(join(REPO_ROOT, "core", "src", "error.rs"), "utf8");
  const asStr = errorRs.slice(errorRs.indexOf("pub fn as_str"));
  const inCore = [...asStr.slice(0, asStr.indexOf("\n    }\n")).matchAll(/=> "([a-z0-9_]+)"/g)].map((m) => m[1]).sort();
  assert.ok(inCore.length >= 18, `found ${inCore.length} codes in core/src/error.rs`);
  assert.deepEqual(inTypes, inCore);
});

test("Cause lists exactly the causes of core's Cause::as_str", () => {
  const union = dts(PKG_NODE).match(/export type Cause =([^;]*);/)[1];
  const inTypes = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
  const findingRs = readFileSync(join(REPO_ROOT, "core", "src", "diff", "finding.rs"), "utf8");
  const asStr = findingRs.slice(findingRs.indexOf("pub fn as_str"));
  const inCore = [...asStr.slice(0, asStr.indexOf("\n    }\n")).matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]).sort();
  assert.ok(inCore.length >= 27, `found ${inCore.length} causes in core/src/diff/finding.rs`);
  assert.deepEqual(inTypes, inCore);
});
