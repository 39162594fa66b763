"""SQL written once with ``?`` placeholders, run on any driver's own paramstyle.

The store's bulk paths speak to the DBAPI cursor directly (no SQLAlchemy per-row work):
sqlite3 takes ``?`` (qmark), psycopg ``%s`` (format/pyformat). Stdlib only, so the drill's
plain-sqlite3 fast path can use it without loading SQLAlchemy.
"""

from __future__ import annotations


def in_paramstyle(statement: str, paramstyle: str) -> str:
    """``statement`` with its ``?`` placeholders in the driver's ``paramstyle``."""
    if paramstyle == "qmark":
        return statement
    if paramstyle in ("format", "pyformat"):
        return statement.replace("?", "%s")
    raise NotImplementedError(f"SQL paramstyle {paramstyle!r} is not supported")
