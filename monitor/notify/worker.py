"""The delivery worker: claim due outbox rows, send outside the transaction, then mark them.

At least once: a row is marked ``sent`` only after the receiver accepted it (HTTP 2xx, SMTP
250). A worker that dies between claim and mark leaves the row ``sending`` with a lease; once the
lease runs out any worker re-claims it, and the repeat carries the same idempotency key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from monitor.config import DaemonSettings, Settings
from monitor.errors import DeliveryError, MonitorError, NotFound
from monitor.logs import event
from monitor.notify import mailer, webhook
from monitor.notify.render import Entry, Rendered, asked_for, pages_url, render
from monitor.notify.tables import DEAD, FAILED, PENDING, SENDING, SENT, STATUSES, Delivery
from monitor.store.db import Database

log = logging.getLogger("monitor.notify")


class NotRetryable(MonitorError):
    """A delivery that is sent or being sent cannot be re-driven."""


class UnknownStatus(MonitorError):
    """A status filter that is not one of the delivery statuses."""


@dataclass
class DeliveryReport:
    """What one ``deliver_due`` run did (rows, except ``messages``)."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dead: int = 0
    messages: int = 0  # messages that went out; a digest is one message for many rows


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
    """Exponential backoff with "equal jitter": half fixed, half random, capped."""
    growth: float = daemon.retry_base_seconds * 2.0 ** max(0, attempts - 1)
    ceiling = min(daemon.retry_max_seconds, growth)
    jitter: float = (rng or random).uniform(0, ceiling / 2)
    return ceiling / 2 + jitter


def _due(now: datetime) -> Any:
    return or_(
        and_(col(Delivery.status) == PENDING, col(Delivery.next_attempt_at) <= now),
        # a claim whose worker died: its lease ran out
        and_(col(Delivery.status) == SENDING, col(Delivery.claimed_until) < now),
    )


def _claim(
    session: Session, db: Database, where: Any, limit: int | None, now: datetime, worker: str,
    lease: float,
) -> list[int]:  # fmt: skip
    pick = (
        select(Delivery.id)
        .where(where)
        .order_by(col(Delivery.next_attempt_at), col(Delivery.id))
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
            status=SENDING,
            claimed_by=worker,
            claimed_until=now + timedelta(seconds=lease),
            attempts=col(Delivery.attempts) + 1,
        )
        .returning(col(Delivery.id))
    )
    return [int(i) for i in session.exec(stmt).scalars().all()]


def claim_due(
    db: Database, daemon: DaemonSettings, *, now: datetime, limit: int, worker: str
) -> list[list[Delivery]]:
    """Claim due rows as groups: a single immediate row, or every due row of one digest."""
    with db.writer() as session:
        ids = _claim(session, db, _due(now), limit, now, worker, daemon.delivery_lease_seconds)
        if not ids:
            return []
        rows = list(session.exec(select(Delivery).where(col(Delivery.id).in_(ids))).all())
        digests = {(r.channel, r.target, r.digest_due) for r in rows if r.digest_due is not None}
        for channel, target, due in digests:
            # A digest goes out whole: claim the rest of its group even beyond the limit.
            member = and_(
                _due(now),
                col(Delivery.channel) == channel,
                col(Delivery.target) == target,
                col(Delivery.digest_due) == due,
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


def _entries(rows: Sequence[Delivery]) -> list[Entry]:
    """One entry per cause: a change several subscriptions of one recipient match, told once."""
    by_cause: dict[tuple[str, str], Entry] = {}
    for row in rows:
        cause = (row.kind, row.ref)
        reason = str(row.payload.get("reason", ""))
        if cause not in by_cause:
            by_cause[cause] = Entry(kind=row.kind, payload=row.payload, reasons=[])
        if reason and reason not in by_cause[cause].reasons:
            by_cause[cause].reasons.append(reason)
    return list(by_cause.values())


def group_key(rows: Sequence[Delivery]) -> str:
    """The idempotency key of a message: the row's own, or one derived from a digest's rows."""
    if len(rows) == 1 and rows[0].digest_due is None:
        return rows[0].idempotency_key
    members = "\n".join(sorted(f"{r.idempotency_key} {r.target}" for r in rows))
    return "km-digest-" + hashlib.sha256(members.encode()).hexdigest()[:40]


_SCHEMAS = {
    "change": "monitor.change/1",
    "event": "monitor.event/1",
    "operator": "monitor.operator/1",
}
_BODY_KEYS = {"change": "change", "event": "event", "operator": "alert"}


def webhook_body(rows: Sequence[Delivery], entries: Sequence[Entry]) -> bytes:
    """The versioned JSON envelope (one item, or a ``monitor.digest/1`` of several)."""
    if len(rows) == 1 and rows[0].digest_due is None:
        row = rows[0]
        envelope: dict[str, Any] = {
            "schema": _SCHEMAS[row.kind],
            "subscription": row.subscription,
            "delivery_id": row.id,
            _BODY_KEYS[row.kind]: row.payload.get(_BODY_KEYS[row.kind]),
        }
    else:
        envelope = {
            "schema": "monitor.digest/1",
            "subscriptions": sorted({r.subscription for r in rows}),
            "delivery_ids": sorted(r.id for r in rows if r.id is not None),
            "digest_due": rows[0].digest_due.isoformat() if rows[0].digest_due else None,
            "changes": [e.payload["change"] for e in entries if e.kind == "change"],
            "events": [e.payload["event"] for e in entries if e.kind == "event"],
            "alerts": [e.payload["alert"] for e in entries if e.kind == "operator"],
        }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def _send(rows: Sequence[Delivery], settings: Settings, client: httpx.Client,
          db: Database | None = None) -> None:
    first = rows[0]
    ids = ",".join(str(r.id) for r in rows)
    entries = _entries(rows)
    key = group_key(rows)
    if first.channel == "webhook":
        secret = os.environ.get(first.secret_env, "") if first.secret_env else ""
        if not secret:
            raise DeliveryError(
                f"delivery {ids}: the environment variable {first.secret_env or '(secret_env)'} "
                "holding the webhook secret is not set; not sending unsigned",
                permanent=True,
            )
        webhook.post(
            client, first.target, webhook_body(rows, entries), key=key, secret=secret, delivery=ids
        )
    elif first.channel == "email":
        titles = {c.id: c.title for c in settings.commitments}
        rendered: Rendered = render(entries, titles, base_url=pages_url(settings),
                                    asked=asked_for(db, entries) if db else None)
        message = mailer.build_message(settings.smtp, first.target, rendered, key)
        mailer.send_email(settings.smtp, message, delivery=ids)
    else:
        raise DeliveryError(f"delivery {ids}: unknown channel {first.channel!r}", permanent=True)


def _settle(
    db: Database,
    rows: Sequence[Delivery],
    error: DeliveryError | None,
    settings: Settings,
    worker: str,
    now: datetime,
    report: DeliveryReport,
) -> None:
    ids = [r.id for r in rows]
    with db.writer() as session:
        current = session.exec(select(Delivery).where(col(Delivery.id).in_(ids))).all()
        for row in current:
            if error is None:
                if row.status != SENT:  # sent is sent, even if our lease had run out meanwhile
                    row.status, row.sent_at, row.last_error = SENT, now, ""
                    row.claimed_until = None
                    report.sent += 1
                    event(log, "delivery_sent", delivery=row.id, subscription=row.subscription,
                          channel=row.channel, attempts=row.attempts)  # fmt: skip
                continue
            if row.status != SENDING or row.claimed_by != worker:
                continue  # another worker took it over after our lease ran out
            row.last_error = str(error)[:2000]
            row.claimed_until = None
            if error.permanent:
                row.status = FAILED
                report.failed += 1
            elif row.attempts >= settings.daemon.max_attempts:
                row.status = DEAD
                report.dead += 1
            else:
                delay = backoff_seconds(row.attempts, settings.daemon)
                retry_after = getattr(error, "retry_after", None)
                if retry_after is not None:
                    delay = max(delay, min(retry_after, settings.daemon.retry_max_seconds))
                row.status = PENDING
                row.next_attempt_at = now + timedelta(seconds=delay)
                report.retrying += 1
            name = "delivery_retrying" if row.status == PENDING else "delivery_" + row.status
            event(log, name, logging.WARNING, delivery=row.id, subscription=row.subscription,
                  channel=row.channel, attempts=row.attempts, error=row.last_error,
                  next_attempt_at=row.next_attempt_at.isoformat())  # fmt: skip
            session.add(row)


def _renew(db: Database, rows: Sequence[Delivery], worker: str, at: datetime, lease: float) -> bool:
    ids = [r.id for r in rows]
    with db.writer() as session:
        stmt = (
            update(Delivery)
            .where(col(Delivery.id).in_(ids))
            .where(col(Delivery.status) == SENDING, col(Delivery.claimed_by) == worker)
            .values(claimed_until=at + timedelta(seconds=lease))
            .returning(col(Delivery.id))
        )
        return len(session.exec(stmt).scalars().all()) == len(ids)


def deliver_due(
    db: Database,
    settings: Settings,
    *,
    now: datetime | None = None,
    limit: int | None = None,
    worker_id: str | None = None,
) -> DeliveryReport:
    """Send what is due now (at most ``limit`` rows, default ``[daemon] delivery_batch``)."""
    clock = now or datetime.now(UTC)
    worker = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    report = DeliveryReport()
    groups = claim_due(
        db, settings.daemon, now=clock, limit=limit or settings.daemon.delivery_batch, worker=worker
    )
    report.claimed = sum(len(g) for g in groups)
    if not groups:
        return report
    timeout = httpx.Timeout(settings.daemon.webhook_timeout_seconds)
    lease = settings.daemon.delivery_lease_seconds
    claimed_at = time.monotonic()
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for rows in groups:
            elapsed = time.monotonic() - claimed_at
            # A slow batch must not outlive its lease, or another worker would send the same
            # rows at the same time: past half the lease, renew each group before sending it.
            if elapsed > lease / 2:
                at = clock + timedelta(seconds=elapsed)
                if not _renew(db, rows, worker, at, lease):
                    continue  # lost to another worker meanwhile: it sends them
            error: DeliveryError | None = None
            try:
                _send(rows, settings, client, db)
                report.messages += 1
            except DeliveryError as exc:
                error = exc
            except Exception as exc:  # a bug must not stop the other deliveries: retry this one
                error = DeliveryError(f"delivery {rows[0].id}: {type(exc).__name__}: {exc}")
            settled_at = now or datetime.now(UTC)
            _settle(db, rows, error, settings, worker, settled_at, report)
    return report


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
            if row.status in (SENT, SENDING):
                raise NotRetryable(
                    f"delivery {delivery_id} is {row.status}; only failed, dead or pending "
                    "deliveries can be retried"
                )
            rows = [row]
        else:
            rows = list(session.exec(select(Delivery).where(col(Delivery.status) == DEAD)).all())
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = PENDING, 0, now
            row.claimed_by, row.claimed_until = "", None
            session.add(row)
            event(log, "delivery_retry", delivery=row.id, subscription=row.subscription)
        return len(rows)


def list_deliveries(db: Database, status: str | None = None) -> list[DeliveryView]:
    """Every delivery (or those with ``status``), oldest first."""
    if status is not None and status not in STATUSES:
        raise UnknownStatus(f"unknown delivery status {status!r}; use one of {', '.join(STATUSES)}")
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
