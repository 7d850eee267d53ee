"""The promise pages over the database filled from the emulator corpus: the list with its
filters, one promise with its timeline, their JSON API, and the list in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import launch
from .conftest import Site


def test_list_filters_and_promise_page(site: Site) -> None:
    listed = site.get("/api/v1/promises").json()["promises"]
    assert listed and {p["status"] for p in listed} <= {
        "open", "due", "overdue", "slipped", "fulfilled", "withdrawn"}
    defensie = site.get("/api/v1/promises", params={"ministry": "Defensie"}).json()["promises"]
    nota = next(p for p in defensie if p["identifier"] == "ah-1251487"
                and p["deadline"]["kind"] == "document")
    assert defensie and all("Defensie" in p["ministry"] for p in defensie)
    assert len(defensie) < len(listed)
    page = site.get("/promises", params={"ministry": "Defensie"})
    assert page.status_code == 200 and "Beloften" in page.text
    assert page.text.count('<tr data-status="') == len(defensie)
    one = site.get(f"/promises/{nota['id']}")
    assert one.status_code == 200
    assert "Defensienota 2026" in one.text and 'data-event="promised"' in one.text
    api = site.get(f"/api/v1/promises/{nota['id']}").json()
    assert api["timeline"][0]["event"] == "promised" and api["id"] == nota["id"]
    assert site.get("/promises", params={"status": "kwijt"}).status_code == 400
    assert site.get("/promises/0123456789abcdef").status_code == 404
    assert site.get("/api/v1/promises/0123456789abcdef").status_code == 404


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def test_promise_list_in_the_browser(site: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site.base + "/promises")
        assert "Beloften" in page.locator("h1").inner_text()
        everything = page.locator("table.promises tbody tr").count()
        page.select_option("#f-ministry", "Defensie")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/promises?ministry=Defensie*")
        narrowed = page.locator("table.promises tbody tr").count()
        assert 0 < narrowed < everything
        page.locator("table.promises tbody tr a").first.click()
        page.wait_for_url("**/promises/*")
        assert page.locator("ol.timeline li").count() >= 1
        assert page.locator("nav a[aria-current=page]").inner_text() == "Beloften"
        assert errors == []
    finally:
        context.close()
