"""The data behind a page, shared by its HTML page and its JSON twin under /api/v1 (and the
feeds): one reading of the parameters, one query, so the two cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.requests import Request

from monitor.track.change_json import ChangeJson
from monitor.track.queries import changes_json
from monitor.track.tables import Statement
from monitor.web import answer_queries as aq
from monitor.web import params
from monitor.web import queries as q
from monitor.web.search import SearchPage, search
from monitor.web.state import Web


def statement_json(s: Statement) -> dict[str, Any]:
    return {
        "statement_id": s.id,
        "identifier": s.identifier,
        "questions": list(s.questions),
        "received": s.received.isoformat(),
        "text": s.text,
        "minister": s.minister,
        "ministry": s.ministry,
        "answer_position": s.answer_position,
        "span": [s.start, s.end],
    }


def timeline(request: Request, session: Session, web: Web, commitment: str) -> dict[str, Any]:
    after = params.text(request, "after", 40)
    line, cursor, total = q.timeline_page(
        session, web.settings, commitment, after=after, limit=params.limit(request, web))
    records = [e.record for e in line.entries if e.record is not None]
    changes = {c["id"]: c for c in changes_json(session, web.settings, records)}
    entries = [
        {"statement": e.statement, "change": changes.get(e.record.id) if e.record else None}
        for e in line.entries
    ]
    return {"timeline": line, "entries": entries, "total": total, "cursor": cursor,
            "asked": web.asked(session, list(changes.values()))}


def changes(request: Request, session: Session, web: Web) -> tuple[list[ChangeJson],
                                                                   str | None, dict[str, Any]]:
    filters = params.change_filters(request)
    page = q.changes_page(session, web.settings, after=params.text(request, "after", 40),
                          limit=params.limit(request, web), **filters)
    return changes_json(session, web.settings, page.rows), page.next, filters


def change(request: Request, session: Session, web: Web) -> ChangeJson:
    """One change record (retracted ones too: a permalink keeps answering) as its JSON."""
    record = q.get_change(session, request.path_params["change_id"])
    [item] = changes_json(session, web.settings, [record])
    return item


def answers(request: Request, session: Session, web: Web) -> tuple[q.Page, dict[str, Any]]:
    filters = params.answer_filters(request)
    page = aq.answers_page(session, after=params.text(request, "after", 40),
                           limit=params.limit(request, web), **filters)
    return page, filters


def found(request: Request, session: Session) -> tuple[SearchPage | None, dict[str, Any]]:
    """The search page's hits (None without a query) and its filters."""
    ministry = params.text(request, "ministry")
    since, until = params.day(request, "since"), params.day(request, "until")
    filters: dict[str, Any] = {"ministry": ministry, "since": since, "until": until}
    query = request.query_params.get("q", "")
    if not query.strip():
        return None, filters
    offset = params.whole(request, "offset", 0, 0, 10_000)
    limit = params.whole(request, "limit", 20, 1, 100)
    page = search(session, query, ministry=ministry, since=since, until=until, limit=limit,
                  offset=offset)
    return page, filters
