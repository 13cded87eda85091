"""Property tests (hypothesis) through the Python API: canonicalization is idempotent, reads
back as the same data and ignores member order and whitespace; sign-then-verify succeeds and
any changed byte of the signature fails, a changed payload byte fails exactly when the signed
bytes change; diffs of equal inputs are empty and of unequal ones name the common-prefix
length. (The Rust twins are in core/tests/properties.rs; test_properties.py holds the
``json.dumps`` equivalences.)"""

from __future__ import annotations

import json
import math
import random
from functools import cache
from typing import Any

import pytest

import canonsig

hypothesis = pytest.importorskip("hypothesis", reason="pip install hypothesis (property tests)")
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SAFE = 2**53 - 1
NOW = 1_800_000_000
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
scalars = st.none() | st.booleans() | st.integers(-SAFE, SAFE) | st.floats(allow_nan=False, allow_infinity=False) | text
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(text, inner, max_size=5), max_leaves=25
)


def render(value: Any, rng: random.Random) -> str:
    """``value`` as JSON text with shuffled members, random whitespace and random escapes."""

    def ws() -> str:
        return "".join(rng.choice(" \t\n\r") for _ in range(rng.randrange(3)))

    def string(s: str) -> str:
        if rng.random() < 0.5:
            return json.dumps(s, ensure_ascii=True)
        return json.dumps(s, ensure_ascii=False)

    def go(v: Any) -> str:
        if isinstance(v, dict):
            items = list(v.items())
            rng.shuffle(items)
            return "{" + ",".join(f"{ws()}{string(k)}{ws()}:{ws()}{go(x)}{ws()}" for k, x in items) + ws() + "}"
        if isinstance(v, list):
            return "[" + ",".join(f"{ws()}{go(x)}{ws()}" for x in v) + ws() + "]"
        if isinstance(v, str):
            return string(v)
        if isinstance(v, float) and rng.random() < 0.5:
            return f"{v:e}" if math.isfinite(v) and v == float(f"{v:e}") else repr(v)
        return json.dumps(v)

    return ws() + go(value) + ws()


def same(a: Any, b: Any) -> bool:
    """Equal as data, numbers as binary64 (-0.0 equals 0)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


@settings(max_examples=200, deadline=None)
@given(values, st.randoms(use_true_random=False), st.sampled_from(canonsig.PROFILES))
def test_canonicalize_is_idempotent_and_reads_back(value: Any, rng: random.Random, profile: str) -> None:
    out = canonsig.canonicalize(render(value, rng), profile=profile)
    assert canonsig.canonicalize(out, profile=profile) == out
    assert same(json.loads(out), value), out


@settings(max_examples=200, deadline=None)
@given(values, st.randoms(use_true_random=False), st.sampled_from(canonsig.PROFILES))
def test_order_whitespace_and_escapes_do_not_change_the_bytes(value: Any, rng: random.Random, profile: str) -> None:
    one, two = render(value, rng), render(value, rng)
    assert canonsig.canonicalize(one, profile=profile) == canonsig.canonicalize(two, profile=profile), (one, two)


@cache
def key(algorithm: str) -> canonsig.Key:
    if algorithm.startswith("hmac"):
        return canonsig.HmacKey(b"python property secret, 32 bytes", algorithm=algorithm, key_id="k")
    if algorithm == "ed25519":
        return canonsig.Ed25519Key.generate(key_id="k")
    if algorithm.startswith("ecdsa"):
        return canonsig.EcdsaKey.generate(algorithm, key_id="k")
    return canonsig.RsaKey.generate(algorithm, key_id="k")


def verifier(algorithm: str) -> canonsig.Verifier:
    k = key(algorithm)
    return canonsig.Verifier([k if algorithm.startswith("hmac") else k.public_key()], clock=lambda: NOW)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(canonsig.ALGORITHMS), values, st.randoms(use_true_random=False), st.data())
def test_sign_verify_and_a_changed_payload_byte(algorithm: str, value: Any, rng: random.Random, data: Any) -> None:
    payload = render(value, rng).encode()
    sig = canonsig.sign_json(payload, key(algorithm), created=NOW)
    v = verifier(algorithm)
    v.verify_json(payload, sig)
    v.verify_json(render(value, rng), sig)
    at = data.draw(st.integers(0, len(payload) - 1))
    byte = data.draw(st.integers(0, 255))
    assume(payload[at] != byte)
    changed = payload[:at] + bytes([byte]) + payload[at + 1 :]
    signed = canonsig.canonicalize(payload)
    try:
        now_signed = canonsig.canonicalize(changed)
    except canonsig.CanonicalizationError:
        with pytest.raises(canonsig.CanonicalizationError):
            v.verify_json(changed, sig)
        return
    if now_signed == signed:
        v.verify_json(changed, sig)  # `1E2` for `1e2`: the same signed bytes
    else:
        with pytest.raises(canonsig.SignatureMismatch):
            v.verify_json(changed, sig)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(canonsig.ALGORITHMS), st.data())
def test_any_changed_signature_byte_fails(algorithm: str, data: Any) -> None:
    sig = canonsig.sign_json(b'{"a":[1,"x"]}', key(algorithm), created=NOW)
    at = data.draw(st.integers(0, len(sig.value) - 1))
    flip = data.draw(st.integers(1, 255))
    value = sig.value[:at] + bytes([sig.value[at] ^ flip]) + sig.value[at + 1 :]
    bad = canonsig.Signature(value, algorithm=sig.algorithm, key_id=sig.key_id, created=sig.created)
    with pytest.raises(canonsig.VerificationError) as info:
        verifier(algorithm).verify_json(b'{"a":[1,"x"]}', bad)
    assert info.value.code in ("signature_mismatch", "malformed_signature")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_diff_of_equal_inputs_is_empty(data: bytes) -> None:
    d = canonsig.diff(data, data)
    assert d.is_equal and d.first_difference is None and not d.changes
    e = canonsig.explain(data, data)
    assert e.is_equal and not e.findings


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.binary(max_size=30), st.binary(max_size=30))
def test_diff_names_the_common_prefix_length(prefix: bytes, left: bytes, right: bytes) -> None:
    a, b = prefix + left, prefix + right
    assume(a != b)
    common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    d = canonsig.diff(a, b)
    assert d.first_difference is not None and d.first_difference.offset == common
    e = canonsig.explain(a, b)
    assert e.diff.first_difference is not None and e.diff.first_difference.offset == common
    assert e.findings
