"""The per-process caches of the analysis layer give the readings a fresh read gives."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from monitor.track.analysis import analyse, reading

DAY = date(2026, 5, 19)
STATEMENTS = [
    "Daarnaast is Nederland voornemens om voor 1 juli € 1,5 mld bij te dragen aan EDIP.",
    "Het kabinet sluit niet uit dat Defensie na het zomerreces deelneemt, zoals gemeld in de "
    "brief van 3 maart jl.",
    "Ik informeer uw Kamer voor de zomer over de Defensienota 2026 (Kamerstuk 36 592, nr. 12).",
]


def test_a_clause_read_from_the_cache_equals_a_fresh_reading() -> None:
    for statement in STATEMENTS:
        for prefix in ("", "Zie ook bijlage 2. ", "Tevens, "):
            analyse(statement, date=DAY)  # fills the cache at other offsets
            warm = analyse(prefix + statement, date=DAY)
            reading._read_alone.cache_clear()
            fresh = analyse(prefix + statement, date=DAY)
            assert warm == fresh


def test_another_answer_date_is_not_served_from_the_cache() -> None:
    text = "Ik stuur uw Kamer voor de zomer de nota."
    first = analyse(text, date=date(2026, 3, 1)).clauses[0].times
    later = analyse(text, date=date(2026, 9, 1)).clauses[0].times
    assert first[0].first != later[0].first


def test_lemmas_work_without_a_writable_cache_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    env = {**os.environ, "MONITOR_CACHE_DIR": str(blocker / "cache")}
    out = subprocess.run(
        [sys.executable, "-c",
         "from monitor.track.analysis.lemmas import lemma; print(lemma('deelgenomen'))"],
        env=env, capture_output=True, text=True, check=True, timeout=300,
    )
    assert out.stdout.strip() == "deelnemen"
    assert blocker.read_text(encoding="utf-8") == ""
