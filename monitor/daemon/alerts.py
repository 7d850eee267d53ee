"""Operator alerts about the source: "source_down" once per outage, "source_recovered" once after.

The state row and the alert's outbox row are written in one transaction, so a crash can neither
lose the alert nor enqueue it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session

from monitor.config import Settings
from monitor.daemon.tables import SourceState
from monitor.logs import event
from monitor.notify.outbox import enqueue_operator_alert
from monitor.store.db import Database
from monitor.store.tables import ERROR_TEXT_LIMIT, utcnow

log = logging.getLogger("monitor.daemon")

SOURCE = "koop"

# enqueue_operator_alert(session, settings, kind, message) -> delivery id
AlertFn = Callable[[Session, Settings, str, str], int]


def default_alert(session: Session, settings: Settings, kind: str, message: str) -> int:
    """The alerts stage's outbox."""
    return enqueue_operator_alert(session, settings, kind, message)


def record_poll_outcome(
    db: Database,
    settings: Settings,
    *,
    ok: bool,
    error: str = "",
    now: datetime | None = None,
    alert: AlertFn = default_alert,
) -> str | None:
    """Note a poll's result; return the operator alert kind enqueued by it, if any."""
    now = now or utcnow()
    after = timedelta(minutes=settings.daemon.alert_after_minutes)
    sent: str | None = None
    with db.writer() as session:
        state = session.get(SourceState, SOURCE) or SourceState(name=SOURCE)
        if ok:
            if state.down_alerted_at is not None:
                down_for = now - (state.failing_since or state.down_alerted_at)
                alert(
                    session,
                    settings,
                    "source_recovered",
                    f"the publication service answers again after {_human(down_for)} "
                    f"of failed polls (last error: {state.last_error or 'unknown'})",
                )
                state.recovered_alerted_at = now
                state.down_alerted_at = None
                sent = "source_recovered"
            state.failing_since = None
            state.consecutive_failures = 0
            state.last_ok_at = now
        else:
            if state.failing_since is None:
                state.failing_since = now
            state.consecutive_failures += 1
            state.last_error = error[:ERROR_TEXT_LIMIT]
            if state.down_alerted_at is None and now - state.failing_since >= after:
                alert(
                    session,
                    settings,
                    "source_down",
                    f"polls of {settings.source.sru_url} have failed for "
                    f"{_human(now - state.failing_since)} ({state.consecutive_failures} in a "
                    f"row); no data is coming in. Last error: {error or 'unknown'}",
                )
                state.down_alerted_at = now
                sent = "source_down"
        state.updated_at = now
        session.add(state)
    if sent:
        event(log, "operator_alert_enqueued", kind=sent, source=SOURCE)
    return sent


def source_state(db: Database) -> SourceState | None:
    with db.reader() as session:
        return session.get(SourceState, SOURCE)


def _human(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
