"""Words glued together by PDF extraction, separated again before an answer is read.

pypdf drops the space at many line ends, so "zal ik" arrives as "zalik", "Ik informeer" as
"Ikinformeer" and "uw Kamer op" as "uw Kamerop"; the clause reader then finds no actor or no
verb. Each rule splits a closed-class word (an auxiliary, a government subject, a frequent
finite verb of a promise, a preposition after "Kamer") off its neighbour, only where the glued
form is no Dutch word.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
# Finite verbs of a promise (and of a report, so that "Ikheb" is not left to look like a
# noun) glued to the subject before them ("Ikinformeer", "kabinetstuurt"); after them
# ("stuurik") the fallback of discovery reads them.
_FIRST = (r"informeer|stuur|zend|bied|ga|heb|ben|wil|kom|stel|neem|laat|start|organiseer|"
          r"verwacht|vind|zie|werk|verwijs|onderzoek|publiceer|maak|zorg")
_THIRD = (r"informeert|stuurt|zendt|biedt|gaat|heeft|is|wil|komt|stelt|neemt|laat|start|"
          r"werkt|onderzoekt|publiceert|maakt|zorgt")
_SUBJECT_VERB = re.compile(rf"([Ii]k)(?<=\b..)({_FIRST})\b|(abinet)(?<=\b[Kk]abinet)({_THIRD})\b")
# "uw Kamerop 4 maart", "uw Kamerinformeren": "Kamer" and the word after it (compounds such
# as "Kamerbrief" or "Kamervoorzitter" are left alone by the closed list and the word end).
_KAMER = re.compile(
    r"(Kamer)(?<=\bKamer)(op|in|over|voor|vóór|te|na|met|toe|informeren|geïnformeerd|toegestuurd|"
    r"toegezonden|sturen|toesturen|toezenden|aanbieden)\b")


# Cached: discovery and the report reading of an answer unglue the same answer texts.
@lru_cache(maxsize=64)
def unglue(text: str) -> str:
    """``text`` with the glued words of PDF extraction separated (same meaning, more spaces)."""
    text = GLUED_STOP.sub(". ", text)
    text = _AUX_BEFORE.sub(r"\1 \2", text)
    text = _AUX_AFTER.sub(" ", text)
    text = _SUBJECT_VERB.sub(lambda m: " ".join(g for g in m.groups() if g), text)
    return _KAMER.sub(r"\1 \2", text)
