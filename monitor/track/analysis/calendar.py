"""The Dutch parliamentary calendar: the terms ministers use for "when", as date intervals.

Our own table, because no date library knows these. Each term maps to an interval
``[start, end]`` (inclusive days) in a given year:

=====================  ==========================================================================
term                   interval
=====================  ==========================================================================
zomerreces             first Friday on or after 1 July, 8 weeks and 3 days (to the Monday)
                       (2025: 4 Jul - 1 Sep; 2026: 3 Jul - 31 Aug)
kerstreces             the Friday on or before 20 December, 24 days (to the Monday in January)
voorjaarsreces         (krokusreces) the Friday of ISO week 7, 10 days
meireces               the last Friday on or before 26 April, 17 days
herfstreces            the Friday of ISO week 42, 10 days
Prinsjesdag            the third Tuesday of September (Miljoenennota the same day)
Voorjaarsnota          1 April - 1 June (it must reach the Kamer before 1 June)
voorjaar / lente       1 March - 31 May
zomer                  1 June - 31 August; but "voor de zomer" means before the summer recess and
                       "na de zomer" after it, as in every answer that uses them
najaar / herfst        1 September - 30 November
winter                 1 December - end of February of the next year
begin / medio / eind   of a year: January-February / June-July / November-December;
                       of a month: days 1-10 / 11-20 / 21-end
kwartaal, helft        Q1-Q4; eerste/tweede helft (jaar) = January-June / July-December
jaarwisseling          31 December - 1 January
=====================  ==========================================================================
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta


def _first_weekday_on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _last_weekday_on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def recess(name: str, year: int) -> tuple[date, date]:
    """The recess of the Tweede Kamer called ``name`` in ``year``."""
    if name == "zomerreces":
        start = _first_weekday_on_or_after(date(year, 7, 1), 4)
        return start, start + timedelta(days=59)
    if name == "kerstreces":
        start = _last_weekday_on_or_before(date(year, 12, 20), 4)
        return start, start + timedelta(days=24)
    if name in ("voorjaarsreces", "krokusreces"):
        start = date.fromisocalendar(year, 7, 5)
        return start, start + timedelta(days=10)
    if name in ("meireces", "paasreces"):
        start = _last_weekday_on_or_before(date(year, 4, 26), 4)
        return start, start + timedelta(days=17)
    if name == "herfstreces":
        start = date.fromisocalendar(year, 42, 5)
        return start, start + timedelta(days=10)
    raise KeyError(name)


RECESSES = ("zomerreces", "kerstreces", "voorjaarsreces", "krokusreces", "meireces",
            "paasreces", "herfstreces")


def prinsjesdag(year: int) -> date:
    return _first_weekday_on_or_after(date(year, 9, 1), 1) + timedelta(days=14)


def season(name: str, year: int) -> tuple[date, date]:
    if name in ("voorjaar", "lente"):
        return date(year, 3, 1), date(year, 5, 31)
    if name == "zomer":
        return date(year, 6, 1), date(year, 8, 31)
    if name in ("najaar", "herfst"):
        return date(year, 9, 1), date(year, 11, 30)
    if name == "winter":
        return date(year, 12, 1), month_end(year + 1, 2)
    raise KeyError(name)


SEASONS = ("voorjaar", "lente", "zomer", "najaar", "herfst", "winter")


def event(name: str, year: int) -> tuple[date, date]:
    """Named moments of the budget year."""
    if name in ("prinsjesdag", "miljoenennota", "begroting"):
        d = prinsjesdag(year)
        return d, d
    if name == "voorjaarsnota":
        return date(year, 4, 1), date(year, 6, 1)
    if name == "jaarwisseling":
        return date(year, 12, 31), date(year + 1, 1, 1)
    if name in ("begrotingsbehandeling", "begrotingsbehandelingen"):
        return date(year, 10, 1), date(year, 11, 30)
    raise KeyError(name)


EVENTS = ("prinsjesdag", "miljoenennota", "voorjaarsnota", "jaarwisseling",
          "begrotingsbehandeling")


def part_of_year(part: str, year: int) -> tuple[date, date]:
    if part == "begin":
        return date(year, 1, 1), date(year, 2, month_end(year, 2).day)
    if part in ("medio", "midden", "halverwege"):
        return date(year, 6, 1), date(year, 7, 31)
    if part in ("eind", "einde", "eind van", "einde van", "eind van het jaar"):
        return date(year, 11, 1), date(year, 12, 31)
    raise KeyError(part)


def part_of_month(part: str, year: int, month: int) -> tuple[date, date]:
    if part == "begin":
        return date(year, month, 1), date(year, month, 10)
    if part in ("medio", "midden", "halverwege"):
        return date(year, month, 11), date(year, month, 20)
    return date(year, month, 21), month_end(year, month)


def quarter(n: int, year: int) -> tuple[date, date]:
    start = date(year, 3 * (n - 1) + 1, 1)
    return start, month_end(year, 3 * n)


def half(n: int, year: int) -> tuple[date, date]:
    if n == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))
