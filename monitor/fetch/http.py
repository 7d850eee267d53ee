"""A polite, bounded HTTP client for KOOP's services.

One place decides how we talk to the source: a request-rate limit, retries with exponential
backoff and jitter (timeouts, connection errors, 5xx, 429 with ``Retry-After``), a streaming
size cap, soft-404 detection on redirects, and the mapping of every failure onto the
:mod:`monitor.errors` tree. The client knows nothing about the emulator beyond its URL.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.backoff import equal_jitter
from monitor.config import SourceSettings
from monitor.errors import (
    DocumentNotFound,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
    SourceUnavailable,
)
from monitor.logs import event

log = logging.getLogger(__name__)

# Markers of KOOP's error pages: a redirect there (answered 200) is a "soft" 404.
SOFT_404_MARKERS = ("fout404", "errors/404.htm")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
BACKOFF_BASE_SECONDS = 0.5


@dataclass
class Response:
    """A complete (size-capped) HTTP response."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)


def is_soft_404(url: str) -> bool:
    """True when ``url`` points at one of KOOP's error pages."""
    lowered = url.lower()
    return any(marker in lowered for marker in SOFT_404_MARKERS)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def request_rate(settings: SourceSettings) -> float:
    """Requests per second towards the source: polite to KOOP, unthrottled for a local
    emulator (the demo's backfill otherwise spends most of its time waiting)."""
    if is_loopback(settings.sru_url):
        return max(settings.requests_per_second, settings.loopback_requests_per_second)
    return settings.requests_per_second


class RateLimiter:
    """Spaces request starts at least ``1 / rate`` seconds apart (thread-safe)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class _Retryable(Exception):
    """Internal: one attempt failed in a way worth retrying."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class HttpClient:
    """GET with rate limit, retries, size cap and soft-404 detection.

    ``sleep`` (between retries) and ``jitter`` are injectable so tests can observe and shorten
    the backoff waits (the rate limit always waits in real time);
    ``transport`` is the httpx seam (a real network transport by default).
    """

    def __init__(
        self,
        settings: SourceSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self.requests = 0
        self._sleep = sleep
        self._jitter = jitter
        self._count_lock = threading.Lock()
        self._limiter = RateLimiter(request_rate(settings))  # real time, always
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(settings.timeout_seconds),
            headers={"User-Agent": settings.user_agent},
            follow_redirects=False,  # redirects are followed by hand to spot soft 404s
        )

    # --- public API ---------------------------------------------------------------------------
    def get(self, url: str, params: dict[str, str] | None = None) -> Response:
        """Fetch ``url``; raise a :class:`~monitor.errors.SourceError` subclass on failure."""
        attempts = self.settings.retries + 1
        last = ""
        for attempt in range(attempts):
            try:
                return self._follow(url, params)
            except _Retryable as exc:
                last = exc.reason
                if attempt + 1 >= attempts:
                    break
                wait = self._backoff(attempt, exc.wait)
                event(log, "http_retry", logging.WARNING, url=url, reason=last,
                      attempt=attempt + 1, wait=round(wait, 3))
                self._sleep(wait)
        raise SourceUnavailable(
            f"{url}: no usable answer after {attempts} attempt(s); last: {last}"
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------------
    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        cap = self.settings.max_backoff_seconds
        if retry_after is not None:
            return min(retry_after, cap)
        return equal_jitter(attempt, base=BACKOFF_BASE_SECONDS, cap=cap, rand=self._jitter())

    def _follow(self, url: str, params: dict[str, str] | None) -> Response:
        current = url
        current_params = params
        for _ in range(MAX_REDIRECTS + 1):
            status, headers, final_url, content = self._once(current, current_params)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location", "")
                if not location:
                    raise SourceError(f"{url}: HTTP {status} redirect without a Location")
                target = urljoin(final_url, location)
                if is_soft_404(target):
                    raise SoftNotFound(f"{url}: redirected to error page {target} (soft 404)")
                current, current_params = target, None
                continue
            return self._judge(url, final_url, status, headers, content)
        raise SourceError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _judge(
        self, url: str, final_url: str, status: int, headers: dict[str, str], content: bytes
    ) -> Response:
        if status in (404, 410):
            raise DocumentNotFound(f"{url}: HTTP {status}")
        if status in RETRY_STATUSES or status >= 500:
            wait = retry_after_seconds(headers.get("retry-after")) if status in (429, 503) else None
            raise _Retryable(f"HTTP {status}", wait)
        if status >= 400:
            raise SourceError(f"{url}: HTTP {status}")
        if is_soft_404(final_url):
            raise SoftNotFound(f"{url}: answered by error page {final_url} (soft 404)")
        return Response(url=final_url, status=status, content=content, headers=headers)

    def _once(
        self, url: str, params: dict[str, str] | None
    ) -> tuple[int, dict[str, str], str, bytes]:
        self._limiter.wait()
        with self._count_lock:
            self.requests += 1
        cap = self.settings.max_response_bytes
        try:
            request = self._client.build_request("GET", url, params=params)
            response = self._client.send(request, stream=True)
            try:
                headers = {k.lower(): v for k, v in response.headers.items()}
                declared = headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise ResponseTooLarge(
                        f"{url}: response of {declared} bytes exceeds the cap of {cap} bytes"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise ResponseTooLarge(
                            f"{url}: response exceeds the cap of {cap} bytes"
                        )
                    chunks.append(chunk)
                return response.status_code, headers, str(response.url), b"".join(chunks)
            finally:
                response.close()
        except httpx.UnsupportedProtocol as exc:
            raise SourceError(f"{url}: unsupported URL: {exc}") from None
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timeout ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from None
        except httpx.InvalidURL as exc:
            raise SourceError(f"{url}: invalid URL: {exc}") from None
