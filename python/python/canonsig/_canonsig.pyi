"""Type stubs for the Rust extension module ``canonsig._canonsig``."""

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, Final, Protocol, TypeAlias, final

from typing_extensions import Self, disjoint_base

__all__ = [
    "canonicalize",
    "canonicalize_value",
    "check_canonical",
    "Departure",
    "PROFILES",
    "__version__",
    "ALGORITHMS",
    "DEFAULT_DIGEST",
    "Key",
    "HmacKey",
    "Ed25519Key",
    "EcdsaKey",
    "RsaKey",
    "Signature",
    "Verified",
    "Verifier",
    "MemoryNonceStore",
    "RedisNonceStore",
    "sign_json",
    "sign_json_traced",
    "verify_json",
    "CAUSES",
    "visible",
    # Private (pyo3 lists every added name in __all__): the bridge canonsig._diff builds on.
    "_diff",
    "_explain",
    "_explain_traces",
    "_forensics",
    # Private: the bridge canonsig._message, http, aws and webhooks build on.
    "_parse_http",
    "_request_url",
    "_parse_http_response",
    "_http_input",
    "_http_signature_base",
    "_http_default_components",
    "_http_sign",
    "_http_accept_signature",
    "_http_parse_signature_input",
    "_http_parse_signature",
    "_digest_name",
    "_content_digest",
    "_verify_content_digest",
    "_want_content_digest",
    "_parse_want_content_digest",
    "_preferred_digest",
    "_HttpVerifier",
    "_SigV4Signer",
    "_SigV4Verifier",
    "_sigv4a_public_key",
    "_aws_settings",
    "_aws_signed_parts",
    "_explain_aws",
    "_Webhook",
    "_webhook_payload",
]

__version__: Final[str]

PROFILES: Final[tuple[str, ...]]
"""Profile names, default first: ``("jcs", "python-sorted", "python-sorted-unicode", "go-json")``."""

ALGORITHMS: Final[tuple[str, ...]]
DEFAULT_DIGEST: Final[str]
"""Algorithm names (RFC 9421): ``hmac-sha256``, ``hmac-sha384``, ``hmac-sha512``, ``ed25519``,
``ecdsa-p256-sha256``, ``ecdsa-p384-sha384``, ``rsa-pss-sha512``, ``rsa-v1_5-sha256``."""

_Text: TypeAlias = bytes | bytearray | memoryview | str
_Binary: TypeAlias = bytes | bytearray | memoryview
_Payload: TypeAlias = _Text | dict[str, Any] | list[Any] | tuple[Any, ...] | int | float | bool | None

def canonicalize(
    data: _Text,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
    max_size: int = 67108864,
) -> bytes:
    """Canonicalize JSON text and return the canonical UTF-8 bytes.

    Raises ``canonsig.CanonicalizationError`` (a ``ValueError``) for input that is not
    one strict JSON text, over a limit, or an unknown profile.
    """

def canonicalize_value(
    obj: Any,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
) -> bytes:
    """Canonicalize a Python value (dict with str keys, list, tuple, str, int, float,
    bool, None) without going through JSON text.

    Any other type raises ``CanonicalizationError`` with code ``unsupported_value``.
    """

def check_canonical(
    data: _Text,
    *,
    profile: str = "jcs",
    allow_unsafe_integers: bool = False,
    max_depth: int = 128,
    max_size: int = 67108864,
) -> Departure | None:
    """Return ``None`` when ``data`` is already canonical, else where it first departs."""

@final
class Departure:
    """Where non-canonical input first departs from its canonical form."""

    def __new__(cls, offset: int, line: int, column: int) -> Departure: ...
    @property
    def offset(self) -> int:
        """Byte offset of the first differing byte."""
    @property
    def line(self) -> int:
        """1-based line of that byte."""
    @property
    def column(self) -> int:
        """1-based column (in bytes) of that byte."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@disjoint_base
class Key:
    """A signing or verification key; the algorithm is fixed when it is built.

    Build one with a class method. On ``Key`` itself they return the subclass that fits
    the key; on a subclass they refuse a key of another family (``InvalidKeyError``).
    Secret material never appears in ``repr``, ``str``, errors or traces.
    """

    @classmethod
    def from_pem(cls, pem: str | bytes, *, algorithm: str | None = None, key_id: str | None = None) -> Self:
        """Load a PEM key: PKCS#8 ``PRIVATE KEY``, SPKI ``PUBLIC KEY``, PKCS#1 ``RSA PRIVATE KEY``
        or SEC1 ``EC PRIVATE KEY``. RSA keys need ``algorithm`` (unless RSASSA-PSS)."""
    @classmethod
    def from_jwk(
        cls, jwk: str | bytes | Mapping[str, Any], *, algorithm: str | None = None, key_id: str | None = None
    ) -> Self:
        """Load a JWK (JSON text or a dict). HMAC and RSA JWKs without ``alg`` need ``algorithm``."""
    @classmethod
    def generate(cls, algorithm: str | None = None, *, key_id: str | None = None) -> Self:
        """A new random key; ``algorithm`` defaults to the class's (``Key.generate`` needs one)."""
    @classmethod
    def from_public_bytes(cls, data: _Binary, *, algorithm: str | None = None, key_id: str | None = None) -> Self:
        """A public key from its raw form (Ed25519: 32 bytes; ECDSA: uncompressed point;
        RSA: DER RSAPublicKey)."""
    @property
    def key_id(self) -> str:
        """The key id (asymmetric keys: RFC 7638 thumbprint by default; HMAC keys: "")."""
    @property
    def algorithm(self) -> str:
        """The algorithm (RFC 9421 name)."""
    @property
    def can_sign(self) -> bool:
        """True for a private key or an HMAC secret."""
    def public_key(self) -> Self:
        """The public half, same key id and class (HMAC keys have none: InvalidKeyError)."""
    def public_pem(self) -> str:
        """The public key as a ``PUBLIC KEY`` (SPKI) PEM."""
    def public_jwk(self) -> dict[str, Any]:
        """The public key as a JWK dict with ``alg`` and ``kid``."""
    def export_private_pem(self) -> str:
        """The private key as a PKCS#8 PEM. Secret."""
    def export_private_jwk(self) -> dict[str, Any]:
        """The whole key as a JWK dict. Secret."""
    def thumbprint(self) -> str:
        """The RFC 7638 JWK thumbprint (base64url SHA-256)."""
    def sign(self, message: _Binary) -> bytes:
        """Sign raw bytes (ECDSA: raw ``r||s``)."""
    def verify(self, message: _Binary, signature: _Binary) -> None:
        """Verify a signature over raw bytes; raises VerificationError / SignatureMismatch."""

@final
class HmacKey(Key):
    """An HMAC key (``hmac-sha256``, ``hmac-sha384``, ``hmac-sha512``): a shared secret."""

    def __new__(
        cls,
        secret: _Binary | str,
        *,
        algorithm: str = "hmac-sha256",
        key_id: str = "",
        encoding: str | None = None,
    ) -> HmacKey: ...
    def export_secret(self, encoding: str = "base64url") -> str:
        """The shared secret as text ("base64url", "base64" or "hex"). Secret."""

@final
class Ed25519Key(Key):
    """An Ed25519 key (``ed25519``)."""

@final
class EcdsaKey(Key):
    """An ECDSA key on P-256 or P-384 (``ecdsa-p256-sha256``, ``ecdsa-p384-sha384``); raw ``r||s``."""

@final
class RsaKey(Key):
    """An RSA key (``rsa-pss-sha512`` or ``rsa-v1_5-sha256``)."""

@final
class Signature:
    """A detached signature and the parameters it covers."""

    def __new__(
        cls,
        value: _Binary,
        *,
        algorithm: str | None = None,
        key_id: str = "",
        created: int | None = None,
        expires: int | None = None,
        nonce: str | None = None,
        profile: str = "jcs",
    ) -> Signature: ...
    @staticmethod
    def parse(text: str, encoding: str = "base64url") -> Signature:
        """Parse a header value (starts with ':') or a bare signature in ``encoding``."""
    @property
    def value(self) -> bytes:
        """The raw signature bytes."""
    @property
    def algorithm(self) -> str | None:
        """The signer's algorithm, or None for a bare value."""
    @property
    def key_id(self) -> str:
        """The signer's key id ("" when not given)."""
    @property
    def created(self) -> int | None:
        """Creation time (Unix seconds)."""
    @property
    def expires(self) -> int | None:
        """Expiry time (Unix seconds)."""
    @property
    def nonce(self) -> str | None:
        """Replay-protection nonce."""
    @property
    def profile(self) -> str:
        """Canonicalization profile of the signed bytes."""
    def encode(self, encoding: str = "base64url") -> str:
        """The signature bytes as text ("base64url", "base64" or "hex")."""
    def to_header(self) -> str:
        """The signature with its parameters as one header value."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Verified:
    """What a successful verification established."""

    @property
    def key_id(self) -> str:
        """The id of the key that verified."""
    @property
    def algorithm(self) -> str:
        """Its algorithm."""
    @property
    def signed_sha256(self) -> str:
        """SHA-256 (hex) of the bytes that were verified."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class _NonceStore(Protocol):
    def check_and_store(self, nonce: str, ttl: float, now: int, /) -> bool: ...

@final
class MemoryNonceStore:
    """A bounded in-memory nonce store."""

    def __new__(cls, capacity: int = 100000) -> MemoryNonceStore: ...
    def __len__(self) -> int: ...

@final
class RedisNonceStore:
    """Nonces kept in Redis, so that a signature is accepted once by every verifier sharing it."""

    def __new__(cls, url: str, *, prefix: str = "canonsig:", timeout: float | timedelta = 1.0) -> RedisNonceStore: ...
    def initialize(self) -> bool:
        """Mark a new, empty namespace as complete so it serves at once; True when it did."""
    def ping(self) -> None:
        """Raise VerificationError (`nonce_store_unavailable`) unless Redis answers."""
    def check_and_store(self, nonce: str, ttl: float | timedelta, now: int) -> bool:
        """Record `nonce` for `ttl` seconds at Unix time `now`: True when it was new."""
    @property
    def address(self) -> str:
        """`host:port` of the Redis server (never the password)."""
    @property
    def prefix(self) -> str:
        """The key prefix."""

@final
class Verifier:
    """A verification policy over a key ring."""

    def __new__(
        cls,
        keys: Key | Iterable[Key],
        *,
        algorithms: Iterable[str] | None = None,
        tolerance: float | timedelta = 300,
        clock: Callable[[], float] | None = None,
        nonce_store: MemoryNonceStore | _NonceStore | None = None,
        require_created: bool = False,
        require_nonce: bool = False,
    ) -> Verifier: ...
    def verify_json(self, payload: _Payload, signature: Signature | str, *, encoding: str = "base64url") -> Verified:
        """Verify a signed JSON payload under this policy."""
    def verify_json_traced(
        self,
        payload: _Payload,
        signature: Signature | str,
        *,
        encoding: str = "base64url",
        include_signing_string: bool = False,
        request_id: str | None = None,
    ) -> tuple[Verified, dict[str, Any]]:
        """Verify and return the verifier's trace; on failure the exception has ``.trace``."""

def sign_json(
    payload: _Payload,
    key: Key,
    *,
    profile: str = "jcs",
    created: int | None = None,
    expires: int | None = None,
    nonce: str | None = None,
) -> Signature:
    """Sign the canonical form of a JSON payload (text, or a parsed value)."""

def sign_json_traced(
    payload: _Payload,
    key: Key,
    *,
    profile: str = "jcs",
    created: int | None = None,
    expires: int | None = None,
    nonce: str | None = None,
    include_signing_string: bool = False,
    request_id: str | None = None,
) -> tuple[Signature, dict[str, Any]]:
    """Sign like ``sign_json`` and also return the signing trace (a dict)."""

def verify_json(
    payload: _Payload,
    signature: Signature | str,
    keys: Key | Iterable[Key],
    *,
    encoding: str = "base64url",
) -> Verified:
    """Verify with the default policy (300 s tolerance, system clock, no replay store)."""

# --- diff and explain (the public classes are in canonsig._diff) ------------------------------

CAUSES: Final[tuple[str, ...]]
"""Every cause name ``explain`` can report (``"bom"``, ``"key_order"``, ``"value_changed"``, ...),
in the order findings are listed."""

# The core's JSON of each result (`to_json`: whole, in its order); forensics adds the exact
# signed bytes of a match.
def _diff(expected: _Text, actual: _Text) -> str: ...
def _explain(expected: _Text, actual: _Text) -> str: ...
def _explain_traces(expected: _Text, actual: _Text) -> str: ...
def _forensics(payload: _Text, signature: str, key: Key) -> tuple[str, bytes | None]: ...
def visible(data: _Text) -> str:
    """Bytes (or ``str``, as UTF-8) made visible: invisible characters as ``⟨NAME⟩`` or
    ``⟨U+XXXX⟩`` markers, bytes that are not UTF-8 as ``⟨xFF⟩``, a literal ``⟨`` doubled."""

# --- request-signing schemes (private bridge; see canonsig.http, canonsig.aws, canonsig.webhooks) ---

class _RequestLike(Protocol):
    @property
    def method(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def scheme(self) -> str | None: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...

_Lines: TypeAlias = list[tuple[str, str]]
_RequestParts: TypeAlias = tuple[str, str, str | None, _Lines, bytes]
_InputParts: TypeAlias = tuple[str, list[str], list[tuple[str, Any]]]
_AwsSettings: TypeAlias = tuple[bool, bool, str, bool, bool]
_AwsSigned: TypeAlias = tuple[_RequestParts, str, str, str, str, str, str, str | None, str, _Lines]
_WebhookVerified: TypeAlias = tuple[str, bytes, int | None, str]
_IntOrFlag: TypeAlias = int | bool | None
_StrOrFlag: TypeAlias = str | bool | None

def _parse_http(raw: _Binary) -> _RequestParts: ...
def _request_url(request: _RequestLike) -> str: ...
def _parse_http_response(raw: _Binary) -> tuple[int, _Lines, bytes]: ...
def _http_input(text: str) -> _InputParts: ...
def _http_signature_base(
    message: Any,
    related: Any | None,
    components: Any,
    created: int | None,
    keyid: str | None,
    alg: str | None,
    expires: int | None,
    nonce: str | None,
    tag: str | None,
) -> str: ...
def _http_default_components(message: Any, related: Any | None = None) -> list[str]: ...
def _http_sign(
    message: Any,
    related: Any | None,
    key: Key,
    components: Any | None,
    label: str,
    content_digest: str | None,
    json_profile: tuple[str, bool] | None,
    created: _IntOrFlag,
    expires: int | None,
    expires_in: int | None,
    nonce: _StrOrFlag,
    alg: _StrOrFlag,
    keyid: _StrOrFlag,
    tag: str | None,
    now: int,
) -> tuple[str, str, str, str, bytes, _Lines, _Lines]: ...
def _http_accept_signature(
    label: str, components: Any, keyid: str | None, alg: str | None, nonce: str | None, tag: str | None
) -> str: ...
def _http_parse_signature_input(value: str, accept: bool) -> list[tuple[str, _InputParts]]: ...
def _http_parse_signature(value: str) -> list[tuple[str, bytes]]: ...
def _digest_name(name: str) -> str: ...
def _content_digest(body: _Binary, algorithms: list[str]) -> str: ...
def _verify_content_digest(value: str, body: _Binary) -> list[str]: ...
def _want_content_digest(preferences: list[tuple[str, int]]) -> str: ...
def _parse_want_content_digest(value: str) -> list[tuple[str, int]]: ...
def _preferred_digest(value: str) -> str | None: ...

@final
class _HttpVerifier:
    def __new__(
        cls,
        keys: Key | Iterable[Key],
        clock_skew: int | None,
        max_age: int | None,
        require_created: bool | None,
        require_expires: bool | None,
        required: list[str],
        check_content_digest: bool | None,
    ) -> _HttpVerifier: ...
    def verify(
        self, message: Any, related: Any | None, label: str | None, now: int, json_profile: bool | None
    ) -> tuple[str, str, str, _InputParts, str]: ...

@final
class _SigV4Signer:
    def __new__(
        cls,
        access_key_id: str,
        secret_access_key: str,
        session_token: str | None,
        region: str,
        service: str,
        settings_arg: _AwsSettings,
        v4a: bool,
        http_client: bool,
    ) -> _SigV4Signer: ...
    def sign(self, request: _RequestLike, time: int) -> _AwsSigned: ...
    def presign(self, request: _RequestLike, time: int, expires: int | None) -> _AwsSigned: ...

@final
class _SigV4Verifier:
    def __new__(
        cls,
        credentials_list: list[tuple[str, str, str | None]],
        region: str | None,
        service: str | None,
        settings_arg: _AwsSettings,
        tolerance: int | None,
        allow_unsigned_payload: bool | None,
    ) -> _SigV4Verifier: ...
    def verify(
        self, request: _RequestLike, now: int
    ) -> tuple[str, str, str, str, int, list[str], int | None, str, str]: ...

def _sigv4a_public_key(access_key_id: str, secret_access_key: str) -> bytes: ...
def _aws_settings(name: str) -> _AwsSettings: ...
def _aws_signed_parts(request: _RequestLike, settings_arg: _AwsSettings) -> tuple[str, str, str, str, str, str]: ...
def _explain_aws(document: str, request: _RequestLike, settings_arg: _AwsSettings) -> str: ...

@final
class _Webhook:
    def __new__(cls, provider: str, secret: str, tolerance: int | None, allow_sha1: bool) -> _Webhook: ...
    @property
    def tolerance(self) -> int | None: ...
    def sign(
        self,
        body: _Binary,
        timestamp: int | None,
        msg_id: str | None,
        url: str | None,
        params: _Lines,
        now: int,
    ) -> tuple[_Lines, str, bytes]: ...
    def sign_sha1(self, body: _Binary) -> str: ...
    def verify(self, headers: _Lines, body: _Binary, now: int) -> _WebhookVerified: ...
    def verify_request(self, request: _RequestLike, now: int) -> _WebhookVerified: ...
    def verify_twilio(self, kind: str, url: str, signature: str, params: _Lines, body: _Binary) -> _WebhookVerified: ...

def _webhook_payload(
    provider: str, body: _Binary, timestamp: int | None, msg_id: str | None, url: str | None, params: _Lines
) -> bytes: ...
