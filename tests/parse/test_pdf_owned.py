"""The page-level read of each text object's text agrees with PDFium's own FPDFTextObj_GetText.

pdfowned reads every object's text out of one read of the page's text (FPDFTextObj_GetText walks
the page's whole character list per object, which cost a fifth of a parse). That rests on how
PDFium lays out its character list; these tests hold it to PDFium's answer, object by object, on
the real KOOP PDFs and on rendered ones, so a PDFium that lays the list out otherwise fails here
rather than changing parses quietly.
"""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.pdfgen import canvas

from monitor.emulator.pdf import render_pdf
from monitor.model import Answer, Document, Footnote, Kind, Question
from monitor.parse.pdfowned import OwnedText
from monitor.parse.pdfread import read_pages

DATA = Path(__file__).parent.parent / "data" / "parse"
REAL = sorted((DATA / "real-pdf").glob("*.pdf"))


def _pdfium_texts(data: bytes) -> list[tuple[int, int, str, str | None]]:
    """(page, object, PDFium's text, the page-level text) of every top-level text object."""
    out: list[tuple[int, int, str, str | None]] = []
    document = pdfium.PdfDocument(data)
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            owned = OwnedText(textpage.raw)
            assert owned.usable, f"page {number + 1}: the page-level read gave up"
            for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
                if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                buffer = (ctypes.c_ushort * 8192)()
                n = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, 16384)
                theirs = ctypes.string_at(buffer, max(0, n - 2)).decode("utf-16-le", "replace")
                ours = owned.of(ctypes.cast(obj, ctypes.c_void_p).value or 0)
                out.append((number + 1, index, theirs, ours))
            textpage.close()
            page.close()
    finally:
        document.close()
    return out


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_every_object_text_is_pdfiums_on_real_pdfs(path: Path) -> None:
    texts = _pdfium_texts(path.read_bytes())
    assert texts
    for page, index, theirs, ours in texts:
        # None would be a fall back to PDFium: right, but then the fast path is not tested
        assert ours == theirs, f"page {page}, object {index}"


def test_every_object_text_is_pdfiums_on_a_rendered_pdf() -> None:
    # a hyphenated line end (PDFium's \x02), a footnote (small type, a raised mark), 4 pages
    long = " ".join(["Het kabinet onderzoekt de verantwoordelijkheidsverdeling."] * 60)
    doc = Document(
        identifier="ah-tk-20252026-77", kind=Kind.ANSWER,
        questions=[Question(n, f"Kunt u toelichten waarom vraag {n} telt?[^1]") for n in (1, 2)],
        answers=[Answer([1], [long, long]), Answer([2], [long])],
        footnotes=[Footnote("1", "Kamerstuk 36 200, nr. 5.")],
    )  # fmt: skip
    texts = _pdfium_texts(render_pdf(doc))
    assert any("\x02" in theirs for _, _, theirs, _ in texts)
    for page, index, theirs, ours in texts:
        assert ours == theirs, f"page {page}, object {index}"


def test_text_inside_a_form_xobject_is_read() -> None:
    # a form XObject's text objects come through their own loop (and matrix), not the page's
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    drawing.beginForm("note")
    drawing.setFont("Helvetica", 10)
    drawing.drawString(100, 700, "Tekst in een formulier")
    drawing.endForm()
    drawing.setFont("Helvetica", 10)
    drawing.drawString(100, 720, "Tekst op de pagina")
    drawing.doForm("note")
    drawing.save()
    pages = read_pages(out.getvalue(), "form")
    lines = [line.plain() for line in pages[0].lines]
    assert lines == ["Tekst op de pagina", "Tekst in een formulier"]
