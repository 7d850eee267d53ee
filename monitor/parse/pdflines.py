"""Text runs of a PDF page grouped into lines, with superscripts and subscripts told apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DIGITS = re.compile(r"^\d{1,3}(?:\s*[,-]\s*\d{1,3})*$")
SUPERSCRIPT = str.maketrans("0123456789+-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾")
_SUBSCRIPT = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")
NO_MARKS: dict[int, str] = {}


class Run:
    """One text object: where it stands, its effective font size and its text."""

    __slots__ = ("base", "em", "high", "low", "role", "size", "text", "x0", "x1")

    def __init__(self, x0: float, x1: float, base: float, size: float, text: str) -> None:
        self.x0, self.x1, self.base, self.size, self.text = x0, x1, base, size, text
        self.low, self.high = base - 0.2 * size, base + 0.7 * size  # for grouping into lines
        self.role = ""  # "", "sup" or "sub", set once its line is known
        self.em = -1.0  # the text's width in Helvetica ems, measured when needed


@dataclass(slots=True)
class Line:
    runs: list[Run]
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
            self.text = render(self, NO_MARKS)
        return self.text


@dataclass(slots=True)
class Page:
    lines: list[Line]
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y


def group_lines(runs: list[Run]) -> list[Line]:
    """Runs grouped into lines, top to bottom; far-apart runs on one baseline stay apart."""
    runs.sort(key=lambda r: -r.high)
    groups: list[list[Run]] = []
    spans: list[list[float]] = []  # vertical span of each group's largest run
    for run in runs:
        low, high = run.low, run.high
        # the three newest groups, newest first (indices: no slices made per run)
        for index in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            span = spans[index]
            other_low, other_high = span
            overlap = (other_high if other_high < high else high) - (
                other_low if other_low > low else low
            )
            if overlap >= 0.5 * min(other_high - other_low, high - low):
                groups[index].append(run)
                if high - low > other_high - other_low:
                    span[0], span[1] = low, high
                break
        else:
            groups.append([run])
            spans.append([low, high])
    lines: list[Line] = []
    for group in groups:
        if len(group) == 1:
            lines.append(Line(group))
            continue
        group.sort(key=lambda r: r.x0)
        current = [group[0]]
        reach = group[0].x1
        for run in group[1:]:
            if run.x0 - reach > 2.5 * max(run.size, current[-1].size):
                lines.append(Line(current))  # another column on the same baseline
                current = []
            current.append(run)
            reach = max(reach, run.x1)
        lines.append(Line(current))
    for line in lines:
        line.settle()
    lines.sort(key=lambda ln: (-ln.base, ln.x0))
    return lines


def render(line: Line, marks: dict[int, str]) -> str:
    if len(line.runs) == 1 and id(line.runs[0]) not in marks and not line.runs[0].role:
        return line.runs[0].text.strip()
    parts: list[str] = []
    previous: Run | None = None
    for run in line.runs:
        text = run.text.strip()
        if not text:
            continue
        if id(run) in marks:
            text = marks[id(run)]
        elif run.role == "sup":
            text = text.translate(SUPERSCRIPT) if DIGITS.match(text) else text
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
