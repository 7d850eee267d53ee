"""Dutch dates, as the publications write them ("3 juni 2021"): one month table, one reader.

Every stage that reads or writes a Dutch date (the header parser, alerts, web pages, the
emulator's rendered answers) uses this module, so that "mrt" or a misspelt month cannot be
accepted in one place and refused in another.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from monitor.errors import MalformedDocument

MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
# A month's full name in a regular expression (a non-capturing group), for the readers of dates
# in running text (the analysis of statements, citations, footnotes).
MONTH_PATTERN = "(?:" + "|".join(MONTH_NAMES) + ")"
# The abbreviations the answers use in running text ("15 mrt", "sept"), with their month.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
DUTCH_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})\b",
                        re.IGNORECASE)  # fmt: skip


def format_dutch_date(value: date) -> str:
    """``date(2021, 6, 3)`` -> ``"3 juni 2021"``."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def dutch_date(value: Any) -> str:
    """An ISO date (``"2026-05-19"``, a timestamp's first ten characters) as ``19 mei 2026``.

    For stored payloads, where a date may be missing: anything else is shown as given.
    """
    if not isinstance(value, str) or not value:
        return "onbekende datum" if not value else str(value)
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return format_dutch_date(day)


def parse_dutch_date(text: str, *, where: str) -> date | None:
    """The first Dutch date ("3 juni 2021") in ``text``; an impossible date is an error."""
    match = DUTCH_DATE.search(text)
    return None if match is None else checked_date(match, where)


def checked_date(match: re.Match[str], where: str) -> date:
    """The date of a :data:`DUTCH_DATE` match; an impossible date is an error."""
    day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        raise MalformedDocument(f"{where}: impossible date {match[0]!r} in the header") from None
