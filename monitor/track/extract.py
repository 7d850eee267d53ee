"""Find the statements about each followed commitment in an answer document, by reading.

A sentence states a commitment when one of its clauses has the commitment's actor, act and
object (``config.toml``: ``actors``, ``acts``, ``objects``), where the object may also stand by
reference to the sentence before ("Nederland zal hieraan deelnemen.", "Nederland neemt geen
deel.") or, in an answer's first paragraph, to its question. A sentence that opens with such a
reference ("Hierover wordt uw Kamer … geïnformeerd.") takes the one before along. A clause
that names an excluded party or programme (``exclude``: other programmes, companies) is no
statement, nor is a mention dated before ``year_from`` (another edition of a document) or, when
``undated`` is set, an undated mention without one of its words ("de nieuwe Defensienota").
Clauses are read by :mod:`monitor.track.analysis` (actor, act with separable verbs rejoined,
object lemmas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from monitor.config import CommitmentSettings
from monitor.model import Document
from monitor.track.matcher import REFERS_BACK, Matcher
from monitor.track.text import Span, sentence_spans, strip_furniture

__all__ = ["EXTRACTOR_VERSION", "Extracted", "Matcher", "extract", "matchers", "refers_back"]

# Bump when extraction or classification changes what a statement or verdict is: records keep
# the version that judged them, so a replay over history is distinguishable from a new position.
EXTRACTOR_VERSION = "track-2.11"

# How many following sentences that refer back a statement may take along.
_MAX_FOLLOWERS = 2


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` cannot stand alone because it points at the previous sentence."""
    # Page furniture a PDF left at the start of a sentence hides its first real word.
    return bool(REFERS_BACK.match(strip_furniture(sentence).lstrip()))


@dataclass(frozen=True, slots=True)
class Extracted:
    """One statement found in an answer: its commitment, where it is, and its text."""

    commitment: str
    answer_position: int
    questions: list[int]
    start: int
    end: int
    text: str


def matchers(commitments: Sequence[CommitmentSettings]) -> list[Matcher]:
    return [Matcher(c) for c in commitments]


def _ranges(
    text: str, spans: list[Span], matcher: Matcher, when: date | None, asked: str = ""
) -> list[tuple[int, int]]:
    """Sentence index ranges (inclusive) of the statements in one answer text.

    ``asked``: the questions the answer answers; the first paragraph may refer to them ("Ja.
    Nederland zal hieraan deelnemen.").
    """
    sentences = [text[s.start : s.end] for s in spans]
    ranges: list[tuple[int, int]] = []
    for i, sentence in enumerate(sentences):
        same = i > 0 and _same_paragraph(text, spans, i - 1, i)
        previous = sentences[i - 1] if same else None
        # Only a reading with an act of its own may lean on the question: for an object alone,
        # every "hierbij" of a first paragraph would become a statement.
        from_question = bool(asked and matcher.acts) and _same_paragraph(text, spans, 0, i) and (
            previous is None or not matcher.objects_in(previous)
        )
        how = matcher.states(sentence, asked if from_question else previous, when)
        if how is None:
            continue
        # The sentence a reference leans on is not taken along (its own dates and words would
        # read as changes of the statement), except after an opening "Hierover …", as always.
        lo = i - 1 if same and refers_back(sentence) else i
        hi = i
        while (
            hi + 1 < len(sentences)
            and hi - i < _MAX_FOLLOWERS
            and refers_back(sentences[hi + 1])
            and not matcher.mentions(sentences[hi + 1])
        ):
            hi += 1
        if ranges and lo <= ranges[-1][1] + 1 and _same_paragraph(text, spans, ranges[-1][1], lo):
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    return ranges


def _same_paragraph(text: str, spans: list[Span], a: int, b: int) -> bool:
    if b <= a:
        return True
    return "\n\n" not in text[spans[a].end : spans[b].start]


def extract(document: Document, active: Sequence[Matcher]) -> list[Extracted]:
    """Every statement of every followed commitment in ``document``, in document order.

    Answers that only refer to other answers ("Zie antwoord op vraag 1") add their question
    numbers to the statements of the answers they refer to instead of adding statements.
    """
    found: list[Extracted] = []
    by_position: dict[int, list[int]] = {}
    whole = "\n\n".join(
        [a.text for a in document.answers] + [q.text for q in document.questions]
    )
    for matcher in active:
        if not matcher.applies_to(document):
            continue
        # Most documents never mention a followed commitment: one search decides that.
        if matcher.terms is None or not matcher.terms.search(whole):
            continue
        for position, answer in enumerate(document.answers):
            text = answer.text
            asked = " ".join(q.text for q in document.questions if q.number in answer.numbers)
            # Most answers never mention a followed commitment: skip the reading.
            if not matcher.terms.search(text) and not matcher.objects_in(asked):
                continue
            spans = sentence_spans(text)
            for lo, hi in _ranges(text, spans, matcher, document.date_received, asked):
                start, end = spans[lo].start, spans[hi].end
                statement = text[start:end]
                if not matcher.accepts(statement):
                    continue
                by_position.setdefault(position, []).append(len(found))
                found.append(
                    Extracted(
                        commitment=matcher.commitment.id,
                        answer_position=position,
                        questions=sorted(set(answer.numbers)),
                        start=start,
                        end=end,
                        text=statement,
                    )
                )
    extra: dict[int, set[int]] = {}
    for position, answer in enumerate(document.answers):
        if not answer.refers_to or position in by_position:
            continue
        for target, other in enumerate(document.answers):
            if target != position and set(other.numbers) & set(answer.refers_to):
                extra.setdefault(target, set()).update(answer.numbers)
    if not extra:
        return found
    result: list[Extracted] = []
    for item in found:
        more = extra.get(item.answer_position)
        if more:
            item = Extracted(
                item.commitment, item.answer_position, sorted(set(item.questions) | more),
                item.start, item.end, item.text,
            )
        result.append(item)
    return result
