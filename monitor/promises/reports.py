"""Acts the government reports as done: what keeps an earlier promise (lineage)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from monitor.model import Document
from monitor.promises.answer_text import AnswerText
from monitor.promises.cues import NEGATED, NOT_ACTS, SPEECH_ACTS
from monitor.promises.glue import join_paragraphs, unglue
from monitor.promises.judge import government
from monitor.promises.promise import Reader, candidates, read_sentence
from monitor.promises.subjects import content_words
from monitor.track.analysis import Analysis

REPORT_HINT = re.compile(r"kamer|ge[a-zï]+d\b|ge[a-z]+en\b|besloten|verzonden|onderzocht")
_PERFECT = re.compile(r"\b(?:heb|hebben|heeft|is|zijn|werd|werden|ben)\b", re.IGNORECASE)
PARTICIPLES = {
    "geïnformeerd": "informeren", "ingelicht": "inlichten", "bericht": "berichten",
    "gerapporteerd": "rapporteren", "gestuurd": "sturen", "toegestuurd": "toesturen",
    "verzonden": "verzenden", "toegezonden": "toezenden", "verstuurd": "versturen",
    "aangeboden": "aanbieden", "gepubliceerd": "publiceren", "gepresenteerd": "presenteren",
    "uitgebracht": "uitbrengen", "teruggekomen": "terugkomen", "onderzocht": "onderzoeken",
    "besloten": "besluiten", "aangepast": "aanpassen", "opgesteld": "opstellen",
}


# Each participle as a word of its own, compiled once; one scan for any of them first, since
# most sentences hold none.
_PARTICIPLE_WORDS = tuple((re.compile(rf"\b{word}\b", re.IGNORECASE), act)
                          for word, act in PARTICIPLES.items())
_ANY_PARTICIPLE = re.compile(r"\b(?:" + "|".join(PARTICIPLES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Report:
    """A government act reported as done ("Op 5 februari heb ik uw Kamer geïnformeerd over ..."):
    what keeps an earlier promise."""

    acts: frozenset[str]
    lemmas: tuple[str, ...]
    sentence: str


def reports_in_text(text: str, *, answer_date: date, read: Reader = read_sentence,
                    prepared: AnswerText | None = None) -> list[Report]:
    """Acts of the government in the perfect or past tense, positive and not hedged
    (``prepared``: the text already taken apart)."""
    if prepared is None:
        text = unglue(text)
        spans = candidates(text, REPORT_HINT)
    else:
        text, spans = prepared.text, prepared.candidates(REPORT_HINT)
    out: list[Report] = []
    for a, b in spans:
        out += _reports(read(text[a:b], answer_date))
    return out


def _reports(analysed: Analysis) -> list[Report]:
    out: list[Report] = []
    for sentence in analysed.sentences:
        s_text = " ".join(analysed.text[sentence.start:sentence.end].split())
        if s_text.endswith("?") or NEGATED.search(s_text.lower()):
            continue
        acts = {c.act for c in sentence.clauses
                if c.tense in ("perfect", "past") and c.polarity and c.act
                and not c.reference and (government(c) or "kamer" in c.text.lower())}
        # The participle of a delivery names the act even where the clause reader chose
        # another verb ("heb ik uw Kamer geïnformeerd over ... de stuw Borgharen").
        if _PERFECT.search(s_text) and _ANY_PARTICIPLE.search(s_text):
            acts |= {act for word, act in _PARTICIPLE_WORDS if word.search(s_text)}
        acts -= NOT_ACTS | SPEECH_ACTS
        if acts:
            out.append(Report(frozenset(acts), content_words(s_text, sentence.clauses),
                              s_text))
    return out


def reports(document: Document, *, received: date, read: Reader = read_sentence,
            texts: Sequence[AnswerText] | None = None) -> list[Report]:
    if texts is not None:
        return [r for t in texts
                for r in reports_in_text(t.joined, answer_date=received, read=read, prepared=t)]
    return [r for a in document.answers
            for r in reports_in_text(join_paragraphs(a.paragraphs), answer_date=received,
                                     read=read)]
