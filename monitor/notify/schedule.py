"""Digest schedules: "immediate", "daily HH:MM", "weekly DAY HH:MM" in local (Amsterdam) time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.errors import ConfigError

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(text: str, schedule: str) -> time:
    hours, _, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise ConfigError(f"schedule {schedule!r}: {text!r} is not a time HH:MM") from None


def next_due(schedule: str, after: datetime, timezone: str = "Europe/Amsterdam") -> datetime | None:
    """The first due time strictly after ``after`` (UTC), or None for an immediate schedule.

    Wall-clock times are resolved in ``timezone`` with zoneinfo, so "daily 08:00" stays 08:00
    local across daylight-saving changes. A time that does not exist on a spring-forward day is
    resolved with the offset before the change (02:30 becomes 03:30 summer time).
    """
    parts = schedule.strip().lower().split()
    if parts == ["immediate"]:
        return None
    zone = ZoneInfo(timezone)
    local_after = after.astimezone(zone)
    if len(parts) == 2 and parts[0] == "daily":
        clock, weekday = _clock(parts[1], schedule), None
    elif len(parts) == 3 and parts[0] == "weekly" and parts[1][:3] in _DAYS:
        clock, weekday = _clock(parts[2], schedule), _DAYS.index(parts[1][:3])
    else:
        raise ConfigError(
            f"schedule {schedule!r} must be immediate, daily HH:MM or weekly DAY HH:MM"
        )
    day = local_after.date()
    # Eight days always contain the next weekly occurrence, even when today's has passed.
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if weekday is not None and candidate_day.weekday() != weekday:
            continue
        candidate = datetime.combine(candidate_day, clock, tzinfo=zone).astimezone(UTC)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: a due time exists within nine days")  # pragma: no cover
