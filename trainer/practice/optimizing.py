"""Personal FSRS parameters from the collection's review history, one deck at a time.

Each deck's reviews are read in one ordered scan into columns (``ReviewLog``), with
elapsed days as differences of the deck preset's scheduler day numbers (so they are
counted exactly as the scheduler counts them, DST included), and fitted with
fsrs-rs-python (``trainer.scheduling.optimizer``). New parameters are kept only when
their log loss on the same history is lower than the current ones'.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from trainer.domain import Preset
from trainer.errors import TrainerError
from trainer.practice.overview import default_preset, effective_preset
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_rs_bridge import Evaluation
from trainer.scheduling.optimizer import MIN_REVIEWS, fit
from trainer.scheduling.retention import (
    RETENTIONS,
    DeckPlan,
    RetentionOption,
    ReviewCosts,
    retention_options,
    suggest_retention,
)
from trainer.scheduling.review_log import ReviewLog, log_from_rows
from trainer.store.decks import DeckInfo, find_deck, list_decks, preset_overrides, save_preset
from trainer.store.epoch import from_ms
from trainer.store.review_history import (
    deck_card_count,
    deck_review_columns,
    deck_review_times,
)


@dataclass(frozen=True)
class OptimizeReport:
    """What fitting one deck found, and whether the new parameters were kept."""

    deck_key: str
    deck_name: str
    reviews: int  # predictable reviews (a day or more after the previous one)
    cards: int
    before: Evaluation | None
    after: Evaluation | None
    parameters: tuple[float, ...] | None
    kept: bool
    refused: str | None  # why nothing was fitted (too little history)
    load_s: float
    fit_s: float


def _deck_preset(services: Services, deck: DeckInfo) -> Preset:
    with services.collection.session_scope(write=False) as session:
        overrides = preset_overrides(session, deck.id)
    return effective_preset(default_preset(services), overrides)


def day_numbers(days: SchedulerDay, times_ms: np.ndarray) -> np.ndarray:
    """The scheduler day number of each epoch-ms time: a search among the day starts
    from the first time's day to the last's, not a time-zone conversion per review."""
    if len(times_ms) == 0:
        return np.zeros(0, dtype=np.int64)
    first = days.day_number(from_ms(int(times_ms.min())))
    last = days.day_number(from_ms(int(times_ms.max())))
    starts = np.array(
        [int(days.day_start(n).timestamp() * 1000) for n in range(first, last + 2)],
        dtype=np.int64,
    )
    return first + np.searchsorted(starts, times_ms, side="right") - 1


def load_log(services: Services, deck: DeckInfo, preset: Preset) -> ReviewLog:
    """The deck's reviews: per card in time order, elapsed in scheduler days."""
    per_card, times, ratings = deck_review_columns(services.collection, deck.id)
    cards = np.repeat(np.arange(len(per_card)), per_card)
    days = day_numbers(SchedulerDay.for_preset(preset), times)
    return log_from_rows(cards, days, ratings, times)


def optimize_deck(services: Services, deck: DeckInfo, *, save: bool = True) -> OptimizeReport:
    """Fit one deck's parameters; keep (and with ``save`` store) them only if better."""
    preset = _deck_preset(services, deck)
    started = time.perf_counter()
    log = load_log(services, deck, preset)
    loaded = time.perf_counter()
    predictable = log.count_predictable()
    base = OptimizeReport(
        deck_key=deck.key,
        deck_name=deck.name,
        reviews=predictable,
        cards=log.cards,
        before=None,
        after=None,
        parameters=None,
        kept=False,
        refused=None,
        load_s=loaded - started,
        fit_s=0.0,
    )
    if predictable < MIN_REVIEWS:
        return replace(
            base,
            refused=(
                f"deck {deck.key!r} has {predictable} reviews made a day or more after the "
                f"previous one; at least {MIN_REVIEWS} are needed to fit parameters"
            ),
        )
    try:
        result = fit(
            log,
            current=preset.parameters,
            relearning_steps=len(preset.relearning_steps),
        )
    except ValueError as exc:
        raise TrainerError(f"deck {deck.key!r}: cannot fit parameters: {exc}") from exc
    fitted = time.perf_counter()
    kept = result.improved
    if kept and save:
        with services.collection.session_scope() as session:
            save_preset(session, deck.id, replace(preset, parameters=result.parameters))
    return replace(
        base,
        before=result.before,
        after=result.after,
        parameters=result.parameters,
        kept=kept,
        fit_s=fitted - loaded,
    )


def decks_to_optimize(services: Services, name_or_key: str | None) -> list[DeckInfo]:
    with services.collection.session_scope(write=False) as session:
        if name_or_key is not None:
            return [find_deck(session, name_or_key)]
        return list_decks(session)


@dataclass(frozen=True)
class RetentionReport:
    """Desired retentions to choose from, for one deck, and the simulator's pick."""

    deck_key: str
    current: float
    suggested: float
    options: list[RetentionOption]
    timed_reviews: int  # the learner's own timed reviews behind the cost model
    deck_size: int


def retention_report(services: Services, deck: DeckInfo) -> RetentionReport:
    """What each desired retention would cost this deck, by fsrs-rs's simulator, with the
    learner's own time per review where the deck has enough timed reviews."""
    preset = _deck_preset(services, deck)
    plan = DeckPlan(
        deck_size=max(1, deck_card_count(services.collection, deck.id)),
        new_per_day=max(1, preset.new_per_day),
        reviews_per_day=max(1, preset.reviews_per_day),
        maximum_interval=preset.maximum_interval,
    )
    costs = ReviewCosts.from_counts(deck_review_times(services.collection, deck.id))
    retentions = sorted({*RETENTIONS, round(preset.desired_retention, 2)})
    return RetentionReport(
        deck_key=deck.key,
        current=preset.desired_retention,
        suggested=suggest_retention(preset.parameters, plan, costs),
        options=retention_options(preset.parameters, plan, costs, retentions),
        timed_reviews=costs.timed_reviews,
        deck_size=plan.deck_size,
    )
