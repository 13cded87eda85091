// Opens the interop page (served by the Python test server) in headless Chromium and prints
// what the page reports, as one JSON line on stdout. The page does the work: it loads the
// web build, talks to the Python server with fetch, and sets `window.interopResult`.
//
//   node tests/interop_browser/driver.mjs http://127.0.0.1:PORT/interop.html
//
// playwright-core comes from wasm/node_modules (`cd wasm && npm ci`); Chromium is Debian's
// /usr/bin/chromium (CHROMIUM overrides).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "wasm", "package.json"));
const { chromium } = require("playwright-core");

const url = process.argv[2];
const timeoutMs = Number(process.env.INTEROP_TIMEOUT_MS ?? 180_000);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const problems = [];
let result = null;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
  await page.goto(url);
  await page.waitForFunction(() => window.interopResult !== undefined, null, { timeout: timeoutMs, polling: 100 });
  result = await page.evaluate(() => window.interopResult);
} catch (e) {
  problems.push(`driver: ${e.message}`);
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify({ result, problems })}\n`);
