"""Editions of named documents: "Defensienota 2024" and "Defensienota 2026" are two documents.

A clause about another edition than the one a statement is about ("De Defensienota 2024 is op
17 september 2024 verzonden" next to a promise about the 2026 nota) is context: its times are
not deadlines of the promise and its reports do not fulfil it. Such clauses are set aside
before two statements are compared, as long as the other statement's edition is still named.
"""

from __future__ import annotations

from monitor.track.analysis.documents import Document
from monitor.track.analysis.shapes import Analysis, Sentence

_NEXT = frozenset({"nieuwe", "komende", "volgende", "eerstvolgende", "aanstaande"})
_PREVIOUS = frozenset({"vorige", "eerdere", "laatste"})
_RELATIVE = ("die ", "dat ", "welke ", "waarin ", "waarmee ", "waarbij ", "waarover ")


def _kind(edition: str) -> str:
    return "next" if edition in _NEXT else "previous" if edition in _PREVIOUS else "year"


def compatible(a: str, b: str, now: int | None = None) -> bool:
    """Whether two editions of one name can be the same document: equal years, a year and
    "the new one" (of the year ``now`` it was said in, or later), or an edition not stated."""
    if a == b or not a or not b:
        return True
    kinds = {_kind(a), _kind(b)}
    # "de vorige nota" is never the one a promise is about, whatever its year.
    if kinds != {"next", "year"}:
        return False
    year = a if a.isdigit() else b
    return now is None or int(year) >= now


def same_edition(a: str, b: str, now_a: int | None, now_b: int | None) -> bool:
    """``compatible`` for editions said in years ``now_a`` and ``now_b``."""
    return compatible(a, b, now_a if _kind(a) == "next" else now_b)


def _older(edition: str, others: set[str], now: int | None) -> bool:
    """Whether ``edition`` comes before every edition in ``others`` ("Defensienota 2024"
    against 2026 or "de nieuwe"; "de vorige nota")."""
    if _kind(edition) == "previous":
        return any(_kind(o) != "previous" for o in others)
    if not edition.isdigit():
        return False
    year = int(edition)
    return all((o.isdigit() and int(o) > year) or (_kind(o) == "next" and now is not None
                                                   and now > year) for o in others)


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


def _year(a: Analysis) -> int | None:
    return a.day.year if a.day else None


def _is_context(docs: tuple[Document, ...], own: dict[str, set[str]],
                other: dict[str, set[str]], now: int | None, other_now: int | None,
                newer: bool) -> bool:
    """The documents are only other editions of documents the other statement names: any
    other while this statement still names the other statement's edition, or (in the newer
    statement) earlier ones."""
    shared = [(n, y) for n, ys in editions(docs).items() for y in ys if n in other]
    if not shared or not all(
        not any(same_edition(y, o, now, other_now) for o in other[n]) for n, y in shared
    ):
        return False
    if newer and all(_older(y, other[n], other_now) for n, y in shared):
        return True
    return all(any(compatible(y, o) for y in own.get(n, ()) for o in other[n])
               for n, _ in shared)


def without_context(a: Analysis, b: Analysis) -> tuple[Analysis, Analysis]:
    """Both analyses without the clauses about other editions (see the module doc); a clause
    that names no document is about those its sentence names (a relative clause: those of the
    clause before it)."""
    na, nb = named(a), named(b)
    if not (set(na) & set(nb)):
        return a, b
    # An earlier edition in the older statement is what the newer one may defer from.
    return (_drop(a, na, nb, _year(a), _year(b), newer=False),
            _drop(b, nb, na, _year(b), _year(a), newer=True))


def _drop(a: Analysis, own: dict[str, set[str]], other: dict[str, set[str]], now: int | None,
          other_now: int | None, *, newer: bool) -> Analysis:
    sentences: list[Sentence] = []
    for s in a.sentences:
        around = sentence_documents(s)
        kept = []
        before: tuple[Document, ...] = ()
        for c in s.clauses:
            docs = c.documents or (before if c.text.lower().startswith(_RELATIVE) and before
                                   else around)
            if not _is_context(docs, own, other, now, other_now, newer):
                kept.append(c)
            before = c.documents or before
        if kept:
            sentences.append(s if len(kept) == len(s.clauses) else
                             Sentence(s.text, s.start, s.end, tuple(kept)))
    if len(sentences) == len(a.sentences) and all(
        x is y for x, y in zip(sentences, a.sentences, strict=True)
    ):
        return a
    return Analysis(a.text, tuple(sentences), a.citations, a.clean,
                    tuple(c for s in sentences for c in s.clauses), a.day)


def slipped(a: Analysis, b: Analysis) -> list[str]:
    """Editions replaced by another edition of the same document ("Defensienota 2026" ->
    "Defensienota 2027"): the old edition, then the new one, per document."""
    na, nb = named(a), named(b)
    out: list[str] = []
    for name in sorted(set(na) & set(nb)):
        later = [int(y) for y in nb[name] if y.isdigit()]
        earlier = [int(x) for x in na[name] if x.isdigit()]
        # Only a later edition is a deadline moved; an earlier one is another document.
        if not any(compatible(x, y) for x in na[name] for y in nb[name]) and later and \
                earlier and min(later) > max(earlier):
            shown = {d.name.lower(): d.name for c in a.clauses for d in c.documents}[name]
            out += [f"{shown} {' '.join(sorted(na[name]))}".strip(),
                    f"{shown} {' '.join(sorted(nb[name]))}".strip()]
    return out
