"""The public RFC 8785 vectors in ``<repo>/../shared/vectors/jcs``, read in place.

Expected values are the cyberphone reference outputs, Node's Number.prototype.toString
(RFC 8785 Appendix B, es6-numbers-10k) and the outputs independent peers agreed on
(edge_cases.json); see that folder's README for provenance.
"""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import pytest

import canonsig
from support import SHARED_JCS, hex_bytes, load_json

pytestmark = pytest.mark.skipif(
    not SHARED_JCS.is_dir(),
    reason=f"shared JCS vectors not found at {SHARED_JCS} (they live next to the repository, not in it)",
)

CYBERPHONE = ["arrays", "french", "structures", "unicode", "values", "weird"]


def float_of(bits_hex: str) -> float:
    value: float = struct.unpack(">d", int(bits_hex, 16).to_bytes(8, "big"))[0]
    return value


@pytest.mark.parametrize("name", CYBERPHONE)
def test_cyberphone(name: str) -> None:
    base = SHARED_JCS / "cyberphone"
    source = (base / "input" / f"{name}.json").read_bytes()
    expected = (base / "output" / f"{name}.json").read_bytes()
    assert expected == hex_bytes((base / "outhex" / f"{name}.txt").read_text()), "output and outhex disagree"
    assert canonsig.canonicalize(source) == expected
    assert canonsig.canonicalize(source.decode("utf-8")) == expected
    # Through Python values too (json.loads keeps these documents' meaning).
    assert canonsig.canonicalize_value(json.loads(source)) == expected


def test_cyberphone_set_is_complete() -> None:
    found = sorted(p.stem for p in (SHARED_JCS / "cyberphone" / "input").glob("*.json"))
    assert found == CYBERPHONE


def test_es6_numbers_10k() -> None:
    lines = (SHARED_JCS / "es6-numbers-10k.txt").read_text().splitlines()
    assert len(lines) == 10_000
    value_mismatches: list[str] = []
    text_mismatches: list[str] = []
    for line in lines:
        bits, expected = line.split(",")
        number = float_of(bits)
        got = canonsig.canonicalize_value(number).decode()
        if got != expected:
            value_mismatches.append(f"{bits}: value gave {got}, expected {expected}")
        # repr() is Python's shortest round-trip text, a valid JSON number for finite floats.
        got = canonsig.canonicalize(repr(number)).decode()
        if got != expected:
            text_mismatches.append(f"{bits}: text {repr(number)} gave {got}, expected {expected}")
    assert not value_mismatches, value_mismatches[:10]
    assert not text_mismatches, text_mismatches[:10]


APPENDIX_B: list[dict[str, Any]] = (
    load_json(SHARED_JCS / "rfc8785-appendix-b-numbers.json") if SHARED_JCS.is_dir() else []
)


@pytest.mark.parametrize("case", APPENDIX_B, ids=[c["ieee_hex"] for c in APPENDIX_B])
def test_rfc8785_appendix_b(case: dict[str, Any]) -> None:
    number = float_of(case["ieee_hex"])
    if case["expected"] is not None:
        assert canonsig.canonicalize_value(number) == case["expected"].encode()
        assert canonsig.canonicalize(repr(number)) == case["expected"].encode()
        return
    assert math.isnan(number) or math.isinf(number)
    with pytest.raises(canonsig.CanonicalizationError) as info:
        canonsig.canonicalize_value(number)
    assert (info.value.code, info.value.path) == ("non_finite_number", "$")
    # The same value as JSON text: JavaScript's spelling of it (NaN, Infinity, -Infinity).
    text = "NaN" if math.isnan(number) else ("Infinity" if number > 0 else "-Infinity")
    with pytest.raises(canonsig.CanonicalizationError) as info:
        canonsig.canonicalize(text)
    assert (info.value.code, info.value.offset) == ("non_finite_number", 0)


def test_appendix_b_is_complete() -> None:
    assert len(APPENDIX_B) >= 20
    assert sum(c["expected"] is None for c in APPENDIX_B) >= 2


EDGE_CASES: list[dict[str, Any]] = load_json(SHARED_JCS / "edge_cases.json") if SHARED_JCS.is_dir() else []
# What RFC 8785 requires an error for, per case kind (README: lone surrogates §3.2.2.2,
# non-finite or overflowing numbers §3.2.2.3, duplicate names §3.1).
RFC_ERRORS = {"lone_surrogate", "number_out_of_range", "non_finite_number", "duplicate_key"}


@pytest.mark.parametrize("case", EDGE_CASES, ids=[c["name"] for c in EDGE_CASES])
def test_edge_case(case: dict[str, Any]) -> None:
    text: str = case["input"]
    if "expected" in case:
        expected = case["expected"].encode("utf-8")
        # Peers that reject a case with an `expected` do so for integers beyond 2**53
        # (rfc8785's policy, see the case's note); canonsig refuses them too by default,
        # and formats them as the other peers do when allowed.
        if case["peers_rejecting"]:
            with pytest.raises(canonsig.CanonicalizationError) as info:
                canonsig.canonicalize(text)
            assert info.value.code == "unsafe_integer"
            options = {"allow_unsafe_integers": True}
        else:
            options = {}
        assert canonsig.canonicalize(text.encode("utf-8"), **options) == expected
        assert canonsig.canonicalize(text, **options) == expected
        assert canonsig.canonicalize_value(json.loads(text), **options) == expected
        return
    assert case["expected_error"] is True
    for data in (text, text.encode("utf-8")):
        with pytest.raises(canonsig.CanonicalizationError) as info:
            canonsig.canonicalize(data)
        assert info.value.code in RFC_ERRORS, str(info.value)
        if "surrogate" in case["name"]:
            assert info.value.code == "lone_surrogate"
        if case["name"] == "duplicate-keys":
            # Every peer accepts this (last value wins); canonsig must not.
            assert info.value.code == "duplicate_key"
            assert (info.value.offset, info.value.path) == (text.rindex('"a"'), "$.a")
