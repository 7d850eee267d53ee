"""The emulator: SRU responses shaped like the real ones, CQL subset and diagnostics, the
~10,000 window, corpus versions, and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from lxml import etree

from monitor.emulator import Corpus, Emulator, Faults
from monitor.emulator.commands import emulator as emulator_group
from monitor.emulator.defaults import DEFAULT_CORPUS_DIR
from monitor.emulator.generate import generate_corpus
from monitor.emulator.process import EmulatorProcess
from monitor.errors import CorpusError
from monitor.fetch.sru_page import parse_sru_response

REAL = Path(__file__).parent.parent / "data" / "fetch" / "response-3-records-with-ah-tk.xml"
SRU = "{http://docs.oasis-open.org/ns/search-ws/sruResponse}"
TOZO = "ah-tk-20202021-3235"
ANSWERS_QUERY = (
    'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen (Aanhangsel)" '
    'and dt.creator=="Tweede Kamer der Staten-Generaal"'
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus = Corpus.load(DEFAULT_CORPUS_DIR)
    generate_corpus(25, seed=5, corpus=corpus, since=date(2025, 1, 1), until=date(2025, 6, 30))
    return corpus


@pytest.fixture
def emu(corpus: Corpus) -> Iterator[Emulator]:
    with Emulator(corpus) as emulator:
        yield emulator


def sru(emu: Emulator, query: str, start: int = 1, maximum: int = 10) -> httpx.Response:
    return httpx.get(emu.sru_url, params={
        "operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd", "query": query,
        "startRecord": str(start), "maximumRecords": str(maximum)})


def _shape(element: etree._Element) -> list[str]:
    """Tag paths of an element tree (what a record looks like, not what it says)."""
    return sorted({_path(e, element) for e in element.iter() if isinstance(e.tag, str)})


def _path(e: etree._Element, top: etree._Element) -> str:
    parts: list[str] = []
    node: etree._Element | None = e
    while node is not None and node is not top:
        parts.append(etree.QName(node).localname)
        node = node.getparent()
    return "/".join(reversed(parts))


def test_sru_page_is_shaped_like_the_real_service(emu: Emulator) -> None:
    response = sru(emu, f'{ANSWERS_QUERY} and dt.modified=="2021-07-22"')
    assert response.status_code == 200
    ours = etree.fromstring(response.content)
    real = etree.fromstring(REAL.read_bytes())
    assert ours.nsmap == real.nsmap
    assert [etree.QName(c).localname for c in ours] == [
        "version", "numberOfRecords", "records", "echoedSearchRetrieveRequest",
        "resultCountPrecision"]
    our_record = ours.find(f"{SRU}records/{SRU}record")
    real_record = real.findall(f"{SRU}records/{SRU}record")[1]  # the Tozo answer
    missing = set(_shape(real_record)) - set(_shape(our_record))
    assert missing == set()  # every element of the real record is there
    page = parse_sru_response(response.content)
    (record,) = page.records
    real_page = parse_sru_response(REAL.read_bytes())
    real_tozo = next(r for r in real_page.records if r.identifier == TOZO)
    for field in ("identifier", "modified", "stamp", "title", "doc_type", "creator",
                  "publicatienaam", "subrubriek", "aanhangselnummer", "vraagnummer",
                  "vergaderjaar", "indieners", "ontvangers", "date_received", "available",
                  "content_area", "preferred_url"):
        assert getattr(record, field) == getattr(real_tozo, field), field
    assert record.item_urls["xml"] == emu.base_url + real_tozo.item_urls["xml"].split(
        "repository.overheid.nl", 1)[1]


def test_paging_and_last_page(emu: Emulator, corpus: Corpus) -> None:
    total = sum(1 for e in corpus.current() if e.publicatienaam == "Kamervragen (Aanhangsel)")
    first = parse_sru_response(sru(emu, ANSWERS_QUERY, 1, 10).content)
    assert first.number_of_records == total and first.next_position == 11
    last_start = ((total - 1) // 10) * 10 + 1
    last = parse_sru_response(sru(emu, ANSWERS_QUERY, last_start, 10).content)
    assert last.next_position is None
    assert b"nextRecordPosition" not in sru(emu, ANSWERS_QUERY, last_start, 10).content
    assert [r.position for r in last.records] == list(range(last_start, total + 1))


def test_date_filters_and_sort(emu: Emulator, corpus: Corpus) -> None:
    query = f'{ANSWERS_QUERY} and dt.modified>="2025-03-01" and dt.modified<="2025-04-30"'
    page = parse_sru_response(sru(emu, query + " sortBy dt.modified/sort.ascending",
                                  maximum=100).content)
    expected = [e.identifier for e in corpus.current()
                if e.publicatienaam == "Kamervragen (Aanhangsel)"
                and date(2025, 3, 1) <= e.modified <= date(2025, 4, 30)]
    assert [r.identifier for r in page.records] == expected
    down = parse_sru_response(sru(emu, query + " sortBy dt.modified/sort.descending",
                                  maximum=100).content)
    assert [r.identifier for r in down.records] == expected[::-1]


@pytest.mark.parametrize("query", [
    'w.publicatienaam=="A" or w.publicatienaam=="B"',
    'dt.type=="Bijlage"',
    "(dt.modified>=\"2025-01-01\")",
    f"{ANSWERS_QUERY} and",
    'dt.modified>"2025-01-01"',
])
def test_unsupported_queries_answer_a_diagnostic(emu: Emulator, query: str) -> None:
    response = sru(emu, query)
    assert response.status_code == 200
    assert b"diag:diagnostic" in response.content
    assert b"numberOfRecords" not in response.content


def test_impossible_date_is_ignored_with_a_diagnostic(emu: Emulator, corpus: Corpus) -> None:
    response = sru(emu, f'{ANSWERS_QUERY} and dt.modified>="2026-02-29"', maximum=0)
    root = etree.fromstring(response.content)
    total = sum(1 for e in corpus.current() if e.publicatienaam == "Kamervragen (Aanhangsel)")
    assert root.findtext(f"{SRU}numberOfRecords") == str(total)  # unfiltered
    assert b"2026-02-29" in response.content and b"diag:diagnostic" in response.content


def test_deep_start_record_answers_504(emu: Emulator) -> None:
    assert sru(emu, ANSWERS_QUERY, start=10_000).status_code == 504
    assert sru(emu, ANSWERS_QUERY, start=9_999).status_code == 200
    emu.faults = Faults(deep_start=21, deep_status=503)
    assert sru(emu, ANSWERS_QUERY, start=21).status_code == 503
    assert sru(emu, ANSWERS_QUERY, start=11).status_code == 200


def test_rate_faults_are_seeded_and_repeatable(corpus: Corpus) -> None:
    def statuses() -> list[int]:
        with Emulator(corpus, Faults(seed=42, fail_rate=0.3)) as emu:
            return [httpx.get(emu.url(TOZO, "metadata")).status_code for _ in range(30)]
    first = statuses()
    assert first == statuses()
    assert 3 <= first.count(500) <= 18


def test_throttle_sends_retry_after_and_truncation_cuts(emu: Emulator) -> None:
    emu.faults = Faults(throttle_requests={1}, retry_after="Wed, 21 Oct 2026 07:28:00 GMT",
                        truncate_documents=100)
    throttled = httpx.get(emu.url(TOZO, "xml"))
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "Wed, 21 Oct 2026 07:28:00 GMT"
    cut = httpx.get(emu.url(TOZO, "xml"))
    assert cut.status_code == 200 and len(cut.content) == 100


def test_soft_404_redirects_to_an_error_page(emu: Emulator) -> None:
    emu.faults = Faults(soft_404={TOZO})
    response = httpx.get(emu.url(TOZO, "html"), follow_redirects=True)
    assert response.status_code == 200
    assert str(response.url).endswith("/fout404.htm")
    assert response.history[0].status_code == 302


def test_republish_makes_a_new_version_and_keeps_the_old(tmp_path: Path) -> None:
    corpus = Corpus.load(DEFAULT_CORPUS_DIR)
    old = corpus.get(TOZO)
    new_xml = (old.content("xml") or b"").replace(b"8 procent", b"7 procent")
    with pytest.raises(CorpusError):
        corpus.republish(TOZO, modified=date(2021, 1, 1))
    corpus.republish(TOZO, modified=date(2021, 8, 2), files={"xml": new_xml})
    with Emulator(corpus) as emu:
        page = parse_sru_response(sru(emu, f'{ANSWERS_QUERY} and dt.modified>="2021-01-01" '
                                           'and dt.modified<="2021-12-31"').content)
        (record,) = page.records
        assert record.modified == date(2021, 8, 2)
        assert record.stamp > old.stamp
        assert "/ah-tk-20202021-3235/2/xml/" in record.item_urls["xml"]
        assert httpx.get(record.item_urls["xml"]).content == new_xml
        assert httpx.get(emu.url(TOZO, "xml", version=1)).content == old.content("xml")
    corpus.save(tmp_path / "c")
    again = Corpus.load(tmp_path / "c")
    assert again.get(TOZO).version == 2 and again.get(TOZO).content("xml") == new_xml
    assert again.get(TOZO, 1).content("xml") == old.content("xml")


def test_remove_manifestation(corpus: Corpus) -> None:
    local = Corpus.load(DEFAULT_CORPUS_DIR)
    local.remove_manifestation(TOZO, "html")
    local.remove_manifestation(TOZO, "xml", keep_listed=True)
    with Emulator(local) as emu:
        record = parse_sru_response(sru(emu, f'{ANSWERS_QUERY} and dt.modified=="2021-07-22"'
                                        ).content).records[0]
        assert "html" not in record.item_urls
        assert httpx.get(record.item_urls["xml"]).status_code == 404


def test_cli_generate_and_serve(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = CliRunner().invoke(emulator_group, ["generate", "--out", str(out), "--answers",
                                                 "12", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "12 answers" in result.output
    again = CliRunner().invoke(emulator_group, ["generate", "--out", str(out)])
    assert again.exit_code != 0
    with EmulatorProcess(out) as child:  # python -m monitor.emulator serve --port 0
        assert child.sru_url.startswith("http://127.0.0.1:") and child.sru_url.endswith("/sru")
        response = httpx.get(child.sru_url, params={"query": ANSWERS_QUERY,
                                                    "maximumRecords": "3"})
        page = parse_sru_response(response.content)
        assert page.number_of_records >= 12 and len(page.records) == 3
        document = httpx.get(page.records[0].item_urls["xml"])
        assert document.status_code == 200 and b"<kamervragen>" in document.content
