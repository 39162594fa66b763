"""The one place that speaks to fsrs (py-fsrs 6.x); ``fsrs_rs_bridge`` speaks to fsrs-rs-python.

Everything else in the project uses the domain's ``CardState``, ``Rating`` and ``Preset``.
The bridge adds three decisions on top of py-fsrs (see docs/scheduling.md):

* elapsed time is counted in scheduler days (differences of local day numbers, as
  Anki does), not in raw 24-hour periods: py-fsrs is handed a ``last_review`` moved so
  that its ``(now - last_review).days`` equals that difference;
* a card in the Review phase falls due at the start of its due local day, while
  learning and relearning steps stay exact to the second;
* fuzz is a pure function of ``(card_id, reps, fuzz_seed)`` (``intervals.py``), never
  the global ``random``: py-fsrs itself always runs with fuzzing off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs

from trainer.domain import CardPhase, CardState, Preset, Rating
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_math import Fsrs6
from trainer.scheduling.intervals import due_after, fuzz_unit, fuzzed_interval

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(p) for p in fsrs.Scheduler().parameters)

_FSRS_RATING = {r: fsrs.Rating(int(r)) for r in Rating}
_FSRS_STATE = {
    CardPhase.NEW: fsrs.State.Learning,
    CardPhase.LEARNING: fsrs.State.Learning,
    CardPhase.REVIEW: fsrs.State.Review,
    CardPhase.RELEARNING: fsrs.State.Relearning,
}
_PHASE = {int(s): CardPhase(int(s)) for s in fsrs.State}


def parameters_of(preset: Preset) -> tuple[float, ...]:
    """The preset's personal weights, or the FSRS-6 defaults."""
    return DEFAULT_PARAMETERS if preset.parameters is None else tuple(preset.parameters)


def validate_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Check 21 FSRS-6 weights against py-fsrs's bounds; ValueError says which is wrong."""
    values = tuple(float(p) for p in parameters)
    try:
        fsrs.Scheduler(parameters=values)
    except ValueError as exc:
        raise ValueError(f"parameters: {exc}") from exc
    return values


def _check_schedule(
    desired_retention: float,
    learning_steps: tuple[int, ...],
    relearning_steps: tuple[int, ...],
    maximum_interval: int,
) -> None:
    """The preset fields the FSRS arithmetic depends on; ValueError names the field."""
    if not 0.0 < desired_retention < 1.0:
        raise ValueError(f"desired_retention: must be between 0 and 1, got {desired_retention!r}")
    for name, steps in (("learning_steps", learning_steps), ("relearning_steps", relearning_steps)):
        for step in steps:
            if isinstance(step, bool) or not isinstance(step, int) or step < 1:
                raise ValueError(
                    f"{name}: each step is a whole number of seconds >= 1, got {step!r}"
                )
    if isinstance(maximum_interval, bool) or not isinstance(maximum_interval, int):
        raise ValueError(
            f"maximum_interval: must be a whole number of days, got {maximum_interval!r}"
        )
    if not 1 <= maximum_interval <= 36500:
        raise ValueError(
            f"maximum_interval: must be between 1 and 36500 days, got {maximum_interval}"
        )


@lru_cache(maxsize=64)
def _scheduler(
    parameters: tuple[float, ...],
    desired_retention: float,
    learning_steps: tuple[int, ...],
    relearning_steps: tuple[int, ...],
    maximum_interval: int,
) -> fsrs.Scheduler:
    _check_schedule(desired_retention, learning_steps, relearning_steps, maximum_interval)
    return fsrs.Scheduler(
        parameters=parameters,
        desired_retention=desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning_steps),
        maximum_interval=maximum_interval,
        enable_fuzzing=False,
    )


def scheduler_for(preset: Preset) -> fsrs.Scheduler:
    """The cached py-fsrs scheduler for a preset (fuzzing off: the bridge fuzzes)."""
    return _scheduler(
        parameters_of(preset),
        preset.desired_retention,
        tuple(preset.learning_steps),
        tuple(preset.relearning_steps),
        preset.maximum_interval,
    )


@lru_cache(maxsize=64)
def _model(
    parameters: tuple[float, ...],
    desired_retention: float,
    learning_steps: tuple[int, ...],
    relearning_steps: tuple[int, ...],
    maximum_interval: int,
) -> Fsrs6:
    validate_parameters(parameters)
    _check_schedule(desired_retention, learning_steps, relearning_steps, maximum_interval)
    return Fsrs6(parameters, desired_retention, learning_steps, relearning_steps, maximum_interval)


def model_for(preset: Preset) -> Fsrs6:
    """The cached plain-Python FSRS-6 model for a preset (used by replay)."""
    return _model(
        parameters_of(preset),
        preset.desired_retention,
        tuple(preset.learning_steps),
        tuple(preset.relearning_steps),
        preset.maximum_interval,
    )


def as_utc(instant: datetime, what: str = "now") -> datetime:
    """An aware datetime as ``timezone.utc`` exactly (the only zone py-fsrs accepts)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what}: expected a timezone-aware datetime, got naive {instant!r}")
    return instant if instant.tzinfo is UTC else instant.astimezone(UTC)


def to_fsrs_card(state: CardState, card_id: int, now: datetime, days: SchedulerDay) -> fsrs.Card:
    """A py-fsrs card for ``state``, with ``last_review`` moved so that py-fsrs's
    ``(now - last_review).days`` is the number of scheduler days elapsed."""
    elapsed = _elapsed_days(state, card_id, days.day_number(now), days)
    if elapsed is None:
        return fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=card_id,
        state=_FSRS_STATE[state.phase],
        step=None if state.phase == CardPhase.REVIEW else state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=as_utc(state.due, "due") if state.due is not None else now,
        last_review=now - timedelta(days=elapsed),
    )


def _elapsed_days(state: CardState, card_id: int, today: int, days: SchedulerDay) -> int | None:
    """Whole scheduler days since the last review (None for a new card); a state that
    cannot have been scheduled is a ``ValueError`` naming the card."""
    if state.phase == CardPhase.NEW:
        return None
    if state.last_review is None or state.stability is None or state.difficulty is None:
        raise ValueError(
            f"card {card_id}: a {CardPhase(state.phase).name} card needs stability, "
            "difficulty and last_review"
        )
    if state.phase != CardPhase.REVIEW and state.step is None:
        raise ValueError(f"card {card_id}: a {CardPhase(state.phase).name} card needs a step")
    return max(0, today - days.day_number(state.last_review))


def review(
    state: CardState,
    rating: Rating,
    now: datetime,
    preset: Preset,
    card_id: int,
    *,
    fuzz_seed: int | None = None,
    fuzz: bool = True,
) -> CardState:
    """The card's state after answering it with ``rating`` at ``now``.

    ``reps`` grows by one; ``lapses`` grows when a Review-phase card gets Again. With
    ``fuzz`` a Review interval is moved within py-fsrs's fuzz range by a draw that
    depends only on ``(card_id, new reps, fuzz_seed or 0)``.
    """
    now = as_utc(now)
    days = SchedulerDay.for_preset(preset)
    today = days.day_number(now)
    elapsed = _elapsed_days(state, card_id, today, days)
    # py-fsrs's review_card in plain Python (``fsrs_math``, equal to the last bit, checked
    # against py-fsrs in the tests): the card stays a ``CardState`` all the way.
    phase, step, stability, difficulty, interval = model_for(preset).step(
        CardPhase(state.phase), state.step, state.stability, state.difficulty, elapsed, rating
    )
    reps = state.reps + 1
    lapses = state.lapses + (state.phase == CardPhase.REVIEW and rating == Rating.AGAIN)
    if phase is CardPhase.REVIEW and fuzz and not isinstance(interval, timedelta):
        unit = fuzz_unit(card_id, reps, fuzz_seed or 0)
        interval = fuzzed_interval(interval, preset.maximum_interval, unit)
    return CardState(
        phase=phase,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=due_after(now, interval, days, today),
        last_review=now,
        reps=reps,
        lapses=lapses,
    )


def retrievability(state: CardState, now: datetime, preset: Preset) -> float:
    """Predicted probability of recall at ``now`` (0.0 for a card never reviewed).

    Elapsed time is whole scheduler days, as everywhere in the bridge."""
    if state.stability is None or state.last_review is None:
        return 0.0
    days = SchedulerDay.for_preset(preset)
    elapsed = days.days_between(state.last_review, now)
    return model_for(preset).retrievability(elapsed, state.stability)


def preview_intervals(
    state: CardState,
    now: datetime,
    preset: Preset,
    card_id: int,
    *,
    fuzz_seed: int | None = None,
    fuzz: bool = True,
) -> dict[Rating, timedelta]:
    """For each rating, how long from ``now`` until the card would be due again.

    Fuzz is deterministic, so the preview is exactly what answering will do."""
    now = as_utc(now)
    waits: dict[Rating, timedelta] = {}
    for rating in Rating:
        due = review(state, rating, now, preset, card_id, fuzz_seed=fuzz_seed, fuzz=fuzz).due
        assert due is not None  # review always sets it
        waits[rating] = due - now
    return waits


def from_fsrs_card(card: fsrs.Card, reps: int = 0, lapses: int = 0) -> CardState:
    """A domain state from a py-fsrs card (its ``last_review`` taken as it is)."""
    return CardState(
        phase=_PHASE[int(card.state)],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=reps,
        lapses=lapses,
    )
