"""Scoring a parsed document against hand-read ground truth (``expected.json`` entries).

Shared by the text and PDF tests: an entry has ``questions`` (count), ``answers`` (each with
``numbers`` and ``refers_to``, in document order) and ``footnotes`` (count). A document is exact
when all of those match and no question or answer text carries page furniture or footnote text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.model import Document

# Page furniture of the KOOP Aanhangsel layout, as it survives any extractor (pypdf, pymupdf,
# markdown): running header, footer, the identifier/ISSN/place block. Curly and straight
# apostrophes both occur in "'s-Gravenhage".
FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ISSN", re.compile(r"ISSN\s*0921")),
    ("’s-Gravenhage", re.compile(r"[’'‘`]s-Gravenhage\s*\d{4}")),
    ("Tweede Kamer, vergaderjaar", re.compile(r"Tweede\s+Kamer,\s*vergaderjaar", re.I)),
    ("Aanhangsel footer", re.compile(r"(?m)^[\s#*]*Aanhangsel\s*\d*[\s*]*$")),
    ("identifier line", re.compile(r"\b(?:ah|kv)-(?:tk|ek)-\d{8}-\d+\b")),
    ("Tweede Kamer der Staten-Generaal", re.compile(r"Tweede\s+Kamer\s+der\s+Staten-Generaal")),
)

# A short footnote ("Kamerstuk 36 410 A, nr. 62") may also be cited in the running text, so it
# counts as leaked only with its number in front ("6Kamerstuk …", as a leaked footnote area
# reads); a longer one counts anywhere.
_LONG_FOOTNOTE_CHARS = 50


@dataclass(slots=True)
class Score:
    """The outcome for one document: exact, or the list of differences."""

    name: str
    differences: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.differences

    def __str__(self) -> str:
        if self.exact:
            return f"{self.name}: exact"
        return f"{self.name}: " + "; ".join(self.differences)


def _squash(text: str) -> str:
    return " ".join(text.split())


def furniture_in(text: str) -> list[str]:
    """The names of the furniture patterns found in ``text``."""
    return [name for name, pattern in FURNITURE if pattern.search(text)]


def score(doc: Document, expected: Mapping[str, Any], name: str = "") -> Score:
    """Compare ``doc`` with one ``expected.json`` entry; every mismatch becomes one line."""
    result = Score(name or doc.identifier)
    diffs = result.differences
    want_q = int(expected["questions"])
    if len(doc.questions) != want_q:
        diffs.append(f"{len(doc.questions)} questions, expected {want_q}")
    want_numbers = [list(a["numbers"]) for a in expected["answers"]]
    got_numbers = [list(a.numbers) for a in doc.answers]
    if got_numbers != want_numbers:
        diffs.append(f"answer numbers {got_numbers}, expected {want_numbers}")
    else:
        for answer, want in zip(doc.answers, expected["answers"], strict=True):
            if list(answer.refers_to) != list(want["refers_to"]):
                diffs.append(
                    f"answer {answer.numbers} refers to {answer.refers_to}, "
                    f"expected {want['refers_to']}"
                )
    want_f = int(expected["footnotes"])
    if len(doc.footnotes) != want_f:
        diffs.append(f"{len(doc.footnotes)} footnotes, expected {want_f}")
    notes = [(f.mark, _squash(f.text)) for f in doc.footnotes if f.text.strip()]
    for label, text in _texts(doc):
        found = furniture_in(text)
        if found:
            diffs.append(f"{label} contains page furniture: {', '.join(found)}")
        flat = _squash(text)
        for mark, note in notes:
            leaked = f"{mark}{note}" in flat or f"{mark} {note}" in flat
            if leaked or (len(note) >= _LONG_FOOTNOTE_CHARS and note in flat):
                diffs.append(f"{label} contains footnote text {note[:40]!r}")
                break
    return result


def refused(name: str, error: Exception) -> Score:
    """The score of a document the parser refused (or crashed on)."""
    return Score(name, [f"not parsed: {type(error).__name__}: {error}"])


def _texts(doc: Document) -> Iterable[tuple[str, str]]:
    for question in doc.questions:
        yield f"question {question.number}", question.text
    for answer in doc.answers:
        yield f"answer {answer.numbers}", answer.text


def summary(scores: Iterable[Score]) -> tuple[int, int, str]:
    """(exact, total, printable report) for a set of scores."""
    scores = list(scores)
    exact = sum(s.exact for s in scores)
    lines = [str(s) for s in scores]
    lines.append(f"exact: {exact}/{len(scores)}")
    return exact, len(scores), "\n".join(lines)
