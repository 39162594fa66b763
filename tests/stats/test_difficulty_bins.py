"""The difficulty histogram's range counts put every card in the bin the formula gives,
right at the bin edges too (the doubles on either side of each edge), on both backends."""

from __future__ import annotations

import math

from trainer.practice.reports import stats_report
from trainer.practice.services import Services
from trainer.store.aggregates.card_sql import bin_starts

from .history import History


def formula_bin(difficulty: float) -> int:
    return min(max(math.floor((difficulty - 1.0) * 10.0 / 9.0), 0), 9)


def test_cards_on_and_beside_every_bin_edge_land_in_their_formula_bin(
    backend_services: Services,
) -> None:
    history = History(backend_services)
    values = [0.5, 1.0, 10.0, 11.0]
    for edge in bin_starts():
        values += [edge, math.nextafter(edge, 0.0), math.nextafter(edge, 20.0)]
    values += [1.0 + 0.9 * b for b in range(10)]  # the decimal edges themselves
    for i, value in enumerate(values):
        history.card(f"d{i}", phase=2, difficulty=value)
    history.card("new")  # no difficulty: in no bin
    report = stats_report(backend_services)
    expected = [0] * 10
    for value in values:
        expected[formula_bin(value)] += 1
    assert [b.count for b in report.difficulty.buckets] == expected
    assert report.difficulty.count == len(values)
    assert math.isclose(report.difficulty.mean or 0.0, sum(values) / len(values))
