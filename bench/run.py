#!/usr/bin/env python3
"""Benchmarks canonsig against its peers in Rust, Python and Node in one run, prints the
ratio tables (markdown) and checks that every JCS output is byte-identical (SHA-256).

    python3 bench/run.py [--quick] [--python PY] [--skip-python] [--skip-node] [--json FILE]

Needs, besides cargo: for Python, an interpreter with canonsig installed (`maturin develop
--release` in python/, or `pip install ./python`) and the peers (`pip install rfc8785==0.1.4
jcs==0.2.1 canonicaljson==2.0.0 orjson==3.13.0`); default: .venv/bin/python. For Node,
`bash wasm/build.sh` (wasm/pkg-node); the npm peers are installed into bench/node by this
script (`npm ci`). A missing language is reported and skipped, unless it was asked for
explicitly with --python. Exit status 1 when any JCS output differs from the others.

Payloads come from one generator (core/benches/common/payloads.rs), written to bench/data
by `canonsig-bench gen`. MB/s are input bytes (10^6) per second, from the fastest of several
samples (the least disturbed on a shared machine), single thread;
every row is parse + canonicalize + HMAC-SHA256 of the output.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
KINDS = ["small", "medium", "large", "numbers", "unicode"]

# Targets of issue 6: (peer, minimum ratio) per payload.
RUST_TARGET = {"small": 3, "medium": 3, "large": 2, "numbers": 2, "unicode": 2}
NODE_TARGET = {"small": 1, "medium": 2, "large": 2, "numbers": 2}
PY_ORJSON_TARGET = 1
PY_PURE_TARGET = 5
READ_TARGET = 2  # canonsig within 2x of serde_json's no-tree parse on "large"
MEMORY_TARGET = 3  # peak heap at most 3x the input on "large"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_lines(cmd: list[str], **kw) -> list[dict]:
    log("$ " + " ".join(str(c) for c in cmd))
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def rust(quick: bool) -> list[dict]:
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", str(ROOT / "target" / "bench"))
    manifest = str(BENCH / "Cargo.toml")
    subprocess.run(["cargo", "build", "--release", "--locked", "--manifest-path", manifest], check=True, env=env)
    exe = Path(env["CARGO_TARGET_DIR"]) / "release" / "canonsig-bench"
    subprocess.run([str(exe), "gen", str(DATA)], check=True)
    return run_lines([str(exe), "rust"] + (["--quick"] if quick else []))


def python(py: str, quick: bool, required: bool) -> list[dict]:
    probe = subprocess.run(
        [py, "-c", "import canonsig, rfc8785, jcs, canonicaljson, orjson"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        msg = f"python: {py} lacks canonsig or a peer ({probe.stderr.strip().splitlines()[-1:]})"
        if required:
            raise SystemExit(msg)
        log(msg + "; skipped (see bench/run.py --help)")
        return []
    return run_lines([py, str(BENCH / "py_bench.py"), str(DATA)] + (["--quick"] if quick else []))


def node(quick: bool) -> list[dict]:
    pkg = ROOT / "wasm" / "pkg-node"
    if not (pkg / "canonsig_wasm.js").exists():
        log("node: wasm/pkg-node missing (run: bash wasm/build.sh); skipped")
        return []
    node_dir = BENCH / "node"
    if not (node_dir / "node_modules" / "canonicalize").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=node_dir, check=True)
    return run_lines(["node", str(node_dir / "bench.mjs"), str(DATA), str(pkg)] + (["--quick"] if quick else []))


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def fmt(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f}x {'ok' if ratio >= target else 'MISSED'} (>= {target}x)"


def throughput(records: list[dict], lang: str) -> dict[str, dict[str, dict]]:
    by: dict[str, dict[str, dict]] = {}
    for r in records:
        if r.get("kind") == "throughput" and r["lang"] == lang:
            by.setdefault(r["payload"], {})[r["impl"]] = r
    return by


def report(records: list[dict]) -> tuple[str, list[str], list[str]]:
    """The markdown report, the targets missed, and the output mismatches."""
    parts: list[str] = []
    missed: list[str] = []

    rs = throughput(records, "rust")
    if rs:
        rows = []
        for p in KINDS:
            t = rs[p]
            c = t["canonsig"]["mbps"]
            peers = [t["serde_jcs"]["mbps"], t["serde_json_canonicalizer"]["mbps"]]
            read = t["serde_json IgnoredAny (read only)"]["mbps"]
            nohmac = t["canonsig (no hmac)"]["mbps"]
            v = verdict(c / max(peers), RUST_TARGET[p])
            rv = f"{read / nohmac:.2f}x slower"
            if p == "large":
                ok = read / nohmac <= READ_TARGET
                rv += f" {'ok' if ok else 'MISSED'} (<= {READ_TARGET}x)"
                if not ok:
                    missed.append(f"rust read speed on large: {read / nohmac:.2f}x slower than serde_json IgnoredAny")
            if "MISSED" in v:
                missed.append(f"rust {p}: {v}")
            rows.append(
                [p, f"{t['canonsig']['bytes']:,}", fmt(c), fmt(peers[0]), fmt(peers[1]), v, fmt(nohmac), fmt(read), rv]
            )
        parts.append(
            "### Rust: canonicalize + HMAC-SHA256, MB/s\n\n"
            + table(
                [
                    "payload",
                    "bytes",
                    "canonsig",
                    "serde_jcs",
                    "serde_json_canonicalizer",
                    "canonsig / best peer",
                    "canonsig w/o HMAC",
                    "serde_json IgnoredAny (read only)",
                    "canonsig vs read-only",
                ],
                rows,
            )
        )

    mem = {r["impl"]: r for r in records if r.get("kind") == "memory"}
    if mem:
        rows = []
        for name, r in mem.items():
            ratio = r["peak_bytes"] / r["input_bytes"]
            rows.append([name, f"{r['input_bytes']:,}", f"{r['peak_bytes']:,}", f"{ratio:.2f}x"])
        c = mem["canonsig"]
        ratio = c["peak_bytes"] / c["input_bytes"]
        if ratio > MEMORY_TARGET:
            missed.append(f"rust peak memory on large: {ratio:.2f}x the input")
        parts.append(
            f"### Rust: peak heap on the 1 MB payload (target <= {MEMORY_TARGET}x the input)\n\n"
            + table(["impl", "input bytes", "peak heap bytes (above the input)", "peak / input"], rows)
        )

    scale = [r for r in records if r.get("kind") == "scaling"]
    if scale:
        base = next((r for r in scale if r["size"] == "1MB"), scale[0])
        rows = [
            [
                r["size"],
                f"{r['bytes']:,}",
                f"{r['seconds'] * 1e3:.3f}",
                fmt(r["mbps"]),
                f"{(r['seconds'] / r['bytes']) / (base['seconds'] / base['bytes']):.2f}",
                fmt(r["read_mbps"]),
            ]
            for r in scale
        ]
        parts.append(
            "### Rust: time growth, canonsig canonicalize + HMAC on records payloads\n\n"
            + table(["size", "bytes", "ms", "MB/s", "time per byte vs 1MB", "serde_json IgnoredAny MB/s"], rows)
        )

    ver = [r for r in records if r.get("kind") == "verify"]
    if ver:
        rows = [[r["algorithm"], f"{r['micros']:.1f}", f"{1e6 / r['micros']:,.0f}"] for r in ver]
        parts.append(
            "### Rust: verify_json latency, small signed request (canonicalize + verify)\n\n"
            + table(["algorithm", "µs", "verifications/s"], rows)
        )

    py = throughput(records, "python")
    if py:
        names = [
            "canonsig",
            "canonsig canonicalize_value(json.loads)",
            "rfc8785",
            "jcs",
            "canonicaljson (not JCS)",
            "orjson OPT_SORT_KEYS (not JCS)",
        ]
        rows = []
        for p in KINDS:
            t = py[p]
            c = t["canonsig"]["mbps"]
            vo = verdict(c / t["orjson OPT_SORT_KEYS (not JCS)"]["mbps"], PY_ORJSON_TARGET)
            vp = verdict(c / max(t["rfc8785"]["mbps"], t["jcs"]["mbps"]), PY_PURE_TARGET)
            missed += [f"python {p} vs orjson: {vo}"] * ("MISSED" in vo)
            missed += [f"python {p} vs best pure-Python JCS: {vp}"] * ("MISSED" in vp)
            rows.append([p] + [fmt(t[n]["mbps"]) for n in names] + [vo, vp])
        parts.append(
            "### Python: parse + canonicalize + hmac.digest, MB/s\n\n"
            + table(["payload"] + names + ["canonsig / orjson", "canonsig / best of rfc8785, jcs"], rows)
        )

    nd = throughput(records, "node")
    if nd:
        names = ["canonsig (wasm, string in)", "canonsig (wasm, bytes in)", "canonicalize (npm)", "json-canonicalize (npm)"]
        rows = []
        for p in KINDS:
            t = nd[p]
            ratio = t["canonsig (wasm, string in)"]["mbps"] / t["canonicalize (npm)"]["mbps"]
            v = verdict(ratio, NODE_TARGET[p]) if p in NODE_TARGET else f"{ratio:.2f}x (no target)"
            missed += [f"node {p} vs npm canonicalize: {v}"] * ("MISSED" in v)
            rows.append([p] + [fmt(t[n]["mbps"]) for n in names] + [v])
        parts.append(
            "### Node (WASM): parse + canonicalize + crypto HMAC, MB/s\n\n"
            + table(["payload"] + names + ["canonsig (string) / npm canonicalize"], rows)
        )

    wasm = ROOT / "wasm" / "pkg-web" / "canonsig_wasm_bg.wasm"
    if wasm.exists():
        raw = wasm.read_bytes()
        parts.append(f"WASM module: {len(raw):,} bytes raw, {len(gzip.compress(raw, 9)):,} bytes gzip -9.")

    # Output equality: every JCS output (records carrying sha256) must equal canonsig Rust's.
    mismatches: list[str] = []
    checked = 0
    for p in KINDS:
        outs = [r for r in records if r.get("kind") == "throughput" and r["payload"] == p and "sha256" in r]
        ref = next((r["sha256"] for r in outs if r["lang"] == "rust" and r["impl"] == "canonsig"), None)
        for r in outs:
            checked += 1
            if ref is not None and r["sha256"] != ref:
                mismatches.append(f"{p}: {r['lang']} {r['impl']} sha256 {r['sha256'][:16]} != canonsig {ref[:16]}")
    parts.append(
        f"Output check: {checked} JCS outputs compared by SHA-256 with canonsig (Rust), "
        f"{len(mismatches)} mismatches. orjson and canonicaljson are not JCS and are not compared."
    )
    return "\n\n".join(parts), missed, mismatches


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short samples (~1 min); for CI's output check")
    ap.add_argument("--python", help="interpreter with canonsig and the peers (default .venv/bin/python)")
    ap.add_argument("--skip-python", action="store_true")
    ap.add_argument("--skip-node", action="store_true")
    ap.add_argument("--json", help="also write every raw record to this file")
    args = ap.parse_args()

    t0 = time.time()
    records = rust(args.quick)
    if not args.skip_python:
        py = args.python or str(ROOT / ".venv" / "bin" / "python")
        records += python(py, args.quick, required=args.python is not None)
    if not args.skip_node:
        records += node(args.quick)
    if args.json:
        Path(args.json).write_text("\n".join(json.dumps(r) for r in records) + "\n")

    text, missed, mismatches = report(records)
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()
    print(f"## canonsig benchmarks ({'quick' if args.quick else 'full'} run, {time.strftime('%Y-%m-%d')})\n")
    print(f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; run took {time.time() - t0:.0f} s.\n")
    print(text)
    print("\nTargets missed: " + ("none" if not missed else "\n- " + "\n- ".join(missed)))
    if mismatches:
        print("\nOUTPUT MISMATCHES:\n- " + "\n- ".join(mismatches))
        sys.exit(1)


if __name__ == "__main__":
    main()
