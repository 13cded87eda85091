"""Type stubs for the Rust extension module ``canonsig._canonsig``."""

from typing import Any, Final, TypeAlias, final

__all__ = ["canonicalize", "canonicalize_value", "check_canonical", "Departure", "PROFILES", "__version__"]

__version__: Final[str]

PROFILES: Final[tuple[str, ...]]
"""Profile names, default first: ``("jcs", "python-sorted", "python-sorted-unicode", "go-json")``."""

_Text: TypeAlias = bytes | bytearray | memoryview | str

def canonicalize(
    data: _Text,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
    max_size: int = 67108864,
) -> bytes:
    """Canonicalize JSON text and return the canonical UTF-8 bytes.

    Raises ``canonsig.CanonicalizationError`` (a ``ValueError``) for input that is not
    one strict JSON text, over a limit, or an unknown profile.
    """

def canonicalize_value(
    obj: Any,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
) -> bytes:
    """Canonicalize a Python value (dict with str keys, list, tuple, str, int, float,
    bool, None) without going through JSON text.

    Any other type raises ``CanonicalizationError`` with code ``unsupported_value``.
    """

def check_canonical(
    data: _Text,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
    max_size: int = 67108864,
) -> Departure | None:
    """Return ``None`` when ``data`` is already canonical, else where it first departs."""

@final
class Departure:
    """Where non-canonical input first departs from its canonical form."""

    def __new__(cls, offset: int, line: int, column: int) -> Departure: ...
    @property
    def offset(self) -> int:
        """Byte offset of the first differing byte."""
    @property
    def line(self) -> int:
        """1-based line of that byte."""
    @property
    def column(self) -> int:
        """1-based column (in bytes) of that byte."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
