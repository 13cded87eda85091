"""Every ```python block of the READMEs runs (the repository README's blocks, once it has
any, and this package's README)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import REPO

READMES = [REPO / "README.md", REPO / "python" / "README.md"]
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    found = []
    for readme in READMES:
        if not readme.is_file():
            continue
        text = readme.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{readme.relative_to(REPO)}:{line}", match.group(1)))
    return found


BLOCKS = blocks()


@pytest.mark.parametrize("code", [code for _, code in BLOCKS], ids=[where for where, _ in BLOCKS])
def test_readme_block(code: str) -> None:
    exec(compile(code, "<readme>", "exec"), {"__name__": "__readme__"})


def test_package_readme_has_examples() -> None:
    assert any(where.startswith(str(Path("python") / "README.md")) for where, _ in BLOCKS)
