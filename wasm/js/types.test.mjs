// The TypeScript declarations: js/types-check.ts compiles against them (tsc --noEmit), and
// they list exactly what the modules export at runtime and the error codes core defines. They
// are checked against the built package too: real results of every kind, as object literals of
// their declared type (tsc finds a missing, extra or mistyped member), each namespace's values,
// and the options each function accepts; and every declaration in wasm/types/ is documented.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** `tsc --noEmit --strict` over `file`, as a user's project would compile it; fails with its output. */
function tsc(file) {
  const args = [
    join(WASM_DIR, "node_modules", "typescript", "bin", "tsc"),
    "--noEmit",
    "--strict",
    "--target", "es2022",
    "--module", "nodenext",
    "--moduleResolution", "nodenext",
    // The classes declare `[Symbol.dispose]()` (wasm-bindgen), which needs this lib (README).
    "--lib", "es2022,dom,esnext.disposable",
    "--skipLibCheck", "false",
    file,
  ];
  try {
    execFileSync(process.execPath, args, { cwd: WASM_DIR, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
}

/** `tsc` over TypeScript `source` that imports the Node build's declarations as `C`. */
function tscSource(source) {
  const dir = mkdtempSync(join(tmpdir(), "canonsig-types-"));
  try {
    const file = join(dir, "check.mts");
    writeFileSync(file, `import type * as C from ${JSON.stringify(PKG_NODE)};\n${source}`);
    tsc(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("tsc --noEmit --strict js/types-check.ts", () => {
  tsc("js/types-check.ts");
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

/**
 * A TypeScript expression for a value the package returned: every own property (the
 * non-enumerable `signedBytes` too, not the `toString` methods), bytes as a `Uint8Array`.
 * Assigned to its declared type, the object literal fails `tsc` for a missing member, a
 * member the type does not declare, or a value of another type.
 */
function literal(value) {
  if (value instanceof Uint8Array) return `new Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.getOwnPropertyNames(value)
      .filter((name) => typeof value[name] !== "function")
      .map((name) => `${JSON.stringify(name)}: ${literal(value[name])}`);
    return `{ ${members.join(", ")} }`;
  }
  return value === undefined ? "undefined" : JSON.stringify(value);
}

test("results of every kind have exactly the members, and the member types, their declarations give", async () => {
  const cs = await import("canonsig");
  const { aws, webhooks, Key, Verifier } = cs;
  const secret = new TextEncoder().encode("secret");
  const key = Key.hmac(secret, { keyId: "k1" });
  const hex = (bytes) => createHmac("sha256", secret).update(bytes).digest("hex");
  const traced = cs.signJsonTraced('{"a":1}', key, { requestId: "r1", includeSigningString: true });
  const verified = new Verifier(key, { clock: () => traced.trace.timestamp }).verifyJsonTraced('{"a":1}', traced.signature);

  const creds = new aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  const s3 = aws.Settings.s3();
  const request = { method: "GET", target: "/a%20b", headers: [["Host", "bucket.s3.amazonaws.com"]] };
  const signed = new aws.Signer(creds, "us-east-1", "s3", { settings: s3, now: () => 1_440_938_160 }).sign(request);
  // S3 double-encoded the path: its SignatureDoesNotMatch document says so.
  const theirs = signed.canonicalRequest.replace("/a%20b", "/a%2520b");
  const xml =
    `<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>${theirs}</CanonicalRequest>` +
    `<StringToSign>${signed.stringToSign}</StringToSign></Error>`;
  const stripe = new webhooks.Stripe("whsec_test", { now: () => 1_700_000_000 });

  const samples = [
    ["Departure", cs.checkCanonical('{"b":1,"a":2}')],
    ["SigningTrace", traced.trace],
    ["SigningTrace", verified.trace],
    ["Verified", verified.verified],
    ["Diff", cs.diff('{"a":1}', '{"a": 1.0}\n')],
    ["Diff", cs.diff("same", "same")],
    ["Explanation", cs.explain('{"b":[1,2],"a":"\\u00e9","c":1}', '{"a":"é","b":[1,2,3],"d":1}\r\n')],
    ["Explanation", cs.explain("line one\nline two\n", "line 1\r\nline two")],
    ["Explanation", cs.explainTraces(traced.trace, verified.trace)],
    ["Forensics", cs.forensics('{"a":1,"b":"é"}', hex('{"a": 1.0, "b": "\\u00e9"}'), key)],
    ["Forensics", cs.forensics('{"a":1}', hex('{"a":1}\n'), key)],
    ["Forensics", cs.forensics('{"a":1}', "00ff", key)],
    ["aws.SignedParts", aws.signedParts(signed.request, s3)],
    ["aws.Verified", new aws.Verifier(creds, { settings: s3, now: () => 1_440_938_160 }).verify(signed.request)],
    ["aws.AwsExplanation", aws.explainAws(xml, signed.request, s3)],
    ["webhooks.WebhookVerified", stripe.verify(stripe.headers('{"id":1}', { timestamp: 1_700_000_000 }), '{"id":1}')],
  ];
  // The samples reach what the types say can be there (non-empty lists, non-null members).
  const of = (type) => samples.filter(([t]) => t === type).map(([, value]) => value);
  const [styled, varied, unmatched] = of("Forensics").map((f) => f.matched);
  assert.ok(styled?.style && varied?.variant && unmatched === null, "forensics: a style, a variant, no match");
  const [why] = of("Explanation");
  assert.ok(why.findings.some((f) => f.occurrences.some((o) => o.expected && o.actual)), "occurrences with spans");
  assert.ok(why.expectedStyle && of("aws.AwsExplanation")[0].canonicalRequest?.causes.length, "a style, AWS causes");

  tscSource(samples.map(([type, value], i) => `export const sample${i}: C.${type} = ${literal(value)};`).join("\n"));
});

/** `Same<Label, A, B>` is `true` when the unions `A` and `B` hold the same members, else a type naming the differences (which tsc prints). */
const SAME =
  "type Same<Label, Declared, Actual> = [Exclude<Declared, Actual>, Exclude<Actual, Declared>] extends [never, never]\n" +
  "  ? true\n" +
  "  : { in: Label; declaredOnly: Exclude<Declared, Actual>; actualOnly: Exclude<Actual, Declared> };\n";

const union = (names) => (names.length ? names.map((n) => JSON.stringify(n)).join(" | ") : "never");

test("the namespaces declare exactly the values they have at run time", async () => {
  const cs = await import("canonsig");
  const checks = ["http", "aws", "webhooks"].map(
    (ns) => `export const ${ns}: Same<"${ns}", keyof typeof C.${ns}, ${union(Object.keys(cs[ns]))}> = true;`,
  );
  tscSource(SAME + checks.join("\n"));
});

test("option objects declare exactly the options the binding reads", async () => {
  const cs = await import("canonsig");
  const { aws, http, webhooks, Key, Signature, Verifier } = cs;
  const key = Key.hmac(new Uint8Array(32));
  const pem = Key.generate("ed25519").exportPrivatePem();
  const creds = new aws.Credentials("AKID", "secret");
  const request = { method: "GET", target: "/", headers: [["Host", "example.com"]] };
  const bogus = { notAnOption: 1 };
  // [the declared type, a call that refuses `bogus`]
  const calls = [
    ["C.CanonicalizeOptions", () => cs.canonicalize("1", bogus)],
    ["C.SignOptions", () => cs.signJson("1", key, bogus)],
    ["C.SignTracedOptions", () => cs.signJsonTraced("1", key, bogus)],
    ["C.VerifyOptions", () => cs.verifyJson("1", "AA", key, bogus)],
    ["C.VerifyTracedOptions", () => new Verifier(key).verifyJsonTraced("1", "AA", bogus)],
    ["C.VerifierOptions", () => new Verifier(key, bogus)],
    ["C.KeyOptions", () => Key.fromPem(pem, bogus)],
    ["C.HmacKeyOptions", () => Key.hmac(new Uint8Array(32), bogus)],
    ["C.KeyIdOptions", () => Key.generate("ed25519", bogus)],
    ["C.SignatureParams", () => new Signature(new Uint8Array(2), bogus)],
    ["C.VerifySignatureOptions", () => cs.verifySignature(() => true, bogus)],
    ["Parameters<typeof C.requestFromNode>[2]", () => cs.requestFromNode({ method: "GET", url: "/" }, "", bogus)],
    ["Parameters<typeof C.http.defaultComponents>[1]", () => http.defaultComponents(request, bogus)],
    ["C.http.ParamOptions", () => http.signatureBase(request, ["@method"], bogus)],
    ["C.http.SignOptions", () => http.sign(request, key, undefined, bogus)],
    ["C.http.VerifierOptions", () => new http.Verifier(key, bogus)],
    ["Parameters<C.http.Verifier[\"verify\"]>[1]", () => new http.Verifier(key).verify(request, bogus)],
    ["ConstructorParameters<typeof C.http.JsonApiProfile>[0]", () => new http.JsonApiProfile(bogus)],
    ["Parameters<C.http.JsonApiProfile[\"sign\"]>[3]", () => new http.JsonApiProfile().sign(request, key, undefined, bogus)],
    ["C.http.FetchAuthOptions", () => new http.FetchAuth(key, undefined, bogus)],
    ["Parameters<typeof C.http.acceptSignature>[1]", () => http.acceptSignature(["@method"], bogus)],
    ["C.aws.SettingsOptions", () => new aws.Settings(bogus)],
    ["Parameters<typeof C.aws.Settings.s3>[0]", () => aws.Settings.s3(bogus)],
    ["ConstructorParameters<typeof C.aws.Signer>[3]", () => new aws.Signer(creds, "r", "s", bogus)],
    ["Parameters<C.aws.Signer[\"sign\"]>[1]", () => new aws.Signer(creds, "r", "s").sign(request, bogus)],
    ["C.aws.VerifierOptions", () => new aws.Verifier(creds, bogus)],
    ["ConstructorParameters<typeof C.aws.FetchAuth>[3]", () => new aws.FetchAuth(creds, "r", "s", bogus)],
    ["C.webhooks.TimedOptions", () => new webhooks.Stripe("whsec_AAAA", bogus)],
    ["ConstructorParameters<typeof C.webhooks.GitHub>[1]", () => new webhooks.GitHub("secret", bogus)],
    ["Parameters<C.webhooks.Stripe[\"headers\"]>[1]", () => new webhooks.Stripe("whsec_AAAA").headers("{}", bogus)],
  ];
  const checks = calls.map(([type, call], i) => {
    // The refusal of an unknown option lists the known ones.
    let known = [];
    assert.throws(call, (e) => {
      known = e.code === "invalid_option" ? (e.message.match(/expected one of (.*)$/)?.[1].split(", ") ?? []) : [];
      return known.length > 0;
    }, type);
    return `export const options${i}: Same<${JSON.stringify(type)}, keyof NonNullable<${type}>, ${union(known)}> = true;`;
  });
  tscSource(SAME + checks.join("\n"));
});

test("every declaration and member in wasm/types has a doc comment", () => {
  const missing = [];
  for (const name of ["generated.d.ts", "canonsig.d.ts", "schemes.d.ts"]) {
    const lines = readFileSync(join(WASM_DIR, "types", name), "utf8").split("\n");
    const blocks = []; // per open brace: does it hold members (interface, class, namespace)?
    let parens = 0;
    let comment = false;
    let documented = false;
    lines.forEach((line, i) => {
      const text = line.trim();
      if (comment || text.startsWith("/*")) {
        comment = !text.endsWith("*/");
        documented = !comment;
        return;
      }
      if (text === "" || text.startsWith("//")) return;
      const memberLevel = parens === 0 && (blocks.length === 0 || blocks.at(-1));
      if (memberLevel && !/^[|}\])]/.test(text) && text !== "export {};" && !documented) {
        missing.push(`${name}:${i + 1}: ${text}`);
      }
      documented = false;
      const holdsMembers = /^(export )?(declare )?(abstract )?(interface|class|namespace) /.test(text);
      for (const c of text.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "")) {
        if (c === "{") blocks.push(holdsMembers);
        else if (c === "}") blocks.pop();
        else if (c === "(") parens += 1;
        else if (c === ")") parens -= 1;
      }
    });
  }
  assert.deepEqual(missing, [], "declarations without a doc comment");
});
