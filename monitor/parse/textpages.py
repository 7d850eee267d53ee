"""Pages of extracted text: page furniture removed (also where an extractor glued it to the text),
footnotes pulled out, pages joined again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.model import Footnote
from monitor.parse.textlabels import LABEL_WORDS, is_label
from monitor.parse.textlines import NUMBER_LINE, PAGE_BREAK, clean_line
from monitor.parse.textnotes import place_marks, pull_footnotes

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
# a label inside text stored as one line; a number must follow, so "Antwoord van …" stays text
_INLINE_LABEL = re.compile(
    r"(?<![\w,])" + LABEL_WORDS + r"(?:\s+op\s+vraag|\s+vraag)?\s+\d{1,3}"
    r"(?:\s*(?:,|en|t/m|tot en met|[-–])?\s*\d{1,3}(?!\d))*\s*:?(?=\s*[A-Z«“‘(\[]|\s*$)"
)
_LABEL_NUMS = r"\d{1,3}(?:(?:\s*(?:,|en|t/m|tot en met)\s*|[ \t]+)\d{1,3})*"
_LABEL_AFTER_SENTENCE = re.compile(
    r"(?<=[.?!»”)])(?=" + LABEL_WORDS + r"[ \t]+" + _LABEL_NUMS + r"[ \t]*:?[ \t]*$)", re.M
)
_LABEL_MID_LINE = re.compile(r"(?<=[.?!»”)])(?=(?:Vraag|Antwoord) \d{1,2}[A-Z])")
_LABEL_BEFORE_TEXT = re.compile(
    r"(?<=^Vraag \d)(?=[A-Z])|(?<=^Vraag \d\d)(?=[A-Z])|(?<=^Antwoord \d)(?=[A-Z])"
    r"|(?<=^Antwoord \d\d)(?=[A-Z])",
    re.M,
)
_SINGLE_LINE_CHARS = 2000  # fewer line breaks than one per this many characters: one line


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


_REPLY_START = re.compile(r"^(?:Vragen|Antwoord|Mededeling) van\b")
_NUMBER = re.compile(r"\d{1,5}")
# every furniture pattern and footer identifier starts with one of these (a cheap test first)
_FURNITURE_STARTS = ("ISSN", "'s-", "’s-", "Tweede", "Eerste")
_IDENTIFIER_STARTS = ("ah", "kv", "h ")


def _aanhangsel_line(lines: list[str]) -> str:
    after_intro = False
    for line in lines:
        if _REPLY_START.match(line):
            return ""
        if "gegeven antwoorden" in line or "Aanhangsel van de Handelingen" in line:
            after_intro = True
        elif after_intro and _NUMBER.fullmatch(line):
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
    text: str,
    *,
    marked: bool,
    full_width: Sequence[Sequence[bool | None]] | None = None,
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
    labelled = any(is_label(line) for page in pages for line in page)
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
            if line.startswith(_IDENTIFIER_STARTS):
                found = _footer_identifier(line)
                if found:
                    result.identifier = result.identifier or found
                    continue
            if line.startswith(_FURNITURE_STARTS) and any(p.match(line) for p in _FURNITURE):
                continue
            kept.append(line)
            kept_full.append(flag)
        if not body_so_far and result.aanhangsel_number and result.aanhangsel_number in kept:
            # the Aanhangsel number stands alone on a line, like a footnote mark would
            kept_full.pop(kept.index(result.aanhangsel_number))
            kept.remove(result.aanhangsel_number)
        kept, notes = pull_footnotes(kept, expected, labelled) if detect_footnotes else (kept, [])
        if detect_footnotes and not notes and result.footnotes:
            # one footnote the extractor mangled must not hide all the ones after it
            kept, notes = pull_footnotes(kept, expected + 1, labelled)
        if notes:
            place_marks(kept, [int(f.mark) for f in notes], labelled)
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
    keep = [i for i, line in enumerate(lines) if not NUMBER_LINE.match(line)]
    return [lines[i] for i in keep], [flags[i] for i in keep]
