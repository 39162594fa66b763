"""Replay an imported review history into FSRS state.

Another tool's log says when a card was reviewed and how it was rated; replaying those
ratings through our scheduler, in time order, gives the card the memory state (stability,
difficulty), phase and due date it would have had if it had been reviewed here. Elapsed
time is counted in scheduler days (day-number differences), exactly as ``fsrs_bridge``
counts it for live reviews, so a replayed card equals one reviewed step by step.

The loop uses ``fsrs_math.Fsrs6`` (the py-fsrs arithmetic in plain Python, equal to the
last bit) rather than py-fsrs objects: about a million reviews replay in a few seconds.
The entries' own ``phase`` is not trusted: the preset's steps decide the phase, as they
would have here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from trainer.domain import CardPhase, CardState, HistoryEntry, Preset
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_bridge import model_for
from trainer.scheduling.intervals import fuzz_unit, fuzzed_interval

_REVIEW = CardPhase.REVIEW
_AGAIN = 1


def replay_card(
    entries: Sequence[HistoryEntry],
    preset: Preset,
    card_id: int,
    *,
    fuzz_seed: int | None = None,
    fuzz: bool = True,
) -> tuple[CardState, list[tuple[CardState, CardState]]]:
    """The card's final state, and its ``(before, after)`` states for every entry.

    Entries are replayed in ``reviewed_at`` order (a stable sort: equal times keep their
    order). Each ``reviewed_at`` must be timezone-aware. ``fuzz``/``fuzz_seed`` mean what
    they mean for ``fsrs_bridge.review``.
    """
    model = model_for(preset)
    days = SchedulerDay.for_preset(preset)
    maximum_interval = preset.maximum_interval
    seed = fuzz_seed or 0
    ordered = _in_time_order(entries, card_id)

    state = CardState()
    phase, step, stability, difficulty = CardPhase.NEW, None, None, None
    lapses = 0
    last_day: int | None = None
    pairs: list[tuple[CardState, CardState]] = []
    append = pairs.append
    day_number = days.day_number
    day_start = days.day_start
    model_step = model.step

    for reps, entry in enumerate(ordered, start=1):
        now = entry.reviewed_at
        if now.tzinfo is not UTC:
            now = now.astimezone(UTC)
        today = day_number(now)
        elapsed = None if last_day is None else max(0, today - last_day)
        rating = int(entry.rating)
        if phase is _REVIEW and rating == _AGAIN:
            lapses += 1
        phase, step, stability, difficulty, interval = model_step(
            phase, step, stability, difficulty, elapsed, rating
        )
        if isinstance(interval, timedelta):
            due = now + interval
        else:
            if fuzz:
                interval = fuzzed_interval(
                    interval, maximum_interval, fuzz_unit(card_id, reps, seed)
                )
            due = day_start(today + interval)
        after = CardState(phase, step, stability, difficulty, due, now, reps, lapses)
        append((state, after))
        state = after
        last_day = today
    return state, pairs


def _in_time_order(entries: Sequence[HistoryEntry], card_id: int) -> Sequence[HistoryEntry]:
    previous: datetime | None = None
    in_order = True
    for index, entry in enumerate(entries):
        at = entry.reviewed_at
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(
                f"card {card_id}, history entry {index} ({entry.problem_key}): reviewed_at "
                f"{at.isoformat()} has no time zone"
            )
        if previous is not None and at < previous:
            in_order = False
        previous = at
    if in_order:
        return entries
    return sorted(entries, key=lambda e: e.reviewed_at)
