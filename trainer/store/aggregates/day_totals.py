"""True retention over a long window from ``review_day_totals`` instead of the review log.

The table (migration 0003, kept by triggers) sums, per deck and UTC day, the eligible
reviews, their passes, and the reviews mature under any day clock (interval >= 22 days)
with their passes. A window ``[start, end)`` of local scheduler days is then:

* its whole UTC days from the table (a few hundred rows per deck for a year);
* its ragged ends (less than a UTC day each) from the review log, exactly as before;
* plus, inside the whole days, the reviews whose maturity depends on the clock (interval
  between 19 and 22 days), read through the partial index ``ix_reviews_interval_edge``
  and classified with the report's own day clock.

A UTC offset moves a local day boundary by at most a day, so an interval of 22 days or
more is 21 local days or more under every clock, and one of 19 days or less never is:
the sums equal the direct count (``stats_sql.retention_counts``) for every preset.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from trainer.store.aggregates.day_sql import (
    DAY_MS,
    DayClock,
    flag,
    in_decks,
    reviews_in_decks_by_lookup,
)
from trainer.store.aggregates.stats_sql import Decks, retention_counts

SURE_MATURE_MS = 22 * DAY_MS
SURE_YOUNG_MS = 19 * DAY_MS
# Exactly the partial index's WHERE (migration 0003), so both backends pick the index.
EDGE_WHERE = (
    "phase_before = 2 AND due_before - last_review_before > 1641600000"
    " AND due_before - last_review_before < 1900800000"
)
assert str(SURE_YOUNG_MS) in EDGE_WHERE and str(SURE_MATURE_MS) in EDGE_WHERE

Counts = tuple[int, int, int, int]  # eligible reviews, passes, mature reviews, mature passes


def window_retention(
    conn: Connection, clock: DayClock, start_ms: int, end_ms: int, decks: Decks
) -> Counts:
    """``(eligible reviews, passes, mature reviews, mature passes)`` in ``[start, end)``."""
    first_day = -(-start_ms // DAY_MS)  # whole UTC days: [first_day, last_day)
    last_day = end_ms // DAY_MS
    if first_day >= last_day:
        return _live(conn, clock, start_ms, end_ms, decks)
    whole_start, whole_end = first_day * DAY_MS, last_day * DAY_MS
    sql = (
        "SELECT COALESCE(SUM(eligible), 0), COALESCE(SUM(passes), 0), COALESCE(SUM(mature), 0),"
        " COALESCE(SUM(mature_passes), 0) FROM review_day_totals"
        f" WHERE utc_day >= :first AND utc_day < :last{in_decks('deck_id', decks)}"
    )
    row = conn.execute(text(sql), {"first": first_day, "last": last_day}).one()
    totals = [int(v) for v in row]
    edge_n, edge_pass = _clock_mature_edges(conn, clock, whole_start, whole_end, decks)
    totals[2] += edge_n
    totals[3] += edge_pass
    for lo, hi in ((start_ms, whole_start), (whole_end, end_ms)):
        if lo < hi:
            for i, value in enumerate(_live(conn, clock, lo, hi, decks)):
                totals[i] += value
    return totals[0], totals[1], totals[2], totals[3]


def _live(conn: Connection, clock: DayClock, start_ms: int, end_ms: int, decks: Decks) -> Counts:
    counts = retention_counts(conn, clock, {1: start_ms}, end_ms, decks, short_range=True)
    young_n, young_pass = counts[(1, False)]
    mature_n, mature_pass = counts[(1, True)]
    return young_n + mature_n, young_pass + mature_pass, mature_n, mature_pass


def _clock_mature_edges(
    conn: Connection, clock: DayClock, start_ms: int, end_ms: int, decks: Decks
) -> tuple[int, int]:
    """Reviews with an interval of 19-22 days that are mature (21 local days or more)."""
    interval = f"({clock.day_sql('r.due_before')} - {clock.day_sql('r.last_review_before')})"
    # without statistics SQLite would take the wider time index for the range
    hint = " INDEXED BY ix_reviews_interval_edge" if conn.dialect.name == "sqlite" else ""
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM({flag('r.rating > 1', conn.dialect.name)}), 0)"
        f" FROM reviews r{hint} WHERE r.reviewed_at >= :start AND r.reviewed_at < :end"
        f" AND {EDGE_WHERE}"
        f" AND {interval} >= 21{reviews_in_decks_by_lookup(decks)}"
    )
    n, passes = conn.execute(text(sql), {"start": start_ms, "end": end_ms}).one()
    return int(n or 0), int(passes or 0)


def rebuild(conn: Connection) -> None:
    """Recompute every total from the review log (inside the caller's transaction)."""
    eligible = f"(r.phase_before = 2 OR r.due_before - r.last_review_before >= {DAY_MS})"
    mature = f"r.phase_before = 2 AND r.due_before - r.last_review_before >= {SURE_MATURE_MS}"
    conn.execute(text("DELETE FROM review_day_totals"))
    conn.execute(
        text(
            "INSERT INTO review_day_totals (deck_id, utc_day, eligible, passes, mature,"
            f" mature_passes) SELECT c.deck_id, r.reviewed_at / {DAY_MS}, COUNT(*),"
            " SUM(CASE WHEN r.rating > 1 THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {mature} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {mature} AND r.rating > 1 THEN 1 ELSE 0 END)"
            f" FROM reviews r JOIN cards c ON c.id = r.card_id WHERE {eligible} GROUP BY 1, 2"
        )
    )


def stored_totals(conn: Connection) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Every non-empty row ``{(deck id, UTC day): (eligible, passes, mature, mature passes)}``."""
    sql = (
        "SELECT deck_id, utc_day, eligible, passes, mature, mature_passes"
        " FROM review_day_totals WHERE eligible <> 0 OR passes <> 0 OR mature <> 0"
        " OR mature_passes <> 0"
    )
    return {
        (int(d), int(u)): (int(e), int(p), int(m), int(mp))
        for d, u, e, p, m, mp in conn.execute(text(sql))
    }
