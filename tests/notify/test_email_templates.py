"""Alert and digest e-mails from the web pages' templates: escaped, inline-styled, readable."""

from __future__ import annotations

import re
from typing import Any

from monitor.config import Settings
from monitor.notify.render import Entry, pages_url, render

from .conftest import make_change

TITLES = {"edip": "EDIP-deelname", "defensienota-2026": "Defensienota 2026"}


def test_alert_html_is_escaped_and_styled_inline() -> None:
    change = make_change(5)
    assert change["current"] is not None
    change["current"]["text"] = "Nederland <script>alert(1)</script> neemt deel."
    change["diff"]["html"] = (
        "Daarnaast <del>is</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>")
    change["minister"] = "Minister <b>Brekelmans</b>"
    rendered = render([Entry("change", {"change": change}, ["omdat <i>u</i> het volgt"])], TITLES)
    for raw in ("<script", "<b>", "<i>"):
        assert raw not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "Minister &lt;b&gt;Brekelmans&lt;/b&gt;" in rendered.html
    assert "<style" not in rendered.html and "<link" not in rendered.html
    for tag in ("table", "del", "ins", "article"):
        for m in re.finditer(rf"<{tag}\b([^>]*)>", rendered.html):
            assert 'style="' in m.group(1), f"<{tag}> without inline style"
    # a stored diff with raw markup is escaped too, only <del>/<ins> survive
    change["diff"]["html"] = "<del>a</del><img src=x onerror=alert(1)><ins>b</ins>"
    again = render([Entry("change", {"change": change})], TITLES).html
    assert "<img" not in again and "&lt;img src=x onerror=alert(1)&gt;" in again


def test_plain_text_part_reads_on_its_own() -> None:
    change = make_change(7, received="2026-09-01")
    text = render([Entry("change", {"change": change})], TITLES, base_url="https://kv.example.org",
                  asked={7: [(3, "Neemt Nederland deel aan EDIP?")]}).text
    assert text.startswith("EDIP-deelname: positie gewijzigd — voornemens → neemt deel\n")
    assert "Oordeel: positie gewijzigd (voornemens → neemt deel)" in text
    assert "Gevraagd (vraag 3):\n  Neemt Nederland deel aan EDIP?" in text
    assert "Eerder: ah-1251487 (ontvangen 19 mei 2026, vraag 8)" in text
    assert "Nu: ah-1260007 (ontvangen 1 september 2026, vragen 3, 4)" in text
    assert "Op de website: https://kv.example.org/changes/7" in text
    assert "<" not in text.replace("<-", "")  # no markup in the text part


def test_links_to_pages_only_when_they_are_served() -> None:
    entry = Entry("change", {"change": make_change(2)})
    bare = render([entry], TITLES).html
    assert 'href="/' not in bare and "/changes/2" not in bare
    linked = render([entry], TITLES, base_url="https://kv.example.org/").html
    assert 'href="https://kv.example.org/changes/2"' in linked
    assert 'href="https://kv.example.org/answers/ah-1260002"' in linked
    assert 'href="https://kv.example.org/commitments/edip"' in linked
    assert pages_url(Settings()) == ""
    served = Settings.model_validate({"web": {"enabled": True, "port": 8123}})
    assert pages_url(served) == "http://127.0.0.1:8123"
    public = Settings.model_validate({"web": {"base_url": "https://kv.example.org/"}})
    assert pages_url(public) == "https://kv.example.org"


def test_digest_groups_changes_events_and_alerts() -> None:
    entries = [
        Entry("change", {"change": make_change(1)}, ["abonnement 'a'"]),
        Entry("change", {"change": make_change(2, "defensienota-2026", ["fulfilled"])}),
        Entry("event", {"event": {
            "type": "new_answer", "identifier": "ah-1", "ministry": "Defensie",
            "title": "Antwoord <x>", "received": "2026-06-01", "url": "javascript:alert(1)"}}),
        Entry("operator", {"alert": {"kind": "source_down", "message": "bron weg",
                                     "at": "2026-06-01T10:00:00+00:00"}}),
    ]
    rendered = render(entries, TITLES)
    assert rendered.subject == "Kamervragen-monitor: overzicht van 4 meldingen"
    assert rendered.html.count('<article class="change"') == 2
    assert "Defensienota 2026" in rendered.html and "nagekomen" in rendered.html
    assert "javascript:" not in rendered.html  # only http(s) links are rendered
    assert "Antwoord &lt;x&gt;" in rendered.html and "bron weg" in rendered.html
    assert rendered.text.count("-" * 72) == 3


def test_the_alert_sentence_leads_when_the_payload_has_one() -> None:
    change = make_change(9, summary={
        "subject": "EDIP: Nederland neemt deel (was: is voornemens om deel te nemen)",
        "lines": ["Positie: is voornemens → neemt deel <b>"]})
    html = render([Entry("change", {"change": change})], TITLES).html
    assert "EDIP: Nederland neemt deel (was: is voornemens om deel te nemen)" in html
    assert "Positie: is voornemens → neemt deel &lt;b&gt;" in html
    assert "headline" not in render([Entry("change", {"change": make_change(9)})], TITLES).html
    text = render([Entry("change", {"change": change})], TITLES).text
    assert "\nEDIP: Nederland neemt deel (was: is voornemens om deel te nemen)\n" in text


def test_a_stored_payload_of_another_age_still_renders() -> None:
    # the outbox holds payloads of any age: one written before a key existed, or by a newer
    # version with a key this one does not know, renders all the same
    stored: dict[str, Any] = dict(make_change(4, received="2026-09-01"))
    for key in ("commitment_title", "minister", "ministry", "created_at", "corrects"):
        del stored[key]
    stored["current"] = {k: v for k, v in stored["current"].items() if k != "answer_position"}
    stored["a_key_from_a_later_version"] = {"nested": [1, 2]}
    rendered = render([Entry("change", {"change": stored})], TITLES)
    assert "Nu: ah-1260004 (ontvangen 1 september 2026, vragen 3, 4)" in rendered.text
    assert "a_key_from_a_later_version" not in rendered.text + rendered.html
