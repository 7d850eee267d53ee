"""Render publications the way KOOP serves them: KOOP XML, the HTML manifestation, metadata files.

Everything is rendered from one :class:`monitor.model.Document` so the formats agree with each
other; the shapes follow the real samples in the shared corpus (``ah-tk-20202021-3235``).
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from monitor.dates import format_dutch_date as dutch_date
from monitor.model import Document, Kind, Person
from monitor.official import metadata_url

SCHEMA_LOCATION = (
    "http://technische-documentatie.oep.overheid.nl/repository/schemas/op-consolidated/"
    "op-consolidated_2014-05-15/xsd/op-xsd-2014-05-15.xsd"
)
CHAMBER_NAMES = {"tk": "Tweede Kamer der Staten-Generaal", "ek": "Eerste Kamer der Staten-Generaal"}


def enumerate_nl(items: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def label(word: str, numbers: list[int]) -> str:
    """``Vraag 4``, ``Antwoord 4 en 5``, ``Antwoord 2, 3 en 4``."""
    return f"{word} {enumerate_nl([str(n) for n in numbers])}"


def _asker_names(askers: list[Person]) -> tuple[str, str]:
    """(``de leden A, B en C``, ``(allen D66)`` / ``(D66), ... ``) as in the real headers."""
    names = [p.name for p in askers]
    parties = {p.party for p in askers if p.party}
    who = ("het lid " if len(names) == 1 else "de leden ") + enumerate_nl(names)
    if len(parties) == 1:
        party = parties.pop()
        if len(names) == 1:
            suffix = f" ({party})"
        else:
            suffix = f" ({'beiden' if len(names) == 2 else 'allen'} {party})"
    else:
        suffix = ""
    return who, suffix


def minister_title(doc: Document) -> str:
    role = doc.ministers[0].role if doc.ministers and doc.ministers[0].role else "Minister"
    return f"{role} van {doc.ministry}" if doc.ministry else role


def question_header_text(doc: Document) -> str:
    who, suffix = _asker_names(doc.askers)
    sent = f" (ingezonden {dutch_date(doc.date_sent)})" if doc.date_sent else ""
    return f"Vragen van {who}{suffix} aan de {minister_title(doc)} over {doc.subject}{sent}."


def answer_header_text(doc: Document, word: str = "Antwoord") -> str:
    names = enumerate_nl([f"{p.role or 'Minister'} {p.name}" for p in doc.ministers])
    received = f" (ontvangen {dutch_date(doc.date_received)})" if doc.date_received else ""
    return f"{word} van {names} ({doc.ministry}){received}."


def _question_header_xml(doc: Document) -> str:
    parts = [f"<naam><achternaam>{escape(p.name)}</achternaam></naam>" for p in doc.askers]
    _, suffix = _asker_names(doc.askers)
    lead = "het lid " if len(parts) == 1 else "de leden "
    sent = (
        f' (ingezonden <datum isodatum="{doc.date_sent.isoformat()}">'
        f"{dutch_date(doc.date_sent)}</datum>)"
        if doc.date_sent
        else ""
    )
    return (
        f"Vragen van {lead}{enumerate_nl(parts)}{escape(suffix)} aan de "
        f"{escape(minister_title(doc))} over <kamervraagonderwerp>{escape(doc.subject)}"
        f"</kamervraagonderwerp>{sent}."
    )


def _answer_header_xml(doc: Document, word: str, abbreviation: str) -> str:
    names = enumerate_nl(
        [f"{escape(p.role or 'Minister')} <naam><achternaam>{escape(p.name)}</achternaam></naam>"
         for p in doc.ministers]
    )
    org = f'<organisatie afkorting="{escape(abbreviation)}">{escape(doc.ministry)}</organisatie>'
    received = (
        f' (ontvangen <datum isodatum="{doc.date_received.isoformat()}">'
        f"{dutch_date(doc.date_received)}</datum>)"
        if doc.date_received
        else ""
    )
    return f"{word} van {names} ({org}){received}."


def blocks(doc: Document) -> list[tuple[str, list[int], list[str]]]:
    """Document order as (``vraag``/``antwoord``, numbers, paragraphs): every question appears
    before the first answer whose numbers reach it."""
    questions = sorted(doc.questions, key=lambda q: q.number)
    out: list[tuple[str, list[int], list[str]]] = []
    i = 0
    for answer in sorted(doc.answers, key=lambda a: min(a.numbers, default=0)):
        reach = max(answer.numbers, default=0)
        while i < len(questions) and questions[i].number <= reach:
            out.append(("vraag", [questions[i].number], [questions[i].text]))
            i += 1
        out.append(("antwoord", sorted(answer.numbers), list(answer.paragraphs)))
    out.extend(("vraag", [q.number], [q.text]) for q in questions[i:])
    return out


def render_xml(doc: Document, *, abbreviation: str = "", notice: str = "") -> bytes:
    """The KOOP XML manifestation (``officiele-publicatie/kamervragen``)."""
    chamber = CHAMBER_NAMES.get(doc.chamber, CHAMBER_NAMES["tk"])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<officiele-publicatie xsi:noNamespaceSchemaLocation="{SCHEMA_LOCATION}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n',
        "  <metadata>\n",
        '    <meta name="OVERHEIDop.externMetadataRecord" scheme="" content='
        f'"{escape(metadata_url(doc.identifier))}"/>\n',
        "  </metadata>\n  <kamervragen>\n    <kamervraagkop>\n",
        f'      <tekstregel inhoud="vergaderjaar">Vergaderjaar {escape(doc.vergaderjaar)}'
        "</tekstregel>\n",
        f'      <tekstregel inhoud="kameraanduiding">{chamber}</tekstregel>\n',
        f'      <tekstregel inhoud="kamernummer">{"1" if doc.chamber == "ek" else "2"}'
        "</tekstregel>\n",
        '      <tekstregel inhoud="documenttype">Aanhangsel van de Handelingen</tekstregel>\n',
        '      <tekstregel inhoud="overig">Vragen gesteld door de leden der Kamer, met de daarop '
        "door de regering gegeven antwoorden</tekstregel>\n",
        "    </kamervraagkop>\n",
    ]
    if doc.aanhangsel_number:
        out.append(f"    <kamervraagnummer>{escape(doc.aanhangsel_number)}</kamervraagnummer>\n")
    out.append(f'    <kamervraagomschrijving type="vraag">{_question_header_xml(doc)}'
               "</kamervraagomschrijving>\n")
    if doc.kind is Kind.POSTPONEMENT:
        out.append('    <kamervraagomschrijving type="mededeling">'
                   f"{_answer_header_xml(doc, 'Mededeling', abbreviation)}"
                   "</kamervraagomschrijving>\n")
    elif doc.kind is Kind.ANSWER:
        out.append('    <kamervraagomschrijving type="antwoord">'
                   f"{_answer_header_xml(doc, 'Antwoord', abbreviation)}"
                   "</kamervraagomschrijving>\n")
    for what, numbers, paragraphs in blocks(doc):
        word = "Vraag" if what == "vraag" else "Antwoord"
        out.append(f"    <{what}>\n      <nr status=\"officieel\">{label(word, numbers)}</nr>\n")
        out.extend(f"      <al>{escape(p)}</al>\n" for p in paragraphs)
        out.append(f"    </{what}>\n")
    if notice:
        out.append(f"    <kamervraagmededeling>\n      <al>{escape(notice)}</al>\n"
                   "    </kamervraagmededeling>\n")
    out.append("  </kamervragen>\n</officiele-publicatie>")
    return "".join(out).encode("utf-8")


def _meta(name: str, content: str, scheme: str = "") -> str:
    attrs = f"name={quoteattr(name)} scheme={quoteattr(scheme)} content={quoteattr(content)}"
    return f"      <meta {attrs} />\n"


def render_html(doc: Document, *, indieners: list[str], ontvangers: list[str],
                publicatienaam: str, subrubriek: str, notice: str = "") -> bytes:
    """The HTML manifestation: XHTML with ``div.vraag`` / ``div.antwoord`` and ``h2.stuktitel``."""
    head = [
        _meta("DC.identifier", doc.identifier, "OVERHEIDop.ParlID"),
        _meta("OVERHEIDop.vraagnummer", doc.zaak),
        _meta("OVERHEIDop.aanhangselNummer", doc.aanhangsel_number),
        *[_meta("OVERHEIDop.ontvanger", o) for o in ontvangers],
        *([_meta("OVERHEIDop.datumOntvangst", doc.date_received.isoformat(), "DCTERMS.W3CDTF")]
          if doc.date_received else []),
        _meta("DC.type", subrubriek, "OVERHEIDop.AanhangselTypen"),
        *[_meta("OVERHEIDop.indiener", i) for i in indieners],
        _meta("OVERHEIDop.vergaderjaar", doc.vergaderjaar),
        _meta("DC.creator", CHAMBER_NAMES.get(doc.chamber, CHAMBER_NAMES["tk"]),
              "OVERHEID.StatenGeneraal"),
        _meta("DC.type", "Aanhangsel van de Handelingen", "OVERHEIDop.Parlementair"),
        _meta("DC.title", doc.title),
        _meta("DCTERMS.language", "nl", "DCTERMS.RFC4646"),
        _meta("OVERHEIDop.publicationName", publicatienaam),
    ]
    body = [
        '      <div id="kopregel">\n         <!--EINDE kopregel-->\n      </div>\n',
        '      <div id="inhoudsopgave"></div>\n      <div id="broodtekst">\n',
        '         <h1 class="kamervraagomschrijving_kop no-toc">'
        f"{escape(question_header_text(doc))}\n         </h1>\n",
    ]
    if doc.kind in (Kind.ANSWER, Kind.POSTPONEMENT):
        word = "Mededeling" if doc.kind is Kind.POSTPONEMENT else "Antwoord"
        body.append(f'         <h1 class="kamervraagomschrijving_kop no-toc">'
                    f"{escape(answer_header_text(doc, word))}\n         </h1>\n")
    for what, numbers, paragraphs in blocks(doc):
        word = "Vraag" if what == "vraag" else "Antwoord"
        body.append(f'         <div class="{what}">\n            <h2 class="stuktitel no-toc">'
                    f"{label(word, numbers)}\n            </h2>\n")
        body.extend(f"            <p>{escape(p)}\n            </p>\n" for p in paragraphs)
        body.append("         </div>\n")
    if notice:
        body.append(f'         <div class="mededeling">\n            <p>{escape(notice)}</p>\n'
                    "         </div>\n")
    body.append('      </div>\n      <div id="voetregel"></div>\n')
    html = (
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html\n'
        '  PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="nl">\n   <head>\n'
        '      <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        + "".join(head)
        + "      <title></title>\n   </head>\n   <body>\n"
        + "".join(body)
        + "   </body>\n</html>"
    )
    return html.encode("utf-8")


def render_metadata(identifier: str, fields: list[tuple[str, str, str]]) -> bytes:
    """``metadata.xml``: ``<metadata name scheme content/>`` lines."""
    lines = [
        f"<metadata name={quoteattr(n)} scheme={quoteattr(s)} content={quoteattr(c)}/>"
        for n, s, c in fields
    ]
    lines.append(
        '<metadata name="DC.identifier" scheme="OVERHEIDop.ParlID" '
        f"content={quoteattr(identifier)}/>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<metadata_gegevens>\n'
        + "\n".join(lines)
        + "\n</metadata_gegevens>"
    ).encode("utf-8")


def render_metadata_owms(
    *,
    identifier: str,
    title: str,
    types: list[tuple[str, str]],
    creator: str,
    modified: date,
    available: date | None,
    oep: list[tuple[str, str]],
) -> bytes:
    """``metadata_owms.xml``; ``oep`` holds (``overheidop:`` element, text) pairs, e.g.
    (``aanhangsel``, the answer's id) on a question: the question-to-answer link."""
    type_lines = "".join(
        f'      <dcterms:type scheme={quoteattr(s)}>{escape(t)}</dcterms:type>\n' for s, t in types
    )
    mantel = (
        f"      <dcterms:available>{available.isoformat()}</dcterms:available>\n"
        f"      <dcterms:issued>{available.isoformat()}</dcterms:issued>\n"
        if available
        else ""
    )
    oep_lines = "".join(
        f"      <overheidop:{name}>{escape(value)}</overheidop:{name}>\n" for name, value in oep
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<owms-metadata xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:overheid="http://standaarden.overheid.nl/owms/terms/" '
        'xmlns:overheidop="http://standaarden.overheid.nl/oep/meta/">\n'
        "   <owmskern>\n"
        f"      <dcterms:identifier>{escape(identifier)}</dcterms:identifier>\n"
        f"      <dcterms:title>{escape(title)}</dcterms:title>\n"
        "      <dcterms:language>nl</dcterms:language>\n"
        f"{type_lines}"
        f'      <dcterms:creator scheme="OVERHEID.StatenGeneraal">{escape(creator)}'
        "</dcterms:creator>\n"
        f"      <dcterms.modified>{modified.isoformat()}</dcterms.modified>\n"
        "   </owmskern>\n   <owmsmantel>\n"
        f"{mantel}"
        "   </owmsmantel>\n   <oep>\n"
        f"{oep_lines}"
        "      <overheid:organisationType>staten generaal</overheid:organisationType>\n"
        "   </oep>\n</owms-metadata>"
    ).encode()
