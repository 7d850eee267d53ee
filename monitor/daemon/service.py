"""``monitor run``: start the schedule (``schedule.py``) of the jobs (``jobs.py``), and stop
with a shutdown that loses nothing.

All run state lives in the project's tables: work still in hand after the shutdown grace is
safe to abandon, and resumes at the next start.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from monitor.config import Settings
from monitor.daemon.alerts import AlertFn, default_alert
from monitor.daemon.jobs import Daemon, DeliverFn, PollFn, default_deliver, default_poll
from monitor.daemon.schedule import build_scheduler
from monitor.logs import event
from monitor.notify import worker
from monitor.store.db import Database

log = logging.getLogger("monitor.daemon")


class Stoppable(Protocol):
    def stop(self) -> None: ...


# Something served beside the daemon (the web pages): started after the scheduler is built,
# stopped last; None when the settings leave it off. Passed in by the command that runs the
# daemon, since the stages above the daemon may not be imported by it.
BesideFn = Callable[[Settings, Database], Stoppable | None]


@dataclass
class RunResult:
    """How ``run_daemon`` ended: ``clean`` is False when a job outlived the shutdown grace."""

    clean: bool
    polls: int
    deliveries: int


def run_daemon(
    db: Database,
    settings: Settings,
    *,
    poll: PollFn = default_poll,
    deliver: DeliverFn = default_deliver,
    alert: AlertFn = default_alert,
    stop: threading.Event | None = None,
    install_signals: bool = True,
    shutdown_grace_seconds: float = 60.0,
    holder: str | None = None,
    beside: Sequence[BesideFn] = (),
) -> RunResult:
    """Run until ``stop`` is set or SIGTERM/SIGINT arrives; then finish or abandon work safely.

    On stop no new job starts; running jobs get ``shutdown_grace_seconds`` to finish. Work still
    running after that is safe to abandon: every write is one transaction, and claimed deliveries
    are claimed again by any worker once their claim expires.
    """
    daemon = Daemon(db, settings, poll=poll, deliver=deliver, alert=alert, holder=holder)
    stop = stop or threading.Event()
    previous: dict[signal.Signals, Any] = {}
    if install_signals and threading.current_thread() is threading.main_thread():

        def _on_signal(signum: int, _frame: FrameType | None) -> None:
            event(log, "shutdown_requested", signal=signal.Signals(signum).name)
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, _on_signal)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # our listener says it in one line
    scheduler = build_scheduler(daemon)
    event(
        log,
        "daemon_started",
        holder=daemon.holder,
        poll=str(scheduler.get_job("poll").trigger),
        delivery_interval_seconds=settings.daemon.delivery_interval_seconds,
    )
    started = [s for s in (start(settings, db) for start in beside) if s is not None]
    scheduler.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        with daemon._busy:
            daemon.stopping.set()  # no job starts from now on
        scheduler.shutdown(wait=False)
        grace_ends = time.monotonic() + shutdown_grace_seconds
        clean = daemon.wait_idle(shutdown_grace_seconds)
        if clean and deliver is default_deliver:
            # Sends handed to the background senders are work in hand too: they get the rest
            # of the grace, and one still in flight then makes the stop unclean (left pending).
            clean = worker.close_shared_worker(
                daemon.holder, max(0.0, grace_ends - time.monotonic())
            )
        if not clean:
            event(
                log,
                "shutdown_grace_exceeded",
                logging.WARNING,
                seconds=shutdown_grace_seconds,
                note="work in hand is left pending and resumes at the next start",
            )
        daemon.release()
        for service in reversed(started):
            service.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        event(log, "daemon_stopped", holder=daemon.holder, clean=clean)
    return RunResult(clean=clean, polls=daemon.polls, deliveries=daemon.delivery_runs)
