"""The JSON API under /api/v1: the same queries as the pages, as JSON, with absolute ``next``
links for paging (the ETag and caching of :meth:`monitor.web.state.Web.conditional`)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from monitor import __version__
from monitor.daemon.health import health
from monitor.errors import BadQuery
from monitor.track.queries import changes_json
from monitor.web import answer_queries as aq
from monitor.web import params, views
from monitor.web import queries as q
from monitor.web.openapi import openapi_spec
from monitor.web.state import web_of
from monitor.web.views import statement_json


def _json(data: Any) -> JSONResponse:
    return JSONResponse(data)


def api_changes(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        items, cursor, filters = views.changes(request, session, web)
        link = {**params.filter_params(filters), "limit": request.query_params.get("limit")}
        return _json({"items": items, "next": web.url(
            "/api/v1/changes", {**link, "after": cursor}, absolute=True) if cursor else None})

    return web.conditional(request, render)


def api_change(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        return _json(views.change(request, session, web))

    return web.conditional(request, render)


def api_commitments(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        items = q.overview(session, web.settings, recent=1)
        # One rendering of all the last changes: their statements are loaded together.
        lasts = [i.summary.last_change for i in items if i.summary.last_change is not None]
        rendered = {c["id"]: c for c in changes_json(session, web.settings, lasts)}
        out = []
        for item in items:
            s = item.summary
            out.append({
                "id": s.id, "title": s.title, "configured": s.configured,
                "statements": s.statements, "changes": item.changes,
                "latest": statement_json(s.latest) if s.latest else None,
                "last_change": rendered.get(s.last_change.id) if s.last_change else None,
                "url": web.url(f"/commitments/{s.id}", absolute=True),
                "feed": web.url(f"/feeds/commitments/{s.id}.atom", absolute=True),
            })
        return _json({"items": out})

    return web.conditional(request, render)


def api_commitment(request: Request) -> Response:
    web = web_of(request)
    commitment = request.path_params["cid"]

    def render(session: Session) -> Response:
        data = views.timeline(request, session, web, commitment)
        cursor = data["cursor"]
        return _json({
            "id": commitment, "title": data["timeline"].title, "statements": data["total"],
            "items": [{"statement": statement_json(e["statement"]), "change": e["change"]}
                      for e in data["entries"]],
            "next": web.url(f"/api/v1/commitments/{commitment}", {
                "after": cursor, "limit": request.query_params.get("limit")}, absolute=True)
            if cursor else None,
        })

    return web.conditional(request, render)


def api_answers(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        page, _ = views.answers(request, session, web)
        link = {k: request.query_params.get(k) for k in ("ministry", "kind", "since", "until",
                                                         "limit")}
        return _json({"items": [a.to_json() for a in page.rows], "next": web.url(
            "/api/v1/answers", {**link, "after": page.next}, absolute=True)
            if page.next else None})

    return web.conditional(request, render)


def api_answer(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        return _json(aq.answer_detail(session, request.path_params["identifier"]).to_json())

    return web.conditional(request, render)


def api_search(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        if not request.query_params.get("q", "").strip():
            raise BadQuery("q: give one or more words to search for")
        page, _ = views.found(request, session)
        assert page is not None  # a query was given
        link = {k: request.query_params.get(k) for k in ("q", "ministry", "since", "until",
                                                         "limit")}
        return _json({
            "query": page.query, "items": [h.to_json() for h in page.hits],
            "next": web.url("/api/v1/search", {**link, "offset": page.offset + len(page.hits)},
                            absolute=True) if page.more else None,
        })

    return web.conditional(request, render)


def api_status(request: Request) -> Response:
    web = web_of(request)
    response = _json(health(web.db, web.settings).to_json())
    response.headers["Cache-Control"] = "no-store"
    return response


def api_openapi(request: Request) -> Response:
    web = web_of(request)
    response = _json(openapi_spec(web.base_url, __version__))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
