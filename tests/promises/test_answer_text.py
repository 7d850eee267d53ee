"""An answer taken apart once (AnswerText) reads exactly as each reading taking it apart itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitor.model import Answer, Document, Kind
from monitor.parse import parse_file
from monitor.promises.answer_text import AnswerText, answer_texts
from monitor.promises.discover import discover, reports
from monitor.promises.withdraw import withdrawals
from tests.samples import REAL_ANSWERS

_DAY = date(2025, 6, 2)


@pytest.mark.parametrize("path", sorted(REAL_ANSWERS.glob("*.txt"))[:8], ids=lambda p: p.stem)
def test_prepared_texts_read_as_the_answers_do(path: Path) -> None:
    doc = parse_file(path)
    texts = answer_texts(doc)
    assert discover(doc, received=_DAY, texts=texts) == discover(doc, received=_DAY)
    assert reports(doc, received=_DAY, texts=texts) == reports(doc, received=_DAY)
    assert withdrawals(doc, texts) == withdrawals(doc)


def test_a_cut_sentence_is_joined_and_glued_words_are_apart() -> None:
    text = AnswerText.of(["Ik wil ervoor", "zorgen dat de regeling voor de zomer klaar is. "
                          "Daarnaast zalik uw Kamer in 2026 informeren."])
    assert text.joined.startswith("Ik wil ervoor zorgen dat")
    assert "zal ik uw Kamer" in text.text
    sentences = [text.text[a:b] for a, b, _ in text.sentences]
    assert sentences[-1] == "Daarnaast zal ik uw Kamer in 2026 informeren."
    assert all(low == text.text[a:b].lower() for a, b, low in text.sentences)


def test_a_glued_promise_is_found_through_the_prepared_text() -> None:
    doc = Document(identifier="ah-x", kind=Kind.ANSWER, ministry="Financiën",
                   answers=[Answer(numbers=[1], paragraphs=[
                       "Daarnaast zalik uw Kamer voor 1 oktober informeren over de evaluatie "
                       "van de fiscale regeling voor zonnepanelen."])])
    [found] = discover(doc, received=_DAY, texts=answer_texts(doc))
    assert found.act == "informeren" and found.deadline.last == date(2025, 9, 30)
