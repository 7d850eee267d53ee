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
"""

from __future__ import annotations

import ctypes
import itertools
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from math import hypot
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from monitor.errors import MalformedDocument
from monitor.model import Document, Footnote, Format
from monitor.parse.text import join_paragraph, segment_text

__all__ = ["MAX_INFLATED", "MAX_PAGES", "MAX_PDF_BYTES", "parse_pdf", "pdf_text"]

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
_KOOP_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")
_DIGITS = re.compile(r"^\d{1,3}(?:\s*[,-]\s*\d{1,3})*$")
_NOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
_SUPERSCRIPT = str.maketrans("0123456789+-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾")
_SUBSCRIPT = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")
_GLUED = "(?<=[a-zà-ÿ?.!»”’\")\\]:;,])"

# a line ending this share of the body size before the measure is flush with it: glyph boxes end
# short of the advance by the last glyph's side bearing (a comma's is wide)
_FLUSH = 0.25
_CLOSING = (".", "?", "!", ":", ";", "]", "»", "”")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NO_MARKS: dict[int, str] = {}


class _Run:
    """One text object: where it stands, its effective font size and its text."""

    __slots__ = ("base", "em", "high", "low", "role", "size", "text", "x0", "x1")

    def __init__(self, x0: float, x1: float, base: float, size: float, text: str) -> None:
        self.x0, self.x1, self.base, self.size, self.text = x0, x1, base, size, text
        self.low, self.high = base - 0.2 * size, base + 0.7 * size  # for grouping into lines
        self.role = ""  # "", "sup" or "sub", set once its line is known
        self.em = -1.0  # the text's width in Helvetica ems, measured when needed


@dataclass(slots=True)
class _Line:
    runs: list[_Run]
    base: float = 0.0
    size: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    text: str = ""
    furniture: bool = False
    page: int = 0

    def settle(self) -> None:
        """Baseline and size of the line's main run; roles of smaller raised/lowered runs."""
        runs = self.runs
        if len(runs) == 1:
            main = runs[0]
            self.base, self.size, self.x0, self.x1 = main.base, main.size, main.x0, main.x1
            return
        runs.sort(key=lambda r: r.x0)
        main = max(runs, key=lambda r: (len(r.text.strip()), r.size))
        self.base, self.size = base, size = main.base, main.size
        self.x0, self.x1 = runs[0].x0, max(r.x1 for r in runs)
        for run in runs:
            run.role = ""
            if run.size < 0.85 * size:
                shift = run.base - base
                if shift > 0.15 * size:
                    run.role = "sup"
                elif shift < -0.1 * size:
                    run.role = "sub"

    def plain(self) -> str:
        """The line's text with superscripts and subscripts as they stand (kept once made)."""
        if not self.text:
            self.text = _render(self, _NO_MARKS)
        return self.text


@dataclass(slots=True)
class _Page:
    lines: list[_Line]
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y


# --- reading PDFium's page objects ------------------------------------------------------------


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
        self.runs: list[_Run] = []
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
            # GetText is 0 for anything but text, which saves asking for the type of most objects
            n = get_text(obj, textpage, self.buffer, self.room)
            if n > self.room:
                self.room = n + 2
                self.buffer = (ctypes.c_ushort * (self.room // 2))()
                n = get_text(obj, textpage, self.buffer, self.room)
            if n <= 2:
                kind = get_type(obj)
                if kind == _PATH:
                    self._path(obj, _IDENTITY)
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
            runs.append(_Run(left.value, right.value, matrix.f, size, text))

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
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _bounds(self, obj: Any, outer: Matrix) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.box
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        if outer is _IDENTITY:
            return left.value, bottom.value, right.value, top.value
        xs, ys = zip(
            _apply(outer, left.value, bottom.value), _apply(outer, right.value, top.value),
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
        if outer is not _IDENTITY:
            a, b, c, d, _, f = _multiply((a, b, c, d, m.e, f), outer)
        if abs(b) > 0.1 * abs(a) or abs(c) > 0.1 * abs(d):
            return  # rotated text: margin notes, stamps; never running text
        _GET_FONT_SIZE(obj, self.size)
        size = self.size.value * (abs(d) if not c else hypot(c, d))
        if size <= 0:
            return
        x0, _, x1, _ = self._bounds(obj, outer)
        text = _clean(text)
        self.runs.append(_Run(x0, x1, f, size, text))

    def _path(self, obj: Any, outer: Matrix) -> None:
        x0, y0, x1, y1 = self._bounds(obj, outer)
        if y1 - y0 <= 1.5 and x1 - x0 >= 15:
            self.rules.append((x0, x1, (y0 + y1) / 2))


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\x02": "-", "\r": " ", "\n": " "})


def _clean(text: str) -> str:
    """PDFium's marked hyphen at a line end (\\x02) as a hyphen; ligatures as their letters."""
    return text.translate(_LIGATURES)


def _lines(runs: list[_Run]) -> list[_Line]:
    """Runs grouped into lines, top to bottom; far-apart runs on one baseline stay apart."""
    runs.sort(key=lambda r: -r.high)
    groups: list[list[_Run]] = []
    spans: list[list[float]] = []  # vertical span of each group's largest run
    for run in runs:
        low, high = run.low, run.high
        for span, group in zip(reversed(spans[-3:]), reversed(groups[-3:]), strict=True):
            other_low, other_high = span
            overlap = (other_high if other_high < high else high) - (
                other_low if other_low > low else low
            )
            if overlap >= 0.5 * min(other_high - other_low, high - low):
                group.append(run)
                if high - low > other_high - other_low:
                    span[0], span[1] = low, high
                break
        else:
            groups.append([run])
            spans.append([low, high])
    lines: list[_Line] = []
    for group in groups:
        if len(group) == 1:
            lines.append(_Line(group))
            continue
        group.sort(key=lambda r: r.x0)
        current = [group[0]]
        reach = group[0].x1
        for run in group[1:]:
            if run.x0 - reach > 2.5 * max(run.size, current[-1].size):
                lines.append(_Line(current))  # another column on the same baseline
                current = []
            current.append(run)
            reach = max(reach, run.x1)
        lines.append(_Line(current))
    for line in lines:
        line.settle()
    lines.sort(key=lambda ln: (-ln.base, ln.x0))
    return lines


# --- bad input --------------------------------------------------------------------------------


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


def _read(data: bytes, where: str) -> list[_Page]:
    with _LOCK:
        document = _open(data, where)
        try:
            count = len(document)
            if count > MAX_PAGES:
                raise MalformedDocument(
                    f"{where}: PDF has {count} pages, more than the limit of {MAX_PAGES}"
                )
            pages: list[_Page] = []
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
                pages.append(_Page(_lines(reader.runs), reader.rules))
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return pages


# --- the layout -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    body: float  # the body font size
    left: float  # the text column
    right: float
    spacing: float  # the usual distance between baselines of body lines
    justified: bool

    def is_body(self, line: _Line) -> bool:
        return abs(line.size - self.body) <= 0.03 * self.body


def _layout(pages: list[_Page]) -> _Layout:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text or "".join(r.text for r in line.runs))
    body = sizes.most_common(1)[0][0]
    body_lines = [ln for page in pages for ln in page.lines if abs(ln.size - body) <= 0.06 * body]
    lefts = Counter(round(ln.x0) for ln in body_lines)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    ends = sorted((ln.x1 for ln in body_lines), reverse=True)
    # the measure: the longest line, unless it sticks out alone (an unbreakable address)
    right = next((a for a, b in itertools.pairwise(ends) if a - b <= 0.5 * body),
                 ends[0] if ends else 0.0)
    steps: Counter[float] = Counter()
    for page in pages:
        body_here = [ln for ln in page.lines if abs(ln.size - body) <= 0.06 * body]
        for upper, lower in itertools.pairwise(body_here):
            step = upper.base - lower.base
            if 0.5 * body < step < 1.6 * body:  # plain leading, not a gap between blocks
                steps[round(step, 1)] += 1
    spacing = steps.most_common(1)[0][0] if steps else 1.2 * body
    slack = _FLUSH * body
    flush = sum(1 for end in ends if end >= right - slack)
    justified = bool(ends) and flush >= 0.25 * len(ends) and flush >= 3
    return _Layout(body, left, right, spacing, justified)


def _drop_furniture(pages: list[_Page], layout: _Layout) -> None:
    """Mark lines outside the text column, and lines recurring at a page's top or bottom."""
    for page in pages:
        top = next((ln.base for ln in page.lines if layout.is_body(ln)), None)
        for line in page.lines:
            outside = (line.x1 < layout.left - 0.5 * layout.body
                       or line.x0 > layout.right + layout.body)
            # the title block above the text keeps its margin lines ("Vergaderjaar 2023–2024")
            if outside and (top is None or line.base <= top):
                line.furniture = True  # the margin: identifier, ISSN, place and year
    # peel the page edges: each round looks at the outermost lines not yet known as furniture
    for _ in range(4):
        if not _running_lines(pages, layout):
            break
    for page in pages:
        inner = [ln for ln in page.lines if not ln.furniture]
        for line in (inner[:1] + inner[-1:]) if len(pages) > 1 else []:
            if line.plain().strip().isdigit() and not layout.is_body(line):
                line.furniture = True  # a bare page number in its own type


def _running_lines(pages: list[_Page], layout: _Layout) -> bool:
    """Mark the top and bottom lines that recur on other pages; True when any was found."""
    groups: dict[tuple[int, str], list[tuple[int, list[int], _Line]]] = {}
    for number, page in enumerate(pages):
        inner = [ln for ln in page.lines if not ln.furniture]
        for line in inner[:3] + inner[-3:] if len(inner) > 6 else inner:
            text = " ".join(line.plain().split())
            if layout.is_body(line) and re.search(r"\d", text) and re.search(r"[^\W\d_]", text):
                continue  # body-size text with numbers: a label such as "Vraag 3", not furniture
            key = (round(line.base / 4), re.sub(r"\d+", "#", text))
            numbers = [int(n) for n in re.findall(r"\d+", text)]
            groups.setdefault(key, []).append((number, numbers, line))
    found = False
    for entries in groups.values():
        for i, (page_a, numbers_a, line_a) in enumerate(entries):
            for page_b, numbers_b, line_b in entries[i + 1 :]:
                if page_a != page_b and _running(page_a, numbers_a, page_b, numbers_b):
                    found = found or not (line_a.furniture and line_b.furniture)
                    line_a.furniture = line_b.furniture = True
    return found


def _running(page_a: int, numbers_a: list[int], page_b: int, numbers_b: list[int]) -> bool:
    """Each number is the same on both pages, or moves with the page number."""
    return all(
        a == b or a - page_a == b - page_b for a, b in zip(numbers_a, numbers_b, strict=True)
    )


# --- footnotes --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Notes:
    notes: list[Footnote] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    page_of: dict[str, int] = field(default_factory=dict)

    @property
    def last(self) -> int:
        return int(self.notes[-1].mark) if self.notes else 0


def _note_number(
    line: _Line, expected: int, strong: bool, raised: set[int]
) -> tuple[int, str] | None:
    """The footnote number a footnote line starts with, and the rest of its text.

    A number in the line's own type counts under a rule (``strong``), or when a raised mark with
    that number stands in the text: a small-type table row starting with "1" is no footnote.
    """
    first = line.runs[0]
    if first.role == "sup" and _DIGITS.match(first.text.strip()) and first.text.strip().isdigit():
        rest = _render(_Line(line.runs[1:], line.base, line.size), {}) if line.runs[1:] else ""
        return int(first.text.strip()), rest.strip()
    text = line.plain()
    match = _NOTE_START.match(text)
    if match and (
        (strong and int(match[1]) >= expected) or (int(match[1]) == expected and (
            strong or int(match[1]) in raised))
    ):
        return int(match[1]), text[match.end() :].strip()
    return None


def _footnote_block(page: _Page, layout: _Layout) -> int:
    """Index of the first line of the page's footnote area (len(lines) when there is none)."""
    lines = page.lines
    content = [i for i, ln in enumerate(lines) if not ln.furniture]
    if not content:
        return len(lines)
    body_lines = [i for i in content if layout.is_body(lines[i])]
    # a short rule at the column's left, below some body text: everything under it is notes
    for x0, x1, y in sorted(page.rules, key=lambda r: -r[2]):
        if abs(x0 - layout.left) > 2 * layout.body or x1 - x0 > 0.6 * (layout.right - layout.left):
            continue
        under = [i for i in content if lines[i].base < y]
        above = [i for i in body_lines if lines[i].base > y]
        if under and above and all(lines[i].size < layout.body * 1.02 for i in under):
            return under[0]
    # no rule: the run of smaller lines at the bottom
    start = len(lines)
    for i in reversed(content):
        if lines[i].size < 0.92 * layout.body:
            start = i
        else:
            break
    return start


def _take_footnotes(pages: list[_Page], layout: _Layout) -> _Notes:
    found = _Notes()
    raised: set[int] = set()  # raised numbers in the text so far: candidate marks
    for number, page in enumerate(pages):
        start = _footnote_block(page, layout)
        for line in page.lines[:start]:
            for run in line.runs:
                if run.role == "sup" and run.text.strip().isdigit():
                    raised.add(int(run.text.strip()))
        block = [ln for ln in page.lines[start:] if not ln.furniture]
        # a wide gap inside the block: below it stands the page's foot, not notes
        cut = next((i for i in range(1, len(block))
                    if block[i - 1].base - block[i].base > 2.2 * block[i - 1].size), len(block))
        for line in block[cut:]:
            line.furniture = True
        block = block[:cut]
        if not block:
            continue
        ruled = any(r[2] > block[0].base for r in page.rules)
        starts = [_note_number(ln, found.last + 1, ruled, raised) for ln in block]
        if not any(starts) and not (ruled and found.notes):
            continue  # small type, but no notes here (a table, a quotation)
        if starts[0] is None and not found.notes:
            # lines before the first number with nothing to continue: not part of the notes
            first = next(i for i, s in enumerate(starts) if s)
            block, starts = block[first:], starts[first:]
        current = found.notes[-1].mark if found.notes else ""
        expected = found.last + 1
        for line, start_at in zip(block, starts, strict=True):
            if start_at is not None and (start_at[0] == expected or line.runs[0].role == "sup"):
                current = str(start_at[0])
                found.notes.append(Footnote(current, ""))
                found.texts[current] = [start_at[1]]
                found.page_of[current] = number
                expected = start_at[0] + 1
            elif current:
                found.texts[current].append(line.plain())
            line.furniture = True  # out of the running text either way
        for line in page.lines[start:]:
            line.furniture = True
    for note in found.notes:
        note.text = _join_note(found.texts[note.mark])
    for page in pages:
        _drop_foot(page, layout)
    return found


def _drop_foot(page: _Page, layout: _Layout) -> None:
    """A few lines in their own type size below a wide gap at the bottom: the page's foot."""
    inner = [ln for ln in page.lines if not ln.furniture]
    for i in range(len(inner) - 1, max(0, len(inner) - 5), -1):
        if inner[i - 1].base - inner[i].base > 1.8 * layout.spacing:
            foot = inner[i:]
            if not any(layout.is_body(ln) for ln in foot):
                for line in foot:
                    line.furniture = True
            return


def _join_note(lines: list[str]) -> str:
    """A note's lines as one text; a web address broken over lines is glued back together."""
    out: list[str] = []
    for line in lines:
        last = out[-1].rsplit(" ", 1)[-1] if out else ""
        if out and ("://" in last or last.startswith("www.")) and not last.endswith((".", ")")):
            out[-1] += line
        else:
            out.append(line)
    return join_paragraph(out)


def _place_marks(pages: list[_Page], notes: _Notes) -> dict[int, str]:
    """Decide which superscript runs are footnote marks: id(run) -> the marks' text.

    Note N's mark is a raised N on the note's page (else an earlier one), after mark N-1 in
    reading order. Where several qualify, one glued to a word of one or two letters (m³, km²)
    is an exponent and yields to the others.
    """
    candidates: list[tuple[int, int, _Run, list[int], bool]] = []
    for number, page in enumerate(pages):
        for line in page.lines:
            if line.furniture:
                continue
            for index, run in enumerate(line.runs):
                token = run.text.strip()
                if run.role != "sup" or not _DIGITS.match(token):
                    continue
                before = line.runs[index - 1].text if index else ""
                unit = bool(re.search(r"(?:^|[\s\d])[^\W\d_]{1,2}$", before))
                candidates.append((number, len(candidates), run, _numbers(token), unit))
    marks: dict[int, str] = {}
    known = {int(n.mark) for n in notes.notes}
    after = -1
    for note in notes.notes:
        wanted, home = int(note.mark), notes.page_of[note.mark]
        options = [c for c in candidates
                   if wanted in c[3] and c[1] > after and c[0] <= home and id(c[2]) not in marks]
        if not options:
            continue
        best = min(options, key=lambda c: (c[0] != home, c[4], c[1]))
        marks[id(best[2])] = "".join(
            f"[^{n}]" if n in known else str(n).translate(_SUPERSCRIPT) for n in best[3]
        )
        after = best[1]
    return marks


def _numbers(token: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", token):
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            if not 0 < b - a < 10:
                return []
            out.extend(range(a, b + 1))
        else:
            out.append(int(part))
    return out


def _render(line: _Line, marks: dict[int, str]) -> str:
    if len(line.runs) == 1 and id(line.runs[0]) not in marks and not line.runs[0].role:
        return line.runs[0].text.strip()
    parts: list[str] = []
    previous: _Run | None = None
    for run in line.runs:
        text = run.text.strip()
        if not text:
            continue
        if id(run) in marks:
            text = marks[id(run)]
        elif run.role == "sup":
            text = text.translate(_SUPERSCRIPT) if _DIGITS.match(text) else text
        elif run.role == "sub":
            text = text.translate(_SUBSCRIPT) if text.isdigit() else text
        if previous is not None:
            gap = run.x0 - previous.x1
            leading_space = run.text[:1].isspace() or previous.text[-1:].isspace()
            # a space drawn at either side is a word boundary (its box may hold no gap at all)
            if leading_space or gap > 0.2 * min(line.size, max(run.size, previous.size)):
                parts.append(" ")
        parts.append(text)
        previous = run
    return "".join(parts)


def _unplaced_marks(lines: list[_Line], notes: _Notes, placed: dict[int, str]) -> None:
    """Marks set in body-size type (no superscript): glued to the word before them."""
    done = {m for text in placed.values() for m in re.findall(r"\[\^(\d+)\]", text)}
    for note in notes.notes:
        if note.mark in done:
            continue
        pattern = re.compile(_GLUED + note.mark + r"(?!\d)")
        page = notes.page_of[note.mark]
        for line in lines:
            if line.page not in (page, page - 1):
                continue
            hit = pattern.search(line.text)
            if hit:
                line.text = f"{line.text[: hit.start()]}[^{note.mark}]{line.text[hit.end() :]}"
                break


# --- paragraphs -------------------------------------------------------------------------------


# Helvetica's advance widths (per 1000 em): only the ratios matter, as every estimate is scaled to
# the measured width of its run, so any proportional font is close enough
_WIDTHS = dict(
    zip("abcdefghijklmnopqrstuvwxyz", [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
        222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500], strict=True),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [667, 667, 722, 722, 667, 611, 778, 722, 278, 500,
               667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611],
               strict=True)),
    **dict.fromkeys(" .,:;!/’'", 278), **dict.fromkeys("()-«»", 333), **dict.fromkeys("%", 889),
)  # fmt: skip


def _em(text: str) -> float:
    return sum(map(_WIDTHS.get, text, itertools.repeat(556)))


def _first_word_width(line: _Line) -> float:
    """The width of the line's first word: its share of its run's measured width."""
    for run in line.runs:
        text = run.text.strip()
        if text:
            if run.em < 0:
                run.em = _em(text)
            word = text.split(" ", 1)[0]
            return (run.x1 - run.x0) * _em(word) / max(1.0, run.em)
    return 0.0


def _ends_paragraph(line: _Line, nxt: _Line, layout: _Layout, same_page: bool) -> bool:
    if same_page:
        step = line.base - nxt.base
        if step > 1.3 * layout.spacing or step < 0:
            return True
    if abs(nxt.x0 - line.x0) > layout.body and same_page and nxt.x0 < line.x0:
        return True  # an outdented line: a new item starts
    # the next word would have fitted: the line was ended on purpose. Line breaking is not
    # always greedy, so a line without a closing stop needs a clear margin to spare
    room = layout.right - line.x1 - 0.278 * line.size
    if room > 0:  # a full line has no room for any word: no need to measure one
        closed = line.text.endswith(_CLOSING)
        if _first_word_width(nxt) <= room - (0.0 if closed else 0.15 * line.size):
            return True
    return layout.justified and line.x1 < layout.right - _FLUSH * layout.body


@dataclass(slots=True)
class _Extraction:
    text: str
    footnotes: list[Footnote]
    identifier: str  # as printed in the page furniture ("ah-tk-20232024-1178"), or ""


def _extract(data: bytes, where: str) -> _Extraction:
    pages = _read(data, where)
    for page in pages:
        for line in page.lines:
            line.text = line.plain()
    layout = _layout(pages)
    _drop_furniture(pages, layout)
    notes = _take_footnotes(pages, layout)
    printed = next((ln.text.strip() for page in pages for ln in page.lines
                    if ln.furniture and _KOOP_ID.match(ln.text.strip())), "")
    marks = _place_marks(pages, notes)
    body: list[_Line] = []
    for number, page in enumerate(pages):
        for line in page.lines:
            if line.furniture:
                continue
            if len(line.runs) > 1 and any(id(run) in marks for run in line.runs):
                line.text = _render(line, marks)
            if line.text:
                body.append(line)
                line.page = number
    _unplaced_marks(body, notes, marks)
    out: list[str] = []
    for index, line in enumerate(body):
        if index:
            before = body[index - 1]
            same = before.page == line.page
            if _ends_paragraph(before, line, layout, same):
                out.append("")
        out.append(line.text)
    return _Extraction("\n".join(out), notes.notes, printed)


def _iter_text(pages: list[_Page]) -> Iterator[str]:
    for page in pages:
        yield "\n".join(line.plain() for line in page.lines)


def pdf_text(data: bytes, *, where: str) -> str:
    """Text of every page as laid out (furniture and footnotes included), pages split by \\f."""
    return "\f".join(_iter_text(_read(data, where)))


def parse_pdf(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn a PDF into a document (unchecked) plus its body text for kind detection."""
    extraction = _extract(data, where)
    doc = segment_text(
        extraction.text, where=where, identifier=identifier or extraction.identifier, marked=True,
        source_format=Format.PDF, footnotes=extraction.footnotes,
    )  # fmt: skip
    return doc, extraction.text
