r"""canonsig: canonical JSON for signatures that verify across languages.

``canonicalize`` turns JSON text into its RFC 8785 (JCS) canonical bytes, or into the
"canonical" form another stack signs (``profile="python-sorted"``, ``"go-json"``, ...).
Input that two parsers could read differently (duplicate names, lone surrogates,
``NaN``, integers beyond 2**53, ...) raises ``CanonicalizationError`` with a stable
``code``, the byte ``offset`` and the JSON ``path``.

    >>> import canonsig
    >>> canonsig.canonicalize(b'{"b": 1.0, "a": "\\u00e9"}').decode()
    '{"a":"é","b":1}'

``sign_json`` signs those canonical bytes and ``verify_json`` / ``Verifier`` check them,
so a payload re-serialized on the way still verifies, and a changed one fails with the
exact bytes the verifier signed:

    >>> key = canonsig.HmacKey(b"a 32-byte secret shared by both!", key_id="k1")
    >>> sig = canonsig.sign_json(b'{"amount": 10.0}', key)
    >>> canonsig.verify_json({"amount": 10}, sig, key).key_id
    'k1'

When two sides still disagree, ``explain`` says which byte differs and why, and
``forensics`` finds the serialization a signer used from the payload, its signature and
the key:

    >>> why = canonsig.explain(b'{"a":1,"b":2}', b'{"b": 2, "a": 1}\n')
    >>> why.causes, why.same_data
    (['trailing_newline', 'whitespace', 'key_order'], True)

Request-signing schemes live in submodules, over one plain ``Request`` / ``Response``
type: ``canonsig.http`` (RFC 9421 HTTP Message Signatures, Content-Digest),
``canonsig.aws`` (AWS SigV4, ``explain_aws``), ``canonsig.webhooks`` (Standard Webhooks,
Stripe, GitHub, Slack, Shopify, Twilio) and ``canonsig.integrations`` (Flask, Django,
FastAPI/Starlette).

The same implementation (a Rust crate) backs the Rust, Python, JavaScript and CLI
frontends, so every one of them produces the same bytes.
"""

from __future__ import annotations

from ._canonsig import (
    ALGORITHMS,
    CAUSES,
    PROFILES,
    Departure,
    EcdsaKey,
    Ed25519Key,
    HmacKey,
    Key,
    MemoryNonceStore,
    RedisNonceStore,
    RsaKey,
    Signature,
    Verified,
    Verifier,
    __version__,
    canonicalize,
    canonicalize_value,
    check_canonical,
    sign_json,
    sign_json_traced,
    verify_json,
    visible,
)
from ._diff import (
    Change,
    Context,
    Diff,
    Explanation,
    Finding,
    ForensicMatch,
    Forensics,
    Occurrence,
    Position,
    Snippet,
    Span,
    Style,
    diff,
    explain,
    explain_traces,
    forensics,
)
from ._errors import CanonicalizationError, Error, InvalidKeyError, SignatureMismatch, VerificationError
from ._message import Request, Response
from ._trace import log_trace

__all__ = [
    "ALGORITHMS",
    "CAUSES",
    "PROFILES",
    "Request",
    "Response",
    "CanonicalizationError",
    "Change",
    "Context",
    "Departure",
    "Diff",
    "EcdsaKey",
    "Ed25519Key",
    "Error",
    "Explanation",
    "Finding",
    "ForensicMatch",
    "Forensics",
    "HmacKey",
    "InvalidKeyError",
    "Key",
    "MemoryNonceStore",
    "Occurrence",
    "Position",
    "RedisNonceStore",
    "RsaKey",
    "Signature",
    "SignatureMismatch",
    "Snippet",
    "Span",
    "Style",
    "VerificationError",
    "Verified",
    "Verifier",
    "__version__",
    "canonicalize",
    "canonicalize_value",
    "check_canonical",
    "diff",
    "explain",
    "explain_traces",
    "forensics",
    "log_trace",
    "sign_json",
    "sign_json_traced",
    "verify_json",
    "visible",
]
