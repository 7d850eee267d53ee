"""The outbox: deliveries are written in the caller's transaction, next to their cause.

Call these inside the same ``db.writer()`` session that stores the change or publication, so the
delivery rows commit (or roll back) atomically with it: a crash can never keep the change and
lose its alert, or send an alert for a change that was never stored.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, TypedDict

from sqlmodel import Session, col, select

from monitor.config import Settings, SubscriptionSettings
from monitor.notify.schedule import next_due
from monitor.notify.tables import Delivery
from monitor.track.change_json import ChangeJson
from monitor.verdicts import QUIET, VERDICTS, verdict_names

# Without an explicit list a subscriber hears about everything except non-changes.
DEFAULT_VERDICTS = frozenset(VERDICTS) - QUIET
OPERATOR = "operator"


EventType = Literal["new_answer", "answered", "postponed"]


class PublicationEvent(TypedDict):
    """A publication a subscription follows (webhook ``event``, docs/alerts.md).

    ``new_answer``: an answer from a followed ministry; ``answered``/``postponed``: progress of a
    followed Zaak.
    """

    type: EventType
    identifier: str
    zaak: str
    ministry: str
    title: str
    url: str
    received: str | None  # ISO date


class OperatorAlert(TypedDict):
    """An alert to the operator (webhook ``alert``): ``source_down``, ``history_recorded``..."""

    kind: str
    message: str
    at: str  # ISO timestamp


# Hex digits of SHA-256 kept in a key: 160 bits, and the key fits Delivery.idempotency_key (100).
KEY_HEX_DIGITS = 40


def idempotency_key(subscription: str, ref: str) -> str:
    """A stable, header-safe key per (subscription, cause): the same on every retry."""
    digest = hashlib.sha256(f"{subscription}\n{ref}".encode()).hexdigest()
    return f"km-{digest[:KEY_HEX_DIGITS]}"


def wanted_verdicts(subscription: SubscriptionSettings) -> frozenset[str]:
    return frozenset(subscription.verdicts) if subscription.verdicts else DEFAULT_VERDICTS


def change_matches(subscription: SubscriptionSettings, change: ChangeJson) -> bool:
    """True when the subscription follows the change's commitment and wants one of its verdicts."""
    commitments = subscription.commitments
    if "*" not in commitments and str(change.get("commitment", "")) not in commitments:
        return False
    return bool(wanted_verdicts(subscription) & {str(v) for v in change.get("verdicts") or []})


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def event_matches(subscription: SubscriptionSettings, event: PublicationEvent) -> bool:
    """new_answer: the ministry is followed; answered/postponed: the Zaak is followed."""
    kind = event["type"]
    if kind == "new_answer":
        ministry = _norm(event["ministry"])
        # "Defensie" in the config follows "Ministerie van Defensie" in the metadata.
        followed = [_norm(m) for m in subscription.ministries]
        return bool(ministry) and any(m and m in ministry for m in followed)
    if kind in ("answered", "postponed"):
        zaak = _norm(event["zaak"])
        return bool(zaak) and zaak in {_norm(z) for z in subscription.zaken}
    return False


def _add(
    session: Session,
    *,
    subscription: str,
    channel: str,
    targets: Sequence[str],
    secret_env: str,
    kind: str,
    ref: str,
    payload: dict[str, Any],
    due: datetime | None,
    now: datetime,
) -> int:
    key = idempotency_key(subscription, ref)
    existing = set(
        session.exec(select(Delivery.target).where(col(Delivery.idempotency_key) == key)).all()
    )
    added = 0
    for target in dict.fromkeys(targets):
        if target in existing:
            continue  # the same cause enqueued twice (e.g. a re-run poll): one delivery only
        session.add(
            Delivery(
                subscription=subscription,
                channel=channel,
                target=target,
                secret_env=secret_env,
                kind=kind,
                ref=ref,
                idempotency_key=key,
                payload=payload,
                next_attempt_at=due or now,
                digest_due=due,
                created_at=now,
            )
        )
        added += 1
    return added


def _channels(sub: SubscriptionSettings) -> Iterable[tuple[str, list[str]]]:
    if sub.email:
        yield "email", list(sub.email)
    if sub.webhook:
        yield "webhook", [sub.webhook]


def _add_for(session: Session, settings: Settings, sub: SubscriptionSettings, *, kind: str,
             ref: str, payload: dict[str, Any], now: datetime) -> int:
    """Deliveries of one cause to every channel and recipient of a subscription."""
    due = next_due(sub.schedule, now, settings.daemon.timezone)
    return sum(
        _add(session, subscription=sub.name, channel=channel, targets=targets,
             secret_env=sub.secret_env, kind=kind, ref=ref, payload=payload, due=due, now=now)
        for channel, targets in _channels(sub)
    )


def _describe_commitments(sub: SubscriptionSettings) -> str:
    if "*" in sub.commitments:
        return "alle gevolgde toezeggingen"
    return "toezegging " + ", ".join(sub.commitments)


def is_history(settings: Settings, received: Any, now: datetime) -> bool:
    """True when an answer received on ``received`` is too old to be news.

    History is not news: a first backfill of years of answers must not send an alert for every
    historical change. What is older than ``[notify] alert_max_age_days`` (0: nothing) is
    recorded as usual but not alerted; the run sends one summary to the operator instead.
    """
    days = settings.notify.alert_max_age_days
    if days <= 0 or not received:
        return False
    try:
        day = received if isinstance(received, date) else date.fromisoformat(str(received)[:10])
    except ValueError:
        return False
    return day < now.date() - timedelta(days=days)


def enqueue_change(
    session: Session, settings: Settings, change: ChangeJson, *, now: datetime | None = None,
    history: Counter[str] | None = None,
) -> int:
    """Add one delivery per matching subscription and recipient; returns how many were added.

    A change of an answer older than ``alert_max_age_days`` adds none (counted in ``history``).
    """
    now = now or datetime.now(UTC)
    if is_history(settings, change.get("received"), now):
        if history is not None:
            history["changes"] += 1
        return 0
    added = 0
    for sub in settings.subscriptions:
        if not change_matches(sub, change):
            continue
        wanted = ", ".join(verdict_names(sorted(wanted_verdicts(sub))))
        reason = (
            f"abonnement '{sub.name}' volgt {_describe_commitments(sub)} en meldt: {wanted}."
        )
        added += _add_for(session, settings, sub, kind="change", ref=f"change:{change.get('id')}",
                          payload={"change": change, "reason": reason}, now=now)
    return added


def enqueue_publication_event(
    session: Session, settings: Settings, event: PublicationEvent, *, now: datetime | None = None,
    history: Counter[str] | None = None,
) -> int:
    """Deliveries for a new answer from a followed ministry, or a followed Zaak's progress.

    An event of an answer older than ``alert_max_age_days`` adds none (counted in ``history``).
    """
    now = now or datetime.now(UTC)
    if is_history(settings, event["received"], now):
        if history is not None:
            history[event["type"]] += 1
        return 0
    added = 0
    for sub in settings.subscriptions:
        if not event_matches(sub, event):
            continue
        if event["type"] == "new_answer":
            reason = f"abonnement '{sub.name}' volgt nieuwe antwoorden van {event['ministry']}."
        else:
            reason = f"abonnement '{sub.name}' volgt Zaak {event['zaak']}."
        added += _add_for(session, settings, sub, kind="event",
                          ref=f"{event['type']}:{event['identifier']}",
                          payload={"event": event, "reason": reason}, now=now)
    return added


def enqueue_history_summary(
    session: Session, settings: Settings, what: str, history: Counter[str],
    *, now: datetime | None = None,
) -> int:
    """The one summary that replaces the alerts of history (see :func:`is_history`)."""
    if not history:
        return 0
    parts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(history.items()))
    return enqueue_operator_alert(
        session, settings, "history_recorded",
        f"{what} recorded history without alerting it: {parts} (answers received more than "
        f"{settings.notify.alert_max_age_days} days ago, [notify] alert_max_age_days); "
        "see `monitor changes` for what changed", now=now)


def enqueue_operator_alert(
    session: Session, settings: Settings, kind: str, message: str, *, now: datetime | None = None
) -> int:
    """An immediate alert to the operator (``[daemon.operator]``); 0 when none is configured."""
    now = now or datetime.now(UTC)
    operator = settings.daemon.operator
    payload = {"alert": OperatorAlert(kind=kind, message=message, at=now.isoformat())}
    # Every call is a new alert (down, recovered, down again): the time makes the key unique.
    ref = f"operator:{kind}:{now.isoformat()}"
    added = 0
    if operator.email:
        added += _add(
            session, subscription=OPERATOR, channel="email", targets=operator.email,
            secret_env="", kind="operator", ref=ref, payload=payload, due=None, now=now,
        )  # fmt: skip
    if operator.webhook:
        added += _add(
            session, subscription=OPERATOR, channel="webhook", targets=[operator.webhook],
            secret_env=operator.secret_env, kind="operator", ref=ref, payload=payload,
            due=None, now=now,
        )  # fmt: skip
    return added
