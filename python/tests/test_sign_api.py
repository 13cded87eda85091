"""The shape of the signing API: key classes, Signature, Verified, Verifier, traces,
logging, and the GIL."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import logging
import pickle
import threading
import time
from typing import Any

import pytest

import canonsig

NOW = 1_700_000_000
PAYLOAD = b'{"b": [1.0, "x"], "a": {"z": null, "y": true}}'
CANONICAL = b'{"a":{"y":true,"z":null},"b":[1,"x"]}'


@pytest.fixture(scope="module")
def rsa_key() -> canonsig.Key:
    return canonsig.RsaKey.generate(key_id="rsa-1")


def test_algorithms() -> None:
    assert canonsig.ALGORITHMS == (
        "hmac-sha256",
        "hmac-sha384",
        "hmac-sha512",
        "ed25519",
        "ecdsa-p256-sha256",
        "ecdsa-p384-sha384",
        "rsa-pss-sha512",
        "rsa-v1_5-sha256",
    )


def test_class_defaults_and_hierarchy(rsa_key: canonsig.Key) -> None:
    made = {
        canonsig.HmacKey: canonsig.HmacKey.generate(),
        canonsig.Ed25519Key: canonsig.Ed25519Key.generate(),
        canonsig.EcdsaKey: canonsig.EcdsaKey.generate(),
        canonsig.RsaKey: rsa_key,
    }
    defaults = {
        canonsig.HmacKey: "hmac-sha256",
        canonsig.Ed25519Key: "ed25519",
        canonsig.EcdsaKey: "ecdsa-p256-sha256",
        canonsig.RsaKey: "rsa-pss-sha512",
    }
    for cls, key in made.items():
        assert type(key) is cls and isinstance(key, canonsig.Key)
        assert key.algorithm == defaults[cls] and key.can_sign
    for algorithm in canonsig.ALGORITHMS:
        if algorithm.startswith("rsa"):
            continue
        key = canonsig.Key.generate(algorithm, key_id="g")
        assert (key.algorithm, key.key_id) == (algorithm, "g")
    assert canonsig.HmacKey.generate("hmac-sha512").export_secret("hex").__len__() == 128
    # Keys are immutable and not picklable (secrets do not travel by accident).
    key = made[canonsig.Ed25519Key]
    with pytest.raises(AttributeError):
        key.key_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pickle.dumps(key)


def test_key_repr_and_ids() -> None:
    hmac_key = canonsig.HmacKey(b"secret", key_id="k1")
    assert repr(hmac_key) == "HmacKey(algorithm='hmac-sha256', key_id='k1', kind='secret')"
    assert canonsig.HmacKey(b"secret").key_id == ""
    ed = canonsig.Ed25519Key.generate()
    assert ed.key_id == ed.thumbprint()
    assert repr(ed) == f"Ed25519Key(algorithm='ed25519', key_id='{ed.key_id}', kind='private')"
    assert repr(ed.public_key()) == f"Ed25519Key(algorithm='ed25519', key_id='{ed.key_id}', kind='public')"
    assert canonsig.Ed25519Key.generate(key_id="mine").key_id == "mine"


def test_hmac_secret_forms() -> None:
    secret = bytes(range(1, 33))
    forms = [
        canonsig.HmacKey(secret),
        canonsig.HmacKey(bytearray(secret)),
        canonsig.HmacKey(memoryview(secret)),
        canonsig.HmacKey(secret.hex(), encoding="hex"),
        canonsig.HmacKey(base64.b64encode(secret).decode(), encoding="base64"),
        canonsig.HmacKey(base64.urlsafe_b64encode(secret).decode().rstrip("="), encoding="base64url"),
    ]
    assert {k.sign(b"m") for k in forms} == {forms[0].sign(b"m")}
    key = forms[0]
    assert key.export_secret("hex") == secret.hex()
    assert key.export_secret("base64") == base64.b64encode(secret).decode()
    assert key.export_secret() == base64.urlsafe_b64encode(secret).decode().rstrip("=")
    jwk = canonsig.HmacKey(secret, algorithm="hmac-sha384", key_id="j").export_private_jwk()
    assert (jwk["kty"], jwk["alg"], jwk["kid"]) == ("oct", "HS384", "j")
    again = canonsig.Key.from_jwk(jwk)
    assert type(again) is canonsig.HmacKey and again.algorithm == "hmac-sha384" and again.key_id == "j"


def test_public_forms_round_trip(rsa_key: canonsig.Key) -> None:
    for key in (
        canonsig.Ed25519Key.generate(),
        canonsig.EcdsaKey.generate(),
        canonsig.EcdsaKey.generate("ecdsa-p384-sha384"),
        rsa_key,
    ):
        cls = type(key)
        public = key.public_key()
        assert type(public) is cls and public.key_id == key.key_id and not public.can_sign
        assert cls.from_pem(key.public_pem(), algorithm=key.algorithm).public_pem() == key.public_pem()
        assert cls.from_jwk(key.public_jwk()).thumbprint() == key.thumbprint()
        assert cls.from_pem(key.export_private_pem(), algorithm=key.algorithm).public_pem() == key.public_pem()
        assert cls.from_jwk(key.export_private_jwk()).can_sign
        public.verify(b"m", key.sign(b"m"))
    ed = canonsig.Ed25519Key.generate()
    x = base64.urlsafe_b64decode(ed.public_jwk()["x"] + "==")
    assert canonsig.Ed25519Key.from_public_bytes(x).key_id == ed.key_id
    assert canonsig.Key.from_public_bytes(x, algorithm="ed25519").key_id == ed.key_id
    p384 = canonsig.EcdsaKey.generate("ecdsa-p384-sha384")
    jwk = p384.public_jwk()
    point = b"\x04" + base64.urlsafe_b64decode(jwk["x"] + "==") + base64.urlsafe_b64decode(jwk["y"] + "==")
    from_point = canonsig.EcdsaKey.from_public_bytes(point, algorithm="ecdsa-p384-sha384", key_id="pt")
    assert (from_point.key_id, from_point.thumbprint()) == ("pt", p384.key_id)


# --- Signature ------------------------------------------------------------------------------


def test_signature_object() -> None:
    key = canonsig.HmacKey(b"secret", key_id='k "1"')
    sig = canonsig.sign_json(PAYLOAD, key, profile="python-sorted", created=NOW, expires=NOW + 60, nonce="n\\1")
    assert (sig.algorithm, sig.key_id, sig.created, sig.expires, sig.nonce, sig.profile) == (
        "hmac-sha256",
        'k "1"',
        NOW,
        NOW + 60,
        "n\\1",
        "python-sorted",
    )
    assert isinstance(sig.value, bytes) and len(sig.value) == 32
    header = sig.to_header()
    b64 = base64.b64encode(sig.value).decode()
    assert header == (
        f':{b64}:;alg="hmac-sha256";keyid="k \\"1\\"";created={NOW};expires={NOW + 60}'
        ';nonce="n\\\\1";profile="python-sorted"'
    )
    assert str(sig) == header
    assert repr(sig) == f"Signature.parse({header!r})"
    assert eval(repr(sig), {"Signature": canonsig.Signature}) == sig
    parsed = canonsig.Signature.parse(header)
    assert parsed == sig and hash(parsed) == hash(sig)
    assert pickle.loads(pickle.dumps(sig)) == sig
    assert sig.encode() == base64.urlsafe_b64encode(sig.value).decode().rstrip("=")
    assert sig.encode("hex") == sig.value.hex()
    assert sig.encode("base64") == b64
    built = canonsig.Signature(
        sig.value,
        algorithm="hmac-sha256",
        key_id='k "1"',
        created=NOW,
        expires=NOW + 60,
        nonce="n\\1",
        profile="python-sorted",
    )
    assert built == sig
    # Equality covers every field.
    assert canonsig.Signature(sig.value) != sig
    assert canonsig.Signature(sig.value[:-1] + bytes([sig.value[-1] ^ 1]), key_id='k "1"') != canonsig.Signature(
        sig.value, key_id='k "1"'
    )
    assert sig != header and sig != sig.value
    bare = canonsig.Signature.parse(sig.encode())
    assert (bare.algorithm, bare.key_id, bare.created, bare.expires, bare.nonce, bare.profile) == (
        None,
        "",
        None,
        None,
        None,
        "jcs",
    )
    assert bare.value == sig.value
    with pytest.raises(AttributeError):
        sig.key_id = "x"  # type: ignore[misc]


def test_verified_object() -> None:
    key = canonsig.HmacKey(b"secret", key_id="k1")
    verified = canonsig.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key), key)
    assert (verified.key_id, verified.algorithm) == ("k1", "hmac-sha256")
    assert verified.signed_sha256 == hashlib.sha256(CANONICAL).hexdigest()
    assert repr(verified) == f"Verified(key_id='k1', algorithm='hmac-sha256', signed_sha256='{verified.signed_sha256}')"
    assert verified == canonsig.verify_json(CANONICAL, canonsig.sign_json(CANONICAL, key), [key])
    assert len({verified, canonsig.verify_json(json.loads(PAYLOAD), canonsig.sign_json(PAYLOAD, key), key)}) == 1


def test_payload_forms() -> None:
    key = canonsig.Ed25519Key.generate()
    value = json.loads(PAYLOAD)
    signatures = [
        canonsig.sign_json(p, key)
        for p in (PAYLOAD, PAYLOAD.decode(), bytearray(PAYLOAD), memoryview(PAYLOAD), value, CANONICAL)
    ]
    for signature in signatures:
        for payload in (PAYLOAD, PAYLOAD.decode(), bytearray(PAYLOAD), memoryview(PAYLOAD), value, CANONICAL):
            canonsig.verify_json(payload, signature, key)
    # Tuples are arrays; a str is JSON text (a top-level JSON string goes in as text).
    canonsig.verify_json([1, "x"], canonsig.sign_json((1, "x"), key), key)
    canonsig.verify_json(b'"x"', canonsig.sign_json('"x"', key), key)
    canonsig.verify_json(True, canonsig.sign_json(b"true", key), key)
    canonsig.verify_json(None, canonsig.sign_json(b"null", key), key)
    # Value payloads are canonicalized in the signature's profile.
    python_sig = canonsig.sign_json({"a": 1.0, "b": "é"}, key, profile="python-sorted")
    canonsig.verify_json('{"b":"\\u00e9","a":1.0}', python_sig, key)
    with pytest.raises(canonsig.SignatureMismatch) as info:
        canonsig.verify_json({"a": 1, "b": "é"}, python_sig, key)  # 1 is not 1.0 in Python's json
    assert info.value.signed_bytes == b'{"a":1,"b":"\\u00e9"}'
    with pytest.raises(TypeError):
        canonsig.sign_json(PAYLOAD, key, "jcs")  # type: ignore[misc]


# --- Verifier -------------------------------------------------------------------------------


def test_verifier_rotation_and_repr() -> None:
    old = canonsig.HmacKey(b"old secret", key_id="2025")
    new = canonsig.HmacKey(b"new secret", key_id="2026")
    ed = canonsig.Ed25519Key.generate(key_id="ed")
    verifier = canonsig.Verifier(
        (k for k in (old, new, ed)),
        algorithms=["hmac-sha256", "ed25519"],
        tolerance=datetime.timedelta(minutes=1),
        clock=lambda: NOW,
    )
    for key in (old, new, ed):
        assert verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW - 60)).key_id == key.key_id
        with pytest.raises(canonsig.VerificationError) as info:
            verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW - 61))
        assert info.value.code == "expired"
    assert repr(verifier) == (
        "Verifier(key_ids=['2025', '2026', 'ed'], algorithms=['hmac-sha256', 'ed25519'], tolerance=60, "
        "nonce_store=None, require_created=False, require_nonce=False)"
    )
    assert repr(canonsig.MemoryNonceStore(5)) == "MemoryNonceStore(capacity=5)"
    # The ring holds its own copies: the caller's key objects can go.
    del old, new
    assert verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, canonsig.HmacKey(b"old secret", key_id="2025")))


def test_memory_nonce_store_capacity() -> None:
    key = canonsig.HmacKey(b"secret", key_id="k")
    store = canonsig.MemoryNonceStore(capacity=2)
    verifier = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=store)
    for n in range(5):
        verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW, nonce=f"n{n}"))
    assert len(store) == 2


# --- traces and logging -----------------------------------------------------------------------


def test_traces_and_log_trace(caplog: pytest.LogCaptureFixture) -> None:
    key = canonsig.HmacKey(b"secret", key_id="k1")
    signature, trace = canonsig.sign_json_traced(PAYLOAD, key, created=NOW, request_id="req-7")
    envelope = (
        b'{"payload":' + CANONICAL + b',"signature_params":{"alg":"hmac-sha256","created":1700000000,"keyid":"k1"}}'
    )
    assert set(trace) == {
        "operation",
        "request_id",
        "algorithm",
        "key_id",
        "profile",
        "signing_sha256",
        "signing_len",
        "timestamp",
        "outcome",
    }
    assert (trace["operation"], trace["request_id"], trace["algorithm"], trace["key_id"], trace["profile"]) == (
        "sign",
        "req-7",
        "hmac-sha256",
        "k1",
        "jcs",
    )
    assert (trace["signing_sha256"], trace["signing_len"], trace["outcome"]) == (
        hashlib.sha256(envelope).hexdigest(),
        len(envelope),
        "ok",
    )
    assert abs(trace["timestamp"] - time.time()) < 60
    _, with_bytes = canonsig.sign_json_traced(PAYLOAD, key, include_signing_string=True)
    assert base64.b64decode(with_bytes["signing_string_b64"]) == CANONICAL

    verifier = canonsig.Verifier(key, clock=lambda: NOW)
    verified, verify_trace = verifier.verify_json_traced(PAYLOAD, signature, request_id="req-7")
    assert verified.signed_sha256 == verify_trace["signing_sha256"] == trace["signing_sha256"]
    assert (verify_trace["operation"], verify_trace["timestamp"], verify_trace["outcome"]) == ("verify", NOW, "ok")

    logger = logging.getLogger("canonsig.test")
    with caplog.at_level(logging.INFO, logger="canonsig.test"):
        line = canonsig.log_trace(logger, trace)
        with pytest.raises(canonsig.SignatureMismatch) as info:
            verifier.verify_json_traced(b'{"a":1}', signature)
        assert info.value.trace is not None
        canonsig.log_trace("canonsig.test", info.value.trace)
    assert line == canonsig.canonicalize_value(trace).decode()
    assert json.loads(line) == trace
    ok, failed = caplog.records
    assert (ok.levelno, ok.getMessage()) == (logging.INFO, line)
    assert ok.canonsig_trace == trace  # type: ignore[attr-defined]
    assert failed.levelno == logging.WARNING and json.loads(failed.getMessage())["outcome"] == "signature_mismatch"


# --- the GIL -------------------------------------------------------------------------------------


def test_rsa_keygen_releases_the_gil() -> None:
    """While another thread generates RSA keys (hundreds of ms each), this thread keeps running
    Python: the longest pause it sees is far shorter than the generation."""
    done = threading.Event()
    spent: list[float] = []

    def work() -> None:
        start = time.perf_counter()
        for _ in range(2):
            canonsig.RsaKey.generate()
        spent.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    longest, last = 0.0, time.perf_counter()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    assert spent and longest < max(0.05, spent[0] / 4), (longest, spent)


def test_signing_in_threads(rsa_key: canonsig.Key) -> None:
    big = json.dumps({"rows": [{"i": i, "s": f"row {i}", "f": i / 3} for i in range(5_000)]}).encode()
    assert len(big) > 64 * 1024
    keys = [canonsig.HmacKey(b"secret", key_id="h"), canonsig.Ed25519Key.generate(key_id="e"), rsa_key]
    expected = {k.key_id: canonsig.sign_json(big, k) for k in keys}
    verifier = canonsig.Verifier(keys, clock=lambda: NOW, nonce_store=canonsig.MemoryNonceStore())
    errors: list[BaseException] = []
    results: list[Any] = []

    def work(n: int) -> None:
        try:
            for i, key in enumerate(keys):
                signature = canonsig.sign_json(big, key, created=NOW, nonce=f"{n}-{i}")
                results.append(verifier.verify_json(big, signature).key_id)
                if key.algorithm != "rsa-pss-sha512":  # deterministic
                    results.append(canonsig.sign_json(big, key) == expected[key.key_id])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(r for r in results if isinstance(r, str)) == sorted(["h", "e", "rsa-1"] * 4)
    assert [r for r in results if not isinstance(r, str)] == [True] * 8


def test_python_nonce_store_called_from_released_gil() -> None:
    """An Ed25519 verification runs without the GIL; the Python store is called back with it."""
    calls: list[str] = []

    class Store:
        def check_and_store(self, nonce: str, ttl: float, now: int) -> bool:
            calls.append(threading.current_thread().name)
            return True

    key = canonsig.Ed25519Key.generate(key_id="e")
    verifier = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=Store())

    def work(n: int) -> None:
        for i in range(20):
            verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW, nonce=f"{n}-{i}"))

    threads = [threading.Thread(target=work, args=(n,), name=f"t{n}") for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(calls)) == ["t0", "t1", "t2"] and len(calls) == 60
