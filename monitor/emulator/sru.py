"""The emulator's SRU 2.0 endpoint: the CQL subset our client sends, and gzd responses shaped
like the live service's (namespaces, tpmeta, itemUrls, echoedSearchRetrieveRequest)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from monitor.emulator.corpus import MANIFESTATION_ORDER, Entry
from monitor.official import official_url

NAMESPACES = (
    'xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:cd="http://standaarden.overheid.nl/cup/data" '
    'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse" '
    'xmlns:gzd="http://standaarden.overheid.nl/sru" '
    'xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic" '
    'xmlns:facet="http://docs.oasis-open.org/ns/search-ws/facetedResults" '
    'xmlns:c="http://standaarden.overheid.nl/collectie/"'
)
# The live service refuses to page this deep (HTTP 504).
WINDOW_LIMIT = 10_000

_TOKEN = re.compile(
    r"\s*(?:(?P<paren>[()])"
    r"|(?P<sort>sortBy\s+[\w.\-]+(?:/[\w.\-]+)*)\s*$"
    r'|(?P<clause>(?P<index>[A-Za-z][\w.\-]*)\s*(?P<op>==|>=|<=|<>|=|>|<)\s*'
    r'(?P<value>"(?:[^"\\]|\\.)*"|[^\s()"]+))'
    r"|(?P<word>[A-Za-z]+)(?=\s|\(|$))",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELDS = {
    "c.product-area": "product_area",
    "w.publicatienaam": "publicatienaam",
    "dt.creator": "creator",
    "dt.modified": "modified",
}


@dataclass
class Diagnostic:
    uri: str
    message: str
    details: str = ""


@dataclass
class Query:
    """A parsed query: equality filters, a dt.modified range, sort order, diagnostics."""

    equals: dict[str, str] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    on: date | None = None
    descending: bool = False
    fatal: Diagnostic | None = None  # no results, only the diagnostic
    warnings: list[Diagnostic] = field(default_factory=list)  # results plus diagnostics

    def matches(self, entry: Entry) -> bool:
        for name, value in self.equals.items():
            have = "officielepublicaties" if name == "product_area" else getattr(entry, name)
            if have != value:
                return False
        if self.since is not None and entry.modified < self.since:
            return False
        if self.until is not None and entry.modified > self.until:
            return False
        return self.on is None or entry.modified == self.on


def _syntax(details: str) -> Diagnostic:
    return Diagnostic("info:srw/diagnostic/1/10", "Query syntax error", details)


def parse_query(text: str) -> Query:
    """Parse the supported CQL subset; anything else becomes a fatal diagnostic."""
    query = Query()
    pos = 0
    expect_clause = True
    text = text.strip()
    if not text:
        query.fatal = Diagnostic("info:srw/diagnostic/1/7", "Mandatory parameter not supplied",
                                 "query")
        return query
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            query.fatal = _syntax(text[pos:].strip()[:80] or text)
            return query
        pos = m.end()
        if m.group("sort"):
            spec = m.group("sort").split(None, 1)[1]
            key, _, modifier = spec.partition("/")
            if key != "dt.modified" or modifier not in ("", "sort.ascending", "sort.descending"):
                query.fatal = Diagnostic("info:srw/diagnostic/1/80", "Sort not supported", spec)
                return query
            query.descending = modifier == "sort.descending"
            continue
        if m.group("paren"):
            query.fatal = _syntax("parentheses are not supported by this emulator")
            return query
        if m.group("word"):
            word = m.group("word").lower()
            if word == "and" and not expect_clause:
                expect_clause = True
                continue
            query.fatal = _syntax(f"unsupported boolean or term {m.group('word')!r}")
            return query
        if not expect_clause:
            query.fatal = _syntax(f"missing boolean before {m.group('clause')!r}")
            return query
        expect_clause = False
        index, op = m.group("index"), m.group("op")
        value = m.group("value")
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"')
        name = _FIELDS.get(index.lower())
        if name is None:
            query.fatal = Diagnostic("info:srw/diagnostic/1/16", "Unsupported index", index)
            return query
        if name != "modified":
            if op not in ("==", "="):
                query.fatal = Diagnostic("info:srw/diagnostic/1/19", "Unsupported relation", op)
                return query
            query.equals[name] = value
            continue
        if op not in ("==", "=", ">=", "<="):
            query.fatal = Diagnostic("info:srw/diagnostic/1/19", "Unsupported relation", op)
            return query
        if not _DATE.match(value):
            query.fatal = _syntax(f"invalid date {value!r}")
            return query
        try:
            day = date.fromisoformat(value)
        except ValueError:
            # The live service ignores an impossible date and answers unfiltered results
            # together with a diagnostic: reproduce that trap faithfully.
            query.warnings.append(
                Diagnostic("info:srw/diagnostic/1/36", "Term in invalid format for index or "
                           "relation", f"{index}{op}{value} (ignored)")
            )
            continue
        if op == ">=":
            query.since = day
        elif op == "<=":
            query.until = day
        else:
            query.on = day
    if expect_clause:
        query.fatal = _syntax("query ends after a boolean")
    return query


def _el(tag: str, text: str | None, indent: str, attrs: str = "") -> str:
    if text is None or text == "":
        return ""
    return f"{indent}<{tag}{attrs}>{escape(text)}</{tag}>\n"


def render_record(entry: Entry, base_url: str) -> tuple[str, str]:
    """One ``sru:record`` without its position: (text before the position, text after)."""
    i6 = " " * 32
    kern = (
        _el("dcterms:identifier", entry.identifier, i6)
        + _el("dcterms:title", entry.title, i6)
        + _el("dcterms:language", "nl", i6)
        + _el("dcterms:type", entry.doc_type, i6, ' scheme="OVERHEIDop.Parlementair"')
        + _el("dcterms:creator", entry.creator, i6, ' scheme="OVERHEID.StatenGeneraal"')
        + _el("dcterms:modified", entry.modified.isoformat(), i6)
    )
    available = entry.available or entry.date_received or entry.modified
    mantel = (
        _el("dcterms:available", available.isoformat(), i6)
        + _el("dcterms:date", available.isoformat(), i6)
        + f'{i6}<dcterms:hasVersion resourceIdentifier="{escape(official_url(entry.identifier))}">'
        f'{entry.version}</dcterms:hasVersion>\n'
        + _el("dcterms:issued", available.isoformat(), i6)
        + "".join(
            _el("dcterms:subject", s, i6, ' scheme="OVERHEID.TaxonomieBeleidsagenda"')
            for s in entry.subjects
        )
    )
    ow = "overheidwetgeving:"
    tp = (
        _el("c:product-area", "officielepublicaties", i6)
        + _el("c:content-area", entry.content_area, i6)
        + _el(ow + "aanhangselnummer", entry.aanhangselnummer, i6)
        + _el(ow + "datumIndiening", entry.date_sent.isoformat() if entry.date_sent else "", i6)
        + _el(ow + "datumOntvangst",
              entry.date_received.isoformat() if entry.date_received else "", i6)
        + _el(ow + "documentstatus", entry.documentstatus, i6)
        + "".join(_el(ow + "indiener", x, i6) for x in entry.indieners)
        + "".join(_el(ow + "ontvanger", x, i6) for x in entry.ontvangers)
        + _el(ow + "organisatietype", "staten generaal", i6, ' scheme="OVERHEID.Organisatietype"')
        + _el(ow + "publicatienaam", entry.publicatienaam, i6)
        + _el(ow + "vergaderjaar", entry.vergaderjaar, i6)
        + _el(ow + "vraagnummer", entry.vraagnummer, i6)
        + _el(ow + "subrubriek", entry.subrubriek, i6, ' scheme="OVERHEIDop.AanhangselTypen"')
        + _el("cd:datumTijdstipWijzigingWork", entry.stamp, i6)
        + _el("cd:datumTijdstipWijzigingExpression", entry.stamp, i6)
    )
    listed = [m for m in MANIFESTATION_ORDER if m in entry.files]
    listed += sorted(m for m in entry.files if m not in MANIFESTATION_ORDER)
    fallback = listed[0] if listed else ""
    main = next((m for m in ("xml", "html", "pdf") if m in entry.files), fallback)
    i5 = " " * 24
    enriched = (
        (_el("gzd:url", base_url + entry.path(main), i5) if main else "")
        + _el("gzd:preferredUrl", official_url(entry.identifier), i5)
        + "".join(
            _el("gzd:itemUrl", base_url + entry.path(m), i5, f' manifestation="{m}"')
            for m in listed
        )
        + _el("gzd:timestamp", entry.timestamp or entry.stamp, i5)
    )
    before = (
        "        <sru:record>\n"
        "            <sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>\n"
        "            <sru:recordPacking>xml</sru:recordPacking>\n"
        "            <sru:recordData>\n"
        "                <gzd:gzd>\n"
        "                    <gzd:originalData>\n"
        "                        <overheidwetgeving:meta>\n"
        "                            <overheidwetgeving:owmskern>\n"
        f"{kern}"
        "                            </overheidwetgeving:owmskern>\n"
        "                            <overheidwetgeving:owmsmantel>\n"
        f"{mantel}"
        "                            </overheidwetgeving:owmsmantel>\n"
        "                            <overheidwetgeving:tpmeta>\n"
        f"{tp}"
        "                            </overheidwetgeving:tpmeta>\n"
        "                        </overheidwetgeving:meta>\n"
        "                    </gzd:originalData>\n"
        "                    <gzd:enrichedData>\n"
        f"{enriched}"
        "                    </gzd:enrichedData>\n"
        "                </gzd:gzd>\n"
        "            </sru:recordData>\n"
        "            <sru:recordPosition>"
    )
    return before, "</sru:recordPosition>\n        </sru:record>\n"


def _diagnostics_xml(diagnostics: list[Diagnostic]) -> str:
    if not diagnostics:
        return ""
    inner = "".join(
        "        <diag:diagnostic>\n"
        f"            <diag:uri>{escape(d.uri)}</diag:uri>\n"
        + (f"            <diag:details>{escape(d.details)}</diag:details>\n" if d.details else "")
        + f"            <diag:message>{escape(d.message)}</diag:message>\n"
        "        </diag:diagnostic>\n"
        for d in diagnostics
    )
    return f"    <sru:diagnostics>\n{inner}    </sru:diagnostics>\n"


def render_response(
    *,
    query_text: str,
    start: int,
    maximum: int,
    total: int | None,
    records: list[str],
    next_position: int | None,
    diagnostics: list[Diagnostic],
) -> bytes:
    """A whole searchRetrieveResponse; ``total`` None means "diagnostic only" (no count)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<sru:searchRetrieveResponse {NAMESPACES}>\n",
        "    <sru:version>2.0</sru:version>\n",
    ]
    if total is not None:
        parts.append(f"    <sru:numberOfRecords>{total}</sru:numberOfRecords>\n")
        if records:
            parts.append("    <sru:records>\n")
            parts.extend(records)
            parts.append("    </sru:records>\n")
        if next_position is not None:
            parts.append(f"    <sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>\n")
    parts.append(_diagnostics_xml(diagnostics))
    parts.append(
        "    <sru:echoedSearchRetrieveRequest>\n"
        f"        <sru:query>{escape(query_text)}</sru:query>\n"
        f"        <sru:startRecord>{start}</sru:startRecord>\n"
        f"        <sru:maximumRecords>{maximum}</sru:maximumRecords>\n"
        "        <sru:recordXMLEscaping>xml</sru:recordXMLEscaping>\n"
        "        <sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>\n"
        "    </sru:echoedSearchRetrieveRequest>\n"
    )
    if total is not None:
        parts.append(
            "    <sru:resultCountPrecision>info:srw/vocabulary/resultCountPrecision/1/estimate"
            "</sru:resultCountPrecision>\n"
        )
    parts.append("</sru:searchRetrieveResponse>\n")
    return "".join(parts).encode("utf-8")
