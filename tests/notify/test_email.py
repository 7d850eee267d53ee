"""E-mail end to end against a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

from monitor.notify.claims import list_deliveries
from monitor.notify.worker import deliver_due
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database

from .conftest import MailHandler, drain, enqueue, free_port, later, make_change, make_settings


def parse(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    markup = message.get_body(("html",))
    assert text is not None and markup is not None
    return text.get_content(), markup.get_content()


def test_immediate_email_says_what_changed(sqlite_url: str, smtp: tuple[MailHandler, int]) -> None:
    handler, port = smtp
    db = Database(sqlite_url)
    subs = [{"name": "edip-volgers", "email": ["anna@example.org"], "commitments": ["edip"]}]
    settings = make_settings(sqlite_url, subs, smtp_port=port)
    assert enqueue(db, settings, make_change(3)) == 1
    report = deliver_due(db, settings)
    assert report.sent == 1
    [mail] = handler.mails
    assert mail.recipients == ["anna@example.org"]
    message = parse(mail.data)
    assert message["Subject"] == "EDIP-deelname: positie gewijzigd — voornemens → neemt deel"
    [row] = list_deliveries(db)
    assert message["Message-ID"] == f"<{row.idempotency_key}@example.org>"
    assert message["Idempotency-Key"] == row.idempotency_key
    text, markup = parts(message)
    assert "[-is Nederland voornemens om-]{+neemt Nederland+}" in text
    assert "https://zoek.officielebekendmakingen.nl/ah-1251487.pdf" in text  # previous
    assert "https://zoek.officielebekendmakingen.nl/ah-1260003.pdf" in text  # current
    assert "ontvangen 19 mei 2026" in text and "vragen 3, 4" in text
    assert "Waarom u dit ontvangt: abonnement 'edip-volgers' volgt toezegging edip" in text
    # before | after side by side, deletions on the left, insertions on the right, styled inline
    prev = re.search(r'<td class="prev"[^>]*>(.*?)</td>', markup, re.S)
    cur = re.search(r'<td class="cur"[^>]*>(.*?)</td>', markup, re.S)
    assert prev and cur
    assert re.search(r'<del style="[^"]+">is Nederland voornemens om</del>', prev.group(1))
    assert re.search(r'<ins style="[^"]+">neemt Nederland</ins>', cur.group(1))
    assert "<ins" not in prev.group(1) and "<del" not in cur.group(1)
    assert "positie gewijzigd" in markup and "<link" not in markup  # no style sheet
    assert 'href="https://zoek.officielebekendmakingen.nl/ah-1251487.pdf"' in markup


def test_default_verdicts_skip_rewordings(sqlite_url: str, smtp: tuple[MailHandler, int]) -> None:
    handler, port = smtp
    db = Database(sqlite_url)
    settings = make_settings(
        sqlite_url, [{"name": "a", "email": ["a@example.org"]}], smtp_port=port
    )
    assert enqueue(db, settings, make_change(1, verdicts=["reworded"])) == 0
    assert enqueue(db, settings, make_change(2, verdicts=["restated"])) == 0
    assert enqueue(db, settings, make_change(3, "defensienota-2026", ["timeline_changed"])) == 1
    drain(db, settings)
    [mail] = handler.mails
    assert parse(mail.data)["Subject"] == "Defensienota 2026: termijn gewijzigd"


def test_refused_recipient_is_permanent_others_still_get_it(
    sqlite_url: str, smtp: tuple[MailHandler, int]
) -> None:
    handler, port = smtp
    handler.refuse.add("gone@example.org")
    db = Database(sqlite_url)
    subs = [{"name": "team", "email": ["gone@example.org", "bob@example.org"]}]
    settings = make_settings(sqlite_url, subs, smtp_port=port)
    assert enqueue(db, settings, make_change(1)) == 2
    drain(db, settings, now=later(0))
    by_target = {r.target: r for r in list_deliveries(db)}
    assert by_target["gone@example.org"].status == DeliveryStatus.FAILED
    assert "550" in by_target["gone@example.org"].last_error
    assert by_target["gone@example.org"].attempts == 1
    assert by_target["bob@example.org"].status == DeliveryStatus.SENT
    assert [m.recipients for m in handler.mails] == [["bob@example.org"]]


def test_temporary_smtp_failure_and_server_down_are_retried(
    sqlite_url: str, smtp: tuple[MailHandler, int]
) -> None:
    handler, port = smtp
    handler.temporary_failures = 1
    db = Database(sqlite_url)
    subs = [{"name": "a", "email": ["a@example.org"]}]
    settings = make_settings(sqlite_url, subs, smtp_port=port)
    enqueue(db, settings, make_change(1))
    assert deliver_due(db, settings).retrying == 1
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.PENDING and "451" in row.last_error
    drain(db, settings, now=later(3600))
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.SENT and len(handler.mails) == 1
    # a server that is down: connection refused is transient too
    down = make_settings(sqlite_url, subs, smtp_port=free_port())
    enqueue(db, down, make_change(2))
    assert deliver_due(db, down).retrying == 1


def test_digest_one_message_per_recipient_each_change_once(
    sqlite_url: str, smtp: tuple[MailHandler, int]
) -> None:
    handler, port = smtp
    db = Database(sqlite_url)
    subs = [
        # both subscriptions of anna match change 1: she must read it once
        {"name": "alles", "email": ["anna@example.org"], "schedule": "daily 08:00"},
        {"name": "edip", "email": ["anna@example.org", "bob@example.org"],
         "commitments": ["edip"], "schedule": "daily 08:00"},
    ]  # fmt: skip
    settings = make_settings(sqlite_url, subs, smtp_port=port)
    t0 = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)  # the day before the end of summer time
    enqueue(
        db, settings, make_change(1), make_change(2, "defensienota-2026", ["fulfilled"]), now=t0
    )
    enqueue(db, settings, make_change(3), now=t0 + timedelta(hours=1))
    # 08:00 in Amsterdam on 25 October 2026 is 07:00 UTC (winter time from 03:00 that night)
    assert deliver_due(db, settings, now=datetime(2026, 10, 25, 6, 59, tzinfo=UTC)).claimed == 0
    report = deliver_due(db, settings, now=datetime(2026, 10, 25, 7, 0, tzinfo=UTC))
    assert report.messages == 2 and report.sent == report.claimed == 7  # 3 + 2 + 2 rows
    mails = {m.recipients[0]: parse(m.data) for m in handler.mails}
    assert set(mails) == {"anna@example.org", "bob@example.org"}
    anna_text, _ = parts(mails["anna@example.org"])
    bob_text, _ = parts(mails["bob@example.org"])
    assert mails["anna@example.org"]["Subject"] == "Kamervragen-monitor: overzicht van 3 meldingen"
    assert anna_text.count("Wijziging #1,") == 1 and "Wijziging #3," in anna_text
    assert "Defensienota 2026: nagekomen" in anna_text
    assert "abonnement 'alles'" in anna_text and "abonnement 'edip'" in anna_text
    assert "Wijziging #1," in bob_text and "Wijziging #2," not in bob_text
    assert all(r.status == DeliveryStatus.SENT for r in list_deliveries(db))


def test_publication_events_and_operator_alerts(
    sqlite_url: str, smtp: tuple[MailHandler, int]
) -> None:
    from monitor.notify.outbox import (
        PublicationEvent,
        enqueue_operator_alert,
        enqueue_publication_event,
    )

    handler, port = smtp
    db = Database(sqlite_url)
    subs = [
        {"name": "defensie", "email": ["a@example.org"], "ministries": ["Defensie"],
         "commitments": [], "verdicts": ["fulfilled"]},
        {"name": "zaak", "email": ["b@example.org"], "zaken": ["2026Z09876"], "commitments": []},
    ]  # fmt: skip
    settings = make_settings(
        sqlite_url, subs, smtp_port=port, operator={"email": ["ops@example.org"]}
    )
    new = PublicationEvent(
        type="new_answer",
        identifier="ah-1251487",
        zaak="2026Z01234",
        ministry="Ministerie van Defensie",
        title="Europese afhankelijkheden",
        url="https://zoek.officielebekendmakingen.nl/ah-1251487.pdf",
        received="2026-05-19",
    )
    postponed: PublicationEvent = {
        **new, "type": "postponed", "identifier": "ah-1251500", "zaak": "2026Z09876",
        "ministry": "Ministerie van Financiën",
    }  # fmt: skip
    with db.writer() as session:
        assert enqueue_publication_event(session, settings, new) == 1
        assert enqueue_publication_event(session, settings, new) == 0  # same event: once
        assert enqueue_publication_event(session, settings, postponed) == 1
        assert (
            enqueue_operator_alert(session, settings, "source_down", "KOOP SRU onbereikbaar") == 1
        )
    drain(db, settings)
    subjects = {m.recipients[0]: parse(m.data)["Subject"] for m in handler.mails}
    assert subjects == {
        "a@example.org": "Ministerie van Defensie: nieuw antwoord — Europese afhankelijkheden",
        "b@example.org": "Zaak 2026Z09876 uitgesteld — Europese afhankelijkheden",
        "ops@example.org": "Kamervragen-monitor: de bron is onbereikbaar",
    }
