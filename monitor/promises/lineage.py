"""Promise lineage: which earlier open promises a new answer moves, keeps or drops.

A match needs at least two shared subject words (:func:`shares_subject`) with a reading of the
same act (a new promise of that act, a report of it) or with a withdrawal. The open promises of
a ministry grow with the history, so they are not read one by one: ``promise_word`` indexes the
lemmas of every open promise, and only the promises that share two words with a reading of the
answer (and, where only a slip can move them, whose deadline lies before the new one) are read
and judged. The index holds a promise while lineage may still move it: rows are written with
the promise and removed when it closes or leaves its answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, String, bindparam, delete, func, update
from sqlalchemy import select as core_select

from monitor.model import Document
from monitor.promises.discover import Promise, Report, reports, shares_subject, subject_words
from monitor.promises.tables import PromiseRecord, PromiseWord
from monitor.promises.withdraw import Withdrawal, withdrawals
from monitor.statuses import PROMISE_CALENDAR, PromiseStatus

TABLE: Any = PromiseRecord.__table__  # type: ignore[attr-defined]
WORDS: Any = PromiseWord.__table__  # type: ignore[attr-defined]
WORD_LIMIT = 200  # promise_word.word; a longer lemma is indexed by its prefix (still a superset)
_CHUNK = 500  # ids per IN list


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _indexed(words: Iterable[str]) -> list[str]:
    return sorted({w[:WORD_LIMIT] for w in words})


def index_open(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Index promises lineage may still move (``rows``: their stored columns, at least id,
    ministry, act, lemmas and the deadline days). A promise with fewer than two subject words
    shares a subject with nothing, so it is not indexed."""
    sqlite = conn.dialect.name == "sqlite"
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        words = _indexed(subject_words(str(row["lemmas"]).split(), row["act"]))
        if len(words) < 2:
            continue
        due = row["deadline_last"] or row["deadline_first"]
        if sqlite and due is not None:
            due = due.isoformat()  # how the Date type stores it there
        batch += [(row["id"], word, row["ministry"], row["act"], due) for word in words]
    if batch:
        # Straight to the driver: a promise has about eight index rows, and the Core insert's
        # per-row parameter processing cost more than all of lineage's queries.
        qmark = conn.dialect.paramstyle == "qmark"
        conn.exec_driver_sql(_INSERT_QMARK if qmark else _INSERT_FORMAT, batch)


_INSERT_QMARK = ("INSERT INTO promise_word (promise_id, word, ministry, act, due)"
                 " VALUES (?, ?, ?, ?, ?)")
_INSERT_FORMAT = _INSERT_QMARK.replace("?", "%s")


def unindex(conn: Connection, ids: Iterable[str]) -> None:
    """Drop promises from the index (closed, or no longer in their answer)."""
    for chunk in _chunks(sorted(set(ids))):
        conn.execute(_DELETE, {"ids": chunk})


# Built once: an answer asks these a few times, and building a statement costs more than
# running it.
_DELETE = delete(WORDS).where(WORDS.c.promise_id.in_(bindparam("ids", expanding=True)))


def _sharing_statement(act: bool, before: bool) -> Any:
    stmt = core_select(WORDS.c.promise_id).where(
        WORDS.c.ministry == bindparam("ministry"),
        WORDS.c.word.in_(bindparam("words", expanding=True)))
    if act:
        stmt = stmt.where(WORDS.c.act == bindparam("act"))
    if before:
        stmt = stmt.where(WORDS.c.due < bindparam("before"))
    return stmt.group_by(WORDS.c.promise_id).having(func.count() >= 2)


# The candidates by their key alone, the other conditions checked here: given the ministry and
# a day, a planner takes the ministry's index and reads its whole history.
_CANDIDATES = core_select(TABLE.c.id, TABLE.c.act, TABLE.c.lemmas, TABLE.c.deadline_first,
                          TABLE.c.deadline_last, TABLE.c.active, TABLE.c.status,
                          TABLE.c.ministry, TABLE.c.received, TABLE.c.publication_id).where(
    TABLE.c.id.in_(bindparam("ids", expanding=True)))
_SHARING = {(a, b): _sharing_statement(a, b) for a in (False, True) for b in (False, True)}


def _sharing(conn: Connection, ministry: str, words: Iterable[str], act: str | None = None,
             before: date | None = None) -> set[str]:
    """Ids of indexed promises of ``ministry`` (and ``act``) with at least two of ``words``
    (and a deadline before ``before``): every promise that can share a subject with a reading
    of these words (and a few more: one word may stand for several)."""
    wanted = _indexed(words)
    if len(wanted) < 2:
        return set()
    stmt = _SHARING[(act is not None, before is not None)]
    params: dict[str, Any] = {"ministry": ministry, "words": wanted}
    if act is not None:
        params["act"] = act
    if before is not None:
        params["before"] = before
    return set(conn.execute(stmt, params).scalars())


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
    ministry = document.ministry[:200]
    candidates: set[str] = set()
    for act in sorted(set(by_act) | set(reported)):
        read = {w for _, ws in by_act.get(act, ()) for w in ws}
        read |= {w for ws in reported.get(act, ()) for w in ws}
        before: date | None = None
        if act not in reported:
            # Only a slip can move these: a deadline before the latest new one.
            dues = [d for n, _ in by_act[act] if (d := n.deadline.last or n.deadline.first)]
            if not dues:
                continue
            before = max(dues)
        candidates |= _sharing(conn, ministry, read, act, before)
    if dropped:
        candidates |= _sharing(conn, ministry, {w for ws in withdrawn for w in ws})
    if not candidates:
        return
    earlier = [row for chunk in _chunks(sorted(candidates))
               for row in conn.execute(_CANDIDATES, {"ids": chunk}).all()
               if row.active and row.status in PROMISE_CALENDAR and row.ministry == ministry
               and row.received < received and row.publication_id != publication_id]
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
        unindex(conn, [c["key"] for c in changed])  # closed: lineage moves them no more
