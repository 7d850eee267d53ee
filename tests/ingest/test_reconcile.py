"""Late arrivals: reconciliation and a rerun backfill find what polls cannot (KOOP emulator)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from monitor.config import Settings, load_settings
from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.faults import Faults
from monitor.emulator.generate import generate_corpus
from monitor.emulator.server import Emulator
from monitor.ingest.poll import backfill, get_cursor, poll_once
from monitor.ingest.reconcile import day_windows, reconcile, reconcile_status, status_lines
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion, SruEntry

TODAY = date.today()


def settings_for(sru_url: str, db_url: str, **env: object) -> Settings:
    base = {
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "2000",
        "MONITOR_SOURCE_MAX_BACKOFF_SECONDS": "0.05",
        "MONITOR_SOURCE_TIMEOUT_SECONDS": "5",
        "MONITOR_SOURCE_PARSE_PROCESSES": "0",
        "MONITOR_SOURCE_PAGE_SIZE": "10",
    }
    base.update({f"MONITOR_{k.upper()}": str(v) for k, v in env.items()})
    repo_config = Path(__file__).resolve().parents[2] / "config.toml"
    return load_settings(repo_config, environ=base)


def recent_corpus(n: int = 30, seed: int = 11) -> Corpus:
    """Answers and questions spread over the last ~120 days (so 90 days of them are recent)."""
    corpus, _ = generate_corpus(n, seed=seed, since=TODAY - timedelta(days=120),
                                until=TODAY - timedelta(days=1), pdf_share=0.0)
    return corpus


@pytest.fixture
def corpus() -> Corpus:
    return recent_corpus()


@pytest.fixture
def emulator(corpus: Corpus) -> Iterator[Emulator]:
    with Emulator(corpus) as emu:
        yield emu


def stored_versions(db: Database) -> dict[str, list[str]]:
    with db.reader() as s:
        rows = s.exec(
            select(Publication.identifier, PublicationVersion.stamp)
            .join(PublicationVersion, PublicationVersion.publication_id == Publication.id)
        ).all()
    out: dict[str, list[str]] = {}
    for identifier, stamp in rows:
        out.setdefault(identifier, []).append(stamp)
    return out


def answer_in_window(corpus: Corpus, lo: date, hi: date) -> Entry:
    for e in corpus.current():
        if lo <= e.modified <= hi and e.identifier.startswith("ah"):
            return e
    raise AssertionError(f"no answer modified between {lo} and {hi} in the corpus")


def test_day_windows_cover_the_range_once() -> None:
    windows = list(day_windows(date(2026, 1, 1), date(2026, 1, 20), 7))
    assert windows == [(date(2026, 1, 1), date(2026, 1, 7)), (date(2026, 1, 8), date(2026, 1, 14)),
                       (date(2026, 1, 15), date(2026, 1, 20))]
    assert list(day_windows(date(2026, 1, 1), date(2026, 1, 1), 7)) == [
        (date(2026, 1, 1), date(2026, 1, 1))]


def test_a_late_arrival_is_missed_by_polls_and_found_by_reconciliation(
    corpus: Corpus, emulator: Emulator, sqlite_url: str
) -> None:
    settings = settings_for(emulator.sru_url, sqlite_url)
    db = Database(sqlite_url)
    late = answer_in_window(corpus, TODAY - timedelta(days=60), TODAY - timedelta(days=20))
    # The index lags: the record is not listed while history is loaded and polls run.
    emulator.faults = Faults(hidden={late.identifier})
    backfill(db, settings, TODAY - timedelta(days=200))
    poll_once(db, settings)
    cursor = get_cursor(db, "answers-tk")
    emulator.faults = Faults()  # now the service lists it, with its old dt.modified
    poll_once(db, settings)
    assert late.identifier not in stored_versions(db), "a poll cannot see a late arrival"

    emulator.reset_log()
    report = reconcile(db, settings)
    stored = stored_versions(db)
    assert set(stored) == set(corpus.identifiers())
    assert all(len(stamps) == 1 for stamps in stored.values())  # exactly once
    assert report.status == "ok" and report.differing == 1 and report.short == []
    assert get_cursor(db, "answers-tk") == cursor  # reconciliation never moves a cursor
    # Only the one window that differed was walked; each other window cost one count.
    streams = 2
    windows = len(list(day_windows(report.since, report.until, settings.reconcile.window_days)))
    assert report.windows == windows * streams
    documents = emulator.count("/frbr")
    assert 1 <= documents <= 2  # the late answer (its xml; maybe its owms metadata)

    # Nothing is missing now: the next reconciliation costs one request per window.
    emulator.reset_log()
    again = reconcile(db, settings)
    assert again.differing == 0 and again.fetched == 0
    assert emulator.count() == again.windows == windows * streams
    assert again.requests == again.windows

    lines = status_lines(reconcile_status(db), datetime.now(UTC))
    assert lines[0].startswith("last reconciliation: ") and "0 differed" in lines[0]
    assert "documents outstanding: none" in lines
    db.dispose()


def test_a_record_redated_behind_the_cursor_is_found_and_the_old_window_settles(
    corpus: Corpus, emulator: Emulator, sqlite_url: str
) -> None:
    settings = settings_for(emulator.sru_url, sqlite_url)
    db = Database(sqlite_url)
    backfill(db, settings, TODAY - timedelta(days=200))
    moved = answer_in_window(corpus, TODAY - timedelta(days=100), TODAY - timedelta(days=70))
    new_day = TODAY - timedelta(days=30)
    # KOOP re-dates the record to a day the polls passed long ago (and the index lagged).
    corpus.republish(moved.identifier, modified=new_day)
    poll_once(db, settings)
    assert len(stored_versions(db)[moved.identifier]) == 1

    report = reconcile(db, settings, since=TODAY - timedelta(days=120))
    assert report.differing == 2  # the window it left (one too many) and the one it joined
    assert len(stored_versions(db)[moved.identifier]) == 2  # the re-dated state, once
    with db.reader() as s:
        entry = s.get(SruEntry, ("answers-tk", moved.identifier))
    assert entry is not None and entry.modified == new_day
    again = reconcile(db, settings, since=TODAY - timedelta(days=120))
    assert again.differing == 0 and again.fetched == 0
    db.dispose()


def test_a_rerun_backfill_rechecks_completed_windows(
    corpus: Corpus, emulator: Emulator, sqlite_url: str
) -> None:
    settings = settings_for(emulator.sru_url, sqlite_url)
    db = Database(sqlite_url)
    late = answer_in_window(corpus, TODAY - timedelta(days=110), TODAY - timedelta(days=10))
    emulator.faults = Faults(hidden={late.identifier})
    backfill(db, settings, TODAY - timedelta(days=200))
    assert late.identifier not in stored_versions(db)
    emulator.faults = Faults()

    # Run again by hand to close the gap: the completed windows are counted, not trusted.
    report = backfill(db, settings, TODAY - timedelta(days=200))
    stored = stored_versions(db)
    assert set(stored) == set(corpus.identifiers())
    assert all(len(stamps) == 1 for stamps in stored.values())
    assert report.added == 1 and report.fetched == 1

    # Complete and unchanged: a rerun only counts; --force reads every window again but
    # fetches no document that is already stored.
    emulator.reset_log()
    quiet = backfill(db, settings, TODAY - timedelta(days=200))
    assert quiet.fetched == 0 and emulator.count("/frbr") == 0
    counted = emulator.count()
    forced = backfill(db, settings, TODAY - timedelta(days=200), force=True)
    assert forced.fetched == 0 and forced.unchanged == len(corpus)
    assert emulator.count() > 2 * counted
    with db.reader() as s:
        assert s.exec(select(func.count()).select_from(SruEntry)).one() == len(corpus)
    db.dispose()


def test_monitor_run_schedules_reconciliation_and_runs_it_as_the_lease_holder(
    corpus: Corpus, emulator: Emulator, sqlite_url: str
) -> None:
    from apscheduler.triggers.cron import CronTrigger

    from monitor.config import ConfigError
    from monitor.daemon.jobs import Daemon
    from monitor.daemon.schedule import build_scheduler

    settings = settings_for(emulator.sru_url, sqlite_url, reconcile_cron="15 2 * * *",
                            reconcile_full_cron="")
    db = Database(sqlite_url)
    daemon = Daemon(db, settings)
    sched = build_scheduler(daemon)
    jobs = {job.id: job for job in sched.get_jobs()}
    assert "reconcile" in jobs and "reconcile-full" not in jobs
    trigger = jobs["reconcile"].trigger
    assert isinstance(trigger, CronTrigger) and "hour='2'" in str(trigger)
    backfill(db, settings, TODAY - timedelta(days=200))
    daemon.reconcile_job("recent")
    assert daemon.reconciliations == 1
    st = reconcile_status(db)
    assert st.last_scope == "recent" and st.last_status == "ok" and st.last_differing == 0
    daemon.release()
    db.dispose()
    bad = settings_for(emulator.sru_url, sqlite_url, reconcile_cron="every night")
    with pytest.raises(ConfigError, match="reconcile cron"):
        build_scheduler(Daemon(Database(sqlite_url), bad))


def test_status_shows_windows_still_short_and_outstanding_documents(
    corpus: Corpus, emulator: Emulator, sqlite_url: str
) -> None:
    from monitor.daemon.health import health, render_text

    settings = settings_for(emulator.sru_url, sqlite_url, source_retries=0)
    db = Database(sqlite_url)
    late = answer_in_window(corpus, TODAY - timedelta(days=60), TODAY - timedelta(days=20))
    gone = answer_in_window(corpus, TODAY - timedelta(days=19), TODAY - timedelta(days=2))
    emulator.faults = Faults(hidden={late.identifier}, missing={gone.identifier})
    backfill(db, settings, TODAY - timedelta(days=200))
    poll_once(db, settings)
    # The late record is listed now, but its document cannot be fetched for the moment.
    emulator.faults = Faults(fail_rate=1.0, fail_paths="/frbr", fail_status=503,
                             missing={gone.identifier})
    report = reconcile(db, settings)
    assert report.status == "short" and len(report.short) == 1
    assert report.short[0]["stored"] + 1 == report.short[0]["source"]
    h = health(db, settings)
    text = render_text(h)
    assert "window still short: answers-tk" in text
    assert "documents outstanding: 1 (0 given up)" in text and gone.identifier in text
    assert "windows_short" in {p.code for p in h.problems}
    assert h.to_json()["reconciliation"]["outstanding"] == 1

    emulator.faults = Faults(missing={gone.identifier})
    again = reconcile(db, settings)
    assert again.status == "ok" and again.short == []
    assert late.identifier in stored_versions(db)
    assert "window still short" not in render_text(health(db, settings))
    db.dispose()


def test_late_arrivals_and_retries_on_both_databases(
    corpus: Corpus, emulator: Emulator, database_url: str
) -> None:
    settings = settings_for(emulator.sru_url, database_url,
                            source_retry_first_minutes="0.0001")
    db = Database(database_url)
    late = answer_in_window(corpus, TODAY - timedelta(days=60), TODAY - timedelta(days=20))
    gone = answer_in_window(corpus, TODAY - timedelta(days=19), TODAY - timedelta(days=2))
    emulator.faults = Faults(hidden={late.identifier}, missing={gone.identifier})
    backfill(db, settings, TODAY - timedelta(days=200))
    emulator.faults = Faults()
    report = reconcile(db, settings)
    assert report.status == "ok" and report.differing == 1
    stored = stored_versions(db)
    assert set(stored) == set(corpus.identifiers())  # the late one, and the retried one
    assert all(len(v) == 1 for v in stored.values())
    assert reconcile_status(db).outstanding == 0
    db.dispose()
