"""The batching ingestor: records are fetched and parsed ahead, stored a batch at a time."""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord, record_json
from monitor.fetch.sru import stream_of
from monitor.fetch.sru_page import SruPage
from monitor.ingest import outstanding
from monitor.ingest.announce import announce, first_good_version
from monitor.ingest.report import Failure, PollReport, Tally
from monitor.ingest.retries import retry_due
from monitor.ingest.sandbox import (
    Limits,
    ParseSandbox,
    parser_for,
)
from monitor.ingest.versions import (
    FirstVersion,
    load_publications,
    note_fetch_failure,
    put_blob,
    seen_stamps,
    store_first_versions,
    store_version,
    version_seen,
)
from monitor.ingest.workers import Prepared, init_worker, prepare_in_worker, prepare_record
from monitor.logs import event
from monitor.parse import PARSER_VERSION
from monitor.store.db import Database
from monitor.store.tables import (
    PendingFetch,
    PollFailure,
    Publication,
)

log = logging.getLogger("monitor.ingest")


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

    def _in_thread(self, record: SruRecord) -> Prepared:
        return prepare_record(self.http, self.settings, record, parser_for(self._sandbox))

    def _worker_results(
        self, todo: list[SruRecord], futures: list[Future[tuple[Prepared, int]]]
    ) -> Iterator[Prepared]:
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

    def prepare(self, records: list[SruRecord]) -> Iterator[Prepared]:
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
                    initializer=init_worker, initargs=(share,))
            futures = [self._processes.submit(prepare_in_worker, r) for r in records]
            return self._worker_results(records, futures)
        return self._threads.map(self._in_thread, records)

    def start_page(self, page: SruPage) -> Iterator[Prepared]:
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

    def store_page(self, prepared: Iterator[Prepared]) -> date | None:
        """Store a started page; return the earliest day whose record must be retried."""
        retry: list[date] = []
        chunk: list[Prepared] = []
        for item in prepared:
            chunk.append(item)
            if len(chunk) >= self.BATCH:
                retry += self._store_batch(chunk)
                chunk = []
        if chunk:
            retry += self._store_batch(chunk)
        return min(retry, default=None)

    def _store_batch(self, chunk: list[Prepared]) -> list[date]:
        """Store records in one transaction; if that fails, one transaction per record."""
        if len(chunk) > 1:
            tally = Tally()
            try:
                with self.db.writer() as session:
                    known = load_publications(session, [p.record.identifier for p in chunk])
                    firsts, rest = self._split_first_versions(chunk, known)
                    self._store_firsts(session, firsts, tally)
                    for p in rest:
                        self.store_one(session, p, tally, known)
            except Exception as exc:
                # Find the record that broke the batch: store them one by one below.
                event(log, "batch_retry", logging.INFO, records=len(chunk), reason=str(exc))
            else:
                return self.merge(tally)
        retry: list[date] = []
        for p in chunk:
            tally = Tally()
            try:
                with self.db.writer() as session:
                    if version_seen(session, p.record.identifier, p.record.stamp):
                        tally.unchanged += 1  # another process stored it meanwhile
                    else:
                        self.store_one(session, p, tally, None)
            except Exception as exc:
                # A bug or a database error on one record must not stop the poll; the record is
                # retried by a later poll (its stamp is not stored) and the failure is recorded.
                log.exception("store_failed identifier=%s", p.record.identifier)
                tally = Tally(failures=[Failure(p.record.identifier, "store",
                                                 f"{p.record.identifier}: {exc}")],
                               retry=[p.record.modified])
                with self.db.writer() as session:
                    self.record_failures(session, tally.failures)
            retry += self.merge(tally)
        return retry

    def merge(self, tally: Tally) -> list[date]:
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
        chunk: list[Prepared], known: dict[str, Publication]
    ) -> tuple[list[tuple[Prepared, FirstVersion]], list[Prepared]]:
        """Parsed records of publications not stored yet (stored in bulk), and the others."""
        firsts: list[tuple[Prepared, FirstVersion]] = []
        rest: list[Prepared] = []
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

    def _store_firsts(self, session: Session, firsts: list[tuple[Prepared, FirstVersion]],
                      tally: Tally) -> None:
        stored = store_first_versions(session, [item for _, item in firsts],
                                      parser_version=PARSER_VERSION)
        tally.fetched += len(stored)
        tally.added += len(stored)
        now = datetime.now(UTC)
        for p, _ in firsts:
            self.keep_attempts(session, p, now)
        outstanding.clear_pending(session, [p.record.identifier for p, _ in firsts])
        for (p, item), s in zip(firsts, stored, strict=True):
            assert s.version is not None
            tally.changes += len(announce(session, self.settings, s.publication, s.version,
                                          item.document, first=True, new_publication=True,
                                          statements=p.statements, findings=p.findings,
                                          history=tally.history))

    @staticmethod
    def keep_attempts(session: Session, p: Prepared, now: datetime) -> None:
        """The raw bytes and errors of the failed tries before this result."""
        for raw in p.attempt_raws:
            put_blob(session, raw)
        outstanding.record_attempts(session, p.record.identifier, p.attempts, now)

    def record_failures(self, session: Session, failures: list[Failure]) -> None:
        for f in failures:
            session.add(PollFailure(poll_id=self.report.poll_id, identifier=f.identifier,
                                    stage=f.stage, reason=f.reason))

    def _pending(self, session: Session, p: Prepared, stage: str) -> None:
        """A failure that a later try may overcome: remembered and retried with backoff."""
        outstanding.note_pending(session, self.settings, p.record, record_json(p.record),
                                 stream=stream_of(p.record), stage=stage, error=p.error)

    def store_one(self, session: Session, p: Prepared, tally: Tally,
                   known: dict[str, Publication] | None) -> None:
        rec = p.record
        now = datetime.now(UTC)
        if p.raw is None:
            note_fetch_failure(session, rec, known)
            failure = Failure(rec.identifier, p.stage, p.error)
            tally.failures.append(failure)
            self.record_failures(session, [failure])
            if p.transient:
                tally.retry.append(rec.modified)
            else:
                self.keep_attempts(session, p, now)
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
        self.keep_attempts(session, p, now)
        if stored.outcome == "failed":
            failure = Failure(rec.identifier, p.stage or "parse", p.error)
            tally.failures.append(failure)
            self.record_failures(session, [failure])
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

    def retry_due(self, now: datetime | None = None) -> None:
        """Fetch again the outstanding publications whose next try is due."""
        retry_due(self, now)
