"""PostgreSQL: several workers deliver at once and never send one delivery twice (SKIP LOCKED)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from monitor.notify.claims import DeliveryReport, list_deliveries
from monitor.notify.worker import deliver_due
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database
from tests.webhooks import WebhookReceiver

from .conftest import (
    SECRET,
    SECRET_ENV,
    enqueue,
    make_change,
    make_settings,
)

pytestmark = pytest.mark.postgres


def test_two_workers_never_send_the_same_delivery(
    postgres_url: str, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    receiver.behave = lambda n, r: (200, 0.005, {})
    setup = Database(postgres_url)
    subs = [{"name": "hook", "webhook": receiver.url, "secret_env": SECRET_ENV}]
    settings = make_settings(postgres_url, subs)
    total = enqueue(setup, settings, *(make_change(i) for i in range(1, 81)))
    assert total == 80
    reports: dict[str, list[DeliveryReport]] = {"w1": [], "w2": []}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        db = Database(postgres_url)
        start.wait()
        try:
            while True:
                report = deliver_due(db, settings, limit=4, worker_id=name)
                if not report.claimed:
                    return
                reports[name].append(report)
        finally:
            db.dispose()

    threads = [threading.Thread(target=work, args=(n,)) for n in reports]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    received = Counter(receiver.keys())
    assert len(received) == 80 and set(received.values()) == {1}
    assert all(r.status == DeliveryStatus.SENT for r in list_deliveries(setup))
    # both workers took part, so they really ran side by side
    assert all(sum(r.sent for r in reports[n]) > 0 for n in reports)
    setup.dispose()
