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

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from monitor.model import Answer, Document, Footnote, Format, Question
from monitor.parse.build import apply_header, apply_identifier
from monitor.parse.header import parse_header, squash

_PAGE_BREAK = re.compile(r"\f|^\s*-{3,}\s*$", re.MULTILINE)
_FOOTER_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")
_FOOTER_ID_SPACED = re.compile(r"^a?h (tk|ek) (\d{8}) (\d+)$")
_FURNITURE = [
    re.compile(r"^ISSN\s+\d{4}\s*[-–]\s*\d{3}[\dX]$"),
    re.compile(r"^['’]s-Gravenhage\s+\d{4}\b.*$"),
    re.compile(
        r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, Aanhangsel(?:\s+\d+)?$"
    ),
    re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal(?:\s+\d)?$"),
    re.compile(r"^\d{1,4}$"),
]
_LABEL = re.compile(
    r"^(?P<word>Vraag|Vragen|Antwoord|Antwoorden)\s+(?P<nums>\d{1,3}(?:\s*(?:,|en|t/m|tot en met"
    r"|[-–])\s*\d{1,3})*)\s*[:.]?$"
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_FOOTNOTE_START = re.compile(r"^(?P<num>\d{1,3})\s+(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BRACKET_MARKS = re.compile(r"\[\s*(\d{1,3}(?:\s+\d{1,3})*)\s*\]")
_SPACING_ACUTE = re.compile(r"(\w) ?´")
_TERMINAL = ".?!:;»”’\")"
_LINKING_WORDS = {"en", "of", "tot", "en/of", "dan", "noch"}
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_UNWRAPPED_LENGTH = 180
# between pages of a PDF whose line widths are unknown: a paragraph end there is judged from the
# length of the last line, not from a gap
PAGE_BREAK = "\f"


class LineMode(Enum):
    UNWRAPPED = "unwrapped"  # one paragraph per line (text copied from a web page or editor)
    WRAPPED = "wrapped"  # lines wrapped at the page width; paragraph ends guessed from length
    MARKED = "marked"  # blank lines mark every paragraph end (our own PDF extraction)


def _glued_mark(number: int) -> re.Pattern[str]:
    # a footnote mark is glued to the word or punctuation it annotates: "invullen?1", "NZa.2"
    return re.compile(r"(?<=[a-zà-ÿ?.!»”’\")\]:;,])" + str(number) + r"(?!\d)")


def clean_line(line: str) -> str:
    """Undo markdown decoration some PDF converters add (headings, bold, italic underscores)."""
    line = line.replace("\u00a0", " ").replace("\t", " ").rstrip()
    if "´" in line:  # a spacing accent after its letter: "Kostic ´" is "Kostić"
        line = unicodedata.normalize("NFC", _SPACING_ACUTE.sub("\\1\u0301", line))
    line = _MD_HEADING.sub("", line.lstrip()) if line.lstrip().startswith("#") else line.strip()
    line = line.replace("**", "")
    if line.startswith("_") and len(line) > 1 and not line[1].isspace():
        line = line[1:]
    if line.endswith("_") and len(line) > 1 and not line[-2].isspace():
        line = line[:-1]
    return line.strip()


def _dehyphenate(before: str, after: str) -> tuple[str, str]:
    """Decide whether a hyphen at a line end is a word break or a real hyphen."""
    prefix = re.split(r"[\s(«“‘/]", before)[-1][:-1]
    first = after.split(" ", 1)[0]
    if not first:
        return before, " "
    if first.lower() in _LINKING_WORDS:
        return before, " "  # "zorg- en behandelgegevens"
    if not first[0].islower():
        return before, ""  # "Defensie-Industrie", "COVID-19"
    letters = [c for c in prefix if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 2:
        return before, ""  # "ICT-infrastructuur", "EU-programma"
    if prefix and prefix[-1].lower() in _VOWELS and first[0].lower() in _VOWELS:
        return before, ""  # vowel clash keeps its hyphen: "data-uitvraag", "zee-egel"
    return before[:-1], ""


def join_paragraph(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph with hyphenation at line ends undone."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalpha():
            out, glue = _dehyphenate(out, line)
            out += glue + line
        else:
            out += " " + line
    return squash(out)


@dataclass(slots=True)
class _Unit:
    kind: str  # "label-vraag", "label-antwoord", "numbered", "text"
    numbers: list[int]
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extracted:
    """Body lines after furniture and footnotes are removed."""

    lines: list[str]
    footnotes: list[Footnote]
    identifier: str = ""
    aanhangsel_number: str = ""


def _footer_identifier(line: str) -> str:
    if _FOOTER_ID.match(line):
        return line
    spaced = _FOOTER_ID_SPACED.match(line)
    if spaced:
        return f"ah-{spaced[1]}-{spaced[2]}-{spaced[3]}"
    return ""


def _aanhangsel_line(lines: list[str]) -> str:
    after_intro = False
    for line in lines:
        if re.match(r"^(?:Vragen|Antwoord|Mededeling) van\b", line):
            return ""
        if "gegeven antwoorden" in line or "Aanhangsel van de Handelingen" in line:
            after_intro = True
        elif after_intro and re.fullmatch(r"\d{1,5}", line):
            return line
    return ""


def extract(
    text: str, *, marked: bool, full_width: Sequence[Sequence[bool | None]] | None = None,
    detect_footnotes: bool = True,
) -> Extracted:
    """Split into pages, drop furniture, pull footnotes out, remove their marks.

    ``full_width`` (marked text only) says per page and line whether the line reaches the right
    margin (None: unknown); it is ignored where it does not line up with the text's pages/lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad\n", "-\n")
    text = text.replace("\u00ad", "")
    pages = [[clean_line(line) for line in page.split("\n")] for page in _PAGE_BREAK.split(text)]
    if full_width is None or len(full_width) != len(pages):
        full_width = [[] for _ in pages]
    result = Extracted(lines=[], footnotes=[])
    if pages:
        result.aanhangsel_number = _aanhangsel_line([ln for ln in pages[0] if ln])
    expected = 1
    body_so_far: list[str] = []
    last_full: bool | None = None  # does the previous page's last body line reach the margin?
    for page, widths in zip(pages, full_width, strict=True):
        flags = list(widths) if len(widths) == len(page) else [None] * len(page)
        kept: list[str] = []
        kept_full: list[bool | None] = []
        for line, flag in zip(page, flags, strict=True):
            found = _footer_identifier(line)
            if found:
                result.identifier = result.identifier or found
                continue
            if any(p.match(line) for p in _FURNITURE):
                continue
            kept.append(line)
            kept_full.append(flag)
        kept, notes = (
            _pull_footnotes(kept, expected, body_so_far) if detect_footnotes else (kept, [])
        )
        if notes:
            result.footnotes.extend(notes)
            expected = int(notes[-1].mark) + 1
        while kept and not kept[-1]:
            kept.pop()
        page_last_full = kept_full[len(kept) - 1] if kept else None
        while kept and not kept[0]:
            kept.pop(0)
        if marked and body_so_far and kept:
            # justified text: a full-width line runs on across the break, a short one ended its
            # paragraph (a blank line, as within a page); unknown width: judged later by length
            if last_full is None:
                body_so_far.append(PAGE_BREAK)
            elif not last_full:
                body_so_far.append("")
        if kept:
            last_full = page_last_full
        body_so_far.extend(kept)
    result.lines = _remove_marks(body_so_far, [int(f.mark) for f in result.footnotes])
    return result


def _mark_seen(number: int, lines: list[str]) -> bool:
    pattern = _glued_mark(number)
    for line in reversed(lines[-400:]):
        if pattern.search(line):
            return True
        for group in _BRACKET_MARKS.finditer(line):
            if str(number) in group[1].split():
                return True
    return False


def _pull_footnotes(
    lines: list[str], expected: int, before: list[str]
) -> tuple[list[str], list[Footnote]]:
    for i, line in enumerate(lines):
        start = _FOOTNOTE_START.match(line)
        if not start or int(start["num"]) != expected:
            continue
        if not _mark_seen(expected, before + lines[:i]):
            continue
        notes: list[Footnote] = []
        current: list[str] = []
        number = expected
        for tail in lines[i:]:
            nxt = _FOOTNOTE_START.match(tail)
            if nxt and int(nxt["num"]) == number + (1 if current else 0):
                if current:
                    notes.append(Footnote(str(number), join_paragraph(current)))
                number = int(nxt["num"])
                current = [nxt["text"]]
            elif tail:
                current.append(tail)
        if current:
            notes.append(Footnote(str(number), join_paragraph(current)))
        return lines[:i], notes
    return lines, []


def _remove_marks(lines: list[str], marks: list[int]) -> list[str]:
    if not marks:
        return lines
    wanted = set(marks)

    def bracket(match: re.Match[str]) -> str:
        numbers = {int(n) for n in match[1].split()}
        return "" if numbers <= wanted else match[0]

    lines = [_BRACKET_MARKS.sub(bracket, line) for line in lines]
    row, col = 0, 0
    for number in marks:
        pattern = _glued_mark(number)
        for r in range(row, len(lines)):
            hit = pattern.search(lines[r], col if r == row else 0)
            if hit:
                lines[r] = lines[r][: hit.start()] + lines[r][hit.end() :]
                row, col = r, hit.start()
                break
    return [line if line == PAGE_BREAK else line.rstrip() for line in lines]


def _line_mode(lines: list[str], marked: bool) -> tuple[LineMode, int]:
    lengths = sorted(
        len(line) for line in lines if line and line != PAGE_BREAK and not _LABEL.match(line)
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
            if text:
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
    labelled = any(_LABEL.match(line) for line in lines)
    style = "labelled" if labelled else "numbered"
    header: list[str] = []
    units: list[_Unit] = []
    expected = 1
    for line in lines:
        label = _LABEL.match(line) if labelled else None
        numbered = None if labelled else _NUMBERED.match(line)
        if label:
            word = label["word"].lower()
            kind = "label-vraag" if word.startswith("vra") else "label-antwoord"
            units.append(_Unit(kind, _expand(label["nums"])))
        elif numbered and int(numbered["num"]) == expected:
            units.append(_Unit("numbered", [expected], [numbered["text"]]))
            expected += 1
        elif units:
            units[-1].lines.append(line)
        elif line != PAGE_BREAK:
            header.append(line)
    return header, units, style


def _expand(nums: str) -> list[int]:
    from monitor.parse.refs import parse_label_numbers

    return parse_label_numbers(nums)


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
    apply_header(doc, parse_header(header_text, where=identifier or extracted.identifier or where,
                                   chamber=chamber))
    if "Kamer der Staten-Generaal" in header_text or "Aanhangsel" in header_text:
        doc.chamber = chamber
    apply_identifier(doc)
    pending: list[int] = []
    for unit in units:
        paragraphs = _paragraphs(unit.lines, mode, width)
        if unit.kind == "label-vraag":
            doc.questions.extend(Question(n, "\n\n".join(paragraphs)) for n in unit.numbers)
        elif unit.kind == "label-antwoord":
            doc.answers.append(Answer(list(unit.numbers), paragraphs))
        else:
            question, rest = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
            doc.questions.append(Question(unit.numbers[0], question))
            pending.extend(unit.numbers)
            if rest:
                doc.answers.append(Answer(list(pending), rest))
                pending = []
    return doc
