r"""RFC 9421 HTTP Message Signatures, RFC 9530 ``Content-Digest``, and canonsig's JSON API
profile.

``sign`` adds ``Signature-Input`` and ``Signature`` (and, over a body, a covered
``Content-Digest``) to a copy of a ``canonsig.Request`` (or ``Response``); ``Verifier`` picks a label, rebuilds the signature base and checks it
under a policy (key by ``keyid``, ``alg`` must agree with the key, time window, required
components). A mismatch raises ``SignatureMismatch`` carrying the signature base this side
built (``.signature_base``), to diff against the signer's with ``canonsig.explain``.

    >>> import canonsig
    >>> from canonsig import http
    >>> key = canonsig.HmacKey(b"a 32-byte secret shared by both!", key_id="k1")
    >>> req = canonsig.Request("POST", "/orders?id=1", [("Host", "api.example.com")], b"{}")
    >>> signed = http.sign(req, key, ["@method", "@authority", "@path"], created=1700000000)
    >>> signed.signature_input
    'sig1=("@method" "@authority" "@path" "content-digest");created=1700000000;keyid="k1"'
    >>> http.Verifier([key], clock=lambda: 1700000000).verify(signed.message).label
    'sig1'

``RequestsAuth`` and ``HttpxAuth`` sign outgoing ``requests`` / ``httpx`` requests; the
framework helpers in ``canonsig.integrations`` verify incoming ones on the raw body.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from . import _canonsig
from ._canonsig import Key
from ._errors import SignatureMismatch
from ._message import Request, Response

__all__ = [
    "HttpxAuth",
    "JsonApiProfile",
    "RequestsAuth",
    "SignatureInput",
    "Signed",
    "Verified",
    "Verifier",
    "accept_signature",
    "content_digest",
    "default_components",
    "parse_accept_signature",
    "parse_signature",
    "parse_signature_input",
    "parse_want_content_digest",
    "preferred_digest",
    "sign",
    "signature_base",
    "verify_content_digest",
    "want_content_digest",
]

Message = Union[Request, Response]
#: A signature parameter value: an integer (``created``, ``expires``), a string
#: (``keyid``, ``alg``, ``nonce``, ``tag``), or another structured-field bare item.
ParamValue = Union[int, str, bool, bytes, float]
#: Covered components: names (``["@method", "content-type"]``), a serialized inner list
#: with parameters (``'("@method");created=1'``), or a ``SignatureInput``.
Components = Union[Sequence[str], str, "SignatureInput"]


def _clock_value(clock: Callable[[], float] | None) -> int:
    if clock is None:
        return int(time.time())
    now = clock()
    if isinstance(now, bool) or not isinstance(now, (int, float)) or now < 0:
        raise TypeError(f"clock() must return Unix seconds (int or float), not {now!r}")
    return int(now)


@dataclass(frozen=True)
class SignatureInput:
    """Covered components and signature parameters of one signature: the value of its
    ``Signature-Input`` (or ``Accept-Signature``) member and of its ``@signature-params``
    line. ``params`` keeps the signer's order (it is part of the signed bytes).

        >>> SignatureInput.parse('("@method" "content-type");created=1;keyid="k"').components
        ('"@method"', '"content-type"')
    """

    text: str
    """The serialized form: ``("@method" ...);created=...``."""
    components: tuple[str, ...]
    """The covered component identifiers, serialized (``"@query-param";name="id"``)."""
    params: dict[str, ParamValue] = field(hash=False)
    """The signature parameters, in order."""

    @classmethod
    def parse(cls, text: str) -> SignatureInput:
        """Parses (strictly, RFC 8941) a serialized inner list with parameters."""
        return cls._from(_canonsig._http_input(text))

    @classmethod
    def _from(cls, parts: tuple[str, list[str], list[tuple[str, Any]]]) -> SignatureInput:
        text, components, params = parts
        return cls(text, tuple(components), dict(params))

    def _get(self, name: str, kind: type) -> Any:
        value = self.params.get(name)
        return value if isinstance(value, kind) and not isinstance(value, bool) else None

    @property
    def created(self) -> int | None:
        return self._get("created", int)  # type: ignore[no-any-return]

    @property
    def expires(self) -> int | None:
        return self._get("expires", int)  # type: ignore[no-any-return]

    @property
    def keyid(self) -> str | None:
        return self._get("keyid", str)  # type: ignore[no-any-return]

    @property
    def alg(self) -> str | None:
        return self._get("alg", str)  # type: ignore[no-any-return]

    @property
    def nonce(self) -> str | None:
        return self._get("nonce", str)  # type: ignore[no-any-return]

    @property
    def tag(self) -> str | None:
        return self._get("tag", str)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Signed:
    """One signature made by ``sign``: the header members and what was signed."""

    label: str
    signature_input: str
    """The ``Signature-Input`` member: ``sig1=("@method" ...);created=...``."""
    signature: str
    """The ``Signature`` member: ``sig1=:<base64>:``."""
    signature_base: str
    """The exact text that was signed."""
    signature_bytes: bytes = field(repr=False)
    message: Message = field(repr=False)
    """A copy of the message with the lines signing adds."""
    headers: list[tuple[str, str]] = field(repr=False)
    """The lines signing adds, in order: ``Content-Digest`` when one was computed (it
    replaces any), then ``Signature-Input`` and ``Signature``."""


@dataclass(frozen=True)
class Verified:
    """What a successful verification established."""

    label: str
    key_id: str
    algorithm: str
    input: SignatureInput
    """Covered components and parameters, as the signer wrote them."""
    signature_base: str
    """The exact text that was verified."""

    @property
    def components(self) -> tuple[str, ...]:
        return self.input.components

    @property
    def created(self) -> int | None:
        return self.input.created


def _check_message(message: object, related: object) -> None:
    if not isinstance(message, (Request, Response)):
        raise TypeError(
            f"message must be a canonsig.Request or canonsig.Response, not {type(message).__name__} "
            "(Request.from_requests / Request.from_httpx convert)"
        )
    if related is not None and not isinstance(related, Request):
        raise TypeError(f"request must be a canonsig.Request, not {type(related).__name__}")


def default_components(message: Message, *, request: Request | None = None) -> tuple[str, ...]:
    """The components ``sign`` covers when given none, for this message: a request's
    ``@method``, ``@authority``, ``@path`` and ``@query`` (covered even without a query, so
    none can be added), a response's ``@status``; then ``content-type`` and
    ``content-digest`` when the message has them (``sign`` adds a Content-Digest over a
    non-empty body first)."""
    _check_message(message, request)
    return tuple(_canonsig._http_default_components(message, request))


def signature_base(
    message: Message,
    components: Components,
    *,
    request: Request | None = None,
    created: int | None = None,
    expires: int | None = None,
    nonce: str | None = None,
    alg: str | None = None,
    keyid: str | None = None,
    tag: str | None = None,
) -> str:
    """The RFC 9421 signature base: one line per covered component, then the
    ``@signature-params`` line, no trailing newline.

    ``components`` are names (``"@method"``, ``"content-type"``; a field name is
    lower-cased), identifiers with parameters (``'"@query-param";name="id"'`` or
    ``'@query-param;name="id"'``, ``'"content-type";req'``), a serialized inner list with
    its parameters (``'("@method");created=1'``, kept verbatim), or a ``SignatureInput``.
    The parameters given here are appended (in the order ``created, keyid, alg, expires,
    nonce, tag``) unless already present; none is added by default. ``request`` is the
    request a response answers (for ``;req`` components).

    Raises ``VerificationError``: ``missing_component`` (a covered header, dictionary key
    or query parameter is absent), ``invalid_header`` (a malformed identifier, a repeated
    ``@query-param`` name), ``malformed_request`` (non-ASCII without ``;bs``).
    """
    _check_message(message, request)
    return _canonsig._http_signature_base(message, request, components, created, keyid, alg, expires, nonce, tag)


def sign(
    message: Message,
    key: Key,
    components: Components | None = None,
    *,
    label: str = "sig1",
    request: Request | None = None,
    content_digest: str | None = _canonsig.DEFAULT_DIGEST,
    created: int | bool | None = True,
    expires: int | None = None,
    expires_in: int | None = None,
    nonce: str | bool | None = None,
    alg: str | bool | None = None,
    keyid: str | bool | None = None,
    tag: str | None = None,
    clock: Callable[[], float] | None = None,
) -> Signed:
    """Signs ``message`` (a ``canonsig.Request`` or ``Response``) with ``key`` under
    ``label``; returns ``Signed``, whose ``message`` is a copy with the lines signing adds
    (several calls with several labels add several signatures).

    ``components``: as for ``signature_base``; ``None`` (the default) covers
    ``default_components(message)``. ``content_digest``: ``"sha-256"`` (default) or
    ``"sha-512"`` adds a ``Content-Digest`` over a non-empty body (replacing any) and
    covers it; ``None`` signs exactly the components. Parameters: ``created`` (``True``:
    now, the default; an int; ``None``/``False``: omit), ``keyid`` (default: the key's id
    when it has one; ``False``: omit), ``alg`` (a name, or ``True`` for the key's; it must
    name the key's algorithm), ``expires`` (Unix seconds) or ``expires_in`` (seconds after
    ``created``), ``nonce`` (a str, or ``True`` for 16 random bytes), ``tag``; written in
    that order after those a given inner list already has. ``clock``: Unix seconds for
    "now" (default the system clock).

    Raises ``VerificationError`` for a message that cannot be signed as asked (see
    ``signature_base``), ``CanonicalizationError`` (``invalid_option``) for a label in use
    or not a structured-field key, ``VerificationError`` (``algorithm_mismatch``) when
    ``alg`` names another algorithm than the key's.
    """
    _check_message(message, request)
    options = (created, expires, expires_in, nonce, alg, keyid, tag)
    return _sign(message, key, components, label, request, content_digest, None, options, clock)


#: ``(created, expires, expires_in, nonce, alg, keyid, tag)`` as ``sign`` takes them.
_Params = tuple[Union[int, bool, None], Union[int, None], Union[int, None], Union[str, bool, None], Union[str, bool, None], Union[str, bool, None], Union[str, None]]


def _sign(
    message: Message,
    key: Key,
    components: Components | None,
    label: str,
    request: Request | None,
    content_digest: str | None,
    json_profile: tuple[str, bool] | None,
    params: _Params,
    clock: Callable[[], float] | None,
) -> Signed:
    created, expires, expires_in, nonce, alg, keyid, tag = params
    parts = _canonsig._http_sign(
        message, request, key, components, label, content_digest, json_profile,
        created, expires, expires_in, nonce, alg, keyid, tag, _clock_value(clock),
    )  # fmt: skip
    got_label, member_input, member_sig, base, raw, added, lines = parts
    signed_message = message.copy()
    signed_message.headers = list(lines)
    return Signed(got_label, member_input, member_sig, base, raw, signed_message, list(added))


def _with_base(error: SignatureMismatch) -> SignatureMismatch:
    if error.signed_bytes is not None:
        error.details.setdefault("signature_base", error.signed_bytes.decode("utf-8", errors="replace"))
    return error


class Verifier:
    """Verifies RFC 9421 signatures against a key ring and a policy.

    ``keys``: one ``Key`` or a sequence (matched by ``keyid``; a single key serves a
    signature that names none). ``clock``: a callable returning Unix seconds (default
    the system clock). ``clock_skew``: how far ``created`` may be in the future and
    ``expires`` in the past (seconds, default 60). ``max_age``: refuse signatures whose
    ``created`` is older. ``require_created`` (default True), ``require_expires`` (default
    False). Every ``None`` is core's default, the one every frontend has.
    ``required_components``: what every accepted signature must cover (names or
    serialized identifiers, as for ``sign``). ``check_content_digest`` (default True): a
    covered ``content-digest`` must match the body (the signature covers the field, not the
    body). The algorithm always comes from the key; an ``alg`` parameter must agree.
    """

    def __init__(
        self,
        keys: Key | Iterable[Key],
        *,
        clock: Callable[[], float] | None = None,
        clock_skew: int | None = None,
        max_age: int | None = None,
        require_created: bool | None = None,
        require_expires: bool | None = None,
        required_components: Sequence[str] = (),
        check_content_digest: bool | None = None,
    ) -> None:
        if clock is not None and not callable(clock):
            raise TypeError("clock must be a callable returning Unix seconds")
        if isinstance(required_components, str):
            raise TypeError("required_components must be a list of component names, not a single str")
        self._inner = _canonsig._HttpVerifier(
            keys, clock_skew, max_age, require_created, require_expires, list(required_components), check_content_digest
        )
        self._clock = clock

    def _verify(self, message: Message, label: str | None, request: Request | None, json: bool | None) -> Verified:
        _check_message(message, request)
        try:
            got_label, key_id, alg, parts, base = self._inner.verify(
                message, request, label, _clock_value(self._clock), json
            )
        except SignatureMismatch as e:
            raise _with_base(e) from None
        return Verified(got_label, key_id, alg, SignatureInput._from(parts), base)

    def verify(self, message: Message, *, label: str | None = None, request: Request | None = None) -> Verified:
        """Verifies the signature labelled ``label`` (default: the only one, or the first
        whose ``keyid`` names a key of this verifier). ``request``: the request a response
        answers (for ``;req`` components).

        Raises ``SignatureMismatch`` (``signature_base`` is what this side rebuilt) or
        ``VerificationError`` with ``code``: ``missing_component`` (no signature, label or
        covered component), ``invalid_header``, ``malformed_signature``, ``unknown_key_id``,
        ``algorithm_mismatch``, ``missing_parameter``, ``expired``, ``future_timestamp``.
        """
        return self._verify(message, label, request, None)

    def verify_request(self, request: Request) -> Verified:
        """``verify(request)``: the entry point the framework integrations call."""
        return self.verify(request)


class JsonApiProfile:
    """canonsig's profile for JSON APIs over RFC 9421: ``Content-Digest`` over the body
    bytes as sent (an empty body too), covered by the signature; on verification, a body
    that no longer matches is diagnosed (re-serialized JSON is named as such, with the first
    byte that departs from its RFC 8785 form) instead of a bare mismatch.

    ``digest``: ``"sha-256"`` (default) or ``"sha-512"``. ``require_canonical_body``: both
    sides insist on RFC 8785 bodies (send ``canonsig.canonicalize(body)``).
    """

    def __init__(self, *, digest: str = _canonsig.DEFAULT_DIGEST, require_canonical_body: bool = False) -> None:
        self.digest = _canonsig._digest_name(digest)
        self.require_canonical_body = require_canonical_body

    def sign(
        self,
        request: Request,
        key: Key,
        components: Components | None = None,
        *,
        label: str = "sig1",
        created: int | bool | None = True,
        expires: int | None = None,
        expires_in: int | None = None,
        nonce: str | bool | None = None,
        alg: str | bool | None = None,
        keyid: str | bool | None = None,
        tag: str | None = None,
        clock: Callable[[], float] | None = None,
    ) -> Signed:
        """Sets ``Content-Digest`` for the body (replacing any), covers
        ``content-digest``, signs; ``Signed.message`` is the request to send. Options as
        for ``http.sign``."""
        if not isinstance(request, Request):
            raise TypeError(f"the JSON API profile signs a canonsig.Request, not {type(request).__name__}")
        profile = (self.digest, self.require_canonical_body)
        options = (created, expires, expires_in, nonce, alg, keyid, tag)
        return _sign(request, key, components, label, None, None, profile, options, clock)

    def verify(
        self, verifier: Verifier, message: Message, *, label: str | None = None, request: Request | None = None
    ) -> Verified:
        """Verifies the signature (which must cover ``content-digest``), then the body against
        ``Content-Digest``. A changed body raises ``SignatureMismatch`` with code
        ``digest_mismatch`` and a message naming re-serialization when that is the cause."""
        return verifier._verify(message, label, request, self.require_canonical_body)

    def verifier(self, verifier: Verifier) -> Callable[[Request], Verified]:
        """A callable for the framework integrations: ``lambda req: profile.verify(verifier, req)``."""
        return lambda req: self.verify(verifier, req)


# --- Content-Digest (RFC 9530) --------------------------------------------------------------


def content_digest(
    body: bytes | bytearray | memoryview, algorithms: Sequence[str] = (_canonsig.DEFAULT_DIGEST,)
) -> str:
    """The ``Content-Digest`` value for ``body``: ``sha-256=:<base64>:`` (several
    algorithms give several members)."""
    return _canonsig._content_digest(body, list(algorithms))


def verify_content_digest(value: str, body: bytes | bytearray | memoryview) -> list[str]:
    """Checks every known member of a ``Content-Digest`` value against ``body``; returns
    the algorithms checked. Raises ``SignatureMismatch`` (``digest_mismatch``) naming the
    algorithm that differs, ``VerificationError`` (``invalid_header``) when none is known."""
    return _canonsig._verify_content_digest(value, body)


def want_content_digest(preferences: Mapping[str, int]) -> str:
    """A ``Want-Content-Digest`` value from ``{"sha-512": 3, "sha-256": 10}`` (0 to 10)."""
    return _canonsig._want_content_digest(list(preferences.items()))


def parse_want_content_digest(value: str) -> list[tuple[str, int]]:
    """``Want-Content-Digest`` as ``(algorithm, preference)`` pairs, in order."""
    return _canonsig._parse_want_content_digest(value)


def preferred_digest(want: str) -> str | None:
    """The supported algorithm to answer a ``Want-Content-Digest`` with (highest
    preference, ties to sha-512), or None when none is acceptable."""
    return _canonsig._preferred_digest(want)


# --- header fields --------------------------------------------------------------------------


def parse_signature_input(value: str) -> list[tuple[str, SignatureInput]]:
    """A ``Signature-Input`` value as ``(label, SignatureInput)`` pairs, in order."""
    return [(label, SignatureInput._from(p)) for label, p in _canonsig._http_parse_signature_input(value, False)]


def parse_accept_signature(value: str) -> list[tuple[str, SignatureInput]]:
    """An ``Accept-Signature`` value (the signatures a peer asks for) as ``(label,
    SignatureInput)`` pairs. Pass one to ``sign`` as ``components`` (and its label as
    ``label``) to answer it; ``created`` and ``keyid`` are added unless requested."""
    return [(label, SignatureInput._from(p)) for label, p in _canonsig._http_parse_signature_input(value, True)]


def accept_signature(
    components: Components,
    *,
    label: str = "sig1",
    keyid: str | None = None,
    alg: str | None = None,
    nonce: str | None = None,
    tag: str | None = None,
) -> str:
    """An ``Accept-Signature`` member asking the peer to sign ``components``:
    ``sig1=("@method" ...);keyid="k"``."""
    return _canonsig._http_accept_signature(label, components, keyid, alg, nonce, tag)


def parse_signature(value: str) -> list[tuple[str, bytes]]:
    """A ``Signature`` value as ``(label, signature bytes)`` pairs."""
    return [(label, bytes(b)) for label, b in _canonsig._http_parse_signature(value)]


# --- adapters -------------------------------------------------------------------------------

if TYPE_CHECKING:
    _RequestsAuthBase = object
    _HttpxAuthBase = object
else:
    try:
        from requests.auth import AuthBase as _RequestsAuthBase
    except ImportError:  # requests is optional
        _RequestsAuthBase = object
    try:
        from httpx import Auth as _HttpxAuthBase
    except ImportError:  # httpx is optional
        _HttpxAuthBase = object


class _AdapterConfig:
    """What both adapters sign with: the options of ``http.sign``, created at ``clock``."""

    def __init__(
        self,
        key: Key,
        components: Components | None,
        label: str,
        digest: str | None,
        keyid: str | bool | None,
        alg: str | bool | None,
        tag: str | None,
        nonce: bool,
        expires_in: int | None,
        clock: Callable[[], float] | None,
    ) -> None:
        if not isinstance(key, Key):
            raise TypeError(f"key must be a canonsig.Key, not {type(key).__name__}")
        if not key.can_sign:
            raise ValueError("this key cannot sign (a public key); pass the private key or the HMAC secret")
        if clock is not None and not callable(clock):
            raise TypeError("clock must be a callable returning Unix seconds")
        self.key = key
        self.components = components
        self.label = label
        self.digest = digest
        self.keyid = keyid
        self.alg = alg
        self.tag = tag
        self.nonce = nonce
        self.expires_in = expires_in
        self.clock = clock

    def sign(self, req: Request) -> list[tuple[str, str]]:
        """The header lines to set on the outgoing request (a Content-Digest replaces any)."""
        signed = sign(
            req,
            self.key,
            self.components,
            label=self.label,
            content_digest=self.digest,
            clock=self.clock,
            expires_in=self.expires_in,
            nonce=True if self.nonce else None,
            alg=self.alg,
            keyid=self.keyid,
            tag=self.tag,
        )
        return signed.headers


class RequestsAuth(_RequestsAuthBase):
    """Signs ``requests`` requests with RFC 9421 (a ``requests.auth.AuthBase``)::

        session.auth = canonsig.http.RequestsAuth(key)

    Covers ``components`` (default: ``default_components``, as ``http.sign``) and, when the
    request has a body, a ``Content-Digest`` (``digest``, default ``"sha-256"``; None to
    skip) added to the request. ``created`` is now (``clock``); ``expires_in`` seconds adds ``expires``;
    ``nonce=True`` a random nonce; ``keyid`` defaults to the key's id. A streamed body
    cannot be signed (``TypeError``).
    """

    def __init__(
        self,
        key: Key,
        components: Components | None = None,
        *,
        label: str = "sig1",
        digest: str | None = _canonsig.DEFAULT_DIGEST,
        keyid: str | bool | None = None,
        alg: str | bool | None = None,
        tag: str | None = None,
        nonce: bool = False,
        expires_in: int | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._config = _AdapterConfig(key, components, label, digest, keyid, alg, tag, nonce, expires_in, clock)

    def __call__(self, r: Any) -> Any:
        for name, value in self._config.sign(Request.from_requests(r)):
            r.headers[name] = value
        return r


class HttpxAuth(_HttpxAuthBase):
    """Signs ``httpx`` requests with RFC 9421 (an ``httpx.Auth``, sync and async)::

        client = httpx.Client(auth=canonsig.http.HttpxAuth(key))

    Options as for ``RequestsAuth``.
    """

    requires_request_body = True

    def __init__(
        self,
        key: Key,
        components: Components | None = None,
        *,
        label: str = "sig1",
        digest: str | None = _canonsig.DEFAULT_DIGEST,
        keyid: str | bool | None = None,
        alg: str | bool | None = None,
        tag: str | None = None,
        nonce: bool = False,
        expires_in: int | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._config = _AdapterConfig(key, components, label, digest, keyid, alg, tag, nonce, expires_in, clock)

    def auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        for name, value in self._config.sign(Request.from_httpx(request)):
            request.headers[name] = value
        yield request
