"""``StoredDecks``: an import's one read of each deck's stored problems."""

from __future__ import annotations

from sqlalchemy import text

from trainer.domain import Deck, ImportBatch, Problem
from trainer.practice.importing import import_batch
from trainer.practice.services import Services
from trainer.store.stored_problems import NO_STAMP, StoredDecks


def test_each_deck_is_read_once_with_stamps_removals_and_details(services: Services) -> None:
    items = tuple(Problem(key=k, prompt=f"{k}?", answer=k) for k in ("a", "b", "c"))
    stamps = {"a": "rev-a", "b": "rev-b"}  # c has no stamp
    import_batch(
        services, ImportBatch(decks=(Deck("d", "D", items, revisions=stamps),)), source="f"
    )
    import_batch(
        services, ImportBatch(decks=(Deck("d", "D", items[:2], revisions=stamps),)), source="f"
    )
    with services.collection.session_scope() as session:
        conn = session.connection()
        stored = StoredDecks(conn)
        assert stored.revisions("d") == {"a": "rev-a", "b": "rev-b", "c": NO_STAMP}
        assert stored.served("d") and not stored.served("other")
        deck = stored.deck("d")
        assert deck is stored.deck("d")  # kept for the transaction
        assert list(deck.removed) == ["c"]
        details = deck.details()
        assert {k: (v[2], v[3]) for k, v in details.items()} == {
            "a": (False, "rev-a"),
            "b": (False, "rev-b"),
            "c": (True, None),
        }
        ids = dict(session.execute(text("SELECT key, id FROM problems")).all())
        assert {k: v[0] for k, v in details.items()} == ids and deck.removed["c"] == ids["c"]
        session.execute(text("UPDATE problems SET source_rev = 'later'"))
        assert deck.details() is details and stored.revisions("d")["a"] == "rev-a"  # not re-read
        missing = stored.deck("new")
        assert (missing.deck_id, missing.revisions, missing.removed, missing.details()) == (
            None,
            {},
            {},
            {},
        )
