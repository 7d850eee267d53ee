"""The emulator's default corpus: the real samples, generated answers, and the 2026 answer
(PDF only, rendered once from the text in ``samples/`` and shipped as ``samples/ah-1251487.pdf``,
so the demo is complete without reportlab, which is only a test extra)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from monitor.dates import MONTHS
from monitor.emulator.corpus import Corpus
from monitor.emulator.generate import entry_for_document, generate_corpus
from monitor.model import Answer, Document, Format, Kind, Person, Question

HERE = Path(__file__).parent
DEFAULT_CORPUS_DIR = HERE / "default_corpus"
SAMPLE_2026 = HERE / "samples" / "answer-2026-05-19-defensie-european-dependencies.txt"
ID_2026 = "ah-1251487"
PDF_2026 = HERE / "samples" / f"{ID_2026}.pdf"

_NUMBERED = re.compile(r"^\s*(\d{1,2})\.\s+(.*\S)\s*$")
_HEADER = re.compile(
    r"^\s*Antwoord van (?P<role>\w+) (?P<name>[\w\- ]+?) \((?P<ministry>[^)]+)\) "
    r"\(ontvangen (?P<day>\d{1,2}) (?P<month>\w+) (?P<year>\d{4})\)"
)
_RANGE_REF = re.compile(r"Zie antwoord op de vragen (\d+) tot en met (\d+)")


@dataclass
class DefaultCorpusReport:
    notes: list[str] = field(default_factory=list)


def document_from_numbered_text(text: str, identifier: str) -> Document:
    """Build the Document of a numbered-style answer text whose structure is known: "N." lines
    are questions, other paragraphs answer the questions asked since the previous answer."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = _HEADER.match(lines[0]) if lines else None
    if header is None:
        raise ValueError(f"{identifier}: first line is not an 'Antwoord van ...' header")
    received = date(int(header["year"]), MONTHS[header["month"].lower()], int(header["day"]))
    questions: list[Question] = []
    answers: list[Answer] = []
    pending: list[int] = []
    for line in lines[1:]:
        numbered = _NUMBERED.match(line)
        if numbered:
            number = int(numbered.group(1))
            questions.append(Question(number, numbered.group(2)))
            pending.append(number)
            continue
        paragraph = " ".join(line.split())
        if pending:
            answers.append(Answer(list(pending), [paragraph]))
            pending = []
        elif answers:
            answers[-1].paragraphs.append(paragraph)
    for answer in answers:
        ref = _RANGE_REF.search(answer.text)
        if ref:
            answer.refers_to = list(range(int(ref.group(1)), int(ref.group(2)) + 1))
    role = header["role"][0].upper() + header["role"][1:]
    return Document(
        identifier=identifier, kind=Kind.ANSWER, source_format=Format.PDF, chamber="tk",
        vergaderjaar="2025-2026", title="Antwoord op vragen over Europese afhankelijkheden "
        "van Defensie", subject="Europese afhankelijkheden van Defensie",
        ministers=[Person(name=header["name"], role=role)], ministry=header["ministry"],
        date_received=received, questions=questions, answers=answers,
    )


def _question_record_2020(corpus: Corpus) -> None:
    """Give the real kv record (metadata only in the samples) generated XML/HTML manifestations,
    so a demo poll can fetch it; its questions are placeholders, see PROVENANCE.md."""
    entry = corpus.get("kv-tk-2020Z13248")
    if "xml" in entry.files:
        return
    doc = Document(
        identifier=entry.identifier, kind=Kind.QUESTIONS, chamber="tk",
        vergaderjaar=entry.vergaderjaar, zaak=entry.vraagnummer, title=entry.title,
        subject="huisbazen die weigeren loden leidingen te vervangen",
        askers=[Person(name="Nijboer", party="PvdA", role="lid")],
        ministers=[Person(name="", role="Minister")],
        ministry="Binnenlandse Zaken en Koninkrijksrelaties", date_sent=entry.date_sent,
        questions=[
            Question(1, "Bent u bekend met berichten over huisbazen die weigeren loden "
                        "leidingen te vervangen?"),
            Question(2, "Welke mogelijkheden hebben huurders om vervanging af te dwingen?"),
        ],
    )
    generated = entry_for_document(doc, modified=entry.modified, stamp=entry.stamp,
                                   indieners=entry.indieners, content_area=entry.content_area)
    for manifestation in ("xml", "html"):
        entry.files[manifestation] = generated.files[manifestation]
    corpus.add(entry)


def shipped_pdf_2026() -> bytes:
    """The 2026 answer as rendered by ``render_pdf(doc, style="numbered")`` (reportlab 5.1,
    invariant mode); ``tests/emulator`` checks it still parses into the sample's questions."""
    return PDF_2026.read_bytes()


def default_corpus(*, generated: int = 40, seed: int = 1) -> tuple[Corpus, DefaultCorpusReport]:
    """The real samples + ``generated`` generated answer sets + the 2026 PDF-only answer."""
    report = DefaultCorpusReport()
    corpus = Corpus.load(DEFAULT_CORPUS_DIR)
    _question_record_2020(corpus)
    # The same share with or without a renderer keeps the generated corpus the same; without
    # one, generated PDF-only answers come as XML/HTML instead.
    generated_report = generate_corpus(generated, seed=seed, pdf_share=0.1, corpus=corpus)[1]
    if generated_report.pdf_skipped:
        report.notes.append(
            f"reportlab is not installed: {generated_report.pdf_skipped} generated PDF-only "
            "answers are served as XML/HTML (the 2026 answer is a shipped PDF)"
        )
    doc = document_from_numbered_text(SAMPLE_2026.read_text(encoding="utf-8"), ID_2026)
    pdf = shipped_pdf_2026()
    modified = date(2026, 5, 20)
    corpus.add(entry_for_document(
        doc, modified=modified, stamp="2026-05-20T09:14:27.5512093+02:00", indieners=[],
        formats=(), content_area="officielepublicaties/ah/2026", pdf=pdf,
    ))
    return corpus, report
