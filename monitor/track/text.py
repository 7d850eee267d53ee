"""Dutch official prose: sentence spans, commitment-term matching and normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence (lower-cased, without the
# final dot). Multi-part ones ("d.w.z") are matched as written, including inner dots.
_ABBREVIATION_WORDS = """
    nr nrs no art artt blz p pp vgl zie resp bijv bv bijvoorbeeld o.a e.a e.d c.q d.w.z m.b.t
    t.a.v i.v.m i.c.m n.a.v t.z.t z.s.m m.i.v m.u.v o.b.v a.s j.l jl
    m.n z.g.a.n zgn incl excl ca circa mln mld mrd min max gem dhr mevr mr dr drs ir ing prof
    st jr sr ds mw kol par lid sub jan feb mrt apr jun jul aug sep sept okt nov dec
    e.v etc enz vs i.p.v ivm tav mbt nl eur bijl hfdst hst afd
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_WORD = r"[^\W_]"
# A full stop, question or exclamation mark, with closing brackets/quotes glued to it.
_END = re.compile(r"[.!?]+[\"'”’)\]]*")
# What must follow for the mark to end a sentence: whitespace, then an upper-case letter, a
# digit, an opening quote or bracket, or the end of the text.
_NEXT = re.compile(r"\s+(?=[\"'“‘(\[]?[A-ZÀ-Þ0-9])|\s*$")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_LAST_WORD = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial."""
    # Only the word before the dot matters: look back a bounded window, so that splitting a
    # text stays linear in its length.
    lo = max(0, dot - 24)
    m = _LAST_WORD.search(text, lo, dot)
    if not m or (m.start(1) == lo and lo > 0 and not text[lo - 1].isspace()
                 and text[lo - 1] != "("):
        return False
    word = m.group(1).lower()
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    # A single letter ("J. de Vries", "a. ...") or dotted initials ("H.J.") is no sentence end.
    return bool(re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word))


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` as exact ``[start, end)`` spans (surrounding blanks excluded).

    Paragraph breaks (blank lines) always end a sentence; a single line break does not.
    """
    spans: list[Span] = []
    para_start = 0
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for para_end, next_start in breaks:
        _split_paragraph(text, para_start, para_end, spans)
        para_start = next_start
    return spans


def _split_paragraph(text: str, lo: int, hi: int, out: list[Span]) -> None:
    start = lo
    pos = lo
    while pos < hi:
        m = _END.search(text, pos, hi)
        if not m:
            break
        after = _NEXT.match(text, m.end(), hi)
        dot_only = text[m.start()] == "." and m.end() - m.start() == 1
        if after and not (dot_only and _is_abbreviation(text, m.start())):
            _append(text, start, m.end(), out)
            start = after.end()
        pos = m.end()
    _append(text, start, hi, out)


def _append(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


# --- terms -----------------------------------------------------------------------------------

_SEP = r"[\s\-‐‑–—/]*"
_DOUBLE_VOWEL = re.compile(r"^(.*?)([aeou])\2([^aeiouy])$")


def _part_pattern(part: str, last: bool) -> str:
    """One word of a term: its spelling, or its inflected form (europees -> europese)."""
    lower = part.lower()
    forms = [re.escape(lower)]
    m = _DOUBLE_VOWEL.match(lower)
    if m and len(lower) > 3:
        # Dutch open syllables drop the doubled vowel when an ending is added.
        forms.append(re.escape(m.group(1) + m.group(2) + m.group(3)) + "e")
    if lower[-1:] in ("s", "f") and len(lower) > 3:
        forms.append(re.escape(lower[:-1] + ("z" if lower[-1] == "s" else "v")) + "e")
    body = "(?:" + "|".join(forms) + ")"
    if not lower.isalpha():
        return body
    suffix = r"(?:e|en|s|n|'s|’s|er|ere)?" if last else r"(?:e|en|s)?"
    return body + suffix


def term_pattern(term: str) -> str:
    """A regular expression for ``term`` tolerant of case, hyphenation, spacing and inflection.

    "Europees Defensie-Industrie Programma" also finds "Europese defensie-industrieprogramma"
    and "defensie industrie programma": word boundaries inside a term may be a space, a hyphen
    or nothing at all.
    """
    parts = [p for p in re.split(r"[\s\-‐‑–—/]+", term.strip()) if p]
    if not parts:
        raise ValueError("empty term")
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 6:
        # Abbreviations (EDIP, EDF) are case-sensitive: "edip" inside a word is no match.
        return r"(?<![\w])" + re.escape(parts[0]) + r"(?:'s|’s|-\w+)?(?![\w])"
    inner = _SEP.join(_part_pattern(p, i == len(parts) - 1) for i, p in enumerate(parts))
    return r"(?<![\w])(?i:" + inner + r")(?![\w])"


def compile_terms(terms: Iterable[str], patterns: Iterable[str] = ()) -> re.Pattern[str] | None:
    """One regex for all terms and raw patterns (patterns are matched case-insensitively)."""
    alternatives = [term_pattern(t) for t in terms if t.strip()]
    alternatives += [f"(?i:{p})" for p in patterns]
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# --- normalisation ---------------------------------------------------------------------------

# Page furniture that a PDF extraction can leave inside a paragraph.
_FURNITURE = re.compile(
    r"(?i)(?:tweede|eerste)\s+kamer,?\s+vergaderjaar\s+\d{4}\s*[-–]\s*\d{4},?\s*"
    r"(?:aanhangsel(?:\s+(?:van\s+de\s+)?handelingen)?)?(?:,?\s*(?:nr\.?\s*)?\d+)?"
    r"|\bah-(?:tk|ek)-\d{8}-\d+\b|\bah-\d{5,}\b|\bISSN\s+\d{4}\s*-\s*\d{4}\b"
    r"|’s-Gravenhage\s+\d{4}|'s-Gravenhage\s+\d{4}"
)
# Footnote marks: superscripts, bracketed numbers, or digits glued to a word or a full stop.
_FOOTNOTE = re.compile(
    r"[\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d{1,3}\]|(?<=[^\W\d_]{2})\d{1,2}(?!\d)"
    r"|(?<=[^\d\s][.,;:)])\d{1,2}(?=[\s.,;:]|$)"
)
_PUNCT = re.compile(r"[^\w\s]|_")


def strip_furniture(text: str) -> str:
    """``text`` without running headers/footers a PDF extraction left inside it."""
    # Every pattern holds one of these words: most statements have none, and looking for them
    # costs far less than trying the pattern at every position.
    low = text.lower()
    if not any(word in low for word in _FURNITURE_WORDS):
        return text
    return _FURNITURE.sub(" ", text)


_FURNITURE_WORDS = ("vergaderjaar", "ah-", "issn", "gravenhage")


def normalise(text: str) -> str:
    """The comparison form: no page furniture, footnote marks, punctuation, quotes, hyphens,
    case or whitespace differences."""
    text = unicodedata.normalize("NFC", text)
    text = strip_furniture(text)
    text = _FOOTNOTE.sub("", text)
    # Hyphenation and compounding: "defensie-industrie" == "defensie industrie" ==
    # "defensieindustrie" only after joining hyphenated parts; spaces stay word separators.
    text = re.sub(r"(?<=\w)[\-‐‑](?:\s*)(?=\w)", "", text)
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return normalise(text).split()


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word sets: a cheap measure to pair statements."""
    wa, wb = set(words(a)), set(words(b))
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)
