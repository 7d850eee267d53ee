"""``monitor status``: what the service knows, and whether an operator should worry.

"No data" is never shown as "no change": a source that could not be read, or a monitor that has
not polled for a while, is reported as such, separately from a source that is merely quiet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from monitor.config import Settings
from monitor.daemon.alerts import SOURCE
from monitor.daemon.lease import POLLER
from monitor.daemon.tables import Lease, SourceState
from monitor.ingest.queries import is_partial_version
from monitor.notify.tables import Delivery
from monitor.statuses import POLL_REACHED, DeliveryStatus, PollStatus
from monitor.store.db import Database
from monitor.store.tables import PollCursor, PollRun, Publication, PublicationVersion, utcnow


@dataclass
class Problem:
    """One reason the service is unhealthy (``code`` is stable for scripts)."""

    code: str
    message: str


@dataclass
class Health:
    checked_at: datetime
    healthy: bool
    last_poll_at: datetime | None = None
    last_poll_status: str | None = None
    last_poll_error: str = ""
    last_successful_poll_at: datetime | None = None  # a poll or a completed backfill
    last_successful_poll_kind: str | None = None  # "poll" or "backfill"
    last_successful_poll_age_hours: float | None = None
    failing_since: datetime | None = None
    consecutive_failures: int = 0
    cursors: dict[str, date] = field(default_factory=dict)
    newest_publication: str | None = None
    newest_publication_seen_at: datetime | None = None
    newest_publication_age_hours: float | None = None
    publications: int = 0
    partial_parses: int = 0  # publications whose current version was parsed only partly
    deliveries: dict[str, int] | None = None  # None: the alerts stage's table is not there
    # the figures the text shows: pending includes those being sent, refused = failed
    deliveries_pending: int | None = None
    deliveries_dead: int | None = None
    deliveries_refused: int | None = None
    deliveries_sent: int | None = None
    daemon_running: bool = False  # a live poller lease: some `monitor run` is alive
    poller: str | None = None  # holder of a live poller lease
    poller_lease_expires_at: datetime | None = None
    operator_alert: str | None = None  # "source_down" while that alert stands
    # Reconciliation and outstanding documents (monitor.ingest.reconcile.ReconcileStatus).
    reconciliation: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return _jsonable(data)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)


def delivery_counts(db: Database) -> dict[str, int] | None:
    """Deliveries per status, or None when the database cannot say."""
    try:
        with db.reader() as session:
            rows = session.exec(
                select(Delivery.status, func.count()).group_by(col(Delivery.status))
            ).all()
    except SQLAlchemyError:
        return None
    return {str(status): int(n) for status, n in rows}


def health(db: Database, settings: Settings, now: datetime | None = None) -> Health:
    """Collect the service's state and judge it against ``settings.daemon``."""
    now = now or utcnow()
    h = Health(checked_at=now, healthy=True)
    with db.reader() as session:
        finished = select(PollRun).where(
            PollRun.kind == "poll", PollRun.status != PollStatus.RUNNING
        )
        order = (col(PollRun.started_at).desc(), col(PollRun.id).desc())
        last = session.exec(finished.order_by(*order).limit(1)).first()
        # A completed backfill brought data as surely as a poll did.
        good = session.exec(
            select(PollRun)
            .where(col(PollRun.kind).in_(("poll", "backfill")),
                   col(PollRun.status).in_(POLL_REACHED))
            .order_by(col(PollRun.finished_at).desc(), col(PollRun.id).desc())
            .limit(1)
        ).first()
        for cursor in session.exec(select(PollCursor).order_by(col(PollCursor.stream))).all():
            h.cursors[cursor.stream] = cursor.modified
        newest = session.exec(
            select(Publication).order_by(col(Publication.first_seen).desc()).limit(1)
        ).first()
        h.publications = int(session.exec(select(func.count()).select_from(Publication)).one())
        h.partial_parses = int(
            session.exec(
                select(func.count())
                .select_from(Publication)
                .join(
                    PublicationVersion,
                    col(PublicationVersion.id) == col(Publication.current_version_id),
                )
                .where(is_partial_version())
            ).one()
        )
        lease = session.get(Lease, POLLER)
        state = session.get(SourceState, SOURCE)

    if last is not None:
        h.last_poll_at = last.finished_at or last.started_at
        h.last_poll_status = last.status
        h.last_poll_error = last.error
    if good is not None:
        h.last_successful_poll_at = good.finished_at or good.started_at
        h.last_successful_poll_kind = good.kind
        h.last_successful_poll_age_hours = _hours(now - h.last_successful_poll_at)
    if newest is not None:
        h.newest_publication = newest.identifier
        h.newest_publication_seen_at = newest.first_seen
        h.newest_publication_age_hours = _hours(now - newest.first_seen)
    if lease is not None and lease.expires_at > now:
        h.poller = lease.holder
        h.poller_lease_expires_at = lease.expires_at
        h.daemon_running = True
    if state is not None:
        h.failing_since = state.failing_since
        h.consecutive_failures = state.consecutive_failures
        if state.down_alerted_at is not None:
            h.operator_alert = "source_down"
    h.deliveries = delivery_counts(db)
    if h.deliveries is not None:
        h.deliveries_pending = h.deliveries.get(DeliveryStatus.PENDING, 0) + h.deliveries.get(
            DeliveryStatus.SENDING, 0
        )
        h.deliveries_dead = h.deliveries.get(DeliveryStatus.DEAD, 0)
        h.deliveries_refused = h.deliveries.get(DeliveryStatus.FAILED, 0)
        h.deliveries_sent = h.deliveries.get("sent", 0)
    _reconciliation(db, h)

    stale = timedelta(hours=settings.daemon.stale_after_hours)
    down_after = timedelta(minutes=settings.daemon.alert_after_minutes)
    # Data since: the last completed poll or backfill, or (after only interrupted runs) the
    # newest stored publication. "Never polled" only while nothing at all is stored.
    data_at = h.last_successful_poll_at or h.newest_publication_seen_at
    if data_at is None:
        h.problems.append(
            Problem("never_polled", "no successful poll yet: there is no data, not 'no change'")
        )
    else:
        since_ok = now - data_at
        if last is not None and last.status not in POLL_REACHED:
            failing_for = now - (h.failing_since or data_at)
            reason = h.last_poll_error or "no reason recorded"
            message = (
                f"the source is unreachable: the last poll failed ({reason}); "
                f"last successful poll {_hours(since_ok)} h ago"
            )
            if failing_for >= down_after:
                h.problems.append(Problem("source_unreachable", message))
            else:
                h.notes.append(message)
        if since_ok >= stale:
            h.problems.append(
                Problem(
                    "no_recent_data",
                    f"no successful poll for {_hours(since_ok)} h (limit "
                    f"{settings.daemon.stale_after_hours:g} h): no data, not 'no change'",
                )
            )
        elif h.newest_publication_seen_at is None or now - h.newest_publication_seen_at >= stale:
            age = (
                "nothing stored yet"
                if h.newest_publication_seen_at is None
                else f"newest {_hours(now - h.newest_publication_seen_at)} h ago"
            )
            h.problems.append(
                Problem(
                    "source_silent",
                    f"polls succeed but no new publication arrived for "
                    f"{settings.daemon.stale_after_hours:g} h ({age}): check the source and query",
                )
            )
    if h.deliveries is not None and h.deliveries.get("dead", 0):
        h.problems.append(
            Problem(
                "dead_deliveries",
                f"{h.deliveries['dead']} deliveries are dead-lettered: "
                "see `monitor deliveries --status dead`, re-drive with "
                "`monitor deliveries retry --all-dead`",
            )
        )
    if h.partial_parses:
        h.notes.append(
            f"{h.partial_parses} publications were parsed partially (numbering incomplete or "
            "inconsistent): see `monitor answers` (status partial)"
        )
    if h.deliveries is None:
        h.notes.append("deliveries: the alerts stage's table is not present in this database")
    if not h.daemon_running:
        h.notes.append("no daemon is running (no process holds the poller lease): "
                       "nothing polls or delivers until `monitor run` starts")
    h.healthy = not h.problems
    return h


def _reconciliation(db: Database, h: Health) -> None:
    """Last reconciliation, windows still short, documents outstanding (ingest's report)."""
    from monitor.ingest.reconcile import reconcile_status

    try:
        st = reconcile_status(db)
    except SQLAlchemyError:
        return  # an older schema without those tables: nothing to say
    h.reconciliation = asdict(st)
    if st.short:
        windows = ", ".join(f"{w['stream']} {w['start']}..{w['end']}" for w in st.short[:5])
        h.problems.append(Problem(
            "windows_short",
            f"{len(st.short)} date windows still hold fewer records than the source lists "
            f"({windows}): run `monitor reconcile` and check `monitor status` again"))
    if st.gave_up:
        h.problems.append(Problem(
            "publications_unavailable",
            f"{st.gave_up} publications stayed unavailable for the whole retry period: see "
            "`monitor status` below and the source"))
    elif st.outstanding:
        h.notes.append(f"{st.outstanding} documents are outstanding and retried with backoff")


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "never"
    return f"{value.isoformat(timespec='seconds')} ({_hours(now - value)} h ago)"


def render_text(h: Health) -> str:
    """The human-readable report ``monitor status`` prints."""
    now = h.checked_at
    lines = [f"status: {'healthy' if h.healthy else 'UNHEALTHY'}"]
    kind = f" ({h.last_successful_poll_kind})" if h.last_successful_poll_kind == "backfill" else ""
    lines.append(f"last successful poll: {_when(h.last_successful_poll_at, now)}{kind}")
    if h.last_poll_at is not None and h.last_poll_status not in POLL_REACHED:
        lines.append(
            f"last poll: {h.last_poll_status} at {_when(h.last_poll_at, now)}: {h.last_poll_error}"
        )
    if h.cursors:
        for stream, day in h.cursors.items():
            lines.append(f"cursor {stream}: {day.isoformat()}")
    else:
        lines.append("cursor: none (no poll has completed a stream yet)")
    if h.newest_publication is None:
        lines.append("newest publication: no data")
    else:
        lines.append(
            f"newest publication: {h.newest_publication}, stored "
            f"{_when(h.newest_publication_seen_at, now)}; {h.publications} publications in all"
        )
    if h.deliveries is None:
        lines.append("deliveries: unknown (no delivery table)")
    else:
        lines.append(
            f"deliveries: {h.deliveries_pending} pending, {h.deliveries_dead} dead, "
            f"{h.deliveries_refused} refused, {h.deliveries_sent} sent"
        )
    if h.daemon_running and h.poller_lease_expires_at:
        until = h.poller_lease_expires_at.isoformat(timespec="seconds")
        lines.append(f"daemon: running; poller {h.poller} (lease until {until})")
    else:
        lines.append("daemon: not running")
    if h.operator_alert:
        lines.append(f"operator alert standing: {h.operator_alert}")
    if h.reconciliation is not None:
        from monitor.ingest.reconcile import ReconcileStatus, status_lines

        r = dict(h.reconciliation)
        lines.extend(status_lines(ReconcileStatus(**r), now))
    lines.extend(f"warning [{p.code}]: {p.message}" for p in h.problems)
    lines.extend(f"note: {n}" for n in h.notes)
    return "\n".join(lines)
