"""The stored problems of the decks an import touches, read once inside its write transaction.

A re-import compares the file with the store twice: the reader asks for each deck's source
stamps (``ReadOptions.known_revisions``) so it can leave unchanged notes unbuilt, and the
importer then sorts what was built into added, updated and unchanged and finds what the
file no longer has. ``StoredDecks`` serves both from one read per deck. The importer runs
the reader inside its write transaction, with the collection's write lock already held
(SQLite begins writers ``IMMEDIATE``; on PostgreSQL the deck's row is locked ``FOR UPDATE``
before its problems are read, and every import goes through here), so no other writer can
change a deck between the read and the write.

Each view of a deck is read when first asked for: a re-import of an unchanged package
needs only the stamps (and the few removed problems); the full rows (ids, content hashes)
are read only when there are built problems to compare or stored ones to mark removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from trainer.store.importing import StoredProblem, fetch_all

# What ``StoredDeck.revisions`` says for a problem stored without a stamp: matches none.
NO_STAMP = ""
DETAIL_COLUMNS = "key, id, content_hash, removed_at IS NOT NULL, source_rev"


Span = tuple[int, int]


def _id_span(conn: Connection, deck_id: int) -> Span | None:
    """The lowest and highest id of the deck's problems (``None``: it has none).

    The (deck_id, key) index answers it, but walks the whole deck in it (~2 ms for
    20,000 problems), so ``StoredDeck`` asks once.
    """
    span = "SELECT MIN(id), MAX(id) FROM problems WHERE deck_id = ?"
    low, high = fetch_all(conn, span, (deck_id,))[0]
    return None if low is None else (int(low), int(high))


def _rows_in_span(
    conn: Connection, columns: str, deck_id: int, span: Span | None, where: str = "1 = 1"
) -> list[Any]:
    """``columns`` of every problem of the deck, read in id order.

    Walking ``uq_problems_deck_key`` visits rows in key order, a random jump into the
    table for each (Anki guids are random): three times slower than reading the table in
    id order. A deck's problems were mostly added together, so the rows are read by
    their id span (``_id_span``), with ``+deck_id`` keeping the planner on that range.
    """
    if span is None:
        return []
    return fetch_all(
        conn,
        f"SELECT {columns} FROM problems WHERE id BETWEEN ? AND ? AND +deck_id = ? AND {where}",
        (*span, deck_id),
    )


class StoredDeck:
    """One deck's stored problems as an import sees them (none for a deck not yet stored).

    Each view is read on first use and kept: ``revisions`` (every stored problem, removed
    ones too: ``key -> source_rev``, ``NO_STAMP`` for a problem without one), ``removed``
    (``key -> id`` of the problems marked removed) and ``details()``.
    """

    def __init__(self, conn: Connection, deck_id: int | None) -> None:
        self._conn = conn
        self.deck_id = deck_id
        self._revisions: dict[str, str] | None = None
        self._removed: dict[str, int] | None = None
        self._details: dict[str, StoredProblem] | None = None
        self._span: Span | None = None
        self._span_read = False

    def _rows(self, columns: str, where: str = "1 = 1") -> list[Any]:
        if self.deck_id is None:
            return []
        if not self._span_read:
            self._span, self._span_read = _id_span(self._conn, self.deck_id), True
        return _rows_in_span(self._conn, columns, self.deck_id, self._span, where)

    @property
    def revisions(self) -> dict[str, str]:
        if self._revisions is None:
            self._revisions = dict(self._rows(f"key, COALESCE(source_rev, '{NO_STAMP}')"))
        return self._revisions

    @property
    def removed(self) -> dict[str, int]:
        if self._removed is None:  # the partial index ix_problems_removed answers this
            self._removed = dict(self._rows("key, id", "removed_at IS NOT NULL"))
        return self._removed

    def details(self) -> dict[str, StoredProblem]:
        """``key -> (id, content_hash, removed, source_rev)`` of every stored problem."""
        if self._details is None:
            self._details = {
                key: (pid, digest, bool(removed), rev)
                for key, pid, digest, removed, rev in self._rows(DETAIL_COLUMNS)
            }
        return self._details


class StoredDecks:
    """Per deck key, its ``StoredDeck``, read on first use and kept for the transaction.

    Make one per try of the import's write transaction, on that transaction's connection:
    what it holds is only true while that transaction's write lock is held.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._decks: dict[str, StoredDeck] = {}
        self._served: set[str] = set()

    def deck(self, deck_key: str) -> StoredDeck:
        found = self._decks.get(deck_key)
        if found is None:
            found = self._decks[deck_key] = StoredDeck(self._conn, self._locked_deck_id(deck_key))
        return found

    def revisions(self, deck_key: str) -> Mapping[str, str]:
        """The ``known_revisions`` of a reader run inside this transaction."""
        self._served.add(deck_key)
        return self.deck(deck_key).revisions

    def served(self, deck_key: str) -> bool:
        """Whether a reader was given this deck's stamps by ``revisions``."""
        return deck_key in self._served

    def _locked_deck_id(self, deck_key: str) -> int | None:
        lock = " FOR UPDATE" if self._conn.dialect.name == "postgresql" else ""
        found = fetch_all(self._conn, f"SELECT id FROM decks WHERE key = ?{lock}", (deck_key,))
        return int(found[0][0]) if found else None
