"""Run bookkeeping (the recorded poll or backfill and its report) and stream cursors."""

from __future__ import annotations

import logging
import os
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.errors import Interrupted, SourceError
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.ingest.ingestor import Ingestor
from monitor.ingest.report import PollReport, clear_stop
from monitor.ingest.versions import seen_stamps
from monitor.logs import event
from monitor.notify.outbox import enqueue_history_summary
from monitor.statuses import PollStatus
from monitor.store.db import Database
from monitor.store.tables import (
    PendingFetch,
    PollCursor,
    PollRun,
    SruEntry,
)

log = logging.getLogger("monitor.ingest")

_ENTRIES: Any = SruEntry.__table__  # type: ignore[attr-defined]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _mark_interrupted(session: Session, host: str) -> None:
    """Runs of this host whose process is gone were interrupted (killed, crashed)."""
    running = session.exec(
        select(PollRun).where(PollRun.status == PollStatus.RUNNING, PollRun.host == host)
    ).all()
    for run in running:
        if run.pid and not _alive(run.pid):
            run.status = PollStatus.INTERRUPTED
            run.error = "its process ended before the run finished"
            session.add(run)


def _start(db: Database, kind: str) -> PollReport:
    host = socket.gethostname()
    with db.writer() as session:
        _mark_interrupted(session, host)
        run = PollRun(kind=kind, host=host, pid=os.getpid())
        session.add(run)
        session.flush()
        assert run.id is not None
        return PollReport(poll_id=run.id, kind=kind, started_at=run.started_at)


def _finish(db: Database, report: PollReport, requests: int) -> None:
    report.requests = requests
    report.finished_at = datetime.now(UTC)
    if report.status == PollStatus.RUNNING:
        report.status = PollStatus.PARTIAL if report.failed else PollStatus.OK
    with db.writer() as session:
        run = session.get(PollRun, report.poll_id)
        assert run is not None
        for name in ("status", "requests", "fetched", "added", "changed", "unchanged", "failed",
                     "error", "finished_at"):
            setattr(run, name, getattr(report, name))
    event(log, f"{report.kind}_finished", poll=report.poll_id, status=report.status,
          fetched=report.fetched, added=report.added, changed=report.changed,
          failed=report.failed, requests=requests, error=report.error or None)


def set_cursor(db: Database, stream: str, day: date) -> None:
    with db.writer() as session:
        cursor = session.get(PollCursor, stream)
        if cursor is None:
            session.add(PollCursor(stream=stream, modified=day))
        elif day > cursor.modified:
            cursor.modified = day
            cursor.updated_at = datetime.now(UTC)


def get_cursor(db: Database, stream: str) -> date | None:
    with db.reader() as session:
        cursor = session.get(PollCursor, stream)
        return cursor.modified if cursor else None


def today() -> date:
    return datetime.now(UTC).date()


def note_seen(db: Database, stream: str, records: list[SruRecord]) -> None:
    """Enter the page's records that are now accounted for in the reconciliation ledger.

    A record counts once its state is stored (parsed or failed) or outstanding for a retry; one
    whose fetch failed for a passing reason is left out, so its window shows as short.
    """
    if not records:
        return
    ids = list(dict.fromkeys(r.identifier for r in records))
    with db.writer() as session:
        stored = seen_stamps(session, ids)
        pending = dict(session.exec(
            select(PendingFetch.identifier, PendingFetch.stamp)
            .where(col(PendingFetch.identifier).in_(ids))).all())
        entries = {e.identifier: e for e in session.exec(
            select(SruEntry).where(SruEntry.stream == stream,
                                   col(SruEntry.identifier).in_(ids))).all()}
        now = datetime.now(UTC)
        # New entries (most of a backfill's) are plain rows for one Core insert: constructing
        # an ORM object per record cost more than the rest of this function.
        fresh: dict[str, SruRecord] = {}
        for r in records:
            if (r.identifier, r.stamp) not in stored and pending.get(r.identifier) != r.stamp:
                continue
            entry = entries.get(r.identifier)
            if entry is not None:
                if r.modified >= entry.modified:
                    entry.modified, entry.stamp, entry.seen_at = r.modified, r.stamp, now
                session.add(entry)
                continue
            newest = fresh.get(r.identifier)
            if newest is None or r.modified >= newest.modified:
                fresh[r.identifier] = r
        if fresh:
            session.connection().execute(insert(_ENTRIES), [
                {"stream": stream, "identifier": r.identifier, "modified": r.modified,
                 "stamp": r.stamp, "seen_at": now} for r in fresh.values()])



@dataclass
class Run:
    client: HttpClient
    ingestor: Ingestor
    errors: list[str] = field(default_factory=list)


@contextmanager
def recorded_run(
    db: Database, settings: Settings, http: HttpClient | None, kind: str
) -> Iterator[Run]:
    """A recorded poll or backfill: its report, client and ingestor, finished whatever happens."""
    report = _start(db, kind)
    client = http if http is not None else HttpClient(settings.source)
    before = client.requests
    run = Run(client, Ingestor(db, settings, client, report))
    clear_stop()
    try:
        yield run
    except SourceError as exc:
        run.errors.append(str(exc))  # the caller raises PollFailed with the report
    except (Interrupted, KeyboardInterrupt):
        report.status = PollStatus.INTERRUPTED
        report.error = "stopped on request"
        raise
    except BaseException as exc:
        run.errors.append(f"internal error: {exc!r}")
        raise
    finally:
        run.ingestor.close()
        if run.ingestor.history:
            _summarise_history(db, settings, report, run.ingestor.history)
        if run.errors:
            report.error = "; ".join(run.errors)
            report.status = PollStatus.FAILED
        _finish(db, report, client.requests - before + run.ingestor.worker_requests)
        if http is None:
            client.close()


def _summarise_history(db: Database, settings: Settings, report: PollReport,
                       history: Counter[str]) -> None:
    with db.writer() as session:
        enqueue_history_summary(session, settings, f"{report.kind} {report.poll_id}", history)
    event(log, "history_not_alerted", run=report.poll_id, **dict(history))

