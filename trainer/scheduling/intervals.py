"""Interval fuzz without global state, and where a new interval puts the due time.

py-fsrs draws its fuzz from the global ``random`` module, so two runs of the same review
disagree and tests interfere with each other. Here the fuzz draw is a pure function of
``(card_id, reps, seed)``: the same review always lands on the same day (undo and redo
agree, a preview shows exactly what answering will do), while different cards and
different reviews of one card still spread out. The fuzz ranges are py-fsrs 6.3's
(and Anki's): ±15 % of the part of the interval between 2.5 and 7 days, ±10 % between
7 and 20, ±5 % above 20, plus one day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from trainer.scheduling.days import SchedulerDay

# (start, end, factor): the same table as fsrs.scheduler.FUZZ_RANGES.
FUZZ_RANGES: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, float("inf"), 0.05),
)

_MASK64 = (1 << 64) - 1


def fuzz_unit(card_id: int, reps: int, seed: int = 0) -> float:
    """A deterministic number in [0, 1) for one review of one card (splitmix64)."""
    x = card_id * 0x9E3779B97F4A7C15 + reps * 0xBF58476D1CE4E5B9 + seed * 0x94D049BB133111EB
    x &= _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    x ^= x >> 31
    return (x >> 11) * (1.0 / (1 << 53))


@lru_cache(maxsize=65536)
def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The lowest and highest day a fuzzed ``interval_days`` may land on."""
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def fuzzed_interval(interval_days: int, maximum_interval: int, unit: float) -> int:
    """``interval_days`` moved within its fuzz range by ``unit`` in [0, 1).

    Every day of the range is equally likely. (py-fsrs rounds ``unit * (high - low + 1)
    + low``, which gives the lowest day half the weight and can land one day past the
    range; flooring does neither.)"""
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    return min(low + int(unit * (high - low + 1)), high)


def due_after(
    now: datetime,
    interval: int | timedelta,
    days: SchedulerDay,
    today: int | None = None,
) -> datetime:
    """When a card is next due: a whole-day interval starts at the beginning of the due
    local day; a (re)learning step is exact to the second."""
    if isinstance(interval, timedelta):
        return now + interval
    if today is None:
        today = days.day_number(now)
    return days.day_start(today + interval)
