"""True retention, Anki's definition, split into young and mature cards.

A review counts when it has a rating and the card had an interval of at least one day
before it (a Review-phase card, or a learning step of a day or more). It is a pass when
the rating is above Again. The card is mature when that previous interval was at least
21 days, young otherwise (learning steps are always young). A window of ``n`` days holds
today and the ``n - 1`` scheduler days before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MATURE_DAYS = 21
WINDOWS = (7, 30, 365)


def _rate(passes: int, reviews: int) -> float | None:
    return passes / reviews if reviews else None


@dataclass(frozen=True)
class RetentionCell:
    reviews: int
    passes: int
    rate: float | None

    @classmethod
    def of(cls, reviews: int, passes: int) -> RetentionCell:
        return cls(reviews, passes, _rate(passes, reviews))


@dataclass(frozen=True)
class RetentionWindow:
    days: int
    young: RetentionCell
    mature: RetentionCell
    total: RetentionCell


@dataclass(frozen=True)
class ReviewFacts:
    """What true retention needs of one review."""

    day: int  # scheduler day the review fell on
    rating: int
    previous_interval_days: int | None  # the card's interval before it; None = no interval
    interval_is_learning_step: bool = False  # a learning step of a day or more (always young)


def retention_windows(
    counts: Mapping[tuple[int, bool], tuple[int, int]], windows: Iterable[int] = WINDOWS
) -> tuple[RetentionWindow, ...]:
    """Windows from ``{(window days, mature): (reviews, passes)}`` counts."""
    out = []
    for days in windows:
        young = counts.get((days, False), (0, 0))
        mature = counts.get((days, True), (0, 0))
        out.append(
            RetentionWindow(
                days,
                RetentionCell.of(*young),
                RetentionCell.of(*mature),
                RetentionCell.of(young[0] + mature[0], young[1] + mature[1]),
            )
        )
    return tuple(out)


def true_retention(
    facts: Iterable[ReviewFacts], today: int, windows: Iterable[int] = WINDOWS
) -> tuple[RetentionWindow, ...]:
    """True retention over plain review records (the reference the SQL path must match)."""
    windows = tuple(windows)
    counts: dict[tuple[int, bool], list[int]] = {}
    for fact in facts:
        interval = fact.previous_interval_days
        if interval is None or interval < 1 or fact.rating < 1:
            continue
        mature = not fact.interval_is_learning_step and interval >= MATURE_DAYS
        for days in windows:
            if today - days < fact.day <= today:
                cell = counts.setdefault((days, mature), [0, 0])
                cell[0] += 1
                cell[1] += fact.rating > 1
    return retention_windows({k: (v[0], v[1]) for k, v in counts.items()}, windows)
