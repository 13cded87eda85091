"""The ```js examples in the repository README run against the Node build, so they cannot rot.
(wasm/README.md has its own runner in wasm/js/readme.test.mjs; the Python blocks run in
python/tests/test_readme.py; the Rust blocks are doctests of the canonsig crate.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_PKG = ROOT / "wasm" / "pkg-node" / "canonsig_wasm.js"
BLOCKS = re.findall(r"```js\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)

# console.assert only logs on failure; here a false assertion must fail the test.
PRELUDE = 'console.assert = (ok, ...msg) => { if (!ok) { throw new Error("assertion failed: " + msg.join(" ")); } };\n'


def test_readme_has_js_examples() -> None:
    assert BLOCKS, "README.md lost its JavaScript example"


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_js_block_runs(index: int) -> None:
    assert NODE_PKG.exists(), "build the Node package first: bash wasm/build.sh"
    code = BLOCKS[index].replace('require("canonsig")', f"require({str(NODE_PKG)!r})")
    assert str(NODE_PKG) in code, "the example must require('canonsig')"
    proc = subprocess.run(["node", "-e", PRELUDE + code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
