"""``log_trace``: write a signing trace through the ``logging`` module."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any, Union

from ._canonsig import canonicalize_value

__all__ = ["log_trace"]

_Logger = Union[logging.Logger, "logging.LoggerAdapter[Any]", str]


def _record(trace: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    if isinstance(trace, Mapping):
        return dict(trace)
    if isinstance(trace, (str, bytes)):
        record = json.loads(trace)
        if isinstance(record, dict):
            return record
        raise ValueError(f"a trace line must be a JSON object, not {type(record).__name__}")
    raise TypeError(f"a trace must be a dict or a JSON line (str or bytes), not {type(trace).__name__}")


def log_trace(logger: _Logger, trace: Mapping[str, Any] | str | bytes, *, level: int | None = None) -> str:
    """Log a signing trace (from ``sign_json_traced``, ``Verifier.verify_json_traced`` or
    a ``VerificationError.trace``, or such a trace as a JSON line received from another
    service) as one line of canonical JSON, and return that line.

    ``logger`` is a ``logging.Logger`` (or adapter) or a logger name. ``level`` defaults
    to INFO when the trace's outcome is ``"ok"`` and WARNING otherwise. The trace dict is
    also passed as ``extra={"canonsig_trace": ...}`` for structured handlers. A trace
    never holds a secret; the signed bytes appear only if the caller opted in
    (``include_signing_string=True``).
    """
    record = _record(trace)
    line = canonicalize_value(record).decode("utf-8")
    if isinstance(logger, str):
        logger = logging.getLogger(logger)
    if level is None:
        level = logging.INFO if record.get("outcome") == "ok" else logging.WARNING
    logger.log(level, "%s", line, extra={"canonsig_trace": record})
    return line
