"""Every signing error code through the Python API, the exception class each one raises,
algorithm confusion, the one-byte-change diagnosis, and a leak search for secrets.

Expectations are derived from the inputs (which byte was changed, which secret was used),
never from what canonsig returned.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import pickle
from typing import Any, Callable

import pytest

import canonsig
from canonsig import CanonicalizationError, InvalidKeyError, SignatureMismatch, VerificationError

NOW = 1_700_000_000
PAYLOAD = b'{"to": "alice", "amount": 100, "note": "caf\\u00e9"}'
SECRET = bytes.fromhex("8f3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a2c4e6b8d0f13")


def raises(cls: type[canonsig.Error], code: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with pytest.raises(canonsig.Error) as info:
        function(*args, **kwargs)
    error = info.value
    assert type(error) is cls, repr(error)
    assert error.code == code, str(error)
    assert str(error).startswith(f"{code}: ")
    assert isinstance(error, canonsig.Error)
    return error


@pytest.fixture(scope="module")
def keys() -> dict[str, canonsig.Key]:
    return {
        "hmac": canonsig.HmacKey(SECRET, key_id="h1"),
        "ed25519": canonsig.Ed25519Key.generate(key_id="e1"),
        "p256": canonsig.EcdsaKey.generate(key_id="p1"),
        "p384": canonsig.EcdsaKey.generate("ecdsa-p384-sha384", key_id="p3"),
        "rsa": canonsig.RsaKey.generate(key_id="r1"),
    }


def test_classes() -> None:
    assert issubclass(InvalidKeyError, canonsig.Error) and issubclass(InvalidKeyError, ValueError)
    assert issubclass(VerificationError, canonsig.Error) and not issubclass(VerificationError, ValueError)
    assert issubclass(SignatureMismatch, VerificationError)
    assert issubclass(CanonicalizationError, ValueError)


# --- invalid_key -------------------------------------------------------------------------


def test_invalid_key_material(keys: dict[str, canonsig.Key]) -> None:
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey, b"")
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey, "", encoding="hex")
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey, "zz", encoding="hex")
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey, b"secret", algorithm="ed25519")
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_pem, "not a pem")
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_pem, b"\xff\xfe")
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_jwk, "{not json")
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_jwk, {"kty": "OKP", "crv": "X25519", "x": "AA"})
    pem = keys["ed25519"].export_private_pem()
    lines = pem.splitlines()
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_pem, "\n".join(lines[:-1]))  # no END line
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_pem, pem.replace("PRIVATE KEY", "CERTIFICATE"))
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_pem, pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"))


def test_wrong_length_keys() -> None:
    raises(InvalidKeyError, "invalid_key", canonsig.Ed25519Key.from_public_bytes, bytes(31))
    raises(InvalidKeyError, "invalid_key", canonsig.Ed25519Key.from_public_bytes, bytes(33))
    point = b"\x04" + bytes(64)
    raises(InvalidKeyError, "invalid_key", canonsig.EcdsaKey.from_public_bytes, point[:-1])
    raises(InvalidKeyError, "invalid_key", canonsig.EcdsaKey.from_public_bytes, point, algorithm="ecdsa-p384-sha384")
    raises(InvalidKeyError, "invalid_key", canonsig.EcdsaKey.from_public_bytes, b"\x02" + bytes(64))
    raises(InvalidKeyError, "invalid_key", canonsig.RsaKey.from_public_bytes, bytes(200))
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey.from_public_bytes, bytes(32))
    short = {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(bytes(31)).decode().rstrip("=")}
    raises(InvalidKeyError, "invalid_key", canonsig.Ed25519Key.from_jwk, short)


def test_public_keys_cannot_sign_or_export(keys: dict[str, canonsig.Key]) -> None:
    for name in ("ed25519", "p256", "rsa"):
        public = keys[name].public_key()
        assert not public.can_sign
        raises(InvalidKeyError, "invalid_key", public.sign, b"m")
        raises(InvalidKeyError, "invalid_key", canonsig.sign_json, PAYLOAD, public)
        raises(InvalidKeyError, "invalid_key", public.export_private_pem)
        raises(InvalidKeyError, "invalid_key", public.export_private_jwk)
    raises(InvalidKeyError, "invalid_key", keys["hmac"].public_key)
    raises(InvalidKeyError, "invalid_key", keys["hmac"].public_pem)
    raises(InvalidKeyError, "invalid_key", keys["hmac"].export_private_pem)


def test_each_class_refuses_other_families(keys: dict[str, canonsig.Key]) -> None:
    classes = {"ed25519": canonsig.Ed25519Key, "p256": canonsig.EcdsaKey, "rsa": canonsig.RsaKey}
    for name, cls in classes.items():
        pem = keys[name].export_private_pem()
        algorithm = "rsa-pss-sha512" if name == "rsa" else None
        for other in {canonsig.Ed25519Key, canonsig.EcdsaKey, canonsig.RsaKey, canonsig.HmacKey} - {cls}:
            e = raises(InvalidKeyError, "invalid_key", other.from_pem, pem, algorithm=algorithm)
            assert other.__name__ in str(e) and cls.__name__ in str(e)
            raises(InvalidKeyError, "invalid_key", other.from_jwk, keys[name].public_jwk())
        assert type(canonsig.Key.from_pem(pem, algorithm=algorithm)) is cls
    raises(InvalidKeyError, "invalid_key", canonsig.Ed25519Key.generate, "ecdsa-p256-sha256")
    raises(InvalidKeyError, "invalid_key", canonsig.RsaKey.generate, "hmac-sha256")
    raises(InvalidKeyError, "invalid_key", canonsig.HmacKey.from_jwk, keys["ed25519"].public_jwk())
    # Key itself needs an algorithm where the class would have given the default.
    raises(InvalidKeyError, "invalid_key", canonsig.Key.generate)
    raises(InvalidKeyError, "invalid_key", canonsig.Key.from_public_bytes, bytes(32))
    # RSA keys serve two algorithms: say which.
    e = raises(InvalidKeyError, "invalid_key", canonsig.RsaKey.from_pem, keys["rsa"].public_pem())
    assert "rsa-pss-sha512" in str(e) and "rsa-v1_5-sha256" in str(e)


def test_argument_types() -> None:
    with pytest.raises(TypeError, match="encoding"):
        canonsig.HmacKey("c2VjcmV0")
    with pytest.raises(TypeError, match="encoding"):
        canonsig.HmacKey(b"secret", encoding="hex")
    with pytest.raises(TypeError):
        canonsig.Key.from_pem(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        canonsig.Key()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        canonsig.Ed25519Key()  # type: ignore[call-arg]
    key = canonsig.HmacKey(b"secret")
    with pytest.raises(TypeError, match="encode it first"):
        key.sign("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keys must be"):
        canonsig.verify_json(PAYLOAD, ":AAAA:", "not a key")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keys must be"):
        canonsig.Verifier([key, "k"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="signature must be"):
        canonsig.verify_json(PAYLOAD, b"raw", key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        canonsig.sign_json(PAYLOAD, "key")  # type: ignore[arg-type]


# --- unsupported_algorithm / invalid_option ----------------------------------------------


def test_unsupported_algorithm_and_invalid_option(keys: dict[str, canonsig.Key]) -> None:
    for name in ("HS256", "hs256", "none", "rsa-sha1", ""):
        raises(InvalidKeyError, "unsupported_algorithm", canonsig.HmacKey, b"secret", algorithm=name)
        raises(InvalidKeyError, "unsupported_algorithm", canonsig.Key.generate, name)
        raises(InvalidKeyError, "unsupported_algorithm", canonsig.Verifier, keys["hmac"], algorithms=[name])
        raises(InvalidKeyError, "unsupported_algorithm", canonsig.Signature, b"x", algorithm=name)
    header = canonsig.sign_json(PAYLOAD, keys["hmac"]).to_header().replace("hmac-sha256", "none")
    raises(InvalidKeyError, "unsupported_algorithm", canonsig.verify_json, PAYLOAD, header, keys["hmac"])
    raises(CanonicalizationError, "invalid_option", canonsig.sign_json, PAYLOAD, keys["hmac"], profile="jcs2")
    signature = canonsig.sign_json(PAYLOAD, keys["hmac"])
    raises(CanonicalizationError, "invalid_option", signature.encode, "base32")
    raises(CanonicalizationError, "invalid_option", canonsig.Signature.parse, "AAAA", "base32")
    raises(CanonicalizationError, "invalid_option", keys["hmac"].export_secret, "b64")


# --- algorithm_mismatch / algorithm_not_allowed: algorithm confusion ---------------------------


def test_algorithm_mismatch_while_loading_is_a_key_error(keys: dict[str, canonsig.Key]) -> None:
    raises(
        InvalidKeyError,
        "algorithm_mismatch",
        canonsig.Key.from_pem,
        keys["p384"].public_pem(),
        algorithm="ecdsa-p256-sha256",
    )
    raises(
        InvalidKeyError,
        "algorithm_mismatch",
        canonsig.Key.from_pem,
        keys["ed25519"].public_pem(),
        algorithm="ecdsa-p256-sha256",
    )
    raises(
        InvalidKeyError,
        "algorithm_mismatch",
        canonsig.Key.from_jwk,
        keys["rsa"].public_jwk(),
        algorithm="rsa-v1_5-sha256",
    )


def test_algorithm_confusion_is_refused(keys: dict[str, canonsig.Key]) -> None:
    rsa_public = keys["rsa"].public_key()
    # The classic attack: an HMAC "signed" with the verifier's public key as the secret.
    forged_key = canonsig.HmacKey(rsa_public.public_pem().encode(), key_id="r1")
    forged = canonsig.sign_json(PAYLOAD, forged_key)
    assert forged.algorithm == "hmac-sha256" and forged.key_id == "r1"
    raises(VerificationError, "algorithm_mismatch", canonsig.verify_json, PAYLOAD, forged, rsa_public)
    # The same tag without its alg claim is not an RSA signature either.
    raises(
        VerificationError,
        "malformed_signature",
        canonsig.verify_json,
        PAYLOAD,
        canonsig.Signature(forged.value),
        rsa_public,
    )
    # Another hash of the same family is another algorithm.
    claimed = canonsig.Signature(canonsig.sign_json(PAYLOAD, keys["hmac"]).value, algorithm="hmac-sha512", key_id="h1")
    raises(VerificationError, "algorithm_mismatch", canonsig.verify_json, PAYLOAD, claimed, keys["hmac"])
    # An ECDSA P-384 signature claimed as P-256 under the P-256 key's id.
    p384 = canonsig.sign_json(PAYLOAD, keys["p384"])
    relabeled = canonsig.Signature(p384.value, algorithm="ecdsa-p384-sha384", key_id="p1")
    raises(
        VerificationError, "algorithm_mismatch", canonsig.verify_json, PAYLOAD, relabeled, [keys["p256"], keys["p384"]]
    )


def test_algorithm_not_allowed(keys: dict[str, canonsig.Key]) -> None:
    verifier = canonsig.Verifier([keys["hmac"], keys["ed25519"]], algorithms=["ed25519"])
    assert verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, keys["ed25519"])).key_id == "e1"
    raises(
        VerificationError,
        "algorithm_not_allowed",
        verifier.verify_json,
        PAYLOAD,
        canonsig.sign_json(PAYLOAD, keys["hmac"]),
    )
    with pytest.raises(TypeError):
        canonsig.Verifier(keys["hmac"], algorithms="hmac-sha256")  # type: ignore[arg-type]


# --- malformed_signature: truncated, wrong encodings ------------------------------------------


@pytest.mark.parametrize("name", ["hmac", "ed25519", "p256", "p384", "rsa"])
def test_truncated_and_extended_signatures(name: str, keys: dict[str, canonsig.Key]) -> None:
    key = keys[name]
    signature = canonsig.sign_json(PAYLOAD, key)
    for value in (signature.value[:-1], signature.value + b"\x00", signature.value[: len(signature.value) // 2], b""):
        broken = canonsig.Signature(value, algorithm=key.algorithm, key_id=key.key_id)
        raises(VerificationError, "malformed_signature", canonsig.verify_json, PAYLOAD, broken, key)
        raises(VerificationError, "malformed_signature", key.verify, b"m", value)


def test_wrong_encodings(keys: dict[str, canonsig.Key]) -> None:
    key = keys["ed25519"]
    signature = canonsig.sign_json(PAYLOAD, key)
    as_b64 = signature.encode("base64")
    # base64 text read as base64url, hex read as base64, base64url read as hex, ...
    for text, encoding in ((signature.encode("hex"), "base64"), (signature.encode(), "hex"), ("!!!!", "base64url")):
        raises(VerificationError, "malformed_signature", canonsig.verify_json, PAYLOAD, text, key, encoding=encoding)
    if "+" in as_b64 or "/" in as_b64:
        e = raises(VerificationError, "malformed_signature", canonsig.Signature.parse, as_b64)
        assert "plain base64" in str(e)
    raises(VerificationError, "malformed_signature", canonsig.Signature.parse, signature.encode("hex") + "0", "hex")
    raises(VerificationError, "malformed_signature", canonsig.Signature.parse, "A", "base64url")
    for header in (":AAAA", ":AAAA:;created=soon", ":AAAA:;keyid", ":AAAA:garbage", ":!!!!:"):
        raises(VerificationError, "malformed_signature", canonsig.Signature.parse, header)
    # Each encoding round-trips through parse.
    for encoding in ("base64url", "base64", "hex"):
        assert canonsig.Signature.parse(signature.encode(encoding), encoding).value == signature.value


# --- signature_mismatch: a one-byte change -------------------------------------------------


def canonical_bytes(trace: dict[str, Any]) -> bytes:
    return base64.b64decode(trace["signing_string_b64"])


@pytest.mark.parametrize("name", ["hmac", "ed25519", "p256", "p384", "rsa"])
@pytest.mark.parametrize("params", [{}, {"created": NOW, "nonce": "n-1"}], ids=["bare", "envelope"])
def test_one_byte_change_points_at_the_byte(name: str, params: dict[str, Any], keys: dict[str, canonsig.Key]) -> None:
    key = keys[name]
    signature, trace = canonsig.sign_json_traced(PAYLOAD, key, include_signing_string=True, **params)
    signer_bytes = canonical_bytes(trace)
    changed = PAYLOAD.replace(b"alice", b"alicf")
    assert len(changed) == len(PAYLOAD)
    verifier = canonsig.Verifier(key, clock=lambda: NOW)
    e = raises(SignatureMismatch, "signature_mismatch", verifier.verify_json, changed, signature)
    assert e.signed_bytes is not None and len(e.signed_bytes) == len(signer_bytes)
    differing = [i for i, (a, b) in enumerate(zip(e.signed_bytes, signer_bytes)) if a != b]
    assert differing == [signer_bytes.index(b"alice") + 4]
    assert (e.signed_bytes[differing[0]], signer_bytes[differing[0]]) == (ord("f"), ord("e"))
    assert e.signed_sha256 == hashlib.sha256(e.signed_bytes).hexdigest()
    assert e.signed_sha256 in str(e)
    # The expected signature is not in the error.
    for text in (signature.encode(), signature.encode("base64"), signature.encode("hex")):
        assert text not in str(e) and text not in repr(e)
    # The traced verification records the same hash, and the mismatch as its outcome.
    with pytest.raises(SignatureMismatch) as traced:
        verifier.verify_json_traced(changed, signature)
    assert traced.value.trace is not None
    assert traced.value.trace["signing_sha256"] == e.signed_sha256
    assert traced.value.trace["outcome"] == "signature_mismatch"
    # The unchanged payload verifies, re-serialized or as a value.
    assert verifier.verify_json(json.loads(PAYLOAD), signature).signed_sha256 == trace["signing_sha256"]


def test_mismatch_exception_pickles() -> None:
    key = canonsig.HmacKey(SECRET)
    signature = canonsig.sign_json(b"[1]", key)
    with pytest.raises(SignatureMismatch) as info:
        canonsig.verify_json(b"[2]", signature, key)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is SignatureMismatch
    assert (again.code, again.signed_bytes, again.signed_sha256, str(again)) == (
        "signature_mismatch",
        b"[2]",
        hashlib.sha256(b"[2]").hexdigest(),
        str(info.value),
    )
    # Key.verify over raw bytes: the signed bytes are the caller's message.
    with pytest.raises(SignatureMismatch) as raw:
        key.verify(b"[2]", signature.value)
    assert raw.value.signed_bytes is None and raw.value.signed_sha256 is None


# --- unknown_key_id ------------------------------------------------------------------------


def test_unknown_key_id(keys: dict[str, canonsig.Key]) -> None:
    signature = canonsig.sign_json(PAYLOAD, keys["ed25519"])
    other = canonsig.Ed25519Key.generate(key_id="e2")
    e = raises(VerificationError, "unknown_key_id", canonsig.verify_json, PAYLOAD, signature, other)
    assert '"e1"' in str(e)
    # A bare value names no key: fine with one key, ambiguous with two.
    bare = signature.encode()
    assert canonsig.verify_json(PAYLOAD, bare, keys["ed25519"]).key_id == "e1"
    raises(VerificationError, "unknown_key_id", canonsig.verify_json, PAYLOAD, bare, [keys["ed25519"], other])
    raises(VerificationError, "unknown_key_id", canonsig.verify_json, PAYLOAD, signature, [])


# --- expired / future_timestamp -------------------------------------------------------------


def test_time_checks(keys: dict[str, canonsig.Key]) -> None:
    key = keys["hmac"]
    verifier = canonsig.Verifier(key, clock=lambda: NOW, tolerance=300)
    for created in (NOW - 300, NOW, NOW + 300):
        verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=created))
    e = raises(
        VerificationError, "expired", verifier.verify_json, PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW - 301)
    )
    assert "301 s old" in str(e)
    e = raises(
        VerificationError,
        "future_timestamp",
        verifier.verify_json,
        PAYLOAD,
        canonsig.sign_json(PAYLOAD, key, created=NOW + 301),
    )
    assert "301 s ahead of this clock" in str(e)
    raises(VerificationError, "expired", verifier.verify_json, PAYLOAD, canonsig.sign_json(PAYLOAD, key, expires=NOW))
    verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, expires=NOW + 1))
    # The default verifier uses the system clock: a 2023 signature is long expired.
    raises(
        VerificationError, "expired", canonsig.verify_json, PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW), key
    )


# --- replayed_nonce / missing_parameter / nonce_store_unavailable --------------------------------


def test_replayed_nonce(keys: dict[str, canonsig.Key]) -> None:
    key = keys["ed25519"]
    store = canonsig.MemoryNonceStore(capacity=10)
    verifier = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=store)
    signature = canonsig.sign_json(PAYLOAD, key, created=NOW, nonce="n-1")
    verifier.verify_json(PAYLOAD, signature)
    assert len(store) == 1
    e = raises(VerificationError, "replayed_nonce", verifier.verify_json, PAYLOAD, signature)
    assert '"n-1"' in str(e)
    # A forgery does not spend a nonce.
    forged = canonsig.Signature(bytes(64), algorithm="ed25519", key_id="e1", created=NOW, nonce="n-2")
    raises(SignatureMismatch, "signature_mismatch", verifier.verify_json, PAYLOAD, forged)
    verifier.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW, nonce="n-2"))
    # Two verifiers sharing one store share what they have seen.
    other = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=store)
    raises(VerificationError, "replayed_nonce", other.verify_json, PAYLOAD, signature)


def test_missing_parameter(keys: dict[str, canonsig.Key]) -> None:
    key = keys["hmac"]
    needs_created = canonsig.Verifier(key, clock=lambda: NOW, require_created=True)
    raises(VerificationError, "missing_parameter", needs_created.verify_json, PAYLOAD, canonsig.sign_json(PAYLOAD, key))
    needs_created.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW))
    needs_nonce = canonsig.Verifier(key, clock=lambda: NOW, require_nonce=True, nonce_store=canonsig.MemoryNonceStore())
    raises(
        VerificationError,
        "missing_parameter",
        needs_nonce.verify_json,
        PAYLOAD,
        canonsig.sign_json(PAYLOAD, key, created=NOW),
    )
    needs_nonce.verify_json(PAYLOAD, canonsig.sign_json(PAYLOAD, key, created=NOW, nonce="x"))


class FailingStore:
    def __init__(self, error: BaseException | None = None, answer: Any = True) -> None:
        self.error, self.answer, self.calls = error, answer, 0

    def check_and_store(self, nonce: str, ttl: float, now: int) -> Any:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.answer


def test_nonce_store_unavailable_fails_closed(keys: dict[str, canonsig.Key]) -> None:
    key = keys["ed25519"]
    signature = canonsig.sign_json(PAYLOAD, key, created=NOW, nonce="n-1")
    for store, cause in (
        (FailingStore(ConnectionError("redis is down")), ConnectionError),
        (FailingStore(answer=1), TypeError),
        (FailingStore(answer=None), TypeError),
    ):
        verifier = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=store)
        e = raises(VerificationError, "nonce_store_unavailable", verifier.verify_json, PAYLOAD, signature)
        assert store.calls == 1
        assert isinstance(e.__cause__, cause), repr(e.__cause__)
        # The failure of one verification does not stick to the next.
        ok = canonsig.Verifier(key, clock=lambda: NOW, nonce_store=FailingStore())
        ok.verify_json(PAYLOAD, signature)
    with pytest.raises(TypeError, match="nonce_store"):
        canonsig.Verifier(key, nonce_store=object())


def test_python_nonce_store_protocol(keys: dict[str, canonsig.Key]) -> None:
    seen: dict[str, tuple[float, int]] = {}

    class Store:
        def check_and_store(self, nonce: str, ttl: float, now: int) -> bool:
            if nonce in seen:
                return False
            seen[nonce] = (ttl, now)
            return True

    key = keys["hmac"]
    verifier = canonsig.Verifier(key, clock=lambda: NOW, tolerance=60, nonce_store=Store())
    signature = canonsig.sign_json(PAYLOAD, key, created=NOW, nonce="n-7")
    verifier.verify_json(PAYLOAD, signature)
    # The key id and the nonce joined by NUL; ttl twice the tolerance plus one second (a
    # nonce outlives every signature that may carry it); now from the clock.
    assert seen == {"h1\x00n-7": (121.0, NOW)}
    raises(VerificationError, "replayed_nonce", verifier.verify_json, PAYLOAD, signature)


def test_clock_errors_propagate(keys: dict[str, canonsig.Key]) -> None:
    key = keys["hmac"]
    signature = canonsig.sign_json(PAYLOAD, key, created=NOW)

    def broken() -> float:
        raise RuntimeError("clock unavailable")

    with pytest.raises(RuntimeError, match="clock unavailable"):
        canonsig.Verifier(key, clock=broken).verify_json(PAYLOAD, signature)
    with pytest.raises(TypeError, match="Unix seconds"):
        canonsig.Verifier(key, clock=lambda: "now").verify_json(PAYLOAD, signature)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="Unix seconds"):
        canonsig.Verifier(key, clock=lambda: -1).verify_json(PAYLOAD, signature)
    with pytest.raises(ValueError, match="Unix seconds"):
        canonsig.Verifier(key, clock=lambda: float("nan")).verify_json(PAYLOAD, signature)
    with pytest.raises(TypeError, match="callable"):
        canonsig.Verifier(key, clock=NOW)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance"):
        canonsig.Verifier(key, tolerance=-1)
    with pytest.raises(TypeError, match="tolerance"):
        canonsig.Verifier(key, tolerance="300")  # type: ignore[arg-type]
    # A float clock is rounded down.
    assert canonsig.Verifier(key, clock=lambda: NOW + 0.999).verify_json(PAYLOAD, signature)


# --- payload errors stay canonicalization errors ----------------------------------------------


def test_payload_errors(keys: dict[str, canonsig.Key]) -> None:
    key = keys["hmac"]
    bad = b'{"role":"reader","role":"admin"}'
    e = raises(CanonicalizationError, "duplicate_key", canonsig.sign_json, bad, key)
    assert (e.offset, e.path) == (bad.rindex(b'"role"'), "$.role")
    signature = canonsig.sign_json(b'{"role":"reader"}', key)
    e = raises(CanonicalizationError, "duplicate_key", canonsig.verify_json, bad, signature, key)
    assert (e.offset, e.path) == (bad.rindex(b'"role"'), "$.role")
    e = raises(CanonicalizationError, "non_finite_number", canonsig.sign_json, {"x": float("nan")}, key)
    assert (e.offset, e.path) == (None, "$.x")
    raises(CanonicalizationError, "unsupported_value", canonsig.sign_json, {"x": {1, 2}}, key)
    raises(CanonicalizationError, "unsafe_integer", canonsig.sign_json, [2**64 + 1], key)
    with pytest.raises(CanonicalizationError) as info:
        canonsig.Verifier(key).verify_json_traced(bad, signature)
    assert info.value.trace is None  # nothing to trace: the payload has no canonical form


# --- secrets never leak ------------------------------------------------------------------------


def secret_forms(secret: bytes) -> list[str]:
    b64 = base64.b64encode(secret).decode()
    return [
        secret.hex(),
        secret.hex().upper(),
        b64,
        b64.rstrip("="),
        base64.urlsafe_b64encode(secret).decode().rstrip("="),
        repr(secret)[2:-1],
        secret.decode("latin-1"),
    ]


def test_no_secret_in_any_repr_str_error_or_trace(caplog: pytest.LogCaptureFixture) -> None:
    hmac_key = canonsig.HmacKey(SECRET, key_id="leak-test")
    ed_key = canonsig.Ed25519Key.generate(key_id="leak-ed")
    seed = base64.urlsafe_b64decode(ed_key.export_private_jwk()["d"] + "==")
    pem_body = [line for line in ed_key.export_private_pem().splitlines() if not line.startswith("-----")]
    forms = secret_forms(SECRET) + secret_forms(seed) + [line for line in pem_body if len(line) >= 16]

    seen: list[Any] = []
    store = canonsig.MemoryNonceStore()
    verifier = canonsig.Verifier([hmac_key, ed_key], clock=lambda: NOW, nonce_store=store)
    for key in (hmac_key, ed_key):
        signature, trace = canonsig.sign_json_traced(PAYLOAD, key, created=NOW, nonce=f"n-{key.key_id}", request_id="r")
        verified, verify_trace = verifier.verify_json_traced(PAYLOAD, signature)
        seen += [key, signature, verified, trace, verify_trace]
        failing: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [
            (verifier.verify_json_traced, (PAYLOAD, signature)),  # replay
            (verifier.verify_json_traced, (PAYLOAD.replace(b"100", b"101"), signature)),  # mismatch
            (canonsig.verify_json, (PAYLOAD, signature, canonsig.HmacKey(b"other", key_id=key.key_id))),
            (canonsig.verify_json, (PAYLOAD, signature, canonsig.Ed25519Key.generate(key_id=key.key_id))),
            (key.verify, (b"m", signature.value[:-1])),
            (key.verify, (b"m", signature.value)),
        ]
        for function, args in failing:
            with pytest.raises(canonsig.Error) as info:
                function(*args)
            seen += [info.value, info.value.trace, info.value.__cause__]
    seen.append(ed_key.public_key())
    seen += [verifier, store]
    for bad in (
        lambda: canonsig.HmacKey(SECRET.hex() + "zz", encoding="hex"),
        lambda: canonsig.HmacKey(base64.b64encode(SECRET).decode() + "!", encoding="base64"),
        lambda: canonsig.HmacKey(SECRET, algorithm="ed25519"),
        lambda: canonsig.Key.from_pem(ed_key.export_private_pem(), algorithm="ecdsa-p256-sha256"),
        lambda: canonsig.RsaKey.from_pem(ed_key.export_private_pem()),
        lambda: canonsig.Key.from_pem(ed_key.export_private_pem()[:-40]),
        lambda: canonsig.Key.from_jwk({**ed_key.export_private_jwk(), "x": "AAAA"}),
        lambda: hmac_key.public_key(),
    ):
        with pytest.raises(canonsig.Error) as info:
            bad()
        seen.append(info.value)
    logger = logging.getLogger("canonsig.leak-test")
    with caplog.at_level(logging.DEBUG, logger="canonsig.leak-test"):
        for item in seen:
            if isinstance(item, dict):
                canonsig.log_trace(logger, item)
    texts = [repr(x) for x in seen] + [str(x) for x in seen] + [json.dumps(x) for x in seen if isinstance(x, dict)]
    texts += [record.getMessage() for record in caplog.records]
    assert len(caplog.records) >= 4
    hits = [(form, text) for form in forms for text in texts if form in text]
    assert hits == []
