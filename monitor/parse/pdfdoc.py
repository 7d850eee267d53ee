"""PDF manifestations: pypdf text extraction, then the text segmenter.

Lines come back with their positions; a vertical gap wider than the usual line spacing marks a
paragraph end, which the segmenter then trusts instead of guessing from line lengths. A page break
leaves no gap, so each line also carries where its text ends on the right: official publications
are justified, so a line inside a paragraph reaches the right margin and a paragraph's last line
usually stops short of it. The segmenter uses that to judge the last body line of each page.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError
from pypdf.generic import IndirectObject

from monitor.errors import MalformedDocument
from monitor.model import Document, Format
from monitor.parse.text import segment_text

# pypdf reports recoverable oddities of real-world PDFs through logging; they are not our errors
logging.getLogger("pypdf").setLevel(logging.ERROR)

_GAP_FACTOR = 1.3
_LEADING_LIMIT = 1.6
# a line ending less than this share of the body font size before the right margin is full width;
# justified lines end on the margin to within rounding, a last line a tenth of an em short is not
_MARGIN_SLACK = 0.1
# below this share of body lines ending on one right margin the text is not justified (ragged
# right), so line ends say nothing about paragraph ends
_JUSTIFIED_SHARE = 0.25
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

Matrix = tuple[float, float, float, float, float, float]


@dataclass(slots=True)
class _Line:
    y: float
    size: float
    text: str
    end: float | None = None  # x where the line's body-size text ends; None: widths unknown


@dataclass(slots=True, frozen=True)
class _Metrics:
    """Glyph advances of one font in text space units per unit of font size."""

    simple: list[float] | None  # by single-byte code
    cids: dict[int, float]  # by 2-byte code (Identity-H/V composite fonts: code = CID)
    default: float


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(_resolve(value))
    except (TypeError, ValueError):
        return default


def _metrics(font: Any) -> _Metrics | None:
    """Widths from a font dictionary, or None when they cannot be known (no /Widths, odd CMap)."""
    subtype = _resolve(font.get("/Subtype"))
    if subtype == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        if _resolve(font.get("/Encoding")) not in ("/Identity-H", "/Identity-V") or not descendants:
            return None
        cid = _resolve(descendants[0])
        widths: dict[int, float] = {}
        entries = [_resolve(entry) for entry in _resolve(cid.get("/W")) or []]
        i = 0
        while i + 1 < len(entries):
            first, nxt = int(_number(entries[i])), entries[i + 1]
            if isinstance(nxt, list):  # "c [w1 w2 ...]"
                widths.update((first + k, _number(w) / 1000) for k, w in enumerate(nxt))
                i += 2
            elif i + 2 < len(entries):  # "c_first c_last w"
                width = _number(entries[i + 2]) / 1000
                widths.update((code, width) for code in range(first, int(_number(nxt)) + 1))
                i += 3
            else:
                break
        return _Metrics(None, widths, _number(cid.get("/DW"), 1000.0) / 1000)
    table = _resolve(font.get("/Widths"))
    if not isinstance(table, list):
        return None  # a standard-14 font: its metrics are not in the file
    scale = 1 / 1000
    if subtype == "/Type3":
        scale = _number((_resolve(font.get("/FontMatrix")) or [0.001])[0], 0.001)
    first = int(_number(font.get("/FirstChar")))
    descriptor = _resolve(font.get("/FontDescriptor"))
    missing = _number(descriptor.get("/MissingWidth")) if descriptor is not None else 0.0
    simple = [missing * scale] * 256
    for code, width in enumerate(table, start=first):
        if 0 <= code < 256:
            simple[code] = _number(width) * scale
    return _Metrics(simple, {}, missing * scale)


class _Ends:
    """Follows the text state through the content stream to find where each text run ends."""

    def __init__(self, fonts: Any, shared: dict[tuple[int, int], _Metrics | None]) -> None:
        self.fonts = fonts
        self.shared = shared  # fonts by object number: pages share their fonts
        self.cache: dict[str, _Metrics | None] = {}
        self.font: _Metrics | None = None
        self.size = 0.0
        self.tc = self.tw = self.leading = 0.0
        self.tz = 1.0
        self.tm: Matrix = _IDENTITY
        self.tlm: Matrix = _IDENTITY
        self.advance = 0.0
        self.stack: list[tuple[_Metrics | None, float, float, float, float, float]] = []
        # (baseline y, x of the end, effective font size, widths known) per text run
        self.runs: list[tuple[float, float, float, bool]] = []
        self.lost = False  # an operator we could not follow: no line end on this page is known
        self.operators: dict[bytes, Callable[[list[Any], list[float]], None]] = {
            b"BT": self._bt, b"Tf": self._tf, b"Tc": self._tc, b"Tw": self._tw, b"Tz": self._tz,
            b"TL": self._tl, b"Td": self._td, b"TD": self._td_leading, b"Tm": self._tm,
            b"T*": self._next_line, b"Tj": self._tj, b"TJ": self._tj_array, b"'": self._quote,
            b'"': self._double_quote, b"q": self._save, b"Q": self._restore,
        }  # fmt: skip

    def visit(self, op: bytes, args: list[Any], cm: list[float], _tm: list[float]) -> None:
        handler = self.operators.get(op)
        if handler is not None:
            try:
                handler(args, cm)
            except (TypeError, ValueError, IndexError, AttributeError, KeyError):
                self.lost = True

    def _move(self, tx: float, ty: float) -> None:
        a, b, c, d, e, f = self.tlm
        self.tlm = (a, b, c, d, e + tx * a + ty * c, f + tx * b + ty * d)
        self.tm, self.advance = self.tlm, 0.0

    def _metrics(self, name: Any) -> _Metrics | None:
        if self.fonts is None:
            return None
        ref = self.fonts.raw_get(name) if hasattr(self.fonts, "raw_get") else None
        key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else None
        if key is not None and key in self.shared:
            return self.shared[key]
        font = _resolve(self.fonts.get(name))
        metrics = _metrics(font) if font is not None else None
        if key is not None:
            self.shared[key] = metrics
        return metrics

    def _width(self, raw: bytes) -> float | None:
        font = self.font
        if font is None:
            return None
        if font.simple is not None:
            table = font.simple
            glyphs = sum(map(table.__getitem__, raw))
            # word spacing applies to the single-byte space only
            total = glyphs * self.size + self.tc * len(raw) + self.tw * raw.count(32)
        else:
            cids, default = font.cids, font.default
            pairs = len(raw) // 2
            glyphs = sum(cids.get(raw[2 * i] << 8 | raw[2 * i + 1], default) for i in range(pairs))
            total = glyphs * self.size + self.tc * pairs
        return total * self.tz

    def _show(self, items: list[Any], cm: list[float]) -> None:
        known = True
        for item in items:
            if isinstance(item, (str, bytes)):
                raw = getattr(item, "original_bytes", None)
                if raw is None:
                    raw = item.encode("latin-1", "replace") if isinstance(item, str) else item
                width = self._width(raw)
                known = known and width is not None
                self.advance += width or 0.0
            else:
                self.advance -= float(item) / 1000 * self.size * self.tz
        a, b, _, d, e, f = self.tm
        x, y = a * self.advance + e, b * self.advance + f
        base = e * cm[1] + f * cm[3] + cm[5]
        size = self.size * abs(d * cm[3] or 1.0)
        self.runs.append((base, x * cm[0] + y * cm[2] + cm[4], size, known))

    # operators (PDF 32000-1, 9.3 and 9.4): the text state and where the pen stands

    def _bt(self, _args: list[Any], _cm: list[float]) -> None:
        self.tm = self.tlm = _IDENTITY
        self.advance = 0.0

    def _tf(self, args: list[Any], _cm: list[float]) -> None:
        key = str(args[0])
        if key not in self.cache:
            try:
                self.cache[key] = self._metrics(args[0])
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                self.cache[key] = None
        self.font, self.size = self.cache[key], float(args[1])

    def _tc(self, args: list[Any], _cm: list[float]) -> None:
        self.tc = float(args[0])

    def _tw(self, args: list[Any], _cm: list[float]) -> None:
        self.tw = float(args[0])

    def _tz(self, args: list[Any], _cm: list[float]) -> None:
        self.tz = float(args[0]) / 100

    def _tl(self, args: list[Any], _cm: list[float]) -> None:
        self.leading = float(args[0])

    def _td(self, args: list[Any], _cm: list[float]) -> None:
        self._move(float(args[0]), float(args[1]))

    def _td_leading(self, args: list[Any], cm: list[float]) -> None:
        self.leading = -float(args[1])
        self._td(args, cm)

    def _tm(self, args: list[Any], _cm: list[float]) -> None:
        a, b, c, d, e, f = (float(v) for v in args[:6])
        self.tm = self.tlm = (a, b, c, d, e, f)
        self.advance = 0.0

    def _next_line(self, _args: list[Any], _cm: list[float]) -> None:
        self._move(0.0, -self.leading)

    def _tj(self, args: list[Any], cm: list[float]) -> None:
        self._show(args[:1], cm)

    def _tj_array(self, args: list[Any], cm: list[float]) -> None:
        self._show(list(args[0]) if args else [], cm)

    def _quote(self, args: list[Any], cm: list[float]) -> None:
        self._move(0.0, -self.leading)
        self._show(args[:1], cm)

    def _double_quote(self, args: list[Any], cm: list[float]) -> None:
        self.tw, self.tc = float(args[0]), float(args[1])
        self._quote(args[2:3], cm)

    def _save(self, _args: list[Any], _cm: list[float]) -> None:
        self.stack.append((self.font, self.size, self.tc, self.tw, self.tz, self.leading))

    def _restore(self, _args: list[Any], _cm: list[float]) -> None:
        if self.stack:
            self.font, self.size, self.tc, self.tw, self.tz, self.leading = self.stack.pop()

    def ends(self, lines: list[_Line]) -> None:
        """Set each line's right end: the end of its body-size text on its baseline."""
        if self.lost:
            return
        self.runs.sort()
        bases = [run[0] for run in self.runs]
        for line in lines:
            reach = max(1.0, 0.3 * line.size)
            lo = bisect.bisect_left(bases, line.y - reach)
            hi = bisect.bisect_right(bases, line.y + reach)
            best: float | None = None
            for _, x, size, known in self.runs[lo:hi]:
                if size < 0.75 * line.size:
                    continue  # a superscript footnote mark
                if not known:
                    best = None
                    break
                best = x if best is None else max(best, x)
            line.end = best


def _page_lines(page: Any, shared: dict[tuple[int, int], _Metrics | None] | None) -> list[_Line]:
    """Lines with baseline and font size; with their right ends too unless ``shared`` is None."""
    lines: list[_Line] = []
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
                    start = current_y[0] if current_y[0] is not None else y
                    lines.append(_Line(start, size[0], line))
                current.clear()
                size[0] = 0.0
                current_y[0] = None

    if shared is None:
        page.extract_text(visitor_text=visit)
        ends = None
    else:
        resources = _resolve(page.get("/Resources"))
        ends = _Ends(_resolve(resources.get("/Font")) if resources is not None else None, shared)
        page.extract_text(visitor_text=visit, visitor_operand_before=ends.visit)
    tail = "".join(current).strip()
    if tail:
        lines.append(_Line(current_y[0] or 0.0, size[0], tail))
    if ends is not None:
        ends.ends(lines)
    return lines


def _full_width(pages: list[list[_Line]]) -> Callable[[_Line], bool | None]:
    """Judge lines against the right margin of the body text (None: no judgement possible)."""
    sizes = Counter(round(line.size, 1) for page in pages for line in page if line.size)
    if not sizes:
        return lambda _line: None
    body = sizes.most_common(1)[0][0]
    slack = _MARGIN_SLACK * body

    def is_body(line: _Line) -> bool:  # not the smaller footnotes, furniture or header
        return abs(line.size - body) <= 0.05 * body

    ends = sorted(
        (line.end for page in pages for line in page if line.end is not None and is_body(line)),
        reverse=True,
    )
    # the margin is where at least three lines end together (a stray wide line is not it)
    margin = next((ends[i] for i in range(len(ends) - 2) if ends[i] - ends[i + 2] <= slack), None)
    if margin is None or sum(end >= margin - slack for end in ends) < _JUSTIFIED_SHARE * len(ends):
        return lambda _line: None
    edge = margin - slack

    def judge(line: _Line) -> bool | None:
        return line.end >= edge if line.end is not None and is_body(line) else None

    return judge


def _with_breaks(lines: list[_Line]) -> list[_Line]:
    steps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.y - b.y > 0.5]
    spacing = median(steps) if steps else 0.0
    out: list[_Line] = []
    for index, line in enumerate(lines):
        if index and spacing:
            step = lines[index - 1].y - line.y
            # a gap wider than usual, or (in a short text with few plain lines) than the font
            # size allows for plain leading, ends a paragraph
            size = line.size
            limit = min(spacing * _GAP_FACTOR, size * _LEADING_LIMIT) if size else spacing
            if step > limit or step < -0.5:
                out.append(_Line(line.y, 0.0, ""))
        out.append(line)
    return out


def _pdf_pages(data: bytes, *, where: str) -> list[list[_Line]]:
    if data.lstrip()[:5] != b"%PDF-":
        head = data.lstrip()[:12].decode("latin-1").encode("unicode_escape").decode()
        raise MalformedDocument(f"{where}: not a PDF (starts with {head!r})")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MalformedDocument(f"{where}: PDF is encrypted")
        shared: dict[tuple[int, int], _Metrics | None] = {}
        count = len(reader.pages)
        # line ends matter only where a page break follows: not on the last page
        pages = [
            _with_breaks(_page_lines(page, shared if number < count - 1 else None))
            for number, page in enumerate(reader.pages)
        ]
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
        raise MalformedDocument(f"{where}: broken PDF: {type(exc).__name__}: {exc}") from None
    if not any(line.text.strip() for page in pages for line in page):
        raise MalformedDocument(f"{where}: PDF has no text layer (a scan without OCR?)")
    return pages


def _joined(pages: list[list[_Line]]) -> str:
    return "\f".join("\n".join(line.text for line in page) for page in pages)


def pdf_text(data: bytes, *, where: str) -> str:
    """Text of every page, pages separated by form feeds, paragraph ends as blank lines."""
    return _joined(_pdf_pages(data, where=where))


def parse_pdf(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn a PDF into a document (unchecked) plus its text for kind detection."""
    pages = _pdf_pages(data, where=where)
    text = _joined(pages)
    judge = _full_width(pages)
    doc = segment_text(
        text, where=where, identifier=identifier, marked=True, source_format=Format.PDF,
        full_width=[[judge(line) for line in page] for page in pages],
    )  # fmt: skip
    return doc, text
