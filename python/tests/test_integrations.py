"""The framework integrations, each through the framework's real test client (Flask,
FastAPI, Starlette, Django), and the requests/httpx adapters against a real server on
127.0.0.1: a signed request passes on the raw body, a re-serialized or tampered body is
refused with 401 and the error code, and the view can still read the body."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import canonsig
from canonsig import aws, http, webhooks

KEY = canonsig.HmacKey(b"a 32-byte secret shared by both!", key_id="k1")
BODY = b'{"amount": 10, "currency": "EUR"}'
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def rfc9421_headers(host: str, path: str, body: bytes) -> dict[str, str]:
    """Headers a client sends, signed with canonsig.http (the same as the adapters do)."""
    req = canonsig.Request("POST", path, [("Host", host), ("Content-Type", "application/json")], body)
    signed = http.sign(req, KEY)  # the default rule: Content-Digest added and covered
    return dict(signed.message.headers[1:])  # without Host: the client sets it


def verifier() -> http.JsonApiProfile:
    return http.JsonApiProfile()


# --- Flask ------------------------------------------------------------------------------

flask = pytest.importorskip("flask", reason="pip install flask")
from canonsig.integrations.flask import verify_signature as flask_verify  # noqa: E402


def flask_app() -> Any:
    app = flask.Flask("canonsig-test")
    profile = http.JsonApiProfile()

    @app.post("/orders")
    @flask_verify(profile.verifier(http.Verifier(KEY)))
    def orders() -> Any:
        return {"label": flask.g.canonsig.label, "amount": flask.request.get_json()["amount"]}

    @app.post("/stripe")
    @flask_verify(webhooks.Stripe("whsec_test"))
    def stripe() -> Any:
        return {"ok": flask.g.canonsig.provider, "raw": flask.request.get_data().decode()}

    return app


def test_flask_decorator() -> None:
    client = flask_app().test_client()
    body = canonsig.canonicalize(BODY)  # a signer that sends RFC 8785 gets the exact diagnosis
    headers = rfc9421_headers("localhost", "/orders", body)
    ok = client.post("/orders", data=body, headers=headers)
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json() == {"label": "sig1", "amount": 10}
    # A proxy re-serialized the JSON on the way: named as such.
    bad = client.post("/orders", data=json.dumps(json.loads(body), indent=2).encode(), headers=headers)
    assert bad.status_code == 401
    assert bad.get_json()["error"] == "digest_mismatch"
    assert "re-serialized" in bad.get_json()["message"]
    unsigned = client.post("/orders", data=BODY)
    assert unsigned.status_code == 401 and unsigned.get_json()["error"] == "missing_component"
    stripe = webhooks.Stripe("whsec_test")
    got = client.post("/stripe", data=BODY, headers=stripe.headers(BODY))
    assert got.status_code == 200 and got.get_json() == {"ok": "stripe", "raw": BODY.decode()}


# --- FastAPI / Starlette ----------------------------------------------------------------

fastapi = pytest.importorskip("fastapi", reason="pip install fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request as StarletteRequest  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from canonsig.integrations.starlette import SignatureMiddleware, require_signature  # noqa: E402


def test_fastapi_dependency() -> None:
    app = fastapi.FastAPI()
    verified = require_signature(webhooks.StandardWebhooks(SECRET))

    @app.post("/webhooks")
    async def hook(request: StarletteRequest, result: Any = fastapi.Depends(verified)) -> dict[str, Any]:  # noqa: B008
        event = await request.json()  # the body is still readable
        return {"provider": result.provider, "event": event, "state": request.state.canonsig.provider}

    client = TestClient(app)
    sender = webhooks.StandardWebhooks(SECRET)
    headers = sender.headers("msg_1", BODY)
    ok = client.post("/webhooks", content=BODY, headers=headers)
    assert ok.status_code == 200, ok.json()
    assert ok.json() == {"provider": "standard-webhooks", "event": json.loads(BODY), "state": "standard-webhooks"}
    bad = client.post("/webhooks", json=json.loads(BODY), headers=headers)  # httpx re-serializes the JSON
    assert bad.status_code == 401
    assert bad.json()["detail"]["error"] == "signature_mismatch"


def test_starlette_middleware_replays_the_body() -> None:
    async def orders(request: StarletteRequest) -> JSONResponse:
        body = await request.body()
        return JSONResponse({"label": request.state.canonsig.label, "len": len(body)})

    async def public(request: StarletteRequest) -> JSONResponse:
        return JSONResponse({"public": True})

    app = Starlette(routes=[Route("/api/orders", orders, methods=["POST"]), Route("/health", public)])
    app.add_middleware(SignatureMiddleware, verifier=http.Verifier(KEY), paths=["/api/"])
    client = TestClient(app)
    headers = rfc9421_headers("testserver", "/api/orders", BODY)
    ok = client.post("/api/orders", content=BODY, headers=headers)
    assert ok.status_code == 200, ok.json()
    assert ok.json() == {"label": "sig1", "len": len(BODY)}
    moved = client.post("/api/orders?x=1", content=BODY, headers=headers)
    assert moved.status_code == 401 and moved.json()["error"] == "signature_mismatch"
    assert client.get("/health").json() == {"public": True}


# --- Django -----------------------------------------------------------------------------

django = pytest.importorskip("django", reason="pip install django")


def django_view(request: Any) -> Any:
    from django.http import JsonResponse

    return JsonResponse({"provider": request.canonsig.provider, "len": len(request.body)})


def django_client() -> Any:
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            ROOT_URLCONF=__name__,
            ALLOWED_HOSTS=["testserver"],
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            SECRET_KEY="test",
        )
        django.setup()
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def _urlpatterns() -> list[Any]:
    from django.urls import path

    from canonsig.integrations.django import verify_signature

    return [path("github", verify_signature(webhooks.GitHub("It's a Secret to Everybody"))(django_view))]


def __getattr__(name: str) -> Any:
    if name == "urlpatterns":  # Django reads ROOT_URLCONF lazily, once configured
        return _urlpatterns()
    raise AttributeError(name)


def test_django_decorator() -> None:
    client = django_client()
    github = webhooks.GitHub("It's a Secret to Everybody")
    headers = {"X-Hub-Signature-256": github.sign(BODY)}
    ok = client.post("/github", data=BODY, content_type="application/json", headers=headers)
    assert ok.status_code == 200, ok.content
    assert ok.json() == {"provider": "github", "len": len(BODY)}
    bad = client.post("/github", data=BODY + b"\n", content_type="application/json", headers=headers)
    assert bad.status_code == 401 and bad.json()["error"] == "signature_mismatch"


# --- requests / httpx adapters against a real server ------------------------------------

requests = pytest.importorskip("requests", reason="pip install requests")
httpx = pytest.importorskip("httpx", reason="pip install httpx")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from werkzeug.serving import make_server

    app = flask.Flask("canonsig-server")
    creds = aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    @app.route("/rfc9421", methods=["GET", "POST"])
    @flask_verify(http.JsonApiProfile().verifier(http.Verifier(KEY)))
    def rfc9421() -> Any:
        return {"covered": list(flask.g.canonsig.components)}

    @app.route("/aws", methods=["GET", "POST"])
    @flask_verify(aws.Verifier(creds, region="eu-west-1", service="execute-api"))
    def sigv4() -> Any:
        return {"signed_headers": list(flask.g.canonsig.signed_headers)}

    srv = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join()


def test_requests_and_httpx_sign_what_the_server_verifies(server: str) -> None:
    creds = aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    got = requests.post(f"{server}/rfc9421?x=1", data=BODY, auth=http.RequestsAuth(KEY), timeout=10)
    assert got.status_code == 200, got.text
    assert '"content-digest"' in got.json()["covered"]
    with httpx.Client(auth=http.HttpxAuth(KEY)) as client:
        got = client.post(f"{server}/rfc9421", content=BODY)
        assert got.status_code == 200, got.text
    got = requests.get(f"{server}/aws?a=b c", auth=aws.RequestsAuth(creds, "eu-west-1", "execute-api"), timeout=10)
    assert got.status_code == 200, got.text
    assert "connection" not in got.json()["signed_headers"]
    with httpx.Client(auth=aws.HttpxAuth(creds, "eu-west-1", "execute-api")) as client:
        assert client.post(f"{server}/aws", content=BODY).status_code == 200
        presigned = aws.HttpxAuth(creds, "eu-west-1", "execute-api", presign=60)
        assert client.get(f"{server}/aws", auth=presigned).status_code == 200
    # Without the adapter: refused, with the code.
    refused = requests.post(f"{server}/rfc9421", data=BODY, timeout=10)
    assert refused.status_code == 401 and refused.json()["error"] == "missing_component"
