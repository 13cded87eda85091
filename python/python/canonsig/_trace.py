"""``log_trace``: write a signing trace through the ``logging`` module."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Union

from ._canonsig import canonicalize_value

__all__ = ["log_trace"]

_Logger = Union[logging.Logger, "logging.LoggerAdapter[Any]", str]


def log_trace(logger: _Logger, trace: Mapping[str, Any], *, level: int | None = None) -> str:
    """Log a signing trace (from ``sign_json_traced``, ``Verifier.verify_json_traced`` or
    a ``VerificationError.trace``) as one line of canonical JSON, and return that line.

    ``logger`` is a ``logging.Logger`` (or adapter) or a logger name. ``level`` defaults
    to INFO when the trace's outcome is ``"ok"`` and WARNING otherwise. The trace dict is
    also passed as ``extra={"canonsig_trace": ...}`` for structured handlers. A trace
    never holds a secret; the signed bytes appear only if the caller opted in
    (``include_signing_string=True``).
    """
    record = dict(trace)
    line = canonicalize_value(record).decode("utf-8")
    if isinstance(logger, str):
        logger = logging.getLogger(logger)
    if level is None:
        level = logging.INFO if record.get("outcome") == "ok" else logging.WARNING
    logger.log(level, "%s", line, extra={"canonsig_trace": record})
    return line
