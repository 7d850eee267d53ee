"""The deadline check: the calendar moves promises to ``due`` and ``overdue``, and every status
change worth telling (overdue, slipped, fulfilled, withdrawn) goes into the outbox once.

Once: the status last put in the outbox is stored on the promise (``alerted``) in the same
transaction as the deliveries, and the deliveries' idempotency key is made of the promise id and
the status, so neither a re-run, a restart nor two processes checking at once can alert twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import col, select

from monitor.config import Settings
from monitor.logs import event
from monitor.promises.store import CALENDAR, DUE_WINDOW_DAYS, effective_status, promise_json
from monitor.promises.tables import PromiseRecord
from monitor.statuses import PROMISE_ALERTS, PromiseStatus
from monitor.store.db import Database

log = logging.getLogger("monitor.promises")


@dataclass
class CheckReport:
    """What one deadline check did."""

    today: date
    due: int = 0  # promises that became due
    overdue: int = 0  # promises that became overdue
    alerted: int = 0  # status changes put in the outbox (for at least one subscriber or not)
    deliveries: int = 0  # outbox rows added
    history: int = 0  # status changes too old to be news: recorded, not alerted


def today_for(settings: Settings, now: datetime | None = None) -> date:
    """The check's today: ``[promises] today`` when set (demos, tests), else the date in the
    daemon's time zone (Europe/Amsterdam: a deadline ends at midnight there, not in UTC)."""
    if settings.promises.today is not None:
        return settings.promises.today
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(settings.daemon.timezone)).date()


def _since(row: PromiseRecord) -> date | None:
    """The day the status arose (what makes it news or history)."""
    if row.status == PromiseStatus.OVERDUE:
        return row.deadline_last + timedelta(days=1) if row.deadline_last else None
    return row.status_on


def check_deadlines(db: Database, settings: Settings, *, today: date,
                    now: datetime | None = None) -> CheckReport:
    """Store the calendar status of every open promise as of ``today``, then put each status
    change that is not yet alerted into the outbox (one transaction)."""
    from monitor.notify.outbox import enqueue_history_summary
    from monitor.notify.promise_outbox import enqueue_promise_alert

    now = now or datetime.now(UTC)
    report = CheckReport(today=today)
    window = today + timedelta(days=DUE_WINDOW_DAYS)
    max_age = settings.notify.alert_max_age_days
    with db.writer() as session:
        moving = session.exec(select(PromiseRecord).where(
            col(PromiseRecord.active).is_(True),
            col(PromiseRecord.status).in_((PromiseStatus.OPEN, PromiseStatus.DUE)),
            col(PromiseRecord.deadline_last).is_not(None),
            or_(col(PromiseRecord.deadline_last) <= window,
                col(PromiseRecord.deadline_first) <= today),
        )).all()
        for row in moving:
            status = effective_status(row, today)
            if status != row.status and status in CALENDAR:
                row.status = status
                report.due += status == PromiseStatus.DUE
                report.overdue += status == PromiseStatus.OVERDUE
                session.add(row)
        session.flush()
        pending = session.exec(select(PromiseRecord).where(
            col(PromiseRecord.active).is_(True), col(PromiseRecord.status).in_(PROMISE_ALERTS),
            col(PromiseRecord.alerted) != col(PromiseRecord.status),
        ).order_by(col(PromiseRecord.received), col(PromiseRecord.id))).all()
        for row in pending:
            since = _since(row)
            if max_age > 0 and since is not None and since < today - timedelta(days=max_age):
                report.history += 1
            else:
                linked = session.get(PromiseRecord, row.linked_id) if row.linked_id else None
                item = promise_json(row, today)
                item["alert"] = row.status
                item["linked"] = promise_json(linked, today) if linked is not None else None
                report.deliveries += enqueue_promise_alert(session, settings, item, now=now)
                report.alerted += 1
            row.alerted = row.status
            session.add(row)
        if report.history:
            enqueue_history_summary(session, settings, "the promise deadline check",
                                    Counter({"promise status changes": report.history}), now=now)
    event(log, "promise_check_done", today=today.isoformat(), due=report.due,
              overdue=report.overdue, alerted=report.alerted, deliveries=report.deliveries,
              history=report.history)
    return report
