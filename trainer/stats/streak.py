"""Streaks: consecutive local days with at least one review, and the daily goal.

Today does not break a streak before it is over: with no review yet today, the current
streak is the run of active days ending yesterday (and it grows as soon as one review is
done today). A run is counted in scheduler days (see ``trainer.scheduling.days``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    active_today: bool
    days_active: int  # distinct active days in the range looked at
    goal: int | None  # reviews per day the learner aims for (None: no goal set)
    done_today: int
    goal_met_today: bool | None


def streak_lengths(active_days: Iterable[int], today: int) -> tuple[int, int]:
    """``(current, longest)`` run of consecutive active days (day numbers)."""
    days = sorted(set(d for d in active_days if d <= today))
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day == previous + 1 else 1
        longest = max(longest, run)
        previous = day
    present = set(days)
    end = today if today in present else today - 1
    current = 0
    while end - current in present:
        current += 1
    return current, longest


def streak(active_days: Iterable[int], today: int, done_today: int, goal: int | None) -> Streak:
    days = set(active_days)
    current, longest = streak_lengths(days, today)
    return Streak(
        current=current,
        longest=longest,
        active_today=today in days,
        days_active=len([d for d in days if d <= today]),
        goal=goal,
        done_today=done_today,
        goal_met_today=None if goal is None else done_today >= goal,
    )
