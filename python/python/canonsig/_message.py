"""Plain HTTP messages: what every request-signing scheme signs (``canonsig.Request`` and
``canonsig.Response``), independent of any HTTP library.

They mirror the core's types: the method, the request target as sent (origin form
``/path?query`` with a ``Host`` header, or an absolute URL), the header lines in order
(repeats kept, as ``(name, value)`` pairs), and the exact body bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Union

from . import _canonsig

__all__ = ["Headers", "Request", "Response", "header_lines"]

#: Header lines: a mapping (``dict``, ``requests``' and ``httpx``' header objects, ...) or
#: an iterable of ``(name, value)`` pairs (a list of tuples, ``werkzeug`` headers).
Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]


def _text(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    raise TypeError(f"{what} must be str (or bytes), not {type(value).__name__}")


def header_lines(headers: Headers | None) -> list[tuple[str, str]]:
    """Header lines as a list of ``(name, value)`` pairs, from a mapping or an iterable of
    pairs. Objects with ``multi_items()`` (httpx) or ``raw`` lists keep their repeats."""
    if headers is None:
        return []
    multi = getattr(headers, "multi_items", None)
    if callable(multi):
        pairs: Iterable[Any] = multi()
    elif isinstance(headers, Mapping) or hasattr(headers, "items"):
        pairs = headers.items()
    else:
        pairs = headers
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if isinstance(pair, (str, bytes)) or len(pair) != 2:
            raise TypeError("headers must be a mapping or an iterable of (name, value) pairs")
        name, value = pair
        out.append((_text(name, "a header name"), _text(value, "a header value")))
    return out


def _body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    raise TypeError(
        f"the body must be the raw bytes (bytes, bytearray, memoryview or str), not {type(body).__name__}: "
        "a signature covers the exact bytes sent, so a stream or a parsed value cannot be signed or verified"
    )


def _as_urllib3_sends(url: str) -> str:
    """``url`` with its host as requests' transport puts it in ``Host``: urllib3 strips a
    trailing dot (``example.com.`` goes out as ``example.com``), which core keeps (RFC 9110,
    fetch and botocore do), so the requests adapter signs what urllib3 will send."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, host_port = authority.rpartition("@")
    host, colon, port = host_port, "", ""
    if ":" in host_port and not host_port.endswith("]"):
        host, colon, port = host_port.rpartition(":")
    if host.startswith("[") or not host.endswith("."):
        return url
    return f"{scheme}://{userinfo}{at}{host.rstrip('.')}{colon}{port}{tail}"


class Request:
    """An HTTP request as it goes over the wire.

    ``target`` is what the request line carries: an origin form (``/path?query``, the
    authority then comes from the ``Host`` header and the scheme from ``scheme``,
    ``"https"`` when unset) or an absolute URL (``https://host/path?query``). ``headers``
    is a list of ``(name, value)`` pairs in order; ``body`` the exact bytes.

        >>> req = Request("POST", "https://example.com/a?b=1", [("Content-Type", "text/plain")], b"hi")
        >>> req.header("content-type"), req.url
        ('text/plain', 'https://example.com/a?b=1')
    """

    __slots__ = ("body", "headers", "method", "scheme", "target")

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    scheme: str | None

    def __init__(
        self,
        method: str,
        target: str,
        headers: Headers | None = None,
        body: bytes | bytearray | memoryview | str | None = b"",
        *,
        scheme: str | None = None,
    ) -> None:
        self.method = _text(method, "method")
        self.target = _text(target, "target")
        self.headers = header_lines(headers)
        self.body = _body(body)
        self.scheme = scheme

    # --- reading --------------------------------------------------------------------------

    def header_values(self, name: str) -> list[str]:
        """The values of every header line named ``name`` (case-insensitive), in order."""
        lower = name.lower()
        return [v for n, v in self.headers if n.lower() == lower]

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (lines joined with ``", "`` when repeated), or None."""
        values = self.header_values(name)
        return ", ".join(values) if values else None

    @property
    def url(self) -> str:
        """The absolute URL the request was sent to (RFC 9110 §7.1): the target when it is
        absolute, else the scheme, the ``Host`` header and the target; the fragment is
        dropped. Raises ``VerificationError`` (``missing_component``) without an authority,
        (``malformed_request``) for a target that is no HTTP form."""
        return _canonsig._request_url(self)

    # --- building -------------------------------------------------------------------------

    def copy(self) -> Request:
        """A copy with its own header list."""
        return Request(self.method, self.target, list(self.headers), self.body, scheme=self.scheme)

    def set_header(self, name: str, value: str) -> None:
        """Replaces every line named ``name`` by one (at the first one's place), or appends it."""
        lower = name.lower()
        out: list[tuple[str, str]] = []
        done = False
        for n, v in self.headers:
            if n.lower() != lower:
                out.append((n, v))
            elif not done:
                out.append((name, value))
                done = True
        if not done:
            out.append((name, value))
        self.headers = out

    @classmethod
    def parse(cls, raw: bytes | bytearray | memoryview) -> Request:
        """Parses a raw HTTP/1.x request (request line, header lines with obsolete folding,
        a blank line, the body bytes): the ``.req`` format of the AWS SigV4 test suite.
        Raises ``VerificationError`` (``malformed_request``) with the line and offset."""
        return cls._from_parts(_canonsig._parse_http(raw))

    @classmethod
    def _from_parts(cls, parts: tuple[str, str, str | None, list[tuple[str, str]], bytes]) -> Request:
        method, target, scheme, headers, body = parts
        return cls(method, target, headers, body, scheme=scheme)

    @classmethod
    def from_requests(cls, prepared: Any) -> Request:
        """From a ``requests.PreparedRequest`` (``requests.Request(...).prepare()``): its
        method, absolute URL, headers and body. A streamed body (a generator or a file)
        cannot be signed and raises ``TypeError``."""
        body = prepared.body
        if body is not None and not isinstance(body, (bytes, bytearray, memoryview, str)):
            raise TypeError(
                f"the request body is a {type(body).__name__} (a stream): a signature covers the exact bytes, "
                "so pass the body as bytes"
            )
        return cls(prepared.method or "GET", _as_urllib3_sends(prepared.url or "/"), prepared.headers, body)

    @classmethod
    def from_httpx(cls, request: Any) -> Request:
        """From an ``httpx.Request``: method, absolute URL (as encoded on the wire), header
        lines and body (read first if it was streamed)."""
        url = request.url
        target = f"{url.scheme}://{url.netloc.decode('ascii')}{url.raw_path.decode('ascii')}"
        body = request.read() if hasattr(request, "read") else request.content
        return cls(request.method, target, request.headers, body)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Request):
            return NotImplemented
        return (self.method, self.target, self.headers, self.body, self.scheme) == (
            other.method,
            other.target,
            other.headers,
            other.body,
            other.scheme,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        scheme = "" if self.scheme is None else f", scheme={self.scheme!r}"
        return (
            f"Request({self.method!r}, {self.target!r}, headers=<{len(self.headers)} lines>, "
            f"body=<{len(self.body)} bytes>{scheme})"
        )


class Response:
    """An HTTP response: ``status``, header lines in order, trailer lines (fields sent
    after a chunked body, which RFC 9421 ``;tr`` components cover), and the body bytes.

        >>> Response(200, [("Content-Type", "application/json")], b"{}").header("content-type")
        'application/json'
    """

    __slots__ = ("body", "headers", "status", "trailers")

    status: int
    headers: list[tuple[str, str]]
    trailers: list[tuple[str, str]]
    body: bytes

    def __init__(
        self,
        status: int,
        headers: Headers | None = None,
        body: bytes | bytearray | memoryview | str | None = b"",
        *,
        trailers: Headers | None = None,
    ) -> None:
        if isinstance(status, bool) or not isinstance(status, int):
            raise TypeError(f"status must be an int, not {type(status).__name__}")
        self.status = status
        self.headers = header_lines(headers)
        self.trailers = header_lines(trailers)
        self.body = _body(body)

    def header_values(self, name: str) -> list[str]:
        """The values of every header line named ``name`` (case-insensitive), in order."""
        lower = name.lower()
        return [v for n, v in self.headers if n.lower() == lower]

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (lines joined with ``", "`` when repeated), or None."""
        values = self.header_values(name)
        return ", ".join(values) if values else None

    def copy(self) -> Response:
        """A copy with its own header and trailer lists."""
        return Response(self.status, list(self.headers), self.body, trailers=list(self.trailers))

    @classmethod
    def parse(cls, raw: bytes | bytearray | memoryview) -> Response:
        """Parses a raw HTTP/1.x response (status line, header lines with obsolete folding,
        a blank line, the body bytes). Raises ``VerificationError`` (``malformed_request``)
        with the line and offset."""
        status, headers, body = _canonsig._parse_http_response(raw)
        return cls(status, headers, body)

    @classmethod
    def from_requests(cls, response: Any) -> Response:
        """From a ``requests.Response`` (its status, headers and ``content``)."""
        return cls(response.status_code, response.headers, response.content)

    @classmethod
    def from_httpx(cls, response: Any) -> Response:
        """From an ``httpx.Response`` (read first if it was streamed)."""
        return cls(response.status_code, response.headers, response.read())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Response):
            return NotImplemented
        return (self.status, self.headers, self.trailers, self.body) == (
            other.status,
            other.headers,
            other.trailers,
            other.body,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Response({self.status}, headers=<{len(self.headers)} lines>, body=<{len(self.body)} bytes>)"


Message = Union[Request, Response]
