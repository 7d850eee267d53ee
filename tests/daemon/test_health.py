"""`monitor status`: healthy, silent, unreachable and never-polled services, text and JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import Settings
from monitor.daemon.alerts import record_poll_outcome
from monitor.daemon.health import health, render_text
from monitor.store.db import Database
from monitor.store.tables import PollCursor, PollRun, Publication

NOW = datetime.now(UTC).replace(microsecond=0)


def cfg(url: str) -> Settings:
    return Settings.model_validate(
        {"database": {"url": url}, "daemon": {"stale_after_hours": 72, "alert_after_minutes": 60}}
    )


def poll(db: Database, status: str, ago: timedelta, error: str = "", kind: str = "poll") -> None:
    with db.writer() as session:
        session.add(
            PollRun(
                kind=kind,
                started_at=NOW - ago - timedelta(seconds=5),
                finished_at=NOW - ago,
                status=status,
                error=error,
            )
        )


def publication(db: Database, identifier: str, ago: timedelta) -> None:
    with db.writer() as session:
        session.add(Publication(identifier=identifier, kind="answer", first_seen=NOW - ago))


@pytest.fixture
def db(sqlite_url: str) -> Database:
    return Database(sqlite_url)


def codes(db: Database, url: str) -> list[str]:
    return [p.code for p in health(db, cfg(url), now=NOW).problems]


def test_never_polled_is_no_data(db: Database, sqlite_url: str) -> None:
    h = health(db, cfg(sqlite_url), now=NOW)
    assert not h.healthy and [p.code for p in h.problems] == ["never_polled"]
    text = render_text(h)
    assert "last successful poll: never" in text
    assert "newest publication: no data" in text


def test_healthy(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(minutes=3))
    publication(db, "ah-tk-20202021-3235", timedelta(hours=5))
    with db.writer() as session:
        session.add(PollCursor(stream="answers-tk", modified=date(2026, 5, 19)))
    h = health(db, cfg(sqlite_url), now=NOW)
    assert h.healthy, h.problems
    assert h.cursors == {"answers-tk": date(2026, 5, 19)}
    assert h.newest_publication == "ah-tk-20202021-3235"
    assert h.newest_publication_age_hours == pytest.approx(5, abs=0.01)
    assert h.deliveries == {}  # the delivery table is there, and empty
    text = render_text(h)
    assert text.startswith("status: healthy")
    assert "cursor answers-tk: 2026-05-19" in text
    assert "deliveries: 0 pending, 0 dead, 0 refused, 0 sent" in text


def test_silent_source_is_a_warning_not_no_change(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(minutes=3))
    publication(db, "ah-1", timedelta(hours=80))
    assert codes(db, sqlite_url) == ["source_silent"]


def test_unreachable_source(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(hours=3))
    publication(db, "ah-1", timedelta(hours=4))
    settings = cfg(sqlite_url)
    for minutes in (150, 120, 90):
        record_poll_outcome(
            db, settings, ok=False, error="503", now=NOW - timedelta(minutes=minutes)
        )
    for minutes in (150, 120, 90, 30):
        poll(db, "failed", timedelta(minutes=minutes), error="SRU answered 503")
    h = health(db, settings, now=NOW)
    assert [p.code for p in h.problems] == ["source_unreachable"]
    assert "SRU answered 503" in h.problems[0].message
    assert h.operator_alert == "source_down"


def test_a_brief_failure_is_only_a_note(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(minutes=20))
    publication(db, "ah-1", timedelta(hours=4))
    record_poll_outcome(db, cfg(sqlite_url), ok=False, now=NOW - timedelta(minutes=5))
    poll(db, "failed", timedelta(minutes=5), error="timeout")
    h = health(db, cfg(sqlite_url), now=NOW)
    assert h.healthy
    assert any("unreachable" in n for n in h.notes)


def test_long_without_a_successful_poll(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(hours=100))
    publication(db, "ah-1", timedelta(hours=101))
    assert "no_recent_data" in codes(db, sqlite_url)


def test_dead_deliveries_make_it_unhealthy(db: Database, sqlite_url: str) -> None:
    from monitor.notify.tables import Delivery

    poll(db, "ok", timedelta(minutes=3))
    publication(db, "ah-1", timedelta(hours=1))
    with db.writer() as session:
        session.add(Delivery(subscription="s", channel="webhook", target="http://x", kind="change",
                             ref="change:1", idempotency_key="k", status="dead"))  # fmt: skip
    h = health(db, cfg(sqlite_url), now=NOW)
    assert [p.code for p in h.problems] == ["dead_deliveries"]
    assert h.deliveries == {"dead": 1}


def test_cli_exit_status_and_json(sqlite_url: str) -> None:
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": sqlite_url}
    missing = runner.invoke(cli, ["status"], env=env)  # a read command: creates nothing
    assert missing.exit_code == 1 and "no database at" in str(missing.exception)
    Database(sqlite_url).dispose()
    result = runner.invoke(cli, ["status", "--format", "json"], env=env)
    assert result.exit_code == 3, result.output
    data = json.loads(result.output)
    assert data["healthy"] is False
    assert data["problems"][0]["code"] == "never_polled"
    assert data["last_successful_poll_at"] is None
    db = Database(sqlite_url)
    poll(db, "ok", timedelta(minutes=1))
    publication(db, "ah-1", timedelta(hours=1))
    result = runner.invoke(cli, ["status"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("status: healthy")


def test_a_completed_backfill_is_data_not_never_polled(db: Database, sqlite_url: str) -> None:
    poll(db, "ok", timedelta(minutes=3), kind="backfill")
    publication(db, "ah-1", timedelta(minutes=3))
    h = health(db, cfg(sqlite_url), now=NOW)
    assert h.healthy, h.problems
    assert h.last_successful_poll_kind == "backfill"
    assert "(backfill)" in render_text(h)


def test_only_interrupted_runs_but_stored_data_is_not_never_polled(
    db: Database, sqlite_url: str
) -> None:
    poll(db, "interrupted", timedelta(minutes=3), kind="backfill")
    publication(db, "ah-1", timedelta(minutes=4))
    assert "never_polled" not in codes(db, sqlite_url)
    poll(db, "interrupted", timedelta(minutes=2), kind="backfill")
    assert codes(db, sqlite_url) == []  # a minute-old publication is fresh data


def test_says_when_no_daemon_runs_and_json_has_the_texts_figures(
    db: Database, sqlite_url: str
) -> None:
    poll(db, "ok", timedelta(hours=2))
    publication(db, "ah-1", timedelta(hours=2))
    h = health(db, cfg(sqlite_url), now=NOW)
    text, data = render_text(h), h.to_json()
    assert "daemon: not running" in text and data["daemon_running"] is False
    assert any("no daemon is running" in note for note in data["notes"])
    assert f"({data['last_successful_poll_age_hours']} h ago)" in text
    assert data["last_successful_poll_age_hours"] == 2.0
    if data["deliveries"] is not None:
        assert (f"deliveries: {data['deliveries_pending']} pending, {data['deliveries_dead']} "
                f"dead, {data['deliveries_refused']} refused, {data['deliveries_sent']} sent"
                ) in text
