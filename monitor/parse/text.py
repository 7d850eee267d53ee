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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from monitor.model import Answer, Document, Footnote, Format, Question
from monitor.parse.build import apply_header, apply_identifier
from monitor.parse.header import parse_header, squash
from monitor.parse.refs import parse_label_numbers

_PAGE_BREAK = re.compile(r"\f|^\s*-{3,}\s*$", re.MULTILINE)
_FOOTER_ID = re.compile(r"^(?:(?:ah|kv)-(?:tk|ek)-\d{8}-\d+|ah-\d+|kv-\d+)$")
_FOOTER_ID_SPACED = re.compile(r"^a?h (tk|ek) (\d{8}) (\d+)$")
_FURNITURE = [
    re.compile(r"^ISSN\s+\d{4}\s*[-–]\s*\d{3}[\dX]$"),
    re.compile(r"^['’]s-Gravenhage\s+\d{4}\b.*$"),
    re.compile(
        r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, Aanhangsel(?:\s+\d+)?$"
    ),
    re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal(?:\s*\d)?$"),
]
_FOOTER = r"(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, Aanhangsel"
# not "…, Aanhangsel van de Handelingen, nr. 2386": a reference (in a footnote) is no footer
_GLUED_FOOTER = re.compile(
    r"(?P<footer>" + _FOOTER + r")(?!\s*(?:van\b|Handelingen\b|,|\s+nr\b))[ \t]*(?P<page>\d{0,6})"
)
_GLUED_FURNITURE = re.compile(
    r"ISSN\s*\d{4}\s*[-–]\s*\d{3}[\dX]|['’]s-Gravenhage\s+\d{4}"
    r"|(?:Tweede|Eerste) Kamer der Staten-Generaal\s*\d?(?!\d)"
    r"|(?<![\w-])(?:ah|kv)-(?:tk|ek)-\d{8}-\d+"
)
_LABEL_WORDS = r"(?:Vraag|Vragen|Antwoord|Antwoorden)"
# a label inside text stored as one line; a number must follow, so "Antwoord van …" stays text
_INLINE_LABEL = re.compile(
    r"(?<![\w,])" + _LABEL_WORDS + r"(?:\s+op\s+vraag|\s+vraag)?\s+\d{1,3}"
    r"(?:\s*(?:,|en|t/m|tot en met|[-–])?\s*\d{1,3}(?!\d))*\s*:?(?=\s*[A-Z«“‘(\[]|\s*$)"
)
_LABEL_NUMS = r"\d{1,3}(?:(?:\s*(?:,|en|t/m|tot en met)\s*|[ \t]+)\d{1,3})*"
_LABEL_AFTER_SENTENCE = re.compile(
    r"(?<=[.?!»”)])(?=" + _LABEL_WORDS + r"[ \t]+" + _LABEL_NUMS + r"[ \t]*:?[ \t]*$)", re.M
)
_LABEL_MID_LINE = re.compile(r"(?<=[.?!»”)])(?=(?:Vraag|Antwoord) \d{1,2}[A-Z])")
_LABEL_BEFORE_TEXT = re.compile(
    r"(?<=^Vraag \d)(?=[A-Z])|(?<=^Vraag \d\d)(?=[A-Z])|(?<=^Antwoord \d)(?=[A-Z])"
    r"|(?<=^Antwoord \d\d)(?=[A-Z])",
    re.M,
)
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=\[\^\d{1,3}\])")
_ONLY_MARKS = re.compile(r"^(?:\[\^\d{1,3}\])+$")
_BRACKET_GROUP = re.compile(r"\[\s*(\d{1,3}(?:\s+\d{1,3})+)\s*\]")
_FOOTNOTE_AREA_LINES = 80  # a KOOP page has about 50 lines: its footnotes are within the last 80
_CLOSERS = " »”’\")]"  # after a question mark: "…?»", "…?)"
_SINGLE_LINE_CHARS = 2000  # fewer line breaks than one per this many characters: one line
_NUMBER_LINE = re.compile(r"^\d{1,4}$")
_MARKS_LINE = re.compile(r"^(?:(?:\d{1,3}|\[\^\d{1,3}\])\s*)+$")
_DATE_START = re.compile(
    r"^\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december)\s+\d{4}\b"
)
_YEAR_START = re.compile(r"^(?:19|20)\d\d(?![\d.,])")
_DOC_NUMBER = re.compile(r"^(?:19|20)\d\d[A-Z]\d{3,}")  # Kamer document ids: 2024D27196
# "Vraag 3", "Vragen 3 en 4", "Vraag 2 t/m 6", "Vraag 7, 8, 9 10 en 11", "Antwoord op vraag 3",
# "Antwoord vraag 7", "Antwoorden 5 en 6", "Vraag 1: tekst", and a bare "Antwoord" (the answer
# to the questions before it); a label never has more than three digits to a number
_LABEL = re.compile(
    r"^(?P<word>Vraag|Vragen|Antwoord|Antwoorden)(?:\s+op)?(?:\s+(?:de\s+)?(?:vraag|vragen))?"
    r"(?:\s*(?P<nums>\d{1,3}(?:(?:\s*(?:,|en|t/m|tot en met|[-–])\s*|\s+)\d{1,3})*)(?!\d))?"
    r"\s*(?:[:.]\s*(?P<rest>\S.*)?)?$"
)
_BOLD_LABEL = re.compile(r"^\*\*(" + _LABEL_WORDS + r"[^*]{0,40}?)[\s:.]*\*\*\s*(?=\S)")
_NUMBERED = re.compile(r"^(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_FOOTNOTE_START = re.compile(r"^(?P<num>\d{1,3})\s+(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SPACING_ACUTE = re.compile(r"(\w) ?´")
_TERMINAL = '.?!:;»”’")'
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


def clean_line(line: str) -> str:
    """Undo markdown decoration some PDF converters add (headings, bold, italic underscores)."""
    line = line.replace("\u00a0", " ").replace("\t", " ").rstrip()
    if "´" in line:  # a spacing accent after its letter: "Kostic ´" is "Kostić"
        line = unicodedata.normalize("NFC", _SPACING_ACUTE.sub("\\1\u0301", line))
    line = _MD_HEADING.sub("", line.lstrip()) if line.lstrip().startswith("#") else line.strip()
    # "**Vraag 1** Kent u …": a bold label with its text on the same line
    line = _BOLD_LABEL.sub(r"\1: ", line).replace("**", "")
    if "[" in line:  # "[4 5 ]": one bracket for two marks in markdown conversions
        line = _BRACKET_GROUP.sub(lambda m: "".join(f"[{n}]" for n in m[1].split()), line)
    if line.startswith("_") and len(line) > 1 and not line[1].isspace():
        line = line[1:]
    if line.endswith("_") and len(line) > 1 and not line[-2].isspace():
        line = line[:-1]
    return line.strip()


def _dehyphenate(before: str, after: str) -> tuple[str, str]:
    """Decide whether a hyphen at a line end is a word break or a real hyphen."""
    prefix = re.split(r"[\s(«“‘/]", before[-80:])[-1][:-1]  # the tail: linear in paragraphs
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
    # a footnote mark belongs to the text before it, even when it came on the next line
    return _SPACE_BEFORE_MARK.sub("", squash(out))


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


def unglue(text: str) -> str:
    """Put page furniture that an extractor ran into its neighbours on lines of its own.

    Text from pypdf and similar tools glues the page footer to the next page's first words
    ("…Aanhangsel 1Antwoord 3") and the footer parts to each other. Each page footer ("Tweede
    Kamer, vergaderjaar …, Aanhangsel N") ends its page, so it also becomes a page break: the
    footnotes above it are then at the end of their page, where the layout put them.
    """
    page = 0

    def footer(match: re.Match[str]) -> str:
        nonlocal page
        page += 1
        digits, rest = match["page"] or "", ""
        # the page number runs into the next page's text when that starts with a digit
        if len(digits) > len(str(page)) and digits.startswith(str(page)):
            digits, rest = str(page), digits[len(str(page)) :]
        return f"\n{match['footer']} {digits}".rstrip() + f"\n{PAGE_BREAK}\n{rest}"

    text = _GLUED_FOOTER.sub(footer, text)
    text = _GLUED_FURNITURE.sub(lambda m: f"\n{m[0].strip()}\n", text)
    # a label line run into the sentence before it ("…beantwoorden?Vraag 2") or into its own
    # text ("Antwoord 3Ik kan …"), as lines run together in extracted text
    text = _LABEL_AFTER_SENTENCE.sub("\n", text)
    text = _LABEL_MID_LINE.sub("\n", text)
    return _LABEL_BEFORE_TEXT.sub("\n", text)


def _single_line_labels(text: str, original: str) -> str:
    """Text stored without line breaks (judged on the ``original``): a line at every label."""
    if original.count("\n") * _SINGLE_LINE_CHARS >= len(original):
        return text
    return _INLINE_LABEL.sub(lambda m: "\n" + m[0].strip() + "\n", text)


def extract(
    text: str, *, marked: bool, full_width: Sequence[Sequence[bool | None]] | None = None,
    detect_footnotes: bool = True,
) -> Extracted:
    """Split into pages, drop furniture, pull footnotes out, turn their marks into ``[^N]``.

    ``full_width`` (marked text only) says per page and line whether the line reaches the right
    margin (None: unknown); it is ignored where it does not line up with the text's pages/lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad\n", "-\n")
    text = text.replace("\u00ad", "")
    if not marked:
        # our own PDF extraction keeps furniture on separate lines already (and line-aligned
        # widths depend on the lines staying as they are)
        text = _single_line_labels(unglue(text), text)
    pages = [[clean_line(line) for line in page.split("\n")] for page in _PAGE_BREAK.split(text)]
    if full_width is None or len(full_width) != len(pages):
        full_width = [[] for _ in pages]
    result = Extracted(lines=[], footnotes=[])
    labelled = any(_is_label(line) for page in pages for line in page)
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
        if not body_so_far and result.aanhangsel_number and result.aanhangsel_number in kept:
            # the Aanhangsel number stands alone on a line, like a footnote mark would
            kept_full.pop(kept.index(result.aanhangsel_number))
            kept.remove(result.aanhangsel_number)
        kept, notes = (
            _pull_footnotes(kept, expected, labelled) if detect_footnotes else (kept, [])
        )
        if detect_footnotes and not notes and result.footnotes:
            # one footnote the extractor mangled must not hide all the ones after it
            kept, notes = _pull_footnotes(kept, expected + 1, labelled)
        if notes:
            _place_marks(kept, [int(f.mark) for f in notes], labelled)
            result.footnotes.extend(notes)
            expected = int(notes[-1].mark) + 1
        kept, kept_full = _drop_page_numbers(kept, kept_full)
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
        elif body_so_far and kept and not marked:
            body_so_far.append(PAGE_BREAK)
        if kept:
            last_full = page_last_full
        body_so_far.extend(kept)
    result.lines = [line if line == PAGE_BREAK else line.rstrip() for line in body_so_far]
    return result


def _drop_page_numbers(
    lines: list[str], flags: list[bool | None]
) -> tuple[list[str], list[bool | None]]:
    # a line that is only a number and was not a footnote mark: a page or Aanhangsel number
    keep = [i for i, line in enumerate(lines) if not _NUMBER_LINE.match(line)]
    return [lines[i] for i in keep], [flags[i] for i in keep]


def _footnote_start(line: str, number: int) -> str | None:
    """The footnote text if ``line`` starts footnote ``number`` ("1 NOS, …", "1NOS, …")."""
    if not line.startswith(str(number)):
        return None
    rest = line[len(str(number)) :]
    if not rest:
        return None
    if rest[0].isspace():
        rest = rest.strip()
        return rest if rest and not _NUMBER_LINE.match(rest) else None
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
        elif _label(line):
            return []  # a question or answer label: this was body text, not the footnote area
        elif line and not _NUMBER_LINE.match(line):  # a page number below the footnotes
            current.append(line)
    if current:
        notes.append(Footnote(str(number), join_paragraph(current)))
    return notes


def _pull_footnotes(
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
        if not line or line == PAGE_BREAK or _label(line):
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


def _place_marks(page: list[str], numbers: list[int], labelled: bool) -> None:
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


def _line_mode(lines: list[str], marked: bool) -> tuple[LineMode, int]:
    lengths = sorted(
        len(line) for line in lines if line and line != PAGE_BREAK and not _label(line)
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
    labelled = any(_is_label(line) for line in lines)
    style = "labelled" if labelled else "numbered"
    header: list[str] = []
    units: list[_Unit] = []
    expected = 1
    for line in lines:
        label = _label(line) if labelled else None
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


def _label(line: str) -> tuple[str, list[int], str] | None:
    """(unit kind, numbers, text after a colon) of a label line, or None."""
    match = _LABEL.match(line)
    if not match:
        return None
    question = match["word"].lower().startswith("vra")
    numbers = parse_label_numbers(match["nums"] or "")
    if not numbers and (question or match["nums"]):
        return None  # a question label always has a number; so has "Antwoord 10000"
    return ("label-vraag" if question else "label-antwoord"), numbers, match["rest"] or ""


def _is_label(line: str) -> bool:
    found = _label(line)
    return found is not None and bool(found[1])


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
