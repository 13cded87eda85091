"""Typed use of the public API, checked with ``mypy --strict`` (see test_typing.py).

Not a test module (pytest does not collect it); it only has to type-check.
"""

from __future__ import annotations

import canonsig
from canonsig import CanonicalizationError, Departure


def sign_input(body: bytes | str, profile: str = "jcs") -> bytes:
    return canonsig.canonicalize(body, profile=profile, max_depth=64, max_size=1 << 20)


def from_value(obj: dict[str, object]) -> bytes:
    return canonsig.canonicalize_value(obj, allow_unsafe_integers=True)


def where(body: bytearray | memoryview) -> tuple[int, int, int] | None:
    d: Departure | None = canonsig.check_canonical(body)
    if d is None:
        return None
    return (d.offset, d.line, d.column)


def describe(e: CanonicalizationError) -> str:
    code: str = e.code
    offset: int | None = e.offset
    path: str | None = e.path
    return f"{code} {offset} {path} {e}"


def names() -> tuple[str, ...]:
    version: str = canonsig.__version__
    return canonsig.PROFILES + (version,)


def handle(body: bytes) -> str:
    try:
        return sign_input(body).decode()
    except canonsig.Error as e:
        if isinstance(e, CanonicalizationError):
            return describe(e)
        raise
