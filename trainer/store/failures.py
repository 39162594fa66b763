"""What a database failure means for the learner, as one line (never a traceback).

The commands and the CLI may not import the drivers or SQLAlchemy (see pyproject's
import contracts), so the CLI hands any exception that escapes a command to
``as_user_error``; a failure of the world (a damaged file, a full disk, a lost
PostgreSQL server) comes back as a ``CollectionError`` whose message says what happened,
that every review already shown as stored is kept (each review is committed before its
verdict is shown) and the way on. Anything else returns None and stays a bug with its
traceback.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from trainer.errors import CollectionError, masked_url

_DAMAGED = ("malformed", "file is not a database", "not a database", "database corrupt")
_FULL = ("database or disk is full", "disk is full", "no space left")
_KEPT = "reviews already shown as stored are kept"


class DiskFullError(CollectionError):
    """The disk (or SQLite's size limit) is full: the write was rolled back whole."""


class ConnectionLostError(CollectionError):
    """The database server went away or cannot be reached."""


def as_user_error(exc: BaseException, where: str) -> CollectionError | None:
    """``exc`` as a one-line ``CollectionError`` about the collection at ``where`` (a
    file path or URL; a password in it is masked), or None when it is not a failure of
    the database, the disk or the connection."""
    where = masked_url(where)
    for cause in _chain(exc):
        if isinstance(cause, CollectionError):
            return cause
        if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
            target = f" writing {cause.filename}" if cause.filename else ""
            return DiskFullError(f"no space left on the device{target}; {_KEPT}")
        if isinstance(cause, sqlite3.Error):
            return _sqlite_error(cause, where)
        if _is_psycopg(cause):
            return _server_error(cause, where)
    return None


def _sqlite_error(exc: sqlite3.Error, where: str) -> CollectionError | None:
    message = str(exc).lower()
    path = where.removeprefix("sqlite:///")
    if any(mark in message for mark in _FULL) or getattr(exc, "sqlite_errorcode", 0) == 13:
        return DiskFullError(
            f"the disk is full: cannot write to the collection {path} (the last change was "
            f"rolled back whole; {_KEPT}); free some space and run it again"
        )
    if any(mark in message for mark in _DAMAGED):
        from trainer.store.integrity import damaged

        return damaged(Path(path), str(exc))
    if "locked" in message or "busy" in message:
        return CollectionError(
            f"the collection {path} is locked by another program; close it and try again"
        )
    if "disk i/o error" in message:
        return CollectionError(f"the collection {path} cannot be read or written: disk I/O error")
    if "unable to open" in message:
        return CollectionError(f"cannot open the collection {path}: {exc}")
    if "readonly" in message or "read-only" in message:
        return CollectionError(f"the collection {path} is read-only: {exc}")
    return None


def _server_error(exc: BaseException, where: str) -> CollectionError | None:
    psycopg = sys.modules["psycopg"]
    if not isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return None
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if str(getattr(exc, "sqlstate", "") or "").startswith("53"):  # disk full, out of memory
        return DiskFullError(
            f"the database server of the collection {where} is out of resources ({reason}); "
            f"the last change was rolled back whole; {_KEPT}"
        )
    return ConnectionLostError(
        f"the database server of the collection {where} cannot be reached or went away "
        f"({reason}); {_KEPT}; start the server and run it again"
    )


def _is_psycopg(exc: BaseException) -> bool:
    module = sys.modules.get("psycopg")
    return module is not None and isinstance(exc, module.Error)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the DBAPI error SQLAlchemy wraps, and its causes and contexts."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        for nxt in (orig, current.__cause__, current.__context__):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
