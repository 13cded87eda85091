"""Prints what the tests report (the differential count) at the end of the run."""

from __future__ import annotations

from typing import Any

from support import REPORT


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in REPORT:
        terminalreporter.write_line(line)
