"""canonsig.RedisNonceStore against a real redis-server: exactly-once acceptance by several
processes at once, fail-closed while Redis is down, recovery after a restart (no nonce
accepted twice, none lost with an fsynced append-only file), and the quarantine after
Redis lost its nonces. Gated on CANONSIG_REDIS_URL (see redis_support.redis_url)."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from redis_support import (
    NOW,
    PAYLOAD,
    TOLERANCE,
    PrivateServer,
    fresh_prefix,
    key,
    redis_url,
    signatures,
    worker_main,
)

import canonsig
from support import REPORT

PROCESSES = 4
SIGNATURES = 500


@pytest.fixture
def url() -> str:
    return redis_url()


@pytest.fixture
def persistent_server(url: str) -> Iterator[PrivateServer]:
    server = PrivateServer(persist=True)
    yield server
    server.close()


@pytest.fixture
def volatile_server(url: str) -> Iterator[PrivateServer]:
    server = PrivateServer(persist=False)
    yield server
    server.close()


def run_workers(url: str, prefix: str, retry: bool, while_running: Any = None) -> list[dict[str, Any]]:
    # spawn, not fork: each worker opens its own connections (a "machine" of its own).
    context = multiprocessing.get_context("spawn")
    headers = signatures(SIGNATURES)
    barrier = context.Barrier(PROCESSES)
    progress = context.Value("i", 0)
    queue = context.Queue()
    processes = [
        context.Process(target=worker_main, args=(queue, url, prefix, headers, seed, barrier, progress, retry))
        for seed in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    try:
        if while_running is not None:
            while_running(progress)
        results = [queue.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    assert [r["error"] for r in results if "error" in r] == []
    return results


def assert_each_accepted_once(results: list[dict[str, Any]]) -> None:
    counts = Counter(i for r in results for i, _, _ in r["accepted"])
    assert sorted(counts) == list(range(SIGNATURES)), "every nonce accepted"
    assert [i for i, n in counts.items() if n > 1] == [], "no nonce accepted twice"
    assert [c for r in results for c in r["other"]] == []


def test_processes_accept_each_nonce_exactly_once(url: str) -> None:
    prefix = fresh_prefix("processes")
    assert canonsig.RedisNonceStore(url, prefix=prefix).initialize()
    results = run_workers(url, prefix, retry=False)
    assert_each_accepted_once(results)


def test_a_crash_mid_run_fails_closed_and_loses_no_nonce(persistent_server: PrivateServer) -> None:
    prefix = fresh_prefix("crash")
    assert canonsig.RedisNonceStore(persistent_server.url, prefix=prefix).initialize()
    down: dict[str, float] = {}

    def crash_and_restart(progress: Any) -> None:
        while progress.value < PROCESSES * SIGNATURES // 4:  # a quarter of the work done
            time.sleep(0.005)
        persistent_server.kill()
        down["from"] = time.monotonic()
        time.sleep(1.0)
        down["to"] = time.monotonic()
        persistent_server.start()

    results = run_workers(persistent_server.url, prefix, retry=True, while_running=crash_and_restart)
    assert_each_accepted_once(results)
    assert sum(r["unavailable"] for r in results) > 0, "the verifiers saw Redis down"
    # No verification that started after the crash and ended before the restart accepted.
    while_down = [(i, a, b) for r in results for i, a, b in r["accepted"] if a > down["from"] and b < down["to"]]
    assert while_down == []
    before = sum(1 for r in results for _, _, b in r["accepted"] if b < down["from"])
    REPORT.append(
        f"redis crash mid-run: {PROCESSES} processes x {SIGNATURES} signatures; {before} accepted before the crash, "
        f"{SIGNATURES - before} after the restart, {sum(r['unavailable'] for r in results)} refusals "
        "(nonce_store_unavailable) while down, each nonce accepted exactly once"
    )


def test_a_restart_without_persistence_quarantines_then_recovers(volatile_server: PrivateServer) -> None:
    store = canonsig.RedisNonceStore(volatile_server.url, timeout=0.3)
    assert store.initialize()
    now = [NOW]
    verifier = canonsig.Verifier(key(), tolerance=TOLERANCE, clock=lambda: now[0], nonce_store=store)
    before = canonsig.sign_json(PAYLOAD, key(), created=NOW, nonce="before")
    verifier.verify_json(PAYLOAD, before)

    volatile_server.kill()
    with pytest.raises(canonsig.VerificationError, match="did not answer") as down:
        verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key(), created=NOW, nonce="down"))
    assert down.value.code == "nonce_store_unavailable"

    volatile_server.start()
    with pytest.raises(canonsig.VerificationError, match="lost the nonces") as lost:
        verifier.verify_json(PAYLOAD, before)  # a replay: Redis forgot it, the guard did not
    assert lost.value.code == "nonce_store_unavailable"
    # The quarantine lasts one nonce lifetime: twice the tolerance plus one second.
    assert f"until {NOW + 2 * TOLERANCE + 1}" in str(lost.value)

    now[0] = NOW + 2 * TOLERANCE + 2
    with pytest.raises(canonsig.VerificationError) as old:
        verifier.verify_json(PAYLOAD, before)
    assert old.value.code == "expired"
    verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key(), created=now[0], nonce="after"))


def test_store_api_repr_and_errors(url: str) -> None:
    store = canonsig.RedisNonceStore(url, prefix=fresh_prefix("api"))
    assert store.initialize() and not store.initialize()
    assert store.check_and_store("k1\0n-1", 60, NOW) is True
    assert store.check_and_store("k1\0n-1", 60, NOW) is False
    assert repr(store) == f"RedisNonceStore(address={store.address!r}, prefix={store.prefix!r})"
    verifier = canonsig.Verifier(key(), nonce_store=store)
    assert f"nonce_store={store!r}" in repr(verifier)


def test_unreachable_redis_fails_closed_and_never_shows_the_password() -> None:
    # Needs no server (nothing listens on port 1).
    store = canonsig.RedisNonceStore("redis://:hunter2-pw@127.0.0.1:1/0", timeout=0.2)
    verifier = canonsig.Verifier(key(), clock=lambda: NOW, nonce_store=store)
    with pytest.raises(canonsig.VerificationError) as e:
        verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key(), created=NOW, nonce="n"))
    assert e.value.code == "nonce_store_unavailable"
    assert "127.0.0.1:1" in str(e.value) and "fail closed" in str(e.value)
    assert "hunter2" not in f"{e.value} {e.value!r} {store!r}"
    with pytest.raises(canonsig.Error) as bad:
        canonsig.RedisNonceStore("http://:hunter2-pw@127.0.0.1/")
    assert bad.value.code == "invalid_option" and "hunter2" not in str(bad.value)
