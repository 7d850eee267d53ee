"""Line breaking for the rendered PDF: the fonts, word widths, justified lines, and Dutch
hyphenation at line ends only where the parser's de-hyphenation rule will restore the word, so
parsing the PDF back gives the same text."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from monitor.errors import FontMissing
from monitor.model import FOOTNOTE_MARK

FONT_DIRS = (
    Path(__file__).parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
REGULAR, BOLD = "KvSerif", "KvSerif-Bold"
PAGE_W, PAGE_H = A4
LEFT, RIGHT = 72.0, PAGE_W - 72.0
WIDTH = RIGHT - LEFT
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_LINKING = {"en", "of", "tot", "en/of", "dan", "noch"}
MARK = FOOTNOTE_MARK  # a footnote mark in the text: drawn raised, in small type, where it stands
MARK_SIZE, MARK_RISE = 6.0, 3.5


@cache
def register_fonts() -> None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSerif.ttf", folder / "DejaVuSerif-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            return
    raise FontMissing("DejaVuSerif.ttf not found (install fonts-dejavu-core)")


@cache
def text_width(word: str, font: str, size: float) -> float:
    if "[^" in word:  # marks are drawn small: measure them as drawn
        marks = "".join(MARK.findall(word))
        plain = MARK.sub("", word)
        return text_width(plain, font, size) + text_width(marks, font, MARK_SIZE)
    return float(pdfmetrics.stringWidth(word, font, size))


@dataclass(slots=True)
class Line:
    words: list[str]
    font: str
    size: float
    leading: float
    x: float = LEFT
    width: float = WIDTH
    justify: bool = True
    gap_before: float = 0.0
    marks: list[str] = field(default_factory=list)  # footnote marks glued after the last word
    prefix: str = ""  # "3." hanging in the margin of a numbered question


def _breakable(left: str, right: str) -> bool:
    """True when "left-" + newline + "right" will be read back as the word left+right."""
    if len(left) < 3 or len(right) < 3 or not left[-1].isalpha() or not right[0].islower():
        return False
    if sum(c.isupper() for c in left) >= 2 or right.lower() in _LINKING:
        return False
    if "-" in left or "-" in right or not all(c.isalpha() for c in left + right):
        return False
    if left[-1].lower() in _VOWELS and right[0].lower() in _VOWELS:
        return False
    # break before a single consonant that starts a syllable ("verzeke-raar"), as Dutch does
    return right[0].lower() not in _VOWELS and right[1].lower() in _VOWELS


def _keeps_hyphen(left: str, right: str) -> bool:
    """True when a real hyphen at a line end ("Defensie-" / "Industrie") will be kept."""
    if not right or not left[:-1] or not left[-2].isalpha():
        return False
    if not right[0].islower():
        return True
    stem = left[:-1].split("-")[-1]
    if sum(c.isupper() for c in stem) >= 2:
        return True
    return stem[-1].lower() in _VOWELS and right[0].lower() in _VOWELS


def wrap(
    text: str, font: str, size: float, leading: float, *, width: float = WIDTH,
    x: float = LEFT, hyphenate: bool = True,
) -> list[Line]:  # fmt: skip
    space = text_width(" ", font, size)
    lines: list[Line] = []
    current: list[str] = []
    used = 0.0
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        need = text_width(word, font, size) + (space if current else 0.0)
        if used + need <= width or not current:
            current.append(word)
            used += need
            i += 1
            continue
        room = width - used - space
        piece = _split(word, font, size, room) if hyphenate else None
        if piece is not None:
            current.append(piece[0])
            words[i] = piece[1]
        lines.append(Line(current, font, size, leading, x=x, width=width))
        current, used = [], 0.0
    if current:
        lines.append(Line(current, font, size, leading, x=x, width=width, justify=False))
    return lines


def _split(word: str, font: str, size: float, room: float) -> tuple[str, str] | None:
    if room <= 0:
        return None
    if "-" in word[1:-1]:  # a real hyphen: break there only if the parser will keep it
        cut = word.index("-", 1) + 1
        left, right = word[:cut], word[cut:]
        if _keeps_hyphen(left, right) and text_width(left, font, size) <= room:
            return left, right
        return None
    core = word.rstrip(".,;:?!»”’)")
    for k in range(len(core) - 3, 2, -1):
        left, right = word[:k], word[k:]
        if _breakable(left, core[k:]) and text_width(left + "-", font, size) <= room:
            return left + "-", right
    return None
