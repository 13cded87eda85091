"""A Python server and a browser client sign and verify each other's payloads, with every
algorithm, in one test that runs both (issue 3's "done means").

The server is this process: an HTTP server on 127.0.0.1 built on the ``canonsig`` Python
package. It generates a key for every algorithm, exports the public keys (PEM and JWK) and
the HMAC secrets to the page, signs a payload per algorithm, and verifies what the browser
posts. The client is the web build of the npm package (``wasm/pkg-web``) in headless
Chromium (``tests/interop_browser/client.mjs``, driven by ``driver.mjs`` through
playwright-core). Each side also gets the payload with one byte changed: it must fail with
``signature_mismatch``, and the bytes the verifier signed must differ from the signer's in
exactly that one byte.

Needs: ``pip install ./python`` (with the signing API), ``bash wasm/build.sh``,
``(cd wasm && npm ci)`` and Debian's ``chromium``; ``CANONSIG_SKIP_BROWSER=1`` skips (CI
never does).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import canonsig

ROOT = Path(__file__).resolve().parent.parent
PKG_WEB = ROOT / "wasm" / "pkg-web"
PAGE_DIR = Path(__file__).resolve().parent / "interop_browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

ALGORITHMS = [
    "hmac-sha256",
    "hmac-sha384",
    "hmac-sha512",
    "ed25519",
    "ecdsa-p256-sha256",
    "ecdsa-p384-sha384",
    "rsa-pss-sha512",
    "rsa-v1_5-sha256",
]

# What a client would send: not canonical (spaces, member order, 10.50, \u escapes).
PAYLOAD = (
    '{ "order": 1042, "items": [ {"sku": "A-1", "qty": 2, "price": 10.50},'
    ' {"sku": "B-7", "qty": 1, "price": 3.0} ], "note": "caf\\u00e9 \\ud83d\\ude00", "currency": "EUR" }'
)
# The same with one byte changed: the first item's quantity, 2 -> 3.
TAMPERED = PAYLOAD.replace('"qty": 2', '"qty": 3', 1)
assert len(TAMPERED) == len(PAYLOAD) and sum(a != b for a, b in zip(PAYLOAD, TAMPERED)) == 1

TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
}


def _profile(algorithm: str) -> str:
    # Half the algorithms sign in another profile, which the header carries.
    return "jcs" if ALGORITHMS.index(algorithm) % 2 == 0 else "python-sorted-unicode"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _one_byte_diff(a: bytes, b: bytes) -> int:
    """The single offset where two equally long byte strings differ (asserted)."""
    assert len(a) == len(b), (a, b)
    offsets = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert len(offsets) == 1, offsets
    return offsets[0]


class Server:
    """The Python side: keys, signed messages, and the verifications it performed."""

    def __init__(self) -> None:
        now = int(time.time())
        self.keys: dict[str, canonsig.Key] = {}
        self.exported: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.client_verifiers: dict[str, list[tuple[str, canonsig.Verifier]]] = {}
        self.log: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        for algorithm in ALGORITHMS:
            if algorithm.startswith("hmac"):
                size = {"hmac-sha256": 32, "hmac-sha384": 48, "hmac-sha512": 64}[algorithm]
                key: canonsig.Key = canonsig.HmacKey(
                    secrets.token_bytes(size), algorithm=algorithm, key_id=f"shared-{algorithm}"
                )
                self.exported[algorithm] = {
                    "key_id": key.key_id,
                    "secret_b64url": key.export_secret("base64url"),
                    "jwk": key.export_private_jwk(),
                }
                # The browser signs with the same shared secret; the server verifies with its own copy.
                self.client_verifiers[algorithm] = [("secret", self._verifier(key))]
            else:
                key = canonsig.Key.generate(algorithm, key_id=f"server-{algorithm}")
                self.exported[algorithm] = {
                    "key_id": key.key_id,
                    "public_pem": key.public_pem(),
                    "public_jwk": key.public_jwk(),
                }
            self.keys[algorithm] = key
            signature, trace = canonsig.sign_json_traced(
                PAYLOAD,
                key,
                profile=_profile(algorithm),
                created=now,
                nonce=f"server-{algorithm}-{secrets.token_hex(4)}",
                include_signing_string=True,
            )
            self.messages[algorithm] = {
                "payload": PAYLOAD,
                "tampered_payload": TAMPERED,
                "profile": _profile(algorithm),
                "header": signature.to_header(),
                "signing_string_b64": trace["signing_string_b64"],
            }

    @staticmethod
    def _verifier(key: canonsig.Key) -> canonsig.Verifier:
        return canonsig.Verifier(key, nonce_store=canonsig.MemoryNonceStore(), require_created=True, require_nonce=True)

    def session(self) -> dict[str, Any]:
        return {"keys": self.exported, "messages": self.messages}

    def register(self, body: dict[str, Any]) -> dict[str, Any]:
        """The browser's public key, loaded from both forms it sent."""
        algorithm = body["algorithm"]
        from_pem = canonsig.Key.from_pem(body["public_pem"], algorithm=algorithm, key_id=body["key_id"])
        from_jwk = canonsig.Key.from_jwk(body["public_jwk"], algorithm=algorithm, key_id=body["key_id"])
        assert from_pem.thumbprint() == from_jwk.thumbprint()
        assert body["public_jwk"]["kid"] == body["key_id"]
        with self.lock:
            self.client_verifiers[algorithm] = [("pem", self._verifier(from_pem)), ("jwk", self._verifier(from_jwk))]
        return {"ok": True}

    def verify(self, body: dict[str, Any]) -> dict[str, Any]:
        """Verifies what the browser posted, with every form of its key."""
        algorithm = body["algorithm"]
        client_bytes = base64.b64decode(body["signing_string_b64"])
        outcomes: dict[str, Any] = {}
        for form, verifier in self.client_verifiers[algorithm]:
            try:
                verified = verifier.verify_json(body["payload"], body["header"])
                outcomes[form] = {
                    "ok": True,
                    "key_id": verified.key_id,
                    "algorithm": verified.algorithm,
                    "signed_sha256": verified.signed_sha256,
                }
            except canonsig.SignatureMismatch as e:
                offset = _one_byte_diff(e.signed_bytes, client_bytes)
                outcomes[form] = {
                    "ok": False,
                    "class": type(e).__name__,
                    "code": e.code,
                    "offset": offset,
                    "server_byte": chr(e.signed_bytes[offset]),
                    "client_byte": chr(client_bytes[offset]),
                    "signed_sha256": e.signed_sha256,
                    "message": str(e),
                }
            except canonsig.VerificationError as e:
                outcomes[form] = {"ok": False, "class": type(e).__name__, "code": e.code, "message": str(e)}
        entry = {"algorithm": algorithm, "what": body["what"], "outcomes": outcomes}
        with self.lock:
            self.log.append(entry)
        return entry


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, value: Any) -> None:
            self._send(HTTPStatus.OK, json.dumps(value).encode(), "application/json")

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/api/session":
                return self._json(server.session())
            if path == "/favicon.ico":
                return self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")
            files = {"/interop.html": PAGE_DIR / "interop.html", "/client.mjs": PAGE_DIR / "client.mjs"}
            file = files.get(path)
            if file is None and path.startswith("/pkg-web/"):
                candidate = (PKG_WEB / path[len("/pkg-web/") :]).resolve()
                if candidate.is_file() and PKG_WEB.resolve() in candidate.parents:
                    file = candidate
            if file is None:
                return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            self._send(HTTPStatus.OK, file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream"))

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            try:
                if self.path == "/api/register":
                    return self._json(server.register(body))
                if self.path == "/api/verify":
                    return self._json(server.verify(body))
            except Exception as e:  # noqa: BLE001 (any failure goes back to the page, then to pytest)
                return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(e).__name__}: {e}".encode(), "text/plain")
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    return Handler


def _skip_reason() -> str | None:
    if os.environ.get("CANONSIG_SKIP_BROWSER") == "1":
        return "CANONSIG_SKIP_BROWSER=1"
    return None


@pytest.fixture(scope="module")
def interop() -> dict[str, Any]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    assert hasattr(canonsig, "sign_json_traced"), "the installed canonsig has no signing API: pip install ./python"
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: apt-get install chromium (or CANONSIG_SKIP_BROWSER=1)"
    assert (PKG_WEB / "canonsig_wasm.js").exists(), "build the web package first: bash wasm/build.sh"
    assert (ROOT / "wasm" / "node_modules" / "playwright-core").exists(), "run (cd wasm && npm ci) first"
    node = shutil.which("node")
    assert node, "node not found"

    t0 = time.monotonic()
    server = Server()
    keygen_s = time.monotonic() - t0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/interop.html"
        t1 = time.monotonic()
        proc = subprocess.run(
            [node, str(PAGE_DIR / "driver.mjs"), url],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        browser_s = time.monotonic() - t1
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
    assert proc.returncode == 0, f"driver failed ({proc.returncode}):\n{proc.stderr}"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    result = out["result"] or {}
    assert out["problems"] == [] and "error" not in result, (out["problems"], result.get("error"))
    print(f"\ninterop: python keygen + signing {keygen_s:.2f} s, browser session {browser_s:.2f} s")
    return {"server": server, "browser": result}


def test_every_algorithm_ran_both_ways(interop: dict[str, Any]) -> None:
    browser, server = interop["browser"], interop["server"]
    assert browser["algorithms"] == ALGORITHMS
    assert sorted(browser["fromServer"]) == sorted(ALGORITHMS)
    assert sorted(browser["toServer"]) == sorted(ALGORITHMS)
    # genuine, replay, tampered for every algorithm, each with every form of the key
    assert len(server.log) == 3 * len(ALGORITHMS)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_browser_verifies_python_signatures(interop: dict[str, Any], algorithm: str) -> None:
    seen = interop["browser"]["fromServer"][algorithm]
    message = interop["server"].messages[algorithm]
    python_bytes = base64.b64decode(message["signing_string_b64"])
    forms = ["secret", "jwk"] if algorithm.startswith("hmac") else ["pem", "jwk"]
    assert sorted(seen) == sorted(forms)
    for form in forms:
        first = seen[form]["first"]
        assert first["ok"], f"{form}: {first}"
        verified = first["value"]
        assert verified["keyId"] == interop["server"].exported[algorithm]["key_id"]
        assert verified["algorithm"] == algorithm
        # The browser verified exactly the bytes Python signed (digest by hashlib).
        assert verified["signedSha256"] == hashlib.sha256(python_bytes).hexdigest()
        assert seen[form]["replay"]["code"] == "replayed_nonce", seen[form]["replay"]
        tampered = seen[form]["tampered"]
        assert not tampered["ok"]
        assert (tampered["name"], tampered["code"], tampered["isMismatch"]) == (
            "SignatureMismatchError",
            "signature_mismatch",
            True,
        )
        browser_bytes = base64.b64decode(tampered["signedBytes"])
        assert tampered["signedSha256"] == hashlib.sha256(browser_bytes).hexdigest()
        assert tampered["signedSha256"] in tampered["message"]
        # The one changed byte, and nothing else, is where the two sides' bytes differ.
        offset = _one_byte_diff(browser_bytes, python_bytes)
        assert tampered["diff"] == {"offsets": [offset], "sameLength": True}
        assert (chr(python_bytes[offset]), chr(browser_bytes[offset])) == ("2", "3")
        assert python_bytes[offset - 6 : offset] == b'"qty":'


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_python_verifies_browser_signatures(interop: dict[str, Any], algorithm: str) -> None:
    sent = interop["browser"]["toServer"][algorithm]
    browser_bytes = base64.b64decode(sent["trace"]["signing_string_b64"])
    forms = ["secret"] if algorithm.startswith("hmac") else ["pem", "jwk"]
    # The header names the browser's key, algorithm and profile; the envelope holds the payload.
    signature = canonsig.Signature.parse(sent["header"])
    assert (signature.algorithm, signature.key_id, signature.profile) == (algorithm, sent["keyId"], _profile(algorithm))
    envelope = json.loads(browser_bytes)
    assert envelope["payload"] == json.loads(PAYLOAD)
    assert envelope["signature_params"]["alg"] == algorithm
    assert sent["trace"]["signing_sha256"] == hashlib.sha256(browser_bytes).hexdigest()

    genuine, replay, tampered = sent["genuine"], sent["replay"], sent["tampered"]
    assert sorted(genuine["outcomes"]) == sorted(forms)
    for form in forms:
        ok = genuine["outcomes"][form]
        assert ok["ok"], f"{form}: {ok}"
        assert (ok["key_id"], ok["algorithm"]) == (sent["keyId"], algorithm)
        assert ok["signed_sha256"] == hashlib.sha256(browser_bytes).hexdigest()
        assert replay["outcomes"][form]["code"] == "replayed_nonce", replay["outcomes"][form]
        bad = tampered["outcomes"][form]
        assert (bad["class"], bad["code"]) == ("SignatureMismatch", "signature_mismatch"), bad
        assert (bad["server_byte"], bad["client_byte"]) == ("3", "2")
        assert bad["signed_sha256"] in bad["message"]
        # The server's bytes differ from the browser's exactly at the changed quantity.
        assert browser_bytes[bad["offset"] - 6 : bad["offset"]] == b'"qty":'
