"""The KOOP XML manifestation (``officiele-publicatie`` / ``kamervragen``), parsed with lxml.

Safety first: any DOCTYPE or ENTITY declaration is refused before parsing (no legitimate KOOP
document carries one), and the parser never resolves entities or touches the network.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from monitor.errors import MalformedDocument, UnsafeDocument
from monitor.model import Answer, Document, Footnote, Kind, Question
from monitor.parse.build import apply_header
from monitor.parse.header import parse_header, squash
from monitor.parse.refs import parse_label_numbers
from monitor.xmlsafe import xml_parser

_UNSAFE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ID_IN_URL = re.compile(r"/((?:ah|kv|h)-[A-Za-z0-9-]+?)(?:/|\.xml|$)")
_LABEL = re.compile(r"^\s*(?:Vraag|Vragen|Antwoord|Antwoorden)\s+(?P<nums>.+?)\s*[:.]?\s*$")
_BLOCKS = {"al", "lijst", "li", "tussenkop", "alinea", "tabel", "citaat"}


def load_xml(data: bytes, *, where: str) -> etree._Element:
    """Parse bytes safely; DOCTYPE/ENTITY is UnsafeDocument, broken XML is MalformedDocument."""
    # no DOCTYPE or ENTITY without "<!"; a search for the one rare byte first costs a fraction
    # of a search for the two
    declares = b"!" in data and b"<!" in data
    if declares and _UNSAFE.search(data):
        raise UnsafeDocument(f"{where}: XML carries a DOCTYPE or ENTITY declaration; refused")
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        msg = squash(str(exc.msg or exc))
        raise MalformedDocument(f"{where}: not well-formed XML: line {exc.lineno}: {msg}") from None
    doctype: str = getattr(root.getroottree().docinfo, "doctype", "") if declares else ""
    if doctype:
        raise UnsafeDocument(f"{where}: XML carries a DOCTYPE declaration; refused")
    return root


def _raw(element: etree._Element) -> str:
    if not len(element):  # no child elements (most paragraphs): no serialisation needed
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _text(element: etree._Element) -> str:
    return squash(_raw(element))


def squash_all(texts: list[str]) -> list[str]:
    """:func:`squash` of every text, in one split and join for a whole document."""
    if not texts:
        return []
    # generated XML is usually clean already: then there is nothing to squash. One test on the
    # texts joined by a space: isprintable is False for every whitespace character but the
    # plain space, and a text with a space at either end, or an empty one, makes a double space
    joined = " ".join(texts)
    if joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " ":
        return texts
    # NUL cannot occur in XML text, so it separates the texts safely
    flat = " ".join(" \x00 ".join(texts).split())
    return [part.strip() for part in flat.split("\x00")]


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag`` (``find("tag")`` without lxml's Python ElementPath)."""
    for found in element.iterchildren(tag):
        return found
    return None


def _first(element: etree._Element, tag: str) -> etree._Element | None:
    """The first descendant with ``tag`` (``find(".//tag")`` without ElementPath)."""
    for found in element.iter(tag):
        if found is not element:
            return found
    return None


_WORDS = frozenset({"Vraag", "Vragen", "Antwoord", "Antwoorden"})


def _label_numbers(label: str) -> list[int]:
    words = label.split()
    if len(words) == 2 and words[0] in _WORDS and words[1].isdecimal() and len(words[1]) <= 3:
        return [int(words[1])]  # the usual "Vraag 3"
    match = _LABEL.match(squash(label))
    return parse_label_numbers(match["nums"]) if match else []


def _replace_keep_tail(element: etree._Element, text: str = "") -> None:
    """Remove ``element`` from the tree, leaving ``text`` and its tail in its place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _mark(mark: str) -> str:
    # the agreed footnote mark in question and answer text (see monitor.model.FOOTNOTE_MARK)
    return f"[^{mark}]" if mark.isdigit() and len(mark) <= 3 else ""


def _pull_notes(container: etree._Element, footnotes: list[Footnote]) -> None:
    for note in list(container.iter("noot")):
        mark_el = _child(note, "noot.nr")
        mark = _text(mark_el) if mark_el is not None else (note.get("nr") or "")
        if mark_el is not None:
            _replace_keep_tail(mark_el)
        if not mark:
            mark = str(len(footnotes) + 1)
        footnotes.append(Footnote(mark, _text(note)))
        _replace_keep_tail(note, _mark(mark))
    for ref in list(container.iter("noot.ref", "nootref")):
        _replace_keep_tail(ref, _mark(_text(ref)))


def _iso_date(element: etree._Element | None, *, where: str) -> date | None:
    value = element.get("isodatum") if element is not None else None
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MalformedDocument(f"{where}: impossible date {value!r} in the header") from None


def parse_xml(data: bytes, *, where: str, identifier: str = "") -> tuple[Document, str]:
    """Turn KOOP XML into a document (unchecked) plus its text for kind detection."""
    root = load_xml(data, where=where)
    # iter() walks in C; a ".//" path goes through lxml's Python ElementPath
    kv = root if root.tag == "kamervragen" else _first(root, "kamervragen")
    if kv is None:
        raise MalformedDocument(f"{where}: not a kamervragen publication (root <{root.tag}>)")
    doc = Document(identifier=identifier or _own_identifier(root))
    where = doc.identifier or where
    footnotes: list[Footnote] = []
    # one walk in C (cheaper than searching the bytes) spares the two of _pull_notes in the
    # many answers without footnotes
    if next(kv.iter("noot", "noot.ref", "nootref"), None) is not None:
        _pull_notes(kv, footnotes)
    doc.footnotes = footnotes

    header_parts: list[str] = []
    kop = _child(kv, "kamervraagkop")
    if kop is not None:
        header_parts.append(_text(kop))
        if "Eerste Kamer" in header_parts[-1]:
            doc.chamber = "ek"
        elif "Tweede Kamer" in header_parts[-1]:
            doc.chamber = "tk"
    number = _child(kv, "kamervraagnummer")
    doc.aanhangsel_number = squash(number.text or "") if number is not None else ""
    declared = Kind.UNKNOWN
    for desc in kv.iter("kamervraagomschrijving"):
        text = _text(desc)
        header_parts.append(text)
        kind_attr = (desc.get("type") or "").lower()
        is_reply = kind_attr in {"antwoord", "mededeling"} or text.startswith(
            ("Antwoord", "Mededeling")
        )
        # one walk for the date and the reply's ministry or the question's subject
        named = "organisatie" if is_reply else "kamervraagonderwerp"
        dated = found = None
        for element in desc.iter("datum", named):
            if element.tag == "datum":
                dated = dated if dated is not None else element
            elif found is None:
                found = element
            if dated is not None and found is not None:
                break
        iso = _iso_date(dated, where=where)
        if is_reply:
            declared = (
                Kind.POSTPONEMENT
                if kind_attr == "mededeling" or text.startswith("Mededeling")
                else Kind.ANSWER
            )
            doc.date_received = iso
            if found is not None:
                doc.ministry = _text(found)
        else:
            doc.date_sent = iso
            if found is not None:
                doc.subject = _text(found)
    header = parse_header(" ".join(header_parts), where=where, chamber=doc.chamber or "tk")
    apply_header(doc, header)
    if declared is not Kind.UNKNOWN:
        doc.kind = declared

    # one walk collects the raw texts, one squash cleans them all (the parse's hot path: an
    # element's text needs no serialisation when it has no children, as most paragraphs)
    blocks: list[tuple[bool, str, int]] = []  # (question?, label, end of its texts in raw)
    raw: list[str] = []
    add = raw.append
    for block in kv.iter("vraag", "antwoord"):
        label = ""
        for child in block:
            tag = child.tag
            if tag == "nr":
                label = (child.text or "") if not len(child) else _raw(child)
            elif tag == "lijst":
                raw.extend(_raw(item) for item in child.iter("li"))
            elif tag.__class__ is str:  # not an entity reference
                add((child.text or "") if not len(child) else _raw(child))
        blocks.append((block.tag == "vraag", label, len(raw)))
    texts = squash_all(raw)
    questions, answers = doc.questions, doc.answers
    empty = "" in texts
    first = 0
    for question, label, end in blocks:
        words = label.split()
        if len(words) == 2 and words[0] in _WORDS and words[1].isdecimal() and len(words[1]) < 4:
            numbers = [int(words[1])]  # the usual "Vraag 3" (_label_numbers inlined)
        else:
            numbers = _label_numbers(label)
        paragraphs = [t for t in texts[first:end] if t] if empty else texts[first:end]
        first = end
        if not numbers:
            # the rest of the document is still certain: report it, do not refuse it
            what = "a question" if question else "an answer"
            doc.warnings.append(f"{what} without a usable number label ({squash(label)!r})")
        elif question:
            text = "\n\n".join(paragraphs) if len(paragraphs) != 1 else paragraphs[0]
            if len(numbers) == 1:
                questions.append(Question(numbers[0], text))
            else:
                questions.extend([Question(n, text) for n in numbers])
        else:
            answers.append(Answer(numbers, paragraphs))
    # a Mededeling needs its text: postponed, or answered by letter or in a debate?
    body = "" if doc.answers else _text(kv)
    return doc, body


def _own_identifier(root: etree._Element) -> str:
    for meta in root.iter("meta"):
        name = meta.get("name") or ""
        content = meta.get("content") or ""
        if name == "DC.identifier" and content:
            return content
        if name == "OVERHEIDop.externMetadataRecord":
            match = _ID_IN_URL.search(content)
            if match:
                return match[1]
    return ""
