"""The Atom feeds: parsed by feedparser, and checked against the rules of RFC 4287."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

from .conftest import Site

ATOM = "{http://www.w3.org/2005/Atom}"


def _check_atom_rules(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # required when entries lack one
    selfs = [ln for ln in root.findall(f"{ATOM}link") if ln.get("rel") == "self"]
    assert len(selfs) == 1
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        ids.append(entry.findtext(f"{ATOM}id"))
        links = [ln for ln in entry.findall(f"{ATOM}link") if ln.get("rel") == "alternate"]
        assert len(links) == 1
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
    for link in root.iter(f"{ATOM}link"):
        parts = urlsplit(link.get("href", ""))
        assert parts.scheme in ("http", "https") and parts.netloc, link.get("href")
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    assert all(i and i.startswith("tag:") for i in ids)
    return root


@pytest.mark.parametrize("path", [
    "/feeds/changes.atom", "/feeds/commitments/edip-participation.atom",
    "/feeds/changes.atom?verdict=position_changed", "/feeds/changes.atom?commitment=nothing-yet",
])
def test_feeds_are_valid_atom(site: Site, path: str) -> None:
    r = site.get(path)
    if "nothing-yet" in path:
        assert r.status_code == 404  # an unknown commitment is not an empty feed
        return
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    _check_atom_rules(r.content)
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title.startswith("Kamervragen-monitor")
    assert parsed.entries


def test_entries_carry_the_diff_stable_ids_and_the_change_time(site: Site) -> None:
    parsed = feedparser.parse(site.get("/feeds/commitments/edip-participation.atom").content)
    changes = {c["id"]: c for c in site.get(
        "/api/v1/changes?commitment=edip-participation&limit=500").json()["items"]}
    for entry in parsed.entries:
        change_id = int(entry.id.rsplit("/", 1)[1])
        change = changes[change_id]
        assert entry.link == f"{site.base}/changes/{change_id}"
        assert entry.updated.startswith(change["created_at"][:19])
        html = entry.content[0].value
        assert "<table" in html and ("<ins" in html)
    again = feedparser.parse(site.get("/feeds/commitments/edip-participation.atom").content)
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    position = [e for e in parsed.entries if "positie gewijzigd" in e.title]
    assert position and "<del" in position[0].content[0].value


def test_feed_filters_match_the_change_log(site: Site) -> None:
    parsed = feedparser.parse(site.get("/feeds/changes.atom?verdict=first_seen").content)
    api = site.get("/api/v1/changes?verdict=first_seen&limit=50").json()["items"]
    assert [int(e.id.rsplit("/", 1)[1]) for e in parsed.entries] == [c["id"] for c in api]
    assert all(t.term == "first_seen" for e in parsed.entries for t in e.tags)


def test_escaped_markup_in_feed_content(site: Site) -> None:
    xml = site.get("/feeds/changes.atom").text
    assert "<script" not in xml
    parsed = feedparser.parse(xml)
    contents = " ".join(e.content[0].value for e in parsed.entries)
    assert "&lt;script&gt;" in contents  # the hostile statement, as text inside the HTML
