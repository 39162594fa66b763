"""Progress reports: the stats screen's data, the rows behind the exports, the daily goal.

The SQL and the figures live in the store (``trainer.store.stats_report``,
``trainer.store.exports``); this service picks the preset, the goal and the clock.
Days are the learner's scheduler days (the default preset's day-start hour and time
zone, or the deck's with ``deck``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from trainer.practice.overview import default_preset
from trainer.practice.services import Services
from trainer.store.exports import (
    CARD_COLUMNS,
    DAILY_COLUMNS,
    EXPORT_KINDS,
    REVIEW_COLUMNS,
    ExportRows,
)
from trainer.store.settings import get_setting, put_setting
from trainer.store.types import to_ms

if TYPE_CHECKING:
    from trainer.stats.report import StatsReport

__all__ = [
    "CARD_COLUMNS",
    "DAILY_COLUMNS",
    "EXPORT_KINDS",
    "REVIEW_COLUMNS",
    "ExportRows",
    "daily_goal",
    "export_rows",
    "set_daily_goal",
    "stats_report",
]

GOAL_KEY = "daily_goal"


# ----------------------------------------------------------------------- daily goal
def daily_goal(services: Services) -> int | None:
    """Reviews per day the learner aims for, or ``None`` when no goal is set."""
    with services.collection.session_scope(write=False) as session:
        stored = get_setting(session, GOAL_KEY)
    value = (stored or {}).get("reviews")
    return int(value) if isinstance(value, int) and value > 0 else None


def set_daily_goal(services: Services, reviews: int | None) -> None:
    """Set (or, with ``None`` or 0, clear) the daily review goal."""
    if reviews is not None and reviews < 0:
        raise ValueError(f"daily goal: expected a number of reviews >= 0, got {reviews}")
    with services.collection.session_scope() as session:
        put_setting(session, GOAL_KEY, {"reviews": reviews or None})


# ----------------------------------------------------------------------- stats
def stats_report(services: Services, deck: str | None = None) -> StatsReport:
    """Everything the stats screen shows, for one deck (key or name) or the collection."""
    from trainer.store.stats_report import stats_report as build

    now_ms = to_ms(services.clock())
    base = default_preset(services)
    report = build(services.collection, base, deck, now_ms, daily_goal(services))
    return _with_today(services, report, deck)


def _with_today(services: Services, report: StatsReport, deck: str | None) -> StatsReport:
    """The report with each deck's today figures from ``overview.today_counts`` (the
    numbers home, the drill and ``trainer decks`` show)."""
    from dataclasses import replace

    from trainer.practice.overview import today_counts

    today = today_counts(services, [deck] if deck is not None else None)
    decks = []
    for row in report.decks:
        counts = today.get(row.key)
        if counts is not None:
            row = replace(
                row, due_today=counts.due, today_new=counts.new, today_learning=counts.learning
            )
        decks.append(row)
    return replace(report, decks=tuple(decks))


# ----------------------------------------------------------------------- exports
@contextmanager
def export_rows(
    services: Services, kind: str, *, deck: str | None = None, since: date | None = None
) -> Iterator[ExportRows]:
    """The rows of a ``reviews``, ``cards`` or ``daily`` export, streamed from one read
    transaction that stays open while the ``with`` block runs.

    ``since`` is a local date: reviews and days from its scheduler day on; cards last
    reviewed from then on. Columns are documented in docs/exports.md.
    """
    from trainer.store.exports import export_rows as rows

    base = default_preset(services)
    now_ms = to_ms(services.clock())
    with rows(
        services.collection, kind, base=base, now_ms=now_ms, deck=deck, since=since
    ) as export:
        yield export


_ROW_NOUNS = {"reviews": "review", "cards": "card", "daily": "daily total"}


def rows_written(count: int, kind: str) -> str:
    """What an export of ``kind`` wrote, in words: "23 reviews", "1 card", "30 daily
    totals" (never "23 reviews row(s)")."""
    noun = _ROW_NOUNS.get(kind, f"{kind} row")
    return f"{count} {noun}{'' if count == 1 else 's'}"
