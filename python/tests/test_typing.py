"""The stubs are checked, not just written: ``mypy.stubtest`` compares ``_canonsig.pyi``
(and the pure-Python modules) with the installed runtime, and ``mypy --strict`` checks a
typed usage file against the public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import HERE

pytest.importorskip("mypy", reason="pip install mypy (stub checks)")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_stubtest(tmp_path: Path) -> None:
    # Run from an empty directory, so `canonsig` resolves to the installed package.
    allowlist = HERE / "stubtest_allowlist.txt"
    result = run(["mypy.stubtest", "canonsig", "--allowlist", str(allowlist)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_usage(tmp_path: Path) -> None:
    result = run(
        ["mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(HERE / "typecheck_usage.py")],
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
