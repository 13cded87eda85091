r"""AWS Signature Version 4 (``AWS4-HMAC-SHA256``) and SigV4a (``AWS4-ECDSA-P256-SHA256``,
``algorithm="sigv4a"``: multi-region, ECDSA P-256 with a key derived from the secret): sign
a ``canonsig.Request`` with an ``Authorization`` header or a presigned URL, verify an
incoming one, recompute what a signed request signed (``signed_parts``), and explain S3's
``SignatureDoesNotMatch`` document (``explain_aws``).

Every result carries the canonical request and the string to sign; a mismatch raises
``SignatureMismatch`` with ``.canonical_request`` and ``.string_to_sign`` (what this side
computed), to diff against AWS's or the other side's.

    >>> import canonsig
    >>> from canonsig import aws
    >>> signer = aws.Signer(aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    ...                     "us-east-1", "service")
    >>> req = canonsig.Request("GET", "/", [("Host", "example.amazonaws.com")])
    >>> signer.sign(req, time=1440938160).signature  # the AWS test suite's get-vanilla
    '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'
"""

from __future__ import annotations

import datetime
import json
import time as _time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union

from . import _canonsig
from ._diff import Explanation
from ._message import Request

__all__ = [
    "UNSIGNED_PAYLOAD",
    "AwsExplanation",
    "Credentials",
    "HttpxAuth",
    "RequestsAuth",
    "Settings",
    "Signed",
    "SignedParts",
    "Signer",
    "Verified",
    "Verifier",
    "explain_aws",
    "signed_parts",
]

#: The payload line of requests whose body is not signed (S3, presigned URLs).
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

Time = Union[int, float, datetime.datetime]


def _is_v4a(algorithm: object) -> bool:
    if algorithm not in ("sigv4", "sigv4a"):
        raise ValueError(f'algorithm must be "sigv4" or "sigv4a", not {algorithm!r}')
    return algorithm == "sigv4a"


def _unix(value: Time | None, clock: Callable[[], float] | None = None) -> int:
    if value is None:
        value = clock() if clock is not None else _time.time()
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("a naive datetime is ambiguous: give an aware one (tzinfo=datetime.timezone.utc)")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise TypeError(f"time must be Unix seconds or an aware datetime, not {value!r}")
    return int(value)


#: Core's settings for every service but S3, as ``(normalize_path, double_encode_path,
#: payload, content_sha256_header, sign_session_token)``.
_DEFAULT_SETTINGS = _canonsig._aws_settings("default")


@dataclass(frozen=True)
class Settings:
    """The service-dependent rules of the canonical request. The defaults are what every
    AWS service but S3 expects; ``Settings.s3()`` is S3's.

    ``payload``: ``"body"`` (hex SHA-256 of the body), ``"unsigned"``
    (``UNSIGNED-PAYLOAD``), or a precomputed value (a streaming marker, a hash computed
    while uploading). ``content_sha256_header``: send and sign ``x-amz-content-sha256``
    (S3). ``sign_session_token``: sign ``X-Amz-Security-Token`` (when false it is added
    after signing, as a few services want).
    """

    normalize_path: bool = _DEFAULT_SETTINGS[0]
    double_encode_path: bool = _DEFAULT_SETTINGS[1]
    payload: str = _DEFAULT_SETTINGS[2]
    content_sha256_header: bool = _DEFAULT_SETTINGS[3]
    sign_session_token: bool = _DEFAULT_SETTINGS[4]

    @classmethod
    def s3(cls, *, payload: str = "body") -> Settings:
        """S3: no path normalization, single encoding, ``x-amz-content-sha256`` signed."""
        normalize_path, double_encode_path, _, content_sha256_header, sign_session_token = _canonsig._aws_settings("s3")
        return cls(normalize_path, double_encode_path, payload, content_sha256_header, sign_session_token)

    def _arg(self) -> tuple[bool, bool, str, bool, bool]:
        payload = "unsigned" if self.payload == UNSIGNED_PAYLOAD else self.payload
        return (
            self.normalize_path,
            self.double_encode_path,
            payload,
            self.content_sha256_header,
            self.sign_session_token,
        )


class Credentials:
    """An access key id with its secret access key, and the session token of temporary
    (STS) credentials. ``repr`` shows the access key id only."""

    __slots__ = ("_secret", "_token", "access_key_id")

    def __init__(self, access_key_id: str, secret_access_key: str, session_token: str | None = None) -> None:
        for name, value in (("access_key_id", access_key_id), ("secret_access_key", secret_access_key)):
            if not isinstance(value, str) or not value:
                raise TypeError(f"{name} must be a non-empty str")
        self.access_key_id = access_key_id
        self._secret = secret_access_key
        self._token = session_token

    @property
    def session_token(self) -> str | None:
        return self._token

    def _tuple(self) -> tuple[str, str, str | None]:
        return (self.access_key_id, self._secret, self._token)

    def sigv4a_public_key(self) -> bytes:
        """The SigV4a public key derived from these credentials (as aws-c-auth derives it):
        uncompressed SEC1 ``04 || X || Y``, 65 bytes; what a SigV4a verifier checks with."""
        return _canonsig._sigv4a_public_key(self.access_key_id, self._secret)

    @classmethod
    def from_botocore(cls, credentials: Any) -> Credentials:
        """From botocore/boto3 credentials (``session.get_credentials()``), frozen now."""
        frozen = credentials.get_frozen_credentials() if hasattr(credentials, "get_frozen_credentials") else credentials
        return cls(frozen.access_key, frozen.secret_key, frozen.token)

    def __repr__(self) -> str:
        token = "" if self._token is None else ", session_token=[REDACTED]"
        return f"Credentials(access_key_id={self.access_key_id!r}, secret_access_key=[REDACTED]{token})"


@dataclass(frozen=True)
class Signed:
    """A signed request and every intermediate string."""

    request: Request
    """The request with the signing headers (or the presigned query) added."""
    canonical_request: str
    string_to_sign: str
    signature: str
    signed_headers: str
    credential_scope: str
    amz_date: str
    authorization: str | None
    """The ``Authorization`` value (header signing only)."""
    url: str
    """The request's absolute URL (the presigned URL after ``presign``), with the host as
    clients send it (lower case, an IDN host in its ``xn--`` form, no default port)."""
    headers: list[tuple[str, str]]
    """The header lines signing set, in order (none for a presigned URL)."""

    @classmethod
    def _from(cls, parts: tuple[Any, ...]) -> Signed:
        req, *rest = parts
        return cls(Request._from_parts(req), *rest)


def _check_request(request: object) -> None:
    if not isinstance(request, Request):
        raise TypeError(
            f"request must be a canonsig.Request, not {type(request).__name__} "
            "(Request.from_requests / Request.from_httpx convert)"
        )


class Signer:
    """Signs requests for one set of credentials, region and service.

    ``settings`` default to every service but S3's rules (``Settings.s3()`` for S3);
    ``clock`` (Unix seconds) is where "now" comes from when no ``time`` is given: inject
    a corrected clock when yours is skewed.

    ``algorithm="sigv4a"`` signs SigV4a (``AWS4-ECDSA-P256-SHA256``): ``region`` is then the
    region set (``"us-east-1"``, ``"us-east-1,us-west-2"``, ``"*"``), sent and signed as
    ``X-Amz-Region-Set``; the credential scope has no region; the signature is the hex of a
    DER ECDSA P-256 signature (deterministic, RFC 6979) that verifiers check with
    ``Credentials.sigv4a_public_key()``.
    """

    def __init__(
        self,
        credentials: Credentials,
        region: str,
        service: str,
        *,
        settings: Settings | None = None,
        clock: Callable[[], float] | None = None,
        algorithm: Literal["sigv4", "sigv4a"] = "sigv4",
    ) -> None:
        if not isinstance(credentials, Credentials):
            raise TypeError(f"credentials must be canonsig.aws.Credentials, not {type(credentials).__name__}")
        self.region = region
        self.service = service
        self.algorithm = algorithm
        self.settings = settings or Settings()
        self._clock = clock
        self._credentials = credentials
        self._inner = self._core(False)

    def _core(self, http_client: bool) -> Any:
        access_key_id, secret, token = self._credentials._tuple()
        v4a = _is_v4a(self.algorithm)
        return _canonsig._SigV4Signer(
            access_key_id, secret, token, self.region, self.service, self.settings._arg(), v4a, http_client
        )

    def for_http_client(self) -> Signer:
        """This signer as the HTTP client adapters use it: the headers a client manages
        itself (``Accept-Encoding``) are left unsigned, as hop-by-hop and tracing headers
        always are (core's rule)."""
        copy = Signer(
            self._credentials,
            self.region,
            self.service,
            settings=self.settings,
            clock=self._clock,
            algorithm=self.algorithm,  # type: ignore[arg-type]
        )
        copy._inner = copy._core(True)
        return copy

    def sign(self, request: Request, *, time: Time | None = None) -> Signed:
        """Signs with an ``Authorization`` header at ``time`` (default now): adds
        ``X-Amz-Security-Token`` (temporary credentials), ``X-Amz-Date``,
        ``X-Amz-Region-Set`` (SigV4a), ``x-amz-content-sha256`` (when the settings say so) and ``Authorization``,
        replacing any present. Every other header is signed except ``authorization``,
        ``expect``, ``transfer-encoding``, ``user-agent`` and ``x-amzn-trace-id``; ``host``
        always (from the URL when there is no ``Host`` line)."""
        _check_request(request)
        return Signed._from(self._inner.sign(request, _unix(time, self._clock)))

    def presign(self, request: Request, expires: int | None = None, *, time: Time | None = None) -> Signed:
        """A presigned URL valid ``expires`` seconds (1 to 604800; ``None``: core's default,
        3600, as botocore): the ``X-Amz-*`` query
        parameters and ``X-Amz-Signature`` appended to the target. For S3 use
        ``Settings.s3(payload="unsigned")``."""
        _check_request(request)
        return Signed._from(self._inner.presign(request, _unix(time, self._clock), expires))


@dataclass(frozen=True)
class Verified:
    """What a successful verification established, with the intermediate strings."""

    access_key_id: str
    region: str
    service: str
    amz_date: str
    time: int
    signed_headers: tuple[str, ...]
    expires: int | None
    """``X-Amz-Expires`` of a presigned URL (None for header signing)."""
    canonical_request: str
    string_to_sign: str


class Verifier:
    """Verifies SigV4 and SigV4a requests (``Authorization`` header or presigned URL).

    ``credentials``: one ``Credentials`` or several (looked up by access key id).
    ``region`` / ``service``: refuse other credential scopes (SigV4a: ``region`` must be in
    the signed region set). ``tolerance``: how far
    ``X-Amz-Date`` may be from now (seconds, default 900, as AWS). ``clock``: Unix
    seconds. ``allow_unsigned_payload``: accept ``x-amz-content-sha256: UNSIGNED-PAYLOAD``
    (default True). Every ``None`` is core's default, the one every frontend has.
    """

    def __init__(
        self,
        credentials: Credentials | Iterable[Credentials],
        *,
        region: str | None = None,
        service: str | None = None,
        settings: Settings | None = None,
        tolerance: int | None = None,
        clock: Callable[[], float] | None = None,
        allow_unsigned_payload: bool | None = None,
    ) -> None:
        ring = [credentials] if isinstance(credentials, Credentials) else list(credentials)
        for c in ring:
            if not isinstance(c, Credentials):
                raise TypeError(f"credentials must be canonsig.aws.Credentials, not {type(c).__name__}")
        self.settings = settings or Settings()
        self._clock = clock
        self._inner = _canonsig._SigV4Verifier(
            [c._tuple() for c in ring], region, service, self.settings._arg(), tolerance, allow_unsigned_payload
        )

    def verify(self, request: Request) -> Verified:
        """Verifies the request's ``Authorization`` header or presigned query.

        Raises ``SignatureMismatch`` (``.canonical_request`` / ``.string_to_sign``: what this
        side computed; ``digest_mismatch`` when the body does not match
        ``x-amz-content-sha256``) or ``VerificationError`` with ``code``:
        ``missing_component``, ``invalid_header``, ``unsupported_algorithm``,
        ``malformed_signature``, ``unknown_key_id``, ``expired``, ``future_timestamp``.
        """
        _check_request(request)
        now = _unix(None, self._clock)
        parts = self._inner.verify(request, now)
        (key_id, region, service, amz_date, when, signed_headers, expires, creq, sts) = parts
        return Verified(key_id, region, service, amz_date, when, tuple(signed_headers), expires, creq, sts)

    def verify_request(self, request: Request) -> Verified:
        """``verify(request)``: the entry point the framework integrations call."""
        return self.verify(request)


@dataclass(frozen=True)
class SignedParts:
    """What a signed request's signer signed, recomputed without its secret."""

    access_key_id: str
    credential_scope: str
    amz_date: str
    signed_headers: str
    canonical_request: str
    string_to_sign: str

    def to_dict(self) -> dict[str, str]:
        return {
            "access_key_id": self.access_key_id,
            "credential_scope": self.credential_scope,
            "amz_date": self.amz_date,
            "signed_headers": self.signed_headers,
            "canonical_request": self.canonical_request,
            "string_to_sign": self.string_to_sign,
        }


def signed_parts(request: Request, settings: Settings | None = None) -> SignedParts:
    """Recomputes the canonical request and string to sign of a SigV4-signed request (an
    ``Authorization`` header or a presigned URL) from its own signed-header list, date and
    scope; no secret needed. ``settings``: the rules its signer used."""
    _check_request(request)
    return SignedParts(*_canonsig._aws_signed_parts(request, (settings or Settings())._arg()))


@dataclass(frozen=True)
class AwsExplanation:
    """AWS's view (its ``SignatureDoesNotMatch`` document) against the signer's.

    ``aws_canonical_request`` / ``aws_string_to_sign`` are AWS's own text from the document;
    ``canonical_request`` / ``string_to_sign`` explain AWS's text (expected) against the
    signer's (actual), when the document carries it; ``conclusions`` say what it means,
    most important first; ``local`` is what the request's signer signed.
    """

    code: str | None
    local: SignedParts
    aws_canonical_request: str | None
    aws_string_to_sign: str | None
    canonical_request: Explanation | None
    string_to_sign: Explanation | None
    conclusions: tuple[str, ...]
    causes: list[str]
    """The causes of the canonical-request difference (else of the string to sign)."""
    text: str
    """The plain-text report (core's), also ``str()``."""

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "local": self.local.to_dict(),
            "aws_canonical_request": self.aws_canonical_request,
            "aws_string_to_sign": self.aws_string_to_sign,
            "canonical_request": None if self.canonical_request is None else self.canonical_request.to_dict(),
            "string_to_sign": None if self.string_to_sign is None else self.string_to_sign.to_dict(),
            "conclusions": list(self.conclusions),
            "causes": list(self.causes),
            "text": self.text,
        }


def explain_aws(error_xml: str | bytes, request: Request, settings: Settings | None = None) -> AwsExplanation:
    """Compares S3's ``SignatureDoesNotMatch`` error document (its ``CanonicalRequest`` and
    ``StringToSign``, read from the ``*Bytes`` fields when present) with what the signed
    ``request`` signed. ``settings``: the rules its signer used (``Settings.s3()`` for S3).

    Raises ``CanonicalizationError`` (``malformed_input``) for a document that is not an
    AWS error document or carries neither string, and the errors of ``signed_parts``.
    """
    _check_request(request)
    if isinstance(error_xml, bytes):
        error_xml = error_xml.decode("utf-8")
    d: Mapping[str, Any] = json.loads(_canonsig._explain_aws(error_xml, request, (settings or Settings())._arg()))
    creq = d["canonical_request"]
    sts = d["string_to_sign"]
    return AwsExplanation(
        code=d["code"],
        local=SignedParts(**d["local"]),
        aws_canonical_request=d["aws_canonical_request"],
        aws_string_to_sign=d["aws_string_to_sign"],
        canonical_request=None if creq is None else Explanation._from(creq),
        string_to_sign=None if sts is None else Explanation._from(sts),
        conclusions=tuple(d["conclusions"]),
        causes=list(d["causes"]),
        text=d["text"],
    )


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


class RequestsAuth(_RequestsAuthBase):
    """Signs ``requests`` requests with SigV4 (a ``requests.auth.AuthBase``)::

        requests.get(url, auth=canonsig.aws.RequestsAuth(creds, "eu-west-1", "execute-api"))

    Options as for ``Signer``; ``presign=N`` signs the URL (valid N seconds) instead of
    adding ``Authorization``. Every header is signed but the ones a client manages itself
    or a proxy may change (``Accept-Encoding``, hop-by-hop and tracing headers: core's
    ``for_http_client`` rule). A streamed body cannot be signed (``TypeError``).
    """

    def __init__(
        self,
        credentials: Credentials,
        region: str,
        service: str,
        *,
        settings: Settings | None = None,
        clock: Callable[[], float] | None = None,
        presign: int | None = None,
        algorithm: Literal["sigv4", "sigv4a"] = "sigv4",
    ) -> None:
        signer = Signer(credentials, region, service, settings=settings, clock=clock, algorithm=algorithm)
        self._signer = signer.for_http_client()
        self._presign = presign

    def _sign(self, req: Request) -> Signed:
        return self._signer.sign(req) if self._presign is None else self._signer.presign(req, self._presign)

    def __call__(self, r: Any) -> Any:
        signed = self._sign(Request.from_requests(r))
        if self._presign is not None:
            r.url = signed.url
            return r
        for name, value in signed.headers:
            r.headers[name] = value
        return r


class HttpxAuth(_HttpxAuthBase):
    """Signs ``httpx`` requests with SigV4 (an ``httpx.Auth``, sync and async)::

        httpx.Client(auth=canonsig.aws.HttpxAuth(creds, "eu-west-1", "execute-api"))

    Options as for ``RequestsAuth``.
    """

    requires_request_body = True

    def __init__(
        self,
        credentials: Credentials,
        region: str,
        service: str,
        *,
        settings: Settings | None = None,
        clock: Callable[[], float] | None = None,
        presign: int | None = None,
        algorithm: Literal["sigv4", "sigv4a"] = "sigv4",
    ) -> None:
        self._auth = RequestsAuth(
            credentials, region, service, settings=settings, clock=clock, presign=presign, algorithm=algorithm
        )

    def auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        signed = self._auth._sign(Request.from_httpx(request))
        if self._auth._presign is not None:
            import httpx

            request.url = httpx.URL(signed.url)
        else:
            for name, value in signed.headers:
                request.headers[name] = value
        yield request
