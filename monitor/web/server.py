"""Serving the web application with uvicorn: in the foreground, or beside the daemon."""

from __future__ import annotations

import logging
import socket
import threading
import time

import uvicorn

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.logs import event
from monitor.store.db import Database
from monitor.web.app import create_app

log = logging.getLogger("monitor.web")


def _config(settings: Settings, db: Database, host: str, port: int) -> uvicorn.Config:
    base = settings.web.base_url or f"http://{host}:{port}"
    return uvicorn.Config(
        create_app(settings, db, base_url=base), host=host, port=port, log_level="warning",
        access_log=False, server_header=False, proxy_headers=False, lifespan="off",
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on ``host:port`` (0: any free port), or one clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
    # they are TCP; without it every response whose body follows its headers waited ~40 ms for
    # the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"web: cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def serve(settings: Settings, db: Database, host: str | None = None,
          port: int | None = None) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM)."""
    host = host or settings.web.host
    sock = bind(host, settings.web.port if port is None else port)
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(_config(settings, db, host, port))
    event(log, "web_started", url=f"http://{host}:{port}")
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


class WebThread:
    """The web server on a thread of its own (``monitor run`` with ``[web] enabled``, tests).

    The socket is bound here, so a port in use is an error at once and port 0 (any free port)
    is known before the server runs.
    """

    def __init__(self, settings: Settings, db: Database, host: str | None = None,
                 port: int | None = None) -> None:
        self.host = host or settings.web.host
        self.socket = bind(self.host, settings.web.port if port is None else port)
        self.port = int(self.socket.getsockname()[1])
        self.server = uvicorn.Server(_config(settings, db, self.host, self.port))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, name="web", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while self.thread.is_alive() and not self.server.started and time.monotonic() < deadline:
            self.thread.join(0.02)  # wakes as soon as the server thread ends
        if not self.server.started:
            raise ConfigError(f"web: the server on {self.url} did not start")
        event(log, "web_started", url=self.url)

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.socket.close()
