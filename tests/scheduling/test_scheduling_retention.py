"""Choosing a desired retention: the learner's own costs and the simulator's trade-off."""

from __future__ import annotations

import pytest

from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS
from trainer.scheduling.retention import (
    MIN_TIMED,
    DeckPlan,
    ReviewCosts,
    retention_options,
    suggest_retention,
)

SMALL = DeckPlan(deck_size=300, learn_span_days=120, new_per_day=10)


def test_own_times_replace_defaults_where_there_are_enough() -> None:
    default = ReviewCosts.defaults()
    costs = ReviewCosts.from_counts(
        [
            (2, 3, 500, 4.0),  # review, Good: plenty, 4 s
            (2, 1, MIN_TIMED - 1, 30.0),  # review, Again: too few, default kept
            (0, 3, 60, 8.0),  # new cards count as learning
            (1, 3, 40, 2.0),  # learning, Good: 60 x 8 s and 40 x 2 s
            (3, 1, 30, 600.0),  # relearning, Again: capped at 60 s
            (2, 4, 100, 3.0),
            (2, 2, 100, 9.0),
            (0, 1, 20, 12.0),
            (7, 3, 999, 1.0),  # not a phase: ignored
        ]
    )
    assert costs.seconds[1][2] == 4.0
    assert costs.seconds[1][0] == default.seconds[1][0]
    assert costs.seconds[0][2] == pytest.approx((60 * 8 + 40 * 2) / 100)
    assert costs.seconds[2][0] == 60.0
    assert costs.seconds[0][1] == default.seconds[0][1]
    # first ratings: 20 Again, 60 Good on new cards; recalled review cards: Hard, Good, Easy
    assert costs.first_rating == pytest.approx((0.25, 0.0, 0.75, 0.0))
    assert costs.review_rating == pytest.approx((100 / 700, 500 / 700, 100 / 700))
    assert costs.timed_reviews == 500 + 19 + 60 + 40 + 30 + 100 + 100 + 20


def test_no_timed_reviews_means_the_defaults() -> None:
    assert ReviewCosts.from_counts([]) == ReviewCosts.defaults()


def test_higher_retention_costs_more_reviews_and_time() -> None:
    options = retention_options(DEFAULT_PARAMETERS, SMALL, retentions=(0.7, 0.8, 0.9))
    assert [o.retention for o in options] == [0.7, 0.8, 0.9]
    reviews = [o.reviews_per_day for o in options]
    minutes = [o.minutes_per_day for o in options]
    assert reviews == sorted(reviews) and reviews[0] < reviews[-1]
    assert minutes == sorted(minutes) and minutes[0] < minutes[-1]
    assert all(0 < o.remembered <= SMALL.deck_size for o in options)


def test_study_time_follows_the_learners_own_seconds() -> None:
    default = ReviewCosts.defaults()
    slow = ReviewCosts(
        seconds=tuple(tuple(2 * s for s in row) for row in default.seconds),  # type: ignore[arg-type]
        first_rating=default.first_rating,
        review_rating=default.review_rating,
    )
    [normal] = retention_options(DEFAULT_PARAMETERS, SMALL, default, (0.9,))
    [doubled] = retention_options(DEFAULT_PARAMETERS, SMALL, slow, (0.9,))
    # the simulator draws its days at random (same seed); the workload stays about the same
    assert doubled.reviews_per_day == pytest.approx(normal.reviews_per_day, rel=0.05)
    ratio = doubled.minutes_per_day / normal.minutes_per_day
    assert ratio == pytest.approx(2 * doubled.reviews_per_day / normal.reviews_per_day, rel=0.05)


def test_suggestion_is_in_the_searched_range() -> None:
    assert 0.7 <= suggest_retention(DEFAULT_PARAMETERS, SMALL) <= 0.95


@pytest.mark.parametrize(
    ("field", "value"), [("deck_size", 0), ("new_per_day", -1), ("learn_span_days", 1.5)]
)
def test_a_bad_plan_says_which_setting(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"{field}: must be a whole number >= 1"):
        DeckPlan(**{field: value})  # type: ignore[arg-type]


def test_a_retention_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="retention: must be in"):
        retention_options(DEFAULT_PARAMETERS, SMALL, retentions=(1.0,))
