"""HttpClient against the emulator on loopback: retries, Retry-After, timeouts, size cap,
soft 404s, rate limit."""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.config import SourceSettings
from monitor.emulator import Emulator, Faults
from monitor.errors import (
    DocumentNotFound,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
    SourceUnavailable,
)
from monitor.fetch.http import HttpClient, RateLimiter, request_rate, retry_after_seconds

from .conftest import Waits

TOZO = "ah-tk-20202021-3235"
Make = Callable[..., HttpClient]


def test_get_returns_the_document_bytes(emulator: Emulator, make_client: Make) -> None:
    client = make_client()
    url = emulator.url(TOZO, "xml")
    response = client.get(url)
    assert response.status == 200
    assert response.url == url
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<kamervraagnummer>3235</kamervraagnummer>" in response.content
    assert response.headers["content-type"].startswith("application/xml")
    assert client.requests == 1


def test_a_500_is_retried_after_a_backoff(emulator: Emulator, make_client: Make,
                                          waits: Waits) -> None:
    emulator.faults = Faults(fail_requests={1})
    client = make_client(max_backoff_seconds=60.0)
    response = client.get(emulator.url(TOZO, "html"))
    assert response.status == 200
    assert client.requests == 2
    assert len(waits) == 1
    assert 0.25 <= waits[0] <= 0.5  # first backoff: half of 0.5 s plus jitter


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_persistent_5xx_ends_in_source_unavailable(emulator: Emulator, make_client: Make,
                                                   waits: Waits, status: int) -> None:
    emulator.faults = Faults(fail_rate=1.0, fail_status=status)
    client = make_client(retries=3, max_backoff_seconds=1.0)
    url = emulator.url(TOZO, "xml")
    with pytest.raises(SourceUnavailable) as info:
        client.get(url)
    message = str(info.value)
    assert url in message and f"HTTP {status}" in message and "\n" not in message
    assert client.requests == 4
    assert len(waits) == 3
    assert all(0 < w <= 1.0 for w in waits)
    assert waits[0] < waits[2] or waits[2] == 1.0  # grows, capped by max_backoff


def test_429_waits_as_long_as_retry_after_says(emulator: Emulator, make_client: Make,
                                               waits: Waits) -> None:
    emulator.faults = Faults(throttle_requests={1, 2}, retry_after="7")
    client = make_client(max_backoff_seconds=60.0)
    assert client.get(emulator.url(TOZO, "xml")).status == 200
    assert waits == [7.0, 7.0]
    assert client.requests == 3


def test_retry_after_is_capped_by_max_backoff(emulator: Emulator, make_client: Make,
                                              waits: Waits) -> None:
    emulator.faults = Faults(throttle_requests={1}, retry_after="3600")
    client = make_client(max_backoff_seconds=2.5)
    client.get(emulator.url(TOZO, "xml"))
    assert waits == [2.5]


def test_retry_after_really_waits(emulator: Emulator) -> None:
    """Measured in real time: the second attempt comes no earlier than Retry-After allows."""
    emulator.faults = Faults(throttle_requests={1}, retry_after="1")
    settings = SourceSettings(sru_url=emulator.sru_url, requests_per_second=1000.0)
    with HttpClient(settings) as client:
        client.get(emulator.url(TOZO, "xml"))
    first, second = emulator.requests[0], emulator.requests[1]
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 0.95


def test_retry_after_http_date() -> None:
    now = datetime(2026, 5, 19, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(header, now=now) == pytest.approx(30.0)
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1), usegmt=True),
                               now=now) == 0.0
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_slow_answer_beyond_the_timeout_is_retried_then_unavailable(
    emulator: Emulator, make_client: Make, waits: Waits
) -> None:
    emulator.faults = Faults(delay=0.4)
    client = make_client(timeout_seconds=0.1, retries=1)
    with pytest.raises(SourceUnavailable, match="timeout"):
        client.get(emulator.url(TOZO, "xml"))
    assert client.requests == 2


def test_slow_answer_within_the_timeout_is_fine(emulator: Emulator, make_client: Make) -> None:
    emulator.faults = Faults(delay=0.1)
    client = make_client(timeout_seconds=2.0, retries=0)
    assert client.get(emulator.url(TOZO, "xml")).status == 200


def test_response_over_the_cap_is_refused(emulator: Emulator, make_client: Make) -> None:
    client = make_client(max_response_bytes=1000)
    url = emulator.url(TOZO, "xml")  # 9,003 bytes
    with pytest.raises(ResponseTooLarge, match="1000 bytes") as info:
        client.get(url)
    assert url in str(info.value)
    assert client.requests == 1  # not retried: it would be just as large again


def test_size_cap_stops_reading_an_endless_stream() -> None:
    """No Content-Length: the cap must stop the stream, not read it all first."""
    served: list[int] = []

    def endless() -> Iterator[bytes]:
        while True:
            served.append(1)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    settings = SourceSettings(sru_url="http://koop.test/sru", requests_per_second=1000.0,
                              max_response_bytes=10_000)
    with (HttpClient(settings, transport=httpx.MockTransport(handler)) as client,
          pytest.raises(ResponseTooLarge)):
        client.get("http://koop.test/frbr/big.xml")
    assert len(served) <= 11


def test_soft_404_is_detected_without_following(emulator: Emulator, make_client: Make) -> None:
    emulator.faults = Faults(soft_404={TOZO})
    client = make_client()
    url = emulator.url(TOZO, "xml")
    with pytest.raises(SoftNotFound, match="fout404") as info:
        client.get(url)
    assert url in str(info.value)
    assert client.requests == 1


def test_an_error_page_answered_200_is_a_soft_404(emulator: Emulator, make_client: Make) -> None:
    client = make_client()
    with pytest.raises(SoftNotFound):
        client.get(emulator.base_url + "/fout404.htm")


def test_404_is_document_not_found(emulator: Emulator, make_client: Make) -> None:
    emulator.faults = Faults(missing_xml={TOZO})
    client = make_client()
    with pytest.raises(DocumentNotFound, match="HTTP 404"):
        client.get(emulator.url(TOZO, "xml"))
    assert client.requests == 1


@pytest.mark.parametrize("status", [400, 401, 403, 405, 451])
def test_other_4xx_is_a_source_error_without_retry(status: int, waits: Waits) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=b"no")

    settings = SourceSettings(sru_url="http://koop.test/sru", requests_per_second=1000.0)
    with HttpClient(settings, transport=httpx.MockTransport(handler), sleep=waits) as client:
        with pytest.raises(SourceError, match=f"HTTP {status}") as info:
            client.get("http://koop.test/frbr/x.xml")
        assert client.requests == 1
    assert not isinstance(info.value, DocumentNotFound)  # a 404 means "gone", these do not
    assert waits == []


def test_an_unknown_path_is_document_not_found(make_client: Make, emulator: Emulator) -> None:
    client = make_client()
    with pytest.raises(DocumentNotFound, match="HTTP 404"):
        client.get(emulator.base_url + "/nothing-here")
    assert client.requests == 1


def test_connection_refused_is_source_unavailable(waits: Waits) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = SourceSettings(sru_url=f"http://127.0.0.1:{port}/sru", retries=2,
                              requests_per_second=1000.0)
    with HttpClient(settings, sleep=waits) as client:
        with pytest.raises(SourceUnavailable, match="ConnectError"):
            client.get(settings.sru_url)
        assert client.requests == 3


def test_unsupported_url_scheme_is_not_retried(waits: Waits) -> None:
    settings = SourceSettings(requests_per_second=1000.0)
    with (HttpClient(settings, sleep=waits) as client,
          pytest.raises(SourceError, match="unsupported URL")):
        client.get("httbroken://repository.overheid.nl/frbr/x.pdf")
    assert waits == []


@pytest.mark.parametrize(
    ("url", "rate"),
    [("https://repository.overheid.nl/sru", 2.0), ("http://127.0.0.1:8080/sru", 300.0),
     ("http://localhost:8080/sru", 300.0), ("http://[::1]:8080/sru", 300.0),
     ("http://127.5.0.1/sru", 300.0), ("http://10.0.0.1/sru", 2.0),
     ("http://localhost.example.org/sru", 2.0)],
)
def test_only_a_loopback_source_gets_the_loopback_rate(url: str, rate: float) -> None:
    settings = SourceSettings(sru_url=url, requests_per_second=2.0,
                              loopback_requests_per_second=300.0)
    assert request_rate(settings) == rate


def test_rate_limit_is_respected(emulator: Emulator, make_client: Make) -> None:
    # the emulator listens on loopback: the loopback rate is the one that holds
    client = make_client(requests_per_second=1.0, loopback_requests_per_second=20.0)
    assert client._limiter.interval == 1 / 20
    url = emulator.url(TOZO, "metadata")
    # The eighth start is at least 7 intervals after the first: a lower bound that no amount
    # of scheduling jitter can break (single timestamps, at either end, can drift either way;
    # the exact spacing is the property test below).
    began = time.monotonic()
    for _ in range(8):
        client.get(url)
    assert time.monotonic() - began >= 7 / 20
    assert emulator.count("/frbr") == 8


@given(st.lists(st.floats(min_value=0, max_value=0.2), min_size=1, max_size=30),
       st.floats(min_value=1, max_value=100))
def test_rate_limiter_spaces_request_starts(gaps: list[float], rate: float) -> None:
    """Property: whatever the caller's pace, starts are at least 1/rate apart."""
    now = [0.0]
    starts: list[float] = []

    def clock() -> float:
        return now[0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = RateLimiter(rate, clock=clock, sleep=sleep)
    for gap in gaps:
        now[0] += gap
        limiter.wait()
        starts.append(now[0])
    assert all(b - a >= 1 / rate - 1e-9 for a, b in itertools.pairwise(starts))


@given(st.integers(min_value=0, max_value=30), st.floats(min_value=0.1, max_value=120),
       st.floats(min_value=0, max_value=1), st.one_of(st.none(), st.floats(0, 10_000)))
def test_backoff_stays_within_bounds(attempt: int, cap: float, jitter: float,
                                     retry_after: float | None) -> None:
    settings = SourceSettings(max_backoff_seconds=cap)
    client = HttpClient(settings, jitter=lambda: jitter)
    try:
        wait = client._backoff(attempt, retry_after)
    finally:
        client.close()
    assert 0 <= wait <= cap
    if retry_after is not None:
        assert wait == min(retry_after, cap)
    else:
        assert wait > 0


def test_ordinary_redirects_are_followed_and_error_page_redirects_are_not() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        assert request.headers["user-agent"].startswith("kamervragen-monitor/")
        if request.url.path == "/old.xml":
            return httpx.Response(301, headers={"Location": "/new.xml"})
        if request.url.path == "/gone.xml":
            return httpx.Response(302, headers={"Location": "https://koop.test/Errors/404.htm"})
        return httpx.Response(200, content=b"<x/>")

    settings = SourceSettings(sru_url="http://koop.test/sru", requests_per_second=1000.0)
    with HttpClient(settings, transport=httpx.MockTransport(handler)) as client:
        response = client.get("http://koop.test/old.xml")
        assert response.url == "http://koop.test/new.xml" and response.content == b"<x/>"
        assert client.requests == 2
        with pytest.raises(SoftNotFound, match=r"Errors/404\.htm"):
            client.get("http://koop.test/gone.xml")
    assert seen == ["/old.xml", "/new.xml", "/gone.xml"]
