"""Atom feeds of the change log: all changes (with the page's filters) and one commitment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from monitor import __version__
from monitor.notify.render import change_subject
from monitor.track.queries import changes_json, check_commitment
from monitor.web import queries as q
from monitor.web.params import change_filters, filter_params
from monitor.web.state import Web, values, web_of


def _atom_time(value: datetime | None) -> str:
    value = value or datetime(2026, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _feed(request: Request, web: Web, session: Session, *, title: str, self_url: str,
          alternate_url: str, feed_key: str, filters: dict[str, Any]) -> Response:
    page = q.changes_page(session, web.settings, limit=web.page_size, **filters)
    items = changes_json(session, web.settings, page.rows)
    asked = web.asked(session, items)
    macros = web.env.get_template("_macros.html").module
    created = {r.id: r.created_at for r in page.rows}
    entries: list[dict[str, Any]] = []
    for c in items:
        content = str(macros.change_card(c, web.base_url, asked.get(c["id"]),  # type: ignore[attr-defined]
                                         heading="h2", inline=True))
        summary = (c["diff"]["text"] or current["text"]) if (current := c["current"]) else ""
        entries.append({
            "id": f"tag:{web.tag_authority},2026:change/{c['id']}",
            "title": change_subject(c, web.titles),
            "updated": _atom_time(created.get(c["id"])),
            "published": _atom_time(created.get(c["id"])),
            "url": web.url(f"/changes/{c['id']}", absolute=True),
            "verdicts": c["verdicts"],
            "summary": summary,
            "content": content,
        })
    updated = max((e["updated"] for e in entries), default=_atom_time(None))
    body = web.env.get_template("feed.atom").render(
        feed_id=f"tag:{web.tag_authority},2026:{feed_key}", title=title, updated=updated,
        self_url=self_url, alternate_url=alternate_url, entries=entries, version=__version__,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def feed_changes(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        filters = change_filters(request)
        params = filter_params(filters)
        canonical = urlencode(sorted(
            (k, v) for k, vs in params.items() for v in values(vs) if v))
        title = "Kamervragen-monitor: wijzigingen"
        if filters["commitment"]:
            title += f" — {web.titles.get(filters['commitment'], filters['commitment'])}"
        return _feed(request, web, session, title=title,
                     self_url=web.url("/feeds/changes.atom", params, absolute=True),
                     alternate_url=web.url("/changes", params, absolute=True),
                     feed_key="changes" + (f"?{canonical}" if canonical else ""),
                     filters=filters)

    return web.conditional(request, render)


def feed_commitment(request: Request) -> Response:
    web = web_of(request)
    commitment = request.path_params["cid"]

    def render(session: Session) -> Response:
        check_commitment(session, web.settings, commitment)
        return _feed(request, web, session,
                     title=f"Kamervragen-monitor: {web.titles.get(commitment, commitment)}",
                     self_url=web.url(f"/feeds/commitments/{commitment}.atom", absolute=True),
                     alternate_url=web.url(f"/commitments/{commitment}", absolute=True),
                     feed_key=f"commitment/{commitment}",
                     filters={"commitment": commitment, "since": None, "until": None,
                              "verdicts": []})

    return web.conditional(request, render)
