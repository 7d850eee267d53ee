"""The KOOP emulator: a real HTTP server on loopback speaking the live service's URLs.

``GET /sru?operation=searchRetrieve&...`` answers SRU 2.0 gzd pages; ``GET /frbr/...`` serves
the manifestation files; ``/fout404.htm`` is the error page soft 404s redirect to. Faults are
configured with :class:`Faults`, at start or at runtime (``emulator.faults = Faults(...)``).
"""

from __future__ import annotations

import socketserver
import threading
import time
from http import HTTPStatus
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from monitor.emulator.corpus import MANIFESTATION_TYPES, Corpus, Entry
from monitor.emulator.faults import Faults, LoggedRequest
from monitor.emulator.sru import (
    WINDOW_LIMIT,
    Diagnostic,
    Query,
    parse_query,
    render_record,
    render_response,
)
from monitor.errors import NotFound

SOFT_404_PATH = "/fout404.htm"
SOFT_404_PAGE = (
    b'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Pagina niet gevonden'
    b"</title></head><body><h1>Pagina niet gevonden</h1><p>De pagina die u zoekt bestaat niet "
    b"(meer).</p></body></html>"
)
DEFAULT_MAXIMUM_RECORDS = 10
_MAX_LINE = 65_537
MAX_MAXIMUM_RECORDS = 1000


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    emulator: Emulator


class _Handler(socketserver.StreamRequestHandler):
    """A lean HTTP/1.1 handler (keep-alive, GET only): the stdlib's BaseHTTPRequestHandler parses
    headers with the e-mail parser and writes in pieces, which halved the request rate."""

    disable_nagle_algorithm = True
    timeout = 120  # idle keep-alive connections are closed after this
    server: _Server

    def handle(self) -> None:
        try:
            while self._one():
                pass
        except (OSError, ValueError):
            return  # client went away or sent garbage: nothing to answer

    def _one(self) -> bool:
        line = self.rfile.readline(_MAX_LINE)
        while line in (b"\r\n", b"\n"):
            line = self.rfile.readline(_MAX_LINE)
        if not line:
            return False
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self._write(400, {"Content-Type": "text/plain"}, b"Bad Request\n", keep_alive=False)
            return False
        method, target, version = parts
        keep_alive = version == "HTTP/1.1"
        length = 0
        while True:
            header = self.rfile.readline(_MAX_LINE)
            if header in (b"\r\n", b"\n", b""):
                break
            name, _, value = header.partition(b":")
            name = name.strip().lower()
            if name == b"connection":
                token = value.strip().lower()
                keep_alive = token != b"close" and (keep_alive or token == b"keep-alive")
            elif name == b"content-length" and value.strip().isdigit():
                length = int(value.strip())
        if length:
            self.rfile.read(length)
        if method not in ("GET", "HEAD"):
            self._write(405, {"Allow": "GET, HEAD"}, b"", keep_alive=keep_alive)
            return keep_alive
        emulator = self.server.emulator
        arrived = time.monotonic()
        split = urlsplit(target)
        params = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        number = emulator._next_number()
        status, headers, body = emulator._respond(number, split.path, params)
        emulator._log(LoggedRequest(number, split.path, params, status, arrived))
        self._write(status, headers, b"" if method == "HEAD" else body, keep_alive=keep_alive,
                    length=len(body))
        return keep_alive

    def _write(self, status: int, headers: dict[str, str], body: bytes, *, keep_alive: bool,
               length: int | None = None) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {status} {phrase}", "Server: KoopEmulator/1.0"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body) if length is None else length}")
        lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head + body)  # one write: no header/body split on the wire


class Emulator:
    """Serve ``corpus`` on 127.0.0.1 (port 0 = any free port) in a background thread."""

    def __init__(
        self,
        corpus: Corpus,
        faults: Faults | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_limit: int | None = None,
    ) -> None:
        self.corpus = corpus
        self.faults = faults or Faults()
        self.requests: list[LoggedRequest] = []
        # A long-running `serve` keeps only the newest requests; tests keep them all.
        self._log_limit = log_limit
        self._host = host
        self._port = port
        self._count = 0
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._record_cache: dict[tuple[str, int], tuple[int, str, str]] = {}
        self._query_cache: dict[str, tuple[int, list[Entry]]] = {}
        self.base_url = ""

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> Emulator:
        if self._server is not None:
            raise RuntimeError("emulator already started")
        server = _Server((self._host, self._port), _Handler)
        server.emulator = self
        self._server = server
        host, port = server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(target=server.serve_forever, name="koop-emulator",
                                        daemon=True, kwargs={"poll_interval": 0.05})
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_forever(self) -> None:
        """Run in the foreground until interrupted (the CLI's ``serve``)."""
        if self._server is None:
            self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(timeout=0.5)
        finally:
            self.stop()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def sru_url(self) -> str:
        return f"{self.base_url}/sru"

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1]) if self.base_url else 0

    def url(self, identifier: str, manifestation: str, version: int | None = None) -> str:
        """The document URL the emulator lists for a manifestation (for tests)."""
        return self.base_url + self.corpus.get(identifier, version).path(manifestation)

    def count(self, path_prefix: str = "") -> int:
        """Requests received so far (optionally only paths starting with ``path_prefix``)."""
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(path_prefix))

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- request handling ---------------------------------------------------------------------
    def _next_number(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)
            if self._log_limit is not None and len(self.requests) > 2 * self._log_limit:
                del self.requests[: len(self.requests) - self._log_limit]

    def _respond(
        self, number: int, path: str, params: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        faults = self.faults
        if faults.delay > 0 and path.startswith(faults.delay_paths):
            time.sleep(faults.delay)
        if path.startswith(faults.fail_paths) and (
                number in faults.fail_requests or faults.roll(faults.fail_rate)):
            status = faults.fail_status
            return status, _text_type(), f"Internal error {status}\n".encode()
        if number in faults.throttle_requests or faults.roll(faults.throttle_rate):
            headers = _text_type()
            if faults.retry_after:
                headers["Retry-After"] = faults.retry_after
            return 429, headers, b"Too Many Requests\n"
        if path == "/sru":
            if faults.before_sru is not None:
                faults.before_sru(faults.next_sru())
            return self._sru(params)
        if path.startswith("/frbr/"):
            return self._document(path)
        if path == SOFT_404_PATH:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, SOFT_404_PAGE
        return 404, _text_type(), b"Not Found\n"

    def _sru(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        faults = self.faults
        query_text = params.get("query", "")
        start_text = params.get("startRecord", "1")
        max_text = params.get("maximumRecords", str(DEFAULT_MAXIMUM_RECORDS))
        headers = {"Content-Type": "text/xml; charset=utf-8"}

        def diagnostic(d: Diagnostic, start: int = 1, maximum: int = 0) -> tuple[
            int, dict[str, str], bytes
        ]:
            body = render_response(query_text=query_text, start=start, maximum=maximum,
                                   total=None, records=[], next_position=None, diagnostics=[d])
            return 200, headers, self._cut(body, faults.truncate_sru)

        if params.get("operation", "searchRetrieve") != "searchRetrieve":
            return diagnostic(Diagnostic("info:srw/diagnostic/1/4", "Unsupported operation",
                                         params.get("operation", "")))
        if not start_text.isdigit() or int(start_text) < 1:
            return diagnostic(Diagnostic("info:srw/diagnostic/1/6", "Unsupported parameter value",
                                         f"startRecord={start_text}"))
        if not max_text.isdigit() or int(max_text) > MAX_MAXIMUM_RECORDS:
            return diagnostic(Diagnostic("info:srw/diagnostic/1/6", "Unsupported parameter value",
                                         f"maximumRecords={max_text}"))
        start, maximum = int(start_text), int(max_text)
        if start >= WINDOW_LIMIT:
            return 504, _text_type(), b"Gateway Time-out\n"
        if faults.deep_start is not None and start >= faults.deep_start:
            return faults.deep_status, _text_type(), f"Error {faults.deep_status}\n".encode()
        if faults.diagnostic:
            return diagnostic(Diagnostic("info:srw/diagnostic/1/10", "Query syntax error",
                                         "injected fault"), start, maximum)
        query = parse_query(query_text)
        if query.fatal is not None:
            return diagnostic(query.fatal, start, maximum)
        matches = self._matches(query_text, query)
        if faults.hidden:
            matches = [e for e in matches if e.identifier not in faults.hidden]
        total = len(matches)
        page = matches[start - 1 : start - 1 + maximum]
        records = [self._record_xml(entry, start + i) for i, entry in enumerate(page)]
        next_position = start + maximum if start - 1 + maximum < total and maximum else None
        body = render_response(query_text=query_text, start=start, maximum=maximum, total=total,
                               records=records, next_position=next_position,
                               diagnostics=query.warnings)
        return 200, headers, self._cut(body, faults.truncate_sru)

    def _matches(self, key: str, query: Query) -> list[Entry]:
        generation = self.corpus.generation
        cached = self._query_cache.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        found = [e for e in self.corpus.current() if query.matches(e)]
        if query.descending:
            found.reverse()
        if len(self._query_cache) > 256:
            self._query_cache.clear()
        self._query_cache[key] = (generation, found)
        return found

    def _record_xml(self, entry: Entry, position: int) -> str:
        generation = self.corpus.generation
        cached = self._record_cache.get(entry.key)
        if cached is None or cached[0] != generation:
            before, after = render_record(entry, self.base_url)
            cached = (generation, before, after)
            self._record_cache[entry.key] = cached
        return f"{cached[1]}{position}{cached[2]}"

    def _document(self, path: str) -> tuple[int, dict[str, str], bytes]:
        # /frbr/<content area...>/<identifier>/<version>/<manifestation>/<file>
        parts = path.split("/")
        if len(parts) < 7 or not parts[-3].isdigit():
            return 404, _text_type(), b"Not Found\n"
        identifier, version, manifestation = parts[-4], int(parts[-3]), parts[-2]
        faults = self.faults
        if identifier in faults.soft_404:
            return 302, {"Location": SOFT_404_PATH, "Content-Type": "text/html"}, b""
        if identifier in faults.missing:
            return 404, _text_type(), b"Not Found\n"
        if manifestation == "xml" and identifier in faults.missing_xml:
            return 404, _text_type(), b"Not Found\n"
        try:
            entry = self.corpus.get(identifier, version)
        except NotFound:
            return 404, _text_type(), b"Not Found\n"
        if entry.path(manifestation) != path:
            return 404, _text_type(), b"Not Found\n"
        content = entry.content(manifestation)
        if content is None:
            return 404, _text_type(), b"Not Found\n"
        if ((not faults.truncate_ids or identifier in faults.truncate_ids)
                and (not faults.truncate_manifestations
                     or manifestation in faults.truncate_manifestations)):
            # Content-Length is that of the cut body: nothing at the HTTP level tells.
            content = self._cut(content, faults.truncate_documents)
        content_type = MANIFESTATION_TYPES.get(manifestation, "application/octet-stream")
        return 200, {"Content-Type": content_type}, content

    @staticmethod
    def _cut(body: bytes, limit: int | None) -> bytes:
        return body if limit is None else body[:limit]


def _text_type() -> dict[str, str]:
    return {"Content-Type": "text/plain; charset=utf-8"}
