"""Starlette and FastAPI: verify a request's signature on the raw body.

FastAPI, as a dependency (the verifier's result is the dependency's value)::

    from canonsig.integrations.starlette import require_signature

    verified = require_signature(canonsig.webhooks.StandardWebhooks(secret))

    @app.post("/webhooks")
    async def webhook(request: Request, result=Depends(verified)):
        event = await request.json()  # still readable: Starlette caches the body
        ...

Any Starlette/FastAPI app, as ASGI middleware on some paths::

    app.add_middleware(SignatureMiddleware, verifier=http_verifier, paths=["/api/"])

A refusal answers 401 with ``{"error": code, "message": ...}`` (the dependency raises an
``HTTPException`` whose ``detail`` is that dict).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request as StarletteRequest

from .._errors import Error
from .._message import Request
from . import RequestVerifier, error_body, resolve

__all__ = ["SignatureMiddleware", "request_from_scope", "request_from_starlette", "require_signature"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def request_from_scope(scope: Scope, body: bytes) -> Request:
    """An ASGI HTTP scope and its body as a ``canonsig.Request``: the method, the target
    as sent (``raw_path`` and ``query_string``), the header lines in order, the scheme."""
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else quote(scope.get("root_path", "") + scope["path"], safe="/")
    query = scope.get("query_string", b"").decode("latin-1")
    target = f"{path}?{query}" if query else path
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
    return Request(scope["method"], target, headers, body, scheme=scope.get("scheme", "http"))


async def request_from_starlette(request: StarletteRequest) -> Request:
    """A Starlette request (body read and cached) as a ``canonsig.Request``."""
    return request_from_scope(request.scope, await request.body())


def require_signature(
    verifier: RequestVerifier, *, status_code: int = 401
) -> Callable[[StarletteRequest], Awaitable[Any]]:
    """A FastAPI dependency: verifies the request and returns the verifier's result (also
    in ``request.state.canonsig``); a refusal raises ``HTTPException(status_code)``."""
    check = resolve(verifier)

    async def dependency(request: StarletteRequest) -> Any:
        try:
            result = check(await request_from_starlette(request))
        except Error as e:
            raise HTTPException(status_code=status_code, detail=error_body(e)) from e  # type: ignore[arg-type]
        request.state.canonsig = result
        return result

    return dependency


class SignatureMiddleware:
    """ASGI middleware: verifies every HTTP request whose path starts with one of ``paths``
    (default: all), reading the whole body first and replaying it to the app. The result
    is in ``request.state.canonsig``; a refusal answers ``status_code`` with JSON."""

    def __init__(
        self,
        app: ASGIApp,
        verifier: RequestVerifier,
        *,
        paths: Iterable[str] | None = None,
        status_code: int = 401,
    ) -> None:
        self.app = app
        self._check = resolve(verifier)
        self._paths = None if paths is None else tuple(paths)
        self._status = status_code

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            self._paths is not None and not any(scope["path"].startswith(p) for p in self._paths)
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            result = self._check(request_from_scope(scope, body))
        except Error as e:
            payload = json.dumps(error_body(e)).encode("utf-8")
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
            await send({"type": "http.response.start", "status": self._status, "headers": headers})
            await send({"type": "http.response.body", "body": payload})
            return
        scope.setdefault("state", {})["canonsig"] = result
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
