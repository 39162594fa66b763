"""Review history read in bulk, for fitting FSRS parameters: one ordered scan per deck."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text

from trainer.store.db import Collection

_HISTORY = text(
    "SELECT r.card_id, r.reviewed_at, r.rating FROM reviews r "
    "JOIN cards c ON c.id = r.card_id "
    "WHERE c.deck_id = :deck_id AND r.rating BETWEEN 1 AND 4 "
    "ORDER BY r.card_id, r.reviewed_at, r.id"
)


def deck_review_log(collection: Collection, deck_id: int) -> Iterator[tuple[int, int, int]]:
    """``(card_id, reviewed_at epoch ms, rating)`` for every review of the deck's cards,
    grouped by card and in time order within a card (``ix_reviews_card_time``)."""
    with collection.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=50_000).execute(
            _HISTORY, {"deck_id": deck_id}
        )
        for partition in result.partitions():
            yield from partition


def deck_card_count(collection: Collection, deck_id: int) -> int:
    with collection.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT COUNT(*) FROM cards WHERE deck_id = :deck_id"), {"deck_id": deck_id}
            ).scalar_one()
        )
