"""reconciliation ledger, reconciliation runs, outstanding fetches and their attempts

Revision ID: 0003_nevermiss_reconcile
Revises: 0002_pollrun_process
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003_nevermiss_reconcile"
down_revision = "0002_pollrun_process"
branch_labels = None
depends_on = None


def _stream(record: dict[str, Any]) -> str:
    # The same rule as monitor.fetch.sru.stream_of, frozen here as of this revision.
    name = str(record.get("publicatienaam") or "")
    creator = str(record.get("creator") or "")
    identifier = str(record.get("identifier") or "")
    chamber = (
        "ek" if "Eerste Kamer" in creator or identifier.startswith(("ah-ek", "kv-ek")) else "tk"
    )
    if name == "Kamervragen zonder antwoord":
        return f"questions-{chamber}"
    if name == "Kamervragen (Aanhangsel)":
        return f"answers-{chamber}"
    return ""


def upgrade() -> None:
    sruentry = op.create_table(
        "sruentry",
        sa.Column("stream", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("modified", sa.Date(), nullable=False),
        sa.Column("stamp", sa.String(length=60), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("stream", "identifier", name=op.f("pk_sruentry")),
    )
    with op.batch_alter_table("sruentry", schema=None) as batch_op:
        batch_op.create_index("ix_sruentry_stream_modified", ["stream", "modified"], unique=False)
    op.create_table(
        "reconcilerun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("windows", sa.Integer(), nullable=False),
        sa.Column("differing", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("short", sa.JSON(), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconcilerun")),
    )
    with op.batch_alter_table("reconcilerun", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reconcilerun_started_at"), ["started_at"], unique=False
        )
    op.create_table(
        "pendingfetch",
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("stream", sa.String(length=40), nullable=False),
        sa.Column("stamp", sa.String(length=60), nullable=False),
        sa.Column("modified", sa.Date(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("identifier", name=op.f("pk_pendingfetch")),
    )
    with op.batch_alter_table("pendingfetch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pendingfetch_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pendingfetch_status"), ["status"], unique=False)
    op.create_table(
        "fetchattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manifestation", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blob_sha256"], ["blob.sha256"], name=op.f("fk_fetchattempt_blob_sha256_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetchattempt")),
    )
    with op.batch_alter_table("fetchattempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fetchattempt_identifier"), ["identifier"], unique=False
        )

    # The ledger of an existing database: the newest stored version of every publication, so
    # the first reconciliation does not take all history for missing.
    conn = op.get_bind()
    pub = sa.table(
        "publication", sa.column("id", sa.Integer()), sa.column("identifier", sa.String())
    )
    ver = sa.table(
        "publicationversion",
        sa.column("publication_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("modified", sa.Date()),
        sa.column("stamp", sa.String()),
        sa.column("record", sa.JSON()),
    )
    newest = (
        sa.select(ver.c.publication_id, sa.func.max(ver.c.number).label("n"))
        .group_by(ver.c.publication_id)
        .subquery()
    )
    rows = conn.execute(
        sa.select(pub.c.identifier, ver.c.modified, ver.c.stamp, ver.c.record)
        .join(ver, ver.c.publication_id == pub.c.id)
        .join(
            newest, (newest.c.publication_id == ver.c.publication_id) & (newest.c.n == ver.c.number)
        )
    ).all()
    now = datetime.now(UTC)
    entries = []
    for identifier, modified, stamp, record in rows:
        data = json.loads(record) if isinstance(record, str) else (record or {})
        stream = _stream(data)
        if stream:
            entries.append(
                {
                    "stream": stream,
                    "identifier": identifier,
                    "modified": modified,
                    "stamp": stamp,
                    "seen_at": now,
                }
            )
    if entries:
        op.bulk_insert(sruentry, entries)


def downgrade() -> None:
    op.drop_table("fetchattempt")
    op.drop_table("pendingfetch")
    op.drop_table("reconcilerun")
    op.drop_table("sruentry")
