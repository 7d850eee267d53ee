"""The jobs of ``monitor run``: poll, deliver, reconcile, the promises' check and the lease.

Each job is a method of :class:`Daemon`, which counts what is in flight so that a shutdown knows
what it waits for; a job runs only while the process holds what it needs (the poller lease for
the work one process must do alone).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler

from monitor.config import Settings
from monitor.daemon.alerts import AlertFn, default_alert, record_poll_outcome
from monitor.daemon.lease import POLLER, acquire_lease, new_holder_id, release_lease
from monitor.errors import MonitorError
from monitor.ingest.poll import PollReport, poll_once
from monitor.logs import event
from monitor.notify import worker
from monitor.notify.claims import DeliveryReport
from monitor.promises.alerts import CheckReport, check_deadlines, today_for
from monitor.statuses import PollStatus
from monitor.store.db import Database

log = logging.getLogger("monitor.daemon")

# Batches one delivery job sends before it ends: a steady inflow cannot pin the job forever.
MAX_DELIVERY_ROUNDS = 1000

# None: a stand-in (tests) that has nothing to report, read as a quiet poll or an empty run.
PollFn = Callable[[Database, Settings], PollReport | None]
DeliverFn = Callable[[Database, Settings, str], DeliveryReport | None]  # (db, settings, worker)


def default_poll(db: Database, settings: Settings) -> PollReport:
    """The ingest stage's poll."""
    return poll_once(db, settings)


def default_deliver(db: Database, settings: Settings, worker_id: str) -> DeliveryReport:
    """The alerts stage's delivery worker: one batch of what is due now.

    ``wait=False``: the process's long-lived worker sends in the background, per receiver, so a
    receiver that hangs never holds up this job (and with it everyone else's alerts).
    """
    return worker.deliver_due(
        db, settings, limit=settings.daemon.delivery_batch, worker_id=worker_id, wait=False
    )


def default_promise_check(db: Database, settings: Settings) -> CheckReport:
    """The promises' deadline check as of today in the daemon's zone (``[promises] today``
    overrides it for demos and tests)."""
    return check_deadlines(db, settings, today=today_for(settings))


class Daemon:
    """The jobs of one ``monitor run`` process, with their in-flight accounting."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        poll: PollFn = default_poll,
        deliver: DeliverFn = default_deliver,
        alert: AlertFn = default_alert,
        holder: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self._poll = poll
        self._deliver = deliver
        self._alert = alert
        self.holder = holder or new_holder_id()
        self.stopping = threading.Event()
        self._busy = threading.Condition()
        self._in_flight = 0
        self.scheduler: BackgroundScheduler | None = None
        self.leader = False
        self.polls = 0
        self.delivery_runs = 0
        # Delivery runs one at a time, but a request for one is never dropped: a run that is
        # going on re-checks when ``_deliver_wanted`` was set meanwhile (the scheduler would
        # drop a wake-up that arrives while the job is still running).
        self._deliver_wanted = False
        self._delivering = False
        self.reconciliations = 0
        self._ingest = threading.Lock()
        self._promises_checked = False

    # --- in-flight accounting: shutdown waits for these, and no job starts once stopping ---
    @contextmanager
    def _job(self, name: str) -> Iterator[bool]:
        with self._busy:
            if self.stopping.is_set():
                allowed = False
            else:
                allowed = True
                self._in_flight += 1
        try:
            yield allowed
        finally:
            if allowed:
                with self._busy:
                    self._in_flight -= 1
                    self._busy.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job is running (at most ``timeout`` seconds); True when idle."""
        deadline = time.monotonic() + timeout
        with self._busy:
            while self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._busy.wait(left)
        return True

    # --- the jobs -----------------------------------------------------------------------------
    def lease_job(self) -> None:
        """Renew the poller lease, or take it over when its holder stopped renewing."""
        with self._job("lease") as allowed:
            if not allowed:
                return
            held = self._acquire()
            if held and not self.leader:
                event(log, "poller_lease_acquired", holder=self.holder)
                self._run_soon("poll")  # a takeover polls at once, not an interval later
            elif not held and self.leader:
                event(log, "poller_lease_lost", logging.WARNING, holder=self.holder)
            self.leader = held

    def poll_job(self) -> None:
        """Poll the source if this process holds the poller lease; record the outcome."""
        with self._job("poll") as allowed:
            if not allowed:
                return
            if not self._acquire():
                if self.leader:
                    event(log, "poller_lease_lost", logging.WARNING, holder=self.holder)
                self.leader = False
                event(log, "poll_skipped", reason="another process holds the poller lease")
                return
            self.leader = True
            self.polls += 1
            started = time.monotonic()
            event(log, "poll_started", holder=self.holder)
            try:
                with self._ingest:  # never beside a reconciliation of this process
                    report = self._poll(self.db, self.settings)
            except MonitorError as exc:
                event(log, "poll_failed", logging.ERROR, error=str(exc))
                self._outcome(ok=False, error=str(exc))
                return
            except Exception as exc:
                # A bug, not the source: keep the daemon alive, say what broke, count it.
                event(log, "poll_crashed", logging.ERROR, error=f"{type(exc).__name__}: {exc}")
                log.debug("poll_crashed traceback", exc_info=True)
                self._outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
                return
            status = report.status if report is not None else PollStatus.OK
            error = report.error if report is not None else ""
            # The poll itself logs poll_finished with its figures; this adds only the job's time.
            event(log, "poll_job_done", status=status, seconds=round(time.monotonic() - started, 3))
            self._outcome(ok=status != PollStatus.FAILED, error=error)
            stored = report is not None and bool(report.added or report.changed or report.changes)
            if stored or (not self._promises_checked and status != PollStatus.FAILED):
                # Lineage at ingest may have slipped, kept or dropped a promise: tell it now; the
                # first poll also catches up a daily check missed while the daemon was down.
                self._promises_checked = True
                self._check_promises()
            if stored:
                self._deliver_now()  # new changes go out now, not at the next tick

    def promise_job(self) -> None:
        """The daily deadline check (the poller lease holder only: one process decides)."""
        with self._job("promises") as allowed:
            if allowed and self._acquire():
                self._check_promises()

    def _check_promises(self) -> None:
        try:
            report = default_promise_check(self.db, self.settings)
            if report.deliveries:
                self._deliver_now()
        except Exception as exc:  # a bug or a database hiccup: the next run tries again
            event(log, "promise_check_failed", logging.ERROR, error=f"{type(exc).__name__}: {exc}")

    def reconcile_job(self, scope: str = "recent") -> None:
        """Reconcile stored records with the service's counts (the poller lease holder only)."""
        with self._job("reconcile") as allowed:
            if not allowed or not self._acquire():
                return
            from monitor.ingest.reconcile import reconcile

            try:
                with self._ingest:
                    report = reconcile(self.db, self.settings, scope=scope)
            except MonitorError as exc:
                event(log, "reconcile_failed", logging.ERROR, scope=scope, error=str(exc))
                return
            except Exception as exc:
                # A bug must not kill the scheduler thread: say it, the next run tries again.
                event(
                    log,
                    "reconcile_crashed",
                    logging.ERROR,
                    scope=scope,
                    error=f"{type(exc).__name__}: {exc}",
                )
                return
            self.reconciliations += 1
            if report.added or report.fetched:
                self._deliver_now()

    def _deliver_now(self) -> None:
        # Its own thread, not a scheduler wake-up: the scheduler drops a wake-up that arrives
        # while the delivery job is still finishing its last run (max_instances=1).
        threading.Thread(target=self.deliver_job, name="deliver-now", daemon=True).start()

    def deliver_job(self) -> None:
        """Send what is due, batch after batch, until nothing is left or we are stopping."""
        with self._job("deliver") as allowed:
            if not allowed:
                return
            with self._busy:
                self._deliver_wanted = True
                if self._delivering:
                    return  # the run going on sees the request and goes round once more
                self._delivering = True
            try:
                self._deliver_rounds()
            finally:
                with self._busy:
                    self._delivering = False

    def _deliver_rounds(self) -> None:
        for _ in range(MAX_DELIVERY_ROUNDS):
            with self._busy:
                if self.stopping.is_set() or not self._deliver_wanted:
                    self._delivering = False  # under the same lock as the check: no lost request
                    return
                self._deliver_wanted = False
            self.delivery_runs += 1
            try:
                report = self._deliver(self.db, self.settings, self.holder)
            except MonitorError as exc:
                event(log, "delivery_run_failed", logging.ERROR, error=str(exc))
                return
            except Exception as exc:
                event(
                    log,
                    "delivery_run_crashed",
                    logging.ERROR,
                    error=f"{type(exc).__name__}: {exc}",
                )
                log.debug("delivery_run_crashed traceback", exc_info=True)
                return
            claimed = report.claimed if report is not None else 0
            if claimed >= self.settings.daemon.delivery_batch:
                with self._busy:
                    self._deliver_wanted = True  # a full batch: there may be more

    # --- helpers ------------------------------------------------------------------------------
    def _acquire(self) -> bool:
        try:
            return acquire_lease(self.db, POLLER, self.holder, self.settings.daemon.lease_seconds)
        except Exception as exc:  # a database hiccup must not kill the scheduler thread
            event(log, "lease_error", logging.ERROR, error=f"{type(exc).__name__}: {exc}")
            return False

    def _outcome(self, *, ok: bool, error: str) -> None:
        try:
            record_poll_outcome(self.db, self.settings, ok=ok, error=error, alert=self._alert)
        except Exception as exc:
            event(
                log,
                "poll_outcome_not_recorded",
                logging.ERROR,
                error=f"{type(exc).__name__}: {exc}",
            )

    def _run_soon(self, job_id: str) -> None:
        sched = self.scheduler
        if sched is None or self.stopping.is_set():
            return
        try:
            sched.modify_job(job_id, next_run_time=datetime.now(sched.timezone))
        except Exception as exc:  # the scheduler is shutting down: the next start does it
            event(log, "job_not_rescheduled", logging.DEBUG, job=job_id, error=str(exc))

    def release(self) -> None:
        try:
            if release_lease(self.db, POLLER, self.holder):
                event(log, "poller_lease_released", holder=self.holder)
        except Exception as exc:
            event(log, "lease_error", logging.ERROR, error=f"{type(exc).__name__}: {exc}")
