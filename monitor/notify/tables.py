"""The outbox: one row per (subscription, recipient, change or event); made by migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

import monitor.store.tables  # noqa: F401 - the naming convention must be set before our tables
from monitor.statuses import DeliveryStatus
from monitor.store.tables import utcnow


class Delivery(SQLModel, table=True):
    """One alert to one recipient, written in the same transaction as its cause."""

    __table_args__ = (
        UniqueConstraint("idempotency_key", "target", name="uq_delivery_key_target"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription: str = Field(max_length=200, index=True)
    channel: str = Field(max_length=10)  # email / webhook
    target: str = Field(max_length=1000)  # one e-mail address or the webhook URL
    secret_env: str = Field(default="", max_length=200)  # name of the variable, never the secret
    kind: str = Field(max_length=20)  # change / event / operator
    ref: str = Field(max_length=300)  # human-readable cause: "change:12", "answered:ah-tk-…"
    idempotency_key: str = Field(max_length=100, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=DeliveryStatus.PENDING, max_length=10)  # a DeliveryStatus
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str = ""
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: datetime | None = None
    digest_due: datetime | None = Field(default=None, index=True)  # None: send immediately
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
