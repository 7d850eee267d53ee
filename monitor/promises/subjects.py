"""What a promise or a report is about: its content words, and when two readings share a subject
(how lineage matches later answers with open promises)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.track.analysis import Clause


def content_words(sentence: str, clauses: Iterable[Clause] = ()) -> tuple[str, ...]:
    """The lemmas the analysis found plus the sentence's longer words: what a promise is about,
    for matching it with later answers."""
    words = {w for w in re.findall(r"[a-zà-ÿ][a-zà-ÿ-]{3,}", sentence.lower())
             if w not in _STOP_WORDS}
    for c in clauses:
        words |= set(c.objects)
    return tuple(sorted(words))


_STOP_WORDS = frozenset([
    "heeft", "hebben", "zijn", "wordt", "worden", "zal", "zullen", "deze", "dit", "die", "dat",
    "waar", "over", "voor", "naar", "door", "niet", "geen", "ook", "nog", "maar", "want",
    "omdat", "zodat", "wanneer", "welke", "onze", "mijn", "kamer", "uw", "kabinet", "minister",
    "hierover", "daarover", "hierop", "informeer", "informeren", "geïnformeerd", "nader",
    "graag", "tevens", "reeds", "daarbij", "daarom", "daarnaast", "verder", "eerder", "later",
    "eind", "begin", "komende", "volgende", "vóór", "uiterlijk", "zoals", "januari",
    "februari", "maart", "april", "juni", "juli", "augustus", "september", "oktober",
    "november", "december", "zomer", "najaar", "voorjaar", "winter", "herfst", "jaar", "week",
    "maand", "brief", "stuur", "sturen", "gestuurd",
])


_GENERIC = frozenset({"kamer", "kabinet", "nederland", "minister", "hierover", "hierop",
                      "daarover", "uw", "informatie", "brief"})


def same_subject(a: Iterable[str], b: Iterable[str], act: str) -> bool:
    """Two readings speak of the same thing: at least two shared content words, and at least
    two fifths of the smaller set (long sentences share common words by chance)."""
    return shares_subject(subject_words(a, act), subject_words(b, act))


def subject_words(words: Iterable[str], act: str = "") -> frozenset[str]:
    """The words of a reading that :func:`same_subject` compares (for matching one reading
    against many: compute once, then :func:`shares_subject`)."""
    return frozenset(words) - _GENERIC - {act}


def shares_subject(left: frozenset[str], right: frozenset[str]) -> bool:
    """:func:`same_subject` of two readings' :func:`subject_words` (of the same act)."""
    if not left or not right:
        return False
    shared = len(left & right)
    return shared >= 2 and shared >= 0.4 * min(len(left), len(right))
