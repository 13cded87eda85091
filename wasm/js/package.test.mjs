// The package as a user gets it: `npm pack`, install the tarball into an empty project,
// then `import` and `require` it by name (the `exports` map picks the Node build).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { WASM_DIR, requireBuilds } from "./support.mjs";

requireBuilds();

test("npm pack + install into a fresh project: import and require by name", () => {
  const dir = mkdtempSync(join(tmpdir(), "canonsig-consumer-"));
  try {
    const npm = (args, cwd) =>
      execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
    const tarball = npm(["pack", "--pack-destination", dir], WASM_DIR).trim().split("\n").pop();
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    npm(["install", "--offline", join(dir, tarball)], dir);
    writeFileSync(
      join(dir, "esm.mjs"),
      `import { canonicalizeToString, CanonicalizationError, PROFILES } from "canonsig";
       let code;
       try { canonicalizeToString('{"a":1,"a":2}'); } catch (e) { code = e instanceof CanonicalizationError && e.code; }
       console.log(JSON.stringify([canonicalizeToString('{"b":1,"a":[1.0]}'), code, PROFILES.length]));`,
    );
    writeFileSync(
      join(dir, "cjs.cjs"),
      `const { canonicalize } = require("canonsig");
       console.log(JSON.stringify([Buffer.from(canonicalize(" [ 1e21 ] ")).toString()]));`,
    );
    const run = (file) => JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }));
    assert.deepEqual(run("esm.mjs"), ['{"a":[1],"b":1}', "duplicate_key", 4]);
    assert.deepEqual(run("cjs.cjs"), ["[1e+21]"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
