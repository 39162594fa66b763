"""Fitting personal parameters with fsrs-rs-python on a seeded synthetic history."""

from __future__ import annotations

import random

import fsrs
import pytest

from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS
from trainer.scheduling.fsrs_math import Fsrs6
from trainer.scheduling.optimizer import (
    MIN_REVIEWS,
    count_predictable,
    evaluate,
    fit,
    history_from_days,
    score,
    train,
    training_set,
)


def simulate(cards: int, seed: int) -> list[list[tuple[int, int]]]:
    """A learner whose memory is much weaker than the default model believes.

    The schedule follows the default model; recall is drawn from the 'true' one, whose
    stabilities are a third of the model's, so the fit has something to find."""
    rng = random.Random(seed)
    model = Fsrs6(DEFAULT_PARAMETERS)
    histories = []
    for _ in range(cards):
        first = rng.choice([1, 3, 3, 3, 4])
        s, d = model.initial_stability(first), model.initial_difficulty(first)
        history = [(first, 0)]
        true_s = s / 3
        ivl = model.next_interval(s)
        for _ in range(rng.randrange(3, 9)):
            elapsed = ivl
            recalled = rng.random() < model.retrievability(elapsed, true_s)
            rating = rng.choice([2, 3, 3, 3, 3, 4]) if recalled else 1
            r = model.retrievability(elapsed, s)
            s = model.next_stability(d, s, r, rating)
            true_s = model.next_stability(d, true_s, model.retrievability(elapsed, true_s), rating)
            d = model.next_difficulty(d, rating)
            history.append((rating, elapsed))
            ivl = model.next_interval(s)
        histories.append(history)
    return histories


@pytest.fixture(scope="module")
def synthetic() -> list[list[tuple[int, int]]]:
    return simulate(800, seed=11)


def test_fit_improves_log_loss_on_a_synthetic_learner(synthetic) -> None:
    assert count_predictable(synthetic) > 3_000
    result = fit(synthetic)
    assert result.improved
    assert result.after.log_loss < result.before.log_loss - 0.005
    assert result.after.rmse_bins < result.before.rmse_bins
    # fsrs-rs sums in parallel: a re-evaluation agrees to float32 precision, not bit for bit.
    again_before = evaluate(synthetic)
    again_after = evaluate(synthetic, result.parameters)
    assert again_before.log_loss == pytest.approx(result.before.log_loss, rel=1e-5)
    assert again_before.rmse_bins == pytest.approx(result.before.rmse_bins, rel=1e-3)
    assert again_after.log_loss == pytest.approx(result.after.log_loss, rel=1e-5)
    assert result.reviews == count_predictable(synthetic)
    assert result.cards == 800
    # The weaker memory shows: a first Good is now believed to last less long.
    assert result.parameters[2] < DEFAULT_PARAMETERS[2]
    # The parameters load into py-fsrs as they are.
    scheduler = fsrs.Scheduler(parameters=result.parameters)
    assert scheduler.parameters == result.parameters


def test_fit_refuses_too_little_history_with_a_clear_message(synthetic) -> None:
    few = synthetic[:40]
    predictable = count_predictable(few)
    assert predictable < MIN_REVIEWS
    with pytest.raises(
        ValueError,
        match=f"not enough review history.*{predictable} reviews .* {MIN_REVIEWS} needed",
    ):
        fit(few)


@pytest.mark.parametrize(
    ("histories", "message"),
    [
        ([[(3, 0), (5, 2)]], r"history 0, review 1: rating must be 1-4, got 5"),
        ([[(3, 0)], [(3, 0), (3, -1)]], r"history 1, review 1: elapsed days must be .* got -1"),
        ([[(3, 0), (3, 1.5)]], r"history 0, review 1: elapsed days must be a whole number"),
    ],
    ids=["bad-rating", "negative-days", "fractional-days"],
)
def test_bad_histories_say_where(histories, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fit(histories, min_reviews=1)


def test_history_from_day_numbers() -> None:
    assert history_from_days([(3, 100), (3, 100), (1, 103), (3, 110)]) == [
        (3, 0),
        (3, 0),
        (1, 3),
        (3, 7),
    ]
    with pytest.raises(ValueError, match="review 1: day 99 comes before"):
        history_from_days([(3, 100), (3, 99)])


def test_fit_steps_can_be_run_apart_and_agree_with_fit(synthetic) -> None:
    data = training_set(synthetic)
    assert (data.reviews, data.cards) == (count_predictable(synthetic), 800)
    parameters = train(data)
    assert parameters == fit(synthetic).parameters  # fsrs-rs training is seeded
    assert score(data, parameters).log_loss < score(data, DEFAULT_PARAMETERS).log_loss
    with pytest.raises(ValueError, match="not enough review history"):
        training_set(synthetic[:10])
    with pytest.raises(ValueError, match="epochs: must be at least 1"):
        train(data, epochs=0)
