"""One DBAPI connection held for a whole drill session, and its transactions.

The drill loop is the one hot path of the program (see ``benchmarks/practice.py``): a
learner answering a thousand problems in a row must never wait on the store. So the
drill works on one DBAPI connection (SQLite's ``sqlite3``, or psycopg) with plain SQL
statements written once, instead of ORM sessions. Every write is one explicit
transaction (``BEGIN IMMEDIATE`` on SQLite, so a second process queues for the lock).

Standard library only: the drill opens a SQLite collection without SQLAlchemy, so the
first problem is on screen before SQLAlchemy would have finished importing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from trainer.errors import CollectionError
from trainer.store.placeholders import in_paramstyle
from trainer.store.wal_checkpoint import WalCheckpointer

if TYPE_CHECKING:
    from trainer.store.db import Collection

_MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_BUSY_TIMEOUT_MS = 10_000
_BACKSTOP_CHECKPOINT_PAGES = 25_000


def _give_back(raw: Any) -> Any:
    """How a pooled connection goes back: one the server dropped (stopped mid-drill) is
    discarded, not reset; resetting it would only log a traceback after the error line."""

    def give_back() -> None:
        driver = raw.driver_connection
        if getattr(driver, "broken", False) or getattr(driver, "closed", False):
            raw.invalidate()
        else:
            raw.close()

    return give_back


def head_revision() -> str:
    """The newest schema revision shipped (migration files are named after their ids)."""
    return max(p.stem for p in _MIGRATIONS.glob("[0-9]*.py"))


class DrillConnection:
    """A DBAPI connection (SQLite's ``sqlite3`` or psycopg) with the drill's transactions."""

    def __init__(
        self, connection: Any, dialect: str, on_close: Any = None, path: str | None = None
    ) -> None:
        self._conn = connection
        self._sqlite = dialect == "sqlite"
        self._on_close = on_close
        self._returning = not self._sqlite or sqlite3.sqlite_version_info >= (3, 35)
        self._checkpointer: WalCheckpointer | None = None
        self._reopen: Any = None  # PostgreSQL: where a fresh connection comes from
        if self._sqlite and path and path != ":memory:":
            # One small transaction per answer: checkpoint the WAL from a background
            # thread instead of inside an answer's commit (see wal_checkpoint.py). The
            # connection's own automatic checkpoint stays as a backstop at ~100 MB.
            self._checkpointer = WalCheckpointer(path)
            connection.execute(f"PRAGMA wal_autocheckpoint = {_BACKSTOP_CHECKPOINT_PAGES}")

    @classmethod
    def open(cls, collection: Collection) -> Self:
        """A store on a pooled connection of ``collection`` (its pragmas already applied)."""
        raw = collection.engine.raw_connection()
        dialect = collection.engine.dialect.name
        path = collection.engine.url.database if dialect == "sqlite" else None
        store = cls(raw.driver_connection, dialect, on_close=_give_back(raw), path=path)
        if dialect != "sqlite":
            store._reopen = collection.engine.raw_connection
        return store

    @classmethod
    def open_sqlite(cls, path: Path) -> Self | None:
        """A store on its own ``sqlite3`` connection to an existing, up-to-date collection
        file, with the same settings as ``trainer.store.db`` (WAL, busy timeout, foreign
        keys). None when the file is missing or its schema is not the newest: the caller
        then opens the collection the full way, which creates or migrates it."""
        if not path.is_file():
            return None
        conn = sqlite3.connect(
            str(path),
            isolation_level=None,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # a front end may grade in a worker thread
        )
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None or row[0] != head_revision():
            conn.close()
            return None
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA journal_mode = WAL")  # a no-op: the store created it in WAL
        return cls(conn, "sqlite", on_close=conn.close, path=str(path))

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
        if self._sqlite and self._on_close is not None:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                self._conn.execute("PRAGMA wal_autocheckpoint = 1000")
            except sqlite3.Error:
                pass  # another writer holds the database: its own checkpoints will do
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    # ------------------------------------------------------------------ plumbing
    def _sql(self, statement: str) -> str:
        return in_paramstyle(statement, "qmark" if self._sqlite else "format")

    def _reconnected(self) -> bool:
        """PostgreSQL: replace a connection the server dropped (a restart while the
        learner was thinking) with a fresh one, once; False when it is not dropped."""
        if self._reopen is None or not (
            getattr(self._conn, "broken", False) or getattr(self._conn, "closed", False)
        ):
            return False
        raw = self._reopen()  # server still down: its error, one line at the CLI
        if self._on_close is not None:
            self._on_close()
        self._conn, self._on_close = raw.driver_connection, _give_back(raw)
        return True

    def _rows(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._rows_once(statement, params)
        except Exception:
            if not self._reconnected():  # a read is always safe to run again
                raise
            return self._rows_once(statement, params)

    def _rows_once(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self._conn.cursor()
        try:
            cursor.execute(self._sql(statement), tuple(params))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not self._sqlite:
            self._conn.rollback()  # end the implicit read transaction
        return rows

    @contextmanager
    def _write(self) -> Iterator[Any]:
        if self._reopen is not None:
            self._alive()
        cursor = self._conn.cursor()
        try:
            if self._sqlite:
                self._begin_immediate(cursor)
            yield cursor
            if self._sqlite:
                cursor.execute("COMMIT")
            else:
                self._conn.commit()
        except BaseException:
            if self._sqlite:
                if self._conn.in_transaction:
                    cursor.execute("ROLLBACK")
            else:
                self._conn.rollback()
            raise
        finally:
            cursor.close()

    def _alive(self) -> None:
        """PostgreSQL: before a write sends anything, make sure the connection still
        works (one round trip), reconnecting once if the server dropped it. Safe: no
        statement of the write has gone out. A connection lost later in the write is
        not retried (its commit may or may not have happened): that is the one-line
        error, and the review was not acknowledged."""
        try:
            self._conn.execute("SELECT 1")
        except Exception:
            if not self._reconnected():
                raise

    def _begin_immediate(self, cursor: Any) -> None:
        """Take the write lock, waiting out the busy timeout; still locked after that:
        a clear error, never a traceback (reliability fix, see docs/reliability.md)."""
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if "locked" not in message and "busy" not in message:
                raise
            raise CollectionError(
                f"the collection is locked by another program (waited "
                f"{_BUSY_TIMEOUT_MS // 1000} s); close it and try again"
            ) from exc

    def _exec(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> None:
        cursor.execute(self._sql(statement), tuple(params))
