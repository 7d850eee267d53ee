"""SQLModel table of discovered promises (migration ``p0001_promises``, branch ``promises``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index
from sqlmodel import Field, SQLModel

# The ingest tables first: they set the metadata naming convention our constraints rely on.
from monitor.statuses import PromiseStatus
from monitor.store.tables import utcnow


class PromiseRecord(SQLModel, table=True):
    """One promise of one answer. ``id`` is stable across versions of the answer (identifier +
    question numbers + normalised sentence); ``active`` is false once the current version of the
    answer no longer holds the sentence (kept for audit)."""

    __tablename__ = "promise"
    __table_args__ = (
        Index("ix_promise_due", "active", "status", "deadline_last"),
        Index("ix_promise_ministry", "active", "ministry", "received"),
    )

    id: str = Field(primary_key=True, max_length=16)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    version_id: int = Field(foreign_key="publicationversion.id")
    identifier: str = Field(max_length=100)
    answer_position: int
    questions: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sentence: str
    actor: str = Field(default="", max_length=200)
    act: str = Field(default="", max_length=100)
    object: str = Field(default="", max_length=300)
    modality: str = Field(default="", max_length=20)
    lemmas: str = ""  # space-separated lemmas of act and objects (lineage matching)
    deadline_kind: str = Field(default="none", max_length=20)
    deadline_first: date | None = None
    deadline_last: date | None = None
    deadline_text: str = Field(default="", max_length=300)
    deadline_document: str = Field(default="", max_length=200)
    received: date
    ministry: str = Field(default="", max_length=200)
    minister: str = Field(default="", max_length=300)
    status: str = Field(default=PromiseStatus.OPEN, max_length=20)  # a PromiseStatus
    linked_id: str = Field(default="", max_length=16)  # slipped: the promise that moved it
    status_identifier: str = Field(default="", max_length=100)  # the answer that set the status
    status_on: date | None = None  # received date of that answer
    alerted: str = Field(default="", max_length=20)  # the status last put in the outbox
    active: bool = True
    discovered_at: datetime = Field(default_factory=utcnow)


class FollowedPromise(SQLModel, table=True):
    """A discovered promise someone follows as a commitment (``monitor follow ID``)."""

    __tablename__ = "followed_promise"

    promise_id: str = Field(primary_key=True, foreign_key="promise.id", max_length=16)
    commitment_id: str = Field(max_length=100, unique=True)
    title: str = Field(default="", max_length=300)
    followed_at: datetime = Field(default_factory=utcnow)


class PromiseWord(SQLModel, table=True):
    """Lineage's index of the open promises: one row per lemma of an active promise whose status
    lineage may still move (migration ``p0005_promise_words``). A new answer is matched only
    against the promises that share words with it, not against its ministry's whole history.
    Rows go when the promise closes or leaves its answer (:mod:`monitor.promises.lineage`)."""

    __tablename__ = "promise_word"
    __table_args__ = (Index("ix_promise_word_key", "ministry", "act", "word", "due"),)

    promise_id: str = Field(primary_key=True, max_length=16,
                            sa_column_args=[ForeignKey("promise.id", ondelete="CASCADE")])
    word: str = Field(primary_key=True, max_length=200)
    ministry: str = Field(max_length=200)
    act: str = Field(max_length=100)
    due: date | None = None  # the promise's last (else first) deadline day
