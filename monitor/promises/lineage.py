"""Promise lineage: which earlier open promises a new answer moves, keeps or drops.

A match needs at least two shared subject words (:func:`shares_subject`) with a reading of the
same act (a new promise of that act, a report of it) or with a withdrawal. The word index
(``promise_word``: each stored promise's words beside its ministry and act) lets the database
return only the promises that have two such words; the exact rule then runs on those. Reading
every open promise of the ministry instead made the writer's cost per answer grow with the
history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, String, and_, bindparam, func, or_, update
from sqlalchemy import select as core_select

from monitor.model import Document
from monitor.promises.discover import Promise, Report, reports, shares_subject, subject_words
from monitor.promises.tables import PromiseRecord, PromiseWord
from monitor.promises.withdraw import Withdrawal, withdrawals
from monitor.statuses import PROMISE_CALENDAR, PromiseStatus

TABLE: Any = PromiseRecord.__table__  # type: ignore[attr-defined]
WORDS: Any = PromiseWord.__table__  # type: ignore[attr-defined]


def index_words(lemmas: str, act: str) -> set[str]:
    """The words of a stored promise in the lineage index: every word lineage could compare
    (:func:`subject_words` of its lemmas and act is a subset, whatever words that leaves out as
    generic), so a lookup by at least two shared words finds every promise a match needs."""
    return set(lemmas.split()) - {act}


def word_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The index rows of stored promise rows (as :func:`monitor.promises.store._row` builds)."""
    return [{"promise_id": r["id"], "word": w, "ministry": r["ministry"], "act": r["act"]}
            for r in rows for w in sorted(index_words(r["lemmas"], r["act"]))]


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
    # The words a promise of each act must share two of to match anything (shares_subject).
    wanted: dict[str, set[str]] = {}
    for act, pairs in by_act.items():
        wanted.setdefault(act, set()).update(w for _, words in pairs for w in words)
    for act, readings in reported.items():
        wanted.setdefault(act, set()).update(w for words in readings for w in words)
    any_act = {w for words in withdrawn for w in words}
    terms = [and_(WORDS.c.act == act, WORDS.c.word.in_(sorted(words)))
             for act, words in sorted(wanted.items()) if len(words | any_act) >= 2]
    if len(any_act) >= 2:
        terms.append(WORDS.c.word.in_(sorted(any_act)))
    if not terms:
        return
    ministry = document.ministry[:200]
    sharing = (core_select(WORDS.c.promise_id).where(WORDS.c.ministry == ministry, or_(*terms))
               .group_by(WORDS.c.promise_id).having(func.count() >= 2))
    earlier = conn.execute(core_select(
        TABLE.c.id, TABLE.c.act, TABLE.c.lemmas, TABLE.c.deadline_first, TABLE.c.deadline_last,
    ).where(
        TABLE.c.id.in_(sharing), TABLE.c.active.is_(True), TABLE.c.status.in_(PROMISE_CALENDAR),
        TABLE.c.ministry == ministry, TABLE.c.received < received,
        TABLE.c.publication_id != publication_id,
    )).all()
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
