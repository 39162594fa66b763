"""The last days of the review log: per-day activity and the FSRS calibration bins.

Both read ``ix_reviews_time`` alone (it covers every column used here). The days come as
one aggregate per day over that day's time range, joined with UNION ALL: no GROUP BY, so
SQLite sorts nothing (a GROUP BY over tens of thousands of reviews costs more than reading
them). The calibration groups only the reviews that have a prediction, by bin.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from trainer.store.aggregates.day_sql import (
    DayClock,
    flag,
    floor_of,
    reviews_in_decks_by_lookup,
)
from trainer.store.aggregates.stats_sql import eligible_sql, packed_sql

Decks = tuple[int, ...] | None


def _packed_if_eligible(clock: DayClock, dialect: str) -> str:
    """``stats_sql.packed_sql`` for a review that counts for true retention, else 0."""
    return f"CASE WHEN {eligible_sql()} THEN {packed_sql(clock, dialect)} ELSE 0 END"


def day_sums(
    conn: Connection, clock: DayClock, starts: Sequence[int], decks: Decks
) -> list[tuple[int, int, int, int, int, int, int, int, int]]:
    """For each day ``[starts[i], starts[i + 1])``: ``(i, reviews, passes, time_ms,
    new_learned, overrides, timed reviews, true-retention reviews, their packed sum)``."""
    d = conn.dialect.name
    columns = (
        f"COUNT(*), SUM({flag('r.rating > 1', d)}), SUM(r.response_ms),"
        f" SUM({flag('r.phase_before = 0', d)}), SUM({flag('r.override IS NOT NULL', d)}),"
        f" COUNT(r.response_ms), SUM({flag(eligible_sql(), d)}),"
        f" SUM({_packed_if_eligible(clock, d)})"
    )
    parts = [
        f"SELECT {i}, {columns} FROM reviews r WHERE r.reviewed_at >= {int(s)}"
        f" AND r.reviewed_at < {int(e)}{reviews_in_decks_by_lookup(decks)}"
        for i, (s, e) in enumerate(zip(starts, starts[1:], strict=False))
    ]
    if not parts:
        return []
    rows = conn.execute(text(" UNION ALL ".join(parts))).all()
    return [tuple(int(v or 0) for v in row) for row in rows]  # type: ignore[misc]


def calibration_bins(
    conn: Connection,
    clock: DayClock,
    start_ms: int,
    end_ms: int,
    curves: Sequence[tuple[Decks, float, float]],
    decks: Decks,
) -> list[tuple[int, int, float, int]]:
    """``(bin, predictions, sum of predicted R, passes)`` of the reviews in the range.

    A review is predicted when the card had a memory state and at least one scheduler day
    passed (fsrs-rs leaves same-day reviews out); FSRS-6 predicts
    ``R = (1 + factor * t / S) ** decay`` with ``t`` the elapsed scheduler days, ``S`` the
    stability before the review, ``(decks, decay, factor)`` per group of decks (``curves``).
    Bins: ``floor(21 ** R) - 1`` clamped to 0..19 (``trainer.stats.calibration.bin_of``).
    """
    if not curves:
        return []
    d = conn.dialect.name
    elapsed = f"({clock.day_sql('r.reviewed_at')} - {clock.day_sql('r.last_review_before')})"
    branches = []
    for curve_decks, decay, factor in curves:
        formula = (
            f"POWER(1.0 + {float(factor)!r} * {elapsed} / r.stability_before, {float(decay)!r})"
        )
        if curve_decks is None:
            branches.append(f"WHEN 1 = 1 THEN {formula}")
        else:
            ids = ", ".join(str(int(i)) for i in curve_decks) or "NULL"
            member = f"(SELECT c.deck_id FROM cards c WHERE c.id = r.card_id) IN ({ids})"
            branches.append(f"WHEN {member} THEN {formula}")
    predicted = f"CASE {' '.join(branches)} END"
    sql = (
        f"WITH predicted AS (SELECT {predicted} AS p, {flag('r.rating > 1', d)} AS y"
        " FROM reviews r WHERE r.reviewed_at >= :start AND r.reviewed_at < :end"
        f" AND r.stability_before > 0 AND r.last_review_before IS NOT NULL AND {elapsed} > 0"
        f"{reviews_in_decks_by_lookup(decks)})"
        f" SELECT {floor_of('POWER(21.0, p)', d)} - 1, COUNT(*), SUM(p), SUM(y) FROM predicted"
        " WHERE p IS NOT NULL GROUP BY 1"
    )
    out = []
    for b, n, total, passes in conn.execute(text(sql), {"start": start_ms, "end": end_ms}):
        out.append((min(max(int(b), 0), 19), int(n), float(total or 0.0), int(passes or 0)))
    return out
