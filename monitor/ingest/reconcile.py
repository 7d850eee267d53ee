"""Reconciliation: ask the service how many records each date window holds, fetch what differs.

A poll reads from its cursor minus ``overlap_days``, so a record that becomes visible later than
that (index lag, a record re-dated by KOOP, a backfill that ran while the index was behind) is
never read by a poll. Reconciliation closes that hole: per stream and per window of
``[reconcile] window_days`` it asks for ``numberOfRecords`` (one small request) and compares it
with the ledger of records stored (``sruentry``). Only windows that differ are walked again;
records already stored are de-duplicated, so a walk fetches only what is missing. After a
verified walk, ledger rows the service no longer lists in that window (a record re-dated out
of it) are dropped, so the next run does not walk it again.

Limit: counts cannot see a record that moved within one window while another vanished from it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import col, select

from monitor.config import Settings
from monitor.errors import PollFailed, SourceError
from monitor.fetch.http import HttpClient
from monitor.fetch.sru import SruClient, Stream, streams_for
from monitor.ingest import outstanding
from monitor.ingest.poll import walk
from monitor.ingest.runs import recorded_run, today
from monitor.logs import event
from monitor.statuses import FetchStatus, ReconcileRunStatus
from monitor.store.db import Database
from monitor.store.tables import ReconcileRun, SruEntry

log = logging.getLogger("monitor.ingest")


@dataclass
class ReconcileReport:
    run_id: int
    scope: str
    since: date
    until: date
    windows: int = 0
    differing: int = 0
    requests: int = 0
    fetched: int = 0
    added: int = 0
    short: list[dict[str, Any]] = field(default_factory=list)
    status: str = ReconcileRunStatus.OK
    error: str = ""


def day_windows(since: date, until: date, days: int) -> Iterator[tuple[date, date]]:
    """[since, until] in consecutive windows of ``days`` days (the last one may be shorter)."""
    lo = since
    step = timedelta(days=max(1, days))
    while lo <= until:
        hi = min(lo + step - timedelta(days=1), until)
        yield lo, hi
        lo = hi + timedelta(days=1)


def stored_count(db: Database, stream: str, lo: date, hi: date) -> int:
    """Records of ``stream`` in the ledger whose dt.modified lies in [lo, hi]."""
    with db.reader() as session:
        return int(session.exec(
            select(func.count()).select_from(SruEntry).where(
                SruEntry.stream == stream, col(SruEntry.modified) >= lo,
                col(SruEntry.modified) <= hi)
        ).one())


def prune(db: Database, stream: str, lo: date, hi: date, seen: set[str]) -> int:
    """Drop ledger rows in [lo, hi] that a verified walk of that window did not list."""
    with db.writer() as session:
        ids = session.exec(select(SruEntry.identifier).where(
            SruEntry.stream == stream, col(SruEntry.modified) >= lo,
            col(SruEntry.modified) <= hi)).all()
        gone = [i for i in ids if i not in seen]
        for start in range(0, len(gone), 500):
            session.execute(delete(SruEntry).where(
                col(SruEntry.stream) == stream,
                col(SruEntry.identifier).in_(gone[start:start + 500])))
        return len(gone)


def earliest_stored(db: Database) -> date | None:
    with db.reader() as session:
        value = session.exec(select(func.min(SruEntry.modified))).one()
        return value if isinstance(value, date) else None


def check_window(
    run: Any, db: Database, sru: SruClient, stream: Stream, lo: date, hi: date, source: int,
    report: ReconcileReport, *, force: bool = False,
) -> bool:
    """Walk one window if its count differs from the ledger (or ``force``); True if walked.

    A window still short after the walk is added to ``report.short``.
    """
    stored = stored_count(db, stream.name, lo, hi)
    if stored == source and not force:
        return False
    report.differing += stored != source
    event(log, "reconcile_window_differs", stream=stream.name, since=lo.isoformat(),
          until=hi.isoformat(), source=source, stored=stored)
    seen: set[str] = set()
    held = walk(run.ingestor, sru.pages(stream, lo, hi), db, stream, move_cursor=False,
                 seen=seen)
    if held is None:
        prune(db, stream.name, lo, hi, seen)
    after = stored_count(db, stream.name, lo, hi)
    if after < len(seen):
        report.short.append({"stream": stream.name, "start": lo.isoformat(),
                             "end": hi.isoformat(), "source": len(seen), "stored": after})
    return True


def reconcile(
    db: Database,
    settings: Settings,
    *,
    since: date | None = None,
    until: date | None = None,
    scope: str = "recent",
    http: HttpClient | None = None,
) -> ReconcileReport:
    """Compare per-window counts with what is stored; walk only the windows that differ.

    ``scope``: "recent" (the last ``[reconcile] days``), "full" (from the earliest stored
    record) or "manual" (``since``/``until`` given). Raises :class:`PollFailed` when the source
    could not be read; windows checked before that stay checked.
    """
    until = until or today()
    if since is None:
        if scope == "full":
            since = earliest_stored(db) or until - timedelta(days=settings.reconcile.days)
        else:
            since = until - timedelta(days=settings.reconcile.days - 1)
    with db.writer() as session:
        row = ReconcileRun(scope=scope, since=since, until=until)
        session.add(row)
        session.flush()
        assert row.id is not None
        report = ReconcileReport(run_id=row.id, scope=scope, since=since, until=until)
    with recorded_run(db, settings, http, "reconcile") as run:
        sru = SruClient(run.client, settings.source, rewalks=settings.reconcile.rewalks)
        for stream in streams_for(settings.source):
            for lo, hi in day_windows(since, until, settings.reconcile.window_days):
                try:
                    source = sru.count(stream, lo, hi)
                    report.windows += 1
                    check_window(run, db, sru, stream, lo, hi, source, report)
                except SourceError as exc:
                    run.errors.append(f"{stream.name} {lo}..{hi}: {exc}")
                    break
        if not run.errors:
            run.ingestor.retry_due()
    poll = run.ingestor.report
    report.requests = poll.requests
    report.fetched = poll.fetched
    report.added = poll.added
    if run.errors:
        report.status, report.error = ReconcileRunStatus.FAILED, "; ".join(run.errors)
    elif report.short:
        report.status = ReconcileRunStatus.SHORT
    _finish(db, report)
    if run.errors:
        raise PollFailed(f"reconciliation stopped: {report.error}", poll)
    return report


def _finish(db: Database, report: ReconcileReport) -> None:
    with db.writer() as session:
        row = session.get(ReconcileRun, report.run_id)
        assert row is not None
        row.finished_at = datetime.now(UTC)
        row.status = report.status
        row.windows, row.differing = report.windows, report.differing
        row.requests, row.fetched = report.requests, report.fetched
        row.short = list(report.short)
        row.error = report.error
    event(log, "reconcile_finished", run=report.run_id, scope=report.scope,
          status=report.status, windows=report.windows, differing=report.differing,
          fetched=report.fetched, requests=report.requests, short=len(report.short))


@dataclass
class ReconcileStatus:
    """What ``monitor status`` tells about reconciliation and outstanding publications."""

    last_run_at: datetime | None = None
    last_scope: str = ""
    last_status: str = ""
    last_windows: int = 0
    last_differing: int = 0
    short: list[dict[str, Any]] = field(default_factory=list)
    outstanding: int = 0
    gave_up: int = 0
    outstanding_oldest: list[dict[str, Any]] = field(default_factory=list)


def reconcile_status(db: Database) -> ReconcileStatus:
    st = ReconcileStatus()
    with db.reader() as session:
        last = session.exec(
            select(ReconcileRun).where(ReconcileRun.status != ReconcileRunStatus.RUNNING)
            .order_by(col(ReconcileRun.started_at).desc(), col(ReconcileRun.id).desc()).limit(1)
        ).first()
    if last is not None:
        st.last_run_at = last.finished_at or last.started_at
        st.last_scope, st.last_status = last.scope, last.status
        st.last_windows, st.last_differing = last.windows, last.differing
        st.short = list(last.short)
    total, rows = outstanding.outstanding(db, limit=5)
    st.outstanding = total
    st.gave_up = sum(1 for r in rows if r.status == FetchStatus.GAVE_UP)
    if total > len(rows):
        st.gave_up = outstanding_gave_up(db)
    st.outstanding_oldest = [
        {"identifier": r.identifier, "stage": r.stage, "attempts": r.attempts,
         "status": r.status, "since": r.first_failed_at.isoformat(timespec="seconds"),
         "error": r.error[:200]}
        for r in rows
    ]
    return st


def outstanding_gave_up(db: Database) -> int:
    from monitor.store.tables import PendingFetch

    with db.reader() as session:
        return int(session.exec(select(func.count()).select_from(PendingFetch)
                                .where(PendingFetch.status == FetchStatus.GAVE_UP)).one())


def status_lines(st: ReconcileStatus, now: datetime) -> list[str]:
    """The lines ``monitor status`` prints about reconciliation."""
    if st.last_run_at is None:
        lines = ["last reconciliation: never"]
    else:
        hours = round((now - st.last_run_at).total_seconds() / 3600, 2)
        lines = [f"last reconciliation: {st.last_run_at.isoformat(timespec='seconds')} "
                 f"({hours} h ago, {st.last_scope}, {st.last_status}): {st.last_windows} "
                 f"windows counted, {st.last_differing} differed"]
    for w in st.short:
        lines.append(f"window still short: {w['stream']} {w['start']}..{w['end']}: "
                     f"{w['stored']} of {w['source']} records stored")
    if st.outstanding:
        lines.append(f"documents outstanding: {st.outstanding} ({st.gave_up} given up)")
        for o in st.outstanding_oldest:
            lines.append(f"  {o['identifier']} ({o['stage']}, {o['attempts']} tries since "
                         f"{o['since']}, {o['status']}): {o['error']}")
    else:
        lines.append("documents outstanding: none")
    return lines
