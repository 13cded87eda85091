"""SigV4a (``AWS4-ECDSA-P256-SHA256``) against aws-c-auth's signing test suite, read in
place from ``<repo>/../shared/vectors/sigv4/aws-signing-test-suite/v4a`` (see its README).

ECDSA is randomized in the suite, so signatures are checked both ways instead of compared:
the suite's signed requests verify through ``aws.Verifier`` (our derived key), and our
signatures verify with the suite's ``public-key.json`` through PyPI ``cryptography``
(independent of canonsig). Canonical requests, strings to sign and the derived public key
compare exactly with the suite's files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import canonsig
from canonsig import aws
from support import SHARED_SIGV4

V4A = SHARED_SIGV4 / "aws-signing-test-suite" / "v4a"
SUITE_TIME = 1_440_938_160  # 2015-08-30T12:36:00Z
#: aws-c-auth publishes no expected files for these (repeated query keys).
WITHOUT_EXPECTATIONS = {"get-vanilla-query-order-key", "get-vanilla-query-order-value"}

pytestmark = pytest.mark.skipif(not V4A.is_dir(), reason=f"SigV4a vectors not found at {V4A}")


def suite_public_key(case_dir: Path) -> bytes:
    """``04 || X || Y`` from the suite's ``public-key.json``."""
    xy = json.loads((case_dir / "public-key.json").read_text())
    return b"\x04" + bytes.fromhex(xy["X"]) + bytes.fromhex(xy["Y"])


def ecdsa_verifies(public_key: bytes, message: str, signature_hex: str) -> bool:
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
    try:
        key.verify(bytes.fromhex(signature_hex), message.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


_SIGNATURE = re.compile(r"((?:X-Amz-Signature|Signature)=)([0-9a-f]+)")


def signature_of(req: canonsig.Request) -> str:
    source = next((v for n, v in req.headers if n.lower() == "authorization"), req.target)
    found = _SIGNATURE.search(source)
    assert found is not None, source
    return found.group(2)


def with_signature(req: canonsig.Request, signature: str) -> canonsig.Request:
    """The request with its signature replaced (in ``Authorization`` or the query)."""

    def swap(text: str) -> str:
        return _SIGNATURE.sub(rf"\g<1>{signature}", text)

    headers = [(n, swap(v) if n.lower() == "authorization" else v) for n, v in req.headers]
    return canonsig.Request(req.method, swap(req.target), headers, req.body, scheme=req.scheme)


def lines(req: canonsig.Request) -> list[tuple[str, str]]:
    return [(n.lower(), v.strip()) for n, v in req.headers]


def test_sigv4a_aws_signing_test_suite() -> None:
    ran: dict[str, int] = {"header": 0, "query": 0}
    skipped = []
    for case_dir in sorted(p for p in V4A.iterdir() if p.is_dir()):
        case = case_dir.name
        if not (case_dir / "public-key.json").is_file():
            assert case in WITHOUT_EXPECTATIONS, f"{case}: no expected files"
            skipped.append(case)
            continue
        context = json.loads((case_dir / "context.json").read_text())
        assert context["timestamp"] == "2015-08-30T12:36:00Z", case
        c = context["credentials"]
        creds = aws.Credentials(c["access_key_id"], c["secret_access_key"], c.get("token"))
        public_key = suite_public_key(case_dir)
        assert creds.sigv4a_public_key() == public_key, f"{case}: derived public key"

        settings = aws.Settings(
            normalize_path=context["normalize"],
            content_sha256_header=context["sign_body"],
            sign_session_token=not context.get("omit_session_token", False),
        )
        # Presigned URLs never carry x-amz-content-sha256 (as in the v4 suite).
        query_settings = aws.Settings(
            normalize_path=settings.normalize_path, sign_session_token=settings.sign_session_token
        )
        region, service = context["region"], context["service"]
        req = canonsig.Request.parse((case_dir / "request.txt").read_bytes())

        def read(name: str, case_dir: Path = case_dir) -> str:
            return (case_dir / name).read_text()

        for variant, variant_settings in (("header", settings), ("query", query_settings)):
            signer = aws.Signer(creds, region, service, settings=variant_settings, algorithm="sigv4a")
            if variant == "header":
                signed = signer.sign(req, time=SUITE_TIME)
            else:
                signed = signer.presign(req, context["expiration_in_seconds"], time=SUITE_TIME)
            where = f"{case} {variant}"
            expected_sts = read(f"{variant}-string-to-sign.txt")
            assert signed.canonical_request == read(f"{variant}-canonical-request.txt"), where
            assert signed.string_to_sign == expected_sts, where
            if variant == "header" and (case_dir / "canonical-request.txt").is_file():
                assert signed.canonical_request == read("canonical-request.txt"), where
                assert signed.string_to_sign == read("string-to-sign.txt"), where
            assert ecdsa_verifies(public_key, signed.string_to_sign, signed.signature), f"{where}: ours"

            # The suite's signed request, but for its (randomized) signature, is ours.
            expected = canonsig.Request.parse((case_dir / f"{variant}-signed-request.txt").read_bytes())
            ours_in_theirs = with_signature(expected, signed.signature)
            assert (signed.request.method, signed.request.target) == (ours_in_theirs.method, ours_in_theirs.target)
            assert lines(signed.request) == lines(ours_in_theirs), where

            # The suite's published signatures verify (cryptography, then aws.Verifier).
            verifier = aws.Verifier(
                creds, region=region, service=service, settings=variant_settings, clock=lambda: SUITE_TIME
            )
            published = read(f"{variant}-signature.txt").strip()
            for what, request in (
                ("signed-request", expected),
                ("signature.txt", with_signature(expected, published)),
                ("ours", signed.request),
            ):
                assert ecdsa_verifies(public_key, expected_sts, signature_of(request)), f"{where} {what}"
                verified = verifier.verify(request)
                assert verified.canonical_request == signed.canonical_request, f"{where} {what}"
                assert verified.region == region, f"{where} {what}"

            # A flipped bit of the published signature fails.
            bad = bytearray(bytes.fromhex(published))
            bad[-1] ^= 1
            with pytest.raises(canonsig.SignatureMismatch):
                verifier.verify(with_signature(expected, bad.hex()))
            ran[variant] += 1
    assert sorted(skipped) == sorted(WITHOUT_EXPECTATIONS)
    assert ran == {"header": 38, "query": 38}


def test_sigv4a_signer_api() -> None:
    creds = aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    signer = aws.Signer(creds, "us-east-1,us-west-2", "service", algorithm="sigv4a")
    assert signer.algorithm == "sigv4a"
    signed = signer.sign(canonsig.Request("GET", "/", [("Host", "example.amazonaws.com")]), time=SUITE_TIME)
    assert signed.authorization is not None
    scope = "Credential=AKIDEXAMPLE/20150830/service/aws4_request, "
    assert signed.authorization.startswith(f"AWS4-ECDSA-P256-SHA256 {scope}")
    assert ("X-Amz-Region-Set", "us-east-1,us-west-2") in signed.request.headers
    verified = aws.Verifier(creds, region="us-west-2", clock=lambda: SUITE_TIME).verify(signed.request)
    assert verified.region == "us-east-1,us-west-2"
    with pytest.raises(ValueError, match="sigv4a"):
        aws.Signer(creds, "us-east-1", "service", algorithm="v4a")  # type: ignore[arg-type]
