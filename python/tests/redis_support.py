"""Redis for the tests: the shared server named by ``CANONSIG_REDIS_URL`` (CI starts it with
``scripts/redis-test-server.sh``), private servers that a test may kill and restart, and the
worker that several processes run at once."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

import canonsig
from support import REPORT

SECRET = b"redis-store-test-secret-32-bytes"
NOW = 1_800_000_000
TOLERANCE = 30
PAYLOAD = b'{"amount":10}'


def redis_url() -> str:
    """The shared server's URL; skips (with a SKIPPED line in the summary) when the
    variable is unset, fails when it is set and Redis does not answer."""
    url = os.environ.get("CANONSIG_REDIS_URL", "")
    if not url:
        note = "SKIPPED: Redis nonce store tests: CANONSIG_REDIS_URL is not set"
        if note not in REPORT:
            REPORT.append(note)
        pytest.skip(note)
    store = canonsig.RedisNonceStore(url)
    try:
        store.ping()
    except canonsig.VerificationError as e:
        pytest.fail(f"CANONSIG_REDIS_URL is set but Redis at {store.address} does not answer: {e}")
    return url


def fresh_prefix(name: str) -> str:
    return f"test:{name}:{os.getpid()}:{time.time_ns()}:"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(7) == b"+PONG\r\n"
    except OSError:
        return False


class PrivateServer:
    """A ``redis-server`` of the test's own, killed with SIGKILL (a crash) and restarted on
    the same port; ``persist`` keeps an append-only file fsynced on every write."""

    def __init__(self, persist: bool) -> None:
        if shutil.which("redis-server") is None:
            pytest.fail("CANONSIG_REDIS_URL is set, so redis-server must be on PATH (apt-get install redis-server)")
        self.port = free_port()
        self.persist = persist
        self.dir = tempfile.mkdtemp(prefix="canonsig-redis-")
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--dir", self.dir]
            + persistence,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if answers(self.port):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer PING")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def close(self) -> None:
        self.kill()
        shutil.rmtree(Path(self.dir), ignore_errors=True)


def key() -> canonsig.Key:
    return canonsig.HmacKey(SECRET, key_id="k1")


def signatures(n: int) -> list[str]:
    return [canonsig.sign_json(PAYLOAD, key(), created=NOW, nonce=f"n-{i}").to_header() for i in range(n)]


def worker(
    url: str, prefix: str, headers: list[str], seed: int, barrier: Any, progress: Any, retry: bool
) -> dict[str, Any]:
    """Verifies every signature once, in its own order, through its own store (a separate
    "machine"). With ``retry``, a signature refused as ``nonce_store_unavailable`` is tried
    again until Redis answers. Records each acceptance with the monotonic times around it."""
    verifier = canonsig.Verifier(
        key(),
        tolerance=TOLERANCE,
        clock=lambda: NOW,
        nonce_store=canonsig.RedisNonceStore(url, prefix=prefix, timeout=0.3),
        require_nonce=True,
    )
    order = list(range(len(headers)))
    random.Random(seed).shuffle(order)
    accepted: list[tuple[int, float, float]] = []
    unavailable = 0
    other: list[str] = []
    barrier.wait()
    for i in order:
        signature = canonsig.Signature.parse(headers[i])
        while True:
            started = time.monotonic()
            try:
                verifier.verify_json(PAYLOAD, signature)
            except canonsig.VerificationError as e:
                if e.code == "nonce_store_unavailable" and retry:
                    unavailable += 1
                    time.sleep(0.02)
                    continue
                if e.code != "replayed_nonce":
                    other.append(e.code)
            else:
                accepted.append((i, started, time.monotonic()))
            break
        with progress.get_lock():
            progress.value += 1
    return {"accepted": accepted, "unavailable": unavailable, "other": other}


def worker_main(results: Any, *args: Any) -> None:
    """A process's entry point: ``worker(*args)``, its result (or failure) put on ``results``."""
    try:
        results.put(worker(*args))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which fails the test
        results.put({"error": repr(e)})
