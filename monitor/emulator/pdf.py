"""Render a :class:`~monitor.model.Document` as a PDF laid out like an official Aanhangsel.

Used for test fixtures and by the KOOP emulator to serve PDF-only publications. The output is
deterministic (reportlab invariant mode: fixed dates, no random ids): the same document always
gives the same bytes. Lines are justified and long words are hyphenated at line ends wherever the
parser's de-hyphenation rule will restore them (:mod:`monitor.emulator.pdf_lines`), so parsing
the PDF back gives the same text.
"""

from __future__ import annotations

import io
import re
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from monitor.dates import format_dutch_date
from monitor.emulator.pdf_lines import (
    BOLD,
    LEFT,
    MARK,
    MARK_RISE,
    MARK_SIZE,
    PAGE_H,
    REGULAR,
    RIGHT,
    WIDTH,
    Line,
    register_fonts,
    text_width,
    wrap,
)
from monitor.model import Document, Kind, Person

__all__ = ["render_pdf"]

_TOP = PAGE_H - 72.0
_BODY, _LEADING, _GAP = 10.0, 13.0, 8.0
_NOTE, _NOTE_LEADING = 8.0, 10.0
_BOTTOM = 80.0  # lowest baseline for body text and footnotes (the footer sits below)
_INDENT = 24.0  # hanging indent of numbered questions
_MARK_AFTER = set("?.!»”’\")]:;,") | set("abcdefghijklmnopqrstuvwxyzàáâäèéêëìíîïòóôöùúûü")
_KOOP_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")


def _date(value: object) -> str:
    from datetime import date

    assert isinstance(value, date)
    return format_dutch_date(value)


def _asked_sentence(doc: Document) -> str:
    if not doc.askers or doc.date_sent is None:
        return ""
    groups: list[tuple[list[str], str]] = []
    for person in doc.askers:
        if groups and groups[-1][1] == person.party:
            groups[-1][0].append(person.name)
        else:
            groups.append(([person.name], person.party))

    def names(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]

    if len(groups) == 1 and len(groups[0][0]) > 1 and groups[0][1]:
        word = "beiden" if len(groups[0][0]) == 2 else "allen"
        who = f"{names(groups[0][0])} ({word} {groups[0][1]})"
    else:
        who = names([f"{names(n)} ({p})" if p else names(n) for n, p in groups])
    lid = "het lid" if len(doc.askers) == 1 else "de leden"
    role = doc.ministers[0].role if doc.ministers else "Minister"
    to = f"{role} van {doc.ministry}" if doc.ministry else f"{role}"
    about = f" over {doc.subject}" if doc.subject else ""
    return f"Vragen van {lid} {who} aan de {to}{about} (ingezonden {_date(doc.date_sent)})."


def _reply_sentence(doc: Document) -> str:
    if doc.kind not in (Kind.ANSWER, Kind.POSTPONEMENT) or doc.date_received is None:
        return ""
    word = "Mededeling" if doc.kind is Kind.POSTPONEMENT else "Antwoord"

    def official(person: Person) -> str:
        return f"{person.role or 'Minister'} {person.name} ({doc.ministry})"

    who = " en ".join(official(p) for p in doc.ministers) or f"Minister ({doc.ministry})"
    return f"{word} van {who} (ontvangen {_date(doc.date_received)})."


def _related_sentence(identifier: str) -> str:
    match = re.match(r"^ah-(?:tk|ek)-(\d{4})(\d{4})-(\d+)$", identifier)
    if not match:
        return ""
    return f"Zie ook Aanhangsel Handelingen, vergaderjaar {match[1]}–{match[2]}, nr. {match[3]}."


def _label(word: str, numbers: list[int]) -> str:
    items = [str(n) for n in numbers]
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
    return f"{word} {joined}"


def _body(doc: Document, style: str) -> list[tuple[str, str, list[int]]]:
    """Blocks in reading order: ("label"|"question"|"paragraph", text, question numbers)."""
    blocks: list[tuple[str, str, list[int]]] = []
    by_last: dict[int, list[int]] = {}
    for index, answer in enumerate(doc.answers):
        if answer.numbers:
            by_last.setdefault(max(answer.numbers), []).append(index)
    questions = doc.questions
    i = 0
    while i < len(questions):
        group = [questions[i]]
        while (
            style == "labelled" and i + len(group) < len(questions)
            and questions[i + len(group)].text == questions[i].text
        ):  # fmt: skip
            group.append(questions[i + len(group)])
        numbers = [q.number for q in group]
        if style == "labelled":
            blocks.append(("label", _label("Vraag", numbers), numbers))
            blocks.extend(("paragraph", p, numbers) for p in group[0].text.split("\n\n"))
        else:
            blocks.append(("question", group[0].text, numbers))
        for number in numbers:
            for index in by_last.get(number, []):
                answer = doc.answers[index]
                if style == "labelled":
                    blocks.append(("label", _label("Antwoord", answer.numbers), answer.numbers))
                blocks.extend(("paragraph", p, answer.numbers) for p in answer.paragraphs)
        i += len(group)
    return blocks


def _attach_marks(lines_by_block: list[list[Line]], count: int, placed: set[str]) -> None:
    """Glue footnote marks 1..count not ``placed`` in the text to paragraph ends, spread out."""
    candidates = [
        block[-1] for block in lines_by_block
        if block and block[-1].words and block[-1].words[-1][-1:].lower() in _MARK_AFTER
    ]  # fmt: skip
    if not candidates or not count:
        return
    for n in range(1, count + 1):
        if str(n) in placed:
            continue
        target = candidates[min(len(candidates) - 1, (n - 1) * len(candidates) // count)]
        if target.marks:  # two marks glued together would read as one number
            free = [c for c in candidates if not c.marks]
            if not free:
                return
            target = free[0]
        target.marks.append(str(n))


def render_pdf(doc: Document, *, style: Literal["labelled", "numbered"] = "labelled") -> bytes:
    """An A4 PDF of ``doc`` in the labelled ("Vraag 1") or numbered ("1.") style."""
    register_fonts()
    lines: list[Line] = []
    chamber = "Eerste Kamer" if doc.chamber == "ek" else "Tweede Kamer"
    vergaderjaar = doc.vergaderjaar.replace("-", "–")
    head: list[Line] = [Line([f"{chamber} der Staten-Generaal"], REGULAR, 9, 12, justify=False)]
    if vergaderjaar:
        head.append(Line(f"Vergaderjaar {vergaderjaar} Aanhangsel van de Handelingen".split(),
                          BOLD, _BODY, _LEADING, justify=False))
    head += wrap("Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven "
                  "antwoorden", REGULAR, 9, 12, hyphenate=False)
    if doc.aanhangsel_number:
        head.append(Line([doc.aanhangsel_number], BOLD, 16, 24, gap_before=6, justify=False))
    for sentence in (_asked_sentence(doc), _reply_sentence(doc),
                     *(_related_sentence(r) for r in doc.related)):
        if sentence:
            wrapped = wrap(sentence, REGULAR, _BODY, _LEADING, hyphenate=False)
            wrapped[0].gap_before = _GAP
            head += wrapped
    lines += head

    blocks: list[list[Line]] = []
    for kind, text, numbers in _body(doc, style):
        if kind == "label":
            block = [Line(text.split(), BOLD, _BODY, _LEADING, justify=False)]
        elif kind == "question":
            block = wrap(text, REGULAR, _BODY, _LEADING, x=LEFT + _INDENT,
                          width=WIDTH - _INDENT)
            block[0].prefix = f"{numbers[0]}."
        else:
            block = wrap(text, REGULAR, _BODY, _LEADING)
        block[0].gap_before = _GAP
        blocks.append(block)
    placed = {m for block in blocks for line in block for w in line.words for m in MARK.findall(w)}
    _attach_marks([b for b in blocks if b[0].font == REGULAR], len(doc.footnotes), placed)
    for block in blocks:
        lines += block
    return _paint(doc, lines, vergaderjaar, chamber)


def _note_lines(doc: Document, mark: str) -> list[Line]:
    for note in doc.footnotes:
        if note.mark == mark:
            return wrap(f"{note.mark} {note.text}", REGULAR, _NOTE, _NOTE_LEADING,
                         hyphenate=False)
    return []


def _paint(doc: Document, lines: list[Line], vergaderjaar: str, chamber: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(doc.title or doc.identifier)
    pdf.setCreator("kamervragen-monitor")
    pdf.setProducer("kamervragen-monitor")
    year = doc.date_received.year if doc.date_received else 2026
    page = 1
    y = _TOP
    notes: list[Line] = []
    text = pdf.beginText()
    for line in lines:
        inline = [m for w in line.words for m in MARK.findall(w)]
        extra = [n for m in inline + line.marks for n in _note_lines(doc, m)]
        note_height = sum(n.leading for n in notes + extra) + (6 if notes or extra else 0)
        step = line.leading + line.gap_before
        if y - step < _BOTTOM + note_height and y < _TOP:
            pdf.drawText(text)
            _finish_page(pdf, doc, notes, page, year, vergaderjaar, chamber)
            page += 1
            y, notes = _TOP, []
            text = pdf.beginText()
            step = line.leading
        y -= step
        notes += extra
        _draw_line(text, line, y)
    pdf.drawText(text)
    _finish_page(pdf, doc, notes, page, year, vergaderjaar, chamber)
    pdf.save()
    return buffer.getvalue()


def _draw_line(text: canvas.PDFTextObject, line: Line, y: float) -> None:
    if line.prefix:
        text.setTextOrigin(LEFT, y)
        text.setFont(REGULAR, line.size)
        text.textOut(line.prefix + " ")
    text.setTextOrigin(line.x, y)
    text.setFont(line.font, line.size)
    content = " ".join(line.words)
    if line.justify and len(line.words) > 1:
        natural = sum(text_width(w, line.font, line.size) for w in line.words)
        natural += text_width(" ", line.font, line.size) * (len(line.words) - 1)
        text.setWordSpace(max(0.0, (line.width - natural) / (len(line.words) - 1)))
    else:
        text.setWordSpace(0)
    for index, piece in enumerate(MARK.split(content)):
        if index % 2:  # a mark, raised like the official publications' superscripts
            _draw_mark(text, line, piece)
        elif piece:
            text.textOut(piece)
    if line.marks:
        text.setWordSpace(0)
        _draw_mark(text, line, line.marks[0])
    for mark in line.marks[1:]:
        text.textOut(" ")
        _draw_mark(text, line, mark)


def _draw_mark(text: canvas.PDFTextObject, line: Line, mark: str) -> None:
    text.setRise(MARK_RISE)
    text.setFont(line.font, MARK_SIZE)
    text.textOut(mark)
    text.setRise(0)
    text.setFont(line.font, line.size)


def _finish_page(
    pdf: canvas.Canvas, doc: Document, notes: list[Line], page: int, year: int,
    vergaderjaar: str, chamber: str,
) -> None:  # fmt: skip
    if notes:
        y = _BOTTOM + sum(n.leading for n in notes)
        pdf.setLineWidth(0.4)
        pdf.line(LEFT, y + 6, LEFT + 120, y + 6)
        text = pdf.beginText()
        for note in notes:
            text.setTextOrigin(note.x, y - note.leading + 2)
            text.setFont(note.font, note.size)
            text.textOut(" ".join(note.words))
            y -= note.leading
        pdf.drawText(text)
    pdf.setFont(REGULAR, 7)
    if _KOOP_ID.match(doc.identifier):
        pdf.drawString(LEFT, 56, doc.identifier)
    pdf.drawString(LEFT, 46, "ISSN 0921 - 7398")
    pdf.drawString(LEFT, 36, f"’s-Gravenhage {year}")
    footer = f"{chamber}, vergaderjaar {vergaderjaar}, Aanhangsel" if vergaderjaar else ""
    pdf.drawRightString(RIGHT, 36, f"{footer} {page}".strip())
    pdf.showPage()
