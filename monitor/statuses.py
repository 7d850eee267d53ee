"""Status values of the stored rows, as ``StrEnum``s: a member is the string that is stored.

A leaf module (no database code), so that a command's ``--help`` can list them cheaply.
"""

from __future__ import annotations

from enum import StrEnum


class PollStatus(StrEnum):
    """``PollRun.status`` (polls and backfills) and ``PollReport.status``."""

    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"  # the source answered; some documents failed
    FAILED = "failed"
    INTERRUPTED = "interrupted"


# A poll that reached the source: the source counts as up.
POLL_REACHED = (PollStatus.OK, PollStatus.PARTIAL)


class ReconcileRunStatus(StrEnum):
    """``ReconcileRun.status``."""

    RUNNING = "running"
    OK = "ok"
    SHORT = "short"  # windows still short after walking them
    FAILED = "failed"


class ParseStatus(StrEnum):
    """``PublicationVersion.parse_status``; ``Publication.parse_status`` is its current one's."""

    PENDING = "pending"  # a publication without a version yet
    OK = "ok"
    FAILED = "failed"
    FETCH_FAILED = "fetch_failed"


class DocumentStatus(StrEnum):
    """``Document.parse_status`` (in the stored document JSON): the whole structure was read, or
    only what was certain (the reasons in its ``warnings``)."""

    COMPLETE = "complete"
    PARTIAL = "partial"


class FetchStatus(StrEnum):
    """``PendingFetch.status``: a document still to fetch, or given up after ``retry_days``."""

    PENDING = "pending"
    GAVE_UP = "gave_up"


class DeliveryStatus(StrEnum):
    """``Delivery.status``, the outbox.

    ``failed`` is a permanent refusal (no more retries), ``dead`` means the attempts ran out;
    both stay visible until someone re-drives them.
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"


class PromiseStatus(StrEnum):
    """``PromiseRecord.status``: what later answers made of a promise (slipped, fulfilled,
    withdrawn), else where the calendar puts it (open, due, overdue; the daily check stores it).
    """

    OPEN = "open"
    DUE = "due"  # the deadline is near (or its window has begun)
    OVERDUE = "overdue"
    SLIPPED = "slipped"  # a later answer moved the deadline on
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"


# Statuses the calendar sets; lineage may still move them.
PROMISE_CALENDAR = (PromiseStatus.OPEN, PromiseStatus.DUE, PromiseStatus.OVERDUE)
# The status changes of a discovered promise that become alerts.
PROMISE_ALERTS = (PromiseStatus.OVERDUE, PromiseStatus.SLIPPED, PromiseStatus.FULFILLED,
                  PromiseStatus.WITHDRAWN)
