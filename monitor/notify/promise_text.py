"""What a promise alert says (Dutch): its subject line and plain-text body."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

STATUS_NL = {
    "open": "open",
    "due": "termijn loopt",
    "overdue": "termijn verstreken",
    "slipped": "uitgesteld",
    "fulfilled": "nagekomen",
    "withdrawn": "ingetrokken",
}


def deadline_nl(deadline: Mapping[str, Any]) -> str:
    kind = deadline.get("kind")
    if kind == "document":
        return f"in {deadline.get('document')}"
    if kind == "by":
        return f"uiterlijk {deadline.get('last')}"
    if kind == "from":
        return f"niet voor {deadline.get('first')}"
    if kind in ("in", "around"):
        return f"tussen {deadline.get('first')} en {deadline.get('last')}"
    if kind == "vague":
        return str(deadline.get("text") or "zonder datum")
    return "zonder termijn"


def promise_subject(promise: Mapping[str, Any]) -> str:
    status = str(promise.get("alert") or promise.get("status") or "")
    what = str(promise.get("object") or promise.get("act") or promise.get("id"))
    ministry = str(promise.get("ministry") or "Toezegging")
    return f"{ministry}: toezegging {STATUS_NL.get(status, status)} — {what}"[:200]


def promise_text(promise: Mapping[str, Any], base_url: str = "") -> str:
    subject = promise_subject(promise)
    deadline = promise.get("deadline") or {}
    lines = [subject, "=" * min(len(subject), 72), ""]
    lines += textwrap.wrap(str(promise.get("sentence", "")), 76)
    lines += ["", f"Termijn: {deadline_nl(deadline)} ({deadline.get('text') or '-'})",
              f"Toegezegd in: {promise.get('identifier')} (ontvangen {promise.get('received')})"]
    if promise.get("status_identifier"):
        lines.append(f"Status gezet door: {promise.get('status_identifier')} "
                     f"(ontvangen {promise.get('status_on')})")
    linked = promise.get("linked")
    if isinstance(linked, Mapping):
        lines += ["", f"Nieuwe toezegging ({linked.get('identifier')}, termijn "
                      f"{deadline_nl(linked.get('deadline') or {})}):",
                  *textwrap.wrap(str(linked.get("sentence", "")), 76)]
    if base_url:
        lines += ["", f"Op de website: {base_url}/promises/{promise.get('id')}"]
    lines.append(f"Toezegging {promise.get('id')}.")
    return "\n".join(lines)
