"""PARSE stage: one :class:`~monitor.model.Document` from any KOOP publication format.

``parse_document`` takes the raw bytes of an XML, HTML, PDF or text manifestation (and, when it
came from the SRU service, its record) and returns a checked document, or raises one of
:class:`~monitor.errors.UnsafeDocument`, :class:`~monitor.errors.MalformedDocument` or
:class:`~monitor.errors.SegmentationError` with a one-line message. Nothing half-parsed is returned.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import MalformedDocument, NotFound
from monitor.fetch.records import SruRecord
from monitor.model import Document, Format
from monitor.parse.build import apply_identifier, apply_record, finish

__all__ = ["PARSER_VERSION", "parse_document", "parse_file"]

# Bump whenever the output for the same input changes, so stored documents can be re-parsed.
PARSER_VERSION = "4"

_SUFFIXES = {
    ".xml": Format.XML,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".pdf": Format.PDF,
    ".txt": Format.TEXT,
    ".md": Format.TEXT,
}


def parse_document(
    data: bytes, fmt: Format, *, identifier: str = "", record: SruRecord | None = None
) -> Document:
    """Parse one publication; ``record`` (from SRU) fills and overrides the metadata."""
    return _parse(data, fmt, identifier=identifier, record=record, fallback="")


def parse_file(path: str | Path) -> Document:
    """Parse a local file; the format comes from the suffix (.xml .html/.htm .pdf .txt)."""
    path = Path(path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_SUFFIXES))
        raise MalformedDocument(f"{path}: unknown file type {path.suffix!r} (expected {known})")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except OSError as exc:
        raise MalformedDocument(f"{path}: cannot be read: {exc.strerror}") from None
    return _parse(data, fmt, identifier="", record=None, fallback=path.stem)


def _parse(
    data: bytes, fmt: Format, *, identifier: str, record: SruRecord | None, fallback: str
) -> Document:
    where = identifier or (record.identifier if record else "") or fallback or "document"
    if not data or data.isspace():  # strip() would copy the whole document
        raise MalformedDocument(f"{where}: empty {fmt.value} document")
    if fmt is Format.XML:
        from monitor.parse.xmldoc import parse_xml

        doc, body = parse_xml(data, where=where, identifier=identifier)
    elif fmt is Format.HTML:
        from monitor.parse.htmldoc import parse_html

        doc, body = parse_html(data, where=where, identifier=identifier)
    elif fmt is Format.PDF:
        from monitor.parse.pdfdoc import parse_pdf

        doc, body = parse_pdf(data, where=where, identifier=identifier)
    else:
        from monitor.parse.text import segment_text

        body = _decode(data, where)
        doc = segment_text(body, where=where, identifier=identifier)
    doc.source_format = fmt
    if record is not None:
        apply_record(doc, record)
    if not doc.identifier:
        doc.identifier = fallback or where
    apply_identifier(doc)
    return finish(doc, where=where, body_text=body)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedDocument(f"{where}: text is not UTF-8 (byte {exc.start})") from None
