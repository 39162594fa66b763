"""One import's write transaction: the only door through which an import touches SQL.

``run_import_write(collection, work)`` runs ``work(ImportWrite)`` in one write
transaction (retried when the collection is busy); the application layer
(``trainer.practice.importing``) reads the file, sorts out media and reports through
the ``ImportWrite`` it is given, and never holds a connection itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from trainer.domain import Deck, HistoryEntry
from trainer.store import importing as sql
from trainer.store.bulk_write import defer_wal_checkpoint
from trainer.store.deck_apply import DeckReport, apply_deck, encode_deck
from trainer.store.history_import import HistoryResult, Tick, apply_history
from trainer.store.stored_problems import StoredDecks

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trainer.store.db import Collection

T = TypeVar("T")

__all__ = ["DeckReport", "HistoryResult", "ImportWrite", "run_import_write"]


class ImportWrite:
    """The import's transaction: the stored decks as read under its lock, and the writes."""

    def __init__(self, session: Session, *, dry_run: bool) -> None:
        self._session = session
        self._conn = session.connection()  # on SQLite this takes the write lock
        if not dry_run:
            defer_wal_checkpoint(self._conn)
        self._stored = StoredDecks(self._conn)

    def known_revisions(self, deck_key: str) -> Mapping[str, str]:
        """The stored stamps of a deck's problems (read once, kept for ``apply_deck``)."""
        return self._stored.revisions(deck_key)

    def apply_deck(
        self,
        deck: Deck,
        *,
        source: str,
        bundled: bool,
        now_ms: int,
        created_ms: dict[str, int],
        named_by_file: bool,
    ) -> DeckReport:
        """Write one deck's problems (``deck_apply.apply_deck``)."""
        return apply_deck(
            self._conn,
            deck,
            encode_deck(deck, source),
            self._stored.deck(deck.key),
            checked=self._stored.served(deck.key),
            source=source,
            bundled=bundled,
            named_by_file=named_by_file,
            now_ms=now_ms,
            created_ms=created_ms,
        )

    def apply_history(
        self,
        history: tuple[HistoryEntry, ...],
        *,
        source: str,
        deck_name: str | None,
        only_deck: str | None,
        tick: Tick | None = None,
    ) -> HistoryResult:
        """Replay and store imported reviews, the indexes rebuilt after a big batch."""
        with sql.indexes_rebuilt_after(self._conn, ("reviews", "cards"), len(history)):
            return apply_history(
                self._conn,
                history,
                source=source,
                deck_name=deck_name,
                only_deck=only_deck,
                tick=tick,
            )

    def rollback(self) -> None:
        """Undo everything this transaction wrote (a dry run)."""
        self._session.rollback()


def run_import_write(
    collection: Collection, work: Callable[[ImportWrite], T], *, dry_run: bool
) -> T:
    """``work`` in one write transaction; it may run again when the collection was busy."""
    return collection.run_write(lambda session: work(ImportWrite(session, dry_run=dry_run)))
