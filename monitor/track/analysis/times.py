"""Times as intervals with their relation, anchored on the date of the answer.

"vóór 1 juli" and "uiterlijk 30 juni" are the same deadline; "voor" and "vóór" are one word;
"voor de zomer" is before the summer recess (see :mod:`.calendar`); "binnen twee maanden" is
counted from the answer's date; "drie jaar" is a duration (time, never a figure).

Every time is reduced to a comparable ``key``: ``("by", last day)``, ``("from", first day)``,
``("in", first, last)``, ``("around", first, last)``, ``("duration", months)`` or
``("vague", term)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from monitor import dates
from monitor.track.analysis import calendar as cal
from monitor.track.analysis.numbers import WORD_NUMBER_PATTERN, digits_value, word_value

MONTHS = {**dates.MONTHS, **dates.MONTH_ABBREVIATIONS}
_MONTH = dates.MONTH_PATTERN
_YEAR = r"(?:19|20)\d\d"
_ORD = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4,
        "laatste": 4}
# Any count: digits, or any Dutch number word ("veertien", "vierentwintig", "honderd").
_NUM = rf"(?:\d+|een\s+half|een|één|half|anderhalve?|enkele|een\s+paar|een\s+aantal|" \
       rf"(?=[a-zë]{{3}})(?:{WORD_NUMBER_PATTERN}))"
_UNIT = r"(?:dagen|dag|werkdagen|weken|week|maanden|maand|kwartalen|kwartaal|halfjaar|jaren|jaar)"
_YEARREF = rf"(?:{_YEAR}|dit\s+jaar|volgend\s+jaar|komend\s+jaar|vorig\s+jaar)"

_ANCHOR = re.compile(
    # Matched on lower-cased text (much faster than IGNORECASE), from word starts only.
    r"\b(?:" + "|".join([
        r"(?P<thisyear>nog\s+dit\s+(?:kalender)?jaar|dit\s+(?:kalender)?jaar\s+nog)",
        rf"(?P<day>\d{{1,2}})\s+(?P<dmonth>{_MONTH})(?:\s+(?P<dyear>{_YEAR}))?",
        rf"(?P<nday>\d{{1,2}})[-/.](?P<nmonth>\d{{1,2}})[-/.](?P<nyear>{_YEAR})",
        rf"(?P<recess>zomerreces|kerstreces|voorjaarsreces|krokusreces|meireces|paasreces|"
        rf"herfstreces)(?:\s+(?:van\s+)?(?P<ryear>{_YEAR}))?",
        rf"(?P<event>prinsjesdag|miljoenennota|voorjaarsnota|jaarwisseling|"
        rf"begrotingsbehandeling(?:en)?)(?:\s+(?:van\s+)?(?P<eyear>{_YEAR}))?",
        rf"(?P<qord>eerste|tweede|derde|vierde|laatste|[1-4]e)\s+kwartaal"
        rf"(?:\s+(?:van\s+)?(?P<qyear>{_YEARREF}))?",
        rf"\bq(?P<qn>[1-4])(?:\s+(?:van\s+)?(?P<qnyear>{_YEAR}))?",
        rf"(?P<hord>eerste|tweede)\s+(?:helft|halfjaar|jaarhelft)(?:\s+(?:van\s+)?"
        rf"(?P<hyear>{_YEARREF}))?",
        rf"(?:(?P<sdem>dit|deze|komend|komende|volgend|volgende|aanstaande|afgelopen)\s+)?"
        rf"(?P<season>voorjaar|lente|zomer|najaar|herfst|winter)(?:\s+(?:van\s+)?"
        rf"(?P<syear>{_YEARREF}))?",
        rf"(?P<month>{_MONTH})(?:\s+(?:van\s+)?(?P<myear>{_YEARREF}))?",
        r"(?P<yrel>dit|volgend|komend|vorig|lopend)e?\s+jaar",
        r"(?P<theyear>het\s+jaar|dit\s+kalenderjaar|het\s+kalenderjaar)",
        rf"(?P<y1>{_YEAR})\s*(?:[-–]|tot\s+en\s+met|t/m|tot)\s*(?P<y2>{_YEAR})",
        rf"(?P<year>{_YEAR})",
        rf"(?P<n>{_NUM})\s+(?P<unit>{_UNIT})(?P<lang>\s+lang)?",
        rf"(?P<komende>komende|aankomende|eerstkomende|eerstvolgende)\s+(?P<kunit>{_UNIT}|"
        rf"periode|tijd)",
        r"(?P<vague>binnenkort|spoedig|op\s+korte\s+termijn|op\s+(?:middel)?lange\s+termijn|"
        r"zo\s+(?:spoedig|snel)\s+(?:als\s+)?mogelijk|z\.s\.m\.|op\s+termijn|"
        r"(?:deze|de\s+komende|volgende)\s+kabinetsperiode|in\s+de\s+nabije\s+toekomst|"
        r"te\s+zijner\s+tijd|t\.z\.t\.|te\s+gelegener\s+tijd|op\s+enig\s+moment|op\s+een\s+later\s+moment|later\s+dit\s+jaar|"
        r"in\s+de\s+toekomst|zo\s+snel\s+als\s+het\s+kan|spoedig)",
    ]) + ")",
)
# What may stand before an anchor: a relation, then "het/de", then a part ("eind van het").
_BEFORE = re.compile(
    r"(?:(?P<rel>uiterlijk(?:\s+(?:vóór|voor|in|op|per))?|niet\s+eerder\s+dan|"
    r"niet\s+later\s+dan|vóór|voor|voorafgaand\s+aan|na\s+afloop\s+van|na|ná|vanaf|sinds|per|"
    r"met\s+ingang\s+van|rond|rondom|omstreeks|tegen|tijdens|gedurende|in\s+de\s+loop\s+van|in|"
    r"op|tot\s+en\s+met|t/m|tot|binnen|over|bij|nog|vanaf|voor\s+een\s+periode\s+van|"
    r"voor\s+de\s+duur\s+van)\s+)?"
    r"(?:(?:het|de)\s+)?"
    r"(?:(?P<part>begin|eind|einde|medio|midden|halverwege)\s+(?:van\s+)?(?:(?:het|de)\s+)?)?$",
    re.IGNORECASE,
)

_BEFORE_REL = {"vóór", "voor", "voorafgaand aan", "tegen", "tot", "uiterlijk vóór",
               "uiterlijk voor"}
_BY_REL = {"uiterlijk", "niet later dan", "tot en met", "t/m", "uiterlijk in", "uiterlijk op",
           "uiterlijk per", "nog"}
_AFTER_REL = {"na", "ná", "na afloop van"}
_FROM_REL = {"vanaf", "sinds", "per", "met ingang van", "niet eerder dan"}
_AROUND_REL = {"rond", "rondom", "omstreeks"}
_DURATION_REL = {"gedurende", "voor een periode van", "voor de duur van"}
_UNIT_MONTHS = {"dag": 1 / 30, "dagen": 1 / 30, "werkdagen": 1 / 21, "week": 0.25,
                "weken": 0.25, "maand": 1, "maanden": 1, "kwartaal": 3, "kwartalen": 3,
                "halfjaar": 6, "jaar": 12, "jaren": 12}
_UNIT_DAYS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "werkdagen": 7 / 5}


@dataclass(frozen=True, slots=True)
class TimeValue:
    """One time expression: as written, its relation, its interval, and its comparison key."""

    text: str
    start: int
    end: int
    relation: str  # by / from / in / around / duration / vague
    first: date | None
    last: date | None
    key: tuple[str, ...]

    def describe(self) -> str:
        return self.text


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _count(word: str) -> float | None:
    w = _norm(word)
    if w in ("een", "één"):
        return 1.0
    if w in ("een half", "half"):
        return 0.5
    if w in ("enkele", "een paar", "een aantal"):
        return None
    v = digits_value(w) if w[0].isdigit() else word_value(w)
    return float(v) if v is not None else None


def _year_of(ref: str | None, anchor: date) -> int | None:
    if not ref:
        return None
    r = _norm(ref)
    if r[:1].isdigit():
        return int(r)
    if r.startswith("dit"):
        return anchor.year
    if r.startswith(("volgend", "komend")):
        return anchor.year + 1
    if r.startswith("vorig"):
        return anchor.year - 1
    return None


def _future(interval: tuple[date, date], yearless: bool, anchor: date,
            shift: int = 1) -> tuple[date, date]:
    """A term without a year that already lies behind the answer's date means the next one."""
    if yearless and interval[1] < anchor:
        a, b = interval
        return a.replace(year=a.year + shift), b.replace(year=b.year + shift)
    return interval


def _interval(m: re.Match[str], part: str | None, rel: str | None,
              anchor: date) -> tuple[date, date] | None:
    g = m.groupdict()
    year: int | None
    try:
        if g["day"]:
            year = int(g["dyear"]) if g["dyear"] else anchor.year
            d = date(year, MONTHS[g["dmonth"].lower()], int(g["day"]))
            return _future((d, d), not g["dyear"], anchor)
        if g["nday"]:
            d = date(int(g["nyear"]), int(g["nmonth"]), int(g["nday"]))
            return d, d
        if g["qord"] or g["qn"]:
            n = _ORD[g["qord"].lower()] if g["qord"] else int(g["qn"])
            year = _year_of(g["qyear"] or g["qnyear"], anchor)
            return _future(cal.quarter(n, year or anchor.year), year is None, anchor)
        if g["hord"]:
            year = _year_of(g["hyear"], anchor)
            return _future(cal.half(_ORD[g["hord"].lower()], year or anchor.year),
                           year is None, anchor)
        if g["season"]:
            name = g["season"].lower()
            year = _year_of(g["syear"], anchor)
            dem = (g["sdem"] or "").lower()
            base = year or anchor.year
            if dem.startswith(("volgend",)):
                base += 1
            if name == "zomer" and rel in _BEFORE_REL | _AFTER_REL | {"uiterlijk"}:
                iv = cal.recess("zomerreces", base)
            else:
                iv = cal.season(name, base)
            if dem == "afgelopen":
                return iv
            return _future(iv, year is None and not dem.startswith("volgend"), anchor)
        if g["recess"]:
            year = int(g["ryear"]) if g["ryear"] else None
            return _future(cal.recess(g["recess"].lower(), year or anchor.year), year is None,
                           anchor)
        if g["event"]:
            year = int(g["eyear"]) if g["eyear"] else None
            name = g["event"].lower()
            name = name[:-2] if name.endswith("ngen") else name
            return _future(cal.event(name, year or anchor.year), year is None, anchor)
        if g["month"]:
            year = _year_of(g["myear"], anchor)
            month = MONTHS[g["month"].lower()]
            y = year or anchor.year
            if part:
                iv = cal.part_of_month(part, y, month)
            else:
                iv = (date(y, month, 1), cal.month_end(y, month))
            return _future(iv, year is None, anchor)
        if g["yrel"] or g["theyear"] or g["year"]:
            if g["year"]:
                y = int(g["year"])
            elif g["yrel"]:
                y = _year_of(g["yrel"], anchor) or anchor.year
            else:
                y = anchor.year
            if part:
                return cal.part_of_year(part, y)
            return date(y, 1, 1), date(y, 12, 31)
        if g["y1"]:
            return date(int(g["y1"]), 1, 1), date(int(g["y2"]), 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def find_times(text: str, anchor: date) -> list[TimeValue]:
    """Every time expression in ``text`` (citations should already be blanked out)."""
    out: list[TimeValue] = []
    text = lower_same_length(text)
    for m in _ANCHOR.finditer(text):
        if not _boundary(text, m.start(), m.end()):
            continue
        before = _BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        rel = _norm(before.group("rel")) if before and before.group("rel") else None
        part = _norm(before.group("part")) if before and before.group("part") else None
        start = m.start() - (len(before.group(0)) if before else 0)
        written = _norm(text[start : m.end()])
        g = m.groupdict()
        if g["thisyear"]:
            last = date(anchor.year, 12, 31)
            out.append(TimeValue(written, start, m.end(), "by", None, last,
                                 ("by", last.isoformat())))
            continue
        if g["vague"] or g["komende"]:
            term = _norm(m.group(0)).replace("zo snel", "zo spoedig")
            term = term.replace("z.s.m.", "zo spoedig mogelijk")
            out.append(TimeValue(written, start, m.end(), "vague", None, None, ("vague", term)))
            continue
        if g["n"]:
            tv = _relative(m, rel, anchor, written, start)
            if tv is not None:
                out.append(tv)
            continue
        iv = _interval(m, part, rel, anchor)
        if iv is None:
            continue
        first, last = iv
        key: tuple[str, ...]
        if rel in _BEFORE_REL and part in ("eind", "einde"):
            # "voor het einde van 2024" is the whole year, not before its last months.
            key, relation = ("by", last.isoformat()), "by"
        elif rel in _BEFORE_REL:
            key, relation = ("by", (first - timedelta(days=1)).isoformat()), "by"
        elif rel in _BY_REL:
            key, relation = ("by", last.isoformat()), "by"
        elif rel in _AFTER_REL:
            key, relation = ("from", (last + timedelta(days=1)).isoformat()), "from"
        elif rel in _FROM_REL:
            key, relation = ("from", first.isoformat()), "from"
        elif rel in _AROUND_REL:
            key, relation = ("around", first.isoformat(), last.isoformat()), "around"
        else:
            key, relation = ("in", first.isoformat(), last.isoformat()), "in"
        out.append(TimeValue(written, start, m.end(), relation, first, last, key))
    return out


def lower_same_length(text: str) -> str:
    """``text`` in lower case with every offset kept (a character whose lower case is longer,
    such as "İ", stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _boundary(text: str, a: int, b: int) -> bool:
    before = text[a - 1] if a > 0 else " "
    after = text[b] if b < len(text) else " "
    return not (before.isalnum() or before in "-‐") and not (after.isalnum() or after in "-‐")


def _relative(m: re.Match[str], rel: str | None, anchor: date, written: str,
              start: int) -> TimeValue | None:
    n = _count(m.group("n"))
    unit = m.group("unit").lower()
    months = None if n is None else n * _UNIT_MONTHS[unit]
    # Days and weeks are counted in days ("14 dagen" = "twee weken"), longer units in months.
    days = None if n is None else (
        round(n * _UNIT_DAYS[unit]) if unit in _UNIT_DAYS else round(n * _UNIT_MONTHS[unit]
                                                                      * 30.44))
    if rel in ("binnen", "uiterlijk", "uiterlijk over", "nog"):
        if days is None:
            return TimeValue(written, start, m.end(), "vague", None, None, ("vague", written))
        last = anchor + timedelta(days=days)
        return TimeValue(written, start, m.end(), "by", None, last, ("by", last.isoformat()))
    if rel in ("over", "na", "ná") and days is not None:
        at = anchor + timedelta(days=days)
        return TimeValue(written, start, m.end(), "in", at, at, ("in", at.isoformat(),
                                                               at.isoformat()))
    if n is not None and unit in _UNIT_DAYS:
        value = f"{days}d"
    else:
        value = f"{months:g}" if months is not None else _norm(m.group("n"))
    return TimeValue(written, start, m.end(), "duration", None, None, ("duration", value))


def past_year(tv: TimeValue, anchor: date) -> TimeValue:
    """``tv`` moved a year back when it was written without a year and lies after ``anchor``
    (a report's "op 12 juni" said in September is this June, not next June)."""
    if tv.first is None or tv.first <= anchor or re.search(_YEAR, tv.text):
        return tv
    if tv.relation not in ("in", "around"):
        return tv
    first = tv.first.replace(year=tv.first.year - 1)
    last = tv.last.replace(year=tv.last.year - 1) if tv.last else first
    key = (tv.relation, first.isoformat(), last.isoformat())
    return TimeValue(tv.text, tv.start, tv.end, tv.relation, first, last, key)
