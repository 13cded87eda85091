"""Nothing crosses the Python boundary as a panic: the fuzz seeds and every input a fuzz run
once crashed on (``fuzz/seeds/<target>``, ``fuzz/regressions/<target>``, and the local
``fuzz/corpus/<target>`` when a fuzz run left one) go through the same entry points as the
fuzz targets. Each call returns a result or raises ``canonsig.Error``; a Rust panic would
surface as ``pyo3_runtime.PanicException`` (a ``BaseException``) and fail the test.

The input layout of each target is the fuzz target's: ``canonicalize`` and ``keys`` start
with a selector byte, ``explain`` holds both sides split at ``FF 00`` (else in half)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import canonsig

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
CORPUS_LIMIT = 400  # per target, from a local fuzz run's corpus (the committed seeds always run)


def inputs(target: str) -> list[bytes]:
    found: list[bytes] = []
    for kind in ("seeds", "regressions", "corpus"):
        directory = FUZZ / kind / target
        if directory.is_dir():
            files = sorted(p for p in directory.rglob("*") if p.is_file())
            found += [p.read_bytes() for p in files[: CORPUS_LIMIT if kind == "corpus" else None]]
    return found


def outcome(call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """Runs ``call(*args, **kwargs)``: "ok" or the error's code. Anything but
    ``canonsig.Error`` propagates."""
    try:
        call(*args, **kwargs)
    except canonsig.Error as e:
        assert isinstance(e.code, str) and e.code, e
        return e.code
    return "ok"


def split(data: bytes) -> tuple[bytes, bytes]:
    at = data.find(b"\xff\x00")
    return (data[:at], data[at + 2 :]) if at >= 0 else (data[: len(data) // 2], data[len(data) // 2 :])


def test_the_corpus_is_there() -> None:
    for target in ("canonicalize", "sfv", "sigv4_request", "explain", "keys"):
        assert len(inputs(target)) >= 5, target


def test_canonicalize_corpus() -> None:
    codes = set()
    for data in inputs("canonicalize"):
        selector, doc = (data[0], data[1:]) if data else (0, b"")
        profile = canonsig.PROFILES[selector % len(canonsig.PROFILES)]
        for text in (doc, doc.decode("utf-8", "replace")):
            unsafe = bool(selector & 0x80)
            codes.add(outcome(canonsig.canonicalize, text, profile=profile, allow_unsafe_integers=unsafe))
            codes.add(outcome(canonsig.check_canonical, text, profile=profile))
    assert "ok" in codes and len(codes) > 3, codes


def test_explain_corpus() -> None:
    for data in inputs("explain"):
        expected, actual = split(data)
        why = canonsig.explain(expected, actual)
        assert why.is_equal == (expected == actual)
        if expected != actual:
            shorter = min(len(expected), len(actual))
            prefix = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), shorter)
            assert why.diff.first_difference is not None and why.diff.first_difference.offset == prefix
        outcome(canonsig.explain_traces, expected, actual)
        canonsig.visible(expected)


def test_keys_corpus() -> None:
    codes = set()
    for data in inputs("keys"):
        text = data[1:].decode("utf-8", "replace")
        codes.add(outcome(canonsig.Key.from_pem, text))
        try:
            jwk = json.loads(text)
        except ValueError:
            continue
        codes.add(outcome(canonsig.Key.from_jwk, jwk))
        codes.add(outcome(canonsig.Key.from_jwk, text))
    assert "ok" in codes, codes


def mutations(data: bytes) -> Iterator[bytes]:
    """The input, then a few deterministic damages: truncations and flipped bytes."""
    yield data
    for cut in (len(data) // 3, len(data) // 2, len(data) - 1):
        yield data[: max(cut, 0)]
    for at in range(0, len(data), max(1, len(data) // 8)):
        yield data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]


def test_request_and_header_parsers_corpus() -> None:
    parse = getattr(getattr(canonsig, "Request", None), "parse", None)
    if parse is None:
        pytest.skip("this build has no Request.parse")
    from canonsig import aws, http

    credentials = aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    verifier = aws.Verifier(credentials, clock=lambda: 1_440_938_160)
    parsed = 0
    for data in inputs("sigv4_request"):
        for raw in mutations(data):
            try:
                req = parse(raw)
            except canonsig.Error:
                continue
            parsed += 1
            outcome(aws.signed_parts, req)
            outcome(aws.signed_parts, req, aws.Settings.s3())
            outcome(verifier.verify, req)
    assert parsed > 0
    for data in inputs("sfv"):
        for raw in mutations(data):
            text = raw.decode("utf-8", "replace")
            for fn in (http.parse_signature_input, http.parse_signature, http.parse_accept_signature):
                outcome(fn, text)
