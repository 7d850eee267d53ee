"""Footnote marks are kept as ``[^N]`` at their place in every format."""

from __future__ import annotations

from pathlib import Path

from monitor.model import Format, tidy_marks, without_marks
from monitor.parse import parse_document

DATA = Path(__file__).parent.parent / "data" / "parse"
TOZO = (DATA / "ah-tk-20202021-3235.xml").read_bytes()


def test_xml_note_becomes_a_mark_in_place() -> None:
    noted = TOZO.replace(
        b"beide voor zelfstandige ondernemers bedoeld zijn,",
        b'beide voor zelfstandige ondernemers bedoeld zijn<noot id="n1" type="voet">'
        b"<noot.nr>1</noot.nr><noot.al>Staatsblad 2020, 118</noot.al></noot>,",
    )
    assert noted != TOZO
    doc = parse_document(noted, Format.XML)
    assert [(f.mark, f.text) for f in doc.footnotes] == [("1", "Staatsblad 2020, 118")]
    assert "ondernemers bedoeld zijn[^1], beide een lening" in doc.questions[0].text
    assert "Staatsblad" not in doc.questions[0].text
    assert doc.parse_status == "complete"


def test_mark_helpers() -> None:
    assert tidy_marks("gedrag? [^1] [^2] en") == "gedrag?[^1][^2] en"
    assert without_marks("gedrag?[^1][^2] en [^x]") == "gedrag? en [^x]"


def test_xml_mededeling_answered_by_letter() -> None:
    from monitor.model import Kind

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><officiele-publicatie><metadata>'
        '<meta name="DC.identifier" content="ah-tk-20232024-77"/></metadata><kamervragen>'
        '<kamervraagomschrijving type="mededeling">Mededeling van Minister De Boer (<organisatie>'
        'Financiën</organisatie>) (ontvangen <datum isodatum="2024-06-03">3 juni 2024</datum>).'
        "</kamervraagomschrijving><kamervraagmededeling><al>De vragen van het lid Jansen (GL) "
        "over de btw zijn beantwoord bij brief van 1 juni 2024 (Kamerstuk 36 410, nr. 3)."
        "</al></kamervraagmededeling></kamervragen></officiele-publicatie>"
    )
    doc = parse_document(xml.encode(), Format.XML)
    assert doc.kind is Kind.ANSWERED_ELSEWHERE
    assert doc.date_received is not None and doc.ministry == "Financiën"
    postponed = xml.replace(
        "zijn beantwoord bij brief van 1 juni 2024",
        "kunnen niet binnen de gebruikelijke termijn worden beantwoord",
    )
    assert parse_document(postponed.encode(), Format.XML).kind is Kind.POSTPONEMENT


def test_json_stored_before_partial_parses_reads_as_complete() -> None:
    from monitor.model import Document

    doc = parse_document((DATA / "ah-tk-20202021-3235.xml").read_bytes(), Format.XML)
    old = doc.to_json()
    del old["parse_status"], old["warnings"]
    restored = Document.from_json(old)
    assert (restored.parse_status, restored.warnings) == ("complete", [])
    assert restored.to_json() == doc.to_json()
