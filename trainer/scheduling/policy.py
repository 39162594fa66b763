"""The rating policy: the program's verdict, the attempts and the time decide the rating.

The learner never rates themselves. ``rate()`` is the whole policy, a pure function of
an ``AttemptSummary`` and ``PolicyThresholds``; docs/rating-policy.md explains each rule
and why Easy is rare. Input that is not an attempt (unparseable, empty, too long, or a
check that timed out) never reaches the policy: ``AttemptSummary`` only counts attempts,
and ``AttemptSummary.from_verdicts`` drops the others.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from trainer.domain import CardPhase, Override, Rating, Verdict


class ThresholdError(ValueError):
    """A policy setting is out of range; ``field`` names it for the settings screen."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class PolicyThresholds:
    """The policy's settings. Factors are multiples of the learner's median response time
    on the deck; times are milliseconds."""

    response_cap_ms: int = 60_000  # longer answers count as this long (Anki caps at 60 s)
    slow_factor: float = 2.0  # correct but slower than this x median -> Hard
    fast_factor: float = 0.5  # correct, Review phase, faster than this x median -> Easy
    hint_gives_hard: bool = True  # a correct answer after a hint -> Hard
    min_history: int = 20  # answers on the deck needed before the median is trusted

    def validate(self) -> PolicyThresholds:
        """Raise ``ThresholdError`` (a ValueError) naming the first bad field; return self."""
        _check_int(self.response_cap_ms, "response_cap_ms")
        if not 1_000 <= self.response_cap_ms <= 3_600_000:
            raise ThresholdError(
                "response_cap_ms",
                f"must be between 1000 (1 s) and 3600000 (1 h), got {self.response_cap_ms}",
            )
        _check_number(self.slow_factor, "slow_factor")
        if not 1.0 < self.slow_factor <= 100.0:
            raise ThresholdError(
                "slow_factor", f"must be above 1 and at most 100, got {self.slow_factor}"
            )
        _check_number(self.fast_factor, "fast_factor")
        if not 0.0 <= self.fast_factor < 1.0:
            raise ThresholdError(
                "fast_factor",
                f"must be at least 0 (0 turns Easy off) and below 1, got {self.fast_factor}",
            )
        if not isinstance(self.hint_gives_hard, bool):
            raise ThresholdError(
                "hint_gives_hard", f"must be true or false, got {self.hint_gives_hard!r}"
            )
        _check_int(self.min_history, "min_history")
        if not 1 <= self.min_history <= 100_000:
            raise ThresholdError(
                "min_history", f"must be between 1 and 100000, got {self.min_history}"
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyThresholds:
        """Settings from JSON; missing fields take defaults, unknown ones are an error."""
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise ThresholdError(str(key), f"unknown rating-policy setting {key!r}")
        return cls(**data).validate()


def _check_int(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ThresholdError(name, f"must be a whole number, got {value!r}")


def _check_number(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ThresholdError(name, f"must be a number, got {value!r}")


DEFAULT_THRESHOLDS = PolicyThresholds()


@dataclass(frozen=True)
class AttemptSummary:
    """What happened while one problem was shown, as far as the rating is concerned.

    ``attempts`` counts only real attempts: input the checker could not read, or whose
    check timed out, is not an attempt and has no place here. ``response_ms`` runs from
    showing the problem to submitting the first counted attempt. ``median_ms`` is the
    learner's median response time on the deck, or None while there is too little history.
    ``phase`` is the card's phase before this review.
    """

    first_correct: bool
    attempts: int
    response_ms: int
    phase: CardPhase
    median_ms: int | None = None
    revealed: bool = False
    hint_used: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int):
            raise ValueError(f"attempts: must be a whole number, got {self.attempts!r}")
        if self.attempts < 0:
            raise ValueError(f"attempts: cannot be negative, got {self.attempts}")
        if self.attempts == 0 and self.first_correct:
            raise ValueError("first_correct: there was no counted attempt to be correct")
        if self.attempts == 0 and not self.revealed:
            raise ValueError("attempts: a review needs a counted attempt or a revealed answer")
        if self.response_ms < 0:
            raise ValueError(f"response_ms: cannot be negative, got {self.response_ms}")
        if self.median_ms is not None and self.median_ms <= 0:
            raise ValueError(f"median_ms: must be positive or None, got {self.median_ms}")

    @classmethod
    def from_verdicts(
        cls,
        verdicts: Iterable[Verdict],
        *,
        response_ms: int,
        phase: CardPhase,
        median_ms: int | None = None,
        revealed: bool = False,
        hint_used: bool = False,
    ) -> AttemptSummary:
        """Summarise the verdicts of one showing; the ones that are not attempts are dropped."""
        counted = [v for v in verdicts if v.counts_as_attempt]
        return cls(
            first_correct=bool(counted) and counted[0].correct,
            attempts=len(counted),
            response_ms=response_ms,
            phase=phase,
            median_ms=median_ms,
            revealed=revealed,
            hint_used=hint_used,
        )


def rate(outcome: AttemptSummary, thresholds: PolicyThresholds = DEFAULT_THRESHOLDS) -> Rating:
    """The FSRS rating for one review (see docs/rating-policy.md)."""
    if not outcome.first_correct:
        return Rating.AGAIN  # wrong first try, or revealed: later success is trial and error
    if thresholds.hint_gives_hard and outcome.hint_used:
        return Rating.HARD
    median = outcome.median_ms
    if median is None:
        return Rating.GOOD
    elapsed = min(outcome.response_ms, thresholds.response_cap_ms)
    if elapsed > thresholds.slow_factor * median:
        return Rating.HARD
    if outcome.phase == CardPhase.REVIEW and elapsed < thresholds.fast_factor * median:
        return Rating.EASY
    return Rating.GOOD


def deck_median_ms(
    response_times_ms: Sequence[int], thresholds: PolicyThresholds = DEFAULT_THRESHOLDS
) -> int | None:
    """The median of a learner's response times on a deck, each capped at the response
    cap; None when there are fewer than ``min_history`` of them."""
    if len(response_times_ms) < thresholds.min_history:
        return None
    cap = thresholds.response_cap_ms
    median = statistics.median(min(t, cap) for t in response_times_ms)
    return max(1, round(median))


def apply_override(override: Override) -> Rating:
    """The learner overruled the checker: "accept my answer" is Good, "count this as
    wrong" is Again, whatever the policy said."""
    if override is Override.ACCEPT:
        return Rating.GOOD
    if override is Override.REJECT:
        return Rating.AGAIN
    raise ValueError(f"override: unknown override {override!r}")
