"""SRU 2.0 client for KOOP's repository: queries, paging, date windows (pages: ``sru_page``).

The live service pages on ``nextRecordPosition`` and refuses ``startRecord`` at or beyond about
10,000, so a range whose ``numberOfRecords`` exceeds ``max_window_records`` is split into date
windows (halves, recursively, down to one day) before paging. A broken response is an error,
never "fewer records".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from monitor.config import SourceSettings
from monitor.errors import InvalidQuery, MalformedResponse, ResultsShifted
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.fetch.sru_page import SruPage, parse_sru_response
from monitor.logs import event

log = logging.getLogger(__name__)


PUBLICATIENAAM_ANSWERS = "Kamervragen (Aanhangsel)"
PUBLICATIENAAM_QUESTIONS = "Kamervragen zonder antwoord"
CREATORS = {
    "tk": "Tweede Kamer der Staten-Generaal",
    "ek": "Eerste Kamer der Staten-Generaal",
}
# A date further ahead than this is a typo, not a query (the service would accept it).
MAX_FUTURE = timedelta(days=366)


@dataclass(frozen=True)
class Stream:
    """One SRU query stream: a publication name for one chamber."""

    name: str  # "answers-tk", "questions-ek", ...
    publicatienaam: str
    chamber: str  # "tk" / "ek"

    @property
    def creator(self) -> str:
        return CREATORS[self.chamber]


def streams_for(settings: SourceSettings) -> list[Stream]:
    """The streams to poll: answers (and unanswered questions), Tweede Kamer first."""
    chambers = sorted(set(settings.chambers), key=lambda c: (c != "tk", c))
    streams: list[Stream] = []
    for chamber in chambers:
        streams.append(Stream(f"answers-{chamber}", PUBLICATIENAAM_ANSWERS, chamber))
        if settings.unanswered_questions:
            streams.append(Stream(f"questions-{chamber}", PUBLICATIENAAM_QUESTIONS, chamber))
    return streams


def stream_of(record: SruRecord) -> str:
    """The stream a record belongs to ("answers-tk", ...), "" for a record of none."""
    if record.publicatienaam == PUBLICATIENAAM_QUESTIONS:
        return f"questions-{record.chamber}"
    if record.publicatienaam == PUBLICATIENAAM_ANSWERS:
        return f"answers-{record.chamber}"
    return ""


def parse_date(value: date | str, *, what: str = "date") -> date:
    """A real calendar date from a ``date`` or ``YYYY-MM-DD`` text, else :class:`InvalidQuery`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidQuery(
            f"{what} {text!r} is not a real calendar date (YYYY-MM-DD); the service would "
            "silently ignore it"
        ) from None


def _check_dates(
    since: date | str | None, until: date | str | None
) -> tuple[date | None, date | None]:
    lo = parse_date(since, what="since date") if since is not None else None
    hi = parse_date(until, what="until date") if until is not None else None
    limit = datetime.now(UTC).date() + MAX_FUTURE
    for label, day in (("since", lo), ("until", hi)):
        if day is not None and day > limit:
            raise InvalidQuery(f"{label} date {day.isoformat()} is in the far future")
    if lo is not None and hi is not None and lo > hi:
        raise InvalidQuery(f"since date {lo.isoformat()} is after until date {hi.isoformat()}")
    return lo, hi


def _quote(value: str) -> str:
    if '"' in value or "\\" in value:
        raise InvalidQuery(f"query value {value!r} contains a quote or backslash")
    return f'"{value}"'


def build_query(stream: Stream, since: date | str | None, until: date | str | None = None) -> str:
    """The CQL query for ``stream`` modified in [since, until] (inclusive days), ascending."""
    lo, hi = _check_dates(since, until)
    parts = [
        f"c.product-area=={_quote('officielepublicaties')}",
        f"w.publicatienaam=={_quote(stream.publicatienaam)}",
        f"dt.creator=={_quote(stream.creator)}",
    ]
    if lo is not None:
        parts.append(f"dt.modified>={_quote(lo.isoformat())}")
    if hi is not None:
        parts.append(f"dt.modified<={_quote(hi.isoformat())}")
    return " and ".join(parts) + " sortBy dt.modified/sort.ascending"


# --- response parsing ---------------------------------------------------------------------------


# --- client ---------------------------------------------------------------------------------------


class SruClient:
    """Counts, splits into windows and pages through one stream of the SRU service."""

    def __init__(self, http: HttpClient, settings: SourceSettings, *, rewalks: int = 3) -> None:
        self.http = http
        self.settings = settings
        self.rewalks = rewalks  # walks of a window again when its results shifted

    def _request(self, query: str, start: int, maximum: int) -> SruPage:
        params = {
            "operation": "searchRetrieve",
            "version": "2.0",
            "recordSchema": "gzd",
            "query": query,
            "startRecord": str(start),
            "maximumRecords": str(maximum),
        }
        response = self.http.get(self.settings.sru_url, params=params)
        return parse_sru_response(response.content, url=f"{response.url}")

    def count(self, stream: Stream, since: date, until: date | None) -> int:
        """numberOfRecords for the stream in [since, until] (one small request)."""
        return self._request(build_query(stream, since, until), 1, 1).number_of_records

    def _end(self, until: date | None) -> date:
        # Dutch days run ahead of UTC: "today" in Amsterdam can be tomorrow in UTC terms.
        return until if until is not None else datetime.now(UTC).date() + timedelta(days=1)

    def windows(self, stream: Stream, since: date, until: date) -> list[tuple[date, date]]:
        """Split [since, until] into ascending windows each within ``max_window_records``."""
        return [(lo, hi) for lo, hi, _ in self.counted_windows(stream, since, until)]

    def counted_windows(
        self, stream: Stream, since: date, until: date
    ) -> list[tuple[date, date, int]]:
        """Like :meth:`windows`, with each window's numberOfRecords (counted while splitting)."""
        lo, hi = _check_dates(since, until)
        assert lo is not None and hi is not None
        return self._split(stream, lo, hi, self.count(stream, lo, hi))

    def _split(self, stream: Stream, lo: date, hi: date, n: int) -> list[tuple[date, date, int]]:
        if n <= self.settings.max_window_records or lo >= hi:
            if n > self.settings.max_window_records:
                _too_large(stream, lo, n)
            return [(lo, hi, n)]
        mid = lo + (hi - lo) // 2
        left = self._split(stream, lo, mid, self.count(stream, lo, mid))
        right_lo = mid + timedelta(days=1)
        return left + self._split(stream, right_lo, hi, self.count(stream, right_lo, hi))

    def pages(self, stream: Stream, since: date, until: date | None = None) -> Iterator[SruPage]:
        """Every page of the stream modified in [since, until], ascending by dt.modified.

        The first page's numberOfRecords decides whether the range must be split, so a poll that
        finds nothing new costs exactly one request.
        """
        lo, hi = _check_dates(since, until)
        assert lo is not None
        yield from self._window_pages(stream, lo, hi)

    def _window_pages(self, stream: Stream, lo: date, hi: date | None) -> Iterator[SruPage]:
        size = self.settings.page_size
        query = build_query(stream, lo, hi)
        page = self._request(query, 1, size)
        end = self._end(hi)
        if page.number_of_records > self.settings.max_window_records and lo < end:
            event(
                log,
                "sru_split_window",
                stream=stream.name,
                since=lo.isoformat(),
                until=end.isoformat(),
                records=page.number_of_records,
            )
            mid = lo + (end - lo) // 2
            yield from self._window_pages(stream, lo, mid)
            yield from self._window_pages(stream, mid + timedelta(days=1), end)
            return
        if page.number_of_records > self.settings.max_window_records:
            _too_large(stream, lo, page.number_of_records)
        for walk in range(self.rewalks + 1):
            if walk:
                page = self._request(query, 1, size)
            check = _WalkCheck()
            check.add(page)
            yield page
            while page.next_position is not None and page.records:
                if page.next_position <= page.start:
                    raise MalformedResponse(
                        f"{self.settings.sru_url}: nextRecordPosition {page.next_position} does "
                        f"not advance past startRecord {page.start}"
                    )
                page = self._request(query, page.next_position, size)
                check.add(page)
                yield page
            problem = check.problem()
            if not problem:
                return
            # A record re-published between two page requests moves to the end and every
            # later one shifts back a place: the one at the page boundary was never read.
            # Reading the window again (stored records are de-duplicated) closes that gap.
            event(
                log,
                "sru_results_shifted",
                logging.WARNING,
                stream=stream.name,
                since=lo.isoformat(),
                until=end.isoformat(),
                walk=walk + 1,
                problem=problem,
            )
        raise ResultsShifted(
            f"{self.settings.sru_url}: {stream.name} {lo.isoformat()}..{end.isoformat()}: the "
            f"results kept shifting while being read ({self.rewalks + 1} walks, {problem}); "
            "nothing past this window is taken as read"
        )


@dataclass
class _WalkCheck:
    """What one walk through a window saw: enough to tell that every record was read."""

    totals: set[int] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    repeated: int = 0

    def add(self, page: SruPage) -> None:
        self.totals.add(page.number_of_records)
        for record in page.records:
            if record.identifier in self.seen:
                self.repeated += 1
            self.seen.add(record.identifier)

    def problem(self) -> str:
        """Why the walk cannot be trusted, "" when it read every record exactly once."""
        if len(self.totals) > 1:
            return f"numberOfRecords changed ({', '.join(map(str, sorted(self.totals)))})"
        if self.repeated:
            return f"{self.repeated} record(s) came back on a later page"
        total = next(iter(self.totals), 0)
        if len(self.seen) < total:
            return f"{len(self.seen)} of {total} records read"
        return ""


def _too_large(stream: Stream, day: date, records: int) -> None:
    """One day holds more records than a window may: they cannot all be walked (a warning)."""
    event(log, "sru_window_too_large", logging.WARNING, stream=stream.name,
          day=day.isoformat(), records=records)
