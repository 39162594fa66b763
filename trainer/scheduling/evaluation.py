"""How well FSRS-6 parameters predict a review history: fsrs-rs's ``evaluate``, in numpy.

fsrs-rs evaluates one item per predictable review, each holding the card's whole history
up to it, in chunks padded to their longest item: on W1's 716,056 items that is 49 M
(card order) to 92 M (time order) review steps for 1 M reviews, 1.1-2 s a call. The
same figures come from one pass over each card's reviews: the memory state before every
review is computed once, for all cards at a time (review ``k`` of every card that has
one), and each predictable review's recall probability follows from it.

The metrics are fsrs-rs's (5.x, which fsrs-rs-python 0.9 wraps):

* items are weighted by recency, ``0.25 + 0.75 * (rank / (n - 1)) ** 3`` for the item
  ranked ``rank`` of ``n`` in time order;
* log loss is the weighted binary cross-entropy of recall (any rating but Again);
* RMSE (bins) groups items by interval, review count and lapse count (fsrs-rs's
  ``r_matrix_index``) and weighs each bin's squared calibration error by its items'
  weights.

The arithmetic is float64 where fsrs-rs's is float32, so figures agree to about 1e-6
(the tests compare the two on the same histories).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from trainer.scheduling.review_log import ReviewLog

FloatArray = npt.NDArray[np.float64]

STABILITY_MIN = 0.001
STABILITY_MAX = 36_500.0
DIFFICULTY_MIN = 1.0
DIFFICULTY_MAX = 10.0
_RETENTION_EPSILON = 1e-7  # keeps log() finite for predictions of exactly 0 or 1


def stability_before(log: ReviewLog, w: Sequence[float]) -> FloatArray:
    """The memory stability just before each review (NaN before a card's first)."""
    w = [float(x) for x in w]
    if len(w) != 21:
        raise ValueError(f"parameters: expected 21 FSRS-6 weights, got {len(w)}")
    ratings, elapsed = log.ratings, log.elapsed
    before = np.full(log.reviews, np.nan)
    if log.reviews == 0:
        return before
    lengths = np.diff(log.starts)
    by_length = np.argsort(-lengths, kind="stable")
    first = log.starts[:-1][by_length]  # cards, longest first
    sorted_lengths = lengths[by_length]
    # active[k]: how many cards have a review k (a prefix of the longest-first order)
    active = np.searchsorted(-sorted_lengths, -np.arange(int(sorted_lengths[0])), side="left")

    decay = -w[20]
    factor = 0.9 ** (1.0 / decay) - 1.0
    initial = np.array([0.0, w[0], w[1], w[2], w[3]])
    d_easy = w[4] - math.exp(w[5] * 3.0) + 1.0  # mean reversion target: D0(Easy)
    success_scale = math.exp(w[8])
    forget_floor = math.exp(w[17] * w[18])

    r = ratings[first]
    s = np.clip(initial[r], STABILITY_MIN, STABILITY_MAX)
    d = np.clip(w[4] - np.exp(w[5] * (r - 1)) + 1.0, DIFFICULTY_MIN, DIFFICULTY_MAX)
    for k in range(1, len(active)):
        m = int(active[k])
        s, d = s[:m], d[:m]
        at = first[:m] + k
        r = ratings[at]
        t = elapsed[at]
        before[at] = s
        retention = (1.0 + factor * t / s) ** decay
        hard_easy = np.where(r == 2, w[15], np.where(r == 4, w[16], 1.0))
        success = s * (
            success_scale
            * (11.0 - d)
            * s ** (-w[9])
            * (np.exp((1.0 - retention) * w[10]) - 1.0)
            * hard_easy
            + 1.0
        )
        failure = np.minimum(
            w[11] * d ** (-w[12]) * ((s + 1.0) ** w[13] - 1.0) * np.exp((1.0 - retention) * w[14]),
            s / forget_floor,
        )
        sinc = np.exp(w[17] * (r - 3.0 + w[18])) * s ** (-w[19])
        short_term = s * np.where(r >= 2, np.maximum(sinc, 1.0), sinc)
        new_s = np.where(t == 0, short_term, np.where(r == 1, failure, success))
        new_d = d + (10.0 - d) / 9.0 * (-w[6] * (r - 3.0))
        new_d = w[7] * d_easy + (1.0 - w[7]) * new_d
        s = np.clip(new_s, STABILITY_MIN, STABILITY_MAX)
        d = np.clip(new_d, DIFFICULTY_MIN, DIFFICULTY_MAX)
    return before


def _bins(log: ReviewLog, items: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """fsrs-rs's ``r_matrix_index`` of each item, packed into one integer."""
    card_of = np.repeat(np.arange(log.cards), np.diff(log.starts))
    long_term = ((log.elapsed > 0) & ~log.first_mask()).astype(np.int64)
    lapse = long_term * (log.ratings == 1)
    # counts up to and including each review, within its card
    long_term_upto = np.cumsum(long_term)
    lapse_upto = np.cumsum(lapse)
    card_base = log.starts[:-1][card_of]
    long_term_before_card = long_term_upto[card_base] - long_term[card_base]
    lapse_before_card = lapse_upto[card_base] - lapse[card_base]
    length = long_term_upto[items] - long_term_before_card[items] + 1.0
    lapses = lapse_upto[items] - lapse[items] - lapse_before_card[items]  # before the item
    delta = log.elapsed[items].astype(np.float64)
    delta_bin = np.floor(np.log(delta) / math.log(3.62))
    length_bin = np.floor(np.log(length) / math.log(1.89))
    lapse_bin = np.where(lapses > 0, np.floor(np.log(np.maximum(lapses, 1)) / math.log(1.73)), -1)
    return (
        (delta_bin.astype(np.int64) + 64) * 1_000_000
        + (length_bin.astype(np.int64) + 64) * 1_000
        + (lapse_bin.astype(np.int64) + 64)
    )


def evaluate_log(log: ReviewLog, parameters: Sequence[float]) -> tuple[float, float]:
    """``(log loss, RMSE (bins))`` of the parameters on the log's predictable reviews.

    ValueError when no review is predictable."""
    items = log.predictable()
    n = len(items)
    if n == 0:
        raise ValueError("history: no review at least one day after another, nothing to evaluate")
    w = [float(x) for x in parameters]
    s = stability_before(log, w)[items]
    decay = -w[20]
    factor = 0.9 ** (1.0 / decay) - 1.0
    predicted = (1.0 + factor * log.elapsed[items] / s) ** decay
    recalled = (log.ratings[items] > 1).astype(np.float64)
    weights = 0.25 + 0.75 * (np.arange(n) / max(n - 1.0, 1.0)) ** 3
    clipped = np.clip(predicted, _RETENTION_EPSILON, 1.0 - _RETENTION_EPSILON)
    cross_entropy = -(recalled * np.log(clipped) + (1.0 - recalled) * np.log(1.0 - clipped))
    log_loss = float(np.sum(cross_entropy * weights) / np.sum(weights))

    bins = _bins(log, items)
    keys, inverse = np.unique(bins, return_inverse=True)
    count = np.bincount(inverse, minlength=len(keys))
    mean_predicted = np.bincount(inverse, weights=predicted, minlength=len(keys)) / count
    mean_actual = np.bincount(inverse, weights=recalled, minlength=len(keys)) / count
    bin_weight = np.bincount(inverse, weights=weights, minlength=len(keys))
    rmse = math.sqrt(
        float(np.sum((mean_predicted - mean_actual) ** 2 * bin_weight) / np.sum(bin_weight))
    )
    return log_loss, rmse
