"""The change log on the web: HTML pages, a JSON API and Atom feeds over one query layer.

The search index is written by ingest (``monitor.store.fulltext``) and the templates are shared
with the e-mails (``monitor.templating``); the ASGI application is in ``monitor.web.app`` and
needs the ``web`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.config import Settings
from monitor.errors import ConfigError

if TYPE_CHECKING:
    from monitor.store.db import Database
    from monitor.web.server import WebThread


def start_web(settings: Settings, db: Database) -> WebThread | None:
    """Start the web server beside the daemon when ``[web] enabled``; None when it is not."""
    if not settings.web.enabled:
        return None
    try:
        from monitor.web.server import WebThread
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"web.enabled: the 'web' extra is not installed ({exc.name} is missing): "
            "pip install -e '.[web]'"
        ) from None
    server = WebThread(settings, db)
    server.start()
    return server
