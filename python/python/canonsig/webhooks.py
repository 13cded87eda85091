r"""Webhook signatures: one class per provider (``StandardWebhooks``, ``Stripe``,
``GitHub``, ``Slack``, ``Shopify``, ``Twilio``), each signing and verifying the way the
provider does (its secret handling, timestamp tolerance, several signatures during key
rotation), with constant-time comparison.

Verification takes the **raw body bytes as received**. A parsed body (a ``dict`` or
``list`` from ``request.json``) is refused with ``TypeError``: the signature covers the
sender's bytes, and re-serializing a parsed body almost never reproduces them; this is
the most common cause of "invalid signature".

    >>> from canonsig import webhooks
    >>> github = webhooks.GitHub("It's a Secret to Everybody")  # GitHub Docs' test values
    >>> sig = github.sign(b"Hello, World!")
    >>> github.verify({"X-Hub-Signature-256": sig}, b"Hello, World!").signed_payload
    b'Hello, World!'

Errors: ``VerificationError`` with ``code`` ``missing_component`` (a header is absent),
``invalid_header`` (a header is not in the provider's format), ``malformed_signature``,
``expired`` / ``future_timestamp``; ``SignatureMismatch`` whose ``signed_bytes`` is the
exact payload computed here (diff it against the sender's with ``canonsig.explain``);
``InvalidKeyError`` for an unusable secret.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Union

from . import _canonsig
from ._message import Headers, Request, header_lines

__all__ = [
    "PARSED_BODY_HINT",
    "GitHub",
    "Shopify",
    "Slack",
    "StandardWebhooks",
    "Stripe",
    "Twilio",
    "WebhookVerified",
]

RawBody = Union[bytes, bytearray, memoryview, str]
Params = Union[Mapping[str, Union[str, Iterable[str]]], Iterable[tuple[str, str]]]

#: What the ``TypeError`` for a parsed body says after naming its type.
PARSED_BODY_HINT = (
    "webhook signatures cover the raw body bytes exactly as the sender sent them; a parsed body "
    "cannot be turned back into those bytes (json.dumps changes key order, spacing, escaping and "
    "number format), which is the most common cause of 'invalid signature'. Pass the raw body: "
    "Flask request.get_data(), Django request.body, Starlette/FastAPI await request.body(), "
    "or use canonsig.integrations, which does it for you"
)


def _raw_body(body: object) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if body is None:
        raise TypeError("the body is None; pass the raw body bytes (b'' for an empty body)")
    raise TypeError(f"the body is a parsed {type(body).__name__}, not the raw bytes: {PARSED_BODY_HINT}")


def _timestamp(value: int | float | None, now: int) -> int:
    if value is None:
        return now
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise TypeError(f"timestamp must be Unix seconds, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class WebhookVerified:
    """A successful webhook verification."""

    provider: str
    """``standard-webhooks``, ``stripe``, ``github``, ``slack``, ``shopify`` or ``twilio``."""
    signed_payload: bytes
    """The exact bytes the MAC covers."""
    timestamp: int | None
    """The signed timestamp (Unix seconds), for schemes that have one."""
    matched_signature: str
    """The signature that matched, as it appeared in the header."""


class _Provider:
    provider: ClassVar[str] = ""

    def __init__(self, secret: str, *, tolerance: int | None = None, clock: Callable[[], float] | None = None) -> None:
        self._init(secret, tolerance, clock, False)

    def _init(self, secret: str, tolerance: int | None, clock: Callable[[], float] | None, allow_sha1: bool) -> None:
        if not isinstance(secret, str):
            raise TypeError(f"the secret must be a str, exactly as the provider shows it, not {type(secret).__name__}")
        if clock is not None and not callable(clock):
            raise TypeError("clock must be a callable returning Unix seconds")
        self._clock = clock
        self._inner = _canonsig._Webhook(self.provider, secret, tolerance, allow_sha1)

    @property
    def tolerance(self) -> int | None:
        """Seconds a signed timestamp may be from now, either way (core's default, 300,
        unless given); None for providers that sign no timestamp."""
        return self._inner.tolerance

    def _now(self) -> int:
        now = self._clock() if self._clock is not None else time.time()
        if isinstance(now, bool) or not isinstance(now, (int, float)) or now < 0:
            raise TypeError(f"clock() must return Unix seconds, not {now!r}")
        return int(now)

    def _sign(
        self,
        body: RawBody,
        timestamp: int | None = None,
        msg_id: str | None = None,
        url: str | None = None,
        params: Params = (),
    ) -> tuple[list[tuple[str, str]], str, bytes]:
        """Core's signing: ``(header lines, the signature value, the signed payload)``."""
        if timestamp is not None:
            timestamp = _timestamp(timestamp, 0)
        return self._inner.sign(_raw_body(body), timestamp, msg_id, url, _params(params), self._now())

    def verify(self, headers: Headers, body: RawBody) -> WebhookVerified:
        """Verifies from the received header lines (a mapping or ``(name, value)`` pairs;
        names are case-insensitive) and the **raw** body bytes."""
        raw = _raw_body(body)
        return WebhookVerified(*self._inner.verify(header_lines(headers), raw, self._now()))

    def verify_request(self, request: Request) -> WebhookVerified:
        """Verifies an incoming request (its header lines and raw body): the entry point the
        framework integrations call."""
        return WebhookVerified(*self._inner.verify_request(request, self._now()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(secret=[REDACTED], tolerance={self.tolerance})"


def _payload(provider: str, body: RawBody, timestamp: int | None = None, msg_id: str | None = None) -> bytes:
    if timestamp is not None:
        timestamp = _timestamp(timestamp, 0)
    return bytes(_canonsig._webhook_payload(provider, _raw_body(body), timestamp, msg_id, None, []))


def _headers(lines: list[tuple[str, str]]) -> dict[str, str]:
    return dict(lines)


class StandardWebhooks(_Provider):
    """Standard Webhooks (Svix, Clerk, Resend, ...) over ``{webhook-id}.{webhook-timestamp}.{body}``,
    ``webhook-signature`` holding a space-separated list during key rotation.

    v1 (symmetric): a ``whsec_...`` secret (base64 after the prefix), ``v1,<base64 HMAC-SHA256>``.
    v1a (asymmetric, Ed25519): the sender's ``whsk_...`` secret key signs ``v1a,<base64>``;
    receivers verify with the ``whpk_...`` public key (which cannot sign). ``svix-*`` headers
    are read when the ``webhook-*`` ones are absent. ``tolerance``: seconds either way (default 300).
    """

    provider = "standard-webhooks"

    @staticmethod
    def signed_payload(msg_id: str, timestamp: int, body: RawBody) -> bytes:
        """``{msg_id}.{timestamp}.{body}``: the bytes the MAC covers."""
        return _payload("standard-webhooks", body, timestamp, msg_id)

    def sign(self, msg_id: str, timestamp: int, body: RawBody) -> str:
        """The ``webhook-signature`` value ``v1,<base64>``."""
        return self._sign(body, timestamp, msg_id)[1]

    def headers(self, msg_id: str, body: RawBody, *, timestamp: int | None = None) -> dict[str, str]:
        """The three headers to send (``timestamp`` defaults to now)."""
        return _headers(self._sign(body, timestamp, msg_id)[0])


class Stripe(_Provider):
    """Stripe: ``Stripe-Signature: t=<ts>,v1=<hex>`` over ``{t}.{body}``, the key being the
    whole ``whsec_...`` string; any ``v1`` may match (rotation). Tolerance 300 s."""

    provider = "stripe"

    @staticmethod
    def signed_payload(timestamp: int, body: RawBody) -> bytes:
        """``{timestamp}.{body}``."""
        return _payload("stripe", body, timestamp)

    def sign(self, timestamp: int, body: RawBody) -> str:
        """The ``Stripe-Signature`` value ``t=...,v1=...``."""
        return self._sign(body, timestamp)[1]

    def headers(self, body: RawBody, *, timestamp: int | None = None) -> dict[str, str]:
        return _headers(self._sign(body, timestamp)[0])

    def verify_header(self, signature_header: str, body: RawBody) -> WebhookVerified:
        """Verifies from the ``Stripe-Signature`` value and the raw body."""
        return self.verify([("Stripe-Signature", signature_header)], body)


class GitHub(_Provider):
    """GitHub: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>``. The legacy
    ``X-Hub-Signature: sha1=`` only with ``allow_sha1=True``. GitHub signs no timestamp
    (no replay protection: track ``X-GitHub-Delivery``)."""

    provider = "github"

    def __init__(self, secret: str, *, allow_sha1: bool = False) -> None:
        self._init(secret, None, None, allow_sha1)

    def sign(self, body: RawBody) -> str:
        """The ``X-Hub-Signature-256`` value ``sha256=<hex>``."""
        return self._sign(body)[1]

    def sign_sha1(self, body: RawBody) -> str:
        """The legacy ``X-Hub-Signature`` value ``sha1=<hex>``."""
        return self._inner.sign_sha1(_raw_body(body))

    def headers(self, body: RawBody) -> dict[str, str]:
        return _headers(self._sign(body)[0])


class Slack(_Provider):
    """Slack: ``X-Slack-Signature: v0=<hex>`` over ``v0:{X-Slack-Request-Timestamp}:{body}``,
    the key being the signing secret as text. Tolerance 300 s."""

    provider = "slack"

    @staticmethod
    def signed_payload(timestamp: int, body: RawBody) -> bytes:
        """``v0:{timestamp}:{body}``."""
        return _payload("slack", body, timestamp)

    def sign(self, timestamp: int, body: RawBody) -> str:
        """The ``X-Slack-Signature`` value ``v0=<hex>``."""
        return self._sign(body, timestamp)[1]

    def headers(self, body: RawBody, *, timestamp: int | None = None) -> dict[str, str]:
        return _headers(self._sign(body, timestamp)[0])


class Shopify(_Provider):
    """Shopify: ``X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(client secret, body)>``."""

    provider = "shopify"

    def __init__(self, secret: str) -> None:
        self._init(secret, None, None, False)

    def sign(self, body: RawBody) -> str:
        """The ``X-Shopify-Hmac-Sha256`` value."""
        return self._sign(body)[1]

    def headers(self, body: RawBody) -> dict[str, str]:
        return _headers(self._sign(body)[0])


def _params(params: Params) -> list[tuple[str, str]]:
    if isinstance(params, Mapping):
        out: list[tuple[str, str]] = []
        for k, v in params.items():
            if isinstance(v, str):
                out.append((k, v))
            else:
                out.extend((k, x) for x in v)
        return out
    return [(k, v) for k, v in params]


class Twilio(_Provider):
    """Twilio: ``X-Twilio-Signature: <base64 HMAC-SHA1(auth token, url + params)>``, the
    params being the POST form parameters sorted, each ``name`` + ``value``. For JSON
    bodies Twilio adds ``bodySHA256`` to the URL and signs the URL alone. The URL is tried
    with and without its port, as Twilio's validators do; no timestamp is signed."""

    provider = "twilio"

    def __init__(self, auth_token: str) -> None:
        self._init(auth_token, None, None, False)

    @staticmethod
    def signed_payload(url: str, params: Params) -> str:
        """The URL followed by each sorted parameter name and value."""
        return bytes(_canonsig._webhook_payload("twilio", b"", None, None, url, _params(params))).decode("utf-8")

    def sign(self, url: str, params: Params = ()) -> str:
        """The ``X-Twilio-Signature`` value for the URL and POST parameters."""
        return self._sign(b"", url=url, params=params)[1]

    def verify(self, url: str, params: Params, signature: str) -> WebhookVerified:  # type: ignore[override]
        """Verifies a form POST from the full URL Twilio called and its decoded parameters
        (a mapping, values str or lists, or ``(name, value)`` pairs)."""
        return WebhookVerified(*self._inner.verify_twilio("params", url, signature, _params(params), b""))

    def verify_form_body(self, url: str, body: RawBody, signature: str) -> WebhookVerified:
        """Verifies a form POST from its raw ``application/x-www-form-urlencoded`` body."""
        return WebhookVerified(*self._inner.verify_twilio("form", url, signature, [], _raw_body(body)))

    def verify_json_body(self, url: str, body: RawBody, signature: str) -> WebhookVerified:
        """Verifies a non-form (JSON) body: the URL's ``bodySHA256`` must be the body's
        SHA-256 (``digest_mismatch`` otherwise) and the signature covers the URL."""
        return WebhookVerified(*self._inner.verify_twilio("json", url, signature, [], _raw_body(body)))

    def verify_request(self, request: Request) -> WebhookVerified:
        """Verifies an incoming request as Twilio signs it (core decides every rule): its
        absolute URL (``request.url``), the one ``X-Twilio-Signature``, and the body: with a
        ``bodySHA256`` query parameter, its SHA-256 and the URL alone; else a form body's
        parameters; any other body without ``bodySHA256`` is ``missing_component``."""
        return super().verify_request(request)
