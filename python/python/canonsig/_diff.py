r"""Diff and explain: which byte differs between two signing strings, and why.

``explain(expected, actual)`` names the causes (``key_order``, ``unicode_escaping``,
``trailing_newline``, ...; see ``CAUSES``), each with the byte spans and JSON paths that
show it; ``diff`` gives only the byte-exact diff; ``forensics`` finds the serialization a
signer used from the payload, the received signature and the key; ``explain_traces``
compares two signing traces.

    >>> import canonsig
    >>> why = canonsig.explain(b'{"a":1,"b":2}', b'{"b": 2, "a": 1.0}')
    >>> why.causes
    ['whitespace', 'key_order', 'number_format']
    >>> why.same_data, why.first_difference
    (True, Position(offset=2, line=1, column=3))

The results are immutable dataclasses built from the core's JSON, field for field and in
its order, derived fields included (a change's ``kind``, ``same_data``, ``causes``, each
finding's ``advice``): nothing is recomputed here. ``str()`` of an explanation is the core's
plain-text rendering (the same text ``canonsig explain`` prints), ``to_dict()`` the core's
JSON (the same as ``canonsig diff --format json`` and the JavaScript objects).
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from . import _canonsig
from ._canonsig import Key, Signature

__all__ = [
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
]

_Text = Union[bytes, bytearray, memoryview, str]
_Trace = Union[_Text, Mapping[str, Any]]


class _Data:
    """Gives a result class ``to_dict()``: its fields in declaration order, which is the
    core's JSON order (a field whose JSON name differs, or that JSON does not carry, says so
    in its ``json`` metadata)."""

    def to_dict(self) -> dict[str, Any]:
        """The core's JSON shape."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            key = f.metadata.get("json", f.name)
            if key is not None:
                out[key] = _plain(getattr(self, f.name))
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, _Data):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _span(d: Mapping[str, Any] | None) -> Span | None:
    return None if d is None else Span(**d)


@dataclass(frozen=True)
class Span(_Data):
    """A byte range ``[start, end)`` of one side; ``data[span.slice]`` is its bytes."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    @property
    def slice(self) -> builtins.slice:
        """``slice(start, end)``."""
        return slice(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"


@dataclass(frozen=True)
class Position(_Data):
    """A position in the expected side: byte ``offset`` (the length of the common
    prefix), 1-based ``line`` and 1-based ``column`` (in characters)."""

    offset: int
    line: int
    column: int

    def __str__(self) -> str:
        return f"byte {self.offset} (line {self.line}, column {self.column})"

    @classmethod
    def _from(cls, d: Mapping[str, Any] | None) -> Position | None:
        return None if d is None else cls(d["offset"], d["line"], d["column"])


@dataclass(frozen=True)
class Change(_Data):
    """Bytes ``expected`` of the expected side replaced by bytes ``actual`` of the actual
    side; ``kind`` is ``insert`` (an empty ``expected`` span), ``delete`` (an empty
    ``actual`` span) or ``replace``."""

    expected: Span
    actual: Span
    kind: Literal["insert", "delete", "replace"]

    def __str__(self) -> str:
        return f"{self.kind} expected[{self.expected}] -> actual[{self.actual}]"

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Change:
        return cls(Span(**d["expected"]), Span(**d["actual"]), d["kind"])


@dataclass(frozen=True)
class Snippet(_Data):
    """A few characters of one side around the first difference, made visible
    (``visible``): bytes ``start:end`` as ``text``, the difference at character ``caret``."""

    start: int
    end: int
    text: str
    caret: int

    def __str__(self) -> str:
        return f"{self.text}\n{' ' * self.caret}^"

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Snippet:
        return cls(d["start"], d["end"], d["text"], d["caret"])


@dataclass(frozen=True)
class Context(_Data):
    """Both sides around the first difference."""

    expected: Snippet
    actual: Snippet

    def __str__(self) -> str:
        caret = min(self.expected.caret, self.actual.caret)
        return f"expected: {self.expected.text}\nactual:   {self.actual.text}\n          {' ' * caret}^"

    @classmethod
    def _from(cls, d: Mapping[str, Any] | None) -> Context | None:
        return None if d is None else cls(Snippet._from(d["expected"]), Snippet._from(d["actual"]))


@dataclass(frozen=True)
class Diff(_Data):
    """The byte-exact difference between an expected and an actual byte string.

    ``changes`` lists the changed spans in order (the bytes between them are equal);
    past 2,000 changes the tail is merged into one and ``truncated`` is true.
    ``is_equal`` is true when both sides are the same bytes.
    """

    expected_len: int
    actual_len: int
    first_difference: Position | None
    changes: tuple[Change, ...]
    truncated: bool
    context: Context | None
    is_equal: bool

    def __str__(self) -> str:
        if self.first_difference is None:
            return f"identical: {self.expected_len} bytes"
        head = (
            f"different: expected {self.expected_len} bytes, actual {self.actual_len} bytes; "
            f"first difference at {self.first_difference}; {len(self.changes)} change(s)"
        )
        return head if self.context is None else f"{head}\n{self.context}"

    def __repr__(self) -> str:
        return (
            f"Diff(expected_len={self.expected_len}, actual_len={self.actual_len}, "
            f"first_difference={self.first_difference!r}, changes={len(self.changes)})"
        )

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Diff:
        return cls(
            expected_len=d["expected_len"],
            actual_len=d["actual_len"],
            first_difference=Position._from(d["first_difference"]),
            changes=tuple(Change._from(c) for c in d["changes"]),
            truncated=d["truncated"],
            context=Context._from(d["context"]),
            is_equal=d["is_equal"],
        )


@dataclass(frozen=True)
class Occurrence(_Data):
    """One place where a cause shows: a JSON ``path`` (``$.a[2]``), ``line 3``, or None
    for the whole text; the byte spans on each side when it shows there; ``detail``."""

    path: str | None
    expected: Span | None
    actual: Span | None
    detail: str

    def __str__(self) -> str:
        return self.detail if self.path is None else f"{self.path}: {self.detail}"

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Occurrence:
        return cls(d["path"], _span(d["expected"]), _span(d["actual"]), d["detail"])


@dataclass(frozen=True)
class Finding(_Data):
    """A named cause (one of ``CAUSES``) with where it shows: the first 20
    ``occurrences`` of ``total``; ``advice`` says what to do about it, in one sentence;
    ``is_serialization`` is true when the data is the same and only its spelling differs."""

    cause: str
    summary: str
    occurrences: tuple[Occurrence, ...]
    total: int
    advice: str
    is_serialization: bool

    def __str__(self) -> str:
        return f"{self.cause}: {self.summary}"

    def __repr__(self) -> str:
        return f"Finding(cause={self.cause!r}, total={self.total}, summary={self.summary!r})"

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Finding:
        return cls(
            cause=d["cause"],
            summary=d["summary"],
            occurrences=tuple(Occurrence._from(o) for o in d["occurrences"]),
            total=d["total"],
            advice=d["advice"],
            is_serialization=d["is_serialization"],
        )


@dataclass(frozen=True)
class Explanation(_Data):
    """A diff with its named causes.

    ``findings`` are in a stable order: byte level first, then serialization, then data.
    ``json`` is true when both sides are JSON (findings then carry JSON paths);
    ``expected_style`` / ``actual_style`` describe how each side is serialized when it is
    JSON in a recognised style. ``is_equal`` is true when both sides are the same bytes;
    ``same_data`` when they differ only in how the same data is written (no value, member,
    element, line, timestamp or parameter differs). ``str()`` is the plain-text report.
    """

    diff: Diff
    findings: tuple[Finding, ...]
    json: bool
    expected_style: str | None
    actual_style: str | None
    is_equal: bool
    same_data: bool
    _causes: tuple[str, ...] = field(repr=False, metadata={"json": "causes"})
    """The core's ``causes`` (``causes`` gives them as a new list)."""
    text: str = field(repr=False, compare=False)
    """The core's plain-text rendering (what ``str()`` returns)."""

    @property
    def causes(self) -> list[str]:
        """The cause names, in order."""
        return list(self._causes)

    @property
    def first_difference(self) -> Position | None:
        """Where the sides first differ (in the expected side), or None when equal."""
        return self.diff.first_difference

    def finding(self, cause: str) -> Finding | None:
        """The finding for ``cause``, or None when it is not reported."""
        return next((f for f in self.findings if f.cause == cause), None)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return (
            f"Explanation(is_equal={self.is_equal}, causes={self.causes!r}, first_difference={self.first_difference!r})"
        )

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> Explanation:
        """From the core's JSON."""
        return cls(
            diff=Diff._from(d["diff"]),
            findings=tuple(Finding._from(f) for f in d["findings"]),
            json=d["json"],
            expected_style=d["expected_style"],
            actual_style=d["actual_style"],
            is_equal=d["is_equal"],
            same_data=d["same_data"],
            _causes=tuple(d["causes"]),
            text=d["text"],
        )


@dataclass(frozen=True)
class Style(_Data):
    """One way of serializing JSON: member ``order`` (``original``, ``sorted``,
    ``utf16``), ``separators`` (``compact``, ``python``, ``indent2``, ``indent4``),
    ``escaping`` (``raw``, ``ascii``, ``php``, ``php_unicode``, ``go``), ``numbers``
    (``es``, ``python``, ``python_float``, ``go``, ``as_written``) and whether a newline
    follows. ``str()`` is its ``description`` (``Python json.dumps(...)``, ``... (profile jcs)``)."""

    order: str
    separators: str
    escaping: str
    numbers: str
    trailing_newline: bool
    description: str = field(default="", repr=False, compare=False)

    def __str__(self) -> str:
        return self.description

    @classmethod
    def _from(cls, d: Mapping[str, Any] | None) -> Style | None:
        return None if d is None else cls(**d)


@dataclass(frozen=True)
class ForensicMatch(_Data):
    """The serialization and construction that reproduce a signature.

    ``signed`` is the exact bytes the signer signed; ``explanation`` says how the payload
    as given differs from them. ``construction`` is ``standard`` (the key's algorithm),
    ``sha256_body_secret`` or ``sha256_secret_body`` (home-made MACs); ``secret_used``
    says how an HMAC secret was used (``as given``, ``base64-decoded``, ...), never what
    it is. ``str()`` is ``description``.
    """

    description: str
    style: Style | None
    variant: str | None
    construction: str
    secret_used: str | None
    signature_encoding: str
    signed: bytes
    explanation: Explanation
    _signed_text: str = field(default="", repr=False, compare=False, metadata={"json": None})
    """The core's ``signed``: the bytes as text, invalid UTF-8 replaced by U+FFFD."""

    def __str__(self) -> str:
        return self.description

    def __repr__(self) -> str:
        return (
            f"ForensicMatch(construction={self.construction!r}, style={self.style!r}, "
            f"variant={self.variant!r}, signed=<{len(self.signed)} bytes>)"
        )

    def to_dict(self) -> dict[str, Any]:
        """The core's JSON shape (``signed`` as text, invalid UTF-8 replaced by U+FFFD)."""
        d = super().to_dict()
        d["signed"] = self._signed_text
        return d

    @classmethod
    def _from(cls, d: Mapping[str, Any] | None, signed: bytes | None) -> ForensicMatch | None:
        if d is None or signed is None:
            return None
        return cls(
            description=d["description"],
            style=Style._from(d["style"]),
            variant=d["variant"],
            construction=d["construction"],
            secret_used=d["secret_used"],
            signature_encoding=d["signature_encoding"],
            signed=signed,
            explanation=Explanation._from(d["explanation"]),
            _signed_text=d["signed"],
        )


@dataclass(frozen=True)
class Forensics(_Data):
    """The result of a forensic search: the ``matched`` candidate (None when no
    serialization and construction reproduces the signature), how many candidates were
    tried, and whether the payload was read as JSON."""

    matched: ForensicMatch | None
    candidates_tried: int
    payload_is_json: bool

    @property
    def found(self) -> bool:
        return self.matched is not None

    def __str__(self) -> str:
        if self.matched is None:
            return f"no serialization or construction tried reproduces the signature ({self.candidates_tried} tried)"
        return self.matched.description


def diff(expected: _Text, actual: _Text) -> Diff:
    """The byte-exact diff of ``expected`` (what the verifier signed) and ``actual``
    (what the signer signed): the first differing byte, the changed spans, and both sides
    around the first difference, made visible.

    Both are ``bytes``, ``bytearray``, ``memoryview`` or ``str`` (encoded as UTF-8). Any
    size: the work is bounded (megabyte inputs stay interactive) and runs with the GIL
    released from 64 KiB.
    """
    return Diff._from(json.loads(_canonsig._diff(expected, actual)))


def explain(expected: _Text, actual: _Text) -> Explanation:
    """Why ``expected`` (what the verifier signed) and ``actual`` (what the signer signed)
    differ: the diff plus named causes (``CAUSES``), each with its spans and paths. Both
    sides JSON are also compared structurally, by JSON path. Inputs as for ``diff``.
    """
    return Explanation._from(json.loads(_canonsig._explain(expected, actual)))


def _trace_text(trace: _Trace) -> _Text:
    if isinstance(trace, (bytes, bytearray, memoryview, str)):
        return trace
    if isinstance(trace, Mapping):
        return json.dumps(dict(trace))
    raise TypeError(f"a trace must be a dict or a JSON line (str or bytes), not {type(trace).__name__}")


def explain_traces(expected_trace: _Trace, actual_trace: _Trace) -> Explanation:
    """Compare two signing traces, the signer's (expected) and the verifier's (actual):
    the dicts ``sign_json_traced`` / ``verify_json_traced`` return, or their JSON lines
    (as ``log_trace`` writes them). Differing algorithm, key id or profile is
    ``parameter_changed``; when both traces carry their signing strings
    (``include_signing_string=True``) those are explained byte by byte, otherwise the
    digests are compared.

    Raises ``CanonicalizationError`` (code ``malformed_input``) when a side is not a
    canonsig signing trace.
    """
    data = _canonsig._explain_traces(_trace_text(expected_trace), _trace_text(actual_trace))
    return Explanation._from(json.loads(data))


def forensics(payload: _Text, signature: str | Signature, key: Key) -> Forensics:
    """Find how a signer serialized ``payload`` and computed ``signature``.

    ``payload`` is the body as the verifier holds it; ``signature`` the received
    signature as text (hex, base64 or base64url; prefixes such as ``sha256=`` and
    ``v1=`` are stripped) or a ``Signature``; ``key`` the verification key (an HMAC
    secret, or a public key). The candidates are canonsig's profiles and the styles of
    common serializers (sorted or not, pretty-printed, ``ensure_ascii``, PHP and Go
    escaping, a trailing newline), the body as given, and for HMAC secrets the naive
    ``sha256(body + secret)`` constructions. The key never appears in the result.

    Raises ``VerificationError`` (code ``malformed_signature``) when the signature text
    decodes in no known encoding.
    """
    if isinstance(signature, Signature):
        signature = signature.encode("base64url")
    elif not isinstance(signature, str):
        raise TypeError(
            f"signature must be str (hex, base64 or base64url) or a canonsig.Signature, not {type(signature).__name__}"
        )
    data, signed = _canonsig._forensics(payload, signature, key)
    d = json.loads(data)
    return Forensics(
        matched=ForensicMatch._from(d["matched"], signed),
        candidates_tried=d["candidates_tried"],
        payload_is_json=d["payload_is_json"],
    )
