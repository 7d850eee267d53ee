"""One incremental poll, and the resumable backfill: SRU pages -> documents -> parse -> store.

The cursor of a stream only moves after the records it covers are stored, so a crash at any
point redoes at most the page in hand; identifier + modification stamp de-duplicates the redo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from monitor.config import Settings
from monitor.errors import Interrupted, PollFailed, SourceError
from monitor.fetch.http import HttpClient
from monitor.fetch.sru import SruClient, Stream, streams_for
from monitor.fetch.sru_page import SruPage
from monitor.ingest.ingestor import Ingestor
from monitor.ingest.report import PollReport, check_stop, request_stop
from monitor.ingest.runs import get_cursor, note_seen, recorded_run, set_cursor, today
from monitor.ingest.workers import Prepared
from monitor.logs import event
from monitor.store.db import Database
from monitor.store.tables import BackfillWindow

# The modules split out of this one; what callers import from here stays importable.
__all__ = ["Interrupted", "PollFailed", "PollReport", "backfill", "get_cursor", "poll_once",
           "request_stop", "walk"]

log = logging.getLogger("monitor.ingest")


def walk(ingestor: Ingestor, pages: Iterable[SruPage], db: Database, stream: Stream,
         move_cursor: bool, progress: Callable[[int], None] | None = None,
         seen: set[str] | None = None) -> date | None:
    """Store pages in order, each while the next one is being fetched and parsed.

    The cursor moves only once the whole walk is read and verified (see
    :meth:`SruClient.pages`): never past a gap a shifting result may have left. It stops short
    of a record that must be retried. ``seen`` collects the identifiers read.
    """
    held: date | None = None
    last: date | None = None

    def finish(page: SruPage, prepared: Iterator[Prepared]) -> None:
        nonlocal held, last
        hold = ingestor.store_page(prepared)
        note_seen(ingestor.db, stream.name, page.records)
        if seen is not None:
            seen.update(r.identifier for r in page.records)
        if progress is not None:
            progress(len(page.records))
        if hold is not None:
            held = hold if held is None else min(held, hold)
        if page.records:
            newest = max(r.modified for r in page.records)
            last = newest if last is None else max(last, newest)

    pending: tuple[SruPage, Iterator[Prepared]] | None = None
    try:
        for page in pages:
            check_stop(ingestor.report)
            started = (page, ingestor.start_page(page))
            if pending is not None:
                done, pending = pending, None
                finish(*done)
            pending = started
    finally:
        # What was fetched before a failure is still stored.
        if pending is not None:
            done, pending = pending, None
            finish(*done)
    if move_cursor and last is not None:
        set_cursor(db, stream.name, last if held is None else min(held, last))
    return held



def poll_once(db: Database, settings: Settings, *, http: HttpClient | None = None) -> PollReport:
    """One incremental cycle over every configured stream.

    Raises :class:`PollFailed` (with the report) when the source could not be read; what was
    stored before the failure stays stored and the poll is recorded as failed.
    """
    with recorded_run(db, settings, http, "poll") as run:
        for stream in streams_for(settings.source):
            check_stop(run.ingestor.report)
            cursor = get_cursor(db, stream.name)
            if cursor is None:
                since = today() - timedelta(days=settings.source.first_poll_days)
            else:
                since = cursor - timedelta(days=settings.source.overlap_days)
            try:
                walk(run.ingestor, SruClient(run.client, settings.source).pages(stream, since),
                      db, stream, move_cursor=True)
            except SourceError as exc:
                run.errors.append(f"{stream.name}: {exc}")
                event(log, "stream_failed", logging.ERROR, stream=stream.name, reason=str(exc))
        if not run.errors:
            run.ingestor.retry_due()
    report = run.ingestor.report
    if run.errors:
        raise PollFailed(f"poll {report.poll_id} could not read the source: {report.error}", report)
    return report


def _covered(db: Database, stream: str) -> set[date]:
    with db.reader() as session:
        rows = session.exec(select(BackfillWindow).where(BackfillWindow.stream == stream)).all()
    days: set[date] = set()
    for row in rows:
        day = row.start
        while day <= row.end:
            days.add(day)
            day += timedelta(days=1)
    return days


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def backfill(
    db: Database,
    settings: Settings,
    since: date,
    until: date | None = None,
    *,
    http: HttpClient | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    force: bool = False,
) -> PollReport:
    """Load history between ``since`` and ``until`` (inclusive), window by window.

    Completed windows are recorded, so an interrupted backfill resumes without redoing work;
    but a completed window is trusted only while the service's count for it equals what is
    stored (one request): a window that gained late arrivals is read again. ``force`` reads
    every window again (documents already stored are still not fetched twice).
    """
    from monitor.ingest.reconcile import prune, stored_count

    until = until or today()
    with recorded_run(db, settings, http, "backfill") as run:
        plan: list[tuple[Stream, date, date, int]] = []
        sru = SruClient(run.client, settings.source, rewalks=settings.reconcile.rewalks)
        for stream in streams_for(settings.source):
            covered = _covered(db, stream.name)
            for start, end, count in sru.counted_windows(stream, since, until):
                if (not force and all(day in covered for day in _days(start, end))
                        and stored_count(db, stream.name, start, end) == count):
                    continue
                plan.append((stream, start, end, count))
        if on_total is not None:
            on_total(sum(n for *_, n in plan))
        for stream, start, end, _count in plan:
            check_stop(run.ingestor.report)
            seen: set[str] = set()
            try:
                held = walk(run.ingestor, sru.pages(stream, start, end), db, stream,
                             move_cursor=False, progress=progress, seen=seen)
            except SourceError as exc:
                run.errors.append(f"{stream.name} {start}..{end}: {exc}")
                break
            if held is None:
                prune(db, stream.name, start, end, seen)
                with db.writer() as session:
                    done = session.exec(select(BackfillWindow).where(
                        BackfillWindow.stream == stream.name, BackfillWindow.start == start,
                        BackfillWindow.end == end)).first()
                    if done is None:
                        done = BackfillWindow(stream=stream.name, start=start, end=end)
                    done.records, done.completed_at = len(seen), datetime.now(UTC)
                    session.add(done)
        if not run.errors:
            run.ingestor.retry_due()
        if not run.errors and until >= today() - timedelta(days=1):
            for stream in streams_for(settings.source):
                if get_cursor(db, stream.name) is None:
                    set_cursor(db, stream.name, until)
    report = run.ingestor.report
    if run.errors:
        raise PollFailed(f"backfill stopped: {report.error}", report)
    return report
