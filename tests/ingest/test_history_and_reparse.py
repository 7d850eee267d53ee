"""History is not news; a reparse that fixes a failure alerts like ingest (one shared path)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from monitor.config import Settings, SubscriptionSettings
from monitor.emulator.server import Emulator
from monitor.ingest.poll import backfill
from monitor.ingest.reparse import reparse
from monitor.model import Format
from monitor.notify.outbox import is_history
from monitor.notify.tables import Delivery
from monitor.store.db import Database
from monitor.store.tables import Publication

from .test_reconcile import TODAY, recent_corpus, settings_for


def subscribed(settings: Settings, ministries: list[str]) -> Settings:
    sub = SubscriptionSettings(name="everything", webhook="https://hooks.example.org/x",
                               secret_env="HOOK_SECRET", commitments=["*"],
                               verdicts=["first_seen", "restated", "reworded",
                                         "position_changed", "timeline_changed",
                                         "figures_changed", "negation_flipped", "fulfilled"],
                               ministries=ministries)
    operator = settings.daemon.operator.model_copy(update={"email": ["ops@example.org"]})
    return settings.model_copy(update={
        "subscriptions": [sub],
        "daemon": settings.daemon.model_copy(update={"operator": operator})})


def deliveries(db: Database) -> list[Delivery]:
    with db.reader() as s:
        rows = s.exec(select(Delivery)).all()
        for r in rows:
            s.expunge(r)
    return list(rows)


def received_of(delivery: Delivery) -> date:
    payload = delivery.payload
    value = payload["change"]["received"] if "change" in payload else \
        payload["event"]["received"]
    return date.fromisoformat(value)


@pytest.mark.parametrize("max_age", [30, 0])
def test_a_backfill_of_history_alerts_only_recent_answers_and_sends_one_summary(
    sqlite_url: str, max_age: int
) -> None:
    corpus = recent_corpus(n=30)
    with Emulator(corpus) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, notify_alert_max_age_days=max_age)
        db = Database(sqlite_url)
        with db.reader() as s:
            assert not s.exec(select(Publication)).first()
        ministries = ["Ministerie", "Minister", "Financiën", "Defensie", "Justitie"]
        settings = subscribed(settings, ministries)
        report = backfill(db, settings, TODAY - timedelta(days=200))
    assert report.failed == 0
    rows = deliveries(db)
    subscriber = [d for d in rows if d.subscription == "everything"]
    operator = [d for d in rows if d.kind == "operator"]
    with db.reader() as s:
        answers = s.exec(select(Publication).where(Publication.kind == "answer")).all()
    old = [a for a in answers if a.date_received and
           a.date_received < TODAY - timedelta(days=30)]
    recent = [a for a in answers if a.date_received and
              a.date_received >= TODAY - timedelta(days=30)]
    assert old and recent, "the corpus must hold history and news"
    if max_age:
        assert subscriber, "recent answers are news"
        cutoff = TODAY - timedelta(days=max_age)
        assert all(received_of(d) >= cutoff for d in subscriber)
        assert [d.payload["alert"]["kind"] for d in operator] == ["history_recorded"]
        assert "alert_max_age_days" in operator[0].payload["alert"]["message"]
    else:
        assert any(received_of(d) < TODAY - timedelta(days=30) for d in subscriber)
        assert operator == []


def test_is_history_boundaries() -> None:
    settings = Settings().model_copy(update={
        "notify": Settings().notify.model_copy(update={"alert_max_age_days": 30})})
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    assert is_history(settings, "2026-05-30", now)
    assert not is_history(settings, "2026-05-31", now)
    assert not is_history(settings, None, now)
    assert not is_history(settings, "not a date", now)
    off = Settings().model_copy(update={
        "notify": Settings().notify.model_copy(update={"alert_max_age_days": 0})})
    assert not is_history(off, "1999-01-01", now)


def test_reparse_of_a_fixed_failure_queues_the_new_answer_event(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import monitor.parse as parse_module  # the seam every in-process parse calls

    corpus = recent_corpus(n=12)
    recent = [e for e in reversed(corpus.current()) if e.identifier.startswith("ah")
              and e.subrubriek == "Antwoord"]
    target = recent[0].identifier
    real = parse_module.parse_document

    def crashing(data: bytes, fmt: object, **kwargs: object) -> object:
        if kwargs.get("identifier") == target:
            raise IndexError("list index out of range")
        return real(data, fmt, **kwargs)  # type: ignore[arg-type]

    entry = corpus.get(target)
    fmt = Format.XML if "xml" in entry.files else Format.PDF
    ministry = real(entry.content(fmt.value) or b"", fmt, identifier=target).ministry
    assert ministry
    with Emulator(corpus) as emu:
        settings = settings_for(emu.sru_url, sqlite_url, notify_alert_max_age_days=0)
        settings = subscribed(settings, [ministry])
        db = Database(sqlite_url)
        monkeypatch.setattr(parse_module, "parse_document", crashing)
        backfill(db, settings, TODAY - timedelta(days=200))
    monkeypatch.undo()

    def events() -> list[str]:
        return sorted(d.ref.split(":")[0] for d in deliveries(db)
                      if d.kind == "event" and d.ref.endswith(":" + target))

    assert events() == []
    report = reparse(db, settings, only_failed=True)
    assert report.fixed == 1
    # Exactly what ingest queues for a new answer of a followed ministry (no Zaak followed).
    assert events() == ["new_answer"]
    again = reparse(db, settings)
    assert again.fixed == 0 and events() == ["new_answer"]
