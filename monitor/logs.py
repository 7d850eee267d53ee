"""Structured logging: one line per event, ``event`` first, then ``key=value`` (or JSON)."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

_SECRET_WORDS = ("password", "secret", "token", "authorization")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("***" if any(w in k.lower() for w in _SECRET_WORDS) else v) for k, v in fields.items()
    }


class _Formatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = _clean(getattr(record, "fields", {}))
        # UTC with its offset: a line read on another machine (or in another season) is exact
        ts = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        if self.as_json:
            head = {"ts": ts, "level": record.levelname.lower(), "event": record.getMessage()}
            return json.dumps(
                {**head, **fields},
                ensure_ascii=False,
                default=str,
            )
        parts = [f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in fields.items()]
        return " ".join([ts, record.levelname.lower(), record.getMessage(), *parts])


class _LineHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """On a terminal, first clears the line, so a log line never lands inside a progress bar
    (the bar redraws itself on its next update)."""

    follow_stderr = True  # write to the current sys.stderr (a test runner swaps it per call)

    def setStream(self, stream: Any) -> Any:
        self.follow_stderr = False
        return super().setStream(stream)

    def emit(self, record: logging.LogRecord) -> None:
        if self.follow_stderr:
            self.stream = sys.stderr
        # A closed or odd stream is the base class's to report (handleError), never ours.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self.stream.isatty():
                self.stream.write("\r\x1b[K")
        super().emit(record)


def configure(level: str = "INFO", fmt: str = "text") -> None:
    handler = _LineHandler(sys.stderr)
    handler.setFormatter(_Formatter(fmt == "json"))
    root = logging.getLogger("monitor")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event; pass ``identifier=`` or ``delivery=`` so every line names its subject."""
    logger.log(level, name, extra={"fields": fields})
