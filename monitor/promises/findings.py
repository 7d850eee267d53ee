"""Reading an answer for promise lineage once, where it is parsed (a parse worker process).

The text analysis is what discovery costs; the single writer only matches the result against
the open promises it stores (:func:`monitor.promises.store.store_promises`). A sentence that is
both a promise candidate and a report candidate is analysed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from monitor.fetch.records import SruRecord
from monitor.model import Document, Kind
from monitor.promises.answer_text import answer_texts
from monitor.promises.discover import Promise, Report, discover, reports
from monitor.promises.prefilter import filtered, may_promise, may_report
from monitor.promises.withdraw import Withdrawal, withdrawals
from monitor.track.analysis import Analysis, analyse


@dataclass(frozen=True, slots=True)
class Findings:
    """Promises, reported acts and withdrawals of one answer, read against ``received``."""

    received: date
    promises: tuple[Promise, ...]
    reports: tuple[Report, ...]
    withdrawals: tuple[Withdrawal, ...]


def read_answer(document: Document, received: date, *, prefilter: bool = True) -> Findings:
    """Discovery and the report reading of ``document`` with one analysis per sentence;
    ``prefilter`` skips the sentences without a cue of a promise or a report (the same
    findings, proven by the property tests; off only to compare)."""
    memo: dict[tuple[str, date], Analysis] = {}

    def read(text: str, day: date) -> Analysis:
        found = memo.get((text, day))
        if found is None:
            found = memo[(text, day)] = analyse(text, date=day)
        return found

    read_promises = filtered(read, may_promise) if prefilter else read
    read_reports = filtered(read, may_report) if prefilter else read
    texts = answer_texts(document)  # joined, unglued and split once for the three readings
    return Findings(received,
                    tuple(discover(document, received=received, read=read_promises,
                                   texts=texts)),
                    tuple(reports(document, received=received, read=read_reports, texts=texts)),
                    tuple(withdrawals(document, texts)))


def received_of(document: Document, record: SruRecord) -> date:
    """The date the writer will read the answer against when it stores it as a new
    publication (the document's, else the record's, else its modification day); the writer
    checks it and reads again in the rare case it differs."""
    return document.date_received or record.date_received or record.modified


def findings_for(document: Document, record: SruRecord) -> Findings | None:
    """What the writer needs of an answer (None for any other kind of document)."""
    if document.kind != Kind.ANSWER:
        return None
    return read_answer(document, received_of(document, record))
