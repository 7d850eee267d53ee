"""The array tables of ``config.toml``: ``[[commitments]]`` (how a followed commitment's
statements are recognised) and ``[[subscriptions]]`` (who is told what, by which channel, when).

They are the part of the configuration that grows with use and carries most validation; the
fixed sections and the loading are in :mod:`monitor.config`, which re-exports these classes.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from monitor.statuses import PROMISE_ALERTS, PromiseStatus


class Section(BaseModel):
    """A table of the configuration: unknown keys are errors, values never change after load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


_LEMMA = re.compile(r"^[^\W\d_][^\W\d_-]*$")


class CommitmentSettings(Section):
    """One followed commitment and how to recognise its statements (docs/alerts.md).

    A statement has the commitment's actor, act and object in one clause (or the object by
    reference to the sentence before). Empty ``actors`` or ``acts`` accept any actor or act.
    ``terms`` is the old name of ``objects`` and is still read.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str = ""
    # What the commitment is about: names matched tolerant of case, hyphenation and inflection.
    objects: list[str] = []
    terms: list[str] = []
    patterns: list[str] = []  # extra regular expressions for the object
    actors: list[str] = []  # who acts ("Nederland", "het kabinet", "Defensie")
    acts: list[str] = []  # verb or noun lemmas ("deelnemen", "deelname")
    # A clause naming one of these (another programme, companies) is not a statement.
    exclude: list[str] = []
    exclude_patterns: list[str] = []  # a sentence matching one of these is ignored
    # Every one of these must also match a statement (the old way to narrow a commitment).
    requires: list[str] = []
    # A mention of the object dated before this year is another document (the Defensienota
    # 2024 is not the 2026 one); later years are the same commitment, slipped.
    year_from: int | None = Field(default=None, ge=1900, le=2200)
    # When set, an undated mention counts only next to one of these words ("nieuwe", "komende")
    # or in a promise with a time to come ("ontvangt de Defensienota voor de zomer").
    undated: list[str] = []
    ministries: list[str] = []

    @field_validator("patterns", "exclude_patterns", "requires")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"pattern {pattern!r} is not a valid regular expression: {exc}"
                ) from None
        return value

    @field_validator("acts", "undated")
    @classmethod
    def _lemmas(cls, value: list[str]) -> list[str]:
        for word in value:
            if not _LEMMA.match(word.strip()):
                raise ValueError(
                    f"{word!r} is not one word (write the lemma: 'deelnemen', not 'neemt deel')"
                )
        return [w.strip().lower() for w in value]

    @field_validator("objects", "terms", "actors", "exclude")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("an empty entry")
        return value

    @model_validator(mode="after")
    def _recognisable(self) -> CommitmentSettings:
        if not self.objects and not self.terms and not self.patterns:
            raise ValueError(f"commitment {self.id!r} needs at least one of objects or patterns")
        return self

    @property
    def object_terms(self) -> list[str]:
        """``objects`` and the old ``terms`` together."""
        return [*self.objects, *(t for t in self.terms if t not in self.objects)]

_SCHEDULE = re.compile(
    r"^(immediate"
    r"|daily ([01]\d|2[0-3]):[0-5]\d"
    r"|weekly (mon|tue|wed|thu|fri|sat|sun)\w* ([01]\d|2[0-3]):[0-5]\d)$",
    re.IGNORECASE,
)




class SubscriptionSettings(Section):
    name: str
    email: list[str] = []
    webhook: str = ""
    secret_env: str = ""
    commitments: list[str] = ["*"]
    verdicts: list[str] = []  # empty: every verdict except restated and reworded
    schedule: str = "immediate"
    ministries: list[str] = []  # also tell about every new answer from these ministries
    zaken: list[str] = []  # also tell when these Zaak numbers are answered or postponed
    # Discovered promises (issue 11): by id ("*": all), ministry, minister or a search term.
    promises: list[str] = []
    promise_ministries: list[str] = []
    promise_ministers: list[str] = []
    promise_terms: list[str] = []
    promise_statuses: list[str] = [PromiseStatus.OVERDUE, PromiseStatus.SLIPPED,
                                   PromiseStatus.FULFILLED]

    @field_validator("promise_statuses")
    @classmethod
    def _promise_statuses(cls, value: list[str]) -> list[str]:
        for status in value:
            if status not in PROMISE_ALERTS:
                raise ValueError(f"{status!r} is not a promise alert (one of "
                                 f"{', '.join(PROMISE_ALERTS)})")
        return value

    @field_validator("promises")
    @classmethod
    def _promise_ids(cls, value: list[str]) -> list[str]:
        for pid in value:
            if pid != "*" and not re.fullmatch(r"[0-9a-f]{16}", pid):
                raise ValueError(f"{pid!r} is not a promise id (16 hex digits, or '*')")
        return value

    def follows_promises(self) -> bool:
        return bool(self.promises or self.promise_ministries or self.promise_ministers
                    or self.promise_terms)

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        if not _SCHEDULE.match(value.strip()):
            raise ValueError(
                f"schedule {value!r} must be 'immediate', 'daily HH:MM' or 'weekly DAY HH:MM'"
            )
        return value.strip()

    @model_validator(mode="after")
    def _one_channel(self) -> SubscriptionSettings:
        if bool(self.email) == bool(self.webhook):
            raise ValueError(f"subscription {self.name!r} needs exactly one of email or webhook")
        if self.webhook and not self.secret_env:
            raise ValueError(f"subscription {self.name!r}: a webhook needs secret_env")
        return self
