"""Units and bases of amounts by what they mean: "km" = "kilometer", "fte" =
"voltijdsequivalenten", "2% bbp" = "2 procent van het bruto binnenlands product".

An abbreviation and its expansion are one unit; a percentage carries its base ("van het bbp",
"van de rijksbegroting"), so the same percentage of another base is another figure.
"""

from __future__ import annotations

import re

from monitor.track.analysis.lemmas import lemma
from monitor.track.analysis.verbs import PREPOSITIONS, analyse_word

# Written forms (lower case, singular or plural) -> one name per unit.
_UNIT_FORMS = {
    "kilometer": ("km", "kilometer", "kilometers"),
    "meter": ("meter", "meters"),
    "hectare": ("ha", "hectare", "hectares"),
    "kilogram": ("kg", "kilo", "kilo's", "kilogram", "kilogrammen"),
    "ton": ("ton", "tonnen"),
    "kiloton": ("kton", "kt", "kiloton"),
    "megaton": ("mton", "mt", "megaton"),
    "kilowatt": ("kw", "kilowatt"),
    "megawatt": ("mw", "megawatt"),
    "gigawatt": ("gw", "gigawatt"),
    "kilowattuur": ("kwh", "kilowattuur"),
    "megawattuur": ("mwh", "megawattuur"),
    "gigawattuur": ("gwh", "gigawattuur"),
    "terawattuur": ("twh", "terawattuur"),
    "petajoule": ("pj", "petajoule"),
    "fte": ("fte", "fte's", "voltijdsequivalent", "voltijdsequivalenten", "voltijdbaan",
            "voltijdbanen", "voltijdsbaan", "voltijdsbanen"),
}
_UNIT = {form: name for name, forms in _UNIT_FORMS.items() for form in forms}
# Per hour: "km/u", "km/h", "kilometer per uur".
PER_HOUR = re.compile(r"\s*/\s*(?:u|uur|h)\b|\s+per\s+uur\b")

# Bases of a percentage, abbreviated or written out.
_BASES = {
    "bbp": ("bbp", "bnp", "bruto binnenlands product", "bruto binnenlandse product"),
    "bni": ("bni", "bruto nationaal inkomen", "bruto nationale inkomen"),
}
_BASE_FORM = {form: name for name, forms in _BASES.items() for form in forms}
_KNOWN_BASE = re.compile(
    r"\s+(?:van\s+(?:het\s+)?)?(?P<base>"
    + "|".join(sorted((re.escape(f).replace(r"\ ", r"\s+") for f in _BASE_FORM),
                      key=len, reverse=True))
    + r")\b"
)
# "van het budget", "van de subsidiabele kosten": up to three words of a noun phrase.
_OF_PHRASE = re.compile(r"\s+van\s+(?:het|de|een|hun|zijn|haar)\s+((?:[\w-]+\s+){0,2}[\w-]+)")
_NOT_BASE = frozenset({"en", "of", "in", "dat", "die", "is", "zijn", "wordt", "worden"})


def unit_name(word: str) -> str:
    """One name for a unit written in any of its forms; other nouns by their lemma."""
    lower = word.lower()
    return _UNIT.get(lower) or lemma(word)


def percentage_base(text: str, at: int) -> tuple[str, int]:
    """The base of the percentage that ends at ``at`` in lower-cased ``text`` and where the
    base ends ("", ``at`` when none is named)."""
    m = _KNOWN_BASE.match(text, at)
    if m:
        return _BASE_FORM[" ".join(m.group("base").split())], m.end()
    m = _OF_PHRASE.match(text, at)
    if not m:
        return "", at
    words: list[str] = []
    end = m.start(1)
    for w in re.finditer(r"[\w-]+", m.group(1)):
        word = w.group(0)
        if word in PREPOSITIONS or word in _NOT_BASE or analyse_word(word)[1] in ("pres",
                                                                                 "past"):
            break
        words.append(word)
        end = m.start(1) + w.end()
    if not words:
        return "", at
    return lemma(words[-1]), end
