"""Dutch verb forms from the lemma: infinitive, present, participle or past, found by the
regular morphology of Dutch (stem rules), so verbs outside any list are read as well."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from monitor.track.analysis.lemmas import known, lemma

Form = Literal["inf", "pres", "part", "past"]

# Closed classes of Dutch grammar (not vocabulary of any answer).
AUXILIARIES = frozenset({"zijn", "hebben", "worden", "zullen", "willen", "kunnen", "moeten",
                         "mogen", "gaan", "laten", "blijven", "dienen", "hoeven"})
PARTICLES = frozenset({
    "aan", "af", "bij", "binnen", "door", "in", "mee", "na", "om", "onder", "op", "over", "plaats",
    "deel", "terug", "toe", "uit", "vast", "voor", "weg", "samen", "tegen", "voort", "los", "neer",
    "rond", "achter", "open", "bekend", "goed", "kennis", "gereed", "klaar", "vrij", "stil", "tot",
    "teweeg", "uiteen",
})
PREPOSITIONS = frozenset({
    "aan", "af", "bij", "binnen", "door", "in", "met", "na", "naar", "om", "onder", "op", "over",
    "per", "sinds", "te", "tegen", "tot", "tussen", "uit", "van", "vanaf", "via", "voor", "vóór",
    "zonder", "tijdens", "gedurende", "rond", "omtrent", "inzake", "betreffende", "jegens",
    "wegens", "volgens",
})
_SHORT_INF = {"gaan": "ga", "staan": "sta", "slaan": "sla", "zien": "zie", "doen": "doe",
              "zijn": "ben", "hebben": "heb", "komen": "kom", "zullen": "zal", "willen": "wil",
              "kunnen": "kan"}
_PREFIX_NO_GE = ("be", "ge", "her", "er", "ont", "ver", "onder", "over", "door", "mis", "vol")


def stems(inf: str) -> frozenset[str]:
    """Present-tense stems of an infinitive: "nemen" -> neem; "ondertekenen" -> onderteken."""
    if inf in _SHORT_INF:
        return frozenset({_SHORT_INF[inf], inf[:-1]})
    if not inf.endswith("en") or len(inf) < 4:
        return frozenset({inf})
    s = inf[:-2]
    if s.endswith("v"):
        s = s[:-1] + "f"
    elif s.endswith("z"):
        s = s[:-1] + "s"
    out = {s}
    if len(s) >= 2 and s[-1] == s[-2] and s[-1] not in "aeiouy":
        out.add(s[:-1])  # zetten -> zet
    elif len(s) >= 3 and s[-1] not in "aeiouy" and s[-2] in "aeou" and s[-3] not in "aeiouy":
        out.add(s[:-1] + s[-2] + s[-1])  # nemen -> neem, informeren -> informeer
    return frozenset(out)


def is_verb_lemma(lem: str) -> bool:
    return lem.endswith("en") or lem in _SHORT_INF or lem.endswith(("aan", "ien", "oen"))


@lru_cache(maxsize=65536)
def participle_lemma(word: str) -> str | None:
    """The infinitive of a participle the dictionary does not know: "geïnformeerd" ->
    "informeren"."""
    w = word.lower().replace("ï", "i").replace("ë", "e")
    if not re.fullmatch(r"\w+(?:d|t|en)", w):
        return None
    m = re.match(r"^(\w*?)ge(\w+?)([dt])$", w)
    if not m:
        return None
    base = m.group(1) + m.group(2)
    for stem in (base, base[:-1] + base[-1] if len(base) > 2 else base):
        candidates = [stem + "en"]
        if len(stem) >= 3 and stem[-2] == stem[-3] and stem[-2] in "aeou":
            candidates.append(stem[:-2] + stem[-1] + "en")  # informeer -> informeren
        for c in candidates:
            if lemma(c) == c and known(c):
                return c
        for c in candidates:
            # "gevoegd": the dictionary reads "voegen" as the plural of the noun "voeg".
            if known(c) and lemma(c) == stem:
                return c
    return None


def _compound_noun(lower: str) -> bool:
    """An "-en" word the dictionary does not know is a noun when its longest known tail is an
    inflected noun ("dierentuindieren": dieren, "defensiebehoeften": behoeften), unless what
    stands before that tail is a separable particle ("optoppen": op + toppen is a verb)."""
    for k in range(2, len(lower) - 3):
        tail = lower[k:].lstrip("-")
        if len(tail) >= 4 and known(tail):
            if lower[:k].rstrip("-") in PARTICLES:
                return False
            return lemma(tail) != tail and not is_verb_lemma(lemma(tail))
    return False


@lru_cache(maxsize=65536)
def analyse_word(word: str) -> tuple[str, Form | None]:
    """(lemma, verb form or None) of one word."""
    lower = word.lower()
    lem = lemma(word)
    if lem == lower and lower.endswith("en") and not known(lower) and _compound_noun(lower):
        return lem, None
    if lem == lower and not is_verb_lemma(lem):
        guessed = participle_lemma(lower)
        if guessed:
            return guessed, "part"
        return lem, None
    if not is_verb_lemma(lem):
        return lem, None
    if lower in (lem + "d", lem + "de"):
        return lem, None  # a present participle is an adjective ("bestaande", "komende")
    base = lem
    # A separable verb's finite forms are those of its base verb ("deelnemen": neemt ... deel).
    for p in PARTICLES:
        if lem.startswith(p) and len(lem) > len(p) + 3 and not lower.startswith(p):
            base = lem[len(p):]
            break
    st = stems(base)
    if lower == lem:
        return lem, "inf"
    if lower in st or (lower.endswith("t") and lower[:-1] in st) or lower in (
        "is", "ben", "bent", "heeft", "hebt", "zal", "zult", "wil", "wilt", "kan", "kunt",
        "gaat", "doet", "ziet", "staat", "slaat", "komt", "mag", "moet"
    ):
        return lem, "pres"
    if lower == base:
        return lem, "inf"
    participle_prefix = lower.startswith("ge") or any(
        lower.startswith(p + "ge") for p in PARTICLES)
    if re.search(r"([aeou])\1n$", lower) and not participle_prefix:
        # verscheen, besloot: a long vowel before -n is a past singular ("ingegaan",
        # "gestaan" are participles)
        return lem, "past"
    if (re.search(r"(?:d|t|en)$", lower) and (
        "ge" in lower[:8] or lower.startswith(_PREFIX_NO_GE)
    ) and not re.search(r"(?:de|te|den|ten)$", lower.replace("geden", "gd"))) or (
        lower.endswith(("en", "d")) and "ge" in lower[:8]
    ) or (participle_prefix and lower.endswith(("aan", "ien", "oen"))):
        return lem, "part"
    return lem, "past"
