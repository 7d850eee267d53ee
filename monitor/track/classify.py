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

from monitor.track.alignment import (
    ATTITUDE,
    GOVERNMENT,
    align,
    content_act,
    placed,
    same_modality,
    stance,
    with_complements,
)
from monitor.track.analysis import Amount, Analysis, Clause, TimeValue, analyse
from monitor.track.analysis.acts import PHRASAL_WORDS, act_class
from monitor.track.analysis.amounts import BOUND
from monitor.track.analysis.editions import slipped, without_context
from monitor.track.analysis.meanings import relation
from monitor.track.analysis.shapes import LADDER
from monitor.track.analysis.words import DEGREE_WORDS, NEGATED_ADJECTIVES
from monitor.track.fulfilment import fulfilment, statements
from monitor.track.text import normalise
from monitor.verdicts import VERDICTS

LEVELS = dict(enumerate(LADDER))

# Words of degree, size and attitude: no rule gives them a value, so a change between them is
# reported as `changed` ("aanzienlijk" -> "beperkt", "welwillend" -> "kritisch").
_DEGREE = DEGREE_WORDS
# Obligation and permission: not rungs of the ladder, but never a mere rewording.
_OBLIGATION = frozenset({"moet", "moeten", "dient", "dienen", "mag", "mogen", "hoeft", "hoeven",
                         "verplicht", "verplichting"})
_VAGUE_AMOUNT = frozenset({"tientallen", "honderden", "duizenden", "enkele", "diverse",
                           "meerdere", "talloze", "vele", "weinige", "sommige"})


@dataclass(frozen=True, slots=True)
class Verdict:
    verdicts: list[str]
    triggers: dict[str, list[str]] = field(default_factory=dict)
    not_understood: list[str] = field(default_factory=list)


def restated(old: str, new: str) -> bool:
    """Same words once whitespace, punctuation, quotes, footnote marks, hyphenation, page
    furniture and case are normalised (compound spacing too: "industrie programma")."""
    return _squashed(old) == _squashed(new)


@lru_cache(maxsize=16384)
def _squashed(text: str) -> str:
    # Cached: in a lineage every statement is compared twice, once as new and once as old.
    return normalise(text).replace(" ", "")


@lru_cache(maxsize=8192)
def read(text: str, day: date | None) -> Analysis:
    """The analysis of one statement (cached: each statement is compared twice in a lineage)."""
    return analyse(text, date=day)


_WORD = re.compile(r"[\w€%][\w.,]*\w|[\w€%]")


def _bounded(text: str, x: Amount) -> int:
    """Where an amount starts with its bound ("ruim 40 procent", "meer dan 40%"): the bound
    is compared with the value, its words are no degree words."""
    if not x.bound:
        return x.start
    m = BOUND.search(text.lower(), max(0, x.start - 20), x.start)
    return m.start() if m else x.start


# Hedges by what they do: a reservation and a condition both make the statement conditional
# ("onder voorbehoud van goedkeuring" = "mits het parlement instemt").
_HEDGE_MEANING = {"onder voorbehoud": "onder voorwaarde"}


def _hedges(c: Clause) -> tuple[str, ...]:
    return tuple(sorted({_HEDGE_MEANING.get(h, h) for h in c.hedges}))


def _words(a: Analysis) -> Counter[str]:
    """Words outside citations, asides, times and amounts (those are compared as values)."""
    out: Counter[str] = Counter()
    for c in a.clauses:
        if c.reference:
            continue
        piece = a.clean[c.start : c.end]
        spans = [(t.start, t.end) for t in c.times] + [(_bounded(a.clean, x), x.end)
                                                       for x in c.amounts]
        if spans:
            chars = list(piece)
            for start, end in spans:
                lo, hi = max(start, c.start) - c.start, min(end, c.end) - c.start
                if lo < hi:
                    chars[lo:hi] = " " * (hi - lo)
            piece = "".join(chars)
        # "geen enkele aanleiding" is "geen aanleiding": no vague amount.
        words = _WORD.findall(piece.lower().replace("geen enkele ", "geen "))
        parts = PHRASAL_WORDS.get(c.act) or frozenset()
        # "staat positief tegenover" is "steunt": "positief" is part of the verb, no degree;
        # and a verb form is no degree word ("licht ... in" is "inlichten", not "licht").
        verb = set(c.verb.lower().split()) if c.act else set()
        out.update(w for w in words if w not in parts and w not in verb)
    return out


def _times(a: Analysis) -> Counter[tuple[str, ...]]:
    """Times that say when something will be; a past event in a subordinate clause ("Nadat
    uw Kamer in 2024 ... heeft ontvangen") is no deadline."""
    return Counter(
        _time_key(c, t, a.day, a.clean) for c in a.clauses
        if not c.reference and not (c.subordinate and c.tense in ("perfect", "past"))
        for t in c.times
    )


# Acts that happen at a moment and hold from then on: "treedt op 1 januari in werking" =
# "per 1 januari" = "met ingang van 1 januari" = "vanaf 1 januari".
_INCEPTION = frozenset({"introduce", "abolish"})
_START = re.compile(r"(?:met\s+ingang\s+van|m\.i\.v\.|per|vanaf)\s+\d", re.IGNORECASE)


def _time_key(c: Clause, t: TimeValue, day: date | None, clean: str) -> tuple[str, ...]:
    key = t.key
    if act_class(placed(c)) == "postpone":
        # "uitgesteld tot 1 januari" = "doorgeschoven naar 1 januari": the new date.
        low = t.text.lower()
        if key[0] == "by" and low.startswith("tot ") and t.first is not None:
            return ("to", t.first.isoformat())
        if key[0] == "in" and t.first is not None and t.first == t.last and (
            low.startswith("naar ") or clean[max(0, t.start - 5) : t.start].lower() == "naar "
        ):
            return ("to", t.first.isoformat())
    if key[0] == "from" and _START.match(t.text) and t.first is not None:
        # A start date ("niet eerder dan 1 januari" stays a bound: it may be later).
        return ("start", t.first.isoformat())
    if key[0] == "in" and t.first is not None and t.first == t.last \
            and act_class(placed(c)) in _INCEPTION:
        return ("start", t.first.isoformat())
    if key[0] == "by" and day is not None and t.last is not None and \
            t.text.lower().startswith("binnen") and c.actor not in GOVERNMENT:
        # "De gemeente beslist binnen twee maanden": a term that runs from each case, not
        # from the answer's date (a promise of the government's own is a deadline).
        return ("within", str((t.last - day).days))
    return key


def _amounts(a: Analysis) -> Counter[tuple[str, str, str]]:
    return Counter(x.key for c in a.clauses if not c.reference for x in c.amounts)


# Conditions by what they mean: "als" = "indien" = "wanneer"; "zodra" = "op het moment dat".
# ("mits" is read as the hedge "onder voorwaarde" of the statement it belongs to.)
_CONDITIONAL = {"als": "als", "indien": "als", "wanneer": "als", "ingeval": "als",
                "mocht": "als", "mochten": "als", "tenzij": "tenzij",
                "zodra": "zodra"}


_AS_FAR = re.compile(r"\bvoor\s*zover\b", re.IGNORECASE)


def _conditions(a: Analysis) -> Counter[str]:
    """Conditions attached to a statement: clauses opened by "als", "indien", "tenzij" ..."""
    out: Counter[str] = Counter()
    for c in a.clauses:
        words = c.text.lower().split()
        first = words[0].strip(",") if words else ""
        if first in _CONDITIONAL and (first != "als" or c.subordinate):
            # "als" opens a condition only as a subordinate clause ("Als onderdeel van ..." in
            # a main clause is a role).
            out[_CONDITIONAL[first]] += 1
        elif words[:4] == ["op", "het", "moment", "dat"]:
            out["zodra"] += 1
        if _AS_FAR.search(c.text):
            out["voor zover"] += 1  # "..., voor zover de begroting dat toelaat"
    return out


def _prefix_negation(wa: Counter[str], wb: Counter[str]) -> list[str]:
    """"wenselijk" -> "onwenselijk", "een" -> "geen": a word and its negated form swap."""
    gone, came = set(wa - wb), set(wb - wa)
    out: list[str] = []
    for x, y in ((gone, came), (came, gone)):
        for w in x:
            for neg in ("on" + w, "g" + w if w == "een" else ""):
                # Negated adjectives of judgement are read into the clause's polarity.
                if neg and neg in y and neg not in NEGATED_ADJECTIVES:
                    out += [w, neg] if x is gone else [neg, w]
    return out


def _derived(gone: Counter[str], came: Counter[str]) -> set[str]:
    """Words of one side derived from a word of the other ("belangrijk" and "van belang",
    "noodzakelijk" and "noodzaak"): one meaning in another word class."""
    out: set[str] = set()
    for x in gone:
        for y in came:
            # A common stem of six letters or more, all but the last two of the shorter word.
            common = next((k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q),
                          min(len(x), len(y)))
            if common >= 6 and common >= min(len(x), len(y)) - 2:
                out |= {x, y}
    return out


def compare_analyses(ra: Analysis, rb: Analysis) -> Verdict:
    """The verdicts from two readings (the texts are known to differ in words)."""
    verdicts: list[str] = []
    triggers: dict[str, list[str]] = {}
    # What is said about another edition of a document is no part of this statement.
    ra, rb = without_context(ra, rb)
    old_cl, new_cl = with_complements(statements(ra)), with_complements(statements(rb))
    # The act of a complement ("besloten dat de BDuR gehandhaafd blijft" / "... blijft
    # voortbestaan") is compared as subordinate acts are: its words are no new act.
    originals = {id(c) for c in ra.clauses} | {id(c) for c in rb.clauses}
    lifted = {id(c) for c in old_cl + new_cl if id(c) not in originals}
    pairs, gone, came = align(old_cl, new_cl)

    fulfilled = fulfilment(ra, rb)
    if fulfilled:
        verdicts.append("fulfilled")
        triggers["fulfilled"] = [fulfilled[0].marker or fulfilled[0].verb, fulfilled[1].verb]

    position: list[str] = []
    negation: list[str] = []
    attitude: list[str] = []
    unplaced: list[str] = []
    for a, b in pairs:
        if fulfilled and (a is fulfilled[0] or b is fulfilled[1]):
            continue
        if not same_modality(a, b) and not (a.subordinate and b.subordinate):
            position += [a.marker, b.marker]
        elif _hedges(a) != _hedges(b):
            position += [", ".join(a.hedges) or a.marker, ", ".join(b.hedges) or b.marker]
        elif (content_act(a) and content_act(b)
              and act_class(a.act) != act_class(b.act) and not a.subordinate
              and not b.subordinate and not (id(a) in lifted and id(b) in lifted)
              and (a.modality != "does" or (a.actor and a.actor == b.actor))):
            how = relation(placed(a), placed(b))
            if {act_class(a.act), act_class(b.act)} <= ATTITUDE:
                # "steunt" -> "staat terughoudend tegenover": an attitude outside the ladder.
                attitude += [a.verb, b.verb]
            elif how in ("opposite", "other"):
                position += [a.verb, b.verb]
            elif how == "unknown" and stance(a, b):
                # A verb the table of meanings cannot place: not understood, so it alerts
                # as `changed` (never a guessed position change, never a silent rewording).
                unplaced += [f"{a.verb} -> {b.verb}"]
        if a.polarity != b.polarity and (a.act == b.act or act_class(a.act) == act_class(b.act)
                                         or a.modality == b.modality):
            negation += [a.negation or a.verb, b.negation or b.verb]
    # A bare decision or intention ("Het kabinet heeft besloten" before its "dat" clause, or
    # "besloten tot deelname") states its act elsewhere: the same stance by the same actor on
    # the other side is no position appearing or disappearing.
    rungs_a = {c.modality for c in old_cl}
    rungs_b = {c.modality for c in new_cl}
    came = [c for c in came if content_act(c) or c.modality not in rungs_a]
    gone = [c for c in gone if content_act(c) or c.modality not in rungs_b]
    # A position stated where there was none, or dropped. Considering counts when the other
    # side considers nothing ("heeft besloten dat ..." -> "overweegt of ...").
    for c in came:
        if (c.modality in ("withdrawn", "intends", "decided") or (
            c.modality == "considering" and "considering" not in rungs_a
        )) and not c.subordinate and not (
            fulfilled and c is fulfilled[1]
        ) and c.marker not in ("wordt", "worden"):
            position += ["", c.marker]
    for c in gone:
        if (c.modality in ("withdrawn", "intends", "decided") or (
            c.modality == "considering" and "considering" not in rungs_b
        )) and not c.subordinate and not (
            fulfilled and c is fulfilled[0]
        ) and c.marker not in ("wordt", "worden"):
            position += [c.marker, ""]
    # The government's own act replaced by another ("bepleit" -> "ondertekent").
    own_gone = [c for c in gone if c.actor in GOVERNMENT and not c.subordinate]
    own_came = [c for c in came if c.actor in GOVERNMENT and not c.subordinate
                and not (fulfilled and c is fulfilled[1])]
    if own_gone and own_came and not position and not (fulfilled and own_gone[0] is fulfilled[0]):
        how = relation(placed(own_gone[0]), placed(own_came[0]))
        if how in ("opposite", "other"):
            position += [own_gone[0].verb, own_came[0].verb]
        elif how == "unknown":
            unplaced += [f"{own_gone[0].verb} -> {own_came[0].verb}"]
    if position:
        verdicts.append("position_changed")
        triggers["position_changed"] = position
    wa, wb = _words(ra), _words(rb)
    negation += _prefix_negation(wa, wb)
    if negation:
        verdicts.append("negation_flipped")
        triggers["negation_flipped"] = negation

    ta, tb = _times(ra), _times(rb)
    vague_only = all(k[0] == "vague" for k in (ta - tb) + (tb - ta))
    if ta != tb and not fulfilled and vague_only and (
        ((ta - tb) and (tb - ta)) or set((wa - wb) | (wb - wa)) & _DEGREE
    ):
        # ("snel" -> "op enig moment": a word of speed against a vague time is as vague.)
        # "binnenkort" -> "te zijner tijd": two vague terms have no order to compare.
        verdicts.append("changed")
        triggers["changed"] = [k[1] for k in sorted((ta - tb).elements())] + [
            k[1] for k in sorted((tb - ta).elements())]
    elif ta != tb and not fulfilled:
        texts_a = {_time_key(c, t, ra.day, ra.clean): t.text for c in ra.clauses for t in c.times}
        texts_b = {_time_key(c, t, rb.day, rb.clean): t.text for c in rb.clauses for t in c.times}
        triggers["timeline_changed"] = (
            [texts_a[k] for k in sorted((ta - tb).elements())]
            + [texts_b[k] for k in sorted((tb - ta).elements())]
        )
        verdicts.append("timeline_changed")
    slip = [] if fulfilled else slipped(ra, rb)
    if slip:
        # "in de Defensienota 2026" -> "in de Defensienota 2027": the vehicle slips a year.
        triggers["timeline_changed"] = triggers.get("timeline_changed", []) + slip
        if "timeline_changed" not in verdicts:
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

    attitude += [f"handeling niet herkend: {w}" for w in unplaced]
    if attitude:
        triggers["changed"] = triggers.get("changed", []) + attitude
        if "changed" not in verdicts:
            verdicts.append("changed")
    not_understood: list[str] = list(triggers.get("changed", []))
    if not verdicts:
        # Equal readings, or a change of sensitive words no rule read: say so, loudly.
        diff = set((wa - wb) | (wb - wa))
        # "niet wenselijk" -> "onwenselijk": the polarity already compared them.
        swapped = {w for w in diff if w in NEGATED_ADJECTIVES and w[2:] in diff}
        swapped |= {w[2:] for w in swapped}
        changed = sorted(w for w in diff - swapped - _derived(wa - wb, wb - wa)
                         if w in _DEGREE or w in _VAGUE_AMOUNT or w in _OBLIGATION)
        differ = [
            f"{a.act}: {a.modality}/{'+' if a.polarity else '-'} -> "
            f"{b.modality}/{'+' if b.polarity else '-'}"
            for a, b in pairs
            if not same_modality(a, b) or (a.polarity, _hedges(a)) != (b.polarity, _hedges(b))
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
        # The same words said at another date can name another time ("voor de zomer").
        if old_date is not None and date is not None and old_date != date:
            ra, rb = read(old, old_date), read(new, date)
            if _times(ra) != _times(rb):
                return Verdict(["timeline_changed"], {"timeline_changed": [
                    t.text for c in rb.clauses for t in c.times]})
        return Verdict(["restated"], {})
    return compare_analyses(read(old, old_date or date), read(new, date))
