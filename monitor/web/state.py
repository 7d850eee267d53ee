"""What the handlers share (settings, database, base URL, templates) and the conditional GET:
an ETag from a few index lookups, answered with 304 before anything is rendered, and rendered
bodies kept per ETag."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from monitor import __version__
from monitor.config import Settings
from monitor.store.db import Database
from monitor.templating import environment
from monitor.track.change_json import ChangeJson
from monitor.track.queries import asked_questions
from monitor.web.queries import data_stamp


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

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("nav", "")
        body = self.env.get_template(name).render(root=self.root, **context)
        return HTMLResponse(body, status_code=status)

    def url(self, path: str, params: Mapping[str, Any] | None = None,
            absolute: bool = False) -> str:
        query = urlencode([
            (k, v) for k, vs in (params or {}).items() for v in values(vs) if v not in ("", None)
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
            stamp = data_stamp(conn)
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
        self, session: Session, items: Sequence[ChangeJson]
    ) -> dict[Any, list[tuple[int, str]]]:
        """The questions each change's current statement answers, by change id."""
        return asked_questions(session, items)


def values(value: Any) -> list[Any]:
    """A query parameter's values: a list or tuple as it is, anything else as one value."""
    return list(value) if isinstance(value, list | tuple) else [value]


def web_of(request: Request) -> Web:
    """The application's shared state (set by ``create_app``)."""
    web: Web = request.app.state.web
    return web
