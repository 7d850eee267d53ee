"""PDF manifestations: text runs with their geometry from PDFium, then the text segmenter.

PDFium (through pypdfium2) hands over every text object of a page with its position, its font
size and its text. From that geometry, not from guesses on plain text:

- lines are rebuilt from runs on one baseline; a run in smaller type raised above the baseline is
  a superscript, lowered a subscript;
- the footnote area is the block at the bottom of a page under a short rule or in smaller type,
  made of notes that start with their number; lines before the first number continue the last
  note of the previous page; numbering runs through the document;
- a superscript number that names a footnote becomes the mark ``[^N]`` where it stands; any other
  superscript or subscript stays text (m³, CO₂);
- page furniture is what stands outside the text column (the identifier/ISSN/place block) or
  recurs at the same height at a page's top or bottom (running header and footer, page number);
- a paragraph ends where the vertical gap widens, or where the next line's first word would have
  fitted on the line (KOOP sets ragged right; justified text ends short of the margin). A page
  break is judged the same way, so paragraphs run on across pages.

The result goes to :func:`~monitor.parse.text.segment_text` as marked text (blank line = paragraph
end) together with the footnotes, so the text path's own footnote guessing is skipped.

Reading PDFium is in ``pdfread`` (its calls in ``pdfcalls``, each object's text in ``pdfowned``,
the limits in ``pdflimits``), lines and scripts in ``pdflines``, the column, furniture and
paragraph ends in ``pdflayout``, footnotes and their marks in ``pdfnotes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from monitor.model import Document, Footnote, Format
from monitor.parse.pdflayout import drop_furniture, ends_paragraph, measure_layout
from monitor.parse.pdflimits import MAX_INFLATED, MAX_PAGES, MAX_PDF_BYTES
from monitor.parse.pdflines import Line, Page, render
from monitor.parse.pdfnotes import place_marks, take_footnotes, unplaced_marks
from monitor.parse.pdfread import read_pages
from monitor.parse.text import segment_text

__all__ = ["MAX_INFLATED", "MAX_PAGES", "MAX_PDF_BYTES", "parse_pdf", "pdf_text"]

_KOOP_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")


@dataclass(slots=True)
class _Extraction:
    text: str
    footnotes: list[Footnote]
    identifier: str  # as printed in the page furniture ("ah-tk-20232024-1178"), or ""


def _extract(data: bytes, where: str) -> _Extraction:
    pages = read_pages(data, where)
    for page in pages:
        for line in page.lines:
            line.text = line.plain()
    layout = measure_layout(pages)
    drop_furniture(pages, layout)
    notes = take_footnotes(pages, layout)
    printed = next(
        (
            ln.text.strip()
            for page in pages
            for ln in page.lines
            if ln.furniture and _KOOP_ID.match(ln.text.strip())
        ),
        "",
    )
    marks = place_marks(pages, notes)
    body: list[Line] = []
    for number, page in enumerate(pages):
        for line in page.lines:
            if line.furniture:
                continue
            if len(line.runs) > 1 and any(id(run) in marks for run in line.runs):
                line.text = render(line, marks)
            if line.text:
                body.append(line)
                line.page = number
    unplaced_marks(body, notes, marks)
    out: list[str] = []
    for index, line in enumerate(body):
        if index:
            before = body[index - 1]
            same = before.page == line.page
            if ends_paragraph(before, line, layout, same):
                out.append("")
        out.append(line.text)
    return _Extraction("\n".join(out), notes.notes, printed)


def _iter_text(pages: list[Page]) -> Iterator[str]:
    for page in pages:
        yield "\n".join(line.plain() for line in page.lines)


def pdf_text(data: bytes, *, where: str) -> str:
    """Text of every page as laid out (furniture and footnotes included), pages split by \\f."""
    return "\f".join(_iter_text(read_pages(data, where)))


def parse_pdf(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn a PDF into a document (unchecked) plus its body text for kind detection."""
    extraction = _extract(data, where)
    doc = segment_text(
        extraction.text, where=where, identifier=identifier or extraction.identifier, marked=True,
        source_format=Format.PDF, footnotes=extraction.footnotes,
    )  # fmt: skip
    return doc, extraction.text
