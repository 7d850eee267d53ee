"""One hostile document must not take the service down: bounded parsing in worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.hostile import deep_xml, hostile_entry, label_bomb, pdf_bomb
from monitor.emulator.server import Emulator
from monitor.errors import ParseError
from monitor.ingest.sandbox import Limits, ParseSandbox
from monitor.model import Format
from monitor.store.db import Database
from monitor.store.tables import PendingFetch, PollFailure, PollRun

from .test_reconcile import TODAY, recent_corpus, stored_versions

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 300


def html_answer(corpus: Corpus) -> Entry:
    return next(e for e in corpus.current()
                if e.identifier.startswith("ah") and "html" in e.files)


def with_hostile(corpus: Corpus) -> dict[str, str]:
    """Add three hostile publications next to the good ones; their ids by kind."""
    base = html_answer(corpus)
    html = base.content("html") or b""
    assert b"Vraag 2" in html
    day = TODAY - timedelta(days=2)
    hostile = {
        "labels": hostile_entry(base, "ah-tk-20262027-9001", day,
                                {"html": label_bomb(html)}),
        "zipbomb": hostile_entry(base, "ah-9000001", day, {"pdf": pdf_bomb(200)}),
        "nesting": hostile_entry(base, "ah-tk-20262027-9003", day, {"xml": deep_xml()}),
    }
    for entry in hostile.values():
        corpus.add(entry)
    return {k: e.identifier for k, e in hostile.items()}


def test_the_sandbox_turns_a_label_bomb_into_a_parse_error_and_keeps_working() -> None:
    corpus = recent_corpus(n=4)
    base = html_answer(corpus)
    good = base.content("html") or b""
    sandbox = ParseSandbox(Limits(memory_mb=256, seconds=60))
    try:
        # The parser caps its labels (then it is a document with a warning); if it did not,
        # the limits would make it a parse error. Never a crash, never gigabytes.
        try:
            bombed = sandbox.parse(label_bomb(good), Format.HTML, identifier="ah-bomb")
        except ParseError as exc:
            assert "ah-bomb" in str(exc) and "\n" not in str(exc)
        else:
            assert all(q.number < 10_000_000 for q in bombed.questions)
        doc = sandbox.parse(good, Format.HTML, identifier=base.identifier)
        assert doc.questions
        with pytest.raises(ParseError):
            sandbox.parse(pdf_bomb(200), Format.PDF, identifier="ah-zip")
        with pytest.raises(ParseError):
            sandbox.parse(deep_xml(), Format.XML, identifier="ah-deep")
        assert sandbox.parse(good, Format.HTML, identifier=base.identifier).questions
    finally:
        sandbox.close()


def test_a_time_limit_stops_a_parse_that_does_not_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.ingest import sandbox as sandbox_module

    def forever(*_args: object, **_kwargs: object) -> object:
        while True:
            time.monotonic()

    monkeypatch.setattr("monitor.parse.parse_document", forever)
    with pytest.raises(ParseError, match=r"longer than 0\.2 s"):
        sandbox_module.parse_limited(b"<x/>", Format.XML, identifier="ah-slow", record=None,
                                     limits=Limits(seconds=0.2, memory_mb=0))


def test_a_parse_beyond_the_memory_limit_is_a_parse_error(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor.ingest import sandbox as sandbox_module

    def greedy(*_args: object, **_kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr("monitor.parse.parse_document", greedy)
    with pytest.raises(ParseError, match="more than 256 MB"):
        sandbox_module.parse_limited(b"<x/>", Format.XML, identifier="ah-big", record=None,
                                     limits=Limits(seconds=0, memory_mb=256))


def test_the_memory_limit_holds_in_a_worker_process() -> None:
    """The limit the parse workers set: an allocation past it fails inside the process."""
    code = ("from monitor.ingest.sandbox import limit_memory\n"
            "limit_memory(256)\n"
            "try:\n"
            "    block = bytearray(400 * 1024 * 1024)\n"
            "except MemoryError:\n"
            "    print('refused')\n"
            "else:\n"
            "    print('allocated', len(block))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "refused", done.stderr


def _env(sru_url: str, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update({
        "MONITOR_CONFIG": str(ROOT / "config.toml"),
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "500",
        "MONITOR_SOURCE_MAX_BACKOFF_SECONDS": "0.05",
        "MONITOR_SOURCE_FIRST_POLL_DAYS": "200",
        "MONITOR_SOURCE_PARSE_MEMORY_MB": "256",
        "MONITOR_DAEMON_POLL_INTERVAL_MINUTES": "600",
    })
    return env


# Runs the command and prints the largest resident set of any process it waited for (the poll
# and its parse workers), in KB.
_MEASURE = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stderr.write(r.stdout + r.stderr)\n"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def test_a_poll_meeting_hostile_documents_records_them_and_stays_small(
    tmp_path: Path
) -> None:
    corpus = recent_corpus(n=12)
    hostile = with_hostile(corpus)
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    with Emulator(corpus) as emu:
        env = _env(emu.sru_url, url)
        done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "monitor",
                               "poll"], env=env, capture_output=True, text=True, timeout=600)
    code, max_kb = (int(v) for v in done.stdout.split())
    assert code == 0, done.stderr  # a partial poll: the source answered
    assert "Traceback" not in done.stderr
    assert max_kb < LIMIT_MB * 1024, f"a process of the poll reached {max_kb // 1024} MB"
    db = Database(url)
    stored = stored_versions(db)
    good = set(corpus.identifiers()) - set(hostile.values())
    assert good <= set(stored) and all(len(stored[i]) == 1 for i in good)
    with db.reader() as s:
        failures = {f.identifier: f for f in s.exec(select(PollFailure)).all()}
        pending = {p.identifier for p in s.exec(select(PendingFetch)).all()}
    # The zip bomb and the nesting are failures; the label bomb is a failure, or a document
    # whose impossible label the parser dropped. Each hostile one: stored once or outstanding.
    assert {hostile["zipbomb"], hostile["nesting"]} <= set(failures) <= set(hostile.values())
    assert all("\n" not in f.reason and f.identifier in f.reason for f in failures.values())
    assert pending == set(failures)  # retried later, reported in status meanwhile
    assert all(i in pending or len(stored.get(i, [])) == 1 for i in hostile.values())
    db.dispose()


def test_the_daemon_keeps_running_after_a_hostile_document(tmp_path: Path) -> None:
    corpus = recent_corpus(n=6)
    hostile = with_hostile(corpus)
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    with Emulator(corpus) as emu:
        env = _env(emu.sru_url, url)
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "run"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # Wait for the observable event: the first poll run is recorded as finished.
            deadline = time.monotonic() + 300
            finished = None
            while time.monotonic() < deadline and proc.poll() is None:
                if Path(tmp_path / "monitor.db").exists():
                    try:
                        db = Database(url, migrate_schema=False)
                        with db.reader() as s:
                            finished = s.exec(select(PollRun).where(
                                PollRun.kind == "poll", PollRun.status != "running")).first()
                        db.dispose()
                    except Exception:
                        finished = None  # the schema is being created
                if finished is not None:
                    break
                time.sleep(0.2)  # polling an observable state, not a fixed wait
            assert finished is not None, "the daemon recorded no finished poll"
            assert finished.status == "partial" and 2 <= finished.failed <= len(hostile)
            assert proc.poll() is None, "the daemon died"
        finally:
            proc.terminate()
            _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err


def test_monitor_parse_of_a_hostile_file_is_one_line(tmp_path: Path) -> None:
    corpus = recent_corpus(n=4)
    bomb = tmp_path / "bomb.html"
    bomb.write_bytes(label_bomb(html_answer(corpus).content("html") or b""))
    env = _env("http://127.0.0.1:9/sru", f"sqlite:///{tmp_path / 'm.db'}")
    done = subprocess.run([sys.executable, "-m", "monitor", "parse", str(bomb)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == done.returncode, done.stderr  # parsed within the caps, or one line
    zipbomb = tmp_path / "bomb.pdf"
    zipbomb.write_bytes(pdf_bomb(200))
    done = subprocess.run([sys.executable, "-m", "monitor", "parse", str(zipbomb)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
