"""Typed verdicts for a pair of statements, from comparing their readings.

Both statements are read by :mod:`monitor.track.analysis` (clauses with actor, act, modality,
polarity, times, amounts; citations set aside). Clauses of the two readings are aligned on their
act and object, and each verdict is a difference between aligned readings:

- ``position_changed``: the modality rung (withdrawn < considering < intends < decided < does),
  a hedge, or the act of an aligned clause changes; or a clause with a stated position appears
  or disappears;
- ``negation_flipped``: the polarity of the same act flips;
- ``timeline_changed``: the times (intervals with their relation) differ;
- ``figures_changed``: the amounts (values with unit and currency) differ;
- ``fulfilled``: a promise (future, or present for future) is followed by a report (perfect or
  past) of the same act on the same object or document (the same year of a nota);
- ``reworded``: the words differ but the readings are equal;
- ``changed``: the readings differ, or words of modality, polarity, time or amount changed, in a
  way no rule above reads with confidence (alerting: a missed alert is worse).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from monitor.track.analysis import Analysis, Clause, analyse
from monitor.track.analysis.reading import LADDER
from monitor.track.text import normalise

VERDICTS = (
    "first_seen",
    "restated",
    "reworded",
    "position_changed",
    "timeline_changed",
    "figures_changed",
    "negation_flipped",
    "fulfilled",
    "changed",
)
# Verdicts that do not wake anyone up by default.
QUIET = frozenset({"restated", "reworded"})

LEVELS = dict(enumerate(LADDER))

# Acts that deliver something to the Kamer: a promise of one is fulfilled by a report of another.
_DELIVER = frozenset({
    "informeren", "inlichten", "berichten", "rapporteren", "sturen", "toesturen", "zenden",
    "toezenden", "versturen", "verzenden", "aanbieden", "publiceren", "verschijnen",
    "presenteren", "uitbrengen", "ontvangen", "aanleveren", "opleveren", "volgen", "toelichten",
    "uitwerken", "ingaan", "terugkomen",
})
# Acts in one class are the same act in other words.
_ACT_CLASSES = {
    **dict.fromkeys(_DELIVER, "deliver"),
    **dict.fromkeys(("deelnemen", "meedoen", "participeren"), "participate"),
    **dict.fromkeys(("overwegen", "beraden", "onderzoeken", "verkennen", "bezien", "bestuderen",
                     "afwegen", "bekijken", "nagaan", "uitzoeken", "nadenken", "inventariseren",
                     "analyseren"), "consider"),
    **dict.fromkeys(("besluiten", "beslissen"), "decide"),
    **dict.fromkeys(("afzien", "terugtrekken", "stoppen", "beëindigen", "opzeggen", "uittreden"),
                    "withdraw"),
}
# Words whose change the rules above must account for (modality, polarity, time, amount).
_SENSITIVE = re.compile(
    r"^(?:niet|geen|nooit|niets|zal|zullen|zou|zouden|wil|willen|kan|kunnen|moet|moeten|mag|"
    r"mogen|gaat|gaan|voornemens|voornemen|besloten|besluit|overweegt|mogelijk|wellicht|"
    r"beginsel|voorbehoud|langer|meer|af|terug|uit|mits|eventueel|waarschijnlijk|"
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"voorjaar|zomer|najaar|winter|reces|zomerreces|kwartaal|jaar|maanden|weken|dagen|"
    r"vóór|voor|na|uiterlijk|vanaf|binnen|rond|procent|miljoen|miljard|euro|€|%|"
    r"\d[\d.,]*|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|honderd|duizend|half|anderhalf)$"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    verdicts: list[str]
    triggers: dict[str, list[str]] = field(default_factory=dict)
    not_understood: list[str] = field(default_factory=list)


def restated(old: str, new: str) -> bool:
    """Same words once whitespace, punctuation, quotes, footnote marks, hyphenation, page
    furniture and case are normalised (compound spacing too: "industrie programma")."""
    return normalise(old).replace(" ", "") == normalise(new).replace(" ", "")


@lru_cache(maxsize=8192)
def read(text: str, day: date | None) -> Analysis:
    """The analysis of one statement (cached: each statement is compared twice in a lineage)."""
    return analyse(text, date=day)


def _act_class(act: str) -> str:
    return _ACT_CLASSES.get(act, act)


def _content(c: Clause) -> set[str]:
    return {o for o in c.objects if o not in ("kamer", "uw", "nederland", "kabinet")}


def _score(a: Clause, b: Clause) -> float:
    oa, ob = _content(a), _content(b)
    overlap = len(oa & ob) / len(oa | ob) if oa or ob else 1.0
    return (2.0 if _act_class(a.act) == _act_class(b.act) and a.act else 0.0) + overlap


def _align(old: list[Clause], new: list[Clause]) -> tuple[list[tuple[Clause, Clause]],
                                                           list[Clause], list[Clause]]:
    """Greedy pairs of clauses by act and object; the clauses left over on each side."""
    candidates = sorted(
        ((_score(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new)),
        reverse=True,
    )
    used_o: set[int] = set()
    used_n: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in candidates:
        if score < 0.34 or i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        pairs.append((i, j))
    pairs.sort()
    return ([(old[i], new[j]) for i, j in pairs],
            [c for i, c in enumerate(old) if i not in used_o],
            [c for j, c in enumerate(new) if j not in used_n])


def _statements(a: Analysis) -> list[Clause]:
    return [c for c in a.clauses if not c.reference and c.act]


def _promise(c: Clause) -> bool:
    if c.reference or not c.polarity:
        return False
    if c.tense == "future":
        return True
    if c.tense == "present" and (_act_class(c.act) == "deliver" or any(
        t.relation in ("by", "from", "in") for t in c.times
    )):
        return True
    return c.modality in ("intends", "decided") and c.tense not in ("perfect", "past")


def _report(c: Clause, analysis: Analysis) -> bool:
    if c.reference or not c.polarity or c.tense not in ("perfect", "past"):
        return False
    # A report that cites an earlier letter reports that letter, not the promised one.
    return not any(
        cit.kind == "letter" and c.start <= cit.start < c.end for cit in analysis.citations
    )


def _same_object(p: Clause, r: Clause) -> bool:
    docs_p = {d.name.lower(): d.year for d in p.documents}
    docs_r = {d.name.lower(): d.year for d in r.documents}
    shared = set(docs_p) & set(docs_r)
    if shared:
        return all(
            docs_p[n] == docs_r[n] or not docs_r[n] or docs_p[n] in ("nieuwe", "komende",
                                                                      "volgende", "")
            for n in shared
        )
    if docs_p and docs_r:
        return False  # another document
    if docs_p and not docs_r:
        return bool(_content(p) & _content(r))
    return bool(_content(p) & _content(r)) or not (_content(p) or _content(r))


def _fulfilment(old: Analysis, new: Analysis) -> tuple[Clause, Clause] | None:
    promises = [c for c in _statements(old) if _promise(c)]
    reports = [c for c in new.clauses if c.act and _report(c, new)]
    for p in promises:
        for r in reports:
            same_act = _act_class(p.act) == _act_class(r.act) or (
                _act_class(p.act) == "deliver" and r.documents and any(
                    _act_class(x.act) == "deliver" for x in new.clauses
                    if x.tense in ("perfect", "past") and x.start >= r.start - 200
                )
            )
            if same_act and _same_object(p, r):
                return p, r
    return None


def _words(a: Analysis) -> Counter[str]:
    out: Counter[str] = Counter()
    for c in a.clauses:
        if c.reference:
            continue
        for w in re.findall(r"[\w€%][\w.,]*\w|[\w€%]", c.text.lower()):
            out[w] += 1
    return out


def _times(a: Analysis) -> Counter[tuple[str, ...]]:
    return Counter(t.key for c in a.clauses if not c.reference for t in c.times)


def _amounts(a: Analysis) -> Counter[tuple[str, str, str]]:
    return Counter(x.key for c in a.clauses if not c.reference for x in c.amounts)


_CONDITIONAL = frozenset({"als", "indien", "tenzij", "mits", "zodra", "wanneer", "voorzover",
                          "ingeval", "mocht", "mochten"})


def _conditions(a: Analysis) -> Counter[str]:
    """Conditions attached to a statement: clauses opened by "als", "indien", "tenzij" ..."""
    out: Counter[str] = Counter()
    for c in a.clauses:
        first = c.text.split(" ", 1)[0].lower().strip(",")
        if first in _CONDITIONAL:
            out[first] += 1
    return out


def compare_analyses(ra: Analysis, rb: Analysis) -> Verdict:
    """The verdicts from two readings (the texts are known to differ in words)."""
    verdicts: list[str] = []
    triggers: dict[str, list[str]] = {}
    old_cl, new_cl = _statements(ra), _statements(rb)
    pairs, gone, came = _align(old_cl, new_cl)

    fulfilled = _fulfilment(ra, rb)
    if fulfilled:
        verdicts.append("fulfilled")
        triggers["fulfilled"] = [fulfilled[0].marker or fulfilled[0].verb, fulfilled[1].verb]

    position: list[str] = []
    negation: list[str] = []
    for a, b in pairs:
        if fulfilled and (a is fulfilled[0] or b is fulfilled[1]):
            continue
        if a.modality != b.modality and not (a.subordinate and b.subordinate):
            position += [a.marker, b.marker]
        elif a.hedges != b.hedges:
            position += [", ".join(a.hedges) or a.marker, ", ".join(b.hedges) or b.marker]
        elif (_act_class(a.act) != _act_class(b.act) and not a.subordinate
              and not b.subordinate and (a.modality != "does" or (a.actor and a.actor == b.actor))):
            position += [a.verb, b.verb]
        if a.polarity != b.polarity and (a.act == b.act or _act_class(a.act) == _act_class(b.act)
                                         or a.modality == b.modality):
            negation += [a.negation or a.verb, b.negation or b.verb]
    # A position stated where there was none, or dropped.
    for c in came:
        if c.modality in ("withdrawn", "intends", "decided") and not c.subordinate and not (
            fulfilled and c is fulfilled[1]
        ) and c.marker not in ("wordt", "worden"):
            position += ["", c.marker]
    for c in gone:
        if c.modality in ("withdrawn", "intends", "decided") and not c.subordinate and not (
            fulfilled and c is fulfilled[0]
        ) and c.marker not in ("wordt", "worden"):
            position += [c.marker, ""]
    if position:
        verdicts.append("position_changed")
        triggers["position_changed"] = position
    if negation:
        verdicts.append("negation_flipped")
        triggers["negation_flipped"] = negation

    ta, tb = _times(ra), _times(rb)
    if ta != tb and not fulfilled:
        texts_a = {t.key: t.text for c in ra.clauses for t in c.times}
        texts_b = {t.key: t.text for c in rb.clauses for t in c.times}
        triggers["timeline_changed"] = (
            [texts_a[k] for k in sorted((ta - tb).elements())]
            + [texts_b[k] for k in sorted((tb - ta).elements())]
        )
        verdicts.append("timeline_changed")

    fa, fb = _amounts(ra), _amounts(rb)
    if fa != fb:
        desc_a = {x.key: x.describe() for c in ra.clauses for x in c.amounts}
        desc_b = {x.key: x.describe() for c in rb.clauses for x in c.amounts}
        triggers["figures_changed"] = (
            [desc_a[k] for k in sorted((fa - fb).elements())]
            + [desc_b[k] for k in sorted((fb - fa).elements())]
        )
        verdicts.append("figures_changed")

    not_understood: list[str] = []
    if not verdicts:
        # Equal readings, or a change of sensitive words no rule read: say so, loudly.
        wa, wb = _words(ra), _words(rb)
        changed = sorted(w for w in set((wa - wb) | (wb - wa)) if _SENSITIVE.match(w))
        differ = [
            f"{a.act}: {a.modality}/{'+' if a.polarity else '-'} -> "
            f"{b.modality}/{'+' if b.polarity else '-'}"
            for a, b in pairs if (a.modality, a.polarity, a.hedges) != (b.modality, b.polarity,
                                                                       b.hedges)
        ]
        ca, cb = _conditions(ra), _conditions(rb)
        conditions = sorted((ca - cb).elements()) + sorted((cb - ca).elements())
        not_understood = differ + [f"voorwaarde: {w}" for w in conditions] + changed
        if not_understood:
            verdicts.append("changed")
            triggers["changed"] = not_understood
        else:
            verdicts.append("reworded")
    return Verdict(sorted(verdicts, key=VERDICTS.index), triggers, not_understood)


def classify(old: str | None, new: str, *, date: date | None = None,
             old_date: date | None = None) -> Verdict:
    """The verdicts for ``new`` compared with ``old`` (None: the first statement).

    ``date`` and ``old_date`` are the dates of the two answers: relative times are resolved
    against them (``old_date`` defaults to ``date``).
    """
    if old is None:
        return Verdict(["first_seen"], {})
    if restated(old, new):
        return Verdict(["restated"], {})
    return compare_analyses(read(old, old_date or date), read(new, date))
