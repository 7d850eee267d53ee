"""Publications whose document failed (404, soft 404, truncated, unparsable): retried, not lost.

A failure is remembered in ``pendingfetch`` in the transaction that records it; polls and
backfills retry what is due with a doubling backoff for ``[source] retry_days``, keeping the
raw bytes of every attempt (``fetchattempt``). A publication that stays unavailable becomes one
operator alert (``publication_unavailable``) instead of silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from monitor.backoff import exponential
from monitor.config import Settings
from monitor.fetch.records import SruRecord
from monitor.statuses import FetchStatus
from monitor.store.db import Database
from monitor.store.tables import ERROR_TEXT_LIMIT, FetchAttempt, PendingFetch

# A retry waits at most this long, however many attempts failed before.
MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One failed try of one manifestation (``sha256``: its raw bytes, stored as a blob)."""

    manifestation: str
    url: str
    sha256: str | None
    error: str


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after ``attempts`` failed tries: doubling from ``retry_first_minutes``, at most
    :data:`MAX_BACKOFF` (the one retry rule, without jitter: a stored due time is not a herd)."""
    seconds = exponential(attempts - 1, base=settings.source.retry_first_minutes * 60,
                          cap=MAX_BACKOFF.total_seconds())
    return timedelta(seconds=seconds)


def record_attempts(session: Session, identifier: str, attempts: Sequence[Attempt],
                    now: datetime) -> None:
    for a in attempts:
        session.add(FetchAttempt(identifier=identifier, at=now, manifestation=a.manifestation,
                                 url=a.url, blob_sha256=a.sha256, error=a.error[:ERROR_TEXT_LIMIT]))


def note_pending(
    session: Session,
    settings: Settings,
    record: SruRecord,
    record_data: dict[str, object],
    *,
    stream: str,
    stage: str,
    error: str,
    now: datetime | None = None,
) -> PendingFetch:
    """Remember (or count another failed try of) a publication to fetch again later."""
    now = now or datetime.now(UTC)
    row = session.get(PendingFetch, record.identifier)
    if row is None:
        row = PendingFetch(identifier=record.identifier, modified=record.modified,
                           first_failed_at=now)
    elif row.stamp != record.stamp:
        # A newer state of the publication failed: its own retry period starts now.
        row.first_failed_at, row.attempts, row.alerted_at = now, 0, None
        row.status = FetchStatus.PENDING
    row.stream = stream or row.stream
    row.stamp = record.stamp
    row.modified = record.modified
    row.record = dict(record_data)
    row.stage = stage
    row.attempts += 1
    row.last_attempt_at = now
    row.next_attempt_at = now + backoff(settings, row.attempts)
    row.last_error = error[:ERROR_TEXT_LIMIT]
    session.add(row)
    return row


def clear_pending(session: Session, identifiers: Sequence[str]) -> None:
    """The publications were stored in good order: nothing is outstanding for them."""
    if identifiers:
        session.execute(delete(PendingFetch).where(col(PendingFetch.identifier).in_(identifiers)))


def due(db: Database, now: datetime | None = None, *, tried_before: datetime | None = None,
        limit: int = 200) -> list[PendingFetch]:
    """Outstanding publications whose next try is due, oldest first.

    ``tried_before``: leave out those last tried at or after it (failed in this very run).
    """
    now = now or datetime.now(UTC)
    with db.reader() as session:
        stmt = select(PendingFetch).where(PendingFetch.status == FetchStatus.PENDING,
                                          col(PendingFetch.next_attempt_at) <= now)
        if tried_before is not None:
            stmt = stmt.where(col(PendingFetch.last_attempt_at) < tried_before)
        rows = session.exec(
            stmt
            .order_by(col(PendingFetch.next_attempt_at), col(PendingFetch.identifier))
            .limit(limit)
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def expired(settings: Settings, row: PendingFetch, now: datetime) -> bool:
    first = row.first_failed_at
    if first.tzinfo is None:  # SQLite hands back naive datetimes for some drivers
        first = first.replace(tzinfo=UTC)
    return now - first >= timedelta(days=settings.source.retry_days)


@dataclass(frozen=True, slots=True)
class Outstanding:
    identifier: str
    stage: str
    attempts: int
    status: str
    first_failed_at: datetime
    next_attempt_at: datetime
    error: str


def outstanding(db: Database, limit: int = 20) -> tuple[int, list[Outstanding]]:
    """How many publications are still outstanding, and the oldest ``limit`` of them."""
    with db.reader() as session:
        total = session.exec(select(func.count()).select_from(PendingFetch)).one()
        rows = session.exec(
            select(PendingFetch).order_by(col(PendingFetch.first_failed_at),
                                          col(PendingFetch.identifier)).limit(limit)
        ).all()
        return int(total), [
            Outstanding(r.identifier, r.stage, r.attempts, r.status, r.first_failed_at,
                        r.next_attempt_at, r.last_error)
            for r in rows
        ]
