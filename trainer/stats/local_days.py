"""Local scheduler days as arithmetic on epoch milliseconds, for SQL and for bulk rows.

A scheduler day starts at ``day_start_hour`` local time. Between two changes of the UTC
offset (DST, or a zone's historical change) local time is ``ms + offset``, so the day
number of an instant is ``(ms + offset - day_start_hour * 3_600_000) // 86_400_000``:
exactly what ``trainer.scheduling.days.SchedulerDay.day_number`` computes with datetimes.
``utc_offset_segments`` finds the offsets in force over a range of time; the store turns
them into a ``CASE`` expression and the exports use them to label rows without building
a datetime per row.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trainer.domain import DAY_MS

HOUR_MS = 3_600_000
# Offset changes are never closer together than this (DST changes are months apart); a
# report probes up to ten years ahead, so the step keeps that to a few thousand probes.
_PROBE_MS = 2 * DAY_MS

Segments = tuple[tuple[int, int], ...]
"""``((starts_at_ms, utc_offset_ms), ...)`` sorted by start; the first one also covers all
earlier times and the last one all later times."""


def _offset_ms(zone: ZoneInfo | None, ms: int) -> int:
    instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
    local = instant.astimezone(zone) if zone is not None else instant.astimezone()
    offset = local.utcoffset()
    assert offset is not None
    return (offset.days * 86_400 + offset.seconds) * 1000 + offset.microseconds // 1000


def utc_offset_segments(timezone: str | None, start_ms: int, end_ms: int) -> Segments:
    """The UTC offsets in force between ``start_ms`` and ``end_ms`` (``None`` = local zone).

    The range is probed every two days and each change is located to the millisecond.
    """
    zone = ZoneInfo(timezone) if timezone is not None else None
    start_ms, end_ms = min(start_ms, end_ms), max(start_ms, end_ms)
    if zone is None and not time.daylight:  # a local zone without DST: one offset
        return ((start_ms, _offset_ms(None, start_ms)),)
    segments = [(start_ms, _offset_ms(zone, start_ms))]
    probe = start_ms
    while probe < end_ms:
        following = min(probe + _PROBE_MS, end_ms)
        offset = _offset_ms(zone, following)
        if offset != segments[-1][1]:
            low, high = probe, following  # offset(low) is the old one, offset(high) the new
            while high - low > 1:
                mid = (low + high) // 2
                if _offset_ms(zone, mid) == offset:
                    high = mid
                else:
                    low = mid
            segments.append((high, offset))
        probe = following
    return tuple(segments)


def offset_at(segments: Segments, ms: int) -> int:
    """The UTC offset (ms) in force at ``ms``."""
    index = bisect_right(segments, (ms, float("inf"))) - 1
    return segments[max(index, 0)][1]


def day_number_ms(ms: int, segments: Segments, day_start_hour: int) -> int:
    """The scheduler day holding epoch-ms instant ``ms`` (same numbering as SchedulerDay)."""
    return (ms + offset_at(segments, ms) - day_start_hour * HOUR_MS) // DAY_MS


def day_numbers_ms(values: Sequence[int], segments: Segments, day_start_hour: int) -> list[int]:
    """``day_number_ms`` for many instants at once."""
    shift = day_start_hour * HOUR_MS
    if len(segments) == 1:
        constant = segments[0][1] - shift
        return [(v + constant) // DAY_MS for v in values]
    return [day_number_ms(v, segments, day_start_hour) for v in values]
