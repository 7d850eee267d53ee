"""The shapes of a reading: a clause read, a sentence, a text, and the modality ladder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from monitor.track.analysis.amounts import Amount
from monitor.track.analysis.citations import Citation
from monitor.track.analysis.documents import Document
from monitor.track.analysis.times import TimeValue

# The modality ladder (issue 13): a higher rung is a firmer commitment.
LADDER = ("withdrawn", "considering", "intends", "decided", "does")
RANK = {name: i for i, name in enumerate(LADDER)}

@dataclass(frozen=True, slots=True)
class Clause:
    """One clause read: who does what, how firmly, and the values it carries."""

    text: str
    start: int
    end: int
    actor: str
    act: str
    verb: str
    objects: tuple[str, ...]
    modality: str
    hedges: tuple[str, ...]
    polarity: bool
    negation: str
    tense: str
    times: tuple[TimeValue, ...]
    amounts: tuple[Amount, ...]
    documents: tuple[Document, ...]
    reference: bool = False  # "zoals eerder gemeld": said before, not said now
    subordinate: bool = False
    marker: str = ""  # the words that set the modality ("voornemens", "neemt … deel")

    @property
    def rank(self) -> int:
        return RANK[self.modality]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text read: sentences with their clauses, and the citations set aside."""

    text: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...] = field(default=())
    clean: str = ""  # ``text`` with citations and asides blanked out (same offsets)
    # All clauses in order, collected once (the classifier asks for them many times).
    flat: tuple[Clause, ...] = field(default=(), compare=False, repr=False)
    # The date of the answer the text was read against ("de nieuwe nota" is one of its year
    # or later).
    day: date | None = field(default=None, compare=False, repr=False)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return self.flat or tuple(c for s in self.sentences for c in s.clauses)
