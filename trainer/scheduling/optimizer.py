"""Personal FSRS parameters, fitted with fsrs-rs-python (Rust; no torch).

The input is per-card review histories, each a sequence of ``(rating, elapsed)`` where
``elapsed`` is the number of scheduler days since the card's previous review (differences
of ``SchedulerDay.day_number``; the first review's value is ignored). ``history_from_days``
builds one from ratings and day numbers. A review on the same scheduler day as the one
before it (elapsed 0) shapes the memory state but is not itself predicted, as in
fsrs-rs and Anki.

``fit`` returns the new parameters with log loss and RMSE (bins) before (the current or
default parameters) and after; the caller keeps the new ones only if ``improved``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.scheduling.fsrs_bridge import (
    DEFAULT_PARAMETERS,
    Evaluation,
    rs_compute_parameters,
    rs_evaluate,
    rs_items,
    rs_optimal_retention,
    validate_parameters,
)

MIN_REVIEWS = 400
"""Fewest predictable reviews (a review at least one scheduler day after the previous
one) that ``fit`` accepts: with fewer, the fitted weights mostly follow noise."""

LARGE_HISTORY = 100_000
"""From this many predictable reviews on, ``fit`` trains for 3 passes instead of fsrs-rs's
default 5: each pass then holds so many batches that the last two change little (on W1's
716,056: log loss 0.33417 after 3 passes, 0.33415 after 5, in 62 % of the time)."""

History = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class FitResult:
    """Fitted parameters and how well the old and new ones predict the same history."""

    parameters: tuple[float, ...]
    before: Evaluation
    after: Evaluation
    reviews: int  # predictable reviews the fit used
    cards: int

    @property
    def improved(self) -> bool:
        """True when the new parameters predict the history better (lower log loss)."""
        return self.after.log_loss < self.before.log_loss


def history_from_days(reviews: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(rating, day_number)`` in time order -> ``(rating, elapsed scheduler days)``."""
    out: list[tuple[int, int]] = []
    previous: int | None = None
    for index, (rating, day) in enumerate(reviews):
        if previous is not None and day < previous:
            raise ValueError(
                f"review {index}: day {day} comes before the previous review's day {previous}"
            )
        out.append((rating, 0 if previous is None else day - previous))
        previous = day
    return out


def _check_histories(histories: Sequence[History]) -> None:
    for card, history in enumerate(histories):
        for index, pair in enumerate(history):
            if len(pair) != 2:
                raise ValueError(f"history {card}, review {index}: expected (rating, elapsed days)")
            rating, elapsed = pair
            if rating not in (1, 2, 3, 4):
                raise ValueError(
                    f"history {card}, review {index}: rating must be 1-4, got {rating!r}"
                )
            if isinstance(elapsed, bool) or not isinstance(elapsed, int) or elapsed < 0:
                raise ValueError(
                    f"history {card}, review {index}: elapsed days must be a whole number "
                    f">= 0, got {elapsed!r}"
                )


def count_predictable(histories: Sequence[History]) -> int:
    """How many reviews a fit can learn from: each one at least a day after the one before."""
    return sum(1 for h in histories for i, (_, e) in enumerate(h) if i > 0 and e > 0)


def evaluate(histories: Sequence[History], parameters: Sequence[float] | None = None) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` (default: FSRS-6 defaults) on a history."""
    _check_histories(histories)
    params = DEFAULT_PARAMETERS if parameters is None else validate_parameters(parameters)
    items = rs_items(histories)
    if not items:
        raise ValueError("history: no review at least one day after another, nothing to evaluate")
    return rs_evaluate(params, items)


def fit(
    histories: Sequence[History],
    *,
    current: Sequence[float] | None = None,
    relearning_steps: int | None = 1,
    min_reviews: int = MIN_REVIEWS,
    epochs: int | None = None,
) -> FitResult:
    """Fit FSRS-6 parameters to per-card histories of ``(rating, elapsed days)``.

    ``current`` are the parameters in use (default: FSRS-6 defaults), evaluated on the
    same history as ``before``. ``relearning_steps`` is the preset's number of relearning
    steps (fsrs-rs uses it to model same-day relearning). Raises ValueError, saying how
    many reviews there are and how many are needed, below ``min_reviews``. ``epochs``
    overrides the number of training passes (see ``LARGE_HISTORY``).
    """
    before_params = DEFAULT_PARAMETERS if current is None else validate_parameters(current)
    data = training_set(histories, min_reviews=min_reviews)
    before = score(data, before_params)
    fitted = train(data, relearning_steps=relearning_steps, epochs=epochs)
    after = score(data, fitted)
    return FitResult(fitted, before, after, reviews=data.reviews, cards=data.cards)


# The steps of ``fit``, for a caller that times them apart: Anki's fit time (M4) is
# ``training_set`` + ``train``; evaluating before and after is extra.
@dataclass(frozen=True)
class TrainingSet:
    """Histories converted once for fsrs-rs: training and scoring share them."""

    items: tuple[Any, ...]
    reviews: int  # predictable reviews = training items
    cards: int


def training_set(histories: Sequence[History], *, min_reviews: int = MIN_REVIEWS) -> TrainingSet:
    """Check the histories and convert them; ValueError below ``min_reviews``."""
    _check_histories(histories)
    predictable = count_predictable(histories)
    if predictable < min_reviews:
        raise ValueError(
            f"not enough review history to fit parameters: {predictable} reviews made at "
            f"least a day after the previous one, {min_reviews} needed"
        )
    items = tuple(rs_items(histories))
    return TrainingSet(items, reviews=len(items), cards=sum(1 for h in histories if h))


def train(
    data: TrainingSet, *, relearning_steps: int | None = 1, epochs: int | None = None
) -> tuple[float, ...]:
    """Fitted FSRS-6 parameters (within py-fsrs's bounds)."""
    if epochs is None:
        epochs = 3 if data.reviews >= LARGE_HISTORY else 5
    if epochs < 1:
        raise ValueError(f"epochs: must be at least 1, got {epochs}")
    return validate_parameters(
        rs_compute_parameters(data.items, num_relearning_steps=relearning_steps, epochs=epochs)
    )


def score(data: TrainingSet, parameters: Sequence[float]) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` on a training set."""
    return rs_evaluate(validate_parameters(parameters), data.items)


def suggest_retention(
    parameters: Sequence[float] | None = None,
    *,
    deck_size: int = 10_000,
    learn_span_days: int = 365,
    new_per_day: int = 20,
    reviews_per_day: int = 9_999,
    maximum_interval: int = 36_500,
) -> float:
    """The desired retention fsrs-rs's simulator finds best: the most cards remembered for
    the study time its cost model allows (searched between 0.70 and 0.95)."""
    for name, value in (
        ("deck_size", deck_size),
        ("learn_span_days", learn_span_days),
        ("new_per_day", new_per_day),
        ("reviews_per_day", reviews_per_day),
        ("maximum_interval", maximum_interval),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name}: must be a whole number >= 1, got {value!r}")
    params = DEFAULT_PARAMETERS if parameters is None else validate_parameters(parameters)
    return rs_optimal_retention(
        params,
        deck_size=deck_size,
        learn_span=learn_span_days,
        learn_limit=new_per_day,
        review_limit=reviews_per_day,
        max_ivl=float(maximum_interval),
    )
