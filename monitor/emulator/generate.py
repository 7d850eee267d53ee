"""Generate a realistic corpus: answers (XML + HTML, or PDF only in the 2026 style),
postponement notices, and kv question records linked to their answers.

Every publication is rendered from one :class:`monitor.model.Document`, so its XML, HTML, PDF
and metadata agree. Generation is deterministic for a given seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from monitor.dates import MONTH_NAMES
from monitor.dates import format_dutch_date as dutch_date
from monitor.emulator import vocabulary as vocab
from monitor.emulator.corpus import Corpus, Entry, file_name
from monitor.emulator.render import (
    CHAMBER_NAMES,
    enumerate_nl,
    render_html,
    render_metadata,
    render_metadata_owms,
    render_xml,
)
from monitor.model import Answer, Document, Format, Kind, Person, Question

PdfRenderer = Callable[..., bytes]
PUBLICATIE_ANSWERS = "Kamervragen (Aanhangsel)"
PUBLICATIE_QUESTIONS = "Kamervragen zonder antwoord"
PDF_ONLY_SINCE = date(2026, 1, 1)


def pdf_renderer() -> PdfRenderer | None:
    """``monitor.emulator.pdf.render_pdf``, or None where reportlab (a test extra) is missing."""
    try:
        from monitor.emulator.pdf import render_pdf
    except ModuleNotFoundError as exc:
        if exc.name == "reportlab":
            return None
        raise
    return render_pdf


def vergaderjaar(day: date) -> str:
    """The parliamentary year (from the third Tuesday of September; September 1st is close)."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def stamp_for(day: date, rng: random.Random | None = None) -> str:
    r = rng or random.Random(day.toordinal())
    return (f"{day.isoformat()}T{r.randint(7, 19):02d}:{r.randint(0, 59):02d}:"
            f"{r.randint(0, 59):02d}.{r.randint(0, 9_999_999):07d}+02:00")


def entry_for_document(
    doc: Document,
    *,
    modified: date,
    stamp: str,
    indieners: list[str],
    formats: tuple[str, ...] = ("xml", "html"),
    abbreviation: str = "",
    notice: str = "",
    answer_link: str = "",
    content_area: str = "",
    pdf: bytes | None = None,
    subjects: list[str] | None = None,
) -> Entry:
    """The corpus entry (record metadata and manifestation files) of one publication."""
    question_record = doc.kind is Kind.QUESTIONS
    subrubriek = {Kind.ANSWER: "Antwoord", Kind.POSTPONEMENT: "Mededeling"}.get(
        doc.kind, "Schriftelijke vragen"
    )
    publicatienaam = PUBLICATIE_QUESTIONS if question_record else PUBLICATIE_ANSWERS
    doc_type = PUBLICATIE_QUESTIONS if question_record else "Aanhangsel van de Handelingen"
    ontvangers = [] if question_record else [p.name for p in doc.ministers]
    creator = CHAMBER_NAMES.get(doc.chamber, CHAMBER_NAMES["tk"])
    files: dict[str, bytes | Path | None] = {}
    if "xml" in formats:
        files["xml"] = render_xml(doc, abbreviation=abbreviation, notice=notice)
    if "html" in formats:
        files["html"] = render_html(doc, indieners=indieners, ontvangers=ontvangers,
                                    publicatienaam=publicatienaam, subrubriek=subrubriek,
                                    notice=notice)
    if pdf is not None:
        files["pdf"] = pdf
    available = doc.date_sent if question_record else doc.date_received
    meta_fields = [
        ("OVERHEIDop.documentStatus", "", "Opgemaakt na onopgemaakt"),
        ("DC.title", "", doc.title),
        *([("OVERHEIDop.aanhangselNummer", "", doc.aanhangsel_number)]
          if doc.aanhangsel_number else []),
        *[("OVERHEIDop.indiener", "", i) for i in indieners],
        *[("OVERHEIDop.ontvanger", "", o) for o in ontvangers],
        ("OVERHEIDop.publicationName", "", publicatienaam),
        ("OVERHEIDop.vergaderjaar", "", doc.vergaderjaar),
        ("OVERHEIDop.vraagnummer", "", doc.zaak),
        ("DC.creator", "OVERHEID.StatenGeneraal", creator),
        ("DC.type", "OVERHEIDop.AanhangselTypen", subrubriek),
    ]
    files["metadata"] = render_metadata(doc.identifier, meta_fields)
    oep: list[tuple[str, str]] = [("documentStatus", "Opgemaakt na onopgemaakt")]
    if doc.aanhangsel_number:
        oep.append(("aanhangselNummer", doc.aanhangsel_number))
    oep += [("indiener", i) for i in indieners] + [("ontvanger", o) for o in ontvangers]
    oep += [("publicationName", publicatienaam), ("vergaderjaar", doc.vergaderjaar),
            ("vraagnummer", doc.zaak)]
    if doc.date_sent and question_record:
        oep.append(("datumIndiening", doc.date_sent.isoformat()))
    if doc.date_received and not question_record:
        oep.append(("datumOntvangst", doc.date_received.isoformat()))
    if answer_link:
        oep.append(("aanhangsel", answer_link))
    files["metadataowms"] = render_metadata_owms(
        identifier=doc.identifier, title=doc.title,
        types=[("OVERHEIDop.AanhangselTypen" if not question_record else
                "OVERHEIDop.KamervraagTypen", subrubriek),
               ("OVERHEIDop.Parlementair", doc_type)],
        creator=creator, modified=modified, available=available, oep=oep,
    )
    return Entry(
        identifier=doc.identifier, modified=modified, stamp=stamp, version=doc.version,
        title=doc.title, doc_type=doc_type, creator=creator, publicatienaam=publicatienaam,
        subrubriek=subrubriek, aanhangselnummer=doc.aanhangsel_number, vraagnummer=doc.zaak,
        vergaderjaar=doc.vergaderjaar, indieners=list(indieners), ontvangers=ontvangers,
        date_received=None if question_record else doc.date_received,
        date_sent=doc.date_sent if question_record else None,
        available=available, content_area=content_area, subjects=list(subjects or []),
        files=files,
    )


@dataclass
class GenerationReport:
    answers: int = 0
    pdf_answers: int = 0
    postponements: int = 0
    questions: int = 0
    pdf_skipped: int = 0  # PDF-only answers made XML/HTML because render_pdf is missing
    identifiers: list[str] = field(default_factory=list)


class Generator:
    """Deterministic source of publications (see :func:`generate_corpus`)."""

    def __init__(self, *, seed: int, since: date, until: date, pdf_share: float = 0.0,
                 question_share: float = 0.3, postponement_share: float = 0.05,
                 unanswered_share: float = 0.02) -> None:
        if since > until:
            raise ValueError(f"since {since} is after until {until}")
        self.rng = random.Random(seed)
        self.since, self.until = since, until
        self.pdf_share = pdf_share
        self.question_share = question_share
        self.postponement_share = postponement_share
        self.unanswered_share = unanswered_share
        self._aanhangsel: dict[str, int] = {}
        self._zaken: set[str] = set()
        self._pdf_ids: set[int] = set()
        self.render_pdf = pdf_renderer() if pdf_share > 0 else None
        self.report = GenerationReport()

    # --- text -------------------------------------------------------------------------------
    def _fill(self, pattern: str, topic: str, year: int) -> str:
        r = self.rng
        return pattern.format(
            topic=topic, year=year, next_year=year + 1, pct=r.randint(3, 45),
            amount=r.randint(2, 900), count=r.randint(40, 25_000),
            month=MONTH_NAMES[r.randint(0, 11)],
        )

    def _paragraph(self, topics: tuple[str, ...], year: int, n: int) -> str:
        patterns = self.rng.sample(vocab.ANSWER_SENTENCES, n)
        return " ".join(self._fill(p, self.rng.choice(topics), year) for p in patterns)

    def _question_count(self) -> int:
        return max(2, min(30, round(self.rng.lognormvariate(math.log(10), 0.45))))

    # --- numbers ------------------------------------------------------------------------------
    def _zaak(self, year: int) -> str:
        while True:
            zaak = f"{year}Z{self.rng.randint(1, 25_000):05d}"
            if zaak not in self._zaken:
                self._zaken.add(zaak)
                return zaak

    def _aanhangsel_number(self, vj: str) -> str:
        self._aanhangsel[vj] = self._aanhangsel.get(vj, self.rng.randint(1, 40)) + 1
        return str(self._aanhangsel[vj])

    def _pdf_id(self) -> str:
        while True:
            n = self.rng.randint(1_200_000, 1_299_999)
            if n not in self._pdf_ids:
                self._pdf_ids.add(n)
                return f"ah-{n}"

    def _day(self, not_before: date | None = None) -> date:
        lo = self.since
        if not_before is not None and not_before <= self.until:
            lo = max(lo, not_before)
        return lo + timedelta(days=self.rng.randint(0, (self.until - lo).days))

    # --- publications ---------------------------------------------------------------------------
    def publications(self, answers: int) -> Iterator[Entry]:
        """Yield ``answers`` answers plus their postponement notices and question records."""
        for _ in range(answers):
            yield from self._one_set()
            if self.rng.random() < self.unanswered_share:
                yield from self._one_set(answered=False)

    def _one_set(self, *, answered: bool = True) -> Iterator[Entry]:
        r = self.rng
        ministry, abbreviation, people, topics = r.choice(vocab.MINISTRIES)
        role, minister = r.choice(people)
        members = r.sample(vocab.MEMBERS, r.choice((1, 1, 1, 2, 2, 3)))
        askers = [Person(name=name, party=party, role="lid") for name, party in members]
        indieners = [f"{r.choice(vocab.INITIALS)} {name}" for name, _ in members]
        topic = r.choice(topics)
        pdf_only = r.random() < self.pdf_share
        if pdf_only and self.render_pdf is None:
            self.report.pdf_skipped += 1
            pdf_only = False
        # PDF-only "ah-<number>" publications exist since 2026: keep them there when possible.
        received = self._day(PDF_ONLY_SINCE if pdf_only else None)
        sent = received - timedelta(days=r.randint(10, 70))
        vj = vergaderjaar(received)
        zaak = self._zaak(sent.year)
        n = self._question_count()
        questions = [
            Question(i, self._fill(r.choice(vocab.QUESTION_PATTERNS), topic, received.year))
            for i in range(1, n + 1)
        ]
        answers = self._answers(n, topics, received.year)
        who = ("het lid " if len(askers) == 1 else "de leden ") + enumerate_nl(
            [a.name for a in askers])
        title = f"Antwoord op vragen van {who} over {topic}"
        base = Document(
            identifier="", kind=Kind.ANSWER, chamber="tk", vergaderjaar=vj, zaak=zaak,
            title=title, subject=topic, askers=askers,
            ministers=[Person(name=minister, role=role)], ministry=ministry,
            date_sent=sent, date_received=received, questions=questions, answers=answers,
        )
        if not answered:
            yield self._question_record(base, indieners, answer_link="")
            return
        answer = self._answer(base, indieners, abbreviation, pdf_only)
        if r.random() < self.question_share:
            yield self._question_record(base, indieners, answer_link=answer.identifier)
        if r.random() < self.postponement_share:
            yield self._postponement(base, indieners, abbreviation, who)
        yield answer

    def _answers(self, n: int, topics: tuple[str, ...], year: int) -> list[Answer]:
        r = self.rng
        out: list[Answer] = []
        i = 1
        while i <= n:
            group = [i]
            if i < n and r.random() < 0.12:
                group = list(range(i, min(n, i + r.choice((1, 1, 2))) + 1))
            paragraphs = [self._paragraph(topics, year, r.randint(2, 5))
                          for _ in range(r.choice((1, 1, 2, 2, 3)))]
            refers: list[int] = []
            if i > 2 and r.random() < 0.1:
                target = r.randint(1, i - 1)
                refers = [target]
                if r.random() < 0.5:
                    paragraphs = [f"Zie het antwoord op vraag {target}."]
                else:
                    paragraphs[0] = f"Zie het antwoord op vraag {target}. " + paragraphs[0]
            out.append(Answer(group, paragraphs, refers))
            i = group[-1] + 1
        return out

    def _modified(self, received: date) -> date:
        r = self.rng
        delay = 0 if r.random() < 0.6 else r.randint(1, 40)
        return min(self.until, received + timedelta(days=delay))

    def _answer(self, base: Document, indieners: list[str], abbreviation: str,
                pdf_only: bool) -> Entry:
        assert base.date_received is not None
        received = base.date_received
        doc = _copy(base)
        doc.aanhangsel_number = "" if pdf_only else self._aanhangsel_number(base.vergaderjaar)
        modified = self._modified(received)
        if pdf_only:
            doc.identifier = self._pdf_id()
            doc.source_format = Format.PDF
            area = f"officielepublicaties/ah/{received.year}"
            style: Literal["labelled", "numbered"] = self.rng.choice(("labelled", "numbered"))
            assert self.render_pdf is not None
            pdf = self.render_pdf(doc, style=style)
            entry = entry_for_document(doc, modified=modified, stamp=stamp_for(modified, self.rng),
                                       indieners=indieners, formats=(), abbreviation=abbreviation,
                                       content_area=area, pdf=pdf)
            self.report.pdf_answers += 1
        else:
            compact = base.vergaderjaar.replace("-", "")
            doc.identifier = f"ah-tk-{compact}-{doc.aanhangsel_number}"
            entry = entry_for_document(doc, modified=modified, stamp=stamp_for(modified, self.rng),
                                       indieners=indieners, abbreviation=abbreviation,
                                       content_area=f"officielepublicaties/ah-tk/{compact}")
        self.report.answers += 1
        self.report.identifiers.append(doc.identifier)
        return entry

    def _postponement(self, base: Document, indieners: list[str], abbreviation: str,
                      who: str) -> Entry:
        assert base.date_sent is not None and base.date_received is not None
        received = min(base.date_received, base.date_sent + timedelta(days=21))
        doc = _copy(base)
        doc.kind = Kind.POSTPONEMENT
        doc.answers = []
        doc.date_received = received
        doc.vergaderjaar = vergaderjaar(received)
        doc.aanhangsel_number = self._aanhangsel_number(doc.vergaderjaar)
        compact = doc.vergaderjaar.replace("-", "")
        doc.identifier = f"ah-tk-{compact}-{doc.aanhangsel_number}"
        doc.title = f"Mededeling over het uitstel van de beantwoording van vragen van {who}"
        notice = vocab.NOTICE.format(who=who, topic=base.subject, sent=dutch_date(base.date_sent))
        modified = min(self.until, received)
        self.report.postponements += 1
        return entry_for_document(doc, modified=modified, stamp=stamp_for(modified, self.rng),
                                  indieners=indieners, abbreviation=abbreviation, notice=notice,
                                  content_area=f"officielepublicaties/ah-tk/{compact}")

    def _question_record(self, base: Document, indieners: list[str], answer_link: str) -> Entry:
        assert base.date_sent is not None
        doc = _copy(base)
        doc.kind = Kind.QUESTIONS
        doc.answers = []
        doc.ministers = []
        doc.date_received = None
        doc.vergaderjaar = vergaderjaar(base.date_sent)
        doc.identifier = f"kv-tk-{base.zaak}"
        doc.title = base.subject[0].upper() + base.subject[1:]
        self.report.questions += 1
        day = max(self.since, base.date_sent)
        return entry_for_document(doc, modified=day, stamp=stamp_for(day, self.rng),
                                  indieners=indieners, answer_link=answer_link,
                                  content_area=f"officielepublicaties/kv-tk/{base.zaak}")


def _copy(doc: Document) -> Document:
    return Document.from_json(doc.to_json())


def _spill(entry: Entry, out: Path) -> None:
    """Write an entry's files to ``out`` and keep only their paths in memory."""
    folder = out / entry.identifier / f"v{entry.version}"
    folder.mkdir(parents=True, exist_ok=True)
    for manifestation in list(entry.files):
        content = entry.content(manifestation)
        if content is None:
            continue
        path = folder / file_name(entry.identifier, manifestation)
        path.write_bytes(content)
        entry.files[manifestation] = path


def generate_corpus(
    answers: int,
    *,
    seed: int = 1,
    pdf_share: float = 0.0,
    since: date = date(2024, 9, 1),
    until: date = date(2026, 5, 31),
    out: str | Path | None = None,
    corpus: Corpus | None = None,
    **options: Any,
) -> tuple[Corpus, GenerationReport]:
    """Generate ``answers`` answer sets into ``corpus`` (new by default); with ``out``, write
    the folder format there and keep only file paths in memory."""
    target = corpus if corpus is not None else Corpus()
    generator = Generator(seed=seed, since=since, until=until, pdf_share=pdf_share, **options)
    folder = Path(out) if out is not None else None
    for entry in generator.publications(answers):
        if folder is not None:
            _spill(entry, folder)
        target.add(entry)
    if folder is not None:
        target.save(folder)
    return target, generator.report
