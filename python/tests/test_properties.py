"""Property tests (hypothesis): the Python profiles against ``json.dumps`` (their
definition), and text vs value input, on generated JSON-shaped values."""

from __future__ import annotations

import json
from typing import Any

import pytest

import canonsig

hypothesis = pytest.importorskip("hypothesis", reason="pip install hypothesis (property tests)")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SAFE = 2**53 - 1
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
scalars = st.none() | st.booleans() | st.integers(-SAFE, SAFE) | st.floats(allow_nan=False, allow_infinity=False) | text
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(text, inner, max_size=5), max_leaves=30
)
big_values = st.recursive(
    scalars | st.integers(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(big_values)
def test_python_profiles_are_json_dumps(value: Any) -> None:
    assert (
        canonsig.canonicalize_value(value, profile="python-sorted")
        == json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    )
    assert (
        canonsig.canonicalize_value(value, profile="python-sorted-unicode")
        == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from(canonsig.PROFILES))
def test_text_and_value_agree_and_output_is_canonical(value: Any, profile: str) -> None:
    out = canonsig.canonicalize_value(value, profile=profile)
    assert canonsig.canonicalize(json.dumps(value), profile=profile) == out
    # Canonical output reads back as itself with the default (strict) options, even where a
    # float such as 2.0**53 is written as the integer 9007199254740992.
    assert canonsig.check_canonical(out, profile=profile) is None
