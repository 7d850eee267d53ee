"""Promise lineage: which earlier open promises a new answer moves, keeps or drops.

A match needs at least two shared subject words (:func:`shares_subject`) with a reading of the
same act (a new promise of that act, a report of it) or with a withdrawal. Each reading's words
are taken once per answer and the status changes written in one statement: the open promises
of the ministry are many, so the per-pair work is the writer's cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, String, bindparam, func, update
from sqlalchemy import select as core_select

from monitor.model import Document
from monitor.promises.discover import Promise, Report, reports, shares_subject, subject_words
from monitor.promises.tables import PromiseRecord
from monitor.promises.withdraw import Withdrawal, withdrawals
from monitor.statuses import PROMISE_CALENDAR, PromiseStatus

TABLE: Any = PromiseRecord.__table__  # type: ignore[attr-defined]


def _due(row: Any) -> date | None:
    due: date | None = row.deadline_last or row.deadline_first
    return due


def lineage(conn: Connection, publication_id: int, document: Document, received: date,
            new: Sequence[Promise], done: Sequence[Report] | None,
            dropped: Sequence[Withdrawal] | None) -> None:
    """Earlier open promises of the same ministry that this answer moves (a new promise of the
    same act and subject with a later deadline: ``slipped``), keeps (a report of the act:
    ``fulfilled``) or drops (``withdrawn``: "ziet af van", "komt niet meer")."""
    if not document.ministry:
        return
    if done is None:
        done = reports(document, received=received)
    if dropped is None:
        dropped = withdrawals(document)
    # Each reading's words are taken once, less the act they are compared under: an answer is
    # matched against many open promises of its ministry, so the pairs are the writer's cost.
    by_act: dict[str, list[tuple[Promise, frozenset[str]]]] = {}
    for n in new:
        act = n.act[:100]
        by_act.setdefault(act, []).append(
            (n, subject_words(" ".join(n.lemmas).split()) - {act}))
    reported: dict[str, list[frozenset[str]]] = {}
    for r in done:
        words = subject_words(r.lemmas)
        for act in r.acts:
            reported.setdefault(act, []).append(words - {act})
    withdrawn = [subject_words(w.lemmas) for w in dropped]
    # With the reports read and no withdrawal in the answer, only promises of an act this
    # answer promises or reports can change, so only those are loaded.
    stmt = core_select(TABLE.c.id, TABLE.c.act, TABLE.c.lemmas, TABLE.c.deadline_first,
                       TABLE.c.deadline_last).where(
        TABLE.c.active.is_(True), TABLE.c.status.in_(PROMISE_CALENDAR),
        TABLE.c.ministry == document.ministry[:200], TABLE.c.received < received,
        TABLE.c.publication_id != publication_id,
    )
    if not dropped:
        acts = set(by_act) | set(reported)
        if not acts:
            return
        stmt = stmt.where(TABLE.c.act.in_(sorted(acts)))
    earlier = conn.execute(stmt).all()
    changed: list[dict[str, Any]] = []
    for old in earlier:
        act = old.act
        left = subject_words(old.lemmas.split(), act)
        if not left:
            continue  # shares a subject with nothing
        moved = next((n for n, words in by_act.get(act, ()) if shares_subject(left, words)),
                     None)
        new_due = (moved.deadline.last or moved.deadline.first) if moved else None
        old_due = _due(old) if moved else None
        if moved is not None and new_due and old_due and new_due > old_due:
            changed.append({"key": old.id, "to": PromiseStatus.SLIPPED, "link": moved.id})
        elif any(shares_subject(left, words) for words in reported.get(act, ())):
            changed.append({"key": old.id, "to": PromiseStatus.FULFILLED, "link": None})
        elif any(shares_subject(left, words - {act}) for words in withdrawn):
            changed.append({"key": old.id, "to": PromiseStatus.WITHDRAWN, "link": None})
    # One statement for all (each promise is changed at most once): a slip links the promise
    # that moved it, the other statuses keep their link.
    if changed:
        conn.execute(update(TABLE).where(TABLE.c.id == bindparam("key")).values(
            status=bindparam("to"),
            linked_id=func.coalesce(bindparam("link", type_=String), TABLE.c.linked_id),
            status_identifier=document.identifier[:100], status_on=received,
        ), changed)
