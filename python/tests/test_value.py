"""``canonicalize_value`` (Python objects) against ``canonicalize`` (JSON text) and
against ``json.dumps``, the independent oracle of the two Python profiles."""

from __future__ import annotations

import collections
import enum
import json
import math
from typing import Any

import pytest

import canonsig

OBJECTS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**53 - 1,
    -(2**53 - 1),
    0.0,
    -0.0,
    1.0,
    0.1,
    -1.5,
    1e16,
    1e21,
    1e-7,
    1e-5,
    5e-324,
    1.7976931348623157e308,
    123456789.125,
    "",
    "plain",
    'quote " backslash \\ slash /',
    "controls \x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f",
    "non-ASCII é € \u2028\u2029 \ufeff",
    "astral 😀 \U0010ffff",
    "private use \ue000 \uffff",
    "<script>&amp;'",
    [],
    {},
    [1, "two", [3.5, None], {"four": False}],
    {"b": 1, "a": 2, "": 0, "A": 3, "aa": [], "é": {}, "😀": 1, "\ue000": 2, "\uffff": 3},
    {"nested": {"z": [{"y": 1, "x": [True, False, None]}], "a": "b"}},
    {"numbers": [0, 1.0, 2.5, -0.0, 100, 1e100, 3.141592653589793]},
    [[[[[[[[[[]]]]]]]]]],
]

BIG_INTS: list[Any] = [2**53, -(2**53), 2**64 + 1, {"n": [10**30]}]


def outcome(function: Any, data: Any, profile: str) -> tuple[str, Any]:
    """The bytes, or the error code and path (offsets differ: values have none)."""
    try:
        return ("ok", function(data, profile=profile))
    except canonsig.CanonicalizationError as e:
        return ("error", (e.code, e.path))


@pytest.mark.parametrize("profile", canonsig.PROFILES)
@pytest.mark.parametrize("obj", OBJECTS + BIG_INTS, ids=repr)
def test_value_agrees_with_text(obj: Any, profile: str) -> None:
    text = json.dumps(obj)
    assert outcome(canonsig.canonicalize_value, obj, profile) == outcome(canonsig.canonicalize, text, profile)
    # ensure_ascii=False text (raw UTF-8) parses to the same value.
    raw = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert outcome(canonsig.canonicalize_value, obj, profile) == outcome(canonsig.canonicalize, raw, profile)


@pytest.mark.parametrize("obj", OBJECTS + BIG_INTS, ids=repr)
def test_python_profiles_match_json_dumps(obj: Any) -> None:
    ascii_form = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()
    unicode_form = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert canonsig.canonicalize_value(obj, profile="python-sorted") == ascii_form
    assert canonsig.canonicalize_value(obj, profile="python-sorted-unicode") == unicode_form


def test_bool_is_not_int() -> None:
    assert canonsig.canonicalize_value([True, 1, False, 0]) == b"[true,1,false,0]"
    assert canonsig.canonicalize_value({"t": True}) == b'{"t":true}'


def test_tuples_are_arrays() -> None:
    assert canonsig.canonicalize_value((1, (2, "x"), ())) == b'[1,[2,"x"],[]]'
    assert canonsig.canonicalize_value({"t": (None,)}) == b'{"t":[null]}'


@pytest.mark.parametrize("profile", ["python-sorted", "python-sorted-unicode"])
def test_big_ints_exact_in_python_profiles(profile: str) -> None:
    for n in (2**53, 2**53 + 1, -(2**63) - 1, 2**64, 2**64 + 1, 10**80 + 7, -(10**80 + 7)):
        assert canonsig.canonicalize_value(n, profile=profile) == str(n).encode()
        assert canonsig.canonicalize_value([n], profile=profile) == f"[{n}]".encode()


def test_big_ints_refused_in_binary64_profiles() -> None:
    for profile in ("jcs", "go-json"):
        with pytest.raises(canonsig.CanonicalizationError) as info:
            canonsig.canonicalize_value({"n": 2**64 + 1}, profile=profile)
        assert (info.value.code, info.value.path) == ("unsafe_integer", "$.n")


class Color(enum.IntEnum):
    RED = 1


class Tag(str):
    def __str__(self) -> str:
        return "not used"


class Money(float):
    def __repr__(self) -> str:
        return "not used"


class Big(int):
    def __repr__(self) -> str:
        return "not used"


def test_subclasses_use_their_builtin_value() -> None:
    # json.dumps treats subclasses of the JSON types as those types, by value.
    doc = collections.OrderedDict([("b", Color.RED), ("a", [Tag("x"), Money(2.5)])])
    assert canonsig.canonicalize_value(doc) == b'{"a":["x",2.5],"b":1}'
    assert canonsig.canonicalize_value(Big(2**70), profile="python-sorted") == str(2**70).encode()


def test_float_edge_values() -> None:
    assert canonsig.canonicalize_value([-0.0, 0.0, 1e21, 1e20, 1e-7, 1e-6]) == (
        b"[0,0,1e+21,100000000000000000000,1e-7,0.000001]"
    )
    assert canonsig.canonicalize_value(math.pi) == b"3.141592653589793"


def test_max_depth_is_keyword_and_shared_with_text() -> None:
    deep: Any = "x"
    for _ in range(5):
        deep = [deep]
    assert canonsig.canonicalize_value(deep, max_depth=5) == b'[[[[["x"]]]]]'
    with pytest.raises(canonsig.CanonicalizationError) as by_value:
        canonsig.canonicalize_value(deep, max_depth=4)
    with pytest.raises(canonsig.CanonicalizationError) as by_text:
        canonsig.canonicalize(json.dumps(deep), max_depth=4)
    assert (by_value.value.code, by_value.value.path) == (by_text.value.code, by_text.value.path)


def test_deep_value_within_the_cap() -> None:
    deep: Any = []
    for _ in range(9_999):
        deep = [deep]
    # 10,000 nested lists: the in-memory cap, allowed when max_depth allows it.
    assert canonsig.canonicalize_value(deep, max_depth=10_000) == b"[" * 10_000 + b"]" * 10_000
