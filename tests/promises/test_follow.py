"""``monitor follow ID`` (a discovered promise becomes a followed commitment, listed with the
configured ones) and ``monitor promise ID``'s timeline with diffs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import Settings
from monitor.errors import InputError
from monitor.promises.follow import follow_promise, promise_timeline
from monitor.promises.store import PromiseQuery, list_promises
from monitor.store.db import Database

from .test_alerts import _answer
from .test_store_and_commands import _store_version

SUBJECT = "de evaluatie van de stuw Borgharen"


def _history(db: Database) -> None:
    _store_version(db, _answer("ah-a", date(2025, 3, 10),
                               f"Ik informeer uw Kamer vóór 1 juni over {SUBJECT}."), 1)
    _store_version(db, _answer("ah-c", date(2025, 6, 20),
                               f"Ik informeer uw Kamer na de zomer over {SUBJECT}."), 1)
    _store_version(db, _answer("ah-d", date(2025, 9, 25), "Op 22 september heb ik uw Kamer "
                               f"geïnformeerd over {SUBJECT}."), 1)


def test_timeline_walks_the_lineage_with_diffs(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'monitor.db'}")
    _history(db)
    with db.reader() as s:
        [first] = [p for p in list_promises(s, PromiseQuery(), today=date(2025, 10, 1))
                   if p["identifier"] == "ah-a"]
        events = promise_timeline(s, first["id"], date(2025, 10, 1))
        # the same timeline from the other end of the lineage
        assert promise_timeline(s, first["linked_id"], date(2025, 10, 1)) == events
    assert [(e["date"], e["event"]) for e in events] == [
        ("2025-03-10", "promised"), ("2025-06-20", "promised"), ("2025-06-20", "slipped"),
        ("2025-09-25", "fulfilled")]
    assert events[1]["diff"]["text"] == (
        f"Ik informeer uw Kamer [-vóór 1 juni-]{{+na de zomer+}} over {SUBJECT}.")
    assert events[3]["identifier"] == "ah-d"


def test_follow_stores_a_commitment_listed_with_the_configured_ones(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    db = Database(url)
    _history(db)
    with db.reader() as s:
        pid = list_promises(s, PromiseQuery(), today=date(2025, 10, 1))[0]["id"]
    db.dispose()
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": url, "MONITOR_CONFIG": str(Path(__file__).parents[2]
                                                             / "config.toml")}
    out = runner.invoke(cli, ["follow", pid, "--id", "stuw-borgharen"], env=env)
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"commitment stuw-borgharen follows promise {pid}")
    again = runner.invoke(cli, ["follow", pid], env=env)
    assert "already follows" in again.output
    listed = json.loads(runner.invoke(cli, ["commitments", "--format", "json"], env=env).output)
    ids = [c["id"] for c in listed]
    assert {"edip-participation", "stuw-borgharen"} <= set(ids)
    mine = next(c for c in listed if c["id"] == "stuw-borgharen")
    assert (mine["configured"], mine["promise"]) == (False, pid)
    shown = runner.invoke(cli, ["promise", pid], env=env)
    assert shown.exit_code == 0 and "timeline (oldest first):" in shown.output
    assert "promised ah-a" in shown.output and "{+na de zomer+}" in shown.output
    assert "2025-09-25  fulfilled ah-d" in shown.output


def test_follow_refuses_taken_ids(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'monitor.db'}")
    _history(db)
    settings = Settings.model_validate({"commitments": [
        {"id": "edip", "title": "EDIP", "objects": ["EDIP"]}]})
    with db.reader() as s:
        a, b = (p["id"] for p in list_promises(s, PromiseQuery(), today=date(2025, 10, 1))[:2])
    with db.writer() as s, pytest.raises(InputError, match="configuration"):
        follow_promise(s, settings, a, commitment_id="edip")
    with db.writer() as s:
        follow_promise(s, settings, a, commitment_id="stuw")
    with db.writer() as s, pytest.raises(InputError, match="another followed promise"):
        follow_promise(s, settings, b, commitment_id="stuw")
