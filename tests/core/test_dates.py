"""The one Dutch month table: its names, its pattern and its abbreviations agree."""

from __future__ import annotations

import re
from datetime import date

import pytest

from monitor.dates import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTH_PATTERN,
    MONTHS,
    format_dutch_date,
    parse_dutch_date,
)


def test_the_pattern_matches_each_month_name_whole_and_nothing_else() -> None:
    month = re.compile(rf"{MONTH_PATTERN}\Z")
    assert all(month.match(name) for name in MONTH_NAMES)
    assert not any(month.match(word) for word in ("jan", "mrt", "meiden", "juli1", "zomer"))


def test_an_abbreviation_names_the_month_it_abbreviates() -> None:
    for short, number in MONTH_ABBREVIATIONS.items():
        name = MONTH_NAMES[number - 1]
        # "mrt" drops letters; every other abbreviation is the name's start
        assert name.startswith(short) or (short, name) == ("mrt", "maart")
    assert set(MONTH_ABBREVIATIONS.values()) == set(range(1, 13)) - {5}  # "mei" is short already
    assert {name: n for n, name in enumerate(MONTH_NAMES, 1)} == MONTHS


@pytest.mark.parametrize("day", [date(2021, 6, 3), date(2026, 3, 31), date(2024, 2, 29)])
def test_a_written_date_reads_back(day: date) -> None:
    assert parse_dutch_date(f"Den Haag, {format_dutch_date(day)}.", where="test") == day
