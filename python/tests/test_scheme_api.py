"""The Python API of the request-signing schemes: argument handling, the raw-body rule,
error codes and what mismatch errors carry. Expected signatures come from the public
vectors (GitHub Docs, AWS's get-vanilla) or from Python's hmac/hashlib."""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle

import pytest

import canonsig
from canonsig import aws, http, webhooks

KEY = canonsig.HmacKey(b"a 32-byte secret shared by both!", key_id="k1")
AK, SK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def test_request_from_common_things() -> None:
    req = canonsig.Request("post", "https://example.com/a?b=1", {"X-A": "1"}, bytearray(b"hi"))
    assert (req.method, req.headers, req.body, req.url) == ("post", [("X-A", "1")], b"hi", "https://example.com/a?b=1")
    origin = canonsig.Request("GET", "/p?q", [("Host", "h:8080"), ("X", "1"), ("x", "2")], scheme="http")
    assert origin.url == "http://h:8080/p?q" and origin.header("x") == "1, 2"
    with pytest.raises(canonsig.VerificationError) as info:
        _ = canonsig.Request("GET", "/").url
    assert info.value.code == "missing_component"
    parsed = canonsig.Request.parse(b"PUT /x HTTP/1.1\r\nHost: a\r\nX-F: one\r\n  two\r\n\r\nbody")
    assert (parsed.method, parsed.header("x-f"), parsed.body) == ("PUT", " one two", b"body")
    with pytest.raises(canonsig.VerificationError) as info:
        canonsig.Request.parse(b"GET /\n")
    assert info.value.code == "malformed_request"
    requests = pytest.importorskip("requests")
    prepared = requests.Request("POST", "https://example.com/p?a=b c", data=b"x", headers={"A": "1"}).prepare()
    assert canonsig.Request.from_requests(prepared).target == "https://example.com/p?a=b%20c"
    with pytest.raises(TypeError, match="stream"):
        canonsig.Request.from_requests(requests.Request("POST", "https://e.com/", data=iter([b"x"])).prepare())
    httpx = pytest.importorskip("httpx")
    from_httpx = canonsig.Request.from_httpx(httpx.Request("POST", "https://e.com:8443/a b?x=é", content=b"z"))
    assert (from_httpx.target, from_httpx.body) == ("https://e.com:8443/a%20b?x=%C3%A9", b"z")


def test_http_sign_errors_and_mismatch_carry_the_base() -> None:
    req = canonsig.Request("GET", "/items?id=1&id=2", [("Host", "example.com")])
    for components, code in (
        (["x-missing"], "missing_component"),
        (['"@query-param";name="id"'], "invalid_header"),
        (["@status"], "invalid_header"),
        (["@signature-params"], "invalid_header"),
    ):
        with pytest.raises(canonsig.VerificationError) as info:
            http.sign(req, KEY, components)
        assert info.value.code == code, components
    with pytest.raises(canonsig.VerificationError) as info:
        http.sign(req, KEY, ["@method"], alg="ed25519")
    assert info.value.code == "algorithm_mismatch"
    with pytest.raises(TypeError, match="list of component names"):
        http.sign(req, KEY, "@method")

    signed = http.sign(req, KEY, ["@method", "@authority", "@query"], created=1_700_000_000, tag="app")
    moved = signed.message.copy()
    moved.set_header("Host", "evil.example")
    verifier = http.Verifier(KEY, clock=lambda: 1_700_000_000)
    with pytest.raises(canonsig.SignatureMismatch) as mismatch:
        verifier.verify(moved)
    err = mismatch.value
    assert err.code == "signature_mismatch"
    assert err.signature_base is not None and '"@authority": evil.example' in err.signature_base
    why = canonsig.explain(err.signature_base, signed.signature_base)
    assert not why.is_equal
    again = pickle.loads(pickle.dumps(err))
    assert again.signature_base == err.signature_base and again.code == err.code
    with pytest.raises(canonsig.VerificationError) as info:
        http.Verifier(KEY, clock=lambda: 1_700_000_000 + 3600, max_age=60).verify(signed.message)
    assert info.value.code == "expired"
    with pytest.raises(canonsig.VerificationError) as info:
        http.Verifier(KEY, clock=lambda: 1, required_components=["content-digest"]).verify(signed.message)
    assert info.value.code in ("future_timestamp", "missing_component")


def test_http_response_accept_signature_and_digests() -> None:
    req = canonsig.Request("GET", "/x", [("Host", "example.com"), ("Accept-Signature", 'sig1=("@status");keyid="k1"')])
    label, wanted = http.parse_accept_signature(req.header("accept-signature") or "")[0]
    assert (label, wanted.components, wanted.keyid) == ("sig1", ('"@status"',), "k1")
    res = canonsig.Response(200, [("Content-Type", "text/plain")], b"ok")
    signed = http.sign(res, KEY, wanted, label=label, created=5, content_digest=None)
    assert signed.signature_input == 'sig1=("@status");keyid="k1";created=5'
    both = http.sign(res, KEY, ["@status", '"@method";req'], request=req, created=5, label="r", content_digest=None)
    assert '"@method";req: GET' in both.signature_base
    http.Verifier(KEY, clock=lambda: 5).verify(both.message, label="r", request=req)
    assert (
        http.accept_signature(["@method", "content-digest"], keyid="k") == 'sig1=("@method" "content-digest");keyid="k"'
    )
    body = b'{"hello": "world"}'
    expected = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    assert http.content_digest(body) == expected
    assert http.want_content_digest({"sha-512": 3, "sha-256": 10}) == "sha-512=3, sha-256=10"
    assert http.preferred_digest("sha-512=3, sha-256=10") == "sha-256"
    assert http.parse_want_content_digest("sha-256=1") == [("sha-256", 1)]
    with pytest.raises(canonsig.CanonicalizationError):
        http.content_digest(body, ["md5"])


def test_webhooks_refuse_parsed_bodies() -> None:
    github = webhooks.GitHub("It's a Secret to Everybody")
    headers = {"X-Hub-Signature-256": github.sign(b"{}")}
    for parsed in ({}, [], {"a": 1}):
        with pytest.raises(TypeError, match="raw body") as info:
            github.verify(headers, parsed)  # type: ignore[arg-type]
        assert "json.dumps" in str(info.value) and type(parsed).__name__ in str(info.value)
    with pytest.raises(TypeError, match="None"):
        github.verify(headers, None)  # type: ignore[arg-type]
    assert github.verify(headers, "{}").provider == "github"
    assert "It's a Secret" not in repr(github)


def test_webhook_errors_say_which_part() -> None:
    # GitHub Docs' test values; the HMAC recomputed with the standard library.
    body = b"Hello, World!"
    mac = hmac.new(b"It's a Secret to Everybody", body, hashlib.sha256).hexdigest()
    github = webhooks.GitHub("It's a Secret to Everybody")
    assert github.sign(body) == f"sha256={mac}"
    for headers, code in (
        ({}, "missing_component"),
        ({"X-Hub-Signature-256": "md5=00"}, "invalid_header"),
        ({"X-Hub-Signature-256": "sha256=zz"}, "malformed_signature"),
    ):
        with pytest.raises(canonsig.VerificationError) as info:
            github.verify(headers, body)
        assert info.value.code == code
    with pytest.raises(canonsig.SignatureMismatch) as mismatch:
        github.verify({"X-Hub-Signature-256": f"sha256={mac}"}, body + b"\n")
    assert mismatch.value.signed_bytes == body + b"\n"
    with pytest.raises(canonsig.InvalidKeyError):
        webhooks.StandardWebhooks("whsec_not base64!")
    with pytest.raises(canonsig.InvalidKeyError):
        webhooks.Stripe("")
    stripe = webhooks.Stripe("whsec_x", clock=lambda: 1000)
    ts_mac = hmac.new(b"whsec_x", b"1000." + body, hashlib.sha256).hexdigest()
    assert stripe.sign(1000, body) == f"t=1000,v1={ts_mac}"
    assert stripe.verify_header(f"t=1000,v1={'0' * 64},v1={ts_mac}", body).timestamp == 1000
    with pytest.raises(canonsig.VerificationError) as info:
        webhooks.Stripe("whsec_x", clock=lambda: 2000).verify(stripe.headers(body, timestamp=1000), body)
    assert info.value.code == "expired"
    slack = webhooks.Slack("secret", clock=lambda: 10)
    assert (
        slack.headers(body, timestamp=10)["X-Slack-Signature"]
        == "v0=" + hmac.new(b"secret", b"v0:10:" + body, hashlib.sha256).hexdigest()
    )
    shopify = webhooks.Shopify("hush")
    assert shopify.sign(body) == base64.b64encode(hmac.new(b"hush", body, hashlib.sha256).digest()).decode()
    twilio = webhooks.Twilio("12345")
    url = "https://example.com/hook?bodySHA256=" + hashlib.sha256(b'{"a":1}').hexdigest()
    sig = twilio.sign(url)
    assert twilio.verify_json_body(url, b'{"a":1}', sig).signed_payload == url.encode()
    with pytest.raises(canonsig.SignatureMismatch) as mismatch:
        twilio.verify_json_body(url, b'{"a": 1}', sig)
    assert mismatch.value.code == "digest_mismatch"


def test_aws_sign_presign_verify_and_mismatch_details() -> None:
    creds = aws.Credentials(AK, SK, session_token="FQoGZXIvEXAMPLE")
    assert "wJalr" not in repr(creds) and "FQoGZXIv" not in repr(creds)
    signer = aws.Signer(aws.Credentials(AK, SK), "us-east-1", "service")
    req = canonsig.Request("GET", "/", [("Host", "example.amazonaws.com")])
    # The AWS test suite's get-vanilla (aws4_testsuite/get-vanilla/get-vanilla.authz).
    signed = signer.sign(req, time=1_440_938_160)
    assert signed.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    import datetime

    when = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    assert signer.sign(req, time=when).authorization == signed.authorization
    with pytest.raises(ValueError, match="naive"):
        signer.sign(req, time=datetime.datetime(2015, 8, 30))
    url = signer.presign(canonsig.Request("GET", "https://example.amazonaws.com/"), 3600, time=1_440_938_160).url
    assert url.endswith("X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d")
    verifier = aws.Verifier(aws.Credentials(AK, SK), clock=lambda: 1_440_938_160, region="us-east-1")
    assert verifier.verify(signed.request).signed_headers == ("host", "x-amz-date")
    tampered = signed.request.copy()
    tampered.target = "/?a=2"
    with pytest.raises(canonsig.SignatureMismatch) as mismatch:
        verifier.verify(tampered)
    assert mismatch.value.canonical_request is not None and "\na=2\n" in mismatch.value.canonical_request
    assert mismatch.value.string_to_sign is not None and mismatch.value.string_to_sign.startswith("AWS4-HMAC-SHA256\n")
    for clock, code in ((1_440_938_160 + 3600, "expired"), (1_440_938_160 - 3600, "future_timestamp")):
        with pytest.raises(canonsig.VerificationError) as info:
            aws.Verifier(aws.Credentials(AK, SK), clock=lambda c=clock: c).verify(signed.request)
        assert info.value.code == code
    with pytest.raises(canonsig.VerificationError) as info:
        aws.Verifier(aws.Credentials("OTHER", SK), clock=lambda: 1_440_938_160).verify(signed.request)
    assert info.value.code == "unknown_key_id"


def test_explain_aws_names_the_cause() -> None:
    signer = aws.Signer(aws.Credentials(AK, "secret"), "us-east-1", "s3", settings=aws.Settings.s3())
    sent = signer.sign(canonsig.Request("GET", "/a%20b", [("Host", "bucket.s3.amazonaws.com")]), time=1_440_938_160)
    # What S3 would have computed had it double-encoded the path (the core's own example).
    theirs = sent.canonical_request.replace("/a%20b", "/a%2520b")
    xml = f"<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>{theirs}</CanonicalRequest></Error>"
    why = aws.explain_aws(xml, sent.request, aws.Settings.s3())
    assert why.code == "SignatureDoesNotMatch"
    assert why.causes == ["percent_encoding"]
    assert why.local.canonical_request == sent.canonical_request
    assert why.canonical_request is not None and why.string_to_sign is None
    assert "canonical requests differ" in str(why) and why.to_dict()["conclusions"] == list(why.conclusions)
    assert aws.signed_parts(sent.request, aws.Settings.s3()).string_to_sign == sent.string_to_sign
    with pytest.raises(canonsig.CanonicalizationError) as info:
        aws.explain_aws("<Error><Code>X</Code></Error>", sent.request)
    assert info.value.code == "malformed_input"
