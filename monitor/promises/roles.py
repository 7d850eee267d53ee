"""Who acts and what the act is, where the analysis layer read other words for them.

The clause reader takes the first noun phrase before the finite verb for the actor. In answer
prose that is often no subject at all, and discovery judged the wrong words:

- a fronted adverbial ("Ten tweede wordt ...", "Hierin worden ...", "Daarnaast gaat de Dienst
  Toeslagen ...", "Tot slot komt er ..."): the subject follows the finite verb, or nobody is
  named (a passive, "er komt ...");
- the subject of a passive read together with its auxiliary ("De controles worden"): the doer
  is left unnamed;
- an aim of the government's own act ("Inzet is om ... te hebben afgerond", "Het streven is
  om ...", "Ik streef ernaar ... in te dienen"): the government intends the infinitive's act;
- an act named as a noun ("Besluitvorming over ... zal in het najaar plaatsvinden"): the act is
  the noun's verb, with nobody named;
- a clause cut after a preposition ("In" | "die brief zal ik ...": the demonstrative read as a
  relative pronoun), which made the rest subordinate;
- "komen met" a document ("Het kabinet komt in het voorjaar met een reactie"): a delivery.

:func:`reread` is the one place these choices are made; discovery judges the clause it returns.
"""

from __future__ import annotations

import re
from dataclasses import replace

from monitor.promises.clauses import infinitive_act
from monitor.promises.cues import GOV_SUBJECT, PASSIVE
from monitor.track.analysis import Clause

# Words that open a clause before the finite verb without being its subject.
_ADVERBIAL = re.compile(
    r"^(?:ten\s+(?:eerste|tweede|derde|vierde|vijfde|slotte)|tot\s+slot|allereerst|"
    r"daarnaast|daarbij|hierbij|hierin|daarin|hiermee|daarmee|verder|voorts|vervolgens|"
    r"bovendien|tevens|eveneens|ook|dan|daarna|nu|er|tegelijkertijd|daarom|om\s+die\s+reden|"
    r"concreet|kortom|in\s+aanvulling\s+daarop|aansluitend|op\s+termijn)$",
    re.IGNORECASE)
# A subject after the finite verb: a pronoun of ours or a government body ("gaat de Dienst
# Toeslagen ...", "zal de NVWA ...").
_AFTER_VERB = re.compile(
    r"\b(?:zal|zullen|gaat|gaan|ga|wil|willen|is|zijn|komt|komen|stuurt|stelt|neemt|start|"
    r"treedt|sluit|legt|werkt|laat|brengt|voert|past)\s+(?:ook\s+|daarnaast\s+|nog\s+)?"
    r"(?P<subject>ik|wij|we|het\s+kabinet|(?:de|het|mijn)\s+[\w-]+(?:\s+[\w-]+)?)\b",
    re.IGNORECASE)
_AUX_IN_ACTOR = re.compile(r"\s+(?:wordt|worden|zal|zullen|is|zijn)$", re.IGNORECASE)
# "Inzet is om ...", "Mijn inzet is om ...", "De inzet van het kabinet is om ..." (the
# government's own aim; "De inzet van de gemeenten" is theirs).
_OWN_AIM = re.compile(
    r"^(?:(?:mijn|onze|ons|de|het)\s+)?(?:inzet|streven|voornemen|intentie)(?:\s+van\s+"
    r"(?:het\s+kabinet|nederland|de\s+regering|mij|ons))?\s+(?:is|blijft)\s+"
    r"(?:erop\s+gericht\s+)?om\b", re.IGNORECASE)
# "Ik streef ernaar ... in te dienen": the aim's act is the infinitive.
_STRIVE = re.compile(r"\bstre(?:ef|eft|ven)\s+(?:\w+\s+){0,2}?(?:ernaar|naar)\b", re.IGNORECASE)
_TE_VERB = re.compile(r"\bte\s+(?:hebben\s+|kunnen\s+|laten\s+)?[a-zà-ÿ]+en\b", re.IGNORECASE)
# Acts named as nouns, with the verb they stand for. Events without an act of ours ("overleg",
# "bijeenkomst") are not among them.
NOMINAL_ACTS = {
    "besluitvorming": "besluiten", "besluit": "besluiten", "evaluatie": "evalueren",
    "publicatie": "publiceren", "herziening": "herzien", "aanpassing": "aanpassen",
    "uitwerking": "uitwerken", "implementatie": "implementeren", "invoering": "invoeren",
    "inwerkingtreding": "inwerkingtreden", "afronding": "afronden",
    "aanbesteding": "aanbesteden", "oplevering": "opleveren", "wijziging": "wijzigen",
    "verzending": "verzenden", "besluitvormingsproces": "besluiten",
}
# The verbs that say such an act happens: "zal plaatsvinden", "volgt", "start".
EVENT_VERBS = frozenset({"plaatsvinden", "volgen", "starten", "beginnen", "gebeuren"})
_NOMINAL_HEAD = re.compile(
    r"^(?:de|het|een|nadere|verdere|definitieve|formele|eerste|verdere)?\s*"
    r"(?:(?:nadere|verdere|definitieve|formele|eerste)\s+)?(?P<noun>[\w-]+)\b", re.IGNORECASE)
_PREPOSITION = re.compile(r"^(?:in|op|met|bij|naar|over|voor|uit|aan|tot|na|door|via)$",
                          re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"^\s*(?:die|dat|deze|dit)\s+[\w-]+", re.IGNORECASE)


def rejoin(clauses: list[Clause]) -> list[Clause]:
    """``clauses`` with clauses cut in two joined again: after a bare preposition ("In" | "die
    brief zal ik ook ingaan op ...": one main clause), and between an auxiliary and the verbs
    it governs ("dat de regeling zal" | "worden aangepast": one clause, subordinate if the
    first part was, future if the auxiliary was "zal")."""
    out: list[Clause] = []
    for clause in clauses:
        before = out[-1] if out else None
        if before is not None and not before.act and _PREPOSITION.match(before.text.strip()) \
                and clause.subordinate and _DEMONSTRATIVE.match(clause.text):
            out[-1] = replace(clause, text=_joined(before, clause), start=before.start,
                              subordinate=False)
            continue
        if before is not None and before.act in _AUXILIARY_ACTS \
                and _TRAILING_AUX.search(before.text) and _LEADING_VERBS.match(clause.text):
            future = before.act == "zullen"
            out[-1] = replace(
                clause, text=_joined(before, clause), start=before.start,
                subordinate=before.subordinate, actor=before.actor,
                tense="future" if future else clause.tense,
                modality=before.modality if future else clause.modality,
                marker=before.marker if future else clause.marker,
                hedges=tuple(dict.fromkeys((*before.hedges, *clause.hedges))),
                times=(*before.times, *clause.times))
            continue
        out.append(clause)
    return out


def _joined(before: Clause, clause: Clause) -> str:
    return f"{before.text.rstrip()} {clause.text.lstrip()}"


# An auxiliary the reader made the act of a clause of its own: "dat de regeling zal".
_AUXILIARY_ACTS = frozenset({"zullen", "worden", "kunnen", "moeten", "zijn", "hebben"})
_TRAILING_AUX = re.compile(r"\b(?:zal|zullen|wordt|worden|kan|kunnen|moet|moeten|is|zijn|"
                           r"heeft|hebben)\s*$", re.IGNORECASE)
_LEADING_VERBS = re.compile(r"^\s*(?:worden|wordt|zijn|hebben|kunnen|gaan)\b", re.IGNORECASE)


def reread(clause: Clause) -> Clause:
    """``clause`` with its actor and act chosen again where the analysis took other words."""
    actor = clause.actor.strip()
    if _OWN_AIM.match(clause.text.strip()) and _TE_VERB.search(clause.text):
        return replace(clause, actor="het kabinet", modality="intends", marker="streven",
                       tense="future", act=_aim_act(clause))
    if clause.modality == "intends" and clause.act in ("zijn", "hebben") \
            and infinitive_act(clause.text):
        # "Ik ben voornemens het wetsvoorstel ... in te dienen": the copula is no act
        return replace(clause, act=infinitive_act(clause.text))
    if clause.act == "streven" and _STRIVE.search(clause.text) and infinitive_act(clause.text):
        return replace(clause, act=infinitive_act(clause.text), modality="intends",
                       marker="streven", tense="future")
    if clause.act == "komen" and _COMES_WITH.search(clause.text):
        # "Het kabinet komt in het voorjaar met een reactie": a delivery, like "presenteren"
        return replace(clause, act="presenteren")
    nominal = _nominal(clause)
    if nominal:
        # the actor stays the noun: :func:`named_as_noun` knows the clause by it
        return replace(clause, act=nominal)
    if _ADVERBIAL.match(actor) or _AUX_IN_ACTOR.search(actor):
        m = _AFTER_VERB.search(clause.text)
        subject = m.group("subject") if m else ""
        if subject and (subject.lower() in ("ik", "wij", "we", "het kabinet")
                        or GOV_SUBJECT.match(subject)):
            return replace(clause, actor=subject.lower() if " " not in subject else subject)
        if PASSIVE.search(clause.text) or actor.lower() == "er" or _AUX_IN_ACTOR.search(actor):
            return replace(clause, actor="")
    return clause


# "komt ... met een reactie / brief / voorstel": a document delivered.
_COMES_WITH = re.compile(
    r"\bkom(?:t|en)?\b.*\bmet\s+(?:een|de|het|mijn|onze)\s+(?:[\w-]+\s+){0,2}?[\w-]*(?:reactie|"
    r"brief|voorstel|plan|nota|visie|agenda|uitwerking|wetsvoorstel|analyse|overzicht|"
    r"rapportage|notitie|aanpak|strategie)\b", re.IGNORECASE)


def _aim_act(clause: Clause) -> str:
    """The act of an aim: its infinitive ("om ... in te voeren"), or the participle the reader
    took for a future perfect ("om ... te hebben afgerond")."""
    act = infinitive_act(clause.text)
    return clause.act if act in ("", "hebben", "zijn", "worden") else act


def _nominal(clause: Clause) -> str:
    """The verb of an act named as the subject noun ("Besluitvorming ... zal plaatsvinden")."""
    if clause.act not in EVENT_VERBS:
        return ""
    return NOMINAL_ACTS.get(_head_noun(clause.actor), "")


def _head_noun(actor: str) -> str:
    m = _NOMINAL_HEAD.match(actor.strip())
    return m.group("noun").lower() if m else ""


def named_as_noun(clause: Clause) -> bool:
    """The clause's act is the one its subject noun names (after :func:`reread`)."""
    noun = _head_noun(clause.actor)
    return bool(noun) and NOMINAL_ACTS.get(noun) == clause.act


# "(Tot slot) komt er een plan van aanpak", "Er komt een meldpunt": the subject after "er
# komt" is a thing the government makes ("Er komen meer aanvragen" is not).
_THERE_COMES = re.compile(
    r"\b(?:kom(?:t|en)\s+er|er\s+kom(?:t|en))\s+(?:(?:ook|daarnaast|nog|dit\s+jaar|"
    r"binnenkort|voor\s+\w+\s+\w+)\s+)*(?:een|de|het)\s+(?:[\w-]+\s+){0,2}?[\w-]*"
    r"(?:plan|aanpak|regeling|wet|wetsvoorstel|voorstel|meldpunt|loket|campagne|kader|"
    r"programma|agenda|visie|strategie|fonds|pilot|proef|richtlijn|handreiking|protocol|"
    r"register|keurmerk|leidraad|overzicht|actieplan|routekaart|evaluatie|onderzoek)\b",
    re.IGNORECASE)


def existential(clause: Clause) -> bool:
    """"(Tot slot) komt er een plan van aanpak": something made, its maker left unnamed."""
    return clause.act == "komen" and bool(_THERE_COMES.search(clause.text))
