"""A document that fails once is fetched again: truncated bodies, 404s and soft 404s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from monitor.config import SubscriptionSettings
from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.faults import Faults
from monitor.emulator.server import Emulator
from monitor.ingest.outstanding import outstanding
from monitor.ingest.poll import backfill, poll_once
from monitor.ingest.reparse import reparse
from monitor.ingest.versions import load_document
from monitor.model import Format
from monitor.notify.tables import Delivery
from monitor.parse import parse_document
from monitor.store.db import Database
from monitor.store.tables import FetchAttempt, PendingFetch, Publication, PublicationVersion

from .test_reconcile import TODAY, recent_corpus, settings_for, stored_versions

# Retries are due at once in these tests; the backoff itself is tested on its own.
FAST = {"source_retry_first_minutes": "0.0001"}
def an_answer(corpus: Corpus) -> Entry:
    return next(e for e in reversed(corpus.current())
                if e.identifier.startswith("ah") and "xml" in e.files and "html" in e.files)


def pending(db: Database) -> dict[str, PendingFetch]:
    with db.reader() as s:
        rows = s.exec(select(PendingFetch)).all()
        for r in rows:
            s.expunge(r)
    return {r.identifier: r for r in rows}


def test_truncated_xml_falls_back_to_html_and_keeps_the_bad_bytes(sqlite_url: str) -> None:
    corpus = recent_corpus()
    target = an_answer(corpus)
    with Emulator(corpus, Faults(truncate_documents=900, truncate_ids={target.identifier},
                                 truncate_manifestations={"xml"})) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200)
        db = Database(sqlite_url)
        report = poll_once(db, settings)
    assert report.failed == 0
    doc = load_document(db, target.identifier)
    assert doc.source_format == "html" and doc.questions
    with db.reader() as s:
        attempts = s.exec(select(FetchAttempt)
                          .where(FetchAttempt.identifier == target.identifier)).all()
    assert [(a.manifestation, a.blob_sha256 is not None) for a in attempts] == [("xml", True)]
    assert pending(db) == {}
    db.dispose()


def test_a_truncated_document_is_retried_until_it_parses_and_alerts_like_ingest(
    sqlite_url: str
) -> None:
    corpus = recent_corpus()
    target = an_answer(corpus)
    ministry = parse_document(target.content("xml") or b"", Format.XML,
                              identifier=target.identifier).ministry
    assert ministry
    faults = Faults(truncate_documents=900, truncate_ids={target.identifier})
    with Emulator(corpus, faults) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200, **FAST,
                                notify_alert_max_age_days=0)
        sub = SubscriptionSettings(name="ministry", webhook="https://hooks.example.org/x",
                                   secret_env="HOOK_SECRET", commitments=[],
                                   ministries=[ministry])
        settings = settings.model_copy(update={"subscriptions": [sub]})
        db = Database(sqlite_url)
        first = poll_once(db, settings)
        assert [f.identifier for f in first.failures] == [target.identifier]
        rows = pending(db)
        assert set(rows) == {target.identifier}
        assert rows[target.identifier].stage == "parse"
        # Both manifestations were tried, and the raw bytes of each try are kept.
        with db.reader() as s:
            tried = s.exec(select(FetchAttempt.manifestation, FetchAttempt.blob_sha256)
                           .where(FetchAttempt.identifier == target.identifier)).all()
        assert sorted(m for m, _ in tried) == ["html", "xml"] and all(h for _, h in tried)
        assert _events(db, target.identifier) == []

        # A reparse of the stored bytes cannot fix a truncated body: still outstanding.
        assert reparse(db, settings, only_failed=True).still_failing == 1

        emu.faults = Faults()  # the repository serves the whole document again
        again = poll_once(db, settings)
    assert again.failed == 0
    assert pending(db) == {}
    doc = load_document(db, target.identifier)
    assert doc.source_format == "xml" and doc.questions
    assert len(stored_versions(db)[target.identifier]) == 1  # the failed state became good
    # The alerts a normal ingest gives: new_answer and answered, once each.
    assert _events(db, target.identifier) == ["new_answer"]
    db.dispose()


def _events(db: Database, identifier: str) -> list[str]:
    with db.reader() as s:
        rows = s.exec(select(Delivery.ref).where(Delivery.kind == "event")).all()
    return [r.split(":", 1)[0] for r in rows if r.endswith(":" + identifier)]


def test_404_and_soft_404_are_retried_with_backoff_then_an_operator_alert(
    sqlite_url: str
) -> None:
    corpus = recent_corpus()
    answers = [e for e in reversed(corpus.current()) if e.identifier.startswith("ah")]
    gone, soft = answers[0].identifier, answers[1].identifier
    with Emulator(corpus, Faults(missing={gone}, soft_404={soft})) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, source_first_poll_days=200,
                                source_retry_first_minutes=60)
        settings = settings.model_copy(update={"daemon": settings.daemon.model_copy(update={
            "operator": settings.daemon.operator.model_copy(update={
                "email": ["ops@example.org"]})})})
        db = Database(sqlite_url)
        poll_once(db, settings)
        rows = pending(db)
        assert set(rows) == {gone, soft}
        assert all(r.stage == "fetch" and r.attempts == 1 for r in rows.values())
        next_try = rows[gone].next_attempt_at.replace(tzinfo=UTC)
        assert timedelta(minutes=59) < next_try - datetime.now(UTC) <= timedelta(minutes=60)

        # Not due yet: the next poll leaves them alone.
        emu.reset_log()
        poll_once(db, settings)
        assert pending(db)[gone].attempts == 1
        assert not [r for r in emu.requests if r.path.startswith("/frbr")]

        # Seven days later (the clock of the rows is moved back) the source still fails:
        # each becomes one operator alert instead of silence, and is not tried again.
        with db.writer() as s:
            for r in s.exec(select(PendingFetch)).all():
                r.first_failed_at -= timedelta(days=8)
                r.next_attempt_at -= timedelta(days=8)
                s.add(r)
        poll_once(db, settings)
        rows = pending(db)
        assert {r.status for r in rows.values()} == {"gave_up"}
        with db.reader() as s:
            alerts = s.exec(select(Delivery).where(Delivery.kind == "operator")).all()
        kinds = [a.payload["alert"]["kind"] for a in alerts]
        assert kinds.count("publication_unavailable") == 2
        messages = [a.payload["alert"]["message"] for a in alerts
                    if a.payload["alert"]["kind"] == "publication_unavailable"]
        assert sorted(m.split(" ", 1)[0] for m in messages) == sorted([gone, soft])
        emu.reset_log()
        poll_once(db, settings)
        assert not [r for r in emu.requests if r.path.startswith("/frbr")]
        total, listed = outstanding(db)
        assert total == 2 and {o.status for o in listed} == {"gave_up"}

        # The publication comes back (a re-published state): stored, nothing outstanding.
        emu.faults = Faults()
        corpus.republish(gone, modified=TODAY)
        poll_once(db, settings)
        assert set(pending(db)) == {soft}
        assert load_document(db, gone).questions
    with db.reader() as s:
        n = s.exec(select(func.count()).select_from(Publication)).one()
        versions = s.exec(select(func.count()).select_from(PublicationVersion)).one()
    assert n == len(corpus) and versions == len(corpus) - 1  # soft never had a version
    db.dispose()


def test_backfill_retries_what_is_due(sqlite_url: str) -> None:
    corpus = recent_corpus()
    target = an_answer(corpus)
    with Emulator(corpus, Faults(missing={target.identifier})) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, **FAST)
        db = Database(sqlite_url)
        backfill(db, settings, TODAY - timedelta(days=200))
        assert set(pending(db)) == {target.identifier}
        emu.faults = Faults()
        backfill(db, settings, TODAY - timedelta(days=200))
    assert pending(db) == {}
    assert len(stored_versions(db)[target.identifier]) == 1
    db.dispose()
