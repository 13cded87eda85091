"""Exceptions raised by canonsig.

They are defined in Python because ``CanonicalizationError`` inherits from both
``canonsig.Error`` and ``ValueError``; the Rust extension raises them through one
conversion function (``to_py_err`` in ``src/errors.rs``).
"""

from __future__ import annotations

__all__ = ["CanonicalizationError", "Error"]


class Error(Exception):
    """Base class of every exception raised by canonsig."""


class CanonicalizationError(Error, ValueError):
    """Input that cannot be canonicalized, or an invalid option.

    Attributes:
        code: stable snake_case error code, the same in every canonsig frontend
            (``"duplicate_key"``, ``"lone_surrogate"``, ``"invalid_option"``, ...).
        offset: byte offset of the problem in the input text, or ``None`` when the
            input was a Python value or the problem is not in the input.
        path: JSON path of the value where the problem is (``"$.items[3].id"``), or ``None``.

    ``str(error)`` is the full description: code, message, location and a hint.
    """

    code: str
    offset: int | None
    path: str | None

    def __init__(
        self,
        message: str,
        code: str,
        offset: int | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.offset = offset
        self.path = path

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, offset={self.offset!r}, "
            f"path={self.path!r}, message={str(self)!r})"
        )

    def __reduce__(self) -> tuple[type[CanonicalizationError], tuple[str, str, int | None, str | None]]:
        return (type(self), (str(self), self.code, self.offset, self.path))
