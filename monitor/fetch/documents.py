"""Fetch a publication's document from the URLs its SRU record lists (never built by hand)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree

from monitor.errors import DocumentNotFound, SoftNotFound, SourceError
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.logs import event
from monitor.model import Format
from monitor.xmlsafe import xml_parser

log = logging.getLogger(__name__)

# XML carries the structure explicitly; HTML next; PDF (the 2026 publications) last.
PREFERENCE = (Format.XML, Format.HTML, Format.PDF)
OEP_META_NS = "http://standaarden.overheid.nl/oep/meta/"


@dataclass
class FetchedDocument:
    manifestation: Format
    url: str
    content: bytes


def fetch_document(http: HttpClient, record: SruRecord) -> FetchedDocument:
    """The best available manifestation: xml, else html, else pdf.

    A manifestation that is missing (404/410, soft 404) falls through to the next; other
    failures (source down, too large) propagate, since a later poll may still get the XML.
    """
    misses: list[str] = []
    for manifestation, url in listed_manifestations(record):
        try:
            response = http.get(url)
        except (DocumentNotFound, SoftNotFound) as exc:
            note_missing(record, manifestation, url, exc, misses)
            continue
        return FetchedDocument(manifestation=manifestation, url=response.url,
                               content=response.content)
    raise DocumentNotFound(no_usable_manifestation(record, misses))


def listed_manifestations(record: SruRecord) -> list[tuple[Format, str]]:
    """The record's document URLs in order of preference (xml, html, pdf)."""
    return [(m, url) for m in PREFERENCE if (url := record.item_urls.get(str(m)))]


def note_missing(
    record: SruRecord, manifestation: Format, url: str, exc: Exception, misses: list[str]
) -> None:
    """Record and log a manifestation that is not there, before falling through to the next."""
    misses.append(f"{manifestation}: {exc}")
    event(log, "manifestation_missing", logging.WARNING, identifier=record.identifier,
          manifestation=str(manifestation), url=url, reason=str(exc))


def no_usable_manifestation(record: SruRecord, misses: list[str]) -> str:
    """The error text when no manifestation could be fetched (each miss, or what was listed)."""
    listed = ", ".join(sorted(record.item_urls)) or "none"
    detail = "; ".join(misses) if misses else f"no xml/html/pdf itemUrl (listed: {listed})"
    return f"{record.identifier}: no usable manifestation ({detail})"


def _parse_aanhangsel(content: bytes) -> str:
    root = etree.fromstring(content, xml_parser())
    doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
    if doctype:
        return ""
    for el in root.iter(f"{{{OEP_META_NS}}}aanhangsel"):
        if el.text and el.text.strip():
            return el.text.strip()
    return ""


def fetch_answer_link(http: HttpClient, record: SruRecord) -> str:
    """For a question (kv) record: the identifier of its answer, "" when absent or unfetchable."""
    if record.aanhangsel:
        return record.aanhangsel
    url = record.item_urls.get("metadataowms")
    if not url:
        return ""
    try:
        content = http.get(url).content
        return _parse_aanhangsel(content)
    except (SourceError, etree.XMLSyntaxError) as exc:
        # The link can also be made later from the answer's Zaak number; never fail the poll.
        event(log, "answer_link_unavailable", logging.WARNING, identifier=record.identifier,
              url=url, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return ""
