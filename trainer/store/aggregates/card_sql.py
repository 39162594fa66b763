"""The stats screen's deck flags and difficulty histogram, read from ``ix_cards_deck_difficulty``.

The flags are one pass over that index in deck order (no sort). The histogram's bin of a
card is ``floor((D - 1) * 10 / 9)`` in double precision, clamped to 0..9; that is a
non-decreasing function of D, so each bin is a range of D whose bounds are found here,
exactly, by stepping through neighbouring doubles. Ten range counts on the index then
replace a GROUP BY (and its sort) over every card.
"""

from __future__ import annotations

import math
from functools import cache

from sqlalchemy import Connection, text

from trainer.store.aggregates.day_sql import flag, in_decks

Removed = tuple[int, ...]
BINS = 10


def _bin(difficulty: float) -> int:
    return math.floor((difficulty - 1.0) * 10.0 / 9.0)


@cache
def bin_starts() -> tuple[float, ...]:
    """For bins 1..9, the smallest double D whose bin is that bin or higher."""
    starts = []
    for b in range(1, BINS):
        x = 1.0 + 0.9 * b
        while _bin(x) >= b:
            x = math.nextafter(x, -math.inf)
        while _bin(x) < b:
            x = math.nextafter(x, math.inf)
        starts.append(x)
    return tuple(starts)


def _removed_filter(removed: Removed) -> str:
    from trainer.store.aggregates.stats_sql import not_removed

    return not_removed(removed)


def difficulty_bins(
    conn: Connection, deck_ids: tuple[int, ...], removed: Removed = ()
) -> dict[int, int]:
    """``{difficulty bin 0..9: cards}`` of the cards in ``deck_ids`` (D = 10 in bin 9)."""
    if not deck_ids:
        return {}
    where = f"{in_decks('c.deck_id', deck_ids)}{_removed_filter(removed)}"
    bounds = [None, *bin_starts(), None]
    counts = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        condition = "c.difficulty IS NOT NULL"
        if lo is not None:
            condition += f" AND c.difficulty >= {lo!r}"
        if hi is not None:
            condition += f" AND c.difficulty < {hi!r}"
        counts.append(f"(SELECT COUNT(*) FROM cards c WHERE {condition}{where})")
    row = conn.execute(text(f"SELECT {', '.join(counts)}")).one()
    return {b: int(n) for b, n in enumerate(row) if n}


def card_flags(
    conn: Connection, deck_ids: tuple[int, ...], removed: Removed = ()
) -> list[tuple[int, int, int, float, int]]:
    """``(deck id, suspended, leeches, sum of difficulty, cards with a difficulty)``."""
    if not deck_ids:
        return []
    d = conn.dialect.name
    sql = (
        f"SELECT c.deck_id, SUM({flag('c.suspended', d)}), SUM({flag('c.leech', d)}),"
        " COALESCE(SUM(c.difficulty), 0), COUNT(c.difficulty) FROM cards c WHERE 1 = 1"
        f"{in_decks('c.deck_id', deck_ids)}{_removed_filter(removed)} GROUP BY 1"
    )
    return [
        (int(a), int(s or 0), int(lc or 0), float(t), int(n))
        for a, s, lc, t, n in conn.execute(text(sql))
    ]
