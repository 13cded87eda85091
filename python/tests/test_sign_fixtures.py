"""Every entry of ``fixtures/sign/*.json`` (keys, raw, json, errors) through the Python API.

Expected signatures, signed bytes, JWKs, thumbprints and error codes come from the fixtures
(Python ``hmac``/``cryptography``, ``rfc8785``, Node ``crypto``, the RFCs; see
``fixtures/README.md``), never from canonsig itself. The last test checks that every
entry ran.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

import canonsig
from support import FIXTURES, load_json

SIGN_DIR = FIXTURES / "sign"
KEY_ENTRIES: list[dict[str, Any]] = load_json(SIGN_DIR / "keys.json")["keys"]
KEYS = {entry["id"]: entry for entry in KEY_ENTRIES}
RAW: list[dict[str, Any]] = load_json(SIGN_DIR / "raw.json")["cases"]
JSON_CASES: list[dict[str, Any]] = load_json(SIGN_DIR / "json.json")["cases"]
ERRORS: list[dict[str, Any]] = load_json(SIGN_DIR / "errors.json")["cases"]
TOTAL = len(KEY_ENTRIES) + len(RAW) + len(JSON_CASES) + len(ERRORS)
RAN: set[str] = set()

CLASSES = {
    "hmac-sha256": canonsig.HmacKey,
    "hmac-sha384": canonsig.HmacKey,
    "hmac-sha512": canonsig.HmacKey,
    "ed25519": canonsig.Ed25519Key,
    "ecdsa-p256-sha256": canonsig.EcdsaKey,
    "ecdsa-p384-sha384": canonsig.EcdsaKey,
    "rsa-pss-sha512": canonsig.RsaKey,
    "rsa-v1_5-sha256": canonsig.RsaKey,
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fixture_key(ref: str | dict[str, Any], *, key_id: str | None = None) -> canonsig.Key:
    """The private key (or HMAC secret) a case names: a keys.json id or an inline key."""
    if isinstance(ref, dict):
        if "secret_hex" in ref:
            return canonsig.HmacKey(bytes.fromhex(ref["secret_hex"]), key_id=key_id or "")
        seed, public = bytes.fromhex(ref["ed25519_seed_hex"]), bytes.fromhex(ref["public_hex"])
        jwk = {"kty": "OKP", "crv": "Ed25519", "d": b64url(seed), "x": b64url(public)}
        return canonsig.Ed25519Key.from_jwk(jwk, key_id=key_id)
    entry = KEYS[ref]
    if "secret_hex" in entry:
        secret = bytes.fromhex(entry["secret_hex"])
        return canonsig.HmacKey(secret, algorithm=entry["algorithm"], key_id=entry["id"] if key_id is None else key_id)
    return canonsig.Key.from_pem(entry["private_pem"], algorithm=entry["algorithm"], key_id=key_id)


def raw_key(case: dict[str, Any]) -> canonsig.Key:
    ref = case["key"]
    if isinstance(ref, dict) and "secret_hex" in ref:
        return canonsig.HmacKey(bytes.fromhex(ref["secret_hex"]), algorithm=case["algorithm"])
    return fixture_key(ref)


def verifier_for(key: canonsig.Key, spec: dict[str, Any] | None) -> canonsig.Verifier:
    if spec is None:
        return canonsig.Verifier(key)
    now = spec["now"]
    store = canonsig.MemoryNonceStore() if spec.get("nonce_store") else None
    return canonsig.Verifier(key, clock=lambda: now, tolerance=spec["tolerance"], nonce_store=store)


def without(jwk: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in jwk.items() if k not in names}


# --- keys.json ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", KEY_ENTRIES, ids=[e["id"] for e in KEY_ENTRIES])
def test_key(entry: dict[str, Any]) -> None:
    RAN.add(f"keys.json:{entry['id']}")
    algorithm, cls = entry["algorithm"], CLASSES[entry["algorithm"]]
    if "secret_hex" in entry:
        secret = bytes.fromhex(entry["secret_hex"])
        forms = [
            canonsig.HmacKey(secret, algorithm=algorithm),
            canonsig.HmacKey(entry["secret_hex"], algorithm=algorithm, encoding="hex"),
            canonsig.HmacKey(entry["secret_b64url"], algorithm=algorithm, encoding="base64url"),
            canonsig.HmacKey.from_jwk({"kty": "oct", "k": entry["secret_b64url"]}, algorithm=algorithm),
            canonsig.Key.from_jwk(json.dumps({"kty": "oct", "k": entry["secret_b64url"]}), algorithm=algorithm),
        ]
        tags = set()
        for key in forms:
            assert type(key) is canonsig.HmacKey
            assert (key.algorithm, key.key_id, key.can_sign) == (algorithm, "", True)
            assert key.export_secret("hex") == entry["secret_hex"]
            assert key.export_secret() == entry["secret_b64url"]
            tags.add(key.sign(b"same secret, same tag"))
        assert len(tags) == 1
        return
    private_jwk, public_jwk = entry["private_jwk"], entry["public_jwk"]
    private_forms = [
        canonsig.Key.from_pem(entry["private_pem"], algorithm=algorithm),
        cls.from_pem(entry["private_pem"].encode(), algorithm=algorithm),
        cls.from_jwk(private_jwk, algorithm=algorithm),
    ]
    public_forms = [
        canonsig.Key.from_pem(entry["public_pem"], algorithm=algorithm),
        cls.from_jwk(json.dumps(public_jwk), algorithm=algorithm),
        private_forms[0].public_key(),
    ]
    for key in private_forms + public_forms:
        assert type(key) is cls
        assert key.algorithm == algorithm
        assert key.key_id == entry["thumbprint"] == key.thumbprint()
        assert key.public_pem() == entry["public_pem"]
        assert without(key.public_jwk(), "alg", "kid") == public_jwk
        assert key.public_jwk()["kid"] == entry["thumbprint"]
    for key in private_forms:
        assert key.can_sign
        assert without(key.export_private_jwk(), "alg", "kid") == private_jwk
    for key in public_forms:
        assert not key.can_sign
        with pytest.raises(canonsig.InvalidKeyError) as info:
            key.export_private_pem()
        assert info.value.code == "invalid_key"
    # A PKCS#8 PEM comes back as it went in.
    assert private_forms[0].export_private_pem() == entry["private_pem"]
    # Every other class refuses it.
    for other in {canonsig.HmacKey, canonsig.Ed25519Key, canonsig.EcdsaKey, canonsig.RsaKey} - {cls}:
        with pytest.raises(canonsig.InvalidKeyError) as info:
            other.from_pem(entry["private_pem"], algorithm=None if cls is not canonsig.RsaKey else algorithm)
        assert info.value.code == "invalid_key", str(info.value)
        assert cls.__name__ in str(info.value)
    # A signature of the private key verifies with each public form, and a key id given
    # at load time replaces the thumbprint.
    signature = private_forms[0].sign(b"message")
    for key in public_forms:
        key.verify(b"message", signature)
    assert cls.from_pem(entry["public_pem"], algorithm=algorithm, key_id="kid-1").key_id == "kid-1"


# --- raw.json ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", RAW, ids=[c["id"] for c in RAW])
def test_raw(case: dict[str, Any]) -> None:
    RAN.add(f"raw.json:{case['id']}")
    key = raw_key(case)
    assert key.algorithm == case["algorithm"]
    message, signature = bytes.fromhex(case["message_hex"]), bytes.fromhex(case["signature_hex"])
    if case["deterministic"]:
        assert key.sign(message) == signature
        assert key.sign(bytearray(message)) == signature
        assert key.sign(memoryview(message)) == signature
    else:
        key.verify(message, key.sign(message))
    key.verify(message, signature)
    if not key.algorithm.startswith("hmac-"):
        key.public_key().verify(message, signature)
    if "truncated_signature_hex" in case:
        with pytest.raises(canonsig.VerificationError) as info:
            key.verify(message, bytes.fromhex(case["truncated_signature_hex"]))
        assert info.value.code == "malformed_signature"
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    with pytest.raises(canonsig.SignatureMismatch) as mismatch:
        key.verify(message, flipped)
    assert mismatch.value.code == "signature_mismatch"


# --- json.json ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", JSON_CASES, ids=[c["id"] for c in JSON_CASES])
def test_json(case: dict[str, Any]) -> None:
    RAN.add(f"json.json:{case['id']}")
    key = fixture_key(case["key"], key_id=case["key_id"])
    options: dict[str, Any] = case["options"]
    payload: str = case["payload"]
    signing_bytes = case["signing_bytes"].encode("utf-8")
    value = json.loads(payload)

    signature = canonsig.sign_json(payload, key, **options)
    traced, trace = canonsig.sign_json_traced(payload.encode(), key, include_signing_string=True, **options)
    assert base64.b64decode(trace["signing_string_b64"]) == signing_bytes
    assert trace["signing_sha256"] == hashlib.sha256(signing_bytes).hexdigest()
    assert trace["signing_len"] == len(signing_bytes)
    assert (signature.algorithm, signature.key_id) == (case["algorithm"], case["key_id"])
    assert signature.profile == options.get("profile", "jcs")
    assert (signature.created, signature.expires, signature.nonce) == (
        options.get("created"),
        options.get("expires"),
        options.get("nonce"),
    )
    signatures = [signature, traced]
    if not isinstance(value, str):  # a str payload is JSON text, not a string value
        signatures.append(canonsig.sign_json(value, key, **options))
    if case["deterministic"]:
        for made in signatures:
            assert made.encode() == case["signature_b64url"]
            assert made.encode("base64url") == case["signature_b64url"]
            assert made.encode("base64") == case["signature_b64"]
            assert made.encode("hex") == case["signature_hex"]
            assert made.to_header() == str(made) == case["header"]
            assert made.value == bytes.fromhex(case["signature_hex"])

    verifier = verifier_for(key, case.get("verifier"))
    expected_sha = hashlib.sha256(signing_bytes).hexdigest()
    fixture_value = bytes.fromhex(case["signature_hex"])
    assert canonsig.Signature.parse(case["signature_b64"], "base64").value == fixture_value
    assert canonsig.Signature.parse(case["signature_hex"], "hex").value == fixture_value
    bare = canonsig.Signature(fixture_value, algorithm=case["algorithm"], key_id=case["key_id"], **options)
    header = canonsig.Signature.parse(case["header"])
    assert header == bare
    for payload_form in (payload, payload.encode(), value):
        if isinstance(payload_form, str) and payload_form is value:
            continue
        for sig in [case["header"], header, bare, *signatures]:
            verified = verifier.verify_json(payload_form, sig)
            assert verified.key_id == key.key_id
            assert verified.algorithm == case["algorithm"]
            assert verified.signed_sha256 == expected_sha
    if not options:
        # Without parameters the bare signature text alone verifies.
        assert verifier.verify_json(payload, case["signature_b64url"]).signed_sha256 == expected_sha
        assert canonsig.verify_json(payload, case["signature_hex"], [key], encoding="hex").key_id == key.key_id


# --- errors.json -------------------------------------------------------------------------


def expected_class(call: str, code: str) -> type[canonsig.Error]:
    if code in ("invalid_key", "unsupported_algorithm"):
        return canonsig.InvalidKeyError
    if code == "algorithm_mismatch" and call in ("key_from_pem", "key_from_jwk"):
        return canonsig.InvalidKeyError
    if code == "signature_mismatch":
        return canonsig.SignatureMismatch
    return canonsig.VerificationError


def run_error_case(case: dict[str, Any]) -> None:
    call, data = case["call"], case["input"]
    if call == "algorithm_from_name":
        assert data["name"] not in canonsig.ALGORITHMS
        canonsig.Key.generate(data["name"])
    elif call == "hmac_key":
        try:
            canonsig.HmacKey(data["secret_hex"], algorithm=data["algorithm"], encoding="hex")
        except canonsig.Error as e:
            first = e.code
        else:
            first = "ok"
        try:
            canonsig.HmacKey(bytes.fromhex(data["secret_hex"]), algorithm=data["algorithm"])
        except canonsig.Error as e:
            assert e.code == first, "str and bytes secrets must fail alike"
            raise
    elif call == "key_from_pem":
        canonsig.Key.from_pem(data["pem"], algorithm=data["algorithm"])
    elif call == "key_from_jwk":
        canonsig.Key.from_jwk(data["jwk"], algorithm=data["algorithm"])
    elif call == "verify_raw":
        key = raw_key(data)
        signature = canonsig.Signature.parse(data["signature"], data["encoding"])
        key.verify(bytes.fromhex(data["message_hex"]), signature.value)
    elif call == "verify_json":
        key = fixture_key(data["key"], key_id=data["key_id"])
        verifier = verifier_for(key, data.get("verifier"))
        if "header" in data:
            signature = canonsig.Signature.parse(data["header"])
        else:
            value = canonsig.Signature.parse(data["signature"], data["encoding"]).value
            signature = canonsig.Signature(value, algorithm=key.algorithm, key_id=data["key_id"], **data["options"])
        for _ in range(case.get("repeat", 1) - 1):
            verifier.verify_json(data["payload"], signature)
        verifier.verify_json(data["payload"], signature)
    else:
        raise AssertionError(f"unknown call {call!r}")


@pytest.mark.parametrize("case", ERRORS, ids=[c["id"] for c in ERRORS])
def test_error(case: dict[str, Any]) -> None:
    RAN.add(f"errors.json:{case['id']}")
    if case.get("ok"):
        run_error_case(case)
        return
    code = case["error"]["code"]
    with pytest.raises(canonsig.Error) as info:
        run_error_case(case)
    error = info.value
    assert error.code == code, str(error)
    assert type(error) is expected_class(case["call"], code), repr(error)
    assert str(error).startswith(f"{code}: ")
    if isinstance(error, canonsig.SignatureMismatch) and "header" not in case["input"] and not case["input"]["options"]:
        # The verifier signed the canonical payload, and says so.
        assert error.signed_bytes == canonsig.canonicalize(case["input"]["payload"])
        assert error.signed_sha256 is not None and error.signed_sha256 in str(error)


def test_error_traces_carry_the_code() -> None:
    """A refused verification's trace records the refusal's code as its outcome."""
    checked = 0
    for case in ERRORS:
        data = case["input"]
        if case["call"] != "verify_json" or "header" not in data or case.get("ok"):
            continue
        try:
            signature = canonsig.Signature.parse(data["header"])
        except canonsig.Error:
            continue
        key = fixture_key(data["key"], key_id=data["key_id"])
        verifier = verifier_for(key, data.get("verifier"))
        for _ in range(case.get("repeat", 1) - 1):
            verifier.verify_json_traced(data["payload"], signature)
        with pytest.raises(canonsig.VerificationError) as info:
            verifier.verify_json_traced(data["payload"], signature, request_id=case["id"])
        trace = info.value.trace
        assert trace is not None
        assert (trace["outcome"], trace["operation"], trace["request_id"]) == (
            case["error"]["code"],
            "verify",
            case["id"],
        )
        checked += 1
    assert checked >= 10


def test_every_case_ran(request: pytest.FixtureRequest) -> None:
    assert KEY_ENTRIES and RAW and JSON_CASES and ERRORS, f"missing fixture files in {SIGN_DIR}"
    ids = [f"keys.json:{e['id']}" for e in KEY_ENTRIES]
    ids += [
        f"{name}:{c['id']}"
        for name, cases in (("raw.json", RAW), ("json.json", JSON_CASES), ("errors.json", ERRORS))
        for c in cases
    ]
    assert len(set(ids)) == len(ids) == TOTAL, "ids must be unique"
    names = {"test_key", "test_raw", "test_json", "test_error"}
    selected = [item for item in request.session.items if getattr(item, "originalname", None) in names]
    if len(selected) < TOTAL:
        pytest.skip(f"only {len(selected)} of {TOTAL} signing fixture entries were selected (-k / node ids)")
    assert RAN == set(ids), f"executed {len(RAN)} of {TOTAL} signing fixture entries"
