"""Standard Webhooks v1a (Ed25519) against PyPI `cryptography`: its signatures verify in
canonsig with the whpk_ key, and canonsig's (made with the whsk_ key) verify in cryptography."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import canonsig
from canonsig import webhooks

TS = 1_674_087_231
BODY = b'{"event_type":"ping","data":{"success":true}}'


def keys(seed: bytes) -> tuple[Ed25519PrivateKey, str, str]:
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, "whsk_" + base64.b64encode(seed).decode(), "whpk_" + base64.b64encode(public).decode()


@pytest.mark.parametrize("n", range(20))
def test_v1a_both_directions(n: int) -> None:
    private, whsk, whpk = keys(bytes((n * 7 + i) % 256 for i in range(32)))
    msg_id = f"msg_{n}"
    payload = f"{msg_id}.{TS}.".encode() + BODY

    theirs = "v1a," + base64.b64encode(private.sign(payload)).decode()
    receiver = webhooks.StandardWebhooks(whpk, clock=lambda: TS)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(TS), "webhook-signature": f"v1,AAAA {theirs}"}
    assert receiver.verify(headers, BODY).signed_payload == payload

    ours = webhooks.StandardWebhooks(whsk, clock=lambda: TS).sign(msg_id, TS, BODY)
    assert ours == theirs  # Ed25519 is deterministic
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(whpk[5:]))
    public.verify(base64.b64decode(ours.split(",", 1)[1]), payload)  # raises if wrong

    with pytest.raises(canonsig.SignatureMismatch):
        receiver.verify(headers, BODY + b" ")


def test_a_public_key_cannot_sign() -> None:
    _, _, whpk = keys(bytes(32))
    with pytest.raises(canonsig.Error) as e:
        webhooks.StandardWebhooks(whpk).sign("m", TS, BODY)
    assert e.value.code == "invalid_key"
