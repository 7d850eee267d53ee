"""One message from claimed outbox rows: the entries, the idempotency key, the webhook body, the
send by e-mail or webhook, and the process's TLS context."""

from __future__ import annotations

import hashlib
import json
import os
import ssl
from collections.abc import Sequence
from typing import Any

import httpx

from monitor.config import Settings
from monitor.errors import DeliveryError
from monitor.notify import mailer, webhook
from monitor.notify.outbox import KEY_HEX_DIGITS
from monitor.notify.render import Entry, Rendered, asked_for, pages_url, render
from monitor.notify.tables import Delivery
from monitor.notify.tls import cached_context
from monitor.store.db import Database


def _entries(rows: Sequence[Delivery]) -> list[Entry]:
    """One entry per cause: a change several subscriptions of one recipient match, told once."""
    by_cause: dict[tuple[str, str], Entry] = {}
    for row in rows:
        cause = (row.kind, row.ref)
        reason = str(row.payload.get("reason", ""))
        if cause not in by_cause:
            by_cause[cause] = Entry(kind=row.kind, payload=row.payload, reasons=[])
        if reason and reason not in by_cause[cause].reasons:
            by_cause[cause].reasons.append(reason)
    return list(by_cause.values())


def group_key(rows: Sequence[Delivery]) -> str:
    """The idempotency key of a message: the row's own, or one derived from a digest's rows."""
    if len(rows) == 1 and rows[0].digest_due is None:
        return rows[0].idempotency_key
    members = "\n".join(sorted(f"{r.idempotency_key} {r.target}" for r in rows))
    return "km-digest-" + hashlib.sha256(members.encode()).hexdigest()[:KEY_HEX_DIGITS]


_SCHEMAS = {
    "change": "monitor.change/1",
    "event": "monitor.event/1",
    "operator": "monitor.operator/1",
    "promise": "monitor.promise/1",
}

_BODY_KEYS = {"change": "change", "event": "event", "operator": "alert", "promise": "promise"}


def webhook_body(rows: Sequence[Delivery], entries: Sequence[Entry]) -> bytes:
    """The versioned JSON envelope (one item, or a ``monitor.digest/1`` of several)."""
    if len(rows) == 1 and rows[0].digest_due is None:
        row = rows[0]
        envelope: dict[str, Any] = {
            "schema": _SCHEMAS[row.kind],
            "subscription": row.subscription,
            "delivery_id": row.id,
            _BODY_KEYS[row.kind]: row.payload.get(_BODY_KEYS[row.kind]),
        }
    else:
        envelope = {
            "schema": "monitor.digest/1",
            "subscriptions": sorted({r.subscription for r in rows}),
            "delivery_ids": sorted(r.id for r in rows if r.id is not None),
            "digest_due": rows[0].digest_due.isoformat() if rows[0].digest_due else None,
            "changes": [e.payload["change"] for e in entries if e.kind == "change"],
            "events": [e.payload["event"] for e in entries if e.kind == "event"],
            "alerts": [e.payload["alert"] for e in entries if e.kind == "operator"],
            "promises": [e.payload["promise"] for e in entries if e.kind == "promise"],
        }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def send(
    rows: Sequence[Delivery], settings: Settings, client: httpx.Client, db: Database | None = None
) -> None:
    first = rows[0]
    ids = ",".join(str(r.id) for r in rows)
    entries = _entries(rows)
    key = group_key(rows)
    if first.channel == "webhook":
        secret = os.environ.get(first.secret_env, "") if first.secret_env else ""
        if not secret:
            raise DeliveryError(
                f"delivery {ids}: the environment variable {first.secret_env or '(secret_env)'} "
                "holding the webhook secret is not set; not sending unsigned",
                permanent=True,
            )
        webhook.post(
            client, first.target, webhook_body(rows, entries), key=key, secret=secret, delivery=ids
        )
    elif first.channel == "email":
        titles = {c.id: c.title for c in settings.commitments}
        rendered: Rendered = render(
            entries,
            titles,
            base_url=pages_url(settings),
            asked=asked_for(db, entries) if db else None,
        )
        message = mailer.build_message(settings.smtp, first.target, rendered, key)
        mailer.send_email(settings.smtp, message, delivery=ids)
    else:
        raise DeliveryError(f"delivery {ids}: unknown channel {first.channel!r}", permanent=True)


def tls_context() -> ssl.SSLContext:
    """The process's TLS context for webhooks (httpx's, with its CA bundle)."""
    return cached_context("https", httpx.create_ssl_context)


def destination(row: Delivery, settings: Settings) -> str:
    """The receiver a row goes to: its webhook URL, or the SMTP server for e-mail."""
    if row.channel == "email":
        return f"smtp://{settings.smtp.host}:{settings.smtp.port}"
    return row.target
