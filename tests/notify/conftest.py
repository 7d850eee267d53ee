"""Real receivers on loopback (HTTP and SMTP), settings, and change records for the notify tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from monitor.config import Settings
from monitor.notify.claims import DeliveryReport
from monitor.notify.outbox import enqueue_change
from monitor.notify.worker import deliver_due
from monitor.store.db import Database
from tests.net import free_port as free_port  # the notify tests take it from here
from tests.samples import ANSWER_2026
from tests.webhooks import WebhookReceiver

DATA = Path(__file__).resolve().parent.parent / "data" / "notify"
ANSWER = ANSWER_2026.read_text("utf-8")
SECRET_ENV = "NOTIFY_TEST_SECRET"
SECRET = "s3cret-for-tests"


def sentence(containing: str) -> str:
    """The real sentence of the 2026 answer that contains ``containing``."""
    for paragraph in ANSWER.splitlines():
        for part in paragraph.replace(". ", ".\n").splitlines():
            if containing in part:
                return part.strip()
    raise AssertionError(f"no sentence with {containing!r} in the corpus answer")


EDIP_BEFORE = sentence("voornemens om ook deel te nemen")
EDIP_AFTER = EDIP_BEFORE.replace(
    "is Nederland voornemens om ook deel te nemen", "neemt Nederland ook deel"
)
NOTA = sentence("Defensienota 2026")


def make_change(
    change_id: int, commitment: str = "edip", verdicts: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """A change record in the stable JSON form of `monitor changes --format json`."""
    before, after = (EDIP_BEFORE, EDIP_AFTER) if commitment == "edip" else (NOTA, NOTA)
    verdicts = verdicts if verdicts is not None else ["position_changed"]
    change: dict[str, Any] = {
        "id": change_id,
        "commitment": commitment,
        "verdicts": verdicts,
        "previous": {
            "identifier": "ah-1251487",
            "questions": [8],
            "received": "2026-05-19",
            "text": before,
            "url": "https://zoek.officielebekendmakingen.nl/ah-1251487.pdf",
        },
        "current": {
            "identifier": f"ah-12600{change_id:02d}",
            "questions": [3, 4],
            "received": "2026-09-01",
            "text": after,
            "url": f"https://zoek.officielebekendmakingen.nl/ah-12600{change_id:02d}.pdf",
        },
        "diff": {
            "text": "Daarnaast [-is Nederland voornemens om-]{+neemt Nederland+} ook deel …",
            "html": "Daarnaast <del>is Nederland voornemens om</del>"
            "<ins>neemt Nederland</ins> ook deel …",
        },
        "extractor_version": "track-1",
        "triggers": {"position_changed": ["voornemens", "neemt deel"]},
        "future_key": "tolerated",
    }
    change.update(extra)
    return change


def make_settings(
    db_url: str,
    subscriptions: list[dict[str, Any]],
    *,
    smtp_port: int = 25,
    operator: dict[str, Any] | None = None,
    **daemon: Any,
) -> Settings:
    return Settings.model_validate(
        {
            "database": {"url": db_url},
            "smtp": {"host": "127.0.0.1", "port": smtp_port, "sender": "monitor@example.org",
                     "timeout_seconds": 5},
            "daemon": {"max_attempts": 4, "retry_base_seconds": 10, "retry_max_seconds": 60,
                       "webhook_timeout_seconds": 1.0, "delivery_lease_seconds": 30,
                       "operator": operator or {}, **daemon},
            "commitments": [
                {"id": "edip", "title": "EDIP-deelname", "terms": ["EDIP"]},
                {"id": "defensienota-2026", "title": "Defensienota 2026",
                 "terms": ["Defensienota 2026"]},
            ],
            "subscriptions": subscriptions,
            # These tests use fixed dates of 2026: none of it is history to be left unalerted.
            "notify": {"alert_max_age_days": 0},
        }
    )  # fmt: skip


def enqueue(
    db: Database, settings: Settings, *changes: dict[str, Any], now: datetime | None = None
) -> int:
    with db.writer() as session:
        return sum(enqueue_change(session, settings, c, now=now) for c in changes)


def drain(
    db: Database, settings: Settings, now: datetime | None = None, step: float = 3600.0
) -> DeliveryReport:
    """Run the worker until nothing is due; with ``now``, the clock moves ``step`` s per round."""
    total = DeliveryReport()
    for round_ in range(50):
        clock = now + timedelta(seconds=step * round_) if now is not None else None
        report = deliver_due(db, settings, now=clock)
        if not report.claimed:
            break
        for name in ("claimed", "sent", "retrying", "failed", "dead", "messages"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
    return total


def later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


# --- HTTP receiver ------------------------------------------------------------------------
@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as rec:
        yield rec


# --- SMTP server --------------------------------------------------------------------------
@dataclass
class Mail:
    sender: str
    recipients: list[str]
    data: bytes


class MailHandler:
    """aiosmtpd handler: records accepted messages; refuses recipients at ``refuse`` domains."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.refuse: set[str] = set()
        self.temporary_failures = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return "451 4.3.0 try again later"
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[MailHandler, int]]:
    handler = MailHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()
