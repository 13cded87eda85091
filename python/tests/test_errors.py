"""Every strict-admission error code, raised through the Python API.

Offsets and paths are derived from the inputs themselves (``text.index(...)``), so each
expectation says where the problem is rather than echoing what canonsig returned.
"""

from __future__ import annotations

import pickle
from typing import Any, Callable

import pytest

import canonsig
from canonsig import CanonicalizationError


def raises(function: Callable[..., Any], *args: Any, **kwargs: Any) -> CanonicalizationError:
    with pytest.raises(CanonicalizationError) as info:
        function(*args, **kwargs)
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, canonsig.Error)
    assert str(error).startswith(f"{error.code}: ")
    return error


def where(error: CanonicalizationError) -> tuple[str, int | None, str | None]:
    return (error.code, error.offset, error.path)


# --- duplicate_key -----------------------------------------------------------------------


def test_duplicate_key() -> None:
    text = b'{"a":1,"a":2}'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("duplicate_key", text.rindex(b'"a"'), "$.a")


def test_duplicate_key_after_unescaping_nested() -> None:
    text = b'{"x":[0,{"b":1,"\\u0062":3}]}'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("duplicate_key", text.index(b'"\\u0062"'), "$.x[1].b")


# --- invalid_utf8 ------------------------------------------------------------------------


def test_invalid_utf8() -> None:
    text = b'["ab\xff"]'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("invalid_utf8", text.index(b"\xff"), "$[0]")


# --- lone_surrogate ----------------------------------------------------------------------


def test_lone_surrogate_escaped() -> None:
    text = b'{"k":"x\\ud800"}'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("lone_surrogate", text.index(b"\\ud800"), "$.k")


def test_lone_surrogate_in_python_str_text() -> None:
    # A str holding a raw surrogate code point (which has no UTF-8 form) is located at the
    # byte where its encoding would start.
    text = '["é\ud800"]'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("lone_surrogate", len('["é'.encode()), "$[0]")


def test_lone_surrogate_in_value() -> None:
    e = raises(canonsig.canonicalize_value, {"k": ["ok", "\ud800"]})
    assert where(e) == ("lone_surrogate", None, "$.k[1]")


def test_lone_surrogate_in_dict_key() -> None:
    e = raises(canonsig.canonicalize_value, {"a": {"\udc00": 1}})
    assert where(e) == ("lone_surrogate", None, "$.a")
    assert "\\udc00" in str(e)


# --- non_finite_number -------------------------------------------------------------------


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_text(word: str) -> None:
    text = f'{{"v":[1,{word}]}}'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("non_finite_number", text.index(word), "$.v[1]")


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_value(number: float) -> None:
    e = raises(canonsig.canonicalize_value, {"v": [1, number]})
    assert where(e) == ("non_finite_number", None, "$.v[1]")


@pytest.mark.parametrize("profile", canonsig.PROFILES)
def test_non_finite_value_in_every_profile(profile: str) -> None:
    assert raises(canonsig.canonicalize_value, float("nan"), profile=profile).code == "non_finite_number"


# --- number_out_of_range -----------------------------------------------------------------


def test_number_out_of_range_text() -> None:
    text = b"[0,-1E+400]"
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("number_out_of_range", text.index(b"-1E"), "$[1]")


def test_number_out_of_range_value() -> None:
    # 10**400 is beyond binary64, so the binary64 profile cannot hold it even when unsafe
    # integers are allowed; the Python profiles keep it exact.
    e = raises(canonsig.canonicalize_value, {"n": 10**400}, allow_unsafe_integers=True)
    assert where(e) == ("number_out_of_range", None, "$.n")
    assert canonsig.canonicalize_value(10**400, profile="python-sorted") == str(10**400).encode()


# --- unsafe_integer ----------------------------------------------------------------------


def test_unsafe_integer_text() -> None:
    text = b'{"n":9007199254740993}'
    e = raises(canonsig.canonicalize, text)
    assert where(e) == ("unsafe_integer", text.index(b"9007"), "$.n")
    assert "9007199254740992" in str(e), "the message says what the integer would become"


def test_exact_large_integers_pass() -> None:
    # binary64 holds 2**53 and 10**16 exactly and JCS spells them as given: nothing changes.
    assert canonsig.canonicalize(b"[9007199254740992,10000000000000000]") == b"[9007199254740992,10000000000000000]"
    assert canonsig.canonicalize_value(2**53) == b"9007199254740992"
    # So canonical output always reads back, with the default options.
    out = canonsig.canonicalize(b"1e16")
    assert canonsig.canonicalize(out) == out and canonsig.check_canonical(out) is None


def test_unsafe_integer_value() -> None:
    e = raises(canonsig.canonicalize_value, 2**53 + 1)
    assert where(e) == ("unsafe_integer", None, "$")
    e = raises(canonsig.canonicalize_value, {"a": [-(2**53) - 1]})
    assert where(e) == ("unsafe_integer", None, "$.a[0]")
    e = raises(canonsig.canonicalize_value, [2**64])
    assert where(e) == ("unsafe_integer", None, "$[0]")


def test_unsafe_integer_allowed_with_option() -> None:
    # What JavaScript's Number holds for these integers (nearest binary64, ES spelling).
    assert canonsig.canonicalize(b"9007199254740993", allow_unsafe_integers=True) == b"9007199254740992"
    assert canonsig.canonicalize_value(2**53, allow_unsafe_integers=True) == b"9007199254740992"
    assert canonsig.canonicalize_value(2**64, allow_unsafe_integers=True) == b"18446744073709552000"
    # The largest safe integers need no option.
    assert canonsig.canonicalize_value([2**53 - 1, -(2**53 - 1)]) == b"[9007199254740991,-9007199254740991]"


# --- too_deep ----------------------------------------------------------------------------


def test_too_deep_text() -> None:
    ok = "[" * 128 + "]" * 128
    assert canonsig.canonicalize(ok) == ok.encode()
    text = "[" * 129 + "]" * 129
    e = raises(canonsig.canonicalize, text)
    # The 129th "[" (offset 128) is the value at $[0]...[0] (128 steps).
    assert where(e) == ("too_deep", 128, "$" + "[0]" * 128)
    e = raises(canonsig.canonicalize, b'{"a":{"b":[]}}', max_depth=2)
    assert where(e) == ("too_deep", len(b'{"a":{"b":'), "$.a.b")


def test_too_deep_nested_list_value() -> None:
    value: list[Any] = []
    for _ in range(128):
        value = [value]
    # 129 lists: one too many for the default limit of 128.
    e = raises(canonsig.canonicalize_value, value)
    assert where(e) == ("too_deep", None, "$" + "[0]" * 128)
    assert canonsig.canonicalize_value(value[0]) == b"[" * 128 + b"]" * 128
    e = raises(canonsig.canonicalize_value, {"a": {"b": []}}, max_depth=2)
    assert where(e) == ("too_deep", None, "$.a.b")


def test_too_deep_self_referencing_list() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    e = raises(canonsig.canonicalize_value, cycle)
    assert where(e) == ("too_deep", None, "$" + "[0]" * 128)
    e = raises(canonsig.canonicalize_value, cycle, max_depth=3)
    assert where(e) == ("too_deep", None, "$[0][0][0]")
    # Whatever max_depth says, in-memory values stop at 10,000 levels: an error, not a crash.
    e = raises(canonsig.canonicalize_value, cycle, max_depth=10**12)
    assert e.code == "too_deep"
    assert e.path is not None and e.path.count("[0]") == 10_000


def test_too_deep_self_referencing_dict() -> None:
    cycle: dict[str, Any] = {}
    cycle["a"] = cycle
    e = raises(canonsig.canonicalize_value, cycle, max_depth=4)
    assert where(e) == ("too_deep", None, "$.a.a.a.a")


# --- too_large ---------------------------------------------------------------------------


def test_too_large() -> None:
    text = b"[1,2,3,4,5]"
    e = raises(canonsig.canonicalize, text, max_size=8)
    # Located at the first byte past the limit.
    assert where(e) == ("too_large", 8, None)
    assert canonsig.canonicalize(text, max_size=len(text)) == text


@pytest.mark.parametrize(
    "wrap",
    [bytes, bytearray, memoryview, lambda b: b.decode()],
    ids=["bytes", "bytearray", "memoryview", "str"],
)
def test_too_large_for_every_input_type(wrap: Callable[[bytes], Any]) -> None:
    text = b'["' + b"x" * 100 + b'"]'
    e = raises(canonsig.canonicalize, wrap(text), max_size=50)
    assert where(e) == ("too_large", 50, None)
    assert canonsig.canonicalize(wrap(text), max_size=len(text)) == text
    # A str is measured in UTF-8 bytes: 60 code points, 120 bytes.
    e = raises(canonsig.canonicalize, '"' + "é" * 60 + '"', max_size=100)
    assert where(e) == ("too_large", 100, None)


# --- framing: bom, trailing_data, empty_input --------------------------------------------


def test_bom() -> None:
    assert where(raises(canonsig.canonicalize, b"\xef\xbb\xbf{}")) == ("bom", 0, None)
    assert where(raises(canonsig.canonicalize, "\ufeff{}")) == ("bom", 0, None)


def test_trailing_data() -> None:
    text = b'{"a":1} x'
    assert where(raises(canonsig.canonicalize, text)) == ("trailing_data", text.index(b"x"), None)
    assert where(raises(canonsig.canonicalize, b"1 2")) == ("trailing_data", 2, None)


@pytest.mark.parametrize("text", [b"", b" \n\t", "", "  "])
def test_empty_input(text: bytes | str) -> None:
    # Located at the end of the (whitespace-only) input.
    assert where(raises(canonsig.canonicalize, text)) == ("empty_input", len(text), None)


# --- invalid_option ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: canonsig.canonicalize(b"{}", profile="yaml"),
        lambda: canonsig.canonicalize_value({}, profile="JCS"),
        lambda: canonsig.check_canonical(b"{}", profile=""),
    ],
)
def test_invalid_option(call: Callable[[], Any]) -> None:
    e = raises(call)
    assert where(e) == ("invalid_option", None, None)
    for name in canonsig.PROFILES:
        assert name in str(e)


# --- unsupported_value -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "path", "type_name"),
    [
        ({"a": {1, 2}}, "$.a", "set"),
        ({"a": [b"raw"]}, "$.a[0]", "bytes"),
        ([frozenset()], "$[0]", "frozenset"),
        ({"a": {"b c": object()}}, '$.a["b c"]', "object"),
        (1 + 2j, "$", "complex"),
    ],
)
def test_unsupported_value(value: Any, path: str, type_name: str) -> None:
    e = raises(canonsig.canonicalize_value, value)
    assert where(e) == ("unsupported_value", None, path)
    assert type_name in str(e)


@pytest.mark.parametrize("key", [1, 1.5, None, True, ("t",), b"k"])
def test_unsupported_dict_key(key: Any) -> None:
    e = raises(canonsig.canonicalize_value, {"outer": {key: "v"}})
    assert where(e) == ("unsupported_value", None, "$.outer")
    assert type(key).__name__ in str(e)


# --- the rest of the text grammar --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "offset", "path"),
    [
        (b"[1,]", "syntax", 3, "$[1]"),
        (b"[1", "unexpected_end", None, None),
        (b'"\\x"', "invalid_escape", 1, "$"),
        (b"[01]", "invalid_number", None, None),
        (b'"a\nb"', "control_character", None, None),
    ],
)
def test_grammar_errors(text: bytes, code: str, offset: int | None, path: str | None) -> None:
    e = raises(canonsig.canonicalize, text)
    assert e.code == code
    if offset is not None:
        assert e.offset == offset
    if path is not None:
        assert e.path == path


# --- the exception objects ---------------------------------------------------------------


def test_exception_hierarchy() -> None:
    assert issubclass(canonsig.CanonicalizationError, canonsig.Error)
    assert issubclass(canonsig.CanonicalizationError, ValueError)
    assert issubclass(canonsig.Error, Exception)
    assert not issubclass(canonsig.Error, ValueError)
    assert canonsig.CanonicalizationError.__module__ == "canonsig._errors"


def test_str_repr_and_pickle() -> None:
    e = raises(canonsig.canonicalize, b'{"a":1,"a":2}')
    text = str(e)
    assert text.startswith("duplicate_key: ")
    assert "at byte 7 ($.a)" in text
    assert repr(e).startswith("CanonicalizationError(code='duplicate_key', offset=7, path='$.a', ")
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is CanonicalizationError
    assert (copy.code, copy.offset, copy.path, str(copy)) == (e.code, e.offset, e.path, text)


def test_wrong_argument_types_are_type_errors() -> None:
    bad: list[Callable[[], Any]] = [
        lambda: canonsig.canonicalize(1),  # type: ignore[arg-type]
        lambda: canonsig.canonicalize(None),  # type: ignore[arg-type]
        lambda: canonsig.canonicalize(["[]"]),  # type: ignore[arg-type]
        lambda: canonsig.canonicalize(b"{}", profile=1),  # type: ignore[arg-type]
        lambda: canonsig.canonicalize(b"{}", max_depth="1"),  # type: ignore[arg-type]
        lambda: canonsig.canonicalize(b"{}", "jcs"),  # type: ignore[misc]
        lambda: canonsig.canonicalize_value({}, allow_unsafe_integers=1),  # type: ignore[arg-type]
        lambda: canonsig.check_canonical(3.5),  # type: ignore[arg-type]
    ]
    for call in bad:
        with pytest.raises(TypeError):
            call()
