"""The header's date pattern finds exactly what monitor.dates.DUTCH_DATE finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monitor.dates import DUTCH_DATE
from monitor.errors import MalformedDocument
from monitor.parse.header import _DATE, parse_header


def found(pattern: object, text: str) -> list[tuple[str, ...]]:
    assert pattern is _DATE or pattern is DUTCH_DATE
    return [m.group(0, 1, 2, 3) for m in pattern.finditer(text)]


def test_dates_in_running_text() -> None:
    text = "(ingezonden 3 juni 2021), ontvangen 21 JUNI 2021 en x4 mei 2020, 123 mei 2020"
    assert found(_DATE, text) == [("3 juni 2021", "3", "juni", "2021"),
                                  ("21 JUNI 2021", "21", "JUNI", "2021")]  # fmt: skip
    assert found(_DATE, "op 3\nmei\t2020.") == [("3\nmei\t2020", "3", "mei", "2020")]
    assert found(_DATE, "_3 mei 2020, 3 mei 20201, 3 meiden 2020") == []


def test_an_impossible_date_in_the_header_is_refused() -> None:
    try:
        parse_header("Vergaderjaar 2020-2021, gedrukt 31 juni 2021.", where="x")
    except MalformedDocument as exc:
        assert "31 juni 2021" in str(exc)
    else:
        raise AssertionError("31 juni was accepted")


_NOISE = st.sampled_from(["", "x", "_", "1", "(", ".", " ", "٣", "-", "mei"])
_DAY = st.sampled_from(["1", "3", "12", "123", "٣", ""])
_GAP = st.sampled_from([" ", "  ", "\n", "", "\u00a0"])
_MONTH = st.sampled_from(["juni", "JUNI", "JUNİ", "mei", "meiden", "augustus", "maart", "x"])
_YEAR = st.sampled_from(["2021", "20211", "202", "2021x", "2021_", "2021."])
_CANDIDATE = st.tuples(_NOISE, _DAY, _GAP, _MONTH, _GAP, _YEAR, _NOISE).map("".join)


@given(st.lists(_CANDIDATE, max_size=8))
def test_same_matches_as_dutch_date(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert found(_DATE, text) == found(DUTCH_DATE, text)
