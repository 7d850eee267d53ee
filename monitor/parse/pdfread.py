"""Reading a PDF with PDFium: the text runs and rules of every page, within size limits.

PDFium's functions are called through ``pdfcalls``; each object's text comes from one read of
the page (``pdfowned``); the limits on bytes, pages and inflated streams are ``pdflimits``'.
"""

from __future__ import annotations

import ctypes
import re
import threading
from math import hypot
from typing import Any

import pypdfium2.raw as pdfium_c

from monitor.errors import MalformedDocument
from monitor.parse.pdfcalls import (
    ADDRESS,
    CLOSE_PAGE,
    CLOSE_TEXT_PAGE,
    COUNT_OBJECTS,
    FORM,
    FORM_COUNT,
    FORM_OBJECT,
    GET_BOUNDS,
    GET_FONT_SIZE,
    GET_MATRIX,
    GET_OBJECT,
    GET_TEXT,
    GET_TYPE,
    LOAD_PAGE,
    LOAD_TEXT_PAGE,
    PATH,
    TEXT,
)
from monitor.parse.pdflimits import check_page_count, open_pdf
from monitor.parse.pdflines import Page, Run, group_lines
from monitor.parse.pdfowned import OwnedText

# PDFium is not thread-safe; ingest may parse in threads
_LOCK = threading.Lock()

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

    def __init__(self, textpage: int) -> None:
        self.textpage = textpage
        self.owned = OwnedText(textpage)
        self.room = 4096
        self.buffer = (ctypes.c_ushort * 2048)()
        self.box = [ctypes.c_float() for _ in range(4)]
        self.box_at = [ctypes.addressof(value) for value in self.box]
        self.size = ctypes.c_float()
        self.size_at = ctypes.addressof(self.size)
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_at = ctypes.addressof(self.matrix)
        self.runs: list[Run] = []
        self.rules: list[tuple[float, float, float]] = []

    def text_of(self, obj: int) -> str:
        """The object's text as FPDFTextObj_GetText gives it ("" for no text)."""
        if self.owned.usable:
            text = self.owned.of(obj)
            if text is not None:
                return text
        n = GET_TEXT(obj, self.textpage, ctypes.addressof(self.buffer), self.room)
        if n > self.room:
            self.room = n + 2
            self.buffer = (ctypes.c_ushort * (self.room // 2))()
            n = GET_TEXT(obj, self.textpage, ctypes.addressof(self.buffer), self.room)
        if n <= 2:
            return ""
        return ctypes.string_at(self.buffer, n - 2).decode("utf-16-le", "replace")

    def page(self, page: int) -> None:
        """The page's own objects: the hot loop, with everything it calls bound locally."""
        get_object, get_type = GET_OBJECT, GET_TYPE
        owned_text = self.owned.of if self.owned.usable else None
        get_matrix, get_size, get_bounds = GET_MATRIX, GET_FONT_SIZE, GET_BOUNDS
        matrix, font_size = self.matrix, self.size
        matrix_at, size_at = self.matrix_at, self.size_at
        left, _, right, _ = self.box
        left_at, bottom_at, right_at, top_at = self.box_at
        runs = self.runs
        for index in range(COUNT_OBJECTS(page)):
            obj = get_object(page, index)
            kind = get_type(obj)
            if kind != TEXT:
                if kind == PATH:
                    self._path(obj, IDENTITY)
                elif kind == FORM:
                    self.objects(
                        FORM_COUNT(obj),
                        lambda i, form=obj: FORM_OBJECT(form, i),
                        self._matrix(obj), 1,
                    )  # fmt: skip
                continue
            text = owned_text(obj) if owned_text else None
            if text is None:
                text = self.text_of(obj)
            if not text or text.isspace() or not get_matrix(obj, matrix_at):
                continue
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            if b or c:
                if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
                    continue  # rotated text: margin notes, stamps; never running text
                scale = hypot(c, d)
            else:
                scale = abs(d)
            get_size(obj, size_at)
            size = font_size.value * scale
            if size <= 0:
                continue
            get_bounds(obj, left_at, bottom_at, right_at, top_at)
            if not text.isascii():
                text = _clean(text)
            elif "\x02" in text or "\r" in text or "\n" in text:
                text = text.replace("\x02", "-").replace("\r", " ").replace("\n", " ")
            runs.append(Run(left.value, right.value, matrix.f, size, text))

    def objects(self, count: int, get: Any, outer: Matrix, depth: int = 0) -> None:
        for index in range(count):
            obj = get(index)
            kind = GET_TYPE(obj)
            if kind == TEXT:
                self._text(obj, outer)
            elif kind == PATH:
                self._path(obj, outer)
            elif kind == FORM and depth < 8:
                inner = _multiply(self._matrix(obj), outer) if depth else self._matrix(obj)
                self.objects(
                    FORM_COUNT(obj),
                    lambda i, form=obj: FORM_OBJECT(form, i),
                    inner, depth + 1,
                )  # fmt: skip

    def _matrix(self, obj: int) -> Matrix:
        m = self.matrix
        if not GET_MATRIX(obj, self.matrix_at):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _bounds(self, obj: int, outer: Matrix) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.box
        GET_BOUNDS(obj, *self.box_at)
        if outer is IDENTITY:
            return left.value, bottom.value, right.value, top.value
        xs, ys = zip(
            _apply(outer, left.value, bottom.value),
            _apply(outer, right.value, top.value),
            strict=True,
        )
        return min(xs), min(ys), max(xs), max(ys)

    def _text(self, obj: int, outer: Matrix) -> None:
        text = self.text_of(obj)
        if not text or text.isspace():
            return
        m = self.matrix
        if not GET_MATRIX(obj, self.matrix_at):
            return
        a, b, c, d, f = m.a, m.b, m.c, m.d, m.f
        if outer is not IDENTITY:
            a, b, c, d, _, f = _multiply((a, b, c, d, m.e, f), outer)
        if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
            return  # rotated text: margin notes, stamps; never running text
        GET_FONT_SIZE(obj, self.size_at)
        size = self.size.value * (abs(d) if not c else hypot(c, d))
        if size <= 0:
            return
        x0, _, x1, _ = self._bounds(obj, outer)
        text = _clean(text)
        self.runs.append(Run(x0, x1, f, size, text))

    def _path(self, obj: int, outer: Matrix) -> None:
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


_TO_CLEAN = re.compile("[\ufb00-\ufb04\x02\r\n]")


def _clean(text: str) -> str:
    """PDFium's marked hyphen at a line end (\\x02) as a hyphen; ligatures as their letters."""
    # a search costs a fraction of translate's lookup of every character, and most runs have
    # nothing to translate
    return text.translate(_LIGATURES) if _TO_CLEAN.search(text) else text


def read_pages(data: bytes, where: str) -> list[Page]:
    with _LOCK:
        document = open_pdf(data, where)
        try:
            count = len(document)
            check_page_count(count, where)
            pages: list[Page] = []
            # raw handles, closed here: pypdfium2's page objects (finalizers, weak references)
            # cost as much as reading a short page
            handle = ctypes.cast(document.raw, ADDRESS).value or 0
            for number in range(count):
                page = LOAD_PAGE(handle, number)
                textpage = LOAD_TEXT_PAGE(page) if page else None
                try:
                    if not page or not textpage:
                        what = "page" if not page else "text page"
                        raise MalformedDocument(
                            f"{where}: broken PDF: page {number + 1}: Failed to load {what}."
                        )
                    reader = _Reader(textpage)
                    reader.page(page)
                finally:
                    if textpage:
                        CLOSE_TEXT_PAGE(textpage)
                    if page:
                        CLOSE_PAGE(page)
                pages.append(Page(group_lines(reader.runs), reader.rules))
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return pages
