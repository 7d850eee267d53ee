"""The batching ingestor: records are fetched and parsed ahead, stored a batch at a time."""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord, record_from_json, record_json
from monitor.fetch.sru import stream_of
from monitor.fetch.sru_page import SruPage
from monitor.ingest import outstanding
from monitor.ingest.announce import announce, first_good_version, now_good
from monitor.ingest.report import Failure, PollReport
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
    store_structure,
    store_version,
    version_seen,
)
from monitor.ingest.workers import Prepared, init_worker, prepare_in_worker, prepare_record
from monitor.logs import event
from monitor.notify.outbox import enqueue_operator_alert
from monitor.parse import PARSER_VERSION
from monitor.statuses import ParseStatus
from monitor.store.db import Database
from monitor.store.tables import (
    ERROR_TEXT_LIMIT,
    PendingFetch,
    PollFailure,
    Publication,
    PublicationVersion,
)

log = logging.getLogger("monitor.ingest")


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
    def _keep_attempts(session: Session, p: Prepared, now: datetime) -> None:
        """The raw bytes and errors of the failed tries before this result."""
        for raw in p.attempt_raws:
            put_blob(session, raw)
        outstanding.record_attempts(session, p.record.identifier, p.attempts, now)

    def _record_failures(self, session: Session, failures: list[Failure]) -> None:
        for f in failures:
            session.add(PollFailure(poll_id=self.report.poll_id, identifier=f.identifier,
                                    stage=f.stage, reason=f.reason))

    def _pending(self, session: Session, p: Prepared, stage: str) -> None:
        """A failure that a later try may overcome: remembered and retried with backoff."""
        outstanding.note_pending(session, self.settings, p.record, record_json(p.record),
                                 stream=stream_of(p.record), stage=stage, error=p.error)

    def _store_one(self, session: Session, p: Prepared, tally: _Tally,
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

    def _store_retry(self, session: Session, row: PendingFetch, p: Prepared,
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
            pending.last_error = p.error[:ERROR_TEXT_LIMIT]
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
        if version.parse_status == ParseStatus.OK:
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
        version.parse_status, version.parse_error = ParseStatus.OK, ""
        version.parser_version = PARSER_VERSION
        version.fetched_at = now
        session.add(version)
        session.flush()
        assert version.id is not None
        store_structure(session, version.id, doc)
        outstanding.clear_pending(session, [rec.identifier])
        first, changes = now_good(session, self.settings, pub, version, rec, doc,
                                  statements=p.statements, findings=p.findings,
                                  history=tally.history)
        tally.fetched += 1
        if first:
            tally.added += 1
        else:
            tally.changed += 1
        tally.changes += len(changes)

