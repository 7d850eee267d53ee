"""The ASGI application: HTML pages, the JSON API under /api/v1 and Atom feeds, read-only.

One query layer (``monitor.track.queries``, ``monitor.ingest.queries``, ``monitor.web.queries``,
``monitor.web.answer_queries``, ``monitor.daemon.health``), three renderers (``pages``, ``api``,
``feeds``) over the shared request readings of ``params`` and ``views``. Every response carries a
Content-Security-Policy without scripts (``security``); cacheable ones an ETag computed from a
few index lookups (``state.Web.conditional``), so a conditional GET is answered with 304 before
anything is rendered.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.config import Settings
from monitor.errors import BadQuery, MonitorError, NotFound
from monitor.store.db import Database
from monitor.web import api, error_pages, feeds, pages
from monitor.web.promises import ROUTES as promise_routes
from monitor.web.security import SecurityHeaders
from monitor.web.state import Web


def create_app(settings: Settings, db: Database, *, base_url: str | None = None) -> Starlette:
    """The web application over ``db`` (which it only reads)."""
    base = base_url or settings.web.base_url or f"http://{settings.web.host}:{settings.web.port}"
    static = StaticFiles(packages=[("monitor.web", "static")])
    routes = [
        Route("/", pages.home),
        Route("/commitments/{cid}", pages.commitment_page),
        Route("/changes", pages.changes_page),
        Route("/changes/{change_id:int}", pages.change_page),
        Route("/answers", pages.answers_list),
        Route("/answers/{identifier}", pages.answer_page),
        Route("/search", pages.search_page),
        Route("/status", pages.status_page),
        Route("/api/v1/openapi.json", api.api_openapi),
        Route("/api/v1/changes", api.api_changes),
        Route("/api/v1/changes/{change_id:int}", api.api_change),
        Route("/api/v1/commitments", api.api_commitments),
        Route("/api/v1/commitments/{cid}", api.api_commitment),
        Route("/api/v1/answers", api.api_answers),
        Route("/api/v1/answers/{identifier}", api.api_answer),
        Route("/api/v1/search", api.api_search),
        Route("/api/v1/status", api.api_status),
        Route("/feeds/changes.atom", feeds.feed_changes),
        Route("/feeds/commitments/{cid}.atom", feeds.feed_commitment),
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
            NotFound: error_pages.not_found,
            BadQuery: error_pages.bad_request,
            MonitorError: error_pages.monitor_error,
            HTTPException: error_pages.http_error,
            Exception: error_pages.server_error,
        },
    )
    app.state.web = Web(settings, db, base)
    return app
