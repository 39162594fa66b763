"""Personal FSRS parameters from the collection's review history, one deck at a time.

Each deck's reviews are read in one ordered scan, turned into per-card histories of
``(rating, elapsed scheduler days)`` (day numbers of the deck's preset, so elapsed days
are counted exactly as the scheduler counts them, DST included), and fitted with
fsrs-rs-python (``trainer.scheduling.optimizer``). New parameters are kept only when
their log loss on the same history is lower than the current ones'.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from trainer.domain import Preset
from trainer.errors import TrainerError
from trainer.practice.overview import default_preset, effective_preset
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_bridge import Evaluation
from trainer.scheduling.optimizer import MIN_REVIEWS, count_predictable, fit, suggest_retention
from trainer.store.decks import DeckInfo, find_deck, list_decks, preset_overrides, save_preset
from trainer.store.epoch import from_ms, to_ms
from trainer.store.review_history import deck_card_count, deck_review_log, earliest_review_ms

_DAY_MS = 86_400_000


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
    rows = deck_review_log(services.collection, deck.id)
    first_row = next(rows, None)
    if first_row is None:
        return []
    days = SchedulerDay.for_preset(preset)
    now_ms = to_ms(services.clock())
    earliest = earliest_review_ms(services.collection)
    first_ms = first_row[1] if earliest is None else min(earliest, first_row[1])
    first_day, starts = _day_numbers(days, first_ms, max(first_row[1], now_ms))
    locate = bisect.bisect_right
    last_start = len(starts) - 1
    histories: list[list[tuple[int, int]]] = []
    history: list[tuple[int, int]] = []
    current_card = None
    previous_day = 0
    low = high = 0  # the [low, high) ms range of the day index ``index``
    index = 0
    all_rows = itertools.chain((first_row,), rows)
    if all(b - a == _DAY_MS for a, b in itertools.pairwise(starts)):
        # No offset change in the span (UTC, or a zone without DST): plain arithmetic.
        origin = starts[0]
        return _group(((c, (at - origin) // _DAY_MS, r) for c, at, r in all_rows), histories)
    for card_id, at_ms, rating in all_rows:
        if not low <= at_ms < high:
            index = locate(starts, at_ms) - 1
            if index < 0 or index >= last_start:  # outside the precomputed days
                day = days.day_number(from_ms(at_ms))
                index, low, high = -1, 0, 0
            else:
                low, high = starts[index], starts[index + 1]
        day = first_day + index if index >= 0 else day
        if card_id != current_card:
            history = [(rating, 0)]
            histories.append(history)
            current_card = card_id
        else:
            history.append((rating, day - previous_day))
        previous_day = day
    return histories


def _group(
    rows: Iterable[tuple[int, int, int]], histories: list[list[tuple[int, int]]]
) -> list[list[tuple[int, int]]]:
    """``(card, day, rating)`` rows grouped by card into ``(rating, elapsed days)``."""
    history: list[tuple[int, int]] = []
    current_card = None
    previous_day = 0
    for card_id, day, rating in rows:
        if card_id != current_card:
            history = [(rating, 0)]
            histories.append(history)
            current_card = card_id
        else:
            history.append((rating, day - previous_day))
        previous_day = day
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
