"""The 8 real KOOP answer PDFs parse exactly: structure, cross-references, footnotes apart.

Scored with the shared ``exactness`` helper against the hand-read ``expected.json``; the score is
printed (``pytest -s``). Beyond the counts: every footnote's mark stands in the text as ``[^N]``
where the superscript was, and the notes' own texts carry no marks or furniture.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitor.model import Document, Format
from monitor.parse import parse_file

from .exactness import Score, furniture_in, refused, score, summary

REAL = Path(__file__).parent.parent / "data" / "parse" / "real-pdf"
EXPECTED: dict[str, dict[str, object]] = json.loads((REAL / "expected.json").read_text("utf-8"))


def _parse(name: str) -> Document:
    return parse_file(REAL / f"{name}.pdf")


def _score(name: str) -> Score:
    try:
        doc = _parse(name)
    except Exception as exc:
        return refused(name, exc)
    return score(doc, EXPECTED[name], name)


def test_real_pdfs_score() -> None:
    exact, total, report = summary(_score(name) for name in sorted(EXPECTED))
    print(f"\n{report}\nreal PDFs exact: {exact}/{total}")
    assert total == 8
    assert exact == total, report


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_marks_stand_where_the_superscripts_were(name: str) -> None:
    doc = _parse(name)
    assert doc.source_format is Format.PDF
    body = "\n".join([q.text for q in doc.questions] + [a.text for a in doc.answers])
    marks = re.findall(r"\[\^(\d+)\]", body)
    assert sorted(set(marks), key=int) == [n.mark for n in doc.footnotes]
    # a mark is glued to the word or sign it annotates, never floating after a space
    assert not re.search(r"\s\[\^\d+\]", body)
    for note in doc.footnotes:
        assert note.text and "[^" not in note.text, note
        assert not furniture_in(note.text), note
    numbers = [int(n.mark) for n in doc.footnotes]
    assert numbers == list(range(1, len(numbers) + 1))  # numbering runs through the document


def test_footnote_continued_on_the_next_page_is_one_note() -> None:
    # ah-tk-20232024-1771: note 6 starts at the foot of page 3 and ends on page 4
    notes = {n.mark: n.text for n in _parse("ah-tk-20232024-1771").footnotes}
    assert notes["6"].startswith("Er zijn twee soorten gaasverpakkingen")
    assert notes["6"].endswith(".")
    assert "Een aanvalsplan" not in notes["6"] and notes["7"].startswith("Een aanvalsplan")


def test_mark_inside_a_sentence_and_metadata_from_the_first_page() -> None:
    doc = _parse("ah-tk-20232024-1178")
    answer = next(a for a in doc.answers if a.numbers == [3])
    assert "van de genoemde Amerikaanse wetgeving[^3]. Deze wetgeving" in answer.text
    assert doc.identifier == "ah-tk-20232024-1178" and doc.aanhangsel_number == "1178"
    assert doc.vergaderjaar == "2023-2024" and doc.askers[0].name == "Sneller"
    assert doc.footnotes[7].text == (
        "https://www.aivd.nl/documenten/publicaties/2023/04/04/pqc-migratie-handboek"
    )
