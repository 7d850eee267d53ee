"""Render a :class:`~monitor.model.Document` as a PDF laid out like an official Aanhangsel.

Used for test fixtures and by the KOOP emulator to serve PDF-only publications. The output is
deterministic (reportlab invariant mode: fixed dates, no random ids): the same document always
gives the same bytes. Lines are justified and long words are hyphenated at line ends wherever the
parser's de-hyphenation rule will restore them, so parsing the PDF back gives the same text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from monitor.dates import format_dutch_date
from monitor.errors import FontMissing
from monitor.model import FOOTNOTE_MARK, Document, Kind, Person

__all__ = ["render_pdf"]

_FONT_DIRS = (
    Path(__file__).parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_REGULAR, _BOLD = "KvSerif", "KvSerif-Bold"
_PAGE_W, _PAGE_H = A4
_LEFT, _RIGHT = 72.0, _PAGE_W - 72.0
_WIDTH = _RIGHT - _LEFT
_TOP = _PAGE_H - 72.0
_BODY, _LEADING, _GAP = 10.0, 13.0, 8.0
_NOTE, _NOTE_LEADING = 8.0, 10.0
_BOTTOM = 80.0  # lowest baseline for body text and footnotes (the footer sits below)
_INDENT = 24.0  # hanging indent of numbered questions
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_LINKING = {"en", "of", "tot", "en/of", "dan", "noch"}
_MARK_AFTER = set("?.!»”’\")]:;,") | set("abcdefghijklmnopqrstuvwxyzàáâäèéêëìíîïòóôöùúûü")
_MARK = FOOTNOTE_MARK  # a footnote mark in the text: drawn raised, in small type, where it stands
_MARK_SIZE, _MARK_RISE = 6.0, 3.5
_KOOP_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")


@cache
def _fonts() -> None:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSerif.ttf", folder / "DejaVuSerif-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(_REGULAR, str(regular)))
            pdfmetrics.registerFont(TTFont(_BOLD, str(bold)))
            return
    raise FontMissing("DejaVuSerif.ttf not found (install fonts-dejavu-core)")


@cache
def _width(word: str, font: str, size: float) -> float:
    if "[^" in word:  # marks are drawn small: measure them as drawn
        marks = "".join(_MARK.findall(word))
        plain = _MARK.sub("", word)
        return _width(plain, font, size) + _width(marks, font, _MARK_SIZE)
    return float(pdfmetrics.stringWidth(word, font, size))


@dataclass(slots=True)
class _Line:
    words: list[str]
    font: str
    size: float
    leading: float
    x: float = _LEFT
    width: float = _WIDTH
    justify: bool = True
    gap_before: float = 0.0
    marks: list[str] = field(default_factory=list)  # footnote marks glued after the last word
    prefix: str = ""  # "3." hanging in the margin of a numbered question


def _date(value: object) -> str:
    from datetime import date

    assert isinstance(value, date)
    return format_dutch_date(value)


def _breakable(left: str, right: str) -> bool:
    """True when "left-" + newline + "right" will be read back as the word left+right."""
    if len(left) < 3 or len(right) < 3 or not left[-1].isalpha() or not right[0].islower():
        return False
    if sum(c.isupper() for c in left) >= 2 or right.lower() in _LINKING:
        return False
    if "-" in left or "-" in right or not all(c.isalpha() for c in left + right):
        return False
    if left[-1].lower() in _VOWELS and right[0].lower() in _VOWELS:
        return False
    # break before a single consonant that starts a syllable ("verzeke-raar"), as Dutch does
    return right[0].lower() not in _VOWELS and right[1].lower() in _VOWELS


def _keeps_hyphen(left: str, right: str) -> bool:
    """True when a real hyphen at a line end ("Defensie-" / "Industrie") will be kept."""
    if not right or not left[:-1] or not left[-2].isalpha():
        return False
    if not right[0].islower():
        return True
    stem = left[:-1].split("-")[-1]
    if sum(c.isupper() for c in stem) >= 2:
        return True
    return stem[-1].lower() in _VOWELS and right[0].lower() in _VOWELS


def _wrap(
    text: str, font: str, size: float, leading: float, *, width: float = _WIDTH,
    x: float = _LEFT, hyphenate: bool = True,
) -> list[_Line]:  # fmt: skip
    space = _width(" ", font, size)
    lines: list[_Line] = []
    current: list[str] = []
    used = 0.0
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        need = _width(word, font, size) + (space if current else 0.0)
        if used + need <= width or not current:
            current.append(word)
            used += need
            i += 1
            continue
        room = width - used - space
        piece = _split(word, font, size, room) if hyphenate else None
        if piece is not None:
            current.append(piece[0])
            words[i] = piece[1]
        lines.append(_Line(current, font, size, leading, x=x, width=width))
        current, used = [], 0.0
    if current:
        lines.append(_Line(current, font, size, leading, x=x, width=width, justify=False))
    return lines


def _split(word: str, font: str, size: float, room: float) -> tuple[str, str] | None:
    if room <= 0:
        return None
    if "-" in word[1:-1]:  # a real hyphen: break there only if the parser will keep it
        cut = word.index("-", 1) + 1
        left, right = word[:cut], word[cut:]
        if _keeps_hyphen(left, right) and _width(left, font, size) <= room:
            return left, right
        return None
    core = word.rstrip(".,;:?!»”’)")
    for k in range(len(core) - 3, 2, -1):
        left, right = word[:k], word[k:]
        if _breakable(left, core[k:]) and _width(left + "-", font, size) <= room:
            return left + "-", right
    return None


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


def _attach_marks(lines_by_block: list[list[_Line]], count: int, placed: set[str]) -> None:
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
    _fonts()
    lines: list[_Line] = []
    chamber = "Eerste Kamer" if doc.chamber == "ek" else "Tweede Kamer"
    vergaderjaar = doc.vergaderjaar.replace("-", "–")
    head: list[_Line] = [_Line([f"{chamber} der Staten-Generaal"], _REGULAR, 9, 12, justify=False)]
    if vergaderjaar:
        head.append(_Line(f"Vergaderjaar {vergaderjaar} Aanhangsel van de Handelingen".split(),
                          _BOLD, _BODY, _LEADING, justify=False))
    head += _wrap("Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven "
                  "antwoorden", _REGULAR, 9, 12, hyphenate=False)
    if doc.aanhangsel_number:
        head.append(_Line([doc.aanhangsel_number], _BOLD, 16, 24, gap_before=6, justify=False))
    for sentence in (_asked_sentence(doc), _reply_sentence(doc),
                     *(_related_sentence(r) for r in doc.related)):
        if sentence:
            wrapped = _wrap(sentence, _REGULAR, _BODY, _LEADING, hyphenate=False)
            wrapped[0].gap_before = _GAP
            head += wrapped
    lines += head

    blocks: list[list[_Line]] = []
    for kind, text, numbers in _body(doc, style):
        if kind == "label":
            block = [_Line(text.split(), _BOLD, _BODY, _LEADING, justify=False)]
        elif kind == "question":
            block = _wrap(text, _REGULAR, _BODY, _LEADING, x=_LEFT + _INDENT,
                          width=_WIDTH - _INDENT)
            block[0].prefix = f"{numbers[0]}."
        else:
            block = _wrap(text, _REGULAR, _BODY, _LEADING)
        block[0].gap_before = _GAP
        blocks.append(block)
    placed = {m for block in blocks for line in block for w in line.words for m in _MARK.findall(w)}
    _attach_marks([b for b in blocks if b[0].font == _REGULAR], len(doc.footnotes), placed)
    for block in blocks:
        lines += block
    return _paint(doc, lines, vergaderjaar, chamber)


def _note_lines(doc: Document, mark: str) -> list[_Line]:
    for note in doc.footnotes:
        if note.mark == mark:
            return _wrap(f"{note.mark} {note.text}", _REGULAR, _NOTE, _NOTE_LEADING,
                         hyphenate=False)
    return []


def _paint(doc: Document, lines: list[_Line], vergaderjaar: str, chamber: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(doc.title or doc.identifier)
    pdf.setCreator("kamervragen-monitor")
    pdf.setProducer("kamervragen-monitor")
    year = doc.date_received.year if doc.date_received else 2026
    page = 1
    y = _TOP
    notes: list[_Line] = []
    text = pdf.beginText()
    for line in lines:
        inline = [m for w in line.words for m in _MARK.findall(w)]
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


def _draw_line(text: canvas.PDFTextObject, line: _Line, y: float) -> None:
    if line.prefix:
        text.setTextOrigin(_LEFT, y)
        text.setFont(_REGULAR, line.size)
        text.textOut(line.prefix + " ")
    text.setTextOrigin(line.x, y)
    text.setFont(line.font, line.size)
    content = " ".join(line.words)
    if line.justify and len(line.words) > 1:
        natural = sum(_width(w, line.font, line.size) for w in line.words)
        natural += _width(" ", line.font, line.size) * (len(line.words) - 1)
        text.setWordSpace(max(0.0, (line.width - natural) / (len(line.words) - 1)))
    else:
        text.setWordSpace(0)
    for index, piece in enumerate(_MARK.split(content)):
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


def _draw_mark(text: canvas.PDFTextObject, line: _Line, mark: str) -> None:
    text.setRise(_MARK_RISE)
    text.setFont(line.font, _MARK_SIZE)
    text.textOut(mark)
    text.setRise(0)
    text.setFont(line.font, line.size)


def _finish_page(
    pdf: canvas.Canvas, doc: Document, notes: list[_Line], page: int, year: int,
    vergaderjaar: str, chamber: str,
) -> None:  # fmt: skip
    if notes:
        y = _BOTTOM + sum(n.leading for n in notes)
        pdf.setLineWidth(0.4)
        pdf.line(_LEFT, y + 6, _LEFT + 120, y + 6)
        text = pdf.beginText()
        for note in notes:
            text.setTextOrigin(note.x, y - note.leading + 2)
            text.setFont(note.font, note.size)
            text.textOut(" ".join(note.words))
            y -= note.leading
        pdf.drawText(text)
    pdf.setFont(_REGULAR, 7)
    if _KOOP_ID.match(doc.identifier):
        pdf.drawString(_LEFT, 56, doc.identifier)
    pdf.drawString(_LEFT, 46, "ISSN 0921 - 7398")
    pdf.drawString(_LEFT, 36, f"’s-Gravenhage {year}")
    footer = f"{chamber}, vergaderjaar {vergaderjaar}, Aanhangsel" if vergaderjaar else ""
    pdf.drawRightString(_RIGHT, 36, f"{footer} {page}".strip())
    pdf.showPage()
