"""RFC 9421 Appendix B keys and signatures (``../shared/vectors/rfc9421``), read in place.

Every published signature verifies with its public key over the published signature base;
the deterministic algorithms (HMAC, Ed25519, RSA v1.5) re-sign to the RFC's bytes. Every
key form (PEM PKCS#8, PKCS#1, SEC1, SPKI, JWK) loads. The B.1.1 RSA key has unbalanced
primes (1088 and 960 bits), which canonsig (ring) refuses for signing; its public key
verifies (a known gap, asserted, not skipped).
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

import canonsig
from support import SHARED_RFC9421, load_json

if not (SHARED_RFC9421 / "signatures.json").is_file():
    pytest.skip(f"RFC 9421 vectors not found at {SHARED_RFC9421}; skipping them", allow_module_level=True)

KEYS: dict[str, dict[str, Any]] = load_json(SHARED_RFC9421 / "keys.json")["keys"]
CASES = [c for c in load_json(SHARED_RFC9421 / "signatures.json")["cases"] if c.get("expected_signature_base")]
UNBALANCED_RSA = "test-key-rsa"


def key_for(keyid: str, algorithm: str, *, private: bool) -> canonsig.Key | None:
    entry = KEYS[keyid]
    if "secret_base64" in entry:
        return canonsig.HmacKey(entry["secret_base64"], algorithm=algorithm, encoding="base64", key_id=keyid)
    pem = entry["pem_private" if private else "pem_public"]
    if private and keyid == UNBALANCED_RSA:
        with pytest.raises(canonsig.InvalidKeyError) as info:
            canonsig.Key.from_pem(pem, algorithm=algorithm)
        assert info.value.code == "invalid_key"
        assert "1088 and 960 bits" in str(info.value)
        return None
    return canonsig.Key.from_pem(pem, algorithm=algorithm, key_id=keyid)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_appendix_b_signature(case: dict[str, Any]) -> None:
    base = case["expected_signature_base"].encode()
    value = base64.b64decode(case["expected_signature_value_base64"])
    public = key_for(case["keyid"], case["alg"], private=False)
    assert public is not None
    public.verify(base, value)
    tampered = bytes([base[0] ^ 1]) + base[1:]
    with pytest.raises(canonsig.SignatureMismatch):
        public.verify(tampered, value)
    private = key_for(case["keyid"], case["alg"], private=True)
    if private is None:
        return
    private.verify(base, value)
    if case["deterministic"]:
        assert private.sign(base) == value
    else:
        public.verify(base, private.sign(base))


def test_all_appendix_b_cases_present() -> None:
    assert len(CASES) >= 8
    assert {c["alg"] for c in CASES} >= {
        "rsa-pss-sha512",
        "ecdsa-p256-sha256",
        "hmac-sha256",
        "ed25519",
        "rsa-v1_5-sha256",
    }


@pytest.mark.parametrize("keyid", sorted(KEYS))
def test_appendix_b_key_forms(keyid: str) -> None:
    entry = KEYS[keyid]
    algorithm = entry["algs"][0]
    if "jwk" not in entry:
        key = key_for(keyid, algorithm, private=True)
        assert key is not None and key.algorithm == algorithm
        return
    if keyid == UNBALANCED_RSA:
        with pytest.raises(canonsig.InvalidKeyError, match="1088 and 960 bits"):
            canonsig.Key.from_jwk(entry["jwk"], algorithm=algorithm)
        from_jwk = canonsig.Key.from_jwk({k: entry["jwk"][k] for k in ("kty", "n", "e")}, algorithm=algorithm)
    else:
        from_jwk = canonsig.Key.from_jwk(entry["jwk"], algorithm=algorithm)
        assert from_jwk.can_sign
    from_pem = canonsig.Key.from_pem(entry["pem_public"], algorithm=algorithm)
    assert type(from_jwk) is type(from_pem)
    assert from_jwk.thumbprint() == from_pem.thumbprint() == from_pem.key_id
    assert from_jwk.public_pem() == from_pem.public_pem()
