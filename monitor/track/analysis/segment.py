"""Clauses of a sentence: split at ; and :, before conjunctions and subordinators, after a
fronted subordinate clause and before a verb's "dat" complement."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from monitor.track.analysis.verbs import PREPOSITIONS, analyse_word
from monitor.track.analysis.words import COORD, SUBORDINATORS, tokenise

_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s*|\s*,\s+(?=(?:\w+\s+)?(?:"
    + "|".join(sorted(SUBORDINATORS | COORD | {"zoals", "terwijl", "waarna"}))
    + r")\b)|"
    r"\s+(?=(?:maar|terwijl|omdat|zodat|nadat|zodra|indien|waarna)\b)|"
    # a relative clause after a noun: "de vereisten die moderne oorlogsvoering ... stelt"
    r"(?<=[a-zë])\s+(?=(?:die|waar|waarin|waarmee|waarbij|waardoor|waarop|waarover|waarvan)\s"
    r"(?!\w+\s+(?:is|zijn|wordt|worden)\b))"
)

_BEFORE_DAT = re.compile(r"(\w+)\s+(?=(?:dat|hoe|waarom|of)\s)")
_COMMA_WORD = re.compile(r",\s+(\w+)")
_PLAIN_WORD = re.compile(r"[\w’'-]+")


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence ``text[start:end]``: split at ; and : and before a conjunction
    or subordinator (after a comma, or "maar", "omdat" ... without one)."""
    # The split looks at the sentence, the character before it and the four after it (a
    # "maar" just past a break): the same sentence elsewhere is split once per process.
    before = text[start - 1] if start else ""
    shift = start - len(before)
    spans = _sentence_clauses(before, text[start:end], text[end : end + 4])
    return [(a + shift, b + shift) for a, b in spans]


@lru_cache(maxsize=16384)
def _sentence_clauses(before: str, sentence: str, after: str) -> tuple[tuple[int, int], ...]:
    text = before + sentence + after
    return tuple(_clause_spans(text, len(before), len(before) + len(sentence)))


def _clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos and text[pos : m.start()].strip():
            if m.group(0).lstrip().startswith(",") and not _has_verb(text, m.end(), end):
                # ", net als andere lidstaten,", ", als onderdeel van de rapportage,": a word
                # that can open a clause, but no verb follows before the next comma.
                continue
            out.append((pos, m.start()))
            pos = m.end()
    if text[pos:end].strip():
        out.append((pos, end))
    out = _elliptic(text, out)
    return [
        piece for a, b in out for e, f in _coordinated(text, a, b)
        for c, d in _complement(text, e, f) for piece in _fronted(text, c, d)
    ]


_PIECE_END = re.compile(r"[,;:]")


def _has_verb(text: str, a: int, end: int) -> bool:
    """Whether a verb form stands in ``text[a:]`` before the next comma (or ``end``)."""
    m = _PIECE_END.search(text, a, end)
    return any(t.form is not None for t in tokenise(text, a, m.start() if m else end, []))


def _elliptic(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece after "maar" without a verb of its own is no clause but part of the one before:
    "neemt niet alleen deel aan EDIP, maar ook aan het EDF" (the verb is left out)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and text[a:b].lstrip().lower().startswith("maar ") and not any(
            t.form is not None for t in tokenise(text, a, b, [])
        ):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _coordinated(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Two verb phrases joined by "en" without a comma are two clauses: "neemt deel en stuurt
    daarvoor ..." (the subject left out before a finite verb), "zal ... informeren en daarbij
    ingaan op ..." (two infinitives under one auxiliary). Nouns joined by "en" are not split."""
    if " en " not in text[a:b]:
        return [(a, b)]
    words = list(_PLAIN_WORD.finditer(text, a, b))
    for k in range(1, len(words) - 2):
        if words[k].group(0) != "en":
            continue
        before = analyse_word(words[k - 1].group(0))[1]
        after = [analyse_word(w.group(0))[1] for w in words[k + 1 : k + 5]]
        finite_next = after[0] in ("pres", "past") and any(
            analyse_word(w.group(0))[1] in ("pres", "past") for w in words[: k - 1]
        )
        verb_phrase = before in ("inf", "part") and after[0] is None and any(
            f in ("inf", "part") for f in after[1:]
        )
        if finite_next or verb_phrase:
            cut = words[k].start()
            return [(a, words[k - 1].end()), *_coordinated(text, cut, b)]
    return [(a, b)]


_NEXT_WORD = re.compile(r"\s*\w+\s+(\w+)")
# Words that open a clause after "dat" (a subject), not a noun after a determiner "dat".
_CLAUSE_OPENERS = frozenset({"de", "het", "een", "er", "ik", "wij", "we", "zij", "ze", "hij",
                             "u", "men", "deze", "dit", "die", "dat", "hier", "daar", "ook",
                             "alle", "geen", "elke", "iedere", "mijn", "ons", "onze", "uw"})


def _determiner(piece: str, m: re.Match[str]) -> bool:
    """Whether "dat" after the preposition ``m.group(1)`` is a determiner: "doet aan dat
    programma mee" (a lower-case noun follows), not "hecht er belang aan dat de zorg ..."
    nor "pas het stelsel zo aan dat woningen minder punten krijgen" (the stretch after "dat"
    holds a verb of its own, so it is a clause whatever word opens it)."""
    if m.group(1).lower() not in PREPOSITIONS:
        return False
    after = _NEXT_WORD.match(piece, m.end())
    if after is None or not after.group(1).islower() or after.group(1) in _CLAUSE_OPENERS:
        return False
    return not _has_own_verb(piece[after.start(1):])


def _has_own_verb(rest: str) -> bool:
    """A finite verb or participle in ``rest``; an infinitive after "te" ("aan dat programma
    deel te nemen") belongs to the clause around it."""
    words = _PLAIN_WORD.findall(rest)
    return any(
        analyse_word(w)[1] is not None and (i == 0 or words[i - 1].lower() != "te")
        for i, w in enumerate(words)
    )


def _complement(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """ "heeft besloten dat Nederland toetreedt", "laat uw Kamer weten hoe ...", "zal
    verkennen of ...": the clause after a verb (or after the Kamer it informs) is its own. A
    word after "te" is an infinitive whatever noun it also spells ("te onderzoeken of")."""
    piece = text[a:b]
    for m in _BEFORE_DAT.finditer(piece):
        if m.start() > 0 and not _determiner(piece, m) and (
            analyse_word(m.group(1))[1] is not None or m.group(1).lower() in ("kamer", "u")
            or piece[: m.start()].rstrip().lower().endswith(" te")
        ):
            cut = a + m.end()
            return [(a, a + m.end(1)), *_complement(text, cut, b)]
    return [(a, b)]


FRONTED = re.compile(
    r"\s*(?:nadat|zodra|als|omdat|aangezien|wanneer|indien|hoewel|doordat|terwijl|voordat|sinds|"
    r"tenzij|mits|mocht|op\s+het\s+moment\s+dat)\b",
    re.IGNORECASE,
)


def _fronted(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """ "Nadat ..., wordt ...": a fronted subordinate clause ends before the main clause's verb
    (after a comma, or where two finite verbs meet: "beschikbaar is zal ik")."""
    if not (FRONTED.match(text, a, b) or RELATIVE_START.match(text, a, b)):
        return [(a, b)]
    for m in _COMMA_WORD.finditer(text[a:b]):
        if analyse_word(m.group(1))[1] in ("pres", "past"):
            return [(a, a + m.start()), (a + m.end(1) - len(m.group(1)), b)]
    words = list(_PLAIN_WORD.finditer(text[a:b]))
    for w1, w2 in pairwise(words):
        l1, l2 = w1.group(0).lower(), w2.group(0).lower()
        if l1 in _FINITE_AUX and l2 in _FINITE_AUX:
            return [(a, a + w1.end()), (a + w2.start(), b)]
    return [(a, b)]


_AS = re.compile(r"\s*(?:net\s+)?als\s", re.IGNORECASE)


def role_opening(text: str, a: int, b: int) -> bool:
    """ "Als onderdeel van de inzet zal Nederland ...", "Net als andere lidstaten zal ...": an
    opening "als" with no verb of its own names a role or a comparison, not a condition (a
    conditional "als" clause has its own finite verb besides the main clause's)."""
    if not _AS.match(text, a, b):
        return False
    finite = [t for t in tokenise(text, a, b, []) if t.form in ("pres", "past")]
    return len(finite) <= 1


RELATIVE_START = re.compile(
    r"\s*(?:die|dat|waarin|waarmee|waarbij|waardoor|waarop|waarover|waarvan)\b", re.I
)
_FINITE_AUX_WORDS = """is zijn was waren wordt worden werd werden heeft hebben heb had
    hadden zal zullen zou zouden kan kunnen kon konden wil willen moet moeten mag mogen ga gaat
    gaan"""
_FINITE_AUX = frozenset(_FINITE_AUX_WORDS.split())
