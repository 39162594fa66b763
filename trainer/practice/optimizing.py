"""Personal FSRS parameters from the collection's review history, one deck at a time.

Each deck's reviews are read in one ordered scan, turned into per-card histories of
``(rating, elapsed scheduler days)`` (day numbers of the deck's preset, so elapsed days
are counted exactly as the scheduler counts them, DST included), and fitted with
fsrs-rs-python (``trainer.scheduling.optimizer``). New parameters are kept only when
their log loss on the same history is lower than the current ones'.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, replace

from trainer.domain import Preset
from trainer.errors import TrainerError
from trainer.practice.overview import default_preset, effective_preset
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_bridge import Evaluation
from trainer.scheduling.optimizer import MIN_REVIEWS, count_predictable, fit, suggest_retention
from trainer.store.decks import DeckInfo, find_deck, list_decks, save_preset
from trainer.store.review_history import deck_card_count, deck_review_log
from trainer.store.types import from_ms


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
        from trainer.store.models import DeckRow

        row = session.get(DeckRow, deck.id)
        overrides = dict(row.preset or {}) if row is not None else {}
    return effective_preset(default_preset(services), overrides)


def _day_numbers(days: SchedulerDay, first_ms: int, last_ms: int) -> tuple[int, list[int]]:
    """The first day number and the start (ms) of every day from it to ``last_ms``: a
    review's day is then a bisection, not a time-zone conversion per review."""
    first = days.day_number(from_ms(first_ms))
    last = days.day_number(from_ms(last_ms))
    starts = [int(days.day_start(n).timestamp() * 1000) for n in range(first, last + 2)]
    return first, starts


def load_histories(
    services: Services, deck: DeckInfo, preset: Preset
) -> list[list[tuple[int, int]]]:
    """Per card, ``(rating, elapsed scheduler days)`` in time order."""
    rows = list(deck_review_log(services.collection, deck.id))
    if not rows:
        return []
    times = [r[1] for r in rows]
    first, starts = _day_numbers(SchedulerDay.for_preset(preset), min(times), max(times))
    locate = bisect.bisect_right
    histories: list[list[tuple[int, int]]] = []
    current_card = None
    history: list[tuple[int, int]] = []
    previous_day = 0
    for card_id, at_ms, rating in rows:
        day = first + locate(starts, at_ms) - 1
        if card_id != current_card:
            if history:
                histories.append(history)
            history = [(int(rating), 0)]
            current_card = card_id
        else:
            history.append((int(rating), day - previous_day))
        previous_day = day
    if history:
        histories.append(history)
    return histories


def optimize_deck(services: Services, deck: DeckInfo, *, save: bool = True) -> OptimizeReport:
    """Fit one deck's parameters; keep (and with ``save`` store) them only if better."""
    preset = _deck_preset(services, deck)
    started = time.perf_counter()
    histories = load_histories(services, deck, preset)
    loaded = time.perf_counter()
    predictable = count_predictable(histories)
    base = OptimizeReport(
        deck_key=deck.key,
        deck_name=deck.name,
        reviews=predictable,
        cards=len(histories),
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
            histories,
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


def retention_suggestion(services: Services, deck: DeckInfo) -> float:
    """The desired retention fsrs-rs's simulator finds cheapest for this deck's settings."""
    preset = _deck_preset(services, deck)
    cards = max(1, deck_card_count(services.collection, deck.id))
    return suggest_retention(
        preset.parameters,
        deck_size=cards,
        new_per_day=max(1, preset.new_per_day),
        reviews_per_day=max(1, preset.reviews_per_day),
        maximum_interval=preset.maximum_interval,
    )
