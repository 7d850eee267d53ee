"""The schedule of ``monitor run``: its triggers (in the configured zone) and the scheduler.

Jobs live in an in-memory APScheduler job store that is rebuilt from the settings at every start
(a persistent store pickles function references and must not be shared between processes). Every
job is coalesced (a stall runs a missed poll once), never runs twice at a time, and has a long
misfire grace so a stall never silently skips it.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import (
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import Settings
from monitor.daemon.jobs import Daemon
from monitor.errors import ConfigError
from monitor.logs import event
from monitor.store.tables import utcnow

log = logging.getLogger("monitor.daemon")


def zone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.daemon.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"[daemon] timezone {settings.daemon.timezone!r} is not a known time zone"
        ) from None


def poll_trigger(settings: Settings) -> BaseTrigger:
    """The poll's trigger: ``poll_cron`` in the configured zone when set, else the interval."""
    tz = zone(settings)
    if settings.daemon.poll_cron.strip():
        try:
            return CronTrigger.from_crontab(settings.daemon.poll_cron.strip(), timezone=tz)
        except ValueError as exc:
            raise ConfigError(
                f"[daemon] poll_cron {settings.daemon.poll_cron!r} is not a crontab "
                f"expression: {exc}"
            ) from None
    return IntervalTrigger(seconds=settings.daemon.poll_interval_minutes * 60, timezone=tz)


def cron_trigger(expression: str, what: str, tz: ZoneInfo) -> CronTrigger:
    """A crontab expression in the configured zone, or a ConfigError naming ``what``."""
    try:
        return CronTrigger.from_crontab(expression.strip(), timezone=tz)
    except ValueError as exc:
        raise ConfigError(
            f"[reconcile] {what} {expression!r} is not a crontab expression: {exc}"
        ) from None


def build_scheduler(daemon: Daemon, *, now: datetime | None = None) -> BackgroundScheduler:
    """A scheduler with the poll, delivery and lease jobs built from ``daemon.settings``."""
    settings = daemon.settings
    tz = zone(settings)
    now = (now or utcnow()).astimezone(tz)
    scheduler = BackgroundScheduler(
        timezone=tz,
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            # APScheduler's default of 1 s would silently drop a run delayed by any stall.
            "misfire_grace_time": max(1, math.ceil(settings.daemon.misfire_grace_seconds)),
        },
    )
    scheduler.add_job(
        daemon.poll_job, poll_trigger(settings), id="poll", name="poll", next_run_time=now
    )
    scheduler.add_job(
        daemon.deliver_job,
        IntervalTrigger(seconds=settings.daemon.delivery_interval_seconds, timezone=tz),
        id="deliver",
        name="deliver",
        next_run_time=now,
    )
    scheduler.add_job(
        daemon.lease_job,
        IntervalTrigger(seconds=max(1.0, settings.daemon.lease_seconds / 3), timezone=tz),
        id="lease",
        name="lease",
    )
    if settings.reconcile.enabled:
        for job_id, cron, scope in (
            ("reconcile", settings.reconcile.cron, "recent"),
            ("reconcile-full", settings.reconcile.full_cron, "full"),
        ):
            if cron.strip():
                scheduler.add_job(
                    daemon.reconcile_job,
                    cron_trigger(cron, f"{job_id} cron", tz),
                    args=(scope,),
                    id=job_id,
                    name=job_id,
                )
    check = settings.promises.check_cron.strip()
    if check:
        try:
            trigger = CronTrigger.from_crontab(check, timezone=tz)
        except ValueError as exc:
            raise ConfigError(
                f"[promises] check_cron {check!r} is not a crontab expression: {exc}"
            ) from None
        # Not at start: the first poll runs the check after it (one thing at a time).
        scheduler.add_job(daemon.promise_job, trigger, id="promises", name="promises")
    scheduler.add_listener(_on_scheduler_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    daemon.scheduler = scheduler
    return scheduler


def _on_scheduler_event(ev: JobEvent) -> None:
    # JOB_MISSED carries one scheduled time, JOB_MAX_INSTANCES (a submission event) a list.
    scheduled = getattr(ev, "scheduled_run_time", None) or getattr(ev, "scheduled_run_times", None)
    if ev.code == EVENT_JOB_MISSED:
        event(log, "job_missed", logging.WARNING, job=ev.job_id, scheduled=scheduled)
    else:
        # the previous run is still busy (a long poll or send): this tick is dropped, not queued
        event(log, "job_still_running", logging.INFO, job=ev.job_id, scheduled=scheduled)


def next_runs(daemon: Daemon, count: int = 3) -> list[datetime]:
    """The next poll times of a built scheduler's trigger (for ``monitor status``/tests)."""
    trigger = poll_trigger(daemon.settings)
    out: list[datetime] = []
    prev: datetime | None = None
    now = utcnow().astimezone(zone(daemon.settings))
    for _ in range(count):
        nxt = trigger.get_next_fire_time(prev, prev + timedelta(microseconds=1) if prev else now)
        if nxt is None:
            break
        out.append(nxt)
        prev = nxt
    return out
