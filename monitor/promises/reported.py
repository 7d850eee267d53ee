"""Commitments reported from a letter or from earlier words of the government, and plans.

"In de brief van 3 februari is aangegeven dat de regeling zal worden verlengd", "Ik heb in mijn
brief aangegeven dat ik ... wil verplichten", "In die brief heeft mijn ambtsvoorganger
toegezegd dat ...": the report is in the perfect, the commitment in its "dat"-clause is still
to come (guideline: a commitment restated counts). The clause reader splits such a "dat"-clause
at its auxiliaries, so the clause is read again on its own and judged like any other.

Only reports of our own words count: the subject of the report is ours, or the words are a
letter or document of ours ("De gemeente heeft aangegeven dat ..." and "In de brief van de VNG
..." are someone else's).

A plan of ours said as a "dat"-clause ("De planning is dat het wetsvoorstel in het voorjaar
naar de Raad van State gaat", "Het is de bedoeling dat de regeling per 1 januari in werking
treedt") promises what the clause says with a time ahead, unless its subject is another party
("Het is de bedoeling dat gemeenten ..."); an expectation ("De verwachting is dat ...") is a
forecast, not a plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from monitor.promises.future import ahead
from monitor.track.analysis import Clause, analyse

_REPORTED = re.compile(
    r"\b(?:is|zijn|heb|heeft|hebben|werd|werden)\b(?:\s+[\w-]+){0,10}?\s+"
    r"(?:aangegeven|benoemd|gemeld|toegezegd|geschreven|aangekondigd|uiteengezet|bericht|"
    r"beloofd|vastgelegd|laten\s+weten|meegedeeld|medegedeeld)\s*,?\s+dat\s+(?P<rest>[^;]+)",
    re.IGNORECASE)
# Who reported: one of us, or a document of ours (a letter dated or pointed at, not
# "de brief van de VNG").
_OURS = re.compile(
    r"\b(?:ik|wij|we|het\s+kabinet|de\s+regering|mijn\s+(?:ambts)?voorganger|"
    r"de\s+minister|de\s+staatssecretaris)\b|"
    r"\b(?:in|met)\s+(?:de|het|mijn|onze|deze|die|dat)\s+(?:[\w-]+\s+)?[\w-]*(?:brief|nota|"
    r"rapportage|reactie|notitie|beantwoording)\b(?!\s+van\s+(?:de|het)\s+(?!minister|"
    r"staatssecretaris|kabinet))",
    re.IGNORECASE)

Judge = Callable[[Clause, str, date], bool]
Complete = Callable[[list[Clause], date], list[Clause]]


def reported_commitments(sentence: str, day: date, *, judge: Judge,
                         complete: Complete) -> list[Clause]:
    """The promised clauses of a commitment ``sentence`` reports from our own words."""
    m = _REPORTED.search(sentence)
    if m is None or not _OURS.search(sentence[:m.start("rest")]):
        return []
    rest = m.group("rest").strip()
    clauses = [c for s in analyse(rest, date=day).sentences for c in s.clauses]
    return [c for c in complete(clauses, day) if judge(c, rest, day)]


def may_report_commitment(low: str) -> bool:
    """A cheap check before :func:`reported_commitments` (``low``: the sentence, lower case)."""
    return " dat " in low and bool(_REPORTED.search(low))


_PLANNED = re.compile(
    r"^\W*(?:het\s+is\s+(?:de\s+|ons\s+|mijn\s+)?(?:bedoeling|planning|streven|voornemen|inzet)|"
    r"(?:(?:de|het|mijn|ons|onze)\s+)?(?:planning|bedoeling|streven|voornemen|inzet)\s+is"
    r"(?:\s+erop\s+gericht)?)\s+dat\s+(?P<rest>[^;]+)", re.IGNORECASE)
# Subjects that are another party's ("dat gemeenten ...", "dat zij ...").
_THIRD_PARTY = re.compile(
    r"^(?:de\s+|het\s+|alle\s+)?(?:gemeente|provincie|bedrijf|bedrijven|sector|partij|"
    r"zorgverzekeraar|zorgaanbieder|aanbieder|werkgever|werknemer|school|scholen|instelling|"
    r"universiteit|europese|eu\b|commissie|lidstat|netbeheerder|burger|ouder|leraar|docent|"
    r"huurder|verhuurder|corporatie|woningcorporatie|ziekenhu|toezichthouder|raad\b|zij\b|"
    r"ze\b|hij\b|u\b)", re.IGNORECASE)


def planned_commitments(sentence: str, day: date, *, judge: Judge,
                        complete: Complete) -> list[Clause]:
    """The promised clauses of a plan of ours said as a "dat"-clause (see above)."""
    m = _PLANNED.match(sentence)
    if m is None:
        return []
    rest = m.group("rest").strip()
    clauses = complete([c for s in analyse(rest, date=day).sentences for c in s.clauses], day)
    return [c for c in clauses
            if judge(c, rest, day) or (c.polarity and not c.subordinate and c.act
                                       and not _THIRD_PARTY.match(c.actor.strip())
                                       and ahead(c, day))]


def may_plan(low: str) -> bool:
    """A cheap check before :func:`planned_commitments` (``low``: the sentence, lower case)."""
    return " dat " in low and bool(_PLANNED.match(low))
