"""The pages, the JSON API and the safety rules over plain HTTP against uvicorn on loopback."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.queries import changes_json, list_changes

from .conftest import HOSTILE, SCRIPT, Site

PAGES = [
    "/", "/commitments/edip-participation", "/commitments/defensienota-2026", "/changes",
    "/answers", "/answers/ah-1251487", "/answers/ah-tk-20202021-3235", f"/answers/{HOSTILE}",
    "/search?q=EDIP", "/search", "/status",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_dutch_html_without_scripts(site: Site, path: str) -> None:
    r = site.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in r.text
    assert "<script" not in r.text.lower()
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script source at all
    assert r.headers["x-content-type-options"] == "nosniff"


def test_commitment_page_shows_the_edip_change_side_by_side(site: Site) -> None:
    html = site.get("/commitments/edip-participation").text
    # The 2026 Defensie answer against the earlier generated EDIP statement: the old words are
    # struck through on the left, the new ones inserted on the right.
    prev = re.search(r'<td class="prev">(.*?)</td>', html[html.index("19 mei 2026") - 2000:],
                     re.S)
    assert prev is not None
    assert "<del>" in html and "<ins>Daarnaast is Nederland voornemens om ook deel te nemen</ins>" \
        in html
    assert "positie gewijzigd" in html
    assert 'href="https://zoek.officielebekendmakingen.nl/ah-1251487' in html
    assert "vraag 8" in html


def test_publication_text_is_escaped_everywhere(site: Site) -> None:
    for path in (f"/answers/{HOSTILE}", "/commitments/edip-participation", "/changes",
                 "/search?q=deelname+EDIP", "/answers"):
        text = site.get(path).text
        assert SCRIPT not in text and "<img" not in text and "<b>vet" not in text, path
    page = site.get(f"/answers/{HOSTILE}").text
    assert "&lt;script&gt;alert(&#39;kv&#39;)&lt;/script&gt;" in page
    api = site.get(f"/api/v1/answers/{HOSTILE}").json()
    assert SCRIPT in api["title"]  # JSON carries the text as it is; escaping is the page's job


def test_answer_page_links_cross_references_and_official_publication(site: Site) -> None:
    page = site.get("/answers/ah-1251487").text
    assert 'id="vraag-1"' in page and 'href="#vraag-1"' in page  # "Zie antwoord op vraag ..."
    assert "Staatssecretaris" in page or "Minister" in page
    assert 'href="https://zoek.officielebekendmakingen.nl/' in page
    tozo = site.get("/answers/ah-tk-20202021-3235").text
    assert "2021Z09739" in tozo and "Sociale Zaken" in tozo


def test_api_changes_are_the_cli_records(site: Site) -> None:
    with site.db.reader() as session:
        expected = changes_json(session, site.settings,
                                list_changes(session, site.settings, limit=None))
    got: list[dict[str, object]] = []
    url: str | None = site.base + "/api/v1/changes?limit=3"
    while url:
        body = httpx.get(url, timeout=30).json()
        got.extend(body["items"])
        url = body["next"]
    assert json.loads(json.dumps(expected)) == got
    assert len(got) >= 4


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(1, 6), verdict=st.sampled_from(["", "first_seen", "position_changed"]))
def test_keyset_pages_cover_the_log_once_in_order(site: Site, limit: int, verdict: str) -> None:
    with site.db.reader() as session:
        expected = [r.id for r in list_changes(
            session, site.settings, verdicts=[verdict] if verdict else [], limit=None)]
    seen: list[int] = []
    url: str | None = f"{site.base}/api/v1/changes?limit={limit}&verdict={verdict}"
    while url:
        body = httpx.get(url, timeout=30).json()
        assert len(body["items"]) <= limit
        seen.extend(item["id"] for item in body["items"])
        url = body["next"]
    assert seen == expected


def test_filters_narrow_the_change_log(site: Site) -> None:
    all_ids = [c["id"] for c in site.get("/api/v1/changes?limit=500").json()["items"]]
    edip = site.get("/api/v1/changes?commitment=edip-participation&limit=500").json()["items"]
    assert edip and len(edip) < len(all_ids)
    assert {c["commitment"] for c in edip} == {"edip-participation"}
    since = site.get("/api/v1/changes?since=2026-05-01&limit=500").json()["items"]
    assert since and all(c["received"] >= "2026-05-01" for c in since)
    changed = site.get("/api/v1/changes?verdict=position_changed").json()["items"]
    assert changed and all("position_changed" in c["verdicts"] for c in changed)
    page = site.get("/changes?commitment=defensienota-2026").text
    assert "Defensienota" in page and "EDIP)</a>" not in page.split("<form")[0]


def test_timeline_and_commitments_api(site: Site) -> None:
    body = site.get("/api/v1/commitments").json()
    ids = {c["id"] for c in body["items"]}
    assert {"edip-participation", "defensienota-2026"} <= ids
    edip = next(c for c in body["items"] if c["id"] == "edip-participation")
    assert edip["feed"].startswith(site.base) and edip["changes"] >= 2
    timeline = site.get("/api/v1/commitments/edip-participation?limit=1").json()
    assert timeline["statements"] >= 2 and len(timeline["items"]) == 1 and timeline["next"]
    second = httpx.get(timeline["next"], timeout=30).json()
    assert second["items"][0]["statement"]["received"] >= \
        timeline["items"][0]["statement"]["received"]


def test_etag_gives_304_and_cache_control(site: Site) -> None:
    for path in ("/api/v1/changes", "/feeds/changes.atom", "/commitments/edip-participation",
                 "/api/v1/answers/ah-1251487"):
        first = site.get(path)
        etag = first.headers["etag"]
        assert "max-age" in first.headers["cache-control"]
        again = site.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        other = site.get(path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200
    assert site.get("/status").headers["cache-control"] == "no-store"


def test_cors_for_get_only(site: Site) -> None:
    r = site.get("/api/v1/changes", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(site.base + "/api/v1/changes", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"}, timeout=30)
    assert pre.status_code == 200 and "GET" in pre.headers["access-control-allow-methods"]
    refused = httpx.options(site.base + "/api/v1/changes", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"}, timeout=30)
    assert refused.status_code == 400


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(site: Site, method: str) -> None:
    for path in ("/changes", "/api/v1/changes", "/feeds/changes.atom"):
        r = httpx.request(method, site.base + path, timeout=30)
        assert r.status_code == 405, (method, path)
        assert "GET" in r.headers["allow"]


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/changes/999999", 404, "change #999999 does not exist"),
    ("/commitments/no-such-thing", 404, "unknown commitment"),
    ("/answers/ah-0", 404, "no such publication"),
    ("/nowhere", 404, "bestaat niet"),
    ("/changes?since=2026-02-30", 400, "is not a date"),
    ("/changes?verdict=bogus", 400, "unknown verdict"),
    ("/changes?after=xyz", 400, "not a page cursor"),
    ("/changes?since=2026-06-01&until=2026-01-01", 400, "is after"),
    ("/answers?kind=other", 400, "kind"),
    ("/api/v1/changes?limit=0", 400, "limit must be between"),
    ("/api/v1/changes?limit=abc", 400, "not a whole number"),
    ("/api/v1/search", 400, "give one or more words"),
    ("/api/v1/search?q=" + "x" * 300, 400, "at most 200"),
    ("/api/v1/changes/999999", 404, "does not exist"),
    ("/feeds/commitments/nope.atom", 404, "unknown commitment"),
])
def test_errors_are_pages_with_a_message_never_a_traceback(
    site: Site, path: str, status: int, words: str
) -> None:
    r = site.get(path)
    assert r.status_code == status
    assert words in r.text
    assert "Traceback" not in r.text and 'File "' not in r.text
    if path.startswith("/api/"):
        assert r.json()["status"] == status


def test_search_finds_the_2026_defensie_answer_by_edip(site: Site) -> None:
    body = site.get("/api/v1/search?q=EDIP").json()
    ids = [h["identifier"] for h in body["items"]]
    assert "ah-1251487" in ids
    hit = next(h for h in body["items"] if h["identifier"] == "ah-1251487")
    assert "<mark>EDIP</mark>" in hit["snippet_html"]
    page = site.get("/search?q=EDIP").text
    assert 'href="/answers/ah-1251487"' in page and "<mark>EDIP</mark>" in page


def test_search_stems_dutch_and_filters(site: Site) -> None:
    # "afhankelijkheid" (singular) finds the answer that speaks of "afhankelijkheden".
    ids = [h["identifier"] for h in site.get("/api/v1/search?q=afhankelijkheid").json()["items"]]
    assert "ah-1251487" in ids
    other = site.get("/api/v1/search?q=EDIP&ministry=Sociale+Zaken+en+Werkgelegenheid").json()
    assert "ah-1251487" not in [h["identifier"] for h in other["items"]]
    early = site.get("/api/v1/search?q=EDIP&until=2025-01-01").json()
    assert "ah-1251487" not in [h["identifier"] for h in early["items"]]
    escaped = site.get("/api/v1/search?q=betekent+deelname").json()["items"]
    hostile = next(h for h in escaped if h["identifier"] == HOSTILE)
    assert "<script" not in hostile["snippet_html"]


def test_openapi_describes_every_api_path(site: Site) -> None:
    spec = site.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"][0]["url"] == site.base + "/api/v1"
    for path in ("/changes", "/changes/{id}", "/commitments", "/commitments/{id}", "/answers",
                 "/answers/{identifier}", "/search"):
        assert "get" in spec["paths"][path]
        for ref in re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(spec)):
            assert ref in spec["components"]["schemas"]


def test_overview_agrees_with_the_cli_query(site: Site) -> None:
    from monitor.track.queries import commitments_overview
    from monitor.web.queries import change_count, overview

    with site.db.reader() as session:
        cli = commitments_overview(session, site.settings)
        for recent in (1, 12):
            web = overview(session, site.settings, recent=recent)
            assert [(i.summary.id, i.summary.title, i.summary.configured, i.summary.statements,
                     i.summary.latest.id if i.summary.latest else None,
                     i.summary.last_change.id if i.summary.last_change else None)
                    for i in web] == [
                (s.id, s.title, s.configured, s.statements, s.latest.id if s.latest else None,
                 s.last_change.id if s.last_change else None) for s in cli]
            assert [i.changes for i in web] == [change_count(session, s.id) for s in cli]


def test_home_footer_says_no_data_until_a_poll_succeeded(site: Site) -> None:
    # The test database was filled by a backfill, never by a poll: "no data", not "no change".
    assert "nog niet opgehaald" in site.get("/").text
