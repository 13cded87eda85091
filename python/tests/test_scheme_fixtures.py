"""``fixtures/schemes``: the request-signing conformance suite every frontend runs (RFC 9421,
Content-Digest, SigV4 and SigV4a, every webhook provider), through the public Python API.
Expected values come from botocore, http-message-signatures, the providers' SDKs and the
RFCs (see fixtures/schemes/README.md), never from canonsig. Every case of every file runs,
and the counts are asserted; the adapters (RequestsAuth, HttpxAuth) also run every default
``sign`` case, so they are shown to sign what ``http.sign`` signs."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import canonsig
from canonsig import aws, http, webhooks
from support import FIXTURES, SHARED_RFC9421, load_json

SCHEMES = FIXTURES / "schemes"
FILES = ("rfc9421", "content_digest", "sigv4", "webhooks")
DOCS = {name: load_json(SCHEMES / f"{name}.json") for name in FILES}
CASES = [(name, case) for name in FILES for case in DOCS[name]["cases"]]
KEYS = {k["id"]: k for k in load_json(FIXTURES / "sign" / "keys.json")["keys"]}
RAN: Counter[str] = Counter()


def test_the_suite_has_no_file_without_a_runner() -> None:
    assert sorted(p.stem for p in SCHEMES.glob("*.json")) == sorted(FILES)


# --- messages and keys ----------------------------------------------------------------


def message_of(case: dict[str, Any], field: str) -> canonsig.Request | canonsig.Response:
    raw = case[field].encode() if field in case else bytes.fromhex(case[f"{field}_hex"])
    if field == "response":
        return canonsig.Response.parse(raw)
    request = canonsig.Request.parse(raw)
    if "scheme" in case:
        request.scheme = case["scheme"]
    return request


def main_message(case: dict[str, Any]) -> canonsig.Request | canonsig.Response:
    return message_of(case, "response" if "response" in case else "request")


def related(case: dict[str, Any]) -> canonsig.Request | None:
    if "related_request" not in case:
        return None
    request = message_of(case, "related_request")
    assert isinstance(request, canonsig.Request)
    return request


def key_of(name: str, *, private: bool) -> canonsig.Key:
    if name.startswith("rfc9421:"):
        key_id = name.removeprefix("rfc9421:")
        entry = load_json(SHARED_RFC9421 / "keys.json")["keys"][key_id]
        algorithm = entry["algs"][0]
        if "secret_base64" in entry:
            return canonsig.HmacKey(base64.b64decode(entry["secret_base64"]), algorithm=algorithm, key_id=key_id)
        pem = entry["pem_private" if private else "pem_public"]
        return canonsig.Key.from_pem(pem, algorithm=algorithm, key_id=key_id)
    entry = KEYS[name]
    if "secret_hex" in entry:
        return canonsig.HmacKey(bytes.fromhex(entry["secret_hex"]), algorithm=entry["algorithm"], key_id=name)
    return canonsig.Key.from_pem(entry["private_pem" if private else "public_pem"], algorithm=entry["algorithm"], key_id=name)


def body_of(case: dict[str, Any]) -> bytes:
    if "body" in case:
        return str(case["body"]).encode()
    return bytes.fromhex(case.get("body_hex", ""))


def payload_of(expected: dict[str, Any]) -> bytes:
    if "signed_payload" in expected:
        return str(expected["signed_payload"]).encode()
    return bytes.fromhex(expected["signed_payload_hex"])


def conclude(case: dict[str, Any], call: Callable[[], Any], check: Callable[[Any, dict[str, Any]], None]) -> None:
    """Runs ``call``; checks its result against ``expected``, or its error code against ``error``."""
    if "error" in case:
        with pytest.raises(canonsig.Error) as info:
            call()
        assert info.value.code == case["error"]["code"], str(info.value)
    else:
        check(call(), case["expected"])


# --- RFC 9421 -------------------------------------------------------------------------

SIGN_OPTIONS = ("label", "content_digest", "created", "keyid", "alg", "expires", "expires_in", "nonce", "tag")
POLICY = ("clock_skew", "max_age", "require_created", "require_expires", "required_components", "check_content_digest")


def rfc9421_sign(case: dict[str, Any]) -> None:
    key = key_of(case["key"], private=True)
    options = {k: v for k, v in case.get("options", {}).items() if k in SIGN_OPTIONS}
    components = case.get("options", {}).get("components")

    def sign() -> http.Signed:
        return http.sign(main_message(case), key, components, request=related(case), clock=lambda: case["now"], **options)

    def check(signed: http.Signed, e: dict[str, Any]) -> None:
        assert (signed.label, signed.signature_input, signed.signature_base) == (
            e["label"],
            e["signature_input"],
            e["signature_base"],
        )
        lines = list(signed.headers)
        if "signature" in e:
            assert signed.signature == e["signature"]
        else:  # randomized (ECDSA, RSA-PSS): the signature must verify over the expected base
            key.public_key().verify(e["signature_base"].encode(), signed.signature_bytes)
            lines = [line for line in lines if line[0] != "Signature"]
        assert [list(line) for line in lines] == e["headers"]
        sent = signed.message.headers[len(signed.message.headers) - len(signed.headers) :]
        assert sent == list(signed.headers)

    conclude(case, sign, check)


def rfc9421_verify(case: dict[str, Any]) -> None:
    keys = [key_of(k, private=False) for k in case["keys"]]
    policy = case.get("policy", {})
    options = {k: v for k, v in policy.items() if k in POLICY}
    verifier = http.Verifier(keys, clock=lambda: case["now"], **options)

    def check(ok: http.Verified, e: dict[str, Any]) -> None:
        assert (ok.label, ok.key_id, ok.algorithm) == (e["label"], e["key_id"], e["algorithm"])
        assert list(ok.components) == e["components"]
        assert ok.signature_base == e["signature_base"]

    conclude(case, lambda: verifier.verify(main_message(case), label=policy.get("label"), request=related(case)), check)


def rfc9421_base(case: dict[str, Any]) -> None:
    def base() -> str:
        return http.signature_base(main_message(case), case["components"], request=related(case), **case["params"])

    conclude(case, base, lambda got, e: assert_equal(got, e["signature_base"]))


def assert_equal(got: object, want: object) -> None:
    assert got == want


# --- Content-Digest -------------------------------------------------------------------


def content_digest_case(case: dict[str, Any]) -> None:
    if case["op"] == "content_digest":
        assert http.content_digest(body_of(case), case["algorithms"]) == case["expected"]["value"]
        return
    conclude(
        case,
        lambda: http.verify_content_digest(case["value"], body_of(case)),
        lambda got, e: assert_equal(got, e["algorithms"]),
    )


# --- SigV4 ----------------------------------------------------------------------------


def aws_settings(case: dict[str, Any], *, presign: bool) -> aws.Settings | None:
    if case.get("settings") != "s3":
        return None
    return aws.Settings.s3(payload="unsigned") if presign else aws.Settings.s3()


def sigv4_sign(case: dict[str, Any], *, presign: bool) -> None:
    c = case["credentials"]
    creds = aws.Credentials(c["access_key_id"], c["secret_access_key"], c.get("session_token"))
    algorithm = case.get("algorithm", "sigv4")
    signer = aws.Signer(creds, case["region"], case["service"], settings=aws_settings(case, presign=presign), algorithm=algorithm)
    request = message_of(case, "request")
    assert isinstance(request, canonsig.Request)

    def sign() -> aws.Signed:
        if presign:
            return signer.presign(request, case["expires"], time=case["time"])
        return signer.sign(request, time=case["time"])

    def check(signed: aws.Signed, e: dict[str, Any]) -> None:
        assert signed.canonical_request == e["canonical_request"]
        assert signed.string_to_sign == e["string_to_sign"]
        assert signed.signed_headers == e["signed_headers"]
        for name in ("signature", "authorization", "url"):
            if name in e:
                assert getattr(signed, name) == e[name], name
        if "headers" in e:
            lines = [list(h) for h in signed.headers if algorithm == "sigv4" or h[0] != "Authorization"]
            assert lines == e["headers"]

    conclude(case, sign, check)


def sigv4_verify(case: dict[str, Any]) -> None:
    ring = [aws.Credentials(key_id, secret) for key_id, secret in case["credentials"].items()]
    verifier = aws.Verifier(ring, settings=aws_settings(case, presign=False), clock=lambda: case["now"])
    request = message_of(case, "request")
    assert isinstance(request, canonsig.Request)

    def check(ok: aws.Verified, e: dict[str, Any]) -> None:
        assert (ok.access_key_id, ok.region, ok.service) == (e["access_key_id"], e["region"], e["service"])
        assert ";".join(ok.signed_headers) == e["signed_headers"]

    conclude(case, lambda: verifier.verify(request), check)


# --- webhooks -------------------------------------------------------------------------

CLASSES: dict[str, Any] = {
    "standard-webhooks": webhooks.StandardWebhooks,
    "stripe": webhooks.Stripe,
    "github": webhooks.GitHub,
    "slack": webhooks.Slack,
    "shopify": webhooks.Shopify,
    "twilio": webhooks.Twilio,
}


def hook(case: dict[str, Any]) -> Any:
    cls = CLASSES[case["provider"]]
    if case["provider"] in ("standard-webhooks", "stripe", "slack"):
        return cls(case["secret"], tolerance=case.get("tolerance", 300), clock=lambda: case.get("now", 0))
    return cls(case["secret"])


def webhook_sign(case: dict[str, Any]) -> None:
    body = body_of(case)
    provider = case["provider"]
    cls = CLASSES[provider]

    def sign() -> tuple[Any, bytes]:
        h = hook(case)
        if provider == "standard-webhooks":
            got = h.headers(case["msg_id"], body, timestamp=case["timestamp"])
            return got, cls.signed_payload(case["msg_id"], case["timestamp"], body)
        if provider in ("stripe", "slack"):
            return h.headers(body, timestamp=case["timestamp"]), cls.signed_payload(case["timestamp"], body)
        if provider == "twilio":
            return h.sign(case["url"], case["params"]), cls.signed_payload(case["url"], case["params"]).encode()
        headers = h.headers(body)  # GitHub, Shopify sign the body itself: what the verifier reports
        return headers, h.verify(headers, body).signed_payload

    def check(got: tuple[Any, bytes], e: dict[str, Any]) -> None:
        signed, payload = got
        if "headers" in e:
            assert [list(item) for item in signed.items()] == e["headers"]
        else:
            assert signed == e["signature"]
        assert payload == payload_of(e)

    conclude(case, sign, check)


def webhook_verify(case: dict[str, Any]) -> None:
    def verify() -> webhooks.WebhookVerified:
        h = hook(case)
        if case["op"] == "verify":
            return h.verify([tuple(line) for line in case["headers"]], body_of(case))  # type: ignore[no-any-return]
        request = message_of(case, "request")
        assert isinstance(request, canonsig.Request)
        return h.verify_request(request)  # type: ignore[no-any-return]

    def check(ok: webhooks.WebhookVerified, e: dict[str, Any]) -> None:
        assert (ok.provider, ok.timestamp) == (case["provider"], e.get("timestamp"))
        assert ok.signed_payload == payload_of(e)
        assert ok.matched_signature == e["matched_signature"]

    conclude(case, verify, check)


# --- every case -----------------------------------------------------------------------


def run_case(file: str, case: dict[str, Any]) -> None:
    op = case["op"]
    if file == "rfc9421":
        {"sign": rfc9421_sign, "verify": rfc9421_verify, "signature_base": rfc9421_base}[op](case)
    elif file == "content_digest":
        content_digest_case(case)
    elif file == "sigv4":
        if op == "verify":
            sigv4_verify(case)
        else:
            sigv4_sign(case, presign=op == "presign")
    elif op == "sign":
        webhook_sign(case)
    else:
        webhook_verify(case)


@pytest.mark.parametrize(("file", "case"), CASES, ids=[c["id"] for _, c in CASES])
def test_scheme_fixture(file: str, case: dict[str, Any]) -> None:
    run_case(file, case)
    RAN[file] += 1


def client_expressible(case: dict[str, Any]) -> bool:
    """A request an HTTP client library can send as written: origin-form target over
    https, each header once and ASCII (requests and httpx hold headers in a mapping)."""
    request = canonsig.Request.parse(case["request"].encode())
    names = [n.lower() for n, _ in request.headers]
    return (
        request.target.startswith("/")
        and "scheme" not in case
        and len(names) == len(set(names))
        and all(v.isascii() for _, v in request.headers)
    )


def default_sign_cases() -> list[dict[str, Any]]:
    """``sign`` cases of a request with options an adapter has (the key's id, created now,
    components default or given, the digest) that a client library can send: what
    RequestsAuth and HttpxAuth must match."""
    adapter_options = {"components", "label", "content_digest", "alg", "tag"}
    return [
        c
        for c in DOCS["rfc9421"]["cases"]
        if c["op"] == "sign"
        and "request" in c
        and "error" not in c
        and "signature" in c["expected"]
        and set(c.get("options", {})) <= adapter_options
        and client_expressible(c)
    ]


@pytest.mark.parametrize("case", default_sign_cases(), ids=lambda c: c["id"])
def test_adapters_sign_what_http_sign_signs(case: dict[str, Any]) -> None:
    """The requests and httpx adapters, on the same request, add exactly the expected lines."""
    requests = pytest.importorskip("requests")
    httpx = pytest.importorskip("httpx")
    key = key_of(case["key"], private=True)
    o = case.get("options", {})
    kwargs = {"label": o.get("label", "sig1"), "digest": o.get("content_digest", "sha-256"), "alg": o.get("alg"), "tag": o.get("tag")}
    parsed = message_of(case, "request")
    assert isinstance(parsed, canonsig.Request)
    url = parsed.url
    headers = [(n, v.strip()) for n, v in parsed.headers if n.lower() != "host"]
    want = case["expected"]["headers"]

    prepared = requests.Request(parsed.method, url, headers=dict(headers), data=parsed.body or None).prepare()
    if parsed.body == b"":
        prepared.headers.pop("Content-Length", None)
    auth = http.RequestsAuth(key, o.get("components"), clock=lambda: case["now"], **kwargs)
    signed = auth(prepared)
    assert [[n, signed.headers[n]] for n, _ in want] == want

    request = httpx.Request(parsed.method, url, headers=headers, content=parsed.body)
    flow = http.HttpxAuth(key, o.get("components"), clock=lambda: case["now"], **kwargs).auth_flow(request)
    out = next(flow)
    assert [[n, out.headers[n]] for n, _ in want] == want


def test_the_adapters_ran_enough_cases() -> None:
    assert len(default_sign_cases()) >= 24


def test_every_case_ran() -> None:
    """Runs last in this module (pytest keeps file order): every case of every file ran."""
    assert dict(RAN) == {name: len(DOCS[name]["cases"]) for name in FILES}
    assert RAN["rfc9421"] >= 148 and RAN["content_digest"] >= 21 and RAN["sigv4"] >= 77 and RAN["webhooks"] >= 92
