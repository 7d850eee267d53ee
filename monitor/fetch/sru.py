"""SRU 2.0 client for KOOP's repository: queries, strict response parsing, paging, date windows.

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

from lxml import etree

from monitor.config import SourceSettings
from monitor.errors import InvalidQuery, MalformedResponse, ResultsShifted, SruDiagnostic
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.logs import event
from monitor.xmlsafe import xml_parser

log = logging.getLogger(__name__)

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
_SRU = "{" + SRU_NS + "}"
_DC = "{http://purl.org/dc/terms/}"
_GZD = "{http://standaarden.overheid.nl/sru}"
_OW = "{http://standaarden.overheid.nl/wetgeving/}"
_C = "{http://standaarden.overheid.nl/collectie/}"
_CD = "{http://standaarden.overheid.nl/cup/data}"

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
        raise InvalidQuery(
            f"since date {lo.isoformat()} is after until date {hi.isoformat()}"
        )
    return lo, hi


def _quote(value: str) -> str:
    if '"' in value or "\\" in value:
        raise InvalidQuery(f"query value {value!r} contains a quote or backslash")
    return f'"{value}"'


def build_query(
    stream: Stream, since: date | str | None, until: date | str | None = None
) -> str:
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


@dataclass
class SruPage:
    records: list[SruRecord]
    number_of_records: int
    next_position: int | None
    start: int


def _where(url: str) -> str:
    return url or "SRU response"


def _text(el: etree._Element | None) -> str:
    if el is None or el.text is None:
        return ""
    return " ".join(el.text.split())


def _day(text: str, field_name: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise MalformedResponse(f"{where}: {field_name} {text!r} is not a date") from None


def _diagnostics(root: etree._Element) -> list[str]:
    found: list[str] = []
    for diag in root.iter("{*}diagnostic"):
        parts: dict[str, str] = {}
        for child in diag:
            if isinstance(child.tag, str):
                parts[etree.QName(child).localname] = _text(child)
        message = parts.get("message") or parts.get("uri") or "unspecified diagnostic"
        details = parts.get("details", "")
        found.append(f"{message} ({details})" if details else message)
    return found


_KERN = f"{_OW}owmskern"
_MANTEL = f"{_OW}owmsmantel"
_TP = f"{_OW}tpmeta"
_META_PATH = f"{_SRU}recordData/{_GZD}gzd/{_GZD}originalData/{_OW}meta"
_ENRICHED_PATH = f"{_SRU}recordData/{_GZD}gzd/{_GZD}enrichedData"


def _collect(parent: etree._Element | None) -> dict[str, list[str]]:
    """Texts of the direct children by tag (one pass; this runs for every record)."""
    found: dict[str, list[str]] = {}
    if parent is not None:
        for child in parent:
            tag = child.tag
            if isinstance(tag, str):
                text = child.text
                found.setdefault(tag, []).append(" ".join(text.split()) if text else "")
    return found


def _record(el: etree._Element, where: str) -> SruRecord:
    position_text = _text(el.find(f"{_SRU}recordPosition"))
    position = int(position_text) if position_text.isdigit() else 0
    meta = el.find(_META_PATH)
    if meta is None:
        raise MalformedResponse(f"{where}: record {position} has no gzd metadata")
    kern = _collect(meta.find(_KERN))
    mantel = _collect(meta.find(_MANTEL))
    tp = _collect(meta.find(_TP))

    def one(fields: dict[str, list[str]], tag: str) -> str:
        values = fields.get(tag)
        return values[0] if values else ""

    identifier = one(kern, f"{_DC}identifier")
    modified_text = one(kern, f"{_DC}modified")
    if not identifier or not modified_text:
        raise MalformedResponse(
            f"{where}: record {position} lacks dcterms:identifier or dcterms:modified"
        )
    where_rec = f"{where}: record {identifier}"
    modified = _day(modified_text, "dcterms:modified", where_rec)

    def tp_day(name: str) -> date | None:
        value = one(tp, _OW + name)
        return _day(value, name, where_rec) if value else None

    item_urls: dict[str, str] = {}
    timestamp = preferred = ""
    enriched = el.find(_ENRICHED_PATH)
    if enriched is not None:
        for item in enriched:
            tag = item.tag
            if tag == f"{_GZD}itemUrl":
                manifestation = item.get("manifestation", "")
                if manifestation and item.text:
                    item_urls[manifestation] = item.text.strip()
            elif tag == f"{_GZD}timestamp":
                timestamp = _text(item)
            elif tag == f"{_GZD}preferredUrl":
                preferred = _text(item)
    available_text = one(mantel, f"{_DC}available")
    stamp = (one(tp, f"{_CD}datumTijdstipWijzigingExpression") or timestamp
             or modified.isoformat())
    return SruRecord(
        identifier=identifier,
        modified=modified,
        stamp=stamp,
        title=one(kern, f"{_DC}title"),
        doc_type=one(kern, f"{_DC}type"),
        creator=one(kern, f"{_DC}creator"),
        publicatienaam=one(tp, f"{_OW}publicatienaam"),
        subrubriek=one(tp, f"{_OW}subrubriek"),
        aanhangselnummer=one(tp, f"{_OW}aanhangselnummer"),
        vraagnummer=one(tp, f"{_OW}vraagnummer"),
        vergaderjaar=one(tp, f"{_OW}vergaderjaar"),
        indieners=tp.get(f"{_OW}indiener", []),
        ontvangers=tp.get(f"{_OW}ontvanger", []),
        date_received=tp_day("datumOntvangst"),
        date_sent=tp_day("datumIndiening"),
        available=_day(available_text, "dcterms:available", where_rec) if available_text else None,
        content_area=one(tp, f"{_C}content-area"),
        preferred_url=preferred,
        item_urls=item_urls,
        aanhangsel=one(tp, f"{_OW}aanhangsel"),
        position=position,
    )


def parse_sru_response(data: bytes, *, url: str = "") -> SruPage:
    """Parse one searchRetrieve page strictly; see the module docstring for the error rules."""
    where = _where(url)
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedResponse(f"{where}: not well-formed XML ({exc})") from None
    if root is None:
        raise MalformedResponse(f"{where}: empty response")
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise MalformedResponse(f"{where}: a DOCTYPE is not allowed in an SRU response")
    if root.tag != f"{_SRU}searchRetrieveResponse":
        raise MalformedResponse(f"{where}: root element is {root.tag}, not searchRetrieveResponse")
    diagnostics = _diagnostics(root)
    if diagnostics:
        # Also when results come with it: the live service ignores e.g. an impossible date
        # and returns unfiltered records, which must never be taken for an answer.
        raise SruDiagnostic(f"{where}: SRU diagnostic: {'; '.join(diagnostics)}")
    count_text = _text(root.find(f"{_SRU}numberOfRecords"))
    if not count_text.isdigit():
        raise MalformedResponse(f"{where}: no numberOfRecords")
    next_text = _text(root.find(f"{_SRU}nextRecordPosition"))
    if next_text and not next_text.isdigit():
        raise MalformedResponse(f"{where}: nextRecordPosition {next_text!r} is not a number")
    records_el = root.find(f"{_SRU}records")
    records = (
        [_record(el, where) for el in records_el.findall(f"{_SRU}record")]
        if records_el is not None
        else []
    )
    start_text = _text(root.find(f"{_SRU}echoedSearchRetrieveRequest/{_SRU}startRecord"))
    if start_text.isdigit():
        start = int(start_text)
    elif records and records[0].position:
        start = records[0].position
    else:
        start = 1
    return SruPage(
        records=records,
        number_of_records=int(count_text),
        next_position=int(next_text) if next_text else None,
        start=start,
    )


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
                event(log, "sru_window_too_large", logging.WARNING, stream=stream.name,
                      day=lo.isoformat(), records=n)
            return [(lo, hi, n)]
        mid = lo + (hi - lo) // 2
        left = self._split(stream, lo, mid, self.count(stream, lo, mid))
        right_lo = mid + timedelta(days=1)
        return left + self._split(stream, right_lo, hi, self.count(stream, right_lo, hi))

    def pages(
        self, stream: Stream, since: date, until: date | None = None
    ) -> Iterator[SruPage]:
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
            event(log, "sru_split_window", stream=stream.name, since=lo.isoformat(),
                  until=end.isoformat(), records=page.number_of_records)
            mid = lo + (end - lo) // 2
            yield from self._window_pages(stream, lo, mid)
            yield from self._window_pages(stream, mid + timedelta(days=1), end)
            return
        if page.number_of_records > self.settings.max_window_records:
            event(log, "sru_window_too_large", logging.WARNING, stream=stream.name,
                  day=lo.isoformat(), records=page.number_of_records)
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
            event(log, "sru_results_shifted", logging.WARNING, stream=stream.name,
                  since=lo.isoformat(), until=end.isoformat(), walk=walk + 1, problem=problem)
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
