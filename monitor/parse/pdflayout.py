"""The page layout of a PDF: body type, text column and leading; page furniture; paragraph ends."""

from __future__ import annotations

import itertools
import re
from codecs import charmap_encode
from collections import Counter
from dataclasses import dataclass
from encodings import cp1252

from monitor.parse.pdflines import Line, Page

# a line ending this share of the body size before the measure is flush with it: glyph boxes end
# short of the advance by the last glyph's side bearing (a comma's is wide)
_FLUSH = 0.25
_DIGIT, _LETTER, _NUMBER = re.compile(r"\d"), re.compile(r"[^\W\d_]"), re.compile(r"\d+")
_CLOSING = (".", "?", "!", ":", ";", "]", "»", "”")
_ITEM_NUMBER = re.compile(r"\s*\(?(?:\d{1,3}|[a-z])[.)]\s*$")  # "3.", "3)", "(a)", "b."


@dataclass(slots=True)
class Layout:
    body: float  # the body font size
    left: float  # the text column
    right: float
    spacing: float  # the usual distance between baselines of body lines
    justified: bool

    def is_body(self, line: Line) -> bool:
        return abs(line.size - self.body) <= 0.03 * self.body


def measure_layout(pages: list[Page]) -> Layout:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text or "".join(r.text for r in line.runs))
    body = sizes.most_common(1)[0][0]
    body_lines = [ln for page in pages for ln in page.lines if abs(ln.size - body) <= 0.06 * body]
    lefts = Counter(round(ln.x0) for ln in body_lines)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    ends = sorted((_text_x1(ln) for ln in body_lines), reverse=True)
    # the measure: the longest line, unless it sticks out alone (an unbreakable address)
    right = next(
        (a for a, b in itertools.pairwise(ends) if a - b <= 0.5 * body), ends[0] if ends else 0.0
    )
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
    return Layout(body, left, right, spacing, justified)


def _text_x1(line: Line) -> float:
    """Where the line's text ends, without a superscript after it: a footnote mark after the last
    word of a full last line hangs past the measure."""
    runs = line.runs
    if len(runs) > 1 and runs[-1].role == "sup":
        return max((run.x1 for run in runs if run.role != "sup"), default=line.x1)
    return line.x1


def drop_furniture(pages: list[Page], layout: Layout) -> None:
    """Mark lines outside the text column, and lines recurring at a page's top or bottom."""
    for page in pages:
        top = next((ln.base for ln in page.lines if layout.is_body(ln)), None)
        for line in page.lines:
            outside = (
                line.x1 < layout.left - 0.5 * layout.body or line.x0 > layout.right + layout.body
            )
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


def _running_lines(pages: list[Page], layout: Layout) -> bool:
    """Mark the top and bottom lines that recur on other pages; True when any was found."""
    groups: dict[tuple[int, str], list[tuple[int, list[int], Line]]] = {}
    for number, page in enumerate(pages):
        inner = [ln for ln in page.lines if not ln.furniture]
        for line in inner[:3] + inner[-3:] if len(inner) > 6 else inner:
            text = " ".join(line.plain().split())
            if layout.is_body(line) and _DIGIT.search(text) and _LETTER.search(text):
                continue  # body-size text with numbers: a label such as "Vraag 3", not furniture
            key = (round(line.base / 4), _NUMBER.sub("#", text))
            numbers = [int(n) for n in _NUMBER.findall(text)]
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




def _byte_widths() -> list[int]:
    # every character of the table is in cp1252, one byte each; a byte cp1252 leaves undefined
    # never comes out of an encoding
    widths = []
    for code in range(256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            char = ""
        widths.append(_WIDTHS.get(char, 556))
    return widths


_HIGH = bytes(width >> 8 for width in _byte_widths())
_LOW = bytes(width & 255 for width in _byte_widths())


def _em(text: str) -> int:
    """The sum of the characters' widths (556 for any character not in the table).

    In C rather than a lookup per character: the text in cp1252 ("?", not in the table, for a
    character cp1252 lacks), each byte translated to its width's high and low byte, each summed.
    """
    raw = charmap_encode(text, "replace", cp1252.encoding_table)[0]  # str.encode, minus a call
    return 256 * sum(raw.translate(_HIGH)) + sum(raw.translate(_LOW))


def _first_word_width(line: Line) -> float:
    """The width of the line's first word: its share of its run's measured width."""
    for run in line.runs:
        text = run.text.strip()
        if text:
            if run.em < 0:
                run.em = _em(text)
            word = text.split(" ", 1)[0]
            return (run.x1 - run.x0) * _em(word) / max(1.0, run.em)
    return 0.0


def _text_x0(line: Line, layout: Layout) -> float:
    """Where a line of several runs starts its text: after a hanging item number ("3." set apart
    by a tab), whose continuation lines align with the text, not with the number."""
    runs = line.runs
    hanging = runs[1].x0 - runs[0].x1 > 0.5 * layout.body
    return runs[1].x0 if hanging and _ITEM_NUMBER.match(runs[0].text) else line.x0


def ends_paragraph(line: Line, nxt: Line, layout: Layout, same_page: bool) -> bool:
    if same_page:
        step = line.base - nxt.base
        if step > 1.3 * layout.spacing or step < 0:
            return True
    text_x0 = _text_x0(line, layout) if len(line.runs) > 1 else line.x0
    if text_x0 - nxt.x0 > layout.body:
        # an outdented line: a new item starts (a numbered question's hanging indent ends). Across
        # a page break too: the column stands at the same place on every page, and a block that
        # ends on a page's last line has no gap left to show its end
        return True
    # the next word would have fitted: the line was ended on purpose. Line breaking is not
    # always greedy, so a line without a closing stop needs a clear margin to spare
    room = layout.right - line.x1 - 0.278 * line.size
    if room > 0:  # a full line has no room for any word: no need to measure one
        closed = line.text.endswith(_CLOSING)
        if _first_word_width(nxt) <= room - (0.0 if closed else 0.15 * line.size):
            return True
    return layout.justified and line.x1 < layout.right - _FLUSH * layout.body
