"""Segmenting plain text (as it comes out of a PDF) into header, questions, answers, footnotes.

Two styles exist: labelled ("Vraag 1" / "Antwoord 1", also grouped "Antwoord 2, 3") and numbered
(the 2026 style: "1." questions followed by unlabelled answer paragraphs; consecutive questions
with no answer between them share the answer that follows). Page furniture is removed and
footnotes are pulled out of the flow before segmenting, so a paragraph interrupted by a page
break is rejoined. Whether the last body line of a page ends its paragraph is judged from the
line's width: from the PDF's geometry when the caller measured it (see ``segment_text``), else
from its length against the document's usual full line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from monitor.model import Answer, Document, Footnote, Format, Question
from monitor.parse.build import apply_header, apply_identifier
from monitor.parse.header import parse_header
from monitor.parse.textlabels import is_label, read_label
from monitor.parse.textlines import PAGE_BREAK, join_paragraph
from monitor.parse.textpages import extract

__all__ = ["PAGE_BREAK", "join_paragraph", "segment_text"]

_ONLY_MARKS = re.compile(r"^(?:\[\^\d{1,3}\])+$")
_CLOSERS = ' »”’")]'  # after a question mark: "…?»", "…?)"
_NUMBERED = re.compile(r"^(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_TERMINAL = '.?!:;»”’")'
_UNWRAPPED_LENGTH = 180


class LineMode(Enum):
    UNWRAPPED = "unwrapped"  # one paragraph per line (text copied from a web page or editor)
    WRAPPED = "wrapped"  # lines wrapped at the page width; paragraph ends guessed from length
    MARKED = "marked"  # blank lines mark every paragraph end (our own PDF extraction)


@dataclass(slots=True)
class _Unit:
    kind: str  # "label-vraag", "label-antwoord", "numbered", "text"
    numbers: list[int]
    lines: list[str] = field(default_factory=list)


def _line_mode(lines: list[str], marked: bool) -> tuple[LineMode, int]:
    lengths = sorted(
        len(line) for line in lines if line and line != PAGE_BREAK and not read_label(line)
    )
    if not lengths:
        return (LineMode.MARKED if marked else LineMode.UNWRAPPED), 0
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if marked:
        return LineMode.MARKED, p90
    if p90 > _UNWRAPPED_LENGTH:
        return LineMode.UNWRAPPED, p90
    return LineMode.WRAPPED, p90


def _ends_paragraph(line: str, width: int, fraction: float) -> bool:
    line = line.strip()
    return line.endswith(tuple(_TERMINAL)) and len(line) < fraction * width


def _paragraphs(lines: list[str], mode: LineMode, width: int) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = join_paragraph(current)
            if text and paragraphs and _ONLY_MARKS.match(text):
                paragraphs[-1] += text  # marks the extractor put on a line after the paragraph
            elif text:
                paragraphs.append(text)
            current.clear()

    for line in lines:
        if line == PAGE_BREAK:
            # no geometry: a last line clearly shorter than a full line ends the paragraph;
            # what comes next says nothing (a new sentence with a capital may well run on)
            if current and _ends_paragraph(current[-1], width, 0.85):
                flush()
            continue
        if not line.strip():
            flush()
            continue
        current.append(line)
        if mode is LineMode.UNWRAPPED or (
            mode is LineMode.WRAPPED and _ends_paragraph(line, width, 0.8)
        ):
            flush()
    flush()
    return paragraphs


def _units(lines: list[str]) -> tuple[list[str], list[_Unit], str]:
    """Header lines, then units that each start at a label or a numbered question."""
    labelled = any(is_label(line) for line in lines)
    style = "labelled" if labelled else "numbered"
    header: list[str] = []
    units: list[_Unit] = []
    expected = 1
    for line in lines:
        label = read_label(line) if labelled else None
        numbered = None if labelled else _NUMBERED.match(line)
        if label:
            units.append(_Unit(label[0], label[1], [label[2]] if label[2] else []))
        elif numbered and int(numbered["num"]) == expected:
            units.append(_Unit("numbered", [expected], [numbered["text"]]))
            expected += 1
        elif units:
            units[-1].lines.append(line)
        elif line != PAGE_BREAK:
            header.append(line)
    return header, units, style


def segment_text(
    text: str,
    *,
    where: str,
    identifier: str = "",
    marked: bool = False,
    source_format: Format = Format.TEXT,
    full_width: Sequence[Sequence[bool | None]] | None = None,
    footnotes: list[Footnote] | None = None,
) -> Document:
    """Turn extracted text into a :class:`Document` (not yet checked: see ``build.finish``).

    ``full_width``: per page (form-feed separated) and line of ``text``, whether the line reaches
    the right margin of justified text, or None where unknown (see ``pdfdoc``).
    ``footnotes``: found from the layout (PDF); the text's own footnote detection is skipped.
    """
    extracted = extract(
        text, marked=marked, full_width=full_width, detect_footnotes=footnotes is None
    )
    if footnotes is not None:
        extracted.footnotes = footnotes
    mode, width = _line_mode(extracted.lines, marked)
    header_lines, units, _style = _units(extracted.lines)
    doc = Document(
        identifier=identifier or extracted.identifier,
        source_format=source_format,
        aanhangsel_number=extracted.aanhangsel_number,
        footnotes=extracted.footnotes,
    )
    header_text = join_paragraph(header_lines)
    chamber = "ek" if "Eerste Kamer" in header_text else "tk"
    apply_header(
        doc,
        parse_header(
            header_text, where=identifier or extracted.identifier or where, chamber=chamber
        ),
    )
    if "Kamer der Staten-Generaal" in header_text or "Aanhangsel" in header_text:
        doc.chamber = chamber
    apply_identifier(doc)
    pending: list[int] = []
    unanswered: list[int] = []  # labelled questions since the last answer
    for unit in units:
        paragraphs = _paragraphs(unit.lines, mode, width)
        if unit.kind == "label-vraag":
            texts = _question_texts(paragraphs, len(unit.numbers))
            doc.questions.extend(Question(n, t) for n, t in zip(unit.numbers, texts, strict=True))
            unanswered.extend(unit.numbers)
        elif unit.kind == "label-antwoord":
            # a bare "Antwoord" answers the questions since the previous answer
            numbers = list(unit.numbers) or list(dict.fromkeys(unanswered))
            doc.answers.append(Answer(numbers, paragraphs))
            unanswered = []
        else:
            question, rest = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
            doc.questions.append(Question(unit.numbers[0], question))
            pending.extend(unit.numbers)
            if rest:
                doc.answers.append(Answer(list(pending), rest))
                pending = []
    _recover_lost_labels(doc)
    # grouped labels may come in any order ("Vraag 1 en 4" before "Vraag 2")
    doc.questions.sort(key=lambda q: q.number)
    return doc


def _recover_lost_labels(doc: Document) -> None:
    """A "Vraag N" label lost at a page break leaves the question's last lines at the end of
    the answer before "Antwoord N". An answer hardly ends with a question; when question N is
    missing and the previous answer's last paragraph is one, it is question N (reported)."""
    asked = {q.number for q in doc.questions}
    for previous, answer in itertools.pairwise(doc.answers):
        missing = [n for n in answer.numbers if n not in asked]
        if (
            len(missing) == 1 and len(answer.numbers) == 1 and len(previous.paragraphs) > 1
            and previous.paragraphs[-1].rstrip(_CLOSERS).endswith("?")
        ):  # fmt: skip
            text = previous.paragraphs.pop()
            doc.questions.append(Question(missing[0], text))
            asked.add(missing[0])
            doc.warnings.append(
                f"question {missing[0]} has no label: its text is the question that ended the "
                f"answer before it"
            )


def _question_texts(paragraphs: list[str], count: int) -> list[str]:
    """Each question's text: one paragraph each when a grouped label has one per question."""
    if count > 1 and len(paragraphs) == count:
        return paragraphs
    return ["\n\n".join(paragraphs)] * count
