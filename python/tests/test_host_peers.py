"""Differential tests for the host a request signs (the host rule), on generated URLs and
IDN labels (deterministic seeds). canonsig's rule (``fixtures/schemes/README.md`` "The host
rule", ``core/src/scheme/host.rs``): with an absolute URL and no Host line, SigV4's ``host``
and RFC 9421's ``@authority`` are the authority an HTTP client sends: userinfo removed, the
host lower-cased, the scheme's default port dropped, an IPv6 literal bracketed and
lower-cased without its zone id, a trailing dot kept, a non-ASCII host through UTS 46 as the
WHATWG URL Standard's "domain to ASCII" applies it (nontransitional, beStrict=false: the
``idna`` crate 1.1.0 of rust-url, ``AsciiDenyList::URL``, with idna_adapter 1.2.2 on ICU4X
2.4), refused with ``malformed_request`` where that refuses it; an ASCII host lower-cased.

The oracles (none of them is canonsig; versions as installed when this was written, the
running ones are printed in the REPORT lines):

- **WHATWG URL**, the primary IDN oracle: Node's ``url.domainToASCII`` (Node 20.20.2, whose
  URL parser is ada 2.9.2; ``""`` where the standard refuses the domain), one ``node``
  process for the module, JSON lines on its stdin and stdout. It is what fetch and browsers
  send. Node 20's ada lags the standard in three named ways (ada moved to UTS 46 15.1 in
  ada 3.0, ada-url/idna#46; its Bidi gaps are ada-url/ada#1136 and #1145), checked against
  PyPI idna's current tables wherever they show: see NODE20_LAG.
- **the wire host**: the ``Host`` line that ``requests`` 2.34.2 writes, captured from the bytes
  ``http.client`` hands to a stand-in socket (no network): ``PreparedRequest.prepare_url``,
  ``urllib3`` 2.8.0 ``parse_url`` (lower-casing; it also converts a non-ASCII host itself, label
  by label, as ``idna.encode(label.lower(), strict=True, std3_rules=True)``: IDNA 2008 without
  the UTS 46 mapping, so requests' own UTS 46 step never runs), urllib3's connection (drops a
  trailing dot and an IPv6 zone) and ``http.client``'s default-port rule;
- **botocore** 1.44.8 ``SigV4Auth`` at a frozen clock, fed the URL with the wire host (its
  Authorization must equal canonsig's), and fed the URL as written (where it keeps a Unicode
  host and a zone id: documented differences, asserted to be exactly that);
- secondary IDN oracles: **PyPI idna** 3.21 (UTS 46 data 18.0.0; ``idna.encode(label,
  uts46=True)``: nontransitional mapping, then the IDNA 2008 validity rules), its mapping
  alone (``idna.uts46_remap``) with the stdlib ``punycode`` codec (RFC 3492), and the stdlib
  ``encodings.idna`` (IDNA 2003, nameprep of Unicode 3.2), under CPython 3.11
  (``unicodedata`` 14.0.0: generated code points are the ones assigned there).

Where the oracles differ from WHATWG (and canonsig), a named ``*_difference_*`` test shows it
on small examples: idna applies IDNA 2008's validity rules, stricter than beStrict=false
(hyphens, length, DISALLOWED symbols, CONTEXTO); IDNA 2003 maps ß to ss and ς to σ and drops
joiners, with Unicode 3.2's mappings; requests refuses what urllib3's strict IDNA 2008 refuses
(a label UTS 46's mapping changes beyond ``str.lower``) and lower-cases Σ with it (ς at the end
of a word, where UTS 46 gives σ); urllib3 strips a trailing dot that botocore, ``http.client``
and WHATWG URL keep, and canonsig keeps (its requests adapter signs what urllib3 sends).

The generated runs count their cases and fail on any disagreement with WHATWG that is not a
named Node 20 lag. Found by it and fixed in core: UTS 46 instead of lower-casing + NFC for
IDN hosts, an IPv6 zone id dropped, an ASCII host with an invalid ``xn--`` label refused.
"""

from __future__ import annotations

import datetime
import functools
import http.client as http_client
import json
import random
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Union
from urllib.parse import urlsplit

import pytest

import canonsig
from canonsig import aws, http
from support import REPORT

botocore_auth = pytest.importorskip("botocore.auth", reason="pip install botocore (SigV4 oracle)")
requests = pytest.importorskip("requests", reason="pip install requests (wire-host oracle)")
AWSRequest = pytest.importorskip("botocore.awsrequest").AWSRequest
BotoCredentials = pytest.importorskip("botocore.credentials").Credentials
import idna  # noqa: E402  (requests' own dependencies, typed)
import urllib3  # noqa: E402

URL_CASES = 400
LABEL_CASES = 720
AK, SK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
T = 1_700_000_000
UTC = datetime.timezone.utc
VERSIONS = ", ".join(f"{name} {version(name)}" for name in ("botocore", "requests", "urllib3", "idna"))

# --- the oracles ----------------------------------------------------------------------------


class _Socket:
    """Stands in for the TCP socket: keeps what ``http.client`` writes; nothing is sent."""

    def __init__(self) -> None:
        self.sent = bytearray()

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def settimeout(self, timeout: object) -> None:
        pass

    def close(self) -> None:
        pass


def wire_bytes(prepared: Any) -> bytes:
    """The request bytes ``requests`` sends for ``prepared``: urllib3's pool for its URL makes
    the connection (``_new_conn`` is how urllib3 builds it), ``http.client`` writes the request
    line and the headers, ``Host`` included, into a stand-in socket."""
    pool = urllib3.connection_from_url(prepared.url)
    connection: Any = pool._new_conn()  # an http.client connection: it has .sock
    sock = connection.sock = _Socket()
    connection.request(prepared.method, prepared.path_url, body=prepared.body, headers=dict(prepared.headers))
    return bytes(sock.sent)


@functools.cache
def wire_host(url: str) -> str:
    """The ``Host`` line ``requests`` sends for ``url``. Raises ``requests``' ``InvalidURL``
    for a URL it refuses (a host its IDNA step refuses, a port out of range)."""
    for line in wire_bytes(requests.Request("GET", url).prepare()).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.lower() == b"host":
            return value.strip().decode("ascii")
    raise AssertionError(f"no Host line sent for {url!r}")


def botocore_sign(method: str, url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """(Authorization, host line of the canonical request) that botocore's ``SigV4Auth`` gives
    ``url`` at ``T``."""
    request = AWSRequest(method=method, url=url, data=b"")
    monkeypatch.setattr(
        botocore_auth, "get_current_datetime", lambda remove_tzinfo=True: datetime.datetime.fromtimestamp(T, UTC)
    )
    signer = botocore_auth.SigV4Auth(BotoCredentials(AK, SK), "service", "us-east-1")
    signer.add_auth(request)
    return request.headers["Authorization"], host_line(signer.canonical_request(request))


def host_line(canonical_request: str) -> str:
    (line,) = [line for line in canonical_request.split("\n") if line.startswith("host:")]
    return line[len("host:") :]


SIGNER = aws.Signer(aws.Credentials(AK, SK), "us-east-1", "service")


def ours_authority(url: str) -> str:
    """canonsig's ``@authority`` for ``url`` (RFC 9421, through the public API)."""
    base = http.signature_base(canonsig.Request("GET", url), ["@authority"])
    first = base.split("\n")[0]
    assert first.startswith('"@authority": '), base
    return first[len('"@authority": ') :]


#: Reads JSON arrays of domains, one a line; writes their ``url.domainToASCII`` ("" where
#: WHATWG URL refuses the domain), one array a line. Its first line: the versions.
_DOMAIN_TO_ASCII_JS = r"""
const { domainToASCII } = require("node:url");
const { node, ada, icu, unicode } = process.versions;
process.stdout.write(JSON.stringify({ node, ada, icu, unicode }) + "\n");
require("node:readline")
  .createInterface({ input: process.stdin })
  .on("line", (line) => {
    process.stdout.write(JSON.stringify(JSON.parse(line).map((domain) => domainToASCII(domain))) + "\n");
  });
"""


class Whatwg:
    """Node's ``url.domainToASCII``: the WHATWG URL Standard's host parser, so its "domain to
    ASCII" (UTS 46 nontransitional, beStrict=false). One ``node`` process for the module."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.versions: dict[str, str] = {}

    def to_ascii(self, domains: Sequence[str]) -> list[str | None]:
        """Each domain's ASCII form, None where WHATWG URL refuses it."""
        process = self.process or self._start()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(list(domains)) + "\n")  # ASCII JSON: one line
        process.stdin.flush()
        answers = json.loads(process.stdout.readline())
        assert isinstance(answers, list) and len(answers) == len(domains), answers
        return [answer or None for answer in answers]

    def _start(self) -> subprocess.Popen[str]:
        node = shutil.which("node")
        if node is None:
            pytest.skip("node is not on PATH (the WHATWG URL oracle)")
        process = subprocess.Popen(
            [node, "-e", _DOMAIN_TO_ASCII_JS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        self.versions = json.loads(process.stdout.readline())
        self.process = process
        return process

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None

    def describe(self) -> str:
        v = self.versions
        return f"node {v.get('node')} (ada {v.get('ada')}, ICU {v.get('icu')})"


WHATWG = Whatwg()


def teardown_module() -> None:
    WHATWG.close()


# --- 1 and 2: generated URLs ----------------------------------------------------------------

ASCII_LABELS = ("example", "api", "s3", "us-east-1", "amazonaws", "a-b", "x1", "localhost", "svc", "0day")
#: Valid IDN labels on which every oracle agrees (Greek sigma is left to the label run: its
#: lower-casing by requests depends on the letters around it).
IDN_LABELS = (
    "bücher",
    "münchen",
    "éxample",
    "рф",
    "пример",
    "例え",
    "テスト",
    "παράδειγμα",
    "straße",
    "ñandú",
    "çà",
    "xn--bcher-kva",
)
TLDS = ("com", "example", "org", "рф", "COM", "xn--p1ai")
IPV4 = ("127.0.0.1", "192.0.2.10", "10.0.0.255", "203.0.113.7")
IPV6 = (
    "[::1]",
    "[2001:DB8::1]",
    "[2001:db8:0:0:0:0:0:1]",
    "[::FFFF:192.0.2.1]",
    "[FE80::A:b:C]",
    "[2001:Db8::Cafe]",
    "[fe80::1%25eth0]",  # RFC 6874 zone ids: not sent on the wire
    "[FE80::a:B%25En0]",
)
USERINFO = ("", "", "", "user@", "user:pw@", "us%40er:p%3Aw@")
SCHEMES = ("https", "https", "http", "HTTPS", "Http")
PATHS = ("/", "/a/b", "/x%20y/", "/p?q=1&r=2", "/")
DEFAULT_PORT = {"https": "443", "http": "80"}


@dataclass(frozen=True)
class UrlCase:
    seed: int
    url: str
    """As a user writes it."""
    scheme: str
    """Lower case."""
    kind: str
    """``"reg-name"``, ``"idn"``, ``"ipv4"`` or ``"ipv6"``."""
    port: str | None
    userinfo: bool
    trailing_dot: bool
    zone: bool
    path: str
    wire: str
    """The Host line requests sends."""


def mixed_case(text: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.4 and len(c.upper()) == 1 else c for c in text)


@functools.cache
def generated_urls() -> tuple[UrlCase, ...]:
    cases = []
    for seed in range(URL_CASES):
        rng = random.Random(4000 + seed)
        written_scheme = rng.choice(SCHEMES)
        scheme = written_scheme.lower()
        roll = rng.random()
        trailing_dot = False
        if roll < 0.6:
            labels = [
                rng.choice(IDN_LABELS) if rng.random() < 0.35 else rng.choice(ASCII_LABELS)
                for _ in range(rng.randint(1, 3))
            ]
            host = ".".join(mixed_case(label, rng) for label in [*labels, rng.choice(TLDS)])
            kind = "reg-name" if host.isascii() else "idn"
            if rng.random() < 0.08:
                host += "."
                trailing_dot = True
        elif roll < 0.75:
            host, kind = rng.choice(IPV4), "ipv4"
        else:
            host, kind = mixed_case(rng.choice(IPV6), rng), "ipv6"
        port = rng.choice([None, None, "default", "other-default", "8443", "8080", "08443", "", "65535"])
        if port == "default":
            port = DEFAULT_PORT[scheme]
        elif port == "other-default":
            port = DEFAULT_PORT["http" if scheme == "https" else "https"]
        userinfo = rng.choice(USERINFO)
        path = rng.choice(PATHS)
        url = f"{written_scheme}://{userinfo}{host}" + ("" if port is None else f":{port}") + path
        zone = "%25" in host
        cases.append(UrlCase(seed, url, scheme, kind, port, bool(userinfo), trailing_dot, zone, path, wire_host(url)))
    return tuple(cases)


def with_fqdn_dot(authority: str) -> str:
    """``example.com:8443`` -> ``example.com.:8443`` (a reg-name: its only ``:`` is the port's)."""
    host, colon, port = authority.partition(":")
    return host + "." + colon + port


def without_zone(authority: str) -> str:
    """``[fe80::1%25eth0]:8443`` -> ``[fe80::1]:8443``."""
    return re.sub(r"%25[^\]]*\]", "]", authority)


def test_sigv4_host_agrees_with_botocore_over_the_wire_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """canonsig signs the URL as written; botocore signs the same URL with the host requests
    sends (the oracle's host). Same Authorization, and canonsig's signed host and
    ``signed.url`` authority are that Host line; canonsig verifies botocore's signature. A
    trailing dot is kept (decided: test_trailing_dot_difference_urllib3_strips_it), so there
    the oracle's host is the wire host with the dot put back; a zone id is dropped, as the
    wire drops it. botocore fed the URL as written differs only on a Unicode host, which it
    signs as given (documented; the conversion the wire applies to botocore's host gives the
    wire host, so the difference is exactly the IDNA step), and on a zone id, which it keeps
    (test_ipv6_zone_difference_botocore_keeps_it)."""
    verifier = aws.Verifier(aws.Credentials(AK, SK), clock=lambda: T)
    tally: Counter[str] = Counter()
    disagreements: list[tuple[Any, ...]] = []
    for case in generated_urls():
        tally["cases"] += 1
        tally[case.kind] += 1
        tally["with a port"] += case.port is not None
        tally["with userinfo"] += case.userinfo
        tally["with a zone id"] += case.zone
        ours = SIGNER.sign(canonsig.Request("GET", case.url), time=T)
        ours_host = host_line(ours.canonical_request)
        # The decided trailing-dot rule: the wire host with the dot kept (test_trailing_dot_...).
        expected = with_fqdn_dot(case.wire) if case.trailing_dot else case.wire
        oracle_url = f"{case.scheme}://{expected}{case.path}"
        theirs, theirs_host = botocore_sign("GET", oracle_url, monkeypatch)
        if (ours.authorization, ours_host, urlsplit(ours.url).netloc) != (theirs, expected, expected):
            disagreements.append((case, ours_host, theirs_host, ours.url))
            continue
        # canonsig verifies what botocore signed over the wire URL.
        signed = canonsig.Request("GET", oracle_url, [("X-Amz-Date", ours.amz_date), ("Authorization", theirs)])
        assert verifier.verify(signed).canonical_request == ours.canonical_request
        tally["trailing dot (kept; urllib3 strips it)" if case.trailing_dot else "agree"] += 1
        raw_authorization, raw_host = botocore_sign("GET", case.url, monkeypatch)
        if raw_authorization == ours.authorization:
            tally["botocore agrees on the URL as written"] += 1
        elif not raw_host.isascii() and case.kind == "idn" and wire_host(f"{case.scheme}://{raw_host}/") == case.wire:
            tally["botocore keeps the Unicode host (documented)"] += 1
        elif case.zone and raw_host != ours_host and without_zone(raw_host) == ours_host:
            tally["botocore keeps the zone id"] += 1
        else:
            disagreements.append((case, "botocore on the URL as written", raw_host))
    assert tally["cases"] == URL_CASES
    REPORT.append(
        f"sigv4 host vs botocore over requests' wire host: {URL_CASES} generated URLs ({tally['idn']} IDN, "
        f"{tally['ipv6']} IPv6 of which {tally['with a zone id']} with a zone id, {tally['ipv4']} IPv4, "
        f"{tally['with a port']} with a port, {tally['with userinfo']} with userinfo), {tally['agree']} agree, "
        f"{tally['trailing dot (kept; urllib3 strips it)']} trailing-dot (canonsig and botocore keep it, urllib3 "
        f"strips it); botocore on the URL as written: {tally['botocore agrees on the URL as written']} agree, "
        f"{tally['botocore keeps the Unicode host (documented)']} Unicode hosts (documented), "
        f"{tally['botocore keeps the zone id']} zone ids (botocore keeps them); "
        f"{len(disagreements)} disagreements [{VERSIONS}]"
    )
    assert not disagreements, disagreements[:3]


def test_rfc9421_authority_agrees_with_the_wire_host() -> None:
    """RFC 9421 §2.2.3: ``@authority`` is the target URI's authority (RFC 9110 §7.2) with the
    host lower-cased and the default port omitted: the Host line requests sends (a zone id
    dropped as the wire drops it; a trailing dot kept)."""
    tally: Counter[str] = Counter()
    disagreements: list[tuple[Any, ...]] = []
    for case in generated_urls():
        tally["cases"] += 1
        ours = ours_authority(case.url)
        if case.trailing_dot:
            tally["trailing dot"] += 1
            if ours != with_fqdn_dot(case.wire):
                disagreements.append((case, ours))
        elif ours == case.wire:
            tally["agree"] += 1
            tally["agree with a zone id"] += case.zone
        else:
            disagreements.append((case, ours))
    assert tally["cases"] == URL_CASES
    REPORT.append(
        f"rfc9421 @authority vs requests' wire host: {URL_CASES} generated URLs, {tally['agree']} agree "
        f"({tally['agree with a zone id']} with a zone id), {tally['trailing dot']} trailing-dot (kept, as "
        f"RFC 9110 §7.2 writes the authority; urllib3 strips it), {len(disagreements)} disagreements"
    )
    assert not disagreements, disagreements[:3]


def test_trailing_dot_difference_urllib3_strips_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decided: core keeps a trailing dot (``example.com.``) in the signed host, as botocore
    signs it, as ``http.client`` alone sends it, as WHATWG URL (fetch) keeps it in the host,
    and as RFC 9110 §7.2 writes Host (the target URI's authority). urllib3, so requests,
    strips it from the Host line it sends (``urllib3.connection.HTTPConnection.host``; botocore's
    own connections subclass it). canonsig's requests adapter compensates:
    ``Request.from_requests`` signs the host urllib3 sends (test_requests_auth_agrees_with_the_wire)."""
    url = "https://Example.COM.:8443/"
    assert host_line(SIGNER.sign(canonsig.Request("GET", url), time=T).canonical_request) == "example.com.:8443"
    assert botocore_sign("GET", url, monkeypatch)[1] == "example.com.:8443"
    assert ours_authority(url) == "example.com.:8443"
    assert WHATWG.to_ascii(["Example.COM.", "bücher.example."]) == ["example.com.", "xn--bcher-kva.example."]
    assert ours_authority("https://bücher.example./") == "xn--bcher-kva.example."
    assert http_client_host("example.com.", 443) == "example.com."
    assert wire_host(url) == "example.com:8443"
    adapted = canonsig.Request.from_requests(requests.Request("GET", url).prepare())
    assert urlsplit(adapted.target).netloc == "example.com:8443"
    assert host_line(SIGNER.sign(adapted, time=T).canonical_request) == wire_host(url)


def http_client_host(host: str, port: int) -> str:
    """The Host line ``http.client`` alone (no urllib3) sends to ``host``."""
    connection = http_client.HTTPSConnection(host, port)
    sock = _Socket()
    connection.sock = sock
    connection.request("GET", "/")
    (line,) = [line for line in bytes(sock.sent).split(b"\r\n") if line.lower().startswith(b"host:")]
    return line.partition(b":")[2].strip().decode("ascii")


def test_ipv6_zone_difference_botocore_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """An IPv6 zone (RFC 6874 ``%25eth0``) is local to the client: urllib3 sends the address
    without it, and canonsig signs it so (also when a Host line is built from the URL).
    botocore keeps it in the host it signs, so a botocore signature over such a URL does not
    match what urllib3 (botocore's own transport) sends. WHATWG URL parsers (fetch) refuse
    the URL."""
    url = "https://[FE80::1%25eth0]:8443/"
    assert host_line(SIGNER.sign(canonsig.Request("GET", url), time=T).canonical_request) == "[fe80::1]:8443"
    assert ours_authority(url) == "[fe80::1]:8443"
    assert wire_host(url) == "[fe80::1]:8443"
    assert botocore_sign("GET", url, monkeypatch)[1] == "[fe80::1%25eth0]:8443"


def test_port_zero_difference_requests_drops_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Port 0 (no server listens there): requests drops it from the URL (``if port:``);
    canonsig and botocore sign ``:0``. canonsig's requests adapter signs requests' URL, so it
    agrees with what requests sends."""
    url = "https://a.example:0/"
    assert host_line(SIGNER.sign(canonsig.Request("GET", url), time=T).canonical_request) == "a.example:0"
    assert botocore_sign("GET", url, monkeypatch)[1] == "a.example:0"
    assert wire_host(url) == "a.example"


def requests_auth_verdict(url: str) -> str:
    """Signs ``url`` with ``canonsig.aws.RequestsAuth``, captures the bytes requests sends,
    and verifies them as a server would (canonsig's Verifier over the received request)."""
    credentials = aws.Credentials(AK, SK)
    auth = aws.RequestsAuth(credentials, "us-east-1", "service", clock=lambda: T)
    raw = wire_bytes(requests.Request("GET", url, auth=auth).prepare())
    received = canonsig.Request.parse(raw)
    received.scheme = urlsplit(url).scheme
    try:
        aws.Verifier(credentials, clock=lambda: T).verify(received)
    except canonsig.Error as e:
        return e.code
    return "verified"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://Example.COM:443/a", id="default-port"),
        pytest.param("https://user:pw@Bücher.example:8443/", id="idn-userinfo"),
        pytest.param("http://[2001:DB8::1]:80/", id="ipv6"),
        pytest.param("https://example.com./", id="trailing-dot"),
        pytest.param("https://Example.COM.:8443/a?b=1", id="trailing-dot-port"),
        pytest.param("https://[fe80::1%25eth0]/", id="ipv6-zone"),
        pytest.param("https://[FE80::1%25eth0]:8443/", id="ipv6-zone-port"),
    ],
)
def test_requests_auth_agrees_with_the_wire(url: str) -> None:
    """What canonsig's requests adapter signs is what requests puts on the wire: the server
    (canonsig's Verifier over the bytes sent) verifies it."""
    assert requests_auth_verdict(url) == "verified"


# --- 3: IDN labels against WHATWG URL, idna (UTS 46), encodings.idna (IDNA 2003), requests ----


def _pool(*ranges: tuple[int, int]) -> tuple[str, ...]:
    """The code points of ``ranges`` assigned in this Python's Unicode (14.0), controls,
    surrogates and private use left out."""
    return tuple(
        chr(c)
        for low, high in ranges
        for c in range(low, high + 1)
        if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co", "Cc")
    )


SCRIPTS = {
    "latin": _pool((0xC0, 0x24F)),
    "greek": _pool((0x370, 0x3FF)),
    "greek-extended": _pool((0x1F00, 0x1FFF)),
    "cyrillic": _pool((0x400, 0x4FF), (0x1C80, 0x1C88)),
    "hebrew": _pool((0x5D0, 0x5EA)),
    "arabic": _pool((0x620, 0x64A)),
    "devanagari": _pool((0x900, 0x97F)),
    "thai": _pool((0xE01, 0xE5B)),
    "hangul": _pool((0xAC00, 0xAD8F)),
    "kana": _pool((0x3041, 0x30FF)),
    "cjk": _pool((0x4E00, 0x55CF)),
}
CHEROKEE = _pool((0x13A0, 0x13FD), (0xAB70, 0xABBF))
COMBINING = _pool((0x300, 0x36F))
SYMBOLS = (*_pool((0x2600, 0x26FF)), "\U0001f600", "€", "©", "♥", "×")
#: Characters NFKC changes (UTS 46 maps them): ligatures, full-width and circled letters,
#: Roman numerals, squared units, superscripts, long s, titlecase digraphs.
COMPAT = ("ﬁ", "ﬂ", "①", "Ⅸ", "㎏", "²", "ſ", "ǅ", *_pool((0xFF21, 0xFF3A), (0xFF41, 0xFF5A)))
#: Singletons NFC itself maps: KELVIN SIGN to K, OHM SIGN to Ω, ANGSTROM SIGN to Å.
SINGLETONS = ("\u212a", "\u2126", "\u212b")
#: Code points UTS 46 ignores (drops): soft hyphen, zero width space, word joiner,
#: variation selectors, combining grapheme joiner, Mongolian free variation selector.
IGNORED = ("\u00ad", "\u200b", "\u2060", "\ufe00", "\ufe0f", "\u034f", "\u180b")
JOINERS = ("\u200c", "\u200d")
#: U+3002 IDEOGRAPHIC FULL STOP and its full- and half-width forms: label separators in UTS 46.
DOTS = ("\u3002", "\uff0e", "\uff61")
SPECIAL = ("ß", "ẞ", "ς", "Σ", "σ", "İ", "ı", "ǰ", "ŉ", "ǈ")
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _word(rng: random.Random, pool: tuple[str, ...] | str, low: int = 1, high: int = 8) -> str:
    return "".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _insert(rng: random.Random, label: str, char: str) -> str:
    at = rng.randint(0, len(label))
    return label[:at] + char + label[at:]


def _script(rng: random.Random) -> str:
    return mixed_case(_word(rng, SCRIPTS[rng.choice(sorted(SCRIPTS))]), rng)


def _valid_punycode(rng: random.Random) -> str:
    for _ in range(20):
        try:
            return idna.encode(_script(rng), uts46=True).decode("ascii")
        except idna.IDNAError:
            continue
    return "xn--bcher-kva"


LABEL_KINDS: dict[str, Callable[[random.Random], str]] = {
    "script": _script,
    "script-and-ascii": lambda rng: "".join(
        _script(rng) if rng.random() < 0.5 else _word(rng, ASCII + "-", 1, 4) for _ in range(rng.randint(2, 4))
    ),
    "nfd": lambda rng: unicodedata.normalize("NFD", _script(rng) + rng.choice("éüñçåøŞǕ")),
    "combining": lambda rng: (
        ("" if rng.random() < 0.85 else rng.choice(COMBINING))
        + "".join(rng.choice(ASCII[:26]) + _word(rng, COMBINING, 0, 2) for _ in range(rng.randint(1, 5)))
    ),
    "punycode": lambda rng: mixed_case(
        _valid_punycode(rng) if rng.random() < 0.7 else "xn--" + _word(rng, ASCII[:36] + "-", 1, 8), rng
    ),
    "hyphens": lambda rng: rng.choice(
        [
            "-" + _script(rng),
            _script(rng) + "-",
            _word(rng, ASCII, 2, 2) + "--" + _script(rng),
            _script(rng) + "-" + _word(rng, ASCII + "-", 1, 6),
            _word(rng, ASCII + "-", 1, 10),
        ]
    ),
    "long": lambda rng: _word(rng, ASCII[:36], 45, 62) + _word(rng, SCRIPTS["latin"], 1, 3),
    "compat": lambda rng: _insert(rng, _script(rng), rng.choice(COMPAT)),
    "singleton": lambda rng: rng.choice(["", _word(rng, ASCII, 1, 3), _script(rng)]) + rng.choice(SINGLETONS),
    "ignored": lambda rng: _insert(rng, _script(rng), rng.choice(IGNORED)),
    "joiner": lambda rng: _insert(rng, _script(rng), rng.choice(JOINERS)),
    "dots": lambda rng: _insert(rng, _script(rng) + "a", rng.choice(DOTS)),
    "special": lambda rng: _word(rng, SPECIAL + tuple("abc"), 1, 6),
    "cherokee": lambda rng: _word(rng, CHEROKEE, 1, 6),
    "symbols": lambda rng: _insert(rng, _word(rng, ASCII, 0, 5), rng.choice(SYMBOLS)),
    "rtl": lambda rng: (
        _word(rng, SCRIPTS[rng.choice(["hebrew", "arabic"])], 1, 6) + rng.choice(["", "", "1", "a", "-x"])
    ),
}


@functools.cache
def generated_labels() -> tuple[tuple[str, str], ...]:
    """(kind, label): LABEL_CASES labels, the kinds in turn."""
    kinds = sorted(LABEL_KINDS)
    return tuple(
        (kinds[seed % len(kinds)], LABEL_KINDS[kinds[seed % len(kinds)]](random.Random(5000 + seed)))
        for seed in range(LABEL_CASES)
    )


Outcome = Union[str, Exception]


def canonsig_label(label: str) -> Outcome:
    """canonsig's host for ``https://<label>.example/`` without ``.example``: its ``@authority``,
    checked equal to its SigV4 host, or the error both raise: a ``canonsig.Error`` with code
    ``malformed_request`` (any other exception fails the test)."""
    url = f"https://{label}.example/"
    try:
        authority = ours_authority(url)
    except canonsig.Error as e:
        assert e.code == "malformed_request", (label, e)
        with pytest.raises(type(e)) as again:
            SIGNER.sign(canonsig.Request("GET", url), time=T)
        assert again.value.code == e.code
        return e
    assert host_line(SIGNER.sign(canonsig.Request("GET", url), time=T).canonical_request) == authority
    assert authority.endswith(".example"), authority
    return authority[: -len(".example")]


def whatwg_labels(labels: Sequence[str]) -> list[str | None]:
    """WHATWG URL's host for each ``<label>.example`` without ``.example``, None where refused."""
    hosts = WHATWG.to_ascii([f"{label}.example" for label in labels])
    for label, host in zip(labels, hosts):
        assert host is None or host.endswith(".example"), (label, host)
    return [None if host is None else host[: -len(".example")] for host in hosts]


def accepted(outcome: Outcome | None) -> str | None:
    return outcome if isinstance(outcome, str) else None


def uts46(label: str) -> Outcome:
    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except idna.IDNAError as e:
        return e


def uts46_mapping_host(label: str) -> str | None:
    """PyPI idna's UTS 46 mapping of ``label`` (nontransitional, its 18.0 table, then NFC),
    each non-ASCII label Punycoded by the stdlib codec (RFC 3492): UTS 46's ASCII form before
    its validity checks. None where the table disallows a code point."""
    try:
        mapped = idna.uts46_remap(label, std3_rules=False, transitional=False)
    except idna.IDNAError:
        return None
    return ".".join(
        part if part.isascii() else "xn--" + part.encode("punycode").decode("ascii") for part in mapped.split(".")
    )


def idna2003(label: str) -> Outcome:
    """The stdlib codec (IDNA 2003); it leaves an all-ASCII label's case alone."""
    try:
        return label.encode("idna").decode("ascii").lower()
    except UnicodeError as e:
        return e


def requests_label(label: str) -> Outcome:
    try:
        host = wire_host(f"https://{label}.example/")
    except (requests.exceptions.InvalidURL, urllib3.exceptions.LocationParseError) as e:
        return e
    return host[: -len(".example")]


def _ranges(*ranges: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for low, high in ranges for c in range(low, high + 1))


#: The code points on which Node 20's IDNA tables (ada 2.9.2, before UTS 46 15.1) and current
#: UTS 46 (the idna crate's, PyPI idna's 18.0) differ, as test_every_code_point_label_agrees_
#: with_whatwg finds them: ẞ maps to ß, no longer to ss (UTS 46 15.1, unicode-org/unicodetools
#: #511); PALOCHKA, the Georgian capitals U+10A0-U+10C5, TURNED CAPITAL F, REVERSED ONE
#: HUNDRED and five CJK compatibility ideographs are mapped, U+1806 valid, and the Hangul and
#: Khmer fillers, U+180E, the invisible operators U+2061-U+2063, the deprecated format
#: controls U+206A-U+206F and the musical beam and slur controls ignored, where ada 2.9.2
#: still disallows them.
UTS46_15_1 = _ranges(
    (0x04C0, 0x04C0),
    (0x10A0, 0x10C5),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x1806, 0x1806),
    (0x180E, 0x180E),
    (0x1E9E, 0x1E9E),
    (0x2061, 0x2063),
    (0x206A, 0x206F),
    (0x2132, 0x2132),
    (0x2183, 0x2183),
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0x1D173, 0x1D17A),
    (0x2F868, 0x2F868),
    (0x2F874, 0x2F874),
    (0x2F91F, 0x2F91F),
    (0x2F95F, 0x2F95F),
    (0x2F9BF, 0x2F9BF),
)

#: Where Node 20 (ada 2.9.2) departs from the WHATWG URL Standard (current UTS 46) and canonsig
#: does not: class -> what ada does. Each is told from the label and confirmed by PyPI idna
#: (whatwg_disagreement); where a Node with a newer ada agrees with canonsig, that counts as
#: agreement.
NODE20_LAG = {
    "node20 tables before UTS 46 15.1": "ada 2.9.2 maps ẞ to ss and disallows what UTS 46 15.1 maps or "
    "ignores (UTS46_15_1); ada 3.0 has the 15.1 tables (ada-url/idna#46)",
    "node20 skips Bidi rules": "ada 2.9.2 accepts an LTR label with an R, AL or AN character (RFC 5893 rules 5 "
    "and 6, ada-url/ada#1136) and a label led by AN (rule 1, ada-url/ada#1145)",
    "node20 leading combining mark": "ada 2.9.2 accepts a label led by a combining mark Unicode 14 added "
    "(U+1AC1, U+1CF00...), which UTS 46's validity criteria refuse (no label begins with a mark)",
}

def _mapped_labels(label: str) -> list[str]:
    try:
        return idna.uts46_remap(label, std3_rules=False, transitional=False).split(".")
    except idna.IDNAError:
        return []


def _bidi_refuses(part: str) -> bool:
    try:
        idna.check_bidi(part)
    except idna.IDNABidiError:
        return True
    return False


def whatwg_disagreement(label: str, ours: str | None, theirs: str | None) -> str | None:
    """The named class of a label where canonsig (``ours``) and WHATWG URL (``theirs``) differ,
    told from the label and confirmed by PyPI idna; None for an unexplained one."""
    parts = _mapped_labels(label)
    if ours is not None and ours == uts46_mapping_host(label) and any(c in UTS46_15_1 for c in label):
        return "node20 tables before UTS 46 15.1"
    if ours is None and theirs is not None and any(_bidi_refuses(part) for part in parts):
        return "node20 skips Bidi rules"
    if ours is None and theirs is not None and any(p and unicodedata.category(p[0])[0] == "M" for p in parts):
        return "node20 leading combining mark"
    return None


#: idna's IDNA 2008 checks that WHATWG URL's beStrict=false does not make (idna error code ->
#: the rule): where idna refuses a label for one of these, canonsig and WHATWG give a host.
IDNA2008_STRICTER = {
    "hyphen_3_4": "CheckHyphens",
    "hyphen_start_end": "CheckHyphens",
    "label_too_long": "VerifyDnsLength",
    "empty_label": "VerifyDnsLength",
    "empty_domain": "VerifyDnsLength",
    "disallowed_codepoint": "IDNA 2008 DISALLOWED (UTS 46 valid)",
    "contexto": "CONTEXTO",
}


def compare_idna(label: str, ours: str | None) -> tuple[str, bool]:
    """(class, explained) of PyPI idna (UTS 46 + IDNA 2008) against canonsig: where idna gives
    a host canonsig gives the same; where only canonsig does, idna applied one of
    IDNA2008_STRICTER."""
    theirs = uts46(label)
    if isinstance(theirs, str):
        return ("same", True) if theirs == ours else (f"idna gives {theirs!r}", False)
    if ours is None:
        return "both refuse", True
    code = str(getattr(theirs, "code", None))
    return f"idna refuses ({IDNA2008_STRICTER.get(code, code)})", code in IDNA2008_STRICTER


def compare_idna2003(label: str, ours: str | None) -> str:
    """The class of IDNA 2003 (stdlib) against canonsig (tallied; the named tests show each)."""
    old = idna2003(label)
    if not isinstance(old, str):
        return "both refuse" if ours is None else "2003 refuses, canonsig accepts"
    if ours is None:
        return "2003 accepts, canonsig refuses"
    if old == ours:
        return "same"
    if any(c in "ßς\u200c\u200d" for c in "".join(_mapped_labels(label))):
        return "differs: deviation characters"
    return "differs: Unicode 3.2 nameprep"


def compare_requests(label: str, ours: str | None) -> tuple[str, bool]:
    """(class, explained) of requests' Host against canonsig: the same host, or refused by
    requests, or the final-sigma difference (the same label with Σ written σ is sent as
    canonsig signs it), or an invalid ASCII ``xn--`` label that requests sends as written
    and canonsig refuses."""
    wire = requests_label(label)
    if not isinstance(wire, str):
        return ("both refuse" if ours is None else "refused by requests"), True
    if wire == ours:
        return "same", True
    if ours is not None and "Σ" in label and requests_label(label.replace("Σ", "σ")) == ours:
        return "differs: final sigma (str.lower)", True
    if ours is None and label.isascii() and label.lower().startswith("xn--") and isinstance(uts46(label), Exception):
        # urllib3 sends an ASCII host as written; canonsig refuses an xn-- label that does
        # not decode to a valid one, as WHATWG URL (fetch) and PyPI idna do.
        return "sent by requests, refused (invalid xn-- label)", True
    return f"requests sends {wire!r}", False


@pytest.mark.parametrize(
    ("label", "host"),
    [
        pytest.param("\u212a", "k", id="kelvin-sign"),
        pytest.param("bü\u00adcher", "xn--bcher-kva", id="soft-hyphen"),
        pytest.param("a\u3002bü", "a.xn--b-eha", id="ideographic-full-stop"),
        pytest.param("a\uff0ebü", "a.xn--b-eha", id="fullwidth-full-stop"),
        pytest.param("\u13a0", "xn--58d", id="cherokee"),
        pytest.param("\uab70", "xn--58d", id="cherokee-small"),
        pytest.param("\u1fb3", "xn--mxaq", id="iota-subscript"),
        pytest.param("\u1c80", "xn--b1a", id="cyrillic-extended-c"),
        pytest.param("ΑΣ", "xn--mxa0b", id="final-sigma"),
        pytest.param("ς", "xn--3xa", id="small-final-sigma"),
        pytest.param("straße", "xn--strae-oqa", id="sharp-s"),
        pytest.param("ｅxample", "example", id="fullwidth"),
        pytest.param("ﬁ", "fi", id="ligature"),
        pytest.param("①", "1", id="circled-digit"),
        pytest.param("Ⅸ", "ix", id="roman-numeral"),
        pytest.param("ǅ", "xn--d-toa", id="titlecase-digraph"),
        pytest.param(unicodedata.normalize("NFD", "Bücher"), "xn--bcher-kva", id="nfd"),
        pytest.param("XN--BCHER-KVA", "xn--bcher-kva", id="xn-label"),
        pytest.param("☃", "xn--n3h", id="symbol"),
        pytest.param("ab--cü", "xn--ab--c-ova", id="hyphens-3-4"),
        pytest.param("a" * 60 + "ü", "xn--" + "a" * 60 + "-3hg", id="over-63-octets"),
        pytest.param("\u0301bü", None, id="leading-combining-mark"),
        pytest.param("שלוםa", None, id="bidi"),
        pytest.param("a\u200db", None, id="zero-width-joiner"),
        pytest.param("xn--a.bü", None, id="invalid-xn-label-in-unicode-host"),
        # Found by this test: an ASCII host was only lower-cased, so an invalid xn-- label
        # (U+0080) was signed; WHATWG runs UTS 46 on any host with an xn-- label.
        pytest.param("xn--a", None, id="invalid-ascii-xn-label"),
    ],
)
def test_idn_label_agrees_with_whatwg(label: str, host: str | None) -> None:
    """canonsig's host is WHATWG URL's (Node's ``url.domainToASCII``): UTS 46's mapping (case
    folding, compatibility forms, ignored code points, U+3002 as a dot, NFC), its refusals
    (a ``canonsig.Error`` with code ``malformed_request``)."""
    assert (accepted(canonsig_label(label)), whatwg_labels([label])[0]) == (host, host)


def test_generated_idn_labels_agree_with_whatwg() -> None:
    """Generated labels (several scripts, mixed case, NFD, combining marks, ``xn--`` labels,
    hyphens, near 63 octets, compatibility characters, singletons, ignorables, joiners, U+3002
    and its kin, ß ẞ ς Σ, Cherokee, symbols, right-to-left) through canonsig's public API and
    WHATWG URL: the same host or both refuse (canonsig with ``malformed_request``, never
    another exception), but for the named Node 20 lags (NODE20_LAG, confirmed by PyPI idna).
    Every host canonsig gives is PyPI idna's UTS 46 mapping
    Punycoded by the stdlib codec. The secondary oracles: where PyPI idna gives a host it is
    canonsig's, where it refuses one canonsig gives it applied an IDNA 2008 rule WHATWG does
    not (IDNA2008_STRICTER); where requests sends a host it is canonsig's but for final sigma;
    IDNA 2003's differences are tallied by kind."""
    labels = generated_labels()
    theirs_all = whatwg_labels([label for _, label in labels])
    per_kind: dict[str, Counter[str]] = {kind: Counter() for kind in sorted(LABEL_KINDS)}
    whatwg_classes: Counter[str] = Counter()
    versus: dict[str, Counter[str]] = {"idna": Counter(), "idna2003": Counter(), "requests": Counter()}
    punycode = 0
    unexplained: list[tuple[Any, ...]] = []
    for (kind, label), theirs in zip(labels, theirs_all):
        per_kind[kind]["cases"] += 1
        ours = accepted(canonsig_label(label))
        if ours == theirs:
            outcome = "same host" if ours is not None else "both refuse"
        else:
            why = whatwg_disagreement(label, ours, theirs)
            if why is None:
                unexplained.append((kind, label, "WHATWG", ours, theirs))
                continue
            outcome = why
        per_kind[kind][outcome] += 1
        whatwg_classes[outcome] += 1
        if ours is not None:
            if ours != uts46_mapping_host(label):
                unexplained.append((kind, label, "not the UTS 46 mapping's Punycode", ours, uts46_mapping_host(label)))
                continue
            punycode += 1
        for name, (key, explained) in (
            ("idna", compare_idna(label, ours)),
            ("requests", compare_requests(label, ours)),
        ):
            versus[name][key] += 1
            if not explained:
                unexplained.append((kind, label, name, ours, key))
        versus["idna2003"][compare_idna2003(label, ours)] += 1
    assert sum(tally["cases"] for tally in per_kind.values()) == LABEL_CASES
    assert {kind: tally["cases"] for kind, tally in per_kind.items()} == dict.fromkeys(
        per_kind, LABEL_CASES // len(LABEL_KINDS)
    )
    assert set(whatwg_classes) <= {"same host", "both refuse", *NODE20_LAG}
    REPORT.append(
        f"IDN labels vs WHATWG URL [{WHATWG.describe()}]: {LABEL_CASES} generated ({len(LABEL_KINDS)} kinds), "
        f"{dict(sorted(whatwg_classes.items()))}; per kind "
        + "; ".join(
            f"{kind} " + ", ".join(f"{n} {k}" for k, n in sorted(tally.items()) if k != "cases")
            for kind, tally in per_kind.items()
        )
        + f"; every accepted host ({punycode}) is idna's UTS 46 mapping Punycoded by the stdlib codec; "
        f"vs idna {version('idna')} {dict(sorted(versus['idna'].items()))}; vs IDNA 2003 "
        f"{dict(sorted(versus['idna2003'].items()))}; vs requests {dict(sorted(versus['requests'].items()))}; "
        f"{len(unexplained)} unexplained"
    )
    assert not unexplained, unexplained[:5]


@functools.cache
def assigned_code_points() -> tuple[str, ...]:
    """Every non-ASCII code point assigned in this Python's Unicode (14.0) but controls,
    surrogates and private use."""
    return _pool((0x80, 0x10FFFF))


def test_every_code_point_label_agrees_with_whatwg() -> None:
    """Every assigned non-ASCII code point as a one-code-point label: canonsig's host is WHATWG
    URL's, or both refuse, but for the named Node 20 lags; every host canonsig gives is PyPI
    idna's UTS 46 mapping Punycoded. Finds the UTS46_15_1 set; asserts nothing else differs."""
    points = assigned_code_points()
    theirs_all = whatwg_labels(points)
    tally: Counter[str] = Counter()
    lag: dict[str, set[str]] = {}
    unexplained: list[tuple[Any, ...]] = []
    for label, theirs in zip(points, theirs_all):
        try:
            ours: str | None = ours_authority(f"https://{label}.example/")[: -len(".example")]
        except canonsig.Error as e:
            assert e.code == "malformed_request", (label, e)
            ours = None
        if ours is not None and ours != uts46_mapping_host(label):
            unexplained.append((f"U+{ord(label):04X}", "not the UTS 46 mapping's Punycode", ours))
        elif ours == theirs:
            tally["same host" if ours is not None else "both refuse"] += 1
        elif (why := whatwg_disagreement(label, ours, theirs)) is not None:
            tally[why] += 1
            lag.setdefault(why, set()).add(label)
        else:
            unexplained.append((f"U+{ord(label):04X}", ours, theirs))
    assert sum(tally.values()) + len(unexplained) == len(points)
    assert set(lag) <= set(NODE20_LAG), lag.keys()
    REPORT.append(
        f"one-code-point labels vs WHATWG URL [{WHATWG.describe()}]: {len(points)} code points, "
        f"{dict(sorted(tally.items()))}; {len(unexplained)} unexplained"
    )
    assert not unexplained, unexplained[:5]


@pytest.mark.parametrize(
    ("label", "host", "node20"),
    [
        pytest.param("\u1e9e", "xn--zca", "ss", id="capital-sharp-s"),
        pytest.param("\u1e9eab", "xn--ab-fia", "ssab", id="capital-sharp-s-in-a-label"),
        pytest.param("\u04c0", "xn--s5a", None, id="palochka"),
        pytest.param("\u10a0", "xn--rkj", None, id="georgian-capital"),
        pytest.param("a\u115fb", "ab", None, id="hangul-filler"),
    ],
)
def test_uts46_15_1_difference_node20_tables_are_older(label: str, host: str, node20: str | None) -> None:
    """UTS 46 15.1 maps ẞ to ß (no longer ss) and maps or ignores characters older tables kept
    disallowed (UTS46_15_1). canonsig (the idna crate) and PyPI idna (UTS 46 18.0) follow it;
    Node 20's ada 2.9.2 has the older tables (a newer Node agrees with canonsig)."""
    assert canonsig_label(label) == host == uts46(label) == uts46_mapping_host(label)
    assert any(c in UTS46_15_1 for c in label)
    assert whatwg_labels([label])[0] in (node20, host)


@pytest.mark.parametrize(
    ("label", "code", "node20"),
    [
        pytest.param("a\u05ea", "bidi_rule_5", "xn--a-ijc", id="ltr-label-with-hebrew"),
        pytest.param("x\u0660", "bidi_rule_5", "xn--x-8pc", id="ltr-label-with-arabic-digit"),
        pytest.param("\u0660", "bidi_rule_1", "xn--8hb", id="label-led-by-arabic-digit"),
        pytest.param("\u1ac1", "leading_combiner", "xn--brf", id="leading-unicode-14-mark"),
    ],
)
def test_validity_difference_node20_skips_rules(label: str, code: str, node20: str) -> None:
    """RFC 5893's Bidi rule (UTS 46 CheckBidi, which WHATWG URL sets) and the leading
    combining mark rule refuse these labels: canonsig does, as PyPI idna does; Node 20's ada
    2.9.2 accepts them (ada-url/ada#1136, #1145; its table of marks predates Unicode 14)."""
    ours = canonsig_label(label)
    assert isinstance(ours, canonsig.Error) and ours.code == "malformed_request"
    theirs = uts46(label)
    assert isinstance(theirs, idna.IDNAError) and theirs.code == code
    assert whatwg_labels([label])[0] in (node20, None)


def test_idna2008_validity_difference_idna_is_stricter_than_whatwg() -> None:
    """idna applies IDNA 2008's validity rules; WHATWG URL's domain to ASCII (beStrict=false)
    does not check hyphens (CheckHyphens), lengths (VerifyDnsLength), IDNA 2008's DISALLOWED
    symbols that UTS 46 keeps valid (an emoji, also as an A-label), or CONTEXTO rules. canonsig
    gives WHATWG's host. requests (urllib3's strict IDNA 2008) refuses the non-ASCII ones and
    sends an ASCII one as written."""
    cases = {
        "☃": ("disallowed_codepoint", "xn--n3h"),
        "ab--cü": ("hyphen_3_4", "xn--ab--c-ova"),
        "-bü": ("hyphen_start_end", "xn---b-yka"),
        "a\u0375b": ("contexto", "xn--ab-63b"),  # GREEK LOWER NUMERAL SIGN before a non-Greek letter
        "a" * 60 + "ü": ("label_too_long", "xn--" + "a" * 60 + "-3hg"),  # 68 octets: over DNS's 63
        "xn--ls8h": ("disallowed_codepoint", "xn--ls8h"),  # an emoji's A-label
        "a-": ("hyphen_start_end", "a-"),
    }
    hosts = whatwg_labels(list(cases))
    for (label, (code, host)), theirs in zip(cases.items(), hosts):
        refusal = uts46(label)
        assert isinstance(refusal, idna.IDNAError) and refusal.code == code, (label, refusal)
        assert canonsig_label(label) == host == theirs, label
        assert compare_idna(label, host) == (f"idna refuses ({IDNA2008_STRICTER[code]})", True)
        wire = requests_label(label)
        assert wire == host if label.isascii() else isinstance(wire, Exception), (label, wire)


def test_idna2003_difference_deviations_joiners_and_unicode_3_2() -> None:
    """IDNA 2003 (the stdlib codec) maps the deviation characters ß to ss and ς to σ; UTS 46
    nontransitional keeps them, as WHATWG URL, canonsig and requests do. IDNA 2003 drops the
    joiners ZWJ/ZWNJ, which WHATWG keeps where CONTEXTJ allows (after a virama) and refuses
    elsewhere. It applies Unicode 3.2's nameprep: no folding for what later Unicode versions
    case-map (small Cherokee, Cyrillic Extended-C)."""
    deviations = {"straße": ("xn--strae-oqa", "strasse"), "ς": ("xn--3xa", "xn--4xa"), "ß": ("xn--zca", "ss")}
    joiners = {"a\u200db": (None, "ab"), "\u0915\u094d\u200c": ("xn--11b6iv14e", "xn--11b6i")}
    unicode_3_2 = {"\uab70": ("xn--58d", "xn--kz9a"), "\u1c80": ("xn--b1a", "xn--23f")}
    cases = {**deviations, **joiners, **unicode_3_2}
    hosts = whatwg_labels(list(cases))
    for (label, (ours, old)), theirs in zip(cases.items(), hosts):
        assert idna2003(label) == old, label
        assert accepted(canonsig_label(label)) == ours == theirs, label
    for label, (kept, _) in deviations.items():
        assert uts46(label) == kept == requests_label(label)


def test_final_sigma_difference_requests_lower_cases_by_context() -> None:
    """Greek capital sigma at the end of a word: requests (urllib3) lower-cases the host with
    Python's ``str.lower``, which gives ς there (Unicode's Final_Sigma context); UTS 46 maps Σ
    to σ wherever it stands, as WHATWG URL, canonsig and idna do."""
    hosts = whatwg_labels(["ΑΣ", "ΣΑ", "ας"])
    assert (canonsig_label("ΑΣ"), uts46("ΑΣ"), hosts[0]) == ("xn--mxa0b",) * 3  # ασ
    assert requests_label("ΑΣ") == "xn--mxa8a"  # ας
    assert canonsig_label("ΣΑ") == requests_label("ΣΑ") == hosts[1] == uts46("ΣΑ")  # σα: no final sigma
    assert canonsig_label("ας") == requests_label("ας") == hosts[2] == "xn--mxa8a"  # ς as written is kept


def test_requests_difference_refuses_what_uts46_maps() -> None:
    """urllib3 encodes a non-ASCII host with ``idna.encode(label.lower(), strict=True,
    std3_rules=True)``: IDNA 2008 without UTS 46's mapping, so a label that mapping changes
    (not NFC, compatibility forms, ignored code points, U+3002, case folding beyond
    ``str.lower``) makes requests refuse the URL. WHATWG URL and canonsig give a host."""
    cases = {
        unicodedata.normalize("NFD", "bücher"): "xn--bcher-kva",
        "ｅxample": "example",
        "bü\u00adcher": "xn--bcher-kva",
        "a\u3002bü": "a.xn--b-eha",
        "\u13a0": "xn--58d",
        "\u1c80": "xn--b1a",
    }
    hosts = whatwg_labels(list(cases))
    for (label, host), theirs in zip(cases.items(), hosts):
        assert canonsig_label(label) == host == theirs, label
        assert isinstance(requests_label(label), Exception), label
    # What str.lower and IDNA 2008 handle alike, requests sends as canonsig signs it.
    assert canonsig_label("\u212a") == requests_label("\u212a") == "k"
    assert canonsig_label("BÜcher") == requests_label("BÜcher") == "xn--bcher-kva"
