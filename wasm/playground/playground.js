// The canonsig playground: two byte strings in, the named causes and a highlighted byte diff
// out, all computed in this page by the web build (./pkg, a copy of wasm/pkg-web made by
// wasm/build.sh). No network: nothing is fetched but this page's own files.
import init, { ALGORITHMS, Key, explain, explainTraces, forensics, signJsonTraced, visible } from "./pkg/canonsig_wasm.js";

const $ = (id) => document.getElementById(id);
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Inputs at most this large are explained on every keystroke; larger ones after a pause. */
const LIVE_LIMIT = 64 * 1024;
/** Equal runs longer than this are shown cut in the middle. */
const EQUAL_SHOWN = 2000;
const EQUAL_KEEP = 600;
/** Changes drawn in the byte diff (the causes list is complete regardless). */
const MAX_DRAWN_CHANGES = 400;
/** Occurrences listed under each cause. */
const MAX_OCCURRENCES = 5;

// --- input ------------------------------------------------------------------------------------

function hexToBytes(hex) {
  const digits = hex.replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error("hex input must be pairs of hex digits (spaces and line breaks are ignored)");
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes) {
  const pairs = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"));
  const lines = [];
  for (let i = 0; i < pairs.length; i += 16) lines.push(pairs.slice(i, i + 16).join(" "));
  return lines.join("\n");
}

/** The bytes of one side: UTF-8 of the text, or the hex digits decoded. */
function sideBytes(textarea) {
  return $("hex").checked ? hexToBytes(textarea.value) : utf8.encode(textarea.value);
}

/** The trace object in `bytes`, if it is a canonsig signing trace (JSON with `signing_sha256`). */
function asTrace(bytes) {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) && "signing_sha256" in v ? v : null;
  } catch {
    return null;
  }
}

/** The signed bytes a trace carries (`includeSigningString`), for the byte diff. */
function traceSigned(bytes) {
  const b64 = asTrace(bytes)?.signing_string_b64;
  if (typeof b64 !== "string") return new Uint8Array();
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

// --- rendering helpers --------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/**
 * Appends `bytes` made visible (canonsig's `visible`): markers such as ⟨NBSP⟩ and ⟨xFF⟩ are
 * styled so they cannot be mistaken for text; line breaks stay line breaks, marked ⏎ when
 * `markBreaks` (inside a change).
 */
function appendVisible(parent, bytes, markBreaks) {
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    appendLine(parent, visible(bytes.subarray(start, i)));
    if (i < bytes.length) {
      if (markBreaks) parent.append(el("span", { class: "mark", title: "line feed (LF)", text: "⏎" }));
      parent.append("\n");
    }
    start = i + 1;
  }
}

function appendLine(parent, shown) {
  // `visible` writes a literal ⟨ as ⟨⟨, so every other ⟨…⟩ is a marker.
  let last = 0;
  for (const m of shown.matchAll(/⟨⟨|⟨[^⟨⟩]+⟩/g)) {
    parent.append(shown.slice(last, m.index));
    if (m[0] === "⟨⟨") parent.append("⟨");
    else parent.append(el("span", { class: "mark", title: markerTitle(m[0]), text: m[0] }));
    last = m.index + m[0].length;
  }
  parent.append(shown.slice(last));
}

function markerTitle(marker) {
  const name = marker.slice(1, -1);
  if (/^x[0-9A-F]{2}$/.test(name)) return `byte 0x${name.slice(1)}: not UTF-8`;
  if (/^U\+/.test(name)) return `invisible character ${name}`;
  return `invisible character: ${name}`;
}

const isContinuation = (b) => b >= 0x80 && b < 0xc0;

/** A range widened to whole UTF-8 characters (a change may start inside one: `é` vs `è`). */
function widen(bytes, { start, end }) {
  while (start > 0 && start < bytes.length && isContinuation(bytes[start])) start--;
  while (end < bytes.length && end > start && isContinuation(bytes[end])) end++;
  return { start, end };
}

/** Sorted ranges with touching or overlapping ones merged (an empty range is an insertion point). */
function merge(ranges) {
  const out = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && r.start <= prev.end) prev.end = Math.max(prev.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** A cut position near `i` that does not split a UTF-8 character. */
function boundary(bytes, i) {
  while (i > 0 && i < bytes.length && isContinuation(bytes[i])) i--;
  return i;
}

function appendEqual(parent, bytes) {
  if (bytes.length <= EQUAL_SHOWN) {
    appendVisible(parent, bytes, false);
    return;
  }
  const head = boundary(bytes, EQUAL_KEEP);
  const tail = boundary(bytes, bytes.length - EQUAL_KEEP);
  appendVisible(parent, bytes.subarray(0, head), false);
  parent.append(el("span", { class: "elided", text: `\n⋯ ${tail - head} equal bytes ⋯\n` }));
  appendVisible(parent, bytes.subarray(tail), false);
}

/** One side of the byte diff: equal text plain, changed spans in <del>/<ins>. */
function renderSide(pre, bytes, ranges, tag, label) {
  pre.replaceChildren();
  let at = 0;
  for (const r of ranges) {
    appendEqual(pre, bytes.subarray(at, r.start));
    if (r.start === r.end) {
      pre.append(el("span", { class: "gap", title: `missing here: ${label === "server" ? "client" : "server"} has bytes` }));
    } else {
      const span = el(tag, { title: `bytes ${r.start}–${r.end} only on the ${label}` });
      appendVisible(span, bytes.subarray(r.start, r.end), true);
      pre.append(span);
    }
    at = r.end;
  }
  appendEqual(pre, bytes.subarray(at));
}

function renderDiff(diff, expected, actual) {
  const drawn = diff.changes.slice(0, MAX_DRAWN_CHANGES);
  const e = merge(drawn.map((c) => widen(expected, c.expected)));
  const a = merge(drawn.map((c) => widen(actual, c.actual)));
  renderSide($("diff-expected"), expected, e, "del", "server");
  renderSide($("diff-actual"), actual, a, "ins", "client");
  if (diff.changes.length > MAX_DRAWN_CHANGES || diff.truncated) {
    $("diff-actual").append(el("span", { class: "elided", text: `\n⋯ only the first ${MAX_DRAWN_CHANGES} changes are highlighted ⋯` }));
  }
}

function bytesLabel(n) {
  return `${n} byte${n === 1 ? "" : "s"}`;
}

function firstDifferenceText(p) {
  return `first difference at byte ${p.offset} (line ${p.line}, column ${p.column})`;
}

/** The causes of an explanation as list items: name, summary, where, and the fix. */
function causeItems(explanation) {
  return explanation.findings.map((f) => {
    const where = el("ul", { class: "occurrences" });
    for (const o of f.occurrences.slice(0, MAX_OCCURRENCES)) {
      where.append(el("li", {}, o.path ? el("code", { text: o.path }) : null, o.path ? " " : null, o.detail));
    }
    const more = f.total - Math.min(f.total, MAX_OCCURRENCES, f.occurrences.length);
    if (more > 0) where.append(el("li", { class: "muted", text: `… and ${more} more` }));
    return el(
      "li",
      { "data-cause": f.cause },
      el("p", { class: "finding" }, el("code", { class: "cause", text: f.cause }), " ", f.summary),
      where,
      el("p", { class: "fix" }, el("strong", { text: "Fix: " }), f.advice),
    );
  });
}

// --- explain ----------------------------------------------------------------------------------

function showInputError(message) {
  const box = $("input-error");
  box.hidden = message === null;
  box.textContent = message ?? "";
}

function errorText(e) {
  return e?.code ? `${e.name} (${e.code}): ${e.message}` : String(e?.message ?? e);
}

function run() {
  const result = $("result");
  let expected;
  let actual;
  try {
    expected = sideBytes($("expected"));
    actual = sideBytes($("actual"));
    showInputError(null);
  } catch (e) {
    showInputError(errorText(e));
    result.dataset.state = "error";
    return;
  }
  $("expected-meta").textContent = bytesLabel(expected.length);
  $("actual-meta").textContent = bytesLabel(actual.length);

  let mode = $("mode").value;
  if (mode === "auto") {
    mode = asTrace(expected) && asTrace(actual) ? "traces" : "text";
    $("detected").textContent = mode === "traces" ? "Detected: two signing traces" : "";
  } else {
    $("detected").textContent = "";
  }

  let explanation;
  try {
    explanation = mode === "traces" ? explainTraces(expected, actual) : explain(expected, actual);
  } catch (e) {
    showInputError(errorText(e));
    result.dataset.state = "error";
    return;
  }
  const traces = mode === "traces";
  const empty = expected.length === 0 && actual.length === 0;
  render(explanation, traces ? traceSigned(expected) : expected, traces ? traceSigned(actual) : actual, empty);
  result.dataset.state = explanation.isEqual ? "equal" : "different";
  result.dataset.runs = String(Number(result.dataset.runs ?? 0) + 1);
}

function render(explanation, expected, actual, empty) {
  const d = explanation.diff;
  const summary = $("summary");
  summary.replaceChildren();
  if (empty) {
    summary.textContent = "Paste or type on both sides.";
  } else if (d.isEqual && explanation.findings.length === 0) {
    summary.textContent = `Identical: ${bytesLabel(d.expectedLen)}.`;
  } else {
    summary.append(
      `Different: server ${bytesLabel(d.expectedLen)}, client ${bytesLabel(d.actualLen)}; `,
      d.firstDifference
        ? el("span", { id: "first-difference", text: firstDifferenceText(d.firstDifference) })
        : "the signed bytes are equal",
      ".",
    );
  }
  $("same-data").hidden = !(explanation.json && explanation.sameData && !d.isEqual);

  const styles = $("styles");
  styles.replaceChildren();
  for (const [who, style] of [["Server", explanation.expectedStyle], ["Client", explanation.actualStyle]]) {
    if (style) styles.append(el("dt", { text: `${who} style` }), el("dd", { text: style }));
  }

  $("causes").replaceChildren(...causeItems(explanation));
  if (explanation.findings.length === 0) {
    $("causes").append(el("li", { class: "muted none", text: empty ? "Nothing to compare yet." : "None: the bytes are the same." }));
  }
  renderDiff(d, expected, actual);
  $("text").textContent = explanation.text;
}

let pending = 0;
function schedule() {
  clearTimeout(pending);
  const size = $("expected").value.length + $("actual").value.length;
  // Small inputs are explained at once (the page is up to date when the input event returns);
  // large ones wait for a pause in typing.
  if (size <= LIVE_LIMIT) run();
  else pending = setTimeout(run, 250);
}

// --- forensics ----------------------------------------------------------------------------------

function forensicKey() {
  const kind = $("key-kind").value;
  const algorithm = $("algorithm").value || undefined;
  const material = $("key").value;
  if (kind === "pem") return Key.fromPem(material, algorithm ? { algorithm } : {});
  const options = { algorithm: algorithm ?? "hmac-sha256" };
  if (kind === "hmac-text") return Key.hmac(utf8.encode(material), options);
  return Key.hmac(material.trim(), { ...options, encoding: kind === "hmac-hex" ? "hex" : "base64" });
}

function runForensics() {
  const out = $("forensics-result");
  out.replaceChildren();
  let key;
  try {
    key = forensicKey();
    const payload = sideBytes($("expected"));
    const found = forensics(payload, $("signature").value.trim(), key);
    out.dataset.state = found.matched ? "matched" : "none";
    if (!found.matched) {
      out.append(
        el("p", { class: "verdict none", id: "forensics-verdict" },
          `No serialization reproduces the signature (${found.candidatesTried} candidates tried). `,
          "The signer used another key, other data, or a construction canonsig does not know."),
      );
      return;
    }
    const m = found.matched;
    const signed = el("pre", { id: "forensics-signed", tabindex: "0", "aria-label": "The bytes the signer signed" });
    appendVisible(signed, m.signedBytes, false);
    const facts = el("dl", { class: "facts" });
    const fact = (name, value) => value && facts.append(el("dt", { text: name }), el("dd", { text: value }));
    fact("Construction", { standard: "the key's algorithm", sha256_body_secret: "SHA-256(body + secret): a home-made MAC", sha256_secret_body: "SHA-256(secret + body): a home-made MAC" }[m.construction]);
    fact("Signature encoding", m.signatureEncoding);
    fact("Secret used", m.secretUsed);
    fact("Variant", m.variant);
    fact("Candidates tried", String(found.candidatesTried));
    const causes = el("ol", { class: "causes", id: "forensics-causes" }, ...causeItems(m.explanation));
    out.append(
      el("p", { class: "verdict matched", id: "forensics-verdict" }, el("strong", { text: "Found: " }), m.description),
      facts,
      el("h4", { text: "What the signer signed" }),
      signed,
      el("h4", { text: "Why it differs from the server's payload" }),
      m.explanation.isEqual ? el("p", { text: "It does not: the payload is exactly what was signed." }) : causes,
    );
  } catch (e) {
    out.dataset.state = "error";
    out.append(el("p", { class: "error", role: "alert", text: errorText(e) }));
  } finally {
    key?.free();
  }
}

// --- examples (hand-written for the page; the tests use the shared fixtures) ---------------------

const EXAMPLES = {
  python: {
    label: "JSON: Python json.dumps vs RFC 8785",
    expected: '{"amount":10,"currency":"EUR","note":"café & co"}',
    actual: '{"note": "caf\\u00e9 & co", "currency": "EUR", "amount": 10.0}',
  },
  headers: {
    label: "Signing string: header case and a pasted NBSP",
    expected: 'POST /v1/orders\nhost: api.example.com\ncontent-type: application/json\ndigest: sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=',
    actual: 'POST /v1/orders\nHost: api.example.com\ncontent-type:\u00a0application/json\ndigest: sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=',
  },
  percent: {
    label: "Canonical request: percent-encoding",
    expected: "GET\n/photos/a%2Fb\nsize=large&tag=caf%C3%A9\nhost:example.com",
    actual: "GET\n/photos/a%2fb\nsize=large&tag=caf%c3%a9\nhost:example.com",
  },
  traces: {
    label: "Two signing traces (python-sorted vs RFC 8785)",
    make() {
      const key = Key.hmac(utf8.encode("playground demo secret"), { keyId: "demo" });
      try {
        const body = '{"b": [1.0, "é"], "a": true}';
        const signer = signJsonTraced(body, key, { profile: "python-sorted", includeSigningString: true }).trace;
        const verifier = signJsonTraced(body, key, { includeSigningString: true }).trace;
        return { expected: JSON.stringify(signer), actual: JSON.stringify(verifier) };
      } finally {
        key.free();
      }
    },
  },
  forensics: {
    label: "Forensics: what did the client sign?",
    make() {
      // The client signed json.dumps(body, sort_keys=True, indent=2) with HMAC-SHA256.
      const signed = '{\n  "amount": 10.0,\n  "currency": "EUR",\n  "note": "caf\\u00e9"\n}';
      const key = Key.hmac(utf8.encode("playground demo secret"));
      try {
        const signature = Array.from(key.sign(utf8.encode(signed)), (b) => b.toString(16).padStart(2, "0")).join("");
        return {
          expected: '{"amount":10,"currency":"EUR","note":"café"}',
          actual: signed,
          forensics: { kind: "hmac-text", key: "playground demo secret", signature },
        };
      } finally {
        key.free();
      }
    },
  },
};

function loadExample(name) {
  const ex = EXAMPLES[name];
  if (!ex) return;
  const { expected, actual, forensics: f } = ex.make ? ex.make() : ex;
  $("hex").checked = false;
  $("mode").value = "auto";
  $("expected").value = expected;
  $("actual").value = actual;
  if (f) {
    $("forensics-panel").open = true;
    $("key-kind").value = f.kind;
    $("algorithm").value = "";
    $("key").value = f.key;
    $("signature").value = f.signature;
    runForensics();
  }
  run();
}

// --- wiring ------------------------------------------------------------------------------------

function toggleHex() {
  const toHex = $("hex").checked;
  try {
    const converted = ["expected", "actual"].map((id) => {
      const v = $(id).value;
      return toHex ? bytesToHex(utf8.encode(v)) : strictUtf8.decode(hexToBytes(v));
    });
    $("expected").value = converted[0];
    $("actual").value = converted[1];
  } catch {
    $("hex").checked = !toHex;
    showInputError("These bytes are not valid UTF-8 text (or not hex), so they stay in hex.");
    return;
  }
  run();
}

await init();
for (const a of ALGORITHMS) $("algorithm").append(el("option", { value: a, text: a }));
for (const [name, ex] of Object.entries(EXAMPLES)) $("example").append(el("option", { value: name, text: ex.label }));
$("expected").addEventListener("input", schedule);
$("actual").addEventListener("input", schedule);
$("mode").addEventListener("change", run);
$("hex").addEventListener("change", toggleHex);
$("example").addEventListener("change", (e) => loadExample(e.target.value));
$("run-forensics").addEventListener("click", runForensics);
$("signature").addEventListener("keydown", (e) => e.key === "Enter" && runForensics());
run();
document.body.dataset.ready = "true";
