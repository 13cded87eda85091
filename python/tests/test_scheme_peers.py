"""Differential tests against independent peers from PyPI, on generated requests
(deterministic seeds): botocore's ``SigV4Auth`` (AWS SigV4), ``http-message-signatures``
(RFC 9421, both directions) and ``standardwebhooks`` (both directions). Expected values
come from the peers, never from canonsig. Every difference found is a named, tested case
below (``test_*_difference_*``); the generated runs assert zero disagreements."""

from __future__ import annotations

import base64
import datetime
import hashlib
import random
import time
from typing import Any

import pytest

import canonsig
from canonsig import aws, http, webhooks
from support import REPORT

CASES = 300
UTC = datetime.timezone.utc

# --- AWS SigV4 against botocore ---------------------------------------------------------

botocore_auth = pytest.importorskip("botocore.auth", reason="pip install botocore (differential oracle)")
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials as BotoCredentials  # noqa: E402

AK, SK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
T = 1_700_000_000
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
PATH_CHARS = UNRESERVED + "!$&'()*+,;=:@ " + "é"
QUERY_ALPHABET = UNRESERVED + " /=&+*!%é"


def aws_encode(text: str) -> str:
    """AWS's query encoding (only unreserved characters kept, upper-case hex): written
    independently of canonsig with the standard library."""
    from urllib.parse import quote

    return quote(text, safe="-_.~")


def random_path(rng: random.Random) -> str:
    segments = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.1:
            segments.append(rng.choice([".", "..", ""]))
        elif kind < 0.25:
            segments.append(rng.choice(["%20", "%2F", "%C3%A9", "%2a", "a%25b"]))
        else:
            segments.append("".join(rng.choice(PATH_CHARS) for _ in range(rng.randint(1, 6))))
    path = "/" + "/".join(segments)
    return path + ("/" if rng.random() < 0.2 else "")


def random_query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.randint(0, 4)):
        name = "".join(rng.choice(QUERY_ALPHABET) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.2 and pairs:
            name = pairs[0][0]  # a repeated name
        value = "".join(rng.choice(QUERY_ALPHABET) for _ in range(rng.randint(0, 5)))
        pairs.append((name, value))
    return "&".join(f"{aws_encode(n)}={aws_encode(v)}" for n, v in pairs)


def random_headers(rng: random.Random) -> list[tuple[str, str]]:
    out = []
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(["X-Custom", "x-amz-meta-a", "Content-Type", "X-Multi", "Accept"])
        value = rng.choice(["a", "  spaced   out  ", "tab\there", "a,b", "", "x  y\t z", "é"])
        out.append((name, value))
    return out


def botocore_sign(
    method: str, url: str, headers: list[tuple[str, str]], body: bytes, monkeypatch: pytest.MonkeyPatch
) -> AWSRequest:
    req = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        req.headers[name] = value  # HTTPHeaders appends: repeats are kept
    monkeypatch.setattr(
        botocore_auth, "get_current_datetime", lambda remove_tzinfo=True: datetime.datetime.fromtimestamp(T, UTC)
    )
    botocore_auth.SigV4Auth(BotoCredentials(AK, SK), "service", "us-east-1").add_auth(req)
    return req


def test_sigv4_agrees_with_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    signer = aws.Signer(aws.Credentials(AK, SK), "us-east-1", "service")
    verifier = aws.Verifier(aws.Credentials(AK, SK), clock=lambda: T)
    disagreements = []
    for seed in range(CASES):
        rng = random.Random(seed)
        method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD"])
        host = rng.choice(["example.amazonaws.com", "svc.us-east-1.amazonaws.com:8443", "example.com:443"])
        query = random_query(rng)
        url = f"https://{host}{random_path(rng)}" + (f"?{query}" if query else "")
        headers = random_headers(rng)
        body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40))) if method in ("POST", "PUT") else b""
        theirs = botocore_sign(method, url, headers, body, monkeypatch)
        ours = signer.sign(canonsig.Request(method, url, headers, body), time=T)
        if ours.authorization != theirs.headers["Authorization"]:
            disagreements.append((seed, url, headers, ours.canonical_request))
            continue
        # canonsig verifies what botocore signed.
        signed = canonsig.Request(method, url, list(theirs.headers.items()), body)
        assert verifier.verify(signed).canonical_request == ours.canonical_request
    REPORT.append(f"sigv4 vs botocore: {CASES} generated requests, {len(disagreements)} disagreements")
    assert not disagreements, disagreements[:3]


def test_sigv4_hop_by_hop_and_tracing_headers_are_unsigned_like_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore (1.44) never signs hop-by-hop and tracing headers (connection, keep-alive,
    te, trailer, upgrade, proxy-*, baggage, traceparent, tracestate). This differential run
    found that canonsig's core signed them; it now leaves the same set unsigned, so both
    produce the same Authorization header for a request that carries them."""
    url = "https://example.amazonaws.com/"
    for name in ("Connection", "traceparent", "Keep-Alive", "TE", "Upgrade", "baggage", "tracestate"):
        theirs = botocore_sign("GET", url, [(name, "x")], b"", monkeypatch)
        ours = aws.Signer(aws.Credentials(AK, SK), "us-east-1", "service").sign(
            canonsig.Request("GET", url, [(name, "x")]), time=T
        )
        signed_by_botocore = theirs.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        assert name.lower() not in signed_by_botocore
        assert name.lower() not in ours.signed_headers.split(";")
        assert ours.authorization == theirs.headers["Authorization"]


def test_sigv4_difference_botocore_signs_the_query_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore copies a URL's query into the canonical request as written (it expects its
    own serializer to have AWS-encoded it); canonsig decodes and re-encodes each name and
    value (AWS's rule), so a query not written in AWS's encoding is signed differently,
    and botocore keeps an empty pair (``a=1&&b=2`` gives a ``=`` entry) that canonsig
    drops."""
    signer = aws.Signer(aws.Credentials(AK, SK), "us-east-1", "service")
    for query, ours_expected in (
        ("q=a*b", "q=a%2Ab"),
        ("q=a+b", "q=a%2Bb"),
        ("q=%2a", "q=%2A"),
        ("a=1&&b=2", "a=1&b=2"),
    ):
        url = f"https://example.amazonaws.com/?{query}"
        theirs = botocore_sign("GET", url, [], b"", monkeypatch)
        ours = signer.sign(canonsig.Request("GET", url), time=T)
        assert ours.canonical_request.split("\n")[2] == ours_expected
        assert ours.authorization != theirs.headers["Authorization"], query


# --- RFC 9421 against http-message-signatures -------------------------------------------

hms = pytest.importorskip("http_message_signatures", reason="pip install http-message-signatures (oracle)")
requests = pytest.importorskip("requests", reason="pip install requests")
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519  # noqa: E402
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, MappingKeyResolver  # noqa: E402
from http_message_signatures import algorithms as hms_algorithms  # noqa: E402


def pem(private: Any) -> bytes:
    return bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def key_pair(alg: str, rng: random.Random) -> tuple[canonsig.Key, Any, Any, Any]:
    """(canonsig key, peer algorithm class, peer private key, peer public key)."""
    if alg == "hmac-sha256":
        secret = bytes(rng.randrange(256) for _ in range(32))
        return canonsig.HmacKey(secret, key_id="k"), hms_algorithms.HMAC_SHA256, secret, secret
    private = ed25519.Ed25519PrivateKey.generate() if alg == "ed25519" else ec.generate_private_key(ec.SECP256R1())
    cls = hms_algorithms.ED25519 if alg == "ed25519" else hms_algorithms.ECDSA_P256_SHA256
    return canonsig.Key.from_pem(pem(private), key_id="k"), cls, private, private.public_key()


def random_9421_request(rng: random.Random) -> tuple[Any, list[str]]:
    method = rng.choice(["GET", "POST", "PUT", "DELETE"])
    host = rng.choice(["example.com", "api.example.org:8443", "example.com:443", "Example.COM"])
    scheme = rng.choice(["https", "http"])
    segments = ["".join(rng.choice(UNRESERVED + "!$&'()*+,;=:@") for _ in range(rng.randint(1, 5))) for _ in range(3)]
    path = "/" + "/".join(segments[: rng.randint(0, 3)]) + rng.choice(["", "%20x", "%C3%A9"])
    names = ["a", "Pet", "x%20y", "p+q", "b"]
    params = [
        (rng.choice(names), rng.choice(["1", "dog", "a+b", "%2F", "", "x%20y"])) for _ in range(rng.randint(0, 3))
    ]
    query = "&".join(f"{n}={v}" for n, v in params)
    url = f"{scheme}://{host}{path}" + (f"?{query}" if query else "")
    headers = {}
    components = rng.sample(["@method", "@authority", "@path", "@query", "@target-uri", "@scheme"], rng.randint(1, 4))
    if rng.random() < 0.5:
        headers["Content-Type"] = rng.choice(["application/json", "text/plain; charset=utf-8"])
        components.append("content-type")
    if rng.random() < 0.4:
        headers["X-Custom"] = rng.choice(["value", "spaced  value ", "a, b"])
        components.append("x-custom")
    if rng.random() < 0.3:
        headers["X-Dict"] = rng.choice(['a=1, b="two";p', "a=1,   b=2", "a=(x y)"])
        components.append(rng.choice(['"x-dict";key="a"', "x-dict"]))
    if params and rng.random() < 0.5:
        components.append(f'"@query-param";name="{rng.choice(names)}"')
    body = None
    if method in ("POST", "PUT"):
        body = f'{{"n": {rng.randint(0, 10**6)}, "s": "{rng.choice(["x", "é", "a b"])}"}}'.encode()
        headers["Content-Digest"] = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
        components.append("content-digest")
    prepared = requests.Request(method, url, headers=headers, data=body).prepare()
    return prepared, components


REFUSALS: list[tuple[str, str]] = []


def test_rfc9421_agrees_with_http_message_signatures() -> None:
    disagreements: list[Any] = []
    refusals = both_ways = 0
    now = int(time.time())
    for seed in range(CASES):
        rng = random.Random(1000 + seed)
        alg = rng.choice(["hmac-sha256", "ed25519", "ecdsa-p256-sha256"])
        ours_key, cls, private, public = key_pair(alg, rng)
        resolver = MappingKeyResolver(public_keys={"k": public}, private_keys={"k": private})
        prepared, components = random_9421_request(rng)
        nonce = rng.choice([None, "n-" + str(seed)])
        tag = rng.choice([None, "app"])

        # Peer signs, canonsig verifies (and re-signs the same input: same bytes when deterministic).
        peer_error = ours_error = None
        unsigned = canonsig.Request.from_requests(prepared)
        try:
            HTTPMessageSigner(signature_algorithm=cls, key_resolver=resolver).sign(
                prepared,
                key_id="k",
                created=datetime.datetime.fromtimestamp(now, UTC),
                label="sig1",
                nonce=nonce,
                tag=tag,
                include_alg=rng.random() < 0.5,
                covered_component_ids=components,
                use_existing_digest=prepared.body is not None,
            )
        except hms.HTTPMessageSignaturesException as e:
            peer_error = e
        try:
            ours = http.sign(unsigned, ours_key, components, created=now, nonce=nonce, tag=tag, label="sig1")
        except canonsig.Error as e:
            ours_error = e
        if (peer_error is None) != (ours_error is None):
            disagreements.append((seed, prepared.url, components, peer_error, ours_error))
            continue
        if peer_error is not None:
            refusals += 1
            REFUSALS.append((str(peer_error), ours_error.code if ours_error else ""))
            continue
        assert ours_error is None
        request = canonsig.Request.from_requests(prepared)
        try:
            ok = http.Verifier([ours_key.public_key() if alg != "hmac-sha256" else ours_key], clock=lambda: now).verify(
                request
            )
            (_, peer_input), *_ = http.parse_signature_input(request.header("Signature-Input") or "")
            again = http.sign(unsigned, ours_key, peer_input, label="sig1")
            assert again.signature_base == ok.signature_base
            if alg != "ecdsa-p256-sha256":
                assert again.signature_bytes == http.parse_signature(request.header("Signature") or "")[0][1]
        except canonsig.Error as e:
            disagreements.append((seed, prepared.url, components, "canonsig refused the peer's signature", e))
            continue

        # canonsig signs, the peer verifies.
        del prepared.headers["Signature-Input"], prepared.headers["Signature"]
        for name, value in ours.headers:
            prepared.headers[name] = value
        try:
            results = HTTPMessageVerifier(signature_algorithm=cls, key_resolver=resolver).verify(
                prepared, expect_tag=tag
            )
            assert len(results) == 1
            both_ways += 1
        except hms.HTTPMessageSignaturesException as e:
            disagreements.append((seed, prepared.url, components, "the peer refused canonsig's signature", e))
    REPORT.append(
        f"rfc9421 vs http-message-signatures: {CASES} generated requests, {both_ways} verified both ways, "
        f"{refusals} refused by both, {len(disagreements)} disagreements"
    )
    assert not disagreements, disagreements[:3]


def test_rfc9421_difference_sf_on_an_unknown_field() -> None:
    """``;sf`` needs the field's structured type (RFC 9421 §2.1.1). The peer refuses a field
    its registry does not know; canonsig reads an unknown field as a Dictionary when it
    parses as one, else as a List (and knows the fields RFC 9421 and RFC 9530 define)."""
    key = canonsig.HmacKey(b"k" * 32, key_id="k")
    prepared = requests.Request("GET", "https://example.com/", headers={"X-Dict": "a=1,   b=2"}).prepare()
    with pytest.raises(hms.HTTPMessageSignaturesException, match="Unknown Structured Field type"):
        HTTPMessageSigner(
            signature_algorithm=hms_algorithms.HMAC_SHA256,
            key_resolver=MappingKeyResolver(public_keys={"k": b"k" * 32}, private_keys={"k": b"k" * 32}),
        ).sign(prepared, key_id="k", covered_component_ids=['"x-dict";sf'])
    base = http.signature_base(canonsig.Request.from_requests(prepared), ['"x-dict";sf'])
    assert base.startswith('"x-dict";sf: a=1, b=2\n')
    http.sign(canonsig.Request.from_requests(prepared), key, ['"x-dict";sf'])


# --- Standard Webhooks against standardwebhooks -----------------------------------------

standardwebhooks = pytest.importorskip("standardwebhooks", reason="pip install standardwebhooks (oracle)")


def test_standard_webhooks_agree_with_the_reference_library() -> None:
    now = int(time.time())
    checked = 0
    for seed in range(CASES):
        rng = random.Random(2000 + seed)
        secret = "whsec_" + base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([24, 32])))).decode()
        body = "".join(rng.choice('{}[]":,. abcé\n\t\\u0041123') for _ in range(rng.randint(0, 80)))
        msg_id = "msg_" + "".join(rng.choice(UNRESERVED) for _ in range(rng.randint(1, 20)))
        ts = now + rng.randint(-200, 200)
        peer = standardwebhooks.Webhook(secret)
        ours = webhooks.StandardWebhooks(secret, clock=lambda: now)
        theirs = peer.sign(msg_id, datetime.datetime.fromtimestamp(ts, UTC), body)
        assert ours.sign(msg_id, ts, body.encode()) == theirs
        headers = {"webhook-id": msg_id, "webhook-timestamp": str(ts)}
        # The peer's signature (with a rotated-out one before it) verifies here...
        stale = "v1," + base64.b64encode(bytes(32)).decode()
        assert ours.verify({**headers, "webhook-signature": f"{stale} {theirs}"}, body.encode()).matched_signature == (
            theirs
        )
        # ...and canonsig's there, also with the svix-* header names.
        sent = ours.headers(msg_id, body, timestamp=ts)
        peer.verify(body.encode(), sent, json_parse=False)
        # A body changed by one byte fails on both sides.
        changed = body + " "
        with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
            peer.verify(changed.encode(), sent, json_parse=False)
        with pytest.raises(canonsig.SignatureMismatch) as info:
            ours.verify(sent, changed)
        assert info.value.signed_bytes == f"{msg_id}.{ts}.{changed}".encode()
        checked += 1
    REPORT.append(
        f"standard webhooks vs standardwebhooks: {checked} generated messages, both directions, 0 disagreements"
    )


def test_standard_webhooks_difference_unpadded_secret() -> None:
    """The reference library pads an unpadded base64 secret before decoding it; canonsig
    refuses it (``invalid_key``) rather than guess. Secrets as providers show them are
    padded."""
    secret = "whsec_" + base64.b64encode(bytes(range(31))).decode().rstrip("=")
    standardwebhooks.Webhook(secret)
    with pytest.raises(canonsig.InvalidKeyError) as info:
        webhooks.StandardWebhooks(secret)
    assert info.value.code == "invalid_key"


def test_standard_webhooks_difference_non_utf8_body() -> None:
    """The reference library decodes the body as UTF-8 (and raises on other bytes);
    canonsig signs and verifies the raw bytes, whatever they are."""
    wh = webhooks.StandardWebhooks("whsec_" + base64.b64encode(bytes(32)).decode(), clock=lambda: 1_700_000_000)
    body = b"\xff\xfe not utf-8"
    headers = wh.headers("msg_1", body, timestamp=1_700_000_000)
    assert wh.verify(headers, body).signed_payload.endswith(body)
    with pytest.raises(UnicodeDecodeError):
        standardwebhooks.Webhook("whsec_" + base64.b64encode(bytes(32)).decode()).verify(body, headers)
