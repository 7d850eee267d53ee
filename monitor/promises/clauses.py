"""Clause readings that discovery completes before it judges a clause.

The analysis layer reads one clause at a time; a few shapes of Dutch answer prose carry their
subject, tense or act across a clause boundary or in a "te"-infinitive, and would otherwise be
judged on the wrong words:

- an elided subject in coordination: "Nederland heeft zich ... sterk gemaakt en zal dit ook
  blijven doen", "Ook het kabinet ziet het belang ..., en is dus voornemens ..." (after "en" or
  "maar" the finite verb comes first only when the subject is the previous clause's);
- a main clause after an inserted subordinate one: "Naar aanleiding van het onderzoek dat
  recentelijk is verricht, zullen de tarieven in 2025 worden verhoogd" (the perfect of the
  inserted clause is not the tense of the promise);
- the act of a verb that governs a "te"-infinitive: "heeft toegezegd de mogelijkheden te
  verkennen", "heeft besloten de regeling per 1 januari aan te passen", "Ik ben bereid ... te
  verkennen", "Ik verwacht uw Kamer voor de zomer te kunnen informeren" (the act is the
  infinitive, not the governing verb nor the last verb of the clause);
- an elided "gaan" after an intention: "Daar wil ik graag in gesprek met het bestuur";
- a passive whose act the analysis took from another word ("In de volgende
  voortgangsrapportage wordt ingegaan op ...": the act is the participle after "wordt");
- a purpose clause that lent the clause its act: "stelt het kabinet een handreiking op ... om
  te voorkomen dat ..." (the act is "opstellen": the clause is read again without it).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from monitor.promises.cues import PASSIVE
from monitor.promises.future import ahead
from monitor.track.analysis import Clause, analyse
from monitor.track.analysis.lemmas import known
from monitor.track.analysis.verbs import analyse_word

# Finite verbs that open a coordinated clause whose subject is elided ("en zal", "en is").
_FINITE = frozenset({
    "zal", "zullen", "is", "zijn", "ben", "wil", "willen", "ga", "gaat", "gaan", "wordt",
    "worden", "heeft", "hebben", "heb", "blijft", "blijven", "komt", "komen", "stuurt", "sturen",
    "informeert", "informeren", "neemt", "nemen", "stelt", "stellen", "laat", "laten", "zet",
    "zetten", "werkt", "werken", "kijkt", "kijken", "verwacht", "verwachten"})
_COORDINATED = re.compile(r"^\s*(?:en|maar)\s+(\w+)\b", re.IGNORECASE)
# The main clause after an inserted subordinate one: ", zal"/", zullen" (V2 after the
# fronted clause).
_FUTURE_AFTER_INSERT = re.compile(r",\s*(?:zal|zullen)\b", re.IGNORECASE)
# ... unless the inserted clause is a condition ("Waar ... escaleert, zullen ..."): "wanneer",
# "zodra" and "nadat" set a time, these an "if".
# ("als" is "when" as often as "if": left out)
_CONDITION = re.compile(r"^\s*(?:waar|indien|mocht|mochten|tenzij|voor\s+zover|in\s+geval)\b",
                        re.IGNORECASE)
# Separable particles before "te" ("aan te passen" is aanpassen).
# (an auxiliary infinitive, "te kunnen informeren", passes the act on to the next one; literal
# first, the particle before "te" looked at after).
_TE_INFINITIVE = re.compile(r"te(?<=\bte)\s+(?:(?:kunnen|zullen|gaan|laten)\s+)?([a-zà-ÿ]+en)\b",
                            re.IGNORECASE)
_PARTICLES = frozenset({"aan", "op", "uit", "in", "mee", "door", "af", "toe", "terug", "voor",
                        "na", "vast", "over", "bij", "weg", "samen", "bekend", "stil", "plaats",
                        "kennis"})
_COMMITTED = re.compile(r"\btoegezegd\b|\bbeloofd\b", re.IGNORECASE)
_DECIDED = re.compile(r"\b(?:heeft|hebben|heb|is|zijn)\s+(?:\w+\s+){0,3}?besloten\b",
                      re.IGNORECASE)
_WILLING = re.compile(r"\bbereid\b", re.IGNORECASE)
# "Ik verwacht uw Kamer ... te kunnen informeren", "Naar verwachting kan ik u ... sturen":
# the usual announcement of a delivery of one's own (a forecast of someone else's is no
# promise: its subject is not ours, see discover).
_EXPECTED = re.compile(r"\bverwacht\w*\b|\bnaar\s+verwachting\b", re.IGNORECASE)
# ... said of oneself: "te kunnen" after one's own "verwacht", or "kan ik" ("Ik verwacht dat de
# gemeenten u kunnen informeren" is their delivery).
_EXPECT_THAT = re.compile(r"\bverwacht\w*\s+dat\b", re.IGNORECASE)
_CAN = re.compile(r"\bte\s+kunnen\b|\b(?:kan|kunnen)\s+(?:ik|wij|we|het\s+kabinet)\b",
                  re.IGNORECASE)
_ADDRESSEE = re.compile(r"\b(?:u|uw\s+kamer|de\s+(?:tweede\s+)?kamer)\b", re.IGNORECASE)
# "Ik laat onderzoeken of ...", "laat hier nader naar kijken": commissioning an examination
# (the act is the examining infinitive, not a verb of the embedded question).
_LET_EXAMINE = re.compile(
    r"\b(?:laat|laten)\s+(?:(?!om\b|aan\b|over\b)[\w-]+\s+){0,5}?(onderzoeken|uitzoeken|nagaan|verkennen|bezien|"
    r"bekijken|kijken|evalueren|analyseren|inventariseren|uitwerken|toetsen|doorrekenen|"
    r"monitoren|onderzoek\s+doen)\b", re.IGNORECASE)
# "Ik heb laten onderzoeken": a report of the commission, not a promise.
_PERFECT_BEFORE = re.compile(r"\b(?:heb|hebt|heeft|hebben|had|hadden)\b", re.IGNORECASE)
# Where an embedded question or complement starts: its "kan" hedges its own verb, not the act.
_EMBEDDED = re.compile(r"\b(?:of|dat|welke|hoe|in\s+hoeverre|waarom|wat)\b", re.IGNORECASE)
# Where a passive's own words end (an embedded clause or a stop).
_OWN_END = re.compile(r"\b(?:waar|welke|wat|hoe|of|dat|die|wie|omdat|zodat|wanneer)\b|[,;:]",
                      re.IGNORECASE)
_PARTICIPLE_SHAPE = re.compile(r"^(?:\w*ge\w{2,}|(?:ver|be|ont|her|er)\w{2,})(?:d|t|n)$")
# "om ... te <verb>": a purpose clause inside the clause.
_PURPOSE = re.compile(r"\bom\s+(?:[\w-]+\s+){0,8}?te\s+[a-zà-ÿ]+", re.IGNORECASE)
# Words whose complement is "om ... te" (the act, not a purpose).
_GOVERNS_OM = re.compile(
    r"\b(?:voornemens|plan|bereid|toegezegd|besloten|beloofd|intentie|ernaar|streef|streeft|"
    r"streven|verzocht|gevraagd|probeer|proberen|tracht|nodig|belangrijk|mogelijk|belang|"
    r"voorstel|opdracht|verzoek|wens|doel|besluit)$", re.IGNORECASE)
# Phrasal goals after "willen" with "gaan" left out ("wil ik graag in gesprek met ...").
_GOAL = re.compile(r"\bin\s+(?:gesprek|overleg|contact)\b", re.IGNORECASE)


def infinitive_act(text: str) -> str:
    """The lemma of the first "te"-infinitive of ``text`` ("aan te passen" -> aanpassen), or
    ""."""
    m = _TE_INFINITIVE.search(text)
    if m is None:
        return ""
    # already an infinitive: the lemma would be a noun's for some ("onderzoeken" -> onderzoek)
    verb = m.group(1).lower()
    before = text[max(0, m.start() - 12):m.start()].split()
    particle = before[-1].lower() if before and before[-1].lower() in _PARTICLES else ""
    return particle + verb if particle and known(particle + verb) else verb


def complete(clauses: list[Clause], day: date, *, deliveries: frozenset[str]) -> list[Clause]:
    """``clauses`` with the shapes above read: subject, tense, act and modality set where the
    analysis could not see them. ``deliveries`` are the acts whose expected delivery promises;
    ``day`` the answer's date (a decision promises only an act with a time still ahead)."""
    out: list[Clause] = []
    for clause in clauses:
        clause = _passive_act(_without_purpose(clause, day))
        clause = _inverted_subject(_inherit_subject(clause, out[-1] if out else None))
        out.append(_read_governed(clause, day, deliveries))
    return out


def _passive_act(clause: Clause) -> Clause:
    if "word" not in clause.text:
        return clause
    m = PASSIVE.search(clause.text)
    verb = clause.verb.split()[-1].lower() if clause.verb else ""
    if m is None or (verb and verb in clause.text[m.end():].lower()):
        return clause
    own = _OWN_END.split(clause.text[m.end():], maxsplit=1)[0]
    words = re.findall(r"[a-zà-ÿ]+", own.lower())
    for word in reversed(words):
        if _PARTICIPLE_SHAPE.match(word):
            act, form = analyse_word(word)
            if form is not None:
                return replace(clause, act=act, verb=word)
    return clause


def _without_purpose(clause: Clause, day: date) -> Clause:
    if "om " not in clause.text:
        return clause
    m = _PURPOSE.search(clause.text)
    verb = clause.verb.split()[-1].lower() if clause.verb else ""
    if m is None or not verb or verb not in m.group(0).lower().split():
        return clause
    head = clause.text[:m.start()].rstrip(" ,")
    if _GOVERNS_OM.search(head):
        return clause  # "is Nederland voornemens om ... deel te nemen": the act itself
    main = [c for c in analyse(head, date=day).clauses if c.act and not c.subordinate]
    if len(main) != 1:
        return clause
    c = main[0]
    return replace(clause, act=c.act, verb=c.verb, marker=c.marker, tense=c.tense,
                   modality=c.modality, hedges=c.hedges, actor=c.actor or clause.actor)


def _inverted_subject(clause: Clause) -> Clause:
    """"De resultaten deel ik na de zomer met uw Kamer": after a fronted object the subject
    follows the finite verb (Dutch verb second); the analysis took the object for it."""
    if _GOV_PHRASE.fullmatch(clause.actor.strip()):
        return clause
    low = clause.text.lower()
    if not any(p in low for p in (" ik", " wij", " we ", " het kabinet")):
        return clause
    words = low.split()
    for word in {w.split()[0].lower() for w in (clause.marker, clause.verb) if w}:
        for i, w in enumerate(words[:-1]):
            if w == word and words[i + 1].strip(",.;:") in ("ik", "wij", "we", "het"):
                after = words[i + 1].strip(",.;:")
                if after != "het" or words[i + 2:i + 3] == ["kabinet"]:
                    return replace(clause, actor="het kabinet" if after == "het" else after)
    return clause


def _inherit_subject(clause: Clause, before: Clause | None) -> Clause:
    m = _COORDINATED.match(clause.text)
    if before is None or m is None or not before.actor:
        return clause
    # Only a finite verb of the closed list: "en wilde dieren" coordinates noun phrases.
    if m.group(1).lower() not in _FINITE:
        return clause
    return replace(clause, actor=_subject(before))


# A government subject written before the finite verb: "Ook het kabinet ziet ..." (the
# analysis may take another noun phrase for the actor of such a fronted clause).
_GOV_PHRASE = re.compile(r"\b(?:ik|wij|we|het\s+kabinet|nederland|de\s+minister|de\s+regering|"
                         r"de\s+staatssecretaris)\b", re.IGNORECASE)


def _subject(clause: Clause) -> str:
    verb = (clause.marker or clause.verb).split()
    at = clause.text.lower().find(f" {verb[0].lower()} ") if verb else -1
    m = _GOV_PHRASE.search(clause.text[:at]) if at > 0 else None
    return m.group(0).lower() if m else clause.actor


def _own_hedges(clause: Clause, start: int) -> tuple[str, ...]:
    """The hedges of ``clause`` less "kan"/"mogelijk" said only in what follows ``start``."""
    head = clause.text[:start].lower()
    return tuple(h for h in clause.hedges
                 if h not in ("kan", "mogelijk") or re.search(rf"\b{h}\b", head))


def _read_governed(clause: Clause, day: date, deliveries: frozenset[str]) -> Clause:
    text = clause.text
    let = _LET_EXAMINE.search(text) if "laat" in text or "laten" in text else None
    if let is not None and not _PERFECT_BEFORE.search(text[:let.start()]):
        examine = let.group(1).split()[0].lower()
        embedded = _EMBEDDED.search(text, let.end())
        hedges = _own_hedges(clause, embedded.start()) if embedded else clause.hedges
        return replace(clause, act=examine, hedges=hedges, tense="future", marker="laat",
                       modality="decided")
    if _FUTURE_AFTER_INSERT.search(text):
        if _CONDITION.match(text):
            # a promise only on a condition: the hedge discovery knows
            return replace(clause, hedges=(*clause.hedges, "onder voorwaarde"))
        if clause.tense != "future":
            clause = replace(clause, tense="future")
    act = infinitive_act(text) if "te " in text else ""
    if _EXPECTED.search(text) and _ADDRESSEE.search(text):
        # "verwacht ... te kunnen informeren", "kan ik ... sturen", or the infinitive itself
        # ("Ik verwacht de Kamer voor het einde van het jaar te informeren"), never "verwacht
        # dat" (someone else's delivery)
        own = act if act in deliveries and not _EXPECT_THAT.search(text) else ""
        delivery = own or (clause.act if _CAN.search(text) else "")
        if delivery in deliveries:
            hedges = tuple(h for h in clause.hedges if h not in ("kan", "waarschijnlijk"))
            return replace(clause, act=delivery, hedges=hedges, tense="future",
                           modality="decided", marker="verwacht")
    if not act:
        if clause.act == "willen" and _GOAL.search(text):
            return replace(clause, act="overleggen")
        return clause
    # "heeft toegezegd ... te verkennen": a commitment restated; "heeft besloten ... aan te
    # passen" promises the act only while its time is ahead (else it reports a decision).
    # The marker becomes the governing word: the act is no bare present of its own.
    committed = _COMMITTED.search(text)
    if committed:
        return replace(clause, act=act, tense="future", modality="decided",
                       marker=committed.group(0))
    if _DECIDED.search(text) and ahead(clause, day):
        return replace(clause, act=act, tense="future", modality="decided", marker="besloten")
    if _WILLING.search(text) and clause.modality in ("considering", "intends"):
        return replace(clause, act=act, modality="intends", marker="bereid")
    return clause
