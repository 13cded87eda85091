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
        details: named intermediate strings a request-signing scheme computed before it
            failed (``canonical_request``, ``string_to_sign``, ``signature_base``); empty
            for other errors.

    ``str(error)`` is the full description: code, message, location and a hint.
    """

    code: str
    offset: int | None
    path: str | None
    trace: dict[str, Any] | None
    details: dict[str, str]

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
        self.details = {}

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, offset={self.offset!r}, "
            f"path={self.path!r}, message={str(self)!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.offset, self.path), self._state())

    def _state(self) -> dict[str, Any]:
        return {"trace": self.trace, "details": dict(self.details)}


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
    """A well-formed signature that does not verify over the bytes the verifier signed
    (``signature_mismatch``), or a body that does not match its signed digest
    (``digest_mismatch``: ``Content-Digest``, ``x-amz-content-sha256``, Twilio
    ``bodySHA256``).

    Attributes:
        signed_bytes: the exact bytes the verifier computed the signature over (the
            canonical payload, or the envelope with the signature parameters): log them
            and diff them against the signer's. ``None`` from ``Key.verify``, whose
            signed bytes are the message the caller passed.
        signed_sha256: SHA-256 (hex) of ``signed_bytes`` (the same digest the message
            and ``Verified.signed_sha256`` give), or ``None``.

    What this side computed, to hand to ``canonsig.explain`` against the other side's:
    ``signature_base`` (RFC 9421), ``canonical_request`` and ``string_to_sign`` (AWS
    SigV4), ``signed_bytes`` (every scheme: for webhooks the exact payload the MAC covers).

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

    @property
    def signature_base(self) -> str | None:
        """The RFC 9421 signature base this side rebuilt, or ``None``."""
        return self.details.get("signature_base")

    @property
    def canonical_request(self) -> str | None:
        """The AWS SigV4 canonical request this side computed, or ``None``."""
        return self.details.get("canonical_request")

    @property
    def string_to_sign(self) -> str | None:
        """The AWS SigV4 string to sign this side computed, or ``None``."""
        return self.details.get("string_to_sign")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.offset, self.path, self.signed_bytes), self._state())
