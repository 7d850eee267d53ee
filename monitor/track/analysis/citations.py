"""References to other documents, set aside before any comparison.

A cited Kamerstuk number, the date of an earlier letter or a footnote mark says where something
was said before, not what is promised now: "36 592, nr. 12" is no figure and "de brief van
3 maart jl." no deadline. Each pattern is a citation form of parliamentary documents, not a phrase
of one answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.dates import MONTH_NAMES

# The full names from the one month table; the abbreviations as citations write them.
_MONTH = (
    rf"(?:{'|'.join(MONTH_NAMES)}|"
    r"jan\.?|feb\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|nov\.?|dec\.?)"
)
_DATE = rf"\d{{1,2}}\s+{_MONTH}(?:\s+(?:(?:19|20)\d\d|jl\.?|j\.l\.|l\.l\.|ll\.?))?"
# A dossier number: "36 592", "36592", "21 501-28", "36 200-X", "31 125 (R2035)".
_DOSSIER = r"\d{2}\s?\d{3}(?:\s?-\s?(?:[IVXLC]+|[A-Z]{1,2}|\d{1,3}))?(?:\s*\([A-Z]?\d+\))?"
_NR = r"nrs?\.?\s*\d+(?:\s*(?:,|en|t/m|-)\s*\d+)*"
_SESSION = r"(?:I{1,2}\s+)?(?:19|20)\d\d\s*[/-]\s*(?:19|20)?\d\d"

_CITATION = re.compile(
    "|".join([
        # Kamerstuk(ken) [II] [2025/26,] 36 592, nr. 12
        rf"\bKamerstuk(?:ken)?(?:\s+{_SESSION})?(?:,?\s+{_DOSSIER})?(?:,?\s+{_NR})?",
        # Handelingen II 2025/26, nr. 45, item 12 / Aanhangsel Handelingen II 2025/26, nr. 1234
        rf"\b(?:Aanhangsel\s+(?:van\s+de\s+)?)?Handelingen(?:\s+{_SESSION})?"
        rf"(?:,?\s+{_NR})?(?:,?\s+items?\s+\d+)?",
        rf"\bAanhangsel(?:\s+{_SESSION})?(?:,?\s+(?:{_NR}|\d+))",
        # a bare dossier with its number: "21 501-28, nr. 245", "(36410, nr. 93)"
        rf"\b{_DOSSIER},?\s+{_NR}",
        # the date (and reference) of a cited letter, note, answer or debate
        rf"\b(?:(?:kamer)?brief|brieven|verslag|antwoorden|beantwoording|antwoord|nota|"
        rf"debat|overleg|motie|toezegging|besluit|kenmerk)\s+(?:van\s+|d\.d\.\s+|op\s+)?{_DATE}",
        # compounds of a debate, a meeting or a letter: "het commissiedebat van 12 september",
        # "de voortgangsbrief van 3 maart" (only with "van": "... op 1 mei" may be a deadline)
        rf"\b[a-zë]+(?:debat|overleg|brief|verslag|vergadering)\s+(?:van|d\.d\.)\s+{_DATE}",
        rf"\b(?:d\.d\.|gedateerd)\s+{_DATE}",
        rf"\b{_DATE}\s+(?:jl\.?|j\.l\.|l\.l\.|ll\.)",
        # "vraag 3", "antwoord op de vragen 1 en 2", "artikel 5", "blz. 12", "bijlage 2"
        r"\b(?:vra(?:a|ge)g(?:en)?|antwoord(?:en)?\s+op(?:\s+de)?\s+vra(?:a|ge)g(?:en)?|"
        r"artikel(?:en)?|art\.|blz\.|p\.|pagina|bijlage|hoofdstuk|paragraaf|par\.|lid|nr\.|"
        r"nummer|motie|amendement)\s+\d+[a-z]?(?:\s*(?:,|en|t/m|tot\s+en\s+met|-)\s*\d+[a-z]?)*",
        # publication identifiers and document numbers
        r"\b(?:ah|kst|stb|stcrt|trb|h)-(?:[a-z]+-)?\d[\d-]*\b",
        r"\b(?:Stb|Stcrt|Trb)\.\s*(?:19|20)\d\d,?\s*(?:nr\.\s*)?\d+",
        r"\b20\d\dZ\d{5}\b|\b20\d\dD\d{5}\b",
        # footnote marks: [^3], [3], superscripts
        r"\[\^?\d{1,3}\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+",
    ]),
    re.IGNORECASE,
)
# Digits glued to a word or to the full stop after it ("programma2.", "EDIP)3") are footnote
# marks in PDF text; matched case-sensitively and kept apart because they carry no word.
_GLUED = re.compile(
    r"(?<=[^\W\d_]{3})\d{1,2}(?=[\s.,;:)]|$)|(?<=[^\W\d_][.,;:)])\d{1,2}(?=[\s.,;:]|$)"
)


_LETTER = re.compile(rf".*?{_DATE}", re.IGNORECASE)


_SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference set aside: its text and where it is."""

    text: str
    start: int
    end: int
    kind: str = "reference"  # reference / letter (an earlier letter, note or debate) / footnote


# The same patterns on lower-cased text (no upper-case escapes in them): much faster than
# IGNORECASE, and only from word starts or a bracket.
_CITATION_LOW = re.compile(r"(?:\b|(?=\[))(?:" + _CITATION.pattern.lower() + ")")


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in order, without overlaps."""
    from monitor.track.analysis.times import lower_same_length

    found: list[Citation] = []
    for m in _CITATION_LOW.finditer(lower_same_length(text)):
        written = " ".join(text[m.start() : m.end()].split())
        kind = "footnote" if written[:1] in "[\u00b9\u00b2\u00b3\u2070" or written[:1] in \
            "\u2074\u2075\u2076\u2077\u2078\u2079" else (
            "letter" if _LETTER.match(written) else "reference")
        found.append(Citation(written, m.start(), m.end(), kind))
    for m in _SUPERSCRIPT.finditer(text):
        if not any(c.start <= m.start() < c.end for c in found):
            found.append(Citation(m.group(0), m.start(), m.end(), "footnote"))
    for m in _GLUED.finditer(text):
        if not any(c.start <= m.start() < c.end for c in found):
            found.append(Citation(m.group(0), m.start(), m.end(), "footnote"))
    found.sort(key=lambda c: c.start)
    return found
