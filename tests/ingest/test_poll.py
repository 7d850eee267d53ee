"""Polls and backfills end to end: the KOOP emulator on loopback, real HTTP, SQLite on disk."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from monitor.config import Settings, load_settings
from monitor.emulator.corpus import Corpus
from monitor.emulator.defaults import default_corpus
from monitor.emulator.faults import Faults
from monitor.emulator.generate import generate_corpus
from monitor.emulator.server import Emulator
from monitor.ingest.poll import PollFailed, backfill, get_cursor, poll_once
from monitor.ingest.versions import load_document
from monitor.store.db import Database
from monitor.store.tables import (
    BackfillWindow,
    PollFailure,
    PollRun,
    Publication,
    PublicationVersion,
)

ID_2026 = "ah-1251487"
ID_TOZO = "ah-tk-20202021-3235"


def settings_for(sru_url: str, db_url: str, **source: object) -> Settings:
    env = {
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "2000",
        "MONITOR_SOURCE_MAX_BACKOFF_SECONDS": "0.05",
        "MONITOR_SOURCE_TIMEOUT_SECONDS": "5",
    }
    env.update({f"MONITOR_SOURCE_{k.upper()}": str(v) for k, v in source.items()})
    repo_config = Path(__file__).resolve().parents[2] / "config.toml"
    return load_settings(repo_config, environ=env)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, report = default_corpus(generated=40, seed=7)
    assert not report.notes, report.notes  # the 2026 PDF-only answer must be in it
    return corpus


@pytest.fixture
def emulator(corpus: Corpus) -> Iterator[Emulator]:
    with Emulator(corpus) as emu:
        yield emu


def _stored(db: Database) -> dict[str, int]:
    with db.reader() as s:
        rows = s.exec(
            select(Publication.identifier, func.count(PublicationVersion.id))
            .join(PublicationVersion, PublicationVersion.publication_id == Publication.id,
                  isouter=True)
            .group_by(Publication.identifier)
        ).all()
    return {identifier: n for identifier, n in rows}


def test_backfill_stores_every_publication_once_then_poll_costs_one_request_per_stream(
    emulator: Emulator, corpus: Corpus, sqlite_url: str
) -> None:
    settings = settings_for(emulator.sru_url, sqlite_url)
    db = Database(sqlite_url)
    report = backfill(db, settings, date(1998, 1, 1))
    assert report.failed == 0, report.failures
    stored = _stored(db)
    assert set(stored) == set(corpus.identifiers())
    assert all(n == 1 for n in stored.values())

    # The real samples parse exactly, through fetch and store.
    doc = load_document(db, ID_2026)
    assert doc.source_format == "pdf"
    assert len(doc.questions) == 11
    assert doc.answers[0].numbers == [1, 2, 3, 4]
    by_number = {n: a for a in doc.answers for n in a.numbers}
    assert by_number[10].refers_to == [1, 2, 3, 4]
    tozo = load_document(db, ID_TOZO)
    assert tozo.source_format == "xml"
    assert len(tozo.questions) == 9 and len(tozo.answers) == 9
    assert tozo.answers[3].refers_to == [2, 3]
    assert tozo.zaak == "2021Z09739"

    # Questions, answers and postponements that share a Zaak number are linked, whichever of
    # them was stored first (here they arrive in the same batches).
    with db.reader() as s:
        pubs = s.exec(select(Publication)).all()
    answer_of = {p.zaak: p.identifier for p in pubs if p.kind == "answer" and p.zaak}
    questions = {p.zaak: p for p in pubs if p.kind == "questions" and p.zaak}
    linked = [(q.answer_identifier, answer_of[z]) for z, q in questions.items() if z in answer_of]
    assert linked and all(got == want for got, want in linked)
    notices = [p for p in pubs if p.kind == "postponement" and p.zaak in questions]
    assert notices and all(p.postpones_identifier == questions[p.zaak].identifier
                           for p in notices)

    # Both commitments of the 2026 answer became statements and first_seen change records.
    from monitor.track.queries import commitments_overview
    with db.reader() as s:
        overview = {c.id: c for c in commitments_overview(s, settings)}
    assert {"edip-participation", "defensienota-2026"} <= set(overview)

    # Nothing new: one SRU request per stream and no document fetches.
    emulator.reset_log()
    again = poll_once(db, settings)
    assert (again.added, again.changed, again.failed) == (0, 0, 0)
    streams = 2  # answers and unanswered questions of the Tweede Kamer
    assert emulator.count("/sru") == streams
    assert emulator.count("/frbr") == 0
    assert again.requests == streams
    db.dispose()


def test_republished_answer_becomes_a_new_version(
    emulator: Emulator, corpus: Corpus, sqlite_url: str
) -> None:
    settings = settings_for(emulator.sru_url, sqlite_url)
    db = Database(sqlite_url)
    backfill(db, settings, date(1998, 1, 1))
    entry = corpus.get(ID_TOZO)
    xml = entry.content("xml")
    assert xml is not None
    changed = xml.replace(b"Ja. Volledigheidshalve", b"Nee. Volledigheidshalve")
    today = date.today()
    corpus.republish(ID_TOZO, modified=today, files={"xml": changed})
    report = poll_once(db, settings)
    assert report.changed == 1
    assert _stored(db)[ID_TOZO] == 2
    assert load_document(db, ID_TOZO).answers[0].paragraphs[0].startswith("Nee.")
    assert get_cursor(db, "answers-tk") == today
    db.dispose()


def test_poll_with_every_injected_failure(corpus: Corpus, tmp_path: Path) -> None:
    """Every reachable document ends up stored once; every unreachable one is reported."""
    small, _ = generate_corpus(60, seed=11, pdf_share=0.2)
    ids = sorted(small.identifiers())
    with_xml = [i for i in ids if i.startswith("ah") and "xml" in small.get(i).files]
    soft, missing_xml, truncated = with_xml[0], with_xml[1], with_xml[2]
    faults = Faults(
        seed=3,
        fail_rate=0.15,
        throttle_rate=0.1,
        retry_after="0",
        deep_start=40,
        deep_status=503,
        soft_404={soft},
        missing_xml={missing_xml},
        truncate_documents=200,
        truncate_ids={truncated},
        delay=0.0,
    )
    url = f"sqlite:///{tmp_path / 'm.db'}"
    db = Database(url)
    with Emulator(small, faults) as emu:
        # Pages at startRecord >= 40 always fail: only date windows of <= 30 records get through.
        settings = settings_for(emu.sru_url, url, page_size=10, retries=8,
                                max_window_records=30)
        backfill(db, settings, date(2024, 1, 1))
        assert emu.count("/sru") > 1
    stored = _stored(db)
    assert set(stored) == set(ids)
    # Every reachable document once; the unreachable one is known but has no version.
    assert {i: n for i, n in stored.items() if n != 1} == {soft: 0}
    with db.reader() as s:
        failures = s.exec(select(PollFailure)).all()
        status = {p.identifier: p.parse_status for p in s.exec(select(Publication)).all()}
    reasons = {f.identifier: f.reason for f in failures}
    assert soft in reasons and "404" in reasons[soft]
    assert status[soft] == "fetch_failed"
    assert truncated in reasons and status[truncated] == "failed"
    assert status[missing_xml] == "ok"  # fell back to the HTML manifestation
    assert load_document(db, missing_xml).source_format == "html"
    ok = {i for i, st in status.items() if st == "ok"}
    assert ok == set(ids) - {soft, truncated}
    db.dispose()


def test_source_down_is_a_failed_poll_not_an_empty_one(sqlite_url: str) -> None:
    settings = settings_for("http://127.0.0.1:9/sru", sqlite_url, retries=1)
    db = Database(sqlite_url)
    with pytest.raises(PollFailed) as info:
        poll_once(db, settings)
    assert "127.0.0.1:9" in str(info.value)
    assert "\n" not in str(info.value)
    with db.reader() as s:
        run = s.exec(select(PollRun)).one()
    assert run.status == "failed" and run.error
    assert get_cursor(db, "answers-tk") is None
    db.dispose()


class FlakyEmulator(Emulator):
    """Answers 503 for every document of the identifiers in ``down`` (a passing outage)."""

    down: frozenset[str] = frozenset()

    def _respond(self, number: int, path: str, params: dict[str, str]
                 ) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/frbr/") and any(f"/{i}/" in path for i in self.down):
            return 503, {"Content-Type": "text/plain"}, b"Service Unavailable\n"
        return super()._respond(number, path, params)


def test_transient_document_failure_holds_the_cursor(sqlite_url: str) -> None:
    today = date.today()
    small, _ = generate_corpus(8, seed=5, since=today - timedelta(days=6), until=today)
    db = Database(sqlite_url)
    window = today - timedelta(days=5)  # within the first poll's look-back
    answers = sorted((small.get(i) for i in small.identifiers()
                      if i.startswith("ah") and small.get(i).modified >= window),
                     key=lambda e: e.modified)
    victim = answers[0]
    with FlakyEmulator(small) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, retries=1)
        emu.down = frozenset({victim.identifier})
        report = poll_once(db, settings)
        assert [f.identifier for f in report.failures] == [victim.identifier]
        cursor = get_cursor(db, "answers-tk")
        assert cursor is not None and cursor <= victim.modified
        assert victim.identifier not in _stored(db) or _stored(db)[victim.identifier] == 0
        emu.down = frozenset()
        later = poll_once(db, settings)
        assert later.added == 1 and later.failed == 0
        assert get_cursor(db, "answers-tk") == max(e.modified for e in answers)
        assert all(_stored(db)[e.identifier] == 1 for e in answers)
    assert _stored(db)[victim.identifier] == 1
    db.dispose()


class HoldingEmulator(Emulator):
    """Holds the ``hold_at``-th SRU request (counted from 1) until ``release`` is set, so a
    test can act while a client is known to be in the middle of its work."""

    def __init__(self, corpus: Corpus, faults: Faults | None = None,
                 hold_prefix: str = "/sru") -> None:
        super().__init__(corpus, faults)
        self.hold_prefix = hold_prefix  # the requests counted (and the one held)
        self.hold_at: int | None = None
        self.sru_requests = 0
        self.held = threading.Event()
        self.release = threading.Event()
        self._hold_lock = threading.Lock()

    def _respond(self, number: int, path: str, params: dict[str, str]
                 ) -> tuple[int, dict[str, str], bytes]:
        if path.startswith(self.hold_prefix):
            with self._hold_lock:
                self.sru_requests += 1
                hold = self.hold_at is not None and self.sru_requests >= self.hold_at
            if hold and not self.release.is_set():
                self.held.set()
                self.release.wait(120)
        return super()._respond(number, path, params)


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_sigterm_stops_a_backfill_between_pages_as_interrupted(tmp_path: Path) -> None:
    small, _ = generate_corpus(150, seed=21, pdf_share=0.0)
    url = f"sqlite:///{tmp_path / 'term.db'}"
    with HoldingEmulator(small, hold_prefix="/frbr") as emu:
        env = {
            **os.environ,
            "MONITOR_CONFIG": str(Path(__file__).resolve().parents[2] / "config.toml"),
            "MONITOR_SOURCE_URL": emu.sru_url,
            "MONITOR_DATABASE_URL": url,
            "MONITOR_SOURCE_PAGE_SIZE": "50",  # pages big enough for the worker processes
            "MONITOR_SOURCE_PARSE_PROCESSES": "2",
        }
        emu.hold_at = 60  # a document of the second page: workers are busy with it
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "backfill", "--since",
                                 "2024-01-01"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            assert emu.held.wait(120), "the backfill never reached the held request"
            workers = _children(proc.pid)
            assert workers, "no worker processes to leave behind"
            proc.send_signal(signal.SIGTERM)
        finally:
            emu.release.set()
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "stopped on request" in err and "Traceback" not in err
    assert not [pid for pid in workers if _alive(pid)], "worker processes outlived the backfill"
    db = Database(url)
    with db.reader() as s:
        [run] = s.exec(select(PollRun)).all()
        stored = len(s.exec(select(Publication)).all())
    assert (run.kind, run.status) == ("backfill", "interrupted")
    assert 0 < stored < len(small.identifiers())  # stopped midway, what it had is kept
    db.dispose()


def test_backfill_killed_midway_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    small, _ = generate_corpus(150, seed=21, pdf_share=0.0)
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    with HoldingEmulator(small) as emu:
        env = {
            **os.environ,
            "MONITOR_CONFIG": str(Path(__file__).resolve().parents[2] / "config.toml"),
            "MONITOR_SOURCE_URL": emu.sru_url,
            "MONITOR_DATABASE_URL": url,
            "MONITOR_SOURCE_PAGE_SIZE": "20",
            "MONITOR_SOURCE_MAX_WINDOW_RECORDS": "40",  # many windows, so some complete
        }
        cmd = [sys.executable, "-m", "monitor", "backfill", "--since", "2024-01-01"]
        kills = 0
        for _ in range(2):
            # Kill while the backfill is known to be midway: a few SRU requests after the
            # previous attempt's, with the process blocked on the held one.
            emu.held.clear()
            emu.hold_at = emu.sru_requests + 4
            emu.release.clear()
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            try:
                assert emu.held.wait(120), "the backfill never reached the held request"
                assert proc.poll() is None
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                kills += 1
            finally:
                emu.hold_at = None
                emu.release.set()
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                assert proc.stderr is not None
                proc.stderr.close()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert kills == 2
    db = Database(url)
    stored = _stored(db)
    assert set(stored) == set(small.identifiers())
    assert Counter(stored.values()) == Counter({1: len(stored)})
    with db.reader() as s:
        runs = s.exec(select(PollRun).where(PollRun.kind == "backfill")).all()
    assert len(runs) == 3  # two interrupted or finished attempts and the final one
    assert runs[-1].status == "ok"
    # A killed run is not left "running" for ever: the next run on this host marks it.
    assert [r.status for r in runs[:-1]].count("interrupted") == kills
    db.dispose()


def test_backfill_with_the_source_down_is_recorded_as_failed(sqlite_url: str) -> None:
    settings = settings_for("http://127.0.0.1:9/sru", sqlite_url, retries=0)
    db = Database(sqlite_url)
    with pytest.raises(PollFailed, match=r"127\.0\.0\.1:9"):
        backfill(db, settings, date(2026, 1, 1))
    with db.reader() as s:
        run = s.exec(select(PollRun)).one()
        windows = s.exec(select(BackfillWindow)).all()
    assert (run.kind, run.status) == ("backfill", "failed")
    assert "127.0.0.1:9" in run.error
    assert windows == []
    db.dispose()


def test_a_parser_crash_is_a_recorded_parse_failure_not_a_stuck_stream(
    emulator: Emulator, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import monitor.parse as parse_module  # the seam every in-process parse calls

    real = parse_module.parse_document

    def crashing(data: bytes, fmt: object, **kwargs: object) -> object:
        if kwargs.get("identifier") == ID_TOZO:
            raise IndexError("list index out of range")
        return real(data, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "parse_document", crashing)
    settings = settings_for(emulator.sru_url, sqlite_url, parse_processes=0)
    db = Database(sqlite_url)
    report = backfill(db, settings, date(1998, 1, 1))
    assert [f.identifier for f in report.failures] == [ID_TOZO]
    assert "internal parser error" in report.failures[0].reason
    stored = _stored(db)
    assert stored[ID_TOZO] == 1 and stored[ID_2026] == 1
    with db.reader() as s:
        pub = s.exec(select(Publication).where(Publication.identifier == ID_TOZO)).one()
    assert pub.parse_status == "failed"
    db.dispose()


def test_reparse_fixes_stored_failures_from_raw_bytes_without_network(
    corpus: Corpus, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import monitor.parse as parse_module  # the seam every in-process parse calls
    from monitor.ingest.reparse import reparse
    from monitor.track.queries import commitments_overview

    real = parse_module.parse_document

    def crashing(data: bytes, fmt: object, **kwargs: object) -> object:
        if kwargs.get("identifier") in (ID_TOZO, ID_2026):
            raise IndexError("list index out of range")
        return real(data, fmt, **kwargs)  # type: ignore[arg-type]

    with Emulator(corpus) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, parse_processes=0)
        db = Database(sqlite_url)
        monkeypatch.setattr(parse_module, "parse_document", crashing)
        backfill(db, settings, date(1998, 1, 1))
        before = emu.count()
    monkeypatch.undo()  # the parser is fixed
    # The emulator is gone: reparsing needs no network.
    report = reparse(db, settings, only_failed=True)
    assert (report.examined, report.fixed, report.still_failing) == (2, 2, 0)
    assert len(load_document(db, ID_2026).questions) == 11
    assert load_document(db, ID_TOZO).answers[3].refers_to == [2, 3]
    with db.reader() as s:
        overview = {c.id for c in commitments_overview(s, settings)}
    assert {"edip-participation", "defensienota-2026"} <= overview
    assert before > 0
    # Nothing left to fix; a full pass finds every stored document unchanged.
    again = reparse(db, settings)
    assert again.fixed == again.changed == again.now_failing == 0
    assert again.unchanged == again.examined > 2
    db.dispose()
