"""The shape of the public API: names, argument kinds, input types, threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import canonsig


def test_public_names() -> None:
    assert set(canonsig.__all__) == {
        "PROFILES",
        "CanonicalizationError",
        "Departure",
        "Error",
        "__version__",
        "canonicalize",
        "canonicalize_value",
        "check_canonical",
        # signing (issue 3)
        "ALGORITHMS",
        "EcdsaKey",
        "Ed25519Key",
        "HmacKey",
        "InvalidKeyError",
        "Key",
        "MemoryNonceStore",
        "RsaKey",
        "Signature",
        "SignatureMismatch",
        "VerificationError",
        "Verified",
        "Verifier",
        "log_trace",
        "sign_json",
        "sign_json_traced",
        "verify_json",
        # diff and explain (issue 4)
        "CAUSES",
        "Change",
        "Context",
        "Diff",
        "Explanation",
        "Finding",
        "ForensicMatch",
        "Forensics",
        "Occurrence",
        "Position",
        "Snippet",
        "Span",
        "Style",
        "diff",
        "explain",
        "explain_traces",
        "forensics",
        "visible",
        # request-signing schemes (issue 5); the schemes themselves are submodules
        "Request",
        "Response",
        # replay protection shared through Redis (issue 7)
        "RedisNonceStore",
    }
    for name in canonsig.__all__:
        assert hasattr(canonsig, name)
    assert canonsig.PROFILES == ("jcs", "python-sorted", "python-sorted-unicode", "go-json")
    assert isinstance(canonsig.__version__, str) and canonsig.__version__.count(".") == 2


@pytest.mark.parametrize(
    "data",
    [
        b'{"b":1, "a":[1.0]}',
        bytearray(b'{"b":1, "a":[1.0]}'),
        memoryview(b'{"b":1, "a":[1.0]}'),
        memoryview(b'x{"b":1, "a":[1.0]}x')[1:-1],
        '{"b":1, "a":[1.0]}',
    ],
    ids=["bytes", "bytearray", "memoryview", "memoryview-slice", "str"],
)
def test_input_types(data: Any) -> None:
    assert canonsig.canonicalize(data) == b'{"a":[1],"b":1}'
    assert canonsig.check_canonical(data) == canonsig.Departure(offset=2, line=1, column=3)


def test_non_contiguous_memoryview() -> None:
    view = memoryview(b"[ 1 , 2 ]")[::2]
    assert canonsig.canonicalize(view) == b"[1,2]"


def test_str_is_utf8() -> None:
    assert canonsig.canonicalize('{"é":"😀"}') == '{"é":"😀"}'.encode()
    assert canonsig.canonicalize('"é"', profile="python-sorted") == b'"\\u00e9"'


def test_check_canonical() -> None:
    assert canonsig.check_canonical(b'{"a":1,"b":[true]}') is None
    d = canonsig.check_canonical(b'{"a":1, "b" : 2}')
    assert d is not None
    # The space after the comma: offset 7, line 1, column 8 (1-based).
    assert (d.offset, d.line, d.column) == (7, 1, 8)
    assert repr(d) == "Departure(offset=7, line=1, column=8)"
    assert d == canonsig.Departure(7, 1, 8)
    assert d != canonsig.Departure(7, 1, 9)
    assert hash(d) == hash(canonsig.Departure(offset=7, line=1, column=8))
    # Key order: the first byte that differs is the first name.
    assert canonsig.check_canonical(b'{"b":1,"a":2}') == canonsig.Departure(2, 1, 3)
    with pytest.raises(AttributeError):
        d.offset = 0  # type: ignore[misc]
    # Per profile: 1.0 is canonical for Python's json.dumps, not for JCS.
    assert canonsig.check_canonical(b"1.0", profile="python-sorted") is None
    assert canonsig.check_canonical(b"1.0") == canonsig.Departure(1, 1, 2)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        canonsig.canonicalize(b"{}", "jcs")  # type: ignore[misc]
    assert canonsig.canonicalize(data=b"[]") == b"[]"
    assert canonsig.canonicalize_value(obj=[]) == b"[]"


def test_negative_limits_are_rejected() -> None:
    with pytest.raises(OverflowError):
        canonsig.canonicalize(b"[]", max_depth=-1)
    with pytest.raises(OverflowError):
        canonsig.canonicalize(b"[]", max_size=-1)


def big_document(n: int) -> bytes:
    items = ",".join(f'{{"id":{i},"name":"item {i}","price":{i}.50,"tags":["x","y"]}}' for i in range(n))
    return f'{{"items":[{items}],"count":{n}}}'.encode()


def test_large_input_releases_the_gil_and_is_thread_safe() -> None:
    data = big_document(20_000)
    assert len(data) > 64 * 1024
    expected = canonsig.canonicalize(data)
    assert expected.startswith(b'{"count":20000,"items":[{"id":0,"name":"item 0","price":0.5,')
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(canonsig.canonicalize(data))
                results.append(canonsig.canonicalize(bytearray(data)))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == [expected] * 24


def test_large_value_in_threads() -> None:
    doc = {"rows": [{"i": i, "f": i / 7, "s": f"row {i}"} for i in range(30_000)]}
    expected = canonsig.canonicalize_value(doc)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(canonsig.canonicalize_value(doc))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 3


def test_deep_value_in_a_thread() -> None:
    """The value walker recurses; 10,000 levels must fit a thread's default stack."""
    deep: Any = []
    for _ in range(9_999):
        deep = [deep]
    results: list[Any] = []

    def work() -> None:
        try:
            results.append(canonsig.canonicalize_value(deep, max_depth=10_000))
        except BaseException as e:  # noqa: BLE001 - reported below
            results.append(e)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert results == [b"[" * 10_000 + b"]" * 10_000]


def test_module_docstring_example() -> None:
    import doctest

    result = doctest.testmod(canonsig)
    assert result.attempted > 0 and result.failed == 0
