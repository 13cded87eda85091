// The ```js examples of wasm/README.md, run against the Node build, so the docs cannot rot:
// each block runs as an ES module, and what it logs must equal its `// → ...` comments.
// (The ```html browser example runs in Chromium, in browser.test.mjs.)
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

import { PKG_NODE, WASM_DIR, readmeBlocks, requireBuilds } from "./support.mjs";

requireBuilds();
const blocks = readmeBlocks("js");

test("the README has runnable examples", () => {
  assert.ok(blocks.length >= 4, `${blocks.length} js blocks`);
  for (const b of blocks) assert.ok(b.expected.length > 0, `README line ${b.line}: no "// → output" comment`);
});

for (const block of blocks) {
  test(`README example at line ${block.line}`, async () => {
    const logged = [];
    globalThis.__readmeLog = logged;
    const prelude = [
      'import { format as __format } from "node:util";',
      'import { createRequire as __createRequire } from "node:module";',
      // `require("canonsig")` resolves through the package's own exports map.
      `const require = __createRequire(${JSON.stringify(pathToFileURL(join(WASM_DIR, "package.json")).href)});`,
      "const console = { log: (...args) => globalThis.__readmeLog.push(__format(...args)) };",
    ].join("\n");
    const code = block.code.replaceAll('from "canonsig"', `from ${JSON.stringify(pathToFileURL(PKG_NODE).href)}`);
    assert.ok(!/from ["']canonsig["']/.test(code), "an import of canonsig was not rewritten");
    await import(`data:text/javascript,${encodeURIComponent(`${prelude}\n${code}`)}`);
    assert.deepEqual(logged, block.expected, `README line ${block.line}`);
  });
}
