"""Flask: verify a request's signature before the view runs, on the raw body.

from canonsig.integrations.flask import verify_signature

@app.post("/webhooks/stripe")
@verify_signature(canonsig.webhooks.Stripe(secret))
def stripe_webhook():
    event = flask.request.get_json()  # still readable: the raw body was cached
    verified = flask.g.canonsig       # the verifier's result
    ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import flask

from .._errors import Error
from .._message import Request
from . import RequestVerifier, error_body, resolve, wsgi_target

__all__ = ["request_from_flask", "verify_signature"]

F = TypeVar("F", bound=Callable[..., Any])


def request_from_flask(request: Any = None) -> Request:
    """The current Flask request (or ``request``) as a ``canonsig.Request``: the method,
    the target as sent, every header line, the raw body (``get_data(cache=True)``, so the
    view can read it again) and the scheme."""
    req = flask.request if request is None else request
    body = req.get_data(cache=True)
    return Request(req.method, wsgi_target(req.environ), list(req.headers.items()), body, scheme=req.scheme)


def verify_signature(
    verifier: RequestVerifier,
    *,
    on_error: Callable[[Error], Any] | None = None,
    status: int = 401,
) -> Callable[[F], F]:
    """A view decorator: verifies the request with ``verifier`` and stores the result in
    ``flask.g.canonsig``; a refusal answers ``status`` (401) with
    ``{"error": code, "message": ...}``, or what ``on_error(error)`` returns."""
    check = resolve(verifier)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = check(request_from_flask())
            except Error as e:
                if on_error is not None:
                    return on_error(e)
                return flask.jsonify(error_body(e)), status
            flask.g.canonsig = result
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorator
