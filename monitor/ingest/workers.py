"""Fetching and parsing one record, in a fetch thread or a parse worker process.

Everything here runs without the database: the result (a :class:`Prepared`) goes to the writer.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from dataclasses import dataclass, field
from typing import Any

from monitor.config import Settings
from monitor.errors import (
    DocumentNotFound,
    ParseError,
    ResponseTooLarge,
    SoftNotFound,
    SourceError,
)
from monitor.fetch.documents import (
    fetch_answer_link,
    listed_manifestations,
    no_usable_manifestation,
    note_missing,
)
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.ingest.blobs import Raw
from monitor.ingest.outstanding import Attempt
from monitor.ingest.sandbox import (
    Limits,
    ParseFn,
    limit_memory,
    parse_here,
    parse_limited,
)
from monitor.logs import event
from monitor.model import Document, Format, Kind
from monitor.parse.kinds import record_kind
from monitor.promises.findings import Findings, findings_for
from monitor.track.extract import Extracted
from monitor.track.pipeline import extract_statements

log = logging.getLogger("monitor.ingest")

# Errors that will not go away by asking again: record them and move the cursor on.
PERMANENT_FETCH_ERRORS = (DocumentNotFound, SoftNotFound, ResponseTooLarge)


@dataclass
class Prepared:
    """A record with its fetched document, parsed, ready for the writer (or why not)."""

    record: SruRecord
    manifestation: str = ""
    url: str = ""
    raw: Raw | None = None
    document: Document | None = None
    document_json: dict[str, Any] | None = None
    statements: list[Extracted] | None = None
    findings: Findings | None = None
    error: str = ""
    stage: str = ""
    transient: bool = False
    # Failed tries of other manifestations before this result, with their raw bytes.
    attempts: list[Attempt] = field(default_factory=list)
    attempt_raws: list[Raw] = field(default_factory=list)


def prepare_record(http: HttpClient, settings: Settings, record: SruRecord,
             parse: ParseFn = parse_here) -> Prepared:
    """Fetch, parse and pre-digest one record (worker thread or process; no database access).

    Manifestations are tried in order (xml, html, pdf): one that is missing or does not parse
    falls through to the next; the raw bytes of every failed try are kept for the record.
    """
    attempts: list[Attempt] = []
    raws: list[Raw] = []
    failed: Prepared | None = None
    misses: list[str] = []
    linked = False
    for manifestation, url in listed_manifestations(record):
        try:
            response = http.get(url)
        except PERMANENT_FETCH_ERRORS as exc:
            attempts.append(Attempt(str(manifestation), url, None, str(exc)))
            note_missing(record, manifestation, url, exc, misses)
            continue
        except SourceError as exc:
            return Prepared(record, error=str(exc), stage="fetch", transient=True,
                             attempts=attempts, attempt_raws=raws)
        raw = Raw.of(response.content)
        if (not linked and record_kind(record) == Kind.QUESTIONS and not record.aanhangsel
                and not record.vraagnummer):
            # A question with a Zaak number is linked to its answer through that number (in
            # either order of arrival); only without one is the link read from the metadata.
            linked = True
            with contextlib.suppress(SourceError):
                record.aanhangsel = fetch_answer_link(http, record)
        try:
            doc = parse(response.content, manifestation, record.identifier, record)
        except ParseError as exc:
            attempts.append(Attempt(str(manifestation), response.url, raw.sha256, str(exc)))
            raws.append(raw)
            if failed is None:
                failed = Prepared(record, str(manifestation), response.url, raw,
                                   error=str(exc), stage="parse")
            event(log, "manifestation_unparsable", logging.WARNING,
                  identifier=record.identifier, manifestation=str(manifestation),
                  reason=str(exc))
            continue
        prepared = Prepared(record, str(manifestation), response.url, raw, doc, doc.to_json(),
                             attempts=attempts, attempt_raws=raws)
        if doc.kind == Kind.ANSWER:
            # The text analyses of tracking and of promise discovery run here, beside the
            # writer, so that the writer only stores and matches.
            prepared.statements = extract_statements(settings, doc)
            prepared.findings = findings_for(doc, record)
        return prepared
    if failed is not None:
        failed.attempts, failed.attempt_raws = attempts, raws
        return failed
    return Prepared(record, error=no_usable_manifestation(record, misses), stage="fetch",
                     attempts=attempts)


# --- worker processes ------------------------------------------------------------------------
# Fetching and parsing are CPU work in Python; in worker processes they run beside the single
# writer instead of competing with it for one interpreter lock. Each worker runs under the
# parse limits, so a hostile document fails there, not in the poll.
_worker: tuple[HttpClient, Settings, Limits] | None = None


def init_worker(settings: Settings) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the parent decides how the run ends, the workers
    # finish or are stopped by it (no tracebacks from every worker).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits = Limits.from_settings(settings.source)
    limit_memory(limits.memory_mb)
    _worker = (HttpClient(settings.source), settings, limits)



def prepare_in_worker(record: SruRecord) -> tuple[Prepared, int]:
    assert _worker is not None
    http, settings, limits = _worker

    def parse(content: bytes, fmt: Format, identifier: str, rec: SruRecord) -> Document:
        return parse_limited(content, fmt, identifier=identifier, record=rec, limits=limits)

    before = http.requests
    prepared = prepare_record(http, settings, record, parse)
    return prepared, http.requests - before
