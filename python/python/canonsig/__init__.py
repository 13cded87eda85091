r"""canonsig: canonical JSON for signatures that verify across languages.

``canonicalize`` turns JSON text into its RFC 8785 (JCS) canonical bytes, or into the
"canonical" form another stack signs (``profile="python-sorted"``, ``"go-json"``, ...).
Input that two parsers could read differently (duplicate names, lone surrogates,
``NaN``, integers beyond 2**53, ...) raises ``CanonicalizationError`` with a stable
``code``, the byte ``offset`` and the JSON ``path``.

    >>> import canonsig
    >>> canonsig.canonicalize(b'{"b": 1.0, "a": "\\u00e9"}').decode()
    '{"a":"é","b":1}'

The same implementation (a Rust crate) backs the Rust, Python, JavaScript and CLI
frontends, so every one of them produces the same bytes.
"""

from __future__ import annotations

from ._canonsig import (
    PROFILES,
    Departure,
    __version__,
    canonicalize,
    canonicalize_value,
    check_canonical,
)
from ._errors import CanonicalizationError, Error

__all__ = [
    "PROFILES",
    "CanonicalizationError",
    "Departure",
    "Error",
    "__version__",
    "canonicalize",
    "canonicalize_value",
    "check_canonical",
]
