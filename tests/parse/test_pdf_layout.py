"""The PDF layout rules on pages drawn like KOOP's: ragged right, notes under a short rule.

Paragraphs are wrapped greedily at the measure of the real publications (Helvetica 8.5 pt, a
column from x=221 to x=540) and drawn line by line with reportlab, so each case is exactly the
layout it names. In the texts, "^3" after a word is drawn raised in small type (a footnote mark or
an exponent), "_2" lowered (a subscript).
"""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from monitor.model import Document, Format
from monitor.parse import parse_document
from monitor.parse.pdflayout import _WIDTHS, Layout, _em, ends_paragraph, measure_layout
from monitor.parse.pdflines import Line, Run
from monitor.parse.pdflines import Page as PdfPage

LEFT, MEASURE = 221.0, 319.0
BODY, LEADING = 8.5, 9.6
NOTE, NOTE_LEADING = 6.9, 9.0
_SCRIPT = re.compile(r"([\^_])(\d+)")


def _width(word: str, size: float = BODY) -> float:
    plain = _SCRIPT.sub("", word)
    scripts = "".join(m[2] for m in _SCRIPT.finditer(word))
    width: float = stringWidth(plain, "Helvetica", size)
    return width + float(stringWidth(scripts, "Helvetica", 0.65 * size))


def wrap(text: str, size: float = BODY, measure: float = MEASURE) -> list[str]:
    """Greedy line breaking, as a typesetter sets ragged-right text."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate, size) > measure:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


class Page:
    def __init__(self, pdf: canvas.Canvas, number: int) -> None:
        self.pdf, self.number, self.y = pdf, number, 771.0

    def lines(self, lines: list[str], *, gap: float = 0.0) -> None:
        self.y -= gap
        for line in lines:
            self._line(line, BODY, LEFT, self.y)
            self.y -= LEADING

    def _line(self, line: str, size: float, x: float, y: float) -> None:
        text = self.pdf.beginText(x, y)
        position = 0
        for match in _SCRIPT.finditer(line):
            text.setFont("Helvetica", size)
            text.textOut(line[position : match.start()])
            text.setFont("Helvetica", 0.65 * size)
            text.setRise(0.45 * size if match[1] == "^" else -0.2 * size)
            text.textOut(match[2])
            text.setRise(0)
            position = match.end()
        text.setFont("Helvetica", size)
        text.textOut(line[position:])
        self.pdf.drawText(text)

    def notes(self, notes: list[tuple[int | None, str]], top: float = 190.0) -> None:
        """Notes under a short rule; a None number continues the previous page's note."""
        self.pdf.setLineWidth(0.28)
        self.pdf.line(LEFT, top, LEFT + 57, top)
        y = top - 11
        for number, text in notes:
            for index, line in enumerate(wrap(text, NOTE, MEASURE - 6)):
                if number is not None and index == 0:
                    self._line(f"^{number}", NOTE, LEFT, y)
                self._line(line, NOTE, LEFT + 6, y)
                y -= NOTE_LEADING

    def finish(self) -> None:
        self.pdf.setFont("Helvetica", 9.1)
        footer = f"Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel {self.number}"
        self.pdf.drawString(LEFT, 69.4, footer)
        if self.number == 1:  # the margin block of the first page
            self.pdf.setFont("Helvetica", 5.9)
            for y, text in ((82.3, "ah-tk-20232024-9999"), (75.9, "ISSN 0921 - 7398"),
                            (69.4, "’s-Gravenhage 2024")):  # fmt: skip
                self.pdf.drawString(55.3, y, text)
        self.pdf.showPage()


HEADER = (
    "Vragen van het lid Jansen (D66) aan de Minister van Financiën over de kosten van de "
    "regeling (ingezonden 3 januari 2024)."
)
REPLY = "Antwoord van Minister Van Dijk (Financiën) (ontvangen 4 februari 2024)."


def _first_page(pdf: canvas.Canvas) -> Page:
    page = Page(pdf, 1)
    page.lines(wrap(HEADER))
    page.lines(wrap(REPLY), gap=6)
    return page


def _parse(data: bytes) -> Document:
    return parse_document(data, Format.PDF, identifier="")


ANSWER_1 = (
    "Ja. De kosten zijn in de brief van 3 maart^2 toegelicht; het gaat om een bedrag dat in de "
    "begroting is opgenomen en dat per jaar opnieuw wordt vastgesteld door het kabinet, zoals ook "
    "in het antwoord op vraag 2 is aangegeven. Het kabinet houdt daarbij rekening met de raming "
    "van het Centraal Planbureau en met de uitkomsten van de evaluatie van de regeling."
)
NOTE_2 = (
    "Kamerstuk 36 410, nr. 12; de brief beschrijft de kosten van de regeling voor de jaren 2024 "
    "tot en met 2026 en de dekking daarvan op de begroting van Financiën en op die van "
    "Economische Zaken en Klimaat (hoofdstukken IX en XIII), met een toelichting per jaar."
)


def test_notes_continue_across_pages_and_marks_stay_in_place() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page = _first_page(pdf)
    page.lines(["Vraag 1"], gap=10)
    page.lines(wrap("Bent u bekend met het bericht «Regeling kost meer dan gedacht»?^1"))
    page.lines(["Antwoord 1"], gap=10)
    answer = wrap(ANSWER_1)
    page.lines(answer[:2])
    note_lines = wrap(NOTE_2, NOTE, MEASURE - 6)
    page.notes([(1, "NOS, 3 januari 2024, «Regeling kost meer dan gedacht»."),
                (2, " ".join(note_lines[:2]))])  # fmt: skip
    page.finish()
    page = Page(pdf, 2)
    page.lines(answer[2:])
    page.lines(["Vraag 2"], gap=10)
    page.lines(wrap("Hoeveel kubieke meter gas is gemoeid met de regeling, uitgedrukt in m^3?"))
    page.lines(["Antwoord 2"], gap=10)
    page.lines(wrap("Het gaat om ongeveer 12 miljoen m^3 per jaar, zoals de Nederlandse "
                    "Emissieautoriteit^3 heeft berekend."))  # fmt: skip
    page.notes([(None, " ".join(note_lines[2:])), (3, "NEa, Emissiecijfers 2023.")])
    page.finish()
    pdf.save()

    doc = _parse(buffer.getvalue())
    assert [(n.mark, n.text) for n in doc.footnotes] == [
        ("1", "NOS, 3 januari 2024, «Regeling kost meer dan gedacht»."),
        ("2", NOTE_2),
        ("3", "NEa, Emissiecijfers 2023."),
    ]
    assert doc.questions[0].text == (
        "Bent u bekend met het bericht «Regeling kost meer dan gedacht»?[^1]"
    )
    # one paragraph across the page break: the last line on page 1 was full
    assert doc.answers[0].paragraphs == [ANSWER_1.replace("^2", "[^2]")]
    assert doc.answers[0].refers_to == [2]
    # a raised 3 that names no footnote (yet) is an exponent and stays text
    assert doc.questions[1].text.endswith("uitgedrukt in m³?")
    assert doc.answers[1].text == (
        "Het gaat om ongeveer 12 miljoen m³ per jaar, zoals de Nederlandse Emissieautoriteit[^3] "
        "heeft berekend."
    )
    for text in [q.text for q in doc.questions] + [a.text for a in doc.answers]:
        assert "Aanhangsel" not in text and "ISSN" not in text and "Gravenhage" not in text
    assert doc.identifier == "ah-tk-20232024-9999"  # read from the margin block
    assert doc.askers[0].name == "Jansen" and doc.ministry == "Financiën"


def test_subscript_stays_text_and_a_short_last_line_ends_the_paragraph() -> None:
    first = "Ongeveer 4 megaton per jaar."
    second = (
        "Dat is minder dan in 2023, toen de uitstoot hoger lag door de koude winter en het hoge "
        "verbruik van aardgas in de gebouwde omgeving en in de glastuinbouw."
    )
    third = "Voor 2025 verwacht ik een verdere daling van de uitstoot."
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page = _first_page(pdf)
    page.lines(["Vraag 1"], gap=10)
    page.lines(wrap("Hoeveel CO_2 stoot de regeling uit?"))
    page.lines(["Antwoord 1"], gap=10)
    page.lines(wrap(first) + wrap(second))  # no gap between paragraphs, as in KOOP's answers
    page.finish()
    page = Page(pdf, 2)
    page.lines(wrap(third))
    page.finish()
    pdf.save()

    doc = _parse(buffer.getvalue())
    assert doc.questions[0].text == "Hoeveel CO₂ stoot de regeling uit?"
    assert doc.answers[0].paragraphs == [first, second, third]
    assert doc.footnotes == []


def test_running_header_and_page_numbers_are_furniture() -> None:
    body = (
        "Het kabinet werkt aan een nieuwe regeling die de kosten beter verdeelt over de jaren en "
        "die de uitvoering eenvoudiger maakt voor gemeenten, provincies en waterschappen. "
    ) * 6
    lines = wrap(body)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for number in (1, 2, 3):
        page = _first_page(pdf) if number == 1 else Page(pdf, number)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(LEFT, 800, "Kamervragen over de kosten van de regeling")
        pdf.drawString(530, 40, str(number))
        if number == 1:
            page.lines(["Vraag 1"], gap=10)
            page.lines(wrap("Wat kost de regeling?"))
            page.lines(["Antwoord 1"], gap=10)
        page.lines(lines[(number - 1) * 10 : number * 10])
        page.finish()
    pdf.save()

    doc = _parse(buffer.getvalue())
    assert doc.answers[0].paragraphs == [body.strip()]
    assert doc.footnotes == []


def test_small_type_rows_starting_with_numbers_are_no_footnotes() -> None:
    # a table in smaller type at the foot of the page, without a rule and with no raised marks
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page = _first_page(pdf)
    page.lines(["Vraag 1"], gap=10)
    page.lines(wrap("Hoeveel meldingen waren er per jaar?"))
    page.lines(["Antwoord 1"], gap=10)
    page.lines(wrap("De meldingen per jaar staan in de tabel hieronder."))
    rows = ["1 Meldingen in 2021: 120", "2 Meldingen in 2022: 135", "3 Meldingen in 2023: 160"]
    for index, row in enumerate(rows):
        page._line(row, NOTE, LEFT, 190 - index * NOTE_LEADING)
    page.finish()
    pdf.save()

    doc = _parse(buffer.getvalue())
    assert doc.footnotes == []
    assert doc.answers[0].paragraphs[0] == "De meldingen per jaar staan in de tabel hieronder."
    assert "1 Meldingen in 2021: 120" in doc.answers[0].text


def test_em_is_the_sum_of_the_width_table_for_any_character() -> None:
    # every character up to U+3000 (Latin, the typographic quotes and dashes, the ligatures are
    # beyond), some past the BMP, and the replacement character cp1252 encoding falls back to
    texts = [
        "".join(chr(code) for code in range(0x20, 0x3000)),
        "risico’s «goed» 100% (ILT) ﬁnanciën – “x” \U0001f600 ? \ufffd",
        "",
    ]
    for text in texts:
        assert _em(text) == sum(_WIDTHS.get(char, 556) for char in text)


# --- paragraph ends at a page break: indents -------------------------------------------------
_COLUMN = Layout(body=10.0, left=72.0, right=523.0, spacing=13.0, justified=True)


def _line(x0: float, text: str, base: float = 100.0) -> Line:
    # a full line: from x0 to the right edge of the column, so width alone never ends it
    line = Line([Run(x0, _COLUMN.right, base, _COLUMN.body, text)])
    line.settle()
    line.text = text
    return line


def test_an_outdent_after_a_page_break_ends_the_hanging_item() -> None:
    # the last line of a numbered question (hanging indent) fills the page's last line; the
    # answer starts at the column's left edge on the next page
    question_end = _line(96.0, "de coördinatie van de afspraken met de Europese leveranciers?")
    answer = _line(72.0, "Ja, het kabinet heeft de afspraken in maart gemaakt.", base=760.0)
    assert ends_paragraph(question_end, answer, _COLUMN, same_page=False)
    assert ends_paragraph(question_end, answer, _COLUMN, same_page=True)


def test_the_same_or_a_deeper_indent_after_a_page_break_runs_on() -> None:
    full = _line(72.0, "een zin die tot de rechterkantlijn doorloopt en op een punt eindigt.")
    same = _line(72.0, "Daarna volgt de rest van dezelfde alinea.", base=760.0)
    assert not ends_paragraph(full, same, _COLUMN, same_page=False)
    item = _line(96.0, "een vraag die over de pagina doorloopt en daar verder gaat met", 90.0)
    deeper = _line(96.0, "de rest van dezelfde vraag?", base=760.0)
    assert not ends_paragraph(item, deeper, _COLUMN, same_page=False)
    first = _line(72.0, "3. Kunt u aangeven hoe de coördinatie met de leveranciers verloopt", 90.0)
    assert not ends_paragraph(first, deeper, _COLUMN, same_page=False)


def _marked_line(end: float, base: float) -> Line:
    # a paragraph's full last line with a footnote mark raised after its last word
    line = Line([Run(72.0, end, base, 10.0, "een zin."), Run(end, end + 2.0, base + 3.5, 6.0, "2")])
    line.settle()
    return line


def test_footnote_marks_hanging_past_the_measure_do_not_widen_the_column() -> None:
    lines = [_line(72.0, "een regel die de maat vult", base=700.0 - 13 * i) for i in range(8)]
    lines += [_marked_line(522.8, 500.0), _marked_line(522.7, 480.0)]
    layout = measure_layout([PdfPage(lines)])
    assert abs(layout.right - 523.0) < 0.01  # the plain lines' end, not the marks'
    # a justified line whose last glyph stops short (a full stop's side bearing) still runs on
    stop = _line(72.0, "die eindigt op een punt.", base=300.0)
    stop.x1 = stop.runs[0].x1 = layout.right - 2.4
    assert not ends_paragraph(stop, _line(72.0, "En daarna verder.", base=287.0), layout, True)


def test_without_marks_the_longest_lines_give_the_measure() -> None:
    lines = [_line(72.0, "een regel die de maat vult", base=700.0 - 13 * i) for i in range(8)]
    lines[3].x1 = lines[3].runs[0].x1 = lines[4].x1 = lines[4].runs[0].x1 = 524.5
    assert abs(measure_layout([PdfPage(lines)]).right - 524.5) < 0.01


def _numbered(gap: float) -> Line:
    # "3." and the question's text: one line that fills the measure, on a page's last line
    number = Run(72.0, 80.0, 90.0, 10.0, "3. ")
    line = Line([number, Run(80.0 + gap, _COLUMN.right, 90.0, 10.0, "Kunt u dat toelichten?")])
    line.settle()
    line.text = "3. Kunt u dat toelichten?"
    return line


def test_a_hanging_number_sets_the_items_indent_even_on_its_only_line() -> None:
    answer = _line(72.0, "Ja, dat kan ik.", base=760.0)
    assert ends_paragraph(_numbered(gap=16.0), answer, _COLUMN, same_page=False)


def test_a_number_followed_by_a_plain_space_is_no_hanging_indent() -> None:
    more = _line(72.0, "en dat loopt door op de volgende pagina.", base=760.0)
    assert not ends_paragraph(_numbered(gap=2.5), more, _COLUMN, same_page=False)
