"""Storing discovered promises per answer version, and reading them back.

Status: a stored promise is ``open`` until lineage marks it otherwise; reading adds the
calendar: ``due`` while its deadline window runs (an ``in``/``around`` interval has begun, or a
``by`` date is at most :data:`DUE_WINDOW_DAYS` away), ``overdue`` once its last day has passed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from monitor.errors import InputError, NotFound
from monitor.model import Document, Kind
from monitor.promises.discover import (
    Promise,
    Report,
)
from monitor.promises.findings import Findings, read_answer
from monitor.promises.lineage import TABLE, index_open, lineage, unindex
from monitor.promises.tables import PromiseRecord
from monitor.promises.withdraw import Withdrawal
from monitor.statuses import PROMISE_CALENDAR, ParseStatus, PromiseStatus
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion, utcnow

STATUSES = tuple(s.value for s in PromiseStatus)
CALENDAR = PROMISE_CALENDAR
DUE_WINDOW_DAYS = 30


def today_utc() -> date:
    return datetime.now(UTC).date()


def _row(p: Promise, publication_id: int, version_id: int) -> dict[str, Any]:
    """The columns a discovery sets (status, links and flags keep their stored values)."""
    d = p.deadline
    return {
        "id": p.id, "publication_id": publication_id, "version_id": version_id,
        "identifier": p.identifier, "answer_position": p.answer_position,
        "questions": list(p.questions), "sentence": p.sentence, "actor": p.actor[:200],
        "act": p.act[:100], "object": p.object[:300], "modality": p.modality,
        "lemmas": " ".join(p.lemmas), "deadline_kind": d.kind, "deadline_first": d.first,
        "deadline_last": d.last, "deadline_text": d.text[:300],
        "deadline_document": d.document[:200], "received": p.received,
        "ministry": p.ministry[:200], "minister": p.minister[:300],
    }


# What a newer version of the answer refreshes in a promise it still holds.
_REFRESHED = ("version_id", "actor", "act", "object", "modality", "lemmas", "deadline_kind",
              "deadline_first", "deadline_last", "deadline_text", "deadline_document",
              "received", "ministry", "minister")


def store_promises(session: Session, publication: Publication, version: PublicationVersion,
                   document: Document, findings: Findings | None = None, *,
                   new_publication: bool = False) -> int:
    """Make the promises of ``version`` the publication's active promises (in the caller's
    transaction). Returns how many the version holds.

    ``findings``: the answer already read (:func:`monitor.promises.findings.findings_for`, in a
    parse worker); read here when missing or read against another date.
    ``new_publication``: the caller just created the publication (it holds no promises yet).
    """
    if publication.id is None or version.id is None or document.kind != Kind.ANSWER:
        return 0
    if publication.current_version_id not in (None, version.id):
        return 0  # an older version parsed late: the current version's promises stand
    received = document.date_received or publication.date_received or version.modified
    done: Sequence[Report] | None = None
    dropped: Sequence[Withdrawal] | None = None
    if findings is None or findings.received != received:
        findings = read_answer(document, received)  # the three readings, each sentence once
    found, done, dropped = findings.promises, findings.reports, findings.withdrawals
    # Rows are written with Core statements: the ORM's per-object cost was most of the
    # writer's time per answer; nothing in a writer's session holds promise objects.
    session.flush()
    conn = session.connection()
    existing: dict[str, bool] = {}
    still_open: set[str] = set()
    if not new_publication:
        mine = core_select(TABLE.c.id, TABLE.c.active, TABLE.c.status).where(
            TABLE.c.publication_id == publication.id)
        for i, active, status in conn.execute(mine).all():
            existing[i] = bool(active)
            if status in CALENDAR:
                still_open.add(i)
    ids = {p.id for p in found}
    gone = [i for i, active in existing.items() if i not in ids and active]
    if gone:
        conn.execute(update(TABLE).where(TABLE.c.id.in_(gone)).values(active=False))
        unindex(conn, gone)
    new = [p for p in found if p.id not in existing]
    if new:
        now = utcnow()
        rows = [_row(p, publication.id, version.id) for p in new]
        conn.execute(insert(TABLE), [
            {**row, "status": PromiseStatus.OPEN, "linked_id": "", "status_identifier": "",
             "status_on": None, "alerted": "", "active": True, "discovered_at": now}
            for row in rows])
        index_open(conn, rows)
    refreshed: list[dict[str, Any]] = []
    for p in found:
        if p.id in existing:
            # The same sentence in a newer version: keep its status and first discovery.
            row = _row(p, publication.id, version.id)
            conn.execute(update(TABLE).where(TABLE.c.id == p.id).values(
                active=True, **{name: row[name] for name in _REFRESHED}))
            if p.id in still_open:
                refreshed.append(row)
    if refreshed:
        # Its act, words or deadline may have changed with the version: index it anew.
        unindex(conn, [row["id"] for row in refreshed])
        index_open(conn, refreshed)
    if new or not existing:
        lineage(conn, publication.id, document, received, new, done, dropped)
    return len(found)


def scan_stored(db: Database, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Discover promises in the current version of every stored answer (after an upgrade, or
    when discovery improved). Returns the number of promises stored."""
    total_promises = 0
    with db.writer() as session:
        current = session.exec(
            select(Publication, PublicationVersion)
            .join(PublicationVersion,
                  col(PublicationVersion.id) == Publication.current_version_id)
            .where(Publication.kind == str(Kind.ANSWER),
                   PublicationVersion.parse_status == ParseStatus.OK)
        ).all()
        for done, (publication, version) in enumerate(current, 1):
            if progress is not None and (done % 100 == 0 or done == len(current)):
                progress(done, len(current))
            if version.document is None:
                continue
            total_promises += store_promises(session, publication, version,
                                             Document.from_json(version.document))
    return total_promises


def effective_status(row: PromiseRecord, today: date) -> str:
    if row.status not in CALENDAR:
        return row.status
    if row.deadline_last is None:
        return PromiseStatus.OPEN
    if row.deadline_last < today:
        return PromiseStatus.OVERDUE
    start = row.deadline_first
    if row.deadline_kind == "by" or start is None:
        start = row.deadline_last - timedelta(days=DUE_WINDOW_DAYS)
    return PromiseStatus.DUE if start <= today else PromiseStatus.OPEN


@dataclass(frozen=True)
class PromiseQuery:
    ministry: str | None = None
    status: str | None = None
    due_before: date | None = None
    limit: int | None = 200


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise InputError(f"--status {status!r} is not a status (one of {', '.join(STATUSES)})")


def list_promises(session: Session, query: PromiseQuery,
                  today: date | None = None) -> list[dict[str, Any]]:
    """Active promises, soonest deadline first (promises without a date last)."""
    check_status(query.status)
    day = today or today_utc()
    stmt = select(PromiseRecord).where(col(PromiseRecord.active).is_(True))
    if query.ministry:
        stmt = stmt.where(col(PromiseRecord.ministry).ilike(f"%{query.ministry}%"))
    if query.due_before is not None:
        stmt = stmt.where(col(PromiseRecord.deadline_last) < query.due_before)
    last = col(PromiseRecord.deadline_last)
    if query.status == PromiseStatus.OVERDUE:
        stmt = stmt.where(col(PromiseRecord.status).in_(CALENDAR), last < day)
    elif query.status == PromiseStatus.DUE:
        window = day + timedelta(days=DUE_WINDOW_DAYS)
        stmt = stmt.where(col(PromiseRecord.status).in_(CALENDAR), last >= day, or_(
            col(PromiseRecord.deadline_first) <= day,
            and_(or_(col(PromiseRecord.deadline_kind) == "by",
                     col(PromiseRecord.deadline_first).is_(None)), last <= window),
        ))
    elif query.status == PromiseStatus.OPEN:
        window = day + timedelta(days=DUE_WINDOW_DAYS)
        stmt = stmt.where(col(PromiseRecord.status).in_(CALENDAR), or_(last.is_(None), and_(
            last >= day,
            or_(and_(col(PromiseRecord.deadline_kind) != "by",
                     col(PromiseRecord.deadline_first) > day),
                and_(or_(col(PromiseRecord.deadline_kind) == "by",
                         col(PromiseRecord.deadline_first).is_(None)), last > window)),
        )))
    elif query.status is not None:
        stmt = stmt.where(PromiseRecord.status == query.status)
    stmt = stmt.order_by(last.is_(None), last, col(PromiseRecord.received).desc(),
                         col(PromiseRecord.id))
    if query.limit:
        stmt = stmt.limit(query.limit)
    return [promise_json(row, day) for row in session.exec(stmt).all()]


def promise_json(row: PromiseRecord, today: date) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": effective_status(row, today),
        "ministry": row.ministry,
        "minister": row.minister,
        "identifier": row.identifier,
        "questions": list(row.questions),
        "received": row.received.isoformat(),
        "actor": row.actor,
        "act": row.act,
        "object": row.object,
        "sentence": row.sentence,
        "deadline": {
            "kind": row.deadline_kind,
            "first": row.deadline_first.isoformat() if row.deadline_first else None,
            "last": row.deadline_last.isoformat() if row.deadline_last else None,
            "text": row.deadline_text,
            "document": row.deadline_document,
        },
        "active": row.active,
        "linked_id": row.linked_id or None,
        "status_identifier": row.status_identifier or None,
        "status_on": row.status_on.isoformat() if row.status_on else None,
    }


def get_promise(session: Session, promise_id: str, today: date | None = None) -> dict[str, Any]:
    """One promise with the other promises of its answer's earlier and later versions."""
    row = session.get(PromiseRecord, promise_id.strip().lower())
    if row is None:
        raise NotFound(f"promise {promise_id!r}: no such promise (see `monitor promises`)")
    item = promise_json(row, today or today_utc())
    version = session.get(PublicationVersion, row.version_id)
    item["version"] = version.number if version else None
    return item
