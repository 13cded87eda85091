"""Issue 5's done criterion, across languages over real HTTP on 127.0.0.1: a Python
`requests` client signed by canonsig is verified by a Node server using canonsig, and a Node
`fetch` client signed by canonsig is verified by a Python (Flask) server using canonsig, for
RFC 9421 (HMAC and Ed25519, with Content-Digest) and Standard Webhooks. Tampering is refused
on both sides with the same error code.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import flask
import pytest
import requests
from werkzeug.serving import make_server

import canonsig
from canonsig import http, webhooks
from canonsig.integrations.flask import verify_signature

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "interop_schemes"
PKG = ROOT / "wasm" / "pkg-node" / "canonsig_wasm.js"
SECRET = bytes(range(32))
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the Standard Webhooks reference secret
ED = canonsig.Ed25519Key.generate(key_id="ed-1")
BODY = '{"order": 7, "note": "café", "total": 10.0}'


def env() -> dict[str, str]:
    if not PKG.exists():
        pytest.fail(f"{PKG} is missing: run `bash wasm/build.sh` first")
    return {
        **os.environ,
        "CANONSIG_PKG": str(PKG),
        "HMAC_SECRET_HEX": SECRET.hex(),
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "ED25519_PUBLIC_PEM": ED.public_pem(),
        "ED25519_PRIVATE_PEM": ED.export_private_pem(),
    }


@pytest.fixture(scope="module")
def node_server() -> Iterator[str]:
    proc = subprocess.Popen(
        ["node", str(HERE / "node_server.mjs")], env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()
        assert port.isdigit(), f"the Node server did not start: {port!r} {proc.stderr.read() if proc.stderr else ''}"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait()


def python_app() -> flask.Flask:
    app = flask.Flask(__name__)
    keys = [canonsig.HmacKey(SECRET, key_id="hmac-1"), canonsig.Key.from_pem(ED.public_pem(), key_id="ed-1")]
    verifier = http.Verifier(keys, required_components=["content-digest"])
    hooks = webhooks.StandardWebhooks(WEBHOOK_SECRET)

    @app.post("/http")
    @verify_signature(verifier)
    def signed_http() -> dict[str, object]:
        return {"ok": True, "verified": flask.g.canonsig.key_id, "body": flask.request.get_data(as_text=True)}

    @app.post("/webhook")
    @verify_signature(hooks)
    def signed_webhook() -> dict[str, object]:
        return {"ok": True, "verified": flask.g.canonsig.provider, "body": flask.request.get_data(as_text=True)}

    return app


@pytest.fixture(scope="module")
def python_server() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, python_app())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def node_client(mode: str, url: str, body: str) -> tuple[int, dict[str, object]]:
    out = subprocess.run(
        ["node", str(HERE / "node_client.mjs"), mode, url, body], env=env(), capture_output=True, text=True, check=True
    )
    line = json.loads(out.stdout.strip().splitlines()[-1])
    return int(line["status"]), json.loads(line["body"])


@pytest.mark.parametrize("key", [canonsig.HmacKey(SECRET, key_id="hmac-1"), ED], ids=["hmac", "ed25519"])
def test_python_requests_client_to_node_server_rfc9421(node_server: str, key: canonsig.Key) -> None:
    auth = http.RequestsAuth(key)
    ok = requests.post(f"{node_server}/http", data=BODY.encode(), auth=auth, timeout=10)
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"ok": True, "verified": key.key_id, "body": BODY}

    # The same signed request with another body: the Node side refuses it.
    prepared = requests.Request("POST", f"{node_server}/http", data=BODY.encode(), auth=auth).prepare()
    prepared.body = BODY.replace("10.0", "99.0").encode()
    tampered = requests.Session().send(prepared, timeout=10)
    assert (tampered.status_code, tampered.json()["error"]) == (401, "digest_mismatch")


@pytest.mark.parametrize("mode,key_id", [("http-hmac", "hmac-1"), ("http-ed25519", "ed-1")])
def test_node_fetch_client_to_python_server_rfc9421(python_server: str, mode: str, key_id: str) -> None:
    status, body = node_client(mode, f"{python_server}/http", BODY)
    assert status == 200, body
    assert body == {"ok": True, "verified": key_id, "body": BODY}


def test_python_webhook_sender_to_node_receiver(node_server: str) -> None:
    hooks = webhooks.StandardWebhooks(WEBHOOK_SECRET)
    headers = hooks.headers("msg_python_1", BODY.encode())
    ok = requests.post(f"{node_server}/webhook", data=BODY.encode(), headers=headers, timeout=10)
    assert ok.status_code == 200, ok.text
    assert ok.json()["body"] == BODY
    # Re-serialized by a framework on the way: refused, with the code that says so.
    reserialized = json.dumps(json.loads(BODY), separators=(",", ":")).encode()
    bad = requests.post(f"{node_server}/webhook", data=reserialized, headers=headers, timeout=10)
    assert (bad.status_code, bad.json()["error"]) == (401, "signature_mismatch")


def test_node_webhook_sender_to_python_receiver(python_server: str) -> None:
    status, body = node_client("webhook", f"{python_server}/webhook", BODY)
    assert status == 200, body
    assert body["body"] == BODY
