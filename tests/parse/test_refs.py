"""Cross-references in answers: the phrasings of real answers, and what is not a reference."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.parse import refs
from monitor.parse.refs import find_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie ook het antwoord op vraag 1 en 3.", [1, 3]),
        ("Zie antwoord vraag 1.", [1]),
        ("Zie vraag 3.", [3]),
        ("Zie mijn antwoord op vraag 3, 8 en 9.", [3, 8, 9]),
        ("Zie het antwoord op de vragen 2 tot en met 4.", [2, 3, 4]),
        ("Hierop ga ik in het antwoord op vraag 5 nader in.", [5]),
        ("Zoals aangegeven bij vraag 1 is dat zo.", [1]),
        ("Ik verwijs u naar mijn antwoord op vraag 3 en 6.", [3, 6]),
        ("Zie de beantwoording van de vragen 5 t/m 7.", [5, 6, 7]),
        ("Nee, zie antwoord 6.", [6]),
        ("[zie. verder vraag 6]", [6]),
        ("; zie ook het antwoord opvraag 3.", [3]),  # a space lost by the extractor
        ("Zoals in de beantwoording vanvraag 2 opgenomen.", [2]),
        ("De verantwoordelijkheid voor vraag 4 ligt elders.", [4]),  # "verantw…" is no reference
        # other publications, no number, the answer's own question: no reference
        ("Zie ook de antwoorden op de vragen 3 en 4 van het lid Jansen (Aanhangsel Handelingen "
         "II 2023/24, nr. 1045).", []),
        ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1767 en 1775.", []),
        ("In antwoord op vraag 2 van de eerdere vragen (Aanhangsel Handelingen, vergaderjaar "
         "2022–2023, nr. 3) gaf ik aan dat het zo is.", []),
        ("Zoals ik hiervoor heb toegelicht, is dat zo.", []),
        ("Deze vraag 10 beantwoord ik graag.", []),
    ],
)  # fmt: skip
def test_references(text: str, expected: list[int]) -> None:
    assert find_references([text], own=[10], existing=set(range(1, 21))) == expected


# --- the fast search finds what a plain scan of every position finds --------------------------

_TOKENS = [
    "vraag", "Vraag", "VRAGEN", "vragen", "antwoord", "Antwoorden", "verantwoordelijkheid",
    "beantwoording", "van", "vanvraag", "opvraag", "de", "het", "mijn", "zie", "op", "bij",
    "en", "t/m", "tot en met", ",", "-", "1", "2", "3", "4", "12", "2024", "%", ".", "(",
    "Aanhangsel", "é", "’", "«", "\n", " ", "  ",
]  # fmt: skip


def _plain_scan(paragraph: str) -> list[re.Match[str]]:
    """The rule the search implements, tried at every position of the text."""
    lowered = paragraph.lower()
    found: list[re.Match[str]] = []
    at = end = 0
    while at < len(paragraph):
        pattern = None
        if lowered.startswith(("vra", "antw"), at) and at >= end:
            if at == 0 or not paragraph[at - 1].isalnum():
                pattern = refs._REFERENCE
            elif refs._GLUED_WORD.search(lowered[max(0, at - 6) : at]):
                pattern = refs._REFERENCE_GLUED
        match = pattern.match(paragraph, at) if pattern else None
        if match:
            found.append(match)
            end = match.end()
        at += 1
    return found


def _plain_references(paragraphs: list[str], own: set[int], existing: set[int]) -> list[int]:
    numbers: set[int] = set()
    for paragraph in paragraphs:
        for match in _plain_scan(paragraph):
            if not refs._EXTERNAL.match(paragraph[match.end() :]):
                numbers.update(refs.expand_numbers(match["nums"]))
    return sorted((numbers & existing) - own)


# tokens glued or spaced at random: "xvraag 3", "(vraag 3", "vanvraag 3" all occur
_PARAGRAPH = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(["", " "])), max_size=40
).map(lambda parts: "".join(token + glue for token, glue in parts))


def test_a_reference_never_runs_into_the_next_paragraph() -> None:
    # the search runs over all paragraphs at once; each match still ends with its paragraph
    paragraphs = [["Dit hangt samen met vraag", "3 maanden later."], ["Zie antwoord"], ["4."]]
    owns = [{1}, {2}, {3}]
    assert refs.answer_references(paragraphs, owns=owns, existing=range(1, 9)) == [[], [], []]


@given(st.lists(st.lists(_PARAGRAPH, min_size=1, max_size=3), min_size=1, max_size=4))
@settings(max_examples=300)
def test_search_finds_what_a_plain_scan_finds(answers: list[list[str]]) -> None:
    existing = set(range(1, 21))
    owns = [{index + 1} for index in range(len(answers))]
    want = [_plain_references(a, own, existing) for a, own in zip(answers, owns, strict=True)]
    assert refs.answer_references(answers, owns=owns, existing=existing) == want


def test_question_numbers_are_ascii_digits_only() -> None:
    # a reference names its questions in ASCII digits; digits of other scripts are no numbers,
    # which also lets an answer without any digit skip the search
    assert find_references(["Zie het antwoord op vraag 3."], own=[1], existing=[1, 2, 3]) == [3]
    assert find_references(["Zie het antwoord op vraag ٣."], own=[1], existing=[1, 2, 3]) == []
    assert find_references(["Zie het antwoord op vraag drie."], own=[1], existing=[1, 2, 3]) == []
