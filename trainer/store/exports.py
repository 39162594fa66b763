"""The rows behind the exports (``reviews``, ``cards``, ``daily``), streamed in batches
from one read transaction. Columns are documented in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from trainer.domain import Preset
from trainer.scheduling.days import SchedulerDay
from trainer.stats.local_days import DAY_MS
from trainer.store.report_scope import Scope, date_day, day_clock, day_date, resolve_scope
from trainer.store.types import to_ms

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from trainer.store.db import Collection


@dataclass
class ExportRows:
    """An export's column names, its row count (for progress) and its rows in batches."""

    kind: str
    columns: tuple[str, ...]
    total: int
    batches: Iterator[list[tuple[Any, ...]]]
    # the same rows as ready CSV lines (one-string tuples), when the store can make them
    csv_lines: Iterator[list[tuple[str]]] | None = None


REVIEW_COLUMNS = (
    "card_id",
    "review_time",
    "review_rating",
    "review_state",
    "review_duration",
    "reason",
    "attempts",
    "attempt_text",
    "deck",
    "problem_id",
    "params",
    "override",
    "source",
    "correct",
    "hint_used",
    "revealed",
)
CARD_COLUMNS = (
    "card_id",
    "deck",
    "problem_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "due_date",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
    "removed",
)
DAILY_COLUMNS = (
    "date",
    "day",
    "reviews",
    "passes",
    "accuracy",
    "time_ms",
    "new_learned",
    "overrides",
)
EXPORT_KINDS = ("reviews", "cards", "daily")


@contextmanager
def export_rows(
    collection: Collection,
    kind: str,
    *,
    base: Preset,
    now_ms: int,
    deck: str | None = None,
    since: date | None = None,
) -> Iterator[ExportRows]:
    """The rows of a ``reviews``, ``cards`` or ``daily`` export, streamed from one read
    transaction that stays open while the ``with`` block runs.

    ``since`` is a local date: reviews and days from its scheduler day on; cards last
    reviewed from then on; ``base`` is the collection's default preset."""
    from trainer.store.aggregates import export_sql

    if kind not in EXPORT_KINDS:
        raise ValueError(f"export: unknown kind {kind!r} (choose from {', '.join(EXPORT_KINDS)})")
    with collection.engine.connect() as conn:
        scope = resolve_scope(conn, base, deck)
        days = SchedulerDay.for_preset(scope.preset)
        since_ms = to_ms(days.day_start(date_day(since))) if since is not None else None
        if kind == "reviews":
            total = export_sql.count_reviews(conn, since_ms or 0, scope.deck_ids)
            batches = export_sql.review_batches(conn, since_ms or 0, scope.deck_ids)
            lines = None
            if conn.dialect.name == "sqlite":
                lines = export_sql.review_csv_batches(conn, since_ms or 0, scope.deck_ids)
            export = ExportRows(kind, REVIEW_COLUMNS, total, batches, lines)
        elif kind == "cards":
            total = export_sql.count_cards(conn, scope.deck_ids)
            raw = export_sql.card_batches(conn, since_ms, scope.deck_ids)
            export = ExportRows(kind, CARD_COLUMNS, total, _with_due_dates(raw, scope.preset))
        else:
            rows = _daily_rows(conn, scope, since_ms, now_ms)
            export = ExportRows(kind, DAILY_COLUMNS, len(rows), iter([rows]))
        try:
            yield export
        finally:
            for stream in (export.batches, export.csv_lines):
                close = getattr(stream, "close", None)
                if close is not None:
                    close()  # finish the cursor before the connection goes back to the pool


def _with_due_dates(
    batches: Iterator[list[tuple[Any, ...]]], preset: Preset
) -> Iterator[list[tuple[Any, ...]]]:
    from trainer.stats.local_days import day_number_ms

    segments_cache: dict[int, tuple[tuple[int, int], ...]] = {}
    hour = preset.day_start_hour
    for batch in batches:
        out = []
        for row in batch:
            due = row[7]
            if due is None:
                due_date = None
            else:
                year = due // (365 * DAY_MS)
                segments = segments_cache.get(year)
                if segments is None:
                    start = year * 365 * DAY_MS
                    segments = day_clock(preset, start - DAY_MS, start + 366 * DAY_MS).segments
                    segments_cache[year] = segments
                due_date = day_date(day_number_ms(due, segments, hour))
            out.append((*row[:8], due_date, *row[8:]))
        yield out


def _daily_rows(
    conn: Connection, scope: Scope, since_ms: int | None, now_ms: int
) -> list[tuple[Any, ...]]:
    from trainer.store.aggregates.stats_sql import daily_activity, first_review_ms

    first = first_review_ms(conn, scope.deck_ids)
    if first is None:
        return []
    start = max(first, since_ms or first)
    clock = day_clock(scope.preset, start - DAY_MS, now_ms + 2 * DAY_MS)
    end = max(now_ms, start) + 2 * DAY_MS
    return [
        (day_date(day), day, n, passes, passes / n if n else None, ms, new, overrides)
        for day, n, passes, ms, new, overrides, _ in daily_activity(
            conn, clock, start, end, scope.deck_ids
        )
    ]
