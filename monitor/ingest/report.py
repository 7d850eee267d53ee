"""What a poll or backfill reports, and how one is asked to stop."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from monitor.errors import Interrupted
from monitor.statuses import PollStatus


@dataclass
class Failure:
    identifier: str
    stage: str
    reason: str


@dataclass
class Tally:
    """What storing a batch did; merged into the report only after its transaction commits."""

    fetched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: int = 0
    failures: list[Failure] = field(default_factory=list)
    retry: list[date] = field(default_factory=list)
    history: Counter[str] = field(default_factory=Counter)  # too old to alert, by kind


@dataclass
class PollReport:
    poll_id: int
    kind: str = "poll"
    status: str = PollStatus.RUNNING
    requests: int = 0
    fetched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    changes: int = 0  # change records of followed commitments
    error: str = ""
    failures: list[Failure] = field(default_factory=list)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None


_stop = threading.Event()


def request_stop() -> None:
    """Ask a running poll or backfill in this process to stop after the page in hand."""
    _stop.set()


def check_stop(report: PollReport) -> None:
    if _stop.is_set():
        raise Interrupted(
            f"{report.kind} {report.poll_id} stopped on request; what was fetched is stored"
            + ("; run it again to resume" if report.kind == "backfill" else "")
        )



def clear_stop() -> None:
    """Forget an earlier stop request (a new run starts)."""
    _stop.clear()
