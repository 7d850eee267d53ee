"""A promise as discovery records it, its stable id, and how an answer's sentences are read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from monitor.model import Document
from monitor.promises.deadlines import Deadline
from monitor.promises.quick import Cue
from monitor.track.analysis import Analysis, analyse
from monitor.track.text import sentence_spans

# How a sentence is read: ``analyse`` by default; a caller that reads the same answer for
# promises and for reports passes one that remembers (see monitor/promises/findings.py).
Reader = Callable[[str, date], Analysis]


def read_sentence(text: str, day: date) -> Analysis:
    return analyse(text, date=day)


@dataclass(frozen=True, slots=True)
class Promise:
    """One promise found in an answer."""

    id: str
    identifier: str
    questions: tuple[int, ...]
    answer_position: int
    sentence: str
    actor: str
    act: str
    object: str
    modality: str
    deadline: Deadline
    received: date
    ministry: str = ""
    minister: str = ""
    lemmas: tuple[str, ...] = field(default=())


def normalise(sentence: str) -> str:
    """Letters and digits only, lower case: the same sentence with other hyphens, spacing or
    glued words (as PDF extractors produce them) normalises the same."""
    return "".join(ch for ch in sentence.lower() if ch.isalnum())


def promise_id(identifier: str, questions: Iterable[int], sentence: str) -> str:
    key = "|".join([identifier, ",".join(str(q) for q in sorted(questions)), normalise(sentence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def minister_of(document: Document) -> str:
    return "; ".join(" ".join(p for p in (m.role, m.name) if p) for m in document.ministers)


def candidates(text: str, hint: Cue,
                also: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Sentences worth the full reading: most sentences of an answer carry no marker of a
    promise at all, and the analysis is what costs."""
    return pick(_cached_sentences(text), hint, also)


# Sentence spans of a text with their lower-case words, for the cheap cues.
Sentences = tuple[tuple[int, int, str], ...]


def lower_sentences(text: str) -> Sentences:
    return tuple((s.start, s.end, text[s.start:s.end].lower()) for s in sentence_spans(text))


# Outside the worker (which splits each answer once, in an AnswerText), discovery and the
# report reading of an answer split the same (unglued) answer text.
_cached_sentences = lru_cache(maxsize=64)(lower_sentences)


def pick(sentences: Sentences, hint: Cue,
         also: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """The spans of ``sentences`` with ``hint`` (or ``also``) in their lower-case words."""
    return [(a, b) for a, b, low in sentences
            if hint.search(low) or (also is not None and also(low))]

