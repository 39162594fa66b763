"""Engines and sessions: the one place an Engine is configured (``opening`` opens one).

SQLite opens in WAL mode with a busy timeout and foreign keys on. Write transactions
start with ``BEGIN IMMEDIATE`` so two processes queue for the write lock (and wait out
the busy timeout) instead of failing a read-to-write upgrade with "database is locked".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from trainer.domain import Identity
from trainer.errors import CollectionError, masked_url

BUSY_TIMEOUT_MS = 10_000
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """Build an engine for a SQLAlchemy URL, with trainer's connection settings."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise CollectionError(f"--db: not a database URL: {masked_url(url)!r}") from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(url, parsed.database)
        return create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise CollectionError(f"--db: unsupported database in {masked_url(url)!r}") from exc
    except ModuleNotFoundError as exc:
        hint = " (install trainer[postgres])" if "psycopg" in str(exc) else ""
        raise CollectionError(
            f"--db: the driver for {masked_url(url)!r} is not installed{hint}"
        ) from exc


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        path = Path(database)
        if path.parent and not path.parent.exists():
            raise CollectionError(f"--db: folder {path.parent} does not exist")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN, so it can be IMMEDIATE for writers.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a committed transaction survives a process crash; only an OS
            # crash or power loss can roll back the very last commits.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("sqlite_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


# An arbitrary, fixed key: every trainer process takes the same advisory lock.
_WRITER_LOCK_KEY = 0x7472_6169_6E65_72  # "trainer"


def serialize_writers(conn: Connection) -> None:
    """Make the caller's transaction the only collection-wide writer until it ends.

    For check-then-write work that two processes may start at once (creating the schema,
    importing the bundled decks on a first open). SQLite's write transactions begin
    IMMEDIATE, which already serialises them; PostgreSQL takes a transaction-scoped
    advisory lock, released at commit or rollback.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITER_LOCK_KEY})


class Collection:
    """An open collection: an engine plus a session factory. Built once per process."""

    def __init__(self, engine: Engine, identity: Identity | None = None) -> None:
        self.engine = engine
        # Whose collection this is: a class learner, the class admin, or the only user.
        self.identity = identity or Identity("single", "", "")
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_write=True) if is_sqlite(engine) else engine
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session_scope(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed if the block finishes, rolled back if it raises."""
        factory = self._write_sessions if write else self._read_sessions
        session = factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def run_write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a write transaction; a collection still locked by another
        program after the busy timeout is a clear ``CollectionError``.

        Each try already waits out SQLite's busy timeout for the lock; a quick "locked"
        (which the timeout does not cover) is retried until that same timeout is spent,
        so the learner never waits longer than it in all.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.05
        while True:
            try:
                with self.session_scope(write=True) as session:
                    return work(session)
            except OperationalError as exc:
                if not _is_locked(exc):
                    raise
                if time.monotonic() + delay >= deadline:
                    raise CollectionError(locked_message(self.url)) from exc
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the collection-wide writer lock across several transactions.

        For a check-then-write job made of several transactions that two processes may
        start at once (importing the bundled decks on a first open): the second waits,
        then should check again. On PostgreSQL a session-level advisory lock on its own
        connection; on SQLite each write transaction is already IMMEDIATE, so nothing more.
        """
        if is_sqlite(self.engine):
            yield
            return
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _WRITER_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _WRITER_LOCK_KEY})
                conn.commit()

    def close(self) -> None:
        self.engine.dispose()


def locked_message(url: str) -> str:
    seconds = BUSY_TIMEOUT_MS // 1000
    return (
        f"the collection {url} is locked by another program (waited {seconds} s); "
        "close it and try again"
    )


def _is_locked(exc: OperationalError) -> bool:
    message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in message or "busy" in message


def first_line(error: object) -> str:
    """The first line of a driver error (its message without the SQL and the hints)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def integrity_ok(engine: Engine) -> bool:
    """SQLite's own integrity check (always true for other databases)."""
    if not is_sqlite(engine):
        return True
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
