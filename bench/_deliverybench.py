"""Shared parts of the delivery benches: the tests' loopback receiver, a daemon driven by fake
polls. Times are ``time.monotonic`` (the receiver's clock)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete

from monitor.config import Settings
from monitor.daemon.jobs import Daemon
from monitor.daemon.schedule import build_scheduler
from monitor.ingest.report import PollReport
from monitor.notify.outbox import enqueue_change
from monitor.notify.tables import Delivery
from monitor.statuses import PollStatus

try:
    from monitor.notify.worker import close_shared_worker
except ImportError:  # commit 4bcb677 (the baseline) has no long-lived worker

    def close_shared_worker(worker_id: str, timeout: float | None = None) -> None:
        pass
from monitor.store.db import Database
from tests.webhooks import WebhookReceiver

SENTENCE = (
    "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
    "Defensie-Industrie Programma (EDIP)."
)


def change(i: int, commitment: str = "edip") -> dict[str, Any]:
    """A change record shaped like `monitor changes --format json` (made-up ids)."""
    url = f"https://zoek.officielebekendmakingen.nl/ah-{1250000 + i}.pdf"
    side = {"identifier": f"ah-{1250000 + i}", "questions": [8], "received": "2026-05-19",
            "text": SENTENCE, "url": url}
    return {
        "id": i, "commitment": commitment, "verdicts": ["position_changed"], "previous": side,
        "current": {**side, "identifier": f"ah-{1260000 + i}"},
        "diff": {"text": "Daarnaast [-is Nederland voornemens om-]{+neemt Nederland+} ook deel",
                 "html": "Daarnaast <del>is Nederland voornemens om</del><ins>neemt Nederland"
                         "</ins> ook deel"},
        "extractor_version": "track-1",
        "triggers": {"position_changed": ["voornemens", "neemt deel"]},
    }  # fmt: skip


class Receiver(WebhookReceiver):
    """The tests' webhook receiver (``delay`` seconds before each answer), asked when a given
    change arrived."""

    def arrival_of(self, change_id: int, timeout: float = 120.0) -> float:
        """When the change's request arrived (``time.monotonic``); waits for it."""

        def at() -> float | None:
            return next((r.at for r in self.requests
                         if r.json and r.json.get("change", {}).get("id") == change_id), None)

        # The receiver notifies once a request is answered; its arrival time was taken before.
        with self.arrived:
            if not self.arrived.wait_for(lambda: at() is not None, timeout):
                raise TimeoutError(f"change {change_id} never arrived")
            found = at()
        assert found is not None
        return found


def clear_outbox(db: Database) -> None:
    """The benches own their database: start from an empty outbox."""
    with db.writer() as session:
        session.execute(delete(Delivery))


class PolledDaemon:
    """The real daemon (scheduler, poll job, delivery job) whose poll enqueues given changes.

    ``poll(changes)`` makes the scheduler run a poll now that stores the changes' alerts; it
    returns the ``time.monotonic`` time at the poll's end (its transaction committed).
    """

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._batch: list[dict[str, Any]] = []
        self._ended: list[float] = []
        self._done = threading.Condition()
        self.daemon = Daemon(db, settings, poll=self._poll, holder=f"bench-{id(self)}")
        self.scheduler = build_scheduler(self.daemon)
        self.scheduler.start()
        self._wait(lambda: len(self._ended) >= 1)  # the poll at start

    def _poll(self, db: Database, settings: Settings) -> PollReport:
        batch, self._batch = self._batch, []
        with db.writer() as session:
            for item in batch:
                enqueue_change(session, settings, item)
        ended = time.monotonic()
        with self._done:
            self._ended.append(ended)
            self._done.notify_all()
        # A real report: the daemon reads its status, error and counts (what was stored makes
        # it deliver at once).
        return PollReport(poll_id=0, status=PollStatus.OK, added=len(batch), changed=len(batch))

    def _wait(self, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
        with self._done:
            return self._done.wait_for(condition, timeout)

    def poll(self, changes: list[dict[str, Any]]) -> float:
        before = len(self._ended)
        self._batch = list(changes)
        # A wake-up that arrives while the previous poll job is still finishing is dropped by
        # the scheduler (max_instances=1): ask again until this poll has run.
        while True:
            self.daemon._run_soon("poll")
            if self._wait(lambda: len(self._ended) > before, timeout=0.5):
                return self._ended[before]

    def stop(self) -> None:
        self.daemon.stopping.set()
        self.scheduler.shutdown(wait=False)
        self.daemon.wait_idle(30)
        self.daemon.release()
        # the daemon's delivery worker lives in the process: hand its queue back before the
        # next scenario (or the end of the run) takes the database away
        close_shared_worker(self.daemon.holder, timeout=30)


def settings_for(url: str, subscriptions: list[dict[str, Any]], **daemon: Any) -> Settings:
    return Settings.model_validate({
        "database": {"url": url},
        "daemon": {"poll_interval_minutes": 600, "delivery_interval_seconds": 60,
                   "retry_base_seconds": 30, **daemon},
        "commitments": [{"id": "edip", "title": "EDIP-deelname", "terms": ["EDIP"]},
                        {"id": "other", "title": "Iets anders", "terms": ["anders"]}],
        "subscriptions": subscriptions,
    })  # fmt: skip
