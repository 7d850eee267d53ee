"""Clauses of two readings paired by act and object, and what counts as one act or one
stance: the alignment the verdicts of :mod:`monitor.track.classify` are read from."""

from __future__ import annotations

from dataclasses import replace

from monitor.track.analysis import Clause
from monitor.track.analysis.acts import act_class
from monitor.track.analysis.meanings import meaning
from monitor.track.analysis.verbs import PARTICLES
from monitor.track.fulfilment import content


def pair_score(a: Clause, b: Clause) -> float:
    oa, ob = content(a), content(b)
    overlap = len(oa & ob) / len(oa | ob) if oa or ob else 1.0
    # Ties between equally similar clauses (two statements on one act) must not be broken by
    # position, or reordering sentences would pair a clause with the wrong partner and alert:
    # an unchanged clause pairs with itself first, then one that keeps its modality and polarity.
    tie = (0.002 if " ".join(a.text.split()) == " ".join(b.text.split()) else 0.0) + (
        0.001 if (a.modality, a.polarity) == (b.modality, b.polarity) else 0.0
    )
    if a.act and a.act == b.act:
        return 2.0 + overlap + tie
    if nominal(a.objects, b.act) or nominal(b.objects, a.act):
        # "besloten tot deelname" and "besloten deel te nemen": the act as a noun.
        overlap += 0.5
    return (1.5 if act_class(a.act) == act_class(b.act) and a.act else 0.0) + overlap + tie


def nominal(objects: tuple[str, ...], act: str) -> bool:
    """Whether one of ``objects`` is the act as a noun ("deelname": deelnemen, "invoering":
    invoeren): a common stem of five letters or more, all but three of the shorter word."""
    head = act[:5]
    for o in objects:
        if len(act) < 5 or o[:5] != head:
            continue
        common = next((k for k, (p, q) in enumerate(zip(o, act, strict=False)) if p != q),
                      min(len(o), len(act)))
        if common >= 5 and common >= min(len(o), len(act)) - 3:
            return True
    return False


def align(old: list[Clause], new: list[Clause]) -> tuple[list[tuple[Clause, Clause]],
                                                           list[Clause], list[Clause]]:
    """Greedy pairs of clauses by act and object; the clauses left over on each side."""
    candidates = sorted(
        ((pair_score(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new)),
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


GOVERNMENT = frozenset({"Nederland", "het kabinet", "Defensie", "de minister", "ik"})


# Verbs that carry only the stance when its phrase sets the modality ("is voornemens ... te",
# "heeft het voornemen", "heeft besloten tot deelname"): the act itself is elsewhere.
STANCE_VERBS = frozenset({"zijn", "hebben", "liggen"})  # "ligt in de bedoeling ... te"
# Support and an attitude towards something ("staat ... tegenover"): no rung of the ladder, so a
# move between them is `changed`.
ATTITUDE = frozenset({"support", "staan"})


def content_act(c: Clause) -> str:
    """The clause's act, or "" when its verb only states the modality (then no act is read
    and a change of verb alone is no change of position)."""
    if act_class(c.act) == "decide" and c.modality == "decided":
        return ""
    if c.act in STANCE_VERBS and c.modality != "does" and c.marker != c.verb.lower():
        return ""
    return c.act


def placed(c: Clause) -> str:
    """The clause's act as the table of meanings knows it: a verb it cannot place may be a
    separable verb whose particle heads the phrase after it ("stapt uit het programma" is
    "uitstappen", "treedt toe tot" is "toetreden")."""
    if meaning(c.act) is not None:
        return c.act
    for word in c.text.lower().split():
        if word in PARTICLES and meaning(word + c.act) is not None:
            return word + c.act
    return c.act


def stance(a: Clause, b: Clause) -> bool:
    """Whether an aligned pair states a position: the government's own act, a promise, an
    intention, a decision or a hedge (not a description of what others do)."""
    return (a.actor in GOVERNMENT or b.actor in GOVERNMENT or a.modality != "does"
            or b.modality != "does" or bool(a.hedges or b.hedges))


# Verbs of expectation: "Ik verwacht dat X" says X with the hedge of "naar verwachting".
EXPECT = frozenset({"verwachten", "uitgaan"})


_FUTURE_AUX = frozenset({"zal", "zullen", "zult", "ga", "gaat", "gaan", "wordt", "worden"})


def with_complements(clauses: list[Clause]) -> list[Clause]:
    """A stance and its "dat" complement read as one statement: "Het kabinet heeft besloten |
    dat Nederland deelneemt" is a decision to take part (as "Nederland neemt deel, zo heeft het
    kabinet besloten"), "Ik verwacht | dat de wet in 2027 ingaat" is "Naar verwachting gaat de
    wet in 2027 in"."""
    out: list[Clause] = []
    k = 0
    while k < len(clauses):
        c = clauses[k]
        nxt = clauses[k + 1] if k + 1 < len(clauses) else None
        if nxt is not None and nxt.subordinate and not c.subordinate and c.polarity \
                and nxt.start >= c.end and nxt.text.lower().startswith("dat "):
            decision = act_class(c.act) == "decide"  # also with words inside the phrase
            if (not content_act(c) or decision) and (c.modality != "does" or decision) \
                    and nxt.modality in ("does", "decided"):
                # The government's stance on the act: its actor answers for it.
                out.append(replace(nxt, modality="decided" if decision else c.modality,
                                   subordinate=False, marker=c.marker,
                                   actor=nxt.actor or c.actor,
                                   hedges=tuple(sorted(set(c.hedges) | set(nxt.hedges)))))
                k += 2
                continue
            if act_class(c.act) == "deliver" and not c.times and not c.hedges \
                    and c.marker.split(" ")[0] not in _FUTURE_AUX:
                # A report frame: "Het kabinet laat weten | dat het de sancties handhaaft"
                # says what the complement says ("zal laten weten dat ..." stays a promise).
                out.append(replace(nxt, subordinate=False, actor=nxt.actor or c.actor))
                k += 2
                continue
            if c.act in EXPECT and c.modality == "does" and not c.hedges:
                out.append(replace(nxt, subordinate=False,
                                   hedges=tuple(sorted(set(nxt.hedges) | {"waarschijnlijk"}))))
                k += 2
                continue
        out.append(c)
        k += 1
    return out


def same_modality(a: Clause, b: Clause) -> bool:
    """Equal rungs; "will" and "does" are one rung for what others do ("er zal een inlooppunt
    komen" = "er komt een inlooppunt"): only the government's own acts are promises."""
    if a.modality == b.modality:
        return True
    return {a.modality, b.modality} == {"decided", "does"} and not (
        a.actor in GOVERNMENT and b.actor in GOVERNMENT
    )
