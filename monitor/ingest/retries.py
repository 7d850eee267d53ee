"""Fetching again the publications left outstanding (a failed fetch or parse), on their own
schedule with backoff, until they are stored or given up (an operator alert)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from monitor.fetch.records import record_from_json
from monitor.fetch.sru import stream_of
from monitor.ingest import outstanding
from monitor.ingest.announce import now_good
from monitor.ingest.report import Failure, Tally
from monitor.ingest.versions import put_blob, store_structure
from monitor.ingest.workers import Prepared
from monitor.logs import event
from monitor.notify.outbox import enqueue_operator_alert
from monitor.parse import PARSER_VERSION
from monitor.statuses import ParseStatus
from monitor.store.tables import ERROR_TEXT_LIMIT, PendingFetch, Publication, PublicationVersion

if TYPE_CHECKING:
    from monitor.ingest.ingestor import Ingestor

log = logging.getLogger("monitor.ingest")


def retry_due(ingestor: Ingestor, now: datetime | None = None) -> None:
    """Fetch again the outstanding publications whose next try is due."""
    rows = outstanding.due(ingestor.db, now, tried_before=ingestor.report.started_at)
    if not rows:
        return
    records = [record_from_json(r.record) for r in rows]
    event(log, "retry_outstanding", records=len(records))
    for row, p in zip(rows, ingestor.prepare(records), strict=True):
        tally = Tally()
        try:
            with ingestor.db.writer() as session:
                _store_retry(ingestor, session, row, p, tally)
        except Exception as exc:
            log.exception("retry_store_failed identifier=%s", row.identifier)
            tally = Tally(failures=[Failure(row.identifier, "store", f"{row.identifier}: {exc}")])
        ingestor.merge(tally)


def _store_retry(ingestor: Ingestor, session: Session, row: PendingFetch, p: Prepared,
                 tally: Tally) -> None:
    rec = p.record
    now = datetime.now(UTC)
    ingestor.keep_attempts(session, p, now)
    if p.document is None or p.raw is None:
        failure = Failure(rec.identifier, p.stage or "fetch", p.error)
        tally.failures.append(failure)
        ingestor.record_failures(session, [failure])
        pending = session.get(PendingFetch, rec.identifier)
        if pending is None:
            return
        pending.attempts += 1
        pending.last_attempt_at = now
        pending.next_attempt_at = now + outstanding.backoff(ingestor.settings, pending.attempts)
        pending.last_error = p.error[:ERROR_TEXT_LIMIT]
        if outstanding.expired(ingestor.settings, pending, now):
            pending.status = "gave_up"
            pending.alerted_at = now
            enqueue_operator_alert(
                session, ingestor.settings, "publication_unavailable",
                f"{rec.identifier} ({stream_of(rec) or 'unknown stream'}, modified "
                f"{rec.modified.isoformat()}) is still unavailable after {pending.attempts} "
                f"tries over {ingestor.settings.source.retry_days:g} days: {p.error}")
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
        ingestor.store_one(session, p, tally, None)
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
    first, changes = now_good(session, ingestor.settings, pub, version, rec, doc,
                              statements=p.statements, findings=p.findings,
                              history=tally.history)
    tally.fetched += 1
    if first:
        tally.added += 1
    else:
        tally.changed += 1
    tally.changes += len(changes)
