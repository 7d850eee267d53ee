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

_P, _I, _ULONG = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong


def _plain(name: str, restype: Any, *argtypes: Any) -> Any:
    """PDFium's function ``name`` taking and returning handles and pointers as plain addresses.

    pypdfium2's bindings type every handle; converting those costs more than PDFium's own work in
    the small calls of the page loop, which makes a few thousand of them per document. Same
    function of the same library, only a leaner ctypes prototype.
    """
    function = getattr(pdfium_c, name, None)
    address = ctypes.cast(function, _P).value if function is not None else None
    if not address:
        raise ImportError(f"PDFium has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_COUNT_OBJECTS = _plain("FPDFPage_CountObjects", _I, _P)
_GET_OBJECT = _plain("FPDFPage_GetObject", _P, _P, _I)
_GET_TYPE = _plain("FPDFPageObj_GetType", _I, _P)
_GET_TEXT = _plain("FPDFTextObj_GetText", _ULONG, _P, _P, _P, _ULONG)
_GET_MATRIX = _plain("FPDFPageObj_GetMatrix", _I, _P, _P)
_GET_FONT_SIZE = _plain("FPDFTextObj_GetFontSize", _I, _P, _P)
_GET_BOUNDS = _plain("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)
_FORM_COUNT = _plain("FPDFFormObj_CountObjects", _I, _P)
_FORM_OBJECT = _plain("FPDFFormObj_GetObject", _P, _P, _ULONG)
_COUNT_CHARS = _plain("FPDFText_CountChars", _I, _P)
_PAGE_TEXT = _plain("FPDFText_GetText", _I, _P, _I, _I, _P)
try:  # PDFium since 2023; without it, every object's text is asked of PDFium one by one
    _OWNER = _plain("FPDFText_GetTextObject", _P, _P, _I)
except ImportError:  # pragma: no cover - the pinned pypdfium2 has it
    _OWNER = None
_UNICODE = _plain("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
_LOAD_PAGE = _plain("FPDF_LoadPage", _P, _P, _I)
_CLOSE_PAGE = _plain("FPDF_ClosePage", None, _P)
_LOAD_TEXT_PAGE = _plain("FPDFText_LoadPage", _P, _P)
_CLOSE_TEXT_PAGE = _plain("FPDFText_ClosePage", None, _P)
_TEXT, _PATH, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
)  # fmt: skip
# PDFium reorders the characters of right-to-left script (its bidi pass), so an object's
# characters need not stand together there: such a page takes the slow, certain way
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

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


class _OwnedText:
    """Each text object's text, read once for the whole page instead of object by object.

    ``FPDFTextObj_GetText`` walks the page's whole character list for every object (a fifth of a
    4-page parse went there). PDFium appends an object's characters to the list together, in
    one block; the page's text has one character per list entry when it holds no control
    characters. So the list is walked block by block, asking only at a few places which object
    owns a character (most blocks end just before PDFium's generated line break), and an
    object's text is its block of the page text, read as ``FPDFTextObj_GetText`` reads it: the
    block's characters, then a space if a space follows (the rule of PDFium's
    ``GetTextByPredicate``). Where this cannot be sure (a control character, right-to-left
    script, an object in two blocks), :meth:`text` answers None and the caller asks PDFium.
    """

    def __init__(self, textpage: int) -> None:
        self.textpage = textpage
        self.text = ""
        self.spans: dict[int, tuple[int, int]] = {}
        self.usable = _OWNER is not None and self._read()

    def _read(self) -> bool:
        textpage = self.textpage
        count = _COUNT_CHARS(textpage)
        if count <= 0:
            return True
        # a character outside the BMP takes two units: room for every one to be such
        buffer = (ctypes.c_ushort * (2 * count + 2))()
        written = _PAGE_TEXT(textpage, 0, count, ctypes.addressof(buffer))
        text = ctypes.string_at(buffer, max(0, written - 1) * 2).decode("utf-16-le", "replace")
        if len(text) != count or (not text.isascii() and _RIGHT_TO_LEFT.search(text)):
            return False
        self.text = text
        spans, owner_of = self.spans, _OWNER
        split: set[int] = set()
        pos = 0
        while pos < count:
            owner = owner_of(textpage, pos)
            if not owner:
                pos += 1  # generated by PDFium: a space or line break between objects
                continue
            # the usual block ends its line, just before PDFium's generated "\r\n"
            stop = text.find("\r", pos + 1)
            hi = stop if stop != -1 else count
            following = pos + 1  # where the next block may start
            if hi - 1 > pos and owner_of(textpage, hi - 1) != owner:
                end = self._last(owner, pos, hi - 1)  # the block ends earlier on the line
            elif hi < count and (after := owner_of(textpage, hi)) == owner:
                end = self._gallop(owner, hi, count)  # its own "\r": the block runs on
            else:
                end = hi - 1
                if hi < count and not after:
                    # a generated "\r": PDFium appends its "\n" with it, no need to ask
                    following = hi + 2
            if owner in spans:
                split.add(owner)
            spans[owner] = (pos, end)
            pos = max(end + 1, following)
        for owner in split:
            del spans[owner]
            spans[owner] = (-1, -1)
        return True

    def _last(self, owner: int, lo: int, hi: int) -> int:
        """The last index owned by ``owner``: it owns ``lo`` and not ``hi``, and one block."""
        textpage, owner_of = self.textpage, _OWNER
        while hi - lo > 1:
            middle = (lo + hi) // 2
            if owner_of(textpage, middle) == owner:
                lo = middle
            else:
                hi = middle
        return lo

    def _gallop(self, owner: int, lo: int, count: int) -> int:
        step = 16
        while lo + step < count and _OWNER(self.textpage, lo + step) == owner:
            lo += step
            step *= 2
        return self._last(owner, lo, min(lo + step, count))

    def of(self, obj: int) -> str | None:
        """The text PDFium gives ``obj``; None when only PDFium can say."""
        span = self.spans.get(obj)
        if span is None:
            return ""  # no character of the page is this object's (PDFium left it out)
        start, end = span
        if start < 0:
            return None
        text = self.text
        block = text[start : end + 1]
        if "\ufffe" in block:
            # a marked hyphen (\x02) or a character without Unicode (nothing), as PDFium has it
            pieces = block.split("\ufffe")
            out, index = [pieces[0]], start + len(pieces[0])
            for piece in pieces[1:]:
                out += (self._unicode(index), piece)
                index += 1 + len(piece)
            block = "".join(out)
        return block + " " if text[end + 1 : end + 2] == " " else block

    def _unicode(self, index: int) -> str:
        value = _UNICODE(self.textpage, index)
        return chr(value) if value else ""


class _Reader:
    """Collects the text runs and horizontal rules of one page."""

    def __init__(self, textpage: int) -> None:
        self.textpage = textpage
        self.owned = _OwnedText(textpage)
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
        n = _GET_TEXT(obj, self.textpage, ctypes.addressof(self.buffer), self.room)
        if n > self.room:
            self.room = n + 2
            self.buffer = (ctypes.c_ushort * (self.room // 2))()
            n = _GET_TEXT(obj, self.textpage, ctypes.addressof(self.buffer), self.room)
        if n <= 2:
            return ""
        return ctypes.string_at(self.buffer, n - 2).decode("utf-16-le", "replace")

    def page(self, page: int) -> None:
        """The page's own objects: the hot loop, with everything it calls bound locally."""
        get_object, get_type = _GET_OBJECT, _GET_TYPE
        owned_text = self.owned.of if self.owned.usable else None
        get_matrix, get_size, get_bounds = _GET_MATRIX, _GET_FONT_SIZE, _GET_BOUNDS
        matrix, font_size = self.matrix, self.size
        matrix_at, size_at = self.matrix_at, self.size_at
        left, _, right, _ = self.box
        left_at, bottom_at, right_at, top_at = self.box_at
        runs = self.runs
        for index in range(_COUNT_OBJECTS(page)):
            obj = get_object(page, index)
            kind = get_type(obj)
            if kind != _TEXT:
                if kind == _PATH:
                    self._path(obj, IDENTITY)
                elif kind == _FORM:
                    self.objects(
                        _FORM_COUNT(obj),
                        lambda i, form=obj: _FORM_OBJECT(form, i),
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
            kind = _GET_TYPE(obj)
            if kind == _TEXT:
                self._text(obj, outer)
            elif kind == _PATH:
                self._path(obj, outer)
            elif kind == _FORM and depth < 8:
                inner = _multiply(self._matrix(obj), outer) if depth else self._matrix(obj)
                self.objects(
                    _FORM_COUNT(obj),
                    lambda i, form=obj: _FORM_OBJECT(form, i),
                    inner, depth + 1,
                )  # fmt: skip

    def _matrix(self, obj: int) -> Matrix:
        m = self.matrix
        if not _GET_MATRIX(obj, self.matrix_at):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _bounds(self, obj: int, outer: Matrix) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.box
        _GET_BOUNDS(obj, *self.box_at)
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
        if not _GET_MATRIX(obj, self.matrix_at):
            return
        a, b, c, d, f = m.a, m.b, m.c, m.d, m.f
        if outer is not IDENTITY:
            a, b, c, d, _, f = _multiply((a, b, c, d, m.e, f), outer)
        if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
            return  # rotated text: margin notes, stamps; never running text
        _GET_FONT_SIZE(obj, self.size_at)
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
            # raw handles, closed here: pypdfium2's page objects (finalizers, weak references)
            # cost as much as reading a short page
            handle = ctypes.cast(document.raw, _P).value or 0
            for number in range(count):
                page = _LOAD_PAGE(handle, number)
                textpage = _LOAD_TEXT_PAGE(page) if page else None
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
                        _CLOSE_TEXT_PAGE(textpage)
                    if page:
                        _CLOSE_PAGE(page)
                pages.append(Page(group_lines(reader.runs), reader.rules))
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return pages
