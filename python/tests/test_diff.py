"""Every case of ``fixtures/diff/causes.json`` and ``fixtures/diff/forensics.json``, read
in place, through ``canonsig.explain`` and ``canonsig.forensics``.

The expected causes, first differences and signed bytes come from the fixtures: each side
made by the real tool named in the case (CPython ``json.dumps``, Go ``encoding/json``, PHP
``json_encode``, Node, ``unicodedata``, ``urllib.parse``, ...), signatures by Python
``hmac``/``hashlib``/``cryptography`` (see ``fixtures/gen/gen_diff.py``), never by
canonsig. The last test checks that every case ran.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

import canonsig
from support import FIXTURES, REPORT, hex_bytes, load_json

DIFF_DIR = FIXTURES / "diff"
CAUSE_CASES: list[dict[str, Any]] = load_json(DIFF_DIR / "causes.json")["cases"]
FORENSIC_CASES: list[dict[str, Any]] = load_json(DIFF_DIR / "forensics.json")["cases"]
RAN: set[str] = set()

CONSTRUCTIONS = {
    "hmac": "standard",
    "sign": "standard",
    "sha256(body+secret)": "sha256_body_secret",
    "sha256(secret+body)": "sha256_secret_body",
}


def side(entry: dict[str, str]) -> bytes:
    """A fixture side: ``{"text": ...}`` (UTF-8) or ``{"hex": ...}`` (any bytes)."""
    if "hex" in entry:
        return hex_bytes(entry["hex"])
    return entry["text"].encode("utf-8")


def test_fixture_counts() -> None:
    assert len(CAUSE_CASES) > 0 and len(FORENSIC_CASES) > 0
    # Every cause a fixture names is one canonsig knows (catches a renamed code on either side).
    named = {c for case in CAUSE_CASES for c in case["causes"] + case.get("absent", [])}
    assert named <= set(canonsig.CAUSES), named - set(canonsig.CAUSES)


@pytest.mark.parametrize("case", CAUSE_CASES, ids=[c["name"] for c in CAUSE_CASES])
def test_cause_case(case: dict[str, Any]) -> None:
    expected, actual = side(case["expected"]), side(case["actual"])
    why = canonsig.explain(expected, actual)
    found = set(why.causes)
    missing = [c for c in case["causes"] if c not in found]
    assert not missing, f"not reported: {missing}; reported: {why.causes}\n{why}"
    wrong = [c for c in case.get("absent", []) if c in found]
    assert not wrong, f"reported but absent: {wrong}; reported: {why.causes}\n{why}"
    first = case["first_difference"]
    if first is None:
        assert why.is_equal and why.first_difference is None and why.causes == []
    else:
        assert not why.is_equal
        assert why.first_difference == canonsig.Position(first["offset"], first["line"], first["column"])
        # diff() alone agrees with explain()'s diff.
        assert canonsig.diff(expected, actual) == why.diff
    RAN.add(f"causes:{case['name']}")


def decode(text: str, encoding: str) -> bytes:
    if encoding == "hex":
        return bytes.fromhex(text)
    padded = text + "=" * (-len(text) % 4)
    if encoding == "base64url":
        return base64.urlsafe_b64decode(padded)
    return base64.b64decode(padded, validate=True)


def case_key(case: dict[str, Any]) -> canonsig.Key:
    key = case["key"]
    if "hmac_hex" in key:
        return canonsig.HmacKey(bytes.fromhex(key["hmac_hex"]), algorithm=case["algorithm"])
    return canonsig.Key.from_pem(key["public_pem"], algorithm=case["algorithm"])


@pytest.mark.parametrize("case", FORENSIC_CASES, ids=[c["name"] for c in FORENSIC_CASES])
def test_forensic_case(case: dict[str, Any]) -> None:
    payload = side(case["payload"])
    report = canonsig.forensics(payload, case["signature"], case_key(case))
    assert report.candidates_tried > 0
    if case["signed"] is None:
        assert report.matched is None, f"a signature made with another key matched: {report.matched!r}"
        assert not report.found
    else:
        m = report.matched
        assert m is not None, f"not recovered ({report.candidates_tried} tried): {case['source']}"
        assert m.signed == side(case["signed"])
        assert m.construction == CONSTRUCTIONS[case["construction"]]
        # Text valid in two encodings (base64url without `-`/`_` is also base64) may be
        # reported as either: what counts is that it names the same signature bytes.
        assert decode(case["signature"], m.signature_encoding) == decode(case["signature"], case["signature_encoding"])
        # The explanation compares the payload as given with what the signer signed.
        assert m.explanation.is_equal == (payload == m.signed)
    RAN.add(f"forensics:{case['name']}")


def test_every_case_ran() -> None:
    """Runs last (file order): a case that silently skipped would show here."""
    names = {f"causes:{c['name']}" for c in CAUSE_CASES} | {f"forensics:{c['name']}" for c in FORENSIC_CASES}
    assert RAN == names, sorted(names - RAN)
    REPORT.append(f"diff fixtures: {len(CAUSE_CASES)} cause cases, {len(FORENSIC_CASES)} forensic cases")
