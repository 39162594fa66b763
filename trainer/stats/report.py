"""Everything the stats screen shows, as plain frozen data (``StatsReport.to_dict`` is JSON).

Counts are plain ints, rates are floats in [0, 1] (``None`` when nothing was counted),
times are epoch milliseconds UTC or milliseconds of duration, days are scheduler day
numbers with their local ISO date beside them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from trainer.stats.calibration import Calibration
from trainer.stats.distributions import Distribution
from trainer.stats.retention import RetentionWindow
from trainer.stats.streak import Streak


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class DayActivity:
    """One scheduler day of reviews."""

    day: int
    date: str  # the local calendar date the day starts on (ISO)
    reviews: int
    passes: int  # rated above Again (the first counted attempt was right)
    time_ms: int  # answering time (sum of response times)
    new_learned: int  # first reviews of new problems
    overrides: int
    # True retention that day: reviews of cards with an interval of a day or more (as in
    # the 7/30/365-day windows), and how many of them passed.
    retention_reviews: int = 0
    retention_passes: int = 0

    @property
    def accuracy(self) -> float | None:
        return rate(self.passes, self.reviews)

    @property
    def retention(self) -> float | None:
        """The day's true retention, or None on a day without such reviews."""
        return rate(self.retention_passes, self.retention_reviews)


@dataclass(frozen=True)
class ForecastDay:
    offset: int  # 0 = today (overdue cards are counted today)
    date: str
    review: int
    learning: int  # learning and relearning steps

    @property
    def total(self) -> int:
        return self.review + self.learning


@dataclass(frozen=True)
class CardStates:
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int
    leeches: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.relearning


@dataclass(frozen=True)
class DeckBreakdown:
    key: str
    name: str
    states: CardStates
    due_today: int  # reviews today's drill shows (under the daily limit)
    reviews_30d: int
    passes_30d: int
    # the rest of today's drill: new (under the limit) and (re)learning steps due today;
    # the practice layer fills all three from its one source of today's counts
    today_new: int = 0
    today_learning: int = 0


@dataclass(frozen=True)
class TagBreakdown:
    tag: str
    states: CardStates
    reps: int  # reviews of the tag's cards, all time
    lapses: int


@dataclass(frozen=True)
class ProblemSignal:
    """A problem that keeps failing: most lapses first; leeches flagged."""

    deck_key: str
    problem_key: str
    prompt: str
    lapses: int
    reps: int
    leech: bool


@dataclass(frozen=True)
class StatsReport:
    generated_at: int  # epoch ms UTC
    deck: str | None  # deck key, None = the whole collection
    today: DayActivity
    history: tuple[DayActivity, ...]  # the last 30 days, oldest first, today last
    streak: Streak
    retention: tuple[RetentionWindow, ...]
    calibration: Calibration
    calibration_days: int
    forecast: tuple[ForecastDay, ...]
    states: CardStates
    intervals: Distribution
    difficulty: Distribution
    response_ms_avg_30d: float | None
    overrides_30d: int
    decks: tuple[DeckBreakdown, ...]
    tags: tuple[TagBreakdown, ...]
    most_failed: tuple[ProblemSignal, ...]
    leeches: tuple[ProblemSignal, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the derived rates and totals written out."""
        out = asdict(self)
        out["calibration"] = self.calibration.to_dict()
        out["today"]["accuracy"] = self.today.accuracy
        for row, day in zip(out["history"], self.history, strict=True):
            row["accuracy"] = day.accuracy
            row["retention"] = day.retention
        for row, forecast_day in zip(out["forecast"], self.forecast, strict=True):
            row["total"] = forecast_day.total
        out["states"]["total"] = self.states.total
        for row, deck in zip(out["decks"], self.decks, strict=True):
            row["states"]["total"] = deck.states.total
            row["pass_rate_30d"] = rate(deck.passes_30d, deck.reviews_30d)
        for row, tag in zip(out["tags"], self.tags, strict=True):
            row["states"]["total"] = tag.states.total
        return out
