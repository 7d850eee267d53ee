"""The HTML manifestation (``div.vraag`` / ``div.antwoord``) and zoek.officielebekendmakingen pages.

BeautifulSoup recovers silently from broken markup, so a page that opens ``<html>`` but never
closes it is refused as truncated rather than parsed into half a document.
"""

from __future__ import annotations

import re
import warnings
from datetime import date

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

from monitor.errors import MalformedDocument
from monitor.model import Answer, Document, Footnote, Kind, Question
from monitor.parse.build import apply_header
from monitor.parse.header import parse_header, squash
from monitor.parse.refs import parse_label_numbers

_LABEL = re.compile(r"^\s*(?:Vraag|Vragen|Antwoord|Antwoorden)\s+(?P<nums>.+?)\s*[:.]?\s*$")
_HTML_OPEN = re.compile(rb"<html[\s>]", re.IGNORECASE)
_HTML_CLOSE = re.compile(rb"</html\s*>\s*$", re.IGNORECASE)
_KINDS = {"antwoord": Kind.ANSWER, "mededeling": Kind.POSTPONEMENT}


def _text(node: Tag) -> str:
    return squash(node.get_text())


def _numbers(block: Tag, *, doc: Document, what: str) -> list[int]:
    title = block.find(class_="stuktitel") or block.find(re.compile(r"^h[1-6]$"))
    label = _text(title) if isinstance(title, Tag) else ""
    match = _LABEL.match(label)
    numbers = parse_label_numbers(match["nums"]) if match else []
    if not numbers:
        # the rest of the document is still certain: report it, do not refuse it
        doc.warnings.append(f"{what} without a usable number label ({label!r})")
        return []
    if isinstance(title, Tag):
        title.decompose()
    return numbers


def _paragraphs(block: Tag) -> list[str]:
    paragraphs = [_text(p) for p in block.find_all(["p", "li"]) if p.find(["p", "li"]) is None]
    return [p for p in paragraphs if p]


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in soup.find_all("meta"):
        name, content = meta.get("name"), meta.get("content")
        if isinstance(name, str) and isinstance(content, str) and content:
            found.setdefault(name, []).append(content)
    return found


def _iso(values: list[str] | None) -> date | None:
    if not values:
        return None
    try:
        return date.fromisoformat(values[0][:10])
    except ValueError:
        return None


def parse_html(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn an HTML page into a document (unchecked) plus its text for kind detection."""
    if _HTML_OPEN.search(data[:4096]) and not _HTML_CLOSE.search(data[-256:]):
        raise MalformedDocument(f"{where}: truncated HTML (the page does not end with </html>)")
    with warnings.catch_warnings():
        # the repository serves XHTML with an XML declaration; the HTML parser reads it fine
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(data, "lxml")
    meta = _meta(soup)
    doc = Document(identifier=identifier or (meta.get("DC.identifier") or [""])[0])
    where = doc.identifier or where
    doc.zaak = (meta.get("OVERHEIDop.vraagnummer") or [""])[0]
    doc.aanhangsel_number = (meta.get("OVERHEIDop.aanhangselNummer") or [""])[0]
    doc.vergaderjaar = (meta.get("OVERHEIDop.vergaderjaar") or [""])[0]
    doc.title = (meta.get("DC.title") or [""])[0]
    creator = (meta.get("DC.creator") or [""])[0]
    if creator:
        doc.chamber = "ek" if "Eerste Kamer" in creator else "tk"
    for value in meta.get("DC.type", []):
        doc.kind = _KINDS.get(value.lower(), doc.kind)

    footnotes: list[Footnote] = []
    for note in soup.select("div#noten div.noot, div.voet.noot"):
        num = note.find(class_="nootnum")
        mark = _text(num) if isinstance(num, Tag) else str(len(footnotes) + 1)
        close = note.find(class_="note-close")
        if isinstance(close, Tag):
            close.decompose()
        if isinstance(num, Tag):
            num.decompose()
        footnotes.append(Footnote(mark, _text(note)))
    for container in soup.select("div#noten"):
        container.decompose()
    for ref in soup.select("a.nootnum, sup.nootnum, span.nootnum, sup a[href^='#']"):
        mark = _text(ref)
        # the agreed footnote mark in the text (see monitor.model.FOOTNOTE_MARK)
        token = f"[^{mark}]" if mark.isdigit() and len(mark) <= 3 else ""
        ref.replace_with(NavigableString(token))
    doc.footnotes = footnotes

    heads = soup.find_all(class_=re.compile(r"kamervraagomschrijving"))
    header = parse_header(" ".join(_text(h) for h in heads), where=where, chamber=doc.chamber)
    apply_header(doc, header)
    for block in soup.find_all("div", class_="vraag"):
        numbers = _numbers(block, doc=doc, what="a question")
        text = "\n\n".join(_paragraphs(block))
        doc.questions.extend(Question(n, text) for n in numbers)
    for block in soup.find_all("div", class_="antwoord"):
        numbers = _numbers(block, doc=doc, what="an answer")
        if numbers:
            doc.answers.append(Answer(numbers, _paragraphs(block)))
    body = "" if doc.answers else _text(soup)
    return doc, body
