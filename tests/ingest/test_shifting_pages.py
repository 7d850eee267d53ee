"""Pages that shift while being read: a record re-published mid-walk must not hide another."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from monitor.emulator.corpus import Corpus
from monitor.emulator.faults import Faults
from monitor.emulator.server import Emulator
from monitor.errors import ResultsShifted
from monitor.fetch.http import HttpClient
from monitor.fetch.sru import SruClient, streams_for
from monitor.ingest.poll import PollFailed, get_cursor, poll_once
from monitor.store.db import Database

from .test_reconcile import TODAY, recent_corpus, settings_for, stored_versions


def republish_first_on(corpus: Corpus, request: int) -> Faults:
    """Before SRU request ``request``, re-publish the oldest answer (already read on page 1)."""
    first = next(e for e in corpus.current() if e.identifier.startswith("ah"))

    def hook(number: int) -> None:
        if number == request:
            corpus.republish(first.identifier, modified=TODAY)

    return Faults(before_sru=hook)


def test_the_record_at_the_page_boundary_would_be_skipped_without_a_check() -> None:
    """The fault is real: a plain walk of the shifted pages misses one record."""
    corpus = recent_corpus()
    with Emulator(corpus) as emu:
        emu.faults = republish_first_on(corpus, 2)
        settings = settings_for(emu.sru_url, "sqlite://").source
        stream = streams_for(settings)[0]
        with HttpClient(settings) as http:
            sru = SruClient(http, settings.model_copy(update={"page_size": 5}), rewalks=0)
            seen: list[str] = []
            with pytest.raises(ResultsShifted, match="kept shifting"):
                for page in sru.pages(stream, TODAY - timedelta(days=200)):
                    seen.extend(r.identifier for r in page.records)
        listed = [e.identifier for e in corpus.current() if e.identifier.startswith("ah")]
        assert set(listed) - set(seen), "one answer was never listed on any page"


def test_a_poll_reads_again_until_every_record_was_seen_once(sqlite_url: str) -> None:
    corpus = recent_corpus()
    with Emulator(corpus) as emu:
        emu.faults = republish_first_on(corpus, 2)
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200,
                                source_page_size=5)
        db = Database(sqlite_url)
        report = poll_once(db, settings)
        stored = stored_versions(db)
        # Every publication, each state once (the re-published answer has two states).
        assert set(stored) == set(corpus.identifiers())
        assert sorted(len(v) for v in stored.values())[-1] <= 2
        assert sum(len(v) for v in stored.values()) == len(corpus) + 1
        assert report.failed == 0
        assert get_cursor(db, "answers-tk") == TODAY
        db.dispose()


def test_results_that_keep_shifting_fail_the_poll_and_keep_the_cursor(sqlite_url: str) -> None:
    corpus = recent_corpus()
    with Emulator(corpus) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200,
                                source_page_size=5, reconcile_rewalks=1)
        db = Database(sqlite_url)
        day = [TODAY - timedelta(days=1)]
        answers = [e.identifier for e in corpus.current() if e.identifier.startswith("ah")]

        def hook(number: int) -> None:
            # Every second page request: the oldest stored answer is re-published again.
            if number % 2 == 0:
                current = {e.identifier: e for e in corpus.current()}
                oldest = min(answers, key=lambda i: (current[i].modified, current[i].stamp))
                corpus.republish(oldest, modified=day[0],
                                 stamp=f"{day[0].isoformat()}T12:00:{number % 60:02d}.0+02:00")

        emu.faults = Faults(before_sru=hook)
        with pytest.raises(PollFailed, match="kept shifting"):
            poll_once(db, settings)
        assert get_cursor(db, "answers-tk") is None  # never past an unverified gap
        db.dispose()


def test_stable_results_need_no_second_walk(sqlite_url: str) -> None:
    corpus = recent_corpus()
    with Emulator(corpus) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200,
                                source_page_size=5, source_unanswered_questions="false")
        db = Database(sqlite_url)
        poll_once(db, settings)
        answers = sum(1 for e in corpus.current() if e.identifier.startswith("ah"))
        sru_requests = emu.count("/sru")
        assert sru_requests == -(-answers // 5)  # one request per page, no re-walk
        assert date.fromisoformat(str(get_cursor(db, "answers-tk"))) <= TODAY
        db.dispose()
