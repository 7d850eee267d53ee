"""The document model: one shape for every publication format.

Parsers (``monitor.parse``) produce a :class:`Document`; the store persists it; ``monitor parse``
prints :meth:`Document.to_json`, whose structural keys (``identifier``, ``kind``, ``questions``,
``answers``, ``footnotes``) are a stable, documented interface.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from monitor.statuses import DocumentStatus

# A footnote mark inside question and answer text, at the place of the superscript: "…NZa.[^2]".
# Every format writes marks this way; the footnote itself is in ``Document.footnotes``.
FOOTNOTE_MARK = re.compile(r"\[\^(\d{1,3})\]")


_SPACE_BEFORE_MARK = re.compile(r"\s+(?=\[\^\d{1,3}\])")


def tidy_marks(text: str) -> str:
    """A mark belongs to the text before it: "gedrag? [^1] [^2]" -> "gedrag?[^1][^2]"."""
    return _SPACE_BEFORE_MARK.sub("", text) if "[^" in text else text


def without_marks(text: str) -> str:
    """``text`` with its footnote marks (``[^N]``) removed."""
    return FOOTNOTE_MARK.sub("", text)


class Kind(StrEnum):
    ANSWER = "answer"
    POSTPONEMENT = "postponement"  # Mededeling: the answer will come later
    # Mededeling: the questions were answered another way (by letter, in a debate); linked to
    # its questions like a postponement, but no answer is coming
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    QUESTIONS = "questions"  # Kamervragen zonder antwoord: questions not (yet) answered
    UNKNOWN = "unknown"


class Format(StrEnum):
    XML = "xml"
    HTML = "html"
    PDF = "pdf"
    TEXT = "txt"


@dataclass(slots=True)
class Question:
    number: int
    text: str


@dataclass(slots=True)
class Answer:
    numbers: list[int]
    paragraphs: list[str]
    refers_to: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class Footnote:
    mark: str
    text: str


@dataclass(slots=True)
class Person:
    name: str
    party: str = ""
    role: str = ""  # "Minister", "Staatssecretaris", "lid", ...


@dataclass(slots=True)
class Document:
    identifier: str
    kind: Kind = Kind.UNKNOWN
    version: int = 1
    source_format: Format = Format.XML
    chamber: str = ""  # "tk" / "ek"
    vergaderjaar: str = ""  # "2020-2021"
    aanhangsel_number: str = ""
    zaak: str = ""  # Zaak number ("2021Z09739"), the SRU "vraagnummer"
    title: str = ""
    subject: str = ""
    askers: list[Person] = field(default_factory=list)
    ministers: list[Person] = field(default_factory=list)
    ministry: str = ""
    date_sent: date | None = None  # ingezonden
    date_received: date | None = None  # ontvangen
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # "Zie ook Aanhangsel ..., nr. 1028"
    answer_identifier: str = ""  # on a kv question: the ah id that answers it
    # complete, or partial: only the structure that was certain, the reasons in ``warnings``
    parse_status: str = DocumentStatus.COMPLETE
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (``monitor parse --format json``)."""
        return {
            "identifier": self.identifier,
            "kind": str(self.kind),
            "version": self.version,
            "format": str(self.source_format),
            "chamber": self.chamber,
            "vergaderjaar": self.vergaderjaar,
            "aanhangsel_number": self.aanhangsel_number,
            "zaak": self.zaak,
            "title": self.title,
            "subject": self.subject,
            "askers": [asdict(p) for p in self.askers],
            "ministers": [asdict(p) for p in self.ministers],
            "ministry": self.ministry,
            "date_sent": self.date_sent.isoformat() if self.date_sent else None,
            "date_received": self.date_received.isoformat() if self.date_received else None,
            "related": list(self.related),
            "answer_identifier": self.answer_identifier,
            "questions": [{"number": q.number, "text": q.text} for q in self.questions],
            "answers": [
                {"numbers": list(a.numbers), "text": a.text, "refers_to": list(a.refers_to)}
                for a in self.answers
            ],
            "footnotes": [{"mark": f.mark, "text": f.text} for f in self.footnotes],
            "parse_status": self.parse_status,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_json` (answer text is split back into paragraphs)."""
        return cls(
            identifier=data["identifier"],
            kind=Kind(data.get("kind", "unknown")),
            version=int(data.get("version", 1)),
            source_format=Format(data.get("format", "xml")),
            chamber=data.get("chamber", ""),
            vergaderjaar=data.get("vergaderjaar", ""),
            aanhangsel_number=data.get("aanhangsel_number", ""),
            zaak=data.get("zaak", ""),
            title=data.get("title", ""),
            subject=data.get("subject", ""),
            askers=[Person(**p) for p in data.get("askers", [])],
            ministers=[Person(**p) for p in data.get("ministers", [])],
            ministry=data.get("ministry", ""),
            date_sent=date.fromisoformat(data["date_sent"]) if data.get("date_sent") else None,
            date_received=(
                date.fromisoformat(data["date_received"]) if data.get("date_received") else None
            ),
            related=list(data.get("related", [])),
            answer_identifier=data.get("answer_identifier", ""),
            questions=[Question(q["number"], q["text"]) for q in data.get("questions", [])],
            answers=[
                Answer(
                    list(a["numbers"]),
                    a["text"].split("\n\n") if a["text"] else [],
                    list(a.get("refers_to", [])),
                )
                for a in data.get("answers", [])
            ],
            footnotes=[Footnote(f["mark"], f["text"]) for f in data.get("footnotes", [])],
            # stored before partial parses existed: every stored document was complete
            parse_status=data.get("parse_status", DocumentStatus.COMPLETE),
            warnings=list(data.get("warnings", [])),
        )
