"""Strict reading of an SRU 2.0 gzd response page into :class:`SruRecord` s.

A broken or truncated page, a diagnostic or a record without its identifier is an error,
never "fewer records"; XML is read with the one hardened parser (``monitor.xmlsafe``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

from monitor.errors import MalformedResponse, SruDiagnostic
from monitor.fetch.records import SruRecord
from monitor.xmlsafe import xml_parser

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
_SRU = "{" + SRU_NS + "}"
_DC = "{http://purl.org/dc/terms/}"
_GZD = "{http://standaarden.overheid.nl/sru}"
_OW = "{http://standaarden.overheid.nl/wetgeving/}"
_C = "{http://standaarden.overheid.nl/collectie/}"
_CD = "{http://standaarden.overheid.nl/cup/data}"


@dataclass
class SruPage:
    records: list[SruRecord]
    number_of_records: int
    next_position: int | None
    start: int


def _where(url: str) -> str:
    return url or "SRU response"


def _text(el: etree._Element | None) -> str:
    if el is None or el.text is None:
        return ""
    return " ".join(el.text.split())


def _day(text: str, field_name: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise MalformedResponse(f"{where}: {field_name} {text!r} is not a date") from None


def _diagnostics(root: etree._Element) -> list[str]:
    found: list[str] = []
    for diag in root.iter("{*}diagnostic"):
        parts: dict[str, str] = {}
        for child in diag:
            if isinstance(child.tag, str):
                parts[etree.QName(child).localname] = _text(child)
        message = parts.get("message") or parts.get("uri") or "unspecified diagnostic"
        details = parts.get("details", "")
        found.append(f"{message} ({details})" if details else message)
    return found


_KERN = f"{_OW}owmskern"
_MANTEL = f"{_OW}owmsmantel"
_TP = f"{_OW}tpmeta"
_META_PATH = f"{_SRU}recordData/{_GZD}gzd/{_GZD}originalData/{_OW}meta"
_ENRICHED_PATH = f"{_SRU}recordData/{_GZD}gzd/{_GZD}enrichedData"


def _collect(parent: etree._Element | None) -> dict[str, list[str]]:
    """Texts of the direct children by tag (one pass; this runs for every record)."""
    found: dict[str, list[str]] = {}
    if parent is not None:
        for child in parent:
            tag = child.tag
            if isinstance(tag, str):
                text = child.text
                found.setdefault(tag, []).append(" ".join(text.split()) if text else "")
    return found


def _record(el: etree._Element, where: str) -> SruRecord:
    position_text = _text(el.find(f"{_SRU}recordPosition"))
    position = int(position_text) if position_text.isdigit() else 0
    meta = el.find(_META_PATH)
    if meta is None:
        raise MalformedResponse(f"{where}: record {position} has no gzd metadata")
    kern = _collect(meta.find(_KERN))
    mantel = _collect(meta.find(_MANTEL))
    tp = _collect(meta.find(_TP))

    def one(fields: dict[str, list[str]], tag: str) -> str:
        values = fields.get(tag)
        return values[0] if values else ""

    identifier = one(kern, f"{_DC}identifier")
    modified_text = one(kern, f"{_DC}modified")
    if not identifier or not modified_text:
        raise MalformedResponse(
            f"{where}: record {position} lacks dcterms:identifier or dcterms:modified"
        )
    where_rec = f"{where}: record {identifier}"
    modified = _day(modified_text, "dcterms:modified", where_rec)

    def tp_day(name: str) -> date | None:
        value = one(tp, _OW + name)
        return _day(value, name, where_rec) if value else None

    item_urls: dict[str, str] = {}
    timestamp = preferred = ""
    enriched = el.find(_ENRICHED_PATH)
    if enriched is not None:
        for item in enriched:
            tag = item.tag
            if tag == f"{_GZD}itemUrl":
                manifestation = item.get("manifestation", "")
                if manifestation and item.text:
                    item_urls[manifestation] = item.text.strip()
            elif tag == f"{_GZD}timestamp":
                timestamp = _text(item)
            elif tag == f"{_GZD}preferredUrl":
                preferred = _text(item)
    available_text = one(mantel, f"{_DC}available")
    stamp = one(tp, f"{_CD}datumTijdstipWijzigingExpression") or timestamp or modified.isoformat()
    return SruRecord(
        identifier=identifier,
        modified=modified,
        stamp=stamp,
        title=one(kern, f"{_DC}title"),
        doc_type=one(kern, f"{_DC}type"),
        creator=one(kern, f"{_DC}creator"),
        publicatienaam=one(tp, f"{_OW}publicatienaam"),
        subrubriek=one(tp, f"{_OW}subrubriek"),
        aanhangselnummer=one(tp, f"{_OW}aanhangselnummer"),
        vraagnummer=one(tp, f"{_OW}vraagnummer"),
        vergaderjaar=one(tp, f"{_OW}vergaderjaar"),
        indieners=tp.get(f"{_OW}indiener", []),
        ontvangers=tp.get(f"{_OW}ontvanger", []),
        date_received=tp_day("datumOntvangst"),
        date_sent=tp_day("datumIndiening"),
        available=_day(available_text, "dcterms:available", where_rec) if available_text else None,
        content_area=one(tp, f"{_C}content-area"),
        preferred_url=preferred,
        item_urls=item_urls,
        aanhangsel=one(tp, f"{_OW}aanhangsel"),
        position=position,
    )


def parse_sru_response(data: bytes, *, url: str = "") -> SruPage:
    """Parse one searchRetrieve page strictly; see the module docstring for the error rules."""
    where = _where(url)
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedResponse(f"{where}: not well-formed XML ({exc})") from None
    if root is None:
        raise MalformedResponse(f"{where}: empty response")
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise MalformedResponse(f"{where}: a DOCTYPE is not allowed in an SRU response")
    if root.tag != f"{_SRU}searchRetrieveResponse":
        raise MalformedResponse(f"{where}: root element is {root.tag}, not searchRetrieveResponse")
    diagnostics = _diagnostics(root)
    if diagnostics:
        # Also when results come with it: the live service ignores e.g. an impossible date
        # and returns unfiltered records, which must never be taken for an answer.
        raise SruDiagnostic(f"{where}: SRU diagnostic: {'; '.join(diagnostics)}")
    count_text = _text(root.find(f"{_SRU}numberOfRecords"))
    if not count_text.isdigit():
        raise MalformedResponse(f"{where}: no numberOfRecords")
    next_text = _text(root.find(f"{_SRU}nextRecordPosition"))
    if next_text and not next_text.isdigit():
        raise MalformedResponse(f"{where}: nextRecordPosition {next_text!r} is not a number")
    records_el = root.find(f"{_SRU}records")
    records = (
        [_record(el, where) for el in records_el.findall(f"{_SRU}record")]
        if records_el is not None
        else []
    )
    start_text = _text(root.find(f"{_SRU}echoedSearchRetrieveRequest/{_SRU}startRecord"))
    if start_text.isdigit():
        start = int(start_text)
    elif records and records[0].position:
        start = records[0].position
    else:
        start = 1
    return SruPage(
        records=records,
        number_of_records=int(count_text),
        next_position=int(next_text) if next_text else None,
        start=start,
    )
