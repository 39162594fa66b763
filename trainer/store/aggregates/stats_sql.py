"""The stats screen's SQL: every aggregate is a GROUP BY or a sum in the database.

Each function takes an open ``Connection`` (one read transaction for the whole report, so
every figure describes the same moment) and returns plain tuples or dicts. Review
queries range over ``ix_reviews_time``; card counts by deck and phase read
``ix_cards_deck_phase_position`` alone; nothing pulls the review log into Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

from trainer.store.aggregates.day_sql import (
    DAY_MS,
    DayClock,
    flag,
    in_decks,
    reviews_in_decks,
    reviews_in_decks_by_lookup,
)

Decks = tuple[int, ...] | None
Removed = tuple[int, ...]  # ids of problems a re-import removed (their cards stay)
_REMOVED_SUBQUERY = (
    " AND c.problem_id NOT IN (SELECT id FROM problems WHERE removed_at IS NOT NULL)"
)


def not_removed(removed: Removed) -> str:
    """A filter leaving out the cards of removed problems (usually there are none)."""
    if not removed:
        return ""
    if len(removed) > 2000:
        return _REMOVED_SUBQUERY
    return f" AND c.problem_id NOT IN ({', '.join(str(int(i)) for i in removed)})"


def removed_problem_ids(conn: Connection) -> Removed:
    sql = "SELECT id FROM problems WHERE removed_at IS NOT NULL"
    return tuple(int(row[0]) for row in conn.execute(text(sql)))


def _dialect(conn: Connection) -> str:
    return conn.dialect.name


def _rows(conn: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(sql), params)]


def first_review_ms(conn: Connection, decks: Decks) -> int | None:
    sql = f"SELECT MIN(r.reviewed_at) FROM reviews r WHERE 1 = 1{reviews_in_decks(decks)}"
    value = conn.execute(text(sql)).scalar()
    return None if value is None else int(value)


def active_days(conn: Connection, starts: Sequence[int], decks: Decks) -> list[int]:
    """Indices ``i`` of the days ``[starts[i], starts[i + 1])`` holding at least one review.

    One index probe per day, all inside one statement.
    """
    if len(starts) < 2:
        return []
    values = ", ".join(
        f"({i}, {int(s)}, {int(e)})"
        for i, (s, e) in enumerate(zip(starts, starts[1:], strict=False))
    )
    sql = (
        f"WITH days(i, s, e) AS (VALUES {values}) SELECT i FROM days WHERE EXISTS ("
        "SELECT 1 FROM reviews r WHERE r.reviewed_at >= days.s AND r.reviewed_at < days.e"
        f"{reviews_in_decks(decks)})"
    )
    return [int(row[0]) for row in conn.execute(text(sql))]


def daily_activity(
    conn: Connection, clock: DayClock, start_ms: int, end_ms: int, decks: Decks
) -> list[tuple[int, int, int, int, int, int, int]]:
    """``(day, reviews, passes, time_ms, new_learned, overrides, timed reviews)`` per day
    with reviews (timed: reviews with a known response time)."""
    d = _dialect(conn)
    day = clock.day_sql("r.reviewed_at")
    sql = (
        f"SELECT {day} AS day, COUNT(*), SUM({flag('r.rating > 1', d)}),"
        f" COALESCE(SUM(r.response_ms), 0), SUM({flag('r.phase_before = 0', d)}),"
        f" SUM({flag('r.override IS NOT NULL', d)}), COUNT(r.response_ms)"
        " FROM reviews r WHERE r.reviewed_at >= :start AND r.reviewed_at < :end"
        f"{reviews_in_decks(decks)} GROUP BY 1 ORDER BY 1"
    )
    return [
        (int(a), int(b), int(c or 0), int(e or 0), int(f or 0), int(g or 0), int(h or 0))
        for a, b, c, e, f, g, h in _rows(conn, sql, start=start_ms, end=end_ms)
    ]


def retention_counts(
    conn: Connection,
    clock: DayClock,
    starts: dict[int, int],
    end_ms: int,
    decks: Decks,
    *,
    full_scan: bool = False,
    short_range: bool = False,
) -> dict[tuple[int, bool], tuple[int, int]]:
    """True-retention ``{(window days, mature): (reviews, passes)}`` in one pass.

    ``starts`` maps each window length to its first instant (windows nest). Eligible: a
    Review-phase card, or a learning step of a day or more; mature: a Review-phase card
    whose interval (due day - last review day) was 21 days or more. With ``full_scan``
    the table is read in storage order instead of through the time index: faster when
    the windows hold most of the log or the log was stored out of time order (an
    imported history is stored card by card), since index order then means random reads.
    Passes, mature reviews and mature passes are packed into one sum of 21-bit fields
    (SQLite's time goes per aggregate per row); slices of two million eligible reviews
    or more are counted with one sum per figure instead.
    """
    d = _dialect(conn)
    windows = sorted(starts)
    deck_filter = reviews_in_decks_by_lookup if short_range else reviews_in_decks
    time_col = "+r.reviewed_at" if full_scan and d == "sqlite" else "r.reviewed_at"
    interval = f"({clock.day_sql('r.due_before')} - {clock.day_sql('r.last_review_before')})"
    passed = flag("r.rating > 1", d)
    mature = f"r.phase_before = 2 AND {interval} >= 21"
    packed = packed_sql(clock, d)
    columns = []
    for days in windows[:-1]:  # the widest window is the whole WHERE range
        inside = f"{time_col} >= {int(starts[days])}"
        columns.append(f"SUM(CASE WHEN {inside} THEN 1 ELSE 0 END)")
        columns.append(f"SUM(CASE WHEN {inside} THEN {packed} ELSE 0 END)")
    columns += ["COUNT(*)", f"SUM({packed})"]
    where = (
        f" FROM reviews r WHERE {time_col} >= :start AND {time_col} < :end"
        f" AND {eligible_sql()}{deck_filter(decks)}"
    )
    params = {"start": starts[windows[-1]], "end": end_ms}
    row = conn.execute(text(f"SELECT {', '.join(columns)}{where}"), params).one()
    values = [int(v or 0) for v in row]
    out: dict[tuple[int, bool], tuple[int, int]] = {}
    if values[-2] >= _FIELD:
        return _retention_unpacked(conn, windows, starts, where, params, passed, mature)
    for i, days in enumerate(windows):
        total, sums = values[2 * i], values[2 * i + 1]
        passes, mature_n, mature_pass = unpack(sums)
        out[(days, False)] = (total - mature_n, passes - mature_pass)
        out[(days, True)] = (mature_n, mature_pass)
    return out


_FIELD = 1 << 21  # three counts packed in one 63-bit sum, 21 bits each


def eligible_sql() -> str:
    """A review that counts for true retention: of a Review card, or a day or more apart."""
    return f"(r.phase_before = 2 OR r.due_before - r.last_review_before >= {DAY_MS})"


def packed_sql(clock: DayClock, dialect: str) -> str:
    """passes + mature reviews << 21 + mature passes << 42, for one eligible review."""
    interval = f"({clock.day_sql('r.due_before')} - {clock.day_sql('r.last_review_before')})"
    passed = flag("r.rating > 1", dialect)
    mature = f"r.phase_before = 2 AND {interval} >= 21"
    return f"CASE WHEN {mature} THEN {_FIELD} + {passed} * {_FIELD * _FIELD} ELSE 0 END + {passed}"


def unpack(packed: int) -> tuple[int, int, int]:
    """``(passes, mature reviews, mature passes)`` from a packed retention sum."""
    mask = _FIELD - 1
    return packed & mask, (packed >> 21) & mask, packed >> 42


def _retention_unpacked(
    conn: Connection,
    windows: list[int],
    starts: dict[int, int],
    where: str,
    params: dict[str, int],
    passed: str,
    mature: str,
) -> dict[tuple[int, bool], tuple[int, int]]:
    out: dict[tuple[int, bool], tuple[int, int]] = {}
    for days in windows:
        sql = (
            f"SELECT COUNT(*), SUM({passed}), SUM(CASE WHEN {mature} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {mature} THEN {passed} ELSE 0 END){where}"
            f" AND r.reviewed_at >= {int(starts[days])}"
        )
        total, passes, mature_n, mature_pass = (
            int(v or 0) for v in conn.execute(text(sql), params).one()
        )
        out[(days, False)] = (total - mature_n, passes - mature_pass)
        out[(days, True)] = (mature_n, mature_pass)
    return out


def due_forecast(
    conn: Connection, clock: DayClock, end_ms: int, decks: Decks, removed: Removed = ()
) -> list[tuple[int, int, bool, int]]:
    """``(deck id, due day, learning?, cards)`` for unsuspended cards due before ``end_ms``."""
    d = _dialect(conn)
    sql = (
        f"SELECT c.deck_id, {clock.day_sql('c.due')}, {flag('c.phase <> 2', d)}, COUNT(*)"
        " FROM cards c WHERE c.due < :end AND c.phase <> 0 AND c.suspended = :no"
        f"{in_decks('c.deck_id', decks)}{not_removed(removed)} GROUP BY 1, 2, 3"
    )
    return [
        (int(k), int(a), bool(b), int(n)) for k, a, b, n in _rows(conn, sql, end=end_ms, no=False)
    ]


def phase_counts(conn: Connection, decks: Decks) -> list[tuple[int, int, int]]:
    """``(deck id, phase, cards)``, read from the (deck, phase, position) index alone."""
    sql = (
        "SELECT c.deck_id, c.phase, COUNT(*) FROM cards c WHERE 1 = 1"
        f"{in_decks('c.deck_id', decks)} GROUP BY 1, 2"
    )
    return [(int(a), int(b), int(n)) for a, b, n in _rows(conn, sql)]


def removed_phase_counts(conn: Connection, decks: Decks) -> list[tuple[int, int, int]]:
    """``(deck id, phase, cards)`` of cards whose problem a re-import removed."""
    sql = (
        "SELECT c.deck_id, c.phase, COUNT(*) FROM problems p JOIN cards c"
        " ON c.problem_id = p.id WHERE p.removed_at IS NOT NULL"
        f"{in_decks('c.deck_id', decks)} GROUP BY 1, 2"
    )
    return [(int(a), int(b), int(n)) for a, b, n in _rows(conn, sql)]


def interval_counts(
    conn: Connection, clock: DayClock, decks: Decks, removed: Removed = ()
) -> dict[int, int]:
    """``{interval days: review cards}``; interval = due day - last review day."""
    sql = (
        f"SELECT {clock.day_sql('c.due')} - {clock.day_sql('c.last_review')}, COUNT(*)"
        " FROM cards c WHERE c.phase = 2 AND c.due IS NOT NULL AND c.last_review IS NOT NULL"
        f"{in_decks('c.deck_id', decks)}{not_removed(removed)} GROUP BY 1"
    )
    return {int(a): int(n) for a, n in _rows(conn, sql)}


def review_counts_by_deck(
    conn: Connection, start_ms: int, end_ms: int, decks: Decks
) -> dict[int, tuple[int, int]]:
    """``{deck id: (reviews, passes)}`` between two instants."""
    d = _dialect(conn)
    sql = (
        f"SELECT c.deck_id, COUNT(*), SUM({flag('r.rating > 1', d)}) FROM reviews r"
        " JOIN cards c ON c.id = r.card_id WHERE r.reviewed_at >= :start"
        f" AND r.reviewed_at < :end{in_decks('c.deck_id', decks)} GROUP BY 1"
    )
    return {
        int(a): (int(n), int(p or 0)) for a, n, p in _rows(conn, sql, start=start_ms, end=end_ms)
    }


def tag_summary(conn: Connection, decks: Decks) -> list[tuple[str, int, int, int, int, int, int]]:
    """``(space-joined tags, phase, cards, suspended, leeches, reps, lapses)`` of tagged cards."""
    d = _dialect(conn)
    sql = (
        f"SELECT p.tags, c.phase, COUNT(*), SUM({flag('c.suspended', d)}),"
        f" SUM({flag('c.leech', d)}), SUM(c.reps), SUM(c.lapses) FROM problems p"
        # CROSS JOIN: SQLite starts from the tagged problems (ix_problems_tagged), not from
        # every card of the deck; PostgreSQL plans it as an inner join
        " CROSS JOIN cards c WHERE c.problem_id = p.id AND p.tags <> ''"
        " AND p.removed_at IS NULL"
        f"{in_decks('c.deck_id', decks)} GROUP BY 1, 2"
    )
    return [
        (str(t), int(ph), int(n), int(s or 0), int(lc or 0), int(r or 0), int(la or 0))
        for t, ph, n, s, lc, r, la in _rows(conn, sql)
    ]


def failing_problems(
    conn: Connection, decks: Decks, *, leeches_only: bool, limit: int
) -> list[tuple[str, str, str, int, int, bool]]:
    """``(deck key, problem key, prompt, lapses, reps, leech)``: most lapses first, then
    most reviews, then the oldest card. The top cards are picked before the join."""
    d = _dialect(conn)
    condition = flag("c.leech", d) + " = 1" if leeches_only else "c.lapses > 0"
    sql = (
        "SELECT dk.key, p.key, p.prompt, top.lapses, top.reps, top.leech FROM ("
        "SELECT c.id, c.problem_id, c.deck_id, c.lapses, c.reps, c.leech FROM cards c"
        # +c.deck_id: read ix_cards_lapses from the top even with a deck filter
        f" WHERE {condition}{in_decks('+c.deck_id', decks)}"
        " AND c.problem_id NOT IN (SELECT id FROM problems WHERE removed_at IS NOT NULL)"
        " ORDER BY c.lapses DESC, c.reps DESC, c.id LIMIT :limit) AS top"
        " JOIN problems p ON p.id = top.problem_id JOIN decks dk ON dk.id = top.deck_id"
        " ORDER BY top.lapses DESC, top.reps DESC, top.id"
    )
    return [
        (str(a), str(b), str(c), int(la), int(r), bool(lc))
        for a, b, c, la, r, lc in _rows(conn, sql, limit=limit)
    ]


def deck_rows(conn: Connection) -> list[tuple[int, str, str, dict[str, Any]]]:
    """``(id, key, name, preset overrides)`` of every deck."""
    import json

    out = []
    for deck_id, key, name, preset in _rows(conn, "SELECT id, key, name, preset FROM decks"):
        if isinstance(preset, str):
            preset = json.loads(preset or "{}")
        out.append((int(deck_id), str(key), str(name), dict(preset or {})))
    return out
