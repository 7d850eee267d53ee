"""One answer's text, taken apart once for every promise reading of it.

Discovery, the report reading and the withdrawals each read the same answer: its paragraphs
joined (a sentence cut across two joined again), the words PDF extraction glued separated, the
sentences split and lower-cased for the cheap cues. A worker reads every answer of the history,
so this is done once per answer here and handed to each reading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from monitor.model import Document
from monitor.promises.glue import join_paragraphs, unglue
from monitor.promises.promise import Sentences, lower_sentences, pick
from monitor.promises.quick import Cue


@dataclass(frozen=True, slots=True)
class AnswerText:
    """``joined``: the paragraphs as one text (withdrawals read it); ``text``: the same with
    glued words apart (discovery and reports read it); ``sentences``: the sentence spans of
    ``text`` with their lower-case words."""

    joined: str
    text: str
    sentences: Sentences

    @classmethod
    def of(cls, paragraphs: Sequence[str]) -> AnswerText:
        joined = join_paragraphs(list(paragraphs))
        text = unglue(joined)
        return cls(joined, text, lower_sentences(text))

    def candidates(self, hint: Cue,
                   also: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
        """The sentences with ``hint`` (or ``also``) in their lower-case words:
        :func:`monitor.promises.promise.candidates` of ``text``."""
        return pick(self.sentences, hint, also)


def answer_texts(document: Document) -> tuple[AnswerText, ...]:
    """Every answer of ``document`` taken apart, in order."""
    return tuple(AnswerText.of(a.paragraphs) for a in document.answers)
