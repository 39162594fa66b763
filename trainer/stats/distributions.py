"""Distributions of card intervals and difficulties, from exact value counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Interval buckets in days: (label, lowest, highest inclusive; None = no upper bound).
INTERVAL_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1d", 1, 1),
    ("2d", 2, 2),
    ("3-6d", 3, 6),
    ("1-2w", 7, 13),
    ("2w-1mo", 14, 30),
    ("1-3mo", 31, 90),
    ("3-6mo", 91, 182),
    ("6mo-1y", 183, 365),
    ("1-2y", 366, 730),
    ("2y+", 731, None),
)
DIFFICULTY_BINS = 10  # FSRS difficulty 1..10 shown as 0-100 %, in 10 % steps


@dataclass(frozen=True)
class Bucket:
    label: str
    low: float
    high: float | None
    count: int


@dataclass(frozen=True)
class Distribution:
    buckets: tuple[Bucket, ...]
    count: int
    mean: float | None
    median: float | None
    p90: float | None


def percentile(counts: Mapping[int, int], fraction: float) -> float | None:
    """The lower ``fraction`` percentile of integer values given as ``{value: count}``."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, -(-int(fraction * total * 1_000_000) // 1_000_000))  # ceil, float-safe
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return float(value)
    return float(max(counts))


def interval_distribution(counts: Mapping[int, int]) -> Distribution:
    """Review-card intervals (days) from ``{interval: cards}``; intervals < 1 count as 1."""
    clean: dict[int, int] = {}
    for value, n in counts.items():
        clean[max(int(value), 1)] = clean.get(max(int(value), 1), 0) + int(n)
    total = sum(clean.values())
    buckets = []
    for label, low, high in INTERVAL_BUCKETS:
        n = sum(c for v, c in clean.items() if v >= low and (high is None or v <= high))
        buckets.append(Bucket(label, low, high, n))
    mean = sum(v * c for v, c in clean.items()) / total if total else None
    # The median is the middle value (the lower middle for an even count), as Anki shows it.
    return Distribution(tuple(buckets), total, mean, percentile(clean, 0.5), percentile(clean, 0.9))


def difficulty_distribution(bins: Mapping[int, int], mean: float | None) -> Distribution:
    """Difficulty from ``{bin 0..9: cards}``, bin = floor((D - 1) / 9 * 10) clamped to 9."""
    buckets = tuple(
        Bucket(
            f"{10 * i}-{10 * (i + 1)}%",
            i / DIFFICULTY_BINS,
            (i + 1) / DIFFICULTY_BINS,
            int(bins.get(i, 0)),
        )
        for i in range(DIFFICULTY_BINS)
    )
    total = sum(b.count for b in buckets)
    return Distribution(buckets, total, mean, None, None)
