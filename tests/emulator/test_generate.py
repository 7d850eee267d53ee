"""The generator and the default corpus: realistic, consistent across formats, deterministic."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from monitor import parse
from monitor.emulator import Corpus
from monitor.emulator import generate as generate_module
from monitor.emulator.defaults import (
    ID_2026,
    SAMPLE_2026,
    default_corpus,
    document_from_numbered_text,
    shipped_pdf_2026,
)
from monitor.emulator.generate import generate_corpus, pdf_renderer, vergaderjaar
from monitor.emulator.render import blocks, label, render_xml
from monitor.model import Answer, Document, Format, Kind, Question

OEP = "{http://standaarden.overheid.nl/oep/meta/}"


@pytest.fixture(scope="module")
def generated() -> Corpus:
    corpus, report = generate_corpus(120, seed=7, pdf_share=0.0)
    assert report.answers == 120
    return corpus


def _answers(corpus: Corpus) -> list[etree._Element]:
    return [etree.fromstring(e.content("xml") or b"") for e in corpus.current()
            if e.subrubriek == "Antwoord" and "xml" in e.files]


def test_answers_have_realistic_size_and_question_counts(generated: Corpus) -> None:
    roots = _answers(generated)
    counts = [len(r.findall(".//vraag")) for r in roots]
    assert 8 <= statistics.median(counts) <= 12
    assert min(counts) >= 2 and max(counts) <= 30
    sizes = [len(e.content("xml") or b"") for e in generated.current()
             if e.subrubriek == "Antwoord"]
    assert 3_000 <= statistics.median(sizes) <= 20_000
    sentences = [s for r in roots for al in r.iter("al") for s in (al.text or "").split(". ")]
    assert 8 <= statistics.median(len(s.split()) for s in sentences) <= 30


def test_every_question_is_answered_and_labels_match(generated: Corpus) -> None:
    for root in _answers(generated):
        asked = [int(nr.text.split()[1]) for nr in root.iterfind(".//vraag/nr")]
        assert asked == list(range(1, len(asked) + 1))
        answered: list[int] = []
        for nr in root.iterfind(".//antwoord/nr"):
            words = nr.text.replace(",", " ").split()
            assert words[0] == "Antwoord"
            answered += [int(w) for w in words[1:] if w.isdigit()]
        assert sorted(answered) == asked


def test_metadata_is_consistent_across_record_xml_and_html(generated: Corpus) -> None:
    for entry in generated.current():
        if entry.subrubriek != "Antwoord" or "xml" not in entry.files:
            continue
        root = etree.fromstring(entry.content("xml") or b"")
        assert root.findtext(".//kamervraagnummer") == entry.aanhangselnummer
        assert entry.identifier == (
            f"ah-tk-{entry.vergaderjaar.replace('-', '')}-{entry.aanhangselnummer}")
        html = (entry.content("html") or b"").decode()
        assert f'content="{entry.vraagnummer}"' in html
        assert html.count('<div class="vraag">') == len(root.findall(".//vraag"))
        assert entry.vergaderjaar == vergaderjaar(entry.date_received or entry.modified)
        assert entry.date_received is not None and entry.modified >= entry.date_received


def test_questions_link_to_existing_answers(generated: Corpus) -> None:
    ids = set(generated.identifiers())
    linked = 0
    for entry in generated.current():
        if entry.publicatienaam != "Kamervragen zonder antwoord":
            continue
        root = etree.fromstring(entry.content("metadataowms") or b"")
        link = root.findtext(f".//{OEP}aanhangsel")
        if link:
            linked += 1
            assert link in ids
            answer = generated.get(link)
            assert answer.vraagnummer == entry.vraagnummer
    assert linked >= 10


def test_postponements_exist_and_carry_no_answers(generated: Corpus) -> None:
    notices = [e for e in generated.current() if e.subrubriek == "Mededeling"]
    assert notices
    for entry in notices:
        root = etree.fromstring(entry.content("xml") or b"")
        assert root.findall(".//antwoord") == [] and root.findall(".//vraag")
        assert "niet binnen de gebruikelijke termijn" in (entry.content("html") or b"").decode()


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a, _ = generate_corpus(15, seed=11, out=tmp_path / "a")
    b, _ = generate_corpus(15, seed=11, out=tmp_path / "b")
    assert a.identifiers() == b.identifiers()
    for identifier in a.identifiers():
        for m in a.get(identifier).files:
            assert a.get(identifier).content(m) == b.get(identifier).content(m)
    assert Corpus.load(tmp_path / "a").identifiers() == a.identifiers()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=12))
def test_blocks_put_every_question_before_its_answer(groups: list[int]) -> None:
    """Property: whatever the grouping, each question appears once, before its answer."""
    questions, answers, n = [], [], 1
    for size in groups:
        numbers = list(range(n, n + size))
        questions += [Question(k, f"Vraag {k}?") for k in numbers]
        answers.append(Answer(numbers, [f"Antwoord op {numbers}."]))
        n += size
    doc = Document(identifier="x", kind=Kind.ANSWER, questions=questions, answers=answers)
    seen: set[int] = set()
    order = blocks(doc)
    assert [b for b in order if b[0] == "vraag"] == [("vraag", [q.number], [q.text])
                                                    for q in questions]
    for what, numbers, _ in order:
        if what == "vraag":
            seen.update(numbers)
        else:
            assert set(numbers) <= seen
    xml = render_xml(doc)
    for answer in answers:
        assert f"<nr status=\"officieel\">{label('Antwoord', answer.numbers)}</nr>".encode() in xml


def test_grouped_labels_read_like_the_real_ones() -> None:
    assert label("Antwoord", [4, 5]) == "Antwoord 4 en 5"
    assert label("Vraag", [2, 3, 4]) == "Vraag 2, 3 en 4"


def test_the_2026_answer_document() -> None:
    doc = document_from_numbered_text(SAMPLE_2026.read_text(encoding="utf-8"), ID_2026)
    assert [q.number for q in doc.questions] == list(range(1, 12))
    assert doc.answers[0].numbers == [1, 2, 3, 4]
    ten = next(a for a in doc.answers if a.numbers == [10])
    assert ten.refers_to == [1, 2, 3, 4]
    eight = next(a for a in doc.answers if a.numbers == [8])
    assert "voornemens om ook deel te nemen aan het Europees Defensie-Industrie" in eight.text
    assert doc.date_received == date(2026, 5, 19)
    assert doc.ministers[0].name == "Boswijk" and doc.ministry == "Defensie"


needs_pdf = pytest.mark.skipif(pdf_renderer() is None,
                               reason="reportlab (the test extra) is not installed")


@pytest.mark.parametrize("renderer", [True, False], ids=["reportlab", "default-install"])
def test_default_corpus_serves_the_2026_answer_as_pdf_only(
    renderer: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not renderer:  # as after `./scripts/run`'s install, where reportlab is missing
        monkeypatch.setattr(generate_module, "pdf_renderer", lambda: None)
    elif pdf_renderer() is None:
        pytest.skip("reportlab (the test extra) is not installed")
    corpus, report = default_corpus(generated=30)
    assert all("reportlab is not installed" in note for note in report.notes), report.notes
    assert not renderer or report.notes == []
    entry = corpus.get(ID_2026)
    assert set(entry.files) == {"pdf", "metadata", "metadataowms"}
    assert entry.path("pdf") == "/frbr/officielepublicaties/ah/2026/ah-1251487/1/pdf/ah-1251487.pdf"
    assert (entry.content("pdf") or b"").startswith(b"%PDF")
    assert corpus.get("ah-tk-20202021-3235").content("xml")


@needs_pdf
def test_generated_pdf_only_answers_are_2026_style() -> None:
    corpus, report = generate_corpus(20, seed=3, pdf_share=0.5)
    pdfs = [e for e in corpus.current() if "pdf" in e.files]
    assert report.pdf_answers == len(pdfs) >= 4
    for entry in pdfs:
        assert entry.identifier.startswith("ah-") and entry.identifier[3:].isdigit()
        assert "xml" not in entry.files and "html" not in entry.files
        assert entry.modified >= date(2026, 1, 1)
        assert (entry.content("pdf") or b"").startswith(b"%PDF")


@needs_pdf
def test_the_shipped_2026_pdf_is_what_the_renderer_makes_of_the_sample() -> None:
    """samples/ah-1251487.pdf must be re-rendered whenever the sample text or renderer changes."""
    render = pdf_renderer()
    assert render is not None
    doc = document_from_numbered_text(SAMPLE_2026.read_text(encoding="utf-8"), ID_2026)
    fresh = parse.parse_document(render(doc, style="numbered"), Format.PDF, identifier=ID_2026)
    shipped = parse.parse_document(shipped_pdf_2026(), Format.PDF, identifier=ID_2026)
    assert fresh.to_json() == shipped.to_json()


def test_parse_stage_reads_what_the_emulator_serves() -> None:
    """Cross-check with the parse stage: the 2026 PDF gives back its structure."""

    corpus, _ = default_corpus(generated=0)
    doc = parse.parse_document(corpus.get(ID_2026).content("pdf"), Format.PDF,
                               identifier=ID_2026)
    assert len(doc.questions) == 11
    assert doc.answers[0].numbers == [1, 2, 3, 4]
    assert next(a for a in doc.answers if 10 in a.numbers).refers_to == [1, 2, 3, 4]


def test_parse_stage_reads_generated_xml_and_html_alike(generated: Corpus) -> None:
    """Cross-check with the parse stage: both manifestations give the same structure."""

    entries = [e for e in generated.current() if e.subrubriek == "Antwoord"][:15]
    for entry in entries:
        from_xml = parse.parse_document(entry.content("xml"), Format.XML,
                                        identifier=entry.identifier)
        from_html = parse.parse_document(entry.content("html"), Format.HTML,
                                         identifier=entry.identifier)
        root = etree.fromstring(entry.content("xml") or b"")
        assert len(from_xml.questions) == len(root.findall(".//vraag")), entry.identifier
        assert [q.number for q in from_xml.questions] == [q.number for q in from_html.questions]
        assert [a.numbers for a in from_xml.answers] == [a.numbers for a in from_html.answers]
        assert [a.refers_to for a in from_xml.answers] == [a.refers_to for a in from_html.answers]
        assert from_xml.zaak == entry.vraagnummer or not from_xml.zaak
