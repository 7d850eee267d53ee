"""The one backoff rule: exponential growth, capped, with "equal jitter".

Used for the waits between HTTP retries (in process) and for the next attempt of a delivery
(stored in the outbox). Equal jitter keeps half of each wait fixed, so a retry never comes at
once, and randomises the other half, so clients that failed together do not retry in lock-step.
"""

from __future__ import annotations

# 2**60 times any base is beyond every cap: a larger exponent only risks an overflow.
_MAX_EXPONENT = 60


def exponential(attempt: int, *, base: float, cap: float) -> float:
    """``base * 2**attempt`` (``attempt`` counts from 0), at most ``cap``."""
    return min(cap, base * 2.0 ** min(max(0, attempt), _MAX_EXPONENT))


def equal_jitter(attempt: int, *, base: float, cap: float, rand: float) -> float:
    """Half of :func:`exponential` fixed, the other half scaled by ``rand`` (0 <= rand < 1)."""
    ceiling = exponential(attempt, base=base, cap=cap)
    return ceiling / 2 + ceiling / 2 * rand
