"""Word-level diffs: diff-match-patch on characters, cleaned up semantically, widened to words."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from diff_match_patch import diff_match_patch

# A bounded time per diff: an unbounded diff of two unrelated long texts can take minutes.
DIFF_TIMEOUT_SECONDS = 0.5
# Below this share of unchanged characters two texts are reported as replaced, not diffed.
REPLACED_BELOW = 0.3

_EQUAL, _DELETE, _INSERT = 0, -1, 1
_WORD_END = re.compile(r"\w+$")
_WORD_START = re.compile(r"^\w+")


@dataclass(frozen=True, slots=True)
class Diff:
    """A rendered diff. ``kind`` is ``new`` (no previous text), ``diff`` or ``replaced``."""

    kind: Literal["new", "diff", "replaced"]
    text: str
    html: str
    # Alternating runs: ("=", text) / ("-", removed) / ("+", added).
    ops: tuple[tuple[str, str], ...]


def _blocks(diffs: list[tuple[int, str]]) -> tuple[list[str], list[list[str]]]:
    """Split into equal runs and change blocks: ``eq[0] blk[0] eq[1] ... blk[n-1] eq[n]``."""
    equals: list[str] = [""]
    blocks: list[list[str]] = []
    for op, data in diffs:
        if op == _EQUAL:
            if len(equals) > len(blocks):
                equals[-1] += data
            else:
                equals.append(data)
            continue
        if len(equals) > len(blocks):
            blocks.append(["", ""])
        blocks[-1][0 if op == _DELETE else 1] += data
    if len(equals) == len(blocks):
        equals.append("")
    return equals, blocks


def _widen(equals: list[str], blocks: list[list[str]]) -> None:
    """Move partial words from the neighbouring equal runs into each change block."""
    i = 0
    while i < len(blocks):
        removed, added = blocks[i]
        left = equals[i]
        m = _WORD_END.search(left)
        if m and (_WORD_START.match(removed) or _WORD_START.match(added)):
            piece = m.group(0)
            equals[i] = left[: m.start()]
            removed, added = piece + removed, piece + added
        right = equals[i + 1]
        m2 = _WORD_START.match(right)
        if m2 and (_WORD_END.search(removed) or _WORD_END.search(added)):
            piece = m2.group(0)
            equals[i + 1] = right[m2.end() :]
            removed, added = removed + piece, added + piece
        blocks[i] = [removed, added]
        if equals[i] == "" and i > 0:
            # Two blocks now touch: merge them into one so the next widening sees the whole.
            prev = blocks[i - 1]
            blocks[i - 1] = [prev[0] + removed, prev[1] + added]
            del blocks[i]
            del equals[i]
            i -= 1
            continue
        i += 1


def _ops(equals: list[str], blocks: list[list[str]]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for i, eq in enumerate(equals):
        if eq:
            out.append(("=", eq))
        if i < len(blocks):
            removed, added = blocks[i]
            if removed == added:
                if removed:
                    out.append(("=", removed))
                continue
            # Text common to both ends of a widened block is shown once, as unchanged.
            if removed:
                out.append(("-", removed))
            if added:
                out.append(("+", added))
    merged: list[tuple[str, str]] = []
    for op, data in out:
        if merged and merged[-1][0] == op == "=":
            merged[-1] = ("=", merged[-1][1] + data)
        else:
            merged.append((op, data))
    return tuple(merged)


def render_text(ops: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for op, data in ops:
        parts.append(data if op == "=" else f"[-{data}-]" if op == "-" else f"{{+{data}+}}")
    return "".join(parts)


def render_html(ops: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for op, data in ops:
        escaped = html.escape(data, quote=False)
        tag = {"-": "del", "+": "ins"}.get(op)
        parts.append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
    return "".join(parts)


class _Differ(diff_match_patch):  # type: ignore[misc]
    """diff-match-patch whose core (the diff of what lies between the common prefix and
    suffix) is computed once per process for the same two texts: the statements of a lineage
    repeat, and so do the changed sentences inside longer statements."""

    def diff_compute(self, text1: str, text2: str, checklines: bool,
                     deadline: float) -> list[tuple[int, str]]:
        if checklines:
            return list(super().diff_compute(text1, text2, checklines, deadline))
        return list(_core(text1, text2))


@lru_cache(maxsize=4096)
def _core(text1: str, text2: str) -> tuple[tuple[int, str], ...]:
    dmp = diff_match_patch()
    return tuple(dmp.diff_compute(text1, text2, False,
                                  time.time() + DIFF_TIMEOUT_SECONDS))


def word_diff(old: str | None, new: str) -> Diff:
    """The word diff from ``old`` to ``new`` (``old`` None: everything is new)."""
    if old is None:
        ops: tuple[tuple[str, str], ...] = (("+", new),) if new else ()
        return Diff("new", render_text(ops), render_html(ops), ops)
    dmp = _Differ()
    dmp.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    # Statements are a few sentences: the line-mode speed-up only costs time here.
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    equals, blocks = _blocks([(op, data) for op, data in diffs])
    _widen(equals, blocks)
    ops = _ops(equals, blocks)
    same = sum(len(data) for op, data in ops if op == "=")
    if old != new and same < REPLACED_BELOW * max(len(old), len(new)):
        ops = tuple(x for x in (("-", old), ("+", new)) if x[1])
        return Diff("replaced", render_text(ops), render_html(ops), ops)
    return Diff("diff", render_text(ops), render_html(ops), ops)
