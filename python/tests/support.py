"""Paths and small helpers shared by the tests; every path is relative to this file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: The repository root (``<repo>/python/tests/support.py``).
REPO = HERE.parent.parent
#: ``<repo>/fixtures``, the vectors every frontend reads (override: ``CANONSIG_FIXTURES``).
FIXTURES = Path(os.environ.get("CANONSIG_FIXTURES", REPO / "fixtures"))
#: ``<repo>/../shared/vectors/jcs``, the public RFC 8785 vectors, read in place
#: (override: ``CANONSIG_SHARED_VECTORS``).
SHARED_JCS = Path(os.environ.get("CANONSIG_SHARED_VECTORS", REPO.parent / "shared" / "vectors" / "jcs"))
#: ``<repo>/../shared/vectors/rfc9421``, RFC 9421 Appendix B keys and signatures, read in
#: place (override: ``CANONSIG_RFC9421_VECTORS``).
SHARED_RFC9421 = Path(os.environ.get("CANONSIG_RFC9421_VECTORS", REPO.parent / "shared" / "vectors" / "rfc9421"))

#: ``<repo>/../shared/vectors/sigv4``, AWS's SigV4 test suite (both layouts), read in place.
SHARED_SIGV4 = Path(os.environ.get("CANONSIG_SIGV4_VECTORS", REPO.parent / "shared" / "vectors" / "sigv4"))
#: ``<repo>/../shared/vectors/webhooks``, the webhook vectors, read in place.
SHARED_WEBHOOKS = Path(os.environ.get("CANONSIG_WEBHOOK_VECTORS", REPO.parent / "shared" / "vectors" / "webhooks"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def hex_bytes(text: str) -> bytes:
    """Bytes from hex, ignoring whitespace (``"7b 22"`` and ``"7b22"`` alike)."""
    return bytes.fromhex("".join(text.split()))


#: Lines printed in pytest's terminal summary (see conftest.py).
REPORT: list[str] = []
