"""Promise alerts into the outbox: which subscriptions follow a promise, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from monitor.config import Settings, SubscriptionSettings
from monitor.notify.outbox import _add_for, _norm
from monitor.notify.promise_text import STATUS_NL


def promise_reason(subscription: SubscriptionSettings, promise: dict[str, Any]) -> str | None:
    """Why ``subscription`` gets this promise alert, or None when it does not follow it.

    A subscription follows a promise by id ("*": every promise), by ministry, by minister or by
    a search term in the sentence or object (any of them suffices), and hears only about the
    statuses in ``promise_statuses``.
    """
    if promise.get("alert") not in subscription.promise_statuses:
        return None
    name = f"abonnement '{subscription.name}'"
    if "*" in subscription.promises:
        return f"{name} volgt alle toezeggingen."
    if promise.get("id") in subscription.promises:
        return f"{name} volgt toezegging {promise.get('id')}."
    ministry = _norm(promise.get("ministry"))
    for m in subscription.promise_ministries:
        if _norm(m) and _norm(m) in ministry:
            return f"{name} volgt de toezeggingen van {m}."
    minister = _norm(promise.get("minister"))
    for m in subscription.promise_ministers:
        if _norm(m) and _norm(m) in minister:
            return f"{name} volgt de toezeggingen van {m}."
    text = _norm(f"{promise.get('sentence', '')} {promise.get('object', '')}")
    for term in subscription.promise_terms:
        if _norm(term) and _norm(term) in text:
            return f"{name} volgt toezeggingen over '{term}'."
    return None


def enqueue_promise_alert(session: Session, settings: Settings, promise: dict[str, Any], *,
                          now: datetime | None = None) -> int:
    """Deliveries of one promise status change (``promise["alert"]``) to every subscription that
    follows it, in the caller's transaction; returns how many rows were added."""
    now = now or datetime.now(UTC)
    status = str(promise.get("alert"))
    added = 0
    for sub in settings.subscriptions:
        reason = promise_reason(sub, promise)
        if reason is None:
            continue
        reason += f" Gemeld: {STATUS_NL.get(status, status)}."
        added += _add_for(session, settings, sub, kind="promise",
                          ref=f"promise:{promise.get('id')}:{status}",
                          payload={"promise": promise, "reason": reason}, now=now)
    return added
