"""Footnotes in extracted text: the notes at the end of a page and their marks above them."""

from __future__ import annotations

import re

from monitor.dates import MONTH_PATTERN
from monitor.model import Footnote
from monitor.parse.textlabels import read_label
from monitor.parse.textlines import NUMBER_LINE, PAGE_BREAK, join_paragraph

_FOOTNOTE_AREA_LINES = 80  # a KOOP page has about 50 lines: its footnotes are within the last 80
_MARKS_LINE = re.compile(r"^(?:(?:\d{1,3}|\[\^\d{1,3}\])\s*)+$")
_DATE_START = re.compile(rf"^\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}}\b")
_YEAR_START = re.compile(r"^(?:19|20)\d\d(?![\d.,])")
_DOC_NUMBER = re.compile(r"^(?:19|20)\d\d[A-Z]\d{3,}")  # Kamer document ids: 2024D27196


def _footnote_start(line: str, number: int) -> str | None:
    """The footnote text if ``line`` starts footnote ``number`` ("1 NOS, …", "1NOS, …")."""
    if not line.startswith(str(number)):
        return None
    rest = line[len(str(number)) :]
    if not rest:
        return None
    if rest[0].isspace():
        rest = rest.strip()
        return rest if rest and not NUMBER_LINE.match(rest) else None
    if rest[0].isdigit():
        # glued to a text that starts with digits: a Kamer document number ("32024D27196"), a
        # date ("22 maart 2024, …") or a year ("22023 Annual report"); a table row that starts
        # with a year ("2019 12 34") never leaves a year after the footnote number
        starts = _DOC_NUMBER.match(rest) or _DATE_START.match(rest) or _YEAR_START.match(rest)
        return rest if starts else None
    if rest[0] in ".,;:)-–/%°'’":
        return None  # "1. item", "1.150", "2-heffing", "3%": not a footnote
    return rest


def _footnote_block(lines: list[str], start: int, number: int) -> list[Footnote]:
    notes: list[Footnote] = []
    current: list[str] = []
    for line in lines[start:]:
        text = _footnote_start(line, number + 1) if current else _footnote_start(line, number)
        if text is not None:
            if current:
                notes.append(Footnote(str(number), join_paragraph(current)))
                number += 1
            current = [text]
        elif read_label(line):
            return []  # a question or answer label: this was body text, not the footnote area
        elif line and not NUMBER_LINE.match(line):  # a page number below the footnotes
            current.append(line)
    if current:
        notes.append(Footnote(str(number), join_paragraph(current)))
    return notes


def pull_footnotes(
    lines: list[str], expected: int, labelled: bool
) -> tuple[list[str], list[Footnote]]:
    """The footnote area at the end of a page: footnotes ``expected``, ``expected + 1``, …

    A body line may start with a number that looks like a footnote (a mark the extractor put at
    the line start, "6 november"); the area is the candidate that yields the most footnotes, the
    latest one on a tie, and every footnote in it needs a mark earlier on the page.
    """
    best: tuple[int, int, list[Footnote]] | None = None
    # the area is at the bottom of a page; looking further up would make a page without
    # breaks (text stored as one page) quadratic in its length
    for i in range(max(0, len(lines) - _FOOTNOTE_AREA_LINES), len(lines)):
        line = lines[i]
        if _footnote_start(line, expected) is None:
            continue
        notes = _footnote_block(lines, i, expected)
        marked = notes and _marks_exist(lines[:i], [int(n.mark) for n in notes], labelled)
        if marked and (best is None or len(notes) >= best[0]):
            best = (len(notes), i, notes)
    if best is None:
        return lines, []
    return lines[: best[1]], best[2]


def _mark_patterns(number: int, labelled: bool) -> list[re.Pattern[str]]:
    n = str(number)
    # at the start of a line ("3 Het …", "3. Hiermee"); where questions are numbered "3. Hoe",
    # a number and a full stop before a capital starts a question instead
    after = (
        r"(?=\s|[,;:)](?!\d)|\.(?!\d)|$)"
        if labelled
        else r"(?=\s|[,;:)](?!\d)|\.(?!\d)(?!\s*[A-Z])|$)"
    )
    return [
        re.compile(r"\[\s*" + n + r"\s*\]"),  # markdown conversions: "[1 ]", "[2]"
        re.compile(r"^" + n + after),
        # glued to the word or punctuation it annotates: "invullen?1", "NZa.2"
        re.compile(r"(?<=[^\W\d_]|[?.!»”’\")\]:;,])" + n + r"(?!\d)"),
        re.compile(r"(?<=\b(?:19|20)\d\d)" + n + r"(?!\d)"),  # glued to a year: "20245"
    ]


def _find_mark(
    lines: list[str], number: int, row: int, col: int, labelled: bool
) -> tuple[int, int, int] | None:
    """(row, start, end) of the first mark ``number`` at or after (row, col)."""
    patterns = _mark_patterns(number, labelled)
    alone = re.compile(r"(?<![\d^])" + str(number) + r"(?![\d\]])")
    for r in range(row, len(lines)):
        line = lines[r]
        if not line or line == PAGE_BREAK or read_label(line):
            continue
        first = col if r == row else 0
        if _MARKS_LINE.match(line):
            # a line holding only marks ("1 2"): the superscripts of the line before
            hit = alone.search(line, first)
            if hit:
                return r, hit.start(), hit.end()
            continue
        hits = [m for p in patterns if (m := p.search(line, first))]
        if hits:
            best = min(hits, key=lambda m: m.start())
            return r, best.start(), best.end()
    return None


def _marks_exist(lines: list[str], numbers: list[int], labelled: bool) -> bool:
    """Whether the page above shows the marks of a footnote area: all of one footnote's, at
    least half of several (an extractor may lose a superscript; the area's place at the page
    end and its consecutive numbers are the stronger evidence)."""
    row, col = 0, 0
    found_count = 0
    for number in numbers:
        found = _find_mark(lines, number, row, col, labelled)
        if found is not None:
            found_count += 1
            row, col = found[0], found[2]
    return found_count == len(numbers) or (len(numbers) > 1 and 2 * found_count >= len(numbers))


def place_marks(page: list[str], numbers: list[int], labelled: bool) -> None:
    """Replace each footnote's mark on its page by ``[^N]``, in order."""
    row, col = 0, 0
    for number in numbers:
        found = _find_mark(page, number, row, col, labelled)
        if found is None:
            continue
        r, start, end = found
        token = f"[^{number}]"
        page[r] = page[r][:start] + token + page[r][end:]
        row, col = r, start + len(token)
