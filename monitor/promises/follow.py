"""Following a discovered promise as a commitment (``monitor follow ID``), and one promise's
timeline: the promises it grew from and into (lineage), each with the word diff from the one
before, and the events that set its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.errors import InputError, NotFound
from monitor.promises.store import effective_status, promise_json
from monitor.promises.tables import FollowedPromise, PromiseRecord
from monitor.statuses import PROMISE_CALENDAR, PromiseStatus
from monitor.store.tables import utcnow
from monitor.track.diff import word_diff

_CHAIN_LIMIT = 50  # a lineage longer than this is a loop or an error, not a history


def _row(session: Session, promise_id: str) -> PromiseRecord:
    row = session.get(PromiseRecord, promise_id.strip().lower())
    if row is None:
        raise NotFound(f"promise {promise_id!r}: no such promise (see `monitor promises`)")
    return row


@dataclass(frozen=True)
class Followed:
    commitment_id: str
    promise_id: str
    title: str
    followed_at: datetime
    new: bool  # False: it was followed already


def follow_promise(session: Session, settings: Settings, promise_id: str, *,
                   commitment_id: str | None = None, title: str | None = None) -> Followed:
    """Make a discovered promise a followed commitment stored in the database (idempotent)."""
    row = _row(session, promise_id)
    existing = session.get(FollowedPromise, row.id)
    if existing is not None:
        return Followed(existing.commitment_id, row.id, existing.title, existing.followed_at,
                        new=False)
    cid = (commitment_id or f"promise-{row.id}").strip()
    if cid in {c.id for c in settings.commitments}:
        raise InputError(f"--id {cid!r} is a commitment of the configuration already")
    taken = session.exec(select(FollowedPromise).where(FollowedPromise.commitment_id == cid))
    if taken.first() is not None:
        raise InputError(f"--id {cid!r} names another followed promise already")
    name = (title or f"{row.ministry}: {row.object or row.act}").strip()[:300]
    followed = FollowedPromise(promise_id=row.id, commitment_id=cid[:100], title=name,
                               followed_at=utcnow())
    session.add(followed)
    return Followed(cid, row.id, name, followed.followed_at, new=True)


def followed_promises(session: Session, today: date) -> list[dict[str, Any]]:
    """Followed promises in the shape of ``monitor commitments`` rows."""
    out = []
    for followed, row in session.exec(
        select(FollowedPromise, PromiseRecord)
        .join(PromiseRecord, col(PromiseRecord.id) == FollowedPromise.promise_id)
        .order_by(col(FollowedPromise.commitment_id))
    ).all():
        status = effective_status(row, today)
        out.append({
            "id": followed.commitment_id, "title": followed.title, "configured": False,
            "promise": row.id, "statements": len(_chain(session, row)),
            "latest_received": (row.status_on or row.received).isoformat(),
            "latest_identifier": row.status_identifier or row.identifier,
            "latest_text": row.sentence,
            "last_changed": row.status_on.isoformat() if row.status_on else None,
            "last_verdicts": [status],
        })
    return out


def _chain(session: Session, row: PromiseRecord) -> list[PromiseRecord]:
    """The lineage through ``row``: earlier promises it replaced, then the ones replacing it."""
    chain = [row]
    seen = {row.id}
    while len(chain) < _CHAIN_LIMIT:
        before = session.exec(select(PromiseRecord).where(
            PromiseRecord.linked_id == chain[0].id).order_by(col(PromiseRecord.received))).first()
        if before is None or before.id in seen:
            break
        seen.add(before.id)
        chain.insert(0, before)
    while len(chain) < _CHAIN_LIMIT and chain[-1].linked_id:
        after = session.get(PromiseRecord, chain[-1].linked_id)
        if after is None or after.id in seen:
            break
        seen.add(after.id)
        chain.append(after)
    return chain


def promise_timeline(session: Session, promise_id: str, today: date) -> list[dict[str, Any]]:
    """Oldest first: every promise of the lineage (with the word diff from the previous one's
    sentence) and the events that set a status (overdue, fulfilled, withdrawn)."""
    events: list[dict[str, Any]] = []
    previous: str | None = None
    for row in _chain(session, _row(session, promise_id)):
        diff = word_diff(previous, row.sentence)
        events.append({"date": row.received.isoformat(), "event": "promised", "id": row.id,
                       "identifier": row.identifier, "sentence": row.sentence,
                       "deadline": promise_json(row, today)["deadline"],
                       "diff": {"kind": diff.kind, "text": diff.text, "html": diff.html}})
        previous = row.sentence
        status = effective_status(row, today)
        if status == PromiseStatus.OVERDUE and row.deadline_last is not None:
            events.append({"date": (row.deadline_last + timedelta(days=1)).isoformat(),
                           "event": PromiseStatus.OVERDUE, "id": row.id, "identifier": None})
        if row.status not in PROMISE_CALENDAR and row.status_on is not None:
            events.append({"date": row.status_on.isoformat(), "event": row.status, "id": row.id,
                           "identifier": row.status_identifier or None})
    events.sort(key=lambda e: (e["date"], e["event"] != "promised"))
    return events
