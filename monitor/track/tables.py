"""SQLModel tables of the track stage (migration branch ``track``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

# The ingest tables first: they set the metadata naming convention our constraints rely on.
from monitor.store.tables import utcnow


class Statement(SQLModel, table=True):
    """A passage of an answer about a followed commitment.

    ``active`` is false once a newer version of the publication superseded it, or its
    commitment was removed from the configuration; inactive statements are kept for audit.
    """

    __table_args__ = (
        Index("ix_statement_lineage", "commitment", "active", "received", "identifier"),
        # the timeline's page order (newest first) and its --before cursor
        Index("ix_statement_timeline", "commitment", "active", "received", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment: str = Field(max_length=100)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    version_id: int = Field(foreign_key="publicationversion.id", index=True)
    identifier: str = Field(max_length=100)
    answer_position: int
    questions: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    start: int  # character span into the answer text (paragraphs joined with a blank line)
    end: int
    text: str
    received: date
    minister: str = Field(default="", max_length=200)
    ministry: str = Field(default="", max_length=200)
    active: bool = True
    extractor_version: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class ChangeRecord(SQLModel, table=True):
    """A statement compared with its predecessor on the same commitment.

    A record is never edited once written: when a late arrival re-links the lineage or a
    reprocess judges differently, the old record gets ``retracted_at`` and a new one is made.
    """

    __table_args__ = (
        Index("ix_changerecord_log", "retracted_at", "received", "id"),
        Index("ix_changerecord_commitment", "commitment", "retracted_at", "received", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment: str = Field(max_length=100)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    previous_id: int | None = Field(default=None, foreign_key="statement.id", index=True)
    verdicts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # "|position_changed|timeline_changed|": lets SQL filter on a verdict without JSON functions.
    # The --verdict filter uses the ``changeverdict`` side table (migration speed0001), filled
    # by a trigger on insert, so it is an index scan.
    verdict_tags: str = Field(default="", max_length=300)
    triggers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    diff_kind: str = Field(default="diff", max_length=10)
    diff_text: str = ""
    diff_html: str = ""
    received: date  # of the current statement: the change log's date
    identifier: str = Field(max_length=100)
    extractor_version: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    retracted_at: datetime | None = None
    corrects: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
