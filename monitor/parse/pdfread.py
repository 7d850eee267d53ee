"""Reading a PDF with PDFium: the text runs and rules of every page, within size limits."""

from __future__ import annotations

import ctypes
import re
import threading
import zlib
from math import hypot
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from monitor.errors import MalformedDocument
from monitor.parse.pdflines import Page, Run, group_lines

MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PAGES = 400
# all Flate streams together may inflate to this much; a real answer of a few pages inflates to
# a few megabytes, a zip bomb to gigabytes (PDFium itself would inflate up to 1 GiB per stream)
MAX_INFLATED = 256 * 1024 * 1024

# PDFium is not thread-safe; ingest may parse in threads
_LOCK = threading.Lock()
_GET_TEXT = pdfium_c.FPDFTextObj_GetText
_GET_MATRIX = pdfium_c.FPDFPageObj_GetMatrix
_GET_FONT_SIZE = pdfium_c.FPDFTextObj_GetFontSize
_GET_BOUNDS = pdfium_c.FPDFPageObj_GetBounds
_GET_TYPE = pdfium_c.FPDFPageObj_GetType
_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM

_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_CHAINED = re.compile(rb"\[[^\]]{0,200}/(?:FlateDecode|Fl)\b[^\]]{0,200}/(?:FlateDecode|Fl)\b")
_DEFLATE_RATIO = 1032

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m applied first, then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)  # fmt: skip


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Reader:
    """Collects the text runs and horizontal rules of one page."""

    def __init__(self, textpage: Any) -> None:
        self.textpage = textpage
        self.room = 4096
        self.buffer = (ctypes.c_ushort * 2048)()
        self.box = [ctypes.c_float() for _ in range(4)]
        self.size = ctypes.c_float()
        self.matrix = pdfium_c.FS_MATRIX()
        self.runs: list[Run] = []
        self.rules: list[tuple[float, float, float]] = []

    def page(self, page: Any) -> None:
        """The page's own objects: the hot loop, with everything it calls bound locally."""
        get_object, get_type, get_text = pdfium_c.FPDFPage_GetObject, _GET_TYPE, _GET_TEXT
        get_matrix, get_size, get_bounds = _GET_MATRIX, _GET_FONT_SIZE, _GET_BOUNDS
        textpage, matrix, font_size = self.textpage, self.matrix, self.size
        left, bottom, right, top = self.box
        runs = self.runs
        for index in range(pdfium_c.FPDFPage_CountObjects(page)):
            obj = get_object(page, index)
            # GetText is 0 for anything but text, which saves asking for the type of most objects.
            # PDFium walks the page's whole character list for each object (about a fifth of a
            # 4-page parse); the public API has no cheaper way from an object to its text
            # (per-character calls cost more through ctypes)
            n = get_text(obj, textpage, self.buffer, self.room)
            if n > self.room:
                self.room = n + 2
                self.buffer = (ctypes.c_ushort * (self.room // 2))()
                n = get_text(obj, textpage, self.buffer, self.room)
            if n <= 2:
                kind = get_type(obj)
                if kind == _PATH:
                    self._path(obj, IDENTITY)
                elif kind == _FORM:
                    self.objects(
                        pdfium_c.FPDFFormObj_CountObjects(obj),
                        lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                        self._matrix(obj), 1,
                    )  # fmt: skip
                continue
            text = ctypes.string_at(self.buffer, n - 2).decode("utf-16-le", "replace")
            if text.isspace() or not get_matrix(obj, matrix):
                continue
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            if b or c:
                if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
                    continue  # rotated text: margin notes, stamps; never running text
                scale = hypot(c, d)
            else:
                scale = abs(d)
            get_size(obj, font_size)
            size = font_size.value * scale
            if size <= 0:
                continue
            get_bounds(obj, left, bottom, right, top)
            if not text.isascii():
                text = _clean(text)
            elif "\x02" in text or "\r" in text or "\n" in text:
                text = text.replace("\x02", "-").replace("\r", " ").replace("\n", " ")
            runs.append(Run(left.value, right.value, matrix.f, size, text))

    def objects(self, count: int, get: Any, outer: Matrix, depth: int = 0) -> None:
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                self._text(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self._path(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                inner = _multiply(self._matrix(obj), outer) if depth else self._matrix(obj)
                self.objects(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                    inner, depth + 1,
                )  # fmt: skip

    def _matrix(self, obj: Any) -> Matrix:
        m = self.matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _bounds(self, obj: Any, outer: Matrix) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.box
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        if outer is IDENTITY:
            return left.value, bottom.value, right.value, top.value
        xs, ys = zip(
            _apply(outer, left.value, bottom.value),
            _apply(outer, right.value, top.value),
            strict=True,
        )
        return min(xs), min(ys), max(xs), max(ys)

    def _text(self, obj: Any, outer: Matrix) -> None:
        buffer, room = self.buffer, self.room
        n = _GET_TEXT(obj, self.textpage, buffer, room)
        if n > room:
            self.room = room = n + 2
            self.buffer = buffer = (ctypes.c_ushort * (room // 2))()
            n = _GET_TEXT(obj, self.textpage, buffer, room)
        if n <= 2:
            return
        text = ctypes.string_at(buffer, n - 2).decode("utf-16-le", "replace")
        if text.isspace():
            return
        m = self.matrix
        if not _GET_MATRIX(obj, m):
            return
        a, b, c, d, f = m.a, m.b, m.c, m.d, m.f
        if outer is not IDENTITY:
            a, b, c, d, _, f = _multiply((a, b, c, d, m.e, f), outer)
        if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
            return  # rotated text: margin notes, stamps; never running text
        _GET_FONT_SIZE(obj, self.size)
        size = self.size.value * (abs(d) if not c else hypot(c, d))
        if size <= 0:
            return
        x0, _, x1, _ = self._bounds(obj, outer)
        text = _clean(text)
        self.runs.append(Run(x0, x1, f, size, text))

    def _path(self, obj: Any, outer: Matrix) -> None:
        x0, y0, x1, y1 = self._bounds(obj, outer)
        if y1 - y0 <= 1.5 and x1 - x0 >= 15:
            self.rules.append((x0, x1, (y0 + y1) / 2))


_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\x02": "-",
        "\r": " ",
        "\n": " ",
    }
)


def _clean(text: str) -> str:
    """PDFium's marked hyphen at a line end (\\x02) as a hyphen; ligatures as their letters."""
    return text.translate(_LIGATURES)


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


def _open(data: bytes, where: str) -> pdfium.PdfDocument:
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


def read_pages(data: bytes, where: str) -> list[Page]:
    with _LOCK:
        document = _open(data, where)
        try:
            count = len(document)
            if count > MAX_PAGES:
                raise MalformedDocument(
                    f"{where}: PDF has {count} pages, more than the limit of {MAX_PAGES}"
                )
            pages: list[Page] = []
            for number in range(count):
                try:
                    page = document[number]
                    textpage = page.get_textpage()
                except pdfium.PdfiumError as exc:
                    raise MalformedDocument(
                        f"{where}: broken PDF: page {number + 1}: {exc}"
                    ) from None
                reader = _Reader(textpage.raw)
                reader.page(page.raw)
                textpage.close()
                page.close()
                pages.append(Page(group_lines(reader.runs), reader.rules))
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return pages
