"""SRU: strict parsing of the real sample responses, query building, paging and date windows
against the emulator."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import SourceSettings
from monitor.emulator import Emulator, Faults
from monitor.errors import InvalidQuery, MalformedResponse, SourceUnavailable, SruDiagnostic
from monitor.fetch.http import HttpClient
from monitor.fetch.sru import (
    SruClient,
    Stream,
    build_query,
    streams_for,
)
from monitor.fetch.sru_page import parse_sru_response

from .conftest import DATA

Make = Callable[..., HttpClient]
ANSWERS_TK = Stream("answers-tk", "Kamervragen (Aanhangsel)", "tk")
QUESTIONS_TK = Stream("questions-tk", "Kamervragen zonder antwoord", "tk")
SAMPLE_3 = (DATA / "response-3-records-with-ah-tk.xml").read_bytes()
SAMPLE_76 = (DATA / "response-76-records.xml").read_bytes()


# --- parsing the real samples -------------------------------------------------------------------


def test_real_sample_with_the_tozo_answer_parses_every_field() -> None:
    page = parse_sru_response(SAMPLE_3, url="sample")
    assert page.number_of_records == 3
    assert page.next_position is None  # absent on the last page
    assert page.start == 1
    rec = next(r for r in page.records if r.identifier == "ah-tk-20202021-3235")
    assert rec.modified == date(2021, 7, 22)
    assert rec.stamp == "2021-07-22T13:03:34.3574627+02:00"
    assert rec.title.startswith("Antwoord op vragen van de leden Van Weyenberg")
    assert rec.doc_type == "Aanhangsel van de Handelingen"
    assert rec.creator == "Tweede Kamer der Staten-Generaal"
    assert rec.chamber == "tk"
    assert rec.publicatienaam == "Kamervragen (Aanhangsel)"
    assert rec.subrubriek == "Antwoord"
    assert rec.aanhangselnummer == "3235"
    assert rec.vraagnummer == "2021Z09739"
    assert rec.vergaderjaar == "2020-2021"
    assert rec.indieners == ["S.P.R.A. van Weyenberg", "R.H. (Romke) de Jong", "H. Kat"]
    assert rec.ontvangers == ["W. Koolmees"]
    assert rec.date_received == date(2021, 6, 21)
    assert rec.available == date(2021, 6, 21)
    assert rec.content_area == "officielepublicaties/ah-tk/20202021"
    assert rec.preferred_url == "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html"
    assert sorted(rec.item_urls) == ["html", "metadata", "metadataowms", "odt", "pdf", "xml"]
    assert rec.item_urls["xml"].endswith(
        "/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1/xml/"
        "ah-tk-20202021-3235.xml"
    )
    assert rec.position == 2


def test_real_76_record_page_has_next_position_and_stamps() -> None:
    page = parse_sru_response(SAMPLE_76)
    assert page.number_of_records == 76
    assert page.next_position == 11
    assert len(page.records) == 10
    assert all(r.stamp and r.identifier for r in page.records)
    ek = [r for r in page.records if r.identifier.startswith("h-ek")]
    assert ek and all(r.chamber == "ek" for r in ek)


def _wrap(record: bytes) -> bytes:
    body = record.split(b"?>", 1)[1]
    return (b'<?xml version="1.0" encoding="UTF-8"?><sru:searchRetrieveResponse '
            b'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse">'
            b"<sru:version>2.0</sru:version><sru:numberOfRecords>1</sru:numberOfRecords>"
            b"<sru:records>" + body + b"</sru:records></sru:searchRetrieveResponse>")


def test_real_kv_record_gives_date_sent_and_gzd_timestamp_fallback() -> None:
    page = parse_sru_response(_wrap((DATA / "record-kv-onopgemaakt.xml").read_bytes()))
    rec = page.records[0]
    assert rec.identifier == "kv-2989900822"
    assert rec.publicatienaam == "Kamervragen zonder antwoord"
    assert rec.date_sent == date(1998, 9, 28)
    assert rec.vraagnummer == "2989900822"
    # no cd:datumTijdstipWijzigingExpression on this record: the gzd:timestamp is the stamp
    assert rec.stamp == "2020-06-05T13:25:09.860025+02:00"
    assert rec.title.startswith("Mondelinge vragen van het lid Atsma")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(SAMPLE_3) - 30))
def test_a_truncated_response_is_never_fewer_records(cut: int) -> None:
    with pytest.raises(MalformedResponse):
        parse_sru_response(SAMPLE_3[:cut], url="https://koop.test/sru?x")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>502 Bad Gateway</body></html>",
        b"Service Unavailable",
        b'<?xml version="1.0"?><other/>',
    ],
)
def test_not_an_sru_response_is_malformed(body: bytes) -> None:
    with pytest.raises(MalformedResponse):
        parse_sru_response(body, url="https://koop.test/sru")


@pytest.mark.parametrize(
    "body",
    [
        # external entity (XXE)
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/'
        b'sruResponse"><sru:numberOfRecords>&x;</sru:numberOfRecords>'
        b"</sru:searchRetrieveResponse>",
        # entity expansion (billion laughs)
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/'
        b'sruResponse"><sru:numberOfRecords>1</sru:numberOfRecords><x>&c;</x>'
        b"</sru:searchRetrieveResponse>",
    ],
)
def test_doctype_and_entities_are_refused(body: bytes) -> None:
    with pytest.raises(MalformedResponse, match=r"DOCTYPE|not well-formed"):
        parse_sru_response(body)


DIAG_ONLY = b"""<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
    xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic">
  <sru:version>2.0</sru:version>
  <sru:diagnostics><diag:diagnostic>
    <diag:uri>info:srw/diagnostic/1/10</diag:uri>
    <diag:details>w.publicatienaam==Kamervragen (Aanhangsel)</diag:details>
    <diag:message>Query syntax error</diag:message>
  </diag:diagnostic></sru:diagnostics>
</sru:searchRetrieveResponse>"""


def test_diagnostic_without_results_names_message_and_details() -> None:
    with pytest.raises(SruDiagnostic) as info:
        parse_sru_response(DIAG_ONLY, url="https://koop.test/sru?q")
    text = str(info.value)
    assert "Query syntax error" in text and "Kamervragen (Aanhangsel)" in text
    assert "https://koop.test/sru?q" in text


def test_diagnostic_next_to_results_is_an_error_too() -> None:
    diag = (b"<sru:diagnostics xmlns:diag=\"http://docs.oasis-open.org/ns/search-ws/diagnostic\">"
            b"<diag:diagnostic><diag:uri>info:srw/diagnostic/1/36</diag:uri><diag:message>"
            b"Invalid date ignored</diag:message></diag:diagnostic></sru:diagnostics>")
    body = SAMPLE_3.replace(b"<sru:echoedSearchRetrieveRequest>",
                            diag + b"<sru:echoedSearchRetrieveRequest>")
    with pytest.raises(SruDiagnostic, match="Invalid date ignored"):
        parse_sru_response(body)


# --- queries ----------------------------------------------------------------------------------


def test_query_is_exactly_what_the_live_service_wants() -> None:
    assert build_query(ANSWERS_TK, date(2026, 5, 1), date(2026, 5, 31)) == (
        'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen (Aanhangsel)"'
        ' and dt.creator=="Tweede Kamer der Staten-Generaal" and dt.modified>="2026-05-01" and '
        'dt.modified<="2026-05-31" sortBy dt.modified/sort.ascending'
    )
    assert build_query(QUESTIONS_TK, None).endswith(
        'w.publicatienaam=="Kamervragen zonder antwoord" and dt.creator=="Tweede Kamer der '
        'Staten-Generaal" sortBy dt.modified/sort.ascending'
    )


@pytest.mark.parametrize("since", ["2026-02-29", "2026-13-01", "2026-5-1", "yesterday"])
def test_impossible_dates_are_refused_before_sending(since: str) -> None:
    with pytest.raises(InvalidQuery, match=since):
        build_query(ANSWERS_TK, since)


def test_since_after_until_and_far_future_are_refused() -> None:
    with pytest.raises(InvalidQuery, match="after until"):
        build_query(ANSWERS_TK, date(2026, 5, 2), date(2026, 5, 1))
    far = datetime.now(UTC).date() + timedelta(days=800)
    with pytest.raises(InvalidQuery, match="far future"):
        build_query(ANSWERS_TK, far)


def test_streams_tweede_kamer_first() -> None:
    streams = streams_for(SourceSettings(chambers=["ek", "tk"], unanswered_questions=True))
    assert [s.name for s in streams] == ["answers-tk", "questions-tk", "answers-ek",
                                         "questions-ek"]
    assert streams[2].creator == "Eerste Kamer der Staten-Generaal"
    only = streams_for(SourceSettings(chambers=["tk"], unanswered_questions=False))
    assert [s.name for s in only] == ["answers-tk"]


# --- paging and windows against the emulator ------------------------------------------------------


def _answer_ids(emulator: Emulator) -> list[str]:
    return [e.identifier for e in emulator.corpus.current()
            if e.publicatienaam == "Kamervragen (Aanhangsel)"]


def test_pages_cover_every_record_once_in_ascending_order(emulator: Emulator,
                                                          make_client: Make) -> None:
    http = make_client()
    sru = SruClient(http, SourceSettings(sru_url=emulator.sru_url, page_size=7))
    pages = list(sru.pages(ANSWERS_TK, date(2020, 1, 1), date(2026, 1, 1)))
    records = [r for p in pages for r in p.records]
    expected = _answer_ids(emulator)
    assert [r.identifier for r in records] == expected
    assert [r.modified for r in records] == sorted(r.modified for r in records)
    assert len(pages) == -(-len(expected) // 7)
    assert pages[-1].next_position is None
    assert http.requests == len(pages)


def test_large_range_is_split_into_windows(emulator: Emulator, make_client: Make) -> None:
    http = make_client()
    settings_ = SourceSettings(sru_url=emulator.sru_url, page_size=4, max_window_records=6)
    sru = SruClient(http, settings_)
    pages = list(sru.pages(ANSWERS_TK, date(2020, 1, 1), date(2026, 1, 1)))
    records = [r for p in pages for r in p.records]
    assert sorted(r.identifier for r in records) == sorted(_answer_ids(emulator))
    assert len({r.identifier for r in records}) == len(records)
    assert [r.modified for r in records] == sorted(r.modified for r in records)
    # no page was asked for past the window
    starts = [int(r.params["startRecord"]) for r in emulator.requests if r.path == "/sru"]
    assert max(starts) <= 6
    windows = sru.windows(ANSWERS_TK, date(2020, 1, 1), date(2026, 1, 1))
    assert windows[0][0] == date(2020, 1, 1) and windows[-1][1] == date(2026, 1, 1)
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert start == end + timedelta(days=1)
    assert all(sru.count(ANSWERS_TK, lo, hi) <= 6 for lo, hi in windows)


def test_a_poll_with_nothing_new_costs_one_request(emulator: Emulator,
                                                   make_client: Make) -> None:
    http = make_client()
    sru = SruClient(http, SourceSettings(sru_url=emulator.sru_url))
    pages = list(sru.pages(ANSWERS_TK, datetime.now(UTC).date()))
    assert [len(p.records) for p in pages] == [0]
    assert http.requests == 1


def test_transient_503_on_a_deep_page_is_retried(emulator: Emulator, make_client: Make) -> None:
    emulator.faults = Faults(fail_requests={2}, fail_status=503)
    http = make_client()
    sru = SruClient(http, SourceSettings(sru_url=emulator.sru_url, page_size=10))
    records = [r for p in sru.pages(ANSWERS_TK, date(2020, 1, 1)) for r in p.records]
    assert len(records) == len(_answer_ids(emulator))
    assert [r.status for r in emulator.requests][:3] == [200, 503, 200]


def test_persistent_504_past_a_depth_is_source_unavailable(emulator: Emulator,
                                                           make_client: Make) -> None:
    emulator.faults = Faults(deep_start=11, deep_status=504)
    http = make_client(retries=2)
    sru = SruClient(http, SourceSettings(sru_url=emulator.sru_url, page_size=10))
    pages = sru.pages(ANSWERS_TK, date(2020, 1, 1))
    assert len(next(pages).records) == 10
    with pytest.raises(SourceUnavailable, match="HTTP 504"):
        next(pages)


def test_the_service_window_answers_504(emulator: Emulator, make_client: Make) -> None:
    http = make_client(retries=0)
    with pytest.raises(SourceUnavailable, match="504"):
        http.get(emulator.sru_url, params={"operation": "searchRetrieve", "version": "2.0",
                                           "query": build_query(ANSWERS_TK, None),
                                           "startRecord": "10000", "maximumRecords": "10"})


def test_truncated_page_fails_the_poll_without_partial_records(emulator: Emulator,
                                                               make_client: Make) -> None:
    emulator.faults = Faults(truncate_sru=20_000)
    http = make_client()
    sru = SruClient(http, SourceSettings(sru_url=emulator.sru_url, page_size=20))
    got: list[str] = []
    with pytest.raises(MalformedResponse, match="not well-formed"):
        for page in sru.pages(ANSWERS_TK, date(2020, 1, 1)):
            got.extend(r.identifier for r in page.records)
    assert got == []


def test_diagnostic_from_the_service_is_an_error(emulator: Emulator, make_client: Make) -> None:
    emulator.faults = Faults(diagnostic=True)
    sru = SruClient(make_client(), SourceSettings(sru_url=emulator.sru_url))
    with pytest.raises(SruDiagnostic, match="Query syntax error"):
        list(sru.pages(ANSWERS_TK, date(2020, 1, 1)))


def test_impossible_date_sent_anyway_gives_results_plus_diagnostic(emulator: Emulator,
                                                                   make_client: Make) -> None:
    """The live trap: the service ignores the date and answers everything. We must refuse."""
    http = make_client()
    query = build_query(ANSWERS_TK, None).replace(
        " sortBy", ' and dt.modified>="2026-02-29" sortBy')
    response = http.get(emulator.sru_url, params={"operation": "searchRetrieve",
                                                  "version": "2.0", "recordSchema": "gzd",
                                                  "query": query, "startRecord": "1",
                                                  "maximumRecords": "5"})
    assert b"<sru:numberOfRecords>" in response.content  # unfiltered results...
    with pytest.raises(SruDiagnostic, match="2026-02-29"):  # ...that we do not accept
        parse_sru_response(response.content, url=response.url)


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[Emulator]:
    from .conftest import small_corpus

    with Emulator(small_corpus(answers=40, seed=9)) as emu:
        yield emu


@settings(max_examples=25, deadline=None)
@given(page_size=st.integers(min_value=1, max_value=15),
       max_window=st.integers(min_value=1, max_value=45))
def test_every_record_exactly_once_whatever_the_page_and_window_sizes(
    shared_emulator: Emulator, page_size: int, max_window: int
) -> None:
    """Property: paging plus window splitting never loses, repeats or reorders a record."""
    settings_ = SourceSettings(sru_url=shared_emulator.sru_url, page_size=page_size,
                               max_window_records=max_window, requests_per_second=1000.0)
    with HttpClient(settings_) as http:
        records = [r for p in SruClient(http, settings_).pages(ANSWERS_TK, date(2020, 1, 1))
                   for r in p.records]
    # the emulator orders by (dt.modified, stamp): windows in ascending order keep that order
    assert [r.identifier for r in records] == _answer_ids(shared_emulator)
