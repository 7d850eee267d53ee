"""CLI: ``monitor web``."""

from __future__ import annotations

import click

from monitor.app import App
from monitor.errors import ConfigError


@click.command("web")
@click.option("--host", default=None, metavar="HOST",
              help="Address to listen on (default: [web] host, 127.0.0.1).")
@click.option("--port", default=None, type=click.IntRange(0, 65535), metavar="PORT",
              help="Port to listen on (default: [web] port, 8000).")
@click.pass_obj
def web(app: App, host: str | None, port: int | None) -> None:
    """Serve the change log on the web: pages, JSON API (/api/v1) and Atom feeds (/feeds).

    Read-only. Needs the "web" extra (pip install 'kamervragen-monitor[web]').
    """
    try:
        from monitor.web.server import serve
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"monitor web needs the 'web' extra ({exc.name} is not installed): "
            "pip install -e '.[web]'"
        ) from None
    serve(app.settings, app.db, host, port)


COMMANDS = [web]
