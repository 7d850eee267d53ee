"""The pages in a real browser: rendering, filters, diffs, search, escaping, keyboard.

Each page is saved as a screenshot under test-artefacts/web/ (ignored by git).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from .browser import launch
from .conftest import ARTEFACTS, HOSTILE, SCRIPT, Site

SHOTS = ARTEFACTS / "web"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@dataclass
class Watched:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    watched = Watched(page)
    page.on("console", lambda m: watched.console_errors.append(m.text)
            if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.page_errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield watched
    context.close()


def _shot(tab: Watched, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _clean(tab: Watched) -> None:
    assert tab.console_errors == [], tab.console_errors  # CSP violations would show here
    assert tab.page_errors == [] and tab.dialogs == []


@pytest.mark.parametrize(("name", "path", "heading"), [
    ("home", "/", "Gevolgde toezeggingen"),
    ("commitment", "/commitments/edip-participation", "Europees Defensie-Industrie Programma"),
    ("changes", "/changes", "Wijzigingen"),
    ("change", "/changes/1", "Wijziging #1"),
    ("answers", "/answers", "Antwoorden"),
    ("answer", "/answers/ah-1251487", ""),
    ("search", "/search?q=EDIP", "Zoeken"),
    ("status", "/status", "Status"),
    ("not-found", "/changes/999999", "Niet gevonden"),
])
def test_each_page_renders(site: Site, tab: Watched, name: str, path: str, heading: str) -> None:
    response = tab.page.goto(site.base + path)
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    assert tab.page.locator("html").get_attribute("lang") == "nl"
    assert heading in tab.page.locator("h1").inner_text()
    _shot(tab, name)
    if name != "not-found":  # the browser logs the 404 status itself as a console error
        _clean(tab)


def test_side_by_side_diff_shows_deleted_and_inserted_words(site: Site, tab: Watched) -> None:
    tab.page.goto(site.base + "/commitments/edip-participation")
    card = tab.page.locator("article.change", has_text="positie gewijzigd").first
    deleted = card.locator("td.prev del").all_inner_texts()
    inserted = card.locator("td.cur ins").all_inner_texts()
    assert any("Het kabinet hecht groot belang" in d for d in deleted), deleted
    assert any("Daarnaast is Nederland voornemens om ook deel te nemen" in i for i in inserted)
    # not by colour alone: the deleted words are struck through
    decoration = card.locator("td.prev del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    assert card.locator("td.cur del").count() == 0 and card.locator("td.prev ins").count() == 0
    _clean(tab)


def test_filters_narrow_the_list(site: Site, tab: Watched) -> None:
    page = tab.page
    page.goto(site.base + "/changes")
    everything = page.locator("article.change").count()
    page.select_option("#f-commitment", "defensienota-2026")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/changes?commitment=defensienota-2026*")
    titles = page.locator("article.change .change-title").all_inner_texts()
    assert 0 < len(titles) < everything
    assert all("Defensienota" in t for t in titles)
    page.select_option("#f-verdict", "first_seen")
    page.fill("#f-since", "2026-01-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**verdict=first_seen*")
    narrowed = page.locator("article.change").count()
    assert narrowed <= len(titles)
    assert page.locator("article.change .badge:not(.v-first_seen)").count() == 0
    page.goto(site.base + "/answers")
    all_answers = page.locator("table.list tbody tr").count()
    page.select_option("#f-ministry", "Defensie")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**ministry=Defensie*")
    assert 0 < page.locator("table.list tbody tr").count() < all_answers
    _clean(tab)


def test_search_finds_the_2026_defensie_answer_by_edip(site: Site, tab: Watched) -> None:
    page = tab.page
    page.goto(site.base + "/search")
    page.fill("#f-q", "EDIP")
    page.press("#f-q", "Enter")
    page.wait_for_url("**/search?q=EDIP*")
    hit = page.locator('ol.hits a[href="/answers/ah-1251487"]')
    assert hit.count() == 1
    assert page.locator("ol.hits mark", has_text="EDIP").count() >= 1
    _shot(tab, "search-edip")
    hit.click()
    page.wait_for_url("**/answers/ah-1251487")
    _clean(tab)


def test_a_document_with_script_shows_it_as_text_and_runs_nothing(
    site: Site, tab: Watched
) -> None:
    page = tab.page
    page.goto(f"{site.base}/answers/{HOSTILE}")
    body = page.locator("main").inner_text()
    assert SCRIPT in body  # visible as text
    assert 'onerror="alert(2)"' in body
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('main img').length") == 0
    page.goto(site.base + "/commitments/edip-participation")
    assert SCRIPT in page.locator("main").inner_text()
    page.goto(site.base + "/search?q=betekent")
    _shot(tab, "hostile")
    _clean(tab)


@pytest.mark.parametrize(("path", "controls"), [
    ("/changes", ["f-commitment", "f-verdict", "f-since", "f-until", "submit"]),
    ("/answers", ["f-ministry", "f-kind", "f-since", "f-until", "submit"]),
    ("/search", ["f-q", "f-ministry", "f-since", "f-until", "submit"]),
])
def test_keyboard_reaches_every_filter(
    site: Site, tab: Watched, path: str, controls: list[str]
) -> None:
    page = tab.page
    page.goto(site.base + path)
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.id || (e.type === 'submit' ? 'submit' : e.tagName); }")
        reached.append(focused)
        if all(c in reached for c in controls):
            break
    assert all(c in reached for c in controls), reached
    _clean(tab)


def test_alert_and_digest_emails_in_the_browser(site: Site, tab: Watched) -> None:
    from monitor.notify.render import Entry, asked_for, render

    titles = {c.id: c.title for c in site.settings.commitments}
    items = site.get("/api/v1/changes?commitment=edip-participation").json()["items"]
    entries = [Entry("change", {"change": c}, ["abonnement 'edip' volgt toezegging "
                                               "edip-participation"]) for c in items]
    asked = asked_for(site.db, entries)
    moved = next(e for e in entries if "position_changed" in e.payload["change"]["verdicts"])
    for name, rendered in (
        ("email-alert", render([moved], titles, base_url=site.base, asked=asked)),
        ("email-digest", render(entries, titles, base_url=site.base, asked=asked)),
    ):
        tab.page.set_content(rendered.html)
        text = tab.page.locator("body").inner_text()
        assert "Gevraagd" in text and "Vraag " in text  # the question that was asked
        assert "Eerder" in text and "Nu" in text
        deleted = tab.page.locator("td.prev del").first
        assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert tab.page.locator(f'a[href^="{site.base}/changes/"]').count() >= 1
        assert tab.page.locator('a[href^="https://zoek.officielebekendmakingen.nl/"]').count() >= 2
        _shot(tab, name)
        assert SCRIPT not in tab.page.content()  # the hostile statement stays text
    assert tab.dialogs == [] and tab.page_errors == []
