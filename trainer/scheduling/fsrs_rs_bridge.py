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
    """fsrs-rs's own ``evaluate``: the reference ``evaluation.evaluate_log`` is tested
    against (it pads items per chunk, so it is several times slower on a large history)."""
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


@dataclass(frozen=True)
class SimulatorCosts:
    """The simulator's cost model: seconds per review by state (learning, review,
    relearning) and rating, and the odds of each rating."""

    seconds: tuple[tuple[float, ...], ...]
    first_rating: tuple[float, ...]
    review_rating: tuple[float, ...]


@dataclass(frozen=True)
class SimulatedDays:
    """Per simulated day: study seconds, reviews (new cards included), cards remembered."""

    cost_seconds: list[float]
    reviews: list[int]
    remembered: list[float]


def rs_default_costs() -> SimulatorCosts:
    """fsrs-rs's default cost model (from Anki users' averages)."""
    from fsrs_rs_python import default_simulator_config

    config = default_simulator_config()
    return SimulatorCosts(
        seconds=tuple(tuple(float(x) for x in row) for row in config.state_rating_costs),
        first_rating=tuple(float(x) for x in config.first_rating_prob),
        review_rating=tuple(float(x) for x in config.review_rating_prob),
    )


def _simulator(settings: dict[str, Any], costs: SimulatorCosts) -> Any:
    from fsrs_rs_python import default_simulator_config

    simulator = default_simulator_config()
    for name, value in settings.items():
        if not hasattr(simulator, name):
            raise ValueError(f"{name}: not a simulator setting")
        setattr(simulator, name, value)
    simulator.state_rating_costs = [list(row) for row in costs.seconds]
    simulator.first_rating_prob = list(costs.first_rating)
    simulator.review_rating_prob = list(costs.review_rating)
    return simulator


def rs_simulate(
    parameters: Sequence[float],
    desired_retention: float,
    settings: dict[str, Any],
    costs: SimulatorCosts,
    *,
    seed: int = 42,
) -> SimulatedDays:
    """fsrs-rs's simulation of a deck studied at ``desired_retention``."""
    from fsrs_rs_python import simulate

    result = simulate(list(parameters), desired_retention, _simulator(settings, costs), seed)
    return SimulatedDays(
        cost_seconds=[float(x) for x in result.cost_per_day],
        reviews=[
            int(r) + int(n)
            for r, n in zip(result.review_cnt_per_day, result.learn_cnt_per_day, strict=False)
        ],
        remembered=[float(x) for x in result.memorized_cnt_per_day],
    )


def rs_optimal_retention(
    parameters: Sequence[float], settings: dict[str, Any], costs: SimulatorCosts
) -> float:
    """fsrs-rs's simulator search for the retention with the least work per memorised card.

    ``settings`` sets fields of ``default_simulator_config()`` (deck_size, learn_span, ...).
    """
    from fsrs_rs_python import optimal_retention

    simulator = _simulator(settings, costs)
    # fsrs-rs works in float32: 0.7 comes back as 0.699999988...
    return round(float(optimal_retention(simulator, list(parameters))), 4)
