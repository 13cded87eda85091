"""Python side of bench/run.py: canonsig's binding against the Python JCS libraries.

Every implementation starts from the same JSON text (bytes read from the payload file, as
a server receives them) and ends with an HMAC-SHA256 over its output (`hmac.digest`,
OpenSSL), so each row times parse + canonicalize + HMAC:

- canonsig.canonicalize(bytes)                      (JCS)
- rfc8785.dumps(json.loads(bytes))                  (JCS, Trail of Bits)
- jcs.canonicalize(json.loads(bytes))               (JCS, titusz)
- canonicaljson.encode_canonical_json(json.loads(b)) (Matrix form: NOT JCS)
- orjson.dumps(orjson.loads(b), OPT_SORT_KEYS)      (sorted keys: NOT JCS)

Also canonsig.canonicalize_value(json.loads(bytes)) (JCS from Python objects).
Prints one JSON record per line; run.py checks the SHA-256 of JCS outputs for equality.

    python bench/py_bench.py DATA_DIR [--quick]
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from pathlib import Path

import canonicaljson
import jcs
import orjson
import rfc8785

import canonsig

KINDS = ["small", "medium", "large", "numbers", "unicode"]
SECRET = b"bench-secret-0123456789abcdef"


def impls():
    sort = orjson.OPT_SORT_KEYS
    return [
        ("canonsig", True, lambda b: canonsig.canonicalize(b)),
        ("canonsig canonicalize_value(json.loads)", True, lambda b: canonsig.canonicalize_value(json.loads(b))),
        ("rfc8785", True, lambda b: rfc8785.dumps(json.loads(b))),
        ("jcs", True, lambda b: jcs.canonicalize(json.loads(b))),
        ("canonicaljson (not JCS)", False, lambda b: canonicaljson.encode_canonical_json(json.loads(b))),
        ("orjson OPT_SORT_KEYS (not JCS)", False, lambda b: orjson.dumps(orjson.loads(b), option=sort)),
    ]


def time_per_call(fn, samples: int, sample_time: float) -> float:
    # Warm up for one sample's time; the calls it made size the samples.
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() - start < sample_time:
        fn()
        calls += 1
    once = (time.perf_counter() - start) / calls
    iters = max(1, min(1_000_000, int(sample_time / once)))
    results = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(iters):
            fn()
        results.append((time.perf_counter() - start) / iters)
    return min(results)  # the fastest sample: the least disturbed on a shared machine


def main() -> None:
    data_dir = Path(sys.argv[1])
    quick = "--quick" in sys.argv
    samples, sample_time = (3, 0.02) if quick else (7, 0.1)
    for kind in KINDS:
        data = (data_dir / f"{kind}.json").read_bytes()
        for name, is_jcs, canon in impls():
            out = canon(data)
            record = {
                "kind": "throughput",
                "lang": "python",
                "payload": kind,
                "bytes": len(data),
                "impl": name,
            }
            if is_jcs:
                record["sha256"] = hashlib.sha256(out).hexdigest()
            secs = time_per_call(lambda: hmac.digest(SECRET, canon(data), "sha256"), samples, sample_time)
            record["mbps"] = round(len(data) / 1e6 / secs, 2)
            record["ops"] = round(1 / secs, 1)
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
