"""Review history read in bulk, for fitting FSRS parameters: one ordered scan per deck.

A million reviews go through here, so it reads with the DBAPI cursor directly (no
SQLAlchemy row processing) and walks ``ix_reviews_card_time`` in card order, with the
deck's card ids as an IN list, so no sort of the whole history is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.store.db import Collection

_HISTORY = (
    "SELECT r.card_id, r.reviewed_at, r.rating FROM reviews r "
    "WHERE r.card_id IN (SELECT id FROM cards WHERE deck_id = ?) "
    "AND r.rating BETWEEN 1 AND 4 "
    "ORDER BY r.card_id, r.reviewed_at"
)
_BATCH = 100_000


def _statement(collection: Collection, sql: str) -> str:
    return sql if collection.engine.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def deck_review_log(collection: Collection, deck_id: int) -> Iterator[tuple[int, int, int]]:
    """``(card_id, reviewed_at epoch ms, rating)`` for every review of the deck's cards,
    grouped by card and in time order within a card."""
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_statement(collection, _HISTORY), (deck_id,))
        while rows := cursor.fetchmany(_BATCH):
            yield from rows
        cursor.close()
    finally:
        raw.rollback()
        raw.close()


def deck_card_count(collection: Collection, deck_id: int) -> int:
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            _statement(collection, "SELECT COUNT(*) FROM cards WHERE deck_id = ?"), (deck_id,)
        )
        count = int(cursor.fetchone()[0])
        cursor.close()
        return count
    finally:
        raw.rollback()
        raw.close()


def earliest_review_ms(collection: Collection) -> int | None:
    """The time of the collection's first review (``ix_reviews_time``), or None."""
    raw = collection.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT MIN(reviewed_at) FROM reviews")
        value = cursor.fetchone()[0]
        cursor.close()
        return None if value is None else int(value)
    finally:
        raw.rollback()
        raw.close()
