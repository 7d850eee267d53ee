"""The delivery worker: claim due outbox rows, send outside the transaction, then mark them.

At least once: a row is marked ``sent`` only after the receiver accepted it (HTTP 2xx, SMTP
250). A worker that dies between claim and mark leaves the row ``sending`` with a lease; once the
lease runs out any worker re-claims it, and the repeat carries the same idempotency key.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from monitor.backoff import exponential
from monitor.config import Settings
from monitor.errors import DeliveryError
from monitor.logs import event
from monitor.notify import webhook
from monitor.notify.claims import DeliveryReport, claim_due, release, renew, settle
from monitor.notify.send import destination, send, tls_context
from monitor.notify.tables import Delivery
from monitor.store.db import Database

log = logging.getLogger("monitor.notify")


# --- the worker: one HTTP client, receivers isolated from each other ------------------------

# One message at a time per receiver: alerts reach it in order, and a worker killed mid-send
# leaves exactly the unsent tail claimed (tests/notify/test_crash.py relies on this).
PER_DESTINATION = 1
# Messages claimed and waiting for a busy receiver; beyond this its rows stay unclaimed in the
# outbox, so a receiver that hangs cannot fill every batch with its own rows.
QUEUE_PER_DESTINATION = 20
# Consecutive transient failures (timeouts, refused connections, 5xx) that open a circuit.
BREAKER_THRESHOLD = 3


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
                job.batch.report.deferred += release(job.db, job.rows, job.worker, job.now())
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
            delta.deferred += release(job.db, job.rows, job.worker, until)
            job.batch.merge(delta)
            return
        lease = job.settings.daemon.delivery_lease_seconds
        elapsed = time.monotonic() - job.claimed_at
        # A message that waited must not outlive its lease, or another worker would send the
        # same rows at the same time: past half the lease, renew before sending.
        if elapsed > lease / 2:
            at = job.clock + timedelta(seconds=elapsed)
            if not renew(job.db, job.rows, job.worker, at, lease):
                return  # lost to another worker meanwhile: it sends them
        error: DeliveryError | None = None
        transient = False
        try:
            send(job.rows, job.settings, self.client, job.db)
            delta.messages += 1
        except DeliveryError as exc:
            error, transient = exc, not exc.permanent
        except Exception as exc:  # a bug must not stop the other deliveries: retry this one
            error = DeliveryError(f"delivery {job.rows[0].id}: {type(exc).__name__}: {exc}")
        settled_at = job.now()
        self._breaker(dest, error is None or not transient, transient, settled_at, job.settings)
        settle(job.db, job.rows, error, job.settings, job.worker, settled_at, delta)
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
            cooldown = exponential(
                dest.opened - 1, base=daemon.retry_base_seconds, cap=daemon.retry_max_seconds
            )
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
