"""Every published request-signing vector, through the Python API, read in place from
``<repo>/../shared/vectors/{rfc9421,sigv4,webhooks}`` (see each folder's README for the
provenance: the RFC 9421 text, AWS's SigV4 test suite, provider docs and reference
libraries). Counts are asserted so a vector that stops running is noticed."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

import canonsig
from canonsig import aws, http, webhooks
from support import SHARED_RFC9421, SHARED_SIGV4, SHARED_WEBHOOKS, load_json

# --- RFC 9421 ---------------------------------------------------------------------------

needs_rfc9421 = pytest.mark.skipif(
    not (SHARED_RFC9421 / "signatures.json").is_file(), reason=f"RFC 9421 vectors not found at {SHARED_RFC9421}"
)


def parse_message(text: str) -> canonsig.Request | canonsig.Response:
    """An HTTP/1.1 message as the vectors print it (LF line ends, obs-fold kept), with a
    Content-Length or chunked (with trailers) body. Mirrors core/tests/http_rfc9421.rs."""
    head, _, rest = text.partition("\n\n")
    lines = head.split("\n")
    start = lines.pop(0) if lines[0].startswith("HTTP/") or lines[0].endswith(" HTTP/1.1") else None
    headers: list[tuple[str, str]] = []
    for line in lines:
        if line.startswith((" ", "\t")):
            name, value = headers[-1]
            headers[-1] = (name, value + "\n" + line)
        elif line:
            name, _, value = line.partition(":")
            headers.append((name, value))
    found = {n.lower(): v.strip() for n, v in headers}
    trailers: list[tuple[str, str]] = []
    if "content-length" in found:
        body = rest.encode()[: int(found["content-length"])]
    elif found.get("transfer-encoding") == "chunked":
        chunks = iter(rest.split("\n"))
        body = b""
        for size in chunks:
            if int(size.strip(), 16) == 0:
                break
            body += next(chunks).encode()
        for line in chunks:
            if line:
                name, _, value = line.partition(":")
                trailers.append((name, value))
    else:
        body = rest.rstrip("\n").encode()
    if start is not None and start.startswith("HTTP/"):
        return canonsig.Response(int(start.split(" ")[1]), headers, body, trailers=trailers)
    method, target = start.split(" ")[:2] if start else ("GET", "/")
    return canonsig.Request(method, target, headers, body)


def as_request(text: str) -> canonsig.Request:
    msg = parse_message(text)
    assert isinstance(msg, canonsig.Request)
    return msg


UNBALANCED_RSA = "test-key-rsa"


def rfc_key(keys: dict[str, Any], keyid: str, alg: str, *, private: bool) -> canonsig.Key | None:
    entry = keys[keyid]
    if "secret_base64" in entry:
        return canonsig.HmacKey(entry["secret_base64"], algorithm=alg, encoding="base64", key_id=keyid)
    if private and keyid == UNBALANCED_RSA:
        return None  # ring refuses to sign with its unbalanced primes (see test_sign_rfc9421.py)
    return canonsig.Key.from_pem(entry["pem_private" if private else "pem_public"], algorithm=alg, key_id=keyid)


@needs_rfc9421
def test_rfc9421_component_examples() -> None:
    checked = 0
    for example in load_json(SHARED_RFC9421 / "components.json")["examples"]:
        text = example.get("message")
        msg = parse_message(text) if text else canonsig.Request("GET", "/path", [("Host", "www.example.com")])
        for expected in example["expected_base_lines"]:
            component = expected[: expected.index(": ")]
            if isinstance(msg, canonsig.Request) and expected.startswith('"@scheme": http'):
                msg = canonsig.Request(msg.method, msg.target, msg.headers, msg.body, scheme="http")
            base = http.signature_base(msg, [component])
            assert base.split("\n")[0] == expected, example["rfc_section"]
            checked += 1
    assert checked == 39


def with_published_signature(case: dict[str, Any]) -> canonsig.Request | canonsig.Response:
    msg = parse_message(case["message"])
    msg.headers = [(n, v) for n, v in msg.headers if n.lower() not in ("signature-input", "signature")]
    msg.headers += [("Signature-Input", case["expected_signature_input"]), ("Signature", case["expected_signature"])]
    return fix_b24(case, msg)


def fix_b24(case: dict[str, Any], msg: canonsig.Request | canonsig.Response) -> canonsig.Request | canonsig.Response:
    """RFC 9421 B.2.4 prints a Content-Digest that is not its body's (the signature base
    uses the real sha-512, which content_digest.json confirms): asserted, then fixed."""
    if case["id"] != "B.2.4":
        return msg
    with pytest.raises(canonsig.SignatureMismatch) as info:
        http.verify_content_digest(msg.header("content-digest") or "", msg.body)
    assert info.value.code == "digest_mismatch"
    msg.headers = [
        (n, http.content_digest(msg.body, ["sha-512"]) if n.lower() == "content-digest" else v) for n, v in msg.headers
    ]
    return msg


@needs_rfc9421
def test_rfc9421_signatures() -> None:
    keys = load_json(SHARED_RFC9421 / "keys.json")["keys"]
    counts = {"bases": 0, "verified": 0, "resigned": 0, "transforms": 0}
    for case in load_json(SHARED_RFC9421 / "signatures.json")["cases"]:
        cid, label, keyid, alg = case["id"], case["label"], case["keyid"], case["alg"]
        params = case["covered_components_and_params"]
        related = as_request(case["related_request"]) if "related_request" in case else None
        msg = with_published_signature(case)

        # The signature base, byte for byte, from the published parameters.
        base = http.signature_base(msg, params, request=related)
        assert base == case["expected_signature_base"], cid
        counts["bases"] += 1
        published = dict(http.parse_signature_input(case["expected_signature_input"]))[label]
        assert published.text == params, cid

        # The whole pipeline: headers -> label -> key -> base -> signature.
        public = rfc_key(keys, keyid, alg, private=False)
        assert public is not None
        created = published.created
        verifier = http.Verifier([public], clock=lambda created=created: created or 0)
        ok = verifier.verify(msg, label=label, request=related)
        assert (ok.key_id, ok.algorithm, ok.signature_base) == (keyid, alg, base), cid
        counts["verified"] += 1

        # Re-signing: the deterministic algorithms give the published bytes.
        private = rfc_key(keys, keyid, alg, private=True)
        if private is not None:
            unsigned = fix_b24(case, parse_message(case["message"]))
            fresh = "fresh" if f"{label}=" in case["message"] else label
            # content_digest=None: sign exactly the published components (no digest step).
            signed = http.sign(unsigned, private, params, label=fresh, request=related, content_digest=None)
            assert signed.signature_base == base, cid
            if case["deterministic"]:
                assert base64.b64encode(signed.signature_bytes).decode() == case["expected_signature_value_base64"]
                assert case["expected_signature"].endswith(label + signed.signature[len(fresh) :]), cid
                if fresh == label:
                    assert case["expected_signature_input"].endswith(signed.signature_input), cid
            else:
                private.verify(base.encode(), signed.signature_bytes)
            # And what canonsig signed verifies through the public API too.
            http.Verifier([public], clock=lambda created=created: created or 0).verify(
                signed.message, label=fresh, request=related
            )
            counts["resigned"] += 1

        # B.4: which transformations keep the signature valid.
        for t in case.get("transformed_messages", []):
            moved = as_request(t["message"])
            if t["still_valid"]:
                verifier.verify(moved, label=label)
            else:
                with pytest.raises(canonsig.SignatureMismatch) as info:
                    verifier.verify(moved, label=label)
                assert info.value.signature_base is not None
                assert info.value.signature_base.encode() == info.value.signed_bytes
            counts["transforms"] += 1

        # §4.3: the upstream ecdsa sig1 verifies over the message before the proxy.
        if "message_before_proxy" in case:
            before = as_request(case["message_before_proxy"])
            sig1 = http.parse_signature_input(before.header_values("signature-input")[0])[0][1]
            upstream = rfc_key(keys, "test-key-ecc-p256", "ecdsa-p256-sha256", private=False)
            assert upstream is not None
            http.Verifier([upstream], clock=lambda at=sig1.created: at or 0).verify(before, label="sig1")
            counts["verified"] += 1
    assert counts == {"bases": 11, "verified": 12, "resigned": 10, "transforms": 5}


@needs_rfc9421
def test_rfc9530_content_digest() -> None:
    checked = 0
    for example in load_json(SHARED_RFC9421 / "content_digest.json")["examples"]:
        body = example["body"].encode()
        for alg in ("sha-256", "sha-512"):
            expected = f"{alg}=:{example[alg]}:"
            assert http.content_digest(body, [alg]) == expected
            assert http.verify_content_digest(expected, body) == [alg]
            with pytest.raises(canonsig.SignatureMismatch) as info:
                http.verify_content_digest(expected, body + b" ")
            assert info.value.code == "digest_mismatch" and alg in str(info.value)
            checked += 1
        assert http.content_digest(body, ["sha-512"]) == example["content_digest_sha512"]
        assert http.verify_content_digest(http.content_digest(body, ["sha-256", "sha-512"]), body) == [
            "sha-256",
            "sha-512",
        ]
    assert checked == 6


# --- AWS SigV4 --------------------------------------------------------------------------

ACCESS_KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SUITE_TIME = 1_440_938_160  # 2015-08-30T12:36:00Z
#: The session token of post-sts-token/readme.txt.
STS_TOKEN = (
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx"
    "7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9"
    "q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
)
#: Its .sreq carries get-vanilla's signature, not the one its .authz gives (a defect of
#: the published file, checked as such; see core/tests/sigv4_suite.rs).
STALE_SREQ = {"get-vanilla-with-session-token"}

needs_sigv4 = pytest.mark.skipif(not SHARED_SIGV4.is_dir(), reason=f"SigV4 vectors not found at {SHARED_SIGV4}")


def lines(req: canonsig.Request) -> list[tuple[str, str]]:
    return [(n.lower(), v.strip()) for n, v in req.headers]


def same_request(case: str, got: canonsig.Request, expected: canonsig.Request) -> None:
    assert (got.method, got.target, got.body) == (expected.method, expected.target, expected.body), case
    assert lines(got) == lines(expected), case


def classic_cases(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_dir() and (p / f"{p.name}.req").is_file())


@needs_sigv4
def test_sigv4_classic_suite() -> None:
    ran = 0
    for case_dir in classic_cases(SHARED_SIGV4 / "aws4_testsuite"):
        case = case_dir.name

        def read(ext: str, case_dir: Path = case_dir, case: str = case) -> str:
            return (case_dir / f"{case}.{ext}").read_text()

        req = canonsig.Request.parse((case_dir / f"{case}.req").read_bytes())
        token = None
        settings = aws.Settings()
        if case == "post-sts-header-after":
            token, settings = STS_TOKEN, aws.Settings(sign_session_token=False)
        elif case == "get-vanilla-with-session-token":
            token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        creds = aws.Credentials(ACCESS_KEY, SECRET, token)
        signed = aws.Signer(creds, "us-east-1", "service", settings=settings).sign(req, time=SUITE_TIME)
        assert signed.canonical_request == read("creq"), case
        assert signed.string_to_sign == read("sts"), case
        assert signed.authorization == read("authz"), case

        sreq = canonsig.Request.parse((case_dir / f"{case}.sreq").read_bytes())
        verifier = aws.Verifier(
            creds, region="us-east-1", service="service", settings=settings, clock=lambda: SUITE_TIME
        )
        if case in STALE_SREQ:
            with pytest.raises(canonsig.SignatureMismatch) as info:
                verifier.verify(sreq)
            assert info.value.canonical_request == signed.canonical_request
            assert info.value.string_to_sign == signed.string_to_sign
            verifier.verify(signed.request)
        else:
            same_request(case, signed.request, sreq)
            assert verifier.verify(sreq).canonical_request == signed.canonical_request, case
            assert aws.signed_parts(sreq, settings).canonical_request == signed.canonical_request, case
        ran += 1
    assert ran == 34


@needs_sigv4
def test_sigv4_aws_signing_test_suite() -> None:
    header_ran = query_ran = 0
    for case_dir in sorted((SHARED_SIGV4 / "aws-signing-test-suite" / "v4").iterdir()):
        case = case_dir.name
        context = json.loads((case_dir / "context.json").read_text())
        assert context["timestamp"] == "2015-08-30T12:36:00Z"
        c = context["credentials"]
        creds = aws.Credentials(c["access_key_id"], c["secret_access_key"], c.get("token"))
        settings = aws.Settings(
            normalize_path=context["normalize"],
            content_sha256_header=context["sign_body"],
            sign_session_token=not context.get("omit_session_token", False),
        )
        req = canonsig.Request.parse((case_dir / "request.txt").read_bytes())
        signer = aws.Signer(creds, context["region"], context["service"], settings=settings)

        def read(name: str, case_dir: Path = case_dir) -> str:
            return (case_dir / name).read_text()

        header = signer.sign(req, time=SUITE_TIME)
        assert header.canonical_request == read("header-canonical-request.txt"), case
        assert header.string_to_sign == read("header-string-to-sign.txt"), case
        assert header.signature == read("header-signature.txt"), case
        expected = canonsig.Request.parse((case_dir / "header-signed-request.txt").read_bytes())
        same_request(case, header.request, expected)
        verifier = aws.Verifier(creds, settings=settings, clock=lambda: SUITE_TIME)
        assert verifier.verify(expected).canonical_request == header.canonical_request, case
        header_ran += 1

        query_settings = aws.Settings(
            normalize_path=settings.normalize_path, sign_session_token=settings.sign_session_token
        )
        presigner = aws.Signer(creds, context["region"], context["service"], settings=query_settings)
        expires = context["expiration_in_seconds"]
        query = presigner.presign(req, expires, time=SUITE_TIME)
        assert query.canonical_request == read("query-canonical-request.txt"), case
        assert query.string_to_sign == read("query-string-to-sign.txt"), case
        assert query.signature == read("query-signature.txt"), case
        expected = canonsig.Request.parse((case_dir / "query-signed-request.txt").read_bytes())
        same_request(case, query.request, expected)
        got = aws.Verifier(creds, settings=query_settings, clock=lambda: SUITE_TIME).verify(expected)
        assert (got.canonical_request, got.expires) == (query.canonical_request, expires), case
        query_ran += 1
    assert (header_ran, query_ran) == (38, 38)


# --- webhooks ---------------------------------------------------------------------------

WEBHOOKS: list[dict[str, Any]] = (
    load_json(SHARED_WEBHOOKS / "webhooks.json")["vectors"] if (SHARED_WEBHOOKS / "webhooks.json").is_file() else []
)
needs_webhooks = pytest.mark.skipif(not WEBHOOKS, reason=f"webhook vectors not found at {SHARED_WEBHOOKS}")


def vector(vid: str) -> dict[str, Any]:
    return next(v for v in WEBHOOKS if v["id"] == vid)


def replaced(headers: dict[str, str], name: str, value: str) -> dict[str, str]:
    return {n: (value if n.lower() == name.lower() else v) for n, v in headers.items()}


@needs_webhooks
def test_every_webhook_vector_has_a_test() -> None:
    assert [v["scheme"] for v in WEBHOOKS] == ["standard-webhooks", "github", "slack", "stripe", "shopify", "twilio"]


@needs_webhooks
def test_standard_webhooks_reference() -> None:
    v = vector("standard-webhooks-reference")
    ts = int(v["headers"]["webhook-timestamp"])
    body = v["body"].encode()
    wh = webhooks.StandardWebhooks(v["secret"], clock=lambda: ts)
    assert wh.sign(v["headers"]["webhook-id"], ts, body) == v["expected_signature"]
    assert wh.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    bare = webhooks.StandardWebhooks(v["secret_key_bytes_base64"], clock=lambda: ts)
    assert bare.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    svix = {n.replace("webhook-", "svix-"): x for n, x in v["headers"].items()}
    assert wh.verify(svix, body).matched_signature == v["expected_signature"]
    for case in v["negative_cases"]:
        headers = replaced(v["headers"], "webhook-signature", case["webhook-signature"])
        if case["valid"]:
            wh.verify(headers, body)
        else:
            with pytest.raises(canonsig.VerificationError):
                wh.verify(headers, body)
    with pytest.raises(canonsig.SignatureMismatch) as info:
        wh.verify(v["headers"], b'{"test":2432232314}')
    assert info.value.signed_bytes == b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test":2432232314}'
    for now, code in ((ts + 300, None), (ts - 300, None), (ts + 301, "expired"), (ts - 301, "future_timestamp")):
        late = webhooks.StandardWebhooks(v["secret"], clock=lambda now=now: now)
        if code is None:
            late.verify(v["headers"], body)
        else:
            with pytest.raises(canonsig.VerificationError) as err:
                late.verify(v["headers"], body)
            assert err.value.code == code


@needs_webhooks
def test_github_docs() -> None:
    v = vector("github-docs")
    body = v["body"].encode()
    github = webhooks.GitHub(v["secret"])
    assert github.sign(body) == v["expected_signature"]
    assert github.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    sha1 = v["also"]["X-Hub-Signature (sha1, legacy)"]
    assert github.sign_sha1(body) == sha1
    with pytest.raises(canonsig.VerificationError) as info:
        github.verify({"X-Hub-Signature": sha1}, body)
    assert info.value.code == "missing_component"
    assert webhooks.GitHub(v["secret"], allow_sha1=True).verify({"X-Hub-Signature": sha1}, body).provider == "github"
    with pytest.raises(canonsig.SignatureMismatch):
        github.verify(v["headers"], body + b"\n")


@needs_webhooks
def test_slack_docs() -> None:
    v = vector("slack-docs")
    ts = int(v["headers"]["X-Slack-Request-Timestamp"])
    body = v["body"].encode()
    slack = webhooks.Slack(v["secret"], clock=lambda: ts + 10)
    assert slack.sign(ts, body) == v["expected_signature"]
    assert slack.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    assert webhooks.Slack.signed_payload(ts, body) == v["expected_string_to_sign"].encode()
    with pytest.raises(canonsig.VerificationError) as info:
        webhooks.Slack(v["secret"], clock=lambda: ts + 301).verify(v["headers"], body)
    assert info.value.code == "expired"


@needs_webhooks
def test_stripe_generated() -> None:
    v = vector("stripe-generated")
    body = v["body"].encode()
    stripe = webhooks.Stripe(v["secret"], clock=lambda: 1_700_000_100)
    assert stripe.sign(1_700_000_000, body) == v["expected_signature"]
    assert stripe.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    for case in v["negative_cases"]:
        sig = case.get("Stripe-Signature")
        headers = v["headers"] if sig is None else replaced(v["headers"], "Stripe-Signature", sig)
        case_body = case["body"].encode() if "body" in case else body
        if case["valid"]:
            stripe.verify(headers, case_body)
        else:
            with pytest.raises(canonsig.VerificationError):
                stripe.verify(headers, case_body)


@needs_webhooks
def test_shopify_generated() -> None:
    v = vector("shopify-generated")
    body = v["body"].encode()
    shopify = webhooks.Shopify(v["secret"])
    assert shopify.sign(body) == v["expected_signature"]
    assert shopify.verify(v["headers"], body).signed_payload == v["expected_string_to_sign"].encode()
    with pytest.raises(canonsig.SignatureMismatch):
        shopify.verify(v["headers"], b'{"id": 1, "name": "test"}')


@needs_webhooks
def test_twilio_docs() -> None:
    v = vector("twilio-docs")
    url, params, sig = v["url"], v["post_params"], v["headers"]["X-Twilio-Signature"]
    twilio = webhooks.Twilio(v["auth_token"])
    assert webhooks.Twilio.signed_payload(url, params) == v["expected_string_to_sign"]
    assert twilio.sign(url, params) == v["expected_signature"]
    assert twilio.verify(url, params, sig).signed_payload == v["expected_string_to_sign"].encode()
    twilio.verify(url.replace("mycompany.com", "mycompany.com:443"), params, sig)
    form = "&".join(f"{k}={x.replace('+', '%2B')}" for k, x in params.items())
    twilio.verify_form_body(url, form.encode(), sig)
    req = canonsig.Request(
        "POST",
        url,
        [("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", sig)],
        form,
    )
    assert twilio.verify_request(req).signed_payload == v["expected_string_to_sign"].encode()
    with pytest.raises(canonsig.SignatureMismatch):
        twilio.verify(url.replace("https", "http"), params, sig)
