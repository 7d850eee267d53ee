"""Bad input: each case is one specific error, one line, naming the publication and the reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from monitor.errors import MalformedDocument, ParseError, SegmentationError, UnsafeDocument
from monitor.model import Format
from monitor.parse import parse_document

DATA = Path(__file__).parent.parent / "data" / "parse"
TOZO = (DATA / "ah-tk-20202021-3235.xml").read_bytes()
ID = "ah-tk-20202021-3235"

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE officiele-publicatie [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<officiele-publicatie><kamervragen><vraag><nr>Vraag 1</nr><al>&xxe;</al></vraag>
</kamervragen></officiele-publicatie>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<officiele-publicatie><kamervragen><vraag><nr>Vraag 1</nr><al>&lol3;</al></vraag>
</kamervragen></officiele-publicatie>"""


def _one_line(exc: pytest.ExceptionInfo[ParseError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("payload", [XXE, LAUGHS])
def test_doctype_and_entities_refused(payload: bytes) -> None:
    with pytest.raises(UnsafeDocument) as exc:
        parse_document(payload, Format.XML, identifier=ID)
    message = _one_line(exc)
    assert message.startswith(f"{ID}: ") and "DOCTYPE" in message
    assert "root:" not in message  # nothing of /etc/passwd leaks into the message


def test_truncated_xml() -> None:
    with pytest.raises(MalformedDocument) as exc:
        parse_document(TOZO[: len(TOZO) // 2], Format.XML, identifier=ID)
    assert _one_line(exc).startswith(f"{ID}: not well-formed XML: line ")


def test_not_a_kamervragen_xml() -> None:
    with pytest.raises(MalformedDocument, match=r"not a kamervragen publication \(root <foo>\)"):
        parse_document(b"<foo/>", Format.XML, identifier=ID)


def test_truncated_html() -> None:
    html = (DATA / "ah-tk-20202021-3235.html").read_bytes()
    with pytest.raises(MalformedDocument, match="truncated HTML"):
        parse_document(html[: len(html) // 2], Format.HTML, identifier=ID)


@pytest.mark.parametrize("fmt", list(Format))
def test_empty_file(fmt: Format) -> None:
    with pytest.raises(MalformedDocument, match=rf"^{ID}: empty {fmt.value} document$"):
        parse_document(b"  \n", fmt, identifier=ID)


def test_not_a_pdf() -> None:
    with pytest.raises(MalformedDocument) as exc:
        parse_document(b"<html>Fout 404</html>", Format.PDF, identifier="ah-1251487")
    assert _one_line(exc).startswith("ah-1251487: not a PDF (starts with ")


def test_broken_pdf() -> None:
    with pytest.raises(MalformedDocument, match=r"^ah-1: broken PDF: "):
        parse_document(b"%PDF-1.4\n%garbage with no objects", Format.PDF, identifier="ah-1")


def test_pdf_without_text_layer() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.rect(100, 100, 300, 500, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(MalformedDocument, match=r"^ah-2: PDF has no text layer"):
        parse_document(buffer.getvalue(), Format.PDF, identifier="ah-2")


def test_empty_answer_xml() -> None:
    broken = TOZO.replace(
        b"<al>Ja. De hoogte van de rente op rentedragende leningen op grond van het Bbz bedraagt "
        b"in alle gevallen 8%.</al>",
        b"",
    )
    assert broken != TOZO
    doc = parse_document(broken, Format.XML)
    assert doc.parse_status == "partial"
    assert doc.warnings == ["answer 8 is empty", "question 8 has no answer"]
    assert [a.numbers for a in doc.answers] == [[n] for n in range(1, 10) if n != 8]


def test_empty_answer_text() -> None:
    text = "Vraag 1\nIs dit zo?\n\nAntwoord 1\n\nVraag 2\nEn dit?\n\nAntwoord 2\nJa.\n"
    doc = parse_document(text.encode(), Format.TEXT, identifier="ah-3")
    assert (doc.parse_status, doc.warnings) == (
        "partial",
        ["answer 1 is empty", "question 1 has no answer"],
    )
    assert [(a.numbers, a.text) for a in doc.answers] == [([2], "Ja.")]


def test_impossible_date() -> None:
    text = (
        "Antwoord van staatssecretaris Boswijk (Defensie) (ontvangen 30 februari 2026)\n"
        "1. Is dit zo?\nJa.\n"
    )
    with pytest.raises(MalformedDocument) as exc:
        parse_document(text.encode(), Format.TEXT, identifier="ah-4")
    assert _one_line(exc) == "ah-4: impossible date '30 februari 2026' in the header"


def test_impossible_isodatum_in_xml() -> None:
    broken = TOZO.replace(b'isodatum="2021-06-03"', b'isodatum="2021-02-30"')
    with pytest.raises(MalformedDocument, match="impossible date '2021-02-30'"):
        parse_document(broken, Format.XML)


@pytest.mark.parametrize(
    ("text", "reason", "answers"),
    [
        ("Vraag 1\nA?\nAntwoord 1\nJa.\nAntwoord 2\nNee.\n",
         "answer 2 is numbered for question 2, which does not exist", [[1], [2]]),
        ("Vraag 1\nA?\nVraag 1\nB?\nAntwoord 1\nJa.\n", "question 1 appears twice", [[1]]),
        ("Antwoord van Minister X (Financiën) (ontvangen 3 juni 2021)\nVraag 1\nA?\nVraag 2\nB?\n",
         "an answer document whose questions have no answers", []),
        ("Vraag 1\nA?\nVraag 2\nB?\nAntwoord 1\nJa.\n", "question 2 has no answer", [[1]]),
        ("Vraag 1\nA?\nVraag 3\nB?\nAntwoord 1\nJa.\nAntwoord 3\nJa.\n", "question 2 is missing",
         [[1], [3]]),
        ("Vraag 1\nA?\nAntwoord 1\nJa.\nAntwoord 1\nNee.\n", "question 1 is answered twice",
         [[1], [1]]),
    ],
)  # fmt: skip
def test_inconsistent_numbering_is_partial(
    text: str, reason: str, answers: list[list[int]]
) -> None:
    doc = parse_document(text.encode(), Format.TEXT, identifier="ah-5")
    assert doc.parse_status == "partial"
    assert any(reason in warning for warning in doc.warnings), doc.warnings
    assert [a.numbers for a in doc.answers] == answers
    assert doc.to_json()["parse_status"] == "partial"
    assert doc.to_json()["warnings"] == doc.warnings


def test_nothing_to_segment_is_refused() -> None:
    with pytest.raises(SegmentationError) as exc:
        parse_document(b"Zomaar wat tekst zonder structuur.\n", Format.TEXT, identifier="ah-5")
    assert _one_line(exc) == "ah-5: no questions or answers found"
