"""Promises with nobody named: the government's steps said without a subject of ours.

An answer often lists what will be done without saying who does it; the doer is the
government that answers (guideline point 1). These shapes promise:

- a step of a plan in the present passive, with an act that changes a rule, a practice or a
  thing ("Ten eerste wordt de regeling vereenvoudigd", "De controles worden aangescherpt") or
  examines an open question ("In overleg met de sector wordt bezien welke maatregelen nodig
  zijn"), or "er komt" a thing the government makes ("Tot slot komt er een plan van aanpak");
- a future perfect of an act ("Voor 1 januari zal de herziening zijn afgerond", "Dan zal ook het
  rapport gepubliceerd zijn");
- an act named as a noun that "zal plaatsvinden" or takes place at a time ahead
  ("Besluitvorming over de verlenging zal in het najaar plaatsvinden");
- an act in a document only pointed at ("Hierin worden ook de ervaringen meegenomen").

They do not when the work is under way or a habit ("worden al", "jaarlijks", "momenteel"), when
someone is named as the doer ("door de gemeente") or owns the thing ("het Europese
emissiehandelssysteem wordt uitgebreid"), when the clause states a consequence ("Hierdoor zal
... worden verkort"), or when a time named lies behind the answer.
"""

from __future__ import annotations

import re
from datetime import date

from monitor.promises.cues import (
    CHANGE_ACTS,
    CONSEQUENCE,
    EMBEDDED,
    EXAMINE_ACTS,
    FUTURE_STATE,
    INTO_DOCUMENT,
    MODAL,
    NOT_ACTS,
    OPEN_QUESTION,
    OTHER_AGENT,
    OTHERS_SUBJECT,
    PARTICIPLE,
    PASSIVE,
    POINTED,
    PRODUCTS,
    UNACCUSATIVE,
    UNDER_WAY,
)
from monitor.promises.future import ahead
from monitor.promises.roles import existential, named_as_noun
from monitor.track.analysis import Clause

# Acts a pointed-at document is said to hold in the present passive only when it is still to
# be written ("Hierin worden ... meegenomen"); what a document says ("Hierin wordt ingegaan
# op") describes one that exists.
_PUT_IN = INTO_DOCUMENT - {"ingaan", "toelichten", "schetsen", "beschrijven", "presenteren"}


def own_participle(clause: Clause) -> bool:
    """The passive's participle follows its "wordt/worden" in the same clause: "In de nota wordt
    duidelijk waar welke kortingen worden neergelegd" is a copula with an adjective, the
    participle belongs to the embedded question."""
    m = PASSIVE.search(clause.text)
    if m is None:
        return False
    rest = clause.text[m.end():]
    cut = EMBEDDED.search(rest)
    own = rest[:cut.start()] if cut else rest
    verb = clause.verb.split()[-1].lower() if clause.verb else ""
    return bool((verb and verb in own.lower().split()) or PARTICIPLE.search(own))


def someone_elses(clause: Clause) -> bool:
    """The passive's subject is another's instrument or a consequence is stated: "Vanaf 2027
    wordt het Europese emissiehandelssysteem uitgebreid", "Hierdoor zal ... worden verkort"."""
    if CONSEQUENCE.match(clause.text) or OTHER_AGENT.search(clause.text):
        return True
    m = PASSIVE.search(clause.text)
    if m is None:
        return bool(OTHERS_SUBJECT.search(clause.actor))
    before = clause.text[:m.start()]
    after = clause.text[m.end():]
    participle = PARTICIPLE.search(after)
    subject = before + " " + (after[:participle.start()] if participle else "")
    return bool(OTHERS_SUBJECT.search(subject))


def _behind(clause: Clause, day: date) -> bool:
    ends = [tv.last or tv.first for tv in clause.times if tv.relation != "duration"]
    return any(end is not None and end < day for end in ends)


def unnamed_promise(clause: Clause, sentence: str, day: date) -> bool:
    """``clause`` of ``sentence``, whose subject is not the government's, promises one of the
    steps above. A sentence that opens a list ("Het toezicht wordt op drie punten versterkt:")
    announces the steps that follow; it is none itself."""
    if clause.subordinate or not clause.polarity or clause.act in NOT_ACTS \
            or sentence.rstrip().endswith(":"):
        return False
    # the shape first: most clauses of others are none of these, and the checks below cost more
    if not (plan_step(clause) or future_state(clause) or noun_act(clause, day)
            or pointed_passive(clause)):
        return False
    return not (UNDER_WAY.search(clause.text) or MODAL.search(clause.text)
                or someone_elses(clause) or _behind(clause, day))


# A clause that tells what a document or programme holds ("In de beschreven aanpak worden ...
# versterkt", "Binnen het programma worden ... ontwikkeld") describes its content, not a step
# announced (a document to come is read by the pointed-at and vehicle rules).
_CONTENT_OF = re.compile(r"^\W*(?:in|binnen|volgens|met)\s+(?:de|het|dit|deze|die|dat)\b",
                         re.IGNORECASE)


def plan_step(clause: Clause) -> bool:
    if _CONTENT_OF.match(clause.text):
        return False
    if existential(clause):
        return True
    if not PASSIVE.search(clause.text) or not own_participle(clause):
        return False
    if clause.act == "maken":
        return bool(PRODUCTS.search(clause.text))
    if clause.act in EXAMINE_ACTS:
        return bool(OPEN_QUESTION.search(clause.text))
    return clause.act in CHANGE_ACTS


def future_state(clause: Clause) -> bool:
    if clause.tense != "future" or not FUTURE_STATE.search(clause.text.strip()):
        return False
    return clause.act not in UNACCUSATIVE and bool(PARTICIPLE.search(clause.text))


def noun_act(clause: Clause, day: date) -> bool:
    if not named_as_noun(clause):
        return False
    return bool(re.search(r"\b(?:zal|zullen)\b", clause.text, re.IGNORECASE)) \
        or ahead(clause, day)


def pointed_passive(clause: Clause) -> bool:
    return bool(POINTED.match(clause.text)) and clause.act in _PUT_IN \
        and own_participle(clause)
