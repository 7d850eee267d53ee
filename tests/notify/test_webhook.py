"""Webhooks end to end against a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, select

from monitor.notify.claims import list_deliveries, retry_deliveries
from monitor.notify.tables import Delivery
from monitor.notify.webhook import sign, verify_signature
from monitor.notify.worker import deliver_due
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database
from tests.webhooks import WebhookReceiver

from .conftest import (
    SECRET,
    SECRET_ENV,
    drain,
    enqueue,
    free_port,
    later,
    make_change,
    make_settings,
)


def hook_sub(url: str, **extra: object) -> dict[str, object]:
    return {"name": "hook", "webhook": url, "secret_env": SECRET_ENV, **extra}


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)


@given(secret=st.text(min_size=1), body=st.binary(), t=st.integers(0, 2**40))
def test_signature_round_trip_and_tamper(secret: str, body: bytes, t: int) -> None:
    header = sign(secret, body, t)
    assert verify_signature(secret, header, body, now=t)
    assert not verify_signature(secret, header, body + b"x", now=t)
    assert not verify_signature(secret + "x", header, body, now=t)
    assert not verify_signature(secret, header, body, tolerance=300, now=t + 301)  # replay


def test_signature_rejects_garbage() -> None:
    assert not verify_signature("k", "", b"{}")
    assert not verify_signature("k", "t=abc,v1=00", b"{}")
    assert not verify_signature("k", f"t={int(time.time())}", b"{}")


def test_change_delivered_signed_with_envelope(sqlite_url: str, receiver: WebhookReceiver) -> None:
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])
    change = make_change(7)
    assert enqueue(db, settings, change) == 1
    report = deliver_due(db, settings)
    assert (report.claimed, report.sent, report.messages) == (1, 1, 1)
    [request] = receiver.requests
    # The receiver verifies origin on the raw body, as docs/alerts.md tells it to.
    assert verify_signature(SECRET, request.headers["X-Monitor-Signature"], request.body)
    envelope = request.json
    [row] = list_deliveries(db)
    assert envelope == {
        "schema": "monitor.change/1",
        "subscription": "hook",
        "delivery_id": row.id,
        "change": change,
    }
    assert request.headers["Idempotency-Key"] == row.idempotency_key
    assert row.status == DeliveryStatus.SENT and row.sent_at is not None


def test_500_is_retried_with_backoff_then_sent_with_same_key(
    sqlite_url: str, receiver: WebhookReceiver
) -> None:
    receiver.behave = lambda n, r: (500 if n <= 2 else 200, 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])
    enqueue(db, settings, make_change(1))
    first = deliver_due(db, settings)
    assert first.retrying == 1 and first.sent == 0
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.PENDING and "HTTP 500" in row.last_error
    # backoff: not due again immediately (base 10 s, equal jitter: at least 5 s)
    assert row.next_attempt_at >= datetime.now(UTC) + timedelta(seconds=4)
    assert deliver_due(db, settings).claimed == 0
    drain(db, settings, now=later(3600))
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.SENT and row.attempts == 3
    assert len(receiver.requests) == 3
    assert set(receiver.keys()) == {row.idempotency_key}


def test_410_is_permanent_and_not_retried(sqlite_url: str, receiver: WebhookReceiver) -> None:
    receiver.behave = lambda n, r: (410, 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])
    enqueue(db, settings, make_change(1))
    report = drain(db, settings, now=later(10_000))
    assert report.failed == 1
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.FAILED and row.attempts == 1
    assert "HTTP 410" in row.last_error
    assert len(receiver.requests) == 1


def test_429_honours_retry_after(sqlite_url: str, receiver: WebhookReceiver) -> None:
    receiver.behave = lambda n, r: (429, 0.0, {"Retry-After": "50"})
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])
    enqueue(db, settings, make_change(1))
    assert deliver_due(db, settings).retrying == 1
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.PENDING
    assert row.next_attempt_at >= datetime.now(UTC) + timedelta(seconds=49)


def test_receiver_down_then_dead_letter_then_retry(
    sqlite_url: str, receiver: WebhookReceiver
) -> None:
    db = Database(sqlite_url)
    down = f"http://127.0.0.1:{free_port()}/hook"
    settings = make_settings(sqlite_url, [hook_sub(down)])
    enqueue(db, settings, make_change(1), make_change(2))
    report = drain(db, settings, now=later(10**6))
    assert report.dead == 2 and report.sent == 0
    rows = list_deliveries(db, DeliveryStatus.DEAD)
    assert len(rows) == 2 and all(r.attempts == 4 for r in rows)
    assert all("unreachable" in r.last_error for r in rows)
    # The receiver comes back (here: at another URL the operator fixed in the row's config).
    assert retry_deliveries(db, all_dead=True) == 2
    assert [r.status for r in list_deliveries(db)] == [DeliveryStatus.PENDING] * 2


def test_slow_receiver_times_out_and_is_retried(sqlite_url: str, receiver: WebhookReceiver) -> None:
    receiver.behave = lambda n, r: (200, 2.0 if n == 1 else 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])  # timeout 1 s
    enqueue(db, settings, make_change(1))
    started = time.monotonic()
    report = deliver_due(db, settings)
    assert time.monotonic() - started < 1.9
    assert report.retrying == 1
    [row] = list_deliveries(db)
    assert "timed out" in row.last_error
    drain(db, settings, now=later(3600))
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.SENT
    # the slow first request may or may not have been processed: the key lets the receiver drop it
    assert set(receiver.keys()) == {row.idempotency_key} and len(receiver.requests) == 2


def test_missing_secret_is_never_sent_unsigned(
    sqlite_url: str, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV)
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)])
    enqueue(db, settings, make_change(1))
    assert deliver_due(db, settings).failed == 1
    [row] = list_deliveries(db)
    assert SECRET_ENV in row.last_error and SECRET not in row.last_error
    assert receiver.requests == []


def test_daily_webhook_digest_groups_changes(sqlite_url: str, receiver: WebhookReceiver) -> None:
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url, schedule="daily 08:00")])
    t0 = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
    enqueue(db, settings, make_change(1), make_change(2), now=t0)
    assert deliver_due(db, settings, now=t0 + timedelta(hours=17)).claimed == 0  # 07:00 local
    report = deliver_due(db, settings, now=t0 + timedelta(hours=18, minutes=1))
    assert report.sent == 2 and report.messages == 1
    [request] = receiver.requests
    body = json.loads(request.body)
    assert body["schema"] == "monitor.digest/1"
    assert [c["id"] for c in body["changes"]] == [1, 2]
    assert verify_signature(SECRET, request.headers["X-Monitor-Signature"], request.body)


def test_documented_verification_example_accepts_our_signature() -> None:
    """The Python example in docs/alerts.md verifies what the monitor sends (and nothing else)."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "alerts.md").read_text("utf-8")
    section = doc.split("### Verifying a webhook (Python)", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/alerts.md", "exec"), namespace)
    documented = namespace["verify_signature"]
    assert callable(documented)
    body = json.dumps({"schema": "monitor.change/1"}).encode()
    header = sign(SECRET, body, int(time.time()))
    assert documented(SECRET, header, body) is True
    assert documented(SECRET, header, body + b" ") is False
    assert documented(SECRET, sign(SECRET, body, int(time.time()) - 301), body) is False


class _SenderClock:
    """The worker's monotonic clock (seconds since its claim decide a renewal), moved by the test.

    Two clocks decide a lease: the outbox's (``claimed_until`` against a claimer's ``now``) and
    the sender's (seconds since the claim). The test sets both, so nothing depends on how fast
    the machine happens to be: under load a real 0.3 s answer outlasted a 0.4 s lease.
    """

    def __init__(self) -> None:
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)  # shutdown's own polling, untouched


def _lease_of(db: Database, key: str) -> tuple[str, datetime]:
    """Who holds the delivery with Idempotency-Key ``key``, and until when (UTC)."""
    with db.reader() as session:
        row = session.exec(select(Delivery).where(col(Delivery.idempotency_key) == key)).one()
    assert row.claimed_until is not None
    until = row.claimed_until
    return row.claimed_by, until if until.tzinfo else until.replace(tzinfo=UTC)


def test_slow_batch_renews_its_lease_so_no_one_sends_twice(
    sqlite_url: str, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import queue
    import threading
    from collections import Counter

    from monitor.notify import worker

    lease = 30.0
    clock = _SenderClock()
    monkeypatch.setattr(worker, "time", clock)
    held: queue.Queue[tuple[int, threading.Event]] = queue.Queue()
    holding = threading.Event()  # the first worker's sends wait for the test; the second's not
    holding.set()

    def behave(n: int, request: object) -> tuple[int, float, dict[str, str]]:
        if holding.is_set():
            gate = threading.Event()
            held.put((n, gate))
            assert gate.wait(60), "the test never let the send finish"
        return 200, 0.0, {}

    receiver.behave = behave
    settings = make_settings(sqlite_url, [hook_sub(receiver.url)], delivery_lease_seconds=lease)
    db = Database(sqlite_url)
    enqueue(db, settings, *(make_change(i) for i in range(1, 5)))
    first = threading.Thread(
        target=deliver_due, args=(Database(sqlite_url), settings), kwargs={"worker_id": "first"}
    )
    first.start()
    other = Database(sqlite_url)
    taken_over = 0
    while True:
        try:  # the first worker's next send, or its end
            n, gate = held.get(timeout=0.05)
        except queue.Empty:
            if not first.is_alive():
                break
            continue
        holder, until = _lease_of(db, receiver.requests[n - 1].headers["Idempotency-Key"])
        assert holder == "first"
        # its batch has outlasted the first lease many times over by its own clock ...
        clock.seconds += 3 * lease
        # ... and a second worker, a moment before the lease on the send in flight runs out,
        # takes what the first one had claimed and not yet renewed, and sends it
        holding.clear()
        report = deliver_due(other, settings, now=until - timedelta(milliseconds=1),
                             worker_id="second")  # fmt: skip
        taken_over += report.messages
        holding.set()
        gate.set()
    first.join()
    counts = Counter(receiver.keys())
    assert len(counts) == 4 and set(counts.values()) == {1}  # each change sent once
    assert taken_over >= 1  # the second worker did take some over: the race was run
    assert all(r.status == DeliveryStatus.SENT for r in list_deliveries(db))


def test_errors_and_logs_never_show_the_url_token(
    sqlite_url: str, receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    from monitor.notify.webhook import redact

    assert redact("https://hooks.example.org/services/T0/B0/tok3n?x=1") == (
        "https://hooks.example.org/…"
    )
    receiver.behave = lambda n, r: (503, 0.0, {})
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [hook_sub(receiver.url + "/tok3n")])
    enqueue(db, settings, make_change(1))
    with caplog.at_level("INFO", logger="monitor"):
        deliver_due(db, settings)
    [row] = list_deliveries(db)
    assert "HTTP 503" in row.last_error and "tok3n" not in row.last_error
    assert "tok3n" not in caplog.text and SECRET not in caplog.text
    assert caplog.records and all("delivery" in getattr(r, "fields", {}) for r in caplog.records)
