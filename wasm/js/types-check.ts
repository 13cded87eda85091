// Type-checked (never run) by types.test.mjs with `tsc --noEmit --strict`: the declarations
// shipped in pkg-node and pkg-web describe the API as documented, and reject misuse.
import {
  canonicalize,
  canonicalizeToString,
  checkCanonical,
  PROFILES,
  CanonsigError,
  CanonicalizationError,
  type CanonicalizeOptions,
  type Departure,
  type ErrorCode,
  type Profile,
} from "canonsig";
import init, { canonicalize as webCanonicalize } from "../pkg-web/canonsig_wasm.js";

const options: CanonicalizeOptions = { profile: "python-sorted", allowUnsafeIntegers: true, maxDepth: 8, maxSize: 1 << 20 };
const bytes: Uint8Array = canonicalize(new TextEncoder().encode("[1]"), options);
const text: string = canonicalizeToString('{"a":1}');
const departure: Departure | null = checkCanonical(text, { profile: "jcs" });
if (departure !== null) {
  const where: number = departure.offset + departure.line + departure.column;
  void where;
}
const profiles: readonly Profile[] = PROFILES;
const first: Profile | undefined = profiles[0];

try {
  canonicalize(bytes);
} catch (e) {
  if (e instanceof CanonicalizationError) {
    const code: ErrorCode = e.code;
    const offset: number | null = e.offset;
    const path: string | null = e.path;
    const base: CanonsigError = e;
    const message: string = base.message;
    void [code, offset, path, message];
  }
}
const made = new CanonicalizationError("m", "duplicate_key", 3, "$.a");
const base: Error = new CanonsigError("m", "any_code");

async function browser(): Promise<Uint8Array> {
  await init();
  return webCanonicalize("[1]");
}

// @ts-expect-error: unknown profile name
canonicalize("1", { profile: "json" });
// @ts-expect-error: snake_case option name
canonicalize("1", { max_depth: 3 });
// @ts-expect-error: wrong option type
canonicalize("1", { allowUnsafeIntegers: "yes" });
// @ts-expect-error: input must be a string or a Uint8Array
canonicalize(42);
// @ts-expect-error: not an error code
const badCode: ErrorCode = "duplicate";
// @ts-expect-error: PROFILES is read-only
PROFILES.push("jcs");

void [first, made, base, browser, badCode];
