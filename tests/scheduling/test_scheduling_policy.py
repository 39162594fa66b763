"""The rating policy table, its thresholds, and overrides."""

from __future__ import annotations

import json

import pytest

from trainer.domain import CardPhase, Override, Rating, Reason, Verdict
from trainer.scheduling.policy import (
    AttemptSummary,
    PolicyThresholds,
    ThresholdError,
    apply_override,
    deck_median_ms,
    rate,
)

A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY
NEW, LEARN, REVIEW, RELEARN = (
    CardPhase.NEW,
    CardPhase.LEARNING,
    CardPhase.REVIEW,
    CardPhase.RELEARNING,
)
MEDIAN = 10_000  # the learner's median on the deck: 10 s

# (id, first_correct, attempts, response_ms, phase, median_ms, revealed, hint_used, rating)
TABLE = [
    ("right-first-try", True, 1, 8_000, REVIEW, MEDIAN, False, False, G),
    ("right-first-try-new-card", True, 1, 8_000, NEW, MEDIAN, False, False, G),
    ("wrong-then-right", False, 2, 8_000, REVIEW, MEDIAN, False, False, A),
    ("wrong-three-times-then-right", False, 4, 30_000, LEARN, MEDIAN, False, False, A),
    ("wrong-then-revealed", False, 1, 8_000, REVIEW, MEDIAN, True, False, A),
    ("revealed-without-trying", False, 0, 5_000, REVIEW, MEDIAN, True, False, A),
    ("wrong-fast", False, 1, 1_000, REVIEW, MEDIAN, False, False, A),
    ("right-after-hint", True, 1, 8_000, REVIEW, MEDIAN, False, True, H),
    ("right-after-hint-and-fast", True, 1, 1_000, REVIEW, MEDIAN, False, True, H),
    ("right-but-slow", True, 1, 20_001, REVIEW, MEDIAN, False, False, H),
    ("right-exactly-twice-median", True, 1, 20_000, REVIEW, MEDIAN, False, False, G),
    ("right-very-slow-capped-still-hard", True, 1, 600_000, REVIEW, MEDIAN, False, False, H),
    ("right-fast-in-review", True, 1, 4_999, REVIEW, MEDIAN, False, False, E),
    ("right-exactly-half-median", True, 1, 5_000, REVIEW, MEDIAN, False, False, G),
    ("right-fast-but-learning", True, 1, 1_000, LEARN, MEDIAN, False, False, G),
    ("right-fast-but-relearning", True, 1, 1_000, RELEARN, MEDIAN, False, False, G),
    ("right-fast-but-new", True, 1, 1_000, NEW, MEDIAN, False, False, G),
    ("right-slow-no-history", True, 1, 50_000, REVIEW, None, False, False, G),
    ("right-fast-no-history", True, 1, 500, REVIEW, None, False, False, G),
    ("right-after-hint-no-history", True, 1, 500, REVIEW, None, False, True, H),
    ("slow-median-cap-hides-slowness", True, 1, 90_000, REVIEW, 40_000, False, False, G),
]


@pytest.mark.parametrize(
    ("first_correct", "attempts", "response_ms", "phase", "median_ms", "revealed", "hint", "want"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_rating_policy_table(
    first_correct: bool,
    attempts: int,
    response_ms: int,
    phase: CardPhase,
    median_ms: int | None,
    revealed: bool,
    hint: bool,
    want: Rating,
) -> None:
    summary = AttemptSummary(
        first_correct=first_correct,
        attempts=attempts,
        response_ms=response_ms,
        phase=phase,
        median_ms=median_ms,
        revealed=revealed,
        hint_used=hint,
    )
    assert rate(summary) is want


def test_thresholds_change_the_verdicts() -> None:
    summary = AttemptSummary(True, 1, 15_000, REVIEW, median_ms=MEDIAN)
    assert rate(summary) is G
    assert rate(summary, PolicyThresholds(slow_factor=1.4)) is H
    hinted = AttemptSummary(True, 1, 8_000, REVIEW, median_ms=MEDIAN, hint_used=True)
    assert rate(hinted, PolicyThresholds(hint_gives_hard=False)) is G
    quick = AttemptSummary(True, 1, 4_000, REVIEW, median_ms=MEDIAN)
    assert rate(quick, PolicyThresholds(fast_factor=0.0)) is G  # Easy turned off
    capped = AttemptSummary(True, 1, 90_000, REVIEW, median_ms=10_000)
    assert rate(capped, PolicyThresholds(response_cap_ms=15_000)) is G  # 15 s < 2 x 10 s


def test_unparseable_and_timed_out_input_never_counts_as_an_attempt() -> None:
    unreadable = Verdict(False, Reason.UNPARSEABLE, "could not read")
    timeout = Verdict(False, Reason.TIMEOUT, "check timed out")
    empty = Verdict(False, Reason.EMPTY, "empty")
    right = Verdict(True, Reason.EQUAL, "right")
    wrong = Verdict(False, Reason.WRONG_VALUE, "wrong")
    summary = AttemptSummary.from_verdicts(
        [unreadable, timeout, empty, right], response_ms=8_000, phase=REVIEW, median_ms=MEDIAN
    )
    assert (summary.first_correct, summary.attempts) == (True, 1)
    assert rate(summary) is G
    summary = AttemptSummary.from_verdicts(
        [unreadable, wrong, right], response_ms=8_000, phase=REVIEW
    )
    assert (summary.first_correct, summary.attempts) == (False, 2)
    assert rate(summary) is A
    with pytest.raises(ValueError, match="needs a counted attempt or a revealed answer"):
        AttemptSummary.from_verdicts([unreadable, timeout], response_ms=8_000, phase=REVIEW)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(first_correct=True, attempts=0, revealed=True), "first_correct: there was no"),
        (dict(first_correct=False, attempts=-1), "attempts: cannot be negative"),
        (dict(first_correct=True, attempts=1, response_ms=-5), "response_ms: cannot be negative"),
        (dict(first_correct=True, attempts=1, median_ms=0), "median_ms: must be positive"),
    ],
    ids=["correct-without-attempt", "negative-attempts", "negative-time", "zero-median"],
)
def test_impossible_summaries_are_refused(kwargs: dict, message: str) -> None:
    fields = dict(response_ms=1_000, phase=REVIEW) | kwargs
    with pytest.raises(ValueError, match=message):
        AttemptSummary(**fields)


def test_thresholds_round_trip_through_json() -> None:
    custom = PolicyThresholds(response_cap_ms=45_000, slow_factor=2.5, fast_factor=0.4)
    data = json.loads(json.dumps(custom.to_dict()))
    assert PolicyThresholds.from_dict(data) == custom
    assert PolicyThresholds.from_dict({}) == PolicyThresholds()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"slow_factor": 0.9}, "slow_factor", "must be above 1"),
        ({"slow_factor": "2"}, "slow_factor", "must be a number"),
        ({"fast_factor": 1.0}, "fast_factor", "below 1"),
        ({"fast_factor": -0.1}, "fast_factor", "at least 0"),
        ({"response_cap_ms": 500}, "response_cap_ms", "between 1000"),
        ({"response_cap_ms": 2.5}, "response_cap_ms", "whole number"),
        ({"min_history": 0}, "min_history", "between 1 and"),
        ({"hint_gives_hard": "yes"}, "hint_gives_hard", "true or false"),
        ({"easy_factor": 0.3}, "easy_factor", "unknown rating-policy setting"),
    ],
    ids=[
        "slow-below-1",
        "slow-string",
        "fast-1",
        "fast-negative",
        "cap-too-small",
        "cap-float",
        "history-0",
        "hint-string",
        "unknown-key",
    ],
)
def test_bad_thresholds_name_their_field(data: dict, field: str, message: str) -> None:
    with pytest.raises(ThresholdError, match=f"^{field}: .*{message}") as info:
        PolicyThresholds.from_dict(data)
    assert info.value.field == field


def test_default_thresholds_are_valid_and_documented_values() -> None:
    t = PolicyThresholds().validate()
    assert (t.response_cap_ms, t.slow_factor, t.fast_factor) == (60_000, 2.0, 0.5)


def test_deck_median_caps_times_and_waits_for_enough_history() -> None:
    assert deck_median_ms([5_000] * 19) is None
    times = [4_000] * 10 + [300_000] * 11  # the long ones count as 60 s
    assert deck_median_ms(times) == 60_000
    assert deck_median_ms([1_000, 3_000], PolicyThresholds(min_history=2)) == 2_000


def test_overrides_are_good_and_again() -> None:
    assert apply_override(Override.ACCEPT) is G
    assert apply_override(Override.REJECT) is A
