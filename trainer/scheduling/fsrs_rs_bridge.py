"""The one place that speaks to fsrs-rs-python (Rust; fitting, simulation).

Only ``optimizer.py`` uses it, so numpy and the Rust extension stay off the drill's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS
from trainer.scheduling.review_log import ReviewLog


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict a history: lower is better for both."""

    log_loss: float
    rmse_bins: float


def rs_items(log: ReviewLog) -> list[Any]:
    """fsrs-rs training items: one per predictable review (``log.predictable()`` order,
    by time), holding the card's history up to and including it, as fsrs-rs and Anki
    build them."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    if log.reviews == 0:
        return []
    # One FSRSReview per distinct (rating, elapsed) pair, shared by every review that has
    # it: a million reviews hold about two thousand distinct pairs.
    elapsed = log.elapsed.copy()
    elapsed[log.starts[:-1]] = 0  # a card's first review has nothing before it
    pairs, which = np.unique(log.ratings * (1 << 32) + elapsed, return_inverse=True)
    shared = [FSRSReview(int(pair >> 32), int(pair & 0xFFFFFFFF)) for pair in pairs]
    reviews = [shared[i] for i in which.tolist()]
    ends = log.predictable()
    card = np.searchsorted(log.starts, ends, side="right") - 1
    firsts = log.starts[card]
    return [
        FSRSItem(reviews[a:b]) for a, b in zip(firsts.tolist(), (ends + 1).tolist(), strict=True)
    ]


def rs_evaluate(parameters: Sequence[float], items: Sequence[Any]) -> Evaluation:
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(log_loss=float(result.log_loss), rmse_bins=float(result.rmse_bins))


def rs_compute_parameters(
    items: Sequence[Any], *, num_relearning_steps: int | None = None, epochs: int = 5
) -> tuple[float, ...]:
    """fsrs-rs training (single-threaded, holds the GIL) from the default weights."""
    from fsrs_rs_python import FSRS, TrainingConfig

    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        list(items),
        num_relearning_steps=num_relearning_steps,
        training_config=TrainingConfig(num_epochs=epochs),
    )
    return tuple(float(p) for p in fitted)


def rs_optimal_retention(parameters: Sequence[float], **config: Any) -> float:
    """fsrs-rs's simulator search for the retention with the least work per memorised card.

    ``config`` sets fields of ``default_simulator_config()`` (deck_size, learn_span, ...).
    """
    from fsrs_rs_python import default_simulator_config, optimal_retention

    simulator = default_simulator_config()
    for name, value in config.items():
        if not hasattr(simulator, name):
            raise ValueError(f"{name}: not a simulator setting")
        setattr(simulator, name, value)
    # fsrs-rs works in float32: 0.7 comes back as 0.699999988...
    return round(float(optimal_retention(simulator, list(parameters))), 4)
