"""Links between stored publications that share a Zaak number: questions, their answer, a
postponement or a notice that they were answered elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, select

from monitor.model import Kind
from monitor.store.tables import Publication


def link_by_zaak(session: Session, pub: Publication) -> None:
    """Link questions, answers and postponements that share a Zaak number."""
    link_batch(session, [pub])


# Which column of which side a pair of kinds sets: (kind of the new one, kind of the other)
# -> (column, True when it is set on the new one / False on the other).
_LINKS: dict[tuple[str, str], tuple[str, bool]] = {
    (Kind.ANSWER, Kind.QUESTIONS): ("answer_identifier", False),
    (Kind.QUESTIONS, Kind.ANSWER): ("answer_identifier", True),
    (Kind.POSTPONEMENT, Kind.QUESTIONS): ("postpones_identifier", True),
    (Kind.QUESTIONS, Kind.POSTPONEMENT): ("postpones_identifier", False),
    # a Mededeling that the questions were answered by letter or in a debate links the same way
    (Kind.ANSWERED_ELSEWHERE, Kind.QUESTIONS): ("postpones_identifier", True),
    (Kind.QUESTIONS, Kind.ANSWERED_ELSEWHERE): ("postpones_identifier", False),
}


def link_batch(session: Session, pubs: Sequence[Publication]) -> None:
    """Link stored publications that share a Zaak number with others, in one query.

    The rows of ``pubs`` must be written already; their objects (transient or loaded) and any
    loaded copy of another row are kept in step with what is written.
    """
    zaken = {p.zaak for p in pubs if p.zaak}
    if not zaken:
        return
    table = Publication.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    rows = conn.execute(
        select(table.c.id, table.c.kind, table.c.identifier, table.c.zaak).where(
            table.c.zaak.in_(zaken)
        )
    ).all()
    group: dict[str, list[tuple[int, str, str]]] = {}
    for row_id, kind, identifier, zaak in rows:
        group.setdefault(zaak, []).append((row_id, kind, identifier))
    objects = {p.id: p for p in pubs}
    writes: dict[tuple[int, str], str] = {}
    for pub in pubs:
        for other_id, other_kind, other_identifier in group.get(pub.zaak, []):
            rule = _LINKS.get((pub.kind, other_kind)) if other_id != pub.id else None
            if rule is None:
                continue
            column, on_new = rule
            target, value = (pub.id, other_identifier) if on_new else (other_id, pub.identifier)
            assert target is not None
            writes[(target, column)] = value
            obj = objects.get(target) or session.identity_map.get(
                identity_key(Publication, target))
            if obj is not None:
                # Without marking it changed: the row is written below, on the connection.
                set_committed_value(obj, column, value)
    for column in ("answer_identifier", "postpones_identifier"):
        params = [{"_id": t, "_v": v} for (t, c), v in writes.items() if c == column]
        if params:
            conn.execute(
                update(table).where(table.c.id == bindparam("_id")).values(
                    {column: bindparam("_v")}),
                params,
            )
