"""Reading a request's query parameters: one-line ``BadQuery`` errors naming the parameter,
shared by the pages, the JSON API and the feeds so that they accept the same filters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from starlette.requests import Request

from monitor.errors import BadQuery
from monitor.track.queries import parse_day
from monitor.web.state import Web

KIND_LABELS = {
    "answer": "antwoord",
    "questions": "vragen zonder antwoord",
    "postponement": "uitstelbericht",
}
MAX_LIMIT = 500


def day(request: Request, name: str) -> date | None:
    value = request.query_params.get(name, "").strip()
    return parse_day(value, name) if value else None


def whole(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"{name} {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadQuery(f"{name} must be between {low} and {high}, not {value}")
    return value


def text(request: Request, name: str, max_length: int = 200) -> str | None:
    value = request.query_params.get(name, "").strip()
    if len(value) > max_length:
        raise BadQuery(f"{name}: at most {max_length} characters")
    return value or None


def limit(request: Request, web: Web) -> int:
    return whole(request, "limit", web.page_size, 1, MAX_LIMIT)


def change_filters(request: Request) -> dict[str, Any]:
    return {
        "commitment": text(request, "commitment", 100),
        "since": day(request, "since"),
        "until": day(request, "until"),
        "verdicts": [v.strip() for v in request.query_params.getlist("verdict") if v.strip()],
    }


def filter_params(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The change filters back as query parameters (for next-page, feed and page links)."""
    return {
        "commitment": filters.get("commitment"),
        "verdict": filters.get("verdicts") or [],
        "since": filters["since"].isoformat() if filters.get("since") else None,
        "until": filters["until"].isoformat() if filters.get("until") else None,
    }


def answer_filters(request: Request) -> dict[str, Any]:
    kind = text(request, "kind", 20) or "answer"
    if kind not in KIND_LABELS:
        raise BadQuery(f"kind {kind!r} is not one of {', '.join(KIND_LABELS)}")
    return {"ministry": text(request, "ministry"), "since": day(request, "since"),
            "until": day(request, "until"), "kinds": (kind,)}
