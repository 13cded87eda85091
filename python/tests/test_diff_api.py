"""The Python object API of diff/explain/forensics: types, str(), repr(), to_dict(),
errors, big inputs, threads, and the trace logging helper.

Expected values are worked out by hand from the inputs (byte offsets counted in the
literals, signatures made with Python ``hmac``); the causes named for each kind of
difference are checked on real tools' output in test_diff.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import pickle
import threading
from typing import Any

import pytest

import canonsig
from canonsig import _canonsig
from support import FIXTURES, hex_bytes, load_json

# The causes of the shared contract (notes: diff-spec), plus the trace-only one.
SPEC_CAUSES = {
    "bom", "trailing_newline", "line_endings", "whitespace", "invisible_character", "encoding",
    "key_order", "unicode_escaping", "slash_escaping", "html_escaping", "escape_spelling", "number_format",
    "unicode_normalization", "profile", "duplicate_key", "value_changed", "key_missing", "key_added",
    "element_missing", "element_added", "timestamp", "percent_encoding", "header_case", "header_whitespace",
    "line_missing", "line_added", "parameter_changed",
}  # fmt: skip

JCS = b'{"a":1,"b":"\xc3\xa9"}'  # what the verifier signed: RFC 8785 of {"b": "é", "a": 1.0}
PY = b'{"b": "\\u00e9", "a": 1.0}'  # what the client signed: json.dumps(obj) (Python defaults)
# json.dumps(obj, sort_keys=True): what a client signs that the verifier can reproduce from JCS.
PY_SORTED = b'{"a": 1.0, "b": "\\u00e9"}'
SECRET = b"an HMAC secret nobody may log!!"


def test_causes() -> None:
    assert isinstance(canonsig.CAUSES, tuple)
    assert set(canonsig.CAUSES) == SPEC_CAUSES and len(canonsig.CAUSES) == len(SPEC_CAUSES)
    assert canonsig.CAUSES[0] == "bom"


def test_explain_objects() -> None:
    why = canonsig.explain(JCS, PY)
    assert isinstance(why, canonsig.Explanation)
    assert why.causes == ["whitespace", "key_order", "unicode_escaping", "number_format"]
    assert why.same_data and not why.is_equal and why.json
    # The first byte that differs: `a` against `b` after `{"`.
    assert why.first_difference == canonsig.Position(offset=2, line=1, column=3)
    assert why.diff.first_difference is why.first_difference
    assert why.expected_style is not None and "profile jcs" in why.expected_style
    order = why.finding("key_order")
    assert order is not None and order.cause == "key_order" and order.total >= 1
    assert order.advice.startswith("sort members") and order.is_serialization
    assert why.finding("value_changed") is None
    number = why.finding("number_format")
    assert number is not None
    (occurrence,) = number.occurrences
    assert occurrence.path == "$.a"
    assert occurrence.expected is not None and occurrence.actual is not None
    assert JCS[occurrence.expected.slice] == b"1" and PY[occurrence.actual.slice] == b"1.0"
    assert len(occurrence.actual) == 3
    for f in why.findings:
        assert f.cause in canonsig.CAUSES and f.summary and f.advice


def test_value_changed_is_not_same_data() -> None:
    why = canonsig.explain(b'{"amount":10}', b'{"amount":11}')
    assert why.causes == ["value_changed"]
    assert not why.same_data and not why.finding("value_changed").is_serialization  # type: ignore[union-attr]


def test_equal() -> None:
    why = canonsig.explain(JCS, JCS)
    assert why.is_equal and why.causes == [] and why.first_difference is None and why.same_data
    assert why.diff.changes == () and why.diff.context is None
    assert str(why) == f"identical: {len(JCS)} bytes\n"
    assert str(canonsig.diff(b"", b"")) == "identical: 0 bytes"


@pytest.mark.parametrize(
    "convert",
    [bytes, bytearray, memoryview, lambda b: b.decode("utf-8")],
    ids=["bytes", "bytearray", "memoryview", "str"],
)
def test_input_types(convert: Any) -> None:
    assert canonsig.explain(convert(JCS), convert(PY)) == canonsig.explain(JCS, PY)
    assert canonsig.diff(convert(JCS), convert(PY)) == canonsig.diff(JCS, PY)
    assert canonsig.visible(convert(b"a\xc2\xa0b")) == "a⟨NBSP⟩b"


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="bytes, bytearray, memoryview or str"):
        canonsig.explain(1, b"")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        canonsig.diff(b"", None)  # type: ignore[arg-type]
    key = canonsig.HmacKey(SECRET)
    with pytest.raises(TypeError, match="signature must be str"):
        canonsig.forensics(JCS, b"00", key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        canonsig.forensics(JCS, "00", "not a key")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a trace must be"):
        canonsig.explain_traces(1, {})  # type: ignore[arg-type]


def test_diff_changes_and_context() -> None:
    d = canonsig.diff(b"line one\r\nline two\n", b"line one\nline 2\n")
    assert d.first_difference == canonsig.Position(8, 1, 9)
    assert (d.expected_len, d.actual_len, d.truncated, d.is_equal) == (19, 16, False, False)
    assert [c.kind for c in d.changes] == ["delete", "replace"]
    delete, replace = d.changes
    assert (delete.expected, delete.actual) == (canonsig.Span(8, 9), canonsig.Span(8, 8))
    assert str(delete) == "delete expected[8..9] -> actual[8..8]"
    assert b"line one\r\nline two\n"[replace.expected.slice] == b"two"
    assert d.context is not None
    assert d.context.expected.text == "line one⟨CR⟩⟨LF⟩line two⟨LF⟩"
    assert d.context.actual.text.startswith("line one⟨LF⟩")
    assert d.context.expected.caret == d.context.actual.caret == len("line one")
    assert str(d).splitlines() == [
        "different: expected 19 bytes, actual 16 bytes; first difference at byte 8 (line 1, column 9); 2 change(s)",
        "expected: line one⟨CR⟩⟨LF⟩line two⟨LF⟩",
        "actual:   line one⟨LF⟩line 2⟨LF⟩",
        "                  ^",
    ]
    assert [c.kind for c in canonsig.diff(b"ab", b"axb").changes] == ["insert"]


def test_visible() -> None:
    assert canonsig.visible("a\u00a0b\r\n") == "a⟨NBSP⟩b⟨CR⟩⟨LF⟩"
    assert canonsig.visible(b"\xff!") == "⟨xFF⟩!"
    assert canonsig.visible("x\u200by") == "x⟨ZWSP⟩y"
    assert canonsig.visible("e\u0301") == "e⟨U+0301⟩"
    assert canonsig.visible("⟨") == "⟨⟨"
    assert canonsig.visible(b"") == ""


def test_str_is_the_core_rendering() -> None:
    why = canonsig.explain(JCS, PY)
    text = json.loads(_canonsig._explain(JCS, PY))["text"]
    assert str(why) == text == why.text
    lines = str(why).splitlines()
    assert lines[0] == (
        f"different: expected {len(JCS)} bytes, actual {len(PY)} bytes; first difference at byte 2 (line 1, column 3)"
    )
    assert "same data, serialized differently" in lines
    assert "- key_order: " in str(why) and "    fix: " in str(why)
    # The smaller objects read on their own.
    assert str(why.first_difference) == "byte 2 (line 1, column 3)"
    assert str(why.findings[0]).startswith("whitespace: ")
    assert str(why.diff).startswith("different: expected 16 bytes, actual 25 bytes; first difference at byte 2")


def test_repr_is_short() -> None:
    big = b'{"k":"' + b"x" * 100_000 + b'"}'
    why = canonsig.explain(big, big.replace(b"x", b"y"))
    assert len(repr(why)) < 300
    assert repr(why) == (
        "Explanation(is_equal=False, causes=['value_changed'], first_difference=Position(offset=6, line=1, column=7))"
    )
    assert repr(why.diff).startswith("Diff(expected_len=100008, actual_len=100008, first_difference=Position(")
    assert repr(why.findings[0]).startswith("Finding(cause='value_changed', total=1, summary=")
    assert repr(canonsig.Position(1, 2, 3)) == "Position(offset=1, line=2, column=3)"


def test_to_dict_is_the_core_json() -> None:
    pairs = [(JCS, PY), (JCS, JCS), (b"a\r\nb", b"a\nc\n"), (b"\xef\xbb\xbf[1]", b"[1]"), (b"\xff", b"\xc3\xbf")]
    for expected, actual in pairs:
        why = canonsig.explain(expected, actual)
        raw = _canonsig._explain(expected, actual)
        assert_core_json(why.to_dict(), raw)
        assert json.loads(json.dumps(why.to_dict())) == json.loads(raw)
        assert_core_json(canonsig.diff(expected, actual).to_dict(), _canonsig._diff(expected, actual))
        assert why.diff.to_dict() == json.loads(raw)["diff"]
    # The core's members, in the core's order (core/tests/diff_json.rs holds the core to them).
    assert list(canonsig.explain(JCS, PY).to_dict()) == EXPLANATION_KEYS
    assert list(canonsig.explain(JCS, PY).findings[0].to_dict()) == FINDING_KEYS
    assert list(canonsig.diff(JCS, PY).to_dict()) == DIFF_KEYS
    assert list(canonsig.diff(JCS, PY).changes[0].to_dict()) == ["expected", "actual", "kind"]
    assert canonsig.Span(1, 4).to_dict() == {"start": 1, "end": 4}


def test_immutable_hashable_picklable() -> None:
    why = canonsig.explain(JCS, PY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        why.json = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        why.findings[0].cause = "bom"  # type: ignore[misc]
    assert isinstance(why.findings, tuple) and isinstance(why.diff.changes, tuple)
    assert hash(why) == hash(canonsig.explain(JCS, PY))
    assert why == canonsig.explain(JCS, PY) and why != canonsig.explain(JCS, JCS)
    copy = pickle.loads(pickle.dumps(why))
    assert copy == why and str(copy) == str(why)
    # causes is a fresh list: changing it changes nothing.
    why.causes.append("bom")
    assert "bom" not in why.causes


def signed_hex(body: bytes) -> str:
    return hmac.new(SECRET, body, hashlib.sha256).hexdigest()


def test_forensics_objects() -> None:
    key = canonsig.HmacKey(SECRET, key_id="wh-1")
    report = canonsig.forensics(JCS, signed_hex(PY_SORTED), key)
    assert isinstance(report, canonsig.Forensics) and report.found and report.payload_is_json
    m = report.matched
    assert m is not None and m.signed == PY_SORTED
    assert (m.construction, m.signature_encoding, m.variant) == ("standard", "hex", None)
    assert m.style is not None
    # Sorted by code point or by UTF-16 units: the same for these names, either may be named.
    assert m.style.order in ("sorted", "utf16")
    assert (m.style.separators, m.style.escaping, m.style.trailing_newline) == ("python", "ascii", False)
    assert str(m.style) and str(m) == m.description == str(report)
    assert "ensure_ascii=True" in str(m)
    assert m.explanation.same_data and "unicode_escaping" in m.explanation.causes
    assert repr(m).startswith("ForensicMatch(construction='standard', style=Style(order=")
    assert f"signed=<{len(PY_SORTED)} bytes>" in repr(m)
    core = json.loads(_canonsig._forensics(JCS, signed_hex(PY_SORTED), key)[0])
    assert report.to_dict() == core and core["matched"]["signed"] == PY_SORTED.decode()
    assert pickle.loads(pickle.dumps(report)) == report


def test_forensics_never_shows_the_key() -> None:
    key = canonsig.HmacKey(SECRET)
    for signature in (signed_hex(PY), signed_hex(b"something else")):
        report = canonsig.forensics(JCS, signature, key)
        for shown in (str(report), repr(report), json.dumps(report.to_dict())):
            assert SECRET.decode() not in shown and SECRET.hex() not in shown


def test_forensics_no_match() -> None:
    report = canonsig.forensics(JCS, signed_hex(b'{"a":2}'), canonsig.HmacKey(SECRET))
    assert report.matched is None and not report.found and report.candidates_tried > 0
    assert str(report) == (
        f"no serialization or construction tried reproduces the signature ({report.candidates_tried} tried)"
    )
    assert report.to_dict()["matched"] is None


def test_forensics_takes_a_signature_object() -> None:
    key = canonsig.Ed25519Key.generate()
    signature = canonsig.sign_json(PY, key)  # signs the JCS form
    report = canonsig.forensics(PY, signature, key.public_key())
    assert report.matched is not None and report.matched.signed == JCS
    assert report.matched.style is not None and "profile jcs" in str(report.matched.style)


def test_forensics_bad_signature() -> None:
    with pytest.raises(canonsig.VerificationError) as info:
        canonsig.forensics(JCS, "not a signature!", canonsig.HmacKey(SECRET))
    assert info.value.code == "malformed_signature"
    assert SECRET.decode() not in str(info.value)


# --- the core's JSON, field for field, for every fixtures/diff case ------------------------------

EXPLANATION_KEYS = [
    "diff", "findings", "json", "expected_style", "actual_style", "is_equal", "same_data", "causes", "text",
]  # fmt: skip
DIFF_KEYS = ["expected_len", "actual_len", "first_difference", "changes", "truncated", "context", "is_equal"]
FINDING_KEYS = ["cause", "summary", "occurrences", "total", "advice", "is_serialization"]

CAUSE_CASES: list[dict[str, Any]] = load_json(FIXTURES / "diff" / "causes.json")["cases"]
FORENSIC_CASES: list[dict[str, Any]] = load_json(FIXTURES / "diff" / "forensics.json")["cases"]


def fixture_side(entry: dict[str, str]) -> bytes:
    return hex_bytes(entry["hex"]) if "hex" in entry else entry["text"].encode("utf-8")


def fixture_key(case: dict[str, Any]) -> canonsig.Key:
    key = case["key"]
    if "hmac_hex" in key:
        return canonsig.HmacKey(bytes.fromhex(key["hmac_hex"]), algorithm=case["algorithm"])
    return canonsig.Key.from_pem(key["public_pem"], algorithm=case["algorithm"])


def same_order(ours: Any, core: Any, where: str = "$") -> None:
    """``ours`` has the core's members in the core's order, all the way down."""
    if isinstance(core, dict):
        assert isinstance(ours, dict) and list(ours) == list(core), f"{where}: {list(ours)} vs {list(core)}"
        for key in core:
            same_order(ours[key], core[key], f"{where}.{key}")
    elif isinstance(core, list):
        assert isinstance(ours, list) and len(ours) == len(core), where
        for i, (x, y) in enumerate(zip(ours, core)):
            same_order(x, y, f"{where}[{i}]")


def assert_core_json(ours: dict[str, Any], raw: str) -> None:
    """``to_dict()`` is the core's JSON text: the same values, in the same order, and written
    out compactly it is the very same text."""
    core = json.loads(raw)
    assert ours == core
    same_order(ours, core)
    assert json.dumps(ours, ensure_ascii=False, separators=(",", ":")) == raw


@pytest.mark.parametrize("case", CAUSE_CASES, ids=[c["name"] for c in CAUSE_CASES])
def test_fixture_explanation_is_the_core_json(case: dict[str, Any]) -> None:
    expected, actual = fixture_side(case["expected"]), fixture_side(case["actual"])
    why = canonsig.explain(expected, actual)
    raw = _canonsig._explain(expected, actual)
    assert_core_json(why.to_dict(), raw)
    assert_core_json(canonsig.diff(expected, actual).to_dict(), _canonsig._diff(expected, actual))
    # The derived fields are the core's, as the attributes show them.
    core = json.loads(raw)
    assert list(core) == EXPLANATION_KEYS
    assert (why.is_equal, why.same_data, why.causes, str(why)) == (
        core["is_equal"],
        core["same_data"],
        core["causes"],
        core["text"],
    )
    assert why.diff.is_equal == core["diff"]["is_equal"] == why.is_equal
    assert [c.kind for c in why.diff.changes] == [c["kind"] for c in core["diff"]["changes"]]
    assert [(f.advice, f.is_serialization) for f in why.findings] == [
        (f["advice"], f["is_serialization"]) for f in core["findings"]
    ]


@pytest.mark.parametrize("case", FORENSIC_CASES, ids=[c["name"] for c in FORENSIC_CASES])
def test_fixture_forensics_is_the_core_json(case: dict[str, Any]) -> None:
    payload, key = fixture_side(case["payload"]), fixture_key(case)
    report = canonsig.forensics(payload, case["signature"], key)
    raw, signed = _canonsig._forensics(payload, case["signature"], key)
    assert_core_json(report.to_dict(), raw)
    core = json.loads(raw)
    if report.matched is None:
        assert core["matched"] is None and signed is None
        return
    m = core["matched"]
    assert report.matched.signed == signed
    if m["style"] is not None:
        assert report.matched.style is not None
        assert str(report.matched.style) == m["style"]["description"]
    assert str(report.matched.explanation) == m["explanation"]["text"]
    assert report.matched.explanation.causes == m["explanation"]["causes"]


# --- traces -------------------------------------------------------------------------------------


def test_explain_traces() -> None:
    key = canonsig.HmacKey(SECRET, key_id="k1")
    _, signer = canonsig.sign_json_traced(b'{"a":1}', key, include_signing_string=True)
    _, verifier = canonsig.sign_json_traced(b'{"a":2}', key, include_signing_string=True)
    why = canonsig.explain_traces(signer, verifier)
    assert why.causes == ["value_changed"]
    assert why.first_difference == canonsig.Position(5, 1, 6)
    # The same from JSON lines (as log_trace writes them), str or bytes.
    line_s, line_v = canonsig.log_trace("t", signer), canonsig.log_trace("t", verifier)
    assert canonsig.explain_traces(line_s, line_v.encode()) == why

    other = canonsig.HmacKey(SECRET, key_id="k2")
    _, renamed = canonsig.sign_json_traced(b'{"a":1}', other, include_signing_string=True)
    assert canonsig.explain_traces(signer, renamed).causes == ["parameter_changed"]
    assert canonsig.explain_traces(signer, signer).is_equal


def test_explain_traces_without_signing_strings() -> None:
    key = canonsig.HmacKey(SECRET, key_id="k1")
    _, a = canonsig.sign_json_traced(b'{"a":1}', key)
    _, b = canonsig.sign_json_traced(b'{"a":2}', key)
    why = canonsig.explain_traces(a, b)
    assert why.causes == ["value_changed"]
    assert "record both traces with the signing string" in str(why)


@pytest.mark.parametrize(
    "bad",
    ["not json", "[1,2]", '{"algorithm":"hmac-sha256"}', b"\xff"],
    ids=["not-json", "array", "no-digest", "not-utf8"],
)
def test_explain_traces_malformed(bad: str | bytes) -> None:
    key = canonsig.HmacKey(SECRET)
    _, good = canonsig.sign_json_traced(b"{}", key)
    with pytest.raises(canonsig.CanonicalizationError) as info:
        canonsig.explain_traces(good, bad)
    assert info.value.code == "malformed_input" and isinstance(info.value, ValueError)
    assert "actual trace" in str(info.value)
    with pytest.raises(canonsig.Error, match="expected trace"):
        canonsig.explain_traces(bad, good)


def test_log_trace_accepts_a_json_line(caplog: pytest.LogCaptureFixture) -> None:
    key = canonsig.HmacKey(SECRET, key_id="k1")
    _, trace = canonsig.sign_json_traced(b'{"a":1}', key, request_id="r-1")
    line = json.dumps(trace, indent=2)  # as another service might have written it
    with caplog.at_level(logging.DEBUG, logger="canonsig.audit"):
        written = canonsig.log_trace("canonsig.audit", line)
        canonsig.log_trace(logging.getLogger("canonsig.audit"), line.encode(), level=logging.DEBUG)
    assert written == canonsig.canonicalize_value(trace).decode()
    first, second = caplog.records
    assert (first.levelno, first.getMessage()) == (logging.INFO, written)
    assert (second.levelno, second.getMessage()) == (logging.DEBUG, written)
    assert first.canonsig_trace == trace  # type: ignore[attr-defined]
    assert "\n" not in written
    assert SECRET.decode() not in caplog.text and SECRET.hex() not in caplog.text
    with pytest.raises(ValueError, match="JSON object"):
        canonsig.log_trace("canonsig.audit", "[1]")
    with pytest.raises(TypeError):
        canonsig.log_trace("canonsig.audit", 42)  # type: ignore[arg-type]


# --- big inputs ---------------------------------------------------------------------------------


def big_pair() -> tuple[bytes, bytes]:
    row = '{{"id":{i},"name":"item {i}","price":{i}.5}}'
    expected = ("[" + ",".join(row.format(i=i) for i in range(60_000)) + "]").encode()
    assert len(expected) > 2_000_000
    middle = len(expected) // 2
    at = expected.index(b'"name"', middle)
    actual = expected[:at] + b'"Name"' + expected[at + 6 :]
    return expected, actual


def test_two_megabytes() -> None:
    """Bounded work on big inputs (no timing asserted: it must simply come back right)."""
    expected, actual = big_pair()
    at = expected.index(b'"name"', len(expected) // 2)
    why = canonsig.explain(expected, actual)
    assert why.first_difference is not None and why.first_difference.offset == at + 1
    assert why.first_difference.line == 1
    assert not why.same_data and why.causes
    d = canonsig.diff(expected, actual)
    assert d == why.diff and len(d.changes) == 1
    assert len(str(why)) < 10_000 and len(repr(why)) < 300


def test_big_inputs_in_threads() -> None:
    expected, actual = big_pair()
    want = canonsig.explain(expected, actual)
    results: list[Any] = []

    def work() -> None:
        try:
            results.append(canonsig.explain(expected, actual))
        except BaseException as e:  # noqa: BLE001 - reported below
            results.append(e)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [want] * 3


def test_module_docstring() -> None:
    import doctest

    from canonsig import _diff

    result = doctest.testmod(_diff)
    assert result.attempted > 0 and result.failed == 0
