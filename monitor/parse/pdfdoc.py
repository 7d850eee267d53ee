"""PDF manifestations: pypdf text extraction, then the text segmenter.

Lines come back with their positions; a vertical gap wider than the usual line spacing marks a
paragraph end, which the segmenter then trusts instead of guessing from line lengths.
"""

from __future__ import annotations

import io
import itertools
import logging
from statistics import median
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

from monitor.errors import MalformedDocument
from monitor.model import Document, Format
from monitor.parse.text import segment_text

# pypdf reports recoverable oddities of real-world PDFs through logging; they are not our errors
logging.getLogger("pypdf").setLevel(logging.ERROR)

_GAP_FACTOR = 1.3
_LEADING_LIMIT = 1.6


def _page_lines(page: Any) -> list[tuple[float, float, str]]:
    lines: list[tuple[float, float, str]] = []
    size: list[float] = [0.0]
    current: list[str] = []
    current_y: list[float | None] = [None]

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, font_size: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            size[0] = max(size[0], float(font_size or 0) * abs(tm[3] * cm[3] or 1.0))
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if part.strip() and current_y[0] is None:
                current_y[0] = y
            current.append(part)
            if index < len(parts) - 1:
                line = "".join(current).strip()
                if line:
                    lines.append((current_y[0] if current_y[0] is not None else y, size[0], line))
                current.clear()
                size[0] = 0.0
                current_y[0] = None

    page.extract_text(visitor_text=visit)
    tail = "".join(current).strip()
    if tail:
        lines.append((current_y[0] or 0.0, size[0], tail))
    return lines


def _with_breaks(lines: list[tuple[float, float, str]]) -> list[str]:
    steps = [a[0] - b[0] for a, b in itertools.pairwise(lines) if a[0] - b[0] > 0.5]
    spacing = median(steps) if steps else 0.0
    out: list[str] = []
    for index, (y, size, text) in enumerate(lines):
        if index and spacing:
            step = lines[index - 1][0] - y
            # a gap wider than usual, or (in a short text with few plain lines) than the font
            # size allows for plain leading, ends a paragraph
            limit = min(spacing * _GAP_FACTOR, size * _LEADING_LIMIT) if size else spacing
            if step > limit or step < -0.5:
                out.append("")
        out.append(text)
    return out


def pdf_text(data: bytes, *, where: str) -> str:
    """Text of every page, pages separated by form feeds, paragraph ends as blank lines."""
    if data.lstrip()[:5] != b"%PDF-":
        head = data.lstrip()[:12].decode("latin-1").encode("unicode_escape").decode()
        raise MalformedDocument(f"{where}: not a PDF (starts with {head!r})")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MalformedDocument(f"{where}: PDF is encrypted")
        pages = ["\n".join(_with_breaks(_page_lines(page))) for page in reader.pages]
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
        raise MalformedDocument(f"{where}: broken PDF: {type(exc).__name__}: {exc}") from None
    text = "\f".join(pages)
    if not text.strip():
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return text


def parse_pdf(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn a PDF into a document (unchecked) plus its text for kind detection."""
    text = pdf_text(data, where=where)
    doc = segment_text(
        text, where=where, identifier=identifier, marked=True, source_format=Format.PDF
    )
    return doc, text
