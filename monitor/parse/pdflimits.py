"""What a PDF may cost before PDFium reads it: bytes, pages, and what its streams inflate to."""

from __future__ import annotations

import re
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from monitor.errors import MalformedDocument

MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PAGES = 400
# all Flate streams together may inflate to this much; a real answer of a few pages inflates to
# a few megabytes, a zip bomb to gigabytes (PDFium itself would inflate up to 1 GiB per stream)
MAX_INFLATED = 256 * 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_CHAINED = re.compile(rb"\[[^\]]{0,200}/(?:FlateDecode|Fl)\b[^\]]{0,200}/(?:FlateDecode|Fl)\b")
_DEFLATE_RATIO = 1032


def _check_inflation(data: bytes, where: str) -> None:
    """Refuse a document whose Flate streams inflate beyond MAX_INFLATED (a zip bomb)."""
    if len(data) * _DEFLATE_RATIO < MAX_INFLATED and not _CHAINED.search(data):
        return  # one Flate level inflates at most ~1032:1, so this file cannot reach the limit
    budget = MAX_INFLATED
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 400) : match.start()]
        head = head[head.rfind(b"obj") :]  # this stream's own dictionary
        levels = len(_FLATE.findall(head))
        if not levels:
            continue
        end = data.find(b"endstream", match.end())
        stream: bytes | memoryview = memoryview(data)[match.end() : end if end > 0 else len(data)]
        for level in range(levels, 0, -1):
            # a chain of Flate filters multiplies: keep what the outer level gives (bounded by
            # the budget) to inflate it again; count only the last
            kept: list[bytes] | None = [] if level > 1 else None
            used = _inflate(stream, budget, kept)
            if used is None:
                break
            if kept is None or used > budget:
                budget -= used
                break
            stream = b"".join(kept)
        if budget < 0:
            raise MalformedDocument(
                f"{where}: PDF stream inflates beyond {MAX_INFLATED // (1024 * 1024)} MiB "
                "(a compression bomb?)"
            )


def _inflate(stream: bytes | memoryview, budget: int, keep: list[bytes] | None) -> int | None:
    """How many bytes ``stream`` inflates to, stopping past ``budget``; None if not Flate."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        while total <= budget and stream:
            out = inflater.decompress(stream, min(budget + 1 - total, 1 << 20))
            total += len(out)
            if keep is not None:
                keep.append(out)
            stream = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return None  # not a stream we can read here; PDFium will judge it
    return total


def open_pdf(data: bytes, where: str) -> pdfium.PdfDocument:
    """The document, once its size and its streams are within the limits."""
    if data.lstrip()[:5] != b"%PDF-":
        head = data.lstrip()[:12].decode("latin-1").encode("unicode_escape").decode()
        raise MalformedDocument(f"{where}: not a PDF (starts with {head!r})")
    if len(data) > MAX_PDF_BYTES:
        raise MalformedDocument(
            f"{where}: PDF of {len(data):,} bytes is larger than the limit of "
            f"{MAX_PDF_BYTES:,} bytes"
        )
    _check_inflation(data, where)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise MalformedDocument(f"{where}: PDF is encrypted (needs a password)") from None
        raise MalformedDocument(f"{where}: broken PDF: {exc}") from None


def check_page_count(count: int, where: str) -> None:
    if count > MAX_PAGES:
        raise MalformedDocument(
            f"{where}: PDF has {count} pages, more than the limit of {MAX_PAGES}"
        )
