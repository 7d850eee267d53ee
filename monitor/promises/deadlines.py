"""Deadlines of promises: the time a promise names, resolved against the answer's date.

See docs/promises.md for the kinds (by / in / around / from / vague / document / none) and the
parliamentary calendar terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from monitor.track.analysis import Clause, TimeValue, calendar

# A vehicle: the document the promise will be kept in ("in de Defensienota 2026", "in de
# volgende voortgangsrapportage", "in de verzamelbrief dierenwelzijn"; a verb ending the
# sentence, a participle "ge..." or an infinitive "...en", is no part of the name).
VEHICLE = re.compile(
    r"\bin\s+(?:de|het|mijn|onze|een)\s+(?P<name>(?:[\w-]+\s+){0,2}?[\w-]*(?:nota|brief|"
    r"rapportage|begroting|plan|verslag|rapport|evaluatie|monitor|strategie|agenda|visie|"
    r"reactie|notitie|wetsvoorstel|uitwerking))"
    r"(?:\s+(?P<tail>(?:19|20)\d\d|(?!ge)[a-z][\w-]+(?<!en)(?=\s*(?:[.,;:)]|$))))?",
    re.IGNORECASE,
)
# Vague terms that set no moment at all.
_NOT_DUE = re.compile(r"toekomst|lange\s+termijn|middellange")
_RECESS_WORD = re.compile(r"zomerreces|kerstreces|herfstreces|voorjaarsreces|krokusreces|meireces|"
                          r"\bzomer\b")
# "op een zo kort mogelijke termijn", "zo snel als mogelijk": as soon as can be, no date.
_SOON = re.compile(r"\b(?:op\s+(?:een\s+)?)?zo\s+(?:kort|spoedig|snel)\s+mogelijke?"
                   r"(?:\s+termijn)?\b|\bzo\s+(?:snel|spoedig)\s+als\s+(?:mogelijk|dat\s+kan)\b",
                   re.IGNORECASE)
# The topic of a delivery ("informeren over de overgang per 1 juli 2026", "een brief over de
# tarieven voor 2026"): its times date the subject, not the promise.
_TOPIC = re.compile(r"\bover\s+(?:de|het|een|mijn|onze|deze|die|dit|dat)\b", re.IGNORECASE)
# Times that date a noun rather than a delivery: "per 1 juli", "vanaf 2026", "met ingang van
# ...", "voor 2026" (the year the tarieven are for).
_NOUN_DATE = re.compile(r"^(?:per|vanaf|met\s+ingang\s+van|van|voor\s+(?:19|20)\d\d$|"
                        r"in\s+(?:19|20)\d\d$)", re.IGNORECASE)
_ORDER = {"by": 0, "in": 1, "around": 2, "from": 3, "vague": 4}


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a promise falls due: an interval anchored on the answer's date, a named document
    ("with document X"), a vague term, or nothing."""

    kind: str  # by / in / around / from / vague / document / none
    first: date | None = None
    last: date | None = None
    text: str = ""
    document: str = ""

    def describe(self) -> str:
        if self.kind == "document":
            return f"with {self.document}"
        if self.kind == "none":
            return "-"
        if self.kind == "vague":
            return self.text
        if self.kind == "by" and self.last:
            return f"by {self.last.isoformat()}"
        if self.kind == "from" and self.first:
            return f"from {self.first.isoformat()}"
        span = "..".join(d.isoformat() for d in (self.first, self.last) if d)
        return f"{self.kind} {span}"

    def due(self) -> date | None:
        """The last day the promise can be kept (None when no date is known)."""
        if self.kind in ("by", "in", "around"):
            return self.last
        return None


NO_DEADLINE = Deadline("none")


def deadline_of(clauses: list[Clause], answer_date: date) -> Deadline:
    docs = {d.year for c in clauses for d in c.documents if d.year}
    times: list[TimeValue] = []
    for c in clauses:
        for tv in c.times:
            if tv.relation == "duration" or tv.text in docs or _NOT_DUE.search(tv.text):
                continue
            end = tv.last or tv.first
            if end is not None and end < answer_date:
                continue  # "zoals gemeld op 31 januari": said before, not due
            times.append(tv)
    if times:
        tv = min(times, key=lambda t: _ORDER.get(t.relation, 9))
        kind = tv.relation
        if kind == "vague":
            return Deadline("vague", text=tv.key[1] if len(tv.key) > 1 else tv.text)
        if kind == "by":
            # The key holds the last day that is still in time ("vóór 1 oktober": 30 Sep).
            day = _recess_edge(tv.text, date.fromisoformat(tv.key[1]), before=True)
            return Deadline("by", None, day, tv.text)
        if kind == "from":
            day = _recess_edge(tv.text, date.fromisoformat(tv.key[1]), before=False)
            return Deadline("from", day, None, tv.text)
        return Deadline(kind, tv.first, tv.last, tv.text)
    for c in clauses:
        m = VEHICLE.search(c.text)
        if m is not None:
            name = " ".join(m.group("name").split())
            tail = m.group("tail") or ""
            return Deadline("document", text=m.group(0), document=f"{name} {tail}".strip())
    for c in clauses:
        soon = _SOON.search(c.text)
        if soon is not None:
            return Deadline("vague", text=" ".join(soon.group(0).split()))
    return NO_DEADLINE


def without_topic_dates(clause: Clause) -> Clause:
    """``clause`` without the times that date the topic of its act ("Ik informeer uw Kamer
    voor de zomer over de overgang per 1 juli 2026": 1 July 2026 is the overgang's): a time
    in the "over ..." phrase goes when a time outside it remains, or when it dates a noun
    ("per", "vanaf", "voor 2026")."""
    m = _TOPIC.search(clause.text)
    if m is None or not clause.times:
        return clause
    at = clause.start + m.start()
    if m.start() == 0 or clause.text[:m.start()].strip() in ("", ","):
        # a fronted topic: "Over de overgang per 1 juli 2026 informeer ik ..."
        verb = (clause.marker or clause.verb).split()
        end = clause.text.lower().find(f" {verb[0].lower()} ") if verb else -1
        inside = [tv for tv in clause.times if end > 0 and tv.start < clause.start + end]
    else:
        inside = [tv for tv in clause.times if tv.start >= at]
    outside = [tv for tv in clause.times if tv not in inside]
    drop = inside if outside else [tv for tv in inside if _NOUN_DATE.match(tv.text.strip())]
    if not drop:
        return clause
    return replace(clause, times=tuple(tv for tv in clause.times if tv not in drop))


def _recess_edge(written: str, day: date, *, before: bool) -> date:
    """"voor de zomer" / "na de zomer" without a year: the edge of that year's recess itself.

    The analysis moves a recess that already lay behind the answer a calendar year on by its
    dates; recesses start on a weekday, so the edge is taken from the calendar table again."""
    m = _RECESS_WORD.search(written.lower())
    if m is None or re.search(r"(?:19|20)\d\d", written):
        return day
    name = "zomerreces" if m.group(0) == "zomer" else m.group(0)
    for year in (day.year, day.year - 1):
        start, end = calendar.recess(name, year)
        if before and abs((start - day).days) <= 7:
            return start - timedelta(days=1)
        if not before and abs((end - day).days) <= 7:
            return end + timedelta(days=1)
    return day
