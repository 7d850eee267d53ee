"""``monitor compare`` and the library it wraps; alert sentences from the readings."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from monitor.track.classify import read
from monitor.track.compare import compare, compare_batch, comparison_json
from monitor.track.summary import short_title, summarise

from .conftest import answer_2026, ingest
from .test_lineage import later_answers

OLD = ("Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
       "Defensie-Industrie Programma (EDIP) (Kamerstuk 36 592, nr. 12).")
NEW = "Nederland neemt niet langer deel aan EDIP, zoals gemeld in de brief van 3 maart jl."


def test_compare_gives_verdicts_readings_triggers_and_diff() -> None:
    result = comparison_json(compare(OLD, NEW, date=date(2026, 9, 1)))
    assert set(result) >= {"verdicts", "old", "new", "triggers", "diff"}
    assert result["verdicts"] == ["position_changed", "negation_flipped"]
    assert (result["old"]["modality"], result["new"]["modality"]) == ("intends", "withdrawn")
    assert (result["old"]["act"], result["new"]["act"]) == ("deelnemen", "deelnemen")
    assert result["new"]["polarity"] == "negative"
    assert result["old"]["citations"] == ["Kamerstuk 36 592, nr. 12"]
    assert "[-" in result["diff"]["text"] and "{+" in result["diff"]["text"]


def test_batch_one_result_per_line_and_errors_name_the_line() -> None:
    lines = [json.dumps({"old": OLD, "new": OLD.replace("Daarnaast is", "Verder is")}),
             "", json.dumps({"old": None, "new": NEW, "date": "2026-09-01"})]
    results = list(compare_batch(lines))
    assert [r["verdicts"] for r in results] == [["reworded"], ["first_seen"]]
    from monitor.errors import InputError

    with pytest.raises(InputError, match="line 2: not a date"):
        list(compare_batch([lines[0], json.dumps({"new": "x", "date": "1 mei"})]))
    with pytest.raises(InputError, match="line 1: not JSON"):
        list(compare_batch(["{"]))


def _monitor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_cli_compare_text_json_and_batch(tmp_path: Path) -> None:
    text = _monitor("compare", OLD, NEW, "--date", "2026-09-01", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("verdicts: position_changed, negation_flipped\n")
    assert "citations set aside: Kamerstuk 36 592, nr. 12" in text.stdout
    as_json = _monitor("compare", OLD, NEW, "--format", "json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["new"]["modality"] == "withdrawn"
    batch = tmp_path / "pairs.jsonl"
    batch.write_text(json.dumps({"old": OLD, "new": NEW, "commitment": "edip-participation",
                                 "date": "2026-09-01", "old_date": "2026-05-19"}) + "\n",
                     encoding="utf-8")
    out = _monitor("compare", "--batch", str(batch), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    assert json.loads(line)["commitment"] == "edip-participation"
    bad = _monitor("compare", OLD, NEW, "--date", "gisteren", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.strip() == (
        "error: --date: not a date (YYYY-MM-DD): 'gisteren'")
    missing = _monitor("compare", "--batch", str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_cli_compare_reads_no_configuration(tmp_path: Path) -> None:
    # A broken config.toml stops every command that reads it; compare reads none (and does not
    # pay for loading it on every call).
    (tmp_path / "config.toml").write_text("[source]\nwhat = 1\n", encoding="utf-8")
    out = _monitor("compare", OLD, NEW, "--date", "2026-09-01", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("verdicts: position_changed, negation_flipped\n")
    broken = _monitor("commitments", cwd=tmp_path)
    assert broken.returncode == 1 and "source.what: unknown key" in broken.stderr


def test_alert_sentence_names_the_main_change_with_the_values_before() -> None:
    old = ("Nederland is voornemens deel te nemen aan EDIP en draagt in 2027 € 250 mln bij.")
    new = "Nederland neemt niet langer deel aan EDIP."
    day = date(2026, 9, 1)
    verdict = compare(old, new, date=day)
    summary = summarise("Nederlandse deelname aan het Europees Defensie-Industrie Programma "
                        "(EDIP)", verdict.verdicts, read(old, day), read(new, day),
                        verdict.triggers)
    assert summary.subject.startswith("EDIP: Nederland neemt niet langer deel (was: ")
    assert "€ 250 mln" in summary.subject and "2027" in summary.subject
    assert summary.lines[0].startswith("Positie: is voornemens")
    assert any(line.startswith("Cijfers: € 250 mln → geen") for line in summary.lines)
    assert short_title("De Defensienota 2026: wat erin komt") == "De Defensienota 2026"


def test_new_changes_carry_readings_and_the_sentence(db: object, settings: object) -> None:
    from monitor.notify.render import change_subject

    ingest(db, settings, answer_2026())  # type: ignore[arg-type]
    created: list[dict[str, object]] = []
    for document in later_answers():
        created += ingest(db, settings, document)  # type: ignore[arg-type]
    position = next(c for c in created if c["verdicts"] == ["position_changed"])
    readings = position["readings"]
    assert isinstance(readings, dict)
    assert readings["previous"]["modality"] == "intends"
    assert readings["current"]["modality"] == "does"
    subject = change_subject(position, {})
    assert subject == position["summary"]["subject"]  # type: ignore[index]
    assert "neemt inmiddels deel" in subject and "(was: Nederland is voornemens" in subject
