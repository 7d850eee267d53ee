"""What the emulator injects (:class:`Faults`) and what it records of each request."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Faults:
    """Failures to inject. Request numbers count every request the emulator receives (from 1).

    Rate-based faults draw from a random generator seeded with ``seed``, so a run is repeatable.
    """

    seed: int = 0
    fail_requests: set[int] = field(default_factory=set)  # these answer ``fail_status``
    fail_rate: float = 0.0  # this fraction of requests answers ``fail_status``
    fail_status: int = 500
    fail_paths: str = ""  # only fail paths starting with this ("/sru", "/frbr"); "" = all
    throttle_requests: set[int] = field(default_factory=set)  # these answer 429
    throttle_rate: float = 0.0
    retry_after: str = "1"  # Retry-After of a 429: seconds or an HTTP-date; "" for none
    deep_start: int | None = None  # startRecord >= this answers ``deep_status``
    deep_status: int = 503
    delay: float = 0.0  # seconds before every answer
    delay_paths: str = ""  # only delay paths starting with this ("/sru", "/frbr"); "" = all
    truncate_sru: int | None = None  # cut SRU bodies after this many bytes
    truncate_documents: int | None = None  # cut document bodies after this many bytes
    truncate_ids: set[str] = field(default_factory=set)  # only these ids ("" set = all)
    # only these manifestations ("xml", "html", "pdf"; empty set = all)
    truncate_manifestations: set[str] = field(default_factory=set)
    soft_404: set[str] = field(default_factory=set)  # ids whose documents redirect to fout404
    missing_xml: set[str] = field(default_factory=set)  # ids whose listed xml answers 404
    diagnostic: bool = False  # answer every SRU query with a diagnostic
    # ids the SRU index does not list yet (index lag: a late arrival); documents still served
    hidden: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)  # ids whose every manifestation answers 404
    # Called with the SRU request's number (counting SRU requests only, from 1) before it is
    # answered: a test re-publishes a record here to shift the pages of a walk in progress.
    before_sru: Callable[[int], None] | None = None

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._sru_requests = 0

    def next_sru(self) -> int:
        with self._lock:
            self._sru_requests += 1
            return self._sru_requests

    def roll(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate


@dataclass
class LoggedRequest:
    number: int
    path: str
    params: dict[str, str]
    status: int
    at: float  # time.monotonic() when the request arrived
