"""Exceptions raised by canonsig.

They are defined in Python because some inherit from both ``canonsig.Error`` and
``ValueError``; the Rust extension raises them through one conversion function
(``to_py_err`` in ``src/errors.rs``), which picks the class from the error's code.
"""

from __future__ import annotations

import hashlib
from typing import Any

__all__ = ["CanonicalizationError", "Error", "InvalidKeyError", "SignatureMismatch", "VerificationError"]


class Error(Exception):
    """Base class of every exception raised by canonsig.

    Attributes:
        code: stable snake_case error code, the same in every canonsig frontend
            (``"duplicate_key"``, ``"invalid_key"``, ``"expired"``, ...).
        offset: byte offset of the problem in the input text, or ``None``.
        path: JSON path of the value where the problem is (``"$.items[3].id"``), or ``None``.
        trace: the verifier's signing trace (a dict) when the error comes from
            ``Verifier.verify_json_traced``, else ``None``.

    ``str(error)`` is the full description: code, message, location and a hint.
    """

    code: str
    offset: int | None
    path: str | None
    trace: dict[str, Any] | None

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
        self.trace = None

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, offset={self.offset!r}, "
            f"path={self.path!r}, message={str(self)!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.offset, self.path))


class CanonicalizationError(Error, ValueError):
    """Input that cannot be canonicalized, or an invalid option (``invalid_option``:
    an unknown profile or encoding name).

    ``offset`` is the byte offset in the input text (``None`` when the input was a
    Python value); ``path`` the JSON path of the value.
    """


class InvalidKeyError(Error, ValueError):
    """Key material that cannot be used (``invalid_key``: malformed, wrong type, wrong
    length, empty, a public key asked to sign, a key of another class's family), an
    algorithm name canonsig does not know (``unsupported_algorithm``), or a key whose
    material and named algorithm disagree (``algorithm_mismatch`` while loading it).
    """


class VerificationError(Error):
    """A signature that was refused. ``code`` says why: ``algorithm_mismatch``,
    ``algorithm_not_allowed``, ``malformed_signature``, ``signature_mismatch``,
    ``unknown_key_id``, ``expired``, ``future_timestamp``, ``replayed_nonce``,
    ``missing_parameter``, ``nonce_store_unavailable``, and for request-signing
    schemes ``malformed_request``, ``invalid_header``, ``missing_component``.
    """


class SignatureMismatch(VerificationError):
    """A well-formed signature that does not verify over the bytes the verifier signed.

    Attributes:
        signed_bytes: the exact bytes the verifier computed the signature over (the
            canonical payload, or the envelope with the signature parameters): log them
            and diff them against the signer's. ``None`` from ``Key.verify``, whose
            signed bytes are the message the caller passed.
        signed_sha256: SHA-256 (hex) of ``signed_bytes`` (the same digest the message
            and ``Verified.signed_sha256`` give), or ``None``.

    The expected signature is never included.
    """

    signed_bytes: bytes | None

    def __init__(
        self,
        message: str,
        code: str,
        offset: int | None = None,
        path: str | None = None,
        signed_bytes: bytes | None = None,
    ) -> None:
        super().__init__(message, code, offset, path)
        self.signed_bytes = signed_bytes

    @property
    def signed_sha256(self) -> str | None:
        if self.signed_bytes is None:
            return None
        return hashlib.sha256(self.signed_bytes).hexdigest()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.offset, self.path, self.signed_bytes))
