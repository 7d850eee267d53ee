"""A real webhook receiver on loopback for the daemon tests (stdlib HTTP server in a thread)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """Records every POST; ``delay`` stalls the answer, ``down`` answers 503, ``status`` else."""

    def __init__(self, delay: float = 0.0, status: int = 200) -> None:
        self.delay = delay
        self.status = status
        self.down = False
        self.requests: list[dict[str, Any]] = []  # accepted (2xx) requests
        self.attempts = 0
        self.started = threading.Event()  # a request has arrived
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.attempts += 1
                receiver.started.set()
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = 503 if receiver.down else receiver.status
                if 200 <= status < 300:
                    with receiver.lock:
                        receiver.requests.append(
                            {
                                "path": self.path,
                                "headers": dict(self.headers.items()),
                                "body": json.loads(body or b"null"),
                                "raw": body,
                                "at": time.monotonic(),
                                "wall": time.time(),
                            }
                        )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def keys(self) -> list[str]:
        with self.lock:
            return [r["headers"].get("Idempotency-Key", "") for r in self.requests]
