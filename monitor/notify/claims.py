"""The outbox rows' life: claim what is due, settle the outcome, renew or release a claim.

A claim is one UPDATE that marks rows ``sending`` with a lease (``claimed_until``); a worker that
dies leaves its rows to be claimed again once the lease runs out. Settling marks a row ``sent``,
or schedules the next try (:func:`backoff_seconds`), or gives it up (``failed``, ``dead``).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from monitor.backoff import equal_jitter
from monitor.config import DaemonSettings, Settings
from monitor.errors import DeliveryError, NotFound, NotRetryable, UnknownStatus
from monitor.logs import event
from monitor.notify.tables import Delivery
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database
from monitor.store.tables import ERROR_TEXT_LIMIT

log = logging.getLogger("monitor.notify")


@dataclass
class DeliveryReport:
    """What one ``deliver_due`` run did (rows, except ``messages``)."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dead: int = 0
    messages: int = 0  # messages that went out; a digest is one message for many rows
    deferred: int = 0  # given back unsent: their receiver's circuit is open


@dataclass(frozen=True)
class DeliveryView:
    id: int
    subscription: str
    channel: str
    target: str
    kind: str
    ref: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    idempotency_key: str
    digest_due: datetime | None
    created_at: datetime
    sent_at: datetime | None


def backoff_seconds(
    attempts: int, daemon: DaemonSettings, rng: random.Random | None = None
) -> float:
    """The wait before the next try after ``attempts`` failed ones (monitor.backoff's rule)."""
    return equal_jitter(
        attempts - 1,
        base=daemon.retry_base_seconds,
        cap=daemon.retry_max_seconds,
        rand=(rng or random).random(),
    )


def _due(now: datetime) -> Any:
    return or_(
        and_(col(Delivery.status) == DeliveryStatus.PENDING, col(Delivery.next_attempt_at) <= now),
        # a claim whose worker died: its lease ran out
        and_(col(Delivery.status) == DeliveryStatus.SENDING, col(Delivery.claimed_until) < now),
    )


def _claim(
    session: Session, db: Database, where: Any, limit: int | None, now: datetime, worker: str,
    lease: float,
) -> list[int]:  # fmt: skip
    pick = (
        select(Delivery.id).where(where).order_by(col(Delivery.next_attempt_at), col(Delivery.id))
    )
    if limit is not None:
        pick = pick.limit(limit)
    if not db.is_sqlite:
        # Several processes deliver on PostgreSQL: rows another worker is claiming are skipped.
        pick = pick.with_for_update(skip_locked=True)
    # One UPDATE statement: on SQLite it takes the write lock before reading, so two processes
    # cannot both claim a row from the same snapshot.
    stmt = (
        update(Delivery)
        .where(col(Delivery.id).in_(pick.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            claimed_by=worker,
            claimed_until=now + timedelta(seconds=lease),
            attempts=col(Delivery.attempts) + 1,
        )
        .returning(col(Delivery.id))
    )
    return [int(i) for i in session.exec(stmt).scalars().all()]


def claim_due(
    db: Database,
    daemon: DaemonSettings,
    *,
    now: datetime,
    limit: int,
    worker: str,
    skip_targets: Collection[str] = (),
    skip_email: bool = False,
) -> list[list[Delivery]]:
    """Claim due rows as groups: a single immediate row, or every due row of one digest.

    Rows for ``skip_targets`` (webhook URLs) and, with ``skip_email``, e-mail rows stay in the
    queue untouched: their receiver is busy or its circuit is open.
    """
    due = _due(now)
    if skip_targets:
        due = and_(due, col(Delivery.target).not_in(sorted(skip_targets)))
    if skip_email:
        due = and_(due, col(Delivery.channel) != "email")
    with db.writer() as session:
        ids = _claim(session, db, due, limit, now, worker, daemon.delivery_lease_seconds)
        if not ids:
            return []
        rows = list(session.exec(select(Delivery).where(col(Delivery.id).in_(ids))).all())
        digests = {(r.channel, r.target, r.digest_due) for r in rows if r.digest_due is not None}
        for channel, target, due_at in digests:
            # A digest goes out whole: claim the rest of its group even beyond the limit.
            member = and_(
                _due(now),
                col(Delivery.channel) == channel,
                col(Delivery.target) == target,
                col(Delivery.digest_due) == due_at,
            )
            more = _claim(session, db, member, None, now, worker, daemon.delivery_lease_seconds)
            if more:
                rows += list(session.exec(select(Delivery).where(col(Delivery.id).in_(more))).all())
        for row in rows:
            session.expunge(row)
    groups: dict[tuple[Any, ...], list[Delivery]] = {}
    for row in sorted(rows, key=lambda r: r.id or 0):
        key: tuple[Any, ...] = (
            # the secret too: two subscriptions may share a URL but not a signing secret
            ("digest", row.channel, row.target, row.secret_env, row.digest_due)
            if row.digest_due is not None
            else ("one", row.id)
        )
        groups.setdefault(key, []).append(row)
    return list(groups.values())


def settle(
    db: Database,
    rows: Sequence[Delivery],
    error: DeliveryError | None,
    settings: Settings,
    worker: str,
    now: datetime,
    report: DeliveryReport,
) -> None:
    ids = [r.id for r in rows]
    if error is None:
        # One statement: sent is sent, even if our lease had run out meanwhile.
        table = Delivery.__table__  # type: ignore[attr-defined]
        # Core, not an ORM-enabled UPDATE: this runs once per message, on the hot path.
        stmt = (
            update(table)
            .where(table.c.id.in_(ids), table.c.status != DeliveryStatus.SENT)
            .values(status=DeliveryStatus.SENT, sent_at=now, last_error="", claimed_until=None)
            .returning(table.c.id)
        )
        with db.writer() as session:
            marked = set(session.connection().execute(stmt).scalars().all())
        for row in rows:
            if row.id in marked:
                report.sent += 1
                event(log, "delivery_sent", delivery=row.id, subscription=row.subscription,
                      channel=row.channel, attempts=row.attempts)  # fmt: skip
        return
    with db.writer() as session:
        current = session.exec(select(Delivery).where(col(Delivery.id).in_(ids))).all()
        for row in current:
            if row.status != DeliveryStatus.SENDING or row.claimed_by != worker:
                continue  # another worker took it over after our lease ran out
            row.last_error = str(error)[:ERROR_TEXT_LIMIT]
            row.claimed_until = None
            if error.permanent:
                row.status = DeliveryStatus.FAILED
                report.failed += 1
            elif row.attempts >= settings.daemon.max_attempts:
                row.status = DeliveryStatus.DEAD
                report.dead += 1
            else:
                delay = backoff_seconds(row.attempts, settings.daemon)
                retry_after = getattr(error, "retry_after", None)
                if retry_after is not None:
                    delay = max(delay, min(retry_after, settings.daemon.retry_max_seconds))
                row.status = DeliveryStatus.PENDING
                row.next_attempt_at = now + timedelta(seconds=delay)
                report.retrying += 1
            name = (
                "delivery_retrying"
                if row.status == DeliveryStatus.PENDING
                else "delivery_" + row.status
            )
            event(log, name, logging.WARNING, delivery=row.id, subscription=row.subscription,
                  channel=row.channel, attempts=row.attempts, error=row.last_error,
                  next_attempt_at=row.next_attempt_at.isoformat())  # fmt: skip
            session.add(row)


def _claimed(ids: Sequence[int | None], worker: str) -> tuple[Any, ...]:
    """The rows among ``ids`` that ``worker`` still holds (its claim was not taken over)."""
    return (
        col(Delivery.id).in_(ids),
        col(Delivery.status) == DeliveryStatus.SENDING,
        col(Delivery.claimed_by) == worker,
    )


def renew(db: Database, rows: Sequence[Delivery], worker: str, at: datetime, lease: float) -> bool:
    ids = [r.id for r in rows]
    with db.writer() as session:
        stmt = (
            update(Delivery)
            .where(*_claimed(ids, worker))
            .values(claimed_until=at + timedelta(seconds=lease))
            .returning(col(Delivery.id))
        )
        return len(session.exec(stmt).scalars().all()) == len(ids)


def release(db: Database, rows: Sequence[Delivery], worker: str, until: datetime) -> int:
    """Give claimed rows back unsent, due at ``until``; the claim's attempt is not counted."""
    ids = [r.id for r in rows]
    with db.writer() as session:
        stmt = (
            update(Delivery)
            .where(*_claimed(ids, worker))
            .values(
                status=DeliveryStatus.PENDING,
                next_attempt_at=until,
                claimed_by="",
                claimed_until=None,
                attempts=col(Delivery.attempts) - 1,
            )
            .returning(col(Delivery.id))
        )
        return len(session.exec(stmt).scalars().all())


def retry_deliveries(
    db: Database, *, delivery_id: int | None = None, all_dead: bool = False
) -> int:
    """Make failed/dead deliveries (one, or every dead one) due now; returns how many."""
    if delivery_id is None and not all_dead:
        raise NotRetryable("give a delivery id or --all-dead")
    now = datetime.now(UTC)
    with db.writer() as session:
        if delivery_id is not None:
            row = session.get(Delivery, delivery_id)
            if row is None:
                raise NotFound(f"delivery {delivery_id} does not exist")
            if row.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING):
                raise NotRetryable(
                    f"delivery {delivery_id} is {row.status}; only failed, dead or pending "
                    "deliveries can be retried"
                )
            rows = [row]
        else:
            rows = list(
                session.exec(
                    select(Delivery).where(col(Delivery.status) == DeliveryStatus.DEAD)
                ).all()
            )
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, now
            row.claimed_by, row.claimed_until = "", None
            session.add(row)
            event(log, "delivery_retry", delivery=row.id, subscription=row.subscription)
        return len(rows)


def list_deliveries(db: Database, status: str | None = None) -> list[DeliveryView]:
    """Every delivery (or those with ``status``), oldest first."""
    if status is not None and status not in tuple(DeliveryStatus):
        raise UnknownStatus(
            f"unknown delivery status {status!r}; use one of {', '.join(tuple(DeliveryStatus))}"
        )
    with db.reader() as session:
        query = select(Delivery).order_by(col(Delivery.id))
        if status is not None:
            query = query.where(col(Delivery.status) == status)
        return [_view(r) for r in session.exec(query).all()]


def _view(r: Delivery) -> DeliveryView:
    return DeliveryView(
        id=r.id or 0,
        subscription=r.subscription,
        channel=r.channel,
        target=r.target,
        kind=r.kind,
        ref=r.ref,
        status=r.status,
        attempts=r.attempts,
        next_attempt_at=r.next_attempt_at,
        last_error=r.last_error,
        idempotency_key=r.idempotency_key,
        digest_due=r.digest_due,
        created_at=r.created_at,
        sent_at=r.sent_at,
    )
