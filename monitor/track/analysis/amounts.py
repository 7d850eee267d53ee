"""Amounts as values: (value, unit, currency, scale).

"€ 1,5 mld", "1,5 miljard euro", "1.500 miljoen euro" and "anderhalf miljard euro" are one
amount: 1.5e9 EUR. Percentages are unit ``%``; counts carry the lemma of the noun they count
("drie EDIP-projecten" -> 3 ``edip-project``); indefinite quantities ("tientallen") are kept as
words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from monitor.track.analysis.numbers import SCALES, VAGUE, digits_value, word_value
from monitor.track.analysis.times import lower_same_length
from monitor.track.analysis.units import PER_HOUR, percentage_base, unit_name

_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?"
_WORDNUM = (
    r"een\s+(?:kwart|half|halve)(?=\s+(?:miljoen|miljard|mln|mld|procent))|"
    r"een(?=\s+(?:miljoen|miljard|mln|mld)\b)|de\s+helft|"
    r"(?:twee|drie|vier|vijf|zes|tien|twaalf)?\s*dozijn|"
    r"[a-zë]*?(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tien|twintig|"
    r"dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd|duizend)|één|anderhalf|"
    r"anderhalve|tientallen|honderden|duizenden|miljoenen|miljarden|"
    # "drieënhalf procent", "driekwart miljard"
    r"[a-zë]+?(?:ën|en)(?:half|halve)|(?:een|twee|drie)kwart"
)
_SCALE = r"duizend|dzd\.?|miljoen|mln\.?|mio\.?|miljard|mld\.?|mrd\.?|biljoen"
_CUR = r"€|eur\b|euro\b|usd\b|us\$|\$"
_USD = frozenset({"usd", "us$", "$"})
_AMOUNT = re.compile(
    # Matched on lower-cased text, from word starts or a currency sign only.
    rf"(?:(?<![\w,.\-])(?=[€$\w])|(?<=[€$]))"
    rf"(?P<pre>{_CUR})?\s*(?<![\w,.\-])(?P<num>{_DIGITS}|{_WORDNUM})(?![\w\-]|[.,]\d)"
    rf"(?:\s*(?P<scale>{_SCALE})(?!\w))?"
    rf"(?:\s*(?P<post>euro|eur\b|%|procent(?:punt(?:en)?)?\b|pct\b\.?|"
    rf"(?:amerikaanse\s+)?dollars?\b|usd\b))?",
)
_WORD = re.compile(r"[^\W\d_][\w\-’']*")
# Words after a number that are no unit of a count.
_NOT_UNIT_WORDS = """de het een en of van in op aan voor met tot om bij uit over door naar als dan
    te is zijn wordt worden zal zullen heeft hebben kan kunnen moet moeten per procent keer maal"""
_NOT_UNIT = frozenset(_NOT_UNIT_WORDS.split())


# What follows "acht" when it is the verb ("acht het", "acht een verbod", "acht dit niet").
_VERB_ACHT = re.compile(r"\s+(?:het|een|de|dit|deze|dat|die|zich|u|uw|ons|mij|hem|haar|"
                        r"niet|wel|nog|ook|daarom|dan)\b")
# Words that bound an amount, by what they mean ("ongeveer", "circa" leave it as it is).
_BOUNDS = {
    "maximaal": "at_most", "ten hoogste": "at_most", "hooguit": "at_most",
    "niet meer dan": "at_most", "minimaal": "at_least", "ten minste": "at_least",
    "tenminste": "at_least", "minstens": "at_least", "niet minder dan": "at_least",
    "ruim": "over", "meer dan": "over", "bijna": "under", "minder dan": "under",
    "ruim meer dan": "over",
}
_BOUND = re.compile(r"\b(" + "|".join(sorted((re.escape(k).replace("\\ ", r"\s+") for k in _BOUNDS),
                                            key=len, reverse=True)) + r")\s+$")
BOUND = _BOUND


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount: its value in units (scale applied), unit, currency and what was written."""

    text: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    currency: str
    scale: int
    bound: str = ""  # at_most / at_least / over / under ("maximaal 50%", "ruim 300")

    @property
    def key(self) -> tuple[str, str, str]:
        value = "" if self.value is None else format(self.value.normalize(), "f")
        shown = value if self.value is not None else self.text
        return (self.currency, self.unit, f"{self.bound} {shown}".strip())

    def describe(self) -> str:
        if self.bound:
            shown = {"at_most": "maximaal", "at_least": "minimaal", "over": "ruim",
                     "under": "bijna"}[self.bound]
            return f"{shown} {self.text}"
        if self.value is None:
            return self.text
        if self.currency == "EUR":
            v = self.value
            for size, word in ((10**9, "mld"), (10**6, "mln")):
                if abs(v) >= size:
                    q = (v / size).normalize()
                    return f"€ {format(q, 'f').replace('.', ',')} {word}"
            return f"€ {format(v.normalize(), 'f').replace('.', ',')}"
        num = format(self.value.normalize(), "f").replace(".", ",")
        if self.unit.startswith("%"):
            return f"{num}{self.unit}"
        return self.text


def find_amounts(text: str, skip: list[tuple[int, int]]) -> list[Amount]:
    """Amounts in ``text`` outside the ``skip`` spans (times, citations)."""
    out: list[Amount] = []
    original = text
    text = lower_same_length(text)
    pos = 0
    while (m := _AMOUNT.search(text, pos)) is not None:
        pos = m.end()
        a, b = m.start("num"), m.end()
        if any(s <= a < e for s, e in skip):
            # A skipped year must not take the currency that opens the next amount ("in
            # 2023 EUR 12 miljoen"): look again right after the number.
            pos = m.end("num")
            continue
        if m.group("pre"):
            a = m.start("pre")
        num = m.group("num")
        if num == "acht" and not (m.group("scale") or m.group("post") or m.group("pre")) and \
                _VERB_ACHT.match(text, m.end()):
            continue  # "Het kabinet acht het wenselijk": the verb achten, not eight
        if num[0].isdigit():
            value = digits_value(num)
        elif num.lower() in VAGUE:
            value = None
        elif num.lower() == "een" and m.group("scale"):
            value = Decimal(1)  # "een miljard euro"
        else:
            value = word_value(num)
            if value is None:
                continue
        scale = 1
        if m.group("scale"):
            scale = SCALES[m.group("scale").lower().rstrip(".")]
        post = (m.group("post") or "").lower()
        pre = (m.group("pre") or "").lower()
        if pre in _USD or post == "usd" or "dollar" in post:
            currency = "USD"
        else:
            currency = "EUR" if (pre or post in ("euro", "eur")) else ""
        unit = ""
        if num.lower() == "de helft" or post == "%" or post.startswith(("procent", "pct")):
            unit = "procentpunt" if "punt" in post else "%"
            # The base belongs to the figure: 2% of the bbp is not 2% of the budget.
            base, b = percentage_base(text, b)
            if base:
                unit = f"{unit} {base}"
        elif not currency:
            w = _WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
            if w and w.group(0) not in _NOT_UNIT:
                unit = unit_name(original[w.start() : w.end()])
                b = w.end()
                per = PER_HOUR.match(text, b)
                if per:
                    unit, b = f"{unit}/uur", per.end()
            elif not m.group("scale") and value is not None and num[0].isdigit() \
                    and len(num) <= 2 and not currency:
                pass  # a bare small number: still a figure
        if value is not None:
            value = value * scale
        before = _BOUND.search(text, max(0, a - 20), a)
        bound = _BOUNDS[" ".join(before.group(1).split())] if before else ""
        out.append(Amount(" ".join(original[a:b].split()), a, b, value, unit, currency, scale,
                          bound))
    return out
