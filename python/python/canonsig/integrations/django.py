"""Django: verify a request's signature before the view runs, on the raw body.

    from canonsig.integrations.django import verify_signature

    @verify_signature(canonsig.webhooks.GitHub(settings.GITHUB_WEBHOOK_SECRET))
    def github_webhook(request):
        event = json.loads(request.body)
        verified = request.canonsig
        ...

Signed endpoints are called by machines, not browsers: the decorated view is exempt from
CSRF checks by default (``csrf_exempt=False`` keeps them).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from .._errors import Error
from .._message import Request
from . import RequestVerifier, error_body, resolve

__all__ = ["request_from_django", "verify_signature"]

# Django ships no type information: imported by name so the package type-checks without
# django-stubs.
JsonResponse: Any = importlib.import_module("django.http").JsonResponse

F = TypeVar("F", bound=Callable[..., Any])


def request_from_django(request: Any) -> Request:
    """A Django ``HttpRequest`` as a ``canonsig.Request``: the method, the target as sent
    (``RAW_URI`` / ``REQUEST_URI`` when the server keeps it, else ``get_full_path()``),
    the header lines (with a ``Host`` from ``SERVER_NAME`` when the client sent none), the
    raw ``request.body`` and the scheme."""
    meta = request.META
    target = meta.get("RAW_URI") or meta.get("REQUEST_URI") or request.get_full_path()
    headers = list(request.headers.items())
    if not any(name.lower() == "host" for name, _ in headers):
        host, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
        default = "443" if request.scheme == "https" else "80"
        headers.append(("Host", host if port in ("", default) else f"{host}:{port}"))
    return Request(request.method, target, headers, request.body, scheme=request.scheme)


def verify_signature(
    verifier: RequestVerifier,
    *,
    on_error: Callable[[Error], Any] | None = None,
    status: int = 401,
    csrf_exempt: bool = True,
) -> Callable[[F], F]:
    """A view decorator: verifies the request with ``verifier`` and stores the result in
    ``request.canonsig``; a refusal answers ``status`` (401) with
    ``{"error": code, "message": ...}``, or what ``on_error(error)`` returns."""
    check = resolve(verifier)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                result = check(request_from_django(request))
            except Error as e:
                if on_error is not None:
                    return on_error(e)
                return JsonResponse(error_body(e), status=status)
            request.canonsig = result
            return view(request, *args, **kwargs)

        if csrf_exempt:
            wrapper.csrf_exempt = True  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator
