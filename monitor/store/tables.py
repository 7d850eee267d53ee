"""SQLModel tables of the ingest stage. Created and changed only by Alembic migrations.

Other stages keep their tables in their own package (``monitor.track.tables``,
``monitor.notify.tables``) on their own migration branch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

# Named constraints let SQLite's batch-mode ALTERs find them in later migrations.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Characters of an error message kept in a row (a traceback or an HTML error page can be long).
ERROR_TEXT_LIMIT = 2000


def utcnow() -> datetime:
    return datetime.now(UTC)


class Blob(SQLModel, table=True):
    """Raw document bytes, zlib-compressed, addressed by the SHA-256 of the uncompressed bytes."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    compressed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Publication(SQLModel, table=True):
    """One publication identifier (``ah-tk-20202021-3235``, ``ah-1251487``, ``kv-tk-…``)."""

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(unique=True, index=True, max_length=100)
    kind: str = Field(max_length=20, index=True)  # monitor.model.Kind
    chamber: str = Field(default="tk", max_length=2)
    vergaderjaar: str = Field(default="", max_length=9)
    aanhangsel_number: str = Field(default="", max_length=20)
    zaak: str = Field(default="", max_length=30, index=True)
    title: str = ""
    ministry: str = Field(default="", max_length=200, index=True)
    date_received: date | None = Field(default=None, index=True)
    date_sent: date | None = None
    answer_identifier: str = Field(default="", max_length=100, index=True)  # kv -> its ah
    postpones_identifier: str = Field(default="", max_length=100)  # Mededeling -> its kv/zaak
    preferred_url: str = ""
    current_version_id: int | None = Field(default=None)
    parse_status: str = Field(default="pending", max_length=20, index=True)  # of current version
    first_seen: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class PublicationVersion(SQLModel, table=True):
    """One fetched state of a publication; a re-published or modified one adds a version."""

    __table_args__ = (UniqueConstraint("publication_id", "stamp", name="uq_version_stamp"),)

    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    number: int  # 1, 2, ... per publication
    modified: date  # dt.modified of the record
    stamp: str = Field(max_length=60)  # finest modification stamp of the record
    fetched_at: datetime = Field(default_factory=utcnow)
    manifestation: str = Field(default="", max_length=10)  # xml / html / pdf
    source_url: str = ""
    item_urls: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    record: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    blob_sha256: str | None = Field(default=None, foreign_key="blob.sha256", max_length=64)
    parse_status: str = Field(default="ok", max_length=20)  # ok / failed / fetch_failed
    parse_error: str = ""
    document: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    parser_version: str = Field(default="", max_length=20)


class QuestionRow(SQLModel, table=True):
    """A numbered question of a stored version (``monitor.model.Question`` is the parsed one)."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "number", name="uq_question_number"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="publicationversion.id", index=True)
    number: int
    text: str


class AnswerRow(SQLModel, table=True):
    """An answer of a stored version (``monitor.model.Answer`` is the parsed one)."""

    __tablename__ = "answer"
    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="publicationversion.id", index=True)
    position: int  # order in the document, from 0
    text: str
    refers_to: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AnswerQuestion(SQLModel, table=True):
    """Which question numbers an answer covers."""

    answer_id: int = Field(foreign_key="answer.id", primary_key=True)
    question_number: int = Field(primary_key=True)


class PollCursor(SQLModel, table=True):
    """Per stream (e.g. ``answers-tk``): the dt.modified day up to which everything is stored."""

    stream: str = Field(primary_key=True, max_length=40)
    modified: date
    updated_at: datetime = Field(default_factory=utcnow)


class PollRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="poll", max_length=20)  # poll / backfill
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    # running / ok / partial / failed / interrupted (its process died while it ran)
    status: str = Field(default="running", max_length=20)
    host: str = Field(default="", max_length=255)
    pid: int = 0
    requests: int = 0
    fetched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    error: str = ""


class PollFailure(SQLModel, table=True):
    """One publication a poll could not fetch or parse, with the reason."""

    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="pollrun.id", index=True)
    identifier: str = Field(max_length=100, index=True)
    stage: str = Field(max_length=20)  # fetch / parse / store
    reason: str
    at: datetime = Field(default_factory=utcnow)


class BackfillWindow(SQLModel, table=True):
    """A completed date window of a backfill, so an interrupted backfill resumes where it was."""

    __table_args__ = (UniqueConstraint("stream", "start", "end", name="uq_backfill_window"),)

    id: int | None = Field(default=None, primary_key=True)
    stream: str = Field(max_length=40)
    start: date
    end: date
    records: int = 0
    completed_at: datetime = Field(default_factory=utcnow)


class SruEntry(SQLModel, table=True):
    """The SRU record of a publication as last stored, per stream: what reconciliation counts.

    One row per (stream, identifier) with the record's newest ``dt.modified`` day; the number of
    rows per day window is compared with the service's ``numberOfRecords`` for that window.
    """

    __table_args__ = (Index("ix_sruentry_stream_modified", "stream", "modified"),)

    stream: str = Field(primary_key=True, max_length=40)
    identifier: str = Field(primary_key=True, max_length=100)
    modified: date
    stamp: str = Field(default="", max_length=60)
    seen_at: datetime = Field(default_factory=utcnow)


class ReconcileRun(SQLModel, table=True):
    """One reconciliation: windows counted, windows that differed, what fetching them did."""

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(default="recent", max_length=20)  # recent / full / backfill / manual
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=20)  # running / ok / short / failed
    since: date | None = None
    until: date | None = None
    windows: int = 0  # windows counted
    differing: int = 0  # windows whose count differed from what was stored
    requests: int = 0
    fetched: int = 0  # documents fetched while walking differing windows
    # Windows still short after walking them: [{"stream", "start", "end", "source", "stored"}]
    short: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    error: str = ""


class PendingFetch(SQLModel, table=True):
    """A publication whose document could not be fetched or parsed yet: retried with backoff."""

    identifier: str = Field(primary_key=True, max_length=100)
    stream: str = Field(default="", max_length=40)
    stamp: str = Field(default="", max_length=60)
    modified: date
    record: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    stage: str = Field(default="fetch", max_length=20)  # fetch / parse
    attempts: int = 0
    first_failed_at: datetime = Field(default_factory=utcnow)
    last_attempt_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: str = ""
    status: str = Field(default="pending", max_length=20, index=True)  # pending / gave_up
    alerted_at: datetime | None = None


class FetchAttempt(SQLModel, table=True):
    """One failed attempt to fetch or parse a manifestation, with the raw bytes it got."""

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(max_length=100, index=True)
    at: datetime = Field(default_factory=utcnow)
    manifestation: str = Field(default="", max_length=10)
    url: str = ""
    blob_sha256: str | None = Field(default=None, foreign_key="blob.sha256", max_length=64)
    error: str = ""
