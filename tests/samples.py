"""The tests' sample texts, one copy of each (tests/data/parse/, where the parser's tests use
them); copied from the shared corpus with their provenance in tests/data/parse/README.md."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# The founding document: the 2026 Defensie answer with the EDIP and Defensienota commitments.
ANSWER_2026 = DATA / "parse" / "answer-2026-05-19-defensie-european-dependencies.txt"
REAL_ANSWERS = DATA / "parse" / "real-answers"  # 35 real answers (2023-2025) as text


def sample_text(name: str) -> Path:
    """A sample answer by file name: the 2026 answer or one of the real answers."""
    return ANSWER_2026 if name == ANSWER_2026.name else REAL_ANSWERS / name
