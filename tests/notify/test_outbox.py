"""The outbox: matching, atomicity with the cause, idempotent enqueue, schedules, both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.config import SubscriptionSettings
from monitor.errors import ConfigError
from monitor.notify.claims import backoff_seconds, list_deliveries
from monitor.notify.outbox import change_matches, enqueue_change
from monitor.notify.schedule import next_due
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

VERDICTS = ["first_seen", "restated", "reworded", "position_changed", "timeline_changed",
            "figures_changed", "negation_flipped", "fulfilled"]  # fmt: skip
AMS = ZoneInfo("Europe/Amsterdam")


def test_rollback_of_the_cause_rolls_back_its_delivery(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [{"name": "a", "email": ["a@example.org"]}])
    with pytest.raises(RuntimeError), db.writer() as session:
        assert enqueue_change(session, settings, make_change(1)) == 1
        raise RuntimeError("the change record could not be stored")
    assert list_deliveries(db) == []


def test_same_change_twice_is_one_delivery(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    settings = make_settings(sqlite_url, [{"name": "a", "email": ["a@example.org", "b@x.org"]}])
    assert enqueue(db, settings, make_change(1)) == 2
    assert enqueue(db, settings, make_change(1)) == 0
    rows = list_deliveries(db)
    assert len({r.idempotency_key for r in rows}) == 1 and len(rows) == 2


@given(
    verdicts=st.lists(st.sampled_from(VERDICTS), max_size=4),
    wanted=st.lists(st.sampled_from(VERDICTS), max_size=3),
    commitment=st.sampled_from(["edip", "defensienota-2026"]),
    followed=st.sampled_from([["*"], ["edip"], ["defensienota-2026"], []]),
)
def test_matching_rule(
    verdicts: list[str], wanted: list[str], commitment: str, followed: list[str]
) -> None:
    sub = SubscriptionSettings(
        name="s", email=["a@example.org"], verdicts=wanted, commitments=followed
    )
    change = make_change(1, commitment, verdicts)
    effective = set(wanted) or set(VERDICTS) - {"restated", "reworded"}
    expected = ("*" in followed or commitment in followed) and bool(effective & set(verdicts))
    assert change_matches(sub, change) is expected


@given(
    after=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC)
    ),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    day=st.sampled_from(["mon", "tuesday", "Wed", "thu", "fri", "sat", "sun"]),
)
def test_schedule_next_due(after: datetime, hour: int, minute: int, day: str) -> None:
    for schedule, span in (
        (f"daily {hour:02d}:{minute:02d}", 1),
        (f"weekly {day} {hour:02d}:{minute:02d}", 7),
    ):
        due = next_due(schedule, after)
        assert due is not None and due > after
        assert due - after <= timedelta(days=span, hours=1)
        local = due.astimezone(AMS)
        if (local.hour, local.minute) != (hour, minute):
            # only on a spring-forward night, where hour:minute does not exist locally
            assert local.month == 3 and hour == 2 and local.hour == 3
        if span == 7:
            assert local.strftime("%a").lower() == day[:3].lower()
        # nothing due between "after" and the answer: the previous occurrence is not after it
        assert next_due(schedule, due - timedelta(seconds=1)) == due


def test_schedule_dst_and_immediate() -> None:
    # 08:00 Amsterdam is 06:00 UTC in summer and 07:00 UTC in winter
    assert next_due("daily 08:00", datetime(2026, 10, 24, 12, tzinfo=UTC)) == datetime(
        2026, 10, 25, 7, tzinfo=UTC
    )
    assert next_due("daily 08:00", datetime(2026, 3, 28, 12, tzinfo=UTC)) == datetime(
        2026, 3, 29, 6, tzinfo=UTC
    )
    assert next_due("immediate", datetime.now(UTC)) is None
    with pytest.raises(ConfigError, match="schedule"):
        next_due("hourly", datetime.now(UTC))


@given(attempts=st.integers(1, 40))
def test_backoff_grows_and_is_capped(attempts: int) -> None:
    daemon = make_settings("sqlite://", []).daemon  # base 10, max 60
    delay = backoff_seconds(attempts, daemon)
    ceiling = min(60.0, 10.0 * 2 ** (attempts - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_migrated_and_delivering_on_both_databases(
    database_url: str, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    db = Database(database_url)
    try:
        subs = [{"name": "hook", "webhook": receiver.url, "secret_env": SECRET_ENV}]
        settings = make_settings(database_url, subs)
        assert enqueue(db, settings, make_change(1), make_change(2)) == 2
        assert enqueue(db, settings, make_change(2)) == 0
        assert [r.status for r in list_deliveries(db)] == [DeliveryStatus.PENDING] * 2
        report = deliver_due(db, settings)
        assert report.sent == 2
        assert [r.status for r in list_deliveries(db)] == [DeliveryStatus.SENT, DeliveryStatus.SENT]
        assert all(r.sent_at and r.sent_at.tzinfo is not None for r in list_deliveries(db))
    finally:
        db.dispose()
