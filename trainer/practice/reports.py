"""Progress reports: the stats screen's data in one call, and the rows behind the exports.

``stats_report`` opens one read transaction, runs the SQL aggregates of
``trainer.store.aggregates`` and hands their sums to the pure ``trainer.stats``
computations. Days are the learner's scheduler days (the default preset's day-start hour
and time zone, or the deck's with ``deck``); day boundaries come from
``SchedulerDay``, so they are right across DST changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from trainer.domain import Preset
from trainer.errors import NotFoundError
from trainer.practice.overview import default_preset, effective_preset
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.stats.local_days import DAY_MS, utc_offset_segments
from trainer.store.aggregates import DayClock
from trainer.store.settings import get_setting, put_setting
from trainer.store.types import to_ms

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from trainer.stats.report import StatsReport

GOAL_KEY = "daily_goal"
HISTORY_DAYS = 30
FORECAST_DAYS = 30
CALIBRATION_DAYS = 30
STREAK_MAX_DAYS = 3660  # streaks are looked for over the last ten years at most
SEGMENT_FUTURE_DAYS = 1100  # due days are exact up to 3 years ahead (later: +-1 h offset)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_date(day: int) -> str:
    """The local calendar date (ISO) on which scheduler day ``day`` starts."""
    return date.fromordinal(_EPOCH_ORDINAL + day).isoformat()


def date_day(value: date) -> int:
    """The scheduler day that starts on local calendar date ``value``."""
    return value.toordinal() - _EPOCH_ORDINAL


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


# ----------------------------------------------------------------------- scope
@dataclass(frozen=True)
class Scope:
    """Which cards a report covers and whose days it counts in."""

    deck_ids: tuple[int, ...] | None
    deck_key: str | None
    preset: Preset
    presets: dict[int, Preset]  # every deck's effective preset, by deck id
    names: dict[int, tuple[str, str]]  # deck id -> (key, name)


def resolve_scope(conn: Connection, base: Preset, deck: str | None) -> Scope:
    from trainer.store.aggregates.stats_sql import deck_rows

    rows = deck_rows(conn)
    presets = {i: effective_preset(base, overrides) for i, _, _, overrides in rows}
    names = {i: (key, name) for i, key, name, _ in rows}
    if deck is None:
        return Scope(None, None, base, presets, names)
    from trainer.store.deck_match import pick_deck

    try:
        i, key, _, _ = pick_deck(deck, rows, lambda r: r[1], lambda r: r[2])
    except NotFoundError as exc:
        raise NotFoundError(f"--deck: {exc}") from exc
    return Scope((i,), key, presets[i], {i: presets[i]}, {i: names[i]})


def day_clock(preset: Preset, start_ms: int, end_ms: int) -> DayClock:
    """The SQL day clock for a preset's hour and zone, exact between the two instants."""
    if preset.timezone in ("UTC", "Etc/UTC"):
        segments: tuple[tuple[int, int], ...] = ((start_ms, 0),)
    else:
        segments = utc_offset_segments(preset.timezone, start_ms, end_ms)
    return DayClock(preset.day_start_hour, segments)


# ----------------------------------------------------------------------- stats
def stats_report(services: Services, deck: str | None = None) -> StatsReport:
    """Everything the stats screen shows, for one deck (key or name) or the collection."""
    from trainer.practice.report_builder import build_report

    now_ms = to_ms(services.clock())
    base = default_preset(services)
    engine = services.collection.engine
    with engine.connect() as conn:
        scope = resolve_scope(conn, base, deck)
    return build_report(engine, scope, now_ms, daily_goal(services))


# ----------------------------------------------------------------------- exports
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
    services: Services, kind: str, *, deck: str | None = None, since: date | None = None
) -> Iterator[ExportRows]:
    """The rows of a ``reviews``, ``cards`` or ``daily`` export, streamed from one read
    transaction that stays open while the ``with`` block runs.

    ``since`` is a local date: reviews and days from its scheduler day on; cards last
    reviewed from then on. Columns are documented in docs/exports.md.
    """
    from trainer.store.aggregates import export_sql

    if kind not in EXPORT_KINDS:
        raise ValueError(f"export: unknown kind {kind!r} (choose from {', '.join(EXPORT_KINDS)})")
    base = default_preset(services)
    with services.collection.engine.connect() as conn:
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
            rows = _daily_rows(conn, scope, since_ms, to_ms(services.clock()))
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
