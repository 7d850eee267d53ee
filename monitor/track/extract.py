"""Find the statements about each followed commitment in an answer document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.config import CommitmentSettings
from monitor.model import Document
from monitor.track.text import Span, compile_terms, sentence_spans, strip_furniture

# Bump when extraction or classification changes what a statement or verdict is: records keep
# the version that judged them, so a replay over history is distinguishable from a new position.
EXTRACTOR_VERSION = "track-1.1"

# A sentence that opens with a pronominal adverb or a demonstrative leans on the one before it
# ("Hierover wordt uw Kamer ... geïnformeerd.", "Dit betekent ...").
_REFERS_BACK = re.compile(
    r"^[\"'“‘(]?(?:(?:en|maar|ook|verder|daarnaast|tevens|bovendien)\s+)?"
    r"(?:(?:hier|daar)(?:over|mee|bij|voor|in|op|toe|aan|door|na|uit|van|naar|om|onder|"
    r"tegen|achter|binnen|buiten|zonder|tussen)"
    r"|dit|dat|deze|die|dergelijke|zo['’]n|zulke|zij|ze|(?:het|de)\s+(?:voor|boven)?genoemde)\b",
    re.IGNORECASE,
)
# How many following sentences that refer back a statement may take along.
_MAX_FOLLOWERS = 2


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` cannot stand alone because it points at the previous sentence."""
    # Page furniture a PDF left at the start of a sentence hides its first real word.
    return bool(_REFERS_BACK.match(strip_furniture(sentence).lstrip()))


@dataclass(frozen=True, slots=True)
class Extracted:
    """One statement found in an answer: its commitment, where it is, and its text."""

    commitment: str
    answer_position: int
    questions: list[int]
    start: int
    end: int
    text: str


class Matcher:
    """Recognises statements about one commitment."""

    def __init__(self, commitment: CommitmentSettings) -> None:
        self.commitment = commitment
        self.terms = compile_terms(commitment.terms, commitment.patterns)
        self.excludes = [re.compile(p, re.IGNORECASE) for p in commitment.exclude_patterns]
        self.requires = [re.compile(p, re.IGNORECASE) for p in commitment.requires]
        self.ministries = [m.casefold() for m in commitment.ministries]

    def applies_to(self, document: Document) -> bool:
        if not self.ministries:
            return True
        ministry = document.ministry.casefold()
        return any(m in ministry for m in self.ministries)

    def mentions(self, sentence: str) -> bool:
        if self.terms is None or not self.terms.search(sentence):
            return False
        return not any(p.search(sentence) for p in self.excludes)

    def accepts(self, statement: str) -> bool:
        return all(p.search(statement) for p in self.requires)


def matchers(commitments: Sequence[CommitmentSettings]) -> list[Matcher]:
    return [Matcher(c) for c in commitments]


def _ranges(text: str, spans: list[Span], matcher: Matcher) -> list[tuple[int, int]]:
    """Sentence index ranges (inclusive) of the statements in one answer text."""
    sentences = [text[s.start : s.end] for s in spans]
    ranges: list[tuple[int, int]] = []
    for i, sentence in enumerate(sentences):
        if not matcher.mentions(sentence):
            continue
        lo = i - 1 if i > 0 and refers_back(sentence) else i
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
    whole = "\n\n".join(answer.text for answer in document.answers)
    for matcher in active:
        if not matcher.applies_to(document):
            continue
        # Most documents never mention a followed commitment: one search decides that.
        if matcher.terms is None or not matcher.terms.search(whole):
            continue
        for position, answer in enumerate(document.answers):
            text = answer.text
            # Most answers never mention a followed commitment: skip the sentence splitting.
            if matcher.terms is None or not matcher.terms.search(text):
                continue
            spans = sentence_spans(text)
            for lo, hi in _ranges(text, spans, matcher):
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

