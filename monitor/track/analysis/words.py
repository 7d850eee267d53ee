"""Words of a clause: Dutch closed classes, tokens with their lemma and verb form, and the
retagging of forms the dictionary leaves ambiguous."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.track.analysis.lemmas import known, lemma
from monitor.track.analysis.patterns import GOV_ACTORS
from monitor.track.analysis.verbs import AUXILIARIES, PARTICLES, PREPOSITIONS, analyse_word

_FUNCTION_TEXT = """
    de het een en of maar want dus dat die dit deze wat wie welke waar hier daar er ook nog
    al wel niet geen zeer meer veel zo als dan om te zich hem haar hun hen ze zij wij we ik
    u uw ons onze mijn zijn dergelijke andere eigen daarnaast daarbij daarom hierbij hiermee
    hierover daarover daarmee daartoe hiertoe hieraan daaraan bovendien verder tevens
    eveneens inmiddels momenteel thans nu reeds bijvoorbeeld onder o.a. namelijk immers
    echter zoals waarbij waarmee waarin omdat terwijl zodat nadat zodra indien wanneer
    tenzij hoewel doordat alvorens opdat mede nader
"""
FUNCTION = frozenset(_FUNCTION_TEXT.split()) | PREPOSITIONS
# Words a subject can start with (a clause opening with anything else inverts: "Daarnaast is
# Nederland ...").
_SUBJECT_START_TEXT = """
    de het een ik wij we zij ze hij u uw ons onze mijn dit deze
"""
SUBJECT_START = frozenset(_SUBJECT_START_TEXT.split())
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
    afwachtend afwachtende gereserveerd gereserveerde optimistisch optimistische
    pessimistisch pessimistische bezorgd bezorgde drastisch drastische aanmerkelijk
    aanmerkelijke behoorlijk behoorlijke enigszins geleidelijk geleidelijke gestaag
    belangstelling interesse scepsis argwaan bezorgdheid sympathie waardering enthousiasme
    terughoudendheid welwillendheid wantrouwen twijfel twijfels
"""
DEGREE_WORDS = frozenset(_DEGREE_TEXT.split())
# Adjectives of the ladder that the morphology would take for verbs.
_NOT_VERBS_TEXT = """
    voornemens bereid bezig voorstander tegenstander miljoen miljard procent euro kamer
"""
NOT_VERBS = frozenset(_NOT_VERBS_TEXT.split()) | DEGREE_WORDS
_SUBORDINATORS_TEXT = """
    dat die omdat aangezien terwijl zodat nadat zodra indien wanneer tenzij mits hoewel doordat
    alvorens
    opdat waarbij waarmee waarin waardoor waarvan waarop waarover wat welke als of hoe
    waarom
"""
SUBORDINATORS = frozenset(_SUBORDINATORS_TEXT.split())
# Adjectives of judgement whose "on-" form is their negation ("onwenselijk" = "niet wenselijk").
_JUDGEMENT_TEXT = """
    wenselijk gewenst verstandig haalbaar uitvoerbaar verantwoord redelijk nodig aanvaardbaar
    acceptabel aannemelijk noodzakelijk waarschijnlijk werkbaar betaalbaar rechtmatig
    verenigbaar toelaatbaar begrijpelijk voorstelbaar denkbaar doelmatig doeltreffend
    evenredig wettig gerechtvaardigd juist geschikt passend mogelijk
"""
JUDGEMENTS = frozenset(_JUDGEMENT_TEXT.split())
NEGATED_ADJECTIVES = frozenset("on" + w for w in JUDGEMENTS) | frozenset(
    "on" + w + "e" for w in JUDGEMENTS
)
COORD = frozenset({"en", "maar", "want", "dus", "noch"})
NEGATORS = frozenset(
    {"niet", "geen", "nooit", "niets", "niemand", "nergens", "geenszins", "allerminst", "noch"}
)
TOKEN = re.compile(r"[^\W_](?:[\w’'.-]*[^\W_])?|€|%")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    lemma: str
    form: str | None


@lru_cache(maxsize=65536)
def read_word(word: str) -> tuple[str, str, str | None]:
    """(lower case, lemma, verb form) of a token's word: the same word is read once per process
    (the lemma lookups and the morphology dominate the cost of a clause)."""
    lower = word.lower()
    if lower in FUNCTION or lower in PARTICLES or lower in NOT_VERBS or len(lower) < 3:
        lem, form = lemma(word), None
        if lower in ("is", "ben", "heb", "ga"):
            lem, form = analyse_word(word)
    else:
        lem, form = analyse_word(word)
    return lower, lem, form


def _attributive(t: Token) -> bool:
    """An inflected adjective or ordinal ("eerste", "nieuwe", "volgende"): its lemma is the
    word without the inflection."""
    return (t.form is None and t.lower.endswith("e") and t.lemma != t.lower
            and t.lower not in FUNCTION and not t.lower.endswith(("ie", "ee")))


def tokenise(text: str, a: int, b: int, skip: list[tuple[int, int]]) -> list[Token]:
    out: list[Token] = []
    for m in TOKEN.finditer(text, a, b):
        start = m.start()
        if skip and any(s <= start < e for s, e in skip):
            continue
        word = m.group(0).rstrip(".")
        lower, lem, form = read_word(word)
        if form in ("pres", "past") and out and _attributive(out[-1]):
            # "als eerste stap", "de nieuwe opzet": after an inflected adjective a noun stands.
            form = None
        if (
            form is not None
            and out
            and (word[0].isupper() or (form == "inf" and out[-1].lower in DETERMINERS))
            # "Deze worden ...", "die zullen ...": a demonstrative subject before a plural verb.
            and not (lem in AUXILIARIES and out[-1].lower in _DEMONSTRATIVES)
        ):
            # A capital inside a clause is a name ("bij Borgharen"); an infinitive after an
            # article is a noun ("het beëindigen van de shows").
            form = None
        out.append(Token(word, start, start + len(word), lower, lem, form))
    return out


MODALS = frozenset({"zullen", "kunnen", "moeten", "mogen", "willen", "dienen"})
# Auxiliaries that never take a separable particle ("is ... in" is no verb "inzijn").
_NEVER_SEPARABLE = frozenset({"zijn", "hebben", "worden", "zullen"})
# Suffixes that make nouns: such a word is never a present form of a verb ("verwachting").
_NOUN_SUFFIXES = ("ing", "heid", "tie", "teit", "schap", "isme")
_PRONOUNS = frozenset({"ik", "wij", "we", "het", "u", "zij", "ze", "hij"})
_PLURAL_PRONOUNS = frozenset({"wij", "we", "zij", "ze"})
_DEMONSTRATIVES = frozenset({"deze", "die", "dit", "dat"})
# "mijn" is always a possessive ("mijn streven"); "ons", "hun", "haar" can be objects.
DETERMINERS = frozenset({"de", "het", "een", "dit", "deze", "die", "geen", "alle", "onze", "uw",
                         "mijn"})


def _infinitives(w: str) -> list[str]:
    """Infinitives a present form ``w`` may belong to by the spelling rules of Dutch (not
    checked against the dictionary): "neemt" -> nemen, "schaft" -> schaffen, "wijst" ->
    wijzen, "staat" -> staan."""
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
    return out


def _verb_candidate(word: str, homograph: bool = False,
                    particles: tuple[str, ...] = ()) -> str | None:
    """The infinitive of which ``word`` is a present form, when the dictionary gave a noun or
    adjective as its lemma ("staat" -> staan, "hecht" -> hechten). With ``homograph`` (the word
    stands where the finite verb stands) an infinitive the dictionary reads as the plural of the
    word counts too ("bericht": berichten). ``particles`` later in the clause count as well:
    "wijst ... af" is "afwijzen" although the dictionary reads "wijzen" as a plural."""
    w = word.lower()
    if len(w) > 6 and w.endswith(_NOUN_SUFFIXES):
        return None
    out = _infinitives(w)
    # A true infinitive wins over a plural noun of the word itself: "staat" is "staan", not the
    # plural "staten" that the homograph reading would also allow.
    for c in out:
        if len(c) > 3 and lemma(c) == c and known(c):
            return c
    if homograph:
        for c in out:
            if len(c) > 3 and lemma(c) == w and known(c):
                return c
        for c in out:
            if len(c) > 3 and any(_separable(p + c) for p in particles):
                return c
    return None


def _separable(joined: str) -> bool:
    return lemma(joined) == joined and known(joined)


def retag(tokens: list[Token]) -> list[Token]:
    """Settle forms the dictionary leaves ambiguous, from the clause around them."""
    out = list(tokens)
    if not any(t.form in ("pres", "past") for t in out):
        # A plural present is spelled as the infinitive ("Wij zullen ...", "die ... worden
        # overgedragen"): with no other finite verb, the first infinitive not after "te" is it.
        for i, t in enumerate(out):
            if i and out[i - 1].lower in _PLURAL_PRONOUNS and t.form is None:
                # "Wij zijn voornemens": "zijn" is no possessive after a plural subject.
                lem, form = analyse_word(t.text)
                if form == "inf":
                    out[i] = Token(t.text, t.start, t.end, t.lower, lem, "pres")
                    break
            if t.form == "inf" and i and out[i - 1].lower != "te" and (
                i + 1 >= len(out) or out[i + 1].lower != "te"
            ):
                out[i] = Token(t.text, t.start, t.end, t.lower, t.lemma, "pres")
                break
    for i in range(1, len(out)):
        t = out[i]
        # "te onderzoeken": after "te" an -en word that also spells a plural noun is the verb.
        if t.form is None and out[i - 1].lower == "te" and t.lower.endswith("en") \
                and t.lower not in FUNCTION and known(t.lower) and t.lemma != t.lower \
                and t.lower in (t.lemma + "en", t.lemma + t.lemma[-1] + "en"):
            out[i] = Token(t.text, t.start, t.end, t.lower, t.lower, "inf")
    tokens = out
    aux_at = [
        i for i, t in enumerate(tokens) if t.lemma in AUXILIARIES and t.form in ("pres", "past")
    ]
    out = list(tokens)
    lone = not any(t.form in ("inf", "part") and t.lemma not in AUXILIARIES for t in out)
    for i in aux_at:
        t = out[i]
        if t.lemma == "gaan" or (lone and t.lemma not in _NEVER_SEPARABLE):
            # "Ik ga ervan uit dat ...", "ga na of ...", "dien ... in": a separable verb, not
            # the future or a modal (for a modal only when no other verb stands in the clause).
            joined, at = rejoin(out, i)
            if at is not None:
                out[i] = Token(t.text, t.start, t.end, t.lower, joined, t.form)
    aux_at = [i for i in aux_at if out[i].lemma in AUXILIARIES]
    perfective = [i for i in aux_at if tokens[i].lemma in ("worden", "hebben", "zijn")]
    if perfective:
        # "wordt ... verwacht", "heeft ... bepleit": after these a -t/-d form is a participle.
        for i in range(perfective[0] + 1, len(out)):
            t = out[i]
            if t.form == "pres" and t.lemma not in AUXILIARIES and t.lower.endswith(("t", "d")):
                out[i] = Token(t.text, t.start, t.end, t.lower, t.lemma, "part")
    if not any(t.form in ("pres", "past") for t in out):
        # No finite verb found: a present form whose lemma the dictionary gave as a noun.
        for i, t in enumerate(out):
            # The finite verb's place: second ("Defensie bericht ..."), or before the subject
            # pronoun ("Voor de zomer bericht ik ...", the time set aside before it).
            inverted = i + 1 < len(out) and out[i + 1].lower in _PRONOUNS
            # A word of degree is a verb only where nothing else can stand: before the
            # subject pronoun of a clause without a finite verb ("In de nota licht ik uw
            # Kamer in" is "inlichten").
            if (
                (i or inverted)
                and t.form is None
                and t.lower not in FUNCTION
                and (t.lower not in NOT_VERBS or (inverted and t.lower in DEGREE_WORDS))
            ):
                # after a one-word subject or a short noun phrase ("Het kabinet bericht")
                noun_phrase = out[0].lower in DETERMINERS
                second = inverted or (i == 1 and not noun_phrase) or (1 < i <= 3 and noun_phrase)
                candidate = _verb_candidate(t.lower, second, tuple(
                    x.lower for x in out[i + 1:] if x.lower in PARTICLES))
                if candidate:
                    out[i] = Token(t.text, t.start, t.end, t.lower, candidate, "pres")
                    # "dien ... in": the particle makes it another verb (not the modal).
                    joined, at = rejoin(out, i)
                    if at is not None:
                        out[i] = Token(t.text, t.start, t.end, t.lower, joined, "pres")
                    break
    # An "om ... te" complement has its own infinitive: the modal's is looked for before it
    # ("zal de mogelijkheid onderzoeken om ... te verbieden").
    om = next((k for k, t in enumerate(out) if t.lower == "om"
               and any(x.lower == "te" for x in out[k + 1:])), len(out))
    if any(out[i].lemma in MODALS for i in aux_at if i < om) and not any(
        t.form in ("inf", "part") and t.lemma not in AUXILIARIES for t in out[:om]
    ):
        # "zou ... bedragen": after a modal, the last -en word is its infinitive.
        for i in range(om - 1, 0, -1):
            t = out[i]
            if (
                t.lower.endswith("en")
                and t.form is None
                and lemma(t.lower) != t.lower
                and known(t.lower)
                and t.lower not in FUNCTION
                # "de wachtlijsten", "van zaken": nouns
                and (out[i - 1].lower not in DETERMINERS | PREPOSITIONS or out[i - 1].lower == "te")
            ):
                out[i] = Token(t.text, t.start, t.end, t.lower, t.lower, "inf")
                break
    return out


_FOCUS = frozenset({"ook", "zelfs", "juist", "alleen", "slechts", "eveneens", "evenmin"})


def subject(tokens: list[Token], finite: int | None) -> str:
    if finite is None:
        return ""
    if finite == 1 and tokens[0].lower in COORD:
        # "..., maar neemt vooralsnog niet deel": the subject is elided (the one before).
        return ""
    if finite > 1 and tokens[0].lower in _FOCUS and (
        tokens[1].lower not in FUNCTION or tokens[1].lower in SUBJECT_START
    ):
        words = tokens[1:finite]  # "Ook Nederland sluit zich aan": a focus word, no inversion
    elif finite > 0 and (tokens[0].lower not in FUNCTION or tokens[0].lower in SUBJECT_START):
        words = tokens[:finite]
    else:
        words = []
        for t in tokens[finite + 1:]:
            if t.form is not None or t.lower in PREPOSITIONS or t.lower in NEGATORS or (
                t.lower in FUNCTION and words
            ):
                break
            words.append(t)
            if len(words) >= 5:
                break
    phrase = " ".join(t.text for t in words)
    for pattern, name in GOV_ACTORS:
        if pattern.search(phrase):
            return name
    return phrase


def rejoin(tokens: list[Token], i: int) -> tuple[str, int | None]:
    """The act of the finite verb at ``i``, with its separable particle if one stands later:
    "neemt ... deel" -> deelnemen."""
    base = tokens[i].lemma
    # The dictionary may give the finite form a wrong infinitive ("schaft" -> schaften): the
    # spelling rules give the others ("schaffen"), tried when the first makes no verb.
    bases = [base] + [c for c in _infinitives(tokens[i].lower) if c != base]
    # The particle of a main clause stands at its end ("sluit zich bij dat initiatief aan"):
    # a particle there wins over a preposition earlier in the clause.
    last = len(tokens) - 1
    while last > i and tokens[last].form in ("inf", "part"):
        last -= 1
    if last > i and tokens[last].lower in PARTICLES:
        for b in bases:
            joined = tokens[last].lower + b
            if not b.startswith(tokens[last].lower) and _separable(joined):
                return joined, last
    for j in range(i + 1, len(tokens)):
        t = tokens[j]
        if t.lower not in PARTICLES:
            continue
        nxt = tokens[j + 1].lower if j + 1 < len(tokens) else None
        if nxt == "te":
            continue  # "af te schaffen": the particle of the infinitive after it
        if nxt is None or nxt in PREPOSITIONS or nxt in SUBORDINATORS or nxt in COORD or (
            tokens[j + 1].form in ("inf", "part")
        ):
            for b in bases:
                joined = t.lower + b
                if not b.startswith(t.lower) and _separable(joined):
                    return joined, j
    return base, None
