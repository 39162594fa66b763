"""Personal FSRS parameters, fitted with fsrs-rs-python (Rust; no torch).

The input is a deck's review history: a ``ReviewLog`` (columns, as read from a
collection), or per-card sequences of ``(rating, elapsed)`` where ``elapsed`` is the
number of scheduler days since the card's previous review (differences of
``SchedulerDay.day_number``; the first review's value is ignored). ``history_from_days``
builds one from ratings and day numbers. A review on the same scheduler day as the one
before it (elapsed 0) shapes the memory state but is not itself predicted, as in
fsrs-rs and Anki.

``fit`` returns the new parameters with log loss and RMSE (bins) before (the current or
default parameters) and after; the caller keeps the new ones only if ``improved``.
Training is fsrs-rs's; the scores are fsrs-rs's ``evaluate`` metrics computed in one pass
over each card (``evaluation.py``), which gives the same figures several times faster.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.scheduling.evaluation import evaluate_log
from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS, validate_parameters
from trainer.scheduling.fsrs_rs_bridge import (
    Evaluation,
    rs_compute_parameters,
    rs_items,
)
from trainer.scheduling.review_log import ReviewLog

MIN_REVIEWS = 400
"""Fewest predictable reviews (a review at least one scheduler day after the previous
one) that ``fit`` accepts: with fewer, the fitted weights mostly follow noise."""

BATCH_SIZE = 512  # fsrs-rs's training batch
TRAINING_STEPS = 1_000
"""Fewest optimiser steps (batches) a fit runs: training makes as many passes over the
items as that takes, at most fsrs-rs's default 5. A small history gets 5 passes; a large
one fewer, since each pass then holds so many steps that more change little. On W1's
716,056 items (1,399 steps a pass) one pass reaches log loss 0.33550 and five 0.33546,
in 1.6 s instead of 5.4 s; see docs/scheduling.md for the measurements."""
MAX_EPOCHS = 5

History = Sequence[tuple[int, int]]
Histories = ReviewLog | Sequence[History]


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


def as_log(histories: Histories) -> ReviewLog:
    """A ``ReviewLog`` as it is, or per-card histories checked and converted."""
    return histories if isinstance(histories, ReviewLog) else ReviewLog.from_histories(histories)


def count_predictable(histories: Histories) -> int:
    """How many reviews a fit can learn from: each one at least a day after the one before."""
    if isinstance(histories, ReviewLog):
        return histories.count_predictable()
    return sum(1 for h in histories for i, (_, e) in enumerate(h) if i > 0 and e > 0)


def epochs_for(items: int) -> int:
    """Training passes for this many items: enough for ``TRAINING_STEPS`` batches."""
    batches = max(1, math.ceil(items / BATCH_SIZE))
    return max(1, min(MAX_EPOCHS, math.ceil(TRAINING_STEPS / batches)))


def evaluate(histories: Histories, parameters: Sequence[float] | None = None) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` (default: FSRS-6 defaults) on a history."""
    params = DEFAULT_PARAMETERS if parameters is None else validate_parameters(parameters)
    log_loss, rmse = evaluate_log(as_log(histories), params)
    return Evaluation(log_loss=log_loss, rmse_bins=rmse)


def fit(
    histories: Histories,
    *,
    current: Sequence[float] | None = None,
    relearning_steps: int | None = 1,
    min_reviews: int = MIN_REVIEWS,
    epochs: int | None = None,
) -> FitResult:
    """Fit FSRS-6 parameters to a deck's history.

    ``current`` are the parameters in use (default: FSRS-6 defaults), evaluated on the
    same history as ``before``. ``relearning_steps`` is the preset's number of relearning
    steps (fsrs-rs uses it to model same-day relearning). Raises ValueError, saying how
    many reviews there are and how many are needed, below ``min_reviews``. ``epochs``
    overrides the number of training passes (see ``TRAINING_STEPS``).
    """
    before_params = DEFAULT_PARAMETERS if current is None else validate_parameters(current)
    data = training_set(histories, min_reviews=min_reviews)
    before = score(data, before_params)
    fitted = train(data, relearning_steps=relearning_steps, epochs=epochs)
    after = score(data, fitted)
    return FitResult(fitted, before, after, reviews=data.reviews, cards=data.cards)


# The steps of ``fit``, for a caller that times them apart: Anki's fit time (M4) is
# ``training_set`` + ``train`` + two evaluations.
@dataclass(frozen=True, eq=False)
class TrainingSet:
    """A history and its fsrs-rs items (in review-time order), built once."""

    log: ReviewLog
    items: tuple[Any, ...]
    reviews: int  # predictable reviews = training items
    cards: int


def training_set(histories: Histories, *, min_reviews: int = MIN_REVIEWS) -> TrainingSet:
    """Check the history and convert it; ValueError below ``min_reviews``."""
    log = as_log(histories)
    predictable = log.count_predictable()
    if predictable < min_reviews:
        raise ValueError(
            f"not enough review history to fit parameters: {predictable} reviews made at "
            f"least a day after the previous one, {min_reviews} needed"
        )
    items = tuple(rs_items(log))
    return TrainingSet(log, items, reviews=len(items), cards=log.cards)


def train(
    data: TrainingSet, *, relearning_steps: int | None = 1, epochs: int | None = None
) -> tuple[float, ...]:
    """Fitted FSRS-6 parameters (within py-fsrs's bounds)."""
    if epochs is None:
        epochs = epochs_for(data.reviews)
    if epochs < 1:
        raise ValueError(f"epochs: must be at least 1, got {epochs}")
    return validate_parameters(
        rs_compute_parameters(data.items, num_relearning_steps=relearning_steps, epochs=epochs)
    )


def score(data: TrainingSet, parameters: Sequence[float]) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` on a training set."""
    log_loss, rmse = evaluate_log(data.log, validate_parameters(parameters))
    return Evaluation(log_loss=log_loss, rmse_bins=rmse)
