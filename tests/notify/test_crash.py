"""A worker killed with SIGKILL after its claim, during a send: nothing is lost on recovery."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.notify.claims import list_deliveries
from monitor.notify.worker import deliver_due
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database
from tests.waiting import wait_until
from tests.webhooks import WebhookReceiver

from .conftest import (
    SECRET,
    SECRET_ENV,
    enqueue,
    make_change,
    make_settings,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("kill_at_request", [1, 3])
def test_sigkill_during_send_then_recovery(
    tmp_path: Path,
    sqlite_url: str,
    receiver: WebhookReceiver,
    kill_at_request: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    release = threading.Event()

    def behave(n: int, request: object) -> tuple[int, float, dict[str, str]]:
        if n == kill_at_request:
            release.wait(30)  # hold the victim inside its send until it is killed
        return 200, 0.0, {}

    receiver.behave = behave
    subs: list[dict[str, Any]] = [
        {"name": "hook", "webhook": receiver.url, "secret_env": SECRET_ENV},
        {"name": "hook2", "webhook": receiver.url, "secret_env": SECRET_ENV,
         "commitments": ["edip"]},
    ]  # fmt: skip
    settings = make_settings(sqlite_url, subs)
    db = Database(sqlite_url)
    expected = enqueue(db, settings, *(make_change(i) for i in range(1, 4)))
    assert expected == 6
    config = tmp_path / "settings.json"
    config.write_text(settings.model_dump_json(), "utf-8")
    victim = subprocess.Popen(
        [sys.executable, "-m", "tests.notify.crash_worker", str(config)],
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        wait_until(lambda: len(receiver.requests) >= kill_at_request, timeout=20)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    finally:
        if victim.poll() is None:
            victim.kill()
        release.set()
    rows = list_deliveries(db)
    assert sum(r.status == DeliveryStatus.SENT for r in rows) == kill_at_request - 1
    # claimed, leased
    assert all(r.status == DeliveryStatus.SENDING for r in rows if r.status != DeliveryStatus.SENT)
    # Another worker before the lease runs out: leaves the victim's claims alone.
    assert deliver_due(db, settings, worker_id="rescuer").claimed == 0
    after_lease = datetime.now(UTC) + timedelta(seconds=settings.daemon.delivery_lease_seconds + 1)
    report = deliver_due(db, settings, now=after_lease, worker_id="rescuer")
    assert report.sent == expected - (kill_at_request - 1)
    rows = list_deliveries(db)
    assert all(r.status == DeliveryStatus.SENT for r in rows)
    received = Counter(receiver.keys())
    # every delivery arrived; the only repeat is the one in flight at the kill, same key
    assert set(received) == {r.idempotency_key for r in rows}
    assert sum(received.values()) == expected + 1
    assert [n for n in received.values() if n > 1] == [2]
