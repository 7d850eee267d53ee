"""Named documents a clause speaks of: "Defensienota 2026", "de nieuwe Defensienota", and any
name with a year ("Nationale Energieverkenning 2025"), an edition whose year is no time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.track.analysis.patterns import DOCUMENT, NOT_EDITION
from monitor.track.analysis.words import FUNCTION


@dataclass(frozen=True, slots=True)
class Document:
    """A document a clause names: "Defensienota" with its year, or "next"/"previous"."""

    name: str
    year: str

    def describe(self) -> str:
        return f"{self.name} {self.year}".strip()


def documents_in(text: str, a: int, b: int) -> list[tuple[Document, tuple[int, int]]]:
    """Named documents in ``text[a:b]`` with their spans: "Defensienota 2026", "de nieuwe
    Defensienota", and any name with a year ("Nationale Energieverkenning 2025")."""
    out: list[tuple[Document, tuple[int, int]]] = []
    for m in DOCUMENT.finditer(text, a, b):
        if m.group("ename"):
            if m.group("ename").lower() in NOT_EDITION or m.group("ename").lower() in FUNCTION:
                continue
            doc = Document(m.group("ename"), m.group("eyear"))
        else:
            doc = Document(
                m.group("name") or m.group("rname").capitalize(),
                m.group("year") or (m.group("rel") or "").lower(),
            )
        out.append((doc, m.span()))
    return out


_YEAR = re.compile(r"(?<![\w/-])(?:19|20)\d\d(?![\d/-])")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w-]+)\s+$")


def edition_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the names with a year in ``text`` ("Defensienota 2026"): looked up from the
    years, which are few, rather than from every capitalised word."""
    out: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if (
            before
            and before.group(1).lower() not in NOT_EDITION
            and before.group(1).lower() not in FUNCTION
            and len(before.group(1)) > 2
        ):
            out.append((before.start(1), m.end()))
    return out
