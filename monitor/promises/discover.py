"""Discovery: every promise in an answer, read with the Dutch analysis layer.

A promise is a clause in which the government (ik/wij, het kabinet, Nederland, de minister, a
ministry or agency, or nobody named in a passive: "uw Kamer wordt ... geïnformeerd") commits to an
act still to come: a future ("zal", "ga"), a present that promises ("Ik informeer uw Kamer voor de
zomer"), an intention ("is voornemens", "wil ik") or a commitment restated ("Ik heb toegezegd u
dit jaar nog te informeren"). Negated, hedged, conditional-on-others and third-party clauses are
not promises; questions are never read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import pairwise

from monitor.model import Document
from monitor.promises.clauses import complete
from monitor.promises.deadlines import NO_DEADLINE, VEHICLE, Deadline, deadline_of
from monitor.promises.future import (
    MAKING,
    WITH_HOUSE,
    ahead,
    bare_present,
    continued_times,
    may_promise_in_present,
    present_promises,
)
from monitor.promises.glue import join_paragraphs, unglue
from monitor.promises.subjects import content_words, same_subject, shares_subject, subject_words
from monitor.track.analysis import Analysis, Clause, analyse
from monitor.track.text import sentence_spans

__all__ = ["NO_DEADLINE", "Deadline", "Promise", "Report", "content_words", "discover",
           "minister_of", "normalise", "promise_id", "promises_in_text", "reports",
           "reports_in_text", "same_subject", "shares_subject", "subject_words"]

# Where a clause's subject string runs on into a relative clause of someone else.
_RELATIVE = re.compile(r"\b(?:dat|die|of|waarin|waarmee|waarvan)\s+", re.IGNORECASE)
# Commitments that carry their act in a clause of its own ("toegezegd dat ik ...").
_COMMIT_ACTS = frozenset({"toezeggen", "beloven"})
_OWN_CLAUSE = re.compile(r"(?:dat|om)\s+(?:ik|wij|we|het\s+kabinet)\b", re.IGNORECASE)
# A former minister speaks for nobody in government.
_FORMER = re.compile(r"\b(?:oud|ex)-?(?:minister|staatssecretaris)|\bvoormalig", re.IGNORECASE)
# Subjects that speak for the government (the analysis layer already maps ik/wij/we, het
# kabinet, Nederland, Defensie and de minister; agencies are written out here).
_GOV_ACTORS = frozenset({"ik", "het kabinet", "nederland", "defensie", "de minister"})
_GOV_SUBJECT = re.compile(
    r"^(?:het\s+|mijn\s+|ons\s+)?(?:ministerie\b|rijk\b|rijkswaterstaat|rvo\b|rijksdienst|"
    r"kabinet|regering|staatssecretaris|minister\b|minister-president|wij\b|we\b|ik\b)",
    re.IGNORECASE,
)
# Acts that report or judge rather than commit ("ik ga ervan uit", "zal tot gevolg hebben").
_NOT_ACTS = frozenset({"zijn", "hebben", "uitgaan", "vinden", "menen", "achten", "kunnen",
                       "moeten", "mogen", "blijken", "lijken", "zien", "gelden", "betekenen",
                       "wijzen op", "leiden", "wachten", "afwachten", "verwachten",
                       "willen"})  # "Ik wil dat gemeenten ...": a wish about others, no act
# Stances, not acts: an intention to keep a position ("Het kabinet wil de afspraken
# respecteren", "Nederland wil vasthouden aan ...") promises nothing that could be kept or missed.
# Keeping something in a state is a stance too ("wil ... relevant houden", "toegankelijk
# houden").
_STANCES = frozenset({"respecteren", "vasthouden", "handhaven", "behouden", "accepteren",
                      "aanvaarden", "blijven", "waarderen", "erkennen", "onderschrijven",
                      "houden"})
# "Ik ga ervan uit dat ...": an assumption about others, whatever verb the clause reader
# takes for the act.
_ASSUME = re.compile(r"\b(?:ga|gaan|gaat|ging|gingen)\s+er\s?van\s?uit\b", re.IGNORECASE)
# "Wij willen ..." where the clause reader found no intention (it reads "ik wil" only).
_WE_INTEND = re.compile(r"\b(?:wij|we)\s+willen\b|\bwillen\s+(?:wij|we)\b", re.IGNORECASE)
_DEONTIC = re.compile(r"\b(?:moet|moeten|dient|dienen|hoeft|hoeven)\b", re.IGNORECASE)
_EXPECT = re.compile(r"\bnaar\s+verwachting\b|\bverwacht\w*\b|\bwaarschijnlijk\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\bword(?:t|en)\b", re.IGNORECASE)
_AGENT = re.compile(r"\bdoor\s+(?:de|het|een)\s+(?!minister|kabinet|regering|rijk|ministerie)"
                    r"\w+", re.IGNORECASE)
# A reference inside the same document: "ga ik in het antwoord op vraag 5 nader in".
_INTERNAL = re.compile(
    r"\b(?:in|bij)\s+(?:het\s+|mijn\s+)?(?:antwoord(?:en)?\s+op\s+)?(?:de\s+)?vra(?:ag|gen)\s+\d+"
    r"(?:\s+(?:en|t/m|tot\s+en\s+met)\s+\d+)?\s+(?:\w+\s+){0,2}?(?:in|terug|toe)\b",
    re.IGNORECASE)
# Ongoing policy or work, not a promise: "het kabinet zet in op", "spant zich in", "wil werken
# aan", "toewerken naar".
_ONGOING = re.compile(r"^(?:inzetten|inspannen|zetten|werken|toewerken)$")
# Conditional on need or possibility: "Indien nodig zal ik ...", "waar mogelijk" ("zo spoedig
# mogelijk" is a time, not a condition).
_IF_NEEDED = re.compile(r"\b(?:indien|waar|zo|als|voor\s+zover)\s+(?:nodig|mogelijk|noodzakelijk|"
                        r"gewenst|opportuun)\b", re.IGNORECASE)
# An apology is said, not promised: "Ik bied hiervoor mijn excuses aan".
_APOLOGY = re.compile(r"\bexcuses\b|\bexcuus\b|\bverontschuldiging", re.IGNORECASE)
# "ingaan op" is an act only towards a document or a time to come ("zal ik in de volgende
# voortgangsrapportage nader ingaan op"); otherwise it points inside the answer.
_POINTING = frozenset({"ingaan"})
# Where a passive's own clause ends: an embedded question or clause, or a stop.
_EMBEDDED = re.compile(r"\b(?:waar|welke|wat|hoe|of|dat|die|wie|omdat|zodat|wanneer)\b|[,;:]",
                       re.IGNORECASE)
_PARTICIPLE = re.compile(r"\b\w*ge\w{2,}(?:d|t|n)\b|\b(?:ver|be|ont|her|er)\w{2,}(?:d|t|n)\b",
                         re.IGNORECASE)
# Clauses that are the content of the object, not the promise's time: "uiteenzetten welke
# stappen er zijn gezet en welke acties gepland staan voor 2025".
_INDIRECT = re.compile(r"^\s*(?:en\s+|of\s+)?(?:welke|wat|hoe|waarom|wie)\b", re.IGNORECASE)
_EMBEDDED_QUESTION = re.compile(r"\b(?:welke|wat|hoe|waarom|wie)\b", re.IGNORECASE)
# "Nederland wil werken aan ...": work, whatever the analysis took for the act (the purpose
# clause's "te realiseren").
_WORK_ON = re.compile(r"\b(?:werken|werk|werkt)\s+(?:\w+\s+){0,2}?aan\b|\btoewerken\b",
                      re.IGNORECASE)
# What a document says, not what is done in it.
_CONTENT = frozenset({"concluderen", "constateren", "beschrijven", "aanbevelen", "signaleren",
                      "vermelden", "noemen", "stellen", "aangeven", "uiteenzetten", "vaststellen",
                      "benoemen", "adviseren", "opmerken", "staan"})
# A named document that lies behind the answer: "in de Kamerbrief van 14 juli 2023".
_DATED_BEHIND = re.compile(r"^\s*(?:van|d\.d\.)\s+(?:\d|afgelopen|vorig|jongstleden|jl\b)",
                           re.IGNORECASE)
# Markers of a firm future that survive glued words from PDF extraction ("zal ikde", "enzal").
GLUED_FUTURE = re.compile(
    r"(?<![a-z])(?:zal|ga)\s?ik|(?:zal|zullen|ga|gaan)\s?(?:wij|we|het\s?kabinet)(?![a-z])|"
    r"(?<![a-z])(?:ik|wij|we|het\s?kabinet|nederland)\s?(?:zal|zullen|ga|gaan)(?![a-z])|"
    r"(?:informeer|stuur|zend|bericht)\s?ik(?![a-z])|(?<![a-z])ik\s(?:informeer|stuur|zend)\b|"
    r"\bontvangt\s+u(?:w\s+kamer)?\b|\buw\s+kamer\s+ontvangt\b",
)
# "... dat Netflix zal voldoen": somebody else's future inside a clause of ours.
_THIRD_FUTURE = re.compile(
    r"\b(?:dat|die|of)\s+(?!ik\b|wij\b|we\b|het\s+kabinet\b|nederland\b|uw\s+kamer\b)"
    r"(?:de\s+|het\s+)?[\w-]+\s+(?:zal|zullen)\b", re.IGNORECASE)
# The answer itself delivers: "Via de beantwoording van deze vragen informeer ik u".
_CAN = re.compile(r"\b(?:kan|kunnen)\b", re.IGNORECASE)
# (also "Deze brief stuur ik mede namens ...": the document in hand)
_PERFORMATIVE = re.compile(
    r"\bmede\s+namens\b|^\W*(?:deze|dit)\s+(?:kamer)?(?:brief|antwoord|antwoorden|beantwoording)\b|"
    r"beantwoording\s+van\s+deze\s+vragen|\b(?:met|via|in|bij)\s+(?:deze|dit|de\s+onderhavige)\s+"
    r"(?:kamer)?(?:brief|beantwoording|antwoorden|antwoord)\b|\bhierbij\b|\bbijgaand\b",
    re.IGNORECASE)
_FIRST_PERSON_INTENT = re.compile(
    r"\b(?:wil|willen|ben|is|zijn)\s+(?:ik|wij|we|het\s+kabinet|nederland)\b|"
    r"\b(?:ik|wij|we|het\s+kabinet|nederland)\s+(?:wil|willen|ben|is|zijn)\b", re.IGNORECASE)
_SOMEONE_ELSE = re.compile(r"\b(?:of|dat)\s+(?:ze|zij|hij|het|de)\b", re.IGNORECASE)
# Saying, not doing: "Daarbij wil ik benadrukken ...".
_SPEECH_ACTS = frozenset({"benadrukken", "opmerken", "aangeven", "onderstrepen", "herhalen",
                          "verwijzen", "constateren", "vooropstellen", "melden", "zeggen",
                          "stellen"})
# Deliveries whose present passive promises: "Uw Kamer wordt binnenkort geïnformeerd".
_DELIVER = frozenset({"informeren", "inlichten", "berichten", "rapporteren", "sturen",
                      "toesturen", "zenden", "toezenden", "versturen", "verzenden", "aanbieden",
                      "publiceren", "presenteren", "uitbrengen", "aanleveren", "voorleggen",
                      "uitnodigen", "indienen"})
# Deliveries (and the return to a subject) whose expected date, said with "verwacht ... te
# kunnen", promises (monitor/promises/clauses.py).
_EXPECTED_DELIVERIES = _DELIVER | {"terugkomen"}
_FUTURE_PASSIVE = re.compile(r"\b(?:zal|zullen)\b[^.;]*\bword(?:en|t)\b", re.IGNORECASE)
_NOT_AFTER = re.compile(r"er\s?van\s?uit|\bin\s+op\b|\bverder\s+in\b|\bingaan\b")
_NEGATED = re.compile(r"\b(?:niet|geen|nooit|niets)\b(?!\s+alleen\b)(?!\s+later\s+dan)"
                      r"(?!\s+eerder\s+dan)")
_NOW = re.compile(r"\bop\s+dit\s+moment\b|\bmomenteel\b|\bthans\b|\bop\s+dit\s+ogenblik\b",
                  re.IGNORECASE)
_WILL = re.compile(r"\b(?:zal|zullen|ga|gaan|gaat)\b", re.IGNORECASE)
_HINT = re.compile(
    r"zal|zullen|\bga|gaan\b|gaat\b|informeer|stuur|\bzend|\bkom|\bwil|voornemens|van\s+plan|"
    r"toegezegd|toezeg|word|ontvangt|beoog|streef|bereid|\bintentie|publiceer|bied\s|rapporteer|"
    r"bericht|presenteer|voorleg|leg\w*\s.*\bvoor\b|"
    r"\b(?:stel|werk)\w*\s.*\b(?:op|uit)\b|\bneem\w*\s.*\b(?:deel|op|mee)\b|"
    r"\bontwikkel(?:t|en)?\b|"
    r"\bla(?:at|ten)\b|verwacht")
_REPORT_HINT = re.compile(r"kamer|ge[a-zï]+d\b|ge[a-z]+en\b|besloten|verzonden|onderzocht")

# How a sentence is read: ``analyse`` by default; a caller that reads the same answer for
# promises and for reports passes one that remembers (see monitor/promises/findings.py).
Reader = Callable[[str, date], Analysis]


def _analyse(text: str, day: date) -> Analysis:
    return analyse(text, date=day)


@dataclass(frozen=True, slots=True)
class Promise:
    """One promise found in an answer."""

    id: str
    identifier: str
    questions: tuple[int, ...]
    answer_position: int
    sentence: str
    actor: str
    act: str
    object: str
    modality: str
    deadline: Deadline
    received: date
    ministry: str = ""
    minister: str = ""
    lemmas: tuple[str, ...] = field(default=())


def normalise(sentence: str) -> str:
    """Letters and digits only, lower case: the same sentence with other hyphens, spacing or
    glued words (as PDF extractors produce them) normalises the same."""
    return "".join(ch for ch in sentence.lower() if ch.isalnum())


def promise_id(identifier: str, questions: Iterable[int], sentence: str) -> str:
    key = "|".join([identifier, ",".join(str(q) for q in sorted(questions)), normalise(sentence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _government(clause: Clause) -> bool:
    # "Ik steun het voorstel dat de Commissie": the clause's subject is the last one named.
    actor = _RELATIVE.split(clause.actor)[-1].strip()
    if actor.lower() == "de minister" and _FORMER.search(clause.text):
        return False  # "De heer X, oud-minister van ..., is bereid gevonden ..."
    if actor.lower() in _GOV_ACTORS:
        return True
    return bool(_GOV_SUBJECT.match(actor))


def _passive(clause: Clause, day: date) -> bool:
    """A passive future with nobody named: "zal ... worden gepubliceerd", a delivery in the
    present passive with a time or the Kamer ("Uw Kamer wordt binnenkort geïnformeerd"), or any
    act in the present passive with a time ahead ("De regeling wordt voor 1 januari aangepast")."""
    if clause.verb.lower() in ("wordt", "worden", "zal", "zullen") or _AGENT.search(clause.text):
        return False
    if _FUTURE_PASSIVE.search(clause.text):
        return True
    if not _PASSIVE.search(clause.text) or not _own_participle(clause):
        return False
    if clause.act in _DELIVER and (bool(clause.times) or "kamer" in clause.text.lower()):
        return True
    # "In de kabinetsreactie worden deze overwegingen meegenomen": a document to come (what a
    # document says is no act: "In het rapport wordt geconcludeerd ...").
    return ahead(clause, day) or (clause.act not in _CONTENT
                                  and document_to_come(clause.text, day))


def _expected_elsewhere(clause: Clause) -> bool:
    """An expectation in a passive with nobody named is a forecast ("De verwachting is dat de
    richtlijn begin 2025 kan worden gepubliceerd"), except of a delivery to the House, whose
    timing it only softens ("Het wetsvoorstel wordt naar verwachting in het najaar bij uw Kamer
    ingediend")."""
    if not _EXPECT.search(clause.text):
        return False
    return not (clause.act in _DELIVER and "kamer" in clause.text.lower()
                and not _CAN.search(clause.text))


def _own_times(clause: Clause) -> Clause:
    """``clause`` without the times of an embedded question in it ("uiteenzetten welke acties
    gepland staan voor 2025": 2025 is the actions' time, not the promise's)."""
    m = _EMBEDDED_QUESTION.search(clause.text)
    if m is None or not clause.times:
        return clause
    cut = clause.start + m.start()
    return replace(clause, times=tuple(tv for tv in clause.times if tv.start < cut))


def _own_participle(clause: Clause) -> bool:
    """The passive's participle follows its "wordt/worden" in the same clause: "In de nota wordt
    duidelijk waar welke kortingen worden neergelegd" is a copula with an adjective, the
    participle belongs to the embedded question."""
    m = _PASSIVE.search(clause.text)
    if m is None:
        return False
    rest = clause.text[m.end():]
    cut = _EMBEDDED.search(rest)
    own = rest[:cut.start()] if cut else rest
    verb = clause.verb.split()[-1].lower() if clause.verb else ""
    return bool((verb and verb in own.lower().split()) or _PARTICIPLE.search(own))


def document_to_come(text: str, day: date) -> bool:
    """``text`` names a document that is still to come: a vehicle ("in de kabinetsreactie", "in
    de volgende voortgangsrapportage") not dated before ``day``."""
    m = VEHICLE.search(text)
    if m is None or _DATED_BEHIND.match(text[m.end():]):
        return False
    year = m.group("tail") or ""
    return not (year.isdigit() and int(year) < day.year)


def _is_promise(clause: Clause, sentence: str, day: date) -> bool:
    if not clause.polarity or not clause.act or clause.act in _NOT_ACTS | _SPEECH_ACTS:
        return False
    if _IF_NEEDED.search(clause.text) or _APOLOGY.search(clause.text):
        return False
    if clause.act in _POINTING and not (ahead(clause, day) or document_to_come(clause.text, day)):
        return False
    intends = clause.modality == "intends" or bool(_WE_INTEND.search(clause.text))
    if intends and (clause.act.replace("-", "") in _STANCES or _WORK_ON.search(clause.text)):
        return False
    if _ONGOING.match(clause.act) or _INTERNAL.search(sentence) or clause.subordinate:
        return False
    if _ASSUME.search(clause.text):
        return False
    if _PERFORMATIVE.search(sentence) or _THIRD_FUTURE.search(clause.text):
        return False
    if any(h in ("kan", "zou", "mogelijk", "onder voorwaarde") for h in clause.hedges):
        return False
    gov = _government(clause) or bool(_FIRST_PERSON_INTENT.search(clause.text))
    if clause.tense == "future":
        if _NOW.search(clause.text) and not _WILL.search(clause.text):
            return False  # "Ik werk op dit moment aan ...": under way, not promised
        if gov:
            delivers = clause.act in _DELIVER or bool(VEHICLE.search(clause.text)) \
                or (clause.act == "delen" and bool(WITH_HOUSE.search(clause.text)))
            if bare_present(clause) and not present_promises(clause, day, delivers=delivers):
                return False  # "Het kabinet komt de gemeenten tegemoet": policy under way
            return not _DEONTIC.search(clause.text)
        # A passive with nobody named does the government's work ("zal worden gepubliceerd").
        return (_passive(clause, day) and not _DEONTIC.search(clause.text)
                and not _expected_elsewhere(clause))
    if clause.tense == "present" and gov and not intends and not clause.reference \
            and not _NOW.search(clause.text):
        # "stelt het kabinet een handreiking op", "Ik neem dit mee in de kabinetsreactie": the
        # making of a document, or an act in a document to come, is a present for the future
        # even where the analysis read no future into it.
        vehicle = clause.act not in _CONTENT and document_to_come(clause.text, day)
        if clause.act in MAKING or vehicle:
            return present_promises(clause, day, delivers=vehicle) \
                and not _DEONTIC.search(clause.text)
    if clause.tense in ("present", "past", "perfect") and not intends and not clause.reference:
        # A present passive the analysis did not read as a future ("In de kabinetsreactie
        # wordt ingegaan op ...") promises on the same terms as one it did.
        return (not gov and _passive(clause, day) and not _DEONTIC.search(clause.text)
                and not _expected_elsewhere(clause) and not _NOW.search(clause.text))
    if intends and clause.act not in _SPEECH_ACTS:
        if "inzet" in clause.marker or clause.marker.startswith("zet"):
            return False
        at = clause.text.lower().find(clause.marker.lower()) if clause.marker else -1
        if at > 0 and _SOMEONE_ELSE.search(clause.text[:at]):
            return False
        return gov or bool(_FIRST_PERSON_INTENT.search(clause.text))
    return False


def _restated(clauses: list[Clause]) -> list[Clause]:
    """A commitment restated with a clause of its own: "Ik heb uw Kamer toegezegd dat ik in
    het voorjaar terugkom op ..." (the promised act is the "dat"-clause)."""
    for before, clause in pairwise(clauses):
        committed = before.act in _COMMIT_ACTS and before.polarity and _government(before)
        own = bool(_OWN_CLAUSE.match(clause.text)) and clause.polarity and bool(clause.act)
        if committed and own and clause.act not in _NOT_ACTS | _SPEECH_ACTS \
                and clause.tense in ("future", "present"):
            return [clause]
    return []


def _glued_promise(sentence: str) -> bool:
    """A firm first-person future that glued words hid from the clause reader."""
    low = sentence.lower()
    m = GLUED_FUTURE.search(low)
    if m is None or _INTERNAL.search(low) or _PERFORMATIVE.search(low) \
            or _IF_NEEDED.search(low) or _APOLOGY.search(low):
        return False
    # "Ik ga niet in op ...", "Ik zal hier geen onderzoek naar doen", "ik ga ervan uit".
    after = low[m.start():m.end() + 60]
    return not (_NEGATED.search(after) or _NOT_AFTER.search(low[m.end():m.end() + 30]))


def _object(clause: Clause) -> str:
    skip = {"kamer", "kabinet", "nederland", "minister", "hierover", "hierop", "daarover"}
    words = [w for w in clause.objects if w not in skip and not w.isdigit()]
    return " ".join(words[:6])


def promises_in_text(text: str, *, answer_date: date, identifier: str = "",
                     questions: tuple[int, ...] = (), answer_position: int = 0,
                     ministry: str = "", minister: str = "",
                     analysis: Analysis | None = None, read: Reader = _analyse) -> list[Promise]:
    """The promises in one answer text, one per sentence, in order."""
    if analysis is None:
        # PDF extraction glues words ("zalik", "Ikinformeer"): give them their space back.
        text = unglue(text)
        analyses = [read(text[a:b], answer_date)
                    for a, b in _candidates(text, _HINT, may_promise_in_present)]
    else:
        analyses = [analysis]
    out: list[Promise] = []
    for analysed in analyses:
        out += _read(analysed, answer_date=answer_date, identifier=identifier,
                     questions=questions, answer_position=answer_position, ministry=ministry,
                     minister=minister)
    return out


def _candidates(text: str, hint: re.Pattern[str],
                also: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Sentences worth the full reading: most sentences of an answer carry no marker of a
    promise at all, and the analysis is what costs."""
    out: list[tuple[int, int]] = []
    for s in sentence_spans(text):
        low = text[s.start:s.end].lower()
        if hint.search(low) or (also is not None and also(low)):
            out.append((s.start, s.end))
    return out


def _read(analysed: Analysis, *, answer_date: date, identifier: str,
          questions: tuple[int, ...], answer_position: int, ministry: str,
          minister: str) -> list[Promise]:
    out: list[Promise] = []
    for sentence in analysed.sentences:
        # The analysis blanks citations ("antwoord op vraag 5"); the promise keeps the words.
        s_text = " ".join(analysed.text[sentence.start:sentence.end].split())
        if not s_text or s_text.endswith("?"):
            continue
        clauses = complete(list(sentence.clauses), answer_date, deliveries=_EXPECTED_DELIVERIES)
        found = [c for c in clauses if _is_promise(c, s_text, answer_date)]
        if not found:
            found = _restated(clauses)
        # The glued-words fallback never revives a present that the rules above judged.
        judged = any(_government(c) and c.tense == "future" and bare_present(c) for c in clauses)
        if not found and not judged and _glued_promise(s_text):
            found = [c for c in clauses if c.polarity and c.tense == "future"] or clauses[-1:]
        if not found:
            continue
        main = found[0]
        own = [_own_times(c) for c in clauses if not _INDIRECT.match(c.text)]
        found = [_own_times(c) for c in found]
        deadline = deadline_of(found if any(c.times for c in found) else own, answer_date)
        if deadline.kind == "none" and main.tense == "future":
            # "zal, nadat X heeft geadviseerd, ... in het najaar indienen": the inserted report
            # made the rest of the clause read as past; its times belong to the promise.
            extra = [replace(c, times=tuple(continued_times(c, answer_date))) for c in own]
            if any(c.times for c in extra):
                deadline = deadline_of(extra, answer_date)
        lemmas = tuple(sorted({main.act, *content_words(s_text, found)}))
        out.append(Promise(
            id=promise_id(identifier, questions, s_text),
            identifier=identifier,
            questions=questions,
            answer_position=answer_position,
            sentence=s_text,
            actor=main.actor,
            act=main.act,
            object=_object(main),
            modality=main.modality,
            deadline=deadline,
            received=answer_date,
            ministry=ministry,
            minister=minister,
            lemmas=lemmas,
        ))
    return out


def minister_of(document: Document) -> str:
    return "; ".join(" ".join(p for p in (m.role, m.name) if p) for m in document.ministers)


def discover(document: Document, *, received: date | None = None,
             read: Reader = _analyse) -> list[Promise]:
    """Every promise in every answer of ``document`` (its questions are never read)."""
    answer_date = (received or document.date_received or document.date_sent
                   or datetime.now(UTC).date())
    minister = minister_of(document)
    out: list[Promise] = []
    seen: set[str] = set()
    for position, answer in enumerate(document.answers):
        text = join_paragraphs(answer.paragraphs)
        for p in promises_in_text(text, answer_date=answer_date, identifier=document.identifier,
                                  questions=tuple(answer.numbers), answer_position=position,
                                  ministry=document.ministry, minister=minister, read=read):
            if p.id not in seen:
                seen.add(p.id)
                out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class Report:
    """A government act reported as done ("Op 5 februari heb ik uw Kamer geïnformeerd over ..."):
    what keeps an earlier promise."""

    acts: frozenset[str]
    lemmas: tuple[str, ...]
    sentence: str


def reports_in_text(text: str, *, answer_date: date, read: Reader = _analyse) -> list[Report]:
    """Acts of the government in the perfect or past tense, positive and not hedged."""
    text = unglue(text)
    out: list[Report] = []
    for a, b in _candidates(text, _REPORT_HINT):
        out += _reports(read(text[a:b], answer_date))
    return out


def _reports(analysed: Analysis) -> list[Report]:
    out: list[Report] = []
    for sentence in analysed.sentences:
        s_text = " ".join(analysed.text[sentence.start:sentence.end].split())
        if s_text.endswith("?") or _NEGATED.search(s_text.lower()):
            continue
        acts = {c.act for c in sentence.clauses
                if c.tense in ("perfect", "past") and c.polarity and c.act
                and not c.reference and (_government(c) or "kamer" in c.text.lower())}
        # The participle of a delivery names the act even where the clause reader chose
        # another verb ("heb ik uw Kamer geïnformeerd over ... de stuw Borgharen").
        if _PERFECT.search(s_text):
            acts |= {act for word, act in PARTICIPLES.items()
                     if re.search(rf"\b{word}\b", s_text, re.IGNORECASE)}
        acts -= _NOT_ACTS | _SPEECH_ACTS
        if acts:
            out.append(Report(frozenset(acts), content_words(s_text, sentence.clauses),
                              s_text))
    return out


_PERFECT = re.compile(r"\b(?:heb|hebben|heeft|is|zijn|werd|werden|ben)\b", re.IGNORECASE)
PARTICIPLES = {
    "geïnformeerd": "informeren", "ingelicht": "inlichten", "bericht": "berichten",
    "gerapporteerd": "rapporteren", "gestuurd": "sturen", "toegestuurd": "toesturen",
    "verzonden": "verzenden", "toegezonden": "toezenden", "verstuurd": "versturen",
    "aangeboden": "aanbieden", "gepubliceerd": "publiceren", "gepresenteerd": "presenteren",
    "uitgebracht": "uitbrengen", "teruggekomen": "terugkomen", "onderzocht": "onderzoeken",
    "besloten": "besluiten", "aangepast": "aanpassen", "opgesteld": "opstellen",
}
def reports(document: Document, *, received: date, read: Reader = _analyse) -> list[Report]:
    return [r for a in document.answers
            for r in reports_in_text(join_paragraphs(a.paragraphs), answer_date=received,
                                     read=read)]
