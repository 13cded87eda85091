"""Typed use of the public API, checked with ``mypy --strict`` (see test_typing.py).

Not a test module (pytest does not collect it); it only has to type-check.
"""

from __future__ import annotations

import logging

import canonsig
from canonsig import CanonicalizationError, Departure


def sign_input(body: bytes | str, profile: str = "jcs") -> bytes:
    return canonsig.canonicalize(body, profile=profile, max_depth=64, max_size=1 << 20)


def from_value(obj: dict[str, object]) -> bytes:
    return canonsig.canonicalize_value(obj, allow_unsafe_integers=True)


def where(body: bytearray | memoryview) -> tuple[int, int, int] | None:
    d: Departure | None = canonsig.check_canonical(body)
    if d is None:
        return None
    return (d.offset, d.line, d.column)


def describe(e: CanonicalizationError) -> str:
    code: str = e.code
    offset: int | None = e.offset
    path: str | None = e.path
    return f"{code} {offset} {path} {e}"


def names() -> tuple[str, ...]:
    version: str = canonsig.__version__
    return canonsig.PROFILES + (version,)


def handle(body: bytes) -> str:
    try:
        return sign_input(body).decode()
    except canonsig.Error as e:
        if isinstance(e, CanonicalizationError):
            return describe(e)
        raise


# --- signing -------------------------------------------------------------------------------


def sign_and_verify(body: bytes, secret: bytes) -> tuple[str, str]:
    key: canonsig.HmacKey = canonsig.HmacKey(secret, key_id="k1")
    signature: canonsig.Signature = canonsig.sign_json(body, key, created=1_700_000_000, nonce="n")
    verifier = canonsig.Verifier(
        [key], tolerance=60, clock=lambda: 1_700_000_000, nonce_store=canonsig.MemoryNonceStore()
    )
    verified: canonsig.Verified = verifier.verify_json(body, signature.to_header())
    return verified.signed_sha256, signature.encode("hex")


def load(pem: str) -> canonsig.Ed25519Key:
    key = canonsig.Ed25519Key.from_pem(pem, key_id="ed")
    public: canonsig.Ed25519Key = key.public_key()
    jwk: dict[str, object] = public.public_jwk()
    return canonsig.Ed25519Key.from_jwk(jwk)


def keys() -> list[canonsig.Key]:
    ring: list[canonsig.Key] = [canonsig.EcdsaKey.generate("ecdsa-p384-sha384"), canonsig.RsaKey.generate()]
    ring.append(canonsig.Key.from_public_bytes(bytes(32), algorithm="ed25519"))
    return ring


def diagnose(body: dict[str, object], signature: canonsig.Signature, key: canonsig.Key) -> bytes | None:
    try:
        canonsig.verify_json(body, signature, key)
    except canonsig.SignatureMismatch as e:
        digest: str | None = e.signed_sha256
        assert digest is None or len(digest) == 64
        return e.signed_bytes
    except canonsig.VerificationError as e:
        code: str = e.code
        return code.encode()
    except canonsig.InvalidKeyError as e:
        raise ValueError(e.code) from e
    return None


class RedisLikeStore:
    def check_and_store(self, nonce: str, ttl: float, now: int) -> bool:
        return bool(nonce) and ttl > 0 and now > 0


def traced(body: str, key: canonsig.Key) -> str:
    signature, trace = canonsig.sign_json_traced(body, key, include_signing_string=True, request_id="r")
    verifier = canonsig.Verifier(key, nonce_store=RedisLikeStore(), algorithms=[key.algorithm])
    _, verify_trace = verifier.verify_json_traced(body, signature)
    canonsig.log_trace("audit", verify_trace)
    return canonsig.log_trace(logging.getLogger("audit"), trace, level=logging.DEBUG)


# --- diff and explain ----------------------------------------------------------------------------


def why(expected: bytes, actual: str) -> tuple[list[str], bool, int | None]:
    explanation: canonsig.Explanation = canonsig.explain(expected, actual)
    first: canonsig.Position | None = explanation.first_difference
    finding: canonsig.Finding | None = explanation.finding("key_order")
    advice: str = finding.advice if finding is not None else ""
    spans: list[canonsig.Span | None] = [o.expected for f in explanation.findings for o in f.occurrences]
    d: canonsig.Diff = canonsig.diff(bytearray(expected), memoryview(expected))
    kinds: list[str] = [c.kind for c in d.changes]
    data: dict[str, object] = explanation.to_dict()
    return (
        explanation.causes + kinds + [advice, str(data), str(spans)],
        explanation.same_data,
        (None if first is None else first.offset),
    )


def recover(payload: bytes, signature: str, key: canonsig.Key) -> bytes | None:
    report: canonsig.Forensics = canonsig.forensics(payload, signature, key)
    match: canonsig.ForensicMatch | None = report.matched
    if match is None:
        return None
    style: canonsig.Style | None = match.style
    described: str = str(style) + canonsig.visible(match.signed)
    assert described
    return match.signed


def compare_traces(signer: dict[str, object], verifier_line: str) -> str:
    names: tuple[str, ...] = canonsig.CAUSES
    assert names
    return str(canonsig.explain_traces(signer, verifier_line))


# --- request-signing schemes (issue 5) ----------------------------------------------------


def rfc9421(key: canonsig.Key, body: bytes) -> tuple[str, str | None]:
    from canonsig import http

    req = canonsig.Request("POST", "/orders", [("Host", "api.example.com")], body)
    signed: http.Signed = http.sign(req, key, ["@method", "@authority", '"@query-param";name="id"'], nonce=True)
    verifier = http.Verifier([key], clock=lambda: 1_700_000_000, required_components=["@authority"])
    try:
        verified: http.Verified = http.JsonApiProfile().verify(verifier, signed.message)
        return verified.signature_base, verified.input.keyid
    except canonsig.SignatureMismatch as e:
        base: str | None = e.signature_base
        return str(canonsig.explain(base or "", signed.signature_base)), None


def sigv4(request: canonsig.Request, xml: str) -> list[str]:
    from canonsig import aws

    creds = aws.Credentials("AKID", "secret", session_token=None)
    signed: aws.Signed = aws.Signer(creds, "us-east-1", "s3", settings=aws.Settings.s3()).presign(request, 60)
    why: aws.AwsExplanation = aws.explain_aws(xml, signed.request, aws.Settings.s3())
    verified: aws.Verified = aws.Verifier(creds, tolerance=60).verify(signed.request)
    v4a: aws.Signed = aws.Signer(creds, "us-east-1,us-west-2", "s3", algorithm="sigv4a").sign(request)
    public_key: bytes = creds.sigv4a_public_key()
    return why.causes + list(verified.signed_headers) + [v4a.signature, public_key.hex()]


def webhook(headers: dict[str, str], body: bytes) -> int | None:
    from canonsig import webhooks

    result: webhooks.WebhookVerified = webhooks.Stripe("whsec_x", tolerance=60).verify(headers, body)
    webhooks.Twilio("token").verify("https://example.com/", {"a": "1", "b": ["2", "3"]}, "sig")
    return result.timestamp
