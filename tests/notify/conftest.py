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
from monitor.track.change_json import ChangeJson, StatementJson, SummaryJson
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
    change_id: int,
    commitment: str = "edip",
    verdicts: list[str] | None = None,
    *,
    received: str = "",
    summary: SummaryJson | None = None,
) -> ChangeJson:
    """A change record as ``track.change_json.change_to_json`` makes it (the ``ChangeJson`` the
    code produces, so the fixture cannot drift from it), received today unless ``received`` (an
    ISO date) says otherwise, with an alert's summary if given."""
    before, after = (EDIP_BEFORE, EDIP_AFTER) if commitment == "edip" else (NOTA, NOTA)
    verdicts = verdicts if verdicts is not None else ["position_changed"]
    identifier = f"ah-12600{change_id:02d}"
    # a fresh answer by default: not history, so it is alerted
    received = received or datetime.now(UTC).date().isoformat()
    change: ChangeJson = {
        "id": change_id,
        "commitment": commitment,
        "commitment_title": commitment,
        "verdicts": verdicts,
        "triggers": {"position_changed": ["voornemens", "neemt deel"]},
        "received": received,
        "previous": _side("ah-1251487", [8], "2026-05-19", before, statement_id=1),
        "current": _side(identifier, [3, 4], received, after, statement_id=change_id + 1),
        "diff": {
            "kind": "diff",
            "text": "Daarnaast [-is Nederland voornemens om-]{+neemt Nederland+} ook deel …",
            "html": "Daarnaast <del>is Nederland voornemens om</del>"
            "<ins>neemt Nederland</ins> ook deel …",
        },
        "minister": "Brekelmans",
        "ministry": "Defensie",
        "extractor_version": "track-1",
        "created_at": f"{received}T10:00:00+00:00",
        "retracted_at": None,
        "corrects": [],
    }
    if summary is not None:
        change["summary"] = summary
    return change


def _side(
    identifier: str, questions: list[int], received: str, text: str, *, statement_id: int
) -> StatementJson:
    return {
        "statement_id": statement_id,
        "identifier": identifier,
        "version": 1,
        "questions": questions,
        "received": received,
        "text": text,
        "url": f"https://zoek.officielebekendmakingen.nl/{identifier}.pdf",
        "answer_position": 0,
        "span": [0, len(text)],
        "minister": "Brekelmans",
        "ministry": "Defensie",
    }


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
    db: Database, settings: Settings, *changes: ChangeJson, now: datetime | None = None
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
