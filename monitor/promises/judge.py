"""Whether a clause is a promise: the government's act still to come, firm, not hedged, negated,
reported or pointing inside the answer (the words are in :mod:`monitor.promises.cues`)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from monitor.promises.cues import (
    APOLOGY,
    ASSUME,
    CAN,
    COMMIT_ACTS,
    CONTENT,
    DATED_BEHIND,
    DELIVER,
    DEONTIC,
    EMBEDDED_QUESTION,
    EXPECT,
    FIRST_PERSON_INTENT,
    FORMER,
    FUTURE_PASSIVE,
    GLUED_FUTURE,
    GOV_ACTORS,
    GOV_SUBJECT,
    IF_NEEDED,
    INTERNAL,
    INTO_DOCUMENT,
    NEGATED,
    NOT_ACTS,
    NOT_AFTER,
    NOW,
    ONGOING,
    OWN_CLAUSE,
    PASSIVE,
    PERFORMATIVE,
    POINTED,
    POINTING,
    RELATIVE,
    SOMEONE_ELSE,
    SPEECH_ACTS,
    STANCES,
    STEP_TO_COME,
    THIRD_FUTURE,
    WE_INTEND,
    WILL,
    WORK_ON,
)
from monitor.promises.deadlines import VEHICLE
from monitor.promises.future import MAKING, WITH_HOUSE, ahead, bare_present, present_promises
from monitor.promises.steps import own_participle, someone_elses, unnamed_promise
from monitor.track.analysis import Clause


def government(clause: Clause) -> bool:
    # "Ik steun het voorstel dat de Commissie": the clause's subject is the last one named.
    actor = RELATIVE.split(clause.actor)[-1].strip()
    if actor.lower() == "de minister" and FORMER.search(clause.text):
        return False  # "De heer X, oud-minister van ..., is bereid gevonden ..."
    if actor.lower() in GOV_ACTORS:
        return True
    return bool(GOV_SUBJECT.match(actor))


def passive(clause: Clause, day: date) -> bool:
    """A passive future with nobody named: "zal ... worden gepubliceerd", a delivery in the
    present passive with a time or the Kamer ("Uw Kamer wordt binnenkort geïnformeerd"), or any
    act in the present passive with a time ahead ("De regeling wordt voor 1 januari aangepast")."""
    if clause.verb.lower() in ("wordt", "worden", "zal", "zullen") or someone_elses(clause):
        return False
    if FUTURE_PASSIVE.search(clause.text):
        return True
    if not PASSIVE.search(clause.text) or not own_participle(clause):
        return False
    if clause.act in DELIVER and (bool(clause.times) or "kamer" in clause.text.lower()):
        return True
    # "In de kabinetsreactie worden deze overwegingen meegenomen": a document to come (what a
    # document says is no act: "In het rapport wordt geconcludeerd ...").
    return ahead(clause, day) or (clause.act not in CONTENT
                                  and document_to_come(clause.text, day))


def expected_elsewhere(clause: Clause) -> bool:
    """An expectation in a passive with nobody named is a forecast ("De verwachting is dat de
    richtlijn begin 2025 kan worden gepubliceerd"), except of a delivery to the House, whose
    timing it only softens ("Het wetsvoorstel wordt naar verwachting in het najaar bij uw Kamer
    ingediend")."""
    if not EXPECT.search(clause.text):
        return False
    return not (clause.act in DELIVER and "kamer" in clause.text.lower()
                and not CAN.search(clause.text))


def own_times(clause: Clause) -> Clause:
    """``clause`` without the times of an embedded question in it ("uiteenzetten welke acties
    gepland staan voor 2025": 2025 is the actions' time, not the promise's)."""
    m = EMBEDDED_QUESTION.search(clause.text)
    if m is None or not clause.times:
        return clause
    cut = clause.start + m.start()
    return replace(clause, times=tuple(tv for tv in clause.times if tv.start < cut))


def document_to_come(text: str, day: date) -> bool:
    """``text`` names a document that is still to come: a vehicle ("in de kabinetsreactie", "in
    de volgende voortgangsrapportage") not dated before ``day``."""
    m = VEHICLE.search(text)
    if m is None or DATED_BEHIND.match(text[m.end():]):
        return False
    year = m.group("tail") or ""
    return not (year.isdigit() and int(year) < day.year)


def deontic(clause: Clause) -> bool:
    """A duty in the clause ("moet", "dient te"); the "dien(t)" of "indienen" ("het wetsvoorstel
    in te dienen", "dient het voorstel in") is the act, not a duty."""
    if clause.act == "indienen":
        return bool(_DUTY_NOT_FILING.search(clause.text))
    return bool(DEONTIC.search(clause.text))


_DUTY_NOT_FILING = re.compile(r"\b(?:moet|moeten|hoeft|hoeven)\b", re.IGNORECASE)


# Rules on the whole sentence, asked again for each of its clauses: read once per sentence.
@lru_cache(maxsize=512)
def _internal(sentence: str) -> bool:
    return INTERNAL.search(sentence) is not None


@lru_cache(maxsize=512)
def _performative(sentence: str) -> bool:
    return PERFORMATIVE.search(sentence) is not None


def is_promise(clause: Clause, sentence: str, day: date) -> bool:
    if not clause.polarity or not clause.act or clause.act in NOT_ACTS | SPEECH_ACTS:
        return False
    if IF_NEEDED.search(clause.text) or APOLOGY.search(clause.text):
        return False
    # ("In die brief zal ik ook ingaan op ...": a document to come, only pointed at)
    pointed = clause.tense == "future" and bool(POINTED.match(clause.text))
    if clause.act in POINTING and not (ahead(clause, day) or document_to_come(clause.text, day)
                                       or pointed):
        return False
    intends = clause.modality == "intends" or bool(WE_INTEND.search(clause.text))
    if intends and (clause.act.replace("-", "") in STANCES or WORK_ON.search(clause.text)):
        return False
    if ONGOING.match(clause.act) or _internal(sentence) or clause.subordinate:
        return False
    if ASSUME.search(clause.text):
        return False
    if _performative(sentence) or THIRD_FUTURE.search(clause.text):
        return False
    if any(h in ("kan", "zou", "mogelijk", "onder voorwaarde") for h in clause.hedges):
        return False
    gov = government(clause) or bool(FIRST_PERSON_INTENT.search(clause.text))
    if not gov and unnamed_promise(clause, sentence, day):
        # a step with nobody named (monitor/promises/steps.py)
        return not deontic(clause) and not expected_elsewhere(clause)
    if clause.tense == "future":
        if NOW.search(clause.text) and not WILL.search(clause.text):
            return False  # "Ik werk op dit moment aan ...": under way, not promised
        if gov:
            delivers = clause.act in DELIVER or bool(VEHICLE.search(clause.text)) \
                or (clause.act == "delen" and bool(WITH_HOUSE.search(clause.text)))
            if bare_present(clause) and not present_promises(clause, day, delivers=delivers):
                return False  # "Het kabinet komt de gemeenten tegemoet": policy under way
            return not deontic(clause)
        # A passive with nobody named does the government's work ("zal worden gepubliceerd").
        return (passive(clause, day) and not deontic(clause)
                and not expected_elsewhere(clause))
    if clause.tense == "present" and gov and not intends and not clause.reference \
            and not NOW.search(clause.text):
        # "stelt het kabinet een handreiking op", "Ik neem dit mee in de kabinetsreactie": the
        # making of a document, or an act in a document to come, is a present for the future
        # even where the analysis read no future into it.
        vehicle = clause.act not in CONTENT and (document_to_come(clause.text, day) or (
            clause.act in INTO_DOCUMENT and bool(STEP_TO_COME.search(clause.text))))
        if clause.act in MAKING or vehicle:
            return present_promises(clause, day, delivers=vehicle) \
                and not deontic(clause)
    if clause.tense in ("present", "past", "perfect") and not intends and not clause.reference:
        # A present passive the analysis did not read as a future ("In de kabinetsreactie
        # wordt ingegaan op ...") promises on the same terms as one it did.
        return (not gov and passive(clause, day) and not deontic(clause)
                and not expected_elsewhere(clause) and not NOW.search(clause.text))
    if intends and clause.act not in SPEECH_ACTS:
        if "inzet" in clause.marker or clause.marker.startswith("zet"):
            return False
        at = clause.text.lower().find(clause.marker.lower()) if clause.marker else -1
        if at > 0 and SOMEONE_ELSE.search(clause.text[:at]):
            return False
        return gov or bool(FIRST_PERSON_INTENT.search(clause.text))
    return False


def restated(clauses: list[Clause]) -> list[Clause]:
    """A commitment restated with a clause of its own: "Ik heb uw Kamer toegezegd dat ik in
    het voorjaar terugkom op ..." (the promised act is the "dat"-clause)."""
    for before, clause in pairwise(clauses):
        committed = before.act in COMMIT_ACTS and before.polarity and government(before)
        own = bool(OWN_CLAUSE.match(clause.text)) and clause.polarity and bool(clause.act)
        if committed and own and clause.act not in NOT_ACTS | SPEECH_ACTS \
                and clause.tense in ("future", "present"):
            return [clause]
    return []


def glued_promise(sentence: str) -> bool:
    """A firm first-person future that glued words hid from the clause reader."""
    low = sentence.lower()
    m = GLUED_FUTURE.search(low)
    if m is None or INTERNAL.search(low) or PERFORMATIVE.search(low) \
            or IF_NEEDED.search(low) or APOLOGY.search(low):
        return False
    # "Ik ga niet in op ...", "Ik zal hier geen onderzoek naar doen", "ik ga ervan uit".
    after = low[m.start():m.end() + 60]
    return not (NEGATED.search(after) or NOT_AFTER.search(low[m.end():m.end() + 30]))


def object_of(clause: Clause) -> str:
    skip = {"kamer", "kabinet", "nederland", "minister", "hierover", "hierop", "daarover"}
    words = [w for w in clause.objects if w not in skip and not w.isdigit()]
    return " ".join(words[:6])

