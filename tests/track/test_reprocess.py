"""`monitor reprocess`: no alerts unless asked, records kept for audit, a progress bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import col, select

from monitor.config import Settings, SubscriptionSettings
from monitor.notify.outbox import enqueue_change
from monitor.notify.tables import Delivery
from monitor.store.db import Database
from monitor.track import extract as extract_module
from monitor.track.queries import list_changes
from monitor.track.reprocess import EnqueueChange, reprocess
from monitor.track.tables import ChangeRecord

from .conftest import answer_2026, commitments_toml, ingest, shipped_commitments
from .test_lineage import later_answers


def _with(settings: Settings, ids: tuple[str, ...], subscribed: bool = True) -> Settings:
    subs = [SubscriptionSettings(name="redactie", email=["redactie@example.org"],
                                 commitments=["*"], verdicts=["first_seen", "restated",
                                                              "reworded", "position_changed",
                                                              "timeline_changed",
                                                              "figures_changed", "fulfilled"])]
    return Settings(database=settings.database, notify=settings.notify,
                    commitments=[c for c in shipped_commitments() if c.id in ids],
                    subscriptions=subs if subscribed else [])


def _deliveries(db: Database) -> int:
    with db.reader() as session:
        return len(session.exec(select(Delivery)).all())


def _outbox(settings: Settings) -> EnqueueChange:
    return lambda session, change: enqueue_change(session, settings, change)


@pytest.mark.parametrize("alert", [False, True])
def test_reprocess_sends_alerts_only_when_asked(
    db: Database, settings: Settings, alert: bool
) -> None:
    edip_only = _with(settings, ("edip-participation",), subscribed=False)
    for document in [answer_2026(), *later_answers()]:
        ingest(db, edip_only, document)
    assert _deliveries(db) == 0
    both = _with(settings, ("edip-participation", "defensienota-2026"))
    calls: list[tuple[int, int]] = []
    report = reprocess(db, both, alert=_outbox(both) if alert else None,
                       progress=lambda done, total: calls.append((done, total)))
    assert report.records_created == 4  # the Defensienota lineage, new to the configuration
    assert calls and calls[-1] == (5, 5)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert report.alerts == _deliveries(db) == (4 if alert else 0)
    # A second replay changes nothing and queues nothing, asked or not.
    again = reprocess(db, both, alert=_outbox(both))
    assert not again.changed and again.alerts == 0 and _deliveries(db) == (4 if alert else 0)


def test_records_of_the_previous_version_are_kept_for_audit_and_hidden(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for document in [answer_2026(), *later_answers()]:
        ingest(db, settings, document)
    with db.reader() as session:
        before = {r.id for r in list_changes(session, settings, limit=None)}
    # A narrower extractor: the Defensienota is no longer followed at all.
    narrower = _with(settings, ("edip-participation",), subscribed=False)
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "track-test")
    report = reprocess(db, narrower)
    assert report.records_retracted == 4 and report.extractor_version == "track-test"
    with db.reader() as session:
        shown = {r.id for r in list_changes(session, settings, limit=None)}
        audit = list_changes(session, settings, limit=None, retracted=True)
        retracted = session.exec(
            select(ChangeRecord).where(col(ChangeRecord.retracted_at).is_not(None))).all()
    assert len(shown) == len(before) - 4
    assert {r.id for r in audit} == before
    assert {r.commitment for r in retracted} == {"defensienota-2026"}
    assert all(r.extractor_version != "track-test" for r in retracted)


def test_cli_reprocess_prints_what_changed(
    tmp_path: Path, db: Database, settings: Settings
) -> None:
    from monitor.cli import cli

    for document in [answer_2026(), *later_answers()]:
        ingest(db, _with(settings, ("edip-participation",), subscribed=False), document)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{settings.database.url}"\n\n' + commitments_toml(),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "reprocess", "--details", "2"])
    assert result.exit_code == 0, result.output
    assert f"(extractor {extract_module.EXTRACTOR_VERSION})" in result.output
    assert "statements +4 -0, change records +4 -0, verdicts changed 0" in result.output
    assert "no alerts sent (use --alert)" in result.output
    assert "  + defensienota-2026 ah-1250001: " in result.output
    assert "... and 2 more" in result.output
    shown = CliRunner().invoke(cli, ["--config", str(config), "changes", "--retracted",
                                     "--limit", "0"])
    header, *rows = shown.output.splitlines()
    assert shown.exit_code == 0 and "retracted" in header.split() and len(rows) == 9
