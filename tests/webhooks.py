"""The tests' one webhook receiver: a real HTTP server on loopback that records every POST.

Each answer is decided by ``behave(n, request) -> (status, delay, headers)`` (``n`` counts the
requests from 1; default: 200 at once); ``down`` answers 503 while set. Waiting is on events
(a request arrived, ``count`` requests arrived), never on a fixed time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when it arrived
    wall: float  # time.time() when it arrived
    status: int = 0  # what the receiver answered

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")


Behave = Callable[[int, Request], tuple[int, float, dict[str, str]]]


class WebhookReceiver:
    """Records every request (``requests``); ``accepted`` are those answered 2xx."""

    def __init__(self, behave: Behave | None = None, *, delay: float = 0.0) -> None:
        self.behave: Behave = behave or (lambda n, r: (200, 0.0, {}))
        self.delay = delay  # seconds before every answer, on top of behave's
        self.down = False
        self.requests: list[Request] = []
        self.started = threading.Event()  # a request has arrived
        self.arrived = threading.Condition()
        self.lock = self.arrived  # held while a request is recorded
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                request = Request(self.path, dict(self.headers.items()), body, time.monotonic(),
                                  time.time())  # fmt: skip
                with receiver.arrived:
                    receiver.requests.append(request)
                    n = len(receiver.requests)
                receiver.started.set()
                status, delay, headers = receiver.behave(n, request)
                if receiver.down:
                    status = 503
                if delay or receiver.delay:
                    time.sleep(delay + receiver.delay)  # the receiver under test is slow
                request.status = status
                with receiver.arrived:
                    receiver.arrived.notify_all()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the client gave up (timeout) or was killed

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def accepted(self) -> list[Request]:
        with self.arrived:
            return [r for r in self.requests if 200 <= r.status < 300]

    @property
    def refused(self) -> list[Request]:
        """Requests answered with a status other than 2xx."""
        with self.arrived:
            return [r for r in self.requests if r.status and not 200 <= r.status < 300]

    def keys(self, *, accepted: bool = False) -> list[str]:
        """The Idempotency-Key of every request (or of the accepted ones), in order."""
        with self.arrived:
            chosen = [r for r in self.requests if not accepted or 200 <= r.status < 300]
        return [r.headers.get("Idempotency-Key", "") for r in chosen]

    def wait_for(self, count: int, timeout: float = 90) -> bool:
        """True once ``count`` requests have been answered (or False after ``timeout``)."""
        with self.arrived:
            return self.arrived.wait_for(
                lambda: sum(1 for r in self.requests if r.status) >= count, timeout
            )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
