"""The columnar review log: conversion, checks, the order of predictable reviews."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.scheduling.optimizer import MAX_EPOCHS, epochs_for
from trainer.scheduling.review_log import ReviewLog, log_from_rows


def ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_histories_round_trip_and_first_elapsed_is_ignored() -> None:
    histories = [[(3, 5), (1, 2), (3, 0)], [(4, 0)], [], [(2, 0), (3, 7)]]
    log = ReviewLog.from_histories(histories)
    assert (log.cards, log.reviews) == (3, 6)  # the empty history is dropped
    assert log.starts.tolist() == [0, 3, 4, 6]
    assert log.histories() == [[(3, 0), (1, 2), (3, 0)], [(4, 0)], [(2, 0), (3, 7)]]


def test_predictable_reviews_come_in_time_order() -> None:
    # card 0: reviews at times 10, 50, 60; card 1: 20, 30, 40 (elapsed > 0 except one)
    log = ReviewLog.from_histories(
        [[(3, 0), (3, 4), (1, 2)], [(3, 0), (3, 0), (2, 1)]], times=[10, 50, 60, 20, 30, 40]
    )
    assert log.count_predictable() == 3
    assert log.predictable().tolist() == [5, 1, 2]  # at times 40, 50, 60


@pytest.mark.parametrize(
    ("histories", "message"),
    [
        ([[(3, 0), (5, 1)]], "history 0, review 1: rating must be 1-4, got 5"),
        ([[(3, 0)], [(3, 0), (3, -2)]], "history 1, review 1: elapsed days must be"),
        ([[(3, 0), (3, 1.5)]], "history 0, review 1: elapsed days must be a whole number"),
        ([[(3, 0), (3,)]], r"history 0, review 1: expected \(rating, days\)"),
        ([[(True, 0)]], "history 0, review 0: rating must be 1-4"),
    ],
)
def test_bad_histories_say_where(histories: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReviewLog.from_histories(histories)


def test_inconsistent_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="one length"):
        ReviewLog(ints(3, 3), ints(0), ints(1, 2), ints(0, 2))
    with pytest.raises(ValueError, match="starts must run"):
        ReviewLog(ints(3, 3), ints(0, 1), ints(1, 2), ints(0, 1))
    with pytest.raises(ValueError, match="at least one review"):
        ReviewLog(ints(3, 3), ints(0, 1), ints(1, 2), ints(0, 0, 2))


def test_rows_with_day_numbers_become_elapsed_days() -> None:
    cards = ints(7, 7, 7, 9, 9)
    days = ints(100, 100, 103, 90, 95)
    log = log_from_rows(cards, days, ints(1, 3, 3, 4, 2), ints(1, 2, 3, 4, 5))
    assert log.starts.tolist() == [0, 3, 5]
    assert log.elapsed.tolist() == [0, 0, 3, 0, 5]
    assert log.count_predictable() == 2


def test_rows_going_back_in_time_are_refused() -> None:
    with pytest.raises(ValueError, match="review 1: its day comes before"):
        log_from_rows(ints(1, 1), ints(10, 9), ints(3, 3), ints(1, 2))


def test_no_rows_is_an_empty_log() -> None:
    log = log_from_rows(ints(), ints(), ints(), ints())
    assert (log.cards, log.reviews, log.count_predictable()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("items", "epochs"),
    [(400, MAX_EPOCHS), (100_000, MAX_EPOCHS), (200_000, 3), (300_000, 2), (716_056, 1)],
)
def test_large_histories_train_fewer_passes(items: int, epochs: int) -> None:
    assert epochs_for(items) == epochs
