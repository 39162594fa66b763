"""``stats_report`` over small known histories, against hand-computed values."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from trainer.clock import FrozenClock
from trainer.practice.reports import set_daily_goal, stats_report
from trainer.practice.services import Services
from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS
from trainer.stats.calibration import calibrate

from .history import History, utc

# conftest's clock: 2026-03-11 10:00 UTC; days start at 04:00 UTC, so today is 2026-03-11.


def test_true_retention_by_maturity(history: History, services: Services) -> None:
    c = history.card("c")
    h = history
    h.review(c, utc(2026, 3, 11, 9), 3, interval_days=5)  # young pass
    h.review(c, utc(2026, 3, 10, 15), 1, interval_days=30)  # mature fail
    h.review(c, utc(2026, 3, 8, 20), 4, interval_days=21)  # 21 days: mature pass
    h.review(c, utc(2026, 3, 1, 12), 2, interval_days=20)  # young pass, 30-day window
    h.review(c, utc(2026, 1, 15, 12), 1, interval_days=40)  # mature fail, 365 only
    h.review(c, utc(2025, 3, 1, 12), 3, interval_days=40)  # older than a year: out
    # a 10-minute learning step: no interval of a day, left out
    h.review(
        c,
        utc(2026, 3, 11, 9, 5),
        1,
        phase_before=1,
        last_review_before=utc(2026, 3, 11, 8, 55),
        due_before=utc(2026, 3, 11, 9, 5),
    )
    # a learning step of one day counts, as young
    h.review(
        c,
        utc(2026, 3, 11, 9, 30),
        3,
        phase_before=1,
        last_review_before=utc(2026, 3, 10, 9),
        due_before=utc(2026, 3, 11, 9),
    )
    # the 7-day window starts at 2026-03-05 04:00: 03:59:59 is the day before
    h.review(
        c,
        utc(2026, 3, 5, 3, 59, 59),
        3,
        last_review_before=utc(2026, 3, 1, 10),
        due_before=utc(2026, 3, 4, 4),
    )  # young pass, 30 days only
    h.review(
        c,
        utc(2026, 3, 5, 4),
        1,
        last_review_before=utc(2026, 3, 2, 10),
        due_before=utc(2026, 3, 5, 4),
    )  # young fail, in the week

    week, month, year = stats_report(services).retention
    assert (week.days, month.days, year.days) == (7, 30, 365)
    assert (week.young.reviews, week.young.passes) == (3, 2)
    assert (week.mature.reviews, week.mature.passes) == (2, 1)
    assert (month.young.reviews, month.young.passes) == (5, 4)
    assert (month.mature.reviews, month.mature.passes) == (2, 1)
    assert (year.young.reviews, year.young.passes) == (5, 4)
    assert (year.mature.reviews, year.mature.passes) == (3, 1)
    assert year.total.rate == pytest.approx(5 / 8)


def test_true_retention_per_day(history: History, services: Services) -> None:
    """The per-day series the stats screen plots: the same reviews as the windows, by
    scheduler day (04:00 UTC here), hand-counted."""
    c = history.card("c")
    h = history
    h.review(c, utc(2026, 3, 11, 9), 3, interval_days=5)  # pass
    h.review(c, utc(2026, 3, 10, 15), 1, interval_days=30)  # fail
    h.review(c, utc(2026, 3, 8, 20), 4, interval_days=21)  # pass
    h.review(c, utc(2026, 3, 1, 12), 2, interval_days=20)  # Hard is a pass
    h.review(  # a 10-minute learning step: not a true-retention review
        c,
        utc(2026, 3, 11, 9, 5),
        1,
        phase_before=1,
        last_review_before=utc(2026, 3, 11, 8, 55),
        due_before=utc(2026, 3, 11, 9, 5),
    )
    h.review(  # a learning step of a day counts
        c,
        utc(2026, 3, 11, 9, 30),
        3,
        phase_before=1,
        last_review_before=utc(2026, 3, 10, 9),
        due_before=utc(2026, 3, 11, 9),
    )
    h.review(  # 03:59:59 on the 5th is still the scheduler day of the 4th
        c,
        utc(2026, 3, 5, 3, 59, 59),
        3,
        last_review_before=utc(2026, 3, 1, 10),
        due_before=utc(2026, 3, 4, 4),
    )
    h.review(
        c,
        utc(2026, 3, 5, 4),
        1,
        last_review_before=utc(2026, 3, 2, 10),
        due_before=utc(2026, 3, 5, 4),
    )

    report = stats_report(services)
    by_day = {
        d.date: (d.retention_reviews, d.retention_passes)
        for d in report.history
        if d.retention_reviews
    }
    assert by_day == {
        "2026-03-11": (2, 2),
        "2026-03-10": (1, 0),
        "2026-03-08": (1, 1),
        "2026-03-05": (1, 0),
        "2026-03-04": (1, 1),
        "2026-03-01": (1, 1),
    }
    day = {d.date: d for d in report.history}
    assert day["2026-03-10"].retention == 0.0 and day["2026-03-11"].retention == 1.0
    assert day["2026-03-09"].retention is None  # no such review that day: no point
    assert report.to_dict()["history"][-1]["retention"] == 1.0


def test_streak_across_a_dst_change_and_the_day_start_hour(
    services: Services, clock: FrozenClock
) -> None:
    h = History(services, timezone="Europe/Berlin", hour=4)
    c = h.card("c")
    clock.now = utc(2026, 3, 30, 8)  # 10:00 CEST, Monday 2026-03-30
    h.review(c, utc(2026, 3, 30, 7), 3)  # 09:00 CEST -> day 03-30
    # 04:30 CEST on 03-29, just after the day started at 04:00 CEST (= 02:00 UTC, not the
    # 03:00 UTC a fixed +1 offset would say) -> day 03-29
    h.review(c, utc(2026, 3, 29, 2, 30), 3)
    h.review(c, utc(2026, 3, 28, 2, 30), 3)  # 03:30 CET, before 04:00 -> day 03-27
    h.review(c, utc(2026, 3, 26, 10), 3)  # day 03-26
    h.review(c, utc(2026, 3, 25, 10), 3)  # day 03-25
    # nothing on day 03-28 (03-28 04:00 CET .. 03-29 04:00 CEST, a 23-hour day)

    report = stats_report(services)
    assert (report.streak.current, report.streak.longest) == (2, 3)
    assert report.streak.active_today
    active = {d.date: d.reviews for d in report.history if d.reviews}
    assert active == {
        "2026-03-25": 1,
        "2026-03-26": 1,
        "2026-03-27": 1,
        "2026-03-29": 1,
        "2026-03-30": 1,
    }


def test_days_across_the_autumn_dst_change(services: Services, clock: FrozenClock) -> None:
    h = History(services, timezone="Europe/Berlin", hour=4)
    c = h.card("c")
    clock.now = utc(2026, 10, 26, 12)
    h.review(c, utc(2026, 10, 25, 2, 30), 3)  # 03:30 CET (after the change) -> day 10-24
    h.review(c, utc(2026, 10, 25, 3), 3)  # 04:00 CET -> day 10-25
    h.review(c, utc(2026, 10, 24, 1, 59), 3)  # 03:59 CEST -> day 10-23
    h.review(c, utc(2026, 10, 24, 2), 3)  # 04:00 CEST -> day 10-24
    report = stats_report(services)
    active = {d.date: d.reviews for d in report.history if d.reviews}
    assert active == {"2026-10-23": 1, "2026-10-24": 2, "2026-10-25": 1}
    assert (report.streak.current, report.streak.longest) == (3, 3)
    assert not report.streak.active_today


def test_forecast_of_the_next_30_days(history: History, services: Services) -> None:
    h = history
    h.card("overdue", phase=2, due=utc(2026, 3, 9, 4))
    h.card("today", phase=2, due=utc(2026, 3, 11, 4))
    h.card("late-today", phase=2, due=utc(2026, 3, 12, 3, 59))  # still today's day
    h.card("tomorrow", phase=2, due=utc(2026, 3, 12, 4))
    h.card("step", phase=1, step=0, due=utc(2026, 3, 11, 10, 10))
    h.card("day-29", phase=2, due=utc(2026, 4, 9, 4))
    h.card("day-30", phase=2, due=utc(2026, 4, 10, 4))  # beyond the forecast
    h.card("suspended", phase=2, due=utc(2026, 3, 11, 4), suspended=True)
    h.card("gone", phase=2, due=utc(2026, 3, 11, 4), removed=True)  # a re-import removed it
    h.card("new")
    forecast = stats_report(services).forecast
    assert len(forecast) == 30
    assert (forecast[0].date, forecast[29].date) == ("2026-03-11", "2026-04-09")
    counts = {f.offset: (f.review, f.learning) for f in forecast if f.total}
    assert counts == {0: (3, 1), 1: (1, 0), 29: (1, 0)}
    states = stats_report(services).states
    assert (states.total, states.review, states.new, states.suspended) == (9, 7, 1, 1)


def test_calibration_bins_from_the_log(history: History, services: Services) -> None:
    h = history
    c = h.card("c")
    w20 = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (-1 / w20) - 1

    def r(days: int, stability: float) -> float:
        return (1 + factor * days / stability) ** -w20

    # (last review, reviewed, stability, rating): elapsed is counted in local days
    cases = [
        (utc(2026, 3, 1, 20), utc(2026, 3, 11, 5), 10.0, 3),  # 10 days, S 10: R 0.9
        (utc(2026, 3, 6, 9), utc(2026, 3, 11, 9), 5.0, 1),  # 5 days, S 5: R 0.9, fail
        (utc(2026, 2, 19, 9), utc(2026, 3, 11, 9), 2.0, 3),  # 20 days, S 2
        (utc(2026, 3, 10, 3), utc(2026, 3, 10, 5), 3.0, 3),  # 03:00 is the day before: 1 day
    ]
    for last, at, stability, rating in cases:
        h.review(c, at, rating, last_review_before=last, stability_before=stability)
    h.review(
        c, utc(2026, 3, 11, 6), 3, last_review_before=utc(2026, 3, 11, 5), stability_before=4.0
    )  # same day: not a prediction fsrs-rs evaluates
    h.review(c, utc(2026, 3, 11, 7), 1, phase_before=0)  # new: no memory state

    expected = calibrate(
        [(r(10, 10.0), True), (r(5, 5.0), False), (r(20, 2.0), True), (r(1, 3.0), True)]
    )
    got = stats_report(services).calibration
    assert got.reviews == 4
    assert [(b.index, b.reviews, b.passes) for b in got.bins] == [
        (b.index, b.reviews, b.passes) for b in expected.bins
    ]
    assert [b.mean_predicted for b in got.bins] == pytest.approx(
        [b.mean_predicted for b in expected.bins]
    )
    assert r(10, 10.0) == pytest.approx(0.9)
    # by hand: bin 14 holds the two R = 0.9 reviews (one pass), R(20, 2) and R(1, 3) alone
    by_hand = math.sqrt((2 * (0.9 - 0.5) ** 2 + (1 - r(20, 2.0)) ** 2 + (1 - r(1, 3.0)) ** 2) / 4)
    assert got.rmse_bins == pytest.approx(by_hand)


def test_today_breakdowns_and_signals(
    history: History, services: Services, clock: FrozenClock
) -> None:
    h = history
    a = h.card(
        "a",
        tags="algebra fractions",
        phase=2,
        due=utc(2026, 3, 20, 4),
        last_review=utc(2026, 3, 11, 9),
        difficulty=1.0,
        lapses=4,
        reps=9,
    )
    b = h.card(
        "b",
        tags="algebra",
        phase=2,
        due=utc(2026, 3, 13, 4),
        last_review=utc(2026, 3, 11, 8),
        difficulty=10.0,
        lapses=1,
        reps=3,
        leech=True,
    )
    n = h.card(
        "n",
        deck="words",
        phase=1,
        step=0,
        due=utc(2026, 3, 11, 10, 10),
        last_review=utc(2026, 3, 11, 10),
        difficulty=5.5,
        reps=1,
    )
    h.card("fresh", deck="words")
    h.review(a, utc(2026, 3, 11, 9), 3, interval_days=3, response_ms=4000, override="accept")
    h.review(b, utc(2026, 3, 11, 8), 1, interval_days=2, response_ms=6000)
    h.review(n, utc(2026, 3, 11, 10), 3, phase_before=0, response_ms=2000)
    h.review(a, utc(2026, 3, 11, 3), 3, interval_days=8, response_ms=None)  # yesterday
    set_daily_goal(services, 3)

    report = stats_report(services)
    today = report.today
    assert (today.date, today.reviews, today.passes, today.new_learned) == (
        "2026-03-11",
        3,
        2,
        1,
    )
    assert (today.time_ms, today.overrides) == (12000, 1)
    assert today.accuracy == pytest.approx(2 / 3)
    assert report.history[-2].reviews == 1
    assert report.response_ms_avg_30d == pytest.approx(4000)  # unknown times left out
    assert report.overrides_30d == 1
    assert (report.streak.goal, report.streak.goal_met_today) == (3, True)

    states = report.states
    assert (states.new, states.learning, states.review, states.leeches) == (1, 1, 2, 1)
    # today's drill: words has its learning step (due 10:10) and its one new problem
    assert {
        d.key: (d.states.total, d.due_today, d.today_learning, d.today_new) for d in report.decks
    } == {"math": (2, 0, 0, 0), "words": (2, 0, 1, 1)}
    assert {d.key: (d.reviews_30d, d.passes_30d) for d in report.decks} == {
        "math": (3, 2),
        "words": (1, 1),
    }
    assert {t.tag: (t.states.total, t.reps, t.lapses) for t in report.tags} == {
        "algebra": (2, 12, 5),
        "fractions": (1, 9, 4),
    }
    assert [p.problem_key for p in report.most_failed] == ["a", "b"]
    assert [p.problem_key for p in report.leeches] == ["b"]
    assert report.intervals.count == 2
    assert (report.intervals.median, report.intervals.mean) == (2.0, 5.5)  # 9 and 2 days
    # D 1 -> 0 %, D 5.5 -> 50 %, D 10 -> 100 % (the top bin)
    assert [b.count for b in report.difficulty.buckets] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert report.difficulty.mean == pytest.approx((1 + 10 + 5.5) / 3)

    words = stats_report(services, "Words")
    assert (words.deck, words.today.reviews, words.states.total) == ("words", 1, 2)
    payload = words.to_dict()
    assert payload["today"]["accuracy"] == 1.0
    assert payload["decks"][0]["pass_rate_30d"] == 1.0


def test_an_empty_collection_and_an_unknown_deck(services: Services) -> None:
    report = stats_report(services)
    assert report.today.reviews == 0 and report.streak.current == 0
    assert report.calibration.rmse_bins is None
    assert report.intervals.median is None
    with pytest.raises(Exception, match="no deck 'nope'"):
        stats_report(services, "nope")
    _ = timedelta


def test_calibration_uses_each_decks_forgetting_curve(history: History, services: Services) -> None:
    steep = list(DEFAULT_PARAMETERS)
    steep[20] = 0.5
    h = history
    h.deck("soft")
    h.deck("steep", preset={"parameters": steep})
    a = h.card("a", deck="soft")
    b = h.card("b", deck="steep")
    for card in (a, b):  # 20 days after the last review, stability 10
        h.review(
            card,
            utc(2026, 3, 11, 9),
            3,
            last_review_before=utc(2026, 2, 19, 9),
            stability_before=10.0,
        )

    def r(w20: float) -> float:
        return (1 + (0.9 ** (-1 / w20) - 1) * 20 / 10.0) ** -w20

    expected = calibrate([(r(DEFAULT_PARAMETERS[20]), True), (r(0.5), True)])
    got = stats_report(services).calibration
    assert [b.mean_predicted for b in got.bins] == pytest.approx(
        [b.mean_predicted for b in expected.bins]
    )
    assert r(0.5) != pytest.approx(r(DEFAULT_PARAMETERS[20]))
    only_steep = stats_report(services, "steep").calibration
    assert only_steep.bins[0].mean_predicted == pytest.approx(r(0.5))
