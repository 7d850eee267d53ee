"""The scheduler is built from the settings, and a stall runs a missed poll once."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import Settings
from monitor.daemon.jobs import Daemon
from monitor.daemon.schedule import build_scheduler
from monitor.errors import ConfigError
from monitor.store.db import Database


def make_settings(url: str, **daemon: Any) -> Settings:
    return Settings.model_validate({"database": {"url": url}, "daemon": daemon})


class Counter:
    def __init__(self) -> None:
        self.calls: list[float] = []
        self.lock = threading.Lock()

    def poll(self, db: Database, settings: Settings) -> None:
        with self.lock:
            self.calls.append(time.monotonic())
        return None

    def deliver(self, db: Database, settings: Settings, worker: str) -> None:
        return None


def test_interval_jobs_and_their_defaults(sqlite_url: str) -> None:
    cfg = make_settings(
        sqlite_url, poll_interval_minutes=10, delivery_interval_seconds=3, misfire_grace_seconds=900
    )
    daemon = Daemon(Database(sqlite_url), cfg)
    before = datetime.now(UTC)
    sched = build_scheduler(daemon)
    sched.start(paused=True)  # jobs get the scheduler's job defaults when they are added
    jobs = {job.id: job for job in sched.get_jobs()}
    sched.shutdown(wait=False)
    assert set(jobs) == {"poll", "deliver", "lease", "reconcile", "reconcile-full", "promises"}
    poll = jobs["poll"]
    assert isinstance(poll.trigger, IntervalTrigger)
    assert poll.trigger.interval == timedelta(minutes=10)
    assert jobs["deliver"].trigger.interval == timedelta(seconds=3)
    assert jobs["lease"].trigger.interval == timedelta(seconds=40)  # a third of the lease
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == 900
    # the first poll runs at start, not an interval later
    assert poll.next_run_time is not None
    assert before - timedelta(seconds=1) <= poll.next_run_time <= datetime.now(UTC)
    assert str(sched.timezone) == "Europe/Amsterdam"


def test_cron_poll_in_the_configured_zone(sqlite_url: str) -> None:
    cfg = make_settings(sqlite_url, poll_cron="*/10 7-22 * * mon-fri", timezone="Europe/Amsterdam")
    sched = build_scheduler(Daemon(Database(sqlite_url), cfg))
    trigger = sched.get_job("poll").trigger
    assert isinstance(trigger, CronTrigger)
    # Saturday 2026-05-23 12:00 local: the next poll is Monday 07:00 Amsterdam (05:00 UTC)
    sat = datetime(2026, 5, 23, 10, 0, tzinfo=UTC)
    nxt = trigger.get_next_fire_time(None, sat)
    assert nxt is not None
    assert nxt.astimezone(UTC) == datetime(2026, 5, 25, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("daemon", "words"),
    [
        ({"poll_cron": "every five minutes"}, "poll_cron"),
        ({"poll_cron": "61 * * * *"}, "poll_cron"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_schedule_is_a_config_error(
    sqlite_url: str, daemon: dict[str, str], words: str
) -> None:
    cfg = make_settings(sqlite_url, **daemon)
    with pytest.raises(ConfigError, match=words):
        build_scheduler(Daemon(Database(sqlite_url), cfg))


def _stalled_run(sqlite_url: str, grace: float) -> int:
    """Start, let the first poll run, then pretend the process slept through ten polls."""
    cfg = make_settings(sqlite_url, poll_interval_minutes=1, misfire_grace_seconds=grace)
    counter = Counter()
    daemon = Daemon(Database(sqlite_url), cfg, poll=counter.poll, deliver=counter.deliver)
    sched = build_scheduler(daemon)
    sched.start(paused=True)
    try:
        # The job's next run time was ten intervals ago: what a suspend or clock jump leaves.
        sched.modify_job("poll", next_run_time=datetime.now(UTC) - timedelta(minutes=10, seconds=5))
        sched.resume()
        time.sleep(1.5)
        return len(counter.calls)
    finally:
        sched.shutdown(wait=True)


def test_a_stall_runs_the_missed_poll_once(sqlite_url: str) -> None:
    assert _stalled_run(sqlite_url, grace=3600) == 1


def test_apscheduler_default_grace_would_skip_it(sqlite_url: str) -> None:
    """Why the grace is configured: with APScheduler's 1 s default the missed poll never runs."""
    assert _stalled_run(sqlite_url, grace=1) == 0


def test_scheduler_events_are_logged_in_one_line() -> None:
    """Both event shapes (missed: one time; max instances: a list) log without an error."""
    from apscheduler.events import (
        EVENT_JOB_MAX_INSTANCES,
        EVENT_JOB_MISSED,
        JobExecutionEvent,
        JobSubmissionEvent,
    )

    from monitor.daemon.schedule import _on_scheduler_event

    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.DEBUG)
            self.names: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.names.append(record.getMessage())

    at = datetime(2026, 5, 19, 9, 0, tzinfo=UTC)
    logger = logging.getLogger("monitor.daemon")
    collect, level = Collect(), logger.level
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    try:
        _on_scheduler_event(JobExecutionEvent(EVENT_JOB_MISSED, "poll", "default", at))
        _on_scheduler_event(JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, "deliver", "default", [at]))
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    assert collect.names == ["job_missed", "job_still_running"]
