"""Receivers isolated from each other: a hanging or dead webhook never holds up a healthy one.

Real HTTP servers on loopback; every wait is for an observable event (a request arriving, a
row changing status), bounded by a deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from monitor.notify.claims import list_deliveries
from monitor.notify.worker import BREAKER_THRESHOLD, deliver_due, shared_worker
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database
from tests.waiting import wait_until
from tests.webhooks import Request, WebhookReceiver

from .conftest import (
    SECRET,
    SECRET_ENV,
    enqueue,
    free_port,
    later,
    make_change,
    make_settings,
)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)


@pytest.fixture
def receivers() -> Iterator[Callable[[], WebhookReceiver]]:
    """A factory of real loopback receivers, all shut down at the end."""
    made: list[WebhookReceiver] = []

    def make() -> WebhookReceiver:
        made.append(WebhookReceiver())
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


def _subs(slow_url: str, healthy_url: str) -> list[dict[str, object]]:
    return [
        {"name": "slow", "webhook": slow_url, "secret_env": SECRET_ENV, "commitments": ["edip"]},
        {"name": "healthy", "webhook": healthy_url, "secret_env": SECRET_ENV,
         "commitments": ["defensienota-2026"]},
    ]  # fmt: skip


def test_hanging_receiver_in_the_same_batch_does_not_delay_a_healthy_one(
    sqlite_url: str, receivers: Callable[[], WebhookReceiver], caplog: pytest.LogCaptureFixture
) -> None:
    hang = threading.Event()
    slow, healthy = receivers(), receivers()

    def hangs(n: int, request: Request) -> tuple[int, float, dict[str, str]]:
        hang.wait(30)  # past the worker's 1 s timeout
        return 200, 0.0, {}

    slow.behave = hangs
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, _subs(slow.url, healthy.url))
    # The slow receiver's five alerts come first in the outbox, the healthy one's last.
    enqueue(db, settings, *(make_change(i) for i in range(1, 6)))
    enqueue(db, settings, make_change(6, commitment="defensienota-2026"))
    started = time.monotonic()
    try:
        with caplog.at_level("INFO", logger="monitor"):
            report = deliver_due(db, settings)
    finally:
        hang.set()
    [request] = healthy.requests
    assert request.at - started < 1.0  # not behind five 1 s timeouts
    assert report.claimed == 6 and report.sent == 1
    # The slow receiver timed out BREAKER_THRESHOLD times, then its circuit opened and the rest
    # went back to the outbox without an attempt counted, due when the circuit half-opens.
    assert report.retrying == BREAKER_THRESHOLD
    assert report.deferred == 5 - BREAKER_THRESHOLD
    assert len(slow.requests) == BREAKER_THRESHOLD
    slow_rows = [r for r in list_deliveries(db) if r.subscription == "slow"]
    assert all(r.status == DeliveryStatus.PENDING for r in slow_rows)
    assert sorted(r.attempts for r in slow_rows) == [0, 0, 1, 1, 1]
    waiting = [r for r in slow_rows if r.attempts == 0]
    assert all(r.next_attempt_at >= datetime.now(UTC) + timedelta(seconds=9) for r in waiting)
    opened = [r for r in caplog.records if r.getMessage() == "receiver_circuit_open"]
    # the URL is redacted
    assert len(opened) == 1 and "/hook" not in str(getattr(opened[0], "fields", ""))


def test_daemon_mode_healthy_alert_passes_a_send_that_hangs(
    sqlite_url: str, receivers: Callable[[], WebhookReceiver]
) -> None:
    hang = threading.Event()
    slow, healthy = receivers(), receivers()
    slow.behave = lambda n, r: (200, 0.0, {}) if hang.wait(30) else (503, 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(
        sqlite_url, _subs(slow.url, healthy.url), webhook_timeout_seconds=30.0
    )
    worker_id = f"isolation-{sqlite_url}"
    try:
        enqueue(db, settings, make_change(1))
        first = deliver_due(db, settings, worker_id=worker_id, wait=False)
        assert first.claimed == 1  # returned while the send is still in flight
        wait_until(lambda: len(slow.requests) == 1)
        # While that send hangs: another alert for the slow receiver and one for the healthy one.
        enqueue(db, settings, make_change(2))
        enqueue(db, settings, make_change(3, commitment="defensienota-2026"))
        started = time.monotonic()
        second = deliver_due(db, settings, worker_id=worker_id, wait=False)
        wait_until(lambda: len(healthy.requests) == 1, timeout=5.0)
        assert healthy.requests[0].at - started < 1.0
        # The busy receiver's new row waits in its own queue, behind the send that hangs.
        assert second.claimed == 2
        wait_until(lambda: by_ref_status(db, "change:3") == DeliveryStatus.SENT)
        assert by_ref_status(db, "change:1") == DeliveryStatus.SENDING
        assert by_ref_status(db, "change:2") == DeliveryStatus.SENDING
        assert len(slow.requests) == 1
        hang.set()  # the hanging receiver finally answers
        wait_until(lambda: by_ref_status(db, "change:2") == DeliveryStatus.SENT)
        assert by_ref_status(db, "change:1") == DeliveryStatus.SENT
        assert [r.json["change"]["id"] for r in slow.requests] == [1, 2]  # in order
    finally:
        hang.set()
        shared_worker(settings, worker_id).close(timeout=10)


def by_ref_status(db: Database, ref: str) -> str:
    return next(r.status for r in list_deliveries(db) if r.ref == ref)


def test_worker_keeps_one_client_for_its_lifetime(
    sqlite_url: str, receiver: WebhookReceiver
) -> None:
    db = Database(sqlite_url)
    settings = make_settings(
        sqlite_url, [{"name": "hook", "webhook": receiver.url, "secret_env": SECRET_ENV}]
    )
    worker_id = f"lifetime-{sqlite_url}"
    worker = shared_worker(settings, worker_id)
    try:
        for i in (1, 2):
            enqueue(db, settings, make_change(i))
            deliver_due(db, settings, worker_id=worker_id, wait=False)
            wait_until(lambda i=i: len(receiver.requests) == i)  # type: ignore[misc]
        assert shared_worker(settings, worker_id) is worker
        assert not worker.client.is_closed
    finally:
        worker.close(timeout=10)
    assert worker.client.is_closed


def test_rows_given_back_by_an_open_circuit_are_later_sent_exactly_once(
    sqlite_url: str, receivers: Callable[[], WebhookReceiver]
) -> None:
    flaky = receivers()
    # Down for the first BREAKER_THRESHOLD requests, healthy afterwards.
    flaky.behave = lambda n, r: (503 if n <= BREAKER_THRESHOLD else 200, 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(
        sqlite_url, [{"name": "hook", "webhook": flaky.url, "secret_env": SECRET_ENV}]
    )
    enqueue(db, settings, *(make_change(i) for i in range(1, 7)))
    first = deliver_due(db, settings)
    assert (first.retrying, first.deferred, first.sent) == (BREAKER_THRESHOLD, 3, 0)
    again = deliver_due(db, settings, now=later(3600))
    assert again.sent == 6 and again.claimed == 6
    rows = list_deliveries(db)
    assert all(r.status == DeliveryStatus.SENT for r in rows)
    # Each row was attempted once more than it failed: never twice for one success.
    assert sorted(r.attempts for r in rows) == [1, 1, 1, 2, 2, 2]
    assert len(flaky.requests) == BREAKER_THRESHOLD + 6


def test_breaker_state_lives_with_the_worker(
    sqlite_url: str, receivers: Callable[[], WebhookReceiver], caplog: pytest.LogCaptureFixture
) -> None:
    """In the daemon's long-lived worker an open circuit keeps the dead receiver's rows queued
    (unclaimed) while other receivers go on; after the cool-down one trial closes it."""
    healthy = receivers()
    dead_url = f"http://127.0.0.1:{free_port()}/hook"
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, _subs(dead_url, healthy.url))
    worker_id = f"breaker-{sqlite_url}"
    worker = shared_worker(settings, worker_id)
    clock = datetime.now(UTC)
    try:
        enqueue(db, settings, *(make_change(i) for i in range(1, 5)), now=clock)
        report = worker.run(db, settings, now=clock, wait=True)
        assert (report.retrying, report.deferred) == (BREAKER_THRESHOLD, 4 - BREAKER_THRESHOLD)
        # Open: nothing of the dead receiver is claimed, even when due; the healthy one is served.
        enqueue(db, settings, make_change(9, commitment="defensienota-2026"), now=clock)
        report = worker.run(db, settings, now=clock + timedelta(seconds=5), wait=True)
        assert (report.claimed, report.sent) == (1, 1) and len(healthy.requests) == 1
        # Past the cool-down: half-open, one trial; it fails, so the circuit opens again longer.
        caplog.clear()
        with caplog.at_level("WARNING", logger="monitor"):
            report = worker.run(db, settings, now=clock + timedelta(hours=2), wait=True)
        assert report.retrying == 1 and report.deferred == 3
        opened = [r for r in caplog.records if r.getMessage() == "receiver_circuit_open"]
        assert len(opened) == 1
    finally:
        worker.close(timeout=10)
