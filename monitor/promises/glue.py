"""Words glued together by PDF extraction, separated again before an answer is read.

pypdf drops the space at many line ends, so "zal ik" arrives as "zalik", "Ik informeer" as
"Ikinformeer" and "uw Kamer op" as "uw Kamerop"; the clause reader then finds no actor or no
verb. Each rule splits a closed-class word (an auxiliary, a government subject, a frequent
finite verb of a promise, a preposition after "Kamer") off its neighbour, only where the glued
form is no Dutch word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from monitor.track.analysis.lemmas import known

# "kracht).Deze zal": a sentence stop without its space.
GLUED_STOP = re.compile(r"(?<=[a-zé)\]»”’])\.(?=[A-Z][a-z])")
# "zalvoor", "zaldaarom": a future auxiliary glued to the word after it.
# (Each pattern starts with its literal and checks the word start behind it: Python's re
# scans for a leading literal far faster than for a leading "\b".)
_AUX_BEFORE = re.compile(
    r"(zal|zullen|wordt|worden)(?:(?<=\b\w{3})|(?<=\b\w{5})|(?<=\b\w{6}))"
    r"(voor|vóór|in|de|het|een|er|ik|hier|daar|daarom|dit|deze|ook|u|uw|dan|nog|na|op|met|over|"
    r"zo|niet|geen|worden)\b")
# "enzal", "Daaromzal", "Degemeentezal": no Dutch word ends in "zal" or "zullen".
_AUX_AFTER = re.compile(r"(?<=[A-Za-zà-ÿ]{2})(?=(?:zal|zullen)\b)")
# "zalcliëntenorganisaties", "wordtduidelijk": no Dutch word starts with "wordt", "zullen" or
# "worden" (but "wordende"), nor with "zal" but zalf, zalig, zalm, zalving, zalen: any word glued
# after them is split off.
# (Literal first, the word start checked behind it, as above.)
_AUX_GLUED = re.compile(
    r"(zal(?<=\bzal)(?!f|ig|m|v|en\b)|zullen(?<=\bzullen)|word(?<=\bword)(?:t|en(?!d)))"
    r"(?=[a-zà-ÿ]{2})")
# "wil ikgraag", "zal ikde": "ik" after a finite verb glued to the next word (only "ikzelf"
# and "ikoon" start with "ik" there).
_IK_GLUED = re.compile(r"ik(?<=\sik)(?!zelf|oon|onen)(?=[a-zà-ÿ]{2})", re.IGNORECASE)
_IK_AFTER = frozenset({"wil", "zal", "ga", "kom", "ben", "heb", "kan", "laat", "stuur",
                       "informeer", "zend", "neem", "stel", "zie", "vind"})


def _ik_apart(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 12):m.start()].split()
    return "ik " if before and before[-1].lower() in _IK_AFTER else m.group(0)
# "hetkabinet", "uwKamer", "deminister": an article or possessive glued to a government noun.
# (The noun is found first, its glued article then looked at: far quicker than a leading
# lookbehind.)
# (each noun checked for a letter glued before it by a fixed-width lookbehind, so that the
# replacement runs only on glued ones)
_GOV_NOUN = re.compile("|".join(
    rf"{noun}(?<=[A-Za-zà-ÿ]{noun})\b"
    for noun in ("kabinet", "[Kk]amer", "ministerie", "minister", "staatssecretaris")))
_ARTICLES = frozenset({"het", "de", "uw", "mijn", "ons"})
# "in2024", "vóór2026": a preposition glued to the year after it.
_YEAR = re.compile(r"(?:19|20)\d\d\b(?<=[A-Za-zà-ÿ]\d{4})")
_BEFORE_YEAR = frozenset({"in", "voor", "vóór", "na", "per", "vanaf", "tot", "eind", "begin",
                          "medio"})
_WORD_BEFORE = re.compile(r"(?<![A-Za-zà-ÿ])[A-Za-zà-ÿ]+$")


def _glued_to(words: frozenset[str]) -> Callable[[re.Match[str]], str]:
    """A replacement that puts a space before the match where it is glued to one of
    ``words`` (the whole word before it)."""

    def apart(m: re.Match[str]) -> str:
        before = _WORD_BEFORE.search(m.string, max(0, m.start() - 12), m.start())
        glued = before is not None and before.group(0).lower() in words
        return " " + m.group(0) if glued else m.group(0)

    return apart
# "clusteraanpakwaarbij": a relative adverb glued to the noun it follows (none ends a word).
_RELATIVE_GLUED = re.compile(
    r"waar(?<=[a-zà-ÿ]{3}waar)(?=(?:bij|mee|door|in|op|van|over|na|voor)\b)")
# "de mogelijkheden teverkennen": "te" glued to its infinitive. Split only where the glued form
# is no word and the rest is one ("tevreden", "tekort", "teleurstellen" stay whole).
_TE_GLUED = re.compile(r"te(?<=\bte)([a-zà-ÿ]{3,}en)\b")


def _te_apart(m: re.Match[str]) -> str:
    word, rest = m.group(0), m.group(1)
    return f"te {rest}" if not known(word) and known(rest) else word


# Finite verbs of a promise (and of a report, so that "Ikheb" is not left to look like a
# noun) glued to the subject before them ("Ikinformeer", "kabinetstuurt"); after them
# ("stuurik") the fallback of discovery reads them.
_FIRST = (r"informeer|stuur|zend|bied|ga|heb|ben|wil|kom|stel|neem|laat|start|organiseer|"
          r"verwacht|vind|zie|werk|verwijs|onderzoek|publiceer|maak|zorg")
_THIRD = (r"informeert|stuurt|zendt|biedt|gaat|heeft|is|wil|komt|stelt|neemt|laat|start|"
          r"werkt|onderzoekt|publiceert|maakt|zorgt|ziet|vindt|kijkt|verwacht|blijft|acht|"
          r"hecht|deelt|steunt|zet|zal")
_SUBJECT_VERB = re.compile(rf"([Ii]k)(?<=\b..)({_FIRST})\b|(abinet)(?<=\b[Kk]abinet)({_THIRD})\b")
# "uw Kamerop 4 maart", "uw Kamerinformeren": "Kamer" and the word after it (compounds such
# as "Kamerbrief" or "Kamervoorzitter" are left alone by the closed list and the word end).
_KAMER = re.compile(
    r"(Kamer)(?<=\bKamer)(op|in|over|voor|vóór|te|na|met|toe|informeren|geïnformeerd|toegestuurd|"
    r"toegezonden|sturen|toesturen|toezenden|aanbieden)\b")


def unglue(text: str) -> str:
    """``text`` with the glued words of PDF extraction separated (same meaning, more spaces)."""
    text = GLUED_STOP.sub(". ", text)
    text = _AUX_BEFORE.sub(r"\1 \2", text)
    text = _AUX_AFTER.sub(" ", text)
    text = _AUX_GLUED.sub(r"\1 ", text)
    text = _IK_GLUED.sub(_ik_apart, text)
    text = _RELATIVE_GLUED.sub(" waar", text)
    text = _TE_GLUED.sub(_te_apart, text)
    text = _YEAR.sub(_glued_to(_BEFORE_YEAR), text)
    text = _GOV_NOUN.sub(_glued_to(_ARTICLES), text)
    text = _SUBJECT_VERB.sub(lambda m: " ".join(g for g in m.groups() if g), text)
    return _KAMER.sub(r"\1 \2", text)


# A paragraph that ends without a stop and a next one that starts in lower case are one
# sentence cut by the extraction (a list item's line: "Ik wil ervoor" / "zorgen dat ...").
_OPEN_END = re.compile(r"[A-Za-zà-ÿ,-]$")


def join_paragraphs(paragraphs: list[str] | tuple[str, ...]) -> str:
    """An answer's paragraphs as one text for sentence reading, a sentence cut across two
    paragraphs joined again."""
    out: list[str] = []
    for p in paragraphs:
        if out and p[:1].islower() and _OPEN_END.search(out[-1]):
            out[-1] += " " + p
        else:
            out.append(p)
    return "\n\n".join(out)
