"""Choosing a desired retention: what fsrs-rs's simulator says each choice costs.

A higher desired retention means more reviews for more remembered cards. fsrs-rs's
simulator plays a deck forward (new cards per day, reviews per day, the FSRS model) and
counts the study time and the cards remembered at the end. ``retention_options`` runs it
for a range of retentions, the trade-off the learner chooses from (as Anki's desired
retention workload graph shows); ``suggest_retention`` is the simulator's own pick, the
least study time per remembered card, searched between 0.70 and 0.95.

Study time comes from ``ReviewCosts``: seconds per review by card state and rating and
how ratings fall. ``ReviewCosts.from_counts`` takes them from the learner's own timed
reviews wherever there are enough, and from fsrs-rs's defaults elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS, validate_parameters
from trainer.scheduling.fsrs_rs_bridge import (
    SimulatorCosts,
    rs_default_costs,
    rs_optimal_retention,
    rs_simulate,
)

RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)
MIN_TIMED = 20
"""Fewest timed reviews in a (state, rating) cell, or of first ratings, or of ratings of
recalled review cards, before the learner's own figure replaces the default."""
MAX_SECONDS = 60.0  # response times are capped as the rating policy caps them
_STATES = {0: 0, 1: 0, 2: 1, 3: 2}  # phase before the review -> learning, review, relearning


@dataclass(frozen=True)
class ReviewCosts:
    """Seconds per review and rating odds, as the simulator takes them.

    ``seconds[state][rating - 1]`` for states learning (new cards too), review and
    relearning; ``first_rating`` the odds of Again..Easy on a new card; ``review_rating``
    the odds of Hard, Good, Easy on a recalled review card. ``timed_reviews``: how many of
    the learner's own reviews the figures came from (0: all defaults).
    """

    seconds: tuple[tuple[float, float, float, float], ...]
    first_rating: tuple[float, float, float, float]
    review_rating: tuple[float, float, float]
    timed_reviews: int = 0

    @classmethod
    def defaults(cls) -> ReviewCosts:
        default = rs_default_costs()
        return cls(default.seconds, default.first_rating, default.review_rating)  # type: ignore[arg-type]

    @classmethod
    def from_counts(cls, cells: Iterable[tuple[int, int, int, float]]) -> ReviewCosts:
        """From ``(phase before, rating, reviews, mean seconds)`` of timed reviews; phases
        0-3 are new, learning, review, relearning, ratings 1-4."""
        default = cls.defaults()
        count = [[0] * 4 for _ in range(3)]
        total = [[0.0] * 4 for _ in range(3)]
        first = [0] * 4
        recalled = [0] * 3
        timed = 0
        for phase, rating, reviews, mean_seconds in cells:
            if phase not in _STATES or rating not in (1, 2, 3, 4) or reviews <= 0:
                continue
            state = _STATES[phase]
            count[state][rating - 1] += reviews
            total[state][rating - 1] += reviews * min(float(mean_seconds), MAX_SECONDS)
            timed += reviews
            if phase == 0:
                first[rating - 1] += reviews
            if phase == 2 and rating > 1:
                recalled[rating - 2] += reviews
        seconds = tuple(
            tuple(
                total[s][r] / count[s][r] if count[s][r] >= MIN_TIMED else default.seconds[s][r]
                for r in range(4)
            )
            for s in range(3)
        )
        return cls(
            seconds=seconds,  # type: ignore[arg-type]
            first_rating=_odds(first, default.first_rating),  # type: ignore[arg-type]
            review_rating=_odds(recalled, default.review_rating),  # type: ignore[arg-type]
            timed_reviews=timed,
        )

    def for_simulator(self) -> SimulatorCosts:
        return SimulatorCosts(self.seconds, self.first_rating, self.review_rating)


def _odds(counts: list[int], default: Sequence[float]) -> tuple[float, ...]:
    n = sum(counts)
    return tuple(c / n for c in counts) if n >= MIN_TIMED else tuple(default)


@dataclass(frozen=True)
class RetentionOption:
    """What the simulator says one desired retention costs and gives."""

    retention: float
    minutes_per_day: float  # mean study time per day over the span
    reviews_per_day: float  # mean reviews per day, new cards included
    remembered: float  # cards remembered (sum of recall probabilities) at the end


@dataclass(frozen=True)
class DeckPlan:
    """The deck and limits the simulator plays forward."""

    deck_size: int = 10_000
    learn_span_days: int = 365
    new_per_day: int = 20
    reviews_per_day: int = 9_999
    maximum_interval: int = 36_500

    def __post_init__(self) -> None:
        for name in (
            "deck_size",
            "learn_span_days",
            "new_per_day",
            "reviews_per_day",
            "maximum_interval",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}: must be a whole number >= 1, got {value!r}")

    def simulator_settings(self) -> dict[str, int | float]:
        return {
            "deck_size": self.deck_size,
            "learn_span": self.learn_span_days,
            "learn_limit": self.new_per_day,
            "review_limit": self.reviews_per_day,
            "max_ivl": float(self.maximum_interval),
        }


def retention_options(
    parameters: Sequence[float] | None = None,
    plan: DeckPlan | None = None,
    costs: ReviewCosts | None = None,
    retentions: Sequence[float] = RETENTIONS,
    *,
    seed: int = 42,
) -> list[RetentionOption]:
    """The simulator's study time and remembered cards for each desired retention."""
    params = DEFAULT_PARAMETERS if parameters is None else validate_parameters(parameters)
    plan = plan or DeckPlan()
    sim_costs = (costs or ReviewCosts.defaults()).for_simulator()
    options = []
    for retention in retentions:
        if not 0.5 <= retention < 1.0:
            raise ValueError(f"retention: must be in [0.5, 1), got {retention!r}")
        days = rs_simulate(params, retention, plan.simulator_settings(), sim_costs, seed=seed)
        span = max(1, len(days.cost_seconds))
        options.append(
            RetentionOption(
                retention=retention,
                minutes_per_day=sum(days.cost_seconds) / span / 60.0,
                reviews_per_day=sum(days.reviews) / span,
                remembered=days.remembered[-1] if days.remembered else 0.0,
            )
        )
    return options


def suggest_retention(
    parameters: Sequence[float] | None = None,
    plan: DeckPlan | None = None,
    costs: ReviewCosts | None = None,
) -> float:
    """The desired retention fsrs-rs's simulator finds best: the least study time per
    remembered card (searched between 0.70 and 0.95)."""
    params = DEFAULT_PARAMETERS if parameters is None else validate_parameters(parameters)
    plan = plan or DeckPlan()
    sim_costs = (costs or ReviewCosts.defaults()).for_simulator()
    return rs_optimal_retention(params, plan.simulator_settings(), sim_costs)
