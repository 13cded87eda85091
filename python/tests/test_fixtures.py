"""Every case of every ``fixtures/canon/*.json`` file, through the Python API.

The expected bytes and error codes come from the fixtures (whose provenance is recorded
in each file), never from canonsig itself. The last test checks that every case ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import canonsig
from support import FIXTURES, hex_bytes, load_json

CANON_DIR = FIXTURES / "canon"
FILES = sorted(CANON_DIR.glob("*.json"))
CASES: list[tuple[Path, dict[str, Any]]] = [(path, case) for path in FILES for case in load_json(path)["cases"]]
TOTAL = len(CASES)
RAN: set[str] = set()


def case_input(case: dict[str, Any]) -> bytes:
    if "input" in case:
        return str(case["input"]).encode("utf-8")
    return hex_bytes(case["input_hex"])


def case_expected(case: dict[str, Any]) -> bytes | None:
    if "expected" in case:
        return str(case["expected"]).encode("utf-8")
    if "expected_hex" in case:
        return hex_bytes(case["expected_hex"])
    return None


def case_options(case: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {"profile": case.get("profile", "jcs")}
    for key in ("profile", "allow_unsafe_integers", "max_depth", "max_size"):
        if key in case.get("options", {}):
            options[key] = case["options"][key]
    return options


def check(case: dict[str, Any], data: bytes | str) -> None:
    options = case_options(case)
    expected = case_expected(case)
    if expected is not None:
        assert canonsig.canonicalize(data, **options) == expected
        return
    want = case["error"]
    with pytest.raises(canonsig.CanonicalizationError) as info:
        canonsig.canonicalize(data, **options)
    error = info.value
    assert error.code == want["code"], str(error)
    if "offset" in want:
        assert error.offset == want["offset"], str(error)
    if "path" in want:
        assert error.path == want["path"], str(error)
    # check_canonical admits input exactly as canonicalize does.
    with pytest.raises(canonsig.CanonicalizationError) as again:
        canonsig.check_canonical(data, **options)
    assert (again.value.code, again.value.offset, again.value.path) == (error.code, error.offset, error.path)


@pytest.mark.parametrize(
    ("path", "case"),
    CASES,
    ids=[str(case["id"]) for _, case in CASES],
)
def test_case(path: Path, case: dict[str, Any]) -> None:
    RAN.add(f"{path.name}:{case['id']}")
    check(case, case_input(case))
    if "input" in case:
        # Text cases also as a Python str: same UTF-8 bytes, same result.
        check(case, str(case["input"]))
    expected = case_expected(case)
    if expected is not None:
        # The expected output is canonical, so it is its own canonical form. (Re-read with
        # unsafe integers allowed: a float like 1e16 is written as the integer
        # 10000000000000000, which strict admission refuses as text.)
        options = {**case_options(case), "allow_unsafe_integers": True}
        assert canonsig.check_canonical(expected, **options) is None


def test_every_case_ran(request: pytest.FixtureRequest) -> None:
    assert FILES, f"no fixture files in {CANON_DIR}"
    ids = [f"{path.name}:{case['id']}" for path, case in CASES]
    assert len(set(ids)) == len(ids), "case ids must be unique"
    selected = [item for item in request.session.items if getattr(item, "originalname", None) == "test_case"]
    if len(selected) < TOTAL:
        pytest.skip(f"only {len(selected)} of {TOTAL} fixture cases were selected (-k / node ids)")
    assert len(RAN) == TOTAL, f"executed {len(RAN)} of {TOTAL} fixture cases in {len(FILES)} files"
