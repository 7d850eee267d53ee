"""The Mededeling wordings (answered elsewhere, postponed) searched only around "beantwoord".

The search looks at the stretches between full stops and semicolons that hold the word; these
tests hold it to what a search of the whole squashed text finds, on our own sentences and on
random ones built from the words the patterns turn on.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monitor.parse.header import (
    _ANSWERED_ELSEWHERE,
    _POSTPONE_WORDING,
    has_answered_elsewhere_wording,
    has_postponement_wording,
    squash,
)


def whole_answered(text: str) -> bool:
    flat = squash(text)
    return _ANSWERED_ELSEWHERE.search(flat) is not None and not _POSTPONE_WORDING.search(flat)


def whole_postponed(text: str) -> bool:
    return _POSTPONE_WORDING.search(squash(text)) is not None


def test_answered_by_letter_or_in_a_debate() -> None:
    assert has_answered_elsewhere_wording(
        "De vragen van het lid Jansen zijn inmiddels beantwoord bij Kamerbrief van 3 mei."
    )
    assert has_answered_elsewhere_wording(
        "Tijdens het commissiedebat van 4 juni heb ik deze vragen\nbeantwoord; zie de notulen."
    )
    assert has_answered_elsewhere_wording("De vragen kunnen als BEANTWOORD worden beschouwd.")
    # a dotted or dotless capital I matches "i" case-insensitively, as the pattern reads it
    assert has_answered_elsewhere_wording("Deze vragen zijn beantwoord bij KAMERBRİEF van mei.")
    assert has_answered_elsewhere_wording("Deze vragen zijn beantwoord bij BRıEF van mei.")
    # a stretch may start right after the stop, without a space
    assert has_answered_elsewhere_wording("Zie de notulen.Is beantwoord in het notaoverleg.")


def test_not_answered_elsewhere() -> None:
    # the words are there, but in different sentences: no match crosses a full stop
    assert not has_answered_elsewhere_wording("De brief is verstuurd. De vragen zijn beantwoord.")
    # the answer is only promised
    assert not has_answered_elsewhere_wording("De vragen zijn niet in de brief beantwoord.")
    assert not has_answered_elsewhere_wording("Kunt u deze vragen beantwoorden voor het debat?")
    assert not has_answered_elsewhere_wording("")
    # a postponement wins over an answer elsewhere
    assert not has_answered_elsewhere_wording(
        "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord; de brief "
        "volgt. Ze zijn in het debat beantwoord."
    )


def test_postponement_wording() -> None:
    assert has_postponement_wording(
        "De vragen kunnen tot mijn spijt niet binnen de  gestelde\ttermijn worden beantwoord."
    )
    assert not has_postponement_wording("Ze worden binnen de gebruikelijke termijn beantwoord.")
    assert not has_postponement_wording("Niet binnen de termijn. Wel beantwoord.")


_WORDS = st.sampled_from(
    [
        "zijn", "is", "heb", "heeft", "niet", "beantwoord", "Beantwoord", "beantwoording",
        "brief", "Kamerbrief", "debat", "commissiedebat", "overleg", "notaoverleg", "vergadering",
        "als", "worden", "beschouwd", "binnen", "de", "gebruikelijke", "termijn", "gestelde",
        "vragen", "in", "bij", "ſ", "İ", "x" * 130, ".", ";", ",", "(", ")", "brİef", "BRıEF",
        "gebruikelijke",
    ]
)  # fmt: skip
_GAPS = st.sampled_from([" ", "  ", "\n", "\t", " \u00a0", "", ". ", "; "])


@given(st.lists(st.tuples(_WORDS, _GAPS), max_size=40))
def test_same_as_a_search_of_the_whole_text(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in pieces)
    assert has_answered_elsewhere_wording(text) == whole_answered(text)
    assert has_postponement_wording(text) == whole_postponed(text)
