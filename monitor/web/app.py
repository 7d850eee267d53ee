"""The ASGI application: HTML pages, the JSON API under /api/v1 and Atom feeds, read-only.

One query layer (``monitor.track.queries``, ``monitor.ingest.queries``, ``monitor.web.queries``,
``monitor.daemon.health``), three renderers. Every response carries a Content-Security-Policy
without scripts; cacheable ones an ETag computed from a few index lookups, so a conditional GET
is answered with 304 before anything is rendered.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor import __version__
from monitor.config import Settings
from monitor.daemon.health import health, render_text
from monitor.errors import BadQuery, MonitorError, NotFound
from monitor.store.db import Database
from monitor.templating import environment
from monitor.track.queries import (
    asked_questions,
    changes_json,
    parse_day,
)
from monitor.track.tables import Statement
from monitor.web import queries as q
from monitor.web.search import search

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
KIND_LABELS = {
    "answer": "antwoord",
    "questions": "vragen zonder antwoord",
    "postponement": "uitstelbericht",
}
MAX_LIMIT = 500


class SecurityHeaders:
    """Adds the security headers to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for name, value in (
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ):
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyCache:
    """Rendered bodies by ETag, least recently used out first, bounded in bytes."""

    def __init__(self, max_bytes: int = 32_000_000) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, str] | None:
        with self.lock:
            item = self.items.get(key)
            if item is not None:
                self.items.move_to_end(key)
            return item

    def put(self, key: str, item: tuple[bytes, str]) -> None:
        if len(item[0]) > self.max_bytes // 8:
            return  # one huge body must not push out everything else
        with self.lock:
            if key in self.items:
                return
            self.items[key] = item
            self.size += len(item[0])
            while self.size > self.max_bytes:
                _, old = self.items.popitem(last=False)
                self.size -= len(old[0])


class Web:
    """The state the handlers share: settings, database, absolute base URL."""

    def __init__(self, settings: Settings, db: Database, base_url: str) -> None:
        self.settings = settings
        self.db = db
        self.base_url = base_url.rstrip("/")
        self.root = urlsplit(self.base_url).path.rstrip("/")
        self.page_size = settings.web.page_size
        self.titles = {c.id: c.title for c in settings.commitments}
        self.env = environment()
        self.cache = BodyCache()
        self.tag_authority = urlsplit(self.base_url).hostname or "localhost"
        # The configuration shapes what is shown: a changed config.toml changes every ETag.
        self.config_hash = hashlib.sha256(
            (settings.model_dump_json() + __version__).encode()
        ).hexdigest()[:16]

    # -- helpers ---------------------------------------------------------------------------

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("nav", "")
        body = self.env.get_template(name).render(root=self.root, **context)
        return HTMLResponse(body, status_code=status)

    def url(self, path: str, params: Mapping[str, Any] | None = None,
            absolute: bool = False) -> str:
        query = urlencode([
            (k, v) for k, vs in (params or {}).items() for v in _values(vs) if v not in ("", None)
        ])
        prefix = self.base_url if absolute else self.root
        return f"{prefix}{path}" + (f"?{query}" if query else "")

    def conditional(self, request: Request, render: Callable[[Session], Response],
                    max_age: int = 60) -> Response:
        """Answer 304 when the client's ETag still holds, else render with ETag and caching.

        The ETag is the data stamp (a few index lookups) with the URL and configuration, so
        nothing is rendered for a 304; rendered bodies are kept per ETag, so a page is built
        once per change of the data, however many readers ask for it.
        """
        with self.db.engine.connect() as conn:
            stamp = q.data_stamp(conn)
        tag = hashlib.sha256(
            repr((self.config_hash, stamp, request.url.path, request.url.query)).encode()
        ).hexdigest()[:32]
        etag = f'"{tag}"'
        headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
        match = request.headers.get("if-none-match", "")
        if match == "*" or etag in [t.strip().removeprefix("W/") for t in match.split(",")]:
            return Response(status_code=304, headers=headers)
        cached = self.cache.get(tag)
        if cached is None:
            with self.db.reader() as session:
                response = render(session)
            if response.status_code != 200:
                return response
            cached = (bytes(response.body), response.media_type or "text/html")
            self.cache.put(tag, cached)
        return Response(cached[0], media_type=cached[1], headers=headers)

    def asked(
        self, session: Session, items: list[dict[str, Any]]
    ) -> dict[Any, list[tuple[int, str]]]:
        """The questions each change's current statement answers, by change id."""
        return asked_questions(session, items)


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def _day(request: Request, name: str) -> date | None:
    value = request.query_params.get(name, "").strip()
    return parse_day(value, name) if value else None


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"{name} {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadQuery(f"{name} must be between {low} and {high}, not {value}")
    return value


def _text(request: Request, name: str, max_length: int = 200) -> str | None:
    value = request.query_params.get(name, "").strip()
    if len(value) > max_length:
        raise BadQuery(f"{name}: at most {max_length} characters")
    return value or None


def _verdicts(request: Request) -> list[str]:
    return [v.strip() for v in request.query_params.getlist("verdict") if v.strip()]


def _change_filters(request: Request) -> dict[str, Any]:
    return {
        "commitment": _text(request, "commitment", 100),
        "since": _day(request, "since"),
        "until": _day(request, "until"),
        "verdicts": _verdicts(request),
    }


def _filter_params(filters: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "commitment": filters.get("commitment"),
        "verdict": filters.get("verdicts") or [],
        "since": filters["since"].isoformat() if filters.get("since") else None,
        "until": filters["until"].isoformat() if filters.get("until") else None,
    }


def _limit(request: Request, web: Web) -> int:
    return _int(request, "limit", web.page_size, 1, MAX_LIMIT)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


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


# -- pages -----------------------------------------------------------------------------------


def home(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        items = [
            {"summary": i.summary, "changes": i.changes, "recent": i.recent,
             "last_change": i.summary.last_change}
            for i in q.overview(session, web.settings)
        ]
        return web.page("home.html", nav="home", items=items, polls=q.poll_summary(session))

    return web.conditional(request, render, max_age=30)


def _timeline(request: Request, session: Session, web: Web, commitment: str) -> dict[str, Any]:
    after = _text(request, "after", 40)
    timeline, cursor, total = q.timeline_page(
        session, web.settings, commitment, after=after, limit=_limit(request, web))
    records = [e.record for e in timeline.entries if e.record is not None]
    changes = {c["id"]: c for c in changes_json(session, web.settings, records)}
    entries = [
        {"statement": e.statement, "change": changes.get(e.record.id) if e.record else None}
        for e in timeline.entries
    ]
    return {"timeline": timeline, "entries": entries, "total": total, "cursor": cursor,
            "asked": web.asked(session, list(changes.values()))}


def commitment_page(request: Request) -> Response:
    web = _web(request)
    commitment = request.path_params["cid"]

    def render(session: Session) -> Response:
        data = _timeline(request, session, web, commitment)
        description = next(
            (c.description for c in web.settings.commitments if c.id == commitment), "")
        next_url = web.url(f"/commitments/{commitment}", {"after": data["cursor"]}) \
            if data["cursor"] else None
        return web.page(
            "commitment.html", nav="home", timeline=data["timeline"], entries=data["entries"],
            total=data["total"], asked=data["asked"], description=description,
            next_url=next_url,
            feed_url=web.url(f"/feeds/commitments/{commitment}.atom", absolute=True),
        )

    return web.conditional(request, render)


def _changes(request: Request, session: Session, web: Web) -> tuple[list[dict[str, Any]],
                                                                    str | None, dict[str, Any]]:
    filters = _change_filters(request)
    page = q.changes_page(session, web.settings, after=_text(request, "after", 40),
                          limit=_limit(request, web), **filters)
    return changes_json(session, web.settings, page.rows), page.next, filters


def changes_page(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        items, cursor, filters = _changes(request, session, web)
        params = _filter_params(filters)
        commitments = [(c.id, c.title) for c in web.settings.commitments]
        return web.page(
            "changes.html", nav="changes", changes=items, asked=web.asked(session, items),
            filters={**filters, "since": params["since"], "until": params["until"]},
            commitments=commitments,
            next_url=web.url("/changes", {**params, "after": cursor}) if cursor else None,
            feed_url=web.url("/feeds/changes.atom", params, absolute=True),
        )

    return web.conditional(request, render)


def change_page(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        record = q.get_change(session, request.path_params["change_id"])
        [item] = changes_json(session, web.settings, [record])
        return web.page("change.html", nav="changes", change=item,
                        asked=web.asked(session, [item]).get(item["id"]))

    return web.conditional(request, render)


def _answer_filters(request: Request) -> dict[str, Any]:
    kind = _text(request, "kind", 20) or "answer"
    if kind not in KIND_LABELS:
        raise BadQuery(f"kind {kind!r} is not one of {', '.join(KIND_LABELS)}")
    return {"ministry": _text(request, "ministry"), "since": _day(request, "since"),
            "until": _day(request, "until"), "kinds": (kind,)}


def answers_list(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        filters = _answer_filters(request)
        page = q.answers_page(session, after=_text(request, "after", 40),
                              limit=_limit(request, web), **filters)
        shown = {
            "ministry": filters["ministry"], "kind": filters["kinds"][0],
            "since": filters["since"].isoformat() if filters["since"] else None,
            "until": filters["until"].isoformat() if filters["until"] else None,
        }
        return web.page(
            "answers.html", nav="answers", answers=page.rows, filters=shown,
            ministries=q.ministries(session), kind_labels=KIND_LABELS,
            next_url=web.url("/answers", {**shown, "after": page.next}) if page.next else None,
        )

    return web.conditional(request, render)


def _qa_rows(detail: q.AnswerDetail) -> list[dict[str, Any]]:
    doc = detail.document
    if doc is None:
        return []
    questions = {question.number: question for question in doc.questions}
    rows: list[dict[str, Any]] = []
    covered: set[int] = set()
    for answer in doc.answers:
        numbers = sorted(set(answer.numbers))
        covered.update(numbers)
        rows.append({"questions": [questions[n] for n in numbers if n in questions],
                     "numbers": numbers, "answer": answer})
    for number, question in sorted(questions.items()):
        if number not in covered:
            rows.append({"questions": [question], "numbers": [number], "answer": None})
    rows.sort(key=lambda r: min(r["numbers"]) if r["numbers"] else 0)
    return rows


def answer_page(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        detail = q.answer_detail(session, request.path_params["identifier"])
        return web.page(
            "answer.html", nav="answers", pub=detail.publication, doc=detail.document,
            current=detail.current, versions=detail.versions, related=detail.related,
            rows=_qa_rows(detail), kind_labels=KIND_LABELS,
            kind_label=KIND_LABELS.get(detail.publication.kind, detail.publication.kind),
        )

    return web.conditional(request, render)


def _search(request: Request, session: Session, web: Web) -> tuple[Any, dict[str, Any]]:
    ministry = _text(request, "ministry")
    since, until = _day(request, "since"), _day(request, "until")
    filters: dict[str, Any] = {"ministry": ministry, "since": since, "until": until}
    query = request.query_params.get("q", "")
    if not query.strip():
        return None, filters
    offset = _int(request, "offset", 0, 0, 10_000)
    limit = _int(request, "limit", 20, 1, 100)
    page = search(session, query, ministry=ministry, since=since, until=until, limit=limit,
                  offset=offset)
    return page, filters


def search_page(request: Request) -> Response:
    web = _web(request)

    def render(session: Session) -> Response:
        page, filters = _search(request, session, web)
        shown = {"ministry": filters["ministry"],
                 "since": filters["since"].isoformat() if filters["since"] else None,
                 "until": filters["until"].isoformat() if filters["until"] else None}
        next_url = None
        if page is not None and page.more:
            next_url = web.url("/search", {"q": page.query, **shown,
                                           "offset": page.offset + len(page.hits)})
        return web.page("search.html", nav="search", page=page,
                        query=request.query_params.get("q", ""), filters=shown,
                        ministries=q.ministries(session), next_url=next_url)

    return web.conditional(request, render)


def status_page(request: Request) -> Response:
    web = _web(request)
    h = health(web.db, web.settings)
    response = web.page("status.html", nav="status", health=h, report=render_text(h))
    response.headers["Cache-Control"] = "no-store"
    return response


# -- errors ----------------------------------------------------------------------------------


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/feeds/"))


def _error(request: Request, status: int, title: str, message: str) -> Response:
    if _is_api(request):
        return _json({"error": message, "status": status}, status)
    web = _web(request)
    response = web.page("error.html", status=status, title=title, message=message)
    response.headers["Cache-Control"] = "no-store"
    return response


async def not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, "Niet gevonden", str(exc))


async def bad_request(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "Ongeldige vraag", str(exc))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(request, 404, "Niet gevonden",
                      f"{request.url.path}: deze pagina bestaat niet")
    if exc.status_code == 405:
        response = _error(request, 405, "Niet toegestaan",
                          "deze site is alleen-lezen: alleen GET en HEAD zijn toegestaan")
        response.headers["Allow"] = "GET, HEAD"
        return response
    return _error(request, exc.status_code, "Fout", str(exc.detail))


async def server_error(request: Request, exc: Exception) -> Response:
    # Never a traceback to the client; the server log has it.
    return _error(request, 500, "Interne fout", "er ging iets mis bij het maken van deze pagina")


async def monitor_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "Ongeldige vraag", str(exc))


def create_app(settings: Settings, db: Database, *, base_url: str | None = None) -> Starlette:
    """The web application over ``db`` (which it only reads)."""
    # The API and the feeds live in their own modules, which import this one's helpers.
    from monitor.web.api import (
        api_answer,
        api_answers,
        api_change,
        api_changes,
        api_commitment,
        api_commitments,
        api_openapi,
        api_search,
        api_status,
    )
    from monitor.web.feeds import feed_changes, feed_commitment
    from monitor.web.promises import ROUTES as promise_routes

    base = base_url or settings.web.base_url or f"http://{settings.web.host}:{settings.web.port}"
    static = StaticFiles(packages=[("monitor.web", "static")])
    routes = [
        Route("/", home),
        Route("/commitments/{cid}", commitment_page),
        Route("/changes", changes_page),
        Route("/changes/{change_id:int}", change_page),
        Route("/answers", answers_list),
        Route("/answers/{identifier}", answer_page),
        Route("/search", search_page),
        Route("/status", status_page),
        Route("/api/v1/openapi.json", api_openapi),
        Route("/api/v1/changes", api_changes),
        Route("/api/v1/changes/{change_id:int}", api_change),
        Route("/api/v1/commitments", api_commitments),
        Route("/api/v1/commitments/{cid}", api_commitment),
        Route("/api/v1/answers", api_answers),
        Route("/api/v1/answers/{identifier}", api_answer),
        Route("/api/v1/search", api_search),
        Route("/api/v1/status", api_status),
        Route("/feeds/changes.atom", feed_changes),
        Route("/feeds/commitments/{cid}.atom", feed_commitment),
        *promise_routes,
        Mount("/static", app=static, name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD"],
                       allow_headers=["If-None-Match"], expose_headers=["ETag"], max_age=3600),
        ],
        exception_handlers={
            NotFound: not_found,
            BadQuery: bad_request,
            MonitorError: monitor_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.state.web = Web(settings, db, base)
    return app


