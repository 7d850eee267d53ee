"""The scoring helper finds every kind of difference it is meant to find."""

from __future__ import annotations

from monitor.model import Answer, Document, Footnote, Question

from .exactness import furniture_in, refused, score, summary

EXPECTED = {
    "questions": 2,
    "answers": [{"numbers": [1], "refers_to": []}, {"numbers": [2], "refers_to": [1]}],
    "footnotes": 1,
}


def _doc(
    answer_two: str = "Zie het antwoord op vraag 1.", refers: list[int] | None = None
) -> Document:
    return Document(
        identifier="ah-tk-20232024-1",
        questions=[Question(1, "Kent u het bericht?[^1]"), Question(2, "Wat vindt u ervan?")],
        answers=[
            Answer([1], ["Ja."]),
            Answer([2], [answer_two], [1] if refers is None else refers),
        ],
        footnotes=[Footnote("1", "NOS, 3 maart 2024, Een bericht over iets")],
    )


def test_exact_document() -> None:
    result = score(_doc(), EXPECTED)
    assert result.exact, str(result)
    assert str(result) == "ah-tk-20232024-1: exact"


def test_each_difference_is_reported() -> None:
    assert "refers to [], expected [1]" in str(score(_doc(refers=[]), EXPECTED))
    fewer = _doc()
    fewer.questions.pop()
    assert "1 questions, expected 2" in str(score(fewer, EXPECTED))
    merged = _doc()
    merged.answers = [Answer([1, 2], ["Ja."])]
    assert "answer numbers [[1, 2]], expected [[1], [2]]" in str(score(merged, EXPECTED))
    nonotes = _doc()
    nonotes.footnotes = []
    assert "0 footnotes, expected 1" in str(score(nonotes, EXPECTED))


def test_furniture_and_footnote_text_in_bodies() -> None:
    glued = "Nee.\nah-tk-20232024-1\nISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar"
    result = score(_doc(answer_two=glued), EXPECTED)
    assert not result.exact
    assert "ISSN" in str(result) and "identifier line" in str(result)
    leaked = score(
        _doc(answer_two="Zie vraag 1.\n1NOS, 3 maart 2024, Een bericht\nover iets"), EXPECTED
    )
    assert "contains footnote text" in str(leaked)
    # the same short text cited in the running text (without its number) is not a leak
    cited = score(
        _doc(answer_two="Zie vraag 1. NOS, 3 maart 2024, Een bericht over iets"), EXPECTED
    )
    assert cited.exact, str(cited)
    assert furniture_in("Tweede Kamer der Staten-Generaal\n2") == [
        "Tweede Kamer der Staten-Generaal"
    ]
    assert furniture_in("Aanhangsel 12") == ["Aanhangsel footer"]
    # References in running text are not furniture.
    assert furniture_in("Zie ook Aanhangsel Handelingen II 2023/24, nr. 1767.") == []


def test_summary_and_refusals() -> None:
    exact, total, report = summary([score(_doc(), EXPECTED), refused("x", ValueError("boom"))])
    assert (exact, total) == (1, 2)
    assert "x: not parsed: ValueError: boom" in report and report.endswith("exact: 1/2")
