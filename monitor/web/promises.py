"""The promise pages: a list with filters (ministry, status, deadline) and one promise with its
timeline, plus their JSON API. Rendered per request (no ETag cache): a promise's status follows
the calendar, so the same data reads differently tomorrow."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from monitor.errors import InputError
from monitor.notify.promise_text import STATUS_NL, deadline_nl
from monitor.promises.alerts import today_for
from monitor.promises.follow import promise_timeline
from monitor.promises.store import STATUSES, PromiseQuery, get_promise, list_promises
from monitor.track.queries import parse_day
from monitor.web import answer_queries as aq
from monitor.web.state import web_of

PAGE = 200


def _filters(request: Request) -> PromiseQuery:
    params = request.query_params
    status = params.get("status", "").strip() or None
    if status is not None and status not in STATUSES:
        raise InputError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    due = params.get("due_before", "").strip()
    ministry = params.get("ministry", "").strip()[:200] or None
    return PromiseQuery(ministry=ministry, status=status,
                        due_before=parse_day(due, "due_before") if due else None, limit=PAGE)


def _listed(request: Request) -> tuple[PromiseQuery, list[dict[str, Any]]]:
    web = web_of(request)
    query = _filters(request)
    with web.db.reader() as session:
        return query, list_promises(session, query, today=today_for(web.settings))


def promises_page(request: Request) -> Response:
    web = web_of(request)
    query, items = _listed(request)
    with web.db.reader() as session:
        ministries = aq.ministries(session)
    for item in items:
        item["deadline_nl"] = deadline_nl(item["deadline"])
    shown = {"ministry": query.ministry, "status": query.status,
             "due_before": query.due_before.isoformat() if query.due_before else None}
    return web.page("promises.html", nav="promises", promises=items, filters=shown,
                    statuses=STATUSES, status_nl=STATUS_NL, ministries=ministries, limit=PAGE)


def promise_page(request: Request) -> Response:
    web = web_of(request)
    today = today_for(web.settings)
    with web.db.reader() as session:
        item = get_promise(session, request.path_params["pid"], today=today)
        timeline = promise_timeline(session, item["id"], today)
    for event in timeline:
        if "deadline" in event:
            event["deadline_nl"] = deadline_nl(event["deadline"])
    return web.page("promise.html", nav="promises", promise=item, timeline=timeline,
                    deadline=deadline_nl(item["deadline"]), status_nl=STATUS_NL)


def api_promises(request: Request) -> Response:
    _, items = _listed(request)
    return JSONResponse({"promises": items})


def api_promise(request: Request) -> Response:
    web = web_of(request)
    today = today_for(web.settings)
    with web.db.reader() as session:
        item = get_promise(session, request.path_params["pid"], today=today)
        item["timeline"] = promise_timeline(session, item["id"], today)
    return JSONResponse(item)


ROUTES = [
    Route("/promises", promises_page),
    Route("/promises/{pid}", promise_page),
    Route("/api/v1/promises", api_promises),
    Route("/api/v1/promises/{pid}", api_promise),
]
