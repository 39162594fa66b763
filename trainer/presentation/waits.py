"""How long until a card is due, in words: the one wording every front end uses."""

from __future__ import annotations

from datetime import datetime

_UNITS = (
    ("year", 365 * 86_400),
    ("month", 30 * 86_400),
    ("day", 86_400),
    ("hour", 3_600),
    ("minute", 60),
)


def describe_wait(now: datetime, due: datetime | None) -> str:
    """``due`` as a wait from ``now``: "in 10 minutes", "in 3 days", "in 2 months";
    "in under a minute" for a few seconds more, "now" when due; "not scheduled" for no
    due date ("next now" read as a slip after an override a few seconds on).

    A review takes a moment, so a wait within 2% under a unit counts as that unit
    (59.9 s is "in 1 minute"); counts are rounded to the nearest whole unit.
    """
    if due is None:
        return "not scheduled"
    seconds = max(0.0, (due - now).total_seconds())
    for unit, size in _UNITS:
        if seconds >= size * 0.98:
            count = max(1, round(seconds / size))
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in under a minute" if seconds >= 1 else "now"
