"""One incremental poll, and the resumable backfill: SRU pages -> documents -> parse -> store.

The cursor of a stream only moves after the records it covers are stored, so a crash at any
point redoes at most the page in hand; identifier + modification stamp de-duplicates the redo.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.errors import (
    DocumentNotFound,
    MonitorError,
    ParseError,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
)
from monitor.fetch.documents import PREFERENCE, fetch_answer_link
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord, record_from_json, record_json
from monitor.fetch.sru import SruClient, SruPage, Stream, stream_of, streams_for
from monitor.ingest import outstanding
from monitor.ingest.announce import announce, first_good_version
from monitor.ingest.outstanding import Attempt
from monitor.ingest.sandbox import (
    Limits,
    ParseFn,
    ParseSandbox,
    limit_memory,
    parse_here,
    parse_limited,
    parser_for,
)
from monitor.ingest.store import (
    FirstVersion,
    Raw,
    apply_metadata,
    link_by_zaak,
    load_publications,
    note_fetch_failure,
    put_blob,
    record_kind,
    seen_stamps,
    store_first_versions,
    store_structure,
    store_version,
    version_seen,
)
from monitor.logs import event
from monitor.model import Document, Format, Kind
from monitor.notify.outbox import enqueue_history_summary, enqueue_operator_alert
from monitor.parse import PARSER_VERSION
from monitor.promises.findings import Findings, findings_for
from monitor.store.db import Database
from monitor.store.tables import (
    BackfillWindow,
    PendingFetch,
    PollCursor,
    PollFailure,
    PollRun,
    Publication,
    PublicationVersion,
    SruEntry,
)
from monitor.track.extract import Extracted
from monitor.track.pipeline import extract_statements

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
    findings: Findings | None = None
    error: str = ""
    stage: str = ""
    transient: bool = False
    # Failed tries of other manifestations before this result, with their raw bytes.
    attempts: list[Attempt] = field(default_factory=list)
    attempt_raws: list[Raw] = field(default_factory=list)


def _prepare(http: HttpClient, settings: Settings, record: SruRecord,
             parse: ParseFn = parse_here) -> _Prepared:
    """Fetch, parse and pre-digest one record (worker thread or process; no database access).

    Manifestations are tried in order (xml, html, pdf): one that is missing or does not parse
    falls through to the next; the raw bytes of every failed try are kept for the record.
    """
    attempts: list[Attempt] = []
    raws: list[Raw] = []
    failed: _Prepared | None = None
    misses: list[str] = []
    linked = False
    for manifestation in PREFERENCE:
        url = record.item_urls.get(str(manifestation))
        if not url:
            continue
        try:
            response = http.get(url)
        except PERMANENT_FETCH_ERRORS as exc:
            attempts.append(Attempt(str(manifestation), url, None, str(exc)))
            misses.append(f"{manifestation}: {exc}")
            event(log, "manifestation_missing", logging.WARNING, identifier=record.identifier,
                  manifestation=str(manifestation), url=url, reason=str(exc))
            continue
        except SourceError as exc:
            return _Prepared(record, error=str(exc), stage="fetch", transient=True,
                             attempts=attempts, attempt_raws=raws)
        raw = Raw.of(response.content)
        if (not linked and record_kind(record) == Kind.QUESTIONS and not record.aanhangsel
                and not record.vraagnummer):
            # A question with a Zaak number is linked to its answer through that number (in
            # either order of arrival); only without one is the link read from the metadata.
            linked = True
            with contextlib.suppress(SourceError):
                record.aanhangsel = fetch_answer_link(http, record)
        try:
            doc = parse(response.content, manifestation, record.identifier, record)
        except ParseError as exc:
            attempts.append(Attempt(str(manifestation), response.url, raw.sha256, str(exc)))
            raws.append(raw)
            if failed is None:
                failed = _Prepared(record, str(manifestation), response.url, raw,
                                   error=str(exc), stage="parse")
            event(log, "manifestation_unparsable", logging.WARNING,
                  identifier=record.identifier, manifestation=str(manifestation),
                  reason=str(exc))
            continue
        prepared = _Prepared(record, str(manifestation), response.url, raw, doc, doc.to_json(),
                             attempts=attempts, attempt_raws=raws)
        if doc.kind == Kind.ANSWER:
            # The text analyses of tracking and of promise discovery run here, beside the
            # writer, so that the writer only stores and matches.
            prepared.statements = extract_statements(settings, doc)
            prepared.findings = findings_for(doc, record)
        return prepared
    if failed is not None:
        failed.attempts, failed.attempt_raws = attempts, raws
        return failed
    listed = ", ".join(sorted(record.item_urls)) or "none"
    detail = "; ".join(misses) if misses else f"no xml/html/pdf itemUrl (listed: {listed})"
    return _Prepared(record, error=f"{record.identifier}: no usable manifestation ({detail})",
                     stage="fetch", attempts=attempts)


# --- worker processes ------------------------------------------------------------------------
# Fetching and parsing are CPU work in Python; in worker processes they run beside the single
# writer instead of competing with it for one interpreter lock. Each worker runs under the
# parse limits, so a hostile document fails there, not in the poll.
_worker: tuple[HttpClient, Settings, Limits] | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the parent decides how the run ends, the workers
    # finish or are stopped by it (no tracebacks from every worker).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits = Limits.from_settings(settings.source)
    limit_memory(limits.memory_mb)
    _worker = (HttpClient(settings.source), settings, limits)


class Interrupted(MonitorError):
    """A poll or backfill stopped on request (SIGTERM, Ctrl-C) between two pages."""

    exit_code = 130


_stop = threading.Event()


def request_stop() -> None:
    """Ask a running poll or backfill in this process to stop after the page in hand."""
    _stop.set()


def _check_stop(report: PollReport) -> None:
    if _stop.is_set():
        raise Interrupted(
            f"{report.kind} {report.poll_id} stopped on request; what was fetched is stored"
            + ("; run it again to resume" if report.kind == "backfill" else "")
        )


def _prepare_in_worker(record: SruRecord) -> tuple[_Prepared, int]:
    assert _worker is not None
    http, settings, limits = _worker

    def parse(content: bytes, fmt: Format, identifier: str, rec: SruRecord) -> Document:
        return parse_limited(content, fmt, identifier=identifier, record=rec, limits=limits)

    before = http.requests
    prepared = _prepare(http, settings, record, parse)
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
    history: Counter[str] = field(default_factory=Counter)  # too old to alert, by kind


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
        self.history: Counter[str] = Counter()  # alerts of history not sent (one summary)
        self._threads = ThreadPoolExecutor(
            max_workers=settings.source.fetch_concurrency, thread_name_prefix="fetch"
        )
        self._processes: ProcessPoolExecutor | None = None
        self._sandbox: ParseSandbox | None = None
        if settings.source.parse_processes:
            self._sandbox = ParseSandbox(Limits.from_settings(settings.source),
                                         workers=settings.source.parse_processes)

    def close(self) -> None:
        self._threads.shutdown(wait=True, cancel_futures=True)
        if self._processes is not None:
            self._processes.shutdown(wait=True, cancel_futures=True)
        if self._sandbox is not None:
            self._sandbox.close()

    def _in_thread(self, record: SruRecord) -> _Prepared:
        return _prepare(self.http, self.settings, record, parser_for(self._sandbox))

    def _worker_results(
        self, todo: list[SruRecord], futures: list[Future[tuple[_Prepared, int]]]
    ) -> Iterator[_Prepared]:
        for record, future in zip(todo, futures, strict=True):
            try:
                prepared, requests = future.result()
            except BrokenProcessPool:
                # A worker died (a document beyond every limit): the rest of the page is done
                # here, each parse in the sandbox, and the next page gets fresh workers.
                if self._processes is not None:
                    self._processes.shutdown(wait=False, cancel_futures=True)
                    self._processes = None
                event(log, "worker_died", logging.WARNING, identifier=record.identifier)
                prepared = self._in_thread(record)
            else:
                self.worker_requests += requests
            yield prepared

    def prepare(self, records: list[SruRecord]) -> Iterator[_Prepared]:
        """Start fetching and parsing ``records``; the results come back in order."""
        workers = self.settings.source.parse_processes
        if workers and len(records) >= self.PROCESS_THRESHOLD:
            if self._processes is None:
                # Each process gets its share of the request rate, so the total stays polite.
                source = self.settings.source.model_copy(update={
                    "requests_per_second": self.settings.source.requests_per_second / workers})
                share = self.settings.model_copy(update={"source": source})
                self._processes = ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(share,))
            futures = [self._processes.submit(_prepare_in_worker, r) for r in records]
            return self._worker_results(records, futures)
        return self._threads.map(self._in_thread, records)

    def start_page(self, page: SruPage) -> Iterator[_Prepared]:
        """Start fetching and parsing a page's new records; the results come back in order.

        The work is submitted at once, so the next page is prepared while this one is stored.
        """
        ids = [r.identifier for r in page.records]
        with self.db.reader() as session:
            seen = seen_stamps(session, ids)
            # A state that failed is retried on its own schedule (outstanding), not by every
            # poll whose overlap lists it again.
            seen |= set(session.exec(
                select(PendingFetch.identifier, PendingFetch.stamp)
                .where(col(PendingFetch.identifier).in_(ids))).all())
        todo: list[SruRecord] = []
        batch: set[tuple[str, str]] = set()
        for rec in page.records:
            key = (rec.identifier, rec.stamp)
            if key in seen or key in batch:
                self.report.unchanged += 1
            else:
                batch.add(key)
                todo.append(rec)
        return self.prepare(todo)

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
        self.history.update(tally.history)
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
        now = datetime.now(UTC)
        for p, _ in firsts:
            self._keep_attempts(session, p, now)
        outstanding.clear_pending(session, [p.record.identifier for p, _ in firsts])
        for (p, item), s in zip(firsts, stored, strict=True):
            assert s.version is not None
            tally.changes += len(announce(session, self.settings, s.publication, s.version,
                                          item.document, first=True, new_publication=True,
                                          statements=p.statements, findings=p.findings,
                                          history=tally.history))

    @staticmethod
    def _keep_attempts(session: Session, p: _Prepared, now: datetime) -> None:
        """The raw bytes and errors of the failed tries before this result."""
        for raw in p.attempt_raws:
            put_blob(session, raw)
        outstanding.record_attempts(session, p.record.identifier, p.attempts, now)

    def _record_failures(self, session: Session, failures: list[Failure]) -> None:
        for f in failures:
            session.add(PollFailure(poll_id=self.report.poll_id, identifier=f.identifier,
                                    stage=f.stage, reason=f.reason))

    def _pending(self, session: Session, p: _Prepared, stage: str) -> None:
        """A failure that a later try may overcome: remembered and retried with backoff."""
        outstanding.note_pending(session, self.settings, p.record, record_json(p.record),
                                 stream=stream_of(p.record), stage=stage, error=p.error)

    def _store_one(self, session: Session, p: _Prepared, tally: _Tally,
                   known: dict[str, Publication] | None) -> None:
        rec = p.record
        now = datetime.now(UTC)
        if p.raw is None:
            note_fetch_failure(session, rec, known)
            failure = Failure(rec.identifier, p.stage, p.error)
            tally.failures.append(failure)
            self._record_failures(session, [failure])
            if p.transient:
                tally.retry.append(rec.modified)
            else:
                self._keep_attempts(session, p, now)
                self._pending(session, p, "fetch")
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
        self._keep_attempts(session, p, now)
        if stored.outcome == "failed":
            failure = Failure(rec.identifier, p.stage or "parse", p.error)
            tally.failures.append(failure)
            self._record_failures(session, [failure])
            self._pending(session, p, "parse")
            return
        outstanding.clear_pending(session, [rec.identifier])
        setattr(tally, stored.outcome, getattr(tally, stored.outcome) + 1)
        if p.document is not None and stored.version is not None:
            first = stored.first_version or (
                stored.outcome == "changed"
                and first_good_version(session, stored.publication, stored.version))
            tally.changes += len(announce(
                session, self.settings, stored.publication, stored.version, p.document,
                first=first, new_publication=stored.first_version, statements=p.statements,
                findings=p.findings, history=tally.history))

    # --- retries of outstanding publications ---------------------------------------------------
    def retry_due(self, now: datetime | None = None) -> None:
        """Fetch again the outstanding publications whose next try is due."""
        rows = outstanding.due(self.db, now, tried_before=self.report.started_at)
        if not rows:
            return
        records = [record_from_json(r.record) for r in rows]
        event(log, "retry_outstanding", records=len(records))
        for row, p in zip(rows, self.prepare(records), strict=True):
            tally = _Tally()
            try:
                with self.db.writer() as session:
                    self._store_retry(session, row, p, tally)
            except Exception as exc:
                log.exception("retry_store_failed identifier=%s", row.identifier)
                tally = _Tally(failures=[Failure(row.identifier, "store",
                                                 f"{row.identifier}: {exc}")])
            self._merge(tally)

    def _store_retry(self, session: Session, row: PendingFetch, p: _Prepared,
                     tally: _Tally) -> None:
        rec = p.record
        now = datetime.now(UTC)
        self._keep_attempts(session, p, now)
        if p.document is None or p.raw is None:
            failure = Failure(rec.identifier, p.stage or "fetch", p.error)
            tally.failures.append(failure)
            self._record_failures(session, [failure])
            pending = session.get(PendingFetch, rec.identifier)
            if pending is None:
                return
            pending.attempts += 1
            pending.last_attempt_at = now
            pending.next_attempt_at = now + outstanding.backoff(self.settings, pending.attempts)
            pending.last_error = p.error[:2000]
            if outstanding.expired(self.settings, pending, now):
                pending.status = "gave_up"
                pending.alerted_at = now
                enqueue_operator_alert(
                    session, self.settings, "publication_unavailable",
                    f"{rec.identifier} ({stream_of(rec) or 'unknown stream'}, modified "
                    f"{rec.modified.isoformat()}) is still unavailable after {pending.attempts} "
                    f"tries over {self.settings.source.retry_days:g} days: {p.error}")
                event(log, "publication_unavailable", logging.ERROR, identifier=rec.identifier,
                      attempts=pending.attempts)
            session.add(pending)
            return
        pub = session.exec(
            select(Publication).where(Publication.identifier == rec.identifier)).first()
        version = None
        if pub is not None:
            version = session.exec(select(PublicationVersion).where(
                PublicationVersion.publication_id == pub.id,
                PublicationVersion.stamp == rec.stamp)).first()
        if pub is None or version is None:
            self._store_one(session, p, tally, None)
            return
        if version.parse_status == "ok":
            outstanding.clear_pending(session, [rec.identifier])  # stored meanwhile
            tally.unchanged += 1
            return
        # The stored failed version of this state becomes good: same stamp, new bytes.
        doc = p.document
        doc.version = version.number
        version.blob_sha256 = put_blob(session, p.raw)
        version.manifestation = p.manifestation
        version.source_url = p.url
        version.document = dict(p.document_json or doc.to_json(), version=version.number)
        version.parse_status, version.parse_error = "ok", ""
        version.parser_version = PARSER_VERSION
        version.fetched_at = now
        session.add(version)
        session.flush()
        assert version.id is not None
        store_structure(session, version.id, doc)
        first = first_good_version(session, pub, version)
        current = (session.get(PublicationVersion, pub.current_version_id)
                   if pub.current_version_id else None)
        if current is None or current.parse_status != "ok" or current.number <= version.number:
            pub.current_version_id = version.id
            pub.parse_status = "ok"
            apply_metadata(pub, rec, doc)
            session.add(pub)
            session.flush()
            link_by_zaak(session, pub)
        outstanding.clear_pending(session, [rec.identifier])
        tally.fetched += 1
        if first:
            tally.added += 1
        else:
            tally.changed += 1
        tally.changes += len(announce(session, self.settings, pub, version, doc, first=first,
                                      statements=p.statements, findings=p.findings,
                                      history=tally.history))


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
        for r in records:
            if (r.identifier, r.stamp) not in stored and pending.get(r.identifier) != r.stamp:
                continue
            entry = entries.get(r.identifier)
            if entry is None:
                entry = SruEntry(stream=stream, identifier=r.identifier, modified=r.modified,
                                 stamp=r.stamp, seen_at=now)
                entries[r.identifier] = entry
            elif r.modified >= entry.modified:
                entry.modified, entry.stamp, entry.seen_at = r.modified, r.stamp, now
            session.add(entry)


def _walk(ingestor: Ingestor, pages: Iterable[SruPage], db: Database, stream: Stream,
          move_cursor: bool, progress: Callable[[int], None] | None = None,
          seen: set[str] | None = None) -> date | None:
    """Store pages in order, each while the next one is being fetched and parsed.

    The cursor moves only once the whole walk is read and verified (see
    :meth:`SruClient.pages`): never past a gap a shifting result may have left. It stops short
    of a record that must be retried. ``seen`` collects the identifiers read.
    """
    held: date | None = None
    last: date | None = None

    def finish(page: SruPage, prepared: Iterator[_Prepared]) -> None:
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

    pending: tuple[SruPage, Iterator[_Prepared]] | None = None
    try:
        for page in pages:
            _check_stop(ingestor.report)
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
        _set_cursor(db, stream.name, last if held is None else min(held, last))
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
    _stop.clear()
    try:
        yield run
    except SourceError as exc:
        run.errors.append(str(exc))  # the caller raises PollFailed with the report
    except (Interrupted, KeyboardInterrupt):
        report.status = "interrupted"
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
            report.status = "failed"
        _finish(db, report, client.requests - before + run.ingestor.worker_requests)
        if http is None:
            client.close()


def _summarise_history(db: Database, settings: Settings, report: PollReport,
                       history: Counter[str]) -> None:
    with db.writer() as session:
        enqueue_history_summary(session, settings, f"{report.kind} {report.poll_id}", history)
    event(log, "history_not_alerted", run=report.poll_id, **dict(history))


def poll_once(db: Database, settings: Settings, *, http: HttpClient | None = None) -> PollReport:
    """One incremental cycle over every configured stream.

    Raises :class:`PollFailed` (with the report) when the source could not be read; what was
    stored before the failure stays stored and the poll is recorded as failed.
    """
    with _run(db, settings, http, "poll") as run:
        for stream in streams_for(settings.source):
            _check_stop(run.ingestor.report)
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
    with _run(db, settings, http, "backfill") as run:
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
            _check_stop(run.ingestor.report)
            seen: set[str] = set()
            try:
                held = _walk(run.ingestor, sru.pages(stream, start, end), db, stream,
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
                    _set_cursor(db, stream.name, until)
    report = run.ingestor.report
    if run.errors:
        raise PollFailed(f"backfill stopped: {report.error}", report)
    return report
