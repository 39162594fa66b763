"""The pure computations on hand-made inputs."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from trainer.scheduling.days import SchedulerDay
from trainer.stats.calibration import bin_of, calibrate, calibration_from_bins
from trainer.stats.distributions import interval_distribution, percentile
from trainer.stats.local_days import day_number_ms, utc_offset_segments
from trainer.stats.retention import ReviewFacts, true_retention
from trainer.stats.streak import streak, streak_lengths


def test_calibration_bins_follow_fsrs_rs() -> None:
    # bin = floor(21 ** p) - 1, clamped to 0..19
    assert [bin_of(p) for p in (0.0, 0.3, 0.5, 0.52, 0.55, 0.9, 0.92, 1.0)] == [
        0,
        1,
        3,
        3,
        4,
        14,
        15,
        19,
    ]


def test_rmse_bins_by_hand() -> None:
    pairs = [(0.9, True), (0.92, False), (0.5, True), (0.55, False), (0.52, True)]
    result = calibrate(pairs)
    assert [(b.index, b.reviews, b.passes) for b in result.bins] == [
        (3, 2, 2),
        (4, 1, 0),
        (14, 1, 1),
        (15, 1, 0),
    ]
    assert result.bins[0].mean_predicted == pytest.approx(0.51)
    # bins 3: 0.51 vs 1; 4: 0.55 vs 0; 14: 0.9 vs 1; 15: 0.92 vs 0, weighted by reviews
    expected = math.sqrt((2 * 0.49**2 + 0.55**2 + 0.1**2 + 0.92**2) / 5)
    assert result.rmse_bins == pytest.approx(expected)
    assert calibration_from_bins([]).rmse_bins is None


def test_true_retention_windows_and_maturity() -> None:
    facts = [
        ReviewFacts(day=100, rating=3, previous_interval_days=5),  # young pass, all windows
        ReviewFacts(day=99, rating=1, previous_interval_days=30),  # mature fail
        ReviewFacts(day=97, rating=4, previous_interval_days=21),  # 21 days is mature
        ReviewFacts(day=93, rating=2, previous_interval_days=20),  # outside 7 days (94..100)
        ReviewFacts(day=80, rating=1, previous_interval_days=40),  # 365 only
        ReviewFacts(day=100, rating=1, previous_interval_days=None),  # learning: left out
        ReviewFacts(day=100, rating=3, previous_interval_days=30, interval_is_learning_step=True),
    ]
    week, month, year = true_retention(facts, today=100)
    assert (week.young.reviews, week.young.passes) == (2, 2)
    assert (week.mature.reviews, week.mature.passes) == (2, 1)
    assert (month.young.reviews, month.young.passes) == (3, 3)
    assert (year.mature.reviews, year.mature.passes) == (3, 1)
    assert year.total.rate == pytest.approx(4 / 6)


def test_streak_counts_yesterday_until_today_is_over() -> None:
    assert streak_lengths([7, 8, 9], today=10) == (3, 3)
    assert streak_lengths([7, 8, 9, 10], today=10) == (4, 4)
    assert streak_lengths([1, 2, 3, 4, 8, 10], today=10) == (1, 4)
    assert streak_lengths([], today=10) == (0, 0)
    done = streak([9, 10], today=10, done_today=12, goal=10)
    assert (done.current, done.goal_met_today, done.active_today) == (2, True, True)
    assert streak([9], today=10, done_today=0, goal=None).goal_met_today is None


def test_interval_percentiles_from_counts() -> None:
    dist = interval_distribution({1: 2, 3: 1, 10: 1, 400: 1})
    assert dist.count == 5
    assert dist.median == 3.0
    assert dist.mean == pytest.approx((1 + 1 + 3 + 10 + 400) / 5)
    assert [b.count for b in dist.buckets if b.count] == [2, 1, 1, 1]
    assert percentile({5: 1}, 0.9) == 5.0


@pytest.mark.parametrize(
    ("zone", "hour", "around"),
    [
        ("Europe/Berlin", 4, datetime(2026, 3, 29, tzinfo=UTC)),
        ("Europe/Berlin", 2, datetime(2026, 3, 29, tzinfo=UTC)),  # start hour in the gap
        ("Europe/Berlin", 4, datetime(2026, 10, 25, tzinfo=UTC)),
        ("America/New_York", 0, datetime(2026, 11, 1, tzinfo=UTC)),
        ("Australia/Lord_Howe", 4, datetime(2026, 4, 5, tzinfo=UTC)),  # a 30-minute shift
    ],
)
def test_millisecond_day_numbers_equal_scheduler_days(
    zone: str, hour: int, around: datetime
) -> None:
    start = around - timedelta(days=3)
    start_ms = int(start.timestamp() * 1000)
    segments = utc_offset_segments(zone, start_ms, start_ms + 6 * 86_400_000)
    assert len(segments) == 2
    days = SchedulerDay(hour, zone)
    for minutes in range(0, 6 * 24 * 60, 7):
        instant = start + timedelta(minutes=minutes)
        ms = int(instant.timestamp() * 1000)
        assert day_number_ms(ms, segments, hour) == days.day_number(instant), instant
