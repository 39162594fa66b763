"""What the application needs from the world, handed in rather than reached for.

``trainer.wiring.build_services`` builds one; tests build one on a temporary directory
with a frozen clock. The drill engine, the deck library, the reports and the TUI all
take a ``Services`` and never build an engine or read the wall clock themselves.

The SQLAlchemy collection is opened on first use: the drill reaches its first problem
through the store's plain ``sqlite3`` fast path on an up-to-date SQLite collection, so
starting the app does not wait for SQLAlchemy to import. Everything else (stats,
imports, settings) opens it when asked, typically in a worker after the first paint.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.clock import Clock

if TYPE_CHECKING:
    from trainer.store.db import Collection
    from trainer.store.drill_store import DrillStore


@dataclass
class Services:
    clock: Clock
    home: Path
    media_dir: Path
    bundled_decks_dir: Path
    db_url: str
    _collection: Collection | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def collection(self) -> Collection:
        """The collection, opened (created or migrated if needed) on first use."""
        with self._lock:
            if self._collection is None:
                from trainer.store.opening import open_collection

                self._collection = open_collection(self.db_url)
            return self._collection

    @property
    def collection_is_open(self) -> bool:
        return self._collection is not None

    def sqlite_path(self) -> Path | None:
        """The collection's file when it is a plain SQLite file URL, else None."""
        prefix = "sqlite:///"
        if not self.db_url.startswith(prefix) or "?" in self.db_url:
            return None
        database = self.db_url[len(prefix) :]
        return Path(database) if database and database != ":memory:" else None

    def open_drill_store(self) -> DrillStore:
        """A connection for the drill loop: plain ``sqlite3`` on an up-to-date SQLite file
        (no SQLAlchemy import), otherwise a connection of the opened collection."""
        from trainer.store.drill_store import DrillStore

        path = None if self.collection_is_open else self.sqlite_path()
        if path is not None:
            store = DrillStore.open_sqlite(path)
            if store is not None:
                return store
        return DrillStore.open(self.collection)

    def close(self) -> None:
        with self._lock:
            if self._collection is not None:
                self._collection.close()
                self._collection = None
