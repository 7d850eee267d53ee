"""Fulfilment: a promise (future, or present for future) followed by a report of the same act
on the same object or document (perfect or past, "in de onlangs verschenen Defensienota 2026",
"Met deze brief informeer ik uw Kamer"); a report about another edition never fulfils."""

from __future__ import annotations

import re
from dataclasses import replace

from monitor.track.analysis import Analysis, Clause
from monitor.track.analysis.acts import act_class
from monitor.track.analysis.editions import same_edition, sentence_documents
from monitor.track.analysis.patterns import DELIVERED


def content(c: Clause) -> set[str]:
    return {o for o in c.objects if o not in ("kamer", "uw", "nederland", "kabinet")}



def statements(a: Analysis) -> list[Clause]:
    return [c for c in a.clauses if not c.reference and c.act]



def _promise(c: Clause) -> bool:
    if c.reference or not c.polarity:
        return False
    if c.tense == "future":
        return True
    if c.tense == "present" and (act_class(c.act) == "deliver" or any(
        t.relation in ("by", "from", "in") for t in c.times
    )):
        return True
    # An intention in the present ("is voornemens zich aan te sluiten") is a rung of the
    # ladder, not a promise: its realisation ("heeft zich aangesloten") is a change of position.
    return c.modality == "decided" and c.tense not in ("perfect", "past")


def _report(c: Clause, analysis: Analysis) -> bool:
    if c.reference or not c.polarity:
        return False
    return c.tense in ("perfect", "past") or _delivered(c, analysis)


def _delivered(c: Clause, analysis: Analysis) -> bool:
    """"In de onlangs verschenen Defensienota 2026 ...": the clause reports a document out."""
    return DELIVERED.search(analysis.clean, c.start, c.end) is not None


def _same_object(p: Clause, r: Clause, now_p: int | None = None,
                 now_r: int | None = None) -> bool:
    docs_p = {d.name.lower(): d.year for d in p.documents}
    docs_r = {d.name.lower(): d.year for d in r.documents}
    shared = set(docs_p) & set(docs_r)
    if shared:
        # Another year's nota is another document ("Defensienota 2024" never fulfils 2026).
        return all(same_edition(docs_p[n], docs_r[n], now_p, now_r) for n in shared)
    if docs_p and docs_r:
        return False  # another document
    if docs_p and not docs_r:
        return bool(content(p) & content(r))
    # Without documents, the objects must meet, unless one side names none ("Ik informeer uw
    # Kamer voor de zomer" -> "Met deze brief informeer ik uw Kamer").
    return bool(content(p) & content(r)) or not content(p) or not content(r)


_RELATIVE = re.compile(r"(?:die|dat|welke|waarin|waarmee|waarbij|waarover)\b", re.IGNORECASE)


def _with_antecedent(a: Analysis) -> list[Clause]:
    """Clauses with a relative clause's antecedent folded in: in "In de Defensienota 2026, die
    ... is gestuurd," the nota is what was sent."""
    out: list[Clause] = []
    flat = list(a.clauses)
    around = {id(c): sentence_documents(s) for s in a.sentences for c in s.clauses}
    for i, c in enumerate(flat):
        if i > 0 and _RELATIVE.match(c.text):
            prev = flat[i - 1]
            c = replace(c, documents=c.documents + prev.documents,
                        objects=tuple(sorted(set(c.objects) | set(prev.objects))))
        elif not c.documents and around.get(id(c)):
            # "In het Jaarverslag 2025 ... is uw Kamer geïnformeerd": the sentence's document.
            c = replace(c, documents=around[id(c)])
        out.append(c)
    return out


def fulfilment(old: Analysis, new: Analysis) -> tuple[Clause, Clause] | None:
    promises = [c for c in statements(old) if _promise(c)]
    folded = _with_antecedent(new)
    originals = {id(x): c for x, c in zip(folded, new.clauses, strict=True)}
    reports = [c for c in folded if c.act and _report(c, new)]
    # A report the old statement already made ("heeft ... gestuurd" -> "stuurde") is not news.
    before = [c for c in _with_antecedent(old) if c.act and _report(c, old)]
    reports = [r for r in reports if not any(
        act_class(b.act) == act_class(r.act)
        and (content(b) & content(r) or not (content(b) or content(r))) for b in before
    )]
    for p in promises:
        for r in reports:
            same_act = act_class(p.act) == act_class(r.act) or (
                act_class(p.act) == "deliver" and bool(r.documents) and _delivered(r, new)
            )
            if same_act and _same_object(p, r, old.day.year if old.day else None,
                                         new.day.year if new.day else None):
                return p, originals[id(r)]
    return None
