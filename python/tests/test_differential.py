"""Differential test against PyPI ``rfc8785`` (Trail of Bits), an independent RFC 8785
implementation, on deterministic random documents.

Documents stay inside what both implementations accept (I-JSON: integers within
+-(2**53-1), finite floats, no lone surrogates), and stress what JCS implementations get
wrong: UTF-16 key order (astral vs U+E000..U+FFFF), ES number spelling around 1e21/1e-7,
subnormals, -0, random bit patterns, control characters and escapes.
"""

from __future__ import annotations

import json
import math
import random
import struct
from typing import Any

import pytest

import canonsig
from support import REPORT

rfc8785 = pytest.importorskip("rfc8785", reason="pip install rfc8785 (the independent oracle)")

SEED = 8785
DOCUMENTS = 3000
MAX_SAFE = 2**53 - 1

KEY_CHARS = [
    "a",
    "b",
    "A",
    "Z",
    "_",
    "é",
    "\x7f",
    "\u20ac",
    "\ue000",
    "\uffff",
    "\uff61",
    "😀",
    "\U00010000",
    "\U0010fffd",
    "\u0000",
    " ",
]
STRING_POOLS = [
    "abcxyz ABC 0123456789",
    '"\\/',
    "".join(chr(c) for c in range(0x20)) + "\x7f",
    "\u0080\u00a0é\u00ff\u0100\u07ff\u0800\u2028\u2029\ufeff\ud7ff",
    "\ue000\uf8ff\ufb01\ufffd\uffff",
    "😀🎉\U00010000\U0001f600\U0010ffff",
]
BOUNDARY_FLOATS = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.1,
    1e21,
    1e-7,
    1e-6,
    1e20,
    9.999999999999999e20,
    1e22,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    2.225073858507201e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    9007199254740991.0,
    9007199254740992.0,
    333333333.3333333,
    1e-323,
    123456789012345680000.0,
    4.35,
    0.000001234,
    1e-300,
    1e300,
]


def random_float(rng: random.Random) -> float:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(BOUNDARY_FLOATS)
    if kind == 1:  # neighbours of the ES formatting thresholds
        base = rng.choice([1e21, 1e-7, 1e-6, 1e20, 1e15, 1e16, 1e17])
        step = rng.choice([-1, 1]) * rng.randint(1, 3)
        x = base
        for _ in range(abs(step)):
            x = math.nextafter(x, math.inf if step > 0 else -math.inf)
        return x
    if kind == 2:  # subnormal
        bits = rng.randrange(1, 2**52)
        return float(struct.unpack("<d", struct.pack("<Q", bits | (rng.randrange(2) << 63)))[0])
    if kind == 3:  # any finite bit pattern
        while True:
            x = float(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
            if math.isfinite(x):
                return x
    if kind == 4:
        return rng.uniform(-1e6, 1e6)
    return float(rng.randint(-(2**53), 2**53)) / rng.choice([1, 10, 100, 1000, 3, 7])


def random_string(rng: random.Random, max_len: int = 12) -> str:
    return "".join(rng.choice(rng.choice(STRING_POOLS)) for _ in range(rng.randrange(max_len + 1)))


def random_key(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return random_string(rng, 6)
    return "".join(rng.choice(KEY_CHARS) for _ in range(rng.randrange(4)))


def random_scalar(rng: random.Random) -> Any:
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-1000, 1000)
    if kind == 2:
        return rng.randint(-MAX_SAFE, MAX_SAFE)
    if kind == 3:
        return rng.choice([MAX_SAFE, -MAX_SAFE, 0, 2**31, 2**32 + 1, 10**15])
    if kind in (4, 5):
        return random_float(rng)
    return random_string(rng)


def random_value(rng: random.Random, depth: int) -> Any:
    if depth <= 0 or rng.random() < 0.45:
        return random_scalar(rng)
    if rng.random() < 0.5:
        return [random_value(rng, depth - 1) for _ in range(rng.randrange(5))]
    return {random_key(rng): random_value(rng, depth - 1) for _ in range(rng.randrange(6))}


def documents() -> list[Any]:
    rng = random.Random(SEED)
    return [random_value(rng, rng.randrange(1, 6)) for _ in range(DOCUMENTS)]


def test_matches_rfc8785(request: pytest.FixtureRequest) -> None:
    docs = documents()
    mismatches: list[str] = []
    checks = 0
    for i, doc in enumerate(docs):
        expected = rfc8785.dumps(doc)
        candidates = {
            "text (ensure_ascii)": canonsig.canonicalize(json.dumps(doc).encode()),
            "text (raw UTF-8)": canonsig.canonicalize(json.dumps(doc, ensure_ascii=False)),
            "value": canonsig.canonicalize_value(doc),
        }
        for how, got in candidates.items():
            checks += 1
            if got != expected:
                mismatches.append(
                    f"doc {i} via {how}: {json.dumps(doc)!r}\n  canonsig {got!r}\n  rfc8785  {expected!r}"
                )
    version = getattr(rfc8785, "__version__", "?")
    REPORT.append(
        f"differential vs rfc8785 {version}: {len(docs)} documents (seed {SEED}), "
        f"{checks} comparisons, {len(mismatches)} mismatches"
    )
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:5])


def test_generator_covers_the_hard_parts() -> None:
    """Guard against a generator that silently stops producing what it is for."""
    docs = documents()
    text = json.dumps(docs, ensure_ascii=False)
    for needle in ["\ue000", "😀", "e-324", "1e+21", "\\u0000", "\\\\", '\\"', "-0.0"]:
        assert needle in text or needle in json.dumps(docs), needle
    keys: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            keys.update(v)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(docs)
    # Keys whose UTF-16 order differs from code-point order.
    assert any(k and k[0] >= "\U00010000" for k in keys)
    assert any(k and "\ue000" <= k[0] <= "\uffff" for k in keys)
