"""The deadline check and promise alerts: the calendar moves promises to due/overdue, lineage
slips, keeps or drops them, and every status change reaches the outbox exactly once (SQLite on
disk and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.model import Answer, Document, Kind, Person, Question
from monitor.notify.promise_outbox import promise_reason
from monitor.notify.render import Entry, render
from monitor.notify.send import webhook_body
from monitor.notify.tables import Delivery
from monitor.promises.alerts import check_deadlines, today_for
from monitor.promises.store import PromiseQuery, get_promise, list_promises
from monitor.promises.tables import PromiseRecord
from monitor.store.db import Database

from .test_store_and_commands import _store_version


def _answer(identifier: str, received: date, text: str,
            ministry: str = "Infrastructuur en Waterstaat") -> Document:
    return Document(identifier=identifier, kind=Kind.ANSWER, ministry=ministry,
                    ministers=[Person(name="B. Madlener", role="Minister")],
                    date_received=received,
                    questions=[Question(1, "Wanneer komt de evaluatie?")],
                    answers=[Answer(numbers=[1], paragraphs=[text])])


def _settings(**subscription: object) -> Settings:
    return Settings.model_validate({
        "notify": {"alert_max_age_days": 30},
        "subscriptions": [{"name": "iw", "webhook": "http://127.0.0.1:9/hook",
                           "secret_env": "HOOK_SECRET", "commitments": [], **subscription}],
    })


@pytest.fixture
def db(database_url: str) -> Database:
    return Database(database_url)


def _promise_rows(db: Database) -> list[Delivery]:
    with db.reader() as s:
        return list(s.exec(select(Delivery).where(Delivery.kind == "promise")
                           .order_by(Delivery.id)).all())  # type: ignore[arg-type]


def test_each_status_change_is_alerted_once(db: Database) -> None:
    settings = _settings(promise_ministries=["Infrastructuur"])
    _store_version(db, _answer("ah-a", date(2025, 3, 10), "Ik informeer uw Kamer vóór 1 juni "
                               "over de evaluatie van de stuw Borgharen."), 1)
    early = check_deadlines(db, settings, today=date(2025, 5, 10))
    assert (early.due, early.overdue, early.deliveries) == (1, 0, 0)  # due is not an alert
    first = check_deadlines(db, settings, today=date(2025, 6, 2))
    assert (first.overdue, first.alerted, first.deliveries) == (1, 1, 1)
    again = check_deadlines(db, settings, today=date(2025, 6, 3))  # a re-run, a restart
    assert (again.overdue, again.alerted, again.deliveries) == (0, 0, 0)
    [overdue] = _promise_rows(db)
    promise = overdue.payload["promise"]
    assert overdue.ref == f"promise:{promise['id']}:overdue"
    assert (promise["alert"], promise["deadline"]["last"]) == ("overdue", "2025-05-31")

    # An overdue promise can still slip: the later answer moves it, and that is told once.
    _store_version(db, _answer("ah-c", date(2025, 6, 20), "Ik informeer uw Kamer na de zomer "
                               "over de evaluatie van de stuw Borgharen."), 1)
    slipped = check_deadlines(db, settings, today=date(2025, 6, 21))
    assert (slipped.alerted, slipped.deliveries) == (1, 1)
    _store_version(db, _answer("ah-d", date(2025, 9, 25), "Op 22 september heb ik uw Kamer "
                               "geïnformeerd over de evaluatie van de stuw Borgharen."), 1)
    kept = check_deadlines(db, settings, today=date(2025, 9, 26))
    assert (kept.alerted, kept.deliveries) == (1, 1)
    assert check_deadlines(db, settings, today=date(2025, 9, 27)).deliveries == 0
    rows = _promise_rows(db)
    told = [(r.payload["promise"]["identifier"], r.payload["promise"]["alert"]) for r in rows]
    assert told == [("ah-a", "overdue"), ("ah-a", "slipped"), ("ah-c", "fulfilled")]
    assert rows[1].payload["promise"]["linked"]["identifier"] == "ah-c"
    assert len({r.idempotency_key for r in rows}) == 3


def test_a_later_answer_that_drops_the_act_withdraws_the_promise(db: Database) -> None:
    settings = _settings(promises=["*"], promise_statuses=["withdrawn"])
    _store_version(db, _answer("ah-a", date(2025, 3, 10), "Ik stuur uw Kamer voor de zomer een "
                               "evaluatie van de subsidieregeling walstroom."), 1)
    _store_version(db, _answer("ah-x", date(2025, 4, 1), "Het kabinet ziet af van de "
                               "evaluatie van de subsidieregeling voor zeeschepen.",
                               ministry="Defensie"), 1)  # another ministry: no lineage
    _store_version(db, _answer("ah-b", date(2025, 5, 1), "Ik zie af van een aparte evaluatie "
                               "van de subsidieregeling walstroom."), 1)
    with db.reader() as s:
        [row] = s.exec(select(PromiseRecord).where(PromiseRecord.identifier == "ah-a")).all()
        assert (row.status, row.status_identifier) == ("withdrawn", "ah-b")
    report = check_deadlines(db, settings, today=date(2025, 5, 2))
    assert report.deliveries == 1
    assert _promise_rows(db)[0].payload["promise"]["alert"] == "withdrawn"


def test_old_status_changes_are_history_not_news(db: Database) -> None:
    settings = _settings(promises=["*"])
    _store_version(db, _answer("ah-a", date(2023, 3, 10), "Ik informeer uw Kamer vóór 1 juni "
                               "over de evaluatie van de stuw Borgharen."), 1)
    report = check_deadlines(db, settings, today=date(2025, 1, 1))
    assert (report.overdue, report.history, report.deliveries) == (1, 1, 0)
    assert check_deadlines(db, settings, today=date(2025, 1, 2)).history == 0
    with db.reader() as s:
        [item] = list_promises(s, PromiseQuery(status="overdue"), today=date(2025, 1, 2))
        assert get_promise(s, item["id"])["status"] == "overdue"


def _item(**extra: object) -> dict[str, object]:
    return {"id": "0123456789abcdef", "alert": "overdue", "ministry": "Defensie",
            "minister": "Staatssecretaris G. Boswijk", "object": "defensienota",
            "sentence": "Ik informeer uw Kamer voor de zomer over de Defensienota 2026.",
            "identifier": "ah-1", "received": "2026-03-10",
            "deadline": {"kind": "by", "first": None, "last": "2026-07-02", "text": "voor de "
                         "zomer", "document": ""}, **extra}


@pytest.mark.parametrize(("keys", "follows"), [
    ({"promises": ["0123456789abcdef"]}, True),
    ({"promises": ["fedcba9876543210"]}, False),
    ({"promise_ministries": ["defensie"]}, True),
    ({"promise_ministries": ["Financiën"]}, False),
    ({"promise_ministers": ["Boswijk"]}, True),
    ({"promise_terms": ["Defensienota"]}, True),
    ({"promise_terms": ["EDIP"]}, False),
    ({"promises": ["*"], "promise_statuses": ["fulfilled"]}, False),
    ({}, False),  # a subscription without promise keys hears nothing about promises
])
def test_subscriptions_follow_promises_by_id_ministry_minister_or_term(
        keys: dict[str, object], follows: bool) -> None:
    sub = _settings(**keys).subscriptions[0]
    assert (promise_reason(sub, _item()) is not None) is follows


@pytest.mark.parametrize("bad", [{"promise_status": ["overdue"]},
                                 {"promise_statuses": ["due"]},
                                 {"promises": ["EDIP"]}])
def test_unknown_or_bad_promise_keys_fail(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        _settings(**bad)


def test_promise_alerts_render_for_email_and_webhook() -> None:
    entry = Entry(kind="promise", payload={"promise": _item(), "reason": "r"}, reasons=["r"])
    out = render([entry], {}, base_url="http://monitor.example")
    assert out.subject == "Defensie: toezegging termijn verstreken — defensienota"
    assert "uiterlijk 2026-07-02" in out.text and "/promises/0123456789abcdef" in out.text
    assert "Ik informeer uw Kamer voor de zomer" in out.html
    row = Delivery(id=7, subscription="s", channel="webhook", target="t", kind="promise",
                   ref="promise:0123456789abcdef:overdue", idempotency_key="k",
                   payload={"promise": _item()})
    body = json.loads(webhook_body([row], [entry]))
    assert body["schema"] == "monitor.promise/1" and body["promise"]["alert"] == "overdue"


def test_today_is_the_amsterdam_date_unless_overridden() -> None:
    late = datetime(2026, 5, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 June in Amsterdam
    assert today_for(Settings(), late) == date(2026, 6, 1)
    fixed = Settings.model_validate({"promises": {"today": date(2026, 6, 2)}})
    assert today_for(fixed, late) == date(2026, 6, 2)


def test_the_clock_override_comes_from_the_environment() -> None:
    from monitor.config import load_settings

    settings = load_settings("/dev/null", environ={"MONITOR_PROMISES_TODAY": "2026-06-02"})
    assert settings.promises.today == date(2026, 6, 2)
    with pytest.raises(ConfigError, match="MONITOR_PROMISES_TODAY"):
        load_settings("/dev/null", environ={"MONITOR_PROMISES_TODAY": "1 juni"})
