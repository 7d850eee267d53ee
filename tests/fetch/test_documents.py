"""Document fetch: itemUrls only, xml > html > pdf, fall-through on missing manifestations,
and the question-to-answer link from metadata_owms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from monitor.config import SourceSettings
from monitor.emulator import Emulator, Entry, Faults
from monitor.errors import DocumentNotFound, SourceUnavailable
from monitor.fetch.documents import fetch_answer_link, fetch_document
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.fetch.sru import SruClient, Stream
from monitor.model import Format

from .conftest import DATA

Make = Callable[..., HttpClient]
TOZO = "ah-tk-20202021-3235"
PDF_ID = "ah-1251487"
PDF_BYTES = b"%PDF-1.4\n% a stand-in PDF for fetch tests\n%%EOF\n"


def _record(emulator: Emulator, make_client: Make, identifier: str) -> SruRecord:
    entry = emulator.corpus.get(identifier)
    sru = SruClient(make_client(), SourceSettings(sru_url=emulator.sru_url))
    stream = Stream("s", entry.publicatienaam, "tk")
    for page in sru.pages(stream, entry.modified, entry.modified):
        for record in page.records:
            if record.identifier == identifier:
                return record
    raise AssertionError(f"{identifier} not served")


@pytest.fixture
def pdf_only(emulator: Emulator) -> Entry:
    entry = Entry(identifier=PDF_ID, modified=date(2026, 5, 20),
                  stamp="2026-05-20T09:14:27.5512093+02:00", vergaderjaar="2025-2026",
                  content_area="officielepublicaties/ah/2026", files={"pdf": PDF_BYTES})
    return emulator.corpus.add(entry)


def test_xml_is_preferred(emulator: Emulator, make_client: Make) -> None:
    record = _record(emulator, make_client, TOZO)
    http = make_client()
    doc = fetch_document(http, record)
    assert doc.manifestation is Format.XML
    assert doc.url == record.item_urls["xml"]
    assert doc.content == (emulator.corpus.get(TOZO).content("xml") or b"")
    assert http.requests == 1


def test_missing_xml_falls_back_to_html(emulator: Emulator, make_client: Make) -> None:
    record = _record(emulator, make_client, TOZO)
    emulator.faults = Faults(missing_xml={TOZO})
    http = make_client()
    doc = fetch_document(http, record)
    assert doc.manifestation is Format.HTML
    assert b'<div class="antwoord">' in doc.content
    assert [r.status for r in emulator.requests[-2:]] == [404, 200]


def test_missing_xml_and_html_fall_back_to_pdf(emulator: Emulator, make_client: Make) -> None:
    entry = emulator.corpus.get(TOZO)
    entry.files["pdf"] = PDF_BYTES
    emulator.corpus.add(entry)
    emulator.corpus.remove_manifestation(TOZO, "xml", keep_listed=True)
    emulator.corpus.remove_manifestation(TOZO, "html", keep_listed=True)
    record = _record(emulator, make_client, TOZO)
    assert {"xml", "html", "pdf"} <= set(record.item_urls)  # still listed
    doc = fetch_document(make_client(), record)
    assert doc.manifestation is Format.PDF and doc.content == PDF_BYTES


def test_pdf_only_publication(emulator: Emulator, make_client: Make, pdf_only: Entry) -> None:
    record = _record(emulator, make_client, PDF_ID)
    assert "xml" not in record.item_urls and "html" not in record.item_urls
    assert record.item_urls["pdf"].endswith(
        "/frbr/officielepublicaties/ah/2026/ah-1251487/1/pdf/ah-1251487.pdf")
    doc = fetch_document(make_client(), record)
    assert doc.manifestation is Format.PDF and doc.content == PDF_BYTES


def test_soft_404_everywhere_is_document_not_found(emulator: Emulator,
                                                   make_client: Make) -> None:
    record = _record(emulator, make_client, TOZO)
    emulator.faults = Faults(soft_404={TOZO})
    with pytest.raises(DocumentNotFound) as info:
        fetch_document(make_client(), record)
    message = str(info.value)
    assert message.startswith(TOZO) and "soft 404" in message and "\n" not in message


def test_no_document_item_urls(make_client: Make) -> None:
    record = SruRecord(identifier="ah-tk-20252026-1", modified=date(2026, 1, 5), stamp="x",
                       item_urls={"metadata": "http://127.0.0.1:9/metadata.xml"})
    with pytest.raises(DocumentNotFound, match="ah-tk-20252026-1: no usable manifestation"):
        fetch_document(make_client(), record)


def test_urls_come_from_the_record_only(emulator: Emulator, make_client: Make) -> None:
    """A record whose itemUrl points elsewhere is fetched from there, nothing is built."""
    record = _record(emulator, make_client, TOZO)
    other = emulator.corpus.get("kv-tk-2020Z13248")
    record.item_urls = {"html": emulator.base_url + other.path("metadataowms")}
    doc = fetch_document(make_client(), record)
    assert doc.manifestation is Format.HTML
    assert emulator.requests[-1].path == other.path("metadataowms")


def test_source_down_is_not_mistaken_for_a_missing_manifestation(
    emulator: Emulator, make_client: Make
) -> None:
    record = _record(emulator, make_client, TOZO)
    emulator.faults = Faults(fail_rate=1.0, fail_status=503)
    with pytest.raises(SourceUnavailable):
        fetch_document(make_client(retries=1), record)


def test_answer_link_from_metadata_owms(emulator: Emulator, make_client: Make) -> None:
    record = _record(emulator, make_client, "kv-tk-2020Z13248")
    assert fetch_answer_link(make_client(), record) == "ah-tk-20192020-3799"
    served = emulator.corpus.get("kv-tk-2020Z13248").content("metadataowms")
    assert served == (DATA / "metadata_owms-kv-tk.xml").read_bytes()


def test_answer_link_absent_or_unfetchable_is_empty(emulator: Emulator,
                                                   make_client: Make) -> None:
    record = _record(emulator, make_client, TOZO)  # an answer's owms has no aanhangsel
    assert fetch_answer_link(make_client(), record) == ""
    kv = _record(emulator, make_client, "kv-tk-2020Z13248")
    emulator.corpus.remove_manifestation("kv-tk-2020Z13248", "metadataowms", keep_listed=True)
    assert fetch_answer_link(make_client(), kv) == ""
    kv.item_urls.pop("metadataowms")
    assert fetch_answer_link(make_client(), kv) == ""
