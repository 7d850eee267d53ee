"""Editions of named documents: "Defensienota 2024" and "Defensienota 2026" are two documents.

A clause about another edition than the one a statement is about ("De Defensienota 2024 is op
17 september 2024 verzonden" next to a promise about the 2026 nota) is context: its times are
not deadlines of the promise and its reports do not fulfil it. Such clauses are set aside
before two statements are compared, as long as the other statement's edition is still named.
"""

from __future__ import annotations

from monitor.track.analysis.documents import Document
from monitor.track.analysis.reading import Analysis, Sentence

_NEXT = frozenset({"nieuwe", "komende", "volgende", "eerstvolgende", "aanstaande"})
_PREVIOUS = frozenset({"vorige", "eerdere", "laatste"})


def compatible(a: str, b: str) -> bool:
    """Whether two editions of one name can be the same document: equal years, a year and
    "the new one", or an edition not stated."""
    if a == b or not a or not b:
        return True
    kinds = {"next" if x in _NEXT else "previous" if x in _PREVIOUS else "year" for x in (a, b)}
    # "de vorige nota" is never the one a promise is about, whatever its year.
    return kinds == {"next", "year"}


def editions(docs: tuple[Document, ...] | list[Document]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in docs:
        out.setdefault(d.name.lower(), set()).add(d.year)
    return out


def named(a: Analysis) -> dict[str, set[str]]:
    """Every edition the statement names, by document name."""
    return editions([d for c in a.clauses for d in c.documents])


def sentence_documents(s: Sentence) -> tuple[Document, ...]:
    return tuple(d for c in s.clauses for d in c.documents)


def _other(name: str, year: str, other: dict[str, set[str]]) -> bool:
    return name in other and not any(compatible(year, y) for y in other[name])


def _is_context(docs: tuple[Document, ...], own: dict[str, set[str]],
                other: dict[str, set[str]]) -> bool:
    """The documents are only other editions of documents the other statement names, while
    this statement still names the other statement's edition elsewhere."""
    shared = [(n, y) for n, ys in editions(docs).items() for y in ys if n in other]
    if not shared or not all(_other(n, y, other) for n, y in shared):
        return False
    return all(any(compatible(y, o) for y in own.get(n, ()) for o in other[n])
               for n, _ in shared)


def without_context(a: Analysis, b: Analysis) -> tuple[Analysis, Analysis]:
    """Both analyses without the clauses about other editions (see the module doc); a clause
    that names no document is about those its sentence names."""
    na, nb = named(a), named(b)
    if not (set(na) & set(nb)):
        return a, b
    return _drop(a, na, nb), _drop(b, nb, na)


def _drop(a: Analysis, own: dict[str, set[str]], other: dict[str, set[str]]) -> Analysis:
    sentences: list[Sentence] = []
    for s in a.sentences:
        around = sentence_documents(s)
        kept = tuple(c for c in s.clauses
                     if not _is_context(c.documents or around, own, other))
        if kept:
            sentences.append(s if len(kept) == len(s.clauses) else
                             Sentence(s.text, s.start, s.end, kept))
    if len(sentences) == len(a.sentences) and all(
        x is y for x, y in zip(sentences, a.sentences, strict=True)
    ):
        return a
    return Analysis(a.text, tuple(sentences), a.citations, a.clean,
                    tuple(c for s in sentences for c in s.clauses))


def slipped(a: Analysis, b: Analysis) -> list[str]:
    """Editions replaced by another edition of the same document ("Defensienota 2026" ->
    "Defensienota 2027"): the old edition, then the new one, per document."""
    na, nb = named(a), named(b)
    out: list[str] = []
    for name in sorted(set(na) & set(nb)):
        if not any(compatible(x, y) for x in na[name] for y in nb[name]):
            shown = {d.name.lower(): d.name for c in a.clauses for d in c.documents}[name]
            out += [f"{shown} {' '.join(sorted(na[name]))}".strip(),
                    f"{shown} {' '.join(sorted(nb[name]))}".strip()]
    return out
