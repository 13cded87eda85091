"""Verify signed requests in web frameworks, on the **raw** body.

One module per framework, each importing only its framework (install it yourself):

- ``canonsig.integrations.flask``: ``verify_signature(verifier)`` view decorator; the
  result is in ``flask.g.canonsig``.
- ``canonsig.integrations.starlette``: ``require_signature(verifier)``, a FastAPI
  dependency (``Depends(...)``) returning the result, and ``SignatureMiddleware``, an ASGI
  middleware for Starlette/FastAPI apps; the result is in ``request.state.canonsig``.
- ``canonsig.integrations.django``: ``verify_signature(verifier)`` view decorator; the
  result is in ``request.canonsig``.

``verifier`` is anything with a ``verify_request(canonsig.Request)`` method
(``canonsig.http.Verifier``, ``canonsig.aws.Verifier``, every ``canonsig.webhooks``
class) or a callable taking a ``canonsig.Request``. A ``canonsig.Error`` it raises becomes
a ``401`` JSON answer ``{"error": code, "message": ...}`` (or what ``on_error`` returns),
logged on the ``canonsig.integrations`` logger; any other exception propagates.

The body handed to the verifier is the bytes the framework received, read before any
parsing, and the view can still read it (``request.get_data()``, ``request.body``,
``await request.body()``, ``request.json``...).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, Union
from urllib.parse import quote

from .._errors import Error
from .._message import Request

__all__ = ["RequestVerifier", "error_body", "resolve", "wsgi_target"]

logger = logging.getLogger("canonsig.integrations")


class _HasVerifyRequest(Protocol):
    def verify_request(self, request: Request, /) -> Any: ...


#: A verifier object or a callable taking a ``canonsig.Request``.
RequestVerifier = Union[_HasVerifyRequest, Callable[[Request], Any]]


def resolve(verifier: RequestVerifier) -> Callable[[Request], Any]:
    """The callable that verifies a ``canonsig.Request``."""
    method = getattr(verifier, "verify_request", None)
    if callable(method):
        return method  # type: ignore[no-any-return]
    if callable(verifier):
        return verifier
    raise TypeError(
        f"verifier must have a verify_request(request) method or be callable, not {type(verifier).__name__}"
    )


def error_body(error: Error) -> dict[str, str]:
    """The JSON body of a refusal: ``{"error": code, "message": text}``; logs it."""
    logger.warning("signature refused: %s", error)
    return {"error": error.code, "message": str(error)}


def wsgi_target(environ: dict[str, Any]) -> str:
    """The request target as sent, from a WSGI environ: ``RAW_URI`` / ``REQUEST_URI`` when
    the server keeps it (gunicorn, uWSGI, werkzeug), else the path re-encoded from
    ``SCRIPT_NAME`` + ``PATH_INFO`` (an encoded ``%2F`` is then indistinguishable from ``/``)
    and ``QUERY_STRING``."""
    for key in ("RAW_URI", "REQUEST_URI"):
        raw = environ.get(key)
        if raw:
            return str(raw)
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1")
    target = quote(path, safe="/!$&'()*+,;=:@~") or "/"
    query = environ.get("QUERY_STRING", "")
    return f"{target}?{query}" if query else target
