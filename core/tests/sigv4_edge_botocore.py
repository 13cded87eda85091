"""Expected values for core/tests/sigv4_edge.rs and webhooks_edge.rs, from independent peers.

Run: python -m venv /tmp/v && /tmp/v/bin/pip install botocore==1.44.8 && /tmp/v/bin/python core/tests/sigv4_edge_botocore.py
botocore computes the SigV4 values (the clock is patched); Twilio's JSON-body case uses python hmac.
"""
import datetime, json, hashlib, hmac, base64
import botocore, botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

def at(ts):
    auth.get_current_datetime = lambda: datetime.datetime.strptime(ts, "%Y%m%dT%H%M%SZ")

out = {"botocore": botocore.__version__}
creds = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

# 1. S3 GET with Range (the S3 docs' header-signing example inputs).
at("20130524T000000Z")
r = AWSRequest("GET", "https://examplebucket.s3.amazonaws.com/test.txt", headers={"Range": "bytes=0-9"})
a = auth.S3SigV4Auth(creds, "s3", "us-east-1")
a.add_auth(r)
out["s3_get"] = {"canonical_request": a.canonical_request(r), "authorization": r.headers["Authorization"],
                 "x-amz-content-sha256": r.headers["X-Amz-Content-SHA256"]}

# 2. S3 presigned GET, 86400 s (the S3 docs' presign example inputs).
r = AWSRequest("GET", "https://examplebucket.s3.amazonaws.com/test.txt")
q = auth.S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=86400)
q.add_auth(r)
out["s3_presign"] = {"url": r.url, "canonical_request": q.canonical_request(r)}

# 3. S3 key with characters users trip on (single encoding, no normalization).
r = AWSRequest("PUT", "https://examplebucket.s3.amazonaws.com/photos//2024/a%20b%2Bc%40d%21.jpg", data=b"hello")
a = auth.S3SigV4Auth(creds, "s3", "us-east-1")
a.add_auth(r)
out["s3_put_key"] = {"canonical_request": a.canonical_request(r), "authorization": r.headers["Authorization"]}

# 4. Non-S3 service: encoded path is encoded again, dot segments removed; query with %2F, space, '='.
r = AWSRequest("POST", "https://svc.us-west-2.amazonaws.com/a/./b/../c%20d/%2A?x=a%2Fb&y=1%3D2&z=%20&y=0",
               data=b'{"k":"v"}', headers={"Content-Type": "application/json", "X-Custom": "  a   b  "})
tokcreds = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SESSION/TOKEN+=")
a = auth.SigV4Auth(tokcreds, "svc", "us-west-2")
at("20240229T235959Z")
a.add_auth(r)
out["service_post"] = {"canonical_request": a.canonical_request(r), "authorization": r.headers["Authorization"]}

# 5. Twilio JSON body (bodySHA256 in the URL), python hmac.
body = b'{"CallSid":"CA1234567890ABCDE"}'
url = "https://mycompany.com/myapp.php?bodySHA256=" + hashlib.sha256(body).hexdigest()
sig = base64.b64encode(hmac.new(b"12345", url.encode(), hashlib.sha1).digest()).decode()
out["twilio_json"] = {"url": url, "body": body.decode(), "signature": sig}
print(json.dumps(out, indent=1))
