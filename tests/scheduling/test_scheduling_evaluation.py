"""The numpy evaluator gives fsrs-rs's own figures: memory states, log loss, RMSE (bins)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from trainer.scheduling.evaluation import evaluate_log, stability_before
from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS
from trainer.scheduling.fsrs_rs_bridge import rs_evaluate, rs_items
from trainer.scheduling.review_log import ReviewLog

# Defaults, and a set with strong short-term terms and another decay, so every branch
# of the model (success, lapse, same-day Again/Hard/Good/Easy) weighs in the figures.
OTHER = list(DEFAULT_PARAMETERS)
OTHER[17], OTHER[18], OTHER[19], OTHER[20] = 0.8, 0.6, 0.3, 0.4
PARAMETER_SETS = [list(DEFAULT_PARAMETERS), OTHER]


def random_histories(seed: int, cards: int = 600) -> list[list[tuple[int, int]]]:
    rng = random.Random(seed)
    ratings = [1, 2, 3, 3, 3, 4]
    gaps = [0, 0, 1, 2, 3, 5, 8, 20, 100, 400]
    out = []
    for _ in range(cards):
        history = [(rng.choice(ratings), 0)]
        history += [(rng.choice(ratings), rng.choice(gaps)) for _ in range(rng.randint(0, 25))]
        out.append(history)
    return out


@pytest.mark.parametrize("parameters", PARAMETER_SETS)
def test_memory_states_equal_fsrs_rs(parameters: list[float]) -> None:
    histories = random_histories(1)
    log = ReviewLog.from_histories(histories)
    ours = stability_before(log, parameters)
    theirs = FSRS(parameters).historical_memory_state_batch(
        [FSRSItem([FSRSReview(r, e) for r, e in h]) for h in histories]
    )
    for card, (history, states) in enumerate(zip(histories, theirs, strict=True)):
        start = int(log.starts[card])
        assert np.isnan(ours[start])  # nothing before a card's first review
        for k in range(1, len(history)):
            # fsrs-rs computes in float32
            assert ours[start + k] == pytest.approx(states[k - 1].stability, rel=1e-4)


@pytest.mark.parametrize("parameters", PARAMETER_SETS)
@pytest.mark.parametrize("order", ["card", "shuffled time"])
def test_log_loss_and_rmse_equal_fsrs_rs_evaluate(parameters: list[float], order: str) -> None:
    histories = random_histories(2)
    n = sum(len(h) for h in histories)
    times = list(range(n)) if order == "card" else random.Random(3).sample(range(n), n)
    log = ReviewLog.from_histories(histories, times=times)
    log_loss, rmse = evaluate_log(log, parameters)
    # rs_items orders the items by time, as fsrs-rs's recency weighting expects
    reference = rs_evaluate(parameters, rs_items(log))
    assert log_loss == pytest.approx(reference.log_loss, abs=2e-5)
    assert rmse == pytest.approx(reference.rmse_bins, abs=2e-5)


def test_recent_reviews_weigh_more() -> None:
    """The same reviews in another time order score differently (recency weighting)."""
    histories = random_histories(4)
    n = sum(len(h) for h in histories)
    forward = ReviewLog.from_histories(histories, times=range(n))
    backward = ReviewLog.from_histories(histories, times=range(n, 0, -1))
    assert evaluate_log(forward, DEFAULT_PARAMETERS) != evaluate_log(backward, DEFAULT_PARAMETERS)
    reference = rs_evaluate(DEFAULT_PARAMETERS, rs_items(backward))
    assert evaluate_log(backward, DEFAULT_PARAMETERS)[0] == pytest.approx(
        reference.log_loss, abs=2e-5
    )


def test_better_parameters_score_better() -> None:
    """Histories drawn from a sharp forgetting curve: its own parameters beat others."""
    rng = random.Random(7)
    truth = list(DEFAULT_PARAMETERS)
    histories = []
    for _ in range(1500):
        history, stability = [(3, 0)], truth[2]
        for _ in range(8):
            gap = rng.choice([1, 2, 4, 8, 16])
            recall = (1 + 19 / 81 * gap / stability) ** -0.5
            rating = 3 if rng.random() < recall else 1
            stability = stability * 2.5 if rating == 3 else max(0.5, stability / 3)
            history.append((rating, gap))
        histories.append(history)
    log = ReviewLog.from_histories(histories)
    wrong = list(DEFAULT_PARAMETERS)
    wrong[0:4] = [20.0, 30.0, 40.0, 50.0]  # remembers everything far too long
    assert evaluate_log(log, truth)[0] < evaluate_log(log, wrong)[0]


def test_no_predictable_review_is_an_error() -> None:
    log = ReviewLog.from_histories([[(3, 0), (3, 0)], [(1, 0)]])
    with pytest.raises(ValueError, match="nothing to evaluate"):
        evaluate_log(log, DEFAULT_PARAMETERS)


def test_parameters_must_be_fsrs6() -> None:
    log = ReviewLog.from_histories([[(3, 0), (3, 2)]])
    with pytest.raises(ValueError, match="21 FSRS-6 weights"):
        evaluate_log(log, DEFAULT_PARAMETERS[:19])
