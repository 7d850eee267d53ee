"""Operator alerts: "source_down" once per outage past the threshold, "source_recovered" once."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.daemon.alerts import record_poll_outcome, source_state
from monitor.notify.tables import Delivery
from monitor.store.db import Database

T0 = datetime(2026, 5, 19, 9, 0, tzinfo=UTC)


def operator_settings(url: str, alert_after_minutes: float = 60) -> Settings:
    return Settings.model_validate(
        {
            "database": {"url": url},
            "daemon": {
                "alert_after_minutes": alert_after_minutes,
                "operator": {"webhook": "http://127.0.0.1:9/ops", "secret_env": "OPS_SECRET"},
            },
        }
    )


def operator_rows(db: Database) -> list[Delivery]:
    with db.reader() as session:
        rows = session.exec(
            select(Delivery).where(Delivery.kind == "operator").order_by(col(Delivery.id))
        ).all()
    return list(rows)


def test_down_once_then_recovered_once_with_the_real_outbox(database_url: str) -> None:
    db = Database(database_url)
    cfg = operator_settings(database_url)
    try:
        minute = timedelta(minutes=1)
        # failures shorter than the threshold: nothing
        for m in (0, 15, 30, 45):
            assert record_poll_outcome(db, cfg, ok=False, error="503", now=T0 + m * minute) is None
        assert operator_rows(db) == []
        # 60 minutes of failures: one alert, and no more while it stays down
        assert record_poll_outcome(db, cfg, ok=False, error="503", now=T0 + 60 * minute) == (
            "source_down"
        )
        for m in (75, 90, 300):
            assert record_poll_outcome(db, cfg, ok=False, error="503", now=T0 + m * minute) is None
        state = source_state(db)
        assert state is not None and state.consecutive_failures == 8
        # back: one recovery alert, then silence
        assert record_poll_outcome(db, cfg, ok=True, now=T0 + 315 * minute) == "source_recovered"
        assert record_poll_outcome(db, cfg, ok=True, now=T0 + 330 * minute) is None
        rows = operator_rows(db)
        assert [r.payload["alert"]["kind"] for r in rows] == ["source_down", "source_recovered"]
        assert all(r.target == "http://127.0.0.1:9/ops" and r.status == "pending" for r in rows)
        assert "503" in rows[0].payload["alert"]["message"]
    finally:
        db.dispose()


def test_short_blip_after_success_never_alerts(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    cfg = operator_settings(sqlite_url)
    record_poll_outcome(db, cfg, ok=False, now=T0)
    record_poll_outcome(db, cfg, ok=True, now=T0 + timedelta(minutes=59))
    record_poll_outcome(db, cfg, ok=False, now=T0 + timedelta(minutes=70))  # a new streak starts
    assert record_poll_outcome(db, cfg, ok=False, now=T0 + timedelta(minutes=100)) is None
    assert operator_rows(db) == []


def test_the_alert_and_the_state_commit_together(sqlite_url: str) -> None:
    """If enqueuing fails, the state does not claim the alert went out: the next poll retries."""
    db = Database(sqlite_url)
    cfg = operator_settings(sqlite_url, alert_after_minutes=1)

    def broken(session: Session, settings: Settings, kind: str, message: str) -> int:
        raise RuntimeError("outbox unavailable")

    record_poll_outcome(db, cfg, ok=False, now=T0)
    with pytest.raises(RuntimeError):
        record_poll_outcome(db, cfg, ok=False, now=T0 + timedelta(minutes=2), alert=broken)
    state = source_state(db)
    assert state is not None and state.down_alerted_at is None
    assert record_poll_outcome(db, cfg, ok=False, now=T0 + timedelta(minutes=3)) == "source_down"


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alerts")


_dbs = itertools.count()


@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=1, max_value=50)), min_size=1, max_size=30
    )
)
def test_alerts_follow_the_outages(module_dir: Path, polls: list[tuple[bool, int]]) -> None:
    """For any poll history: one "down" per outage that lasted the threshold, one "recovered"
    per such outage that ended, in alternation."""
    url = f"sqlite:///{module_dir / f'p{next(_dbs)}.db'}"
    db = Database(url)
    cfg = operator_settings(url, alert_after_minutes=60)
    sent: list[str] = []
    expected: list[str] = []
    now = T0
    outage_start: datetime | None = None
    alerted = False
    try:
        for ok, gap in polls:
            now += timedelta(minutes=gap)
            kind = record_poll_outcome(db, cfg, ok=ok, now=now)
            if kind:
                sent.append(kind)
            if ok:
                if alerted:
                    expected.append("source_recovered")
                outage_start, alerted = None, False
            else:
                outage_start = outage_start or now
                if not alerted and now - outage_start >= timedelta(minutes=60):
                    expected.append("source_down")
                    alerted = True
        assert sent == expected
        assert [r.payload["alert"]["kind"] for r in operator_rows(db)] == expected
    finally:
        db.dispose()
