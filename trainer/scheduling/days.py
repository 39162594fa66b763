"""Local scheduler days: "today" starts at the preset's hour in the learner's time zone.

A scheduler day is the stretch of time between two local day starts (04:00 by default,
as in Anki), so a review at 01:30 still belongs to the evening before. Days are numbered
from the scheduler day that holds 1970-01-01: day ``n`` starts at ``day_start_hour`` on
local calendar date 1970-01-01 + n days. Numbers follow the local wall clock, so a day
that contains a DST change is 23 or 25 hours long and still counts as one day.

Nothing here reads the wall clock: every instant is a parameter. Instants must be
timezone-aware; returned datetimes are UTC (``datetime.timezone.utc`` exactly, which
fsrs requires).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.domain import Preset

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ONE_MICROSECOND = timedelta(microseconds=1)
# DST shifts and historical offset changes are far shorter than this window.
_SEARCH_WINDOW = timedelta(hours=6)


def resolve_zone(name: str | None) -> tzinfo | None:
    """The zone for an IANA name; ``None`` stands for the machine's local zone."""
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise ValueError(
            f"timezone: expected an IANA zone name such as 'Europe/Berlin', got {name!r}"
        )
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"timezone: unknown time zone {name!r} (expected an IANA name such as 'Europe/Berlin')"
        ) from exc


def _check_aware(instant: datetime, what: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what}: expected a timezone-aware datetime, got naive {instant!r}")


class SchedulerDay:
    """Day numbering for one (day-start hour, time zone) pair.

    Build it with :meth:`for_preset` (cached) or directly. ``zone`` ``None`` means the
    machine's local zone as the C library reports it (the ``TZ`` variable or
    ``/etc/localtime``).
    """

    __slots__ = ("day_start_hour", "timezone", "_zone", "_start_cache")

    def __init__(self, day_start_hour: int = 4, timezone: str | None = None) -> None:
        if isinstance(day_start_hour, bool) or not isinstance(day_start_hour, int):
            raise ValueError(
                f"day_start_hour: expected an integer hour 0-23, got {day_start_hour!r}"
            )
        if not 0 <= day_start_hour <= 23:
            raise ValueError(f"day_start_hour: must be between 0 and 23, got {day_start_hour}")
        self.day_start_hour = day_start_hour
        self.timezone = timezone
        self._zone = resolve_zone(timezone)
        self._start_cache: dict[int, datetime] = {}

    @classmethod
    def for_preset(cls, preset: Preset) -> SchedulerDay:
        """The (shared, cached) day numbering for a preset's hour and zone."""
        return _cached_day(preset.day_start_hour, preset.timezone)

    def __repr__(self) -> str:
        return f"SchedulerDay(day_start_hour={self.day_start_hour}, timezone={self.timezone!r})"

    def _local(self, instant: datetime) -> datetime:
        """Local wall-clock time of an aware instant (aware, in the zone)."""
        if self._zone is None:
            return instant.astimezone()  # the C library's local zone, DST-aware
        return instant.astimezone(self._zone)

    def day_number(self, instant: datetime) -> int:
        """The scheduler day an aware instant falls in (days since the 1970-01-01 day)."""
        if instant.tzinfo is None:
            _check_aware(instant, "day_number")
        local = self._local(instant)
        number = local.toordinal() - _EPOCH_ORDINAL
        if local.hour < self.day_start_hour:
            number -= 1
        return number

    def day_start(self, day_number: int) -> datetime:
        """The first instant of scheduler day ``day_number``, as UTC."""
        cached = self._start_cache.get(day_number)
        if cached is not None:
            return cached
        start = self._compute_day_start(day_number)
        if len(self._start_cache) > 4096:
            self._start_cache.clear()
        self._start_cache[day_number] = start
        return start

    def _compute_day_start(self, day_number: int) -> datetime:
        local_date = date.fromordinal(_EPOCH_ORDINAL + day_number)
        wall = datetime(local_date.year, local_date.month, local_date.day, self.day_start_hour)
        if self._zone is None:
            candidate = wall.astimezone(UTC)  # naive = local time (mktime)
        else:
            candidate = wall.replace(tzinfo=self._zone).astimezone(UTC)
        if (
            self.day_number(candidate) == day_number
            and self.day_number(candidate - _ONE_MICROSECOND) == day_number - 1
        ):
            return candidate
        # The start hour fell into a DST gap (or an odd historical offset change):
        # the day starts at the first instant whose local time is past the hour.
        return self._search_start(day_number, candidate)

    def _search_start(self, day_number: int, around: datetime) -> datetime:
        low, high = around - _SEARCH_WINDOW, around + _SEARCH_WINDOW
        if self.day_number(low) >= day_number or self.day_number(high) < day_number:
            raise ValueError(f"day_start: cannot locate the start of day {day_number}")
        while high - low > _ONE_MICROSECOND:  # invariant: low before the day, high inside
            mid = low + (high - low) // 2
            if self.day_number(mid) >= day_number:
                high = mid
            else:
                low = mid
        return high

    def today_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """``(start, end)`` of the scheduler day holding ``now``, both UTC; end is exclusive."""
        number = self.day_number(now)
        return self.day_start(number), self.day_start(number + 1)

    def days_between(self, earlier: datetime, later: datetime) -> int:
        """Elapsed scheduler days from ``earlier`` to ``later`` (never negative)."""
        return max(0, self.day_number(later) - self.day_number(earlier))


@lru_cache(maxsize=64)
def _cached_day(day_start_hour: int, timezone: str | None) -> SchedulerDay:
    return SchedulerDay(day_start_hour, timezone)
