"""The delivery worker: claim due outbox rows, send outside the transaction, then mark them.

At least once: a row is marked ``sent`` only after the receiver accepted it (HTTP 2xx, SMTP
250). A worker that dies between claim and mark leaves the row ``sending`` with a lease; once the
lease runs out any worker re-claims it, and the repeat carries the same idempotency key.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import random
import socket
import ssl
import threading
import time
import uuid
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from monitor.config import DaemonSettings, Settings
from monitor.errors import DeliveryError, NotFound, NotRetryable, UnknownStatus
from monitor.logs import event
from monitor.notify import mailer, webhook
from monitor.notify.render import Entry, Rendered, asked_for, pages_url, render
from monitor.notify.tables import DEAD, FAILED, PENDING, SENDING, SENT, STATUSES, Delivery
from monitor.store.db import Database

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
    if error is None:
        # One statement: sent is sent, even if our lease had run out meanwhile.
        table = Delivery.__table__  # type: ignore[attr-defined]
        # Core, not an ORM-enabled UPDATE: this runs once per message, on the hot path.
        stmt = (
            update(table)
            .where(table.c.id.in_(ids), table.c.status != SENT)
            .values(status=SENT, sent_at=now, last_error="", claimed_until=None)
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


def _release(db: Database, rows: Sequence[Delivery], worker: str, until: datetime) -> int:
    """Give claimed rows back unsent, due at ``until``; the claim's attempt is not counted."""
    ids = [r.id for r in rows]
    with db.writer() as session:
        stmt = (
            update(Delivery)
            .where(col(Delivery.id).in_(ids))
            .where(col(Delivery.status) == SENDING, col(Delivery.claimed_by) == worker)
            .values(
                status=PENDING,
                next_attempt_at=until,
                claimed_by="",
                claimed_until=None,
                attempts=col(Delivery.attempts) - 1,
            )
            .returning(col(Delivery.id))
        )
        return len(session.exec(stmt).scalars().all())


# --- the worker: one HTTP client, receivers isolated from each other ------------------------

# One message at a time per receiver: alerts reach it in order, and a worker killed mid-send
# leaves exactly the unsent tail claimed (tests/notify/test_crash.py relies on this).
PER_DESTINATION = 1
# Messages claimed and waiting for a busy receiver; beyond this its rows stay unclaimed in the
# outbox, so a receiver that hangs cannot fill every batch with its own rows.
QUEUE_PER_DESTINATION = 20
# Consecutive transient failures (timeouts, refused connections, 5xx) that open a circuit.
BREAKER_THRESHOLD = 3

_TLS_LOCK = threading.Lock()
_TLS: dict[tuple[str, str], ssl.SSLContext] = {}


def tls_context() -> ssl.SSLContext:
    """The process's TLS client context (building one costs tens of ms of CPU).

    Keyed by SSL_CERT_FILE/SSL_CERT_DIR, which the context reads when it is built.
    """
    key = (os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", ""))
    with _TLS_LOCK:
        context = _TLS.get(key)
        if context is None:
            context = _TLS[key] = httpx.create_ssl_context()
        return context


def destination(row: Delivery, settings: Settings) -> str:
    """The receiver a row goes to: its webhook URL, or the SMTP server for e-mail."""
    if row.channel == "email":
        return f"smtp://{settings.smtp.host}:{settings.smtp.port}"
    return row.target


class _Batch:
    """The groups one ``run`` handed out, and what became of them."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.left = 0
        self.report = DeliveryReport()

    def merge(self, delta: DeliveryReport) -> None:
        with self.cond:
            for name in ("sent", "retrying", "failed", "dead", "messages", "deferred"):
                setattr(self.report, name, getattr(self.report, name) + getattr(delta, name))

    def finish(self) -> None:
        with self.cond:
            self.left -= 1
            self.cond.notify_all()

    def wait(self) -> None:
        with self.cond:
            while self.left > 0:
                self.cond.wait()


@dataclass
class _Job:
    db: Database
    settings: Settings
    rows: list[Delivery]
    worker: str
    clock: datetime  # the claim's time
    fixed: bool  # the caller fixed the clock (tests): keep using it
    claimed_at: float  # monotonic
    batch: _Batch

    def now(self) -> datetime:
        return self.clock if self.fixed else datetime.now(UTC)


@dataclass
class _Destination:
    """One receiver: its queue, its senders, and its circuit breaker."""

    key: str
    queue: deque[_Job] = field(default_factory=deque)
    running: int = 0
    failures: int = 0  # consecutive transient failures
    opened: int = 0  # consecutive openings: each doubles the cool-down
    open_until: datetime | None = None

    def is_open(self, at: datetime) -> bool:
        return self.open_until is not None and at < self.open_until

    def bound(self) -> int:
        # half-open after a cool-down: a single trial message until one succeeds
        return 1 if self.failures >= BREAKER_THRESHOLD else PER_DESTINATION


class DeliveryWorker:
    """A delivery worker: one HTTP client for its lifetime, one sender per busy receiver.

    Each receiver (webhook URL, or the SMTP server) has its own queue, at most
    ``PER_DESTINATION`` messages in flight, and a circuit breaker: after ``BREAKER_THRESHOLD``
    transient failures in a row its rows are left in (or given back to) the outbox for a
    cool-down that doubles with every opening, capped at ``[daemon] retry_max_seconds``. A
    receiver that hangs therefore only ever holds up its own alerts.
    """

    def __init__(self, settings: Settings, worker_id: str | None = None) -> None:
        self.worker_id = worker_id or new_worker_id()
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.daemon.webhook_timeout_seconds),
            follow_redirects=False,
            verify=tls_context(),
        )
        self._lock = threading.Lock()
        self._destinations: dict[str, _Destination] = {}
        self._closed = False

    def run(
        self,
        db: Database,
        settings: Settings,
        *,
        now: datetime | None = None,
        limit: int | None = None,
        wait: bool = True,
    ) -> DeliveryReport:
        """Claim what is due and hand it to the receivers' senders.

        With ``wait`` the call returns once every claimed row is settled; without, it returns
        at once (``claimed`` is final, the other counts fill in as sends finish).
        """
        clock = now or datetime.now(UTC)
        if self._closed:
            return DeliveryReport()
        skip_targets, skip_email = self._busy(settings, clock)
        groups = claim_due(
            db, settings.daemon, now=clock, limit=limit or settings.daemon.delivery_batch,
            worker=self.worker_id, skip_targets=skip_targets, skip_email=skip_email,
        )  # fmt: skip
        batch = _Batch()
        batch.report.claimed = sum(len(g) for g in groups)
        claimed_at = time.monotonic()
        with self._lock:
            for rows in groups:
                dest = self._destinations.setdefault(
                    destination(rows[0], settings), _Destination(destination(rows[0], settings))
                )
                dest.queue.append(
                    _Job(db, settings, rows, self.worker_id, clock, now is not None, claimed_at,
                         batch)
                )  # fmt: skip
                batch.left += 1
                self._dispatch(dest)
        if wait:
            batch.wait()
        return batch.report

    def close(self, timeout: float | None = None) -> bool:
        """Give queued claims back to the outbox, wait for sends in flight, close the client;
        False when a send was still in flight at the timeout."""
        with self._lock:
            self._closed = True
            queued = [(d, job) for d in self._destinations.values() for job in d.queue]
            for d in self._destinations.values():
                d.queue.clear()
        for _dest, job in queued:
            try:
                job.batch.report.deferred += _release(job.db, job.rows, job.worker, job.now())
            except Exception as exc:  # the database is gone: the claims' leases run out instead
                event(log, "delivery_release_failed", logging.WARNING,
                      error=f"{type(exc).__name__}: {exc}")  # fmt: skip
            finally:
                job.batch.finish()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            busy = any(d.running for d in self._destinations.values())
        while busy and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.01)  # shutdown only: senders end within the HTTP/SMTP timeout
            with self._lock:
                busy = any(d.running for d in self._destinations.values())
        if not busy:
            self.client.close()
        return not busy

    # --- internals ------------------------------------------------------------------------
    def _busy(self, settings: Settings, at: datetime) -> tuple[set[str], bool]:
        """Receivers not to claim for now: circuit open, or a full queue."""
        smtp = f"smtp://{settings.smtp.host}:{settings.smtp.port}"
        with self._lock:
            busy = {
                d.key for d in self._destinations.values()
                if d.is_open(at) or len(d.queue) >= QUEUE_PER_DESTINATION
            }  # fmt: skip
        return {k for k in busy if k != smtp}, smtp in busy

    def _dispatch(self, dest: _Destination) -> None:
        """Start senders up to the receiver's bound (the lock is held)."""
        while dest.queue and dest.running < dest.bound() and not self._closed:
            dest.running += 1
            threading.Thread(
                target=self._serve, args=(dest,), name="delivery-sender", daemon=True
            ).start()

    def _serve(self, dest: _Destination) -> None:
        while True:
            with self._lock:
                if not dest.queue or dest.running > dest.bound():
                    dest.running -= 1
                    return
                job = dest.queue.popleft()
            try:
                self._handle(dest, job)
            except Exception as exc:  # a database failure: the lease hands the rows back later
                event(log, "delivery_sender_error", logging.ERROR,
                      error=f"{type(exc).__name__}: {exc}")  # fmt: skip
            finally:
                job.batch.finish()

    def _handle(self, dest: _Destination, job: _Job) -> None:
        delta = DeliveryReport()
        with self._lock:
            until = dest.open_until if dest.is_open(job.now()) else None
        if until is not None:
            # The circuit opened while this waited: no attempt, back to the outbox.
            delta.deferred += _release(job.db, job.rows, job.worker, until)
            job.batch.merge(delta)
            return
        lease = job.settings.daemon.delivery_lease_seconds
        elapsed = time.monotonic() - job.claimed_at
        # A message that waited must not outlive its lease, or another worker would send the
        # same rows at the same time: past half the lease, renew before sending.
        if elapsed > lease / 2:
            at = job.clock + timedelta(seconds=elapsed)
            if not _renew(job.db, job.rows, job.worker, at, lease):
                return  # lost to another worker meanwhile: it sends them
        error: DeliveryError | None = None
        transient = False
        try:
            _send(job.rows, job.settings, self.client, job.db)
            delta.messages += 1
        except DeliveryError as exc:
            error, transient = exc, not exc.permanent
        except Exception as exc:  # a bug must not stop the other deliveries: retry this one
            error = DeliveryError(f"delivery {job.rows[0].id}: {type(exc).__name__}: {exc}")
        settled_at = job.now()
        self._breaker(dest, error is None or not transient, transient, settled_at, job.settings)
        _settle(job.db, job.rows, error, job.settings, job.worker, settled_at, delta)
        job.batch.merge(delta)

    def _breaker(
        self, dest: _Destination, answered: bool, transient: bool, at: datetime,
        settings: Settings,
    ) -> None:  # fmt: skip
        with self._lock:
            if answered:
                # It answered (2xx, or a permanent 4xx): the receiver is alive.
                if dest.failures >= BREAKER_THRESHOLD:
                    event(log, "receiver_circuit_closed", destination=webhook.redact(dest.key))
                dest.failures, dest.opened, dest.open_until = 0, 0, None
                self._dispatch(dest)
                return
            if not transient:
                return  # our own failure (a bug, a missing secret), not the receiver's
            dest.failures += 1
            if dest.failures < BREAKER_THRESHOLD:
                return
            dest.opened += 1
            daemon = settings.daemon
            growth = daemon.retry_base_seconds * 2 ** (dest.opened - 1)
            cooldown = min(daemon.retry_max_seconds, growth)
            dest.open_until = at + timedelta(seconds=cooldown)
            event(log, "receiver_circuit_open", logging.WARNING,
                  destination=webhook.redact(dest.key), failures=dest.failures,
                  until=dest.open_until.isoformat())  # fmt: skip


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


_SHARED: dict[str, DeliveryWorker] = {}
_SHARED_LOCK = threading.Lock()


def shared_worker(settings: Settings, worker_id: str) -> DeliveryWorker:
    """The process's long-lived worker for ``worker_id`` (the daemon's holder id)."""
    with _SHARED_LOCK:
        worker = _SHARED.get(worker_id)
        if worker is None:
            worker = _SHARED[worker_id] = DeliveryWorker(settings, worker_id)
            if len(_SHARED) == 1:
                atexit.register(_close_shared)
        return worker


def close_shared_worker(worker_id: str, timeout: float | None = None) -> bool:
    """Stop the process's worker for ``worker_id`` (see :meth:`DeliveryWorker.close`); False
    when a send was still in flight at the timeout."""
    with _SHARED_LOCK:
        worker = _SHARED.pop(worker_id, None)
    return worker.close(timeout) if worker is not None else True


def _close_shared() -> None:
    # At exit: queued claims go back to the outbox at once (not after their lease), and a send
    # in flight gets its timeout to finish.
    with _SHARED_LOCK:
        workers = list(_SHARED.values())
        _SHARED.clear()
    for worker in workers:
        worker.close(timeout=float(worker.client.timeout.read or 10.0) + 1.0)


def deliver_due(
    db: Database,
    settings: Settings,
    *,
    now: datetime | None = None,
    limit: int | None = None,
    worker_id: str | None = None,
    wait: bool = True,
) -> DeliveryReport:
    """Send what is due now (at most ``limit`` rows, default ``[daemon] delivery_batch``).

    With ``wait`` (the default) a worker lives for this call and it returns when every claimed
    row is settled. Without (the daemon), the process's worker for ``worker_id`` keeps its
    client and receivers' state between calls, and the call returns once the rows are handed
    to their receivers' senders: a receiver that hangs never holds up the next run.
    """
    if not wait:
        worker = shared_worker(settings, worker_id or "default")
        return worker.run(db, settings, now=now, limit=limit, wait=False)
    once = DeliveryWorker(settings, worker_id)
    try:
        return once.run(db, settings, now=now, limit=limit, wait=True)
    finally:
        once.close()


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
