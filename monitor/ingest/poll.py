"""One incremental poll, and the resumable backfill: SRU pages -> documents -> parse -> store.

The cursor of a stream only moves after the records it covers are stored, so a crash at any
point redoes at most the page in hand; identifier + modification stamp de-duplicates the redo.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from monitor.config import Settings
from monitor.errors import (
    DocumentNotFound,
    ParseError,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
)
from monitor.fetch.documents import fetch_answer_link, fetch_document
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.fetch.sru import SruClient, SruPage, Stream, streams_for
from monitor.ingest.store import (
    FirstVersion,
    Raw,
    load_publications,
    note_fetch_failure,
    record_kind,
    seen_stamps,
    store_first_versions,
    store_version,
    version_seen,
)
from monitor.logs import event
from monitor.model import Document, Kind
from monitor.notify.outbox import enqueue_change, enqueue_publication_event
from monitor.parse import PARSER_VERSION, parse_document
from monitor.promises.store import store_promises
from monitor.store.db import Database
from monitor.store.tables import (
    BackfillWindow,
    PollCursor,
    PollFailure,
    PollRun,
    Publication,
    PublicationVersion,
)
from monitor.track.extract import Extracted
from monitor.track.pipeline import extract_statements, track_version

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
    """A record with its fetched document, parsed, ready for the writer (or why not)."""

    record: SruRecord
    manifestation: str = ""
    url: str = ""
    raw: Raw | None = None
    document: Document | None = None
    document_json: dict[str, Any] | None = None
    statements: list[Extracted] | None = None
    error: str = ""
    stage: str = ""
    transient: bool = False


def _prepare(http: HttpClient, settings: Settings, record: SruRecord) -> _Prepared:
    """Fetch, parse and pre-digest one record (worker thread or process; no database access)."""
    try:
        fetched = fetch_document(http, record)
    except PERMANENT_FETCH_ERRORS as exc:
        return _Prepared(record, error=str(exc), stage="fetch")
    except SourceError as exc:
        return _Prepared(record, error=str(exc), stage="fetch", transient=True)
    prepared = _Prepared(record, str(fetched.manifestation), fetched.url, Raw.of(fetched.content))
    if record_kind(record) == Kind.QUESTIONS and not record.aanhangsel and not record.vraagnummer:
        # A question with a Zaak number is linked to its answer through that number (in either
        # order of arrival); only without one is the link read from the owms metadata.
        with contextlib.suppress(SourceError):
            record.aanhangsel = fetch_answer_link(http, record)
    try:
        doc = parse_document(
            fetched.content, fetched.manifestation, identifier=record.identifier, record=record
        )
    except ParseError as exc:
        prepared.error, prepared.stage = str(exc), "parse"
        return prepared
    except Exception as exc:
        # A parser bug must not block the stream behind one document: it is stored as a parse
        # failure (raw bytes kept, so it can be parsed again once the parser is fixed).
        log.exception("parser_crashed identifier=%s", record.identifier)
        prepared.error = f"{record.identifier}: internal parser error: {exc!r}"
        prepared.stage = "parse"
        return prepared
    prepared.document = doc
    prepared.document_json = doc.to_json()
    if doc.kind == Kind.ANSWER:
        prepared.statements = extract_statements(settings, doc)
    return prepared


# --- worker processes ------------------------------------------------------------------------
# Fetching and parsing are CPU work in Python; in worker processes they run beside the single
# writer instead of competing with it for one interpreter lock.
_worker: tuple[HttpClient, Settings] | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = (HttpClient(settings.source), settings)


def _prepare_in_worker(record: SruRecord) -> tuple[_Prepared, int]:
    assert _worker is not None
    http, settings = _worker
    before = http.requests
    prepared = _prepare(http, settings, record)
    return prepared, http.requests - before


@dataclass
class _Tally:
    """What storing a batch did; merged into the report only after its transaction commits."""

    fetched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: int = 0
    failures: list[Failure] = field(default_factory=list)
    retry: list[date] = field(default_factory=list)


class Ingestor:
    """Fetches and parses records ahead, and stores them in batches through the single writer."""

    # Below this many new records on a page, worker processes cost more than they save.
    PROCESS_THRESHOLD = 32
    BATCH = 100

    def __init__(self, db: Database, settings: Settings, http: HttpClient, report: PollReport):
        self.db = db
        self.settings = settings
        self.http = http
        self.report = report
        self.worker_requests = 0
        self._threads = ThreadPoolExecutor(
            max_workers=settings.source.fetch_concurrency, thread_name_prefix="fetch"
        )
        self._processes: ProcessPoolExecutor | None = None

    def close(self) -> None:
        self._threads.shutdown(wait=True, cancel_futures=True)
        if self._processes is not None:
            self._processes.shutdown(wait=True, cancel_futures=True)

    def _worker_results(self, results: Iterator[tuple[_Prepared, int]]) -> Iterator[_Prepared]:
        for prepared, requests in results:
            self.worker_requests += requests
            yield prepared

    def start_page(self, page: SruPage) -> Iterator[_Prepared]:
        """Start fetching and parsing a page's new records; the results come back in order.

        The work is submitted at once, so the next page is prepared while this one is stored.
        """
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
        workers = self.settings.source.parse_processes
        if workers and len(todo) >= self.PROCESS_THRESHOLD:
            if self._processes is None:
                # Each process gets its share of the request rate, so the total stays polite.
                source = self.settings.source.model_copy(update={
                    "requests_per_second": self.settings.source.requests_per_second / workers})
                share = self.settings.model_copy(update={"source": source})
                self._processes = ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(share,))
            return self._worker_results(
                self._processes.map(_prepare_in_worker, todo, chunksize=4))
        return self._threads.map(lambda r: _prepare(self.http, self.settings, r), todo)

    def store_page(self, prepared: Iterator[_Prepared]) -> date | None:
        """Store a started page; return the earliest day whose record must be retried."""
        retry: list[date] = []
        chunk: list[_Prepared] = []
        for item in prepared:
            chunk.append(item)
            if len(chunk) >= self.BATCH:
                retry += self._store_batch(chunk)
                chunk = []
        if chunk:
            retry += self._store_batch(chunk)
        return min(retry, default=None)

    def _store_batch(self, chunk: list[_Prepared]) -> list[date]:
        """Store records in one transaction; if that fails, one transaction per record."""
        if len(chunk) > 1:
            tally = _Tally()
            try:
                with self.db.writer() as session:
                    known = load_publications(session, [p.record.identifier for p in chunk])
                    firsts, rest = self._split_first_versions(chunk, known)
                    self._store_firsts(session, firsts, tally)
                    for p in rest:
                        self._store_one(session, p, tally, known)
            except Exception as exc:
                # Find the record that broke the batch: store them one by one below.
                event(log, "batch_retry", logging.INFO, records=len(chunk), reason=str(exc))
            else:
                return self._merge(tally)
        retry: list[date] = []
        for p in chunk:
            tally = _Tally()
            try:
                with self.db.writer() as session:
                    if version_seen(session, p.record.identifier, p.record.stamp):
                        tally.unchanged += 1  # another process stored it meanwhile
                    else:
                        self._store_one(session, p, tally, None)
            except Exception as exc:
                # A bug or a database error on one record must not stop the poll; the record is
                # retried by a later poll (its stamp is not stored) and the failure is recorded.
                log.exception("store_failed identifier=%s", p.record.identifier)
                tally = _Tally(failures=[Failure(p.record.identifier, "store",
                                                 f"{p.record.identifier}: {exc}")],
                               retry=[p.record.modified])
                with self.db.writer() as session:
                    self._record_failures(session, tally.failures)
            retry += self._merge(tally)
        return retry

    def _merge(self, tally: _Tally) -> list[date]:
        r = self.report
        r.fetched += tally.fetched
        r.added += tally.added
        r.changed += tally.changed
        r.unchanged += tally.unchanged
        r.changes += tally.changes
        r.failed += len(tally.failures)
        r.failures += tally.failures
        for f in tally.failures:
            event(log, "failed", logging.WARNING, identifier=f.identifier, stage=f.stage,
                  reason=f.reason)
        return tally.retry

    @staticmethod
    def _split_first_versions(
        chunk: list[_Prepared], known: dict[str, Publication]
    ) -> tuple[list[tuple[_Prepared, FirstVersion]], list[_Prepared]]:
        """Parsed records of publications not stored yet (stored in bulk), and the others."""
        firsts: list[tuple[_Prepared, FirstVersion]] = []
        rest: list[_Prepared] = []
        taken: set[str] = set()
        for p in chunk:
            identifier = p.record.identifier
            if (p.raw is not None and p.document is not None and p.document_json is not None
                    and not p.error and identifier not in known and identifier not in taken):
                taken.add(identifier)
                firsts.append((p, FirstVersion(p.record, p.manifestation, p.url, p.raw,
                                               p.document, p.document_json)))
            else:
                rest.append(p)
        return firsts, rest

    def _store_firsts(self, session: Session, firsts: list[tuple[_Prepared, FirstVersion]],
                      tally: _Tally) -> None:
        stored = store_first_versions(session, [item for _, item in firsts],
                                      parser_version=PARSER_VERSION)
        tally.fetched += len(stored)
        tally.added += len(stored)
        for (p, item), s in zip(firsts, stored, strict=True):
            assert s.version is not None
            tally.changes += self._follow(session, s.publication, s.version, item.document,
                                          True, p.statements)

    def _record_failures(self, session: Session, failures: list[Failure]) -> None:
        for f in failures:
            session.add(PollFailure(poll_id=self.report.poll_id, identifier=f.identifier,
                                    stage=f.stage, reason=f.reason))

    def _store_one(self, session: Session, p: _Prepared, tally: _Tally,
                   known: dict[str, Publication] | None) -> None:
        rec = p.record
        if p.raw is None:
            note_fetch_failure(session, rec, known)
            failure = Failure(rec.identifier, p.stage, p.error)
            tally.failures.append(failure)
            self._record_failures(session, [failure])
            if p.transient:
                tally.retry.append(rec.modified)
            return
        tally.fetched += 1
        stored = store_version(
            session,
            rec,
            manifestation=p.manifestation,
            url=p.url,
            content=p.raw,
            document=p.document,
            error=p.error,
            parser_version=PARSER_VERSION,
            known=known,
            document_json=p.document_json,
        )
        if stored.outcome == "failed":
            failure = Failure(rec.identifier, p.stage or "parse", p.error)
            tally.failures.append(failure)
            self._record_failures(session, [failure])
            return
        setattr(tally, stored.outcome, getattr(tally, stored.outcome) + 1)
        if p.document is not None and stored.version is not None:
            tally.changes += self._follow(session, stored.publication, stored.version,
                                          p.document, stored.first_version, p.statements)

    def _follow(self, session: Session, pub: Publication, version: PublicationVersion,
                doc: Document, first: bool, statements: list[Extracted] | None) -> int:
        """Track commitments and queue alerts in the transaction that stores the version."""
        changes: list[dict[str, Any]] = []
        if pub.kind == Kind.ANSWER:
            changes = track_version(session, self.settings, pub, version, doc, statements,
                                    new_publication=first)
            store_promises(session, pub, version, doc)
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
        return len(changes)


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
        select(PollRun).where(PollRun.status == "running", PollRun.host == host)
    ).all()
    for run in running:
        if run.pid and not _alive(run.pid):
            run.status = "interrupted"
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
    """Store pages in order, each while the next one is being fetched and parsed.

    Moves the cursor after each page unless a record of it must be retried.
    """
    held: date | None = None

    def finish(page: SruPage, prepared: Iterator[_Prepared]) -> None:
        nonlocal held
        hold = ingestor.store_page(prepared)
        if progress is not None:
            progress(len(page.records))
        if hold is not None:
            held = hold if held is None else min(held, hold)
        if move_cursor and page.records:
            last = max(r.modified for r in page.records)
            _set_cursor(db, stream.name, last if held is None else min(held, last))

    pending: tuple[SruPage, Iterator[_Prepared]] | None = None
    try:
        for page in pages:
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
    return held


@dataclass
class _Run:
    client: HttpClient
    ingestor: Ingestor
    errors: list[str] = field(default_factory=list)


@contextmanager
def _run(db: Database, settings: Settings, http: HttpClient | None, kind: str) -> Iterator[_Run]:
    """A recorded poll or backfill: its report, client and ingestor, finished whatever happens."""
    report = _start(db, kind)
    client = http if http is not None else HttpClient(settings.source)
    before = client.requests
    run = _Run(client, Ingestor(db, settings, client, report))
    try:
        yield run
    except SourceError as exc:
        run.errors.append(str(exc))  # the caller raises PollFailed with the report
    except BaseException as exc:
        run.errors.append(f"internal error: {exc!r}")
        raise
    finally:
        run.ingestor.close()
        if run.errors:
            report.error = "; ".join(run.errors)
            report.status = "failed"
        _finish(db, report, client.requests - before + run.ingestor.worker_requests)
        if http is None:
            client.close()


def poll_once(db: Database, settings: Settings, *, http: HttpClient | None = None) -> PollReport:
    """One incremental cycle over every configured stream.

    Raises :class:`PollFailed` (with the report) when the source could not be read; what was
    stored before the failure stays stored and the poll is recorded as failed.
    """
    with _run(db, settings, http, "poll") as run:
        for stream in streams_for(settings.source):
            cursor = get_cursor(db, stream.name)
            if cursor is None:
                since = today() - timedelta(days=settings.source.first_poll_days)
            else:
                since = cursor - timedelta(days=settings.source.overlap_days)
            try:
                _walk(run.ingestor, SruClient(run.client, settings.source).pages(stream, since),
                      db, stream, move_cursor=True)
            except SourceError as exc:
                run.errors.append(f"{stream.name}: {exc}")
                event(log, "stream_failed", logging.ERROR, stream=stream.name, reason=str(exc))
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
) -> PollReport:
    """Load history between ``since`` and ``until`` (inclusive), window by window.

    Completed windows are recorded; running it again skips them, so an interrupted backfill
    resumes without redoing or losing work.
    """
    until = until or today()
    with _run(db, settings, http, "backfill") as run:
        plan: list[tuple[Stream, date, date, int]] = []
        sru = SruClient(run.client, settings.source)
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
                held = _walk(run.ingestor, sru.pages(stream, start, end), db, stream,
                             move_cursor=False, progress=progress)
            except SourceError as exc:
                run.errors.append(f"{stream.name} {start}..{end}: {exc}")
                break
            if held is None:
                with db.writer() as session:
                    session.add(BackfillWindow(stream=stream.name, start=start, end=end,
                                               records=count))
        if not run.errors and until >= today() - timedelta(days=1):
            for stream in streams_for(settings.source):
                if get_cursor(db, stream.name) is None:
                    _set_cursor(db, stream.name, until)
    report = run.ingestor.report
    if run.errors:
        raise PollFailed(f"backfill stopped: {report.error}", report)
    return report
