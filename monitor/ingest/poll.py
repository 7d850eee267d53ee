"""One incremental poll, and the resumable backfill: SRU pages -> documents -> parse -> store.

The cursor of a stream only moves after the records it covers are stored, so a crash at any
point redoes at most the page in hand; identifier + modification stamp de-duplicates the redo.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from monitor.config import Settings
from monitor.errors import (
    DocumentNotFound,
    MonitorError,
    ParseError,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
)
from monitor.fetch.documents import FetchedDocument, fetch_answer_link, fetch_document
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.fetch.sru import SruClient, SruPage, Stream, streams_for
from monitor.ingest.store import note_fetch_failure, record_kind, seen_stamps, store_version
from monitor.logs import event
from monitor.model import Document, Kind
from monitor.notify.outbox import enqueue_change, enqueue_publication_event
from monitor.parse import PARSER_VERSION, parse_document
from monitor.store.db import Database
from monitor.store.tables import (
    BackfillWindow,
    PollCursor,
    PollFailure,
    PollRun,
    Publication,
    PublicationVersion,
)
from monitor.track.pipeline import track_version

log = logging.getLogger("monitor.ingest")

# Errors that will not go away by asking again: record them and move the cursor on.
PERMANENT_FETCH_ERRORS = (DocumentNotFound, SoftNotFound, ResponseTooLarge)


@dataclass
class Failure:
    identifier: str
    stage: str
    reason: str


@dataclass
class PollReport:
    poll_id: int
    kind: str = "poll"
    status: str = "running"
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


class PollFailed(SourceError):
    """The source could not be read; the report says what was done before that."""

    def __init__(self, message: str, report: PollReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class _Prepared:
    record: SruRecord
    fetched: FetchedDocument | None = None
    document: Document | None = None
    error: str = ""
    stage: str = ""
    transient: bool = False


def _prepare(http: HttpClient, record: SruRecord) -> _Prepared:
    """Fetch and parse one record's document (runs in a worker thread; no database access)."""
    try:
        fetched = fetch_document(http, record)
    except PERMANENT_FETCH_ERRORS as exc:
        return _Prepared(record, error=str(exc), stage="fetch")
    except SourceError as exc:
        return _Prepared(record, error=str(exc), stage="fetch", transient=True)
    if record_kind(record) == Kind.QUESTIONS and not record.aanhangsel:
        # Without it the link is still made later through the shared Zaak number.
        with contextlib.suppress(SourceError):
            record.aanhangsel = fetch_answer_link(http, record)
    try:
        doc = parse_document(
            fetched.content, fetched.manifestation, identifier=record.identifier, record=record
        )
    except ParseError as exc:
        return _Prepared(record, fetched, error=str(exc), stage="parse")
    return _Prepared(record, fetched, doc)


class Ingestor:
    """Stores prepared records one transaction each and keeps the report."""

    def __init__(self, db: Database, settings: Settings, http: HttpClient, report: PollReport):
        self.db = db
        self.settings = settings
        self.http = http
        self.report = report
        self._pool = ThreadPoolExecutor(
            max_workers=settings.source.fetch_concurrency, thread_name_prefix="fetch"
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def process_page(self, page: SruPage) -> date | None:
        """Store every record of a page; return the earliest day whose record must be retried."""
        with self.db.reader() as session:
            seen = seen_stamps(session, [r.identifier for r in page.records])
        todo: list[SruRecord] = []
        batch: set[tuple[str, str]] = set()
        for rec in page.records:
            key = (rec.identifier, rec.stamp)
            if key in seen or key in batch:
                self.report.unchanged += 1
            else:
                batch.add(key)
                todo.append(rec)
        hold: date | None = None
        for prepared in self._pool.map(lambda r: _prepare(self.http, r), todo):
            if not self._store(prepared):
                day = prepared.record.modified
                hold = day if hold is None else min(hold, day)
        return hold

    def _store(self, p: _Prepared) -> bool:
        """Store one record; False when it must be retried by a later poll."""
        rec = p.record
        if p.fetched is not None:
            self.report.fetched += 1
        try:
            with self.db.writer() as session:
                if p.fetched is None:
                    note_fetch_failure(session, rec, p.error)
                    self._fail(session, rec.identifier, p.stage, p.error)
                    return not p.transient
                if (rec.identifier, rec.stamp) in seen_stamps(session, [rec.identifier]):
                    self.report.unchanged += 1  # another process stored it meanwhile
                    return True
                stored = store_version(
                    session,
                    rec,
                    manifestation=str(p.fetched.manifestation),
                    url=p.fetched.url,
                    content=p.fetched.content,
                    document=p.document,
                    error=p.error,
                    parser_version=PARSER_VERSION,
                )
                if stored.outcome == "failed":
                    self._fail(session, rec.identifier, p.stage or "parse", p.error)
                    return True
                setattr(self.report, stored.outcome, getattr(self.report, stored.outcome) + 1)
                if p.document is not None and stored.version is not None:
                    self._follow(session, stored.publication, stored.version, p.document,
                                 stored.first_version)
                event(log, "stored", identifier=rec.identifier, outcome=stored.outcome,
                      version=stored.version.number if stored.version else None)
                return True
        except MonitorError as exc:
            reason = str(exc)
        with self.db.writer() as session:
            self._fail(session, rec.identifier, "store", reason)
        return False

    def _follow(self, session: Session, pub: Publication, version: PublicationVersion,
                doc: Document, first: bool) -> None:
        """Track commitments and queue alerts in the transaction that stores the version."""
        if pub.kind == Kind.ANSWER:
            changes = track_version(session, self.settings, pub, version, doc)
            self.report.changes += len(changes)
            for change in changes:
                enqueue_change(session, self.settings, change)
        if first and pub.kind in (Kind.ANSWER, Kind.POSTPONEMENT):
            kinds = ["new_answer", "answered"] if pub.kind == Kind.ANSWER else ["postponed"]
            for kind in kinds:
                enqueue_publication_event(session, self.settings, {
                    "type": kind,
                    "identifier": pub.identifier,
                    "zaak": pub.zaak,
                    "ministry": pub.ministry,
                    "title": pub.title,
                    "url": pub.preferred_url,
                    "received": pub.date_received.isoformat() if pub.date_received else None,
                })

    def _fail(self, session: Session, identifier: str, stage: str, reason: str) -> None:
        self.report.failed += 1
        self.report.failures.append(Failure(identifier, stage, reason))
        session.add(PollFailure(poll_id=self.report.poll_id, identifier=identifier, stage=stage,
                                reason=reason))
        event(log, "failed", logging.WARNING, identifier=identifier, stage=stage, reason=reason)


def _start(db: Database, kind: str) -> PollReport:
    with db.writer() as session:
        run = PollRun(kind=kind)
        session.add(run)
        session.flush()
        assert run.id is not None
        return PollReport(poll_id=run.id, kind=kind, started_at=run.started_at)


def _finish(db: Database, report: PollReport, requests: int) -> None:
    report.requests = requests
    report.finished_at = datetime.now(UTC)
    if report.status == "running":
        report.status = "partial" if report.failed else "ok"
    with db.writer() as session:
        run = session.get(PollRun, report.poll_id)
        assert run is not None
        for name in ("status", "requests", "fetched", "added", "changed", "unchanged", "failed",
                     "error", "finished_at"):
            setattr(run, name, getattr(report, name))
    event(log, f"{report.kind}_finished", poll=report.poll_id, status=report.status,
          fetched=report.fetched, added=report.added, changed=report.changed,
          failed=report.failed, requests=requests, error=report.error or None)


def _set_cursor(db: Database, stream: str, day: date) -> None:
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


def _walk(ingestor: Ingestor, pages: Iterable[SruPage], db: Database, stream: Stream,
          move_cursor: bool, progress: Callable[[int], None] | None = None) -> date | None:
    """Process pages in order; move the cursor after each page unless a record is held."""
    held: date | None = None
    for page in pages:
        hold = ingestor.process_page(page)
        if progress is not None:
            progress(len(page.records))
        if hold is not None:
            held = hold if held is None else min(held, hold)
        if move_cursor and page.records:
            last = max(r.modified for r in page.records)
            _set_cursor(db, stream.name, last if held is None else min(held, last))
    return held


def _client(settings: Settings, http: HttpClient | None) -> tuple[HttpClient, bool]:
    if http is not None:
        return http, False
    return HttpClient(settings.source), True


def poll_once(db: Database, settings: Settings, *, http: HttpClient | None = None) -> PollReport:
    """One incremental cycle over every configured stream.

    Raises :class:`PollFailed` (with the report) when the source could not be read; what was
    stored before the failure stays stored and the poll is recorded as failed.
    """
    report = _start(db, "poll")
    client, own = _client(settings, http)
    before = client.requests
    ingestor = Ingestor(db, settings, client, report)
    errors: list[str] = []
    try:
        for stream in streams_for(settings.source):
            cursor = get_cursor(db, stream.name)
            if cursor is None:
                since = today() - timedelta(days=settings.source.first_poll_days)
            else:
                since = cursor - timedelta(days=settings.source.overlap_days)
            try:
                _walk(ingestor, SruClient(client, settings.source).pages(stream, since), db,
                      stream, move_cursor=True)
            except SourceError as exc:
                errors.append(f"{stream.name}: {exc}")
                event(log, "stream_failed", logging.ERROR, stream=stream.name, reason=str(exc))
    finally:
        ingestor.close()
        if errors:
            report.error = "; ".join(errors)
            report.status = "failed"
        _finish(db, report, client.requests - before)
        if own:
            client.close()
    if errors:
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
) -> PollReport:
    """Load history between ``since`` and ``until`` (inclusive), window by window.

    Completed windows are recorded; running it again skips them, so an interrupted backfill
    resumes without redoing or losing work.
    """
    until = until or today()
    report = _start(db, "backfill")
    client, own = _client(settings, http)
    before = client.requests
    ingestor = Ingestor(db, settings, client, report)
    errors: list[str] = []
    try:
        plan: list[tuple[Stream, date, date, int]] = []
        sru = SruClient(client, settings.source)
        for stream in streams_for(settings.source):
            covered = _covered(db, stream.name)
            for start, end in sru.windows(stream, since, until):
                if all(day in covered for day in _days(start, end)):
                    continue
                plan.append((stream, start, end, sru.count(stream, start, end)))
        if on_total is not None:
            on_total(sum(n for *_, n in plan))
        for stream, start, end, count in plan:
            try:
                held = _walk(ingestor, sru.pages(stream, start, end), db, stream,
                             move_cursor=False, progress=progress)
            except SourceError as exc:
                errors.append(f"{stream.name} {start}..{end}: {exc}")
                break
            if held is None:
                with db.writer() as session:
                    session.add(BackfillWindow(stream=stream.name, start=start, end=end,
                                               records=count))
        if not errors and until >= today() - timedelta(days=1):
            for stream in streams_for(settings.source):
                if get_cursor(db, stream.name) is None:
                    _set_cursor(db, stream.name, until)
    finally:
        ingestor.close()
        if errors:
            report.error = "; ".join(errors)
            report.status = "failed"
        _finish(db, report, client.requests - before)
        if own:
            client.close()
    if errors:
        raise PollFailed(f"backfill stopped: {report.error}", report)
    return report
