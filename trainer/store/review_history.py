"""Review history read in bulk, for fitting FSRS parameters: one ordered scan per deck.

A million reviews go through here. Python tuples of that many rows cost more than the
scan itself, so the database hands back one text per card (its reviews' ``reviewed_at *
8 + rating``, comma-separated, in time order) and numpy parses them all in one call. The
scan walks ``ix_reviews_card_time`` (card, time, rating: migration 0006), never the
table, with the deck's card ids as an IN list, so no sort of the whole history is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from trainer.store.placeholders import in_paramstyle

if TYPE_CHECKING:
    from trainer.store.db import Collection

_WHERE = (
    "FROM reviews r WHERE r.card_id IN (SELECT id FROM cards WHERE deck_id = ?) "
    "AND r.rating BETWEEN 1 AND 4 GROUP BY r.card_id"
)
# SQLite aggregates in scan order (the index's: time within a card); PostgreSQL is told.
_PACKED = {
    "sqlite": f"SELECT COUNT(*), group_concat(r.reviewed_at * 8 + r.rating) {_WHERE}",
    "postgresql": (
        "SELECT COUNT(*), string_agg((r.reviewed_at * 8 + r.rating)::text, ',' "
        f"ORDER BY r.reviewed_at) {_WHERE}"
    ),
}
_CARDS_PER_FETCH = 20_000

IntArray = npt.NDArray[np.int64]


def _statement(collection: Collection, sql: str) -> str:
    return in_paramstyle(sql, collection.engine.dialect.paramstyle)


def deck_review_columns(
    collection: Collection, deck_id: int
) -> tuple[IntArray, IntArray, IntArray]:
    """``(reviews per card, reviewed_at epoch ms, rating)`` of every review of the deck's
    cards (ratings 1-4): cards one after another, each card's reviews in time order."""
    sql = _PACKED.get(collection.engine.dialect.name)
    if sql is None:
        raise NotImplementedError(f"review history on {collection.engine.dialect.name}")
    counts: list[int] = []
    texts: list[str] = []
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_statement(collection, sql), (deck_id,))
        while rows := cursor.fetchmany(_CARDS_PER_FETCH):
            for count, text in rows:
                counts.append(count)
                texts.append(text)
        cursor.close()
    finally:
        raw.rollback()
        raw.close()
    # numpy's text parser reads the million numbers in C (a str per number costs 6x)
    packed = (
        np.fromstring(",".join(texts), dtype=np.int64, sep=",") if texts else np.zeros(0, np.int64)
    )
    per_card = np.array(counts, dtype=np.int64)
    if len(packed) != int(per_card.sum()):
        raise RuntimeError("review history: the per-card texts do not match their counts")
    times, ratings = packed >> 3, packed & 7
    _keep_time_order(per_card, times, ratings)
    return per_card, times, ratings


def _keep_time_order(per_card: IntArray, times: IntArray, ratings: IntArray) -> None:
    """Sort within cards, in place, should the database have aggregated out of order."""
    if len(times) < 2:
        return
    starts = np.cumsum(per_card) - per_card
    step_back = np.diff(times) < 0
    step_back[starts[1:] - 1] = False  # a new card may start earlier
    if not step_back.any():
        return
    card = np.repeat(np.arange(len(per_card)), per_card)
    order = np.lexsort((times, card))
    times[:] = times[order]
    ratings[:] = ratings[order]


def deck_card_count(collection: Collection, deck_id: int) -> int:
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            _statement(collection, "SELECT COUNT(*) FROM cards WHERE deck_id = ?"), (deck_id,)
        )
        row = cursor.fetchone()
        cursor.close()
        return int(row[0]) if row else 0
    finally:
        raw.rollback()
        raw.close()


_COSTS = (
    "SELECT r.phase_before, r.rating, COUNT(*), "
    "AVG(CASE WHEN r.response_ms > 60000 THEN 60000 ELSE r.response_ms END) / 1000.0 "
    "FROM reviews r WHERE r.card_id IN (SELECT id FROM cards WHERE deck_id = ?) "
    "AND r.rating BETWEEN 1 AND 4 AND r.response_ms > 0 "
    "GROUP BY r.phase_before, r.rating"
)


def deck_review_times(collection: Collection, deck_id: int) -> list[tuple[int, int, int, float]]:
    """``(phase before, rating, timed reviews, mean seconds)`` of the deck's reviews that
    have a response time; each time capped at 60 s before averaging."""
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_statement(collection, _COSTS), (deck_id,))
        rows = [(int(p), int(r), int(n), float(s)) for p, r, n, s in cursor.fetchall()]
        cursor.close()
        return rows
    finally:
        raw.rollback()
        raw.close()
