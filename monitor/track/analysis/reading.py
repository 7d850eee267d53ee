"""Clauses and their reading: actor, act, object, modality, polarity, tense, times, amounts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise

from monitor.track.analysis.amounts import Amount, find_amounts
from monitor.track.analysis.citations import Citation, find_citations
from monitor.track.analysis.lemmas import known, lemma
from monitor.track.analysis.times import TimeValue, find_times, past_year
from monitor.track.analysis.verbs import (
    AUXILIARIES,
    PARTICLES,
    PREPOSITIONS,
    analyse_word,
)
from monitor.track.text import sentence_spans, strip_furniture

# The modality ladder (issue 13): a higher rung is a firmer commitment.
LADDER = ("withdrawn", "considering", "intends", "decided", "does")
RANK = {name: i for i, name in enumerate(LADDER)}

_FUNCTION = frozenset({
    "de", "het", "een", "en", "of", "maar", "want", "dus", "dat", "die", "dit", "deze", "wat",
    "wie", "welke", "waar", "hier", "daar", "er", "ook", "nog", "al", "wel", "niet", "geen", "zeer",
    "meer", "veel", "zo", "als", "dan", "om", "te", "zich", "hem", "haar", "hun", "hen", "ze",
    "zij", "wij", "we", "ik", "u", "uw", "ons", "onze", "mijn", "zijn", "dergelijke", "andere",
    "eigen", "daarnaast", "daarbij", "daarom", "hierbij", "hiermee",
    "hierover", "daarover", "daarmee", "daartoe", "hiertoe", "hieraan", "daaraan", "bovendien",
    "verder", "tevens", "eveneens", "inmiddels", "momenteel", "thans", "nu", "reeds",
    "bijvoorbeeld", "onder", "o.a.", "namelijk", "immers", "echter", "zoals",
    "waarbij", "waarmee", "waarin", "omdat", "terwijl", "zodat", "nadat", "zodra", "indien",
    "wanneer", "tenzij", "hoewel", "doordat", "alvorens", "opdat", "mede", "nader",
}) | PREPOSITIONS
# Words a subject can start with (a clause opening with anything else inverts: "Daarnaast is
# Nederland ...").
_SUBJECT_START = frozenset({
    "de", "het", "een", "ik", "wij", "we", "zij", "ze", "hij", "u", "uw", "ons", "onze", "mijn",
    "dit", "deze",
})
# Words of degree, size and attitude (no rule gives them a value).
_DEGREE_TEXT = """
    aanzienlijk aanzienlijke beperkt beperkte fors forse sterk sterke licht lichte groot grote
    klein kleine substantieel substantiële marginaal marginale gering geringe bescheiden ruim
    ruime krap krappe flink flinke enorm enorme omvangrijk omvangrijke
    hoog hoge laag lage veel weinig meer minder meeste minste toenemend
    afnemend stijgend dalend positief positieve negatief negatieve welwillend welwillende
    kritisch kritische terughoudend terughoudende gunstig gunstige ongunstig ongunstige
    voldoende onvoldoende zwaar zware snel snelle traag trage volledig volledige gedeeltelijk
    gedeeltelijke grotendeels deels enthousiast enthousiaste sceptisch sceptische
    voorzichtig voorzichtige belangrijk belangrijke essentieel essentiële cruciaal cruciale
    wenselijk onwenselijk noodzakelijk urgent dringend prioritair beduidend nauwelijks
"""
DEGREE_WORDS = frozenset(_DEGREE_TEXT.split())
# Adjectives of the ladder that the morphology would take for verbs.
_NOT_VERBS = frozenset({"voornemens", "bereid", "bezig", "voorstander", "tegenstander",
                        "miljoen", "miljard", "procent", "euro", "kamer"}) | DEGREE_WORDS
_SUBORDINATORS = frozenset({
    "dat", "die", "omdat", "terwijl", "zodat", "nadat", "zodra", "indien", "wanneer", "tenzij",
    "hoewel", "doordat", "alvorens", "opdat", "waarbij", "waarmee", "waarin", "waardoor", "waarvan",
    "waarop", "waarover", "wat", "welke", "als", "of",
})
_COORD = frozenset({"en", "maar", "want", "dus", "noch"})
_NEGATORS = frozenset({"niet", "geen", "nooit", "niets", "niemand", "nergens", "geenszins",
                       "allerminst", "noch"})
_HEDGES = {
    "in beginsel": "in beginsel", "in principe": "in beginsel", "onder voorbehoud":
    "onder voorbehoud", "mogelijk": "mogelijk", "wellicht": "mogelijk", "eventueel": "mogelijk",
    "waarschijnlijk": "waarschijnlijk", "naar verwachting": "waarschijnlijk",
    "vermoedelijk": "waarschijnlijk", "voorlopig": "voorlopig", "vooralsnog": "voorlopig",
    "mits": "onder voorwaarde", "onder voorwaarde": "onder voorwaarde",
    "onder voorwaarden": "onder voorwaarde", "kan": "kan",
    "kunnen": "kan", "zou": "zou", "zouden": "zou",
}
_HEDGE = re.compile(
    r"(?<![\w-])(?:in beginsel|in principe|onder voorbehoud|onder voorwaarden?|naar verwachting|"
    r"(?<!zo )(?<!de )(?<!het )(?<!een )(?<!zoveel )mogelijk(?! maken| gemaakt| is| zijn| wordt)|"
    r"wellicht|eventueel|waarschijnlijk|vermoedelijk|voorlopig|vooralsnog|mits|"
    # a modal of possibility on the finite verb (not "om ... te kunnen")
    r"(?<!te )(?:kan|kunnen|zou|zouden))(?![\w-])",
    re.IGNORECASE,
)
_WITHDRAW_ACTS = frozenset({"afzien", "terugtrekken", "stoppen", "beëindigen", "opzeggen",
                            "uittreden", "annuleren", "staken", "intrekken", "uitsluiten",
                            "afblazen", "afzeggen", "opgeven", "schrappen"})
_CONSIDER_ACTS = frozenset({"overwegen", "heroverwegen", "beraden", "onderzoeken", "verkennen",
                            "bezien", "bestuderen", "afwegen", "bekijken", "nagaan",
                            "uitzoeken", "nadenken", "inventariseren", "evalueren", "peilen",
                            "analyseren", "toetsen"})
_DECIDE_ACTS = frozenset({"besluiten", "beslissen", "kiezen", "toezeggen", "vastleggen"})
_INTEND = re.compile(
    r"\b(?:voornemens|het\s+voornemen|van\s+plan|het\s+plan\s+(?:om|is)|beoogt|beogen|"
    r"streeft|streven|de\s+intentie|bereid|ambitie|ambieert|wenst|wensen|is\s+de\s+inzet|"
    r"zet\w*\s+(?:\w+\s+){0,4}?in\s+op|inzet\s+is)\b",
    re.IGNORECASE,
)
_UNDECIDED = re.compile(
    r"\bnog\s+(?:geen|niet)\s+(?:\w+\s+){0,3}?(?:besluit|beslissing|besloten|beslist|standpunt|"
    r"keuze|gekozen|bepaald|duidelijk|definitief)\b|\bstaat\s+open\b|\bin\s+overweging\b|"
    r"\bsluit\w*\s+(?:\w+\s+){0,5}?niet\s+uit\b|\bniet\s+uit\s+te\s+sluiten\b",
    re.IGNORECASE,
)
_DECIDED = re.compile(
    r"\b(?:heeft|hebben|heb|is|zijn)\s+(?:[\w-]+\s+){0,3}?(?:besloten|gekozen|beslist)\b|"
    r"\bbesluit\s+(?:[\w-]+\s+){0,3}?(?:om|tot|dat|te)\b|\bkiest\s+(?:er\s+)?(?:voor|ervoor)\b|"
    r"\b(?:besloten|gekozen)\s+(?:is|heeft|om|tot|dat)\b",
    re.IGNORECASE,
)
# Acts that deliver something to the Kamer: their present tense promises ("Ik informeer ...").
DELIVER_ACTS = frozenset({
    "informeren", "inlichten", "berichten", "rapporteren", "sturen", "toesturen", "zenden",
    "toezenden", "versturen", "verzenden", "aanbieden", "publiceren", "verschijnen",
    "presenteren", "uitbrengen", "ontvangen", "aanleveren", "opleveren", "toelichten",
    "terugkomen", "indienen", "toekomen", "voorleggen", "komen",
})
_WITHDRAW = re.compile(r"\bniet\s+langer\b|\bniet\s+meer\b(?!\s+dan\b)", re.IGNORECASE)
_NOT_NEGATION = re.compile(
    r"\bniet\s+alleen\b|\bniet\s+in\s+de\s+laatste\s+plaats\b|\bniet\s+eerder\s+dan\b|"
    r"\bniet\s+later\s+dan\b|\bniet\s+meer\s+dan\b|\bniet\s+minder\s+dan\b|\bgeen\s+enkele?\s+"
    r"twijfel\b|\bniet\s+onbelangrijk\b|\bniet\s+uit\s+te\s+sluiten\b|\bniet-\w+",
    re.IGNORECASE,
)
# "Zoals eerder toegezegd," / "Zoals eerder gemeld": a reference to what was said before.
_AS_BEFORE = re.compile(
    r"^\s*(?:en\s+)?zoals\s+(?:(?!\b(?:is|heeft|wordt|zal|ben|heb)\b)[\w’'.-]+\s+){0,8}?"
    r"(?:[\w’'-]*(?:d|t|en|gemeld|toegezegd))\b(?:\s+(?:is|heb|ben|hebben|zijn)(?=\s*,))?"
    r"(?:\s+(?:ik|wij|we|het\s+kabinet))?\s*,?",
    re.IGNORECASE,
)
_ASIDE = re.compile(
    r",\s*zoals\s[^,;.]*?(?=,|[.;]\s|[.;]?$)|\(\s*zie\s[^)]*\)|,\s*(?:conform|overeenkomstig)\s+"
    r"(?:de|het|mijn)\s+(?:toezegging|brief|motie|afspraak)[^,;.]*?(?=,|[.;]\s|[.;]?$)",
    re.IGNORECASE,
)
_PROMISED = re.compile(
    r"\b(?:toegezegd|toezeggen|zeg\w*\s+(?:[\w-]+\s+){0,4}?toe|beloofd|beloof\w*)\b"
    r"[^.;]*?\bte\s+\w+",
    re.IGNORECASE,
)
_PERFORMATIVE = re.compile(  # matched on lower-cased text
    r"\b(?:met|via|in|bij)\s+(?:deze|dit|de\s+onderhavige)\s+(?:kamer)?(?:brief|beantwoording|"
    r"antwoorden|antwoord|nota|notitie|rapportage)\b|\bhierbij\b|\bbijgaand\b|\bbijgevoegd\b",
    re.IGNORECASE,
)
# A document reported as out: "de onlangs verschenen Defensienota 2026".
DELIVERED = re.compile(
    r"\b(?:verschenen|gepubliceerde?|uitgebrachte?|toegezonden|toegestuurde?|verzonden|"
    r"aangeboden|gepresenteerde?|vastgestelde|ingediende?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<name>[A-Z][\w-]*(?:nota|brief|begroting|rapport|strategie|visie|agenda|plan|"
    r"programma|evaluatie|verslag|wet|advies|rapportage))\b",
)
# Cheap tests on the lower-cased clause before the expensive patterns run.
_HEDGE_HINT = re.compile(r"beginsel|principe|voorbehoud|voorwaarde|verwachting|mogelijk|wellicht|"
                         r"eventueel|waarschijnlijk|vermoedelijk|voorlopig|vooralsnog|mits|"
                         r"\bkan\b|\bkunnen\b|\bzou")
_UNDECIDED_HINT = re.compile(r"\bnog\b|open|overweging|\buit\b")
_PROMISED_HINT = re.compile(r"toe|belo")
_INTEND_HINT = re.compile(r"voorne|plan|beo|stree|intentie|bereid|ambit|wens|inzet|\bzet")
_DECIDED_HINT = re.compile(r"beslo|beslis|gekozen|besluit|kiest")
_DOCUMENT_HINT = re.compile(r"nota|brief|begroting|rapport|strategie|visie|agenda|plan|programma|"
                            r"evaluatie|verslag|wet")
_GOV_ACTORS = (
    (re.compile(r"\b(?:nederland|ons\s+land)\b", re.I), "Nederland"),
    (re.compile(r"\b(?:het\s+(?:nederlandse\s+)?kabinet|de\s+(?:nederlandse\s+)?regering)\b",
                re.I), "het kabinet"),
    (re.compile(r"\b(?:ministerie\s+van\s+)?defensie\b", re.I), "Defensie"),
    (re.compile(r"\b(?:de\s+)?(?:minister|staatssecretaris)\b", re.I), "de minister"),
    (re.compile(r"^(?:ik|wij|we)$", re.I), "ik"),
)
_GOV_NAMES = frozenset(name for _, name in _GOV_ACTORS)
# A named document with its year ("Defensienota 2026") or its place in time ("de nieuwe nota").
_DOCUMENT = re.compile(
    r"\b(?P<name>[A-Z][\w-]*(?:nota|brief|begroting|rapport|strategie|visie|agenda|plan|"
    r"programma|evaluatie|verslag|wet))(?:\s+(?P<year>(?:19|20)\d\d))?|"
    r"\b(?:de|het)\s+(?P<rel>nieuwe|komende|volgende|eerstvolgende|aanstaande|vorige|"
    r"eerdere|laatste)\s+(?P<rname>[\w-]*(?:nota|brief|begroting|rapport|strategie|visie|"
    r"agenda|plan|programma|evaluatie|verslag))\b",
)
_TOKEN = re.compile(r"[^\W_](?:[\w’'.-]*[^\W_])?|€|%")
_CLAUSE_BREAK = re.compile(r"\s*[;:]\s*|\s*,\s+(?=(?:\w+\s+)?(?:" + "|".join(
    sorted(_SUBORDINATORS | _COORD | {"zoals", "terwijl", "waarna"})) + r")\b)|"
    r"\s+(?=(?:maar|terwijl|omdat|zodat|nadat|zodra|indien|waarna)\b)|"
    # a relative clause after a noun: "de vereisten die moderne oorlogsvoering ... stelt"
    r"(?<=[a-zë])\s+(?=(?:die|waarin|waarmee|waarbij|waardoor|waarop|waarover|waarvan)\s"
    r"(?!\w+\s+(?:is|zijn|wordt|worden)\b))")


# Patterns used per clause, compiled once.
_NOT_ONLY = re.compile(r"\bniet\s+alleen\b", re.I)
_BEFORE_DAT = re.compile(r"(\w+)\s+(?=dat\s)")
_COMMA_WORD = re.compile(r",\s+(\w+)")
_PLAIN_WORD = re.compile(r"[\w’'-]+")
_NEG_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    lemma: str
    form: str | None


@dataclass(frozen=True, slots=True)
class Document:
    """A document a clause names: "Defensienota" with its year, or "next"/"previous"."""

    name: str
    year: str

    def describe(self) -> str:
        return f"{self.name} {self.year}".strip()


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause read: who does what, how firmly, and the values it carries."""

    text: str
    start: int
    end: int
    actor: str
    act: str
    verb: str
    objects: tuple[str, ...]
    modality: str
    hedges: tuple[str, ...]
    polarity: bool
    negation: str
    tense: str
    times: tuple[TimeValue, ...]
    amounts: tuple[Amount, ...]
    documents: tuple[Document, ...]
    reference: bool = False  # "zoals eerder gemeld": said before, not said now
    subordinate: bool = False
    marker: str = ""  # the words that set the modality ("voornemens", "neemt … deel")

    @property
    def rank(self) -> int:
        return RANK[self.modality]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text read: sentences with their clauses, and the citations set aside."""

    text: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...] = field(default=())
    clean: str = ""  # ``text`` with citations and asides blanked out (same offsets)
    # All clauses in order, collected once (the classifier asks for them many times).
    flat: tuple[Clause, ...] = field(default=(), compare=False, repr=False)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return self.flat or tuple(c for s in self.sentences for c in s.clauses)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


def _blank_slice(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the spans blanked (only the slice is copied)."""
    chars = list(text[a:b])
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return "".join(chars)


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence ``text[start:end]``: split at ; and : and before a conjunction
    or subordinator (after a comma, or "maar", "omdat" ... without one)."""
    # The split looks at the sentence, the character before it and the four after it (a
    # "maar" just past a break): the same sentence elsewhere is split once per process.
    before = text[start - 1] if start else ""
    shift = start - len(before)
    spans = _sentence_clauses(before, text[start:end], text[end : end + 4])
    return [(a + shift, b + shift) for a, b in spans]


@lru_cache(maxsize=16384)
def _sentence_clauses(before: str, sentence: str, after: str) -> tuple[tuple[int, int], ...]:
    text = before + sentence + after
    return tuple(_clause_spans(text, len(before), len(before) + len(sentence)))


def _clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos and text[pos:m.start()].strip():
            # "niet alleen ... maar ook" is one clause: the "maar" does not start a new one.
            if text[m.end():m.end() + 4].lower() == "maar" and _NOT_ONLY.search(
                text[pos:m.start()]
            ):
                continue
            out.append((pos, m.start()))
            pos = m.end()
    if text[pos:end].strip():
        out.append((pos, end))
    return [piece for a, b in out for c, d in _complement(text, a, b)
            for piece in _fronted(text, c, d)]


def _complement(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """"heeft besloten dat Nederland toetreedt": the "dat" clause after a verb is its own."""
    for m in _BEFORE_DAT.finditer(text[a:b]):
        if m.start() > 0 and analyse_word(m.group(1))[1] is not None:
            cut = a + m.end()
            return [(a, a + m.end(1)), *_complement(text, cut, b)]
    return [(a, b)]


_FRONTED = re.compile(
    r"\s*(?:nadat|zodra|als|omdat|wanneer|indien|hoewel|doordat|terwijl|voordat|sinds|tenzij|"
    r"mocht|op\s+het\s+moment\s+dat)\b", re.IGNORECASE)


def _fronted(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """"Nadat ..., wordt ...": a fronted subordinate clause ends before the main clause's verb
    (after a comma, or where two finite verbs meet: "beschikbaar is zal ik")."""
    if not (_FRONTED.match(text, a, b) or _RELATIVE_START.match(text, a, b)):
        return [(a, b)]
    for m in _COMMA_WORD.finditer(text[a:b]):
        if analyse_word(m.group(1))[1] in ("pres", "past"):
            return [(a, a + m.start()), (a + m.end(1) - len(m.group(1)), b)]
    words = list(_PLAIN_WORD.finditer(text[a:b]))
    for w1, w2 in pairwise(words):
        l1, l2 = w1.group(0).lower(), w2.group(0).lower()
        if l1 in _FINITE_AUX and l2 in _FINITE_AUX:
            return [(a, a + w1.end()), (a + w2.start(), b)]
    return [(a, b)]


_RELATIVE_START = re.compile(
    r"\s*(?:die|dat|waarin|waarmee|waarbij|waardoor|waarop|waarover|waarvan)\b", re.I)
_FINITE_AUX_WORDS = """is zijn was waren wordt worden werd werden heeft hebben heb had
    hadden zal zullen zou zouden kan kunnen kon konden wil willen moet moeten mag mogen ga gaat
    gaan"""
_FINITE_AUX = frozenset(_FINITE_AUX_WORDS.split())


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, str, str | None]:
    """(lower case, lemma, verb form) of a token's word: the same word is read once per process
    (the lemma lookups and the morphology dominate the cost of a clause)."""
    lower = word.lower()
    if lower in _FUNCTION or lower in PARTICLES or lower in _NOT_VERBS or len(lower) < 3:
        lem, form = lemma(word), None
        if lower in ("is", "ben", "heb"):
            lem, form = analyse_word(word)
    else:
        lem, form = analyse_word(word)
    return lower, lem, form


def _tokens(text: str, a: int, b: int, skip: list[tuple[int, int]]) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text, a, b):
        start = m.start()
        if skip and any(s <= start < e for s, e in skip):
            continue
        word = m.group(0).rstrip(".")
        lower, lem, form = _word(word)
        out.append(Token(word, start, start + len(word), lower, lem, form))
    return out


_MODALS = frozenset({"zullen", "kunnen", "moeten", "mogen", "willen", "dienen"})


def _verb_candidate(word: str) -> str | None:
    """The infinitive of which ``word`` is a present form, when the dictionary gave a noun or
    adjective as its lemma ("staat" -> staan, "hecht" -> hechten)."""
    w = word.lower()
    bases = [w, w[:-1]] if w.endswith("t") else [w]
    out: list[str] = []
    for base in bases:
        if len(base) < 3:
            continue
        out.append(base + "en")
        if base[-1] in "aeiou" and base[-2] == base[-1]:
            out.append(base + "n")  # staa -> staan
        if len(base) >= 3 and base[-2] == base[-3] and base[-2] in "aeou":
            out.append(base[:-2] + base[-1] + "en")  # neem -> nemen
        out.append(base + base[-1] + "en")  # zet -> zetten
        if base.endswith("f"):
            out.append(base[:-1] + "ven")
        if base.endswith("s"):
            out.append(base[:-1] + "zen")
    for c in out:
        if len(c) > 3 and lemma(c) == c and known(c):
            return c
    return None


def _retag(tokens: list[Token]) -> list[Token]:
    """Settle forms the dictionary leaves ambiguous, from the clause around them."""
    aux_at = [i for i, t in enumerate(tokens) if t.lemma in AUXILIARIES and t.form in ("pres",
                                                                                      "past")]
    out = list(tokens)
    perfective = [i for i in aux_at if tokens[i].lemma in ("worden", "hebben", "zijn")]
    if perfective:
        # "wordt ... verwacht", "heeft ... bepleit": after these a -t/-d form is a participle.
        for i in range(perfective[0] + 1, len(out)):
            t = out[i]
            if t.form == "pres" and t.lemma not in AUXILIARIES and t.lower.endswith(("t", "d")):
                out[i] = Token(t.text, t.start, t.end, t.lower, t.lemma, "part")
    if not any(t.form in ("pres", "past") for t in out):
        # No finite verb found: a present form whose lemma the dictionary gave as a noun.
        for i, t in enumerate(out[1:], 1):
            if t.form is None and t.lower not in _FUNCTION and t.lower not in _NOT_VERBS:
                candidate = _verb_candidate(t.lower)
                if candidate:
                    out[i] = Token(t.text, t.start, t.end, t.lower, candidate, "pres")
                    break
    if any(out[i].lemma in _MODALS for i in aux_at) and not any(
        t.form in ("inf", "part") and t.lemma not in AUXILIARIES for t in out
    ):
        # "zou ... bedragen": after a modal, the last -en word is its infinitive.
        for i in range(len(out) - 1, 0, -1):
            t = out[i]
            if t.lower.endswith("en") and t.form is None and lemma(t.lower) != t.lower \
                    and known(t.lower) and t.lower not in _FUNCTION:
                out[i] = Token(t.text, t.start, t.end, t.lower, t.lower, "inf")
                break
    return out


def _actor(tokens: list[Token], finite: int | None) -> str:
    if finite is None:
        return ""
    if finite > 0 and (tokens[0].lower not in _FUNCTION or tokens[0].lower in _SUBJECT_START):
        words = tokens[:finite]
    else:
        words = []
        for t in tokens[finite + 1:]:
            if t.form is not None or t.lower in PREPOSITIONS or t.lower in _NEGATORS or (
                t.lower in _FUNCTION and words
            ):
                break
            words.append(t)
            if len(words) >= 5:
                break
    phrase = " ".join(t.text for t in words)
    for pattern, name in _GOV_ACTORS:
        if pattern.search(phrase):
            return name
    return phrase


def _rejoin(tokens: list[Token], i: int) -> tuple[str, int | None]:
    """The act of the finite verb at ``i``, with its separable particle if one stands later:
    "neemt ... deel" -> deelnemen."""
    base = tokens[i].lemma
    for j in range(i + 1, len(tokens)):
        t = tokens[j]
        if t.lower not in PARTICLES:
            continue
        nxt = tokens[j + 1].lower if j + 1 < len(tokens) else None
        if nxt is None or nxt in PREPOSITIONS or nxt in _SUBORDINATORS or nxt in _COORD or (
            tokens[j + 1].form in ("inf", "part")
        ):
            joined = t.lower + base
            if lemma(joined) == joined:
                return joined, j
    return base, None


def _moved(c: Clause, by: int) -> Clause:
    """``c`` with its offsets and those of its times and amounts moved by ``by`` (built
    directly: ``dataclasses.replace`` costs more than the reading it saves)."""
    return Clause(
        c.text, c.start + by, c.end + by, c.actor, c.act, c.verb, c.objects, c.modality,
        c.hedges, c.polarity, c.negation, c.tense,
        tuple(TimeValue(t.text, t.start + by, t.end + by, t.relation, t.first, t.last, t.key)
              for t in c.times) if c.times else (),
        tuple(Amount(x.text, x.start + by, x.end + by, x.value, x.unit, x.currency, x.scale,
                     x.bound) for x in c.amounts) if c.amounts else (),
        c.documents, c.reference, c.subordinate, c.marker,
    )


def read_clause(text: str, a: int, b: int, times: list[TimeValue], amounts: list[Amount],
                subordinate: bool, anchor: date) -> Clause:
    """Read the clause ``text[a:b]`` (citations already blanked out of ``text``)."""
    own_times = tuple(t for t in times if a <= t.start < b)
    own_amounts = tuple(x for x in amounts if a <= x.start < b)
    # A reading looks at text[a:b] and, for a word boundary, at the character before it: the
    # same clause in another statement (a paragraph repeated from an earlier answer, each
    # statement read as old and as new) is read once per process.
    before = text[a - 1] if a else ""
    shift = a - len(before)
    clause = _read_alone(
        before, text[a:b], subordinate, anchor,
        tuple(TimeValue(t.text, t.start - shift, t.end - shift, t.relation, t.first, t.last,
                        t.key) for t in own_times),
        tuple(Amount(x.text, x.start - shift, x.end - shift, x.value, x.unit, x.currency,
                     x.scale, x.bound) for x in own_amounts),
    )
    return _moved(clause, shift)


@lru_cache(maxsize=16384)
def _read_alone(before: str, clause: str, subordinate: bool, anchor: date,
                own_times: tuple[TimeValue, ...], own_amounts: tuple[Amount, ...]) -> Clause:
    return _read_clause(before + clause, len(before), len(before) + len(clause), own_times,
                        own_amounts, subordinate, anchor)


def _read_clause(text: str, a: int, b: int, own_times: tuple[TimeValue, ...],
                 own_amounts: tuple[Amount, ...], subordinate: bool, anchor: date) -> Clause:
    clause_text = text[a:b]
    reference = False
    low = clause_text.lower()
    m = _AS_BEFORE.match(clause_text) if "zoals" in low else None
    if m and m.end() < len(clause_text.rstrip(" .")):
        # "Zoals eerder gemeld is Nederland voornemens": read what follows the reference.
        a += m.end()
        clause_text = text[a:b]
    elif m:
        reference = True
    skip = [(t.start, t.end) for t in own_times] + [(x.start, x.end) for x in own_amounts]
    # Separable "niet" constructions that are no negation, and "nog geen besluit".
    masked = clause_text
    if "niet" in low or "geen" in low:
        masked = _NOT_NEGATION.sub(lambda mm: " " * len(mm.group(0)), masked)
    tokens = _retag(_tokens(text, a, b, skip))
    # Hedges outside times: "zo spoedig mogelijk" is a time, not a hedge.
    unhedged = _blank_slice(text, a, b, [(t.start, t.end) for t in own_times])
    hedges = sorted({
        _HEDGES.get(" ".join(h.group(0).lower().split()).replace("voorwaarden", "voorwaarde"),
                    h.group(0).lower())
        for h in (_HEDGE.finditer(unhedged) if _HEDGE_HINT.search(low) else ())
    })
    negation_words = [w for w in _NEG_WORD.findall(masked.lower()) if w in _NEGATORS]
    undecided = _UNDECIDED.search(clause_text) if _UNDECIDED_HINT.search(low) else None
    withdraw_phrase = _WITHDRAW.search(masked) if "niet" in low else None

    # Finite verb: the first present/past form; the act: the last participle/infinitive that is
    # not an auxiliary, else the finite lexical verb with its particle.
    finite = next((i for i, t in enumerate(tokens) if t.form in ("pres", "past")
                   and t.lower not in _FUNCTION), None)
    aux = [t for t in tokens if t.lemma in AUXILIARIES and t.form in ("pres", "past")]
    lexical = [i for i, t in enumerate(tokens)
               if t.form is not None and t.lemma not in AUXILIARIES]
    act = ""
    verb = ""
    tense = "none"
    particle_at: int | None = None
    nonfinite = [i for i in lexical if tokens[i].form in ("inf", "part")]
    finite_lex = [i for i in lexical if tokens[i].form in ("pres", "past")]
    if finite_lex:
        i = finite_lex[0]
        act, particle_at = _rejoin(tokens, i)
        verb = tokens[i].text
        if particle_at is not None:
            # A short verb bracket is shown whole ("neemt inmiddels deel"), a long one elided.
            gap = tokens[i + 1 : particle_at]
            inner = " ".join(t.text for t in gap) + " " if len(gap) <= 2 else "… "
            verb = f"{verb} {inner}{tokens[particle_at].text}"
        tense = "present" if tokens[i].form == "pres" else "past"
    if nonfinite and (not finite_lex or tokens[nonfinite[-1]].form == "part" or aux):
        i = nonfinite[-1]
        t = tokens[i]
        # "deel te nemen": the particle stands before "te".
        if i >= 2 and tokens[i - 1].lower == "te" and tokens[i - 2].lower in PARTICLES:
            joined = tokens[i - 2].lower + t.lemma
            act = joined if lemma(joined) == joined else t.lemma
        else:
            act = t.lemma
        verb = t.text
        aux_lemmas = {x.lemma for x in aux}
        aux_past = any(x.form == "past" for x in aux)
        if aux_lemmas & {"hebben", "zijn"} and not aux_lemmas & ({"zullen", "worden"} | _MODALS) \
                and (t.form == "part" or t.lower.endswith("en")):
            # "heeft ... ontvangen", "heb ... doen toekomen" (an infinitive for a participle)
            tense = "past" if aux_past else "perfect"
        elif t.form == "part" and "worden" in aux_lemmas:
            # "wordt gestuurd" is a passive present; whether it promises is decided below.
            tense = "past" if aux_past else ("future" if "zullen" in aux_lemmas else "present")
        elif t.form == "part" and not aux:
            tense = "perfect"  # "de onlangs verschenen nota"
        elif aux_lemmas & {"zullen", "gaan"} or (t.form == "inf" and "willen" in aux_lemmas):
            tense = "future"
        elif tense == "none":
            tense = "present" if aux else "none"
    if not act and aux:
        act = aux[0].lemma
        verb = aux[0].text
        tense = "present" if aux[0].form == "pres" else "past"

    if tense in ("perfect", "past", "present") and _PROMISED_HINT.search(low) and \
            _PROMISED.search(clause_text):
        tense = "future"  # "Ik heb toegezegd u ... te informeren": the promise is the act
    if tense == "present" and act in DELIVER_ACTS and _PERFORMATIVE.search(low):
        tense = "perfect"  # "Met deze beantwoording informeer ik uw Kamer": done by this text
    if tense == "present" and any(
        t.relation == "from" and t.text.startswith("sinds") for t in own_times
    ):
        tense = "perfect"  # "is sinds 27 september inzetbaar": a state reached
    if tense in ("perfect", "past"):
        # A report's date without a year lies behind the answer, not ahead of it.
        own_times = tuple(past_year(t, anchor) for t in own_times)
    aux_lemmas = {x.lemma for x in aux}
    intend = _INTEND.search(clause_text) if _INTEND_HINT.search(low) else None
    decided = _DECIDED.search(clause_text) if _DECIDED_HINT.search(low) else None
    marker = ""
    if withdraw_phrase or (act in _WITHDRAW_ACTS and not undecided):
        modality = "withdrawn"
        phrase = withdraw_phrase.group(0) if withdraw_phrase else ""
        marker = verb if phrase.lower() in verb.lower() else f"{verb} {phrase}".strip()
    elif undecided or act in _CONSIDER_ACTS or (act in _DECIDE_ACTS and tense == "future"):
        modality = "considering"
        marker = undecided.group(0) if undecided else verb
    elif intend or "willen" in aux_lemmas:
        modality = "intends"
        marker = intend.group(0) if intend else next(x.text for x in aux if x.lemma == "willen")
    elif decided or tense == "future" or aux_lemmas & {"zullen", "gaan"} or (
        # Present for future: "Ik informeer uw Kamer voor de zomer", "Het kabinet stuurt ...".
        tense == "present" and (act in DELIVER_ACTS or any(
            t.relation in ("by", "from") or (t.first and t.first > anchor) for t in own_times
        ))
    ):
        if tense == "present":
            tense = "future"
        modality = "decided"
        marker = next((x.text for x in aux if x.lemma in ("zullen", "gaan", "worden")), verb)
        if decided:
            marker = decided.group(0)
    elif act:
        modality = "does"
        marker = verb
    else:
        modality = "does"
    marker = " ".join(marker.lower().split())
    # "nog geen besluit" is a rung (no decision yet), not a negated act; "sluit niet uit" is.
    polarity = not negation_words or bool(
        undecided and len(negation_words) == 1 and not undecided.group(0).lower().startswith(
            ("sluit", "niet uit"))
    )
    actor = _actor(tokens, finite)
    used = {particle_at} if particle_at is not None else set()
    objects = tuple(sorted({
        t.lemma for k, t in enumerate(tokens)
        if k not in used and t.form is None and t.lower not in _FUNCTION
        and t.lower not in _NEGATORS and len(t.lower) > 1 and not t.lower.isdigit()
    }))
    documents = tuple(
        Document(m2.group("name") or m2.group("rname").capitalize(),
                 m2.group("year") or (m2.group("rel") or "").lower())
        for m2 in (_DOCUMENT.finditer(text, a, b) if _DOCUMENT_HINT.search(low) else ())
    )
    return Clause(
        text=" ".join(text[a:b].split()), start=a, end=b, actor=actor, act=act, verb=verb,
        objects=objects, modality=modality, hedges=tuple(hedges), polarity=polarity,
        negation=" ".join(negation_words), tense=tense, times=own_times, amounts=own_amounts,
        documents=documents, reference=reference, subordinate=subordinate, marker=marker,
    )


def prepare(text: str) -> str:
    """NFC, no page furniture (same length is not needed: readings carry their own text)."""
    return strip_furniture(unicodedata.normalize("NFC", text)).replace("\u00a0", " ")


def analyse(text: str, *, date: date | None = None) -> Analysis:
    """Split ``text`` into sentences and clauses and read each clause.

    ``date`` is the date of the answer: relative times ("voor de zomer", "binnen twee
    maanden") are resolved against it (default: today, UTC).
    """
    from datetime import UTC, datetime

    anchor = date or datetime.now(UTC).date()
    text = prepare(text)
    citations = find_citations(text)
    clean = _blank(text, [(c.start, c.end) for c in citations])
    # ", zoals gemeld in de brief van ...," inserted in a sentence: said before, not said now.
    clean = _blank(clean, [(m.start(), m.end()) for m in _ASIDE.finditer(clean)])
    times = find_times(clean, anchor)
    amounts = find_amounts(clean, [(t.start, t.end) for t in times])
    sentences: list[Sentence] = []
    for span in sentence_spans(clean):
        clauses: list[Clause] = []
        for k, (a, b) in enumerate(clause_spans(clean, span.start, span.end)):
            first = clean[a:b].lstrip().split(" ", 1)[0].lower()
            sub = (k > 0 and first in _SUBORDINATORS) or bool(_FRONTED.match(clean, a, b))
            clauses.append(read_clause(clean, a, b, times, amounts, sub, anchor))
        sentences.append(Sentence(" ".join(clean[span.start:span.end].split()), span.start,
                                  span.end, tuple(clauses)))
    return Analysis(text, tuple(sentences), tuple(citations), clean,
                    tuple(c for s in sentences for c in s.clauses))
