"""Assembles a ``StatsReport`` from the store's aggregates and the pure stats functions.

Kept apart from ``reports.py`` (the public service) so each stays one job: this module
decides which SQL sums each figure needs and the time ranges they cover.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection

from trainer.domain import CardPhase
from trainer.practice.reports import (
    CALIBRATION_DAYS,
    FORECAST_DAYS,
    HISTORY_DAYS,
    SEGMENT_FUTURE_DAYS,
    STREAK_MAX_DAYS,
    Scope,
    day_clock,
    day_date,
)
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_bridge import model_for
from trainer.stats.calibration import CalibrationBin, calibration_from_bins
from trainer.stats.distributions import difficulty_distribution, interval_distribution
from trainer.stats.local_days import DAY_MS
from trainer.stats.report import (
    CardStates,
    DayActivity,
    DeckBreakdown,
    ForecastDay,
    ProblemSignal,
    StatsReport,
    TagBreakdown,
)
from trainer.stats.retention import WINDOWS, retention_windows
from trainer.stats.streak import streak
from trainer.store.aggregates import stats_sql as q
from trainer.store.types import from_ms, to_ms

MOST_FAILED = 10
LEECHES = 20


def _states(phases: dict[int, int], suspended: int, leeches: int) -> CardStates:
    return CardStates(
        new=phases.get(int(CardPhase.NEW), 0),
        learning=phases.get(int(CardPhase.LEARNING), 0),
        review=phases.get(int(CardPhase.REVIEW), 0),
        relearning=phases.get(int(CardPhase.RELEARNING), 0),
        suspended=suspended,
        leeches=leeches,
    )


def build_report(conn: Connection, scope: Scope, now_ms: int, goal: int | None) -> StatsReport:
    decks = scope.deck_ids
    days = SchedulerDay.for_preset(scope.preset)
    today = days.day_number(from_ms(now_ms))

    def start(day: int) -> int:
        return to_ms(days.day_start(day))

    first = q.first_review_ms(conn, decks)
    first_day = today if first is None else days.day_number(from_ms(first))
    first_day = max(min(first_day, today), today - STREAK_MAX_DAYS)
    clock = day_clock(
        scope.preset,
        min(first if first is not None else now_ms, start(first_day)) - 2 * DAY_MS,
        now_ms + SEGMENT_FUTURE_DAYS * DAY_MS,
    )
    end = start(today + 1)

    # Activity: the last 30 days, today among them, and the streak's active days.
    history_start = start(today - HISTORY_DAYS + 1)
    by_day = {row[0]: row for row in q.daily_activity(conn, clock, history_start, end, decks)}
    history = tuple(
        DayActivity(day, day_date(day), *by_day.get(day, (day, 0, 0, 0, 0, 0, 0))[1:6])
        for day in range(today - HISTORY_DAYS + 1, today + 1)
    )
    timed = sum(row[6] for row in by_day.values())
    time_ms = sum(row[3] for row in by_day.values())
    starts = [start(day) for day in range(first_day, today + 2)]
    active = [first_day + i for i in q.active_days(conn, starts, decks)]

    retention = retention_windows(
        q.retention_counts(conn, clock, {w: start(today - w + 1) for w in WINDOWS}, end, decks)
    )
    calibration = calibration_from_bins(
        CalibrationBin(*row)
        for row in q.calibration_sums(
            conn, clock, start(today - CALIBRATION_DAYS + 1), end, _calibration_groups(scope)
        )
    )

    # Cards: states per deck, flags and difficulty, intervals, the forecast.
    phases: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for deck_id, phase, n in q.phase_counts(conn, decks):
        phases[deck_id][phase] += n
    removed = q.removed_problem_ids(conn)
    if removed:
        for deck_id, phase, n in q.removed_phase_counts(conn, decks):
            phases[deck_id][phase] -= n
    flags: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    difficulty_bins: dict[int, int] = defaultdict(int)
    difficulty_sum, difficulty_n = 0.0, 0
    for deck_id, dbin, n, suspended, leech, total in q.difficulty_and_flags(conn, decks, removed):
        flags[deck_id][0] += suspended
        flags[deck_id][1] += leech
        if dbin is not None:
            difficulty_bins[dbin] += n
            difficulty_sum += total
            difficulty_n += n
    forecast_cells: dict[tuple[int, bool], int] = defaultdict(int)
    due_today: dict[int, int] = defaultdict(int)
    forecast_end = start(today + FORECAST_DAYS)
    for deck_id, day, learning, n in q.due_forecast(conn, clock, forecast_end, decks, removed):
        offset = max(day - today, 0)
        forecast_cells[(offset, learning)] += n
        if offset == 0:
            due_today[deck_id] += n
    forecast = tuple(
        ForecastDay(i, day_date(today + i), forecast_cells[(i, False)], forecast_cells[(i, True)])
        for i in range(FORECAST_DAYS)
    )
    all_phases: dict[int, int] = defaultdict(int)
    for per_deck in phases.values():
        for phase, n in per_deck.items():
            all_phases[phase] += n
    states = _states(
        all_phases, sum(f[0] for f in flags.values()), sum(f[1] for f in flags.values())
    )

    # Breakdowns.
    deck_ids = sorted(set(phases) | set(flags))
    if len(deck_ids) > 1:
        recent = q.review_counts_by_deck(conn, history_start, end, decks)
    else:
        totals = (sum(d.reviews for d in history), sum(d.passes for d in history))
        recent = {deck_id: totals for deck_id in deck_ids}
    deck_rows = tuple(
        DeckBreakdown(
            key=scope.names[i][0],
            name=scope.names[i][1],
            states=_states(phases.get(i, {}), flags[i][0], flags[i][1]),
            due_today=due_today.get(i, 0),
            reviews_30d=recent.get(i, (0, 0))[0],
            passes_30d=recent.get(i, (0, 0))[1],
        )
        for i in sorted(deck_ids, key=lambda i: scope.names[i][1].casefold())
        if i in scope.names
    )

    return StatsReport(
        generated_at=now_ms,
        deck=scope.deck_key,
        today=history[-1],
        history=history,
        streak=streak(active, today, history[-1].reviews, goal),
        retention=retention,
        calibration=calibration,
        calibration_days=CALIBRATION_DAYS,
        forecast=forecast,
        states=states,
        intervals=interval_distribution(q.interval_counts(conn, clock, decks, removed)),
        difficulty=difficulty_distribution(
            difficulty_bins, difficulty_sum / difficulty_n if difficulty_n else None
        ),
        response_ms_avg_30d=time_ms / timed if timed else None,
        overrides_30d=sum(d.overrides for d in history),
        decks=deck_rows,
        tags=_tags(conn, decks),
        most_failed=_signals(conn, decks, leeches_only=False, limit=MOST_FAILED),
        leeches=_signals(conn, decks, leeches_only=True, limit=LEECHES),
    )


def _calibration_groups(scope: Scope) -> list[tuple[tuple[int, ...] | None, float, float]]:
    """Decks grouped by their forgetting curve (FSRS-6: decay -w20, and its factor)."""
    curves: dict[tuple[float, float], list[int]] = defaultdict(list)
    for deck_id, preset in scope.presets.items():
        model = model_for(preset)
        curves[(model.decay, model.factor)].append(deck_id)
    if not curves:
        return []
    if len(curves) == 1 and scope.deck_ids is None:
        (decay, factor), _ = next(iter(curves.items()))
        return [(None, decay, factor)]
    return [(tuple(ids), decay, factor) for (decay, factor), ids in curves.items()]


def _tags(conn: Connection, decks: tuple[int, ...] | None) -> tuple[TagBreakdown, ...]:
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for tags, phase, n, suspended, leech, reps, lapses in q.tag_summary(conn, decks):
        for tag in set(tags.split()):
            cell = cells[tag]
            cell[f"phase{phase}"] += n
            cell["suspended"] += suspended
            cell["leech"] += leech
            cell["reps"] += reps
            cell["lapses"] += lapses
    return tuple(
        TagBreakdown(
            tag=tag,
            states=_states(
                {p: cell[f"phase{p}"] for p in range(4)}, cell["suspended"], cell["leech"]
            ),
            reps=cell["reps"],
            lapses=cell["lapses"],
        )
        for tag, cell in sorted(cells.items())
    )


def _signals(
    conn: Connection, decks: tuple[int, ...] | None, *, leeches_only: bool, limit: int
) -> tuple[ProblemSignal, ...]:
    return tuple(
        ProblemSignal(*row)
        for row in q.failing_problems(conn, decks, leeches_only=leeches_only, limit=limit)
    )
