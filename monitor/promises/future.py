"""Promises without a future auxiliary: the present for the future and the bare passive.

"Begin volgend jaar start ik een proef", "Het kabinet komt voor de zomer met een voorstel" and
"De regeling wordt voor 1 januari 2026 aangepast" promise as firmly as "zal", but only because a
time ahead of the answer says so: without one, the same present is ongoing policy ("Het kabinet
komt de gemeenten tegemoet in de kosten").
"""

from __future__ import annotations

import re
from datetime import date

from monitor.dates import MONTH_NAMES
from monitor.track.analysis import Clause, TimeValue
from monitor.track.analysis.times import find_times

# Auxiliaries and intention verbs that carry a future themselves; any other finite verb read as
# a future is a present for the future.
_FUTURE_VERBS = frozenset({"zal", "zullen", "ga", "gaan", "gaat", "wil", "willen", "wordt",
                           "worden"})
_AUXILIARY = re.compile(r"\b(?:zal|zullen|ga|gaan|gaat|wil|willen|wordt|worden)\b", re.IGNORECASE)
# "De aanvragen worden doorgaans binnen acht weken beoordeeld": what always happens.
_HABITUAL = re.compile(r"\b(?:doorgaans|gewoonlijk|meestal|normaliter|altijd|steeds|telkens|"
                       r"jaarlijks|elk\s+jaar|ieder\s+jaar)\b", re.IGNORECASE)
# Acts whose present promises even without a time: a return to the subject ("Ik kom hierop
# terug") and the making of a document or plan ("stelt het kabinet een handreiking op", "werk
# ik een plan van aanpak uit"); work said to be under way now ("momenteel", "op dit moment")
# or done every year is no promise (see discover and _HABITUAL).
MAKING = frozenset({"opstellen", "ontwikkelen", "uitwerken", "opzetten"})
_PROMISING_PRESENT = MAKING | {"terugkomen"}
# Presents with a time ahead that are someone else's act reaching us, not ours.
_RECEIVING = frozenset({"ontvangen", "krijgen", "tegemoetzien", "uitzien", "hechten",
                        "delen", "steunen"})
# ... but sharing with the House is a delivery ("De resultaten deel ik na de zomer met uw
# Kamer"), unlike sharing a concern ("Ik deel de zorgen").
WITH_HOUSE = re.compile(r"\bmet\s+(?:uw|de)\s+(?:tweede\s+)?kamer\b", re.IGNORECASE)
# "Ook na 2026 blijft het kabinet investeren": carrying on, not a new act.
_CONTINUE = re.compile(r"\bblijf\w*\b|\bblijven\b", re.IGNORECASE)
# The inserted report of a future clause: "zal, nadat de Raad van State heeft geadviseerd, het
# wetsvoorstel in het najaar indienen".
_INSERTED_REPORT = re.compile(
    r"\b(?:heeft|hebben|heb|is|zijn|was|waren)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*,", re.IGNORECASE)
# Sentences that may promise in the present: a government subject and a time word ahead.
# (literal first, word start checked behind it: far quicker to scan than a leading "\b")
_SUBJECT_HINT = re.compile(r"ik(?<=\bik)\b|kabinet|wij(?<=\bwij)\b|we(?<=\bwe)\b")
_TIME_HINT = re.compile(
    r"zomer|najaar|voorjaar|winter|reces|prinsjesdag|\bbegin\b|\bmedio\b|\beind\w*\b|volgend|"
    r"komend|uiterlijk|vóór|kwartaal|binnenkort|\b20\d\d\b|"
    + "|".join(r"\bmei\b" if month == "mei" else month for month in MONTH_NAMES))


def ahead(clause: Clause, day: date) -> bool:
    """The clause names a time wholly ahead of ``day``: a limit or a start still to come, a
    vague "binnenkort", or a period that begins later. A period already running ("in 2025"
    said in March 2025) is policy under way, a habit ("doorgaans binnen acht weken") no act."""
    return not _HABITUAL.search(clause.text) and _ahead(clause, day)


def _ahead(clause: Clause, day: date) -> bool:
    for tv in clause.times:
        if tv.relation in ("by", "from") and not tv.text.startswith("binnen"):
            if (tv.last or tv.first or day) >= day:
                return True
        elif tv.relation == "vague" or (tv.relation != "duration" and tv.first and tv.first > day):
            return True
    return False


def bare_present(clause: Clause) -> bool:
    """A future read from a present finite verb ("start ik", "komt het kabinet"), not from an
    auxiliary or intention."""
    marker = clause.marker.split()[0].lower() if clause.marker else ""
    return bool(marker) and marker not in _FUTURE_VERBS and \
        clause.verb.split()[0].lower() == marker and not _AUXILIARY.search(clause.text)


def present_promises(clause: Clause, day: date, *, delivers: bool) -> bool:
    """A present for the future holds as a promise with a time ahead (or a delivery, or a
    return to the subject); anything else in the present is policy under way."""
    shared = clause.act == "delen" and bool(WITH_HOUSE.search(clause.text))
    if (clause.act in _RECEIVING and not shared) or _CONTINUE.search(clause.text):
        return False
    ends = [tv.last or tv.first for tv in clause.times if tv.relation != "duration"]
    if ends and all(end is not None and end < day for end in ends):
        return False  # "In het najaar van 2014 stuur ik ...": a historic present
    making = clause.act in _PROMISING_PRESENT and not _HABITUAL.search(clause.text)
    return delivers or making or ahead(clause, day)


def continued_times(clause: Clause, day: date) -> list[TimeValue]:
    """The times of a future clause that an inserted report split off ("zal, nadat X heeft
    geadviseerd, ... in het najaar indienen"): read as future again, against ``day``."""
    m = _INSERTED_REPORT.search(clause.text)
    if m is None:
        return []
    return [tv for tv in find_times(clause.text[m.end():], day) if tv.relation != "duration"]


def may_promise_in_present(low: str) -> bool:
    """A sentence (lower case) worth reading for a present promise: government subject and a
    time word."""
    return bool(_SUBJECT_HINT.search(low) and _TIME_HINT.search(low))
