"""The stats screen's data in one call: ``stats_report`` runs the SQL aggregates of
``trainer.store.aggregates`` and hands their sums to the pure ``trainer.stats``
computations. This module decides which SQL sums each figure needs and the time ranges
they cover; the scope and the day arithmetic are ``report_scope``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from trainer.domain import CardPhase
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
from trainer.store.aggregates import DayClock, card_sql
from trainer.store.aggregates import stats_sql as q
from trainer.store.aggregates.day_totals import window_retention
from trainer.store.aggregates.recent_sql import calibration_bins, day_sums
from trainer.store.report_scope import Scope, day_clock, day_date, resolve_scope
from trainer.store.types import from_ms, to_ms

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from trainer.domain import Preset
    from trainer.store.db import Collection

HISTORY_DAYS = 30
FORECAST_DAYS = 30
CALIBRATION_DAYS = 30
STREAK_MAX_DAYS = 3660  # streaks are looked for over the last ten years at most
SEGMENT_FUTURE_DAYS = 1100  # due days are exact up to 3 years ahead (later: +-1 h offset)
MOST_FAILED = 10
LEECHES = 20
MMAP_BYTES = 1 << 30
T = TypeVar("T")


def _states(phases: dict[int, int], suspended: int, leeches: int) -> CardStates:
    return CardStates(
        new=phases.get(int(CardPhase.NEW), 0),
        learning=phases.get(int(CardPhase.LEARNING), 0),
        review=phases.get(int(CardPhase.REVIEW), 0),
        relearning=phases.get(int(CardPhase.RELEARNING), 0),
        suspended=suspended,
        leeches=leeches,
    )


@dataclass(frozen=True)
class _Plan:
    """The day boundaries and the day clock every query of one report shares."""

    scope: Scope
    today: int
    first_day: int
    first_ms: int | None
    clock: DayClock
    starts: dict[int, int]  # day number -> first instant (ms), for the days needed
    removed: tuple[int, ...]  # problems a re-import removed (their cards are left out)

    def start(self, day: int) -> int:
        return self.starts[day]


def stats_report(
    collection: Collection, base: Preset, deck: str | None, now_ms: int, goal: int | None
) -> StatsReport:
    """Everything the stats screen shows, for one deck (key or name) or the collection
    (``base``: the collection's default preset; ``goal``: reviews a day, or None)."""
    engine = collection.engine
    with engine.connect() as conn:
        scope = resolve_scope(conn, base, deck)
    return build_report(engine, scope, now_ms, goal)


def build_report(engine: Engine, scope: Scope, now_ms: int, goal: int | None) -> StatsReport:
    """Run the report's queries (the review log and the cards on two connections at once:
    SQLite releases the GIL while it works) and assemble the figures."""
    days = SchedulerDay.for_preset(scope.preset)
    today = days.day_number(from_ms(now_ms))
    with _connect(engine) as conn:
        first = q.first_review_ms(conn, scope.deck_ids)
        removed = q.removed_problem_ids(conn)
    first_day = today if first is None else days.day_number(from_ms(first))
    first_day = max(min(first_day, today), today - STREAK_MAX_DAYS)
    needed = set(range(first_day, today + 2)) | {today + FORECAST_DAYS}
    needed |= {today - w + 1 for w in WINDOWS} | set(range(today - HISTORY_DAYS + 1, today + 1))
    starts = {day: to_ms(days.day_start(day)) for day in needed}
    clock = day_clock(
        scope.preset,
        min(first if first is not None else now_ms, starts[first_day]) - 2 * DAY_MS,
        now_ms + SEGMENT_FUTURE_DAYS * DAY_MS,
    )
    plan = _Plan(scope, today, first_day, first, clock, starts, removed)
    # Two connections at once, about equal work each: the year's full scan with the card
    # distributions, and the last 30 days with the other card figures.
    with ThreadPoolExecutor(max_workers=1) as pool:
        year_side = pool.submit(_on_connection, engine, _year_figures, plan)
        log, cards = _on_connection(engine, _recent_and_card_figures, plan)
        year = year_side.result()
    cards.update(year)
    flags: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for deck_id, suspended, leech, _, _ in year["flag_rows"]:
        flags[deck_id][0] += suspended
        flags[deck_id][1] += leech
    cards["flags"] = flags
    cards["states"] = _states(
        cards["all_phases"], sum(f[0] for f in flags.values()), sum(f[1] for f in flags.values())
    )
    log["retention"] = retention_windows({**log["recent_counts"], **year["year_counts"]})
    history: tuple[DayActivity, ...] = log["history"]
    return StatsReport(
        generated_at=now_ms,
        deck=scope.deck_key,
        today=history[-1],
        history=history,
        streak=streak(log["active"], today, history[-1].reviews, goal),
        retention=log["retention"],
        calibration=log["calibration"],
        calibration_days=CALIBRATION_DAYS,
        forecast=cards["forecast"],
        states=cards["states"],
        intervals=cards["intervals"],
        difficulty=cards["difficulty"],
        response_ms_avg_30d=log["response_avg"],
        overrides_30d=sum(d.overrides for d in history),
        decks=_deck_breakdown(plan, cards, history),
        tags=cards["tags"],
        most_failed=cards["most_failed"],
        leeches=cards["leeches"],
    )


@contextmanager
def _connect(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Map the file instead of copying pages through SQLite's small page cache.
            conn.exec_driver_sql(f"PRAGMA mmap_size = {MMAP_BYTES}")
        yield conn


def _on_connection(engine: Engine, work: Callable[[Connection, _Plan], T], plan: _Plan) -> T:
    with _connect(engine) as conn:
        return work(conn, plan)


def _review_figures(conn: Connection, plan: _Plan) -> dict[str, Any]:
    """From the review log: the last 30 days with calibration, retention, active days."""
    decks, today, clock = plan.scope.deck_ids, plan.today, plan.clock
    end = plan.start(today + 1)
    widest = max(WINDOWS)
    history_start = plan.start(today - HISTORY_DAYS + 1)
    first_day = today - HISTORY_DAYS + 1
    per_day: dict[int, list[int]] = {}
    # the shorter retention windows come from the last 30 days' per-day sums
    recent: dict[tuple[int, bool], list[int]] = defaultdict(lambda: [0, 0])
    day_starts = [plan.start(day) for day in range(first_day, today + 1)] + [end]
    for i, n, passes, ms, new, overrides, timed, eligible, packed in day_sums(
        conn, clock, day_starts, decks
    ):
        day = first_day + i
        e_pass, mature_n, mature_pass = q.unpack(packed)
        per_day[day] = [n, passes, ms, new, overrides, eligible, e_pass, timed]
        for w in WINDOWS:
            if w < widest and day > today - w:
                recent[(w, True)][0] += mature_n
                recent[(w, True)][1] += mature_pass
                recent[(w, False)][0] += eligible - mature_n
                recent[(w, False)][1] += e_pass - mature_pass
    bins = [
        CalibrationBin(b, n, p_sum, p_pass)
        for b, n, p_sum, p_pass in calibration_bins(
            conn, clock, history_start, end, _calibration_groups(plan.scope), decks
        )
    ]
    counts = {key: (n, p) for key, (n, p) in recent.items()}
    history = tuple(
        DayActivity(day, day_date(day), *per_day.get(day, [0] * 8)[:7])
        for day in range(today - HISTORY_DAYS + 1, today + 1)
    )
    timed = sum(cell[7] for cell in per_day.values())
    time_ms = sum(cell[2] for cell in per_day.values())
    starts = [plan.start(day) for day in range(plan.first_day, today + 2)]
    active = [plan.first_day + i for i in q.active_days(conn, starts, decks)]
    return {
        "history": history,
        "calibration": calibration_from_bins(bins),
        "recent_counts": counts,
        "active": active,
        "response_avg": time_ms / timed if timed else None,
    }


def _year_figures(conn: Connection, plan: _Plan) -> dict[str, Any]:
    """True retention over the year (one read of the log) and the card distributions."""
    decks, today = plan.scope.deck_ids, plan.today
    end = plan.start(today + 1)
    widest = max(WINDOWS)
    start = plan.start(today - widest + 1)
    # whole UTC days from the per-day totals, the ragged ends from the log
    eligible, passes, mature_n, mature_pass = window_retention(conn, plan.clock, start, end, decks)
    year_counts = {
        (widest, False): (eligible - mature_n, passes - mature_pass),
        (widest, True): (mature_n, mature_pass),
    }
    removed = plan.removed
    deck_ids = decks if decks is not None else tuple(sorted(plan.scope.names))
    flags = card_sql.card_flags(conn, deck_ids, removed)
    difficulty_sum = sum(row[3] for row in flags)
    difficulty_n = sum(row[4] for row in flags)
    deck_reviews = None
    if plan.scope.deck_ids is None and len(plan.scope.names) > 1:  # several decks
        deck_reviews = q.review_counts_by_deck(
            conn, plan.start(today - HISTORY_DAYS + 1), end, decks
        )
    return {
        "deck_reviews": deck_reviews,
        "year_counts": year_counts,
        "flag_rows": flags,
        "intervals": interval_distribution(q.interval_counts(conn, plan.clock, decks, removed)),
        "difficulty": difficulty_distribution(
            card_sql.difficulty_bins(conn, deck_ids, removed),
            difficulty_sum / difficulty_n if difficulty_n else None,
        ),
    }


def _recent_and_card_figures(
    conn: Connection, plan: _Plan
) -> tuple[dict[str, Any], dict[str, Any]]:
    return _review_figures(conn, plan), _card_figures(conn, plan)


def _card_figures(conn: Connection, plan: _Plan) -> dict[str, Any]:
    """From the cards: states, flags, difficulty, intervals, forecast, tags, signals."""
    decks, today = plan.scope.deck_ids, plan.today
    phases: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for deck_id, phase, n in q.phase_counts(conn, decks):
        phases[deck_id][phase] += n
    removed = plan.removed
    if removed:
        for deck_id, phase, n in q.removed_phase_counts(conn, decks):
            phases[deck_id][phase] -= n
    forecast_cells: dict[tuple[int, bool], int] = defaultdict(int)
    due_today: dict[int, int] = defaultdict(int)
    forecast_end = plan.start(today + FORECAST_DAYS)
    for deck_id, day, learning, n in q.due_forecast(conn, plan.clock, forecast_end, decks, removed):
        offset = max(day - today, 0)
        forecast_cells[(offset, learning)] += n
        if offset == 0:
            due_today[deck_id] += n
    all_phases: dict[int, int] = defaultdict(int)
    for per_deck in phases.values():
        for phase, n in per_deck.items():
            all_phases[phase] += n
    return {
        "phases": phases,
        "due_today": due_today,
        "forecast": tuple(
            ForecastDay(
                i, day_date(today + i), forecast_cells[(i, False)], forecast_cells[(i, True)]
            )
            for i in range(FORECAST_DAYS)
        ),
        "all_phases": all_phases,
        "tags": _tags(conn, decks),
        "most_failed": _signals(conn, decks, leeches_only=False, limit=MOST_FAILED),
        "leeches": _signals(conn, decks, leeches_only=True, limit=LEECHES),
    }


def _deck_breakdown(
    plan: _Plan, cards: dict[str, Any], history: tuple[DayActivity, ...]
) -> tuple[DeckBreakdown, ...]:
    scope, phases, flags = plan.scope, cards["phases"], cards["flags"]
    deck_ids = sorted(set(phases) | set(flags))
    if cards.get("deck_reviews") is not None:
        recent = cards["deck_reviews"]
    else:
        totals = (sum(d.reviews for d in history), sum(d.passes for d in history))
        recent = {deck_id: totals for deck_id in deck_ids}
    return tuple(
        DeckBreakdown(
            key=scope.names[i][0],
            name=scope.names[i][1],
            states=_states(phases.get(i, {}), flags[i][0], flags[i][1]),
            due_today=cards["due_today"].get(i, 0),
            reviews_30d=recent.get(i, (0, 0))[0],
            passes_30d=recent.get(i, (0, 0))[1],
        )
        for i in sorted(deck_ids, key=lambda i: scope.names[i][1].casefold())
        if i in scope.names
    )


def _calibration_groups(scope: Scope) -> list[tuple[tuple[int, ...] | None, float, float]]:
    """Decks grouped by their forgetting curve (FSRS-6: decay -w20, and its factor)."""
    curves: dict[tuple[float, float], list[int]] = defaultdict(list)
    for deck_id, preset in scope.presets.items():
        model = model_for(preset)
        curves[(model.decay, model.factor)].append(deck_id)
    if not curves:
        return []
    if len(curves) == 1:  # every deck in scope (the reviews are filtered to them) alike
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
