"""Footnotes of a PDF from its layout: the notes at the foot of a page and their raised marks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor.model import Footnote
from monitor.parse.pdflayout import Layout
from monitor.parse.pdflines import DIGITS, SUPERSCRIPT, Line, Page, Run, render
from monitor.parse.textlines import join_paragraph

_NOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
_UNIT_BEFORE = re.compile(r"(?:^|[\s\d])[^\W\d_]{1,2}$")  # "m", "km": an exponent follows
_COMMA = re.compile(r"\s*,\s*")
_MARK = re.compile(r"\[\^(\d+)\]")
_GLUED = '(?<=[a-zà-ÿ?.!»”’")\\]:;,])'


@dataclass(slots=True)
class Notes:
    notes: list[Footnote] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    page_of: dict[str, int] = field(default_factory=dict)

    @property
    def last(self) -> int:
        return int(self.notes[-1].mark) if self.notes else 0


def _note_number(
    line: Line, expected: int, strong: bool, raised: set[int]
) -> tuple[int, str] | None:
    """The footnote number a footnote line starts with, and the rest of its text.

    A number in the line's own type counts under a rule (``strong``), or when a raised mark with
    that number stands in the text: a small-type table row starting with "1" is no footnote.
    """
    first = line.runs[0]
    if first.role == "sup" and DIGITS.match(first.text.strip()) and first.text.strip().isdigit():
        rest = render(Line(line.runs[1:], line.base, line.size), {}) if line.runs[1:] else ""
        return int(first.text.strip()), rest.strip()
    text = line.plain()
    match = _NOTE_START.match(text)
    if match and (
        (strong and int(match[1]) >= expected)
        or (int(match[1]) == expected and (strong or int(match[1]) in raised))
    ):
        return int(match[1]), text[match.end() :].strip()
    return None


def _footnote_block(page: Page, layout: Layout) -> int:
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


def take_footnotes(pages: list[Page], layout: Layout) -> Notes:
    found = Notes()
    raised: set[int] = set()  # raised numbers in the text so far: candidate marks
    for number, page in enumerate(pages):
        start = _footnote_block(page, layout)
        for line in page.lines[:start]:
            for run in line.runs:
                if run.role == "sup" and run.text.strip().isdigit():
                    raised.add(int(run.text.strip()))
        block = [ln for ln in page.lines[start:] if not ln.furniture]
        # a wide gap inside the block: below it stands the page's foot, not notes
        cut = next(
            (
                i
                for i in range(1, len(block))
                if block[i - 1].base - block[i].base > 2.2 * block[i - 1].size
            ),
            len(block),
        )
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


def _drop_foot(page: Page, layout: Layout) -> None:
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


def place_marks(pages: list[Page], notes: Notes) -> dict[int, str]:
    """Decide which superscript runs are footnote marks: id(run) -> the marks' text.

    Note N's mark is a raised N on the note's page (else an earlier one), after mark N-1 in
    reading order. Where several qualify, one glued to a word of one or two letters (m³, km²)
    is an exponent and yields to the others.
    """
    candidates: list[tuple[int, int, Run, list[int], bool]] = []
    for number, page in enumerate(pages):
        for line in page.lines:
            if line.furniture:
                continue
            for index, run in enumerate(line.runs):
                token = run.text.strip()
                if run.role != "sup" or not DIGITS.match(token):
                    continue
                before = line.runs[index - 1].text if index else ""
                unit = bool(_UNIT_BEFORE.search(before))
                candidates.append((number, len(candidates), run, _numbers(token), unit))
    marks: dict[int, str] = {}
    known = {int(n.mark) for n in notes.notes}
    after = -1
    for note in notes.notes:
        wanted, home = int(note.mark), notes.page_of[note.mark]
        options = [
            c
            for c in candidates
            if wanted in c[3] and c[1] > after and c[0] <= home and id(c[2]) not in marks
        ]
        if not options:
            continue
        best = min(options, key=lambda c: (c[0] != home, c[4], c[1]))
        marks[id(best[2])] = "".join(
            f"[^{n}]" if n in known else str(n).translate(SUPERSCRIPT) for n in best[3]
        )
        after = best[1]
    return marks


def _numbers(token: str) -> list[int]:
    out: list[int] = []
    for part in _COMMA.split(token):
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            if not 0 < b - a < 10:
                return []
            out.extend(range(a, b + 1))
        else:
            out.append(int(part))
    return out


def unplaced_marks(lines: list[Line], notes: Notes, placed: dict[int, str]) -> None:
    """Marks set in body-size type (no superscript): glued to the word before them."""
    done = {m for text in placed.values() for m in _MARK.findall(text)}
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
