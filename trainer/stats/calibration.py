"""FSRS calibration: mean predicted retrievability against the observed pass rate, in bins.

Bins follow fsrs-rs (the library Anki's FSRS evaluation uses): 20 bins on a logarithmic
scale that is finer near R = 1, ``bin = clamp(floor(21 ** p) - 1, 0, 19)``. RMSE(bins) is
the review-weighted root mean square of (mean predicted R - pass rate) over the bins, as
the FSRS papers and benchmarks define it:
``sqrt(sum(n_b * (mean_p_b - mean_y_b) ** 2) / sum(n_b))``. A pass is any rating above
Again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

BINS = 20


def bin_of(predicted: float) -> int:
    """The calibration bin of a predicted retrievability in [0, 1]."""
    return min(max(math.floor((BINS + 1) ** predicted) - 1, 0), BINS - 1)


def bin_range(index: int) -> tuple[float, float]:
    """The predicted-R interval ``[low, high)`` that falls in bin ``index``."""
    low = 0.0 if index == 0 else math.log(index + 1, BINS + 1)
    high = 1.0 if index == BINS - 1 else math.log(index + 2, BINS + 1)
    return low, high


@dataclass(frozen=True)
class CalibrationBin:
    index: int
    reviews: int
    predicted_sum: float
    passes: int

    @property
    def mean_predicted(self) -> float:
        return self.predicted_sum / self.reviews

    @property
    def pass_rate(self) -> float:
        return self.passes / self.reviews


@dataclass(frozen=True)
class Calibration:
    """Calibration bins (non-empty ones, by index) and their RMSE; ``None`` without data."""

    bins: tuple[CalibrationBin, ...]
    rmse_bins: float | None
    reviews: int

    def to_dict(self) -> dict[str, object]:
        return {
            "reviews": self.reviews,
            "rmse_bins": self.rmse_bins,
            "bins": [
                {
                    "bin": b.index,
                    "range": list(bin_range(b.index)),
                    "reviews": b.reviews,
                    "mean_predicted": b.mean_predicted,
                    "pass_rate": b.pass_rate,
                }
                for b in self.bins
            ],
        }


def calibration_from_bins(bins: Iterable[CalibrationBin]) -> Calibration:
    """Merge bins with the same index (sums from several queries) and compute RMSE(bins)."""
    merged: dict[int, list[float]] = {}
    for b in bins:
        if b.reviews <= 0:
            continue
        cell = merged.setdefault(b.index, [0, 0.0, 0])
        cell[0] += b.reviews
        cell[1] += b.predicted_sum
        cell[2] += b.passes
    ordered = tuple(
        CalibrationBin(index, int(n), total, int(passes))
        for index, (n, total, passes) in sorted(merged.items())
    )
    reviews = sum(b.reviews for b in ordered)
    if not reviews:
        return Calibration((), None, 0)
    square = sum(b.reviews * (b.mean_predicted - b.pass_rate) ** 2 for b in ordered)
    return Calibration(ordered, math.sqrt(square / reviews), reviews)


def calibrate(predictions: Iterable[tuple[float, bool]]) -> Calibration:
    """Calibration of ``(predicted R, passed)`` pairs."""
    sums: dict[int, list[float]] = {}
    for predicted, passed in predictions:
        cell = sums.setdefault(bin_of(predicted), [0, 0.0, 0])
        cell[0] += 1
        cell[1] += predicted
        cell[2] += 1 if passed else 0
    return calibration_from_bins(
        CalibrationBin(i, int(n), s, int(p)) for i, (n, s, p) in sums.items()
    )
