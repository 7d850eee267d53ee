"""Dutch numbers: digits in Dutch notation ("1.500", "1,5") and number words ("anderhalf",
"vijfentwintig", "tweehonderd")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_UNITS = {
    "nul": 0, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19,
}
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}
_FRACTIONS = {"anderhalf": Decimal("1.5"), "anderhalve": Decimal("1.5"), "half": Decimal("0.5"),
              "halve": Decimal("0.5"), "kwart": Decimal("0.25")}
# "een kwart miljard": the fraction of the scale word that follows.
SCALES = {
    "duizend": 10**3, "dzd": 10**3, "miljoen": 10**6, "mln": 10**6, "mio": 10**6,
    "miljard": 10**9, "mld": 10**9, "mrd": 10**9, "biljoen": 10**12,
}
# Indefinite quantities: a change between them is a change of figures, without a value.
VAGUE = frozenset({"tientallen", "honderden", "duizenden", "miljoenen", "miljarden", "enkele",
                   "diverse", "meerdere", "talloze"})

_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_ALT = "|".join(_TENS)
# tweehonderdvijfentwintig, vijfentwintig, honderd, drieduizend
_WORD_NUMBER = re.compile(
    rf"(?:(?:{_UNIT_ALT})?honderd(?:en)?)?(?:(?:{_UNIT_ALT})(?:ën|en)(?:{_TENS_ALT})|"
    rf"{_TENS_ALT}|{_UNIT_ALT})?(?:duizend)?",
)
# The pattern of one number word, for other patterns to embed (it also matches the empty string:
# embed it after a lookahead for a letter).
WORD_NUMBER_PATTERN = _WORD_NUMBER.pattern
NUMBER_WORD = re.compile(
    rf"(?<!\w)(?:(?:{_UNIT_ALT}|{_TENS_ALT}|honderd|duizend|anderhalve?|halve?)"
    rf"(?:[a-zë]*?))(?!\w)",
    re.IGNORECASE,
)


def word_value(word: str) -> Decimal | None:
    """The value of a Dutch number word, or None."""
    w = " ".join(word.lower().split())
    if w.startswith("een "):
        rest = w[4:]
        return _FRACTIONS.get(rest, Decimal(1) if rest == "" else None) if rest else None
    if w.endswith("dozijn"):
        head = w[: -len("dozijn")].strip()
        unit = word_value(head) if head else Decimal(1)
        return None if unit is None else unit * 12
    if w == "de helft":
        return Decimal(50)
    if w in _FRACTIONS:
        return _FRACTIONS[w]
    half = re.fullmatch(r"(\w+?)(?:ën|en)(?:half|halve)", w)
    if half:
        # "drieënhalf", "tweeënhalve": the number and a half
        base = word_value(half.group(1))
        return None if base is None else base + Decimal("0.5")
    quarters = re.fullmatch(r"(\w+?)kwart", w)
    if quarters and quarters.group(1) in _UNITS:
        return Decimal(_UNITS[quarters.group(1)]) / 4  # "driekwart"
    if not w or not _WORD_NUMBER.fullmatch(w):
        return None
    total = 0
    rest = w
    thousands = 1
    if rest.endswith("duizend"):
        rest, thousands = rest[: -len("duizend")], 1000
    hundreds = 0
    if "honderd" in rest:
        head, rest = rest.split("honderd", 1)
        hundreds = (_UNITS.get(head, 1) if head else 1) * 100
    if rest:
        m = re.fullmatch(rf"({_UNIT_ALT})(?:ën|en)({_TENS_ALT})", rest)
        if m:
            total = _UNITS[m.group(1)] + _TENS[m.group(2)]
        elif rest in _TENS:
            total = _TENS[rest]
        elif rest in _UNITS:
            total = _UNITS[rest]
        else:
            return None
    value = (hundreds + total) * thousands if (hundreds or total) else thousands
    if value == 1 and w not in ("één", "eén"):
        return None
    return Decimal(value)


def digits_value(text: str) -> Decimal | None:
    """A number in Dutch notation: "1.500" = 1500, "1,5" = 1.5, "1.500,75", "2 500"."""
    t = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif re.fullmatch(r"\d+\.\d{1,2}", t):
        pass  # an English decimal point in a table: keep as written
    elif not re.fullmatch(r"\d+", t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None
